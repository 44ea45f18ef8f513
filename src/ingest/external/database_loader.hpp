#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

namespace stockroom {

struct DatabaseLoadOptions {
  // The extract dates (YYYY-MM-DD folders of the landing zone) to load, inclusive; empty:
  // from the first, through the last.
  std::string from, through;
  // Drop and re-create the tables before loading (a new landing zone); false: apply the
  // extracts to the tables as they are (the next days of the same landing zone).
  bool replace = true;
  std::FILE* progress = nullptr;  // one line per extract date; nullptr: silent
};

struct DatabaseLoadSummary {
  uint64_t files = 0;
  uint64_t rows_read = 0;      // landing rows applied (inserted or updated)
  uint64_t rows_rejected = 0;  // malformed landing lines left out (wrong field count, bad number)
  std::map<std::string, uint64_t> table_rows;  // rows in each table after the load
};

// Loads the shop tables of the landing zone `landing` into the PostgreSQL database `url`
// (a libpq connection string or URI), in schema `shop` (customers, products, warehouses,
// orders, order_items, returns, inventory_snapshots, with the raw layer's types and a
// primary key), so that the database holds what the shop's OLTP database held: each
// extract date in order, in one transaction, its rows upserted by key (the last row of a
// key wins). Malformed landing lines (spec §2's dirt; their good copy is in the file too)
// are left out and counted. Throws SqlError as ExtractPostgresTable does.
DatabaseLoadSummary LoadShopIntoPostgres(const std::string& url, const std::string& landing,
                                         const DatabaseLoadOptions& options);

// The same for the B2B portal's accounts table into the MySQL/MariaDB database of `url`
// (mysql://user:password@host[:port]/database[?socket=path]; the database is created when
// missing), with batched INSERT ... ON DUPLICATE KEY UPDATE.
DatabaseLoadSummary LoadB2bPortalIntoMysql(const std::string& url, const std::string& landing,
                                           const DatabaseLoadOptions& options);

}  // namespace stockroom
