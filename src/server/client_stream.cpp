#include "server/client_stream.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace stockroom {

ClientStream::ClientStream(int fd) : fd_(fd) {}

ClientStream::~ClientStream() {
  if (ssl_) {
    SSL_shutdown(ssl_);
    SSL_free(ssl_);
  }
  if (fd_ >= 0) ::close(fd_);
}

void ClientStream::Shutdown() {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

bool ClientStream::WaitReadable() {
  if (ssl_ && SSL_pending(ssl_) > 0) return true;
  while (true) {
    int timeout_ms = -1;
    if (deadline_ != std::chrono::steady_clock::time_point::max()) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      timeout_ms = static_cast<int>(std::min<int64_t>(left.count(), 1 << 30));
    }
    pollfd p{fd_, POLLIN, 0};
    int rc = ::poll(&p, 1, timeout_ms);
    if (rc > 0) return true;
    if (rc == 0) return false;
    if (errno != EINTR) throw ClientGone(std::string("poll: ") + std::strerror(errno));
  }
}

void ClientStream::Fill() {
  begin_ = end_ = 0;
  while (true) {
    if (!WaitReadable()) throw ClientGone("timeout");
    if (ssl_) {
      int n = SSL_read(ssl_, buffer_, sizeof(buffer_));
      if (n > 0) {
        end_ = n;
        return;
      }
      int err = SSL_get_error(ssl_, n);
      if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) continue;
      throw ClientGone("TLS connection closed");
    }
    ssize_t n = ::recv(fd_, buffer_, sizeof(buffer_), 0);
    if (n > 0) {
      end_ = n;
      return;
    }
    if (n < 0 && errno == EINTR) continue;
    throw ClientGone(n == 0 ? "end of file" : std::strerror(errno));
  }
}

void ClientStream::ReadExact(char* out, size_t size) {
  while (size > 0) {
    if (begin_ == end_) Fill();
    size_t n = std::min(size, end_ - begin_);
    std::memcpy(out, buffer_ + begin_, n);
    begin_ += n;
    out += n;
    size -= n;
  }
}

void ClientStream::Write(std::string_view bytes) {
  while (!bytes.empty()) {
    if (ssl_) {
      int n = SSL_write(ssl_, bytes.data(), static_cast<int>(std::min<size_t>(bytes.size(), 1 << 30)));
      if (n <= 0) {
        int err = SSL_get_error(ssl_, n);
        if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) continue;
        throw ClientGone("TLS write failed");
      }
      bytes.remove_prefix(n);
      continue;
    }
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw ClientGone(std::string("send: ") + std::strerror(errno));
    }
    bytes.remove_prefix(n);
  }
}

void ClientStream::StartTls(SSL_CTX* context) {
  ssl_ = SSL_new(context);
  if (!ssl_ || SSL_set_fd(ssl_, fd_) != 1) throw ClientGone("could not create TLS session");
  while (true) {
    int rc = SSL_accept(ssl_);
    if (rc == 1) return;
    int err = SSL_get_error(ssl_, rc);
    if ((err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) && WaitReadable()) continue;
    char reason[256] = "";
    ERR_error_string_n(ERR_get_error(), reason, sizeof(reason));
    ERR_clear_error();
    throw ClientGone(std::string("could not accept TLS connection: ") + reason);
  }
}

void MemoryClientStream::Fill() {
  if (read_ >= input_.size()) throw ClientGone("end of file");
  size_t n = std::min(sizeof(buffer_), input_.size() - read_);
  std::memcpy(buffer_, input_.data() + read_, n);
  read_ += n;
  begin_ = 0;
  end_ = n;
}

}  // namespace stockroom
