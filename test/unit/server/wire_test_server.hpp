#pragma once

// An in-process `stockroom serve` for the wire protocol tests: an in-memory database, the
// server on a free port (bound to port 0), roles made with CREATE ROLE, and libpq helpers.
#include <libpq-fe.h>

#include <map>
#include <memory>
#include <string>

#include "main/connection.hpp"
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
  explicit WireTestServer(ServerConfig config) {
    config.listen = "127.0.0.1";
    config.port = 0;
    db_ = std::make_unique<Database>(DatabaseConfig{});
    CreateRoles(*db_);
    ServerOptions options;
    options.config = std::move(config);
    server_ = std::make_unique<Server>(*db_, std::move(options));
    server_->Start();
  }
  ~WireTestServer() {
    server_.reset();
    db_.reset();
  }

  // The logins, made as a user would: alice, a superuser with the SCRAM password
  // "wonderland"; bob, md5 password "builder" (given in its stored form, as pg_dumpall
  // writes it); carol without a password; dave, who may not log in.
  static void CreateRoles(Database& db) {
    Connection connection(db);
    connection.Query("CREATE ROLE alice LOGIN SUPERUSER PASSWORD 'wonderland'");
    connection.Query("CREATE ROLE bob LOGIN PASSWORD '" + Md5PasswordHash("builder", "bob") + "'");
    connection.Query("CREATE ROLE carol LOGIN");
    connection.Query("CREATE ROLE dave NOLOGIN PASSWORD 'x'");
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
