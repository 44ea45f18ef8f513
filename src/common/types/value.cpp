#include "common/types/value.hpp"

#include "common/error/assert.hpp"
#include "common/types/date_time.hpp"
#include "common/types/numeric.hpp"
#include "common/types/time_zone.hpp"
#include "function/scalar/array_text.hpp"

namespace stockroom {

Value Value::Boolean(bool b) {
  Value v;
  v.type_ = TypeId::kBoolean;
  v.is_null_ = false;
  v.u_.b = b;
  return v;
}

Value Value::SmallInt(int16_t x) {
  Value v;
  v.type_ = TypeId::kSmallInt;
  v.is_null_ = false;
  v.u_.i16 = x;
  return v;
}

Value Value::Integer(int32_t x) {
  Value v;
  v.type_ = TypeId::kInteger;
  v.is_null_ = false;
  v.u_.i32 = x;
  return v;
}

Value Value::BigInt(int64_t x) {
  Value v;
  v.type_ = TypeId::kBigInt;
  v.is_null_ = false;
  v.u_.i64 = x;
  return v;
}

Value Value::Numeric(const LogicalType& type, int128_t unscaled) {
  SR_DCHECK(type.id() == TypeId::kNumeric);
  Value v;
  v.type_ = type;
  v.is_null_ = false;
  if (type.width() == 0) {
    v.u_.vn = VarNumeric{unscaled, type.scale()};
  } else if (type.physical() == PhysicalType::kInt64) {
    v.u_.i64 = static_cast<int64_t>(unscaled);
  } else {
    v.u_.i128 = unscaled;
  }
  return v;
}

Value Value::VarNum(VarNumeric x) {
  Value v;
  v.type_ = LogicalType(TypeId::kNumeric);
  v.is_null_ = false;
  v.u_.vn = x;
  return v;
}

Value Value::Real(float x) {
  Value v;
  v.type_ = TypeId::kReal;
  v.is_null_ = false;
  v.u_.f = x;
  return v;
}

Value Value::Double(double x) {
  Value v;
  v.type_ = TypeId::kDouble;
  v.is_null_ = false;
  v.u_.d = x;
  return v;
}

Value Value::String(const LogicalType& type, std::string s) {
  Value v;
  v.type_ = type;
  v.is_null_ = false;
  v.str_ = std::move(s);
  return v;
}

Value Value::Date(int32_t days) {
  Value v;
  v.type_ = TypeId::kDate;
  v.is_null_ = false;
  v.u_.i32 = days;
  return v;
}

Value Value::Timestamp(int64_t micros) {
  Value v;
  v.type_ = TypeId::kTimestamp;
  v.is_null_ = false;
  v.u_.i64 = micros;
  return v;
}

Value Value::TimestampTz(int64_t micros) {
  Value v;
  v.type_ = TypeId::kTimestampTz;
  v.is_null_ = false;
  v.u_.i64 = micros;
  return v;
}

Value Value::Interval(const stockroom::Interval& x) {
  Value v;
  v.type_ = TypeId::kInterval;
  v.is_null_ = false;
  v.u_.iv = x;
  return v;
}

int64_t Value::GetAsInt64() const {
  switch (type_.physical()) {
    case PhysicalType::kInt16:
      return u_.i16;
    case PhysicalType::kInt32:
      return u_.i32;
    case PhysicalType::kInt64:
      return u_.i64;
    case PhysicalType::kInt128:
      return static_cast<int64_t>(u_.i128);
    default:
      throw InternalError("GetAsInt64 on a " + type_.ToString() + " value");
  }
}

std::string Value::ToString(const TimeZone* tz) const {
  if (is_null_) return "";
  switch (type_.id()) {
    case TypeId::kBoolean:
      return u_.b ? "t" : "f";
    case TypeId::kSmallInt:
      return std::to_string(u_.i16);
    case TypeId::kInteger:
      return std::to_string(u_.i32);
    case TypeId::kBigInt:
      return std::to_string(u_.i64);
    case TypeId::kNumeric:
      switch (type_.physical()) {
        case PhysicalType::kInt64:
          return numeric::Format(u_.i64, type_.scale());
        case PhysicalType::kInt128:
          return numeric::Format(u_.i128, type_.scale());
        default:
          return numeric::Format(u_.vn);
      }
    case TypeId::kReal:
      return FormatFloat(u_.f);
    case TypeId::kDouble:
      return FormatDouble(u_.d);
    case TypeId::kDate:
      return date_time::FormatDate(u_.i32);
    case TypeId::kTimestamp:
      return date_time::FormatTimestamp(u_.i64);
    case TypeId::kTimestampTz:
      return date_time::FormatTimestampTz(u_.i64, tz ? *tz : TimeZone::Utc());
    case TypeId::kInterval:
      return date_time::FormatInterval(u_.iv);
    case TypeId::kArray:
      return type_.IsPgVector() ? array_text::VectorOutput(str_) : str_;
    default:
      return str_;
  }
}

std::string Value::ToSqlLiteral() const {
  if (is_null_) return "NULL";
  switch (type_.id()) {
    case TypeId::kBoolean:
      return u_.b ? "true" : "false";
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kNumeric:
      return ToString();
    default: {
      std::string out = "'";
      for (char c : ToString()) {
        if (c == '\'') out += '\'';
        out += c;
      }
      out += "'";
      if (type_.id() != TypeId::kUnknown && type_.id() != TypeId::kText) out += "::" + type_.ToString();
      return out;
    }
  }
}

namespace {
template <class T>
int Cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}
}  // namespace

