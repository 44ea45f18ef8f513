#include "common/types/pg_value_format.hpp"

#include <cstring>
#include <optional>
#include <vector>

#include "common/error/exception.hpp"
#include "common/types/date_time.hpp"
#include "common/types/pg_type.hpp"
#include "common/types/record_type.hpp"
#include "common/types/vector.hpp"
#include "function/cast/cast_functions.hpp"
#include "function/scalar/array_value.hpp"

namespace stockroom {

namespace {

[[noreturn]] void Malformed() {
  throw SqlError(ErrorCode::kInvalidBinaryRepresentation, "incorrect binary data format");
}

// Reads big-endian integers from a binary value; running past its end is malformed.
class BinaryReader {
 public:
  explicit BinaryReader(std::string_view data) : data_(data) {}
  template <class T>
  T Read() {
    if (data_.size() - pos_ < sizeof(T)) Malformed();
    uint64_t v = 0;
    for (size_t i = 0; i < sizeof(T); i++) v = (v << 8) | static_cast<unsigned char>(data_[pos_ + i]);
    pos_ += sizeof(T);
    return static_cast<T>(v);
  }
  std::string_view Bytes(size_t n) {
    if (data_.size() - pos_ < n) Malformed();
    std::string_view out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  std::string_view Rest() { return Bytes(data_.size() - pos_); }
  // A value must be consumed exactly (PostgreSQL: "incorrect binary data format").
  void ExpectEnd() const {
    if (pos_ != data_.size()) Malformed();
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

template <class T>
void Write(T v, std::string& out) {
  auto u = static_cast<uint64_t>(v);
  for (int i = static_cast<int>(sizeof(T)) - 1; i >= 0; i--) out.push_back(static_cast<char>((u >> (8 * i)) & 0xFF));
}

// PostgreSQL's server encoding is UTF-8: text it receives must be valid UTF-8 without NUL.
void CheckUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool valid = len != 0 && c != 0 && i + len <= s.size() && !(len == 2 && c < 0xC2) && !(c > 0xF4);
    for (size_t k = 1; valid && k < len; k++) valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (valid && len == 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      valid = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);  // overlong, surrogates
    }
    if (valid && len == 4) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      valid = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (!valid) {
      std::string bytes;
      char buf[8];
      for (size_t k = i; k < s.size() && k < i + std::max<size_t>(len, 1); k++) {
        std::snprintf(buf, sizeof(buf), "%s0x%02x", bytes.empty() ? "" : " ", static_cast<unsigned char>(s[k]));
        bytes += buf;
      }
      throw SqlError(ErrorCode::kCharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": " + bytes);
    }
    i += len;
  }
}

// PostgreSQL's numeric_send layout from the value's text ("-12.3400"): base-10000 digits
// with leading and trailing zero groups stripped, the weight of the first, the sign and
// the display scale.
void EncodeNumeric(const std::string& text, std::string& out) {
  bool negative = !text.empty() && text[0] == '-';
  std::string_view s(text);
  if (negative) s.remove_prefix(1);
  size_t point = s.find('.');
  std::string int_part(s.substr(0, point));
  std::string frac_part(point == std::string_view::npos ? "" : s.substr(point + 1));
  auto dscale = static_cast<uint16_t>(frac_part.size());
  int_part.insert(0, (4 - int_part.size() % 4) % 4, '0');
  frac_part.append((4 - frac_part.size() % 4) % 4, '0');
  std::string all = int_part + frac_part;
  std::vector<int16_t> digits;
  for (size_t i = 0; i < all.size(); i += 4) digits.push_back(static_cast<int16_t>(std::stoi(all.substr(i, 4))));
  int weight = static_cast<int>(int_part.size() / 4) - 1;
  size_t first = 0;
  while (first < digits.size() && digits[first] == 0) first++, weight--;
  size_t last = digits.size();
  while (last > first && digits[last - 1] == 0) last--;
  if (first == last) {  // zero: no digits, weight 0
    weight = 0;
    negative = false;
  }
  Write<int16_t>(static_cast<int16_t>(last - first), out);
  Write<int16_t>(static_cast<int16_t>(weight), out);
  Write<uint16_t>(negative ? 0x4000 : 0x0000, out);
  Write<uint16_t>(dscale, out);
  for (size_t i = first; i < last; i++) Write<int16_t>(digits[i], out);
}

// numeric_recv: the digits back into decimal text, then numeric's input function.
Value DecodeNumeric(const LogicalType& type, BinaryReader& reader) {
  int ndigits = reader.Read<int16_t>();
  int weight = reader.Read<int16_t>();
  uint16_t sign = reader.Read<uint16_t>();
  uint16_t dscale = reader.Read<uint16_t>();
  if (ndigits < 0) Malformed();
  if (sign != 0x0000 && sign != 0x4000 && sign != 0xC000 && sign != 0xD000 && sign != 0xF000) {
    throw SqlError(ErrorCode::kInvalidBinaryRepresentation, "invalid sign in external \"numeric\" value");
  }
  if (dscale > 0x3FFF) throw SqlError(ErrorCode::kInvalidBinaryRepresentation, "invalid scale in external \"numeric\" value");
  std::string groups;
  for (int i = 0; i < ndigits; i++) {
    int16_t d = reader.Read<int16_t>();
    if (d < 0 || d >= 10000) {
      throw SqlError(ErrorCode::kInvalidBinaryRepresentation, "invalid digit in external \"numeric\" value");
    }
    char buf[8];
    std::snprintf(buf, sizeof(buf), "%04d", d);
    groups += buf;
  }
  reader.ExpectEnd();
  if (sign != 0x0000 && sign != 0x4000) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "numeric NaN and infinity are not supported");
  }
  // groups holds digits[0] at 10000^weight: the decimal point follows (weight + 1) groups.
  int64_t int_digits = (static_cast<int64_t>(weight) + 1) * 4;
  if (int_digits < 0) {
    groups.insert(0, static_cast<size_t>(-int_digits), '0');
    int_digits = 0;
  }
  if (static_cast<int64_t>(groups.size()) < int_digits) groups.append(int_digits - groups.size(), '0');
  std::string text = sign == 0x4000 ? "-" : "";
  text += int_digits == 0 ? "0" : groups.substr(0, int_digits);
  std::string frac = groups.substr(int_digits);
  // Digits beyond the display scale are dropped, as numeric_recv does (they should be zero).
  if (frac.size() > dscale) frac.resize(dscale);
  frac.append(dscale - frac.size(), '0');
  if (!frac.empty()) text += "." + frac;
  return ParsePgText(type, text);
}

