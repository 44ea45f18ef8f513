#include <cctype>
#include <charconv>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

#include "common/error/exception.hpp"
#include "common/types/date_time.hpp"
#include "common/types/json.hpp"
#include "common/types/numeric.hpp"
#include "common/types/time_zone.hpp"
#include "function/cast/cast_kernels.hpp"
#include "function/scalar/array_text.hpp"
#include "function/scalar/vector_executor.hpp"
#include "main/client_context.hpp"

// Casts to and from the string types: PostgreSQL's type output functions (what every type
// turns into as text), its input functions (how text becomes each type), and the varchar(n)
// and char(n) length rules. Lengths count characters of UTF-8 text, as PostgreSQL does in a
// UTF8 database.

namespace stockroom {
namespace cast {
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

uint32_t CharLength(std::string_view s) {
  uint32_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Returns the byte length of the first `chars` characters of `s` (all of it if shorter).
size_t ClipBytes(std::string_view s, uint32_t chars) {
  size_t i = 0;
  while (i < s.size()) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == 0) break;
      --chars;
    }
    ++i;
  }
  return i;
}

// Checks that what a non-explicit cast cuts off is only blanks (PostgreSQL's rule for both
// varchar(n) and char(n)).
void CheckTruncation(std::string_view cut, const char* type_name, int32_t n) {
  for (char c : cut) {
    if (c != ' ') {
      throw SqlError(ErrorCode::kStringDataRightTruncation,
                     std::string("value too long for type ") + type_name + "(" + std::to_string(n) + ")");
    }
  }
}

// PostgreSQL's varchar(source, n, explicit): the kept prefix of `s`.
std::string_view ClipVarchar(std::string_view s, int32_t n, bool explicit_cast) {
  if (n <= 0 || s.size() <= static_cast<size_t>(n)) return s;
  size_t keep = ClipBytes(s, static_cast<uint32_t>(n));
  if (keep == s.size()) return s;
  if (!explicit_cast) CheckTruncation(s.substr(keep), "character varying", n);
  return s.substr(0, keep);
}

// PostgreSQL's bpchar(source, n, explicit): the kept prefix of `s` and how many blanks follow.
std::string_view ClipBpchar(std::string_view s, int32_t n, bool explicit_cast, uint32_t* pad) {
  *pad = 0;
  uint32_t chars = CharLength(s);
  if (chars == static_cast<uint32_t>(n)) return s;
  if (chars > static_cast<uint32_t>(n)) {
    size_t keep = ClipBytes(s, static_cast<uint32_t>(n));
    if (!explicit_cast) CheckTruncation(s.substr(keep), "character", n);
    return s.substr(0, keep);
  }
  *pad = static_cast<uint32_t>(n) - chars;
  return s;
}

std::string_view RTrimBlanks(std::string_view s) {
  size_t len = s.size();
  while (len > 0 && s[len - 1] == ' ') --len;
  return s.substr(0, len);
}

// Stores `s` as a value of the string type `target`, applying its length rule. With
// `copy` false, `s` lies in bytes the result keeps alive, so a prefix can be referenced.
StringRef StoreCoerced(std::string_view s, const LogicalType& target, bool explicit_cast, StringHeap& heap,
                       bool copy) {
  if (target.id() == TypeId::kChar && target.width() > 0) {
    uint32_t pad;
    std::string_view kept = ClipBpchar(s, target.width(), explicit_cast, &pad);
    if (pad > 0) {
      uint32_t len = static_cast<uint32_t>(kept.size()) + pad;
      char buffer[StringRef::kInlineLength];
      char* out = len <= StringRef::kInlineLength ? buffer : heap.Allocate(len);
      std::memcpy(out, kept.data(), kept.size());
      std::memset(out + kept.size(), ' ', pad);
      return StringRef(out, len);
    }
    s = kept;
  } else if (target.id() == TypeId::kVarchar) {
    s = ClipVarchar(s, target.width(), explicit_cast);
  }
  return copy ? heap.Add(s) : StringRef(s);
}