int Value::Compare(const Value& other) const {
  switch (type_.physical()) {
    case PhysicalType::kBool:
      return Cmp(u_.b, other.u_.b);
    case PhysicalType::kInt16:
      return Cmp(u_.i16, other.u_.i16);
    case PhysicalType::kInt32:
      return Cmp(u_.i32, other.u_.i32);
    case PhysicalType::kInt64:
      return Cmp(u_.i64, other.u_.i64);
    case PhysicalType::kInt128:
      return Cmp(u_.i128, other.u_.i128);
    case PhysicalType::kFloat:
      // PostgreSQL orders NaN above every other value.
      if (u_.f != u_.f || other.u_.f != other.u_.f) return Cmp(u_.f != u_.f, other.u_.f != other.u_.f);
      return Cmp(u_.f, other.u_.f);
    case PhysicalType::kDouble:
      if (u_.d != u_.d || other.u_.d != other.u_.d) return Cmp(u_.d != u_.d, other.u_.d != other.u_.d);
      return Cmp(u_.d, other.u_.d);
    case PhysicalType::kInterval:
      return Cmp(u_.iv.Span(), other.u_.iv.Span());
    case PhysicalType::kVarNumeric:
      return numeric::Compare(u_.vn, other.u_.vn);
    case PhysicalType::kString: {
      int c = str_.compare(other.str_);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
  }
  return 0;
}

bool Value::Identical(const Value& other) const {
  if (type_ != other.type_ || is_null_ != other.is_null_) return false;
  if (is_null_) return true;
  switch (type_.physical()) {
    case PhysicalType::kBool:
      return u_.b == other.u_.b;
    case PhysicalType::kInt16:
      return u_.i16 == other.u_.i16;
    case PhysicalType::kInt32:
      return u_.i32 == other.u_.i32;
    case PhysicalType::kInt64:
      return u_.i64 == other.u_.i64;
    case PhysicalType::kInt128:
      return u_.i128 == other.u_.i128;
    case PhysicalType::kFloat:
      return u_.f == other.u_.f;
    case PhysicalType::kDouble:
      return u_.d == other.u_.d;
    case PhysicalType::kInterval:
      return u_.iv.months == other.u_.iv.months && u_.iv.days == other.u_.iv.days &&
             u_.iv.micros == other.u_.iv.micros;
    case PhysicalType::kVarNumeric:
      return u_.vn.value == other.u_.vn.value && u_.vn.scale == other.u_.vn.scale;
    case PhysicalType::kString:
      return str_ == other.str_;
  }
  return false;
}

}  // namespace stockroom
