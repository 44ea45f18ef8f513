// date_trunc, following PostgreSQL 15's timestamp_trunc, timestamptz_trunc and interval_trunc.
// The unit argument is nearly always a constant: it is resolved once per call and the per-row
// loop is instantiated for the resolved field, so a report over millions of rows does no
// string work and no allocation per row.
#include <cstdint>

#include "common/error/exception.hpp"
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

constexpr bool IsTruncField(DatePart part) {
  return part == DatePart::kMicrosecond || part == DatePart::kMillisecond || part == DatePart::kSecond ||
         part == DatePart::kMinute || part == DatePart::kHour || part == DatePart::kDay ||
         part == DatePart::kWeek || part == DatePart::kMonth || part == DatePart::kQuarter ||
         part == DatePart::kYear || part == DatePart::kDecade || part == DatePart::kCentury ||
         part == DatePart::kMillennium;
}

// Throws unless date_trunc supports `spec` for timestamps (`type_name`).
void CheckTruncUnit(const UnitSpec& spec, const char* type_name) {
  if (spec.kind != UnitKind::kUnits) date_parts::ThrowUnitNotRecognized(spec, type_name);
  if (!IsTruncField(spec.part)) date_parts::ThrowUnitNotSupported(spec, type_name);
}

// Truncates a finite local time; fields below a day are plain arithmetic.
template <DatePart P>
int64_t TruncLocal(int64_t local) {
  if constexpr (P == DatePart::kMicrosecond) {
    return local;
  } else if constexpr (P == DatePart::kMillisecond) {
    return local - FloorMod(local, 1000);
  } else if constexpr (P == DatePart::kSecond) {
    return local - FloorMod(local, kMicrosPerSecond);
  } else if constexpr (P == DatePart::kMinute) {
    return local - FloorMod(local, kMicrosPerMinute);
  } else if constexpr (P == DatePart::kHour) {
    return local - FloorMod(local, kMicrosPerHour);
  } else if constexpr (P == DatePart::kDay) {
    return local - FloorMod(local, kMicrosPerDay);
  } else {
    int32_t days = static_cast<int32_t>(FloorDiv(local, kMicrosPerDay));
    date_time::Civil c = date_time::CivilFromDays(days);
    int32_t year = c.year;
    int32_t month = c.month;
    int64_t result;
    if constexpr (P == DatePart::kWeek) {
      // The ISO week's Monday; early-January and late-December days may belong to the
      // neighbouring ISO year.
      int32_t week = date_parts::IsoWeek(year, month, c.day);
      if (week >= 52 && month == 1) year--;
      if (week <= 1 && month == 12) year++;
      result = (int64_t{date_parts::IsoWeekToJulian(year, week)} - date_parts::kPostgresEpochJulian) *
               kMicrosPerDay;
    } else {
      // PostgreSQL's cases fall through from the largest field down; the year adjustments
      // are applied in the same order so BC years come out the same.
      if constexpr (P == DatePart::kMillennium) {
        year = year > 0 ? ((year + 999) / 1000) * 1000 - 999 : -((999 - (year - 1)) / 1000) * 1000 + 1;
      }
      if constexpr (P == DatePart::kMillennium || P == DatePart::kCentury) {
        year = year > 0 ? ((year + 99) / 100) * 100 - 99 : -((99 - (year - 1)) / 100) * 100 + 1;
      }
      if constexpr (P == DatePart::kDecade) {
        year = year > 0 ? (year / 10) * 10 : -((8 - (year - 1)) / 10) * 10;
      }
      if constexpr (P == DatePart::kMillennium || P == DatePart::kCentury || P == DatePart::kDecade ||
                    P == DatePart::kYear) {
        month = 1;
      }
      if constexpr (P == DatePart::kQuarter) month = 3 * ((month - 1) / 3) + 1;
      result = int64_t{date_time::DaysFromCivil(year, month, 1)} * kMicrosPerDay;
    }
    if (!date_parts::IsValidTimestamp(result)) date_parts::ThrowTimestampOutOfRange();
    return result;
  }
}

