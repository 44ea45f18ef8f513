// The wire protocol server with libpq as the client: startup, simple queries, errors,
// transaction status, ParameterStatus, COPY over the wire, cancel and statement_timeout.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "server/wire_test_server.hpp"

namespace stockroom {
namespace {

class WireQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<WireTestServer>(TrustConfig());
    conn_ = server_->Connect("user=alice application_name=wiretest");
    ASSERT_EQ(PQstatus(conn_.get()), CONNECTION_OK) << PQerrorMessage(conn_.get());
  }

  PgResult Exec(const std::string& sql) { return PgResult(PQexec(conn_.get(), sql.c_str())); }
  std::string Field(const PgResult& r, const char* sqlstate_or_field) {
    return PQresultErrorField(r.get(), sqlstate_or_field[0]) ? PQresultErrorField(r.get(), sqlstate_or_field[0]) : "";
  }

  std::unique_ptr<WireTestServer> server_;
  PgConn conn_;
};

TEST_F(WireQueryTest, StartupReportsWhatClientsRead) {
  PGconn* c = conn_.get();
  EXPECT_EQ(PQserverVersion(c), 150000);
  EXPECT_EQ(PQprotocolVersion(c), 3);
  EXPECT_STREQ(PQparameterStatus(c, "server_encoding"), "UTF8");
  EXPECT_STREQ(PQparameterStatus(c, "client_encoding"), "UTF8");
  EXPECT_STREQ(PQparameterStatus(c, "DateStyle"), "ISO, MDY");
  EXPECT_STREQ(PQparameterStatus(c, "IntervalStyle"), "postgres");
  EXPECT_STREQ(PQparameterStatus(c, "integer_datetimes"), "on");
  EXPECT_STREQ(PQparameterStatus(c, "standard_conforming_strings"), "on");
  EXPECT_STREQ(PQparameterStatus(c, "TimeZone"), "UTC");
  EXPECT_STREQ(PQparameterStatus(c, "application_name"), "wiretest");
  EXPECT_STREQ(PQparameterStatus(c, "session_authorization"), "alice");
  EXPECT_STREQ(PQparameterStatus(c, "is_superuser"), "on");
  EXPECT_STREQ(PQparameterStatus(c, "default_transaction_read_only"), "off");
  EXPECT_STREQ(PQparameterStatus(c, "in_hot_standby"), "off");
  EXPECT_GT(PQbackendPID(c), 0);
  EXPECT_EQ(PQtransactionStatus(c), PQTRANS_IDLE);
}

TEST_F(WireQueryTest, MultiStatementQuerySendsEachResult) {
  ASSERT_EQ(PQsendQuery(conn_.get(),
                        "CREATE TABLE t (a int, b text, c numeric(10,2)); INSERT INTO t VALUES (1, 'x', 1.5), "
                        "(2, NULL, 2); SELECT a, b, c FROM t ORDER BY a"),
            1);
  std::vector<PgResult> results;
  while (PGresult* r = PQgetResult(conn_.get())) results.emplace_back(r);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_STREQ(PQcmdStatus(results[0].get()), "CREATE TABLE");
  EXPECT_STREQ(PQcmdStatus(results[1].get()), "INSERT 0 2");
  EXPECT_STREQ(PQcmdTuples(results[1].get()), "2");
  PGresult* rows = results[2].get();
  ASSERT_EQ(PQresultStatus(rows), PGRES_TUPLES_OK);
  EXPECT_STREQ(PQcmdStatus(rows), "SELECT 2");
  ASSERT_EQ(PQntuples(rows), 2);
  ASSERT_EQ(PQnfields(rows), 3);
  EXPECT_STREQ(PQfname(rows, 1), "b");
  EXPECT_EQ(PQftype(rows, 0), 23u);    // int4
  EXPECT_EQ(PQftype(rows, 1), 25u);    // text
  EXPECT_EQ(PQftype(rows, 2), 1700u);  // numeric
  EXPECT_EQ(PQfmod(rows, 2), (10 << 16 | 2) + 4);
  EXPECT_EQ(PQfsize(rows, 0), 4);
  EXPECT_STREQ(PQgetvalue(rows, 0, 2), "1.50");
  EXPECT_TRUE(PQgetisnull(rows, 1, 1));
  EXPECT_STREQ(PQgetvalue(rows, 1, 0), "2");
}

