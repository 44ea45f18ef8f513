// TPC-H benchmark: loads TPC-H at a scale factor into Stockroom (in process) and into
// PostgreSQL 15 (a private server with primary keys, foreign-key indexes, parallel query),
// runs the 22 queries, and prints per query the median of N runs for both and the ratio,
// checking that both return the same rows. Also reports how busy the cores were during
// Stockroom's runs (process CPU time / wall time; 2.0 means both cores of this machine).
//
//   tpch_bench [--sf 0.1|1|...] [--runs 5] [--shared ../shared] [--work build/bench]
//              [--queries 1,6,18] [--no-pg] [--markdown FILE]
//
// SF 0.1 reads the shared dbgen files; larger factors replicate them (see
// src/ingest/generate/tpch_replicator.hpp). Not a test: run it by hand (make bench-tpch).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/common/bench_options.hpp"
#include "bench/common/postgres_client.hpp"
#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"

namespace {

using Clock = std::chrono::steady_clock;


double CpuSeconds() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

// Canonical text of a result: rows as tab-joined text with numbers to 10 significant
// digits (floating point sums may differ in the last bits), sorted: replicated data has
// many exact ties, which ORDER BY may return in any order.
std::string Canonical(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::string> lines;
  for (auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); c++) {
      std::string v = row[c];
      char* end = nullptr;
      double d = std::strtod(v.c_str(), &end);
      if (!v.empty() && end && *end == '\0' && v.find('.') != std::string::npos) {
        char buf[64];
        std::snprintf(buf, sizeof(buf), "%.10g", d);
        v = buf;
      }
      while (!v.empty() && v.back() == ' ') v.pop_back();  // char(n) padding
      line += (c ? "\t" : "") + v;
    }
    lines.push_back(std::move(line));
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (auto& line : lines) out += line + "\n";
  return out;
}

