#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "common/error/exception.hpp"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace stockroom {

// A PostgreSQL connection or statement that failed. A SqlError, so that the database
// sources report it like their other errors: code 08001 when the connection could not be
// made, HV000 (fdw_error) when the server refused a statement. what() names the database
// by its URL with the password hidden ("PostgreSQL \"postgresql://shop:***@db/shop\": ...");
// server_message() is the server's own words (its DETAIL in parentheses) and
// server_sqlstate() its SQLSTATE ("" for a failure on the client side), for the pipeline's
// PostgreSQL target, which reports statements' errors as the server gives them.
class PostgresError : public SqlError {
 public:
  PostgresError(ErrorCode code, const std::string& redacted_url, std::string server_message,
                std::string server_sqlstate)
      : SqlError(code, (code == ErrorCode::kSqlClientUnableToEstablishConnection ? "could not connect to PostgreSQL \""
                                                                                  : "PostgreSQL \"") +
                           redacted_url + "\": " + server_message),
        server_message_(std::move(server_message)),
        server_sqlstate_(std::move(server_sqlstate)) {}
  const std::string& server_message() const { return server_message_; }
  const std::string& server_sqlstate() const { return server_sqlstate_; }

 private:
  std::string server_message_;
  std::string server_sqlstate_;
};

// A query's rows in PostgreSQL's text output form; NULL as nullopt.
struct PostgresRows {
  std::vector<std::string> names;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

// One libpq connection to a PostgreSQL-protocol server: the pipeline's PostgreSQL target,
// the shop's source database (extracts) and the generator's loader all use it. Statements,
// text-form queries (with parameters), COPY TO STDOUT into a file and COPY FROM STDIN.
// Owns the connection; not thread-safe (one per thread). Failures throw PostgresError.
class PostgresConnection {
 public:
  // Connects to `url` (postgresql://user[:password]@host[:port]/db?... or a libpq keyword
  // string), with client_encoding UTF8, DateStyle ISO, IntervalStyle postgres and
  // extra_float_digits 1, so that values print as Stockroom prints them. Notices are
  // dropped (DROP ... IF EXISTS has no reader).
  explicit PostgresConnection(const std::string& url);
  ~PostgresConnection();
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  // Runs one or more statements (simple query protocol); throws on the first error.
  void Execute(const std::string& sql);
  // Runs `sql` and returns the rows of its last statement. With `params`, `sql` is one
  // statement whose $1, $2, ... are those text values.
  PostgresRows Query(const std::string& sql, const std::vector<std::string>& params = {});
  // Runs a COPY ... TO STDOUT and streams its data to `out` (named `out_path` in messages);
  // returns the rows copied. A write error throws SqlError 58030 after the COPY is drained.
  uint64_t CopyOut(const std::string& sql, std::FILE* out, const std::string& out_path);
  // Starts `COPY ... FROM STDIN`; CopyData sends bytes of its input, CopyEnd finishes it
  // and returns the rows the server stored (an error in the data throws there).
  void CopyIn(const std::string& sql);
  void CopyData(const std::string& data);
  int64_t CopyEnd();

  std::string QuoteIdentifier(const std::string& name) const;
  std::string QuoteLiteral(const std::string& value) const;
  // The URL with its password hidden, as messages show it.
  const std::string& redacted_url() const { return redacted_url_; }

 private:
  // Throws the error of `result` (or of the connection when there is none), with the
  // statement `sql` (abbreviated) as the error's context.
  [[noreturn]] void Fail(const PGresult* result, const std::string& sql) const;

  PGconn* connection_ = nullptr;
  std::string redacted_url_;
};

}  // namespace stockroom
