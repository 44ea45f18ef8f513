#include "landing_zone.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

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
  // The marker names what was generated, so a zone made with other options is made again.
  std::string marker = "sf " + std::string(sf_text) + ", 1 increment\n";
  std::string found;
  if (std::ifstream in{zone.root + "/.complete"}) std::getline(in, found);
  if (found + "\n" != marker) {
    fs::remove_all(zone.root);
    auto start = std::chrono::steady_clock::now();
    auto summary = stockroom::Generate(options, stderr);
    zone.generate_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::ofstream(zone.root + "/.complete") << marker;
    std::printf("generated SF %s: %llu files, %.2f GB in %.1f s\n", sf_text,
                static_cast<unsigned long long>(summary.files), summary.bytes / 1e9, zone.generate_seconds);
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