// PostgreSQL's valid ranges (IS_VALID_DATE, IS_VALID_TIMESTAMP), infinities aside.
constexpr int32_t kMinDate = -2451545;              // 4714-11-24 BC
constexpr int32_t kEndDate = 2147483494 - 2451545;  // exclusive
constexpr int64_t kMinTimestamp = -211813488000000000LL;
constexpr int64_t kEndTimestamp = 9223371331200000000LL;  // exclusive

// oidvector's elements are oids on the wire (type 26, 4 bytes), which Stockroom holds as
// bigints.
bool HasOidElements(const LogicalType& array) {
  return array.IsPgVector() && array.Element().id() == TypeId::kBigInt;
}

uint32_t ElementOid(const LogicalType& array) {
  constexpr uint32_t kOidTypeOid = 26;
  return HasOidElements(array) ? kOidTypeOid : PgTypeOf(array.Element()).oid;
}

}  // namespace

Value ParsePgText(const LogicalType& type, std::string_view text, const TimeZone* time_zone) {
  CheckUtf8(text);
  Value source = Value::Text(std::string(text));
  if (type.id() == TypeId::kText) return source;
  CastFunctionPtr function = GetCastFunction(LogicalType(TypeId::kText), type);
  if (!function) throw SqlError(ErrorCode::kFeatureNotSupported, "no input function for type " + type.ToString());
  Vector input(source);
  Vector result(type, 1);
  CastParameters params;
  params.time_zone = time_zone;
  params.source_type = &source.type();
  params.target_type = &type;
  params.explicit_cast = false;
  function(input, result, 1, params);
  return result.GetValue(0);
}

