// PostgreSQL's wire formats of values. The expected bytes are what PostgreSQL 15 returned
// for the same values from its send functions (SELECT int4send(42), numeric_send(...),
// timestamptz_send(...), array_send(...), ...), run on the private test server with
// TimeZone UTC and copied here as hex.
#include "common/types/pg_value_format.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/error/exception.hpp"
#include "common/types/record_type.hpp"
#include "support/hex.hpp"

namespace stockroom {
namespace {

struct Case {
  LogicalType type;
  const char* input;   // the text PostgreSQL was given
  const char* output;  // its text output (what decoding the bytes gives back)
  const char* hex;     // its send function's bytes
};

TEST(PgValueFormat, BinaryMatchesPostgres) {
  const Case cases[] = {
      {TypeId::kSmallInt, "-2", "-2", "fffe"},
      {TypeId::kInteger, "42", "42", "0000002a"},
      {TypeId::kBigInt, "-9000000000", "-9000000000", "fffffffde78ee600"},
      {TypeId::kBoolean, "true", "t", "01"},
      {TypeId::kReal, "1.5", "1.5", "3fc00000"},
      {TypeId::kDouble, "-0.1", "-0.1", "bfb999999999999a"},
      {TypeId::kNumeric, "12345.678", "12345.678", "0003000100000003000109291a7c"},
      {TypeId::kNumeric, "-0.00012", "-0.00012", "0002ffff40000005000107d0"},
      {TypeId::kNumeric, "0", "0", "0000000000000000"},
      {TypeId::kNumeric, "0.00", "0.00", "0000000000000002"},
      {TypeId::kNumeric, "100000000", "100000000", "00010002000000000001"},
      {LogicalType::Numeric(10, 2), "1.10", "1.10", "0002000000000002000103e8"},
      {TypeId::kNumeric, "-99999999999999999999.123456789", "-99999999999999999999.123456789",
       "0008000440000009270f270f270f270f270f04d2162e2328"},
      {TypeId::kDate, "2024-02-29", "2024-02-29", "00002279"},
      {TypeId::kDate, "1999-12-31", "1999-12-31", "ffffffff"},
      {TypeId::kDate, "infinity", "infinity", "7fffffff"},
      {TypeId::kTimestamp, "2024-01-02 03:04:05.678901", "2024-01-02 03:04:05.678901", "0002b0ec85204f35"},
      {TypeId::kTimestampTz, "2024-01-02 03:04:05+02", "2024-01-02 01:04:05+00", "0002b0ead7eeab40"},
      {TypeId::kInterval, "1 year 2 mons 3 days 04:05:06.5", "1 year 2 mons 3 days 04:05:06.5",
       "000000036c9361a0000000030000000e"},
      {TypeId::kInterval, "-1 day -00:00:01", "-1 days -00:00:01", "fffffffffff0bdc0ffffffff00000000"},
      {TypeId::kJsonb, "{\"b\": 1, \"a\": [true, null]}", "{\"a\": [true, null], \"b\": 1}",
       "017b2261223a205b747275652c206e756c6c5d2c202262223a20317d"},
      {TypeId::kJson, "{\"b\":1}", "{\"b\":1}", "7b2262223a317d"},
      {TypeId::kText, "h\xc3\xa9llo", "h\xc3\xa9llo", "68c3a96c6c6f"},
      {LogicalType::Char(4), "ab", "ab  ", "61622020"},
      {LogicalType::Array(TypeId::kInteger), "{1,NULL,3}", "{1,NULL,3}",
       "00000001000000010000001700000003000000010000000400000001ffffffff0000000400000003"},
      {LogicalType::Array(TypeId::kBigInt), "{{1,2},{3,4}}", "{{1,2},{3,4}}",
       "00000002000000000000001400000002000000010000000200000001000000080000000000000001000000080000000000000002"
       "000000080000000000000003000000080000000000000004"},
      {LogicalType::Array(TypeId::kInteger), "{}", "{}", "000000000000000000000017"},
      {LogicalType::Array(TypeId::kText), "{a,\"b c\"}", "{a,\"b c\"}",
       "0000000100000000000000190000000200000001000000016100000003622063"},
      {LogicalType::Array(TypeId::kSmallInt), "[0:1]={5,6}", "[0:1]={5,6}",
       "0000000100000000000000150000000200000000000000020005000000020006"},
      {LogicalType::Int2Vector(), "1 2", "1 2", "0000000100000000000000150000000200000000000000020001000000020002"},
      {LogicalType::OidVector(), "17 23", "17 23",
       "00000001000000000000001a000000020000000000000004000000110000000400000017"},
      {LogicalType::Array(TypeId::kNumeric), "{1.5,-2}", "{1.5,-2}",
       "0000000100000000000006a400000002000000010000000c0002000000000001000113880000000a00010000400000000002"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.type.ToString() + " " + c.input);
    Value value = ParsePgText(c.type, c.input);
    std::string bytes;
    EncodePgBinary(value, bytes);
    EXPECT_EQ(Hex(bytes), c.hex);
    Value back = DecodePgBinary(c.type, Unhex(c.hex));
    EXPECT_EQ(back.ToString(), c.output);
  }
}

// record_send(ROW(1, 'a b'::text, NULL::int, '3 4'::int2vector)) on PostgreSQL 15. A record
// has no binary input (anonymous record types cannot be read back, as in PostgreSQL).
TEST(PgValueFormat, RecordsAreSentAsPostgresSendsThem) {
  LogicalType type = record_type::Make({{"f1", TypeId::kInteger},
                                        {"f2", TypeId::kText},
                                        {"f3", TypeId::kInteger},
                                        {"f4", LogicalType::Int2Vector()}});
  std::string bytes;
  EncodePgBinary(Value::String(type, "(1,\"a b\",,\"3 4\")"), bytes);
  EXPECT_EQ(Hex(bytes),
            "00000004000000170000000400000001000000190000000361206200000017ffffffff0000001600000020000000010000000000"
            "0000150000000200000000000000020003000000020004");
  EXPECT_THROW(DecodePgBinary(type, Unhex("00000000")), SqlError);
}

TEST(PgValueFormat, TextParametersUseTheInputFunctions) {
  EXPECT_EQ(ParsePgText(TypeId::kBoolean, "yes").GetBool(), true);
  EXPECT_EQ(ParsePgText(TypeId::kInteger, " 17 ").GetInt32(), 17);
  try {
    ParsePgText(TypeId::kInteger, "x");
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidTextRepresentation);
    EXPECT_STREQ(e.what(), "invalid input syntax for type integer: \"x\"");
  }
  try {
    ParsePgText(TypeId::kSmallInt, "70000");
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNumericValueOutOfRange);
  }
  try {
    ParsePgText(TypeId::kText, std::string("a\xff", 2));
    FAIL();
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCharacterNotInRepertoire);
  }
  EXPECT_EQ(ParsePgText(TypeId::kDate, "2024-03-01").ToString(), "2024-03-01");
}

