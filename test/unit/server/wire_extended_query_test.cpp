// The extended query protocol through libpq (PQexecParams, PQprepare, PQdescribePrepared).
// Until the engine's prepared statements are in the build the server refuses these
// messages with 0A000 and the session goes on; with them, they run.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <cstring>

#include "server/extended_query.hpp"
#include "server/wire_test_server.hpp"

namespace stockroom {
namespace {

class WireExtendedQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<WireTestServer>(TrustConfig());
    conn_ = server_->Connect("user=alice");
    ASSERT_EQ(PQstatus(conn_.get()), CONNECTION_OK) << PQerrorMessage(conn_.get());
    PgResult(PQexec(conn_.get(), "CREATE TABLE p (id int, name text); INSERT INTO p VALUES (1, 'one'), (2, 'two')"));
  }
  std::unique_ptr<WireTestServer> server_;
  PgConn conn_;
};

TEST_F(WireExtendedQueryTest, ParametersAndBinaryResults) {
  const char* values[] = {"2"};
  int formats_text[] = {0};
  PgResult r(PQexecParams(conn_.get(), "SELECT id, name FROM p WHERE id = $1", 1, nullptr, values, nullptr,
                          formats_text, 1 /* binary results */));
  ASSERT_EQ(PQresultStatus(r.get()), PGRES_TUPLES_OK) << PQresultErrorMessage(r.get());
  ASSERT_EQ(PQntuples(r.get()), 1);
  EXPECT_EQ(PQfformat(r.get(), 0), 1);
  ASSERT_EQ(PQgetlength(r.get(), 0, 0), 4);
  uint32_t id;
  std::memcpy(&id, PQgetvalue(r.get(), 0, 0), 4);
  EXPECT_EQ(ntohl(id), 2u);
  EXPECT_EQ(std::string(PQgetvalue(r.get(), 0, 1), PQgetlength(r.get(), 0, 1)), "two");
}

// A FETCH sent as Parse/Bind/Describe/Execute is described with the cursor's columns (as
// psycopg 3 and other extended-protocol clients read server-side cursors), MOVE with NoData.
TEST_F(WireExtendedQueryTest, FetchFromCursorIsDescribedWithTheCursorsColumns) {
  PgResult(PQexec(conn_.get(), "BEGIN; DECLARE c CURSOR FOR SELECT id, name FROM p ORDER BY id"));
  PgResult prepared(PQprepare(conn_.get(), "next_row", "FETCH 1 FROM c", 0, nullptr));
  ASSERT_EQ(PQresultStatus(prepared.get()), PGRES_COMMAND_OK) << PQresultErrorMessage(prepared.get());
  PgResult described(PQdescribePrepared(conn_.get(), "next_row"));
  ASSERT_EQ(PQnfields(described.get()), 2);
  EXPECT_EQ(PQftype(described.get(), 0), 23u);  // int4
  EXPECT_EQ(PQftype(described.get(), 1), 25u);  // text
  for (const char* expected : {"one", "two"}) {
    PgResult row(PQexecParams(conn_.get(), "FETCH 1 FROM c", 0, nullptr, nullptr, nullptr, nullptr, 0));
    ASSERT_EQ(PQresultStatus(row.get()), PGRES_TUPLES_OK) << PQresultErrorMessage(row.get());
    ASSERT_EQ(PQntuples(row.get()), 1);
    EXPECT_STREQ(PQgetvalue(row.get(), 0, 1), expected);
  }
  PgResult moved(PQexecParams(conn_.get(), "MOVE BACKWARD 2 IN c", 0, nullptr, nullptr, nullptr, nullptr, 0));
  ASSERT_EQ(PQresultStatus(moved.get()), PGRES_COMMAND_OK) << PQresultErrorMessage(moved.get());
  EXPECT_STREQ(PQcmdStatus(moved.get()), "MOVE 1");
  PgResult first(PQexecPrepared(conn_.get(), "next_row", 0, nullptr, nullptr, nullptr, 0));
  ASSERT_EQ(PQntuples(first.get()), 1);
  EXPECT_STREQ(PQgetvalue(first.get(), 0, 0), "1");
  PgResult missing(PQexecParams(conn_.get(), "FETCH 1 FROM nope", 0, nullptr, nullptr, nullptr, nullptr, 0));
  EXPECT_STREQ(PQresultErrorField(missing.get(), PG_DIAG_SQLSTATE), "34000");
  PgResult(PQexec(conn_.get(), "ROLLBACK"));
}

TEST_F(WireExtendedQueryTest, NamedStatementsDescribeAndErrors) {
  PgResult prepared(PQprepare(conn_.get(), "by_name", "SELECT id FROM p WHERE name = $1", 0, nullptr));
  ASSERT_EQ(PQresultStatus(prepared.get()), PGRES_COMMAND_OK) << PQresultErrorMessage(prepared.get());
  PgResult described(PQdescribePrepared(conn_.get(), "by_name"));
  ASSERT_EQ(PQnparams(described.get()), 1);
  EXPECT_EQ(PQparamtype(described.get(), 0), 25u);  // text
  EXPECT_EQ(PQftype(described.get(), 0), 23u);      // int4
  const char* values[] = {"one"};
  PgResult run(PQexecPrepared(conn_.get(), "by_name", 1, values, nullptr, nullptr, 0));
  ASSERT_EQ(PQntuples(run.get()), 1);
  EXPECT_STREQ(PQgetvalue(run.get(), 0, 0), "1");
  // A failing Bind (bad integer) reports 22P02 and the session goes on after Sync.
  PgResult typed(PQprepare(conn_.get(), "by_id", "SELECT name FROM p WHERE id = $1", 0, nullptr));
  const char* bad[] = {"x"};
  PgResult failed(PQexecPrepared(conn_.get(), "by_id", 1, bad, nullptr, nullptr, 0));
  EXPECT_STREQ(PQresultErrorField(failed.get(), PG_DIAG_SQLSTATE), "22P02");
  PgResult missing(PQexecPrepared(conn_.get(), "nope", 0, nullptr, nullptr, nullptr, 0));
  EXPECT_STREQ(PQresultErrorField(missing.get(), PG_DIAG_SQLSTATE), "26000");
  PgResult again(PQexecPrepared(conn_.get(), "by_name", 1, values, nullptr, nullptr, 0));
  EXPECT_STREQ(PQgetvalue(again.get(), 0, 0), "1");
}

}  // namespace
}  // namespace stockroom