// Truncates a finite UTC instant in `zone`. Fields up to hours keep the instant's own UTC
// offset; day and larger fields look the offset up again for the truncated local time
// (PostgreSQL's "redotz"), so date_trunc('day') across a DST change lands on local midnight.
template <DatePart P>
int64_t TruncInZone(int64_t utc, const TimeZone& zone) {
  int64_t local = zone.UtcToLocal(utc);
  int64_t truncated = TruncLocal<P>(local);
  if constexpr (P <= DatePart::kHour) {
    return utc - (local - truncated);
  } else {
    int64_t result = zone.LocalToUtc(truncated);
    if (!date_parts::IsValidTimestamp(result)) date_parts::ThrowTimestampOutOfRange();
    return result;
  }
}

int64_t TruncLocalAny(DatePart part, int64_t local) {
  int64_t out = 0;
  VisitPart(part, [&](auto p) {
    constexpr DatePart kP = decltype(p)::value;
    if constexpr (IsTruncField(kP)) out = TruncLocal<kP>(local);
  });
  return out;
}

int64_t TruncInZoneAny(DatePart part, int64_t utc, const TimeZone& zone) {
  int64_t out = 0;
  VisitPart(part, [&](auto p) {
    constexpr DatePart kP = decltype(p)::value;
    if constexpr (IsTruncField(kP)) out = TruncInZone<kP>(utc, zone);
  });
  return out;
}

// Truncates every row of `input` (timestamps, or timestamptz instants when `zone` is set).
// PostgreSQL returns infinite values before it looks at the unit, so an unsupported unit only
// fails on a finite row.
void TruncColumn(const UnitSpec& spec, const char* type_name, const TimeZone* zone, const Vector& input,
                 Vector& result, idx_t count) {
  if (spec.kind != UnitKind::kUnits || !IsTruncField(spec.part)) {
    UnaryExecutor::Execute<int64_t, int64_t>(input, result, count, [&](int64_t ts) {
      if (date_parts::IsFinite(ts)) CheckTruncUnit(spec, type_name);
      return ts;
    });
    return;
  }
  VisitPart(spec.part, [&](auto p) {
    constexpr DatePart kP = decltype(p)::value;
    if constexpr (IsTruncField(kP)) {
      // Rows of a report often share a day (sorted or clustered data), and for day and larger
      // fields the answer depends on the (local) day only: remember the last day's answer.
      int64_t last_day = INT64_MIN;
      int64_t last_result = 0;
      if (zone == nullptr) {
        UnaryExecutor::Execute<int64_t, int64_t>(input, result, count, [&](int64_t ts) {
          if (!date_parts::IsFinite(ts)) return ts;
          if constexpr (kP > DatePart::kDay) {
            int64_t day = FloorDiv(ts, kMicrosPerDay);
            if (day != last_day) {
              last_result = TruncLocal<kP>(ts);
              last_day = day;
            }
            return last_result;
          } else {
            return TruncLocal<kP>(ts);
          }
        });
      } else {
        const TimeZone& z = *zone;
        UnaryExecutor::Execute<int64_t, int64_t>(input, result, count, [&](int64_t ts) {
          if (!date_parts::IsFinite(ts)) return ts;
          if constexpr (kP >= DatePart::kDay) {
            int64_t local = z.UtcToLocal(ts);
            int64_t day = FloorDiv(local, kMicrosPerDay);
            if (day != last_day) {
              last_result = TruncInZone<kP>(ts, z);
              last_day = day;
            }
            return last_result;
          } else {
            return TruncInZone<kP>(ts, z);
          }
        });
      }
    }
  });
}

int64_t TruncRow(const UnitSpec& spec, const char* type_name, const TimeZone* zone, int64_t ts) {
  if (!date_parts::IsFinite(ts)) return ts;
  CheckTruncUnit(spec, type_name);
  return zone == nullptr ? TruncLocalAny(spec.part, ts) : TruncInZoneAny(spec.part, ts, *zone);
}

