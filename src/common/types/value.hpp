#pragma once

#include <string>

#include "common/types/int128.hpp"
#include "common/types/interval.hpp"
#include "common/types/logical_type.hpp"
#include "common/types/var_numeric.hpp"

namespace stockroom {

class TimeZone;

// One SQL value of any type, boxed: constants in plans, settings, rows handed to clients
// one at a time. Hot paths use vectors, not Values.
// Numeric values hold the unscaled integer (the type carries the scale), except
// unconstrained numeric, which holds a VarNumeric.
class Value {
 public:
  Value() : type_(TypeId::kUnknown), is_null_(true) {}
  static Value Null(const LogicalType& type) {
    Value v;
    v.type_ = type;
    return v;
  }
  static Value Boolean(bool b);
  static Value SmallInt(int16_t v);
  static Value Integer(int32_t v);
  static Value BigInt(int64_t v);
  // A numeric(p,s) value with p <= 38; `unscaled` is value * 10^s.
  static Value Numeric(const LogicalType& type, int128_t unscaled);
  static Value VarNum(VarNumeric v);
  static Value Real(float v);
  static Value Double(double v);
  static Value Text(std::string s) { return String(TypeId::kText, std::move(s)); }
  static Value String(const LogicalType& type, std::string s);
  static Value Date(int32_t days);
  static Value Timestamp(int64_t micros);
  static Value TimestampTz(int64_t micros);
  static Value Interval(const stockroom::Interval& v);

  const LogicalType& type() const { return type_; }
  bool IsNull() const { return is_null_; }

  bool GetBool() const { return u_.b; }
  int16_t GetInt16() const { return u_.i16; }
  int32_t GetInt32() const { return u_.i32; }
  int64_t GetInt64() const { return u_.i64; }
  int128_t GetInt128() const { return u_.i128; }
  float GetFloat() const { return u_.f; }
  double GetDouble() const { return u_.d; }
  const std::string& GetString() const { return str_; }
  const stockroom::Interval& GetInterval() const { return u_.iv; }
  const VarNumeric& GetVarNumeric() const { return u_.vn; }

  // Returns an integer-family or numeric value widened to int64 (numeric: unscaled);
  // used for LIMIT, OFFSET, ordinals and settings.
  int64_t GetAsInt64() const;

  // Returns the value as PostgreSQL prints it in text output ("t", "1.50", "2024-01-31").
  // NULL prints as an empty string; check IsNull first. timestamptz prints in `tz` (UTC if null).
  std::string ToString(const TimeZone* tz = nullptr) const;
  // Returns the value as a SQL literal, for EXPLAIN and error messages.
  std::string ToSqlLiteral() const;

  // Orders two non-NULL values of the same physical type (-1, 0, 1), as SQL compares them.
  int Compare(const Value& other) const;
  // Returns whether two values are the same type and the same value (NULLs are equal).
  bool Identical(const Value& other) const;

  // Access to the raw storage, laid out as one value of the type's physical layout.
  const void* RawData() const { return is_null_ ? nullptr : (type_.physical() == PhysicalType::kString ? nullptr : &u_); }

 private:
  LogicalType type_;
  bool is_null_ = false;
  union Storage {
    bool b;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    int128_t i128;
    float f;
    double d;
    stockroom::Interval iv;
    VarNumeric vn;
    Storage() : vn() {}
  } u_;
  std::string str_;
};

}  // namespace stockroom
