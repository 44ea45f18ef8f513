#include "ingest/csv/csv_writer.hpp"

#include "function/cast/cast_functions.hpp"

namespace stockroom {

CsvWriter::CsvWriter(const CsvOptions& options, std::vector<LogicalType> types, std::vector<bool> force_quote,
                     ClientContext* context)
    : options_(options), types_(std::move(types)), force_quote_(std::move(force_quote)), context_(context) {
  force_quote_.resize(types_.size(), false);
  for (size_t c = 0; c < types_.size(); c++) text_.emplace_back(LogicalType(TypeId::kText));
}

// CopyAttributeOutText: control characters as \b \f \n \r \t \v, backslash and delimiter
// behind a backslash, everything else as is.
void CsvWriter::AppendText(std::string_view value, std::string& out) const {
  const char delimiter = options_.delimiter;
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < value.size(); i++) {
    char c = value[i];
    char escaped;
    if (static_cast<unsigned char>(c) < 0x20) {
      switch (c) {
        case '\b':
          escaped = 'b';
          break;
        case '\f':
          escaped = 'f';
          break;
        case '\n':
          escaped = 'n';
          break;
        case '\r':
          escaped = 'r';
          break;
        case '\t':
          escaped = 't';
          break;
        case '\v':
          escaped = 'v';
          break;
        default:
          if (c != delimiter) continue;
          escaped = c;
          break;
      }
    } else if (c == '\\' || c == delimiter) {
      escaped = c;
    } else {
      continue;
    }
    out.append(value.data() + run, i - run);
    out.push_back('\\');
    out.push_back(escaped);
    run = i + 1;
  }
  out.append(value.data() + run, value.size() - run);
}

// CopyAttributeOutCSV: quoted when forced, when equal to the NULL string, when the lone
// column is \. (the end-of-data marker), or when it holds a delimiter, quote, escape or
// line break; inside quotes, quote and escape characters get an escape before them.
void CsvWriter::AppendCsv(std::string_view value, bool force, std::string& out) const {
  const char quote = options_.quote;
  const char escape = options_.escape;
  bool use_quote = force || value == options_.null_string;
  if (!use_quote) {
    if (types_.size() == 1 && value == "\\.") {
      use_quote = true;
    } else {
      for (char c : value) {
        if (c == options_.delimiter || c == quote || c == escape || c == '\n' || c == '\r') {
          use_quote = true;
          break;
        }
      }
    }
  }
  if (!use_quote) {
    out.append(value);
    return;
  }
  out.push_back(quote);
  size_t run = 0;
  for (size_t i = 0; i < value.size(); i++) {
    char c = value[i];
    if (c == quote || c == escape) {
      out.append(value.data() + run, i - run);
      out.push_back(escape);
      run = i;
    }
  }
  out.append(value.data() + run, value.size() - run);
  out.push_back(quote);
}

void CsvWriter::WriteHeader(const std::vector<std::string>& names, std::string& out) const {
  for (size_t c = 0; c < names.size(); c++) {
    if (c) out.push_back(options_.delimiter);
    if (options_.csv()) {
      AppendCsv(names[c], false, out);
    } else {
      AppendText(names[c], out);
    }
  }
  out.push_back('\n');
}

void CsvWriter::WriteChunk(const DataChunk& chunk, std::string& out) {
  idx_t count = chunk.size();
  CastParameters params;
  params.context = context_;
  std::vector<UnifiedVectorFormat> formats(types_.size());
  for (size_t c = 0; c < types_.size(); c++) {
    params.source_type = &chunk.column(c).type();
    static const LogicalType kText(TypeId::kText);
    params.target_type = &kText;
    text_[c].Reset();
    CastToText(chunk.column(c), text_[c], count, params);
    text_[c].ToUnified(count, formats[c]);
  }
  bool csv = options_.csv();
  for (idx_t row = 0; row < count; row++) {
    for (size_t c = 0; c < types_.size(); c++) {
      if (c) out.push_back(options_.delimiter);
      const UnifiedVectorFormat& f = formats[c];
      idx_t index = f.Index(row);
      if (!f.validity->RowIsValid(index)) {
        out.append(options_.null_string);
        continue;
      }
      std::string_view value = f.Data<StringRef>()[index].view();
      if (csv) {
        AppendCsv(value, force_quote_[c], out);
      } else {
        AppendText(value, out);
      }
    }
    out.push_back('\n');
  }
}

}  // namespace stockroom
