#pragma once

#include <string>

#include "bench/common/bench_options.hpp"
#include "landing_zone.hpp"

// The nightly build: `stockroom pipeline run` of the project over the backfill (load, models,
// data tests, materialized views) into a fresh durable data directory, then over the next
// day's increment; then each team-guide query on the built warehouse. Returns the figures
// as a Markdown section.
namespace ecommerce_bench {

std::string BenchNightlyBuild(const bench::Options& options, const LandingZone& zone, const std::string& project);

}  // namespace ecommerce_bench
