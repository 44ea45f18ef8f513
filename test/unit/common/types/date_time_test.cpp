#include "common/types/date_time.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/error/exception.hpp"
#include "common/types/time_zone.hpp"

// Every expected string here is what PostgreSQL 15 printed for the same input, with
// DateStyle ISO, MDY and IntervalStyle postgres.

namespace stockroom {
namespace date_time {
namespace {

struct Case {
  std::string_view input;
  std::string_view expected;  // the formatted value, or "SQLSTATE: message" for an error
};

// Returns "SQLSTATE: message" for a SqlError thrown by `fn`, else its result.
template <typename Fn>
std::string Outcome(Fn fn) {
  try {
    return fn();
  } catch (const SqlError& e) {
    return std::string(e.sqlstate()) + ": " + e.what();
  }
}

std::string DateOut(std::string_view text) {
  return Outcome([&] { return FormatDate(ParseDate(text)); });
}

std::string TimestampOut(std::string_view text) {
  return Outcome([&] { return FormatTimestamp(ParseTimestamp(text)); });
}

std::string TimestampTzOut(std::string_view text, const TimeZone& tz) {
  return Outcome([&] { return FormatTimestampTz(ParseTimestampTz(text, tz), tz); });
}

std::string IntervalOut(std::string_view text) {
  return Outcome([&] { return FormatInterval(ParseInterval(text)); });
}

std::shared_ptr<const TimeZone> Zone(std::string_view name) {
  auto zone = TimeZone::Find(name);
  EXPECT_NE(zone, nullptr) << name;
  return zone;
}

TEST(DateTimeTest, CivilConversions) {
  EXPECT_EQ(DaysFromCivil(2000, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), -kUnixEpochOffsetDays);
  EXPECT_EQ(DaysFromCivil(2024, 2, 29), 8825);
  Civil c = CivilFromDays(8825);
  EXPECT_EQ(c.year, 2024);
  EXPECT_EQ(c.month, 2);
  EXPECT_EQ(c.day, 29);
  // 1 BC is year 0; 4714-11-24 BC is Julian day 0.
  EXPECT_EQ(DaysFromCivil(-4713, 11, 24), -2451545);
  for (int32_t d : {-2451545, -1, 0, 1, 59, 60, 365, 366, 2147483493 - 2451545}) {
    Civil back = CivilFromDays(d);
    EXPECT_EQ(DaysFromCivil(back.year, back.month, back.day), d);
  }
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(0));
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_TRUE(IsValidDate(2024, 2, 29));
  EXPECT_FALSE(IsValidDate(2023, 2, 29));
  EXPECT_EQ(DayOfWeek(0), 6);                            // 2000-01-01 was a Saturday
  EXPECT_EQ(DayOfWeek(DaysFromCivil(2024, 1, 31)), 3);   // a Wednesday
  EXPECT_EQ(DayOfWeek(DaysFromCivil(1969, 12, 28)), 0);  // a Sunday, before the epoch