// Appends unscaled * 10^-scale as numeric_out prints it.
void AppendNumeric(int128_t unscaled, int32_t scale, std::string& out) {
  char digits[48];
  int n = 0;
  uint128_t mag = unscaled < 0 ? -static_cast<uint128_t>(unscaled) : static_cast<uint128_t>(unscaled);
  // 128-bit division is a library call; most values fit in 64 bits.
  while (mag > std::numeric_limits<uint64_t>::max()) {
    digits[sizeof(digits) - 1 - n++] = static_cast<char>('0' + static_cast<int>(mag % 10));
    mag /= 10;
  }
  uint64_t small = static_cast<uint64_t>(mag);
  do {
    digits[sizeof(digits) - 1 - n++] = static_cast<char>('0' + small % 10);
    small /= 10;
  } while (small != 0);
  const char* first = digits + sizeof(digits) - n;
  if (unscaled < 0) out.push_back('-');
  if (scale <= 0) {
    out.append(first, n);
    // A negative scale stands for trailing integer zeros.
    if (unscaled != 0) out.append(static_cast<size_t>(-static_cast<int64_t>(scale)), '0');
    return;
  }
  int64_t int_len = n - static_cast<int64_t>(scale);
  if (int_len <= 0) {
    out.append("0.");
    out.append(static_cast<size_t>(-int_len), '0');
    out.append(first, n);
  } else {
    out.append(first, static_cast<size_t>(int_len));
    out.push_back('.');
    out.append(first + int_len, static_cast<size_t>(n - int_len));
  }
}

template <class T>
void AppendInteger(T v, std::string& out) {
  char buffer[24];
  auto res = std::to_chars(buffer, buffer + sizeof(buffer), v);
  out.append(buffer, res.ptr);
}

int ExtraFloatDigits(const CastParameters& params) {
  return params.context ? params.context->settings().extra_float_digits : 1;
}

// float8out / float4out: shortest round-trip text unless extra_float_digits asks for a
// fixed number of significant digits.
template <class T>
void AppendFloat(T v, int extra_digits, std::string& out) {
  if (extra_digits > 0 || v != v || v == std::numeric_limits<T>::infinity() ||
      v == -std::numeric_limits<T>::infinity()) {
    out.append(std::is_same_v<T, float> ? FormatFloat(v) : FormatDouble(v));
    return;
  }
  int digits = (std::is_same_v<T, float> ? 6 : 15) + extra_digits;
  if (digits < 1) digits = 1;
  char buffer[64];
  auto res = std::to_chars(buffer, buffer + sizeof(buffer), v, std::chars_format::general, digits);
  out.append(buffer, res.ptr);
}

// Runs `format(value, scratch)` for each row and stores the text as the result's string type.
template <class T, class Fmt>
void FormatRows(const Vector& source, Vector& result, idx_t count, const CastParameters& params,
                Fmt&& format) {
  const LogicalType target = result.type();
  std::string scratch;
  UnaryExecutor::Execute<T, StringRef>(source, result, count, [&](T v) {
    scratch.clear();
    format(v, scratch);
    return StoreCoerced(scratch, target, params.explicit_cast, result.heap(), true);
  });
}

template <bool kOutputStyle>
void BoolToString(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  // boolout prints t/f; the boolean -> text cast (booltext) spells the words out.
  FormatRows<bool>(source, result, count, params, [](bool v, std::string& out) {
    if (kOutputStyle) {
      out.push_back(v ? 't' : 'f');
    } else {
      out.append(v ? "true" : "false");
    }
  });
}

template <class T>
void IntegerToString(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  FormatRows<T>(source, result, count, params, [](T v, std::string& out) { AppendInteger(v, out); });
}

template <class T>
void FixedNumericToString(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  int32_t scale = source.type().scale();
  FormatRows<T>(source, result, count, params,
                [scale](T v, std::string& out) { AppendNumeric(v, scale, out); });
}

void VarNumericToString(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  FormatRows<VarNumeric>(source, result, count, params,
                         [](const VarNumeric& v, std::string& out) { AppendNumeric(v.value, v.scale, out); });
}

template <class T>
void FloatToString(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  int extra = ExtraFloatDigits(params);
  FormatRows<T>(source, result, count, params,
                [extra](T v, std::string& out) { AppendFloat(v, extra, out); });
}

void DateToString(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  FormatRows<int32_t>(source, result, count, params, [](int32_t v, std::string& out) {
    char buffer[date_time::kMaxFormattedLength];
    out.append(buffer, date_time::FormatDate(v, buffer));
  });
}

