#include "ingest/csv/field_parsers.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "common/error/exception.hpp"
#include "common/types/date_time.hpp"
#include "common/types/numeric.hpp"
#include "common/types/time_zone.hpp"
#include "function/cast/cast_functions.hpp"
#include "function/scalar/date_parts.hpp"
#include "function/scalar/to_date_functions.hpp"
#include "main/client_context.hpp"

namespace stockroom {

struct FieldParserAccess {
  static const TimeZone& Zone(const FieldParser& p) { return *p.time_zone_; }
  static int64_t Now(const FieldParser& p) { return p.now_; }
  static CastFunctionPtr Cast(const FieldParser& p) { return p.cast_; }
  static ClientContext* Context(const FieldParser& p) { return p.context_; }
  static const std::vector<int32_t>& MonthStarts(const FieldParser& p) { return p.month_starts_; }
  static const std::string& Template(const FieldParser& p, std::string_view value) {
    return static_cast<size_t>(std::count(value.begin(), value.end(), '.')) > p.template_dots_ ? p.fraction_template_
                                                                                                 : p.template_;
  }
};

namespace {

bool IsCSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string Quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  out.append(text);
  out.push_back('"');
  return out;
}

template <class T>
const char* IntegerTypeName() {
  return sizeof(T) == 2 ? "smallint" : (sizeof(T) == 4 ? "integer" : "bigint");
}

// pg_strtoint16/32/64: blanks, optional sign, digits, blanks. Overflow is reported as soon
// as the digits leave the range, before any trailing junk is looked at.
template <class T>
T SlowInteger(std::string_view text) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end && IsCSpace(*p)) ++p;
  bool negative = false;
  if (p < end && (*p == '-' || *p == '+')) negative = *p++ == '-';
  auto syntax = [&]() {
    throw SqlError(ErrorCode::kInvalidTextRepresentation,
                   std::string("invalid input syntax for type ") + IntegerTypeName<T>() + ": " + Quoted(text));
  };
  if (p == end || *p < '0' || *p > '9') syntax();
  using U = std::make_unsigned_t<T>;
  const U limit = negative ? static_cast<U>(std::numeric_limits<T>::max()) + 1 : std::numeric_limits<T>::max();
  U magnitude = 0;
  for (; p < end && *p >= '0' && *p <= '9'; ++p) {
    U digit = static_cast<U>(*p - '0');
    if (magnitude > (limit - digit) / 10) {
      throw SqlError(ErrorCode::kNumericValueOutOfRange,
                     "value " + Quoted(text) + " is out of range for type " + IntegerTypeName<T>());
    }
    magnitude = static_cast<U>(magnitude * 10 + digit);
  }
  while (p < end && IsCSpace(*p)) ++p;
  if (p != end) syntax();
  return negative ? static_cast<T>(-magnitude) : static_cast<T>(magnitude);
}

// Plain "[-+]digits" that surely fits; false sends the field to SlowInteger.
template <class T>
inline bool FastInteger(const char* p, const char* end, T* out) {
  if (p == end) return false;
  bool negative = *p == '-';
  if (negative || *p == '+') ++p;
  if (p == end || end - p > 18) return false;
  uint64_t v = 0;
  for (; p < end; ++p) {
    unsigned d = static_cast<unsigned char>(*p) - '0';
    if (d > 9) return false;
    v = v * 10 + d;
  }
  constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<T>::max());
  if (v > kMax + (negative ? 1 : 0)) return false;
  *out = negative ? static_cast<T>(-static_cast<int64_t>(v)) : static_cast<T>(v);
  return true;
}

constexpr uint64_t kPow10[19] = {1ull,
                                 10ull,
                                 100ull,
                                 1000ull,
                                 10000ull,
                                 100000ull,
                                 1000000ull,
                                 10000000ull,
                                 100000000ull,
                                 1000000000ull,
                                 10000000000ull,
                                 100000000000ull,
                                 1000000000000ull,
                                 10000000000000ull,
                                 100000000000000ull,
                                 1000000000000000ull,
                                 10000000000000000ull,
                                 100000000000000000ull,
                                 1000000000000000000ull};

