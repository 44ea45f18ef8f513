#include "common/types/pg_type.hpp"

#include <gtest/gtest.h>

namespace stockroom {
namespace {

// The OIDs and modifiers PostgreSQL 15 reports for the same column types
// (SELECT atttypid, atttypmod FROM pg_attribute on a table with these columns).
TEST(PgTypeTest, ScalarTypesHavePostgresOidsAndModifiers) {
  EXPECT_EQ(PgTypeOf(TypeId::kInteger).oid, 23u);
  EXPECT_EQ(PgTypeOf(TypeId::kInteger).length, 4);
  EXPECT_EQ(PgTypeOf(TypeId::kText).oid, 25u);
  EXPECT_EQ(PgTypeOf(TypeId::kText).length, -1);
  EXPECT_EQ(PgTypeOf(LogicalType::Varchar(25)).oid, 1043u);
  EXPECT_EQ(PgTypeOf(LogicalType::Varchar(25)).modifier, 29);
  EXPECT_EQ(PgTypeOf(LogicalType::Varchar(0)).modifier, -1);
  EXPECT_EQ(PgTypeOf(LogicalType::Numeric(12, 2)).oid, 1700u);
  EXPECT_EQ(PgTypeOf(LogicalType::Numeric(12, 2)).modifier, 786438);
  EXPECT_EQ(PgTypeOf(TypeId::kTimestampTz).oid, 1184u);
  EXPECT_EQ(PgTypeOf(TypeId::kJsonb).oid, 3802u);
}

TEST(PgTypeTest, ArraysUseTheElementsArrayType) {
  EXPECT_EQ(PgTypeOf(LogicalType::Array(TypeId::kInteger)).oid, 1007u);
  EXPECT_EQ(PgTypeOf(LogicalType::Array(TypeId::kText)).oid, 1009u);
}

TEST(PgTypeTest, OidsNameTypesBack) {
  EXPECT_EQ(LogicalTypeFromPgOid(20), LogicalType(TypeId::kBigInt));
  EXPECT_EQ(LogicalTypeFromPgOid(1009), LogicalType::Array(TypeId::kText));
  EXPECT_FALSE(LogicalTypeFromPgOid(0).has_value());
  EXPECT_FALSE(LogicalTypeFromPgOid(705).has_value());
  EXPECT_FALSE(LogicalTypeFromPgOid(600).has_value());  // point: not a Stockroom type
}

}  // namespace
}  // namespace stockroom
