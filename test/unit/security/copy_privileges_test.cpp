// COPY checks table privileges like PostgreSQL: COPY TO (and COPY (query) TO) needs SELECT,
// COPY FROM needs INSERT; a superuser needs nothing. (PostgreSQL also reserves server-side
// files to superusers and pg_read/write_server_files; Stockroom's COPY is how the warehouse
// loads its files, so the table's privileges decide.)
#include <gtest/gtest.h>

#include <string>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

TEST(CopyPrivilegesTest, CopyToNeedsSelectAndCopyFromNeedsInsert) {
  TempDirectory temp;
  std::string file = temp / "copied.csv";
  Database db;
  Connection con(db);
  con.Query("CREATE ROLE copier");
  con.Query("CREATE TABLE copied (a integer)");
  con.Query("INSERT INTO copied VALUES (1), (2)");
  con.Query("SET ROLE copier");
  EXPECT_EQ(ErrorState(con, "COPY copied TO '" + file + "'"), "42501 permission denied for table copied");
  EXPECT_EQ(ErrorState(con, "COPY (SELECT a FROM copied) TO '" + file + "'"),
            "42501 permission denied for table copied");
  con.Query("RESET ROLE");
  con.Query("GRANT SELECT ON copied TO copier");
  con.Query("SET ROLE copier");
  con.Query("COPY copied TO '" + file + "'");
  EXPECT_EQ(ErrorState(con, "COPY copied FROM '" + file + "'"), "42501 permission denied for table copied");
  con.Query("RESET ROLE");
  con.Query("GRANT INSERT ON copied TO copier");
  con.Query("SET ROLE copier");
  con.Query("COPY copied FROM '" + file + "'");
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM copied"), "4");
  EXPECT_EQ(ErrorState(con, "CHECKPOINT"),
            "42501 must be superuser or have privileges of pg_checkpoint to do CHECKPOINT");
}

}  // namespace
}  // namespace stockroom
