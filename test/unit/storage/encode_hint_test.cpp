// Redshift's ENCODE column attribute drives how a column is stored: svv_column_storage
// shows the stored bytes each hint gives, after a checkpoint and after a restart.
#include <gtest/gtest.h>

#include <string>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

int64_t StoredBytes(Connection& con, const std::string& table, const std::string& column) {
  return std::stoll(QueryText(con, "SELECT stored_bytes FROM svv_column_storage WHERE \"table\" = '" + table +
                                  "' AND \"column\" = '" + column + "'"));
}

TEST(EncodeHintTest, HintsChangeTheStoredBytes) {
  TempDirectory temp;
  std::string dir = temp / "db";
  // The same rows under different hints: a repetitive status, an ascending id, event
  // timestamps, a constant and amounts with two decimals.
  const char* kColumns =
      "(status text ENCODE %s, id bigint ENCODE %s, at timestamp ENCODE %s, country text ENCODE %s, "
      "amount float8 ENCODE %s)";
  auto create = [&](Connection& con, const std::string& table, const std::string& hint) {
    char columns[512];
    std::snprintf(columns, sizeof(columns), kColumns, hint.c_str(), hint.c_str(), hint.c_str(), hint.c_str(),
                  hint.c_str());
    con.Query("CREATE TABLE " + table + " " + columns);
    con.Query("INSERT INTO " + table +
              " SELECT (ARRAY['pending', 'paid', 'shipped', 'delivered'])[1 + i / 1000 % 4], i, "
              "timestamp '2025-01-01' + i * interval '1.234 ms', 'DE', (i::bigint * 7919 % 100000) / 100.0 "
              "FROM generate_series(1, 300000) i");
  };
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    con.Query("CREATE TABLE automatic (status text, id bigint, at timestamp, country text, amount float8)");
    con.Query("INSERT INTO automatic SELECT (ARRAY['pending', 'paid', 'shipped', 'delivered'])[1 + i / 1000 % 4], i, "
              "timestamp '2025-01-01' + i * interval '1.234 ms', 'DE', (i::bigint * 7919 % 100000) / 100.0 "
              "FROM generate_series(1, 300000) i");
    for (const char* hint : {"raw", "az64", "zstd", "lz4", "runlength", "delta", "bytedict", "mostly32"}) {
      create(con, std::string("t_") + hint, hint);
    }
  }
  Database db(DatabaseConfig{dir});  // opening checkpoints
  Connection con(db);
  EXPECT_EQ(QueryText(con, "SELECT encode FROM svv_column_storage WHERE \"table\" = 't_raw' ORDER BY \"column\""),
            "raw\nraw\nraw\nraw\nraw");
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM svv_column_storage WHERE \"table\" = 'automatic' AND encode IS NULL"), "5");
  for (const char* column : {"status", "id", "at", "country", "amount"}) {
    SCOPED_TRACE(column);
    int64_t automatic = StoredBytes(con, "automatic", column);
    // az64 is the automatic choice.
    EXPECT_EQ(StoredBytes(con, "t_az64", column), automatic);
    // raw: every value at its width (text: its length besides), nothing compressed.
    EXPECT_GT(StoredBytes(con, "t_raw", column), 2 * automatic);
    EXPECT_GE(StoredBytes(con, "t_raw", column), 300000 * 2);
  }
  // The constant column: a few bytes per row group, raw is 6 bytes a row.
  EXPECT_LT(StoredBytes(con, "automatic", "country"), 100);
  EXPECT_EQ(StoredBytes(con, "t_raw", "country"), 3 * 1 + 300000 * 6);
  // Ascending ids: deltas. mostly32 (bit packing from the minimum) is larger, runlength much.
  EXPECT_LT(StoredBytes(con, "automatic", "id"), 200);
  EXPECT_EQ(StoredBytes(con, "t_delta", "id"), StoredBytes(con, "automatic", "id"));
  EXPECT_GT(StoredBytes(con, "t_mostly32", "id"), 300000 * 2);
  EXPECT_GT(StoredBytes(con, "t_runlength", "id"), 100 * StoredBytes(con, "automatic", "id"));
  // Timestamps 1.234 ms apart: deltas of 1234 or 1235 microseconds.
  EXPECT_LT(StoredBytes(con, "automatic", "at") * 5, StoredBytes(con, "t_mostly32", "at"));
  // Amounts with two decimals: scaled integers instead of 8 bytes a row.
  EXPECT_LT(StoredBytes(con, "automatic", "amount") * 2, StoredBytes(con, "t_raw", "amount"));
  // Statuses in runs of 1000: a dictionary with run-length codes either way.
  EXPECT_LT(StoredBytes(con, "t_runlength", "status"), 4000);
  EXPECT_LT(StoredBytes(con, "t_bytedict", "status"), 4000);
  // zstd forced compresses whatever it makes smaller (the automatic choice only what it
  // makes a tenth smaller); lz4 replaces it.
  for (const char* column : {"status", "id", "at", "country", "amount"}) {
    EXPECT_LE(StoredBytes(con, "t_zstd", column), StoredBytes(con, "automatic", column)) << column;
    EXPECT_LT(StoredBytes(con, "t_lz4", column) * 2, StoredBytes(con, "t_raw", column)) << column;
  }
  EXPECT_NE(StoredBytes(con, "t_lz4", "amount"), StoredBytes(con, "automatic", "amount"));
  // Every table holds the same rows.
  const std::string summary =
      "SELECT count(*), count(DISTINCT status), sum(id), min(at), max(at), sum((amount * 100)::bigint), "
      "min(country) FROM ";
  for (const char* table : {"t_raw", "t_zstd", "t_lz4", "t_runlength", "t_delta", "t_bytedict", "t_mostly32"}) {
    EXPECT_EQ(QueryText(con, summary + table), QueryText(con, summary + "automatic")) << table;
  }
}

TEST(EncodeHintTest, HintsAreKeptAndUnknownOnesRefused) {
  TempDirectory temp;
  std::string dir = temp / "db";
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    con.Query("CREATE TABLE t (a int ENCODE delta32k, b text ENCODE text255, c float8 ENCODE runlength, d date)");
    con.Query("INSERT INTO t VALUES (1, 'x', 1.5, '2025-01-01'), (2, NULL, NULL, NULL)");
    try {
      con.Query("CREATE TABLE u (a int ENCODE squeeze)");
      ADD_FAILURE() << "an unknown encoding was accepted";
    } catch (const SqlError& e) {
      EXPECT_EQ(std::string(e.sqlstate()), "22023");
      EXPECT_EQ(std::string(e.what()), "invalid encoding type \"squeeze\" specified for column \"a\"");
    }
  }
  Database db(DatabaseConfig{dir});
  Connection con(db);
  EXPECT_EQ(QueryText(con, "SELECT \"column\", encode FROM svv_column_storage WHERE \"table\" = 't' ORDER BY 1"),
            "a|delta32k\nb|text255\nc|runlength\nd|NULL");
  EXPECT_EQ(QueryText(con, "SELECT * FROM t ORDER BY a"), "1|x|1.5|2025-01-01\n2|NULL|NULL|NULL");
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM svv_table_info WHERE \"table\" = 'u'"), "0");
}

}  // namespace
}  // namespace stockroom