void ExpectMalformed(const LogicalType& type, const std::string& hex, ErrorCode code = ErrorCode::kInvalidBinaryRepresentation) {
  SCOPED_TRACE(type.ToString() + " " + hex);
  try {
    DecodePgBinary(type, Unhex(hex));
    FAIL() << "accepted";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), code) << e.what();
  }
}

TEST(PgValueFormat, MalformedBinaryIsRejected) {
  ExpectMalformed(TypeId::kInteger, "000000");          // short
  ExpectMalformed(TypeId::kInteger, "0000000000");      // long
  ExpectMalformed(TypeId::kBigInt, "");                 // empty
  ExpectMalformed(TypeId::kNumeric, "0001000000000000271a");  // digit 10010
  ExpectMalformed(TypeId::kNumeric, "0001000012340000000a");  // bad sign
  ExpectMalformed(TypeId::kNumeric, "000100000000");          // truncated header
  ExpectMalformed(TypeId::kJsonb, "027b7d");                   // jsonb version 2
  ExpectMalformed(LogicalType::Array(TypeId::kInteger), "00000007000000000000001700");  // 7 dimensions
  ExpectMalformed(LogicalType::Array(TypeId::kInteger), "000000010000000000000017000000020000000100000004");  // missing
  ExpectMalformed(LogicalType::Array(TypeId::kInteger), "00000001000000000000001400000001000000010000000800000000000000001",
                  ErrorCode::kDatatypeMismatch);  // int8 elements for an int4[]
  ExpectMalformed(TypeId::kDate, "80000001", ErrorCode::kDatetimeFieldOverflow);
  ExpectMalformed(TypeId::kText, "61ff", ErrorCode::kCharacterNotInRepertoire);
}

// Random bytes for every type: decoding throws SqlError or returns a value that encodes
// again; it never crashes.
TEST(PgValueFormat, RandomBinaryNeverCrashes) {
  const LogicalType types[] = {TypeId::kBoolean, TypeId::kSmallInt, TypeId::kInteger, TypeId::kBigInt,
                               TypeId::kReal, TypeId::kDouble, TypeId::kNumeric, LogicalType::Numeric(10, 2),
                               TypeId::kText, TypeId::kVarchar, TypeId::kJson, TypeId::kJsonb, TypeId::kDate,
                               TypeId::kTimestamp, TypeId::kTimestampTz, TypeId::kInterval,
                               LogicalType::Array(TypeId::kInteger), LogicalType::Array(TypeId::kText),
                               LogicalType::Array(TypeId::kNumeric)};
  uint64_t state = 12345;
  auto next = [&]() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 33);
  };
  for (const LogicalType& type : types) {
    for (int round = 0; round < 2000; round++) {
      std::string bytes(next() % 40, '\0');
      for (auto& b : bytes) b = static_cast<char>(next() % 4 == 0 ? 0 : next());
      try {
        Value v = DecodePgBinary(type, bytes);
        std::string again;
        EncodePgBinary(v, again);
      } catch (const SqlError&) {
      }
    }
  }
}

}  // namespace
}  // namespace stockroom