// "[-+]digits[.digits]" whose rounded value has at most 18 digits and fits the precision;
// rounds extra fraction digits half away from zero like numeric's apply_typmod. False
// sends the field to the general parser (exponents, blanks, NaN, overflow, errors).
inline bool FastDecimal(const char* p, const char* end, int32_t precision, int32_t scale, int64_t* out) {
  if (p == end) return false;
  bool negative = *p == '-';
  if (negative || *p == '+') ++p;
  uint64_t v = 0;
  int digits = 0;  // digits accumulated into v, leading zeros included
  bool any = false;
  for (; p < end; ++p) {
    unsigned d = static_cast<unsigned char>(*p) - '0';
    if (d > 9) break;
    if (++digits > 18) return false;
    v = v * 10 + d;
    any = true;
  }
  int frac = 0;
  unsigned round_digit = 0;
  if (p < end && *p == '.') {
    ++p;
    for (; p < end; ++p) {
      unsigned d = static_cast<unsigned char>(*p) - '0';
      if (d > 9) break;
      any = true;
      if (frac < scale) {
        if (++digits > 18) return false;
        v = v * 10 + d;
        ++frac;
      } else if (frac == scale) {
        round_digit = d;
        ++frac;
      }
    }
  }
  if (!any || p != end) return false;
  int kept = frac < scale ? frac : scale;
  if (digits + (scale - kept) > 18) return false;
  v *= kPow10[scale - kept];
  if (round_digit >= 5) v += 1;
  if (precision <= 18 && v >= kPow10[precision]) return false;
  *out = negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
  return true;
}

// Whether a float literal's mantissa is all zeros (so a parsed 0 is not an underflow).
bool IsZeroText(std::string_view text) {
  for (char c : text) {
    if (c == 'e' || c == 'E') break;
    if (c >= '1' && c <= '9') return false;
  }
  return true;
}


uint32_t CharLength(const char* s, uint32_t size) {
  uint32_t n = 0;
  uint32_t i = 0;
  // ASCII words have no continuation bytes.
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, s + i, 8);
    if ((w & 0x8080808080808080ull) != 0) break;
    n += 8;
  }
  for (; i < size; i++) n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  return n;
}

// Byte length of the first `chars` characters of s.
uint32_t ClipBytes(const char* s, uint32_t size, uint32_t chars) {
  uint32_t i = 0;
  while (i < size) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == 0) break;
      --chars;
    }
    ++i;
  }
  return i;
}

// varchar(n)/char(n) input: characters past n may only be blanks, which are dropped.
uint32_t CheckedClip(const char* s, uint32_t size, int32_t n, const char* type_name) {
  uint32_t keep = ClipBytes(s, size, static_cast<uint32_t>(n));
  for (uint32_t i = keep; i < size; i++) {
    if (s[i] != ' ') {
      throw SqlError(ErrorCode::kStringDataRightTruncation,
                     std::string("value too long for type ") + type_name + "(" + std::to_string(n) + ")");
    }
  }
  return keep;
}

template <class T, class F>
void ParseEach(const CsvField* fields, idx_t begin, idx_t end, Vector& out, F&& parse) {
  T* data = out.Data<T>();
  ValidityMask& validity = out.validity();
  for (idx_t i = begin; i < end; i++) {
    const CsvField& f = fields[i];
    if (f.IsNull()) {
      validity.SetInvalid(i);
      continue;
    }
    data[i] = parse(f.data, f.size);
  }
}

template <class T>
void ParseIntegers(const FieldParser&, const CsvField* fields, idx_t begin, idx_t end, Vector& out) {
  ParseEach<T>(fields, begin, end, out, [](const char* p, uint32_t n) {
    T v;
    if (FastInteger<T>(p, p + n, &v)) return v;
    return SlowInteger<T>(std::string_view(p, n));
  });
}

