#include "nightly_build.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <vector>

#include "bench/common/postgres_client.hpp"
#include "generate/landing_subset.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "main/query_result.hpp"
#include "pipeline/embedded_warehouse.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/postgres_warehouse.hpp"

namespace ecommerce_bench {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The warehouse's memory_limit: a sixth of the machine's 24 GB, as a retailer's server also
// runs other things (the default is 80% of RAM). Each run reports the process's peak
// resident memory beside it.
constexpr uint64_t kMemoryLimit = 4ull << 30;

// One pipeline run's figures: wall time, and per step kind the seconds its steps took
// (build and test steps overlap on 2 threads, so their sums exceed the wall time).
struct RunFigures {
  double wall = 0;
  std::map<std::string, double> kind_seconds;
  std::map<std::string, long> kind_steps;
  long rows_loaded = 0;
  double peak_rss_gb = 0;  // the process's, during the run (0: not measured)
};

// Starts a new peak of the process's resident memory (Linux: /proc/self/clear_refs).
void ResetPeakMemory() {
  if (FILE* f = std::fopen("/proc/self/clear_refs", "w")) {
    std::fputs("5", f);
    std::fclose(f);
  }
}

// The process's peak resident memory since the last reset, in GB (VmHWM).
double PeakMemoryGb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / (1024.0 * 1024.0);
  }
  return 0;
}

// Runs the pipeline on `db`, or on the PostgreSQL database `target` when `db` is null.
RunFigures RunOnce(stockroom::Database* db, const std::string& target, const std::string& landing,
                   const std::string& project) {
  stockroom::pipeline::RunOptions options;
  options.landing = landing;
  options.project = project;
  options.target = db ? "" : target;
  ResetPeakMemory();
  auto start = Clock::now();
  auto result = db ? stockroom::pipeline::RunPipeline(*db, options) : stockroom::pipeline::RunPipelineOnTarget(options);
  RunFigures figures;
  figures.wall = bench::SecondsSince(start);
  if (db) figures.peak_rss_gb = PeakMemoryGb();
  if (!result.ok) {
    std::fprintf(stderr, "ecommerce_bench: the pipeline failed at %s: %s\n", result.failed_step.c_str(),
                 result.message.c_str());
    std::exit(1);
  }
  std::unique_ptr<stockroom::pipeline::Warehouse> warehouse;
  if (db) {
    warehouse = std::make_unique<stockroom::pipeline::EmbeddedWarehouse>(*db);
  } else {
    warehouse = std::make_unique<stockroom::pipeline::PostgresWarehouse>(target);
  }
  std::string run = std::to_string(result.run_id);
  auto steps = warehouse->Query("SELECT kind, sum(seconds), count(*) FROM pipeline.steps WHERE run_id = " + run +
                                " GROUP BY kind");
  for (size_t r = 0; r < steps.rows.size(); r++) {
    figures.kind_seconds[steps.Text(r, 0)] = std::stod(steps.Text(r, 1));
    figures.kind_steps[steps.Text(r, 0)] = steps.Int(r, 2);
  }
  figures.rows_loaded =
      warehouse->Query("SELECT coalesce(sum(rows_loaded), 0) FROM pipeline.loaded_files WHERE run_id = " + run).Int(0, 0);
  return figures;
}

// The statements of a SQL file without its comment lines.
std::vector<std::string> Statements(const std::string& text) {
  std::vector<std::string> statements;
  std::string current;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.rfind("--", 0) == 0) continue;
    current += line + "\n";
    if (!line.empty() && line.back() == ';') {
      statements.push_back(current);
      current.clear();
    }
  }
  return statements;
}

std::string OneLine(std::string sql) {
  for (char& c : sql) c = c == '\n' ? ' ' : c;
  std::string out;
  for (char c : sql) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  return out.size() > 90 ? out.substr(0, 87) + "..." : out;
}

std::string Figure(const std::vector<double>& values) {
  if (values.empty()) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", bench::Median(values));
  return text;
}

// The runs of one engine.
struct Figures {
  std::vector<RunFigures> nights, days;
  std::vector<std::vector<double>> query_ms;  // per statement of the team guide
};

// Runs every statement on `warehouse` once, adding each one's milliseconds.
void TimeQueries(stockroom::pipeline::Warehouse& warehouse, const std::vector<std::string>& queries,
                 std::vector<std::vector<double>>* ms) {
  for (size_t q = 0; q < queries.size(); q++) {
    auto start = Clock::now();
    warehouse.Query(queries[q]);
    (*ms)[q].push_back(bench::SecondsSince(start) * 1000);
  }
}

// A Markdown row of the medians of `runs`.
std::string RunRow(const char* engine, const char* name, const std::vector<RunFigures>& runs) {
  auto median = [&](auto field) {
    std::vector<double> values;
    for (const auto& r : runs) values.push_back(field(r));
    return bench::Median(values);
  };
  char cell[96];
  std::snprintf(cell, sizeof cell, "| %s | %s | %.1f | %.0f", engine, name, median([](auto& r) { return r.wall; }),
                median([](auto& r) { return double(r.rows_loaded); }));
  std::string row = cell;
  for (const char* kind : {"load", "build", "test", "refresh"}) {
    double s = median([&](auto& r) {
      auto it = r.kind_seconds.find(kind);
      return it == r.kind_seconds.end() ? 0.0 : it->second;
    });
    long n = runs.front().kind_steps.count(kind) ? runs.front().kind_steps.at(kind) : 0;
    std::snprintf(cell, sizeof cell, " | %.1f (%ld)", s, n);
    row += cell;
  }
  double rss = median([](auto& r) { return r.peak_rss_gb; });
  if (rss > 0) {
    std::snprintf(cell, sizeof cell, " | %.1f", rss);
    row += cell;
  } else {
    row += " | -";
  }
  return row + " |\n";
}

}  // namespace

