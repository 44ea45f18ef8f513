#pragma once

#include <string>

// The two servers the serving benchmark measures, each over its own copy of TPC-H: a
// `stockroom serve` process over a durable Stockroom database, and a private PostgreSQL 15
// with the indexes of ../shared/data/tpch/postgres-indexes.sql. Both keep their loaded
// data under the work directory between runs.
namespace bench {

class StockroomServer {
 public:
  // Creates `db_dir` from the TPC-H files in `data_dir` unless an earlier run finished
  // loading it (a `<db_dir>.loaded` marker), then starts `stockroom_binary serve` on `port`
  // (trusting local logins, room for 100+ connections), with `result_cache` as its
  // --result-cache size unless empty. Exits on failure.
  void Start(const std::string& stockroom_binary, const std::string& db_dir, const std::string& schema_sql,
             const std::string& data_dir, int port, const std::string& result_cache);
  void Stop();
  std::string conninfo() const { return conninfo_; }
  int pid() const { return pid_; }

 private:
  int pid_ = 0;
  std::string conninfo_;
};

class PostgresServer {
 public:
  // Starts PostgreSQL 15 in `dir` on `port` (scripts/pg_test_server.sh, tuned as bench/tpch
  // tunes it, max_connections 120) and loads TPC-H from `data_dir` with the indexes unless
  // an earlier run finished loading it. Exits on failure.
  void Start(const std::string& dir, int port, const std::string& schema_sql, const std::string& indexes_sql,
             const std::string& data_dir);
  void Stop();
  std::string conninfo() const { return conninfo_; }
  int pid() const;  // the postmaster's

 private:
  std::string dir_;
  int port_ = 0;
  std::string conninfo_;
};

}  // namespace bench
