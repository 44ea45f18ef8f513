// Durability under kill -9: a child process runs transactions that load (COPY), update and
// delete, reporting each COMMIT that returned; the test kills it with SIGKILL at random
// moments (also while it opens, replays and checkpoints) at least 30 times. After each
// kill every segment file and the log pass their checksums, and reopening shows exactly
// the committed transactions: all acknowledged ones, at most the one in flight besides,
// each of them whole.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "storage/segment_file.hpp"
#include "storage/write_ahead_log.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

constexpr int kRowsPerLoad = 2000;
constexpr int kAccounts = 100;

std::string One(Connection& con, const std::string& sql) { return con.Query(sql)->GetValue(0, 0).ToString(); }

// The child: transactions t = next, next + 1, ... until killed. Transaction t loads
// kRowsPerLoad rows tagged t, deletes the even rows of t - 2, moves t between two accounts
// (the total stays kAccounts * 1000) and records t in the log table.
[[noreturn]] void RunWorkload(const std::string& db_path, const std::string& scratch, int ack_fd) {
  try {
    Database db(DatabaseConfig{db_path, 2});
    Connection con(db);
    con.Query("CREATE TABLE IF NOT EXISTS txlog (txn int)");
    con.Query("CREATE TABLE IF NOT EXISTS events (txn int, k int, payload text)");
    con.Query("CREATE TABLE IF NOT EXISTS acct (id int, bal bigint)");
    if (One(con, "SELECT count(*) FROM acct") == "0") {
      con.Query("INSERT INTO acct SELECT i, 1000 FROM generate_series(0, " + std::to_string(kAccounts - 1) + ") i");
    }
    int t = std::stoi(One(con, "SELECT coalesce(max(txn), 0) FROM txlog")) + 1;
    for (;; t++) {
      std::string csv = scratch + "/load.csv";
      {
        std::ofstream out(csv);
        for (int k = 0; k < kRowsPerLoad; k++) out << t << "," << k << ",payload " << t << "-" << k << "\n";
      }
      std::string ts = std::to_string(t);
      con.Query("BEGIN");
      con.Query("COPY events FROM '" + csv + "' WITH (FORMAT csv)");
      con.Query("DELETE FROM events WHERE txn = " + std::to_string(t - 2) + " AND k % 2 = 0");
      con.Query("UPDATE acct SET bal = bal - " + ts + " WHERE id = " + std::to_string(t % kAccounts));
      con.Query("UPDATE acct SET bal = bal + " + ts + " WHERE id = " + std::to_string(t * 7 % kAccounts));
      con.Query("INSERT INTO txlog VALUES (" + ts + ")");
      con.Query("COMMIT");
      if (write(ack_fd, &t, sizeof(t)) != sizeof(t)) _exit(3);
    }
  } catch (const std::exception& e) {
    fprintf(stderr, "crash test child: %s\n", e.what());
    _exit(2);
  }
}

// Every complete segment file and the log pass their checksums.
void CheckFiles(const std::string& db_path) {
  for (auto& f : std::filesystem::directory_iterator(db_path + "/data")) {
    if (f.path().extension() != ".seg") continue;  // *.tmp: an interrupted write, never renamed
    SegmentFile segment(f.path().string());
    for (size_t c = 0; c < segment.ColumnCount(); c++) segment.Column(c);
  }
  for (auto& f : std::filesystem::directory_iterator(db_path)) {
    if (f.path().filename().string().rfind("wal.", 0) == 0) WriteAheadLog::Read(f.path().string(), [](std::string_view) {});
  }
}

TEST(CrashTest, KilledWorkloadsKeepExactlyTheCommittedTransactions) {
  TempDirectory dir;
  std::string db_path = dir / "db";
  std::mt19937 random(20261122);
  std::set<int> acknowledged;
  int kills = 0;
  for (int round = 0; round < 32; round++) {
    int pipe_fds[2];
    ASSERT_EQ(pipe(pipe_fds), 0);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(pipe_fds[0]);
      RunWorkload(db_path, dir.path(), pipe_fds[1]);
    }
    close(pipe_fds[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 700)(random)));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the workload stopped by itself, status " << status;
    kills++;
    int t;
    while (read(pipe_fds[0], &t, sizeof(t)) == sizeof(t)) acknowledged.insert(t);
    close(pipe_fds[0]);

    ASSERT_NO_THROW(CheckFiles(db_path)) << "round " << round;
    Database db(DatabaseConfig{db_path, 2});
    Connection con(db);
    if (!db.catalog().GetEntry("public", "txlog")) {
      ASSERT_TRUE(acknowledged.empty());
      continue;
    }
    std::set<int> committed;
    auto rows = con.Query("SELECT txn FROM txlog");
    for (idx_t i = 0; i < rows->rows->Count(); i++) committed.insert(static_cast<int>(rows->GetValue(0, i).GetInt64()));
    int max_acked = acknowledged.empty() ? 0 : *acknowledged.rbegin();
    for (int a : acknowledged) ASSERT_TRUE(committed.count(a)) << "acknowledged transaction " << a << " was lost";
    for (int c : committed) {
      ASSERT_TRUE(acknowledged.count(c) || c == max_acked + 1) << "transaction " << c << " was never committed";
    }
    // The one in flight may have committed without its acknowledgement arriving.
    if (committed.count(max_acked + 1)) acknowledged.insert(max_acked + 1);
    // Each committed transaction whole, nothing of any other.
    auto counts = con.Query("SELECT txn, count(*) FROM events GROUP BY txn");
    ASSERT_EQ(counts->rows->Count(), committed.size());
    for (idx_t i = 0; i < counts->rows->Count(); i++) {
      int txn = static_cast<int>(counts->GetValue(0, i).GetInt64());
      ASSERT_TRUE(committed.count(txn)) << "rows of uncommitted transaction " << txn;
      int64_t expected = committed.count(txn + 2) ? kRowsPerLoad / 2 : kRowsPerLoad;
      ASSERT_EQ(counts->GetValue(1, i).GetInt64(), expected) << "transaction " << txn;
    }
    ASSERT_EQ(One(con, "SELECT count(*) || ' ' || sum(bal) FROM acct"), std::to_string(kAccounts) + " " + std::to_string(kAccounts * 1000));
  }
  std::cout << kills << " kills, " << acknowledged.size() << " transactions committed\n";
  EXPECT_GE(kills, 30);
  EXPECT_GT(acknowledged.size(), 30u) << "too few transactions committed to test much";
}

}  // namespace
}  // namespace stockroom
