#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/types/logical_type.hpp"

namespace stockroom {

// PostgreSQL's oids of array_in and array_out (what pgjdbc compares typinput with).
inline constexpr uint64_t kArrayInOid = 750;
inline constexpr uint64_t kArrayOutOid = 751;

// A pg_type row: Stockroom's types and their arrays, and the catalog types (oid, name,
// "char", regclass, ...) clients meet in pg_catalog's columns.
struct PgTypeRow {
  uint64_t oid;
  std::string name;  // typname: int4, _int4, varchar
  int16_t length;
  char category;     // typcategory
  bool preferred;
  uint64_t element;  // typelem (arrays)
  uint64_t array;    // typarray
};
const std::vector<PgTypeRow>& PgTypeRows();
const PgTypeRow* PgTypeByOid(uint64_t oid);
// The type named `name` (typname or an SQL spelling: integer, character varying), or null.
const PgTypeRow* PgTypeByName(const std::string& name);
// format_type's typmod when it was NULL.
inline constexpr int64_t kNoTypmod = -2;
// typstorage (and attstorage): 'p' for fixed-length types, 'x' (extended) for variable
// length ones except numeric, which PostgreSQL keeps 'm' (main: compressed, not toasted).
const char* PgTypeStorage(uint64_t oid, int16_t length);
// format_type(oid, typmod): PostgreSQL's SQL name ("character varying(20)", "integer[]").
std::optional<std::string> FormatPgType(uint64_t oid, int64_t typmod);

// A pg_proc row: an overload of a built-in function.
struct PgProcRow {
  uint64_t oid;
  std::string name;
  std::vector<uint64_t> argument_oids;
  uint64_t return_oid;
  bool aggregate;
  bool returns_set;
};
const std::vector<PgProcRow>& PgProcRows();
// The oid of the function `name` (regproc input), or 0 if none or ambiguous.
uint64_t PgProcOidByName(const std::string& name);

}  // namespace stockroom