Value DecodePgBinary(const LogicalType& type, std::string_view data) {
  BinaryReader reader(data);
  Value value;
  switch (type.id()) {
    case TypeId::kBoolean:
      value = Value::Boolean(reader.Read<uint8_t>() != 0);
      break;
    case TypeId::kSmallInt:
      value = Value::SmallInt(reader.Read<int16_t>());
      break;
    case TypeId::kInteger:
      value = Value::Integer(reader.Read<int32_t>());
      break;
    case TypeId::kBigInt:
      value = Value::BigInt(reader.Read<int64_t>());
      break;
    case TypeId::kReal: {
      auto bits = reader.Read<uint32_t>();
      float f;
      std::memcpy(&f, &bits, sizeof(f));
      value = Value::Real(f);
      break;
    }
    case TypeId::kDouble: {
      auto bits = reader.Read<uint64_t>();
      double d;
      std::memcpy(&d, &bits, sizeof(d));
      value = Value::Double(d);
      break;
    }
    case TypeId::kNumeric:
      return DecodeNumeric(type, reader);
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kChar:
    case TypeId::kJson:
      return ParsePgText(type, reader.Rest());
    case TypeId::kJsonb: {
      auto version = reader.Read<uint8_t>();
      if (version != 1) {
        throw SqlError(ErrorCode::kInvalidBinaryRepresentation, "unsupported jsonb version number " + std::to_string(version));
      }
      return ParsePgText(type, reader.Rest());
    }
    case TypeId::kDate: {
      int32_t days = reader.Read<int32_t>();
      if (days != date_time::kDateInfinity && days != date_time::kDateNegInfinity && (days < kMinDate || days >= kEndDate)) {
        throw SqlError(ErrorCode::kDatetimeFieldOverflow, "date out of range");
      }
      value = Value::Date(days);
      break;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      int64_t micros = reader.Read<int64_t>();
      if (micros != date_time::kTimestampInfinity && micros != date_time::kTimestampNegInfinity &&
          (micros < kMinTimestamp || micros >= kEndTimestamp)) {
        throw SqlError(ErrorCode::kDatetimeFieldOverflow, "timestamp out of range");
      }
      value = type.id() == TypeId::kTimestamp ? Value::Timestamp(micros) : Value::TimestampTz(micros);
      break;
    }
    case TypeId::kInterval: {
      Interval interval;
      interval.micros = reader.Read<int64_t>();
      interval.days = reader.Read<int32_t>();
      interval.months = reader.Read<int32_t>();
      value = Value::Interval(interval);
      break;
    }
    case TypeId::kArray: {
      // array_recv: ndim, has-null flag, element OID, (dim, lower bound) per dimension,
      // then each element as a length word (-1: NULL) and its binary value.
      int32_t ndim = reader.Read<int32_t>();
      int32_t flags = reader.Read<int32_t>();
      uint32_t element_oid = reader.Read<uint32_t>();
      if (ndim < 0 || ndim > ArrayValue::kMaxDim) {
        throw SqlError(ErrorCode::kInvalidBinaryRepresentation, "invalid number of dimensions: " + std::to_string(ndim));
      }
      if (flags != 0 && flags != 1) throw SqlError(ErrorCode::kInvalidBinaryRepresentation, "invalid array flags");
      LogicalType element = type.Element();
      if (element_oid != ElementOid(type)) {
        throw SqlError(ErrorCode::kDatatypeMismatch, "binary data has array element type " + std::to_string(element_oid) +
                                                         " instead of expected " + std::to_string(ElementOid(type)));
      }
      int dims[ArrayValue::kMaxDim];
      int lbounds[ArrayValue::kMaxDim];
      int64_t count = ndim > 0 ? 1 : 0;
      for (int d = 0; d < ndim; d++) {
        dims[d] = reader.Read<int32_t>();
        lbounds[d] = reader.Read<int32_t>();
        if (dims[d] < 0 || (dims[d] > 0 && static_cast<int64_t>(lbounds[d]) + dims[d] - 1 > INT32_MAX)) {
          throw SqlError(ErrorCode::kProgramLimitExceeded, "array size exceeds the maximum allowed");
        }
        count *= dims[d];
        if (count > (1 << 27)) throw SqlError(ErrorCode::kProgramLimitExceeded, "array size exceeds the maximum allowed");
      }
      std::vector<std::string> texts;
      std::vector<uint8_t> nulls;
      for (int64_t i = 0; i < count; i++) {
        int32_t length = reader.Read<int32_t>();
        if (length == -1) {
          texts.emplace_back();
          nulls.push_back(1);
          continue;
        }
        if (length < 0) Malformed();
        std::string_view bytes = reader.Bytes(static_cast<size_t>(length));
        if (HasOidElements(type)) {
          BinaryReader oid(bytes);
          texts.push_back(std::to_string(oid.Read<uint32_t>()));
          oid.ExpectEnd();
        } else {
          texts.push_back(DecodePgBinary(element, bytes).ToString());
        }
        nulls.push_back(0);
      }
      reader.ExpectEnd();
      std::vector<std::string_view> views(texts.begin(), texts.end());
      std::string text;
      AppendArrayText(count == 0 ? 0 : ndim, dims, lbounds, views, nulls, text);
      return Value::String(type, std::move(text));
    }
    case TypeId::kRecord:  // as PostgreSQL's record_recv for an anonymous record
      throw SqlError(ErrorCode::kFeatureNotSupported, "input of anonymous composite types is not implemented");
    case TypeId::kUnknown:
    case TypeId::kInvalid:
      throw SqlError(ErrorCode::kFeatureNotSupported, "no binary input function for type " + type.ToString());
  }
  reader.ExpectEnd();
  return value;
}

