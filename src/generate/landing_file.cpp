#include "generate/landing_file.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "common/io/file_writer.hpp"
#include "common/types/date_time.hpp"

namespace stockroom {

void CsvLine::Start(bool numeric) {
  if (!field_starts_.empty()) text_ += ',';
  field_starts_.push_back(static_cast<uint32_t>(text_.size()));
  if (numeric) numeric_fields_.push_back(static_cast<uint32_t>(field_starts_.size() - 1));
}

CsvLine& CsvLine::Text(std::string_view value) {
  Start(false);
  bool quote = value.empty() || value.front() == ' ' || value.back() == ' ' ||
               value.find_first_of(",\"\n\r") != std::string_view::npos;
  if (!quote) {
    text_ += value;
    return *this;
  }
  text_ += '"';
  for (char c : value) {
    if (c == '"') text_ += '"';
    text_ += c;
  }
  text_ += '"';
  return *this;
}

CsvLine& CsvLine::Null() {
  Start(false);
  return *this;
}

CsvLine& CsvLine::Int(int64_t value) {
  Start(true);
  text_ += std::to_string(value);
  return *this;
}

CsvLine& CsvLine::Money(int64_t cents) {
  Start(true);
  char buffer[32];
  int64_t magnitude = cents < 0 ? -cents : cents;
  std::snprintf(buffer, sizeof buffer, "%s%lld.%02lld", cents < 0 ? "-" : "", static_cast<long long>(magnitude / 100),
                static_cast<long long>(magnitude % 100));
  text_ += buffer;
  return *this;
}

CsvLine& CsvLine::Fixed(double value, int decimals) {
  Start(true);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  text_ += buffer;
  return *this;
}

CsvLine& CsvLine::Bool(bool value) {
  Start(false);
  text_ += value ? "true" : "false";
  return *this;
}

CsvLine& CsvLine::Date(int32_t days) {
  Start(false);
  char buffer[date_time::kMaxFormattedLength];
  text_.append(buffer, date_time::FormatDate(days, buffer));
  return *this;
}

CsvLine& CsvLine::Timestamp(std::string_view iso) {
  Start(false);
  text_ += iso;
  return *this;
}

std::string CsvLine::Malformed(int kind) const {
  if (kind == 0 || numeric_fields_.empty()) {
    size_t last = field_starts_.empty() ? 0 : field_starts_.back();
    return text_.substr(0, last == 0 ? 0 : last - 1);
  }
  uint32_t field = numeric_fields_.front();
  size_t start = field_starts_[field];
  size_t end = field + 1 < field_starts_.size() ? field_starts_[field + 1] - 1 : text_.size();
  return text_.substr(0, start) + "12.3.4x" + text_.substr(end);
}

JsonLine::JsonLine() {
  text_ = "{";
  first_.push_back(true);
}

void JsonLine::Value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.back()) text_ += ',';
  first_.back() = false;
}

JsonLine& JsonLine::Key(std::string_view key) {
  if (!first_.back()) text_ += ',';
  first_.back() = false;
  text_ += '"';
  text_ += key;
  text_ += "\":";
  after_key_ = true;
  return *this;
}

JsonLine& JsonLine::String(std::string_view value) {
  Value();
  text_ += '"';
  for (char c : value) {
    switch (c) {
      case '"': text_ += "\\\""; break;
      case '\\': text_ += "\\\\"; break;
      case '\n': text_ += "\\n"; break;
      case '\t': text_ += "\\t"; break;
      default: text_ += c;
    }
  }
  text_ += '"';
  return *this;
}

JsonLine& JsonLine::Int(int64_t value) {
  Value();
  text_ += std::to_string(value);
  return *this;
}

JsonLine& JsonLine::Double(double value, int decimals) {
  Value();
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  text_ += buffer;
  return *this;
}

JsonLine& JsonLine::Bool(bool value) {
  Value();
  text_ += value ? "true" : "false";
  return *this;
}

JsonLine& JsonLine::Null() {
  Value();
  text_ += "null";
  return *this;
}

