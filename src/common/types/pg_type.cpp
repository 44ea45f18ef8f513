#include "common/types/pg_type.hpp"

namespace stockroom {
namespace {

// PostgreSQL 15's OIDs (src/include/catalog/pg_type.dat) for the scalar types and their arrays.
struct OidPair {
  TypeId id;
  uint32_t oid;
  uint32_t array_oid;
  int16_t length;
};

constexpr OidPair kOids[] = {
    {TypeId::kBoolean, 16, 1000, 1},      {TypeId::kSmallInt, 21, 1005, 2},
    {TypeId::kInteger, 23, 1007, 4},      {TypeId::kBigInt, 20, 1016, 8},
    {TypeId::kNumeric, 1700, 1231, -1},   {TypeId::kReal, 700, 1021, 4},
    {TypeId::kDouble, 701, 1022, 8},      {TypeId::kText, 25, 1009, -1},
    {TypeId::kVarchar, 1043, 1015, -1},   {TypeId::kChar, 1042, 1014, -1},
    {TypeId::kDate, 1082, 1182, 4},       {TypeId::kTimestamp, 1114, 1115, 8},
    {TypeId::kTimestampTz, 1184, 1185, 8}, {TypeId::kInterval, 1186, 1187, 16},
    {TypeId::kJson, 114, 199, -1},        {TypeId::kJsonb, 3802, 3807, -1},
    {TypeId::kUnknown, 705, 0, -2},
};

constexpr uint32_t kInt2VectorOid = 22;
constexpr uint32_t kOidVectorOid = 30;
constexpr uint32_t kRecordOid = 2249;

const OidPair* Find(TypeId id) {
  for (const OidPair& pair : kOids) {
    if (pair.id == id) return &pair;
  }
  return nullptr;
}

int32_t Modifier(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kVarchar:
    case TypeId::kChar:
      return type.width() > 0 ? type.width() + 4 : -1;
    case TypeId::kNumeric:
      return type.width() > 0 ? ((type.width() << 16) | type.scale()) + 4 : -1;
    default:
      return -1;
  }
}

}  // namespace

PgTypeInfo PgTypeOf(const LogicalType& type) {
  if (type.IsPgVector()) return {type.Element().id() == TypeId::kSmallInt ? kInt2VectorOid : kOidVectorOid, -1, -1};
  if (type.id() == TypeId::kRecord) return {kRecordOid, -1, -1};
  if (type.id() == TypeId::kArray) {
    const OidPair* element = Find(type.Element().id());
    return {element ? element->array_oid : 0, -1, Modifier(type.Element())};
  }
  const OidPair* pair = Find(type.id());
  if (!pair) return {};
  return {pair->oid, pair->length, Modifier(type)};
}

std::optional<LogicalType> LogicalTypeFromPgOid(uint32_t oid) {
  if (oid == kInt2VectorOid) return LogicalType::Int2Vector();
  if (oid == kOidVectorOid) return LogicalType::OidVector();
  for (const OidPair& pair : kOids) {
    if (pair.oid == oid && pair.id != TypeId::kUnknown) return LogicalType(pair.id);
    if (pair.array_oid == oid && pair.array_oid != 0) return LogicalType::Array(LogicalType(pair.id));
  }
  return std::nullopt;
}

}  // namespace stockroom
