#pragma once

#include <string>
#include <vector>

#include "bench/serve/dashboard_mix.hpp"

// Drives one server with many libpq clients running the dashboard mix, and measures.
namespace bench {

struct LoadOptions {
  int clients = 50;        // connections that query, one thread each, back to back
  int idle_clients = 50;   // connections held open without querying (100 open in all)
  double seconds = 60;     // measured time
  double warmup_seconds = 10;  // run before measuring, not counted
  unsigned seed = 42;
};

// Latencies (seconds) of the statements of one kind that started and ended within the
// measured window, and how many failed.
struct KindStats {
  std::vector<double> latencies;
  long errors = 0;
  std::string first_error;
};

struct LoadResult {
  std::vector<KindStats> kinds;  // by DashboardMix() index
  double measured_seconds = 0;
  double cpu_seconds = 0;        // the server process's CPU time in the window (0: unknown)
  long Queries() const;
  long Errors() const;
};

// Opens the connections to `conninfo`, runs the mix for warm-up + measured time and
// returns what was measured. `server_pid` (0: none) is the process whose CPU time is read
// from /proc. Exits with a message when a connection cannot be opened.
LoadResult RunLoad(const std::string& conninfo, const MixDomain& domain, const LoadOptions& options,
                   int server_pid);

// The p-th percentile (0..100) by nearest rank; 0 for none.
double Percentile(std::vector<double> values, double p);

}  // namespace bench
