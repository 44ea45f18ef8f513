#include "ingest/external/postgres/postgres_connection.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <memory>
#include <regex>

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

// The server's error as "message (detail)", or the connection's message when the failure
// was on the client side.
[[noreturn]] void Fail(PGconn* connection, const PGresult* result) {
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  if (!primary) throw PostgresError(Trimmed(PQerrorMessage(connection)), "");
  std::string message = primary;
  if (const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL)) message += " (" + std::string(detail) + ")";
  const char* sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  throw PostgresError(message, sqlstate ? sqlstate : "");
}

void IgnoreNotice(void*, const char*) {}

}  // namespace

PostgresConnection::PostgresConnection(const std::string& url) {
  // The URL's own settings come first, so ours (what the comparison with the embedded engine
  // relies on) win over an `options` parameter in it.
  const char* keywords[] = {"dbname", "client_encoding", "options", "application_name", nullptr};
  const char* values[] = {url.c_str(), "UTF8",
                          "-c DateStyle=ISO,MDY -c IntervalStyle=postgres -c extra_float_digits=1",
                          "stockroom pipeline", nullptr};
  connection_ = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (!connection_ || PQstatus(connection_) != CONNECTION_OK) {
    std::string message = connection_ ? Trimmed(PQerrorMessage(connection_)) : "out of memory";
    if (connection_) PQfinish(connection_);
    connection_ = nullptr;
    throw PostgresError("cannot connect to " + RedactPostgresUrl(url) + ": " + message, "08001");
  }
  PQsetNoticeProcessor(connection_, IgnoreNotice, nullptr);
}

PostgresConnection::~PostgresConnection() {
  if (connection_) PQfinish(connection_);
}

void PostgresConnection::Execute(const std::string& sql) { Query(sql); }

PostgresRows PostgresConnection::Query(const std::string& sql) {
  // PQexec keeps only the last result of a multi-statement string and stops at the first
  // failing statement, whose error that last result carries.
  ResultPtr result(PQexec(connection_, sql.c_str()));
  ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) Fail(connection_, result.get());
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

void PostgresConnection::CopyIn(const std::string& sql) {
  ResultPtr result(PQexec(connection_, sql.c_str()));
  if (PQresultStatus(result.get()) != PGRES_COPY_IN) Fail(connection_, result.get());
}

void PostgresConnection::CopyData(const std::string& data) {
  if (data.empty()) return;
  if (PQputCopyData(connection_, data.data(), static_cast<int>(data.size())) != 1) Fail(connection_, nullptr);
}

int64_t PostgresConnection::CopyEnd() {
  if (PQputCopyEnd(connection_, nullptr) != 1) Fail(connection_, nullptr);
  ResultPtr result(PQgetResult(connection_));
  // Drain what follows, so the connection is ready for the next statement.
  while (PGresult* extra = PQgetResult(connection_)) PQclear(extra);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) Fail(connection_, result.get());
  return std::strtoll(PQcmdTuples(result.get()), nullptr, 10);
}

std::string RedactPostgresUrl(const std::string& url) {
  static const std::regex kUriPassword(R"(^([a-zA-Z][a-zA-Z0-9+.-]*://[^:@/?#]*):[^@/?#]*@)");
  static const std::regex kKeywordPassword(R"((^|[\s?&])password\s*=\s*('([^'\\]|\\.)*'|[^\s&]*))");
  std::string out = std::regex_replace(url, kUriPassword, "$1:***@");
  return std::regex_replace(out, kKeywordPassword, "$1password=***");
}

}  // namespace stockroom
