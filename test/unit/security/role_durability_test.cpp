// Roles, passwords, memberships, owners and grants of a durable database survive restarts:
// replayed from the write-ahead log, then from a checkpoint's manifest. The login lookup the
// wire server uses sees the stored verifier, never the plain password.
#include <gtest/gtest.h>

#include <string>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "security/password_hash.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

TEST(RoleDurabilityTest, RolesOwnersAndGrantsSurviveRestarts) {
  TempDirectory temp;
  std::string dir = temp / "db";
  std::string alice_verifier;
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    con.Query("CREATE ROLE alice LOGIN PASSWORD 'wonderland' CONNECTION LIMIT 5 VALID UNTIL '2031-02-03 04:05:06+00'");
    con.Query("CREATE ROLE readers");
    con.Query("CREATE ROLE bob LOGIN IN ROLE readers");
    con.Query("CREATE ROLE carol LOGIN");
    con.Query("CREATE SCHEMA sales");
    con.Query("GRANT USAGE, CREATE ON SCHEMA sales TO alice");
    con.Query("GRANT USAGE ON SCHEMA sales TO readers, carol");
    // alice creates (and so owns) a table, and grants on it, one grant passing on its option.
    con.Query("SET ROLE alice");
    con.Query("CREATE TABLE sales.orders (id int, amount int)");
    con.Query("INSERT INTO sales.orders VALUES (1, 10), (2, 20)");
    con.Query("GRANT SELECT ON sales.orders TO readers WITH GRANT OPTION");
    con.Query("RESET ROLE");
    con.Query("SET ROLE bob");
    con.Query("GRANT SELECT ON sales.orders TO carol");  // as bob, through readers' grant option
    con.Query("RESET ROLE");
    con.Query("ALTER ROLE carol RENAME TO caroline");
    alice_verifier = QueryText(con, "SELECT rolpassword FROM pg_authid WHERE rolname = 'alice'");
  }
  for (int open = 0; open < 2; open++) {  // replayed from the log, then from the manifest
    SCOPED_TRACE(open);
    Database db(DatabaseConfig{dir});
    Connection con(db);
    EXPECT_EQ(QueryText(con, "SELECT rolname, rolcanlogin, rolconnlimit, rolvaliduntil FROM pg_authid "
                             "WHERE oid >= 16384 ORDER BY rolname"),
              "alice|t|5|2031-02-03 04:05:06+00\nbob|t|-1|NULL\ncaroline|t|-1|NULL\nreaders|f|-1|NULL");
    EXPECT_EQ(QueryText(con, "SELECT rolpassword FROM pg_authid WHERE rolname = 'alice'"), alice_verifier);
    EXPECT_EQ(QueryText(con, "SELECT pg_has_role('bob', 'readers', 'MEMBER'), pg_has_role('alice', 'readers', 'MEMBER')"),
              "t|f");
    EXPECT_EQ(QueryText(con, "SELECT grantor, grantee, privilege_type, is_grantable FROM information_schema.table_privileges "
                             "WHERE table_name = 'orders' AND grantee <> 'alice' ORDER BY grantee"),
              "bob|caroline|SELECT|NO\nalice|readers|SELECT|YES");
    // The owner is alice; what the grants allow and deny still holds.
    con.Query("SET ROLE caroline");
    EXPECT_EQ(QueryText(con, "SELECT sum(amount) FROM sales.orders"), "30");
    EXPECT_EQ(ErrorState(con, "INSERT INTO sales.orders VALUES (3, 30)"), "42501 permission denied for table orders");
    EXPECT_EQ(ErrorState(con, "DROP TABLE sales.orders"), "42501 must be owner of table orders");
    con.Query("RESET ROLE");
    con.Query("SET ROLE alice");
    EXPECT_EQ(QueryText(con, "SELECT count(*) FROM sales.orders"), "2");
    con.Query("RESET ROLE");
    EXPECT_EQ(ErrorState(con, "DROP ROLE alice"),
              "2BP01 role \"alice\" cannot be dropped because some objects depend on it");
  }
  // Dropping what depends on a role lets it go, durably.
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    con.Query("DROP SCHEMA sales CASCADE");
    con.Query("DROP ROLE alice, caroline");
  }
  for (int open = 0; open < 2; open++) {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    EXPECT_EQ(QueryText(con, "SELECT rolname FROM pg_roles WHERE oid >= 16384 ORDER BY 1"), "bob\nreaders") << open;
  }
}

TEST(RoleDurabilityTest, LoginLookupSeesTheStoredVerifier) {
  Database db;
  Connection con(db);
  con.Query("CREATE ROLE app LOGIN PASSWORD 'hunter2' CONNECTION LIMIT 2");
  con.Query("CREATE ROLE nologin PASSWORD 'md5a1b2c3d4e5f60718293a4b5c6d7e8f90'");
  auto app = db.roles().Login("app");
  ASSERT_TRUE(app.has_value());
  EXPECT_TRUE(app->can_login);
  EXPECT_FALSE(app->superuser);
  EXPECT_EQ(app->connection_limit, 2);
  ASSERT_TRUE(app->stored_password.has_value());
  auto secret = ParseScramVerifier(*app->stored_password);
  ASSERT_TRUE(secret.has_value());
  // The verifier is the password's: recomputing it with its salt and iterations matches.
  EXPECT_EQ(ScramSha256Verifier("hunter2", secret->salt, secret->iterations), *app->stored_password);
  auto other = db.roles().Login("nologin");
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(other->can_login);
  EXPECT_EQ(other->stored_password.value_or(""), "md5a1b2c3d4e5f60718293a4b5c6d7e8f90");
  EXPECT_FALSE(db.roles().Login("nobody").has_value());
  auto bootstrap = db.roles().Login("stockroom");
  ASSERT_TRUE(bootstrap.has_value());
  EXPECT_TRUE(bootstrap->superuser);
  EXPECT_FALSE(bootstrap->stored_password.has_value());
}

}  // namespace
}  // namespace stockroom
