#pragma once

#include <string>
#include <vector>

typedef struct st_mysql MYSQL;

namespace stockroom {

struct MysqlUrl;

// One libmariadb connection to a source MySQL or MariaDB database, utf8mb4. Every failure
// throws SqlError naming the database by its URL with the password hidden: 08001 when
// connecting fails, HV000 with the server's message (and its error number) for a failed
// statement. Not thread-safe.
class MysqlConnection {
 public:
  // Connects to `url` (mysql://user:password@host[:port]/database[?socket=path]); with
  // `create_database`, creates the URL's database when it does not exist.
  explicit MysqlConnection(const std::string& url, bool create_database = false);
  ~MysqlConnection();
  MysqlConnection(const MysqlConnection&) = delete;
  MysqlConnection& operator=(const MysqlConnection&) = delete;

  // Runs `sql`, discarding any result.
  void Execute(const std::string& sql);
  // Runs `sql` and returns its single row's first value (`*null` tells NULL).
  std::string QueryValue(const std::string& sql, bool* null);
  // Returns `value` as a quoted string literal.
  std::string QuoteLiteral(const std::string& value) const;
  static std::string QuoteIdentifier(const std::string& name);

  MYSQL* handle() { return mysql_; }
  [[noreturn]] void Fail(const std::string& what) const;
  const std::string& redacted_url() const { return redacted_url_; }
  const std::string& database() const { return database_; }

 private:
  MYSQL* mysql_ = nullptr;
  std::string redacted_url_;
  std::string database_;
};

}  // namespace stockroom