  int32_t days = 0;
  int64_t tod = 0;
  SplitTimestamp(-1, &days, &tod);
  EXPECT_EQ(days, -1);
  EXPECT_EQ(tod, kMicrosPerDay - 1);
  EXPECT_EQ(MakeTimestamp(days, tod), -1);
  CivilTime t = CivilTimeFromMicros(tod);
  EXPECT_EQ(t.hour, 23);
  EXPECT_EQ(t.minute, 59);
  EXPECT_EQ(t.second, 59);
  EXPECT_EQ(t.micros, 999999);
}

TEST(DateTimeTest, ParsesDates) {
  const std::vector<Case> cases = {
      {"2024-01-31", "2024-01-31"},
      {"2024-1-5", "2024-01-05"},
      {"20240131", "2024-01-31"},
      {"1/31/2024", "2024-01-31"},
      {"Jan 31 2024", "2024-01-31"},
      {"January 31, 2024", "2024-01-31"},
      {"31 Jan 2024", "2024-01-31"},
      {"31-Jan-2024", "2024-01-31"},
      {"2024-Jan-31", "2024-01-31"},
      {"2024-01-31 10:00", "2024-01-31"},
      {"2024-01-31T10:00", "2024-01-31"},
      {"2024-01-31 10:00+02", "2024-01-31"},
      {"2024-01-31 America/New_York", "2024-01-31"},
      {"2024/01/31", "2024-01-31"},
      {"2024.01.31", "2024-01-31"},
      {"2024-001", "2024-01-01"},
      {"2024.032", "2024-02-01"},
      {"1/2/24", "2024-01-02"},
      {"Jan 2 69", "2069-01-02"},
      {"Jan 2 70", "1970-01-02"},
      {"J2451545", "2000-01-01"},
      {"  2024-01-31  ", "2024-01-31"},
      {"epoch", "1970-01-01"},
      {"infinity", "infinity"},
      {"-infinity", "-infinity"},
      {"0044-03-15 BC", "0044-03-15 BC"},
      {"4714-11-24 BC", "4714-11-24 BC"},
      {"5874897-12-31", "5874897-12-31"},
      {"0240131", "0024-01-31"},
  };
  for (const Case& c : cases) EXPECT_EQ(DateOut(c.input), c.expected) << c.input;
}

TEST(DateTimeTest, RejectsBadDates) {
  const std::vector<Case> cases = {
      {"2024-13-01", "22008: date/time field value out of range: \"2024-13-01\""},
      {"2024-02-30", "22008: date/time field value out of range: \"2024-02-30\""},
      {"0000-01-01", "22008: date/time field value out of range: \"0000-01-01\""},
      {"31-1-2024", "22008: date/time field value out of range: \"31-1-2024\""},
      {"garbage", "22007: invalid input syntax for type date: \"garbage\""},
      {"", "22007: invalid input syntax for type date: \"\""},
      {"+infinity", "22007: invalid input syntax for type date: \"+infinity\""},
      {"2024-01", "22007: invalid input syntax for type date: \"2024-01\""},
      {"Wed 2024-01-31", "22007: invalid input syntax for type date: \"Wed 2024-01-31\""},
      {"5874898-01-01", "22008: date out of range: \"5874898-01-01\""},
      {"4714-11-23 BC", "22008: date out of range: \"4714-11-23 BC\""},
      {"2024-01-31 25:00", "22008: date/time field value out of range: \"2024-01-31 25:00\""},
      {"infinity173152", "22008: date/time field value out of range: \"infinity173152\""},
  };
  for (const Case& c : cases) EXPECT_EQ(DateOut(c.input), c.expected) << c.input;

  // A month out of range hints at DateStyle, as PostgreSQL does.
  try {
    ParseDate("13/01/2024");
    FAIL() << "no error";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kDatetimeFieldOverflow);
    EXPECT_EQ(e.hint(), "Perhaps you need a different \"datestyle\" setting.");
  }
}

TEST(DateTimeTest, ParsesTimestamps) {
  const std::vector<Case> cases = {
      {"2024-01-31 13:45:10.123456", "2024-01-31 13:45:10.123456"},
      {"2024-01-31T13:45:10", "2024-01-31 13:45:10"},
      {"2024-01-31 13:45:10.5", "2024-01-31 13:45:10.5"},
      {"2024-01-31", "2024-01-31 00:00:00"},
      {"2024-01-31 13:45", "2024-01-31 13:45:00"},
      {"2024-01-31 1:2:3", "2024-01-31 01:02:03"},
      // Fractions round to microseconds like rint(): half to even, on the double's value.
      {"2024-01-31 13:45:10.1234565", "2024-01-31 13:45:10.123456"},
      {"2024-01-31 13:45:10.1234575", "2024-01-31 13:45:10.123458"},
      {"2024-01-31 13:45:10.9999995", "2024-01-31 13:45:11"},
      {"2024-01-31 23:59:59.9999999", "2024-02-01 00:00:00"},
      {"2024-01-31 24:00:00", "2024-02-01 00:00:00"},
      {"2024-01-31 23:59:60", "2024-02-01 00:00:00"},
      // A plain timestamp ignores any zone in the text.
      {"2024-01-31 13:45:10+02", "2024-01-31 13:45:10"},
      {"2024-01-31 13:45:10 America/New_York", "2024-01-31 13:45:10"},
      {"2024-01-31 13:45:10 EST", "2024-01-31 13:45:10"},
      {"2024-01-31 13:45:10Z", "2024-01-31 13:45:10"},
      {"2024-01-31 12:30 am", "2024-01-31 00:30:00"},
      {"Wed Jan 31 13:45:10 2024", "2024-01-31 13:45:10"},
      {"Jan 31 13:45:10 2024 PST", "2024-01-31 13:45:10"},
      {"20240131T134510", "2024-01-31 13:45:10"},
      {"20240131 134510", "2024-01-31 13:45:10"},
      {"y2024 m1 d31 h10 mm30 s15.5", "2024-01-31 10:30:15.5"},
      {"J2451545.5", "2000-01-01 12:00:00"},
      {"epoch", "1970-01-01 00:00:00"},
      {"infinity", "infinity"},
      {"-infinity", "-infinity"},
      {"2024-01-31 infinity", "infinity"},
      {"294276-12-31 23:59:59.999999", "294276-12-31 23:59:59.999999"},
      {"4714-11-24 00:00:00 BC", "4714-11-24 00:00:00 BC"},
  };
  for (const Case& c : cases) EXPECT_EQ(TimestampOut(c.input), c.expected) << c.input;
}

TEST(DateTimeTest, RejectsBadTimestamps) {
  const std::vector<Case> cases = {
      {"2024-01-31 24:00:01", "22008: date/time field value out of range: \"2024-01-31 24:00:01\""},
      {"2024-01-31 23:59:60.5", "22008: date/time field value out of range: \"2024-01-31 23:59:60.5\""},
      {"2024-01-31 13:00 pm", "22008: date/time field value out of range: \"2024-01-31 13:00 pm\""},
      {"2024-01-31 1pm", "22007: invalid input syntax for type timestamp: \"2024-01-31 1pm\""},
      {"10:00", "22007: invalid input syntax for type timestamp: \"10:00\""},
      {"2024-01-31 13:45:10 foo",
       "22007: invalid input syntax for type timestamp: \"2024-01-31 13:45:10 foo\""},
      {"2024-01-31 13:45:10+16", "22009: time zone displacement out of range: \"2024-01-31 13:45:10+16\""},
      {"2024-01-31 13:45 America/Foo", "22023: time zone \"america/foo\" not recognized"},
      {"294277-01-01 00:00:00", "22008: timestamp out of range: \"294277-01-01 00:00:00\""},
      {"4714-11-23 23:59:59 BC", "22008: timestamp out of range: \"4714-11-23 23:59:59 BC\""},
  };
  for (const Case& c : cases) EXPECT_EQ(TimestampOut(c.input), c.expected) << c.input;
}

TEST(DateTimeTest, ParsesTimestampTzInSessionZone) {
  auto ny = Zone("America/New_York");
  const std::vector<Case> cases = {
      {"2024-01-31 13:45:10", "2024-01-31 13:45:10-05"},
      {"2024-07-31 13:45:10", "2024-07-31 13:45:10-04"},
      {"2024-01-31 13:45:10+02", "2024-01-31 06:45:10-05"},
      {"2024-01-31 13:45:10+05:30", "2024-01-31 03:15:10-05"},
      {"2024-01-31 13:45:10-0800", "2024-01-31 16:45:10-05"},
      {"2024-01-31 13:45:10Z", "2024-01-31 08:45:10-05"},
      {"2024-01-31 13:45:10 UTC", "2024-01-31 08:45:10-05"},
      {"2024-01-31 13:45:10 +03:00:15", "2024-01-31 05:44:55-05"},
      {"2024-01-31 13:45:10 Europe/Berlin", "2024-01-31 07:45:10-05"},
      {"2024-07-31 13:45:10 europe/berlin", "2024-07-31 07:45:10-04"},
      {"2024-01-31 13:45:10 Asia/Kolkata", "2024-01-31 03:15:10-05"},
      // Abbreviations from PostgreSQL's Default set; EST is fixed even in July.
      {"2024-07-31 13:45:10 EST", "2024-07-31 14:45:10-04"},
      {"2024-01-31 13:45:10 EDT", "2024-01-31 12:45:10-05"},
      {"2024-01-31 13:45:10 CET", "2024-01-31 07:45:10-05"},
      {"2024-07-31 13:45:10 CEST", "2024-07-31 07:45:10-04"},
      {"2024-01-31 13:45:10 PST", "2024-01-31 16:45:10-05"},
      {"2024-01-31 13:45:10 BST", "2024-01-31 07:45:10-05"},
      {"2024-01-31 13:45:10 IST", "2024-01-31 06:45:10-05"},
      {"2024-01-31 13:45:10 MSK", "2024-01-31 05:45:10-05"},
      {"2024-01-31 13:45:10 EST DST", "2024-01-31 12:45:10-05"},
      // POSIX zone specs in text: UTC+3 is three hours *west*.
      {"2024-01-31 13:45:10 UTC+3", "2024-01-31 11:45:10-05"},
      {"2024-01-31 13:45:10 EST5EDT", "2024-01-31 13:45:10-05"},
      {"2024-01-31 13:45:10.5+01", "2024-01-31 07:45:10.5-05"},
      // The spring-forward gap reads as the earlier offset; the fall-back overlap as the later.
      {"2024-03-10 02:30:00", "2024-03-10 03:30:00-04"},
      {"2024-03-10 02:00:00", "2024-03-10 03:00:00-04"},
      {"2024-11-03 01:30:00", "2024-11-03 01:30:00-05"},
      {"2024-11-03 00:59:59", "2024-11-03 00:59:59-04"},
      {"1800-01-01 00:00", "1800-01-01 00:00:00-04:56:02"},
      {"0044-03-15 12:00 BC", "0044-03-15 12:00:00-04:56:02 BC"},
      {"2100-07-01 12:00", "2100-07-01 12:00:00-04"},
      {"2500-03-14 02:30", "2500-03-14 03:30:00-04"},
      {"epoch", "1969-12-31 19:00:00-05"},
      {"infinity", "infinity"},
      {"294276-12-31 23:59:59.999999", "22008: timestamp out of range: \"294276-12-31 23:59:59.999999\""},
      {"2024-01-31 10:00 America/New_York dst",
       "22007: invalid input syntax for type timestamp with time zone: \"2024-01-31 10:00 America/New_York "
       "dst\""},
  };
  for (const Case& c : cases) EXPECT_EQ(TimestampTzOut(c.input, *ny), c.expected) << c.input;
}

TEST(DateTimeTest, TimestampTzInOtherZones) {
  auto sydney = Zone("Australia/Sydney");
  EXPECT_EQ(TimestampTzOut("2024-04-07 02:30", *sydney), "2024-04-07 02:30:00+10");
  EXPECT_EQ(TimestampTzOut("2024-10-06 02:30", *sydney), "2024-10-06 03:30:00+11");
  EXPECT_EQ(TimestampTzOut("2024-01-31 13:45:10 UTC+3", *sydney), "2024-02-01 03:45:10+11");
  EXPECT_EQ(TimestampTzOut("1800-01-01 00:00", *sydney), "1800-01-01 00:00:00+10:04:52");
  auto berlin = Zone("Europe/Berlin");
  EXPECT_EQ(TimestampTzOut("2024-03-31 02:30", *berlin), "2024-03-31 03:30:00+02");
  EXPECT_EQ(TimestampTzOut("2024-10-27 02:30", *berlin), "2024-10-27 02:30:00+01");
  EXPECT_EQ(TimestampTzOut("1893-01-01 00:00", *berlin), "1893-01-01 00:00:00+00:53:28");
  auto kolkata = Zone("Asia/Kolkata");
  EXPECT_EQ(TimestampTzOut("1942-09-01", *kolkata), "1942-09-01 01:00:00+06:30");
  EXPECT_EQ(TimestampTzOut("2024-01-31 12:00Z", *kolkata), "2024-01-31 17:30:00+05:30");
  auto posix = Zone("+02:00");  // POSIX sign, as PostgreSQL reads it: two hours west
  EXPECT_EQ(TimestampTzOut("2024-01-31 12:00", *posix), "2024-01-31 12:00:00-02");
}

TEST(DateTimeTest, ClockWords) {
  // 2024-01-31 23:30:00 UTC; in New York still the 31st, in Sydney already Feb 1.
  int64_t now = MakeTimestamp(DaysFromCivil(2024, 1, 31),
                              23 * Interval::kMicrosPerHour + 30 * Interval::kMicrosPerMinute);
  auto ny = Zone("America/New_York");
  auto sydney = Zone("Australia/Sydney");
  EXPECT_EQ(FormatDate(ParseDate("today", *ny, now)), "2024-01-31");
  EXPECT_EQ(FormatDate(ParseDate("today", *sydney, now)), "2024-02-01");
  EXPECT_EQ(FormatDate(ParseDate("tomorrow", *ny, now)), "2024-02-01");
  EXPECT_EQ(FormatDate(ParseDate("yesterday", *ny, now)), "2024-01-30");
  EXPECT_EQ(FormatTimestamp(ParseTimestamp("now", *ny, now)), "2024-01-31 18:30:00");
  EXPECT_EQ(FormatTimestampTz(ParseTimestampTz("now", *sydney, now), *ny), "2024-01-31 18:30:00-05");
  EXPECT_EQ(FormatTimestamp(ParseTimestamp("today", *ny, now)), "2024-01-31 00:00:00");
  // Without a clock the words are refused, but malformed text still gets its own error.
  try {
    ParseDate("today");
    FAIL() << "no error";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kFeatureNotSupported);
  }
  EXPECT_EQ(DateOut("now9727 "), "22007: invalid input syntax for type date: \"now9727 \"");
}

