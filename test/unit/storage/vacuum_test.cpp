// VACUUM: deleted rows reclaimed and a SORTKEY table re-sorted so that zone maps prune
// again, waiting for running transactions; and the automatic pass that does the same.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "catalog/catalog.hpp"
#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "storage/table/data_table.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

using namespace std::chrono_literals;

DataTable::VacuumState State(Database& db, const std::string& table) {
  auto entry = std::static_pointer_cast<TableEntry>(db.catalog().GetEntry("public", table));
  return entry->storage->GetVacuumState(entry->SortKeyColumns()[0]);
}

// Three loads of interleaved id ranges (each sorted by itself, as commits are), 9 row groups
// whose ranges overlap, then the odd ids deleted.
void LoadInterleaved(Connection& con) {
  con.Query("CREATE TABLE events (id bigint, kind text) SORTKEY (id)");
  for (int part = 0; part < 3; part++) {
    con.Query("INSERT INTO events SELECT i * 3 + " + std::to_string(part) +
              ", 'k' || (i % 5) FROM generate_series(0, 368639) i");
  }
  con.Query("DELETE FROM events WHERE id % 2 = 1");
}

TEST(VacuumTest, ReclaimsDeletedRowsAndSortsBySortKey) {
  TempDirectory temp;
  DatabaseConfig config{temp / "db"};
  config.auto_vacuum_interval = 0ms;
  {
    Database db(config);
    Connection con(db);
    LoadInterleaved(con);
    DataTable::VacuumState before = State(db, "events");
    EXPECT_EQ(before.rows, 3u * 368640);
    EXPECT_EQ(before.deleted_rows, 3u * 368640 / 2);
    EXPECT_EQ(before.unsorted_rows, 6u * 122880) << "the second and third loads overlap the first";
    const std::string range = "SELECT count(*), sum(id) FROM events WHERE id BETWEEN 100000 AND 100999";
    EXPECT_EQ(QueryText(con, range), "500|50249500");
    EXPECT_EQ(ScanRowGroups(con, range), "row groups: 3 read, 6 skipped by zone maps");

    EXPECT_EQ(con.Query("VACUUM events")->command_tag, "VACUUM");
    DataTable::VacuumState after = State(db, "events");
    EXPECT_EQ(after.rows, 3u * 368640 / 2);
    EXPECT_EQ(after.deleted_rows, 0u);
    EXPECT_EQ(after.unsorted_rows, 0u);
    EXPECT_EQ(QueryText(con, range), "500|50249500");
    EXPECT_EQ(ScanRowGroups(con, range), "row groups: 1 read, 4 skipped by zone maps");
    EXPECT_EQ(QueryText(con, "SELECT count(*), min(id), max(id), count(DISTINCT kind) FROM events"), "552960|0|1105918|5");
    // Writes after the rewrite use the new row numbering, also across a restart.
    con.Query("DELETE FROM events WHERE id < 1000");
    con.Query("UPDATE events SET kind = 'late' WHERE id BETWEEN 1000 AND 1009");
  }
  Database db(config);
  Connection con(db);
  EXPECT_EQ(QueryText(con, "SELECT count(*), min(id), count(*) FILTER (WHERE kind = 'late') FROM events"), "552460|1000|5");
}

TEST(VacuumTest, RunsOutsideTransactionBlocksAndWaitsForThem) {
  DatabaseConfig config;
  config.auto_vacuum_interval = 0ms;
  Database db(config);
  Connection a(db), b(db);
  LoadInterleaved(a);
  a.Query("BEGIN");
  try {
    a.Query("VACUUM");
    ADD_FAILURE() << "VACUUM ran in a transaction block";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "25001");
  }
  a.Query("ROLLBACK");

  // A transaction open in session a: b's VACUUM waits for it, and a's snapshot stays whole.
  a.Query("BEGIN");
  EXPECT_EQ(QueryText(a, "SELECT count(*) FROM events"), "552960");
  auto vacuum = std::async(std::launch::async, [&] { return b.Query("VACUUM events")->command_tag; });
  EXPECT_EQ(vacuum.wait_for(300ms), std::future_status::timeout);
  EXPECT_EQ(QueryText(a, "SELECT count(*) FROM events WHERE id % 2 = 0"), "552960");
  a.Query("COMMIT");
  EXPECT_EQ(vacuum.get(), "VACUUM");
  EXPECT_EQ(State(db, "events").deleted_rows, 0u);
}

TEST(VacuumTest, AutomaticPassVacuumsTablesThatNeedIt) {
  TempDirectory temp;
  DatabaseConfig config{temp / "db"};
  config.auto_vacuum_interval = 50ms;
  Database db(config);
  Connection con(db);
  LoadInterleaved(con);
  con.Query("CREATE TABLE steady (id int) SORTKEY (id)");
  con.Query("INSERT INTO steady SELECT i FROM generate_series(1, 1000) i");
  con.Query("DELETE FROM steady WHERE id <= 100");  // a tenth: below the threshold
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (State(db, "events").deleted_rows != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(State(db, "events").deleted_rows, 0u);
  EXPECT_EQ(State(db, "events").unsorted_rows, 0u);
  EXPECT_EQ(State(db, "steady").deleted_rows, 100u);
  EXPECT_EQ(QueryText(con, "SELECT count(*), sum(id) FROM events WHERE id BETWEEN 100000 AND 100999"), "500|50249500");
}

}  // namespace
}  // namespace stockroom
