// Fuzzes the SQL entry point: every input is run as SQL on a database with a few small
// tables. User errors (SqlError with a SQLSTATE) are expected; an internal error (XX000),
// a sanitizer report, a crash or a hang is a finding. A statement still running after
// kCancelAfter is cancelled (57014, an ordinary error: SQL can legitimately run long), so
// a libFuzzer timeout (-timeout=10) means a loop that ignores cancellation.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "cancel_watchdog.hpp"
#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"

namespace {

stockroom::Database* CreateDatabase() {
  auto* db = new stockroom::Database(stockroom::DatabaseConfig{"", 2});
  stockroom::Connection con(*db);
  con.Query(
      "CREATE TABLE t (a int, b text, c numeric(10,2), d date, e double precision, f boolean);"
      "INSERT INTO t VALUES (1, 'x', 1.50, '2024-01-01', 0.5, true), (2, NULL, -3.25, NULL, 1e10, false),"
      " (NULL, 'yy', 0, '1999-12-31', NULL, NULL), (4, 'x', 99999999.99, '2000-02-29', -0.0, true);"
      "CREATE TABLE u (a int, z text);"
      "INSERT INTO u VALUES (1, 'one'), (1, 'uno'), (3, NULL), (NULL, 'nil');"
      "CREATE VIEW v AS SELECT a, count(*) AS n FROM t GROUP BY a;");
  return db;
}

// Whether `sql` may change the catalog or table contents (a conservative keyword test).
// Such an input gets the database rebuilt afterwards, so every input starts from the same
// fixture: a crash then reproduces from its input alone, and one DROP TABLE t does not
// starve the rest of the run.
bool MayModify(std::string_view sql) {
  static constexpr std::string_view kWords[] = {"create", "drop", "insert", "update", "delete",
                                                "alter", "into", "truncate", "copy", "rename"};
  std::string lower(sql);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (std::string_view word : kWords) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

constexpr std::chrono::seconds kCancelAfter{5};


}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static stockroom::Database* db = CreateDatabase();
  std::string sql(reinterpret_cast<const char*>(data), size);
  bool rebuild = MayModify(sql);
  {
    // Each input runs in a fresh session.
    stockroom::Connection con(*db);
    con.settings().memory_limit = 256ull << 20;
    CancelWatchdog watchdog(kCancelAfter, [&con] { con.Cancel(); });
    try {
      con.QueryAll(sql);
    } catch (const stockroom::InternalError& e) {
      std::fprintf(stderr, "internal error: %s\nSQL: %s\n", e.what(), sql.c_str());
      std::abort();
    } catch (const stockroom::SqlError& e) {
      if (e.code() == stockroom::ErrorCode::kInternalError) {
        std::fprintf(stderr, "internal error: %s\nSQL: %s\n", e.what(), sql.c_str());
        std::abort();
      }
    }
  }
  if (rebuild) {
    delete db;
    db = CreateDatabase();
  }
  return 0;
}