TEST(DateTimeTest, ParsesIntervals) {
  const std::vector<Case> cases = {
      {"1 day", "1 day"},
      {"2 hours 30 minutes", "02:30:00"},
      {"1 year 2 mons 3 days 04:05:06.5", "1 year 2 mons 3 days 04:05:06.5"},
      {"-1 day +02:00", "-1 days +02:00:00"},
      {"3 months", "3 mons"},
      {"90 days", "90 days"},
      {"1 week", "7 days"},
      {"P1Y2M3DT4H5M6S", "1 year 2 mons 3 days 04:05:06"},
      {"P0002-06-07T01:30:00", "2 years 6 mons 7 days 01:30:00"},
      {"P00020607T013000", "2 years 6 mons 7 days 01:30:00"},
      {"P1.5M", "1 mon 15 days"},
      {"PT0.0000015S", "00:00:00.000001"},
      {"@ 1 hour ago", "-01:00:00"},
      {"@ 1 day -2 hours ago", "-1 days +02:00:00"},
      {"10:00", "10:00:00"},
      {"1:2.5", "00:01:02.5"},
      {"1.5", "00:00:01.5"},
      {"1.5 days", "1 day 12:00:00"},
      {"1.5 months", "1 mon 15 days"},
      {"0.5 years", "6 mons"},
      {"1.3 years", "1 year 4 mons"},
      {"1.5 weeks", "10 days 12:00:00"},
      {"-1.5 days", "-1 days -12:00:00"},
      {"1 y", "1 year"},
      {"3 yrs", "3 years"},
      {"2 mons", "2 mons"},
      {"1 d", "1 day"},
      {"1 hr", "01:00:00"},
      {"5 m", "00:05:00"},
      {"1 sec", "00:00:01"},
      {"1 ms", "00:00:00.001"},
      {"1 us", "00:00:00.000001"},
      {"1 millennium", "1000 years"},
      {"1-2", "1 year 2 mons"},
      {"-1-2", "-1 years -2 mons"},
      {"1 +2:03", "1 day 02:03:00"},
      {"1 day hour", "1 day"},
      {"1:00 1.5 days", "1 day 01:00:00"},  // PostgreSQL's time field overwrites, too
      {"0", "00:00:00"},
      {"-00:00:01", "-00:00:01"},
      {"1 year -2 mons", "10 mons"},
      {"-1 year -2 mons +3 days", "-1 years -2 mons +3 days"},
      {"1 year -1 day +1 hour", "1 year -1 days +01:00:00"},
      {"1 day -00:00:00.5", "1 day -00:00:00.5"},
      {"13 mons", "1 year 1 mon"},
      {"9223372036854775807 us", "2562047788:00:54.775807"},
      {"-9223372036854775808 us", "-2562047788:00:54.775808"},
      {"2147483647 months", "178956970 years 7 mons"},
  };
  for (const Case& c : cases) EXPECT_EQ(IntervalOut(c.input), c.expected) << c.input;
}