template <class T>
void ParseDecimals(const FieldParser& parser, const CsvField* fields, idx_t begin, idx_t end, Vector& out) {
  int32_t precision = parser.type().width();
  int32_t scale = parser.type().scale();
  ParseEach<T>(fields, begin, end, out, [precision, scale](const char* p, uint32_t n) {
    int64_t v;
    if (FastDecimal(p, p + n, precision, scale, &v)) return static_cast<T>(v);
    return static_cast<T>(numeric::ToTypmod(numeric::Parse(std::string_view(p, n)), precision, scale));
  });
}

void ParseVarNumerics(const FieldParser&, const CsvField* fields, idx_t begin, idx_t end, Vector& out) {
  ParseEach<VarNumeric>(fields, begin, end, out,
                        [](const char* p, uint32_t n) { return numeric::Parse(std::string_view(p, n)); });
}

void ParseDoubles(const FieldParser&, const CsvField* fields, idx_t begin, idx_t end, Vector& out) {
  ParseEach<double>(fields, begin, end, out, [](const char* p, uint32_t n) {
    return field_parse::Double(std::string_view(p, n));
  });
}

void ParseReals(const FieldParser&, const CsvField* fields, idx_t begin, idx_t end, Vector& out) {
  ParseEach<float>(fields, begin, end, out,
                   [](const char* p, uint32_t n) { return field_parse::Real(std::string_view(p, n)); });
}

void ParseBooleans(const FieldParser&, const CsvField* fields, idx_t begin, idx_t end, Vector& out) {
  ParseEach<bool>(fields, begin, end, out, [](const char* p, uint32_t n) {
    if (n == 1) {
      if (*p == 't' || *p == '1') return true;
      if (*p == 'f' || *p == '0') return false;
    }
    return ParseBoolean(std::string_view(p, n));
  });
}

constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2199;

inline bool TwoDigits(const char* p, int* out) {
  unsigned a = static_cast<unsigned char>(p[0]) - '0';
  unsigned b = static_cast<unsigned char>(p[1]) - '0';
  if (a > 9 || b > 9) return false;
  *out = static_cast<int>(a * 10 + b);
  return true;
}

void ParseDates(const FieldParser& parser, const CsvField* fields, idx_t begin, idx_t end, Vector& out) {
  const TimeZone& tz = FieldParserAccess::Zone(parser);
  int64_t now = FieldParserAccess::Now(parser);
  const std::vector<int32_t>& month_starts = FieldParserAccess::MonthStarts(parser);
  ParseEach<int32_t>(fields, begin, end, out, [&](const char* p, uint32_t n) {
    int century, year, month, day;
    if (n == 10 && p[4] == '-' && p[7] == '-' && TwoDigits(p, &century) && TwoDigits(p + 2, &year) &&
        TwoDigits(p + 5, &month) && TwoDigits(p + 8, &day)) {
      year += century * 100;
      if (year >= kFirstYear && year <= kLastYear && month >= 1 && month <= 12 && day >= 1 &&
          (day <= 28 || day <= date_time::DaysInMonth(year, month))) {
        return month_starts[(year - kFirstYear) * 12 + month - 1] + day - 1;
      }
    }
    return date_time::ParseDate(std::string_view(p, n), tz, now);
  });
}

void ParseTimestamps(const FieldParser& parser, const CsvField* fields, idx_t begin, idx_t end, Vector& out) {
  const TimeZone& tz = FieldParserAccess::Zone(parser);
  int64_t now = FieldParserAccess::Now(parser);
  ParseEach<int64_t>(fields, begin, end, out, [&](const char* p, uint32_t n) {
    return date_time::ParseTimestamp(std::string_view(p, n), tz, now);
  });
}

void ParseTimestampTzs(const FieldParser& parser, const CsvField* fields, idx_t begin, idx_t end, Vector& out) {
  const TimeZone& tz = FieldParserAccess::Zone(parser);
  int64_t now = FieldParserAccess::Now(parser);
  ParseEach<int64_t>(fields, begin, end, out, [&](const char* p, uint32_t n) {
    return date_time::ParseTimestampTz(std::string_view(p, n), tz, now);
  });
}

