// Snapshot isolation between sessions: what a transaction sees, first committer wins on
// conflicting changes (40001), and readers that always see a consistent state while
// writers run.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

std::string One(Connection& con, const std::string& sql) { return con.Query(sql)->GetValue(0, 0).ToString(); }

TEST(SnapshotIsolationTest, UncommittedRowsAreInvisibleAndSnapshotsAreStable) {
  Database db;
  Connection writer(db), reader(db);
  writer.Query("CREATE TABLE t (a int)");
  writer.Query("INSERT INTO t VALUES (1), (2)");
  reader.Query("BEGIN");
  EXPECT_EQ(One(reader, "SELECT count(*) FROM t"), "2");
  writer.Query("BEGIN");
  writer.Query("INSERT INTO t VALUES (3)");
  writer.Query("DELETE FROM t WHERE a = 1");
  EXPECT_EQ(One(writer, "SELECT sum(a) FROM t"), "5");
  EXPECT_EQ(One(reader, "SELECT sum(a) FROM t"), "3");  // not committed
  writer.Query("COMMIT");
  EXPECT_EQ(One(reader, "SELECT sum(a) FROM t"), "3");  // the reader's snapshot is older
  reader.Query("COMMIT");
  EXPECT_EQ(One(reader, "SELECT sum(a) FROM t"), "5");
}

TEST(SnapshotIsolationTest, SecondWriterOfARowFailsWith40001) {
  Database db;
  Connection a(db), b(db);
  a.Query("CREATE TABLE acct (id int, balance int)");
  a.Query("INSERT INTO acct VALUES (1, 100), (2, 100)");
  a.Query("BEGIN");
  b.Query("BEGIN");
  a.Query("UPDATE acct SET balance = balance + 10 WHERE id = 1");
  b.Query("UPDATE acct SET balance = balance + 20 WHERE id = 1");
  a.Query("COMMIT");
  try {
    b.Query("COMMIT");
    ADD_FAILURE() << "the second update of the row committed: a lost update";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kSerializationFailure) << e.what();
  }
  EXPECT_EQ(b.TransactionStatus(), 'I');
  EXPECT_EQ(One(b, "SELECT balance FROM acct WHERE id = 1"), "110");
  EXPECT_EQ(One(b, "SELECT count(*) FROM acct"), "2");
  // Changes to different rows do not conflict.
  a.Query("BEGIN");
  b.Query("BEGIN");
  a.Query("UPDATE acct SET balance = 0 WHERE id = 1");
  b.Query("DELETE FROM acct WHERE id = 2");
  a.Query("COMMIT");
  b.Query("COMMIT");
  EXPECT_EQ(One(a, "SELECT string_agg(id || ':' || balance, ',') FROM acct"), "1:0");
}

// DROP is not transactional: a transaction that changed a table another session dropped
// fails at COMMIT (40001) instead of writing rows nowhere, or, after a restart, into a new
// table of the same name. Its own DROP just discards its changes to the table.
TEST(SnapshotIsolationTest, CommitToADroppedTableFailsWith40001) {
  TempDirectory temp;
  std::string dir = temp / "db";
  {
    Database db(DatabaseConfig{dir});
    Connection a(db), b(db);
    a.Query("CREATE TABLE t (a int)");
    a.Query("BEGIN");
    a.Query("INSERT INTO t VALUES (1), (2)");
    b.Query("DROP TABLE t");
    b.Query("CREATE TABLE t (a int)");
    try {
      a.Query("COMMIT");
      ADD_FAILURE() << "rows committed into a dropped table";
    } catch (const SqlError& e) {
      EXPECT_EQ(e.code(), ErrorCode::kSerializationFailure) << e.what();
    }
    EXPECT_EQ(One(b, "SELECT count(*) FROM t"), "0");
    a.Query("BEGIN");
    a.Query("INSERT INTO t VALUES (3)");
    a.Query("DROP TABLE t");
    a.Query("COMMIT");
  }
  Database db(DatabaseConfig{dir});
  Connection con(db);
  EXPECT_EQ(One(con, "SELECT count(*) FROM pg_catalog.svv_table_info"), "0");
}

// 8 readers aggregate while 2 writers move amounts between accounts and insert
// zero-sum pairs: every reader must always see the same total and a whole number of pairs.
TEST(SnapshotIsolationTest, ReadersSeeConsistentSnapshotsWhileWritersRun) {
  Database db;
  Connection setup(db);
  setup.Query("CREATE TABLE acct (id int, balance bigint)");
  setup.Query("INSERT INTO acct SELECT i, 1000 FROM generate_series(1, 5000) i");
  std::atomic<bool> stop{false};
  std::atomic<int> commits{0}, conflicts{0}, reads{0};
  std::vector<std::string> failures;
  std::mutex failures_mutex;
  auto fail = [&](const std::string& what) {
    std::lock_guard<std::mutex> lock(failures_mutex);
    failures.push_back(what);
  };
  std::vector<std::thread> threads;
  for (int w = 0; w < 2; w++) {
    threads.emplace_back([&, w] {
      Connection con(db);
      for (int i = 0; !stop; i++) {
        int from = (i * 7919 + w * 13) % 5000 + 1, to = (i * 104729 + w * 31) % 5000 + 1;
        try {
          con.Query("BEGIN");
          con.Query("UPDATE acct SET balance = balance - 5 WHERE id = " + std::to_string(from));
          con.Query("UPDATE acct SET balance = balance + 5 WHERE id = " + std::to_string(to));
          con.Query("INSERT INTO acct VALUES (-1, 7), (-1, -7)");
          con.Query("COMMIT");
          commits++;
        } catch (const SqlError& e) {
          if (e.code() != ErrorCode::kSerializationFailure) fail(std::string("writer: ") + e.what());
          conflicts++;
          con.Query("ROLLBACK");
        }
      }
    });
  }
  for (int r = 0; r < 8; r++) {
    threads.emplace_back([&] {
      Connection con(db);
      while (!stop) {
        auto result = con.Query("SELECT sum(balance), count(*) FILTER (WHERE id = -1) % 2, count(*) FILTER (WHERE id > 0) FROM acct");
        std::string seen = result->GetValue(0, 0).ToString() + " " + result->GetValue(1, 0).ToString() + " " +
                           result->GetValue(2, 0).ToString();
        if (seen != "5000000 0 5000") fail("reader saw " + seen);
        reads++;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(3));
  stop = true;
  for (auto& t : threads) t.join();
  for (auto& f : failures) ADD_FAILURE() << f;
  EXPECT_GT(commits.load(), 10);
  EXPECT_GT(reads.load(), 8);
  EXPECT_EQ(One(setup, "SELECT sum(balance) FROM acct"), "5000000");
  EXPECT_EQ(One(setup, "SELECT count(*) FROM acct WHERE id = -1"), std::to_string(2 * commits.load()));
}

}  // namespace
}  // namespace stockroom
