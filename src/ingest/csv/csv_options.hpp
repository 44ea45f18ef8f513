#pragma once

#include <map>
#include <string>
#include <vector>

namespace stockroom {

enum class CopyFormat : uint8_t { kText, kCsv, kBinary };
enum class CopyHeader : uint8_t { kNone, kPresent, kMatch };
enum class CopyCompression : uint8_t { kAuto, kNone, kGzip };

// The options of one COPY, validated and with PostgreSQL's defaults filled in: text format
// uses tab and \N; csv uses comma, empty NULL and '"' for quote and escape.
struct CsvOptions {
  CopyFormat format = CopyFormat::kText;
  char delimiter = '\t';
  char quote = '"';
  char escape = '"';
  std::string null_string = "\\N";
  CopyHeader header = CopyHeader::kNone;
  bool freeze = false;
  // Canonical encoding name of the file ("UTF8", "LATIN1", ...); empty: the database's (UTF8).
  std::string encoding;
  // Extension: gzip output for COPY TO (input compression is detected from the data).
  CopyCompression compression = CopyCompression::kAuto;
  bool force_quote_all = false;
  // Column names as written; checked against the COPY's columns by the caller.
  std::vector<std::string> force_quote;
  std::vector<std::string> force_not_null;
  std::vector<std::string> force_null;

  bool csv() const { return format == CopyFormat::kCsv; }
};

// Validates the COPY options (names lower-cased, values as written, lists as "a,b" or "*")
// with PostgreSQL 15's rules and messages (ProcessCopyOptions), e.g. 0A000 `COPY delimiter
// must be a single one-byte character`, 42601 `option "foo" not recognized`.
CsvOptions ParseCopyOptions(const std::map<std::string, std::string>& options, bool is_from);

}  // namespace stockroom
