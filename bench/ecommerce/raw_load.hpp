#pragma once

#include <string>

#include "bench/common/bench_options.hpp"
#include "landing_zone.hpp"

// The load stage alone: every landing table of the project into its raw table with one COPY
// over all its files, in a durable Stockroom data directory and in PostgreSQL 15 (COPY FROM
// STDIN per file) side by side: time, MB/s and rows/s per table, and size on disk against
// the files. Returns the figures as a Markdown section.
namespace ecommerce_bench {

std::string BenchRawLoad(const bench::Options& options, const LandingZone& zone, const std::string& project);

}  // namespace ecommerce_bench