void TimestampToString(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  FormatRows<int64_t>(source, result, count, params, [](int64_t v, std::string& out) {
    char buffer[date_time::kMaxFormattedLength];
    out.append(buffer, date_time::FormatTimestamp(v, buffer));
  });
}

void TimestampTzToString(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  const TimeZone& tz = SessionZone(params);
  FormatRows<int64_t>(source, result, count, params, [&tz](int64_t v, std::string& out) {
    char buffer[date_time::kMaxFormattedLength];
    out.append(buffer, date_time::FormatTimestampTz(v, tz, buffer));
  });
}

void IntervalToString(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  FormatRows<Interval>(source, result, count, params,
                       [](const Interval& v, std::string& out) { out.append(date_time::FormatInterval(v)); });
}

void ReferenceCast(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  ReferenceAs(source, result, count);
}

// Between string types: char(n) sources lose their trailing blanks unless the target is
// char(n) too; varchar(n) and char(n) targets apply their length rules.
void StringToString(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  const LogicalType& from = source.type();
  const LogicalType target = result.type();
  bool strip = from.id() == TypeId::kChar && target.id() != TypeId::kChar;
  bool to_char = target.id() == TypeId::kChar;
  bool to_varchar = target.id() == TypeId::kVarchar && target.width() > 0;
  bool fits =
      !to_varchar || (from.id() == TypeId::kVarchar && from.width() > 0 && from.width() <= target.width());
  if (!strip && !to_char && fits) {
    ReferenceAs(source, result, count);
    return;
  }
  bool explicit_cast = params.explicit_cast;
  UnaryExecutor::Execute<StringRef, StringRef>(source, result, count, [&](const StringRef& s) {
    std::string_view text = s.view();
    if (strip) text = RTrimBlanks(text);
    return StoreCoerced(text, target, explicit_cast, result.heap(), false);
  });
  result.KeepStringsOf(source);
}

// int2vector/oidvector print their elements space separated ("1 2").
void PgVectorToString(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  const LogicalType target = result.type();
  bool explicit_cast = params.explicit_cast;
  UnaryExecutor::Execute<StringRef, StringRef>(source, result, count, [&](const StringRef& s) {
    return StoreCoerced(array_text::VectorOutput(s.view()), target, explicit_cast, result.heap(), false);
  });
}

[[noreturn]] void IntegerInputError(std::string_view text, const char* type_name, bool overflow) {
  if (overflow) {
    throw SqlError(ErrorCode::kNumericValueOutOfRange,
                   "value " + Quoted(text) + " is out of range for type " + type_name);
  }
  throw SqlError(ErrorCode::kInvalidTextRepresentation,
                 std::string("invalid input syntax for type ") + type_name + ": " + Quoted(text));
}

// pg_strtoint16/32/64: optional blanks, sign, decimal digits, optional blanks. Overflow is
// reported as soon as the digits pass the range, before any trailing junk is seen.
template <class T>
T ParseInteger(std::string_view text, const char* type_name) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end && IsCSpace(*p)) ++p;
  bool negative = false;
  if (p < end && (*p == '-' || *p == '+')) negative = *p++ == '-';
  if (p == end || *p < '0' || *p > '9') IntegerInputError(text, type_name, false);
  using U = std::make_unsigned_t<T>;
  const U limit =
      negative ? static_cast<U>(std::numeric_limits<T>::max()) + 1 : std::numeric_limits<T>::max();
  U magnitude = 0;
  for (; p < end && *p >= '0' && *p <= '9'; ++p) {
    U digit = static_cast<U>(*p - '0');
    if (magnitude > (limit - digit) / 10) IntegerInputError(text, type_name, true);
    magnitude = static_cast<U>(magnitude * 10 + digit);
  }
  while (p < end && IsCSpace(*p)) ++p;
  if (p != end) IntegerInputError(text, type_name, false);
  return negative ? static_cast<T>(-magnitude) : static_cast<T>(magnitude);
}

bool PrefixNoCase(std::string_view word, std::string_view text, size_t min_len) {
  if (text.size() > word.size() || text.size() < min_len) return false;
  for (size_t i = 0; i < text.size(); i++) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != word[i]) return false;
  }
  return true;
}


