// ALTER TABLE is durable (replayed from the log, then read back from the manifest and the
// segment files a checkpoint wrote), keeps the views that read the table working, and
// fails a concurrent writer of the old shape at COMMIT (40001) rather than let it write
// rows of the old shape into the new table.
#include <gtest/gtest.h>

#include <string>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

ErrorCode CodeOf(Connection& con, const std::string& sql) {
  try {
    con.Query(sql);
  } catch (const SqlError& e) {
    return e.code();
  }
  return ErrorCode::kInternalError;  // no error: never what a test expects
}

TEST(AlterTableTest, ShapeAndRowsSurviveRestartsAndCheckpoints) {
  TempDirectory temp;
  std::string dir = temp / "db";
  std::string stamped;  // the values DEFAULT now() gave the existing rows
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    // Two full row groups and part of a third, some rows deleted.
    con.Query("CREATE TABLE orders (id int NOT NULL, amount int, note text) SORTKEY (id)");
    con.Query("INSERT INTO orders SELECT i, i % 100, 'n' || i FROM generate_series(1, 250000) i");
    con.Query("DELETE FROM orders WHERE id % 10 = 0");
    con.Query("CREATE VIEW sevens AS SELECT id FROM orders WHERE id % 7 = 0");
    con.Query("ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new', DROP COLUMN note");
    con.Query("ALTER TABLE orders ALTER COLUMN amount TYPE numeric(12,2) USING amount * 1.5");
    con.Query("ALTER TABLE orders ADD COLUMN created timestamptz DEFAULT now()");
    con.Query("ALTER TABLE orders RENAME COLUMN status TO state");
    con.Query("ALTER TABLE orders RENAME TO sales");
    con.Query("INSERT INTO sales (id, amount) VALUES (300000, 7)");
    stamped = QueryText(con, "SELECT count(DISTINCT created), min(created) FROM sales WHERE id < 300000");
  }
  const std::string shape = "SELECT id, amount, state FROM sales WHERE id IN (1, 99, 300000) ORDER BY id";
  const std::string expected_rows = "1|1.50|new\n99|148.50|new\n300000|7.00|new";
  for (int open = 0; open < 2; open++) {  // replayed from the log, then from segment files
    Database db(DatabaseConfig{dir});
    Connection con(db);
    EXPECT_EQ(QueryText(con, shape), expected_rows) << open;
    EXPECT_EQ(QueryText(con, "SELECT count(*), sum(amount) FROM sales"), "225001|16875007.00") << open;
    EXPECT_EQ(QueryText(con, "SELECT count(*) FROM sevens"), "32143") << open;
    EXPECT_EQ(QueryText(con, "SELECT count(DISTINCT created), min(created) FROM sales WHERE id < 300000"), stamped) << open;
    EXPECT_EQ(CodeOf(con, "SELECT note FROM sales"), ErrorCode::kUndefinedColumn) << open;
    EXPECT_EQ(CodeOf(con, "SELECT * FROM orders"), ErrorCode::kUndefinedTable) << open;
    EXPECT_EQ(CodeOf(con, "INSERT INTO sales (id, state) VALUES (1, NULL)"), ErrorCode::kNotNullViolation) << open;
  }
  {
    // The default stays now() for rows inserted later.
    Database db(DatabaseConfig{dir});
    Connection con(db);
    con.Query("INSERT INTO sales (id) VALUES (300001)");
    EXPECT_EQ(QueryText(con, "SELECT created > (SELECT min(created) FROM sales) FROM sales WHERE id = 300001"), "t");
    con.Query("ALTER TABLE sales DROP COLUMN created, ALTER COLUMN state DROP NOT NULL");
    con.Query("CREATE SCHEMA archive");
    con.Query("ALTER TABLE sales SET SCHEMA archive");
  }
  for (int open = 0; open < 2; open++) {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    EXPECT_EQ(QueryText(con, "SELECT * FROM archive.sales WHERE id IN (1, 300001) ORDER BY id"),
              "1|1.50|new\n300001|NULL|new")
        << open;
    EXPECT_EQ(QueryText(con, "SELECT count(*) FROM sevens"), "32143") << open;
  }
}

TEST(AlterTableTest, ConcurrentWriterOfTheOldShapeFailsWith40001) {
  Database db;
  Connection writer(db), alterer(db);
  writer.Query("CREATE TABLE t (a int, b text)");
  writer.Query("INSERT INTO t VALUES (1, 'x'), (2, 'y')");

  writer.Query("BEGIN");
  writer.Query("INSERT INTO t VALUES (3, 'z')");
  writer.Query("DELETE FROM t WHERE a = 1");
  alterer.Query("ALTER TABLE t ADD COLUMN c int DEFAULT 5");
  EXPECT_EQ(CodeOf(writer, "COMMIT"), ErrorCode::kSerializationFailure);
  EXPECT_EQ(QueryText(alterer, "SELECT * FROM t ORDER BY a"), "1|x|5\n2|y|5");

  // A rename replaces the table too: a writer that changed it retries on the new one.
  writer.Query("BEGIN");
  writer.Query("UPDATE t SET b = 'w' WHERE a = 2");
  alterer.Query("ALTER TABLE t RENAME TO u");
  EXPECT_EQ(CodeOf(writer, "COMMIT"), ErrorCode::kSerializationFailure);
  EXPECT_EQ(QueryText(alterer, "SELECT * FROM u ORDER BY a"), "1|x|5\n2|y|5");

  // A transaction that began before the ALTER reads the new shape once it names the table.
  writer.Query("BEGIN");
  EXPECT_EQ(QueryText(writer, "SELECT count(*) FROM u"), "2");
  alterer.Query("ALTER TABLE u DROP COLUMN b");
  EXPECT_EQ(QueryText(writer, "SELECT * FROM u ORDER BY a"), "1|5\n2|5");
  writer.Query("COMMIT");

  // ALTER applies at once, so it cannot take this transaction's own uncommitted rows along.
  writer.Query("BEGIN");
  writer.Query("INSERT INTO u VALUES (3, 6)");
  EXPECT_EQ(CodeOf(writer, "ALTER TABLE u ADD COLUMN d int"), ErrorCode::kObjectInUse);
  writer.Query("ROLLBACK");
  writer.Query("ALTER TABLE u ADD COLUMN d int");
  EXPECT_EQ(QueryText(writer, "SELECT * FROM u ORDER BY a"), "1|5|NULL\n2|5|NULL");
}

}  // namespace
}  // namespace stockroom
