#include "bench/serve/client_load.hpp"

#include <dirent.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace bench {

namespace {

using Clock = std::chrono::steady_clock;

PGconn* Connect(const std::string& conninfo) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::fprintf(stderr, "serve_bench: cannot connect (%s): %s\n", conninfo.c_str(), PQerrorMessage(conn));
    std::exit(2);
  }
  return conn;
}

// CPU seconds (user + system) of process `root` and its child processes (PostgreSQL's
// backends are children of the postmaster), read from /proc.
double ProcessTreeCpuSeconds(int root) {
  double ticks = 0;
  DIR* proc = opendir("/proc");
  if (!proc) return 0;
  while (dirent* entry = readdir(proc)) {
    int pid = std::atoi(entry->d_name);
    if (pid <= 0) continue;
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t close = text.rfind(')');  // the command name may hold spaces
    if (close == std::string::npos) continue;
    std::istringstream fields(text.substr(close + 2));
    std::string state;
    long ppid = 0, skip = 0, utime = 0, stime = 0;
    fields >> state >> ppid;
    for (int i = 0; i < 9; i++) fields >> skip;  // pgrp .. cmajflt
    fields >> utime >> stime;
    if (pid == root || ppid == root) ticks += utime + stime;
  }
  closedir(proc);
  return ticks / sysconf(_SC_CLK_TCK);
}

struct ClientResult {
  std::vector<KindStats> kinds;
};

void RunClient(PGconn* conn, const MixDomain& domain, unsigned seed, Clock::time_point measure_from,
               Clock::time_point stop_at, ClientResult* out) {
  const auto& mix = DashboardMix();
  out->kinds.resize(mix.size());
  std::mt19937_64 rng(seed);
  while (Clock::now() < stop_at) {
    size_t k = PickKind(rng);
    std::vector<std::string> values = mix[k].parameters(domain, rng);
    std::vector<const char*> pointers;
    for (auto& v : values) pointers.push_back(v.c_str());
    auto start = Clock::now();
    // Unnamed statement: Parse, Bind, Describe, Execute, Sync, as drivers send a
    // parameterized query; text parameters, text results.
    PGresult* r = PQexecParams(conn, mix[k].sql.c_str(), static_cast<int>(pointers.size()), nullptr,
                               pointers.data(), nullptr, nullptr, 0);
    auto end = Clock::now();
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    if (start >= measure_from && end <= stop_at) {
      KindStats& stats = out->kinds[k];
      if (ok) {
        stats.latencies.push_back(std::chrono::duration<double>(end - start).count());
      } else {
        if (stats.errors++ == 0) stats.first_error = PQresultErrorMessage(r);
      }
    }
    PQclear(r);
  }
}

}  // namespace

long LoadResult::Queries() const {
  long n = 0;
  for (auto& k : kinds) n += static_cast<long>(k.latencies.size());
  return n;
}

long LoadResult::Errors() const {
  long n = 0;
  for (auto& k : kinds) n += k.errors;
  return n;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100 * values.size()));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

LoadResult RunLoad(const std::string& conninfo, const MixDomain& domain, const LoadOptions& options,
                   int server_pid) {
  std::vector<PGconn*> idle, active;
  for (int i = 0; i < options.idle_clients; i++) idle.push_back(Connect(conninfo));
  for (int i = 0; i < options.clients; i++) active.push_back(Connect(conninfo));

  auto measure_from = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                         std::chrono::duration<double>(options.warmup_seconds));
  auto stop_at = measure_from + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));
  std::vector<ClientResult> results(active.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < active.size(); i++) {
    threads.emplace_back(RunClient, active[i], std::cref(domain), options.seed + static_cast<unsigned>(i),
                         measure_from, stop_at, &results[i]);
  }
  std::this_thread::sleep_until(measure_from);
  double cpu_from = server_pid ? ProcessTreeCpuSeconds(server_pid) : 0;
  std::this_thread::sleep_until(stop_at);
  double cpu_to = server_pid ? ProcessTreeCpuSeconds(server_pid) : 0;
  for (auto& t : threads) t.join();
  for (PGconn* c : active) PQfinish(c);
  for (PGconn* c : idle) PQfinish(c);

  LoadResult load;
  load.kinds.resize(DashboardMix().size());
  load.measured_seconds = options.seconds;
  load.cpu_seconds = cpu_to - cpu_from;
  for (auto& client : results) {
    for (size_t k = 0; k < client.kinds.size(); k++) {
      auto& from = client.kinds[k];
      auto& to = load.kinds[k];
      to.latencies.insert(to.latencies.end(), from.latencies.begin(), from.latencies.end());
      if (to.errors == 0 && from.errors) to.first_error = from.first_error;
      to.errors += from.errors;
    }
  }
  return load;
}

}  // namespace bench
