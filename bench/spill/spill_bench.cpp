// Spill benchmark: a 50-million-row table (per --sf) in a data directory, aggregated, joined
// and sorted with a 2 GB memory_limit for the whole database (table data paged in and out of
// the buffer pool, operators spilling to temporary files), beside the same queries without a
// limit (in memory) and on PostgreSQL 15 with work_mem = 2GB. Prints what each operator
// spilled (EXPLAIN ANALYZE), the medians of N runs, and the process's peak resident memory
// while the queries ran, as a markdown table.
//
//   spill_bench [--sf 1] [--runs 3] [--work build/bench] [--no-pg] [--markdown FILE]
//
// --sf N makes N x 50 million rows. Not a test: run it by hand (make bench-spill).
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "bench/common/bench_options.hpp"
#include "bench/common/postgres_client.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "storage/buffer_pool.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Query {
  const char* name;
  const char* op;  // the operator whose EXPLAIN ANALYZE line says it spilled
  std::string sql;
};

// Current resident set of this process, in GB.
double RssGb() {
  std::ifstream in("/proc/self/statm");
  long pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * 4096.0 / (1u << 30);
}

// The largest resident set of this process while `run` runs (sampled every 20 ms), in GB.
double PeakRssDuring(const std::function<void()>& run) {
  std::atomic<bool> done{false};
  double peak = RssGb();
  std::thread sampler([&] {
    while (!done.load()) {
      peak = std::max(peak, RssGb());
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  run();
  done = true;
  sampler.join();
  return std::max(peak, RssGb());
}

std::string Text(stockroom::Connection& con, const std::string& sql) {
  auto result = con.Query(sql);
  std::string out;
  for (stockroom::idx_t r = 0; r < result->RowCount(); r++) {
    for (stockroom::idx_t c = 0; c < result->names.size(); c++) out += (c ? "|" : "") + result->GetText(c, r);
    out += "\n";
  }
  return out;
}

// The "[spilled ...]" note of `op`'s line in EXPLAIN ANALYZE, or "no spill".
std::string SpillNote(stockroom::Connection& con, const Query& q) {
  std::string plan = Text(con, "EXPLAIN ANALYZE " + q.sql);
  size_t line = plan.find(q.op);
  size_t at = line == std::string::npos ? line : plan.find("[spilled", line);
  if (at == std::string::npos || at > plan.find('\n', line)) return "no spill";
  return plan.substr(at + 1, plan.find(']', at) - at - 1);
}

// Runs `run` `runs` times, adding each run's seconds to `times`; returns the last result.
std::string TimeRuns(int runs, std::vector<double>& times, const std::function<std::string()>& run) {
  std::string result;
  for (int i = 0; i < runs; i++) {
    auto start = Clock::now();
    result = run();
    times.push_back(bench::SecondsSince(start));
  }
  return result;
}

std::string PgText(bench::PostgresClient& pg, const std::string& sql) {
  std::string out;
  for (auto& row : pg.Query(sql)) {
    for (size_t c = 0; c < row.size(); c++) out += (c ? "|" : "") + row[c];
    out += "\n";
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  bench::Options defaults;
  defaults.runs = 3;
  bench::Options opt = bench::ParseOptions(argc, argv, "spill_bench", defaults);
  long long rows = static_cast<long long>(opt.sf * 50'000'000);
  const std::string limit = "2GB";
  const uint64_t limit_bytes = 2ull << 30;
  std::string create =
      "CREATE TABLE t AS SELECT i::bigint AS id, (i::bigint * 7919) % 10000000 AS customer_id, "
      "((i::bigint * 31) % 100000) * 0.01 AS amount FROM generate_series(1, " +
      std::to_string(rows) + ") i";
  std::vector<Query> queries = {
      {"aggregate", "HASH_GROUP_BY",
       "SELECT count(*), sum(n), sum(total) FROM (SELECT id / 2 AS pair, count(*) AS n, sum(amount) AS total "
       "FROM t GROUP BY 1) x"},
      {"join", "HASH_JOIN",
       "SELECT count(*), sum(a.amount - b.amount) FROM t a JOIN t b ON a.id = b.id + 1"},
      {"sort", "ORDER_BY", "SELECT id, amount FROM t ORDER BY amount DESC, id OFFSET " + std::to_string(rows - 3)},
  };

  std::string dir = opt.work + "/spill-db";
  std::filesystem::remove_all(dir);
  stockroom::DatabaseConfig config{dir};
  config.memory_limit = limit_bytes;  // the buffer pool's and, by default, each query's
  stockroom::Database db(config);
  stockroom::Connection con(db);
  auto start = Clock::now();
  con.Query(create);
  con.Query("CHECKPOINT");  // the rows in segment files: the table pages
  double create_s = bench::SecondsSince(start);
  malloc_trim(0);  // what building the table freed goes back to the system
  double table_gb = RssGb();
  std::printf("%lld rows in %.1f s, resident %.2f GB\n", rows, create_s, table_gb);

  struct Figures {
    std::string spill;
    std::vector<double> limited, unlimited, pg;
    std::string result;
    bool pg_same = true;
  };
  std::vector<Figures> figures(queries.size());
  double limited_peak_gb = PeakRssDuring([&] {
    for (size_t q = 0; q < queries.size(); q++) {
      figures[q].spill = SpillNote(con, queries[q]);
      figures[q].result = TimeRuns(opt.runs, figures[q].limited, [&] { return Text(con, queries[q].sql); });
      std::printf("%s under %s: %.1f s [%s]\n", queries[q].name, limit.c_str(), bench::Median(figures[q].limited),
                  figures[q].spill.c_str());
    }
  });
  uint64_t pool_reads = db.buffer_pool()->reads();
  uint64_t unlimited = stockroom::DefaultMemoryLimit();
  db.buffer_pool()->set_limit(unlimited);
  con.Query("SET memory_limit = '" + stockroom::FormatBytes(unlimited) + "'");
  bool differs = false;
  double unlimited_peak_gb = PeakRssDuring([&] {
    for (size_t q = 0; q < queries.size() && !differs; q++) {
      std::string result = TimeRuns(opt.runs, figures[q].unlimited, [&] { return Text(con, queries[q].sql); });
      if (result != figures[q].result) {
        std::fprintf(stderr, "%s: the result in memory differs from the spilled one:\n%s\nvs\n%s\n",
                     queries[q].name, result.c_str(), figures[q].result.c_str());
        differs = true;
      }
    }
  });
  if (differs) return 1;

  if (opt.pg) {
    bench::PostgresClient pg;
    if (pg.Start(opt.work + "/pg-spill")) {
      pg.Exec("DROP TABLE IF EXISTS t");  // left by an interrupted run
      pg.Exec(create);
      pg.Exec("ANALYZE t");
      pg.Exec("SET work_mem = '" + limit + "'");
      pg.Exec("SET hash_mem_multiplier = 1");
      for (size_t q = 0; q < queries.size(); q++) {
        std::string result = TimeRuns(opt.runs, figures[q].pg, [&] { return PgText(pg, queries[q].sql); });
        figures[q].pg_same = result == figures[q].result;
      }
      pg.Stop();
    } else {
      opt.pg = false;
    }
  }

  std::string md;
  char line[1024];
  std::snprintf(line, sizeof(line),
                "%lld rows (id bigint, customer_id bigint, amount numeric) in a data directory, made and "
                "checkpointed in %.1f s; %d runs (medians), 2 cores. Resident after the load: %.2f GB. Peak "
                "resident memory of the process while the queries ran: %.2f GB with memory_limit = %s (table "
                "columns read back from segment files %llu times), %.2f GB with no limit.\n\n",
                rows, create_s, opt.runs, table_gb, limited_peak_gb, limit.c_str(),
                static_cast<unsigned long long>(pool_reads), unlimited_peak_gb);
  md += line;
  md += "| query | Stockroom, memory_limit = " + limit + " | what spilled | Stockroom, no limit |" +
        (opt.pg ? " PostgreSQL 15, work_mem = " + limit + " | ratio |" : "") + "\n";
  md += std::string("|---|---:|---|---:|") + (opt.pg ? "---:|---:|" : "") + "\n";
  for (size_t q = 0; q < queries.size(); q++) {
    double s = bench::Median(figures[q].limited);
    std::snprintf(line, sizeof(line), "| %s: `%s` | %.2f s | %s | %.2f s |", queries[q].name, queries[q].sql.c_str(), s,
                  figures[q].spill.c_str(), bench::Median(figures[q].unlimited));
    md += line;
    if (opt.pg) {
      double p = bench::Median(figures[q].pg);
      std::snprintf(line, sizeof(line), " %.2f s%s | %.1fx |", p, figures[q].pg_same ? "" : " (different result!)",
                    p / s);
      md += line;
    }
    md += "\n";
  }
  std::printf("\n%s", md.c_str());
  if (!opt.markdown.empty()) std::ofstream(opt.markdown) << md;
  return 0;
}