// RowDescription names a table column by its table's oid and its column number (through
// subqueries, joins, ORDER BY and LIMIT), in the simple query's result and a statement's
// Describe; computed columns have 0 and 0, as in PostgreSQL.
TEST_F(WireQueryTest, RowDescriptionNamesTableColumns) {
  Exec("CREATE TABLE origins (a int, b text)");
  auto oid = Exec("SELECT oid FROM pg_class WHERE relname = 'origins'");
  ASSERT_EQ(PQntuples(oid.get()), 1);
  Oid table = static_cast<Oid>(std::stoul(PQgetvalue(oid.get(), 0, 0)));
  const char* sql = "SELECT o.b, o.a + 1 AS next, s.a FROM origins o, (SELECT a FROM origins) s ORDER BY 1 LIMIT 1";
  auto rows = Exec(sql);
  ASSERT_EQ(PQresultStatus(rows.get()), PGRES_TUPLES_OK) << PQresultErrorMessage(rows.get());
  auto prepared = PgResult(PQprepare(conn_.get(), "origins_query", sql, 0, nullptr));
  ASSERT_EQ(PQresultStatus(prepared.get()), PGRES_COMMAND_OK);
  auto described = PgResult(PQdescribePrepared(conn_.get(), "origins_query"));
  for (PGresult* r : {rows.get(), described.get()}) {
    EXPECT_EQ(PQftable(r, 0), table);
    EXPECT_EQ(PQftablecol(r, 0), 2);
    EXPECT_EQ(PQftable(r, 1), 0u);
    EXPECT_EQ(PQftablecol(r, 1), 0);
    EXPECT_EQ(PQftable(r, 2), table);
    EXPECT_EQ(PQftablecol(r, 2), 1);
  }
}

TEST_F(WireQueryTest, ErrorCarriesSqlstatePositionAndStopsTheMessage) {
  auto r = Exec("SELECT nope FROM (SELECT 1 AS a) s");
  ASSERT_EQ(PQresultStatus(r.get()), PGRES_FATAL_ERROR);
  EXPECT_EQ(Field(r, "C"), "42703");
  EXPECT_EQ(Field(r, "P"), "8");
  EXPECT_EQ(Field(r, "S"), "ERROR");
  EXPECT_EQ(Field(r, "V"), "ERROR");
  EXPECT_EQ(Field(r, "M"), "column \"nope\" does not exist");

  Exec("CREATE TABLE seen (a int)");
  ASSERT_EQ(PQsendQuery(conn_.get(), "INSERT INTO seen VALUES (1); SELECT 1/0; INSERT INTO seen VALUES (2)"), 1);
  std::vector<PgResult> results;
  while (PGresult* res = PQgetResult(conn_.get())) results.emplace_back(res);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(PQresultStatus(results[1].get()), PGRES_FATAL_ERROR);
  EXPECT_STREQ(PQresultErrorField(results[1].get(), PG_DIAG_SQLSTATE), "22012");
  auto count = Exec("SELECT count(*) FROM seen");
  // The statement after the error never ran, and the one before it was rolled back with the
  // message's implicit transaction, as in PostgreSQL.
  EXPECT_STREQ(PQgetvalue(count.get(), 0, 0), "0");
}

TEST_F(WireQueryTest, ReadyForQueryReportsTransactionStatus) {
  Exec("BEGIN");
  EXPECT_EQ(PQtransactionStatus(conn_.get()), PQTRANS_INTRANS);
  Exec("SELECT nope");
  EXPECT_EQ(PQtransactionStatus(conn_.get()), PQTRANS_INERROR);
  auto r = Exec("SELECT 1");
  EXPECT_EQ(Field(r, "C"), "25P02");
  Exec("ROLLBACK");
  EXPECT_EQ(PQtransactionStatus(conn_.get()), PQTRANS_IDLE);
}

TEST_F(WireQueryTest, EmptyQueriesAnswerEmptyQueryResponse) {
  EXPECT_EQ(PQresultStatus(Exec("").get()), PGRES_EMPTY_QUERY);
  EXPECT_EQ(PQresultStatus(Exec(";").get()), PGRES_EMPTY_QUERY);
  EXPECT_EQ(PQresultStatus(Exec("  -- nothing\n").get()), PGRES_EMPTY_QUERY);
}

TEST_F(WireQueryTest, SetReportsChangedParameters) {
  Exec("SET TimeZone = 'Europe/Berlin'");
  EXPECT_STREQ(PQparameterStatus(conn_.get(), "TimeZone"), "Europe/Berlin");
  Exec("SET application_name = 'renamed'");
  EXPECT_STREQ(PQparameterStatus(conn_.get(), "application_name"), "renamed");
  auto r = Exec("SELECT TIMESTAMPTZ '2024-01-01 12:00:00+00'");
  EXPECT_STREQ(PQgetvalue(r.get(), 0, 0), "2024-01-01 13:00:00+01");
}

