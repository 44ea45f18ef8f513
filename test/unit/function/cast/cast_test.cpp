#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "transaction/transaction.hpp"
#include "common/error/exception.hpp"
#include "common/types/time_zone.hpp"
#include "function/cast/cast_functions.hpp"
#include "main/client_context.hpp"

// Expected results are what PostgreSQL 15 printed for the same SQL: `SET timezone = zone;
// SELECT 'input'::type1::type2...` (the value's output text, or "SQLSTATE: message" with
// " DETAIL: detail" when it sent one). Interval ranges are written as PostgreSQL spells
// them ("interval day" is `'90'::interval day`).

namespace stockroom {
namespace {

constexpr int32_t kMonth = 1 << 1;
constexpr int32_t kYear = 1 << 2;
constexpr int32_t kDay = 1 << 3;
constexpr int32_t kHour = 1 << 10;
constexpr int32_t kMinute = 1 << 11;
constexpr int32_t kSecond = 1 << 12;

// Parses the test tables' type names; `range` receives an interval field restriction.
LogicalType TypeFromName(std::string name, int32_t* range) {
  *range = 0;
  bool array = name.size() > 2 && name.compare(name.size() - 2, 2, "[]") == 0;
  if (array) name.resize(name.size() - 2);
  LogicalType type;
  int a = 0, b = 0;
  if (name == "bool") {
    type = TypeId::kBoolean;
  } else if (name == "int2") {
    type = TypeId::kSmallInt;
  } else if (name == "int4") {
    type = TypeId::kInteger;
  } else if (name == "int8") {
    type = TypeId::kBigInt;
  } else if (name == "numeric") {
    type = TypeId::kNumeric;
  } else if (std::sscanf(name.c_str(), "numeric(%d,%d)", &a, &b) == 2) {
    type = LogicalType::Numeric(a, b);
  } else if (name == "float4") {
    type = TypeId::kReal;
  } else if (name == "float8") {
    type = TypeId::kDouble;
  } else if (name == "text") {
    type = TypeId::kText;
  } else if (name == "varchar") {
    type = TypeId::kVarchar;
  } else if (std::sscanf(name.c_str(), "varchar(%d)", &a) == 1) {
    type = LogicalType::Varchar(a);
  } else if (std::sscanf(name.c_str(), "char(%d)", &a) == 1) {
    type = LogicalType::Char(a);
  } else if (name == "date") {
    type = TypeId::kDate;
  } else if (name == "timestamp") {
    type = TypeId::kTimestamp;
  } else if (name == "timestamptz") {
    type = TypeId::kTimestampTz;
  } else if (name.rfind("interval", 0) == 0) {
    type = TypeId::kInterval;
    std::string fields = name.size() > 9 ? name.substr(9) : "";
    if (fields == "year") *range = kYear;
    if (fields == "month") *range = kMonth;
    if (fields == "day") *range = kDay;
    if (fields == "hour") *range = kHour;
    if (fields == "minute") *range = kMinute;
    if (fields == "second") *range = kSecond;
    if (fields == "year to month") *range = kYear | kMonth;
    if (fields == "day to hour") *range = kDay | kHour;
    if (fields == "day to minute") *range = kDay | kHour | kMinute;
    if (fields == "day to second") *range = kDay | kHour | kMinute | kSecond;
    if (fields == "hour to minute") *range = kHour | kMinute;
    if (fields == "hour to second") *range = kHour | kMinute | kSecond;
    if (fields == "minute to second") *range = kMinute | kSecond;
  } else if (name == "json") {
    type = TypeId::kJson;
  } else if (name == "jsonb") {
    type = TypeId::kJsonb;
  } else {
    ADD_FAILURE() << "unknown type name " << name;
  }
  return array ? LogicalType::Array(type) : type;
}

// A session for the kernels: ClientContext only keeps a reference to its Database, which
// these tests never touch, so any storage stands in for it.
class Session {
 public:
  explicit Session(std::string_view zone = "UTC", int extra_float_digits = 1) {
    SessionSettings settings;
    settings.time_zone = TimeZone::Find(zone);
    settings.extra_float_digits = extra_float_digits;
    context_ = std::make_unique<ClientContext>(*reinterpret_cast<Database*>(&db_storage_), settings, transaction_);
  }
  ClientContext* get() { return context_.get(); }

