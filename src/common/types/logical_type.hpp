#pragma once

#include <cstdint>
#include <string>

namespace stockroom {

using idx_t = uint64_t;
using sel_t = uint32_t;
using data_ptr_t = uint8_t*;
using const_data_ptr_t = const uint8_t*;

// Rows per vector: the unit of vectorized execution.
constexpr idx_t kVectorSize = 2048;

// SQL types (PostgreSQL's). kUnknown is the type of an untyped string literal or bare NULL
// before the binder resolves it from context, as in PostgreSQL.
enum class TypeId : uint8_t {
  kInvalid,
  kUnknown,
  kBoolean,
  kSmallInt,
  kInteger,
  kBigInt,
  kNumeric,  // width 0: unconstrained numeric (per-value scale)
  kReal,
  kDouble,
  kText,
  kVarchar,  // width 0: no length limit
  kChar,     // blank-padded, width >= 1
  kDate,
  kTimestamp,
  kTimestampTz,
  kInterval,
  kJson,
  kJsonb,
  kArray,   // element type in elem_id/width/scale; stored in PostgreSQL's text form
  kRecord,  // a composite (row) value: fields in record_type::Fields, stored in record_out's text form
};

// How values of a type are laid out in a vector.
enum class PhysicalType : uint8_t {
  kBool,
  kInt16,
  kInt32,
  kInt64,
  kInt128,
  kFloat,
  kDouble,
  kString,      // StringRef
  kInterval,    // Interval
  kVarNumeric,  // VarNumeric
};

// A SQL type with its modifiers: numeric precision and scale, varchar/char length.
// A small value type; cheap to copy.
class LogicalType {
 public:
  constexpr LogicalType() = default;
  constexpr LogicalType(TypeId id) : id_(id) {}  // NOLINT: implicit for plain types
  constexpr LogicalType(TypeId id, int32_t width, int32_t scale) : id_(id), width_(width), scale_(scale) {}

  static LogicalType Numeric(int32_t precision, int32_t scale) { return {TypeId::kNumeric, precision, scale}; }
  static LogicalType Varchar(int32_t length) { return {TypeId::kVarchar, length, 0}; }
  static LogicalType Char(int32_t length) { return {TypeId::kChar, length, 0}; }
  static LogicalType Array(const LogicalType& element);
  // int2vector / oidvector: PostgreSQL's one-dimensional arrays of smallint / oid (bigint
  // here) that subscript from 0 and print space separated ("1 2"). Stored as arrays with
  // lower bound 0 ('[0:1]={1,2}'), so every array function takes them as they are.
  static LogicalType Int2Vector();
  static LogicalType OidVector();
  // A record whose fields are record_type::Fields of it (common/types/record_type.hpp).
  static LogicalType Record(int32_t descriptor) { return {TypeId::kRecord, descriptor, 0}; }

  TypeId id() const { return id_; }
  int32_t width() const { return width_; }
  int32_t scale() const { return scale_; }
  // Element type of an array type.
  LogicalType Element() const { return LogicalType(elem_id_, width_, scale_); }
  // int2vector or oidvector (an array that prints space separated).
  bool IsPgVector() const { return pg_vector_; }
  // The plain array type of an int2vector/oidvector (smallint[] / bigint[]); other types as
  // they are. What array functions return for a vector argument, as in PostgreSQL.
  LogicalType WithoutVector() const;
  // Descriptor of a record type's fields (kRecord).
  int32_t record_descriptor() const { return width_; }

  PhysicalType physical() const;
  bool IsNumericFamily() const;  // smallint..double and numeric
  bool IsInteger() const { return id_ == TypeId::kSmallInt || id_ == TypeId::kInteger || id_ == TypeId::kBigInt; }
  bool IsString() const { return id_ == TypeId::kText || id_ == TypeId::kVarchar || id_ == TypeId::kChar; }
  bool IsTemporal() const;
  bool IsJson() const { return id_ == TypeId::kJson || id_ == TypeId::kJsonb; }
  bool IsUnconstrainedNumeric() const { return id_ == TypeId::kNumeric && width_ == 0; }

  // PostgreSQL's name for the type as format_type prints it ("character varying(25)").
  std::string ToString() const;
  // The short name used in error messages about functions ("integer", "text").
  std::string Name() const;

  friend bool operator==(const LogicalType& a, const LogicalType& b) {
    return a.id_ == b.id_ && a.width_ == b.width_ && a.scale_ == b.scale_ && a.elem_id_ == b.elem_id_ &&
           a.pg_vector_ == b.pg_vector_;
  }
  friend bool operator!=(const LogicalType& a, const LogicalType& b) { return !(a == b); }

 private:
  TypeId id_ = TypeId::kInvalid;
  TypeId elem_id_ = TypeId::kInvalid;
  bool pg_vector_ = false;
  int32_t width_ = 0;
  int32_t scale_ = 0;
};

// Returns the byte size of one value of `type` in a flat vector.
idx_t PhysicalSize(PhysicalType type);

// Largest numeric precision Stockroom stores exactly.
constexpr int32_t kMaxNumericPrecision = 38;

}  // namespace stockroom
