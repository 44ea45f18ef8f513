#pragma once

#include <libpq-fe.h>

#include <string>
#include <vector>

// What the benchmarks share: a private PostgreSQL 15 server to compare against, and file
// reading. Benchmarks exit with a message on any failure.
namespace bench {

// Reads a whole file; exits if it cannot.
std::string ReadFile(const std::string& path);

// A private PostgreSQL 15 server (scripts/pg_test_server.sh, port 55433 unless told)
// tuned as ../shared/data/tpch/anchors.md describes, and one connection to it.
class PostgresClient {
 public:
  // `extra_options` are more server options (`-c name=value ...`).
  bool Start(const std::string& dir, int port = 55433, const std::string& extra_options = "");
  void Stop();
  void Exec(const std::string& sql, ExecStatusType expected = PGRES_COMMAND_OK);
  // COPY table FROM STDIN with `options`, streaming the file from this process.
  void CopyFile(const std::string& table, const std::string& path,
                const std::string& options = "FORMAT csv, DELIMITER '|'");
  std::vector<std::vector<std::string>> Query(const std::string& sql);

 private:
  std::string dir_;
  int port_ = 55433;
  PGconn* conn_ = nullptr;
};

}  // namespace bench
