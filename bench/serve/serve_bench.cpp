// Serving benchmark: 50 libpq clients (plus 50 idle connections, 100 open) run a mix of
// short dashboard queries with random parameters (bench/serve/dashboard_mix.cpp) against
// `stockroom serve` over TPC-H, then against PostgreSQL 15 over its own copy with
// indexes, for a fixed time each after a warm-up; prints throughput and p50/p95/p99/max
// latency per query kind and overall, errors, and how many cores each server used.
//
//   serve_bench [--sf 1] [--runs 1] [--seconds 60] [--warmup 10] [--clients 50] [--idle 50]
//               [--port 55642] [--pg-port 55641] [--stockroom PATH] [--shared ../shared]
//               [--work build/bench] [--no-pg] [--result-cache SIZE] [--markdown FILE]
//
// With several runs each figure is the median over the runs. Not a test: run it by hand
// (make bench-serve). The TPC-H files and both loaded databases stay under --work.
#include <libpq-fe.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "bench/common/bench_options.hpp"
#include "bench/common/postgres_client.hpp"
#include "bench/serve/benchmark_servers.hpp"
#include "bench/serve/client_load.hpp"
#include "bench/serve/dashboard_mix.hpp"

namespace {

struct ServeOptions {
  bench::LoadOptions load;
  int port = 55642;
  int pg_port = 55641;
  std::string stockroom;
  std::string result_cache;  // stockroom serve's --result-cache; empty for its default
};

// Takes serve_bench's own options out of argv; the rest go to bench::ParseOptions.
ServeOptions TakeServeOptions(int* argc, char** argv) {
  ServeOptions opt;
  opt.stockroom = (std::filesystem::path(argv[0]).parent_path() / "stockroom").string();
  int kept = 1;
  for (int i = 1; i < *argc; i++) {
    std::string a = argv[i];
    bool has_value = i + 1 < *argc;
    if (a == "--seconds" && has_value) {
      opt.load.seconds = std::stod(argv[++i]);
    } else if (a == "--warmup" && has_value) {
      opt.load.warmup_seconds = std::stod(argv[++i]);
    } else if (a == "--clients" && has_value) {
      opt.load.clients = std::stoi(argv[++i]);
    } else if (a == "--idle" && has_value) {
      opt.load.idle_clients = std::stoi(argv[++i]);
    } else if (a == "--port" && has_value) {
      opt.port = std::stoi(argv[++i]);
    } else if (a == "--pg-port" && has_value) {
      opt.pg_port = std::stoi(argv[++i]);
    } else if (a == "--result-cache" && has_value) {
      opt.result_cache = argv[++i];
    } else if (a == "--stockroom" && has_value) {
      opt.stockroom = argv[++i];
    } else {
      argv[kept++] = argv[i];
    }
  }
  *argc = kept;
  return opt;
}

std::vector<std::vector<std::string>> Rows(const std::string& conninfo, const std::string& sql,
                                           const std::vector<std::string>& values) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  std::vector<const char*> pointers;
  for (auto& v : values) pointers.push_back(v.c_str());
  PGresult* r = PQexecParams(conn, sql.c_str(), static_cast<int>(pointers.size()), nullptr, pointers.data(), nullptr,
                             nullptr, 0);
  std::vector<std::vector<std::string>> rows;
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    std::fprintf(stderr, "serve_bench: %s\n%s\n", PQresultErrorMessage(r), sql.c_str());
    std::exit(2);
  }
  for (int i = 0; i < PQntuples(r); i++) {
    std::vector<std::string> row;
    for (int c = 0; c < PQnfields(r); c++) row.push_back(PQgetisnull(r, i, c) ? "NULL" : PQgetvalue(r, i, c));
    rows.push_back(std::move(row));
  }
  PQclear(r);
  PQfinish(conn);
  return rows;
}

// Rows as text with numbers to 10 significant digits and char(n) padding trimmed.
std::string Canonical(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (auto& row : rows) {
    for (size_t c = 0; c < row.size(); c++) {
      std::string v = row[c];
      char* end = nullptr;
      double d = std::strtod(v.c_str(), &end);
      if (!v.empty() && *end == '\0' && v.find('.') != std::string::npos) {
        char buf[64];
        std::snprintf(buf, sizeof(buf), "%.10g", d);
        v = buf;
      }
      while (!v.empty() && v.back() == ' ') v.pop_back();
      out += (c ? "\t" : "") + v;
    }
    out += "\n";
  }
  return out;
}

