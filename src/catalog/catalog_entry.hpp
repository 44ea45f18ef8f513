#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/types/logical_type.hpp"
#include "common/types/value.hpp"
#include "sql/ast/statement.hpp"

namespace stockroom {

class DataTable;

enum class CatalogEntryKind : uint8_t { kTable, kView, kMaterializedView };

// A named relation in a schema. Entries are immutable after creation except where noted;
// queries hold shared_ptrs so a concurrent DROP does not pull an entry from under them.
class CatalogEntry {
 public:
  CatalogEntry(CatalogEntryKind kind, std::string schema, std::string name)
      : kind(kind), schema(std::move(schema)), name(std::move(name)) {}
  virtual ~CatalogEntry() = default;
  std::string QualifiedName() const { return schema + "." + name; }
  const char* KindName() const;

  CatalogEntryKind kind;
  std::string schema;
  std::string name;
  uint64_t oid = 0;
  // Built in (pg_catalog, information_schema): created by every start, never saved, its
  // oid fixed below 16384 as PostgreSQL's own catalogs are.
  bool system = false;
};

struct ColumnInfo {
  std::string name;
  LogicalType type;
  bool not_null = false;
  std::string default_sql;  // DEFAULT expression as SQL text ("" if none)
  std::string encode;       // Redshift ENCODE hint
};

// Constraints and Redshift attributes are recorded, as Redshift does (informational only),
// except NOT NULL, which is enforced. A materialized view is a table whose rows its query
// made (at CREATE and at each REFRESH).
class TableEntry : public CatalogEntry {
 public:
  TableEntry(std::string schema, std::string name, std::vector<ColumnInfo> columns,
             CatalogEntryKind kind = CatalogEntryKind::kTable);
  // Returns the position of `column`, or -1.
  int64_t ColumnIndex(const std::string& column) const;
  std::vector<LogicalType> Types() const;
  // Positions of the SORTKEY columns, in key order (empty without one). An INTERLEAVED key
  // sorts as a compound one.
  std::vector<idx_t> SortKeyColumns() const;
  // A copy (sharing the rows) named `schema`.`name`, for ALTER, which replaces an entry
  // rather than changing one that queries may be reading; `dropped` starts clear.
  std::shared_ptr<TableEntry> Copy(const std::string& schema, const std::string& name) const;

  std::vector<ColumnInfo> columns;
  std::vector<TableConstraint> constraints;
  std::map<std::string, std::string> options;  // sortkey, distkey, diststyle, ...
  std::shared_ptr<DataTable> storage;
  // Materialized views: the SELECT as written and the relations it reads.
  std::string query_text;
  std::vector<std::string> dependencies;
  // Set (under the commit lock) when DROP removes it or ALTER replaces it: a transaction
  // that changed it and commits later fails instead of writing to a table that no longer
  // exists or rows of a shape it no longer has.
  std::atomic<bool> dropped{false};
};

class ViewEntry : public CatalogEntry {
 public:
  ViewEntry(std::string schema, std::string name) : CatalogEntry(CatalogEntryKind::kView, std::move(schema), std::move(name)) {}
  // A copy named `schema`.`name` (see TableEntry::Copy).
  std::shared_ptr<ViewEntry> Copy(const std::string& schema, const std::string& name) const;
  std::string query_text;                 // the SELECT, re-bound at each use
  std::vector<std::string> column_names;  // output names (aliases applied)
  std::vector<LogicalType> column_types;  // as bound at creation
  std::vector<std::string> dependencies;  // qualified names of relations it reads
};

// Whether `entry` holds rows (a table or a materialized view: a TableEntry).
inline bool HasRows(const CatalogEntry& entry) { return entry.kind != CatalogEntryKind::kView; }

// The qualified names of the relations a view or materialized view reads (none for a table).
inline const std::vector<std::string>& DependenciesOf(const CatalogEntry& entry) {
  static const std::vector<std::string> kNone;
  if (entry.kind == CatalogEntryKind::kView) return static_cast<const ViewEntry&>(entry).dependencies;
  if (entry.kind == CatalogEntryKind::kMaterializedView) return static_cast<const TableEntry&>(entry).dependencies;
  return kNone;
}

}  // namespace stockroom