 private:
  alignas(64) char db_storage_[64] = {};
  Transaction transaction_{0};
  std::unique_ptr<ClientContext> context_;
};

// Returns "SQLSTATE: message[ DETAIL: detail]" for a SqlError thrown by `fn`, else its result.
template <typename Fn>
std::string Outcome(Fn fn) {
  try {
    return fn();
  } catch (const SqlError& e) {
    std::string out = std::string(e.sqlstate()) + ": " + e.what();
    if (!e.detail().empty()) out += " DETAIL: " + e.detail();
    return out;
  }
}

// Returns the output text of row 0 of `v` ("NULL" for NULL).
std::string OutputText(const Vector& v, ClientContext* context) {
  Vector text(TypeId::kText);
  CastParameters params;
  params.context = context;
  CastToText(v, text, 1, params);
  Value value = text.GetValue(0);
  return value.IsNull() ? "NULL" : value.GetString();
}

// Casts the untyped literal `input` through `types` ("int4|text") with explicit casts.
std::string CastChain(std::string_view zone, std::string_view input, std::string_view types,
                      bool explicit_cast = true) {
  Session session(zone);
  return Outcome([&]() -> std::string {
    Vector current(Value::String(TypeId::kUnknown, std::string(input)));
    size_t pos = 0;
    while (pos <= types.size()) {
      size_t bar = types.find('|', pos);
      if (bar == std::string_view::npos) bar = types.size();
      int32_t range;
      LogicalType to = TypeFromName(std::string(types.substr(pos, bar - pos)), &range);
      pos = bar + 1;
      CastFunctionPtr fn = GetCastFunction(current.type(), to);
      if (!fn) return "42846: cannot cast type " + current.type().ToString() + " to " + to.ToString();
      CastParameters params;
      params.context = session.get();
      params.interval_range = range;
      params.explicit_cast = explicit_cast;
      Vector next(to);
      fn(current, next, 1, params);
      EXPECT_EQ(next.kind(), VectorKind::kConstant) << "a constant input gives a constant result";
      current = next;
    }
    return OutputText(current, session.get());
  });
}

struct Case {
  std::string_view zone;
  std::string_view input;
  std::string_view types;
  std::string_view expected;
};

constexpr Case kCases[] = {
    {"UTC", "  12 ", "int4", "12"},
    {"UTC", "1.5", "int4", "22P02: invalid input syntax for type integer: \"1.5\""},
    {"UTC", "", "int4", "22P02: invalid input syntax for type integer: \"\""},
    {"UTC", "99999999999", "int4", "22003: value \"99999999999\" is out of range for type integer"},
    {"UTC", "99999999999x", "int4", "22003: value \"99999999999x\" is out of range for type integer"},
    {"UTC", "32768", "int2", "22003: value \"32768\" is out of range for type smallint"},
    {"UTC", "-32768", "int2", "-32768"},
    {"UTC", "9223372036854775807", "int8", "9223372036854775807"},
    {"UTC", "-9223372036854775808", "int8", "-9223372036854775808"},
    {"UTC", "9223372036854775808", "int8",
     "22003: value \"9223372036854775808\" is out of range for type bigint"},
    {"UTC", " 1 2", "int4", "22P02: invalid input syntax for type integer: \" 1 2\""},
    {"UTC", "+5", "int8", "5"},
    {"UTC", "-", "int4", "22P02: invalid input syntax for type integer: \"-\""},
    {"UTC", "tr", "bool", "t"},
    {"UTC", " YES ", "bool", "t"},
    {"UTC", "of", "bool", "f"},
    {"UTC", "o", "bool", "22P02: invalid input syntax for type boolean: \"o\""},
    {"UTC", "ON", "bool", "t"},
    {"UTC", "1", "bool", "t"},
    {"UTC", "10", "bool", "22P02: invalid input syntax for type boolean: \"10\""},
    {"UTC", "truex", "bool", "22P02: invalid input syntax for type boolean: \"truex\""},
    {"UTC", "", "bool", "22P02: invalid input syntax for type boolean: \"\""},
    {"UTC", "true", "bool|int4", "1"},
    {"UTC", "0", "int4|bool", "f"},
    {"UTC", "7", "int4|bool", "t"},
    {"UTC", "true", "bool|varchar(3)", "tru"},
    {"UTC", "true", "bool|char(10)", "true      "},
    {"UTC", "2.5", "numeric|int4", "3"},
    {"UTC", "-2.5", "numeric|int4", "-3"},
    {"UTC", "2.5", "float8|int4", "2"},
    {"UTC", "3.5", "float8|int4", "4"},
    {"UTC", "-2.5", "float8|int4", "-2"},
    {"UTC", "0.5", "float4|int4", "0"},
    {"UTC", "2147483647.5", "float8|int4", "22003: integer out of range"},
    {"UTC", "NaN", "float8|int4", "22003: integer out of range"},
    {"UTC", "40000", "int4|int2", "22003: smallint out of range"},
    {"UTC", "40000", "int8|int2", "22003: smallint out of range"},
    {"UTC", "3000000000", "int8|int4", "22003: integer out of range"},
    {"UTC", "1e19", "numeric|int8", "22003: bigint out of range"},
    {"UTC", "9.2e18", "float8|int8", "9200000000000000000"},
    {"UTC", "9.3e18", "float8|int8", "22003: bigint out of range"},
    {"UTC", "-9223372036854775808", "float8|int8", "-9223372036854775808"},
    {"UTC", "123.456", "numeric(5,1)", "123.5"},
    {"UTC", "1.25", "numeric(3,1)", "1.3"},
    {"UTC", "-1.25", "numeric(3,1)", "-1.3"},
    {"UTC", "5", "int4|numeric(4,2)", "5.00"},
    {"UTC", "123.456", "numeric(4,2)",
     "22003: numeric field overflow DETAIL: A field with precision 4, scale 2 must round to an absolute "
     "value less than 10^2."},
    {"UTC", "100", "int4|numeric(4,2)",
     "22003: numeric field overflow DETAIL: A field with precision 4, scale 2 must round to an absolute "
     "value less than 10^2."},
    {"UTC", "12345", "int4|numeric(3,0)",
     "22003: numeric field overflow DETAIL: A field with precision 3, scale 0 must round to an absolute "
     "value less than 10^3."},
    {"UTC", "0.5", "numeric(1,1)", "0.5"},
    {"UTC", "1", "numeric(1,1)",
     "22003: numeric field overflow DETAIL: A field with precision 1, scale 1 must round to an absolute "
     "value less than 1."},
    {"UTC", "1.5", "numeric(5,2)|numeric", "1.50"},
    {"UTC", "12", "numeric(10,3)|numeric", "12.000"},
    {"UTC", "1.23456789", "float8|numeric", "1.23456789"},
    {"UTC", "0.1", "float4|numeric", "0.1"},
    {"UTC", "1e20", "float8|numeric", "100000000000000000000"},
    {"UTC", "123456789.123", "float4|numeric", "123457000"},
    {"UTC", "99.96", "float8|numeric(3,1)",
     "22003: numeric field overflow DETAIL: A field with precision 3, scale 1 must round to an absolute "
     "value less than 10^2."},
    {"UTC", "Infinity", "float8|numeric(5,2)",
     "22003: numeric field overflow DETAIL: A field with precision 5, scale 2 cannot hold an infinite "
     "value."},
    {"UTC", "1.1", "numeric|float4", "1.1"},
    {"UTC", "1.1", "numeric|float8", "1.1"},
    {"UTC", "0.1", "float4|float8", "0.10000000149011612"},
    {"UTC", "1.1", "float8|float4", "1.1"},
    {"UTC", "123456789", "int4|float4", "1.2345679e+08"},
    {"UTC", "9007199254740993", "int8|float8", "9.007199254740992e+15"},
    {"UTC", "  1.50 ", "numeric", "1.50"},
    {"UTC", "1e3", "numeric", "1000"},
    {"UTC", "1.5e-3", "numeric", "0.0015"},
    {"UTC", "-0.00", "numeric", "0.00"},
    {"UTC", "abc", "numeric", "22P02: invalid input syntax for type numeric: \"abc\""},
    {"UTC", " 1.5 ", "float8", "1.5"},
    {"UTC", "inf", "float4", "Infinity"},
    {"UTC", "-Infinity", "float8", "-Infinity"},
    {"UTC", "nan", "float8", "NaN"},
    {"UTC", "1e39", "float4", "22003: \"1e39\" is out of range for type real"},
    {"UTC", "x", "float4", "22P02: invalid input syntax for type real: \"x\""},
    {"UTC", "1e-50", "numeric|float4",
     "22003: \"0.00000000000000000000000000000000000000000000000001\" is out of range for type real"},
    {"UTC", "1e300", "float8|float4", "22003: value out of range: overflow"},
    {"UTC", "1e-300", "float8|float4", "22003: value out of range: underflow"},
    {"UTC", "12345678901234567890.123456789", "numeric(30,9)|numeric(25,4)", "12345678901234567890.1235"},
    {"UTC", "12345678901234567890.123456789", "numeric(30,9)|numeric(20,1)",
     "22003: numeric field overflow DETAIL: A field with precision 20, scale 1 must round to an absolute "
     "value less than 10^19."},
    {"UTC", "12345678901234567890.123456789", "numeric(30,9)|numeric(10,1)",
     "22003: numeric field overflow DETAIL: A field with precision 10, scale 1 must round to an absolute "
     "value less than 10^9."},
    {"UTC", "12345678901234567890.123456789", "numeric(30,9)|int8", "22003: bigint out of range"},
    {"UTC", "1234.5678", "numeric(8,4)|numeric(6,2)", "1234.57"},
    {"UTC", "1234.5678", "numeric(8,4)|numeric(12,6)", "1234.567800"},
    {"UTC", "1234.5678", "numeric(8,4)|numeric(30,6)", "1234.567800"},
    {"UTC", "1234.5678", "numeric(30,4)|numeric(8,2)", "1234.57"},
    {"UTC", "-1234.5", "numeric(8,1)|int2", "-1235"},
    {"UTC", "-1234.5", "numeric(8,1)|float4", "-1234.5"},
    {"UTC", "-1234.5", "numeric(8,1)|float8", "-1234.5"},
    {"UTC", "1234567.891", "numeric(30,3)|float4", "1.2345679e+06"},
    {"UTC", "32767", "int2|numeric(5,0)", "32767"},
    {"UTC", "32767", "int2|numeric(4,0)",
     "22003: numeric field overflow DETAIL: A field with precision 4, scale 0 must round to an absolute "
     "value less than 10^4."},
    {"UTC", "-9223372036854775808", "int8|numeric(19,0)", "-9223372036854775808"},
    {"UTC", "-9223372036854775808", "int8|numeric(18,0)",
     "22003: numeric field overflow DETAIL: A field with precision 18, scale 0 must round to an absolute "
     "value less than 10^18."},
    {"UTC", "-9223372036854775808", "int8|numeric(38,10)", "-9223372036854775808.0000000000"},
    {"UTC", "1.5", "numeric(5,2)|text", "1.50"},
    {"UTC", "1.5", "numeric(5,2)|varchar(3)", "1.5"},
    {"UTC", "0.000123", "numeric|text", "0.000123"},
    {"UTC", "1e-10", "float8|text", "1e-10"},
    {"UTC", "123456789012345678", "float8|text", "1.2345678901234568e+17"},
    {"UTC", "1.5", "float4|char(6)", "1.5   "},
    {"UTC", "12345", "int4|varchar(3)", "123"},
    {"UTC", "12345", "int4|char(3)", "123"},
    {"UTC", "1.5", "jsonb|numeric", "1.5"},
    {"UTC", "2.5", "jsonb|int4", "3"},
    {"UTC", "true", "jsonb|bool", "t"},
    {"UTC", "1e2", "jsonb|float8", "100"},
    {"UTC", "12", "jsonb|int2", "12"},
    {"UTC", "true", "jsonb|int4", "22023: cannot cast jsonb boolean to type integer"},
    {"UTC", "null", "jsonb|int4", "22023: cannot cast jsonb null to type integer"},
    {"UTC", "\"a\"", "jsonb|int4", "22023: cannot cast jsonb string to type integer"},
    {"UTC", "{}", "jsonb|numeric", "22023: cannot cast jsonb object to type numeric"},
    {"UTC", "[1]", "jsonb|bool", "22023: cannot cast jsonb array to type boolean"},
    {"UTC", "1.256", "jsonb|numeric(4,2)", "1.26"},
    {"UTC", "99999", "jsonb|int2", "22003: smallint out of range"},
    {"UTC", "abcdefg", "char(3)", "abc"},
    {"UTC", "abcdefg", "varchar(3)", "abc"},
    {"UTC", "ab", "varchar(5)", "ab"},
    {"UTC", "ab", "char(5)|text", "ab"},
    {"UTC", "ab", "char(5)|varchar", "ab"},
    {"UTC", "ab   ", "char(5)|varchar(10)", "ab"},
    {"UTC", "héllo wörld", "varchar(4)", "héll"},
    {"UTC", "héllo", "char(2)", "hé"},
    {"UTC", "é", "char(3)|varchar", "é"},
    {"UTC", "ab  ", "char(2)|char(4)", "ab  "},
    {"UTC", "abc", "char(3)|char(5)", "abc  "},
    {"UTC", "abc", "varchar(2)|char(5)", "ab   "},
    {"UTC", "abcdef", "varchar|varchar(4)|char(2)", "ab"},
    {"UTC", "ab", "text|char(4)", "ab  "},
    {"UTC", "{\"a\":1}", "json|text", "{\"a\":1}"},
    {"UTC", "5", "jsonb|json", "5"},
    {"UTC", "5", "jsonb|varchar(1)", "5"},
    {"UTC", "[1,2]", "json|varchar(3)", "[1,"},
    {"UTC", "2024-01-01", "date", "2024-01-01"},
    {"UTC", "2024-02-30", "date", "22008: date/time field value out of range: \"2024-02-30\""},
    {"UTC", "abc", "timestamp", "22007: invalid input syntax for type timestamp: \"abc\""},
    {"UTC", " 2024-01-05 ", "date", "2024-01-05"},
    {"UTC", "2024-01-05 23:59:59.999", "timestamp|date", "2024-01-05"},
    {"UTC", "1999-12-31 00:00:01", "timestamp|date", "1999-12-31"},
    {"UTC", "0001-01-01 BC", "date|timestamp", "0001-01-01 00:00:00 BC"},
    {"UTC", "5874897-12-31", "date|timestamp", "22008: date out of range for timestamp"},
    {"UTC", "5874897-12-31", "date|timestamptz", "22008: date out of range for timestamp"},
    {"UTC", "infinity", "date|timestamp", "infinity"},
    {"UTC", "-infinity", "timestamp|date", "-infinity"},
    {"UTC", "infinity", "timestamptz|date", "infinity"},
    {"America/New_York", "2024-03-10", "date|timestamptz", "2024-03-10 00:00:00-05"},
    {"America/New_York", "2024-03-10 12:00", "timestamp|timestamptz", "2024-03-10 12:00:00-04"},
    {"America/New_York", "2024-03-10 12:00+00", "timestamptz|timestamp", "2024-03-10 08:00:00"},
    {"America/New_York", "2024-03-10 02:00+00", "timestamptz|date", "2024-03-09"},
    {"America/New_York", "infinity", "date|timestamptz", "infinity"},
    {"America/New_York", "2024-03-10 02:30", "timestamp|timestamptz", "2024-03-10 03:30:00-04"},
    {"America/New_York", "2024-11-03 01:30", "timestamp|timestamptz", "2024-11-03 01:30:00-05"},
    {"America/New_York", "294276-12-31 23:00", "timestamp|timestamptz", "22008: timestamp out of range"},
    {"Asia/Tokyo", "294276-12-31 23:00", "timestamp|timestamptz", "294276-12-31 23:00:00+09"},
    {"America/New_York", "294276-12-31 23:00", "timestamptz|timestamp",
     "22008: timestamp out of range: \"294276-12-31 23:00\""},
    {"Asia/Tokyo", "294276-12-31 23:00+00", "timestamptz|timestamp", "22008: timestamp out of range"},
    {"UTC", "4713-11-24 01:00 BC", "timestamp|timestamptz", "4713-11-24 01:00:00+00 BC"},
    {"America/New_York", "4714-11-24 05:00 BC", "timestamptz|timestamp", "4714-11-24 05:00:00 BC"},
    {"America/New_York", "4714-11-24 BC", "date|timestamptz", "4714-11-24 00:00:00-04:56:02 BC"},
    {"Asia/Kolkata", "2024-06-01 10:00:00+02", "timestamptz", "2024-06-01 13:30:00+05:30"},
    {"Asia/Kolkata", "2024-06-01 10:00:00", "timestamptz|text", "2024-06-01 10:00:00+05:30"},
    {"Asia/Kolkata", "2024-06-01", "date|timestamptz|date", "2024-06-01"},
    {"Europe/Berlin", "2024-06-01 10:00:00.123456", "timestamptz|timestamp", "2024-06-01 10:00:00.123456"},
    {"Europe/Berlin", "2024-06-01 23:30:00+00", "timestamptz|date", "2024-06-02"},
    {"UTC", "1 day 02:03:04", "interval", "1 day 02:03:04"},
    {"UTC", "1 day 02:03:04", "interval|varchar(5)", "1 day"},
    {"UTC", "90", "interval day", "90 days"},
    {"UTC", "3", "interval month", "3 mons"},
    {"UTC", "1 day 5 hours", "interval day", "1 day"},
    {"UTC", "1-2", "interval year to month", "1 year 2 mons"},
    {"UTC", "2", "interval hour", "02:00:00"},
    {"UTC", "1:30", "interval minute to second", "00:01:30"},
    {"UTC", "-1:30", "interval minute to second", "-00:01:30"},
    {"UTC", "1.5", "interval day", "1 day"},
    {"UTC", "1.5", "interval year", "1 year"},
    {"UTC", "-5", "interval", "-00:00:05"},
    {"UTC", "1:30", "interval hour to minute", "01:30:00"},
    {"UTC", "1 2:03:04.5", "interval day to second", "1 day 02:03:04.5"},
    {"UTC", "100", "interval year", "100 years"},
    {"UTC", "1.7", "interval month", "1 mon"},
    {"UTC", "2 years 14 months", "interval year", "3 years"},
    {"UTC", "3 hours 25 minutes 7 seconds", "interval minute", "03:25:00"},
    {"UTC", "1.2345678", "interval second", "00:00:01.234568"},
    {"UTC", "1.5", "interval hour", "01:00:00"},
    {"UTC", "1 day 5", "interval day", "22007: invalid input syntax for type interval: \"1 day 5\""},
    {"UTC", "1 2", "interval day to hour", "1 day 02:00:00"},
    {"UTC", "1 2", "interval hour to minute", "22007: invalid input syntax for type interval: \"1 2\""},
    {"UTC", "10", "interval hour to minute", "00:10:00"},
    {"UTC", "10", "interval day to second", "00:00:10"},
    {"UTC", "P1Y2M3DT4H", "interval month", "1 year 2 mons"},
    {"UTC", "-7", "interval year", "-7 years"},
    {"UTC", "-17 months", "interval year", "-1 years"},
    {"UTC", "abc", "interval day", "22007: invalid input syntax for type interval: \"abc\""},
    {"UTC", "1 day 2", "interval minute to second", "1 day 00:00:02"},
    {"UTC", "  45  ", "interval minute", "00:45:00"},
    {"UTC", "1 week", "interval day", "7 days"},
    {"UTC", "@ 2 days ago", "interval hour", "-2 days"},
    {"UTC", "{1, 2}", "int4[]", "{1,2}"},
    {"UTC", "{ a b , \"c,d\", NULL, \"NULL\", \"\", x\\y, \"q\\\"q\", null , \"nuLL\"}", "text[]",
     "{\"a b\",\"c,d\",NULL,\"NULL\",\"\",xy,\"q\\\"q\",NULL,\"nuLL\"}"},
    {"UTC", "{}", "int4[]", "{}"},
    {"UTC", "{{1,2},{3,4}}", "int4[]", "{{1,2},{3,4}}"},
    {"UTC", "{ab\\,c, \"x y\", {, a}", "text[]",
     "22P02: malformed array literal: \"{ab\\,c, \"x y\", {, a}\" DETAIL: Unexpected \"{\" character."},
    {"UTC", "{ab\\,c, \"x y\", a\"b}", "text[]",
     "22P02: malformed array literal: \"{ab\\,c, \"x y\", a\"b}\" DETAIL: Unexpected array element."},
    {"UTC", "{\"a\\b\", \\\"x, a\\\\b}", "text[]", "{ab,\"\\\"x\",\"a\\\\b\"}"},
    {"UTC", "{{},{}}", "int4[]",
     "22P02: malformed array literal: \"{{},{}}\" DETAIL: Unexpected \"}\" character."},
    {"UTC", "{{}}", "int4[]", "22P02: malformed array literal: \"{{}}\" DETAIL: Unexpected \"}\" character."},
    {"UTC", "{{1},{}}", "int4[]",
     "22P02: malformed array literal: \"{{1},{}}\" DETAIL: Unexpected \"}\" character."},
    {"UTC", "[1:2][3:4]={{1,2},{3,4}}", "int4[]", "[1:2][3:4]={{1,2},{3,4}}"},
    {"UTC", "[1:3]={1,2}", "int4[]",
     "22P02: malformed array literal: \"[1:3]={1,2}\" DETAIL: Specified array dimensions do not match array "
     "contents."},
    {"UTC", "{1,2}", "int4[]|text[]|numeric(3,1)[]", "{1.0,2.0}"},
    {"UTC", "{1,NULL}", "int4[]|bool[]", "{t,NULL}"},
    {"UTC", "{2024-01-01}", "date[]|timestamp[]", "{\"2024-01-01 00:00:00\"}"},
    {"UTC", "{\"2024-01-01 10:00\"}", "timestamp[]", "{\"2024-01-01 10:00:00\"}"},
    {"UTC", "{1}", "int4[]|int8[]", "{1}"},
    {"UTC", "{ab  ,c}", "char(3)[]|text[]", "{ab,c}"},
    {"UTC", "{ 1 }", "text[]", "{1}"},
    {"UTC", "{\"\" }", "text[]", "{\"\"}"},
    {"UTC", "{a b}", "text[]", "{\"a b\"}"},
    {"UTC", "{NULLx}", "text[]", "{NULLx}"},
    {"UTC", "{\"a\" , \"b\" }", "text[]", "{a,b}"},
    {"UTC", "{x,}", "text[]", "22P02: malformed array literal: \"{x,}\" DETAIL: Unexpected \"}\" character."},
    {"UTC", "{,x}", "text[]", "22P02: malformed array literal: \"{,x}\" DETAIL: Unexpected \",\" character."},
    {"UTC", "{{1,2}", "int4[]",
     "22P02: malformed array literal: \"{{1,2}\" DETAIL: Unexpected end of input."},
    {"UTC", "{1}}", "int4[]",
     "22P02: malformed array literal: \"{1}}\" DETAIL: Junk after closing right brace."},
    {"UTC", "{", "int4[]", "22P02: malformed array literal: \"{\" DETAIL: Unexpected end of input."},
    {"UTC", "", "int4[]",
     "22P02: malformed array literal: \"\" DETAIL: Array value must start with \"{\" or dimension "
     "information."},
    {"UTC", "   ", "int4[]",
     "22P02: malformed array literal: \"   \" DETAIL: Array value must start with \"{\" or dimension "
     "information."},
    {"UTC", "{}x", "int4[]",
     "22P02: malformed array literal: \"{}x\" DETAIL: Junk after closing right brace."},
    {"UTC", "{\"ab}", "int4[]",
     "22P02: malformed array literal: \"{\"ab}\" DETAIL: Unexpected end of input."},
    {"UTC", "{ab\\", "text[]", "22P02: malformed array literal: \"{ab\\\" DETAIL: Unexpected end of input."},
    {"UTC", "{{1,2},{3,4},{5,6}}", "int4[]", "{{1,2},{3,4},{5,6}}"},
    {"UTC", "{a\\ , b\\  }", "text[]", "{\"a \",\"b \"}"},
    {"UTC", "[1:2]{1,2}", "int4[]",
     "22P02: malformed array literal: \"[1:2]{1,2}\" DETAIL: Missing \"=\" after array dimensions."},
    {"UTC", "[1:2]= {1,2}", "int4[]", "{1,2}"},
    {"UTC", "[a]={1}", "int4[]",
     "22P02: malformed array literal: \"[a]={1}\" DETAIL: \"[\" must introduce explicitly-specified array "
     "dimensions."},
    {"UTC", "[1:]={1}", "int4[]",
     "22P02: malformed array literal: \"[1:]={1}\" DETAIL: Missing array dimension value."},
    {"UTC", "[1:2={1,2}", "int4[]",
     "22P02: malformed array literal: \"[1:2={1,2}\" DETAIL: Missing \"]\" after array dimensions."},
    {"UTC", "[2]={1,2}", "int4[]", "{1,2}"},
    {"UTC", "[-1:0]={1,2}", "int4[]", "[-1:0]={1,2}"},
    {"UTC", "[1:1]={{1}}", "int4[]",
     "22P02: malformed array literal: \"[1:1]={{1}}\" DETAIL: Specified array dimensions do not match array "
     "contents."},
    {"UTC", "{{{{{{{1}}}}}}}", "int4[]",
     "54000: number of array dimensions (7) exceeds the maximum allowed (6)"},
    {"UTC", "{{{{{{1}}}}}}", "int4[]", "{{{{{{1}}}}}}"},
    {"UTC", "{1,2}", "int4[]|int8[]|varchar(1)[]", "{1,2}"},
    {"UTC", "{2024-01-01}", "text[]|date[]", "{2024-01-01}"},
    {"UTC", "{1,2}", "int4[]|date[]", "42846: cannot cast type integer[] to date[]"},
    {"UTC", "{1.5}", "int4[]", "22P02: invalid input syntax for type integer: \"1.5\""},
    {"UTC", "{1,x}", "int4[]", "22P02: invalid input syntax for type integer: \"x\""},
    {"UTC", "{1.5,2}", "numeric[]|int4[]", "{2,2}"},
    {"UTC", "{true,no}", "bool[]", "{t,f}"},
    {"UTC", "{t,f}", "bool[]|text[]", "{true,false}"},
    {"UTC", "{abc,de}", "varchar(2)[]", "{ab,de}"},
    {"UTC", "{a}", "char(3)[]", "{\"a  \"}"},
    {"UTC", "{a,b}", "text[]|text", "{a,b}"},
    {"UTC", "{1,2}", "int4[]|varchar(3)", "{1,"},
    {"UTC", "{{a,b},{c,d}}", "text[]|int4[]", "22P02: invalid input syntax for type integer: \"a\""},
    {"UTC", "{\"{\",\"}\",\"a\\\\\\\\b\", \"  \", \" x\"}", "text[]",
     "{\"{\",\"}\",\"a\\\\\\\\b\",\"  \",\" x\"}"},
    {"UTC", "{1,,2}", "int4[]",
     "22P02: malformed array literal: \"{1,,2}\" DETAIL: Unexpected \",\" character."},
    {"UTC", "{\"a\"b}", "text[]",
     "22P02: malformed array literal: \"{\"a\"b}\" DETAIL: Unexpected array element."},
    {"UTC", " { 1 , 2 } ", "int4[]", "{1,2}"},
    {"UTC", "{{1},2}", "int4[]",
     "22P02: malformed array literal: \"{{1},2}\" DETAIL: Unexpected array element."},
    {"UTC", "{1,{2}}", "int4[]",
     "22P02: malformed array literal: \"{1,{2}}\" DETAIL: Unexpected \"{\" character."},
    {"UTC", "{1.50,NULL,-0.5}", "numeric(4,1)[]", "{1.5,NULL,-0.5}"},
    {"UTC", "{1 day,2 hours}", "interval[]", "{\"1 day\",02:00:00}"},
    {"UTC", "{1e400}", "float8[]", "22003: \"1e400\" is out of range for type double precision"},
    {"UTC", "{\"{\\\"a\\\": 1}\",null}", "jsonb[]", "{\"{\\\"a\\\": 1}\",NULL}"},
    {"UTC", "{\"2024-06-01 10:00+02\"}", "timestamptz[]|date[]", "{2024-06-01}"},
    {"UTC", "{{1,2},{3,4}}", "int4[]|float8[]", "{{1,2},{3,4}}"},
    {"UTC", "[0:1]={1.5,2.5}", "float8[]|int4[]", "[0:1]={2,2}"},
    {"UTC", "{ \"a\" ", "text[]",
     "22P02: malformed array literal: \"{ \"a\" \" DETAIL: Unexpected end of input."},
    {"UTC", "{\"a\"", "text[]",
     "22P02: malformed array literal: \"{\"a\"\" DETAIL: Unexpected end of input."},
    {"UTC", "1e-3", "numeric(2,1)", "0.0"},
    {"UTC", "-0.04", "numeric(2,1)", "0.0"},
    {"UTC", "-0.05", "numeric(2,1)", "-0.1"},
    {"UTC", "99.95", "numeric(3,1)",
     "22003: numeric field overflow DETAIL: A field with precision 3, scale 1 must round to an absolute "
     "value less than 10^2."},
    {"UTC", "123456789012345678901234.5678", "numeric(30,4)", "123456789012345678901234.5678"},
    {"UTC", "123456789012345678901234.5678", "numeric(30,4)|text", "123456789012345678901234.5678"},
    {"UTC", "123456789012345678901234.5678", "numeric(30,4)|float8", "1.2345678901234569e+23"},
    {"UTC", "123456789012345678901234.5678", "numeric(30,4)|float4", "1.2345679e+23"},
    {"UTC", "-123456789012345678901234.5678", "numeric(30,4)|numeric(35,2)", "-123456789012345678901234.57"},
    {"UTC", "123456789012345678901234.5678", "numeric(30,4)|numeric", "123456789012345678901234.5678"},
    {"UTC", "123.45", "float4|numeric(5,2)", "123.45"},
    {"UTC", "123.45", "float4|numeric(4,2)",
     "22003: numeric field overflow DETAIL: A field with precision 4, scale 2 must round to an absolute "
     "value less than 10^2."},
    {"UTC", "9223372036854775807", "int8|float4", "9.223372e+18"},
    {"UTC", "999", "int2|numeric(3,1)",
     "22003: numeric field overflow DETAIL: A field with precision 3, scale 1 must round to an absolute "
     "value less than 10^2."},
    {"UTC", "-32768", "int2|numeric(5,0)", "-32768"},
    {"UTC", "1.5", "numeric(2,1)|int2", "2"},
    {"UTC", "-0.5", "numeric|int8", "-1"},
    {"UTC", "0.49999", "numeric|int4", "0"},
    {"UTC", "32767.5", "numeric|int2", "22003: smallint out of range"},
    {"UTC", "-32768.5", "numeric|int2", "22003: smallint out of range"},
    {"UTC", "-32768.4", "numeric|int2", "-32768"},
    {"UTC", "-32768.5", "float8|int2", "-32768"},
    {"UTC", "-32767.5", "float4|int2", "-32768"},
    {"UTC", "32767.5", "float4|int2", "22003: smallint out of range"},
    {"UTC", "1e10", "float4|int8", "10000000000"},
    {"UTC", "2147483647", "int4|float4|int4", "22003: integer out of range"},
    {"UTC", "16777217", "int4|float4", "1.6777216e+07"},
    {"UTC", "3.4e38", "float8|float4", "3.4e+38"},
    {"UTC", "1.4e-45", "float8|float4", "1e-45"},
    {"UTC", "1e-46", "float8|float4", "22003: value out of range: underflow"},
    {"UTC", "Infinity", "float8|float4", "Infinity"},
    {"UTC", "NaN", "float4|float8", "NaN"},
    {"UTC", "-0", "float8|text", "-0"},
    {"UTC", "-0", "float8|numeric", "0"},
    {"UTC", "1e-320", "float8|text", "1e-320"},
    {"UTC", "12345.678", "float4|text", "12345.678"},
    {"UTC", "0.000001", "numeric|float4", "1e-06"},
    {"UTC", "0.1234567890123456789", "numeric|float4", "0.12345679"},
    {"UTC", "0.1234567890123456789", "numeric|float8", "0.12345678901234568"},
    {"UTC", "1", "numeric|float8|text", "1"},
    {"America/Los_Angeles", "2024-07-04 12:00:00 EST", "timestamptz", "2024-07-04 10:00:00-07"},
    {"America/Los_Angeles", "2024-07-04 12:00:00 EST", "timestamptz|timestamp", "2024-07-04 10:00:00"},
    {"America/Los_Angeles", "2024-07-04", "timestamptz", "2024-07-04 00:00:00-07"},
    {"America/Los_Angeles", "2024-07-04 23:59", "timestamptz|date", "2024-07-04"},
    {"Australia/Lord_Howe", "2024-04-07 01:45", "timestamp|timestamptz", "2024-04-07 01:45:00+10:30"},
    {"UTC", "allballs", "timestamp", "22007: invalid input syntax for type timestamp: \"allballs\""},
    {"UTC", "epoch", "timestamptz|text", "1970-01-01 00:00:00+00"},
    {"UTC", "J2451545", "date", "2000-01-01"},
    {"UTC", "2024-01-01 25:00", "timestamp",
     "22008: date/time field value out of range: \"2024-01-01 25:00\""},
    {"UTC", "infinity", "timestamp|timestamptz|date", "infinity"},
    {"UTC", "-infinity", "date|timestamptz|timestamp", "-infinity"},
    {"UTC", "1 2:03", "interval day to minute", "1 day 02:03:00"},
    {"UTC", "1 2:03:04", "interval day to minute", "1 day 02:03:00"},
    {"UTC", "1 2:03:04", "interval day to hour", "1 day 02:00:00"},
    {"UTC", "2:03:04.567", "interval hour to second", "02:03:04.567"},
    {"UTC", "2:03", "interval minute to second", "00:02:03"},
    {"UTC", "-2:03", "interval minute to second", "-00:02:03"},
    {"UTC", "+2:03", "interval minute to second", "00:02:03"},
    {"UTC", "2:03.5", "interval minute to second", "00:02:03.5"},
    {"UTC", "1 year 2 months", "interval month", "1 year 2 mons"},
    {"UTC", "25 hours", "interval day", "00:00:00"},
    {"UTC", "-1.5", "interval hour", "-01:00:00"},
    {"UTC", ".5", "interval minute", "00:00:00"},
    {"UTC", "5.", "interval day", "5 days"},
    {"UTC", "1e3", "interval day", "22007: invalid input syntax for type interval: \"1e3\""},
    {"UTC", "1 2", "interval", "22007: invalid input syntax for type interval: \"1 2\""},
    {"UTC", "{1.5,2.25}", "numeric(4,1)[]|numeric[]", "{1.5,2.3}"},
    {"UTC", "{1.5,2.25}", "numeric[]|numeric(4,1)[]", "{1.5,2.3}"},
    {"UTC", "{1,2}", "int4[]|float4[]|text[]", "{1,2}"},
    {"UTC", "{\"a b\",\"c\"}", "text[]|char(2)[]", "{\"a \",\"c \"}"},
    {"UTC", "{\"a b\",\"c\"}", "text[]|varchar(1)[]|text", "{a,c}"},
    {"UTC", "{\"\",NULL,\"null\"}", "varchar[]|text[]", "{\"\",NULL,\"null\"}"},
    {"UTC", "{{\"a,b\",c},{d,\"e}\"}}", "text[]", "{{\"a,b\",c},{d,\"e}\"}}"},
    {"UTC", "{{1,2},{3,4}}", "text[]|int2[]|numeric(3,1)[]", "{{1.0,2.0},{3.0,4.0}}"},
    {"UTC", "{t}", "bool[]|int4[]", "{1}"},
    {"UTC", "{1}", "int4[]|bool[]", "{t}"},
    {"UTC", "{x}", "char(1)[]|bool[]", "22P02: invalid input syntax for type boolean: \"x\""},
};

TEST(CastTest, MatchesPostgres) {
  for (const Case& c : kCases) {
    EXPECT_EQ(CastChain(c.zone, c.input, c.types), c.expected)
        << "'" << c.input << "'::" << c.types << " in " << c.zone;
  }
}

// Assignment casts (INSERT into a varchar(n)/char(n) column) fail where explicit ones
// truncate, unless only blanks are cut.
TEST(CastTest, ImplicitLengthCoercion) {
  EXPECT_EQ(CastChain("UTC", "abcdef", "varchar(5)", false),
            "22001: value too long for type character varying(5)");
  EXPECT_EQ(CastChain("UTC", "abcde   ", "varchar(5)", false), "abcde");
  EXPECT_EQ(CastChain("UTC", "abc  ", "varchar(5)", false), "abc  ");
  EXPECT_EQ(CastChain("UTC", "abcdef", "char(5)", false), "22001: value too long for type character(5)");
  EXPECT_EQ(CastChain("UTC", "abcde  ", "char(5)", false), "abcde");
  EXPECT_EQ(CastChain("UTC", "ab", "char(5)", false), "ab   ");
  EXPECT_EQ(CastChain("UTC", "12345", "int4|varchar(3)", false),
            "22001: value too long for type character varying(3)");
  EXPECT_EQ(CastChain("UTC", "123", "int4|varchar(3)", false), "123");
  EXPECT_EQ(CastChain("UTC", "abcd", "char(4)|char(3)", false),
            "22001: value too long for type character(3)");
  EXPECT_EQ(CastChain("UTC", "ab", "char(2)|char(3)", false), "ab ");
  EXPECT_EQ(CastChain("UTC", "abcd", "char(4)|char(3)"), "abc");
}

// Output functions, unlike casts to text: booleans print t/f and char(n) keeps its blanks.
TEST(CastTest, CastToTextUsesOutputFunctions) {
  Session ny("America/New_York");
  EXPECT_EQ(OutputText(Vector(Value::Boolean(true)), nullptr), "t");
  EXPECT_EQ(OutputText(Vector(Value::String(LogicalType::Char(4), "ab  ")), nullptr), "ab  ");
  EXPECT_EQ(OutputText(Vector(Value::Numeric(LogicalType::Numeric(5, 2), 150)), nullptr), "1.50");
  EXPECT_EQ(OutputText(Vector(Value::Double(0.1)), nullptr), "0.1");
  EXPECT_EQ(OutputText(Vector(Value::Real(1.1f)), nullptr), "1.1");
  EXPECT_EQ(OutputText(Vector(Value::Date(0)), nullptr), "2000-01-01");
  EXPECT_EQ(OutputText(Vector(Value::TimestampTz(0)), nullptr), "2000-01-01 00:00:00+00");
  EXPECT_EQ(OutputText(Vector(Value::TimestampTz(0)), ny.get()), "1999-12-31 19:00:00-05");
  EXPECT_EQ(OutputText(Vector(Value::Interval(Interval{14, 3, 3600000000})), nullptr),
            "1 year 2 mons 3 days 01:00:00");
  Vector boolean(Value::Boolean(false));
  Vector text(TypeId::kText);
  GetCastFunction(TypeId::kBoolean, TypeId::kText)(boolean, text, 1, CastParameters());
  EXPECT_EQ(text.GetValue(0).GetString(), "false");
}

// SET extra_float_digits = 0 / -2 switch float output to %.*g with 15 (6) + n digits.
TEST(CastTest, ExtraFloatDigits) {
  Session zero("UTC", 0);
  EXPECT_EQ(OutputText(Vector(Value::Double(1.0 / 3)), zero.get()), "0.333333333333333");
  EXPECT_EQ(OutputText(Vector(Value::Double(1e100)), zero.get()), "1e+100");
  EXPECT_EQ(OutputText(Vector(Value::Real(123456789.0f)), zero.get()), "1.23457e+08");
  EXPECT_EQ(OutputText(Vector(Value::Double(1e-5)), zero.get()), "1e-05");
  EXPECT_EQ(OutputText(Vector(Value::Real(100000.0f)), zero.get()), "100000");
  Session minus_two("UTC", -2);
  EXPECT_EQ(OutputText(Vector(Value::Double(1.0 / 3)), minus_two.get()), "0.3333333333333");
}

TEST(CastTest, MissingCasts) {
  EXPECT_EQ(GetCastFunction(TypeId::kBoolean, TypeId::kDate), nullptr);
  EXPECT_EQ(GetCastFunction(TypeId::kDate, TypeId::kInteger), nullptr);
  EXPECT_EQ(GetCastFunction(TypeId::kInteger, TypeId::kDate), nullptr);
  EXPECT_EQ(GetCastFunction(TypeId::kInterval, TypeId::kDate), nullptr);
  EXPECT_EQ(GetCastFunction(TypeId::kBoolean, TypeId::kSmallInt), nullptr);
  EXPECT_EQ(GetCastFunction(TypeId::kBoolean, TypeId::kBigInt), nullptr);
  EXPECT_EQ(GetCastFunction(TypeId::kBigInt, TypeId::kBoolean), nullptr);
  EXPECT_EQ(GetCastFunction(TypeId::kBoolean, TypeId::kNumeric), nullptr);
  EXPECT_EQ(GetCastFunction(TypeId::kJson, TypeId::kInteger), nullptr);
  EXPECT_EQ(GetCastFunction(TypeId::kDate, TypeId::kInterval), nullptr);
  EXPECT_EQ(GetCastFunction(LogicalType::Array(TypeId::kInteger), LogicalType::Array(TypeId::kDate)),
            nullptr);
  EXPECT_EQ(GetCastFunction(TypeId::kInteger, LogicalType::Array(TypeId::kInteger)), nullptr);
  EXPECT_NE(GetCastFunction(TypeId::kBoolean, TypeId::kInteger), nullptr);
  EXPECT_NE(GetCastFunction(TypeId::kInterval, TypeId::kVarchar), nullptr);
  EXPECT_NE(GetCastFunction(LogicalType::Array(TypeId::kInteger), TypeId::kText), nullptr);
  EXPECT_EQ(Outcome([] { return CastValue(Value::Boolean(true), TypeId::kDate).ToString(); }),
            "42846: cannot cast type boolean to date");
}

TEST(CastTest, NullsCastToNullOfTheTarget) {
  for (TypeId id : {TypeId::kBoolean, TypeId::kInteger, TypeId::kNumeric, TypeId::kDate, TypeId::kInterval,
                    TypeId::kJsonb, TypeId::kVarchar}) {
    Value v = CastValue(Value(), id);
    EXPECT_TRUE(v.IsNull());
    EXPECT_EQ(v.type(), LogicalType(id));
  }
  EXPECT_TRUE(CastValue(Value(), LogicalType::Array(TypeId::kInteger)).IsNull());
  Vector null_source(Value::Null(TypeId::kUnknown));
  Vector result(TypeId::kDate);
  GetCastFunction(TypeId::kUnknown, TypeId::kDate)(null_source, result, 1, CastParameters());
  EXPECT_TRUE(result.IsConstantNull());
}

TEST(CastTest, CastValue) {
  EXPECT_EQ(CastValue(Value::Text("42"), TypeId::kInteger).GetInt32(), 42);
  EXPECT_EQ(CastValue(Value::Integer(7), TypeId::kText).GetString(), "7");
  EXPECT_EQ(CastValue(Value::Integer(7), LogicalType::Numeric(5, 2)).GetInt64(), 700);
  Value v = CastValue(Value::Numeric(LogicalType::Numeric(5, 2), 150), TypeId::kNumeric);
  EXPECT_EQ(v.GetVarNumeric().value, 150);
  EXPECT_EQ(v.GetVarNumeric().scale, 2);
  EXPECT_EQ(CastValue(Value::Text("abcdef"), LogicalType::Varchar(3)).GetString(), "abc");
  EXPECT_EQ(Outcome([] {
              return CastValue(Value::Text("abcdef"), LogicalType::Varchar(3), nullptr, false).GetString();
            }),
            "22001: value too long for type character varying(3)");
  EXPECT_EQ(CastValue(Value::Text("{1, 2}"), LogicalType::Array(TypeId::kInteger)).GetString(), "{1,2}");
  EXPECT_EQ(Outcome([] { return CastValue(Value::Text("x"), TypeId::kJson).GetString(); }).substr(0, 6),
            "22P02:");
  EXPECT_EQ(CastValue(Value::Text("{\"a\":1}"), TypeId::kJson).GetString(), "{\"a\":1}");
}

// Builds a flat vector of `type` from output texts ("NULL" for NULL).
Vector FlatVector(const LogicalType& type, const std::vector<std::string>& texts) {
  Vector v(type);
  for (size_t i = 0; i < texts.size(); i++) {
    v.SetValue(i, texts[i] == "NULL" ? Value::Null(type) : CastValue(Value::Text(texts[i]), type));
  }
  return v;
}

std::vector<std::string> Texts(const Vector& v, idx_t count) {
  Vector text(TypeId::kText);
  CastToText(v, text, count, CastParameters());
  std::vector<std::string> out;
  for (idx_t i = 0; i < count; i++) {
    Value value = text.GetValue(i);
    out.push_back(value.IsNull() ? "NULL" : value.GetString());
  }
  return out;
}

std::vector<std::string> CastVector(const Vector& source, const LogicalType& to, idx_t count,
                                    int32_t interval_range = 0) {
  CastParameters params;
  params.interval_range = interval_range;
  Vector result(to);
  GetCastFunction(source.type(), to)(source, result, count, params);
  EXPECT_EQ(result.type(), to);
  return Texts(result, count);
}

using Texts_ = std::vector<std::string>;

TEST(CastTest, FlatVectorsWithNulls) {
  Vector ints = FlatVector(TypeId::kInteger, {"1", "NULL", "-7", "2147483647"});
  EXPECT_EQ(CastVector(ints, TypeId::kText, 4), (Texts_{"1", "NULL", "-7", "2147483647"}));
  EXPECT_EQ(CastVector(ints, LogicalType::Numeric(12, 2), 4),
            (Texts_{"1.00", "NULL", "-7.00", "2147483647.00"}));
  EXPECT_EQ(CastVector(ints, TypeId::kBigInt, 4), (Texts_{"1", "NULL", "-7", "2147483647"}));
  EXPECT_EQ(CastVector(ints, TypeId::kBoolean, 4), (Texts_{"t", "NULL", "t", "t"}));
  Vector texts = FlatVector(TypeId::kText, {" 5 ", "NULL", "{1,2}", "1.5"});
  EXPECT_EQ(CastVector(texts, TypeId::kDouble, 2), (Texts_{"5", "NULL"}));
  EXPECT_EQ(CastVector(texts, LogicalType::Char(3), 4), (Texts_{" 5 ", "NULL", "{1,", "1.5"}));
  Vector dates = FlatVector(TypeId::kDate, {"2024-02-29", "NULL", "infinity"});
  EXPECT_EQ(CastVector(dates, TypeId::kTimestamp, 3), (Texts_{"2024-02-29 00:00:00", "NULL", "infinity"}));
  Vector arrays = FlatVector(LogicalType::Array(TypeId::kText), {"{1,2}", "NULL", "{}", "{NULL,3}"});
  EXPECT_EQ(CastVector(arrays, LogicalType::Array(TypeId::kBigInt), 4),
            (Texts_{"{1,2}", "NULL", "{}", "{NULL,3}"}));
}

TEST(CastTest, DictionaryVectors) {
  Vector texts = FlatVector(TypeId::kText, {"10", "x", "30", "NULL"});
  SelectionVector sel(3);
  sel.Set(0, 2);
  sel.Set(1, 3);
  sel.Set(2, 0);
  Vector sliced;
  sliced.Slice(texts, sel, 3);
  ASSERT_EQ(sliced.kind(), VectorKind::kDictionary);
  EXPECT_EQ(CastVector(sliced, TypeId::kSmallInt, 3), (Texts_{"30", "NULL", "10"}));
  EXPECT_EQ(CastVector(sliced, TypeId::kVarchar, 3), (Texts_{"30", "NULL", "10"}));
  EXPECT_EQ(CastVector(sliced, LogicalType::Varchar(1), 3), (Texts_{"3", "NULL", "1"}));
  EXPECT_EQ(CastVector(sliced, LogicalType::Array(TypeId::kInteger), 0), (Texts_{}));
}

// Same-type and binary-compatible casts share the source's rows instead of copying them.
TEST(CastTest, BinaryCompatibleCastsShareRows) {
  Vector varchars = FlatVector(LogicalType::Varchar(20), {"a long string value", "NULL"});
  Vector text(TypeId::kText);
  GetCastFunction(varchars.type(), TypeId::kText)(varchars, text, 2, CastParameters());
  EXPECT_EQ(text.type(), LogicalType(TypeId::kText));
  EXPECT_EQ(text.data(), varchars.data());
  EXPECT_EQ(Texts(text, 2), (Texts_{"a long string value", "NULL"}));

  Vector ints = FlatVector(TypeId::kInteger, {"1", "2"});
  Vector same(TypeId::kInteger);
  GetCastFunction(TypeId::kInteger, TypeId::kInteger)(ints, same, 2, CastParameters());
  EXPECT_EQ(same.data(), ints.data());

  Vector wider(LogicalType::Varchar(30));
  GetCastFunction(varchars.type(), wider.type())(varchars, wider, 2, CastParameters());
  EXPECT_EQ(wider.data(), varchars.data());
  EXPECT_EQ(wider.type(), LogicalType::Varchar(30));

  Vector json(TypeId::kJson);
  Vector jsonb = FlatVector(TypeId::kJsonb, {"5"});
  GetCastFunction(TypeId::kJsonb, TypeId::kJson)(jsonb, json, 1, CastParameters());
  EXPECT_EQ(json.data(), jsonb.data());
}

TEST(CastTest, IntervalFieldRestrictionOnIntervals) {
  Vector intervals = FlatVector(TypeId::kInterval, {"1 year 5 months 3 days 04:05:06", "NULL"});
  EXPECT_EQ(CastVector(intervals, TypeId::kInterval, 2, kYear), (Texts_{"1 year", "NULL"}));
  EXPECT_EQ(CastVector(intervals, TypeId::kInterval, 2, kDay | kHour),
            (Texts_{"1 year 5 mons 3 days 04:00:00", "NULL"}));
  EXPECT_EQ(CastVector(intervals, TypeId::kInterval, 2, kMinute),
            (Texts_{"1 year 5 mons 3 days 04:05:00", "NULL"}));
  EXPECT_EQ(CastVector(intervals, TypeId::kInterval, 2, 0),
            (Texts_{"1 year 5 mons 3 days 04:05:06", "NULL"}));
}

}  // namespace
}  // namespace stockroom
