#pragma once

#include <string>
#include <vector>

#include "common/types/vector.hpp"
#include "ingest/csv/csv_options.hpp"

namespace stockroom {

class ClientContext;

// Formats rows as PostgreSQL's COPY TO does in text format (backslash escapes, \N) or csv
// format (quoting only where needed, FORCE_QUOTE). Values print as their output functions
// print them (timestamptz in the session zone). Not thread-safe.
class CsvWriter {
 public:
  // `force_quote` has one flag per column (csv only).
  CsvWriter(const CsvOptions& options, std::vector<LogicalType> types, std::vector<bool> force_quote,
            ClientContext* context);

  // Appends the header line (column names) to `out`.
  void WriteHeader(const std::vector<std::string>& names, std::string& out) const;
  // Appends one line per row of `chunk` to `out`.
  void WriteChunk(const DataChunk& chunk, std::string& out);

 private:
  void AppendText(std::string_view value, std::string& out) const;
  void AppendCsv(std::string_view value, bool force, std::string& out) const;

  CsvOptions options_;
  std::vector<LogicalType> types_;
  std::vector<bool> force_quote_;
  ClientContext* context_;
  std::vector<Vector> text_;
};

}  // namespace stockroom
