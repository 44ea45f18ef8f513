// EncodePgBinary and DecodePgBinary against PostgreSQL 15 itself: for a table of values of
// every type, PostgreSQL's send function (int4send, numeric_send, array_send, ...) must
// return the bytes Stockroom encodes, and its recv side must read them back. Needs the
// private test server (ctest's pgdiff/formats test); a plain unit_tests run skips it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/types/pg_value_format.hpp"
#include "support/postgres_test_database.hpp"
#include "support/hex.hpp"

namespace stockroom {
namespace {

struct TypeCase {
  LogicalType type;
  const char* pg_type;  // as PostgreSQL names it in a cast
  const char* send;     // its send function
  std::vector<std::string> values;
};

TEST(PgValueFormatOnPostgres, SendMatches) {
  PostgresTestDatabase database;
  if (!database.available()) GTEST_SKIP() << "no PostgreSQL test server (SR_PG_CONNINFO_FILE)";
  PostgresConnection pg(database.url());
  pg.Execute("SET TimeZone = 'UTC'");
  std::vector<std::string> numerics = {"0", "1", "-1", "0.5", "-0.0001", "10000", "9999.9999", "123456789012345678",
                                       "0.000000001", "-1234.5678", "1e20", "31415926535897932384626433.8327950288",
                                       "100.000", "7.10"};
  const TypeCase cases[] = {
      {TypeId::kBoolean, "boolean", "boolsend", {"t", "f"}},
      {TypeId::kSmallInt, "int2", "int2send", {"0", "-32768", "32767", "12"}},
      {TypeId::kInteger, "int4", "int4send", {"0", "-2147483648", "2147483647", "-7"}},
      {TypeId::kBigInt, "int8", "int8send", {"0", "-9223372036854775808", "9223372036854775807", "42"}},
      {TypeId::kReal, "float4", "float4send", {"0", "-0", "3.4028235e+38", "1e-45", "NaN", "Infinity", "-Infinity", "0.1"}},
      {TypeId::kDouble, "float8", "float8send", {"0", "-0", "1.7976931348623157e+308", "5e-324", "NaN", "-Infinity", "0.1"}},
      {TypeId::kNumeric, "numeric", "numeric_send", numerics},
      {LogicalType::Numeric(12, 4), "numeric(12,4)", "numeric_send", {"0", "1.5", "-12345678.1234", "0.0001"}},
      {TypeId::kText, "text", "textsend", {"", "abc", "h\xc3\xa9llo \xe2\x82\xac", "with\nnewline"}},
      {LogicalType::Varchar(5), "varchar(5)", "varcharsend", {"ab", "abcde"}},
      {LogicalType::Char(4), "char(4)", "bpcharsend", {"a", "abcd"}},
      {TypeId::kJson, "json", "json_send", {"{\"a\": [1, 2.50, null]}", "  [true]  "}},
      {TypeId::kJsonb, "jsonb", "jsonb_send", {"{\"b\": {\"c\": 1}, \"a\": \"x\"}", "[1, 2.50, \"\\u00e9\"]", "null"}},
      {TypeId::kDate, "date", "date_send", {"2000-01-01", "1970-01-01", "0001-01-01", "4713-01-01 BC", "5874897-12-31",
                                           "infinity", "-infinity"}},
      {TypeId::kTimestamp, "timestamp", "timestamp_send",
       {"2000-01-01 00:00:00", "1969-12-31 23:59:59.999999", "0044-03-15 12:00:00 BC", "294276-12-31 23:59:59",
        "infinity"}},
      {TypeId::kTimestampTz, "timestamptz", "timestamptz_send",
       {"2024-06-30 12:34:56.789+00", "1900-01-01 00:00:00+00", "-infinity"}},
      {TypeId::kInterval, "interval", "interval_send",
       {"0", "1 year 2 mons", "-3 days 04:00:00", "00:00:00.000001", "178000000 years", "-1 mons +1 days -00:00:01"}},
      {LogicalType::Array(TypeId::kInteger), "int4[]", "array_send", {"{}", "{1,2,3}", "{{1,NULL},{3,4}}", "[2:3]={7,8}"}},
      {LogicalType::Array(TypeId::kText), "text[]", "array_send", {"{a,\"b,c\",\"\",NULL}", "{\"NULL\"}"}},
      {LogicalType::Array(TypeId::kNumeric), "numeric[]", "array_send", {"{1.50,-0.001,0}"}},
      {LogicalType::Array(TypeId::kDate), "date[]", "array_send", {"{2024-01-01,NULL}"}},
      {LogicalType::Array(TypeId::kBoolean), "boolean[]", "array_send", {"{t,f}"}},
  };
  for (const TypeCase& c : cases) {
    for (const std::string& text : c.values) {
      SCOPED_TRACE(std::string(c.pg_type) + " " + text);
      auto rows = pg.Query(std::string("SELECT encode(") + c.send + "($1::" + c.pg_type + "), 'hex')", {text});
      ASSERT_TRUE(rows.rows.at(0).at(0).has_value());
      const std::string& expected = *rows.rows[0][0];
      Value value = ParsePgText(c.type, text);
      std::string bytes;
      EncodePgBinary(value, bytes);
      EXPECT_EQ(Hex(bytes), expected);
      // And back: PostgreSQL's bytes decode to the value PostgreSQL prints.
      auto printed = pg.Query(std::string("SELECT $1::") + c.pg_type, {text});
      Value decoded = DecodePgBinary(c.type, bytes);
      EXPECT_EQ(decoded.ToString(), *printed.rows[0][0]);
    }
  }
}

}  // namespace
}  // namespace stockroom
