// Queries' operator memory: each query's tracker against its own limit (SET memory_limit)
// and all of them together against the database's one budget.
#include "common/memory/memory_tracker.hpp"

#include <gtest/gtest.h>

#include "common/error/exception.hpp"

namespace stockroom {
namespace {

constexpr uint64_t kMb = 1ull << 20;

TEST(MemoryTrackerTest, ConcurrentQueriesShareTheDatabaseBudget) {
  MemoryTracker database(100 * kMb);
  MemoryTracker first(80 * kMb, &database);
  MemoryTracker second(80 * kMb, &database);
  first.Reserve(60 * kMb);
  EXPECT_EQ(database.used(), 60 * kMb);
  // 60 + 50 is within the second query's own limit but not within the database's.
  try {
    second.Reserve(50 * kMb);
    FAIL() << "the database budget was passed";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kOutOfMemory);
    EXPECT_NE(std::string(e.detail()).find("together"), std::string::npos) << e.detail();
  }
  EXPECT_EQ(second.used(), 0u) << "a refused reservation holds nothing";
  EXPECT_EQ(database.used(), 60 * kMb);
  second.Reserve(30 * kMb);
  first.Release(60 * kMb);
  second.Reserve(50 * kMb);
  EXPECT_EQ(database.used(), 80 * kMb);
}

TEST(MemoryTrackerTest, AQueryOverItsOwnLimitFailsWhateverTheDatabaseHas) {
  MemoryTracker database(100 * kMb);
  MemoryTracker query(10 * kMb, &database);
  try {
    query.Reserve(11 * kMb);
    FAIL() << "the query's limit was passed";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kOutOfMemory);
    EXPECT_NE(std::string(e.detail()).find("memory_limit (10MB)"), std::string::npos) << e.detail();
  }
  EXPECT_EQ(database.used(), 0u);
}

TEST(MemoryTrackerTest, SpillingStartsWhenAllQueriesTogetherNearTheBudget) {
  MemoryTracker database(100 * kMb);
  MemoryTracker busy(100 * kMb, &database);
  MemoryTracker small(100 * kMb, &database);
  small.Reserve(1 * kMb);
  EXPECT_FALSE(small.ShouldSpill());
  busy.Reserve(70 * kMb);
  // The small query holds 1% of its limit, but the two hold 71% of the database's: 5 MB
  // more would pass three quarters of it.
  EXPECT_FALSE(small.ShouldSpill());
  EXPECT_TRUE(small.ShouldSpill(5 * kMb));
  busy.Reserve(5 * kMb);
  EXPECT_TRUE(small.ShouldSpill());
}

}  // namespace
}  // namespace stockroom
