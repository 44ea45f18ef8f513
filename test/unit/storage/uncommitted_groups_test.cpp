// A transaction's full row groups go to segment files as they are inserted (durable
// databases): the files exist before COMMIT, the commit record names them instead of
// carrying their data, a reopen replays them from the files, a checkpoint keeps them, and
// whatever does not commit (rollback, a failed statement, a crash) leaves no file behind.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "storage/buffer_pool.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

namespace fs = std::filesystem;

// Everything in data/ (segment files and any temporary leftovers).
std::set<std::string> DataFiles(const std::string& dir) {
  std::set<std::string> files;
  for (auto& f : fs::directory_iterator(dir + "/data")) files.insert(f.path().filename().string());
  return files;
}

uint64_t FileNumber(const std::string& name) { return std::strtoull(name.c_str(), nullptr, 10); }

uint64_t LogBytes(const std::string& dir) {
  uint64_t bytes = 0;
  for (auto& f : fs::directory_iterator(dir)) {
    if (f.path().filename().string().rfind("wal.", 0) == 0) bytes += fs::file_size(f.path());
  }
  return bytes;
}

// One worker thread: rows fill row groups in order, so three groups' worth of rows make
// exactly three full groups.
DatabaseConfig OneThread(const std::string& dir) {
  DatabaseConfig config{dir, 1};
  config.auto_vacuum_interval = std::chrono::milliseconds(0);
  return config;
}

constexpr const char* kCreateEvents =
    "CREATE TABLE events AS SELECT i AS id, i % 7 AS kind, 'event ' || i AS note FROM generate_series(1, 368640) i";
constexpr const char* kEventSummary = "SELECT count(*), sum(id), sum(kind), max(note), count(DISTINCT note) FROM events";
// 368,640 = 3 * 122,880 rows: ids sum to n(n+1)/2, kinds to 1,105,923.
constexpr const char* kEventExpected = "368640|67947909120|1105923|event 99999|368640";

TEST(UncommittedGroupsTest, CommitNamesTheFilesAndReopenReplaysThem) {
  TempDirectory temp;
  std::string dir = temp / "db";
  std::set<std::string> committed;
  {
    Database db(OneThread(dir));
    Connection con(db);
    con.Query("BEGIN");
    con.Query(kCreateEvents);
    EXPECT_EQ(DataFiles(dir).size(), 3u) << "each full group is in its file before COMMIT";
    EXPECT_EQ(QueryText(con, kEventSummary), kEventExpected) << "the transaction reads its paged groups";
    uint64_t log_before = LogBytes(dir);
    con.Query("COMMIT");
    // The commit record names three files (a few bytes each), not 368,640 rows of data.
    EXPECT_LT(LogBytes(dir) - log_before, 512u);
    committed = DataFiles(dir);
    EXPECT_EQ(committed.size(), 3u);
    EXPECT_EQ(QueryText(con, kEventSummary), kEventExpected);
  }
  // No checkpoint ran since the commit: the open replays it from the files it names, and
  // its own checkpoint lists them in the manifest rather than writing them again.
  for (int open = 0; open < 2; open++) {
    Database db(OneThread(dir));
    Connection con(db);
    EXPECT_EQ(QueryText(con, kEventSummary), kEventExpected);
    EXPECT_EQ(DataFiles(dir), committed);
  }
}

TEST(UncommittedGroupsTest, CheckpointKeepsTheCommittedFiles) {
  TempDirectory temp;
  std::string dir = temp / "db";
  Database db(OneThread(dir));
  Connection con(db);
  // Three and a half groups: the half is encoded into the commit record and written to a
  // file of its own by the checkpoint; the three full ones keep their files and numbers.
  con.Query("CREATE TABLE t AS SELECT i AS id, 'row ' || i AS note FROM generate_series(1, 430080) i");
  std::set<std::string> committed = DataFiles(dir);
  ASSERT_EQ(committed.size(), 3u);
  con.Query("CHECKPOINT");
  std::set<std::string> after = DataFiles(dir);
  ASSERT_EQ(after.size(), 4u);
  for (auto& name : committed) EXPECT_TRUE(after.count(name)) << name << " was rewritten";
  con.Query("CHECKPOINT");
  EXPECT_EQ(DataFiles(dir), after);
  EXPECT_EQ(QueryText(con, "SELECT count(*), sum(id), max(note) FROM t"), "430080|92484618240|row 99999");
}