TEST_F(WireQueryTest, StartupOptionsAndSettingsAreApplied) {
  auto c = server_->Connect("user=alice options='-c statement_timeout=5s --search_path=elsewhere'");
  ASSERT_EQ(PQstatus(c.get()), CONNECTION_OK) << PQerrorMessage(c.get());
  PgResult r(PQexec(c.get(), "SHOW statement_timeout"));
  EXPECT_STREQ(PQgetvalue(r.get(), 0, 0), "5s");
  PgResult path(PQexec(c.get(), "SHOW search_path"));
  EXPECT_STREQ(PQgetvalue(path.get(), 0, 0), "elsewhere");
  // dbt's form: -c search_path=a,b is a list of two schemas.
  auto dbt = server_->Connect("user=alice options='-csearch_path=analytics,public'");
  ASSERT_EQ(PQstatus(dbt.get()), CONNECTION_OK) << PQerrorMessage(dbt.get());
  PgResult list(PQexec(dbt.get(), "SHOW search_path"));
  EXPECT_STREQ(PQgetvalue(list.get(), 0, 0), "analytics, public");

  auto latin = server_->Connect("user=alice client_encoding=LATIN1");
  EXPECT_EQ(PQstatus(latin.get()), CONNECTION_BAD);
  EXPECT_NE(std::string(PQerrorMessage(latin.get())).find("invalid value for parameter \"client_encoding\""),
            std::string::npos)
      << PQerrorMessage(latin.get());

  auto ascii = server_->Connect("user=alice client_encoding=SQL_ASCII");
  ASSERT_EQ(PQstatus(ascii.get()), CONNECTION_OK) << PQerrorMessage(ascii.get());
  EXPECT_STREQ(PQparameterStatus(ascii.get(), "client_encoding"), "SQL_ASCII");

  auto bad_db = server_->Connect("user=alice dbname=nowhere");
  EXPECT_EQ(PQstatus(bad_db.get()), CONNECTION_BAD);
  EXPECT_NE(std::string(PQerrorMessage(bad_db.get())).find("database \"nowhere\" does not exist"), std::string::npos);
}

TEST_F(WireQueryTest, CopyFromStdinAndToStdout) {
  Exec("CREATE TABLE items (id int, name text)");
  auto in = Exec("COPY items FROM STDIN");
  ASSERT_EQ(PQresultStatus(in.get()), PGRES_COPY_IN) << PQerrorMessage(conn_.get());
  std::string data = "1\tone\n2\t\\N\n3\tth";
  ASSERT_EQ(PQputCopyData(conn_.get(), data.data(), data.size()), 1);
  ASSERT_EQ(PQputCopyData(conn_.get(), "ree\n", 4), 1);
  ASSERT_EQ(PQputCopyEnd(conn_.get(), nullptr), 1);
  PgResult done(PQgetResult(conn_.get()));
  EXPECT_EQ(PQresultStatus(done.get()), PGRES_COMMAND_OK) << PQresultErrorMessage(done.get());
  EXPECT_STREQ(PQcmdStatus(done.get()), "COPY 3");
  while (PGresult* extra = PQgetResult(conn_.get())) PQclear(extra);

  auto out = Exec("COPY (SELECT id, name FROM items ORDER BY id) TO STDOUT (FORMAT csv, HEADER)");
  ASSERT_EQ(PQresultStatus(out.get()), PGRES_COPY_OUT) << PQerrorMessage(conn_.get());
  std::string text;
  char* buffer = nullptr;
  int n;
  while ((n = PQgetCopyData(conn_.get(), &buffer, 0)) > 0) {
    text.append(buffer, n);
    PQfreemem(buffer);
  }
  EXPECT_EQ(n, -1);
  EXPECT_EQ(text, "id,name\n1,one\n2,\n3,three\n");
  PgResult copied(PQgetResult(conn_.get()));
  EXPECT_STREQ(PQcmdStatus(copied.get()), "COPY 3");
  while (PGresult* extra = PQgetResult(conn_.get())) PQclear(extra);

  // A bad row fails the COPY with PostgreSQL's error and line; nothing is loaded.
  auto bad = Exec("COPY items FROM STDIN (FORMAT csv)");
  ASSERT_EQ(PQresultStatus(bad.get()), PGRES_COPY_IN);
  std::string rows = "4,four\nfive,5\n";
  PQputCopyData(conn_.get(), rows.data(), rows.size());
  PQputCopyEnd(conn_.get(), nullptr);
  PgResult failed(PQgetResult(conn_.get()));
  EXPECT_EQ(PQresultStatus(failed.get()), PGRES_FATAL_ERROR);
  EXPECT_STREQ(PQresultErrorField(failed.get(), PG_DIAG_SQLSTATE), "22P02");
  EXPECT_NE(std::string(PQresultErrorField(failed.get(), PG_DIAG_CONTEXT)).find("line 2"), std::string::npos);
  while (PGresult* extra = PQgetResult(conn_.get())) PQclear(extra);

  // The client gives up: CopyFail.
  auto abandon = Exec("COPY items FROM STDIN");
  ASSERT_EQ(PQresultStatus(abandon.get()), PGRES_COPY_IN);
  PQputCopyData(conn_.get(), "9\tnine\n", 7);
  PQputCopyEnd(conn_.get(), "changed my mind");
  PgResult cancelled(PQgetResult(conn_.get()));
  EXPECT_STREQ(PQresultErrorField(cancelled.get(), PG_DIAG_SQLSTATE), "57014");
  EXPECT_STREQ(PQresultErrorField(cancelled.get(), PG_DIAG_MESSAGE_PRIMARY), "COPY from stdin failed: changed my mind");
  while (PGresult* extra = PQgetResult(conn_.get())) PQclear(extra);

  // psql 15 ends text data with a "\." line.
  auto marked = Exec("COPY items FROM STDIN");
  ASSERT_EQ(PQresultStatus(marked.get()), PGRES_COPY_IN);
  PQputCopyData(conn_.get(), "10\tten\n\\.\n", 10);
  PQputCopyEnd(conn_.get(), nullptr);
  PgResult marked_done(PQgetResult(conn_.get()));
  EXPECT_STREQ(PQcmdStatus(marked_done.get()), "COPY 1") << PQresultErrorMessage(marked_done.get());
  while (PGresult* extra = PQgetResult(conn_.get())) PQclear(extra);

  auto count = Exec("SELECT count(*) FROM items");
  EXPECT_STREQ(PQgetvalue(count.get(), 0, 0), "4");
}

