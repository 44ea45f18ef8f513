#pragma once

#include <cstdint>

#include "common/types/int128.hpp"

namespace stockroom {

// PostgreSQL's interval: months, days and microseconds kept apart, because a month has no
// fixed number of days and a day no fixed number of hours (DST).
struct Interval {
  int32_t months = 0;
  int32_t days = 0;
  int64_t micros = 0;

  static constexpr int64_t kMicrosPerSecond = 1000000;
  static constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
  static constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
  static constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;
  static constexpr int32_t kDaysPerMonth = 30;

  // Returns the span PostgreSQL orders and compares intervals by (a month as 30 days,
  // a day as 24 hours), in microseconds.
  int128_t Span() const {
    return static_cast<int128_t>(months) * kDaysPerMonth * kMicrosPerDay +
           static_cast<int128_t>(days) * kMicrosPerDay + micros;
  }
  friend bool operator==(const Interval& a, const Interval& b) { return a.Span() == b.Span(); }
  friend bool operator!=(const Interval& a, const Interval& b) { return a.Span() != b.Span(); }
  friend bool operator<(const Interval& a, const Interval& b) { return a.Span() < b.Span(); }
  friend bool operator>(const Interval& a, const Interval& b) { return a.Span() > b.Span(); }
  friend bool operator<=(const Interval& a, const Interval& b) { return a.Span() <= b.Span(); }
  friend bool operator>=(const Interval& a, const Interval& b) { return a.Span() >= b.Span(); }
};

}  // namespace stockroom
