// Cancelling a running statement (Connection::Cancel, as psql's Ctrl-C or a server's
// CancelRequest) stops it with 57014, also when the rows come from one tiny source chunk.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"

namespace stockroom {
namespace {

TEST(CancelTest, CrossProductOfATinyTableStops) {
  Database db;
  Connection con(db);
  con.Query("CREATE TABLE t AS SELECT i AS a FROM generate_series(1, 4) i");
  // 4^16 rows, all produced from the first chunk of t: minutes of work if never cancelled.
  // Cancel until the statement ends (a cancel that arrives before it starts is lost).
  std::atomic<bool> done{false};
  std::thread canceller([&] {
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      con.Cancel();
    }
  });
  auto started = std::chrono::steady_clock::now();
  try {
    con.Query("SELECT count(*) FROM t a, t b, t c, t d, t e, t f, t g, t h, t i, t j, t k, t l, t m, t n, t o, t p");
    ADD_FAILURE() << "the statement finished instead of being cancelled";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kQueryCanceled) << e.what();
  }
  done = true;
  canceller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
  // The session stays usable.
  EXPECT_EQ(con.Query("SELECT count(*) FROM t")->GetValue(0, 0).ToString(), "4");
}

}  // namespace
}  // namespace stockroom
