#pragma once

#include <string>
#include <vector>

// The landing zone the e-commerce benchmark works on: generated once per scale factor
// (backfill plus one daily increment) and kept between runs.
namespace ecommerce_bench {

struct LandingZone {
  std::string root;            // <work>/ecommerce-sf<N>
  std::string backfill_date;   // the first extract's folder name
  std::string increment_date;  // the daily increment's folder name
  double generate_seconds = -1;  // -1 when it was there already
};

// Generates the landing zone of scale factor `sf` under `work` unless it is complete.
LandingZone PrepareLandingZone(const std::string& work, double sf);

// The files of `folder` (<system>/<table>) under `root`, in load order.
std::vector<std::string> LandingFiles(const std::string& root, const std::string& folder);

}  // namespace ecommerce_bench
