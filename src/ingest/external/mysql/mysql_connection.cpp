#include "ingest/external/mysql/mysql_connection.hpp"

#include <mysql.h>

#include "common/error/exception.hpp"
#include "ingest/external/database_source.hpp"
#include "ingest/external/database_url.hpp"

namespace stockroom {

MysqlConnection::MysqlConnection(const std::string& url, bool create_database)
    : redacted_url_(RedactDatabaseUrl(url)) {
  MysqlUrl parts = ParseMysqlUrl(url);
  database_ = parts.database;
  mysql_ = mysql_init(nullptr);
  if (mysql_ == nullptr) throw SqlError(ErrorCode::kOutOfMemory, "out of memory connecting to " + redacted_url_);
  mysql_options(mysql_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  const char* host = parts.host.empty() ? "localhost" : parts.host.c_str();
  const char* socket = parts.socket.empty() ? nullptr : parts.socket.c_str();
  // The database is chosen after connecting, so that it can be created first.
  if (mysql_real_connect(mysql_, host, parts.user.c_str(), parts.password.c_str(), nullptr, parts.port, socket, 0) ==
      nullptr) {
    std::string message = mysql_error(mysql_);
    mysql_close(mysql_);
    mysql_ = nullptr;
    throw SqlError(ErrorCode::kSqlClientUnableToEstablishConnection,
                   "could not connect to MySQL source \"" + redacted_url_ + "\": " + message);
  }
  if (database_.empty()) {
    mysql_close(mysql_);
    mysql_ = nullptr;
    throw SqlError(ErrorCode::kInvalidParameterValue, "MySQL URL \"" + redacted_url_ + "\" names no database");
  }
  if (create_database) Execute("CREATE DATABASE IF NOT EXISTS " + QuoteIdentifier(database_));
  if (mysql_select_db(mysql_, database_.c_str()) != 0) Fail("USE " + QuoteIdentifier(database_));
  // Strict: a value the column cannot hold is an error, never a silent truncation.
  Execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'");
}

MysqlConnection::~MysqlConnection() {
  if (mysql_) mysql_close(mysql_);
}

void MysqlConnection::Fail(const std::string& what) const {
  SqlError error(ErrorCode::kFdwError, "MySQL source \"" + redacted_url_ + "\": " + mysql_error(mysql_));
  std::string sql = what.size() > 200 ? what.substr(0, 200) + "..." : what;
  error.WithContext(sql + " (error " + std::to_string(mysql_errno(mysql_)) + ")");
  throw error;
}

void MysqlConnection::Execute(const std::string& sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) Fail(sql);
  if (MYSQL_RES* result = mysql_store_result(mysql_)) mysql_free_result(result);
  if (mysql_errno(mysql_) != 0) Fail(sql);
}

std::string MysqlConnection::QueryValue(const std::string& sql, bool* null) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) Fail(sql);
  MYSQL_RES* result = mysql_store_result(mysql_);
  if (result == nullptr) Fail(sql);
  MYSQL_ROW row = mysql_fetch_row(result);
  std::string value;
  *null = row == nullptr || row[0] == nullptr;
  if (!*null) value.assign(row[0], mysql_fetch_lengths(result)[0]);
  mysql_free_result(result);
  return value;
}

std::string MysqlConnection::QuoteLiteral(const std::string& value) const {
  std::string out(value.size() * 2 + 1, '\0');
  unsigned long length = mysql_real_escape_string(mysql_, out.data(), value.data(), value.size());
  out.resize(length);
  return "'" + out + "'";
}

std::string MysqlConnection::QuoteIdentifier(const std::string& name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

}  // namespace stockroom
