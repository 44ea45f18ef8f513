#include "ingest/external/landing_csv.hpp"

#include <algorithm>
#include <filesystem>

#include "common/error/exception.hpp"
#include "common/io/file_reader.hpp"

namespace stockroom {

LandingCsvReader::LandingCsvReader(const std::string& path)
    : reader_(std::make_unique<FileReader>(path)), buffer_(1 << 16) {
  CsvRecord header;
  if (!Next(&header)) throw SqlError(ErrorCode::kBadCopyFileFormat, "file \"" + path + "\" has no header line");
  header_ = std::move(header.fields);
}

LandingCsvReader::~LandingCsvReader() = default;

bool LandingCsvReader::NextChar(char* c) {
  if (position_ == size_) {
    size_ = reader_->Read(buffer_.data(), buffer_.size());
    position_ = 0;
    if (size_ == 0) return false;
  }
  *c = buffer_[position_++];
  return true;
}

bool LandingCsvReader::Next(CsvRecord* record) {
  record->fields.clear();
  record->null.clear();
  record->line = line_;
  std::string field;
  bool quoted = false;     // the current field started with a quote
  bool in_quotes = false;  // inside the quotes of the current field
  bool any = false;        // the record has at least one character
  char c;
  auto finish_field = [&] {
    record->null.push_back(!quoted && field.empty());
    record->fields.push_back(std::move(field));
    field.clear();
    quoted = false;
  };
  while (NextChar(&c)) {
    any = true;
    if (in_quotes) {
      if (c == '"') {
        char next;
        if (NextChar(&next)) {
          if (next == '"') {
            field += '"';
            continue;
          }
          position_--;  // NextChar just read it from the buffer, so it can step back
        }
        in_quotes = false;
        continue;
      }
      if (c == '\n') line_++;
      field += c;
      continue;
    }
    if (c == '"' && field.empty() && !quoted) {
      quoted = in_quotes = true;
    } else if (c == ',') {
      finish_field();
    } else if (c == '\n') {
      line_++;
      if (!field.empty() && field.back() == '\r' && !quoted) field.pop_back();
      finish_field();
      return true;
    } else {
      field += c;
    }
  }
  if (!any) return false;
  if (!field.empty() && field.back() == '\r' && !quoted) field.pop_back();
  finish_field();
  return true;
}

void AppendCsvField(std::string& out, std::string_view value, bool null, bool first) {
  if (!first) out += ',';
  if (null) return;
  bool quote = value.empty() || value.front() == ' ' || value.back() == ' ' ||
               value.find_first_of(",\"\n\r") != std::string_view::npos || value == "\\.";
  if (!quote) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

bool IsDecimalText(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && text[i] == '-') i++;
  size_t digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') i++, digits++;
  if (i < text.size() && text[i] == '.') {
    i++;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') i++, digits++;
  }
  return digits > 0 && i == text.size();
}

std::vector<LandingFileRef> ListLandingFiles(const std::string& landing, const std::string& system,
                                             const std::string& table, const std::string& from,
                                             const std::string& through) {
  namespace fs = std::filesystem;
  std::vector<LandingFileRef> files;
  fs::path folder = fs::path(landing) / system / table;
  std::error_code error;
  if (!fs::is_directory(folder, error)) return files;
  for (const auto& date_dir : fs::directory_iterator(folder)) {
    if (!date_dir.is_directory()) continue;
    std::string date = date_dir.path().filename().string();
    if (!from.empty() && date < from) continue;
    if (!through.empty() && date > through) continue;
    for (const auto& part : fs::directory_iterator(date_dir.path())) {
      std::string name = part.path().filename().string();
      if (part.is_regular_file() && name.rfind("part-", 0) == 0) files.push_back({date, part.path().string()});
    }
  }
  std::sort(files.begin(), files.end(), [](const LandingFileRef& a, const LandingFileRef& b) {
    return a.date != b.date ? a.date < b.date : a.path < b.path;
  });
  return files;
}

}  // namespace stockroom
