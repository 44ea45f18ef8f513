// Date, timestamp and interval operators. Every expected string in the tables is what
// PostgreSQL 15 printed for the same expression (see scalar_function_harness.hpp for the
// argument notation); errors are "SQLSTATE: message".
#include <gtest/gtest.h>

#include "function/scalar/scalar_function_harness.hpp"

namespace stockroom {
namespace scalar_test {
namespace {

TEST(TemporalOperatorsTest, Utc) {
  Session session;
  const Case cases[] = {
      {"+;d:2024-01-31;i4:1", "2024-02-01"},
      {"+;i4:1;d:2024-01-31", "2024-02-01"},
      {"-;d:2024-03-01;i4:1", "2024-02-29"},
      {"-;d:2024-03-01;d:2024-01-01", "60"},
      {"-;d:2024-01-01;d:2024-03-01", "-60"},
      {"+;d:infinity;i4:1", "infinity"},
      {"-;d:-infinity;i4:100", "-infinity"},
      {"-;d:infinity;d:2024-01-01", "22008: cannot subtract infinite dates"},
      {"+;d:5874897-12-31;i4:1", "22008: date out of range"},
      {"-;d:2000-01-01;i4:2147483647", "22008: date out of range"},
      {"-;d:4714-11-24 BC;i4:1", "22008: date out of range"},
      {"+;d:2024-01-31;iv:1 month", "2024-02-29 00:00:00"},
      {"+;iv:1 month;d:2024-01-31", "2024-02-29 00:00:00"},
      {"-;d:2024-01-31;iv:1 day 1 hour", "2024-01-29 23:00:00"},
      {"+;d:infinity;iv:1 day", "infinity"},
      {"+;d:294276-12-31;iv:1 day", "22008: timestamp out of range"},
      {"+;ts:2024-01-31 10:00;iv:1 month 2 days 3 hours", "2024-03-02 13:00:00"},
      {"+;iv:1 month;ts:2024-01-31", "2024-02-29 00:00:00"},
      {"-;ts:2024-03-31 00:00;iv:1 month", "2024-02-29 00:00:00"},
      {"-;ts:2024-01-01;iv:-1 year -2 mons +3 days -04:05:06.789", "2025-02-26 04:05:06.789"},
      {"+;ts:294276-12-31 23:59:59;iv:1 day", "22008: timestamp out of range"},
      {"+;ts:infinity;iv:1 year", "infinity"},
      {"+;tz:2024-01-31 10:00+00;iv:1 day", "2024-02-01 10:00:00+00"},
      {"-;tz:2024-03-10 12:00+00;iv:1 mon", "2024-02-10 12:00:00+00"},
      {"+;iv:2 hours;tz:2024-03-10 00:00+00", "2024-03-10 02:00:00+00"},
      {"-;ts:2024-03-01;ts:2024-01-15 12:00", "45 days 12:00:00"},
      {"-;ts:2024-01-15 12:00;ts:2024-03-01", "-45 days -12:00:00"},
      {"-;ts:2024-01-01 00:00:00.000001;ts:2024-01-01", "00:00:00.000001"},
      {"-;tz:2024-03-10 12:00 UTC;tz:2024-03-01 00:00+05", "9 days 17:00:00"},
      {"-;ts:infinity;ts:2024-01-01", "22008: cannot subtract infinite timestamps"},
      {"+;iv:1 day;iv:3 hours", "1 day 03:00:00"},
      {"-;iv:1 day;iv:1 month", "-1 mons +1 day"},
      {"+;iv:2147483647 days;iv:1 day", "22008: interval out of range"},
      {"-;iv:-2147483647 mons;iv:2 mons", "22008: interval out of range"},
      {"+;iv:1 year 2 mons 3 days 04:05:06;iv:-1 year -2 mons -3 days -04:05:06", "00:00:00"},
      {"-;iv:1 day -2 hours", "-1 days +02:00:00"},
      {"-;iv:-178000000 years", "178000000 years"},
      {"*;iv:1 month;f8:1.5", "1 mon 15 days"},
      {"/;iv:1 mon 1 day;f8:7", "4 days 10:17:08.546743"},
      {"*;f8:2.5;iv:1 day 1 hour", "2 days 14:30:00"},
      {"*;iv:1 year 2 mons;f8:0.3", "4 mons 6 days"},
      {"*;iv:3 days;f8:-0.7", "-2 days -02:24:00"},
      {"/;iv:1 month;f8:3", "10 days"},
      {"*;iv:-1 month 5 days;f8:1.1", "-1 mons +2 days 12:00:00"},
      {"/;iv:1 day;f8:0", "22012: division by zero"},
      {"*;iv:1 day;f8:NaN", "22008: interval out of range"},
      {"*;iv:100000000 days;f8:100", "22008: interval out of range"},
      {"*;iv:1 mon 1 day 1 hour;f8:0.1", "3 days 02:30:00"},
      {"/;iv:1 year;f8:7", "1 mon 21 days 10:17:08.5344"},
      {"/;iv:-1 mon -1 day;f8:3", "-10 days -08:00:00"},
      {"*;iv:1 mons 29 days 23:59:59.9999999;f8:1.0000001", "1 mon 29 days 24:00:00.5184"},
      {"/;iv:5 days 12:00;f8:0.5", "10 days 24:00:00"},
      {"*;iv:1 day;f8:1e-7", "00:00:00.00864"},
      {"*;iv:01:00;f8:2.5", "02:30:00"},
      {"*;iv:1 mon;f8:3.3333333", "3 mons 9 days 23:59:59.9136"},
      {"/;iv:2 mons 3 days;f8:-4", "-15 days -18:00:00"},
  };
  for (const Case& c : cases) EXPECT_EQ(EvalCase(session, c.expression), c.expected) << c.expression;
}

// Days and months added to a timestamptz move the wall-clock time in the session's zone,
// so they keep the time of day across a DST change; hours do not.
TEST(TemporalOperatorsTest, SessionTimeZone) {
  Session session("America/New_York");
  const Case cases[] = {
      {"+;tz:2024-03-09 12:00-05;iv:1 day", "2024-03-10 12:00:00-04"},
      {"+;tz:2024-03-09 12:00-05;iv:24 hours", "2024-03-10 13:00:00-04"},
      {"-;tz:2024-11-03 12:00-05;iv:1 day", "2024-11-02 12:00:00-04"},
      {"+;tz:2024-01-31 12:00-05;iv:1 mon", "2024-02-29 12:00:00-05"},
      {"-;tz:2024-03-10 12:00-04;tz:2024-03-09 12:00-05", "23:00:00"},
      {"+;iv:1 day;tz:2024-03-10 02:30-05", "2024-03-11 03:30:00-04"},
  };
  for (const Case& c : cases) EXPECT_EQ(EvalCase(session, c.expression), c.expected) << c.expression;
}

TEST(TemporalOperatorsTest, DifferenceTooLargeForInterval) {
  Session session;
  // PostgreSQL 15 wraps around here (-104300493 days -08:01:49.551616); an error is kinder.
  EXPECT_EQ(EvalCase(session, "-;ts:294276-12-31;ts:4713-01-01 BC"), "22008: interval out of range");
}

TEST(TemporalOperatorsTest, ResultTypes) {
  Session session;
  EXPECT_EQ(ResultType(session, "+", {"d:2024-01-01", "iv:1 day"}), LogicalType(TypeId::kTimestamp));
  EXPECT_EQ(ResultType(session, "-", {"d:2024-01-01", "d:2024-01-01"}), LogicalType(TypeId::kInteger));
  EXPECT_EQ(ResultType(session, "-", {"tz:2024-01-01", "tz:2024-01-01"}), LogicalType(TypeId::kInterval));
  EXPECT_EQ(ResultType(session, "+", {"iv:1 day", "tz:2024-01-01"}), LogicalType(TypeId::kTimestampTz));
}

}  // namespace
}  // namespace scalar_test
}  // namespace stockroom
