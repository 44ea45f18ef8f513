#include "bench/common/postgres_client.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

namespace bench {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "bench: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool PostgresClient::Start(const std::string& dir, int port, const std::string& extra_options) {
  dir_ = dir;
  port_ = port;
  std::string cmd = "PG_EXTRA_OPTS=\"-c shared_buffers=4GB -c work_mem=256MB -c max_parallel_workers_per_gather=2 "
                    "-c max_worker_processes=8 -c max_parallel_workers=8 -c effective_cache_size=16GB " +
                    extra_options + "\" scripts/pg_test_server.sh start " + dir + " " + std::to_string(port);
  if (std::system(cmd.c_str()) != 0) return false;
  std::string conninfo = ReadFile(dir + "/conninfo");
  conninfo.erase(conninfo.find_last_not_of("\n") + 1);
  conn_ = PQconnectdb(conninfo.c_str());
  return PQstatus(conn_) == CONNECTION_OK;
}

void PostgresClient::Stop() {
  if (conn_) PQfinish(conn_);
  std::system(("scripts/pg_test_server.sh stop " + dir_ + " " + std::to_string(port_) + " >/dev/null").c_str());
}

void PostgresClient::Exec(const std::string& sql, ExecStatusType expected) {
  PGresult* r = PQexec(conn_, sql.c_str());
  auto status = PQresultStatus(r);
  if (status != expected && status != PGRES_TUPLES_OK) {
    std::fprintf(stderr, "postgres: %s: %s\n%s\n", PQresStatus(status), PQerrorMessage(conn_), sql.c_str());
    std::exit(2);
  }
  PQclear(r);
}

void PostgresClient::CopyFile(const std::string& table, const std::string& path, const std::string& options) {
  Exec("COPY " + table + " FROM STDIN WITH (" + options + ")", PGRES_COPY_IN);
  std::ifstream in(path, std::ios::binary);
  std::vector<char> buffer(1 << 20);
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
    PQputCopyData(conn_, buffer.data(), static_cast<int>(in.gcount()));
  }
  PQputCopyEnd(conn_, nullptr);
  PGresult* r = PQgetResult(conn_);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    std::fprintf(stderr, "postgres COPY %s: %s\n", table.c_str(), PQerrorMessage(conn_));
    std::exit(2);
  }
  PQclear(r);
}

std::vector<std::vector<std::string>> PostgresClient::Query(const std::string& sql) {
  PGresult* r = PQexec(conn_, sql.c_str());
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    std::fprintf(stderr, "postgres: %s\n", PQerrorMessage(conn_));
    std::exit(2);
  }
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < PQntuples(r); i++) {
    std::vector<std::string> row;
    for (int c = 0; c < PQnfields(r); c++) row.push_back(PQgetisnull(r, i, c) ? "NULL" : PQgetvalue(r, i, c));
    rows.push_back(std::move(row));
  }
  PQclear(r);
  return rows;
}

}  // namespace bench
