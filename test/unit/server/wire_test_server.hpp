#pragma once

// An in-process `stockroom serve` for the wire protocol tests: an in-memory database, the
// server on a free port (bound to port 0), roles from a map, and libpq helpers.
#include <libpq-fe.h>

#include <map>
#include <memory>
#include <string>

#include "main/database.hpp"
#include "security/password_hash.hpp"
#include "server/server.hpp"

namespace stockroom {

struct PgConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgConn = std::unique_ptr<PGconn, PgConnDeleter>;
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

class WireTestServer {
 public:
  // `config` as the server should run (its port is replaced by a free one).
  explicit WireTestServer(ServerConfig config, std::map<std::string, RoleLogin> roles = DefaultRoles()) {
    config.listen = "127.0.0.1";
    config.port = 0;
    db_ = std::make_unique<Database>(DatabaseConfig{});
    ServerOptions options;
    options.config = std::move(config);
    auto shared_roles = std::make_shared<std::map<std::string, RoleLogin>>(std::move(roles));
    options.lookup = [shared_roles](const std::string& user) -> std::optional<RoleLogin> {
      auto it = shared_roles->find(user);
      if (it == shared_roles->end()) return std::nullopt;
      return it->second;
    };
    server_ = std::make_unique<Server>(*db_, std::move(options));
    server_->Start();
  }
  ~WireTestServer() {
    server_.reset();
    db_.reset();
  }

  // alice: SCRAM password "wonderland"; bob: md5 password "builder"; carol: no password;
  // dave: may not log in.
  static std::map<std::string, RoleLogin> DefaultRoles() {
    std::map<std::string, RoleLogin> roles;
    roles["alice"] = RoleLogin{ScramSha256Verifier("wonderland"), true, true};
    roles["bob"] = RoleLogin{Md5PasswordHash("builder", "bob"), true, false};
    roles["carol"] = RoleLogin{"", true, false};
    roles["dave"] = RoleLogin{ScramSha256Verifier("x"), false, false};
    return roles;
  }

  // A libpq keyword string for this server plus `extra` ("user=alice password=...").
  std::string ConnInfo(const std::string& extra) const {
    return "host=127.0.0.1 port=" + std::to_string(server_->port()) + " dbname=stockroom sslmode=disable " +
           "connect_timeout=10 " + extra;
  }
  PgConn Connect(const std::string& extra) const { return PgConn(PQconnectdb(ConnInfo(extra).c_str())); }

  Server& server() { return *server_; }
  Database& db() { return *db_; }
  int port() const { return server_->port(); }

 private:
  std::unique_ptr<Database> db_;
  std::unique_ptr<Server> server_;
};

// A configuration trusting everyone (for tests not about authentication).
inline ServerConfig TrustConfig() {
  ServerConfig config;
  config.hba = {HbaRule{HbaRule::Type::kHost, "all", "all", "all", AuthMethod::kTrust}};
  return config;
}

}  // namespace stockroom