namespace {

// An element or field of a container: its length word, then its binary value.
void EncodeWithLength(const Value& value, std::string& out) {
  size_t length_at = out.size();
  Write<int32_t>(0, out);
  EncodePgBinary(value, out);
  auto length = static_cast<uint32_t>(out.size() - length_at - 4);
  for (int k = 0; k < 4; k++) out[length_at + k] = static_cast<char>((length >> (8 * (3 - k))) & 0xFF);
}

}  // namespace

void EncodePgBinary(const Value& value, std::string& out) {
  const LogicalType& type = value.type();
  switch (type.id()) {
    case TypeId::kBoolean:
      out.push_back(value.GetBool() ? 1 : 0);
      return;
    case TypeId::kSmallInt:
      Write<int16_t>(value.GetInt16(), out);
      return;
    case TypeId::kInteger:
      Write<int32_t>(value.GetInt32(), out);
      return;
    case TypeId::kBigInt:
      Write<int64_t>(value.GetInt64(), out);
      return;
    case TypeId::kReal: {
      float f = value.GetFloat();
      uint32_t bits;
      std::memcpy(&bits, &f, sizeof(bits));
      Write<uint32_t>(bits, out);
      return;
    }
    case TypeId::kDouble: {
      double d = value.GetDouble();
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof(bits));
      Write<uint64_t>(bits, out);
      return;
    }
    case TypeId::kNumeric:
      EncodeNumeric(value.ToString(), out);
      return;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kChar:
    case TypeId::kJson:
    case TypeId::kUnknown:
      out += value.GetString();
      return;
    case TypeId::kJsonb:
      out.push_back(1);
      out += value.ToString();
      return;
    case TypeId::kDate:
      Write<int32_t>(value.GetInt32(), out);
      return;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      Write<int64_t>(value.GetInt64(), out);
      return;
    case TypeId::kInterval: {
      const Interval& interval = value.GetInterval();
      Write<int64_t>(interval.micros, out);
      Write<int32_t>(interval.days, out);
      Write<int32_t>(interval.months, out);
      return;
    }
    case TypeId::kArray: {
      ArrayValue array;
      if (!array.Parse(value.GetString())) throw InternalError("stored array value is not an array literal");
      LogicalType element = type.Element();
      bool has_null = false;
      for (size_t i = 0; i < array.size(); i++) has_null |= array.IsNull(i);
      int ndim = array.size() == 0 ? 0 : array.ndim();
      Write<int32_t>(ndim, out);
      Write<int32_t>(has_null ? 1 : 0, out);
      Write<uint32_t>(ElementOid(type), out);
      for (int d = 0; d < ndim; d++) {
        Write<int32_t>(array.dim(d), out);
        Write<int32_t>(array.lbound(d), out);
      }
      for (size_t i = 0; i < array.size(); i++) {
        if (array.IsNull(i)) {
          Write<int32_t>(-1, out);
          continue;
        }
        Value element_value = ParsePgText(element, array.Element(i));
        if (HasOidElements(type)) {
          Write<int32_t>(4, out);
          Write<uint32_t>(static_cast<uint32_t>(element_value.GetInt64()), out);
        } else {
          EncodeWithLength(element_value, out);
        }
      }
      return;
    }
    case TypeId::kRecord: {
      // record_send: the number of fields, then each field's type oid, length (-1: NULL)
      // and binary value.
      std::vector<std::optional<std::string>> fields;
      if (!record_type::ParseFields(value.GetString(), fields)) {
        throw InternalError("stored record value is not a record literal");
      }
      const std::vector<RecordField>& types = record_type::Fields(type);
      Write<int32_t>(static_cast<int32_t>(fields.size()), out);
      for (size_t i = 0; i < fields.size(); i++) {
        LogicalType field_type = i < types.size() ? types[i].type : LogicalType(TypeId::kText);
        Write<uint32_t>(PgTypeOf(field_type).oid, out);
        if (!fields[i]) {
          Write<int32_t>(-1, out);
          continue;
        }
        EncodeWithLength(ParsePgText(field_type, *fields[i]), out);
      }
      return;
    }
    case TypeId::kInvalid:
      break;
  }
  throw InternalError("no binary output for type " + type.ToString());
}

}  // namespace stockroom
