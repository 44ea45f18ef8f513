// The operators' size views: svv_table_info (rows, size on disk, compression per table, like
// Redshift's) and svv_column_storage (raw and stored bytes per column), for a data directory
// and for an in-memory database.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

uint64_t SegmentBytes(const std::string& dir) {
  uint64_t bytes = 0;
  for (auto& f : std::filesystem::recursive_directory_iterator(dir)) {
    if (f.is_regular_file() && f.path().filename().string().find(".seg") != std::string::npos) bytes += f.file_size();
  }
  return bytes;
}

TEST(TableInfoTest, SizesAndCompressionOfCheckpointedTables) {
  TempDirectory temp;
  std::string dir = temp / "db";
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    con.Query("CREATE TABLE sales (id int, region text, amount numeric(10,2)) DISTSTYLE KEY DISTKEY (region) SORTKEY (id)");
    con.Query(
        "INSERT INTO sales SELECT i, CASE i % 3 WHEN 0 THEN 'north' WHEN 1 THEN 'south' ELSE 'west' END, i % 1000 "
        "FROM generate_series(1, 300000) i");
    // A fifth of the rows: the open compacts the table.
    con.Query("DELETE FROM sales WHERE id <= 60000");
    // Not checkpointed yet: the commit's two full row groups are in the segment files it
    // wrote, the rest only in the log.
    uint64_t committed = SegmentBytes(dir);
    ASSERT_GT(committed, 0u);
    EXPECT_EQ(QueryText(con, "SELECT \"table\", tbl_rows, size_bytes FROM svv_table_info"),
              "sales|240000|" + std::to_string(committed));
  }
  Database db(DatabaseConfig{dir});  // opening checkpoints
  Connection con(db);
  EXPECT_EQ(QueryText(con, "SELECT schema, \"table\", diststyle, sortkey1, tbl_rows FROM svv_table_info"),
            "public|sales|KEY(region)|id|240000");
  uint64_t on_disk = SegmentBytes(dir);
  ASSERT_GT(on_disk, 0u);
  EXPECT_EQ(QueryText(con, "SELECT size_bytes, size FROM svv_table_info"),
            std::to_string(on_disk) + "|" + std::to_string((on_disk + (1 << 20) - 1) >> 20));
  // Fixed-width columns count their width per row (numeric(10,2): 8 bytes); text its bytes.
  // Every column here is stored smaller than that.
  EXPECT_EQ(QueryText(con,
                 "SELECT \"column\", type, rows, raw_bytes, stored_bytes > 0, compression_ratio > 1 "
                 "FROM svv_column_storage WHERE \"table\" = 'sales' ORDER BY \"column\""),
            "amount|numeric(10,2)|240000|1920000|t|t\n"
            "id|integer|240000|960000|t|t\n"
            "region|text|240000|1120000|t|t");
  EXPECT_EQ(QueryText(con,
                 "SELECT i.raw_bytes = sum(c.raw_bytes), i.size_bytes >= sum(c.stored_bytes) "
                 "FROM svv_table_info i JOIN svv_column_storage c USING (\"table\") GROUP BY i.raw_bytes, i.size_bytes"),
            "t|t");
}

TEST(TableInfoTest, InMemoryTablesHaveRowsButNoFiles) {
  Database db;
  Connection con(db);
  con.Query("CREATE TABLE t (a int, b text)");
  con.Query("INSERT INTO t VALUES (1, 'x'), (2, NULL)");
  EXPECT_EQ(QueryText(con, "SELECT \"table\", sortkey1, tbl_rows, size, compression_ratio FROM svv_table_info"),
            "t|NULL|2|0|NULL");
  EXPECT_EQ(QueryText(con, "SELECT \"column\", rows, stored_bytes FROM svv_column_storage ORDER BY 1"), "a|0|0\nb|0|0");
}

}  // namespace
}  // namespace stockroom