// DATEFORMAT/TIMEFORMAT: a template per load, parsed once per thread.
datetime_template::DchState& ThreadDchState() {
  thread_local datetime_template::DchState state;
  return state;
}

void ParseTemplateDates(const FieldParser& parser, const CsvField* fields, idx_t begin, idx_t end, Vector& out) {
  auto& dch = ThreadDchState();
  ParseEach<int32_t>(fields, begin, end, out, [&](const char* p, uint32_t n) {
    const std::string& fmt = FieldParserAccess::Template(parser, std::string_view(p, n));
    return TemplateToDate(dch, StringRef(p, n), StringRef(fmt.data(), static_cast<uint32_t>(fmt.size())));
  });
}

void ParseTemplateTimestamps(const FieldParser& parser, const CsvField* fields, idx_t begin, idx_t end,
                             Vector& out) {
  auto& dch = ThreadDchState();
  const TimeZone* zone = parser.type().id() == TypeId::kTimestampTz ? &FieldParserAccess::Zone(parser) : nullptr;
  ParseEach<int64_t>(fields, begin, end, out, [&](const char* p, uint32_t n) {
    const std::string& fmt = FieldParserAccess::Template(parser, std::string_view(p, n));
    return TemplateToTimestamp(dch, StringRef(p, n), StringRef(fmt.data(), static_cast<uint32_t>(fmt.size())), zone);
  });
}

// Seconds (with an optional fraction) or milliseconds since the Unix epoch, in UTC.
template <int64_t kUnitMicros>
void ParseEpochs(const FieldParser& parser, const CsvField* fields, idx_t begin, idx_t end, Vector& out) {
  const char* type_name = parser.type().id() == TypeId::kTimestampTz ? "timestamp with time zone"
                                                                       : "timestamp without time zone";
  ParseEach<int64_t>(fields, begin, end, out, [&](const char* p, uint32_t n) {
    std::string_view text(p, n);
    int64_t whole = 0;
    auto [rest, ec] = std::from_chars(p, p + n, whole);
    int64_t micros = 0;
    bool ok = ec == std::errc() && rest > p && !__builtin_mul_overflow(whole, kUnitMicros, &micros);
    if (ok && rest < p + n) {
      // A fraction of the unit: ".5" seconds is 500000 microseconds.
      ok = *rest == '.' && rest + 1 < p + n;
      int64_t scale = kUnitMicros;
      for (const char* d = rest + 1; ok && d < p + n; d++) {
        ok = *d >= '0' && *d <= '9';
        scale /= 10;
        micros += (whole < 0 || *p == '-' ? -1 : 1) * (*d - '0') * scale;
      }
    }
    if (!ok) {
      throw SqlError(ErrorCode::kInvalidDatetimeFormat,
                     std::string("invalid input syntax for type ") + type_name + ": " + Quoted(text));
    }
    int64_t value = micros - int64_t{date_time::kUnixEpochOffsetDays} * Interval::kMicrosPerDay;
    if (!date_parts::IsValidTimestamp(value)) date_parts::ThrowTimestampOutOfRange();
    return value;
  });
}

// Turns a Redshift DATEFORMAT/TIMEFORMAT string into to_timestamp's template: HH alone is
// the 24-hour clock there, as HH24 is here.
std::string RedshiftTemplate(const std::string& format) {
  std::string out;
  for (size_t i = 0; i < format.size(); i++) {
    bool hh = (format[i] == 'H' || format[i] == 'h') && i + 1 < format.size() &&
              (format[i + 1] == 'H' || format[i + 1] == 'h');
    if (hh && format.compare(i + 2, 2, "24") != 0 && format.compare(i + 2, 2, "12") != 0) {
      out += "HH24";
      i++;
      continue;
    }
    out.push_back(format[i]);
  }
  return out;
}

void ParseTexts(const FieldParser&, const CsvField* fields, idx_t begin, idx_t end, Vector& out) {
  ParseEach<StringRef>(fields, begin, end, out, [](const char* p, uint32_t n) { return StringRef(p, n); });
}

