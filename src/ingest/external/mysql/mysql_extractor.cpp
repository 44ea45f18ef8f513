// ExtractMysqlTable: a streamed SELECT (mysql_use_result) written as a landing-format CSV file.

#include <mysql.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "common/error/exception.hpp"
#include "ingest/external/database_source.hpp"
#include "ingest/external/landing_csv.hpp"
#include "ingest/external/mysql/mysql_connection.hpp"

namespace stockroom {

namespace {

class OutputFile {
 public:
  explicit OutputFile(std::string path) : path_(std::move(path)), temporary_(path_ + ".part") {
    file_ = std::fopen(temporary_.c_str(), "wb");
    if (file_ == nullptr) {
      throw SqlError(ErrorCode::kIoError,
                     "could not open file \"" + temporary_ + "\" for writing: " + std::strerror(errno));
    }
  }
  ~OutputFile() {
    if (file_) std::fclose(file_);
    if (!committed_) {
      std::error_code ignored;
      std::filesystem::remove(temporary_, ignored);
    }
  }
  void Write(const std::string& data) {
    if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) Fail();
  }
  // Closes the file and gives it its final name.
  void Commit() {
    int closed = std::fclose(file_);
    file_ = nullptr;
    if (closed != 0) Fail();
    std::filesystem::rename(temporary_, path_);
    committed_ = true;
  }

 private:
  [[noreturn]] void Fail() {
    throw SqlError(ErrorCode::kIoError, "could not write to file \"" + temporary_ + "\": " + std::strerror(errno));
  }
  std::string path_, temporary_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

}  // namespace

ExtractResult ExtractMysqlTable(const std::string& url, const DatabaseSourceTable& table,
                                const std::string& watermark, const std::string& out_file) {
  MysqlConnection connection(url);
  // One snapshot for the watermark query and the rows, so the new watermark is exactly the
  // greatest value of the rows written.
  connection.Execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
  connection.Execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");

  std::string where;
  if (!table.watermark.empty() && !watermark.empty()) {
    where = " WHERE (" + table.watermark + ") > " + connection.QuoteLiteral(watermark);
  }
  ExtractResult result;
  if (!table.watermark.empty()) {
    bool null = false;
    std::string max = connection.QueryValue(
        "SELECT CAST(MAX(" + table.watermark + ") AS CHAR) FROM " + table.source_table + where, &null);
    result.watermark = null ? watermark : max;
  }
  std::string select_list, order_by;
  for (const auto& column : table.columns) {
    select_list += (select_list.empty() ? "" : ", ") + MysqlConnection::QuoteIdentifier(column);
  }
  if (!table.watermark.empty()) order_by = "(" + table.watermark + ")";
  for (const auto& key : table.key_columns) {
    order_by += (order_by.empty() ? "" : ", ") + MysqlConnection::QuoteIdentifier(key);
  }
  std::string query = "SELECT " + select_list + " FROM " + table.source_table + where;
  if (!order_by.empty()) query += " ORDER BY " + order_by;

  OutputFile out(out_file);
  std::string buffer;
  for (size_t i = 0; i < table.columns.size(); i++) AppendCsvField(buffer, table.columns[i], false, i == 0);
  buffer += '\n';

  MYSQL* mysql = connection.handle();
  if (mysql_real_query(mysql, query.data(), query.size()) != 0) connection.Fail(query);
  // Streams the rows: the client holds one row at a time, whatever the table's size.
  MYSQL_RES* rows = mysql_use_result(mysql);
  if (rows == nullptr) connection.Fail(query);
  unsigned fields = mysql_num_fields(rows);
  MYSQL_FIELD* field_info = mysql_fetch_fields(rows);
  try {
    while (MYSQL_ROW row = mysql_fetch_row(rows)) {
      unsigned long* lengths = mysql_fetch_lengths(rows);
      for (unsigned i = 0; i < fields; i++) {
        bool null = row[i] == nullptr;
        std::string_view value = null ? std::string_view() : std::string_view(row[i], lengths[i]);
        // TINYINT(1) is MySQL's BOOLEAN: written true/false like the landing files.
        if (!null && field_info[i].type == MYSQL_TYPE_TINY && field_info[i].length == 1) {
          value = value == "0" ? "false" : "true";
        }
        AppendCsvField(buffer, value, null, i == 0);
      }
      buffer += '\n';
      result.rows++;
      if (buffer.size() >= (1 << 20)) {
        out.Write(buffer);
        buffer.clear();
      }
    }
    if (mysql_errno(mysql) != 0) connection.Fail(query);
  } catch (...) {
    mysql_free_result(rows);
    throw;
  }
  mysql_free_result(rows);
  out.Write(buffer);
  out.Commit();
  connection.Execute("COMMIT");
  return result;
}

}  // namespace stockroom
