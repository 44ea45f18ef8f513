#pragma once

// What the e-commerce warehouse tests share: the shipped project and the relations it builds.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "generate/landing_subset.hpp"
#include "pipeline/pipeline_test_support.hpp"

namespace stockroom {

// The warehouse project that ships in the repository, or $SR_ECOMMERCE_PROJECT.
inline std::string EcommerceProject() {
  if (const char* dir = std::getenv("SR_ECOMMERCE_PROJECT")) return dir;  // a project being written elsewhere
  return std::filesystem::weakly_canonical(std::filesystem::path(SR_TEST_DATA) / ".." / ".." / "models" / "ecommerce");
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
