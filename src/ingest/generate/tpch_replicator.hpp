#pragma once

#include <string>

namespace stockroom {

// Makes TPC-H data at scale factor 0.1 * copies by replicating the SF 0.1 files: copy i
// shifts every key (orders, customers, parts, suppliers) by i times the SF 0.1 key range, so
// keys stay unique and every join, distribution and query predicate keeps its selectivity.
// Region and nation are written once. Writes uncompressed '|'-delimited <table>.tbl files
// into `out_dir` (created if missing) and returns the number of rows written. Skips the
// work when `out_dir` already holds a complete set for the same factor.
// Throws SqlError 58P01 when a source file is missing.
uint64_t ReplicateTpch(const std::string& source_dir, int copies, const std::string& out_dir);

}  // namespace stockroom