std::vector<std::vector<std::string>> StockroomRows(stockroom::QueryResult& result) {
  std::vector<std::vector<std::string>> rows;
  for (stockroom::idx_t r = 0; r < result.RowCount(); r++) {
    std::vector<std::string> row;
    for (stockroom::idx_t c = 0; c < result.names.size(); c++) {
      bool is_null = false;
      std::string v = result.GetText(c, r, &is_null);
      row.push_back(is_null ? "NULL" : v);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  bench::Options opt = bench::ParseOptions(argc, argv, "tpch_bench", {}, true);
  if (opt.queries.empty()) {
    for (int q = 1; q <= 22; q++) opt.queries.push_back(q);
  }
  std::string tpch = opt.shared + "/data/tpch";
  std::printf("TPC-H SF %g: data from %s\n", opt.sf, opt.sf == 0.1 ? "dbgen SF 0.1 files" : "SF 0.1 replicated with shifted keys");
  auto t0 = Clock::now();
  std::string data_dir = bench::PrepareTpchData(opt);
  std::printf("data ready in %s (%.1f s)\n", data_dir.c_str(), std::chrono::duration<double>(Clock::now() - t0).count());

  // Stockroom, in process.
  stockroom::Database db;
  stockroom::Connection con(db);
  con.Query(bench::ReadFile(tpch + "/schema.sql"));
  double sr_load = 0;
  for (const char* t : bench::kTpchTables) {
    auto start = Clock::now();
    con.Query(std::string("COPY ") + t + " FROM '" + data_dir + "/" + t + ".tbl' WITH (FORMAT csv, DELIMITER '|')");
    double s = std::chrono::duration<double>(Clock::now() - start).count();
    sr_load += s;
    if (std::string(t) == "lineitem") std::printf("stockroom: lineitem loaded in %.2f s\n", s);
  }
  con.Query("ANALYZE");
  std::printf("stockroom: all tables loaded in %.2f s\n", sr_load);

  bench::PostgresClient pg;
  if (opt.pg) {
    if (!pg.Start(opt.work + "/pg")) {
      std::fprintf(stderr, "tpch_bench: could not start PostgreSQL\n");
      return 2;
    }
    pg.Exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    pg.Exec(bench::ReadFile(tpch + "/schema.sql"));
    auto start = Clock::now();
    for (const char* t : bench::kTpchTables) pg.CopyFile(t, data_dir + "/" + t + ".tbl");
    std::printf("postgres: tables loaded in %.2f s\n", std::chrono::duration<double>(Clock::now() - start).count());
    pg.Exec(bench::ReadFile(tpch + "/postgres-indexes.sql"));
    pg.Exec("SET work_mem = '256MB'; SET max_parallel_workers_per_gather = 2");
  }

  std::string md = "| query | Stockroom (s) | PostgreSQL 15 (s) | ratio | cores busy | same rows |\n|---|---|---|---|---|---|\n";
  std::printf("\n%-6s %12s %12s %9s %11s %s\n", "query", "stockroom_s", "postgres_s", "ratio", "cores_busy", "same");
  double sum_sr = 0, sum_pg = 0;
  int mismatches = 0;
  for (int q : opt.queries) {
    char name[16];
    std::snprintf(name, sizeof(name), "q%02d", q);
    std::string sql = bench::ReadFile(tpch + "/queries/" + name + ".sql");
    std::vector<double> sr_times, busy;
    std::unique_ptr<stockroom::QueryResult> result;
    result = con.Query(sql);  // warm-up
    for (int r = 0; r < opt.runs; r++) {
      double cpu0 = CpuSeconds();
      auto start = Clock::now();
      result = con.Query(sql);
      double wall = std::chrono::duration<double>(Clock::now() - start).count();
      sr_times.push_back(wall);
      busy.push_back((CpuSeconds() - cpu0) / wall);
    }
    double sr = bench::Median(sr_times);
    sum_sr += sr;
    double pg_median = 0;
    std::string same = "-";
    if (opt.pg) {
      auto rows = pg.Query(sql);
      std::vector<double> pg_times;
      for (int r = 0; r < opt.runs; r++) {
        auto start = Clock::now();
        rows = pg.Query(sql);
        pg_times.push_back(std::chrono::duration<double>(Clock::now() - start).count());
      }
      pg_median = bench::Median(pg_times);
      sum_pg += pg_median;
      std::string pg_text = Canonical(rows), sr_text = Canonical(StockroomRows(*result));
      bool equal = pg_text == sr_text;
      same = equal ? "yes" : "NO";
      if (!equal) {
        mismatches++;
        std::fprintf(stderr, "%s differs\nPostgreSQL:\n%.500s\nStockroom:\n%.500s\n", name, pg_text.c_str(),
                     sr_text.c_str());
      }
    }
    double ratio = sr > 0 && opt.pg ? pg_median / sr : 0;
    std::printf("%-6s %12.4f %12.4f %8.1fx %11.2f %s\n", name, sr, pg_median, ratio, bench::Median(busy), same.c_str());
    char line[256];
    std::snprintf(line, sizeof(line), "| %s | %.4f | %.4f | %.1fx | %.2f | %s |\n", name, sr, pg_median, ratio,
                  bench::Median(busy), same.c_str());
    md += line;
  }
  std::printf("%-6s %12.4f %12.4f %8.1fx\n", "sum", sum_sr, sum_pg, sum_sr > 0 ? sum_pg / sum_sr : 0);
  char line[256];
  std::snprintf(line, sizeof(line), "| sum | %.3f | %.3f | %.1fx | | |\n", sum_sr, sum_pg, sum_sr > 0 ? sum_pg / sum_sr : 0);
  md += line;
  if (!opt.markdown.empty()) std::ofstream(opt.markdown) << md;
  if (opt.pg) pg.Stop();
  if (mismatches) {
    std::fprintf(stderr, "tpch_bench: %d queries returned different rows than PostgreSQL\n", mismatches);
    return 1;
  }
  return 0;
}