TEST(DateTimeTest, RejectsBadIntervals) {
  const std::vector<Case> cases = {
      {"1 2", "22007: invalid input syntax for type interval: \"1 2\""},
      {"infinity", "22007: invalid input syntax for type interval: \"infinity\""},
      {"1 day 1 day", "22007: invalid input syntax for type interval: \"1 day 1 day\""},
      {"1 qtr", "22007: invalid input syntax for type interval: \"1 qtr\""},
      {"p1d", "22007: invalid input syntax for type interval: \"p1d\""},
      {"", "22007: invalid input syntax for type interval: \"\""},
      {"178956971 years", "22008: interval out of range"},
  };
  for (const Case& c : cases) EXPECT_EQ(IntervalOut(c.input), c.expected) << c.input;
  // SQLSTATE 22015 in PostgreSQL; 22008 until the error table has interval_field_overflow.
  std::string overflow = IntervalOut("2147483648 days");
  EXPECT_EQ(overflow.substr(7), "interval field value out of range: \"2147483648 days\"");
  EXPECT_TRUE(overflow.rfind("22015", 0) == 0 || overflow.rfind("22008", 0) == 0) << overflow;
}

TEST(DateTimeTest, FormatsIntervals) {
  auto iv = [](int32_t months, int32_t days, int64_t micros) {
    return FormatInterval(Interval{months, days, micros});
  };
  EXPECT_EQ(iv(0, 0, 0), "00:00:00");
  EXPECT_EQ(iv(12, 0, 0), "1 year");
  EXPECT_EQ(iv(-12, 0, 0), "-1 years");
  EXPECT_EQ(iv(1, -1, 0), "1 mon -1 days");
  EXPECT_EQ(iv(0, -1, -2 * Interval::kMicrosPerHour), "-1 days -02:00:00");
  EXPECT_EQ(iv(0, -1, 2 * Interval::kMicrosPerHour), "-1 days +02:00:00");
  EXPECT_EQ(iv(-12, 1, 0), "-1 years +1 day");
  EXPECT_EQ(iv(0, 0, -500000), "-00:00:00.5");
  EXPECT_EQ(iv(0, 0, 25 * Interval::kMicrosPerHour), "25:00:00");
  EXPECT_EQ(iv(0, 1, 24 * Interval::kMicrosPerHour), "1 day 24:00:00");
}

