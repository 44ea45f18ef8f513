#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "server/authentication.hpp"
#include "server/server_config.hpp"

typedef struct ssl_ctx_st SSL_CTX;

namespace stockroom {

class Database;
class Session;

struct ServerOptions {
  ServerConfig config;
};

// The PostgreSQL wire protocol server (`stockroom serve`): listens on config.listen:port,
// one thread per connection, at most config.max_connections sessions (more are refused
// with 53300 after their startup packet, like PostgreSQL). Statements run on the database's
// shared worker pool. Thread-safe.
class Server {
 public:
  Server(Database& db, ServerOptions options);
  ~Server();  // Stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens (port 0: any free port, see port()) and starts accepting. Throws
  // SqlError: 08000 when the address cannot be bound, F0000 for a bad TLS certificate or key.
  void Start();
  // The port it listens on.
  int port() const { return port_; }
  // Stops accepting, ends every session (FATAL 57P01 to its client) and waits for them.
  void Stop();
  // Sessions connected now (including those still starting).
  int session_count() const;

 private:
  void AcceptLoop();
  void RunSession(std::shared_ptr<Session> session);
  void CancelSession(int32_t process_id, int32_t secret_key);

  Database& db_;
  ServerOptions options_;
  SSL_CTX* tls_ = nullptr;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread accept_thread_;

  mutable std::mutex sessions_mutex_;
  std::condition_variable sessions_done_;
  std::map<int32_t, std::shared_ptr<Session>> sessions_;  // by process id
  int32_t next_process_id_ = 1000;
};

}  // namespace stockroom
