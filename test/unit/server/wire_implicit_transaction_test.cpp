// A simple Query message with several statements runs as one implicit transaction, as in
// PostgreSQL 15 (each case checked with psql -c 'a; b; c' against PostgreSQL 15).
#include <gtest/gtest.h>

#include <string>

#include "server/wire_test_server.hpp"

namespace stockroom {
namespace {

class WireImplicitTransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<WireTestServer>(TrustConfig());
    conn_ = server_->Connect("user=alice");
    ASSERT_EQ(PQstatus(conn_.get()), CONNECTION_OK) << PQerrorMessage(conn_.get());
    ASSERT_EQ(PQresultStatus(Exec("CREATE TABLE m (a int)").get()), PGRES_COMMAND_OK);
  }
  PgResult Exec(const std::string& sql) { return PgResult(PQexec(conn_.get(), sql.c_str())); }
  // The table's rows, "1,2,..." in order.
  std::string Rows() {
    PgResult r = Exec("SELECT string_agg(a::text, ',' ORDER BY a) FROM m");
    return PQgetvalue(r.get(), 0, 0);
  }
  std::string SqlState(const PgResult& r) {
    const char* state = PQresultErrorField(r.get(), PG_DIAG_SQLSTATE);
    return state ? state : "";
  }

  std::unique_ptr<WireTestServer> server_;
  PgConn conn_;
};

TEST_F(WireImplicitTransactionTest, ErrorRollsBackTheEarlierStatements) {
  PgResult r = Exec("INSERT INTO m VALUES (1); INSERT INTO m VALUES (2); SELECT 1/0; INSERT INTO m VALUES (3)");
  EXPECT_EQ(SqlState(r), "22012");
  EXPECT_EQ(PQtransactionStatus(conn_.get()), PQTRANS_IDLE);
  EXPECT_EQ(Rows(), "");
  // Without an error the message commits as a whole.
  Exec("INSERT INTO m VALUES (1); INSERT INTO m VALUES (2)");
  EXPECT_EQ(Rows(), "1,2");
}

TEST_F(WireImplicitTransactionTest, BeginCommitInsideTheMessageKeepsTheirWork) {
  // BEGIN makes the implicit block explicit, with the INSERT before it; COMMIT keeps both.
  PgResult r = Exec("INSERT INTO m VALUES (1); BEGIN; INSERT INTO m VALUES (2); COMMIT; SELECT 1/0");
  EXPECT_EQ(SqlState(r), "22012");
  EXPECT_EQ(Rows(), "1,2");
}

TEST_F(WireImplicitTransactionTest, CommitInTheMiddleStartsANewImplicitBlock) {
  PgResult r = Exec("INSERT INTO m VALUES (10); COMMIT; INSERT INTO m VALUES (11); SELECT 1/0");
  EXPECT_EQ(SqlState(r), "22012");
  EXPECT_EQ(Rows(), "10");
}

TEST_F(WireImplicitTransactionTest, OpenBeginBlockFailsAndStaysOpen) {
  PgResult r = Exec("BEGIN; INSERT INTO m VALUES (20); SELECT 1/0");
  EXPECT_EQ(SqlState(r), "22012");
  EXPECT_EQ(PQtransactionStatus(conn_.get()), PQTRANS_INERROR);
  EXPECT_EQ(SqlState(Exec("SELECT 1")), "25P02");
  EXPECT_STREQ(PQcmdStatus(Exec("ROLLBACK").get()), "ROLLBACK");
  EXPECT_EQ(Rows(), "");
  // A block begun in one message ends in another.
  Exec("BEGIN; INSERT INTO m VALUES (21)");
  EXPECT_EQ(PQtransactionStatus(conn_.get()), PQTRANS_INTRANS);
  Exec("INSERT INTO m VALUES (22); COMMIT");
  EXPECT_EQ(PQtransactionStatus(conn_.get()), PQTRANS_IDLE);
  EXPECT_EQ(Rows(), "21,22");
}

TEST_F(WireImplicitTransactionTest, VacuumCannotRunInAMultiStatementMessage) {
  PgResult r = Exec("SELECT 1; VACUUM m");
  EXPECT_EQ(SqlState(r), "25001");
  EXPECT_EQ(PQtransactionStatus(conn_.get()), PQTRANS_IDLE);
  EXPECT_EQ(PQresultStatus(Exec("VACUUM m").get()), PGRES_COMMAND_OK);  // alone it runs
}

TEST_F(WireImplicitTransactionTest, RowsOfATableCreatedInTheMessageAreRolledBack) {
  // DDL is not transactional in Stockroom (docs/storage-format.md): the table stays, unlike
  // in PostgreSQL, but the rows written in the failed block are gone.
  PgResult r = Exec("CREATE TABLE n (x int); INSERT INTO n VALUES (1); SELECT 1/0");
  EXPECT_EQ(SqlState(r), "22012");
  EXPECT_STREQ(PQgetvalue(Exec("SELECT count(*) FROM n").get(), 0, 0), "0");
}

}  // namespace
}  // namespace stockroom