// Runs every kind with a few random parameters on both servers and compares the rows.
int CompareServers(const std::string& stockroom, const std::string& postgres, const bench::MixDomain& domain) {
  std::mt19937_64 rng(7);
  int mismatches = 0;
  for (auto& kind : bench::DashboardMix()) {
    for (int i = 0; i < 3; i++) {
      auto values = kind.parameters(domain, rng);
      std::string a = Canonical(Rows(stockroom, kind.sql, values)), b = Canonical(Rows(postgres, kind.sql, values));
      if (a != b) {
        mismatches++;
        std::fprintf(stderr, "%s differs\nStockroom:\n%.400s\nPostgreSQL:\n%.400s\n", kind.name.c_str(), a.c_str(),
                     b.c_str());
      }
    }
  }
  std::printf("same rows on both servers: %s\n", mismatches ? "NO" : "yes (every kind, 3 parameter sets)");
  return mismatches;
}

// One server's figures over several runs: medians per figure.
struct Figures {
  double qps = 0, p50 = 0, p95 = 0, p99 = 0, max = 0, errors = 0, cores = 0;
};

Figures Measure(const bench::KindStats& stats, double seconds) {
  return {stats.latencies.size() / seconds,
          bench::Percentile(stats.latencies, 50) * 1000,
          bench::Percentile(stats.latencies, 95) * 1000,
          bench::Percentile(stats.latencies, 99) * 1000,
          bench::Percentile(stats.latencies, 100) * 1000,
          static_cast<double>(stats.errors),
          0};
}

Figures MedianFigures(const std::vector<Figures>& runs) {
  auto median = [&](double Figures::*field) {
    std::vector<double> v;
    for (auto& f : runs) v.push_back(f.*field);
    return bench::Median(v);
  };
  return {median(&Figures::qps), median(&Figures::p50), median(&Figures::p95), median(&Figures::p99),
          median(&Figures::max), median(&Figures::errors), median(&Figures::cores)};
}

struct ServerReport {
  std::string name;
  std::vector<std::vector<Figures>> kinds;  // [kind][run]
  std::vector<Figures> overall;             // [run]
  std::map<std::string, std::string> first_errors;
};

ServerReport RunServer(const std::string& name, const std::string& conninfo, int pid, const bench::MixDomain& domain,
                       const bench::LoadOptions& load, int runs) {
  ServerReport report{name, std::vector<std::vector<Figures>>(bench::DashboardMix().size()), {}, {}};
  for (int run = 0; run < runs; run++) {
    bench::LoadOptions options = load;
    options.seed = load.seed + run * 1000;
    bench::LoadResult result = bench::RunLoad(conninfo, domain, options, pid);
    bench::KindStats all;
    for (size_t k = 0; k < result.kinds.size(); k++) {
      auto& stats = result.kinds[k];
      report.kinds[k].push_back(Measure(stats, result.measured_seconds));
      all.latencies.insert(all.latencies.end(), stats.latencies.begin(), stats.latencies.end());
      all.errors += stats.errors;
      if (stats.errors) report.first_errors[bench::DashboardMix()[k].name] = stats.first_error;
    }
    Figures overall = Measure(all, result.measured_seconds);
    overall.cores = result.cpu_seconds / result.measured_seconds;
    report.overall.push_back(overall);
    std::printf("%s run %d: %.1f queries/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, %ld errors, %.2f cores busy\n",
                name.c_str(), run + 1, overall.qps, overall.p50, overall.p95, overall.p99, overall.max, all.errors,
                overall.cores);
    std::fflush(stdout);
  }
  for (auto& [kind, error] : report.first_errors) std::fprintf(stderr, "%s: %s: %s", name.c_str(), kind.c_str(), error.c_str());
  return report;
}

