#include "bench/serve/benchmark_servers.hpp"

#include <libpq-fe.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "bench/common/bench_options.hpp"
#include "bench/common/postgres_client.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"

namespace bench {

namespace {

using Clock = std::chrono::steady_clock;

bool Exists(const std::string& path) { return std::filesystem::exists(path); }

void Touch(const std::string& path, const std::string& content) { std::ofstream(path) << content; }

std::string ReadMarker(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Stockroom's physical design for the mix, as a Redshift user gives a date-filtered
// dashboard: each fact table sorted by the date its charts filter on, so that zone maps
// read one month's row groups (PostgreSQL gets its B-tree indexes instead). The marker
// beside a loaded database holds this text, so a database loaded with another layout is
// loaded again.
constexpr const char* kStockroomLayout =
    "ALTER TABLE lineitem ALTER SORTKEY (l_shipdate);\n"
    "ALTER TABLE orders ALTER SORTKEY (o_orderdate);\n";

// Loads TPC-H into a durable Stockroom database in this process, then checkpoints so the
// server starts from segment files rather than replaying the log.
void LoadStockroom(const std::string& db_dir, const std::string& schema_sql, const std::string& data_dir) {
  std::filesystem::remove_all(db_dir);
  auto start = Clock::now();
  stockroom::DatabaseConfig config;
  config.path = db_dir;
  stockroom::Database db(config);
  stockroom::Connection con(db);
  con.Query(schema_sql);
  con.Query(kStockroomLayout);
  for (const char* t : kTpchTables) {
    con.Query(std::string("COPY ") + t + " FROM '" + data_dir + "/" + t + ".tbl' WITH (FORMAT csv, DELIMITER '|')");
  }
  con.Query("ANALYZE");
  con.Query("CHECKPOINT");
  std::printf("stockroom: TPC-H loaded into %s in %.1f s\n", db_dir.c_str(), SecondsSince(start));
}

bool CanConnect(const std::string& conninfo) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  bool ok = PQstatus(conn) == CONNECTION_OK;
  PQfinish(conn);
  return ok;
}

}  // namespace

void StockroomServer::Start(const std::string& stockroom_binary, const std::string& db_dir,
                            const std::string& schema_sql, const std::string& data_dir, int port,
                            const std::string& result_cache) {
  if (ReadMarker(db_dir + ".loaded") != kStockroomLayout) {
    LoadStockroom(db_dir, schema_sql, data_dir);
    Touch(db_dir + ".loaded", kStockroomLayout);
  }
  std::string config = db_dir + ".serve.yaml";
  std::ofstream(config) << "listen: 127.0.0.1\nport: " << port
                        << "\nmax_connections: 120\nauth:\n  - {type: host, address: all, method: trust}\n";
  auto start = Clock::now();
  pid_ = fork();
  if (pid_ < 0) {
    std::perror("serve_bench: fork");
    std::exit(2);
  }
  if (pid_ == 0) {
    // A session of its own, as a daemon and PostgreSQL's postmaster have: Linux's
    // autogroup scheduling otherwise shares one CPU share between the server and the 50
    // client threads of this process, while PostgreSQL gets a share of its own.
    setsid();
    std::string cache_option = "--result-cache=" + result_cache;
    std::vector<const char*> args = {stockroom_binary.c_str(), "serve", "--db", db_dir.c_str(), "--config",
                                     config.c_str()};
    if (!result_cache.empty()) args.push_back(cache_option.c_str());
    args.push_back(nullptr);
    execv(stockroom_binary.c_str(), const_cast<char* const*>(args.data()));
    std::perror("serve_bench: exec stockroom");
    _exit(127);
  }
  conninfo_ = "host=127.0.0.1 port=" + std::to_string(port) + " user=stockroom dbname=stockroom sslmode=disable";
  while (!CanConnect(conninfo_)) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      std::fprintf(stderr, "serve_bench: stockroom serve exited (status %d)\n", status);
      std::exit(2);
    }
    if (SecondsSince(start) > 600) {
      std::fprintf(stderr, "serve_bench: stockroom serve did not accept connections in 10 minutes\n");
      Stop();
      std::exit(2);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::printf("stockroom: serving %s on port %d (up in %.1f s)\n", db_dir.c_str(), port, SecondsSince(start));
}

void StockroomServer::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = 0;
}

void PostgresServer::Start(const std::string& dir, int port, const std::string& schema_sql,
                           const std::string& indexes_sql, const std::string& data_dir) {
  dir_ = dir;
  port_ = port;
  PostgresClient pg;
  if (!pg.Start(dir, port, "-c max_connections=120")) {
    std::fprintf(stderr, "serve_bench: could not start PostgreSQL\n");
    std::exit(2);
  }
  if (!Exists(dir + ".loaded")) {
    auto start = Clock::now();
    pg.Exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    pg.Exec(schema_sql);
    for (const char* t : kTpchTables) pg.CopyFile(t, data_dir + "/" + t + ".tbl");
    pg.Exec(indexes_sql);
    pg.Exec("VACUUM ANALYZE");
    Touch(dir + ".loaded", "loaded\n");
    std::printf("postgres: TPC-H loaded with indexes in %.1f s\n", SecondsSince(start));
  }
  conninfo_ = ReadFile(dir + "/conninfo");
  conninfo_.erase(conninfo_.find_last_not_of("\n") + 1);
}

int PostgresServer::pid() const {
  // The postmaster is the parent of this connection's backend.
  PGconn* conn = PQconnectdb(conninfo_.c_str());
  PGresult* r = PQexec(conn, "SELECT pg_backend_pid()");
  int backend = PQresultStatus(r) == PGRES_TUPLES_OK ? std::atoi(PQgetvalue(r, 0, 0)) : 0;
  PQclear(r);
  PQfinish(conn);
  std::ifstream in("/proc/" + std::to_string(backend) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t close = text.rfind(')');
  if (backend == 0 || close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string state;
  int ppid = 0;
  fields >> state >> ppid;
  return ppid;
}

void PostgresServer::Stop() {
  std::system(("scripts/pg_test_server.sh stop " + dir_ + " " + std::to_string(port_) + " >/dev/null").c_str());
}

}  // namespace bench
