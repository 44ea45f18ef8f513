#include "server/server.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "common/error/exception.hpp"
#include "security/password_hash.hpp"
#include "server/session.hpp"
#include "server/tls_context.hpp"

namespace stockroom {

namespace {

// Connections past max_connections still get their startup packet read and a 53300 answer;
// past this many more they are closed at once, so a flood cannot start unbounded threads.
constexpr int kExtraConnections = 20;

int32_t RandomInt32() {
  std::string bytes = RandomBytes(4);
  int32_t value;
  std::memcpy(&value, bytes.data(), 4);
  return value;
}

}  // namespace

Server::Server(Database& db, ServerOptions options) : db_(db), options_(std::move(options)) {}

Server::~Server() {
  Stop();
  if (tls_) SSL_CTX_free(tls_);
}

void Server::Start() {
  // A client that disconnects mid-write must not kill the process (TLS writes use write()).
  std::signal(SIGPIPE, SIG_IGN);
  const ServerConfig& config = options_.config;
  if (config.tls_mode != TlsMode::kOff && !tls_) tls_ = CreateServerTlsContext(config.tls_cert, config.tls_key);

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  std::string host = config.listen == "*" ? "" : config.listen;
  addrinfo* found = nullptr;
  std::string port = std::to_string(config.port);
  if (int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    throw SqlError(ErrorCode::kConnectionException,
                   "could not resolve listen address \"" + config.listen + "\": " + gai_strerror(rc));
  }
  std::string error = "no address";
  for (addrinfo* a = found; a; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      error = std::strerror(errno);
      continue;
    }
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 128) == 0) {
      listen_fd_ = fd;
      break;
    }
    error = std::strerror(errno);
    ::close(fd);
  }
  freeaddrinfo(found);
  if (listen_fd_ < 0) {
    throw SqlError(ErrorCode::kConnectionException,
                   "could not listen on " + config.listen + " port " + port + ": " + error);
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof(bound);
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &length);
  port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(bound).sin6_port
                                            : reinterpret_cast<sockaddr_in&>(bound).sin_port);
  accept_thread_ = std::thread([this] { AcceptLoop(); });
}

void Server::AcceptLoop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    int rc = ::poll(&p, 1, 200);  // wakes to notice Stop()
    if (rc <= 0) continue;
    sockaddr_storage peer{};
    socklen_t length = sizeof(peer);
    int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &length, SOCK_CLOEXEC);
    if (fd < 0) continue;  // the client left already, or out of descriptors for a moment
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));

    std::shared_ptr<Session> session;
    {
      std::lock_guard<std::mutex> lock(sessions_mutex_);
      int count = static_cast<int>(sessions_.size());
      if (count >= options_.config.max_connections + kExtraConnections) {
        ::close(fd);
        continue;
      }
      SessionServices services;
      services.db = &db_;
      services.config = &options_.config;
      services.tls = tls_;
      services.cancel = [this](int32_t pid, int32_t key) { CancelSession(pid, key); };
      int32_t pid = next_process_id_++;
      if (next_process_id_ <= 0) next_process_id_ = 1000;
      session = std::make_shared<Session>(services, fd, peer, pid, RandomInt32(),
                                          count >= options_.config.max_connections);
      sessions_[pid] = session;
    }
    // The thread owns its reference: the session (and its Connection) is destroyed inside
    // RunSession, before Stop() can return and the database go away.
    std::thread([this, session = std::move(session)]() mutable { RunSession(std::move(session)); }).detach();
  }
}

void Server::RunSession(std::shared_ptr<Session> session) {
  session->Run();
  std::lock_guard<std::mutex> lock(sessions_mutex_);
  sessions_.erase(session->process_id());
  session.reset();  // the last reference: the socket closes, the connection ends
  sessions_done_.notify_all();
}

void Server::CancelSession(int32_t process_id, int32_t secret_key) {
  std::shared_ptr<Session> session;
  {
    std::lock_guard<std::mutex> lock(sessions_mutex_);
    auto it = sessions_.find(process_id);
    if (it != sessions_.end()) session = it->second;
  }
  if (session) session->Cancel(secret_key);
}

int Server::session_count() const {
  std::lock_guard<std::mutex> lock(sessions_mutex_);
  return static_cast<int>(sessions_.size());
}

void Server::Stop() {
  if (stopping_.exchange(true)) return;
  if (listen_fd_ >= 0) ::shutdown(listen_fd_, SHUT_RDWR);  // wakes the accept loop's poll
  if (accept_thread_.joinable()) accept_thread_.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  listen_fd_ = -1;
  std::unique_lock<std::mutex> lock(sessions_mutex_);
  for (auto& [pid, session] : sessions_) session->Terminate();
  sessions_done_.wait(lock, [this] { return sessions_.empty(); });
}

}  // namespace stockroom
