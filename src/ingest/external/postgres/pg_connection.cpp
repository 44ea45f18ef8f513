#include "ingest/external/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "common/error/exception.hpp"
#include "ingest/external/database_source.hpp"

namespace stockroom {

namespace {

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string TrimmedMessage(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

std::string Abbreviate(const std::string& sql) { return sql.size() > 200 ? sql.substr(0, 200) + "..." : sql; }

}  // namespace

PgConnection::PgConnection(const std::string& url) : redacted_url_(RedactDatabaseUrl(url)) {
  connection_ = PQconnectdb(url.c_str());
  if (connection_ == nullptr || PQstatus(connection_) != CONNECTION_OK) {
    std::string message = connection_ ? TrimmedMessage(PQerrorMessage(connection_)) : "out of memory";
    if (connection_) PQfinish(connection_);
    connection_ = nullptr;
    throw SqlError(ErrorCode::kSqlClientUnableToEstablishConnection,
                   "could not connect to PostgreSQL source \"" + redacted_url_ + "\": " + message);
  }
  // Notices (DROP ... IF EXISTS skipping) are not errors and have no reader here.
  PQsetNoticeProcessor(connection_, [](void*, const char*) {}, nullptr);
}

PgConnection::~PgConnection() {
  if (connection_) PQfinish(connection_);
}

void PgConnection::Fail(const std::string& what, const PGresult* result) const {
  // The server's own words (without libpq's "ERROR:" prefix), and its detail when it has one.
  std::string message = result ? TrimmedMessage(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)) : "";
  if (!message.empty() && result && PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL)) {
    message += " (" + TrimmedMessage(PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL)) + ")";
  }
  if (message.empty()) message = TrimmedMessage(PQerrorMessage(connection_));
  const char* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  SqlError error(ErrorCode::kFdwError, "PostgreSQL source \"" + redacted_url_ + "\": " + message);
  error.WithContext(what + (sqlstate ? std::string(" (SQLSTATE ") + sqlstate + ")" : ""));
  throw error;
}

void PgConnection::CheckCommand(PGresult* result, const std::string& sql) {
  ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) Fail(Abbreviate(sql), result);
}

void PgConnection::Execute(const std::string& sql) {
  ResultPtr result(PQexec(connection_, sql.c_str()));
  CheckCommand(result.get(), sql);
}

PgConnection::Rows PgConnection::Query(const std::string& sql, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  for (const auto& param : params) values.push_back(param.c_str());
  ResultPtr result(PQexecParams(connection_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                nullptr, nullptr, 0));
  CheckCommand(result.get(), sql);
  Rows rows;
  int count = PQntuples(result.get()), fields = PQnfields(result.get());
  for (int row = 0; row < count; row++) {
    rows.values.emplace_back();
    rows.nulls.emplace_back();
    for (int field = 0; field < fields; field++) {
      bool null = PQgetisnull(result.get(), row, field);
      rows.nulls.back().push_back(null);
      rows.values.back().push_back(null ? "" : PQgetvalue(result.get(), row, field));
    }
  }
  return rows;
}

uint64_t PgConnection::CopyOut(const std::string& sql, std::FILE* out, const std::string& out_path) {
  ResultPtr start(PQexec(connection_, sql.c_str()));
  if (PQresultStatus(start.get()) != PGRES_COPY_OUT) Fail(Abbreviate(sql), start.get());
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
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) Fail(Abbreviate(sql), result.get());
  while (PGresult* extra = PQgetResult(connection_)) PQclear(extra);
  if (write_failed) {
    throw SqlError(ErrorCode::kIoError,
                   "could not write to file \"" + out_path + "\": " + std::strerror(write_errno));
  }
  return std::strtoull(PQcmdTuples(result.get()), nullptr, 10);
}

void PgConnection::CopyIn(const std::string& sql) {
  ResultPtr start(PQexec(connection_, sql.c_str()));
  if (PQresultStatus(start.get()) != PGRES_COPY_IN) Fail(Abbreviate(sql), start.get());
}

void PgConnection::CopyData(const std::string& data) {
  if (data.empty()) return;
  if (PQputCopyData(connection_, data.data(), static_cast<int>(data.size())) != 1) Fail("COPY FROM STDIN", nullptr);
}

uint64_t PgConnection::CopyEnd() {
  if (PQputCopyEnd(connection_, nullptr) != 1) Fail("COPY FROM STDIN", nullptr);
  ResultPtr result(PQgetResult(connection_));
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) Fail("COPY FROM STDIN", result.get());
  while (PGresult* extra = PQgetResult(connection_)) PQclear(extra);
  return std::strtoull(PQcmdTuples(result.get()), nullptr, 10);
}

std::string PgConnection::QuoteIdentifier(const std::string& name) const {
  char* quoted = PQescapeIdentifier(connection_, name.data(), name.size());
  if (quoted == nullptr) Fail("quoting identifier", nullptr);
  std::string text = quoted;
  PQfreemem(quoted);
  return text;
}

std::string PgConnection::QuoteLiteral(const std::string& value) const {
  char* quoted = PQescapeLiteral(connection_, value.data(), value.size());
  if (quoted == nullptr) Fail("quoting literal", nullptr);
  std::string text = quoted;
  PQfreemem(quoted);
  return text;
}

}  // namespace stockroom
