#pragma once

// A database of its own on the private PostgreSQL 15 test server, for every test that needs
// one (the pipeline's PostgreSQL target, the shop's database source). ctest starts the
// server (the pgserver fixture, scripts/pg_test_server.sh) and names the file holding its
// libpq keyword string in $SR_PG_CONNINFO_FILE.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

#include "ingest/external/postgres/postgres_connection.hpp"

namespace stockroom {

// The first line of the file that environment variable `variable` names; "" when the
// variable is not set (a plain unit_tests run, without the servers).
inline std::string TestServerUrl(const char* variable) {
  const char* file = std::getenv(variable);
  if (!file) return "";
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  if (url.empty()) throw std::runtime_error(std::string("no server URL in ") + file);
  return url;
}

// Database `name` (default: a name unique to this process) on the test server, created
// empty (UTF8, C collation, like the server's own) and dropped when the object goes.
// available() is false when there is no server; the caller skips or fails.
class PostgresTestDatabase {
 public:
  explicit PostgresTestDatabase(std::string name = "") : server_(TestServerUrl("SR_PG_CONNINFO_FILE")) {
    if (server_.empty()) return;
    static int counter = 0;
    name_ = name.empty() ? "sr_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) : std::move(name);
    admin_ = std::make_unique<PostgresConnection>(server_);
    admin_->Execute("DROP DATABASE IF EXISTS " + admin_->QuoteIdentifier(name_) + " WITH (FORCE)");
    admin_->Execute("CREATE DATABASE " + admin_->QuoteIdentifier(name_) +
                    " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
  }
  ~PostgresTestDatabase() {
    if (!admin_) return;
    try {
      admin_->Execute("DROP DATABASE IF EXISTS " + admin_->QuoteIdentifier(name_) + " WITH (FORCE)");
    } catch (const std::exception&) {
    }
  }
  PostgresTestDatabase(const PostgresTestDatabase&) = delete;
  PostgresTestDatabase& operator=(const PostgresTestDatabase&) = delete;

  bool available() const { return admin_ != nullptr; }
  // The conninfo of the database (libpq keeps the last dbname of a keyword string).
  std::string url() const { return server_ + " dbname=" + name_; }

 private:
  std::string server_;
  std::string name_;
  std::unique_ptr<PostgresConnection> admin_;
};

}  // namespace stockroom
