#pragma once

#include <string>
#include <vector>

#include "ingest/external/database_source.hpp"
#include "ingest/external/landing_csv.hpp"

namespace stockroom {

struct SourceColumn {
  std::string name;
  std::string type;  // in the source database's dialect
  bool numeric;      // an integer or decimal column (checked before loading)
};

// A table of the retailer's OLTP databases as `stockroom generate --postgres/--mysql`
// creates it: the landing columns with the raw layer's types, a primary key, and the
// watermark an incremental extract of it uses.
struct SourceTableSchema {
  std::string system;  // shop, b2b_portal: the landing zone's system folder
  std::string table;   // orders: the landing zone's table folder and the source table's name
  std::vector<SourceColumn> columns;
  std::vector<std::string> key;
  std::string watermark;  // see DatabaseSourceTable::watermark

  std::vector<std::string> ColumnNames() const;
  // Returns whether a landing record fits the table: one field per column, and a decimal
  // number (or NULL) in every numeric column. Malformed landing lines fail this.
  bool Accepts(const CsvRecord& record) const;
  // Returns the extract definition of this table; `qualified_name` is its name in the
  // source database (shop.orders).
  DatabaseSourceTable ToSourceTable(const std::string& qualified_name) const;
};

// The shop's PostgreSQL tables (customers, products, warehouses, orders, order_items,
// returns, inventory_snapshots), PostgreSQL types.
const std::vector<SourceTableSchema>& ShopDatabaseTables();
// The B2B portal's MySQL table (accounts), MySQL types.
const std::vector<SourceTableSchema>& B2bPortalDatabaseTables();

}  // namespace stockroom
