#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/types/logical_type.hpp"
#include "common/types/value.hpp"

namespace stockroom {

class ClientContext;

// One relation of the pg_catalog / information_schema emulation: its PostgreSQL columns and
// either the rows made from Stockroom's catalog when a query reads it (a table function
// behind a view) or a view over other relations, as PostgreSQL defines pg_tables and the
// information_schema.
struct PgRelation {
  std::string schema;  // "pg_catalog" or "information_schema"
  std::string name;
  uint64_t oid = 0;  // PostgreSQL 15's oid for the catalog table (0: one is assigned)
  // "name:type ..." with PostgreSQL's column types: oid, name, char, bool, int2, int4, int8,
  // float4, text, text[], int2vector, oidvector, oid[], regproc, pg_node_tree, aclitem[].
  std::string columns;
  std::vector<std::vector<Value>> (*rows)(ClientContext&, const PgRelation&) = nullptr;
  std::string view_sql;  // when rows is null
};

// The type Stockroom gives a PostgreSQL catalog column type (oid and reg* as bigint, name
// and "char" as text, int2vector and oidvector as arrays that
// subscript from 0 and print "1 2").
LogicalType PgColumnType(const std::string& pg_type);

// A row of `relation` filled by column name; unset columns are NULL, except bool (false)
// and numbers (0), as PostgreSQL's catalogs rarely hold NULLs there.
class PgRow {
 public:
  explicit PgRow(const PgRelation& relation);
  PgRow& Set(const std::string& column, Value value);
  PgRow& Text(const std::string& column, const std::string& text) { return Set(column, Value::Text(text)); }
  PgRow& Int(const std::string& column, int64_t v);
  PgRow& Bool(const std::string& column, bool v) { return Set(column, Value::Boolean(v)); }
  // An int2vector/oidvector column (zero-based, printed "1 2") from its elements.
  PgRow& Vector(const std::string& column, const std::vector<int64_t>& elements);
  std::vector<Value> Take() { return std::move(values_); }

 private:
  const PgRelation& relation_;
  std::vector<std::string> names_;
  std::vector<LogicalType> types_;
  std::vector<Value> values_;
};

// Column names and types of a relation's column spec.
std::vector<std::string> PgColumnNames(const PgRelation& relation);
std::vector<LogicalType> PgColumnTypes(const PgRelation& relation);

// Every relation, in the order they are created (views after what they read).
const std::vector<PgRelation>& PgRelations();

// Parts of PgRelations(), one per file.
void AddPgClassRelations(std::vector<PgRelation>& out);
void AddPgTypeRelations(std::vector<PgRelation>& out);
void AddPgMiscRelations(std::vector<PgRelation>& out);
void AddPgViews(std::vector<PgRelation>& out);
void AddInformationSchema(std::vector<PgRelation>& out);

// The table function behind relation `index` of PgRelations().
std::string PgRelationFunctionName(const PgRelation& relation);

}  // namespace stockroom
