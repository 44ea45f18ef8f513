#pragma once

// What the e-commerce warehouse tests share: the shipped project and landing zones made of
// some of a generated zone's extracts.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/pipeline_test_support.hpp"

namespace stockroom {

// The warehouse project that ships in the repository.
inline std::string EcommerceProject() {
  return std::filesystem::weakly_canonical(std::filesystem::path(SR_TEST_DATA) / ".." / ".." / "models" / "ecommerce");
}

// Hard-links into `to` the extract folders of landing zone `from` whose date is `date` (or
// every date up to and including it when `up_to` is set), keeping the layout
// <system>/<table>/<date>/part-*.
inline void LinkExtracts(const std::filesystem::path& from, const std::filesystem::path& to, const std::string& date,
                         bool up_to = false) {
  namespace fs = std::filesystem;
  for (const auto& system : fs::directory_iterator(from)) {
    if (!system.is_directory()) continue;
    for (const auto& table : fs::directory_iterator(system.path())) {
      for (const auto& extract : fs::directory_iterator(table.path())) {
        std::string name = extract.path().filename();
        if (up_to ? name > date : name != date) continue;
        fs::path target = to / system.path().filename() / table.path().filename() / name;
        fs::create_directories(target);
        for (const auto& part : fs::directory_iterator(extract.path())) {
          fs::create_hard_link(part.path(), target / part.path().filename());
        }
      }
    }
  }
}

// The relations the project builds in `schemas` ("facts", ...), as schema.name, sorted.
inline std::vector<std::string> ProjectRelations(const std::vector<std::string>& schemas) {
  std::vector<std::string> relations;
  for (const auto& schema : schemas) {
    for (const auto& file : std::filesystem::directory_iterator(std::filesystem::path(EcommerceProject()) / schema)) {
      if (file.path().extension() == ".sql") relations.push_back(schema + "." + file.path().stem().string());
    }
  }
  std::sort(relations.begin(), relations.end());
  return relations;
}

}  // namespace stockroom
