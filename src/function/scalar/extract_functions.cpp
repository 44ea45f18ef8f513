// extract (numeric) and date_part (double precision), following PostgreSQL 15's extract_date
// and the timestamp/timestamptz/interval *_part_common functions, with their result scales and
// float formulas. As for date_trunc, a constant unit is resolved once per call and the row
// loop is compiled per field; calendar fields reuse the previous row's answer for the same day.
#include <cmath>
#include <limits>
#include <type_traits>

#include "common/error/exception.hpp"
#include "common/types/numeric.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/scalar/date_function_registration.hpp"
#include "function/scalar/date_part_dispatch.hpp"
#include "function/scalar/date_parts.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {
namespace {

using date_parts::DatePart;
using date_parts::ExecuteWithUnit;
using date_parts::FloorDiv;
using date_parts::FloorMod;
using date_parts::PartConstant;
using date_parts::UnitKind;
using date_parts::UnitSpec;
using date_parts::VisitPart;

constexpr int64_t kMicrosPerDay = Interval::kMicrosPerDay;
constexpr int64_t kMicrosPerHour = Interval::kMicrosPerHour;
constexpr int64_t kMicrosPerMinute = Interval::kMicrosPerMinute;
constexpr int64_t kMicrosPerSecond = Interval::kMicrosPerSecond;
// 1970-01-01 00:00:00 as a timestamp.
constexpr int64_t kUnixEpochTimestamp = -int64_t{date_time::kUnixEpochOffsetDays} * kMicrosPerDay;

enum class Source : uint8_t { kDate, kTimestamp, kTimestampTz, kInterval };

const char* SourceName(Source source) {
  switch (source) {
    case Source::kDate:
      return date_parts::kDateName;
    case Source::kTimestamp:
      return date_parts::kTimestampName;
    case Source::kTimestampTz:
      return date_parts::kTimestampTzName;
    case Source::kInterval:
      return date_parts::kIntervalName;
  }
  return "";
}

bool IsCalendarPart(DatePart part) {
  switch (part) {
    case DatePart::kDay:
    case DatePart::kMonth:
    case DatePart::kQuarter:
    case DatePart::kWeek:
    case DatePart::kYear:
    case DatePart::kDecade:
    case DatePart::kCentury:
    case DatePart::kMillennium:
    case DatePart::kJulian:
    case DatePart::kIsoYear:
    case DatePart::kDow:
    case DatePart::kIsoDow:
    case DatePart::kDoy:
      return true;
    default:
      return false;
  }
}

bool IsClockPart(DatePart part) {
  return part == DatePart::kMicrosecond || part == DatePart::kMillisecond || part == DatePart::kSecond ||
         part == DatePart::kMinute || part == DatePart::kHour;
}

bool IsZonePart(DatePart part) {
  return part == DatePart::kTimezone || part == DatePart::kTimezoneHour || part == DatePart::kTimezoneMinute;
}

// Throws the error PostgreSQL gives when extract/date_part cannot take `spec` for `source`.
void CheckExtractUnit(const UnitSpec& spec, Source source) {
  const char* name = SourceName(source);
  if (spec.kind == UnitKind::kUnknown) date_parts::ThrowUnitNotRecognized(spec, name);
  if (spec.kind == UnitKind::kReserved) {
    if (spec.part == DatePart::kEpoch) return;
    if (source == Source::kInterval) date_parts::ThrowUnitNotRecognized(spec, name);
    date_parts::ThrowUnitNotSupported(spec, name);
  }
  bool ok = false;
  switch (source) {
    case Source::kDate:
      ok = IsCalendarPart(spec.part);
      break;
    case Source::kTimestamp:
      ok = IsCalendarPart(spec.part) || IsClockPart(spec.part);
      break;
    case Source::kTimestampTz:
      ok = IsCalendarPart(spec.part) || IsClockPart(spec.part) || IsZonePart(spec.part);
      break;
    case Source::kInterval:
      ok = IsClockPart(spec.part) || spec.part == DatePart::kDay || spec.part == DatePart::kMonth ||
           spec.part == DatePart::kQuarter || spec.part == DatePart::kYear ||
           spec.part == DatePart::kDecade || spec.part == DatePart::kCentury ||
           spec.part == DatePart::kMillennium;
      break;
  }
  if (!ok) date_parts::ThrowUnitNotSupported(spec, name);
}

bool IsUnitValid(const UnitSpec& spec, Source source) {
  try {
    CheckExtractUnit(spec, source);
    return true;
  } catch (const SqlError&) {
    return false;
  }
}

// The result for an infinite timestamp or date: 0 for NULL (fields that cycle), +1/-1 for
// +/-Infinity (fields that grow with time); throws for units the type cannot take.
int InfinitePart(const UnitSpec& spec, Source source) {
  const char* name = SourceName(source);
  if (spec.kind == UnitKind::kUnknown) date_parts::ThrowUnitNotRecognized(spec, name);
  switch (spec.part) {
    case DatePart::kYear:
    case DatePart::kDecade:
    case DatePart::kCentury:
    case DatePart::kMillennium:
    case DatePart::kJulian:
    case DatePart::kIsoYear:
    case DatePart::kEpoch:
      return 1;
    case DatePart::kDay:
    case DatePart::kMonth:
    case DatePart::kQuarter:
    case DatePart::kWeek:
    case DatePart::kDow:
    case DatePart::kIsoDow:
    case DatePart::kDoy:
      return 0;
    case DatePart::kMicrosecond:
    case DatePart::kMillisecond:
    case DatePart::kSecond:
    case DatePart::kMinute:
    case DatePart::kHour:
    case DatePart::kTimezone:
    case DatePart::kTimezoneHour:
    case DatePart::kTimezoneMinute:
      if (source != Source::kDate) return 0;
      break;
    default:
      break;
  }
  date_parts::ThrowUnitNotSupported(spec, name);
}

[[noreturn]] void ThrowInfiniteNumeric() {
  throw SqlError(ErrorCode::kFeatureNotSupported, "numeric NaN and Infinity are not supported");
}

// Integer-valued fields of a date given as days since 2000-01-01.
template <DatePart P>
int64_t CalendarField(int32_t days) {
  if constexpr (P == DatePart::kDow || P == DatePart::kIsoDow) {
    int32_t dow = date_time::DayOfWeek(days);
    return (P == DatePart::kIsoDow && dow == 0) ? 7 : dow;
  } else if constexpr (P == DatePart::kJulian) {
    return int64_t{days} + date_parts::kPostgresEpochJulian;
  } else {
    date_time::Civil c = date_time::CivilFromDays(days);
    int32_t y = c.year;
    if constexpr (P == DatePart::kDay) return c.day;
    if constexpr (P == DatePart::kMonth) return c.month;
    if constexpr (P == DatePart::kQuarter) return (c.month - 1) / 3 + 1;
    if constexpr (P == DatePart::kWeek) return date_parts::IsoWeek(y, c.month, c.day);
    // There is no year 0: 1 BC is year 0 internally and -1 when shown.
    if constexpr (P == DatePart::kYear) return y > 0 ? y : y - 1;
    if constexpr (P == DatePart::kDecade) return y >= 0 ? y / 10 : -((8 - (y - 1)) / 10);
    if constexpr (P == DatePart::kCentury) return y > 0 ? (y + 99) / 100 : -((99 - (y - 1)) / 100);
    if constexpr (P == DatePart::kMillennium) return y > 0 ? (y + 999) / 1000 : -((999 - (y - 1)) / 1000);
    if constexpr (P == DatePart::kIsoYear) {
      int32_t iso = date_parts::IsoYear(y, c.month, c.day);
      return iso <= 0 ? iso - 1 : iso;
    }
    if constexpr (P == DatePart::kDoy) return days - date_time::DaysFromCivil(y, 1, 1) + 1;
    return 0;
  }
}

// One field of a finite local timestamp as PostgreSQL's extract computes it (numeric).
// `raw` is the stored value (the UTC instant for timestamptz) and `gmtoff` the zone offset.
template <DatePart P>
VarNumeric TimestampNumeric(int64_t local, int64_t raw, int32_t gmtoff) {
  if constexpr (P == DatePart::kEpoch) {
    return VarNumeric{static_cast<int128_t>(raw) - kUnixEpochTimestamp, 6};
  } else if constexpr (P == DatePart::kMicrosecond || P == DatePart::kMillisecond || P == DatePart::kSecond) {
    int64_t us = FloorMod(local, kMicrosPerMinute);
    return VarNumeric{us, P == DatePart::kMicrosecond ? 0 : (P == DatePart::kMillisecond ? 3 : 6)};
  } else if constexpr (P == DatePart::kMinute) {
    return VarNumeric{FloorMod(local, kMicrosPerHour) / kMicrosPerMinute, 0};
  } else if constexpr (P == DatePart::kHour) {
    return VarNumeric{FloorMod(local, kMicrosPerDay) / kMicrosPerHour, 0};
  } else if constexpr (P == DatePart::kTimezone) {
    return VarNumeric{gmtoff, 0};
  } else if constexpr (P == DatePart::kTimezoneHour) {
    return VarNumeric{gmtoff / 3600, 0};
  } else if constexpr (P == DatePart::kTimezoneMinute) {
    return VarNumeric{(gmtoff / 60) % 60, 0};
  } else if constexpr (P == DatePart::kJulian) {
    int32_t days = static_cast<int32_t>(FloorDiv(local, kMicrosPerDay));
    VarNumeric fraction =
        numeric::Divide(VarNumeric{FloorMod(local, kMicrosPerDay), 0}, VarNumeric{kMicrosPerDay, 0});
    return numeric::Add(VarNumeric{int64_t{days} + date_parts::kPostgresEpochJulian, 0}, fraction);
  } else if constexpr (P == DatePart::kOtherReserved) {
    return VarNumeric{};
  } else {
    return VarNumeric{CalendarField<P>(static_cast<int32_t>(FloorDiv(local, kMicrosPerDay))), 0};
  }
}

// The same as date_part computes it (double precision, with PostgreSQL's float formulas).
template <DatePart P>
double TimestampDouble(int64_t local, int64_t raw, int32_t gmtoff) {
  if constexpr (P == DatePart::kEpoch) {
    // PostgreSQL subtracts in integers unless that would overflow.
    if (raw < std::numeric_limits<int64_t>::max() + kUnixEpochTimestamp) {
      return static_cast<double>(raw - kUnixEpochTimestamp) / 1000000.0;
    }
    return (static_cast<double>(raw) - kUnixEpochTimestamp) / 1000000.0;
  } else if constexpr (P == DatePart::kMillisecond || P == DatePart::kSecond || P == DatePart::kJulian) {
    int64_t tod = FloorMod(local, kMicrosPerDay);
    int32_t sec = static_cast<int32_t>((tod / kMicrosPerSecond) % 60);
    int32_t fsec = static_cast<int32_t>(tod % kMicrosPerSecond);
    if constexpr (P == DatePart::kMillisecond) return sec * 1000.0 + fsec / 1000.0;
    if constexpr (P == DatePart::kSecond) return sec + fsec / 1000000.0;
    int64_t whole_seconds = tod / kMicrosPerSecond;
    int32_t days = static_cast<int32_t>(FloorDiv(local, kMicrosPerDay));
    return (int64_t{days} + date_parts::kPostgresEpochJulian) +
           (static_cast<double>(whole_seconds) + fsec / 1000000.0) / 86400.0;
  } else {
    VarNumeric v = TimestampNumeric<P>(local, raw, gmtoff);
    return static_cast<double>(static_cast<int64_t>(v.value));
  }
}

template <DatePart P>
VarNumeric DateNumeric(int32_t days) {
  if constexpr (P == DatePart::kEpoch) {
    return VarNumeric{
        (int64_t{days} + date_parts::kPostgresEpochJulian - date_parts::kUnixEpochJulian) * 86400, 0};
  } else if constexpr (date_parts::IsDayField(P) || P == DatePart::kJulian) {
    return VarNumeric{CalendarField<P>(days), 0};
  } else {
    return VarNumeric{};
  }
}

VarNumeric IntervalNumeric(DatePart part, const Interval& iv) {
  date_parts::IntervalFields f = date_parts::SplitInterval(iv);
  int64_t sub_minute = int64_t{f.second} * kMicrosPerSecond + f.micros;
  switch (part) {
    case DatePart::kMicrosecond:
      return VarNumeric{sub_minute, 0};
    case DatePart::kMillisecond:
      return VarNumeric{sub_minute, 3};
    case DatePart::kSecond:
      return VarNumeric{sub_minute, 6};
    case DatePart::kMinute:
      return VarNumeric{f.minute, 0};
    case DatePart::kHour:
      return VarNumeric{f.hour, 0};
    case DatePart::kDay:
      return VarNumeric{f.day, 0};
    case DatePart::kMonth:
      return VarNumeric{f.month, 0};
    case DatePart::kQuarter:
      return VarNumeric{f.month / 3 + 1, 0};
    case DatePart::kYear:
      return VarNumeric{f.year, 0};
    case DatePart::kDecade:
      return VarNumeric{f.year / 10, 0};
    case DatePart::kCentury:
      return VarNumeric{f.year / 100, 0};
    case DatePart::kMillennium:
      return VarNumeric{f.year / 1000, 0};
    case DatePart::kEpoch: {
      // Years count 365.25 days and months 30, as in PostgreSQL.
      int128_t seconds =
          (int128_t{1461} * (iv.months / 12) + int128_t{120} * (iv.months % 12) + int128_t{4} * iv.days) *
          (86400 / 4);
      return VarNumeric{seconds * kMicrosPerSecond + iv.micros, 6};
    }
    default:
      return VarNumeric{};
  }
}

double IntervalDouble(DatePart part, const Interval& iv) {
  date_parts::IntervalFields f = date_parts::SplitInterval(iv);
  switch (part) {
    case DatePart::kMillisecond:
      return f.second * 1000.0 + f.micros / 1000.0;
    case DatePart::kSecond:
      return f.second + f.micros / 1000000.0;
    case DatePart::kEpoch: {
      double result = iv.micros / 1000000.0;
      result += (365.25 * 86400) * (iv.months / 12);
      result += (30.0 * 86400) * (iv.months % 12);
      result += 86400.0 * iv.days;
      return result;
    }
    default:
      return static_cast<double>(static_cast<int64_t>(IntervalNumeric(part, iv).value));
  }
}

// The value of one row for a timestamp/timestamptz source, as numeric or double.
template <class Out, DatePart P>
Out TimestampPart(int64_t local, int64_t raw, int32_t gmtoff) {
  if constexpr (std::is_same_v<Out, VarNumeric>) {
    return TimestampNumeric<P>(local, raw, gmtoff);
  } else {
    return TimestampDouble<P>(local, raw, gmtoff);
  }
}

template <class Out>
Out InfiniteResult(const UnitSpec& spec, Source source, bool negative, ValidityMask& mask, idx_t row) {
  int sign = InfinitePart(spec, source);
  if (sign == 0) {
    mask.SetInvalid(row);
    return Out{};
  }
  if constexpr (std::is_same_v<Out, VarNumeric>) {
    ThrowInfiniteNumeric();
  } else {
    return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
}

// Extracts `spec` from every row of a timestamp (zone == nullptr) or timestamptz column.
template <class Out>
void ExtractTimestampColumn(const UnitSpec& spec, Source source, const TimeZone* zone, const Vector& input,
                            Vector& result, idx_t count) {
  if (!IsUnitValid(spec, source)) {
    UnaryExecutor::ExecuteWithNulls<int64_t, Out>(
        input, result, count, [&](int64_t ts, ValidityMask& mask, idx_t row) -> Out {
          if (date_parts::IsFinite(ts)) CheckExtractUnit(spec, source);
          return InfiniteResult<Out>(spec, source, ts < 0, mask, row);
        });
    return;
  }
  VisitPart(spec.part, [&](auto p) {
    constexpr DatePart kP = decltype(p)::value;
    // Calendar fields depend on the local day only; remember the last day's answer.
    int64_t last_day = INT64_MIN;
    Out last{};
    constexpr bool kByDay = date_parts::IsDayField(kP);
    auto part = [&](int64_t local, int64_t raw, int32_t gmtoff) -> Out {
      if (!kByDay) return TimestampPart<Out, kP>(local, raw, gmtoff);
      int64_t day = FloorDiv(local, kMicrosPerDay);
      if (day != last_day) {
        last = TimestampPart<Out, kP>(local, raw, gmtoff);
        last_day = day;
      }
      return last;
    };
    if (zone == nullptr) {
      UnaryExecutor::ExecuteWithNulls<int64_t, Out>(
          input, result, count, [&](int64_t ts, ValidityMask& mask, idx_t row) -> Out {
            if (!date_parts::IsFinite(ts)) {
              return InfiniteResult<Out>(spec, source, ts < 0, mask, row);
            }
            return part(ts, ts, 0);
          });
    } else {
      const TimeZone& z = *zone;
      UnaryExecutor::ExecuteWithNulls<int64_t, Out>(
          input, result, count, [&](int64_t ts, ValidityMask& mask, idx_t row) -> Out {
            if (!date_parts::IsFinite(ts)) return InfiniteResult<Out>(spec, source, ts < 0, mask, row);
            int32_t gmtoff = z.OffsetAtUtc(ts);
            return part(ts + int64_t{gmtoff} * kMicrosPerSecond, ts, gmtoff);
          });
    }
  });
}

template <class Out>
Out ExtractTimestampRow(const UnitSpec& spec, Source source, const TimeZone* zone, int64_t ts,
                        ValidityMask& mask, idx_t row) {
  if (!date_parts::IsFinite(ts)) return InfiniteResult<Out>(spec, source, ts < 0, mask, row);
  CheckExtractUnit(spec, source);
  int32_t gmtoff = zone == nullptr ? 0 : zone->OffsetAtUtc(ts);
  int64_t local = ts + int64_t{gmtoff} * kMicrosPerSecond;
  Out out{};
  VisitPart(spec.part, [&](auto p) { out = TimestampPart<Out, decltype(p)::value>(local, ts, gmtoff); });
  return out;
}

template <class Out, Source kSource>
void ExtractTimestampKernel(DataChunk& args, ExpressionState& state, Vector& result) {
  const TimeZone* zone = kSource == Source::kTimestampTz ? &date_parts::SessionZone(state) : nullptr;
  ExecuteWithUnit<int64_t, Out>(
      args, result, date_parts::LookupExtractUnit,
      [&](const UnitSpec& spec, const Vector& input, idx_t count) {
        ExtractTimestampColumn<Out>(spec, kSource, zone, input, result, count);
      },
      [&](const UnitSpec& spec, int64_t ts, ValidityMask& mask, idx_t row) {
        return ExtractTimestampRow<Out>(spec, kSource, zone, ts, mask, row);
      });
}

VarNumeric ExtractDateRow(const UnitSpec& spec, int32_t days, ValidityMask& mask, idx_t row) {
  if (!date_parts::IsFiniteDate(days) && spec.kind != UnitKind::kUnknown) {
    return InfiniteResult<VarNumeric>(spec, Source::kDate, days < 0, mask, row);
  }
  CheckExtractUnit(spec, Source::kDate);
  VarNumeric out;
  VisitPart(spec.part, [&](auto p) { out = DateNumeric<decltype(p)::value>(days); });
  return out;
}

void ExtractDate(DataChunk& args, ExpressionState&, Vector& result) {
  ExecuteWithUnit<int32_t, VarNumeric>(
      args, result, date_parts::LookupExtractUnit,
      [&](const UnitSpec& spec, const Vector& input, idx_t count) {
        if (!IsUnitValid(spec, Source::kDate)) {
          UnaryExecutor::ExecuteWithNulls<int32_t, VarNumeric>(
              input, result, count,
              [&](int32_t d, ValidityMask& m, idx_t r) { return ExtractDateRow(spec, d, m, r); });
          return;
        }
        VisitPart(spec.part, [&](auto p) {
          constexpr DatePart kP = decltype(p)::value;
          int32_t last_day = date_time::kDateInfinity;
          VarNumeric last;
          UnaryExecutor::ExecuteWithNulls<int32_t, VarNumeric>(
              input, result, count, [&](int32_t days, ValidityMask& mask, idx_t row) {
                if (!date_parts::IsFiniteDate(days)) {
                  return InfiniteResult<VarNumeric>(spec, Source::kDate, days < 0, mask, row);
                }
                if (days != last_day) {
                  last = DateNumeric<kP>(days);
                  last_day = days;
                }
                return last;
              });
        });
      },
      [&](const UnitSpec& spec, int32_t days, ValidityMask& mask, idx_t row) {
        return ExtractDateRow(spec, days, mask, row);
      });
}

// date_part(text, date) is PostgreSQL's SQL function date_part($1, $2::timestamp).
void DatePartDate(DataChunk& args, ExpressionState& state, Vector& result) {
  Vector timestamps(LogicalType(TypeId::kTimestamp), std::max<idx_t>(args.size(), 1));
  UnaryExecutor::Execute<int32_t, int64_t>(
      args.column(1), timestamps, args.size(), [](int32_t days) -> int64_t {
        if (days == date_time::kDateInfinity) return date_time::kTimestampInfinity;
        if (days == date_time::kDateNegInfinity) return date_time::kTimestampNegInfinity;
        int64_t ts = int64_t{days} * kMicrosPerDay;
        if (!date_parts::IsValidTimestamp(ts))
          throw SqlError(ErrorCode::kDatetimeFieldOverflow, "date out of range for timestamp");
        return ts;
      });
  DataChunk converted;
  converted.columns().push_back(args.column(0));
  converted.columns().push_back(timestamps);
  converted.SetCardinality(args.size());
  ExtractTimestampKernel<double, Source::kTimestamp>(converted, state, result);
}

template <class Out>
Out ExtractIntervalRow(const UnitSpec& spec, const Interval& iv) {
  CheckExtractUnit(spec, Source::kInterval);
  if constexpr (std::is_same_v<Out, VarNumeric>) {
    return IntervalNumeric(spec.part, iv);
  } else {
    return IntervalDouble(spec.part, iv);
  }
}

template <class Out>
void ExtractIntervalKernel(DataChunk& args, ExpressionState&, Vector& result) {
  ExecuteWithUnit<Interval, Out>(
      args, result, date_parts::LookupExtractUnit,
      [&](const UnitSpec& spec, const Vector& input, idx_t count) {
        UnaryExecutor::Execute<Interval, Out>(input, result, count,
                                              [&](Interval iv) { return ExtractIntervalRow<Out>(spec, iv); });
      },
      [&](const UnitSpec& spec, Interval iv, ValidityMask&, idx_t) {
        return ExtractIntervalRow<Out>(spec, iv);
      });
}

}  // namespace

void RegisterExtractFunctions(FunctionRegistry& registry) {
  const LogicalType text(TypeId::kText);
  const LogicalType date(TypeId::kDate);
  const LogicalType ts(TypeId::kTimestamp);
  const LogicalType tstz(TypeId::kTimestampTz);
  const LogicalType interval(TypeId::kInterval);
  const LogicalType numeric(TypeId::kNumeric);
  const LogicalType dbl(TypeId::kDouble);

  registry.AddScalar(MakeDateFunction("extract", {text, date}, numeric, ExtractDate));
  registry.AddScalar(MakeDateFunction("extract", {text, ts}, numeric,
                                      ExtractTimestampKernel<VarNumeric, Source::kTimestamp>));
  registry.AddScalar(MakeDateFunction("extract", {text, tstz}, numeric,
                                      ExtractTimestampKernel<VarNumeric, Source::kTimestampTz>,
                                      Volatility::kStable));
  registry.AddScalar(
      MakeDateFunction("extract", {text, interval}, numeric, ExtractIntervalKernel<VarNumeric>));

  registry.AddScalar(MakeDateFunction("date_part", {text, date}, dbl, DatePartDate));
  registry.AddScalar(
      MakeDateFunction("date_part", {text, ts}, dbl, ExtractTimestampKernel<double, Source::kTimestamp>));
  registry.AddScalar(MakeDateFunction("date_part", {text, tstz}, dbl,
                                      ExtractTimestampKernel<double, Source::kTimestampTz>,
                                      Volatility::kStable));
  registry.AddScalar(MakeDateFunction("date_part", {text, interval}, dbl, ExtractIntervalKernel<double>));
}

}  // namespace stockroom