void StringToBool(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  UnaryExecutor::Execute<StringRef, bool>(source, result, count,
                                          [](const StringRef& s) { return ParseBoolean(s.view()); });
}

template <class T>
void StringToInteger(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  const char* name = sizeof(T) == 2 ? "smallint" : (sizeof(T) == 4 ? "integer" : "bigint");
  UnaryExecutor::Execute<StringRef, T>(
      source, result, count, [name](const StringRef& s) { return ParseInteger<T>(s.view(), name); });
}

template <class T>
void StringToFixedNumeric(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  int32_t precision = result.type().width();
  int32_t scale = result.type().scale();
  UnaryExecutor::Execute<StringRef, T>(source, result, count, [&](const StringRef& s) {
    return static_cast<T>(numeric::ToTypmod(numeric::Parse(s.view()), precision, scale));
  });
}

void StringToVarNumeric(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  UnaryExecutor::Execute<StringRef, VarNumeric>(source, result, count,
                                                [](const StringRef& s) { return numeric::Parse(s.view()); });
}

void StringToReal(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  UnaryExecutor::Execute<StringRef, float>(source, result, count,
                                           [](const StringRef& s) { return ParseFloat(s.view()); });
}

void StringToDouble(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  UnaryExecutor::Execute<StringRef, double>(source, result, count,
                                            [](const StringRef& s) { return ParseDouble(s.view()); });
}

// 'now', 'today' and friends read the transaction's start time, as in PostgreSQL.
int64_t CastClock(const CastParameters& params) {
  return params.context ? params.context->transaction_start() : CurrentTimestampMicros();
}

// Tells the statement when `text` may name the clock ('now', 'today', 'tomorrow',
// 'yesterday', any case): its result then depends on when it ran and is not cached
// (main/result_cache.hpp). A false alarm only costs a cache entry.
void NoteClockWord(const CastParameters& params, std::string_view text) {
  if (!params.context || params.context->clock_read()) return;
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* word : {"now", "today", "tomorrow", "yesterday"}) {
    if (lower.find(word) != std::string::npos) {
      params.context->NoteClockRead();
      return;
    }
  }
}

void StringToDate(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  const TimeZone& tz = SessionZone(params);
  int64_t now = CastClock(params);
  UnaryExecutor::Execute<StringRef, int32_t>(
      source, result, count, [&](const StringRef& s) {
        NoteClockWord(params, s.view());
        return date_time::ParseDate(s.view(), tz, now);
      });
}

void StringToTimestamp(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  const TimeZone& tz = SessionZone(params);
  int64_t now = CastClock(params);
  UnaryExecutor::Execute<StringRef, int64_t>(source, result, count, [&](const StringRef& s) {
    NoteClockWord(params, s.view());
    return date_time::ParseTimestamp(s.view(), tz, now);
  });
}

void StringToTimestampTz(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  const TimeZone& tz = SessionZone(params);
  int64_t now = CastClock(params);
  UnaryExecutor::Execute<StringRef, int64_t>(source, result, count, [&](const StringRef& s) {
    NoteClockWord(params, s.view());
    return date_time::ParseTimestampTz(s.view(), tz, now);
  });
}

void StringToInterval(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  int32_t range = params.interval_range;
  UnaryExecutor::Execute<StringRef, Interval>(source, result, count, [range](const StringRef& s) {
    return range == 0 ? date_time::ParseInterval(s.view()) : ParseIntervalWithRange(s.view(), range);
  });
}

// json keeps the text as given once it parses.
void StringToJson(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  UnaryExecutor::Execute<StringRef, StringRef>(source, result, count, [](const StringRef& s) {
    json::Validate(s.view());
    return s;
  });
  result.KeepStringsOf(source);
}

void StringToJsonb(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  UnaryExecutor::Execute<StringRef, StringRef>(source, result, count, [&](const StringRef& s) {
    return result.heap().Add(json::NormalizeJsonb(s.view()));
  });
}

