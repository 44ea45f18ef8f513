#pragma once

// What the generator's tests share: reading landing files and a suite fixture that
// generates one landing zone (SF 0.01, backfill plus kIncrements days) and loads its tables
// into an in-memory database.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "generate/generator.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {

// Returns the file's bytes as stored.
inline std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Returns the file's text, decompressed when it is gzip.
inline std::string ReadText(const std::filesystem::path& path) {
  gzFile in = gzopen(path.c_str(), "rb");
  std::string text;
  char buffer[65536];
  for (int n; (n = gzread(in, buffer, sizeof buffer)) > 0;) text.append(buffer, n);
  gzclose(in);
  return text;
}

// Returns the part files of <root>/<system/table>/<date>, in name order.
inline std::vector<std::filesystem::path> Parts(const std::string& root, const std::string& table,
                                                const std::string& date) {
  std::vector<std::filesystem::path> parts;
  std::filesystem::path dir = std::filesystem::path(root) / table / date;
  if (!std::filesystem::exists(dir)) return parts;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) parts.push_back(entry.path());
  std::sort(parts.begin(), parts.end());
  return parts;
}

// Returns the first line of the table's first part in the extract (a CSV header or the
// first JSON object).
inline std::string FirstLine(const std::string& root, const std::string& table, const std::string& date) {
  auto parts = Parts(root, table, date);
  if (parts.empty()) return "";
  std::string text = ReadText(parts.front());
  return text.substr(0, text.find('\n'));
}

// Returns the dotted key paths of the JSON object `line` in order ("metadata.order_id"),
// descending into nested objects; an array is a leaf, and so are the keys inside it. The
// generator writes compact JSON, which is all this reads.
inline std::vector<std::string> KeyPaths(const std::string& line) {
  std::vector<std::string> paths, prefix;
  std::string last_key;
  bool in_string = false, is_key = false;
  int array_depth = 0;
  std::string token;
  for (size_t i = 0; i < line.size(); i++) {
    char c = line[i];
    if (in_string) {
      if (c == '\\') {
        token += line[++i];
      } else if (c == '"') {
        in_string = false;
        if (is_key && array_depth == 0) {
          last_key = token;
          std::string path;
          for (const auto& p : prefix) path += p + ".";
          paths.push_back(path + token);
        }
      } else {
        token += c;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      token.clear();
      // A string is a key when the next non-string character is ':'.
      size_t end = i + 1;
      while (end < line.size() && line[end] != '"') end += line[end] == '\\' ? 2 : 1;
      is_key = end + 1 < line.size() && line[end + 1] == ':';
    } else if (c == '[') {
      array_depth++;
    } else if (c == ']') {
      array_depth--;
    } else if (c == '{' && i > 0 && array_depth == 0) {
      paths.pop_back();  // the object's own key is a prefix, not a leaf
      prefix.push_back(last_key);
    } else if (c == '}' && array_depth == 0 && !prefix.empty()) {
      prefix.pop_back();
    }
  }
  return paths;
}

// A suite over one generated landing zone. A suite's SetUpTestSuite calls GenerateLanding()
// and then loads what it checks with Load / LoadAll; tests query with Q and Number.
class GeneratedLandingTest : public ::testing::Test {
 protected:
  static constexpr int kIncrements = 3;

  static void GenerateLanding() {
    dir_ = new TempDirectory();
    GenerateOptions options;
    options.sf = 0.01;
    options.increments = kIncrements;
    options.out = *dir_ / "landing";
    options.threads = 2;
    Generate(options, nullptr);
    db_ = new Database();
    conn_ = new Connection(*db_);
  }
  static void TearDownTestSuite() {
    delete conn_;
    delete db_;
    delete dir_;
    conn_ = nullptr, db_ = nullptr, dir_ = nullptr;
  }

  // Returns the landing folder of extract n (0: the backfill) before the default end date.
  static std::string Date(int n) {
    static const char* kDates[] = {"2025-12-28", "2025-12-29", "2025-12-30", "2025-12-31"};
    return kDates[n];
  }
  static std::string Root() { return *dir_ / "landing"; }

  // Creates table `name` and loads the parts of one extract of a landing table into it.
  static void Load(const std::string& table, const std::string& date, const std::string& name,
                   const std::string& columns, const std::string& options) {
    conn_->Query("CREATE TABLE " + name + " (" + columns + ")");
    for (const auto& part : Parts(Root(), table, date)) {
      conn_->Query("COPY " + name + " FROM '" + part.string() + "' WITH (" + options + ")");
    }
  }
  // Loads every extract into `<name>_<n>` (n = 0 for the backfill, 1..kIncrements after it)
  // and unites them in the view `<name>_all` with the extract number as column n.
  static void LoadAll(const std::string& table, const std::string& name, const std::string& columns,
                      const std::string& options) {
    std::string all;
    for (int n = 0; n <= kIncrements; n++) {
      std::string each = name + "_" + std::to_string(n);
      Load(table, Date(n), each, columns, options);
      all += (n ? " UNION ALL " : "") + std::string("SELECT ") + std::to_string(n) + " AS n, * FROM " + each;
    }
    conn_->Query("CREATE VIEW " + name + "_all AS " + all);
  }

  static std::string Q(const std::string& sql) { return QueryText(*conn_, sql); }
  static double Number(const std::string& sql) { return std::stod(Q(sql)); }

  inline static TempDirectory* dir_ = nullptr;
  inline static Database* db_ = nullptr;
  inline static Connection* conn_ = nullptr;
};

}  // namespace stockroom
