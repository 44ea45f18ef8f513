#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace stockroom {

// One libpq connection to a source PostgreSQL database. Every failure throws SqlError
// naming the database by its URL with the password hidden: 08001 when connecting fails,
// HV000 with the server's message for a failed statement. Not thread-safe.
class PgConnection {
 public:
  // Connects to `url` (a libpq connection string or URI).
  explicit PgConnection(const std::string& url);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs `sql` (no result rows expected).
  void Execute(const std::string& sql);
  // Runs `sql` with text parameters $1, $2, ...; returns the rows as text (NULL as
  // `nulls[row][column]`).
  struct Rows {
    std::vector<std::vector<std::string>> values;
    std::vector<std::vector<bool>> nulls;
  };
  Rows Query(const std::string& sql, const std::vector<std::string>& params = {});
  // Runs a COPY ... TO STDOUT and streams its data to `out`; returns the rows copied.
  uint64_t CopyOut(const std::string& sql, std::FILE* out, const std::string& out_path);
  // Starts a COPY ... FROM STDIN; send data with CopyData and finish with CopyEnd, which
  // returns the rows copied.
  void CopyIn(const std::string& sql);
  void CopyData(const std::string& data);
  uint64_t CopyEnd();

  std::string QuoteIdentifier(const std::string& name) const;
  std::string QuoteLiteral(const std::string& value) const;
  const std::string& redacted_url() const { return redacted_url_; }

 private:
  [[noreturn]] void Fail(const std::string& what, const PGresult* result) const;
  void CheckCommand(PGresult* result, const std::string& sql);

  PGconn* connection_ = nullptr;
  std::string redacted_url_;
};

}  // namespace stockroom
