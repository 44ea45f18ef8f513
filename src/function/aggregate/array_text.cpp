#include "function/aggregate/array_text.hpp"

#include <charconv>

#include "common/types/date_time.hpp"
#include "common/types/interval.hpp"
#include "common/types/numeric.hpp"
#include "common/types/string_ref.hpp"
#include "common/types/var_numeric.hpp"

namespace stockroom {
namespace array_text {

namespace {

template <class T>
void AppendInteger(std::string& out, T v) {
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), v);
  out.append(buffer, result.ptr - buffer);
}

bool IsArraySpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool NeedsQuotes(std::string_view text) {
  if (text.empty()) return true;
  if (text.size() == 4 && (text[0] | 0x20) == 'n' && (text[1] | 0x20) == 'u' && (text[2] | 0x20) == 'l' &&
      (text[3] | 0x20) == 'l') {
    return true;
  }
  for (char c : text) {
    if (c == '"' || c == '\\' || c == '{' || c == '}' || c == ',' || IsArraySpace(c)) return true;
  }
  return false;
}

}  // namespace

void AppendValue(std::string& out, const LogicalType& type, const void* value, const TimeZone& tz) {
  char buffer[date_time::kMaxFormattedLength];
  switch (type.id()) {
    case TypeId::kBoolean:
      out.push_back(*static_cast<const bool*>(value) ? 't' : 'f');
      return;
    case TypeId::kSmallInt:
      AppendInteger(out, *static_cast<const int16_t*>(value));
      return;
    case TypeId::kInteger:
      AppendInteger(out, *static_cast<const int32_t*>(value));
      return;
    case TypeId::kBigInt:
      AppendInteger(out, *static_cast<const int64_t*>(value));
      return;
    case TypeId::kNumeric:
      switch (type.physical()) {
        case PhysicalType::kInt64:
          out += numeric::Format(*static_cast<const int64_t*>(value), type.scale());
          return;
        case PhysicalType::kInt128:
          out += numeric::Format(*static_cast<const int128_t*>(value), type.scale());
          return;
        default:
          out += numeric::Format(*static_cast<const VarNumeric*>(value));
          return;
      }
    case TypeId::kReal:
      out += FormatFloat(*static_cast<const float*>(value));
      return;
    case TypeId::kDouble:
      out += FormatDouble(*static_cast<const double*>(value));
      return;
    case TypeId::kDate:
      out.append(buffer, date_time::FormatDate(*static_cast<const int32_t*>(value), buffer));
      return;
    case TypeId::kTimestamp:
      out.append(buffer, date_time::FormatTimestamp(*static_cast<const int64_t*>(value), buffer));
      return;
    case TypeId::kTimestampTz:
      out.append(buffer, date_time::FormatTimestampTz(*static_cast<const int64_t*>(value), tz, buffer));
      return;
    case TypeId::kInterval:
      out += date_time::FormatInterval(*static_cast<const Interval*>(value));
      return;
    default: {
      const auto* s = static_cast<const StringRef*>(value);
      out.append(s->data(), s->size());
      return;
    }
  }
}

void AppendElement(std::string& out, std::string_view text) {
  if (!NeedsQuotes(text)) {
    out.append(text);
    return;
  }
  out.push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

void AppendElement(std::string& out, const LogicalType& type, const UnifiedVectorFormat& format, idx_t idx,
                   const TimeZone& tz, std::string& scratch) {
  if (!format.validity->RowIsValid(idx)) {
    out += "NULL";
    return;
  }
  const void* value = format.data + idx * PhysicalSize(type.physical());
  scratch.clear();
  AppendValue(scratch, type, value, tz);
  AppendElement(out, scratch);
}

}  // namespace array_text
}  // namespace stockroom