void DateTruncTimestamp(DataChunk& args, ExpressionState&, Vector& result) {
  ExecuteWithUnit<int64_t, int64_t>(
      args, result, date_parts::LookupTruncUnit,
      [&](const UnitSpec& spec, const Vector& input, idx_t count) {
        TruncColumn(spec, date_parts::kTimestampName, nullptr, input, result, count);
      },
      [&](const UnitSpec& spec, int64_t ts, ValidityMask&, idx_t) {
        return TruncRow(spec, date_parts::kTimestampName, nullptr, ts);
      });
}

void DateTruncTimestampTz(DataChunk& args, ExpressionState& state, Vector& result) {
  const TimeZone& zone = date_parts::SessionZone(state);
  ExecuteWithUnit<int64_t, int64_t>(
      args, result, date_parts::LookupTruncUnit,
      [&](const UnitSpec& spec, const Vector& input, idx_t count) {
        TruncColumn(spec, date_parts::kTimestampTzName, &zone, input, result, count);
      },
      [&](const UnitSpec& spec, int64_t ts, ValidityMask&, idx_t) {
        return TruncRow(spec, date_parts::kTimestampTzName, &zone, ts);
      });
}

// Converts a date to the timestamptz of its midnight in `zone` (PostgreSQL's date2timestamptz).
int64_t DateToTimestampTz(int32_t days, const TimeZone& zone) {
  if (days == date_time::kDateInfinity) return date_time::kTimestampInfinity;
  if (days == date_time::kDateNegInfinity) return date_time::kTimestampNegInfinity;
  int64_t local = int64_t{days} * kMicrosPerDay;
  int64_t utc = zone.LocalToUtc(local);
  if (!date_parts::IsValidTimestamp(local) || !date_parts::IsValidTimestamp(utc)) {
    throw SqlError(ErrorCode::kDatetimeFieldOverflow, "date out of range for timestamp");
  }
  return utc;
}

// date_trunc(text, date): PostgreSQL has no such function; it casts the date to timestamptz
// (the preferred datetime type), so the result is a timestamptz at local midnight.
void DateTruncDate(DataChunk& args, ExpressionState& state, Vector& result) {
  const TimeZone& zone = date_parts::SessionZone(state);
  BinaryExecutor::Execute<StringRef, int32_t, int64_t>(
      args.column(0), args.column(1), result, args.size(),
      [&, cache = date_parts::UnitCache(date_parts::LookupTruncUnit)](StringRef unit, int32_t days) mutable {
        return TruncRow(cache.Get(unit), date_parts::kTimestampTzName, &zone, DateToTimestampTz(days, zone));
      });
}

// date_trunc(text, timestamptz, zone): truncation in the named zone instead of the session's.
void DateTruncTimestampTzZone(DataChunk& args, ExpressionState&, Vector& result) {
  Vector& units = args.column(0);
  Vector& input = args.column(1);
  Vector& zones = args.column(2);
  idx_t count = args.size();
  if (units.kind() == VectorKind::kConstant && zones.kind() == VectorKind::kConstant) {
    if (!units.validity().RowIsValid(0) || !zones.validity().RowIsValid(0)) {
      result.SetConstantNull();
      return;
    }
    UnitSpec spec = date_parts::LookupTruncUnit(units.Data<StringRef>()[0].view());
    // PostgreSQL looks the zone up only for finite values.
    bool any_finite = false;
    UnifiedVectorFormat f;
    input.ToUnified(count, f);
    for (idx_t i = 0; i < (input.kind() == VectorKind::kConstant ? 1 : count) && !any_finite; i++) {
      idx_t idx = f.Index(i);
      any_finite = f.validity->RowIsValid(idx) && date_parts::IsFinite(f.Data<int64_t>()[idx]);
    }
    if (!any_finite) {
      TruncColumn(spec, date_parts::kTimestampTzName, nullptr, input, result, count);
      return;
    }
    date_parts::NamedZone zone = date_parts::ResolveNamedZone(zones.Data<StringRef>()[0].view());
    TruncColumn(spec, date_parts::kTimestampTzName, zone.zone.get(), input, result, count);
    return;
  }
  date_parts::UnitCache unit_cache(date_parts::LookupTruncUnit);
  date_parts::NamedZoneCache zone_cache;
  TernaryExecutor::Execute<StringRef, int64_t, StringRef, int64_t>(
      units, input, zones, result, count, [&](StringRef unit, int64_t ts, StringRef zone_name) {
        if (!date_parts::IsFinite(ts)) return ts;
        return TruncRow(unit_cache.Get(unit), date_parts::kTimestampTzName,
                        zone_cache.Get(zone_name).zone.get(), ts);
      });
}

