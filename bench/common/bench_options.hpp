#pragma once

#include <chrono>
#include <string>
#include <vector>

// The command line and the TPC-H data the benchmarks share.
namespace bench {

// TPC-H's tables in load order.
extern const char* const kTpchTables[8];

struct Options {
  double sf = 1;
  int runs = 5;
  std::string shared = "../shared";
  std::string work = "build/bench";
  bool pg = true;
  int pg_runs = -1;  // PostgreSQL's runs where a bench runs both engines (-1: as many as runs)
  int PgRuns() const { return pg_runs < 0 ? runs : pg_runs; }
  std::string markdown;
  std::vector<int> queries;  // tpch_bench --queries 1,6,18
};

// Parses [--sf N] [--runs N] [--pg-runs N] [--shared DIR] [--work DIR] [--no-pg] [--markdown FILE] (and
// --queries when `with_queries`) over `defaults`; prints the usage of `program` and exits 2
// on anything else.
Options ParseOptions(int argc, char** argv, const char* program, Options defaults, bool with_queries = false);

// Seconds from `start` until now.
inline double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The median of `values` (0 for none).
double Median(std::vector<double> values);

// Makes the TPC-H files of scale factor options.sf under options.work (replicating the
// shared SF 0.1 files; kept between runs) and returns their directory.
std::string PrepareTpchData(const Options& options);

}  // namespace bench
