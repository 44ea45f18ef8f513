// Connection::Prepare / Execute: parameter types inferred as PostgreSQL 15 infers them
// (checked against PREPARE + Describe on PostgreSQL 15 through libpq), result columns
// described without executing, NULL parameters, reuse, and the errors.
#include "main/prepared_statement.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/error/exception.hpp"
#include "common/types/pg_value_format.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"

namespace stockroom {
namespace {

class PreparedStatementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    con.Query("CREATE TABLE t (id int, name varchar(10), price numeric(10,2), at timestamp, c char(3))");
    con.Query("INSERT INTO t VALUES (1, 'a', 1.50, '2024-01-01', 'x'), (2, 'b', 2.25, '2024-01-02', 'y'), "
              "(3, NULL, NULL, NULL, NULL)");
  }
  std::string Types(const std::string& sql) {
    auto prepared = con.Prepare(sql);
    std::string out;
    for (auto& t : prepared->parameter_types) out += (out.empty() ? "" : ",") + t.ToString();
    out += " ->";
    for (size_t i = 0; i < prepared->column_types.size(); i++) {
      out += " " + prepared->column_names[i] + ":" + prepared->column_types[i].ToString();
    }
    return out;
  }
  ErrorCode PrepareError(const std::string& sql, std::string* message = nullptr) {
    try {
      con.Prepare(sql);
    } catch (const SqlError& e) {
      if (message) *message = e.what();
      return e.code();
    }
    return ErrorCode::kSuccessfulCompletion;
  }
  std::string Run(const PreparedStatement& p, const std::vector<Value>& values) {
    return ResultText(*con.Execute(p, values));
  }

  Database db;
  Connection con{db};
};

TEST_F(PreparedStatementTest, InfersParameterTypesLikePostgres) {
  EXPECT_EQ(Types("SELECT $1"), "text -> ?column?:text");
  EXPECT_EQ(Types("SELECT $1 + 1"), "integer -> ?column?:integer");
  EXPECT_EQ(Types("SELECT 1 LIMIT $1 OFFSET $2"), "bigint,bigint -> ?column?:integer");
  EXPECT_EQ(Types("SELECT $1 = 'a'"), "text -> ?column?:boolean");
  EXPECT_EQ(Types("SELECT $1::int, $1"), "integer -> int4:integer ?column?:integer");
  EXPECT_EQ(Types("SELECT abs($1)"), "double precision -> abs:double precision");
  EXPECT_EQ(Types("SELECT length($1)"), "text -> length:integer");
  EXPECT_EQ(Types("SELECT $1 = $2"), "text,text -> ?column?:boolean");
  EXPECT_EQ(Types("SELECT coalesce($1, 5)"), "integer -> coalesce:integer");
  EXPECT_EQ(Types("SELECT $1 IN (1, 2)"), "integer -> ?column?:boolean");
  EXPECT_EQ(Types("SELECT CASE WHEN $1 THEN 1 END"), "boolean -> case:integer");
  EXPECT_EQ(Types("SELECT $1 IS TRUE, NOT $2"), "boolean,boolean -> ?column?:boolean ?column?:boolean");
  EXPECT_EQ(Types("SELECT $1 IS DISTINCT FROM 3"), "integer -> ?column?:boolean");
  EXPECT_EQ(Types("SELECT $1 BETWEEN 1 AND 3"), "integer -> ?column?:boolean");
  EXPECT_EQ(Types("SELECT greatest($1, 2)"), "integer -> greatest:integer");
  EXPECT_EQ(Types("SELECT 'a' || $1"), "text -> ?column?:text");
  EXPECT_EQ(Types("VALUES ($1, 2)"), "text -> column1:text column2:integer");
  EXPECT_EQ(Types("SELECT ARRAY[$1, 2]"), "integer -> array:integer[]");
  EXPECT_EQ(Types("SELECT $1 UNION SELECT 2"), "integer -> ?column?:integer");
  EXPECT_EQ(Types("SELECT id FROM t WHERE name = $1 AND price > $2 AND at < $3"),
            "character varying,numeric,timestamp without time zone -> id:integer");
  EXPECT_EQ(Types("INSERT INTO t (id, name, price, c) VALUES ($1, $2, $3, $4)"),
            "integer,character varying,numeric,bpchar ->");
  EXPECT_EQ(Types("INSERT INTO t (id, name) SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM t WHERE id = $1)"),
            "integer,character varying ->");
  EXPECT_EQ(Types("SELECT id FROM t WHERE id = ANY($1) OR name = ANY($2)"), "integer[],text[] -> id:integer");
  EXPECT_EQ(Types("UPDATE t SET price = $1 WHERE id = $2"), "numeric,integer ->");
  EXPECT_EQ(Types("DELETE FROM t WHERE id > $1"), "integer ->");
  EXPECT_EQ(Types("EXPLAIN SELECT * FROM t WHERE id = $1"), "integer -> QUERY PLAN:text");
  EXPECT_EQ(Types("SHOW search_path"), " -> search_path:text");
  EXPECT_EQ(Types("CREATE TABLE u (a int)"),  " ->");
  EXPECT_EQ(Types(""),  " ->");
}

