#include "ingest/generate/tpch_replicator.hpp"

#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/error/exception.hpp"

namespace stockroom {

namespace {

// Key ranges of the SF 0.1 files: the shift between copies.
constexpr int64_t kParts = 20000;
constexpr int64_t kSuppliers = 1000;
constexpr int64_t kCustomers = 15000;
constexpr int64_t kOrders = 600000;

struct TableSpec {
  const char* name;
  // Per '|'-separated field: the key-range shift multiplier (0: copy as is).
  std::vector<int64_t> shifts;
};

const std::vector<TableSpec>& Specs() {
  static const std::vector<TableSpec> specs = {
      {"region", {}},
      {"nation", {}},
      {"part", {kParts}},
      {"supplier", {kSuppliers}},
      {"partsupp", {kParts, kSuppliers}},
      {"customer", {kCustomers}},
      {"orders", {kOrders, kCustomers}},
      {"lineitem", {kOrders, kParts, kSuppliers}},
  };
  return specs;
}

// Rewrites one line with its leading key fields shifted by `copy` ranges.
void ShiftLine(const char* line, size_t len, const std::vector<int64_t>& shifts, int copy, std::string& out) {
  size_t pos = 0;
  for (size_t f = 0; f < shifts.size(); f++) {
    size_t end = pos;
    while (end < len && line[end] != '|') end++;
    int64_t key = std::strtoll(std::string(line + pos, end - pos).c_str(), nullptr, 10);
    out += std::to_string(key + shifts[f] * copy);
    out += '|';
    pos = end + 1;
  }
  out.append(line + pos, len - pos);
  out += '\n';
}

}  // namespace

uint64_t ReplicateTpch(const std::string& source_dir, int copies, const std::string& out_dir) {
  namespace fs = std::filesystem;
  fs::create_directories(out_dir);
  std::string marker = out_dir + "/.complete-" + std::to_string(copies);
  uint64_t total = 0;
  if (fs::exists(marker)) {
    std::ifstream in(marker);
    in >> total;
    return total;
  }
  for (auto& spec : Specs()) {
    std::string source = source_dir + "/" + spec.name + ".tbl.gz";
    gzFile gz = gzopen(source.c_str(), "rb");
    if (!gz) {
      throw SqlError(ErrorCode::kUndefinedFile, "could not open file \"" + source + "\" for reading: " + std::strerror(errno));
    }
    std::vector<std::string> lines;
    char buffer[1 << 16];
    std::string pending;
    int n;
    while ((n = gzread(gz, buffer, sizeof(buffer))) > 0) {
      pending.append(buffer, n);
      size_t start = 0, nl;
      while ((nl = pending.find('\n', start)) != std::string::npos) {
        lines.emplace_back(pending, start, nl - start);
        start = nl + 1;
      }
      pending.erase(0, start);
    }
    gzclose(gz);
    if (!pending.empty()) lines.push_back(pending);
    std::string target = out_dir + "/" + spec.name + ".tbl";
    FILE* out = std::fopen(target.c_str(), "wb");
    if (!out) throw SqlError(ErrorCode::kIoError, "could not open file \"" + target + "\" for writing");
    int table_copies = spec.shifts.empty() ? 1 : copies;
    std::string block;
    for (int copy = 0; copy < table_copies; copy++) {
      for (auto& line : lines) {
        ShiftLine(line.data(), line.size(), spec.shifts, copy, block);
        total++;
        if (block.size() > (1 << 20)) {
          std::fwrite(block.data(), 1, block.size(), out);
          block.clear();
        }
      }
    }
    std::fwrite(block.data(), 1, block.size(), out);
    std::fclose(out);
  }
  std::ofstream(marker) << total;
  return total;
}

}  // namespace stockroom
