#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stockroom {

class FileWriter;

// One CSV line being built, field by field, with the quoting PostgreSQL's and Redshift's
// COPY read back: a field is quoted when it holds a delimiter, quote, newline or leading or
// trailing space; an empty field is NULL, "" an empty string.
class CsvLine {
 public:
  CsvLine& Text(std::string_view value);
  CsvLine& Null();
  CsvLine& Int(int64_t value);
  CsvLine& Money(int64_t cents);  // 12.34
  CsvLine& Fixed(double value, int decimals);
  CsvLine& Bool(bool value);      // true / false
  CsvLine& Date(int32_t days);    // YYYY-MM-DD
  CsvLine& Timestamp(std::string_view iso);  // written as given

  const std::string& text() const { return text_; }
  size_t fields() const { return field_starts_.size(); }
  // Returns a copy with a broken field: `kind` 0 drops the last field (a wrong column
  // count); 1 replaces the first numeric field with an unparseable number.
  std::string Malformed(int kind) const;

 private:
  void Start(bool numeric);
  std::string text_;
  std::vector<uint32_t> field_starts_;
  std::vector<uint32_t> numeric_fields_;
};

// One NDJSON line: a JSON object built key by key, nested objects and arrays included.
class JsonLine {
 public:
  JsonLine();
  JsonLine& Key(std::string_view key);  // before a value, inside an object
  JsonLine& String(std::string_view value);
  JsonLine& Int(int64_t value);
  JsonLine& Double(double value, int decimals);
  JsonLine& Bool(bool value);
  JsonLine& Null();
  JsonLine& Date(int32_t days);           // "2025-03-01"
  JsonLine& UtcTime(int64_t micros);      // "2025-03-01T14:15:02Z", whole seconds
  JsonLine& BeginObject();
  JsonLine& EndObject();
  JsonLine& BeginArray();
  JsonLine& EndArray();
  // Returns the finished line (closes the top object).
  const std::string& Finish();

 private:
  void Value();
  std::string text_;
  std::vector<bool> first_;  // per open container: no member written yet
  bool after_key_ = false;
};

enum class LandingFormat { kCsv, kNdjson };

// Totals over the whole landing zone; updated by every file as it closes. Thread-safe.
struct LandingTotals {
  std::atomic<uint64_t> files{0}, rows{0}, bytes{0}, malformed{0};
};

// One part file of a landing table, <out>/<system>/<table>/<YYYY-MM-DD>/part-NNNNN.<ext>,
// created on the first row (a part with no rows leaves no file). CSV parts start with the
// header. When `malformed` is set, a broken copy of a row follows row 997 and every
// 100,003rd row after it (the dirt of spec §2). Not thread-safe: one writer per part.
class LandingFile {
 public:
  LandingFile(std::string out, std::string_view system, std::string_view table, int32_t date, int part,
              LandingFormat format, std::vector<std::string> header, bool gzip, bool malformed,
              LandingTotals* totals);
  ~LandingFile();
  LandingFile(const LandingFile&) = delete;
  LandingFile& operator=(const LandingFile&) = delete;

  void Add(const CsvLine& line);
  void Add(JsonLine& line);
  // Writes a row that exists already as text (a duplicate a source system exported twice).
  void AddText(std::string_view line);
  // Flushes and closes; throws on a write error.
  void Close();
  uint64_t rows() const { return rows_; }

 private:
  void Open();
  void Write(std::string_view line);

  std::string path_;
  LandingFormat format_;
  std::vector<std::string> header_;
  bool gzip_, malformed_;
  LandingTotals* totals_;
  std::unique_ptr<FileWriter> writer_;
  uint64_t rows_ = 0, bytes_ = 0, broken_ = 0;
};

}  // namespace stockroom
