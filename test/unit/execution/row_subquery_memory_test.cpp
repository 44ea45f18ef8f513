// The shape of models/ecommerce/staging/stg_web_events.sql — three correlated lookups by
// key in a jsonb array — over 1M rows under a 64MB memory_limit. Run per row
// (ROW_SUBQUERY), the lookups hold one chunk at a time; decorrelated, they materialized the
// events and joined them with the distinct arrays' elements, which needed far more than
// the limit (53200 at 64MB, and 18 GB at the nightly build's SF 1).
#include <gtest/gtest.h>

#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

constexpr const char* kLookups =
    "SELECT e.id, "
    "(SELECT CAST(p -> 'value' ->> 'int_value' AS bigint) FROM jsonb_array_elements(e.params) AS p "
    "  WHERE p ->> 'key' = 'ga_session_id') AS session_id, "
    "(SELECT p -> 'value' ->> 'string_value' FROM jsonb_array_elements(e.params) AS p "
    "  WHERE p ->> 'key' = 'page_location') AS page_location, "
    "CAST((SELECT p -> 'value' ->> 'string_value' FROM jsonb_array_elements(e.params) AS p "
    "  WHERE p ->> 'key' = 'transaction_id') AS bigint) AS transaction_id "
    "FROM events e";

TEST(RowSubqueryMemoryTest, ThreeJsonbLookupsOverAMillionRowsRunUnderASmallMemoryLimit) {
  TempDirectory temp;
  Database db{DatabaseConfig{temp / "db"}};
  Connection con{db};
  // Every event has a session and a page; every third one a transaction.
  con.Query(
      "CREATE TABLE events AS SELECT i AS id, CAST('[{\"key\": \"ga_session_id\", \"value\": {\"int_value\": \"' || "
      "(i / 7) || '\"}}, {\"key\": \"page_location\", \"value\": {\"string_value\": \"/p/' || (i % 1000) || "
      "'\"}}' || CASE WHEN i % 3 = 0 THEN ', {\"key\": \"transaction_id\", \"value\": {\"string_value\": \"' || i || "
      "'\"}}' ELSE '' END || ']' AS jsonb) AS params FROM generate_series(1, 1000000) AS g(i)");
  con.Query("SET memory_limit = '64MB'");

  std::string plan = QueryText(con, std::string("EXPLAIN ") + kLookups);
  EXPECT_NE(plan.find("ROW_SUBQUERY"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("CTE"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("JOIN"), std::string::npos) << plan;

  con.Query(std::string("CREATE TABLE flat AS ") + kLookups);
  // sum(i / 7) over 1..1M, 1000 pages, and the multiples of 3 (333333 of them, summing to
  // 3 * 333333 * 333334 / 2).
  EXPECT_EQ(QueryText(con,
                      "SELECT count(*), sum(session_id), count(DISTINCT page_location), count(transaction_id), "
                      "sum(transaction_id) FROM flat"),
            "1000000|71428214286|1000|333333|166666833333");
  EXPECT_EQ(QueryText(con, "SELECT * FROM flat WHERE id IN (1, 6) ORDER BY id"), "1|0|/p/1|NULL\n6|0|/p/6|6");
}

// A filter on a view's plain columns runs before the lookups, on the scan.
TEST(RowSubqueryMemoryTest, FiltersOnTheOuterColumnsRunBeforeTheLookups) {
  Database db{DatabaseConfig{}};
  Connection con{db};
  con.Query("CREATE TABLE events (id integer, params jsonb)");
  con.Query(std::string("CREATE VIEW flat AS ") + kLookups);
  std::string plan = QueryText(con, "EXPLAIN SELECT * FROM flat WHERE id = 6 AND page_location IS NOT NULL");
  size_t lookup = plan.rfind("ROW_SUBQUERY");
  size_t scan = plan.find("SEQ_SCAN (public.events, id = 6)");
  size_t value_filter = plan.find("IS NOT NULL");
  ASSERT_NE(lookup, std::string::npos) << plan;
  EXPECT_NE(scan, std::string::npos) << plan;
  EXPECT_GT(scan, lookup) << plan;
  EXPECT_LT(value_filter, lookup) << plan;
}

}  // namespace
}  // namespace stockroom
