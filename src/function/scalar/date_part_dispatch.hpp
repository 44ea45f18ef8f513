#pragma once

#include <cstdint>
#include <string_view>
#include <type_traits>

#include "function/scalar/date_parts.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {

// The per-field dispatch shared by date_trunc, extract/date_part and the Redshift datepart
// functions: a unit argument is resolved once per call when constant, and the row loop is then
// compiled once per field, so millions of rows cost no string work and no per-row switch.
namespace date_parts {

inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

template <DatePart P>
using PartConstant = std::integral_constant<DatePart, P>;

// Calls fn(PartConstant<part>{}) so the caller's loop is compiled once per field.
template <class Fn>
void VisitPart(DatePart part, Fn&& fn) {
  switch (part) {
    case DatePart::kMicrosecond:
      return fn(PartConstant<DatePart::kMicrosecond>{});
    case DatePart::kMillisecond:
      return fn(PartConstant<DatePart::kMillisecond>{});
    case DatePart::kSecond:
      return fn(PartConstant<DatePart::kSecond>{});
    case DatePart::kMinute:
      return fn(PartConstant<DatePart::kMinute>{});
    case DatePart::kHour:
      return fn(PartConstant<DatePart::kHour>{});
    case DatePart::kDay:
      return fn(PartConstant<DatePart::kDay>{});
    case DatePart::kWeek:
      return fn(PartConstant<DatePart::kWeek>{});
    case DatePart::kMonth:
      return fn(PartConstant<DatePart::kMonth>{});
    case DatePart::kQuarter:
      return fn(PartConstant<DatePart::kQuarter>{});
    case DatePart::kYear:
      return fn(PartConstant<DatePart::kYear>{});
    case DatePart::kDecade:
      return fn(PartConstant<DatePart::kDecade>{});
    case DatePart::kCentury:
      return fn(PartConstant<DatePart::kCentury>{});
    case DatePart::kMillennium:
      return fn(PartConstant<DatePart::kMillennium>{});
    case DatePart::kDow:
      return fn(PartConstant<DatePart::kDow>{});
    case DatePart::kIsoDow:
      return fn(PartConstant<DatePart::kIsoDow>{});
    case DatePart::kDoy:
      return fn(PartConstant<DatePart::kDoy>{});
    case DatePart::kIsoYear:
      return fn(PartConstant<DatePart::kIsoYear>{});
    case DatePart::kJulian:
      return fn(PartConstant<DatePart::kJulian>{});
    case DatePart::kTimezone:
      return fn(PartConstant<DatePart::kTimezone>{});
    case DatePart::kTimezoneHour:
      return fn(PartConstant<DatePart::kTimezoneHour>{});
    case DatePart::kTimezoneMinute:
      return fn(PartConstant<DatePart::kTimezoneMinute>{});
    case DatePart::kEpoch:
      return fn(PartConstant<DatePart::kEpoch>{});
    case DatePart::kOtherReserved:
      return fn(PartConstant<DatePart::kOtherReserved>{});
  }
}

// Runs `kernel(spec)` for a constant unit argument (once), or row by row with a cache of the
// last unit name when the unit is a column. `kernel` gets the spec and the data vector and

// must fill `result` for `count` rows; `row_op(spec, value, mask, row)` is the per-row form.
template <class In, class Out, class ConstantKernel, class RowOp>
void ExecuteWithUnit(DataChunk& args, Vector& result, UnitSpec (*lookup)(std::string_view),
                     ConstantKernel&& kernel, RowOp&& row_op) {
  Vector& units = args.column(0);
  Vector& input = args.column(1);
  idx_t count = args.size();
  if (units.kind() == VectorKind::kConstant) {
    if (!units.validity().RowIsValid(0)) {
      result.SetConstantNull();
      return;
    }
    UnitSpec spec = lookup(units.Data<StringRef>()[0].view());
    kernel(spec, input, count);
    return;
  }
  UnitCache cache(lookup);
  BinaryExecutor::ExecuteWithNulls<StringRef, In, Out>(
      units, input, result, count, [&](StringRef unit, In value, ValidityMask& mask, idx_t row) {
        return row_op(cache.Get(unit), value, mask, row);
      });
}

// Whether a field of a timestamp depends on its (local) calendar day only.
constexpr bool IsDayField(DatePart part) {
  return part == DatePart::kDay || part == DatePart::kWeek || part == DatePart::kMonth ||
         part == DatePart::kQuarter || part == DatePart::kYear || part == DatePart::kDecade ||
         part == DatePart::kCentury || part == DatePart::kMillennium || part == DatePart::kDow ||
         part == DatePart::kIsoDow || part == DatePart::kDoy || part == DatePart::kIsoYear;
}

}  // namespace date_parts
}  // namespace stockroom
