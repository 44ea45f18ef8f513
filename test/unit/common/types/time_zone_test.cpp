#include "common/types/time_zone.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "common/types/date_time.hpp"

// Expected offsets and names are what PostgreSQL 15 reports (SET TimeZone, then
// current_setting('timezone') and timestamptz output) with the same tzdata.

namespace stockroom {
namespace {

constexpr int64_t kHour = Interval::kMicrosPerHour;

// Returns the instant of a UTC wall-clock time.
int64_t Utc(int32_t y, int32_t m, int32_t d, int32_t hour = 0, int32_t minute = 0, int32_t second = 0) {
  return date_time::MakeTimestamp(date_time::DaysFromCivil(y, m, d),
                                  ((int64_t{hour} * 60 + minute) * 60 + second) * Interval::kMicrosPerSecond);
}

// Local wall-clock times are built the same way.
int64_t Local(int32_t y, int32_t m, int32_t d, int32_t hour = 0, int32_t minute = 0, int32_t second = 0) {
  return Utc(y, m, d, hour, minute, second);
}

std::shared_ptr<const TimeZone> Zone(std::string_view name) {
  auto zone = TimeZone::Find(name);
  EXPECT_NE(zone, nullptr) << name;
  return zone;
}

TEST(TimeZoneTest, FindsNamesCaseInsensitively) {
  EXPECT_EQ(Zone("america/new_york")->name(), "America/New_York");
  EXPECT_EQ(Zone("AMERICA/NEW_YORK")->name(), "America/New_York");
  EXPECT_EQ(Zone("utc")->name(), "UTC");
  EXPECT_EQ(Zone("gmt")->name(), "GMT");
  EXPECT_EQ(Zone("Europe/Berlin")->name(), "Europe/Berlin");
  // The same zone object comes back from the cache.
  EXPECT_EQ(TimeZone::Find("America/New_York").get(), TimeZone::Find("america/new_york").get());
}

TEST(TimeZoneTest, RejectsUnknownNames) {
  EXPECT_EQ(TimeZone::Find("foo"), nullptr);
  EXPECT_EQ(TimeZone::Find("Z"), nullptr);  // an abbreviation, not a zone, for SET TimeZone
  EXPECT_EQ(TimeZone::Find("PST"), nullptr);
  EXPECT_EQ(TimeZone::Find("America"), nullptr);
  EXPECT_EQ(TimeZone::Find("America/../UTC"), nullptr);
  EXPECT_EQ(TimeZone::Find("America//New_York"), nullptr);
  EXPECT_EQ(TimeZone::Find("/etc/passwd"), nullptr);
  EXPECT_EQ(TimeZone::Find("zone.tab"), nullptr);
  EXPECT_EQ(TimeZone::Find("America/New_York "), nullptr);
  EXPECT_EQ(TimeZone::Find("168"), nullptr);
  EXPECT_EQ(TimeZone::Find(""), nullptr);
}

TEST(TimeZoneTest, NumbersAreHoursEastLikeSetTimeZone) {
  auto minus5 = Zone("-5");
  EXPECT_EQ(minus5->name(), "<-05>+05");
  EXPECT_EQ(minus5->OffsetAtUtc(Utc(2024, 7, 1)), -5 * 3600);
  auto plus55 = Zone("+5.5");
  EXPECT_EQ(plus55->name(), "<+05:30>-05:30");
  EXPECT_EQ(plus55->OffsetAtUtc(Utc(2024, 1, 1)), 19800);
  EXPECT_EQ(Zone("1e1")->OffsetAtUtc(0), 36000);
  EXPECT_EQ(Zone("167")->OffsetAtUtc(0), 167 * 3600);
}

TEST(TimeZoneTest, PosixSpecsUsePosixSign) {
  auto utc3 = Zone("UTC+3");
  EXPECT_EQ(utc3->name(), "UTC+3");
  std::string abbrev;
  EXPECT_EQ(utc3->OffsetAtUtc(Utc(2024, 1, 31, 12), &abbrev), -3 * 3600);
  EXPECT_EQ(abbrev, "UTC");
  EXPECT_EQ(Zone("utc-3")->OffsetAtUtc(0), 3 * 3600);
  EXPECT_EQ(Zone("+02:00")->OffsetAtUtc(0), -2 * 3600);
  EXPECT_EQ(Zone("UTC+3:30")->OffsetAtUtc(0), -(3 * 3600 + 1800));
  EXPECT_EQ(Zone("<abc>+3")->name(), "<ABC>+3");
  // A rule of its own, southern hemisphere: +11 in January, +10:30 in July.
  auto lhi = Zone("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
  EXPECT_EQ(lhi->OffsetAtUtc(Utc(2024, 1, 31, 12)), 11 * 3600);
  EXPECT_EQ(lhi->OffsetAtUtc(Utc(2024, 7, 31, 12)), 10 * 3600 + 1800);
  // A DST name without rules takes the US rules.
  auto abc = Zone("ABC5DEF");
  EXPECT_EQ(abc->OffsetAtUtc(Utc(2024, 1, 31, 12)), -5 * 3600);
  EXPECT_EQ(abc->OffsetAtUtc(Utc(2024, 7, 31, 12)), -4 * 3600);
}

TEST(TimeZoneTest, NewYorkOffsets) {
  auto ny = Zone("America/New_York");
  std::string abbrev;
  EXPECT_EQ(ny->OffsetAtUtc(Utc(2024, 1, 31, 12), &abbrev), -5 * 3600);
  EXPECT_EQ(abbrev, "EST");
  EXPECT_EQ(ny->OffsetAtUtc(Utc(2024, 7, 31, 12), &abbrev), -4 * 3600);
  EXPECT_EQ(abbrev, "EDT");
  // The change happens at 07:00 UTC on 2024-03-10: that instant is already EDT.
  EXPECT_EQ(ny->OffsetAtUtc(Utc(2024, 3, 10, 7) - 1), -5 * 3600);
  EXPECT_EQ(ny->OffsetAtUtc(Utc(2024, 3, 10, 7)), -4 * 3600);
  // Before standard time (1883-11-18) the zone is on local mean time, -04:56:02.
  EXPECT_EQ(ny->OffsetAtUtc(Utc(1800, 1, 1), &abbrev), -(4 * 3600 + 56 * 60 + 2));
  EXPECT_EQ(abbrev, "LMT");
  EXPECT_EQ(ny->OffsetAtUtc(Utc(1900, 6, 1, 17)), -5 * 3600);
  // Past the table, the footer rule EST5EDT,M3.2.0,M11.1.0 applies.
  EXPECT_EQ(ny->OffsetAtUtc(Utc(2100, 7, 1, 16)), -4 * 3600);
  EXPECT_EQ(ny->OffsetAtUtc(Utc(2100, 1, 1, 17)), -5 * 3600);
  EXPECT_EQ(ny->OffsetAtUtc(Utc(2500, 7, 1, 16)), -4 * 3600);
  EXPECT_EQ(ny->OffsetAtUtc(Utc(9999, 7, 1, 16)), -4 * 3600);
}

TEST(TimeZoneTest, LocalTimesInGapsAndOverlaps) {
  auto ny = Zone("America/New_York");
  // 02:30 on 2024-03-10 does not exist; PostgreSQL reads it with the earlier offset (EST),
  // which shows as 03:30 EDT.
  EXPECT_EQ(ny->OffsetForLocal(Local(2024, 3, 10, 2, 30)), -5 * 3600);
  EXPECT_EQ(ny->LocalToUtc(Local(2024, 3, 10, 2, 30)), Utc(2024, 3, 10, 7, 30));
  EXPECT_EQ(ny->UtcToLocal(Utc(2024, 3, 10, 7, 30)), Local(2024, 3, 10, 3, 30));
  EXPECT_EQ(ny->OffsetForLocal(Local(2024, 3, 10, 1, 59, 59)), -5 * 3600);
  EXPECT_EQ(ny->OffsetForLocal(Local(2024, 3, 10, 3)), -4 * 3600);
  // 01:30 on 2024-11-03 happens twice; PostgreSQL takes the later one (EST).
  EXPECT_EQ(ny->OffsetForLocal(Local(2024, 11, 3, 1, 30)), -5 * 3600);
  EXPECT_EQ(ny->OffsetForLocal(Local(2024, 11, 3, 0, 59, 59)), -4 * 3600);
  EXPECT_EQ(ny->OffsetForLocal(Local(2500, 3, 14, 2, 30)), -5 * 3600);

  auto berlin = Zone("Europe/Berlin");
  EXPECT_EQ(berlin->LocalToUtc(Local(2024, 3, 31, 2, 30)), Utc(2024, 3, 31, 1, 30));
  EXPECT_EQ(berlin->OffsetForLocal(Local(2024, 10, 27, 2, 30)), 3600);
  EXPECT_EQ(berlin->OffsetAtUtc(Utc(1800, 1, 1)), 53 * 60 + 28);

  // Southern hemisphere: DST ends in April and starts in October.
  auto sydney = Zone("Australia/Sydney");
  EXPECT_EQ(sydney->OffsetAtUtc(Utc(2024, 1, 31, 12)), 11 * 3600);
  EXPECT_EQ(sydney->OffsetAtUtc(Utc(2024, 7, 31, 12)), 10 * 3600);
  EXPECT_EQ(sydney->OffsetForLocal(Local(2024, 4, 7, 2, 30)), 10 * 3600);
  EXPECT_EQ(sydney->OffsetForLocal(Local(2024, 10, 6, 2, 30)), 10 * 3600);
  EXPECT_EQ(sydney->UtcToLocal(sydney->LocalToUtc(Local(2024, 10, 6, 2, 30))), Local(2024, 10, 6, 3, 30));
  EXPECT_EQ(sydney->OffsetAtUtc(Utc(2100, 1, 1)), 11 * 3600);

  auto kolkata = Zone("Asia/Kolkata");
  EXPECT_EQ(kolkata->OffsetAtUtc(Utc(2024, 1, 31, 12)), 5 * 3600 + 1800);
  EXPECT_EQ(kolkata->OffsetAtUtc(Utc(1942, 9, 1)), 6 * 3600 + 1800);
  EXPECT_EQ(kolkata->OffsetAtUtc(Utc(1900, 6, 1)), 5 * 3600 + 21 * 60 + 10);
  EXPECT_EQ(kolkata->OffsetAtUtc(Utc(2200, 6, 1)), 5 * 3600 + 1800);
}

TEST(TimeZoneTest, InfinitiesPassThrough) {
  auto ny = Zone("America/New_York");
  EXPECT_EQ(ny->UtcToLocal(date_time::kTimestampInfinity), date_time::kTimestampInfinity);
  EXPECT_EQ(ny->LocalToUtc(date_time::kTimestampNegInfinity), date_time::kTimestampNegInfinity);
}

TEST(TimeZoneTest, FixedOffsets) {
  const TimeZone& utc = TimeZone::Utc();
  EXPECT_EQ(utc.name(), "UTC");
  std::string abbrev;
  EXPECT_EQ(utc.OffsetAtUtc(Utc(2024, 7, 1), &abbrev), 0);
  EXPECT_EQ(abbrev, "UTC");
  TimeZone fixed("+05:30", 19800);
  EXPECT_EQ(fixed.OffsetAtUtc(0, &abbrev), 19800);
  EXPECT_EQ(abbrev, "+05:30");
  EXPECT_EQ(fixed.LocalToUtc(Local(2024, 1, 1, 5, 30)), Utc(2024, 1, 1));
}

TEST(TimeZoneTest, AbbreviationsForAtTimeZone) {
  // AT TIME ZONE looks abbreviations up first: 'Z', 'EST' and 'PST' are fixed offsets there.
  EXPECT_EQ(TimeZone::FindNameOrAbbrev("Z")->OffsetAtUtc(0), 0);
  EXPECT_EQ(TimeZone::FindNameOrAbbrev("est")->OffsetAtUtc(Utc(2024, 7, 1)), -5 * 3600);
  EXPECT_EQ(TimeZone::FindNameOrAbbrev("PST")->OffsetAtUtc(0), -8 * 3600);
  EXPECT_EQ(TimeZone::FindNameOrAbbrev("MSK")->name(), "Europe/Moscow");
  EXPECT_EQ(TimeZone::FindNameOrAbbrev("-5")->OffsetAtUtc(0), 5 * 3600);  // POSIX, unlike SET
  EXPECT_EQ(TimeZone::FindNameOrAbbrev("america/new_york")->name(), "America/New_York");
  EXPECT_EQ(TimeZone::FindNameOrAbbrev("foo"), nullptr);

  TimeZone::Abbreviation a;
  ASSERT_TRUE(TimeZone::LookupAbbreviation("CEST", &a));
  EXPECT_EQ(a.offset, 7200);
  EXPECT_TRUE(a.is_dst);
  EXPECT_EQ(a.zone, nullptr);
  ASSERT_TRUE(TimeZone::LookupAbbreviation("msk", &a));
  ASSERT_NE(a.zone, nullptr);
  EXPECT_FALSE(TimeZone::LookupAbbreviation("xyz", &a));

  // MSK meant +04 in 2013 and +03 from late 2014 on.
  int32_t offset = 0;
  bool is_dst = false;
  ASSERT_TRUE(a.zone->InterpretAbbreviation(Utc(2013, 6, 1), "MSK", &offset, &is_dst));
  EXPECT_EQ(offset, 4 * 3600);
  ASSERT_TRUE(a.zone->InterpretAbbreviation(Utc(2024, 6, 1), "msk", &offset, &is_dst));
  EXPECT_EQ(offset, 3 * 3600);
  EXPECT_FALSE(a.zone->InterpretAbbreviation(Utc(2024, 6, 1), "EST", &offset, &is_dst));
}

TEST(TimeZoneTest, ConcurrentLookupsShareZones) {
  std::vector<std::thread> threads;
  std::vector<const TimeZone*> seen(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&seen, i] {
      for (int k = 0; k < 200; ++k) {
        auto zone = TimeZone::Find(k % 2 == 0 ? "Asia/Tokyo" : "asia/tokyo");
        seen[i] = zone.get();
        EXPECT_EQ(zone->OffsetAtUtc(Utc(2024, 1, 1)), 9 * 3600);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const TimeZone* zone : seen) EXPECT_EQ(zone, seen[0]);
}

TEST(TimeZoneTest, RejectsDamagedTzifFiles) {
  // Point TZDIR at a directory of our own with a good copy and a truncated one.
  std::string source;
  {
    std::ifstream in("/usr/share/zoneinfo/America/New_York", std::ios::binary);
    source.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ASSERT_GT(source.size(), 100u);
  char dir_template[] = "/tmp/sr_tzdir_XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  std::string dir = dir_template;
  std::ofstream(dir + "/SrTestGood", std::ios::binary) << source;
  std::ofstream(dir + "/SrTestTruncated", std::ios::binary) << source.substr(0, source.size() / 2);
  std::ofstream(dir + "/SrTestText", std::ios::binary) << "not a zone file";
  const char* old = std::getenv("TZDIR");
  std::string saved = old != nullptr ? old : "";
  setenv("TZDIR", dir.c_str(), 1);
  auto good = TimeZone::Find("srtestgood");
  auto truncated = TimeZone::Find("SrTestTruncated");
  auto text = TimeZone::Find("SrTestText");
  if (old != nullptr) {
    setenv("TZDIR", saved.c_str(), 1);
  } else {
    unsetenv("TZDIR");
  }
  std::remove((dir + "/SrTestGood").c_str());
  std::remove((dir + "/SrTestTruncated").c_str());
  std::remove((dir + "/SrTestText").c_str());
  std::remove(dir.c_str());
  ASSERT_NE(good, nullptr);
  EXPECT_EQ(good->name(), "SrTestGood");
  EXPECT_EQ(good->OffsetAtUtc(Utc(2024, 7, 1)), -4 * 3600);
  EXPECT_EQ(truncated, nullptr);
  EXPECT_EQ(text, nullptr);
}

}  // namespace
}  // namespace stockroom
