#include "nightly_build.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <vector>

#include "bench/common/postgres_client.hpp"
#include "generate/landing_subset.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "main/query_result.hpp"
#include "pipeline/pipeline.hpp"

namespace ecommerce_bench {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// One pipeline run's figures: wall time, and per step kind the seconds its steps took
// (build and test steps overlap on 2 threads, so their sums exceed the wall time).
struct RunFigures {
  double wall = 0;
  std::map<std::string, double> kind_seconds;
  std::map<std::string, long> kind_steps;
  long rows_loaded = 0;
};

RunFigures RunOnce(stockroom::Database& db, const std::string& landing, const std::string& project) {
  stockroom::pipeline::RunOptions options;
  options.landing = landing;
  options.project = project;
  auto start = Clock::now();
  auto result = stockroom::pipeline::RunPipeline(db, options);
  RunFigures figures;
  figures.wall = Seconds(start);
  if (!result.ok) {
    std::fprintf(stderr, "ecommerce_bench: the pipeline failed at %s: %s\n", result.failed_step.c_str(),
                 result.message.c_str());
    std::exit(1);
  }
  stockroom::Connection con(db);
  auto steps = con.Query("SELECT kind, sum(seconds), count(*) FROM pipeline.steps WHERE run_id = " +
                         std::to_string(result.run_id) + " GROUP BY kind");
  for (stockroom::idx_t r = 0; r < steps->RowCount(); r++) {
    figures.kind_seconds[steps->GetText(0, r)] = std::stod(steps->GetText(1, r));
    figures.kind_steps[steps->GetText(0, r)] = std::stol(steps->GetText(2, r));
  }
  figures.rows_loaded = std::stol(con.Query("SELECT coalesce(sum(rows_loaded), 0) FROM pipeline.loaded_files WHERE "
                                            "run_id = " + std::to_string(result.run_id))
                                      ->GetText(0, 0));
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
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", bench::Median(values));
  return text;
}

}  // namespace

std::string BenchNightlyBuild(const bench::Options& opt, const LandingZone& zone, const std::string& project) {
  std::vector<RunFigures> nights, days;
  std::string db_dir = opt.work + "/ecommerce-warehouse";
  std::string landing = opt.work + "/ecommerce-nightly-landing";
  std::vector<std::vector<double>> query_ms;
  std::vector<std::string> queries = Statements(bench::ReadFile(opt.shared + "/spec/team-guide-queries.sql"));
  query_ms.resize(queries.size());
  for (int run = 0; run < opt.runs; run++) {
    fs::remove_all(db_dir);
    fs::remove_all(landing);
    stockroom::LinkExtracts(zone.root, landing, zone.backfill_date);
    stockroom::Database db(stockroom::DatabaseConfig{db_dir});
    nights.push_back(RunOnce(db, landing, project));
    stockroom::LinkExtracts(zone.root, landing, zone.increment_date);
    days.push_back(RunOnce(db, landing, project));
    std::printf("run %d: nightly build %.1f s, incremental day %.1f s\n", run + 1, nights.back().wall,
                days.back().wall);
    stockroom::Connection con(db);
    for (size_t q = 0; q < queries.size(); q++) {
      auto start = Clock::now();
      con.Query(queries[q]);
      query_ms[q].push_back(Seconds(start) * 1000);
    }
  }
  fs::remove_all(db_dir);
  fs::remove_all(landing);

  auto median = [](const std::vector<RunFigures>& runs, auto field) {
    std::vector<double> values;
    for (const auto& r : runs) values.push_back(field(r));
    return bench::Median(values);
  };
  std::string md;
  char line[512];
  std::snprintf(line, sizeof line,
                "### Nightly build\n\n`stockroom pipeline run` of models/ecommerce, %d runs (medians), durable data "
                "directory, 2 threads. The nightly build starts from an empty warehouse with the backfill (%s); the "
                "incremental day then adds the next day's extracts (%s). Step seconds are summed per kind: builds "
                "and tests run 2 at a time, so their sums exceed the wall time.\n\n",
                opt.runs, zone.backfill_date.c_str(), zone.increment_date.c_str());
  md += line;
  md += "| run | wall (s) | rows loaded | load (s, steps) | build (s, steps) | test (s, steps) | refresh (s, steps) |\n";
  md += "|---|---|---|---|---|---|---|\n";
  for (auto [name, runs] : {std::pair{"nightly build", &nights}, std::pair{"incremental day", &days}}) {
    std::string row = std::string("| ") + name + " | " + std::to_string(median(*runs, [](auto& r) { return r.wall; })).substr(0, 6) +
                      " | " + std::to_string(static_cast<long>(median(*runs, [](auto& r) { return double(r.rows_loaded); })));
    for (const char* kind : {"load", "build", "test", "refresh"}) {
      double s = median(*runs, [&](auto& r) { auto it = r.kind_seconds.find(kind); return it == r.kind_seconds.end() ? 0.0 : it->second; });
      long n = runs->front().kind_steps.count(kind) ? runs->front().kind_steps.at(kind) : 0;
      std::snprintf(line, sizeof line, " | %.1f (%ld)", s, n);
      row += line;
    }
    md += row + " |\n";
  }
  md += "\nTeam-guide queries (../shared/spec/team-guide-queries.sql) on the built warehouse, in file order, "
        "milliseconds (median):\n\n| statement | ms |\n|---|---|\n";
  for (size_t q = 0; q < queries.size(); q++) md += "| `" + OneLine(queries[q]) + "` | " + Figure(query_ms[q]) + " |\n";
  return md;
}

}  // namespace ecommerce_bench
