#include "ingest/external/postgres/postgres_connection.hpp"

#include <libpq-fe.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "ingest/external/database_source.hpp"

namespace stockroom {

namespace {

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string Trimmed(const char* text) {
  std::string out = text ? text : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string Abbreviate(const std::string& sql) { return sql.size() > 200 ? sql.substr(0, 200) + "..." : sql; }

void IgnoreNotice(void*, const char*) {}

}  // namespace

PostgresConnection::PostgresConnection(const std::string& url) : redacted_url_(RedactDatabaseUrl(url)) {
  // The URL's own settings come first, so ours (what the comparison with the embedded engine
  // and the extracts' text rely on) win over an `options` parameter in it.
  const char* keywords[] = {"dbname", "client_encoding", "options", "application_name", nullptr};
  const char* values[] = {url.c_str(), "UTF8",
                          "-c DateStyle=ISO,MDY -c IntervalStyle=postgres -c extra_float_digits=1", "stockroom",
                          nullptr};
  connection_ = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (!connection_ || PQstatus(connection_) != CONNECTION_OK) {
    std::string message = connection_ ? Trimmed(PQerrorMessage(connection_)) : "out of memory";
    if (connection_) PQfinish(connection_);
    connection_ = nullptr;
    throw PostgresError(ErrorCode::kSqlClientUnableToEstablishConnection, redacted_url_, message, "");
  }
  PQsetNoticeProcessor(connection_, IgnoreNotice, nullptr);
}

PostgresConnection::~PostgresConnection() {
  if (connection_) PQfinish(connection_);
}

void PostgresConnection::Fail(const PGresult* result, const std::string& sql) const {
  // The server's own words (without libpq's "ERROR:" prefix) and its detail, or the
  // connection's message when the failure was on the client side.
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message = primary ? Trimmed(primary) : Trimmed(PQerrorMessage(connection_));
  if (const char* detail = primary ? PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL) : nullptr) {
    message += " (" + Trimmed(detail) + ")";
  }
  const char* sqlstate = primary ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  PostgresError error(ErrorCode::kFdwError, redacted_url_, message, sqlstate ? sqlstate : "");
  error.WithContext(Abbreviate(sql));
  throw error;
}

void PostgresConnection::Execute(const std::string& sql) {
  // PQexec keeps only the last result of a multi-statement string and stops at the first
  // failing statement, whose error that last result carries.
  ResultPtr result(PQexec(connection_, sql.c_str()));
  ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) Fail(result.get(), sql);
}

PostgresRows PostgresConnection::Query(const std::string& sql, const std::vector<std::string>& params) {
  ResultPtr result;
  if (params.empty()) {
    result.reset(PQexec(connection_, sql.c_str()));
  } else {
    std::vector<const char*> values;
    for (const auto& param : params) values.push_back(param.c_str());
    result.reset(PQexecParams(connection_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                              nullptr, nullptr, 0));
  }
  ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) Fail(result.get(), sql);
  PostgresRows rows;
  int fields = PQnfields(result.get());
  for (int c = 0; c < fields; c++) rows.names.push_back(PQfname(result.get(), c));
  int count = PQntuples(result.get());
  rows.rows.reserve(count);
  for (int r = 0; r < count; r++) {
    std::vector<std::optional<std::string>> row;
    row.reserve(fields);
    for (int c = 0; c < fields; c++) {
      if (PQgetisnull(result.get(), r, c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(PQgetvalue(result.get(), r, c), PQgetlength(result.get(), r, c)));
      }
    }
    rows.rows.push_back(std::move(row));
  }
  return rows;
}

uint64_t PostgresConnection::CopyOut(const std::string& sql, std::FILE* out, const std::string& out_path) {
  ResultPtr start(PQexec(connection_, sql.c_str()));
  if (PQresultStatus(start.get()) != PGRES_COPY_OUT) Fail(start.get(), sql);
  bool write_failed = false;
  int write_errno = 0;
  for (;;) {
    char* data = nullptr;
    int length = PQgetCopyData(connection_, &data, 0);
    if (length < 0) break;  // -1: done; -2: error, reported by the result below
    if (!write_failed && std::fwrite(data, 1, length, out) != static_cast<size_t>(length)) {
      write_failed = true;  // keep draining so the connection stays usable
      write_errno = errno;
    }
    PQfreemem(data);
  }
  ResultPtr result(PQgetResult(connection_));
  while (PGresult* extra = PQgetResult(connection_)) PQclear(extra);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) Fail(result.get(), sql);
  if (write_failed) {
    throw SqlError(ErrorCode::kIoError, "could not write to file \"" + out_path + "\": " + std::strerror(write_errno));
  }
  return std::strtoull(PQcmdTuples(result.get()), nullptr, 10);
}

void PostgresConnection::CopyIn(const std::string& sql) {
  ResultPtr result(PQexec(connection_, sql.c_str()));
  if (PQresultStatus(result.get()) != PGRES_COPY_IN) Fail(result.get(), sql);
}

void PostgresConnection::CopyData(const std::string& data) {
  if (data.empty()) return;
  if (PQputCopyData(connection_, data.data(), static_cast<int>(data.size())) != 1) Fail(nullptr, "COPY FROM STDIN");
}

int64_t PostgresConnection::CopyEnd() {
  if (PQputCopyEnd(connection_, nullptr) != 1) Fail(nullptr, "COPY FROM STDIN");
  ResultPtr result(PQgetResult(connection_));
  // Drain what follows, so the connection is ready for the next statement.
  while (PGresult* extra = PQgetResult(connection_)) PQclear(extra);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) Fail(result.get(), "COPY FROM STDIN");
  return std::strtoll(PQcmdTuples(result.get()), nullptr, 10);
}

std::string PostgresConnection::QuoteIdentifier(const std::string& name) const {
  char* quoted = PQescapeIdentifier(connection_, name.data(), name.size());
  if (quoted == nullptr) Fail(nullptr, "quoting an identifier");
  std::string text = quoted;
  PQfreemem(quoted);
  return text;
}

std::string PostgresConnection::QuoteLiteral(const std::string& value) const {
  char* quoted = PQescapeLiteral(connection_, value.data(), value.size());
  if (quoted == nullptr) Fail(nullptr, "quoting a literal");
  std::string text = quoted;
  PQfreemem(quoted);
  return text;
}

}  // namespace stockroom