void ParseVarchars(const FieldParser& parser, const CsvField* fields, idx_t begin, idx_t end, Vector& out) {
  int32_t limit = parser.type().width();
  ParseEach<StringRef>(fields, begin, end, out, [limit](const char* p, uint32_t n) {
    if (n > static_cast<uint32_t>(limit) && CharLength(p, n) > static_cast<uint32_t>(limit)) {
      n = CheckedClip(p, n, limit, "character varying");
    }
    return StringRef(p, n);
  });
}

void ParseChars(const FieldParser& parser, const CsvField* fields, idx_t begin, idx_t end, Vector& out) {
  int32_t width = parser.type().width();
  ParseEach<StringRef>(fields, begin, end, out, [width, &out](const char* p, uint32_t n) {
    uint32_t chars = CharLength(p, n);
    if (chars == static_cast<uint32_t>(width)) return StringRef(p, n);
    if (chars > static_cast<uint32_t>(width)) return StringRef(p, CheckedClip(p, n, width, "character"));
    uint32_t len = n + (static_cast<uint32_t>(width) - chars);
    char buffer[StringRef::kInlineLength];
    char* target = len <= StringRef::kInlineLength ? buffer : out.heap().Allocate(len);
    std::memcpy(target, p, n);
    std::memset(target + n, ' ', len - n);
    return StringRef(target, len);
  });
}

// Everything else goes through the text cast kernel of the type, a vector at a time.
void ParseWithCast(const FieldParser& parser, const CsvField* fields, idx_t begin, idx_t end, Vector& out) {
  static const LogicalType kTextType(TypeId::kText);
  idx_t count = end - begin;
  Vector source(kTextType, count);
  StringRef* strings = source.Data<StringRef>();
  for (idx_t i = 0; i < count; i++) {
    const CsvField& f = fields[begin + i];
    if (f.IsNull()) {
      source.validity().SetInvalid(i);
      strings[i] = StringRef();
    } else {
      strings[i] = StringRef(f.data, f.size);
    }
  }
  CastParameters params;
  params.context = FieldParserAccess::Context(parser);
  params.source_type = &kTextType;
  params.target_type = &parser.type();
  params.explicit_cast = false;
  if (begin == 0) {
    FieldParserAccess::Cast(parser)(source, out, count, params);
    if (out.kind() != VectorKind::kFlat) out.Flatten(count);
    return;
  }
  Vector result(parser.type(), count);
  FieldParserAccess::Cast(parser)(source, result, count, params);
  for (idx_t i = 0; i < count; i++) out.SetValue(begin + i, result.GetValue(i));
}

}  // namespace