TEST(DateTimeTest, FormatsIntoBuffers) {
  char buf[kMaxFormattedLength];
  EXPECT_EQ(std::string(buf, FormatDate(DaysFromCivil(-43, 3, 15), buf)), "0044-03-15 BC");
  EXPECT_EQ(std::string(buf, FormatDate(kDateInfinity, buf)), "infinity");
  EXPECT_EQ(std::string(buf, FormatTimestamp(kTimestampNegInfinity, buf)), "-infinity");
  EXPECT_EQ(std::string(buf, FormatTimestamp(-1, buf)), "1999-12-31 23:59:59.999999");
  EXPECT_EQ(std::string(buf, FormatTimestampTz(0, TimeZone::Utc(), buf)), "2000-01-01 00:00:00+00");
}

TEST(DateTimeTest, AddsIntervalsToTimestamps) {
  auto add = [](std::string_view ts, std::string_view iv) {
    return Outcome([&] { return FormatTimestamp(AddInterval(ParseTimestamp(ts), ParseInterval(iv))); });
  };
  EXPECT_EQ(add("2024-01-31 10:00", "1 month"), "2024-02-29 10:00:00");
  EXPECT_EQ(add("2024-03-31", "-1 month"), "2024-02-29 00:00:00");
  EXPECT_EQ(add("2023-01-31", "1 mon 1 day"), "2023-03-01 00:00:00");
  EXPECT_EQ(add("2024-02-29", "1 year"), "2025-02-28 00:00:00");
  EXPECT_EQ(add("2024-01-31", "-13 months"), "2022-12-31 00:00:00");
  EXPECT_EQ(add("2024-01-31", "-24 months"), "2022-01-31 00:00:00");
  EXPECT_EQ(add("2024-01-31 23:00", "1 day 2 hours"), "2024-02-02 01:00:00");
  EXPECT_EQ(add("0001-01-31", "-1 month"), "0001-12-31 00:00:00 BC");
  EXPECT_EQ(add("infinity", "1 day"), "infinity");
  EXPECT_EQ(add("294276-12-31", "1 day"), "22008: timestamp out of range");
  EXPECT_EQ(add("2024-01-01", "-2147483648 days"), "22008: timestamp out of range");
}