TEST(UncommittedGroupsTest, CheckpointsKeepTheFilesOfRunningTransactions) {
  TempDirectory temp;
  std::string dir = temp / "db";
  const char* summary = "SELECT count(*), sum(id), max(note) FROM t";
  // Two full groups (in files) and 61,440 rows encoded into the commit record beside them.
  const char* expected = "307200|47186073600|row 99999";
  {
    Database db(OneThread(dir));
    Connection writer(db);
    Connection other(db);
    writer.Query("CREATE TABLE t (id bigint, note text)");
    writer.Query("BEGIN");
    writer.Query("INSERT INTO t SELECT i, 'row ' || i FROM generate_series(1, 307200) i");
    std::set<std::string> pending = DataFiles(dir);
    ASSERT_EQ(pending.size(), 2u);
    other.Query("CHECKPOINT");  // names neither file in its manifest, and deletes neither
    EXPECT_EQ(DataFiles(dir), pending);
    writer.Query("COMMIT");
    EXPECT_EQ(QueryText(writer, summary), expected);
  }
  // The commit came after the checkpoint: the open replays it (files and inline blocks).
  Database db(OneThread(dir));
  Connection con(db);
  EXPECT_EQ(QueryText(con, summary), expected);
}

TEST(UncommittedGroupsTest, RollbackAndFailedStatementsDeleteTheirFiles) {
  TempDirectory temp;
  std::string dir = temp / "db";
  Database db(OneThread(dir));
  Connection con(db);
  con.Query("CREATE TABLE t (id bigint NOT NULL, note text)");
  con.Query("BEGIN");
  con.Query("INSERT INTO t SELECT i, 'row ' || i FROM generate_series(1, 300000) i");
  EXPECT_EQ(DataFiles(dir).size(), 2u);
  EXPECT_EQ(QueryText(con, "SELECT count(*), sum(id) FROM t"), "300000|45000150000");
  con.Query("ROLLBACK");
  EXPECT_TRUE(DataFiles(dir).empty());
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM t"), "0");

  // Fails on row 350,000, after two groups went to files: they go with the statement.
  const char* failing =
      "INSERT INTO t SELECT CASE WHEN i = 350000 THEN NULL ELSE i END, 'x' FROM generate_series(1, 400000) i";
  EXPECT_THROW(con.Query(failing), SqlError);
  EXPECT_TRUE(DataFiles(dir).empty());
  con.Query("BEGIN");
  con.Query("INSERT INTO t SELECT i, 'kept' FROM generate_series(1, 122880) i");
  EXPECT_THROW(con.Query(failing), SqlError);
  EXPECT_EQ(DataFiles(dir).size(), 1u) << "the failed statement's files are gone, the earlier one's not yet";
  con.Query("COMMIT");  // a failed block rolls back
  EXPECT_TRUE(DataFiles(dir).empty());
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM t"), "0");
}

