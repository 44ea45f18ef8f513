#pragma once

// What the PostgreSQL-target tests share: a private database on the PostgreSQL 15 test
// server (support/postgres_test_database.hpp; ctest starts the server: test/CMakeLists.txt,
// pgdiff/pipeline/*), and where two builds' rows first differ (the rows themselves:
// RelationRows in pipeline_test_support.hpp).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/pipeline_test_support.hpp"
#include "pipeline/postgres_warehouse.hpp"
#include "pipeline/warehouse.hpp"
#include "support/postgres_test_database.hpp"

namespace stockroom {


// The first line where two texts differ, for a readable failure.
inline std::string FirstDifference(const std::string& expected, const std::string& actual) {
  auto split = [](const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      lines.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    return lines;
  };
  auto e = split(expected), a = split(actual);
  for (size_t i = 0; i < std::max(e.size(), a.size()); i++) {
    std::string el = i < e.size() ? e[i] : "(none)", al = i < a.size() ? a[i] : "(none)";
    if (el != al) return "line " + std::to_string(i + 1) + "\n  embedded:   " + el + "\n  postgresql: " + al;
  }
  return "no difference";
}

}  // namespace stockroom