std::string BenchNightlyBuild(const bench::Options& opt, const LandingZone& zone, const std::string& project) {
  std::string landing = opt.work + "/ecommerce-nightly-landing";
  std::vector<std::string> queries = Statements(bench::ReadFile(opt.shared + "/spec/team-guide-queries.sql"));
  Figures stockroom_figures, postgres_figures;
  stockroom_figures.query_ms.resize(queries.size());
  postgres_figures.query_ms.resize(queries.size());
  std::string db_dir = opt.work + "/ecommerce-warehouse";
  for (int run = 0; run < opt.runs; run++) {
    fs::remove_all(db_dir);
    fs::remove_all(landing);
    stockroom::LinkExtracts(zone.root, landing, zone.backfill_date);
    stockroom::DatabaseConfig config{db_dir};
    config.memory_limit = kMemoryLimit;
    stockroom::Database db(config);
    stockroom_figures.nights.push_back(RunOnce(&db, "", landing, project));
    stockroom::LinkExtracts(zone.root, landing, zone.increment_date);
    stockroom_figures.days.push_back(RunOnce(&db, "", landing, project));
    std::printf("stockroom run %d: nightly build %.1f s, incremental day %.1f s\n", run + 1,
                stockroom_figures.nights.back().wall, stockroom_figures.days.back().wall);
    stockroom::pipeline::EmbeddedWarehouse warehouse(db);
    TimeQueries(warehouse, queries, &stockroom_figures.query_ms);
  }
  fs::remove_all(db_dir);
  if (opt.pg) {
    bench::PostgresClient pg;
    if (!pg.Start(opt.work + "/pg")) {
      std::fprintf(stderr, "ecommerce_bench: could not start PostgreSQL\n");
      std::exit(2);
    }
    std::string server = bench::ReadFile(opt.work + "/pg/conninfo");
    server.erase(server.find_last_not_of("\n") + 1);
    for (int run = 0; run < opt.PgRuns(); run++) {
      pg.Exec("DROP DATABASE IF EXISTS ecommerce");
      pg.Exec("CREATE DATABASE ecommerce TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
      std::string target = server + " dbname=ecommerce";
      fs::remove_all(landing);
      stockroom::LinkExtracts(zone.root, landing, zone.backfill_date);
      postgres_figures.nights.push_back(RunOnce(nullptr, target, landing, project));
      stockroom::LinkExtracts(zone.root, landing, zone.increment_date);
      postgres_figures.days.push_back(RunOnce(nullptr, target, landing, project));
      std::printf("postgres run %d: nightly build %.1f s, incremental day %.1f s\n", run + 1,
                  postgres_figures.nights.back().wall, postgres_figures.days.back().wall);
      stockroom::pipeline::PostgresWarehouse warehouse(target);
      TimeQueries(warehouse, queries, &postgres_figures.query_ms);
    }
    pg.Exec("DROP DATABASE IF EXISTS ecommerce");
    pg.Stop();
  }
  fs::remove_all(landing);

  std::string md;
  char line[1024];
  std::snprintf(line, sizeof line,
                "### Nightly build\n\n`stockroom pipeline run` of models/ecommerce, %d runs, PostgreSQL %d (medians): the nightly "
                "build starts from an empty warehouse with the backfill (%s); the incremental day then adds the next "
                "day's extracts (%s). Stockroom: durable data directory, memory_limit 4 GB (peak resident memory of the process beside it), models built 2 at a time. PostgreSQL 15: the "
                "same project with `--target` (files parsed by Stockroom, rows sent with COPY FROM STDIN). Step "
                "seconds are summed per kind (builds and tests overlap, so their sums can exceed the wall time).\n\n",
                opt.runs, opt.pg ? opt.PgRuns() : 0, zone.backfill_date.c_str(), zone.increment_date.c_str());
  md += line;
  md += "| engine | run | wall (s) | rows loaded | load (s, steps) | build (s, steps) | test (s, steps) | refresh (s, "
        "steps) | peak RSS (GB) |\n|---|---|---|---|---|---|---|---|---|\n";
  for (auto [engine, figures] : {std::pair{"Stockroom", &stockroom_figures}, std::pair{"PostgreSQL 15", &postgres_figures}}) {
    if (figures->nights.empty()) continue;
    md += RunRow(engine, "nightly build", figures->nights) + RunRow(engine, "incremental day", figures->days);
  }
  md += "\nTeam-guide queries (../shared/spec/team-guide-queries.sql) on the built warehouse, in file order, "
        "milliseconds (median):\n\n| statement | Stockroom (ms) | PostgreSQL 15 (ms) |\n|---|---|---|\n";
  for (size_t q = 0; q < queries.size(); q++) {
    md += "| `" + OneLine(queries[q]) + "` | " + Figure(stockroom_figures.query_ms[q]) + " | " +
          Figure(postgres_figures.query_ms[q]) + " |\n";
  }
  return md;
}

}  // namespace ecommerce_bench