TEST(DateTimeTest, AddsIntervalsToTimestampTz) {
  auto ny = Zone("America/New_York");
  auto add = [&](std::string_view ts, std::string_view iv) {
    return Outcome([&] {
      return FormatTimestampTz(AddIntervalTz(ParseTimestampTz(ts, *ny), ParseInterval(iv), *ny), *ny);
    });
  };
  // A day keeps the wall-clock time across the DST change; 24 hours do not.
  EXPECT_EQ(add("2024-03-09 12:00", "1 day"), "2024-03-10 12:00:00-04");
  EXPECT_EQ(add("2024-03-09 12:00", "24 hours"), "2024-03-10 13:00:00-04");
  EXPECT_EQ(add("2024-02-10 02:30", "1 month"), "2024-03-10 03:30:00-04");
  EXPECT_EQ(add("2024-11-02 01:30", "1 day"), "2024-11-03 01:30:00-05");
  EXPECT_EQ(add("2024-10-31 01:30-04", "3 days 1 hour"), "2024-11-03 02:30:00-05");
  EXPECT_EQ(add("2024-01-31 12:00", "1 mon"), "2024-02-29 12:00:00-05");
}

TEST(DateTimeTest, AddsMonthsToDates) {
  EXPECT_EQ(FormatDate(AddMonthsToDate(ParseDate("2024-01-31"), 1)), "2024-02-29");
  EXPECT_EQ(FormatDate(AddMonthsToDate(ParseDate("2024-03-31"), -1)), "2024-02-29");
  EXPECT_EQ(FormatDate(AddMonthsToDate(ParseDate("2024-01-31"), -13)), "2022-12-31");
  EXPECT_EQ(FormatDate(AddMonthsToDate(kDateInfinity, 5)), "infinity");
  EXPECT_EQ(Outcome([] { return FormatDate(AddMonthsToDate(ParseDate("5874897-12-01"), 1)); }),
            "22008: date out of range");
}

}  // namespace
}  // namespace date_time
}  // namespace stockroom
