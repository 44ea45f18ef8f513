#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "binder/expression/bound_expression.hpp"
#include "common/types/vector.hpp"

namespace stockroom {

class ClientContext;
class TimeZone;

// One field of an input row as the tokenizer found it: bytes in the input buffer or in the
// loader's scratch space. `data` is nullptr for NULL.
struct CsvField {
  const char* data;
  uint32_t size;

  bool IsNull() const { return data == nullptr; }
  std::string_view view() const { return std::string_view(data, size); }
};

// Converts text fields into values of one column type with the type's PostgreSQL input
// function semantics (22P02 invalid input syntax, 22003 out of range, 22001 value too long,
// numeric(p,s) rounding). Common types have allocation-free fast paths; the rest go through
// the text cast kernels. Immutable after construction; shared by the loader's threads.
class FieldParser {
 public:
  // `datetime_format` applies to date and timestamp columns (COPY's DATEFORMAT/TIMEFORMAT):
  // "" or "auto" for the type's input function, "epochsecs" or "epochmillisecs" (timestamps:
  // seconds or milliseconds since 1970-01-01 UTC), else a Redshift template such as
  // 'MM/DD/YYYY' or 'YYYY-MM-DD HH:MI:SS' (HH is the 24-hour clock; SS takes fractions).
  FieldParser(const LogicalType& type, ClientContext* context, const std::string& datetime_format = "");

  // Converts fields[begin, end) into rows [begin, end) of `out`, a flat writable vector of
  // the parser's type. Strings may point into the fields' bytes (or into out's heap).
  // Throws the first conversion error met (row order).
  void Parse(const CsvField* fields, idx_t begin, idx_t end, Vector& out) const;

  const LogicalType& type() const { return type_; }

  using Function = void (*)(const FieldParser& parser, const CsvField* fields, idx_t begin, idx_t end, Vector& out);

 private:
  friend struct FieldParserAccess;

  LogicalType type_;
  Function function_ = nullptr;
  CastFunctionPtr cast_ = nullptr;  // generic path
  ClientContext* context_ = nullptr;
  const TimeZone* time_zone_ = nullptr;
  int64_t now_ = 0;  // transaction start, for 'now'/'today'
  // Date columns: days of the first of each month of kFirstYear.. (plain ISO dates skip the
  // calendar arithmetic).
  std::vector<int32_t> month_starts_;
  // DATEFORMAT/TIMEFORMAT templates in to_timestamp's syntax, without and with fractional
  // seconds, and how many '.' the first has (a value with more carries a fraction).
  std::string template_;
  std::string fraction_template_;
  size_t template_dots_ = 0;
};

// Parsers of single values, exposed for tests and other loaders. Each accepts exactly what
// PostgreSQL's input function accepts and throws its errors.
namespace field_parse {
int16_t SmallInt(std::string_view text);
int32_t Integer(std::string_view text);
int64_t BigInt(std::string_view text);
// Returns value * 10^scale rounded half away from zero; 22003 when |value| >= 10^(p-s).
int128_t Decimal(std::string_view text, int32_t precision, int32_t scale);
double Double(std::string_view text);
float Real(std::string_view text);
}  // namespace field_parse

}  // namespace stockroom
