#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

typedef struct pg_conn PGconn;

namespace stockroom {

// A statement or connection that a PostgreSQL server refused: the server's message (with
// its DETAIL when there is one) and SQLSTATE ("" when the failure was on the client side).
class PostgresError : public std::runtime_error {
 public:
  PostgresError(const std::string& message, std::string sqlstate)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

// A query's rows in PostgreSQL's text output form; NULL as nullopt.
struct PostgresRows {
  std::vector<std::string> names;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

// One libpq connection to a PostgreSQL-protocol server, for the pipeline's PostgreSQL
// target: statements, text-form queries and COPY FROM STDIN. Owns the connection; not
// thread-safe (one per thread). Failures throw PostgresError; a message never contains
// the URL's password.
class PostgresConnection {
 public:
  // Connects to `url` (postgresql://user[:password]@host[:port]/db?... or a libpq keyword
  // string), with client_encoding UTF8, DateStyle ISO and IntervalStyle postgres so that
  // values print as Stockroom prints them.
  explicit PostgresConnection(const std::string& url);
  ~PostgresConnection();
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  // Runs one or more statements (simple query protocol); throws on the first error.
  void Execute(const std::string& sql);
  // Runs `sql` and returns the rows of its last statement.
  PostgresRows Query(const std::string& sql);
  // Starts `COPY ... FROM STDIN`; CopyData sends bytes of its input, CopyEnd finishes it
  // and returns the rows the server stored (an error in the data throws there).
  void CopyIn(const std::string& sql);
  void CopyData(const std::string& data);
  int64_t CopyEnd();

 private:
  PGconn* connection_ = nullptr;
};

// `url` with its password replaced by "***" (URI user:password@ or keyword password=),
// for messages.
std::string RedactPostgresUrl(const std::string& url);

}  // namespace stockroom
