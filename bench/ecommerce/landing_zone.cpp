#include "landing_zone.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "common/types/date_time.hpp"
#include "generate/generator.hpp"

namespace ecommerce_bench {

namespace fs = std::filesystem;

LandingZone PrepareLandingZone(const std::string& work, double sf) {
  char sf_text[32];
  std::snprintf(sf_text, sizeof sf_text, "%g", sf);
  LandingZone zone;
  zone.root = work + "/ecommerce-sf" + sf_text;
  stockroom::GenerateOptions options;
  options.sf = sf;
  options.increments = 1;
  options.out = zone.root;
  zone.backfill_date = stockroom::date_time::FormatDate(options.end_date - 1);
  zone.increment_date = stockroom::date_time::FormatDate(options.end_date);
  auto start = std::chrono::steady_clock::now();
  if (auto summary = stockroom::GenerateUnlessComplete(options, stderr)) {
    zone.generate_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("generated SF %s: %llu files, %.2f GB in %.1f s\n", sf_text,
                static_cast<unsigned long long>(summary->files), summary->bytes / 1e9, zone.generate_seconds);
  }
  return zone;
}

std::vector<std::string> LandingFiles(const std::string& root, const std::string& folder) {
  std::vector<std::string> files;
  fs::path dir = fs::path(root) / folder;
  if (!fs::exists(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace ecommerce_bench