CastFunctionPtr GetToString(const LogicalType& from) {
  if (from.IsPgVector()) return PgVectorToString;
  if (IsStringPhysical(from)) return StringToString;
  switch (from.id()) {
    case TypeId::kBoolean:
      return BoolToString<false>;
    case TypeId::kSmallInt:
      return IntegerToString<int16_t>;
    case TypeId::kInteger:
      return IntegerToString<int32_t>;
    case TypeId::kBigInt:
      return IntegerToString<int64_t>;
    case TypeId::kNumeric:
      switch (from.physical()) {
        case PhysicalType::kInt64:
          return FixedNumericToString<int64_t>;
        case PhysicalType::kInt128:
          return FixedNumericToString<int128_t>;
        default:
          return VarNumericToString;
      }
    case TypeId::kReal:
      return FloatToString<float>;
    case TypeId::kDouble:
      return FloatToString<double>;
    case TypeId::kDate:
      return DateToString;
    case TypeId::kTimestamp:
      return TimestampToString;
    case TypeId::kTimestampTz:
      return TimestampTzToString;
    case TypeId::kInterval:
      return IntervalToString;
    default:
      return nullptr;
  }
}

CastFunctionPtr GetFromString(const LogicalType& to) {
  switch (to.id()) {
    case TypeId::kBoolean:
      return StringToBool;
    case TypeId::kSmallInt:
      return StringToInteger<int16_t>;
    case TypeId::kInteger:
      return StringToInteger<int32_t>;
    case TypeId::kBigInt:
      return StringToInteger<int64_t>;
    case TypeId::kNumeric:
      switch (to.physical()) {
        case PhysicalType::kInt64:
          return StringToFixedNumeric<int64_t>;
        case PhysicalType::kInt128:
          return StringToFixedNumeric<int128_t>;
        default:
          return StringToVarNumeric;
      }
    case TypeId::kReal:
      return StringToReal;
    case TypeId::kDouble:
      return StringToDouble;
    case TypeId::kDate:
      return StringToDate;
    case TypeId::kTimestamp:
      return StringToTimestamp;
    case TypeId::kTimestampTz:
      return StringToTimestampTz;
    case TypeId::kInterval:
      return StringToInterval;
    case TypeId::kJson:
      return StringToJson;
    case TypeId::kJsonb:
      return StringToJsonb;
    case TypeId::kRecord:  // a record field holding a record (record_field's text)
      return ReferenceCast;
    default:
      return nullptr;
  }
}

}  // namespace


CastFunctionPtr GetStringCast(const LogicalType& from, const LogicalType& to) {
  if (IsTextLike(to)) return GetToString(from);
  if (IsTextLike(from)) return GetFromString(to);
  if (from.id() == TypeId::kJson && to.id() == TypeId::kJsonb) return StringToJsonb;
  // jsonb text is valid json text.
  if (from.id() == TypeId::kJsonb && to.id() == TypeId::kJson) return ReferenceCast;
  return nullptr;
}

}  // namespace cast

// boolin: trimmed, case-insensitive prefixes of true/false/yes/no, on/off (at least two
// letters), 1/0.
bool ParseBoolean(std::string_view original) {
  std::string_view text = original;
  while (!text.empty() && cast::IsCSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && cast::IsCSpace(text.back())) text.remove_suffix(1);
  // Each word with the fewest letters that identify it ("o" alone is neither on nor off).
  static constexpr struct {
    std::string_view word;
    size_t min_len;
    bool value;
  } kWords[] = {{"true", 1, true}, {"false", 1, false}, {"yes", 1, true}, {"no", 1, false},
                {"on", 2, true},   {"off", 2, false},   {"1", 1, true},   {"0", 1, false}};
  for (const auto& w : kWords) {
    if (cast::PrefixNoCase(w.word, text, w.min_len)) return w.value;
  }
  throw SqlError(ErrorCode::kInvalidTextRepresentation,
                 "invalid input syntax for type boolean: " + cast::Quoted(original));
}

void CastToText(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  const LogicalType& from = source.type();
  if (from.id() == TypeId::kInvalid) {
    result.SetConstantNull();
    return;
  }
  // Output functions print char(n) with its padding, and booleans as t/f.
  if (cast::IsStringPhysical(from) && !from.IsPgVector()) {
    cast::ReferenceAs(source, result, count);
    return;
  }
  if (from.id() == TypeId::kBoolean) {
    cast::BoolToString<true>(source, result, count, params);
    return;
  }
  CastFunctionPtr fn = cast::GetToString(from);
  if (!fn) throw InternalError("no text output for type " + from.ToString());
  fn(source, result, count, params);
}

}  // namespace stockroom