Interval TruncInterval(const UnitSpec& spec, const Interval& iv) {
  if (spec.kind != UnitKind::kUnits) date_parts::ThrowUnitNotRecognized(spec, date_parts::kIntervalName);
  date_parts::IntervalFields f = date_parts::SplitInterval(iv);
  switch (spec.part) {
    case DatePart::kMillennium:
      f.year = (f.year / 1000) * 1000;
      [[fallthrough]];
    case DatePart::kCentury:
      f.year = (f.year / 100) * 100;
      [[fallthrough]];
    case DatePart::kDecade:
      f.year = (f.year / 10) * 10;
      [[fallthrough]];
    case DatePart::kYear:
      f.month = 0;
      [[fallthrough]];
    case DatePart::kQuarter:
      f.month = 3 * (f.month / 3);
      [[fallthrough]];
    case DatePart::kMonth:
      f.day = 0;
      [[fallthrough]];
    case DatePart::kDay:
      f.hour = 0;
      [[fallthrough]];
    case DatePart::kHour:
      f.minute = 0;
      [[fallthrough]];
    case DatePart::kMinute:
      f.second = 0;
      [[fallthrough]];
    case DatePart::kSecond:
      f.micros = 0;
      break;
    case DatePart::kMillisecond:
      f.micros = (f.micros / 1000) * 1000;
      break;
    case DatePart::kMicrosecond:
      break;
    default: {
      SqlError error(ErrorCode::kFeatureNotSupported,
                     "unit \"" + spec.name + "\" not supported for type " + date_parts::kIntervalName);
      if (spec.part == DatePart::kWeek) error.WithDetail("Months usually have fractional weeks.");
      throw error;
    }
  }
  return date_parts::JoinInterval(f);
}

void DateTruncInterval(DataChunk& args, ExpressionState&, Vector& result) {
  ExecuteWithUnit<Interval, Interval>(
      args, result, date_parts::LookupTruncUnit,
      [&](const UnitSpec& spec, const Vector& input, idx_t count) {
        UnaryExecutor::Execute<Interval, Interval>(input, result, count,
                                                   [&](Interval iv) { return TruncInterval(spec, iv); });
      },
      [&](const UnitSpec& spec, Interval iv, ValidityMask&, idx_t) { return TruncInterval(spec, iv); });
}

}  // namespace

void RegisterDateTruncExtractFunctions(FunctionRegistry& registry) {
  const LogicalType text(TypeId::kText);
  const LogicalType date(TypeId::kDate);
  const LogicalType ts(TypeId::kTimestamp);
  const LogicalType tstz(TypeId::kTimestampTz);
  const LogicalType interval(TypeId::kInterval);

  registry.AddScalar(MakeDateFunction("date_trunc", {text, ts}, ts, DateTruncTimestamp));
  registry.AddScalar(
      MakeDateFunction("date_trunc", {text, tstz}, tstz, DateTruncTimestampTz, Volatility::kStable));
  registry.AddScalar(MakeDateFunction("date_trunc", {text, date}, tstz, DateTruncDate, Volatility::kStable));
  registry.AddScalar(MakeDateFunction("date_trunc", {text, interval}, interval, DateTruncInterval));
  registry.AddScalar(MakeDateFunction("date_trunc", {text, tstz, text}, tstz, DateTruncTimestampTzZone,
                                      Volatility::kStable));
}

}  // namespace stockroom