// A query that runs for minutes unless cancelled.
constexpr const char* kSlowQuery = "SELECT count(*) FROM generate_series(1, 2000000000) g WHERE g % 7 = 3";

TEST_F(WireQueryTest, CancelRequestCancelsTheRunningStatement) {
  ASSERT_EQ(PQsendQuery(conn_.get(), kSlowQuery), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  PGcancel* cancel = PQgetCancel(conn_.get());
  char error[256];
  EXPECT_EQ(PQcancel(cancel, error, sizeof(error)), 1) << error;
  PQfreeCancel(cancel);
  PgResult r(PQgetResult(conn_.get()));
  EXPECT_EQ(PQresultStatus(r.get()), PGRES_FATAL_ERROR);
  EXPECT_STREQ(PQresultErrorField(r.get(), PG_DIAG_SQLSTATE), "57014");
  EXPECT_STREQ(PQresultErrorField(r.get(), PG_DIAG_MESSAGE_PRIMARY), "canceling statement due to user request");
  while (PGresult* extra = PQgetResult(conn_.get())) PQclear(extra);
  EXPECT_STREQ(PQgetvalue(Exec("SELECT 42").get(), 0, 0), "42");  // the session goes on
}

TEST_F(WireQueryTest, StatementTimeoutCancels) {
  Exec("SET statement_timeout = '200ms'");
  auto start = std::chrono::steady_clock::now();
  auto r = Exec(kSlowQuery);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(Field(r, "C"), "57014");
  EXPECT_EQ(Field(r, "M"), "canceling statement due to statement timeout");
  EXPECT_LT(took, std::chrono::seconds(20));
  Exec("SET statement_timeout = 0");
  EXPECT_STREQ(PQgetvalue(Exec("SELECT 1").get(), 0, 0), "1");
}

TEST_F(WireQueryTest, ManySessionsRunAtOnce) {
  Exec("CREATE TABLE shared (a int)");
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; i++) {
    threads.emplace_back([&, i] {
      auto c = server_->Connect("user=alice");
      if (PQstatus(c.get()) != CONNECTION_OK) return;
      for (int k = 0; k < 10; k++) {
        std::string sql = "INSERT INTO shared VALUES (" + std::to_string(i * 100 + k) + ")";
        PgResult r(PQexec(c.get(), sql.c_str()));
        if (PQresultStatus(r.get()) == PGRES_COMMAND_OK) ok++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 80);
  EXPECT_STREQ(PQgetvalue(Exec("SELECT count(*) FROM shared").get(), 0, 0), "80");
}

}  // namespace
}  // namespace stockroom
