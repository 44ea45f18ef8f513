#include "bench/common/bench_options.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "ingest/generate/tpch_replicator.hpp"

namespace bench {

const char* const kTpchTables[8] = {"region", "nation", "part", "supplier", "partsupp", "customer", "orders", "lineitem"};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : (v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2);
}

Options ParseOptions(int argc, char** argv, const char* program, Options defaults, bool with_queries) {
  Options opt = std::move(defaults);
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--sf") {
      opt.sf = std::stod(next());
    } else if (a == "--runs") {
      opt.runs = std::stoi(next());
    } else if (a == "--pg-runs") {
      opt.pg_runs = std::stoi(next());
    } else if (a == "--shared") {
      opt.shared = next();
    } else if (a == "--work") {
      opt.work = next();
    } else if (a == "--no-pg") {
      opt.pg = false;
    } else if (a == "--markdown") {
      opt.markdown = next();
    } else if (a == "--queries" && with_queries) {
      std::stringstream ss(next());
      std::string q;
      while (std::getline(ss, q, ',')) opt.queries.push_back(std::stoi(q));
    } else {
      std::fprintf(stderr, "usage: %s [--sf N] [--runs N] [--pg-runs N] [--shared DIR] [--work DIR]%s [--no-pg] [--markdown FILE]\n",
                   program, with_queries ? " [--queries 1,2]" : "");
      std::exit(2);
    }
  }
  return opt;
}

std::string PrepareTpchData(const Options& options) {
  char sf_name[32];
  std::snprintf(sf_name, sizeof(sf_name), "sf%g", options.sf);
  std::string dir = options.work + "/" + sf_name;
  stockroom::ReplicateTpch(options.shared + "/data/tpch/sf0.1", static_cast<int>(std::lround(options.sf / 0.1)), dir);
  return dir;
}

}  // namespace bench
