#pragma once

#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "server/authentication.hpp"
#include "server/client_stream.hpp"
#include "server/message_channel.hpp"
#include "server/server_config.hpp"

typedef struct ssl_ctx_st SSL_CTX;

namespace stockroom {

class Connection;
class Database;
class ExtendedQuery;
class Session;
class WireCopyStreams;

// What every session shares: the database, the configuration and the server's registry
// (for CancelRequest).
struct SessionServices {
  Database* db = nullptr;
  const ServerConfig* config = nullptr;
  SSL_CTX* tls = nullptr;  // null when TLS is off
  // Cancels the running statement of the session with this BackendKeyData (thread-safe).
  std::function<void(int32_t process_id, int32_t secret_key)> cancel;
};

// One client connection from the first byte to the last: SSL/GSS negotiation, the startup
// packet (or a CancelRequest), authentication, then the message loop (simple query, COPY,
// Terminate). Run() is the connection's thread; Cancel and Terminate come from others.
class Session {
 public:
  Session(const SessionServices& services, int fd, const sockaddr_storage& peer, int32_t process_id,
          int32_t secret_key, bool over_connection_limit);
  // A session over another transport (the protocol fuzzer's MemoryClientStream).
  Session(const SessionServices& services, std::unique_ptr<ClientStream> stream, const sockaddr_storage& peer,
          int32_t process_id, int32_t secret_key, bool over_connection_limit);
  ~Session();

  // Serves the client until it leaves or the session is terminated; never throws.
  void Run();
  // Cancels the running statement if `secret_key` is this session's (CancelRequest).
  void Cancel(int32_t secret_key);
  // Ends the session from another thread (server shutdown): FATAL 57P01 to the client.
  void Terminate();
  int32_t process_id() const { return process_id_; }

 private:
  // Returns false when the packet was a CancelRequest (the connection then just closes).
  bool Startup();
  void Authenticate();
  void ApplyStartupSettings();
  void MessageLoop();
  void SimpleQuery(const std::string& sql);
  // Sends ParameterStatus for each reported setting whose value changed.
  void ReportChangedParameters();
  void SendFatal(const SqlError& error);
  std::string PeerAddress() const;
  // Reads the client's response to an authentication request; type 'p' expected.
  std::string ReadPasswordMessage();
  [[noreturn]] void FailPassword(const std::string& why);

  SessionServices services_;
  sockaddr_storage peer_;
  int32_t process_id_;
  int32_t secret_key_;
  bool over_connection_limit_;
  std::unique_ptr<ClientStream> stream_;
  MessageChannel channel_;
  std::unique_ptr<WireCopyStreams> copy_;
  std::unique_ptr<ExtendedQuery> extended_;

  std::string user_;
  std::string database_;
  std::vector<std::pair<std::string, std::string>> startup_settings_;
  bool superuser_ = false;
  std::string client_encoding_ = "UTF8";
  std::vector<std::pair<std::string, std::string>> reported_;

  std::mutex connection_mutex_;  // guards connection_ for Cancel
  std::unique_ptr<Connection> connection_;
  std::atomic<bool> terminating_{false};
  std::atomic<bool> statement_timed_out_{false};
};

}  // namespace stockroom
