#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ingest/csv/csv_options.hpp"
#include "ingest/csv/field_parsers.hpp"

namespace stockroom {

// Input buffers handed to RowSplitter and Tokenizer hold a '\n' sentinel right after the
// data and this many readable bytes after it, so that 16-byte loads near the end are safe.
constexpr size_t kScanPadding = 32;

// The line ending of a file, chosen by its first line as PostgreSQL does.
enum class Eol : uint8_t { kUnknown, kNl, kCr, kCrNl };

// The rows RowSplitter found in a buffer.
struct ScanResult {
  std::vector<uint32_t> begin;  // row content [begin, end), terminator excluded
  std::vector<uint32_t> end;
  // Rows with line breaks inside quotes, which PostgreSQL counts as lines: (row, count).
  std::vector<std::pair<uint32_t, uint32_t>> embedded;
  size_t consumed = 0;       // bytes of the rows found, terminators included
  bool end_of_data = false;  // a \. line ended the data
  // A line-splitting error in the row after the last one found (rows() is its index).
  bool pending = false;
  std::string pending_message;
  std::string pending_hint;

  size_t rows() const { return begin.size(); }
  // Line breaks inside quotes in rows [0, row].
  uint64_t EmbeddedThrough(size_t row) const;
  uint64_t EmbeddedTotal() const { return EmbeddedThrough(SIZE_MAX); }
  void Clear();
};

// Splits COPY input into rows as PostgreSQL's CopyReadLineText does: quote-aware in csv
// format (with the escape rules of the line reader), backslash-aware in text format; a \.
// line ends the data; the first line break fixes the file's line ending, and a stray newline
// in a CRLF file is an error. Keeps the line ending between calls; not thread-safe.
class RowSplitter {
 public:
  explicit RowSplitter(const CsvOptions& options);

  // Finds the complete rows of data[0, size) (see kScanPadding); with `eof` the last row may
  // lack a terminator. Segments without quotes (or backslashes) take a memchr fast path.
  void Scan(const char* data, size_t size, bool eof, ScanResult& out);
  Eol eol() const { return eol_; }

 private:
  bool HasSpecials(const char* p, size_t n) const;
  void AddRow(const char* data, const char* begin, const char* end, uint32_t embedded, ScanResult& out);
  void SetStrayNewline(ScanResult& out);
  size_t FastScan(const char* data, size_t pos, size_t size, bool eof, ScanResult& out);
  bool ScanRow(const char* data, size_t pos, size_t size, bool eof, ScanResult& out, size_t* next);

  bool csv_;
  char quote_;
  char escape_;
  Eol eol_ = Eol::kUnknown;
};

// Bump allocation for de-quoted and de-escaped field values, reset per batch of rows.
// Not thread-safe.
class ScratchArena {
 public:
  // Returns room for at most `n` bytes; Commit tells how many were used.
  char* Reserve(size_t n);
  void Commit(size_t n) {
    current_ += n;
    left_ -= n;
  }
  // Frees everything but the largest block.
  void Reset();

 private:
  static constexpr size_t kBlockSize = 1 << 20;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<size_t> sizes_;
  char* current_ = nullptr;
  size_t left_ = 0;
};

enum class RowStatus : uint8_t {
  kOk,
  kMissing,        // fewer fields than columns
  kExtra,          // more fields than columns
  kUnterminated,   // csv: a quote still open at the end of the row
  kStrayCr,        // an unquoted (csv) or literal (text) carriage return
  kStrayLf,        // an unquoted or literal newline
  kMarkerCorrupt,  // text: \. not at the end of a line
  kBadEncoding,    // text: an escape produced invalid UTF-8
  kBadJson,        // json: the line is not one valid JSON object
};

// Splits a row into fields as PostgreSQL's CopyReadAttributesCSV/Text do and decides NULLs
// (the NULL string matched against the raw field, FORCE_NOT_NULL, FORCE_NULL). Immutable
// after construction; shared by threads.
class Tokenizer {
 public:
  // `force_not_null`/`force_null` (one flag per column, csv only) may be null.
  Tokenizer(const CsvOptions& options, size_t columns, const std::vector<bool>* force_not_null,
            const std::vector<bool>* force_null);

  // Splits the row [p, end) of a scan buffer into fields, storing field i at out[i][row] for
  // i < columns; values that needed de-quoting or de-escaping go to `scratch`. `fields`
  // receives how many fields the row has, `message` the error text of kBadEncoding.
  RowStatus Split(const char* p, const char* end, CsvField* const* out, size_t row, ScratchArena& scratch,
                  size_t* fields, std::string* message) const;

 private:
  const char* FindSpecial(const char* p) const;
  RowStatus SlowCsvField(const char* start, const char*& p, const char* end, ScratchArena& scratch,
                         CsvField* field) const;
  RowStatus SlowTextField(const char* start, const char*& p, const char* end, ScratchArena& scratch,
                          CsvField* field, std::string* message) const;

  bool csv_;
  char delimiter_;
  char quote_;
  char escape_;
  std::string null_;
  size_t columns_;
  const std::vector<bool>* force_not_null_;
  const std::vector<bool>* force_null_;
  uint8_t special_[256];
#ifdef __SSE2__
  __m128i delimiter_v_;
  __m128i quote_v_;  // the quote (csv) or backslash (text)
  __m128i cr_v_;
  __m128i lf_v_;
#endif
};

// Returns the offset of the first byte sequence of data[0, size) that is not valid UTF-8
// (NUL included), or npos; `message` (if not null) then receives PostgreSQL's error text for it
// (`invalid byte sequence for encoding "UTF8": 0xe2 0x28`).
size_t FindInvalidUtf8(const char* data, size_t size, std::string* message);

}  // namespace stockroom