TEST(UncommittedGroupsTest, OpenDeletesTheFilesOfTransactionsACrashEnded) {
  TempDirectory temp;
  std::string dir = temp / "db";
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      Database db(OneThread(dir));
      Connection con(db);
      con.Query("CREATE TABLE kept AS SELECT i AS id FROM generate_series(1, 122880) i");
      con.Query("BEGIN");
      con.Query("CREATE TABLE lost AS SELECT i AS id FROM generate_series(1, 245760) i");
      _exit(0);  // the process ends with the transaction open: no destructor runs
    } catch (...) {
      _exit(2);
    }
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::set<std::string> left = DataFiles(dir);
  ASSERT_EQ(left.size(), 3u) << "one committed file, two of the open transaction";
  uint64_t highest = 0;
  for (auto& name : left) highest = std::max(highest, FileNumber(name));

  Database db(OneThread(dir));
  Connection con(db);
  EXPECT_EQ(QueryText(con, "SELECT count(*), sum(id) FROM kept"), "122880|7549808640");
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM lost"), "0");  // DDL is not transactional
  std::set<std::string> now = DataFiles(dir);
  ASSERT_EQ(now.size(), 1u) << "the orphans are deleted";
  EXPECT_TRUE(left.count(*now.begin())) << "the committed file is kept as it was";
  // New files are numbered above every file the crash left.
  con.Query("INSERT INTO lost SELECT i FROM generate_series(1, 122880) i");
  for (auto& name : DataFiles(dir)) {
    if (!now.count(name)) EXPECT_GT(FileNumber(name), highest) << name;
  }
  EXPECT_EQ(QueryText(con, "SELECT count(*), sum(id) FROM lost"), "122880|7549808640");
}

TEST(UncommittedGroupsTest, OwnRowsInPagedGroupsCanBeDeletedAndUpdated) {
  TempDirectory temp;
  std::string dir = temp / "db";
  const char* summary = "SELECT count(*), sum(id), sum(k), count(*) FILTER (WHERE k > 100) FROM t";
  // Ids 1..368640 with k = id % 10; the rows with k = 0 deleted (36,864 of them, ids 10,
  // 20, ...), k = 1 raised to 101 on 36,864 rows: k sums to 36,864 * 45 + 36,864 * 100.
  const char* expected = "331776|61152952320|5345280|36864";
  {
    DatabaseConfig config = OneThread(dir);
    config.memory_limit = 8ull << 20;  // the groups are evicted and read back from their files
    Database db(config);
    Connection con(db);
    con.Query("BEGIN");
    con.Query("CREATE TABLE t AS SELECT i AS id, i % 10 AS k FROM generate_series(1, 368640) i");
    EXPECT_EQ(con.Query("DELETE FROM t WHERE k = 0")->command_tag, "DELETE 36864");
    EXPECT_EQ(con.Query("UPDATE t SET k = k + 100 WHERE k = 1")->command_tag, "UPDATE 36864");
    EXPECT_EQ(QueryText(con, summary), expected);
    con.Query("COMMIT");
    EXPECT_EQ(QueryText(con, summary), expected);
  }
  Database db(OneThread(dir));
  Connection con(db);
  EXPECT_EQ(QueryText(con, summary), expected);
}

TEST(UncommittedGroupsTest, LargeInsertIsPagedWithinTheBudget) {
  TempDirectory temp;
  std::string dir = temp / "db";
  DatabaseConfig config = OneThread(dir);
  config.memory_limit = 8ull << 20;
  Database db(config);
  Connection con(db);
  BufferPool& pool = *db.buffer_pool();
  con.Query("BEGIN");
  // Ten row groups, about 40 MB decoded: five times the budget.
  con.Query("CREATE TABLE big AS SELECT i AS id, i % 5000 AS customer, 'status-' || (i % 7) AS status "
            "FROM generate_series(1, 1228800) i");
  EXPECT_GT(pool.resident_bytes(), 0u) << "the transaction's groups belong to the pool";
  EXPECT_LE(pool.resident_bytes(), config.memory_limit);
  uint64_t reads = pool.reads();
  EXPECT_EQ(QueryText(con, "SELECT count(*), sum(id), sum(customer) FROM big"), "1228800|754975334400|3069109400");
  EXPECT_GT(pool.reads(), reads) << "evicted columns of uncommitted groups are read back from their files";
  EXPECT_LE(pool.resident_bytes(), config.memory_limit);
  con.Query("COMMIT");
  EXPECT_EQ(QueryText(con, "SELECT count(*), sum(id), sum(customer) FROM big"), "1228800|754975334400|3069109400");
}