TEST_F(PreparedStatementTest, GivenTypesWin) {
  auto p = con.Prepare("SELECT $1, $2 + 1", {LogicalType(TypeId::kBigInt)});
  ASSERT_EQ(p->parameter_types.size(), 2u);
  EXPECT_EQ(p->parameter_types[0], LogicalType(TypeId::kBigInt));
  EXPECT_EQ(p->parameter_types[1], LogicalType(TypeId::kInteger));
  EXPECT_EQ(p->column_types[0], LogicalType(TypeId::kBigInt));
  // More types than the text uses: the statement takes them all; an unused one must be given.
  auto q = con.Prepare("SELECT 1", {LogicalType(TypeId::kText)});
  EXPECT_EQ(q->parameter_types.size(), 1u);
  EXPECT_THROW(con.Prepare("SELECT 1", {LogicalType(TypeId::kText), std::nullopt}), SqlError);
}

TEST_F(PreparedStatementTest, UndeterminedTypesAreErrors) {
  std::string message;
  EXPECT_EQ(PrepareError("SELECT $1 IS NULL", &message), ErrorCode::kIndeterminateDatatype);
  EXPECT_EQ(message, "could not determine data type of parameter $1");
  EXPECT_EQ(PrepareError("SELECT $2", &message), ErrorCode::kIndeterminateDatatype);
  EXPECT_EQ(message, "could not determine data type of parameter $1");
  EXPECT_EQ(PrepareError("SELECT $1 IS NULL OR $1 = 5"), ErrorCode::kAmbiguousParameter);
  EXPECT_EQ(PrepareError("SELECT count($1)"), ErrorCode::kIndeterminateDatatype);
  EXPECT_EQ(PrepareError("SELECT $1 + $2"), ErrorCode::kAmbiguousFunction);
  EXPECT_EQ(PrepareError("SELECT 1; SELECT 2", &message), ErrorCode::kSyntaxError);
  EXPECT_EQ(message, "cannot insert multiple commands into a prepared statement");
  EXPECT_EQ(PrepareError("SELECT nope FROM t WHERE id = $1"), ErrorCode::kUndefinedColumn);
}

TEST_F(PreparedStatementTest, ExecutesManyTimesWithValuesAndNulls) {
  auto p = con.Prepare("SELECT id, name FROM t WHERE id >= $1 ORDER BY id LIMIT $2");
  EXPECT_EQ(Run(*p, {Value::Integer(2), Value::BigInt(5)}), "2|b\n3|NULL");
  EXPECT_EQ(Run(*p, {Value::Integer(1), Value::BigInt(1)}), "1|a");
  EXPECT_EQ(Run(*p, {Value::Null(TypeId::kInteger), Value::BigInt(5)}), "");
  EXPECT_EQ(Run(*p, {Value::Integer(1), Value::Null(TypeId::kBigInt)}), "1|a\n2|b\n3|NULL");  // LIMIT NULL: all
  auto insert = con.Prepare("INSERT INTO t (id, name, price) VALUES ($1, $2, $3)");
  for (int i = 10; i < 20; i++) {
    auto result = con.Execute(*insert, {Value::Integer(i), Value::String(TypeId::kVarchar, "n" + std::to_string(i)),
                                        Value::Null(TypeId::kNumeric)});
    EXPECT_EQ(result->command_tag, "INSERT 0 1");
  }
  EXPECT_EQ(QueryText(con, "SELECT count(*), min(name), max(id) FROM t WHERE id >= 10"), "10|n10|19");
  auto update = con.Prepare("UPDATE t SET price = $1 WHERE id = $2");
  EXPECT_EQ(con.Execute(*update, {ParsePgText(TypeId::kNumeric, "9.999"), Value::Integer(1)})->command_tag, "UPDATE 1");
  EXPECT_EQ(QueryText(con, "SELECT price FROM t WHERE id = 1"), "10.00");
  auto any = con.Prepare("SELECT count(*) FROM t WHERE id = ANY($1)");
  EXPECT_EQ(Run(*any, {ParsePgText(LogicalType::Array(TypeId::kInteger), "{1,3,10,99}")}), "3");
  auto insert_new = con.Prepare("INSERT INTO t (id, name) SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM t WHERE id = $1)");
  EXPECT_EQ(con.Execute(*insert_new, {Value::Integer(1), Value::String(TypeId::kVarchar, "dup")})->command_tag, "INSERT 0 0");
  EXPECT_EQ(con.Execute(*insert_new, {Value::Integer(50), Value::String(TypeId::kVarchar, "new")})->command_tag, "INSERT 0 1");
  EXPECT_EQ(QueryText(con, "SELECT name FROM t WHERE id = 50"), "new");
  auto del = con.Prepare("DELETE FROM t WHERE id >= $1");
  EXPECT_EQ(con.Execute(*del, {Value::Integer(10)})->command_tag, "DELETE 11");  // ids 10..19 and 50
  // Text parameter compared with a varchar column; a too-long value into varchar(10) fails
  // as an assignment does.
  auto by_name = con.Prepare("SELECT id FROM t WHERE name = $1");
  EXPECT_EQ(Run(*by_name, {Value::String(TypeId::kVarchar, "b")}), "2");
  try {
    con.Execute(*insert, {Value::Integer(5), Value::String(TypeId::kVarchar, "much too long a name"),
                          Value::Null(TypeId::kNumeric)});
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kStringDataRightTruncation);
  }
}

