#pragma once

#include <string>
#include <vector>

namespace stockroom {

class Catalog;
class TableEntry;

// "name" with embedded quotes doubled, as PostgreSQL quotes identifiers.
std::string QuoteIdentifier(const std::string& name);
// 'text' with quotes doubled.
std::string QuoteLiteral(const std::string& text);

// A CREATE TABLE statement (schema-qualified) that re-creates `table`'s definition:
// columns with types, NOT NULL, DEFAULT and ENCODE, constraints and Redshift attributes;
// for a materialized view, CREATE MATERIALIZED VIEW ... WITH NO DATA (created empty).
std::string TableDefinitionSql(const TableEntry& table);

// Statements that re-create every schema, table and view of `catalog` (views after what
// they read), as stored in a checkpoint's manifest.
std::vector<std::string> CatalogDefinitionSql(const Catalog& catalog);

}  // namespace stockroom