std::string Row(const std::string& label, const Figures& f, bool with_cores) {
  char line[256];
  std::snprintf(line, sizeof(line), "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f |", label.c_str(), f.qps, f.p50,
                f.p95, f.p99, f.max, f.errors);
  std::string row = line;
  if (with_cores) {
    // CPU per query does not depend on how much of the machine others left the server.
    std::snprintf(line, sizeof(line), " %.2f | %.1f |", f.cores, f.qps > 0 ? f.cores * 1000 / f.qps : 0);
    row += line;
  }
  return row + "\n";
}

std::string Markdown(const std::vector<ServerReport>& reports, const bench::LoadOptions& load, int runs) {
  char intro[256];
  std::snprintf(intro, sizeof(intro), "%d clients querying + %d idle connections, %.0f s measured after %.0f s warm-up, %d run(s)%s\n\n",
                load.clients, load.idle_clients, load.seconds, load.warmup_seconds, runs,
                runs > 1 ? " (medians)" : "");
  std::string md = intro;
  md += "| server | queries/s | p50 ms | p95 ms | p99 ms | max ms | errors | server cores busy | server CPU ms/query |\n"
        "|---|---|---|---|---|---|---|---|---|\n";
  for (auto& r : reports) md += Row(r.name, MedianFigures(r.overall), true);
  if (reports.size() == 2) {
    double a = MedianFigures(reports[0].overall).qps, b = MedianFigures(reports[1].overall).qps;
    char line[128];
    std::snprintf(line, sizeof(line), "\nThroughput ratio %s / %s: %.1fx\n", reports[0].name.c_str(),
                  reports[1].name.c_str(), b > 0 ? a / b : 0);
    md += line;
  }
  for (auto& r : reports) {
    md += "\n" + r.name + " by query kind:\n\n| kind | queries/s | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---|---|---|---|---|---|\n";
    for (size_t k = 0; k < r.kinds.size(); k++) md += Row(bench::DashboardMix()[k].name, MedianFigures(r.kinds[k]), false);
  }
  return md;
}

}  // namespace

int main(int argc, char** argv) {
  ServeOptions serve = TakeServeOptions(&argc, argv);
  bench::Options defaults;
  defaults.runs = 1;
  bench::Options opt = bench::ParseOptions(argc, argv, "serve_bench [--seconds S] [--warmup S] [--clients N] [--idle N] "
                                           "[--port P] [--pg-port P] [--stockroom PATH] [--result-cache SIZE]", defaults);
  std::string tpch = opt.shared + "/data/tpch";
  std::string schema = bench::ReadFile(tpch + "/schema.sql");
  std::string data_dir = bench::PrepareTpchData(opt);
  char sf_name[32];
  std::snprintf(sf_name, sizeof(sf_name), "sf%g", opt.sf);

  bench::StockroomServer stockroom;
  stockroom.Start(serve.stockroom, opt.work + "/serve-stockroom-" + sf_name, schema, data_dir, serve.port, serve.result_cache);
  bench::MixDomain domain;
  for (auto& row : Rows(stockroom.conninfo(), "SELECT o_orderkey FROM orders WHERE o_orderkey % 97 = 0", {})) {
    domain.order_keys.push_back(row[0]);
  }
  domain.customers = static_cast<int>(std::lround(150000 * opt.sf));
  domain.suppliers = static_cast<int>(std::lround(10000 * opt.sf));

  bench::PostgresServer postgres;
  int mismatches = 0;
  if (opt.pg) {
    postgres.Start(opt.work + "/serve-pg-" + sf_name, serve.pg_port, schema, bench::ReadFile(tpch + "/postgres-indexes.sql"),
                   data_dir);
    mismatches = CompareServers(stockroom.conninfo(), postgres.conninfo(), domain);
  }
  std::vector<ServerReport> reports;
  reports.push_back(RunServer("Stockroom", stockroom.conninfo(), stockroom.pid(), domain, serve.load, opt.runs));
  if (opt.pg) reports.push_back(RunServer("PostgreSQL 15", postgres.conninfo(), postgres.pid(), domain, serve.load, opt.runs));
  stockroom.Stop();
  if (opt.pg) postgres.Stop();

  std::string md = Markdown(reports, serve.load, opt.runs);
  std::printf("\n%s", md.c_str());
  if (!opt.markdown.empty()) std::ofstream(opt.markdown) << md;
  return mismatches ? 1 : 0;
}
