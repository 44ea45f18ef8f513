#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stockroom {

class FileReader;

// One record of a CSV file: its fields, with NULL (an unquoted empty field) told apart from
// the empty string ("").
struct CsvRecord {
  std::vector<std::string> fields;
  std::vector<bool> null;
  uint64_t line = 0;  // the physical line the record starts on (the header is line 1)
};

// Reads a landing zone CSV file (gzip or not) record by record, with the quoting the
// generator and PostgreSQL's COPY write: fields in double quotes may hold commas, quotes
// (doubled) and line breaks. Does not check field counts: the caller decides what a bad
// record is. Not thread-safe.
class LandingCsvReader {
 public:
  // Opens `path` and reads its header; throws SqlError (58P01, 58030) when it cannot.
  explicit LandingCsvReader(const std::string& path);
  ~LandingCsvReader();

  const std::vector<std::string>& header() const { return header_; }
  // Reads the next record; returns false at the end of the file.
  bool Next(CsvRecord* record);

 private:
  bool NextChar(char* c);

  std::unique_ptr<FileReader> reader_;
  std::vector<char> buffer_;
  size_t position_ = 0, size_ = 0;
  uint64_t line_ = 1;
  std::vector<std::string> header_;
};

// Appends `value` as one CSV field (after a comma unless it is the first of its line):
// quoted when it is empty or holds a comma, quote, line break or leading or trailing space;
// NULL is an empty unquoted field.
void AppendCsvField(std::string& out, std::string_view value, bool null, bool first);

// Returns whether `text` is a decimal number as the landing files write them: an optional
// minus, digits, and an optional fraction.
bool IsDecimalText(std::string_view text);

// The landing files of <landing>/<system>/<table>/<YYYY-MM-DD>/ for the extract dates in
// [from, through] (inclusive; empty: unbounded), by date, then part.
struct LandingFileRef {
  std::string date;
  std::string path;
};
std::vector<LandingFileRef> ListLandingFiles(const std::string& landing, const std::string& system,
                                             const std::string& table, const std::string& from,
                                             const std::string& through);

}  // namespace stockroom