FieldParser::FieldParser(const LogicalType& type, ClientContext* context, const std::string& datetime_format)
    : type_(type), context_(context) {
  time_zone_ = context ? &context->time_zone() : &TimeZone::Utc();
  now_ = context ? context->transaction_start() : CurrentTimestampMicros();
  bool date = type.id() == TypeId::kDate;
  bool timestamp = type.id() == TypeId::kTimestamp || type.id() == TypeId::kTimestampTz;
  if ((date || timestamp) && !datetime_format.empty() && datetime_format != "auto") {
    if (datetime_format == "epochsecs" || datetime_format == "epochmillisecs") {
      if (!timestamp) {
        throw SqlError(ErrorCode::kInvalidParameterValue, "DATEFORMAT cannot be \"" + datetime_format + "\"")
            .WithHint("Epoch formats apply to TIMEFORMAT, for timestamp columns.");
      }
      function_ = datetime_format == "epochsecs" ? ParseEpochs<Interval::kMicrosPerSecond>
                                                 : ParseEpochs<Interval::kMicrosPerSecond / 1000>;
      return;
    }
    template_ = RedshiftTemplate(datetime_format);
    template_dots_ = static_cast<size_t>(std::count(template_.begin(), template_.end(), '.'));
    fraction_template_ = template_;
    size_t ss = fraction_template_.rfind("SS");
    if (ss != std::string::npos) fraction_template_.insert(ss + 2, ".US");
    function_ = date ? ParseTemplateDates : ParseTemplateTimestamps;
    return;
  }
  switch (type.id()) {
    case TypeId::kBoolean:
      function_ = ParseBooleans;
      return;
    case TypeId::kSmallInt:
      function_ = ParseIntegers<int16_t>;
      return;
    case TypeId::kInteger:
      function_ = ParseIntegers<int32_t>;
      return;
    case TypeId::kBigInt:
      function_ = ParseIntegers<int64_t>;
      return;
    case TypeId::kNumeric:
      if (type.width() == 0) {
        function_ = ParseVarNumerics;
      } else if (type.physical() == PhysicalType::kInt64) {
        function_ = ParseDecimals<int64_t>;
      } else {
        function_ = ParseDecimals<int128_t>;
      }
      return;
    case TypeId::kReal:
      function_ = ParseReals;
      return;
    case TypeId::kDouble:
      function_ = ParseDoubles;
      return;
    case TypeId::kText:
    case TypeId::kUnknown:
      function_ = ParseTexts;
      return;
    case TypeId::kVarchar:
      function_ = type.width() > 0 ? ParseVarchars : ParseTexts;
      return;
    case TypeId::kChar:
      function_ = type.width() > 0 ? ParseChars : ParseTexts;
      return;
    case TypeId::kDate:
      function_ = ParseDates;
      for (int year = kFirstYear; year <= kLastYear; year++) {
        for (int month = 1; month <= 12; month++) month_starts_.push_back(date_time::DaysFromCivil(year, month, 1));
      }
      return;
    case TypeId::kTimestamp:
      function_ = ParseTimestamps;
      return;
    case TypeId::kTimestampTz:
      function_ = ParseTimestampTzs;
      return;
    default:
      break;
  }
  cast_ = GetCastFunction(LogicalType(TypeId::kText), type);
  if (!cast_) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "COPY does not support columns of type " + type.ToString());
  }
  function_ = ParseWithCast;
}

void FieldParser::Parse(const CsvField* fields, idx_t begin, idx_t end, Vector& out) const {
  function_(*this, fields, begin, end, out);
}

namespace field_parse {

int16_t SmallInt(std::string_view text) {
  int16_t v;
  return FastInteger<int16_t>(text.data(), text.data() + text.size(), &v) ? v : SlowInteger<int16_t>(text);
}

int32_t Integer(std::string_view text) {
  int32_t v;
  return FastInteger<int32_t>(text.data(), text.data() + text.size(), &v) ? v : SlowInteger<int32_t>(text);
}

int64_t BigInt(std::string_view text) {
  int64_t v;
  return FastInteger<int64_t>(text.data(), text.data() + text.size(), &v) ? v : SlowInteger<int64_t>(text);
}

int128_t Decimal(std::string_view text, int32_t precision, int32_t scale) {
  int64_t v;
  if (FastDecimal(text.data(), text.data() + text.size(), precision, scale, &v)) return v;
  return numeric::ToTypmod(numeric::Parse(text), precision, scale);
}


// from_chars rounds exactly as strtod does; anything it does not take whole (blanks, hex,
// a leading '+', out-of-range values) goes to ParseDouble for PostgreSQL's handling.
double Double(std::string_view text) {
  if (!text.empty() && ((text[0] >= '0' && text[0] <= '9') || text[0] == '-' || text[0] == '.')) {
    double v;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(v) && (v != 0 || IsZeroText(text))) {
      return v;
    }
  }
  return ParseDouble(text);
}

float Real(std::string_view text) {
  if (!text.empty() && ((text[0] >= '0' && text[0] <= '9') || text[0] == '-' || text[0] == '.')) {
    float v;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(v) && (v != 0 || IsZeroText(text))) {
      return v;
    }
  }
  return ParseFloat(text);
}

}  // namespace field_parse

}  // namespace stockroom