TEST(UncommittedGroupsTest, ParallelInsertsPageOutEveryThreadsGroups) {
  TempDirectory temp;
  std::string dir = temp / "db";
  DatabaseConfig config{dir, 4};
  config.auto_vacuum_interval = std::chrono::milliseconds(0);
  const char* summary = "SELECT count(*), sum(id), count(DISTINCT id) FROM t";
  const char* expected = "1000000|500000500000|1000000";
  {
    Database db(config);
    Connection con(db);
    con.Query("BEGIN");
    con.Query("CREATE TABLE t AS SELECT i AS id, md5(i::text) AS h FROM generate_series(1, 1000000) i");
    // 8.1 groups' worth of rows over four threads: at least four are full.
    EXPECT_GE(DataFiles(dir).size(), 4u);
    con.Query("COMMIT");
    EXPECT_EQ(QueryText(con, summary), expected);
  }
  Database db(config);
  Connection con(db);
  EXPECT_EQ(QueryText(con, summary), expected);
}

TEST(UncommittedGroupsTest, CopyPagesOutGroupsWhileTheFileLoads) {
  TempDirectory temp;
  std::string dir = temp / "db";
  std::string csv = temp / "rows.csv";
  {
    std::ofstream out(csv);
    for (int i = 1; i <= 300000; i++) {
      if (i == 10) out << "not a number,bad\n";  // rejected under MAXERROR
      out << i << ",name " << i % 1000 << "\n";
    }
  }
  const char* summary = "SELECT count(*), sum(id), count(DISTINCT name) FROM t";
  const char* expected = "300000|45000150000|1000";
  {
    Database db(OneThread(dir));
    Connection con(db);
    con.Query("CREATE TABLE t (id int, name text)");
    con.Query("BEGIN");
    con.Query("COPY t FROM '" + csv + "' WITH (FORMAT csv, MAXERROR 1)");
    // The load's groups were paged out, then rewritten without the rejected row.
    EXPECT_EQ(DataFiles(dir).size(), 2u);
    con.Query("COMMIT");
    EXPECT_EQ(QueryText(con, summary), expected);
  }
  Database db(OneThread(dir));
  Connection con(db);
  EXPECT_EQ(QueryText(con, summary), expected);
  EXPECT_EQ(DataFiles(dir).size(), 3u);  // the two, and the checkpoint's file of the rest
}

TEST(UncommittedGroupsTest, SortKeyTablesPageOutTheSortedCommit) {
  TempDirectory temp;
  std::string dir = temp / "db";
  const char* summary = "SELECT count(*), min(id), max(id), count(DISTINCT id) FROM s";
  const char* expected = "245760|0|245759|245760";
  {
    Database db(OneThread(dir));
    Connection con(db);
    con.Query("CREATE TABLE s (id int) SORTKEY (id)");
    con.Query("BEGIN");
    // A permutation of 0..245759 (100003 is prime to 245760 = 2^14 * 3 * 5): two row
    // groups, each spanning the whole range until sorted.
    con.Query("INSERT INTO s SELECT (i::bigint * 100003) % 245760 FROM generate_series(1, 245760) i");
    EXPECT_TRUE(DataFiles(dir).empty()) << "a SORTKEY commit sorts all its rows: nothing is paged out before";
    uint64_t log_before = LogBytes(dir);
    con.Query("COMMIT");
    // The sorted rows were paged out before the commit lock, and the record names them.
    EXPECT_EQ(DataFiles(dir).size(), 2u);
    EXPECT_LT(LogBytes(dir) - log_before, 512u);
    // Sorted as a whole: the first group holds ids below 122880, the second the rest.
    EXPECT_EQ(ScanRowGroups(con, "SELECT count(*) FROM s WHERE id < 100000"),
              "row groups: 1 read, 1 skipped by zone maps");
    EXPECT_EQ(QueryText(con, summary), expected);
  }
  Database db(OneThread(dir));
  Connection con(db);
  EXPECT_EQ(QueryText(con, summary), expected);
}

}  // namespace
}  // namespace stockroom