JsonLine& JsonLine::Date(int32_t days) {
  Value();
  char buffer[date_time::kMaxFormattedLength];
  text_ += '"';
  text_.append(buffer, date_time::FormatDate(days, buffer));
  text_ += '"';
  return *this;
}

JsonLine& JsonLine::UtcTime(int64_t micros) {
  Value();
  int32_t days;
  int64_t time_of_day;
  date_time::SplitTimestamp(micros, &days, &time_of_day);
  auto civil = date_time::CivilFromDays(days);
  int seconds = static_cast<int>(time_of_day / 1000000);
  // By hand rather than snprintf: shipments and tickets write several per row.
  char text[] = "\"0000-00-00T00:00:00Z\"";
  auto digits = [&](int at, int width, int value) {
    for (int i = width - 1; i >= 0; i--, value /= 10) text[at + i] = static_cast<char>('0' + value % 10);
  };
  digits(1, 4, civil.year);
  digits(6, 2, civil.month);
  digits(9, 2, civil.day);
  digits(12, 2, seconds / 3600);
  digits(15, 2, seconds / 60 % 60);
  digits(18, 2, seconds % 60);
  text_.append(text, sizeof text - 1);
  return *this;
}

JsonLine& JsonLine::BeginObject() {
  Value();
  text_ += '{';
  first_.push_back(true);
  return *this;
}

JsonLine& JsonLine::EndObject() {
  text_ += '}';
  first_.pop_back();
  return *this;
}

JsonLine& JsonLine::BeginArray() {
  Value();
  text_ += '[';
  first_.push_back(true);
  return *this;
}

JsonLine& JsonLine::EndArray() {
  text_ += ']';
  first_.pop_back();
  return *this;
}

const std::string& JsonLine::Finish() {
  if (first_.size() == 1) {
    text_ += '}';
    first_.pop_back();
  }
  return text_;
}

LandingFile::LandingFile(std::string out, std::string_view system, std::string_view table, int32_t date, int part,
                         LandingFormat format, std::vector<std::string> header, bool gzip, bool malformed,
                         LandingTotals* totals)
    : format_(format), header_(std::move(header)), gzip_(gzip), malformed_(malformed), totals_(totals) {
  char name[64];
  std::snprintf(name, sizeof name, "part-%05d.%s%s", part, format == LandingFormat::kCsv ? "csv" : "ndjson",
                gzip ? ".gz" : "");
  path_ = out + "/" + std::string(system) + "/" + std::string(table) + "/" + date_time::FormatDate(date) + "/" + name;
}

LandingFile::~LandingFile() = default;

void LandingFile::Open() {
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path());
  // The fastest level: compressing the biggest tables is most of the generator's work, and
  // level 1 costs only about a third more bytes than the default 6 on this repetitive text.
  writer_ = std::make_unique<FileWriter>(path_, gzip_, 1);
  if (format_ == LandingFormat::kCsv) {
    std::string header;
    for (const auto& name : header_) header += (header.empty() ? "" : ",") + name;
    header += '\n';
    writer_->Write(header);
    bytes_ += header.size();
  }
}

void LandingFile::Write(std::string_view line) {
  if (!writer_) Open();
  writer_->Write(line);
  writer_->Write("\n", 1);
  bytes_ += line.size() + 1;
}

void LandingFile::Add(const CsvLine& line) {
  Write(line.text());
  rows_++;
  if (malformed_ && (rows_ == 997 || (rows_ > 997 && (rows_ - 997) % 100003 == 0))) {
    Write(line.Malformed(static_cast<int>(broken_ % 2)));
    broken_++;
  }
}

void LandingFile::Add(JsonLine& line) {
  Write(line.Finish());
  rows_++;
}

void LandingFile::AddText(std::string_view line) {
  Write(line);
  rows_++;
}

void LandingFile::Close() {
  if (!writer_) return;
  writer_->Close();
  writer_.reset();
  if (totals_) {
    totals_->files++;
    totals_->rows += rows_;
    totals_->bytes += bytes_;
    totals_->malformed += broken_;
  }
}

}  // namespace stockroom
