#include "postgres_engine.hpp"

#include <libpq-fe.h>

#include <stdexcept>

#include "test_file.hpp"

namespace stockroom {

namespace {

// PostgreSQL's type names (format_type without modifiers) for the types tests use; others
// are asked from the server.
const std::map<unsigned int, std::string>& KnownTypeNames() {
  static const std::map<unsigned int, std::string> names = {
      {16, "boolean"},
      {17, "bytea"},
      {18, "\"char\""},
      {19, "name"},
      {20, "bigint"},
      {21, "smallint"},
      {23, "integer"},
      {25, "text"},
      {26, "oid"},
      {114, "json"},
      {199, "json[]"},
      {700, "real"},
      {701, "double precision"},
      {705, "unknown"},
      {1000, "boolean[]"},
      {1005, "smallint[]"},
      {1007, "integer[]"},
      {1009, "text[]"},
      {1014, "character[]"},
      {1015, "character varying[]"},
      {1016, "bigint[]"},
      {1021, "real[]"},
      {1022, "double precision[]"},
      {1042, "character"},
      {1043, "character varying"},
      {1082, "date"},
      {1083, "time without time zone"},
      {1114, "timestamp without time zone"},
      {1115, "timestamp without time zone[]"},
      {1182, "date[]"},
      {1184, "timestamp with time zone"},
      {1185, "timestamp with time zone[]"},
      {1186, "interval"},
      {1187, "interval[]"},
      {1231, "numeric[]"},
      {1266, "time with time zone"},
      {1700, "numeric"},
      {2950, "uuid"},
      {3802, "jsonb"},
      {3807, "jsonb[]"},
  };
  return names;
}

void IgnoreNotice(void*, const char*) {}

PGconn* Connect(const std::string& conninfo, const std::string& database) {
  const char* keywords[] = {"dbname", "client_encoding", "options", database.empty() ? nullptr : "dbname",
                            nullptr};
  const char* values[] = {
      conninfo.c_str(), "UTF8",
      "-c TimeZone=UTC -c DateStyle=ISO,MDY -c IntervalStyle=postgres -c extra_float_digits=1",
      database.c_str(), nullptr};
  PGconn* connection = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string message = PQerrorMessage(connection);
    PQfinish(connection);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw std::runtime_error("cannot connect to PostgreSQL (" + conninfo + "): " + message);
  }
  PQsetNoticeProcessor(connection, IgnoreNotice, nullptr);
  return connection;
}

std::string QuoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void Exec(PGconn* connection, const std::string& sql) {
  PGresult* result = PQexec(connection, sql.c_str());
  ExecStatusType status = PQresultStatus(result);
  std::string message = PQresultErrorMessage(result);
  PQclear(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error("PostgreSQL: " + sql + ": " + message);
  }
}

}  // namespace

PostgresEngine::PostgresEngine(const std::string& conninfo, const std::string& database)
    : conninfo_(conninfo), database_(database) {
  admin_ = Connect(conninfo, "");
  Exec(admin_, "DROP DATABASE IF EXISTS " + QuoteIdentifier(database) + " WITH (FORCE)");
  Exec(admin_, "CREATE DATABASE " + QuoteIdentifier(database) +
                   " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
  try {
    connection_ = Connect(conninfo, database);
  } catch (...) {
    PQexec(admin_, ("DROP DATABASE IF EXISTS " + QuoteIdentifier(database)).c_str());
    PQfinish(admin_);
    throw;
  }
}

PostgresEngine::~PostgresEngine() {
  if (connection_) PQfinish(connection_);
  if (admin_) {
    PGresult* result =
        PQexec(admin_, ("DROP DATABASE IF EXISTS " + QuoteIdentifier(database_) + " WITH (FORCE)").c_str());
    PQclear(result);
    PQfinish(admin_);
  }
}

std::string PostgresEngine::TypeName(unsigned int oid) {
  const auto& known = KnownTypeNames();
  if (auto it = known.find(oid); it != known.end()) return it->second;
  if (auto it = type_names_.find(oid); it != type_names_.end()) return it->second;
  std::string name = "oid " + std::to_string(oid);
  std::string sql = "SELECT format_type(" + std::to_string(oid) + ", NULL)";
  PGresult* result = PQexec(admin_, sql.c_str());
  if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == 1) name = PQgetvalue(result, 0, 0);
  PQclear(result);
  type_names_[oid] = name;
  return name;
}

QueryOutcome PostgresEngine::Run(const std::string& sql) {
  QueryOutcome outcome;
  PGresult* result = PQexec(connection_, sql.c_str());
  ExecStatusType status = PQresultStatus(result);
  switch (status) {
    case PGRES_EMPTY_QUERY:
    case PGRES_COMMAND_OK:
      outcome.ok = true;
      break;
    case PGRES_TUPLES_OK: {
      outcome.ok = true;
      outcome.has_rows = true;
      int columns = PQnfields(result);
      for (int c = 0; c < columns; c++) outcome.type_names.push_back(TypeName(PQftype(result, c)));
      int rows = PQntuples(result);
      outcome.rows.reserve(rows);
      for (int r = 0; r < rows; r++) {
        std::vector<std::string> row;
        row.reserve(columns);
        for (int c = 0; c < columns; c++) {
          if (PQgetisnull(result, r, c)) {
            row.push_back(EncodeValue(nullptr));
          } else {
            std::string text(PQgetvalue(result, r, c), PQgetlength(result, r, c));
            row.push_back(EncodeValue(&text));
          }
        }
        outcome.rows.push_back(std::move(row));
      }
      break;
    }
    case PGRES_FATAL_ERROR: {
      const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
      const char* message = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
      outcome.sqlstate = state ? state : "XX000";
      outcome.message = message ? message : PQresultErrorMessage(result);
      break;
    }
    default:
      // COPY FROM STDIN / TO STDOUT: end the copy so the connection stays usable.
      if (status == PGRES_COPY_IN)
        PQputCopyEnd(connection_, "COPY FROM STDIN is not supported by sqllogictest");
      if (status == PGRES_COPY_OUT) {
        char* buffer = nullptr;
        while (PQgetCopyData(connection_, &buffer, 0) > 0) PQfreemem(buffer);
      }
      outcome.sqlstate = "0A000";
      outcome.message = "sqllogictest cannot run COPY to or from the client; use a server-side file";
      break;
  }
  PQclear(result);
  while (PGresult* extra = PQgetResult(connection_)) PQclear(extra);
  return outcome;
}

}  // namespace stockroom
