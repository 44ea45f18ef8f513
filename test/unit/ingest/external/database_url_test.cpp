// Database URLs: the MySQL URL's parts and passwords hidden in messages.
#include "ingest/external/database_url.hpp"

#include <gtest/gtest.h>

#include "common/error/exception.hpp"
#include "ingest/external/database_source.hpp"

namespace stockroom {
namespace {

TEST(DatabaseUrlTest, RedactsPasswords) {
  EXPECT_EQ(RedactDatabaseUrl("postgresql://shop:s3cret@db.internal:5432/shop"),
            "postgresql://shop:***@db.internal:5432/shop");
  EXPECT_EQ(RedactDatabaseUrl("mysql://portal:p%40ss@localhost/b2b?socket=/run/mysqld.sock"),
            "mysql://portal:***@localhost/b2b?socket=/run/mysqld.sock");
  EXPECT_EQ(RedactDatabaseUrl("host=/tmp port=5432 password=s3cret user=shop"),
            "host=/tmp port=5432 password=*** user=shop");
  EXPECT_EQ(RedactDatabaseUrl(R"(host=/tmp password='it\'s secret' dbname=x)"), "host=/tmp password=*** dbname=x");
  EXPECT_EQ(RedactDatabaseUrl("postgresql://shop@localhost/shop?password=s3cret&sslmode=disable"),
            "postgresql://shop@localhost/shop?password=***&sslmode=disable");
  EXPECT_EQ(RedactDatabaseUrl("postgresql:///shop"), "postgresql:///shop");
}

TEST(DatabaseUrlTest, ParsesMysqlUrls) {
  MysqlUrl url = ParseMysqlUrl("mysql://portal:p%40ss@db.internal:3307/b2b_portal");
  EXPECT_EQ(url.user, "portal");
  EXPECT_EQ(url.password, "p@ss");
  EXPECT_EQ(url.host, "db.internal");
  EXPECT_EQ(url.port, 3307u);
  EXPECT_EQ(url.database, "b2b_portal");
  EXPECT_EQ(url.socket, "");
  url = ParseMysqlUrl("mariadb://root@localhost/shop?socket=/tmp/my%20dir/mysqld.sock");
  EXPECT_EQ(url.user, "root");
  EXPECT_EQ(url.password, "");
  EXPECT_EQ(url.port, 0u);
  EXPECT_EQ(url.socket, "/tmp/my dir/mysqld.sock");
  try {
    ParseMysqlUrl("postgresql://u:secret@host/db");
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "22023");
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ParseMysqlUrl("mysql://u@h/db?sslmode=x"), SqlError);
}

}  // namespace
}  // namespace stockroom
