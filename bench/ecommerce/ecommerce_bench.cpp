// E-commerce benchmark (issue 5, acceptance 6): generate the landing zone of spec §3, load it
// (the load stage alone, beside PostgreSQL 15's COPY), and run the nightly build of
// models/ecommerce on it (load, models, data tests, materialized views; then an incremental
// day and the team guide's queries). Not a test: run it by hand (make bench-ecommerce).
//
//   ecommerce_bench [--sf 1] [--runs 3] [--pg-runs N] [--work build/bench] [--shared ../shared] [--no-pg] [--markdown FILE]
#include <cstdio>
#include <fstream>
#include <string>

#include "bench/common/bench_options.hpp"
#include "landing_zone.hpp"
#include "nightly_build.hpp"
#include "raw_load.hpp"

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress lines as they happen, also when redirected
  bench::Options defaults;
  defaults.runs = 3;
  bench::Options opt = bench::ParseOptions(argc, argv, "ecommerce_bench", defaults);
  std::string project = "models/ecommerce";
  auto zone = ecommerce_bench::PrepareLandingZone(opt.work, opt.sf);
  char line[256];
  std::snprintf(line, sizeof line, "## E-commerce SF %g (`stockroom generate`), 2 cores\n\n", opt.sf);
  std::string md = line;
  if (zone.generate_seconds >= 0) {
    std::snprintf(line, sizeof line, "Generating the landing zone took %.1f s.\n\n", zone.generate_seconds);
    md += line;
  }
  md += ecommerce_bench::BenchNightlyBuild(opt, zone, project) + "\n";
  md += ecommerce_bench::BenchRawLoad(opt, zone, project);
  std::printf("\n%s", md.c_str());
  if (!opt.markdown.empty()) std::ofstream(opt.markdown) << md;
  return 0;
}
