#include "common/types/logical_type.hpp"

#include "common/error/assert.hpp"
#include "common/types/int128.hpp"
#include "common/types/interval.hpp"
#include "common/types/string_ref.hpp"
#include "common/types/var_numeric.hpp"

namespace stockroom {

LogicalType LogicalType::Array(const LogicalType& element) {
  LogicalType t(TypeId::kArray, element.width_, element.scale_);
  t.elem_id_ = element.id_;
  return t;
}

LogicalType LogicalType::Int2Vector() {
  LogicalType t = Array(TypeId::kSmallInt);
  t.pg_vector_ = true;
  return t;
}

LogicalType LogicalType::OidVector() {
  LogicalType t = Array(TypeId::kBigInt);
  t.pg_vector_ = true;
  return t;
}

LogicalType LogicalType::WithoutVector() const {
  LogicalType t = *this;
  t.pg_vector_ = false;
  return t;
}

PhysicalType LogicalType::physical() const {
  switch (id_) {
    case TypeId::kBoolean:
      return PhysicalType::kBool;
    case TypeId::kSmallInt:
      return PhysicalType::kInt16;
    case TypeId::kInteger:
    case TypeId::kDate:
      return PhysicalType::kInt32;
    case TypeId::kBigInt:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return PhysicalType::kInt64;
    case TypeId::kNumeric:
      if (width_ == 0) return PhysicalType::kVarNumeric;
      return width_ <= 18 ? PhysicalType::kInt64 : PhysicalType::kInt128;
    case TypeId::kReal:
      return PhysicalType::kFloat;
    case TypeId::kDouble:
      return PhysicalType::kDouble;
    case TypeId::kInterval:
      return PhysicalType::kInterval;
    case TypeId::kUnknown:
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kChar:
    case TypeId::kJson:
    case TypeId::kJsonb:
    case TypeId::kArray:
    case TypeId::kRecord:
      return PhysicalType::kString;
    case TypeId::kInvalid:
      break;
  }
  SR_UNREACHABLE();
}

bool LogicalType::IsNumericFamily() const {
  switch (id_) {
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kNumeric:
    case TypeId::kReal:
    case TypeId::kDouble:
      return true;
    default:
      return false;
  }
}

bool LogicalType::IsTemporal() const {
  return id_ == TypeId::kDate || id_ == TypeId::kTimestamp || id_ == TypeId::kTimestampTz ||
         id_ == TypeId::kInterval;
}

std::string LogicalType::Name() const {
  switch (id_) {
    case TypeId::kInvalid:
      return "invalid";
    case TypeId::kUnknown:
      return "unknown";
    case TypeId::kBoolean:
      return "boolean";
    case TypeId::kSmallInt:
      return "smallint";
    case TypeId::kInteger:
      return "integer";
    case TypeId::kBigInt:
      return "bigint";
    case TypeId::kNumeric:
      return "numeric";
    case TypeId::kReal:
      return "real";
    case TypeId::kDouble:
      return "double precision";
    case TypeId::kText:
      return "text";
    case TypeId::kVarchar:
      return "character varying";
    case TypeId::kChar:
      return "character";
    case TypeId::kDate:
      return "date";
    case TypeId::kTimestamp:
      return "timestamp without time zone";
    case TypeId::kTimestampTz:
      return "timestamp with time zone";
    case TypeId::kInterval:
      return "interval";
    case TypeId::kJson:
      return "json";
    case TypeId::kJsonb:
      return "jsonb";
    case TypeId::kArray:
      if (pg_vector_) return elem_id_ == TypeId::kSmallInt ? "int2vector" : "oidvector";
      return Element().Name() + "[]";
    case TypeId::kRecord:
      return "record";
  }
  return "invalid";
}

std::string LogicalType::ToString() const {
  switch (id_) {
    case TypeId::kNumeric:
      if (width_ == 0) return "numeric";
      return "numeric(" + std::to_string(width_) + "," + std::to_string(scale_) + ")";
    case TypeId::kVarchar:
      if (width_ == 0) return "character varying";
      return "character varying(" + std::to_string(width_) + ")";
    case TypeId::kChar:
      if (width_ == 0) return "bpchar";
      return "character(" + std::to_string(width_) + ")";
    case TypeId::kArray:
      if (pg_vector_) return Name();
      return Element().ToString() + "[]";
    default:
      return Name();
  }
}

idx_t PhysicalSize(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBool:
      return 1;
    case PhysicalType::kInt16:
      return 2;
    case PhysicalType::kInt32:
    case PhysicalType::kFloat:
      return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble:
      return 8;
    case PhysicalType::kInt128:
      return sizeof(int128_t);
    case PhysicalType::kString:
      return sizeof(StringRef);
    case PhysicalType::kInterval:
      return sizeof(Interval);
    case PhysicalType::kVarNumeric:
      return sizeof(VarNumeric);
  }
  SR_UNREACHABLE();
}

}  // namespace stockroom