TEST_F(PreparedStatementTest, DescribeDoesNotExecute) {
  auto p = con.Prepare("DELETE FROM t WHERE id = $1");
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM t"), "3");
  auto q = con.Prepare("INSERT INTO t (id) SELECT id + $1 FROM t");
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM t"), "3");
  EXPECT_EQ(q->parameter_types[0], LogicalType(TypeId::kInteger));
}

TEST_F(PreparedStatementTest, ParametersFilterLikeLiterals) {
  con.Query("CREATE TABLE big AS SELECT g AS k FROM generate_series(1, 300000) g");
  auto p = con.Prepare("SELECT count(*) FROM big WHERE k > $1");
  EXPECT_EQ(Run(*p, {Value::Integer(299990)}), "10");
  // The value is a constant in the plan: the scan skips row groups by their zone maps.
  auto explain = con.Prepare("EXPLAIN ANALYZE SELECT count(*) FROM big WHERE k > $1");
  std::string plan = Run(*explain, {Value::Integer(299990)});
  EXPECT_NE(plan.find("skipped by zone maps"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("0 skipped by zone maps"), std::string::npos) << plan;
}

TEST_F(PreparedStatementTest, WrongParameterValuesAreErrors) {
  auto p = con.Prepare("SELECT $1::int + $2");
  try {
    con.Execute(*p, {Value::Integer(1)});
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kProtocolViolation);
    EXPECT_STREQ(e.what(), "bind message supplies 1 parameters, but prepared statement \"\" requires 2");
  }
  try {
    con.Execute(*p, {Value::Integer(1), Value::Text("2")});
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidParameterValue);
  }
}

TEST_F(PreparedStatementTest, ChangedResultTypeIsAnError) {
  con.Query("CREATE VIEW v AS SELECT id FROM t");
  auto p = con.Prepare("SELECT * FROM v");
  con.Query("DROP VIEW v");
  con.Query("CREATE VIEW v AS SELECT name AS id FROM t");
  try {
    con.Execute(*p, {});
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kFeatureNotSupported);
    EXPECT_STREQ(e.what(), "cached plan must not change result type");
  }
}

TEST_F(PreparedStatementTest, RunsInsideTransactionBlocks) {
  auto p = con.Prepare("INSERT INTO t (id) VALUES ($1)");
  con.Query("BEGIN");
  con.Execute(*p, {Value::Integer(100)});
  EXPECT_EQ(con.TransactionStatus(), 'T');
  con.Query("ROLLBACK");
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM t WHERE id = 100"), "0");
  con.Query("BEGIN");
  EXPECT_THROW(con.Query("SELECT 1/0"), SqlError);
  try {
    con.Execute(*p, {Value::Integer(100)});
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInFailedSqlTransaction);
  }
  con.Query("ROLLBACK");
}

}  // namespace
}  // namespace stockroom
