#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace stockroom {

enum class CopyFormat : uint8_t { kText, kCsv, kBinary, kJson };
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

  // Redshift's COPY options (docs/loading.md).
  int64_t ignore_header = 0;     // IGNOREHEADER n: rows skipped at the start of each file
  std::string date_format;       // DATEFORMAT: "" or "auto" (the date input function) or a template
  std::string time_format;       // TIMEFORMAT: also "epochsecs", "epochmillisecs"
  bool empty_as_null = false;    // EMPTYASNULL: a field of zero length is NULL
  bool blanks_as_null = false;   // BLANKSASNULL: a field of only blanks is NULL
  char invalid_char_replacement = 0;  // ACCEPTINVCHARS: replaces each byte of invalid UTF-8 (0: off)
  int64_t max_errors = 0;        // MAXERROR n: rows that may be rejected before the COPY fails
  std::string json_paths;        // JSON: "auto" (columns by name) or a jsonpaths file

  bool csv() const { return format == CopyFormat::kCsv; }
  bool json() const { return format == CopyFormat::kJson; }
};

// Validates the COPY options (names lower-cased, values as written, lists as "a,b" or "*")
// with PostgreSQL 15's rules and messages (ProcessCopyOptions), e.g. 0A000 `COPY delimiter
// must be a single one-byte character`, 42601 `option "foo" not recognized`.
CsvOptions ParseCopyOptions(const std::map<std::string, std::string>& options, bool is_from);

}  // namespace stockroom
