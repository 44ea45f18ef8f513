#pragma once

#include <map>
#include <string>

#include "engine.hpp"

typedef struct pg_conn PGconn;

namespace stockroom {

// Runs records on a real PostgreSQL server through libpq, in a database of its own that it
// creates (from template0, UTF8, C collation, so text orders by bytes as in Stockroom) and
// drops again. The session runs with TimeZone UTC, DateStyle ISO and extra_float_digits 1,
// Stockroom's defaults.
class PostgresEngine : public Engine {
 public:
  // Connects with `conninfo` (libpq syntax) and creates `database`. Throws
  // std::runtime_error with libpq's message when the server is unreachable.
  PostgresEngine(const std::string& conninfo, const std::string& database);
  ~PostgresEngine() override;
  QueryOutcome Run(const std::string& sql) override;

 private:
  std::string TypeName(unsigned int oid);

  std::string conninfo_;
  std::string database_;
  PGconn* admin_ = nullptr;
  PGconn* connection_ = nullptr;
  std::map<unsigned int, std::string> type_names_;
};

}  // namespace stockroom
