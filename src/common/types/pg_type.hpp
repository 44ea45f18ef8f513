#pragma once

#include <cstdint>
#include <optional>

#include "common/types/logical_type.hpp"

namespace stockroom {

// How a Stockroom type appears to PostgreSQL clients: the pg_type row it stands for. The
// wire protocol's RowDescription and ParameterDescription and the pg_catalog emulation
// both read it, so a client sees the same OID in a result and in pg_type.
struct PgTypeInfo {
  uint32_t oid = 0;       // pg_type.oid
  int16_t length = 0;     // pg_type.typlen: bytes, or -1 for variable length
  int32_t modifier = -1;  // atttypmod: varchar(n) n+4, numeric(p,s) ((p<<16)|s)+4, else -1
};

PgTypeInfo PgTypeOf(const LogicalType& type);

// The type a client names by OID (a Parse message's parameter types); nullopt when
// Stockroom has no such type. OID 0 (unspecified) is not a type: callers infer it.
std::optional<LogicalType> LogicalTypeFromPgOid(uint32_t oid);

}  // namespace stockroom
