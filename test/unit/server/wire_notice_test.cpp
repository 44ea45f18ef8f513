// NoticeResponse: the NOTICEs and WARNINGs PostgreSQL 15 sends for common statements (same
// severity, SQLSTATE and text, checked with psql against PostgreSQL 15), and
// client_min_messages.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/wire_test_server.hpp"

namespace stockroom {
namespace {

class WireNoticeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<WireTestServer>(TrustConfig());
    conn_ = server_->Connect("user=alice");
    ASSERT_EQ(PQstatus(conn_.get()), CONNECTION_OK) << PQerrorMessage(conn_.get());
    PQsetNoticeReceiver(conn_.get(), &WireNoticeTest::Receive, this);
  }
  static void Receive(void* self, const PGresult* notice) {
    auto field = [&](int code) {
      const char* value = PQresultErrorField(notice, code);
      return std::string(value ? value : "");
    };
    static_cast<WireNoticeTest*>(self)->notices_.push_back(field(PG_DIAG_SEVERITY_NONLOCALIZED) + " " +
                                                            field(PG_DIAG_SQLSTATE) + " " +
                                                            field(PG_DIAG_MESSAGE_PRIMARY));
  }
  // Runs `sql` and returns its notices.
  std::vector<std::string> Notices(const std::string& sql) {
    notices_.clear();
    PgResult r(PQexec(conn_.get(), sql.c_str()));
    EXPECT_NE(PQresultStatus(r.get()), PGRES_FATAL_ERROR) << PQerrorMessage(conn_.get());
    return notices_;
  }
  using V = std::vector<std::string>;

  std::unique_ptr<WireTestServer> server_;
  PgConn conn_;
  std::vector<std::string> notices_;
};

TEST_F(WireNoticeTest, SkippedDdlSendsNotices) {
  EXPECT_EQ(Notices("DROP TABLE IF EXISTS zz"), V{"NOTICE 00000 table \"zz\" does not exist, skipping"});
  EXPECT_EQ(Notices("DROP VIEW IF EXISTS vv"), V{"NOTICE 00000 view \"vv\" does not exist, skipping"});
  EXPECT_EQ(Notices("DROP SCHEMA IF EXISTS ss"), V{"NOTICE 00000 schema \"ss\" does not exist, skipping"});
  EXPECT_EQ(Notices("DROP ROLE IF EXISTS rr"), V{"NOTICE 00000 role \"rr\" does not exist, skipping"});
  EXPECT_EQ(Notices("CREATE TABLE m (a int)"), V{});
  EXPECT_EQ(Notices("CREATE TABLE IF NOT EXISTS m (a int)"), V{"NOTICE 42P07 relation \"m\" already exists, skipping"});
  EXPECT_EQ(Notices("CREATE SCHEMA IF NOT EXISTS public"),
            V{"NOTICE 42P06 schema \"public\" already exists, skipping"});
  EXPECT_EQ(Notices("DROP TABLE IF EXISTS m, zz"), V{"NOTICE 00000 table \"zz\" does not exist, skipping"});
}

TEST_F(WireNoticeTest, TransactionControlOutsideABlockWarns) {
  EXPECT_EQ(Notices("ROLLBACK"), V{"WARNING 25P01 there is no transaction in progress"});
  EXPECT_EQ(Notices("COMMIT"), V{"WARNING 25P01 there is no transaction in progress"});
  EXPECT_EQ(Notices("BEGIN"), V{});
  EXPECT_EQ(Notices("BEGIN"), V{"WARNING 25001 there is already a transaction in progress"});
  EXPECT_EQ(Notices("COMMIT"), V{});
  // COMMIT inside a multi-statement message ends its implicit block, with the warning.
  EXPECT_EQ(Notices("SELECT 1; COMMIT"), V{"WARNING 25P01 there is no transaction in progress"});
}

TEST_F(WireNoticeTest, ClientMinMessagesFilters) {
  EXPECT_EQ(Notices("SET client_min_messages = warning; DROP TABLE IF EXISTS zz; ROLLBACK"),
            V{"WARNING 25P01 there is no transaction in progress"});
  PgResult shown(PQexec(conn_.get(), "SHOW client_min_messages"));
  EXPECT_STREQ(PQgetvalue(shown.get(), 0, 0), "warning");
  EXPECT_EQ(Notices("SET client_min_messages = error; ROLLBACK"), V{});
  EXPECT_EQ(Notices("RESET client_min_messages; DROP TABLE IF EXISTS zz"),
            V{"NOTICE 00000 table \"zz\" does not exist, skipping"});
  PgResult bad(PQexec(conn_.get(), "SET client_min_messages = bogus"));
  EXPECT_STREQ(PQresultErrorField(bad.get(), PG_DIAG_SQLSTATE), "22023");
}

TEST_F(WireNoticeTest, NoticesComeWithTheExtendedProtocolToo) {
  notices_.clear();
  PgResult r(PQexecParams(conn_.get(), "DROP TABLE IF EXISTS zz", 0, nullptr, nullptr, nullptr, nullptr, 0));
  EXPECT_EQ(PQresultStatus(r.get()), PGRES_COMMAND_OK) << PQerrorMessage(conn_.get());
  EXPECT_EQ(notices_, V{"NOTICE 00000 table \"zz\" does not exist, skipping"});
}

}  // namespace
}  // namespace stockroom
