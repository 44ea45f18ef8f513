#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "function/cast/cast_functions.hpp"

namespace stockroom {

class TimeZone;

// The cast kernels by family, shared by the files of src/function/cast/. Each Get*Cast returns
// nullptr for a pair it does not handle; GetCastFunction tries them in turn.
namespace cast {

// Numeric family (smallint..double, numeric in all layouts), boolean <-> integer, and
// jsonb -> boolean/numeric family.
CastFunctionPtr GetNumericCast(const LogicalType& from, const LogicalType& to);
// Anything -> text/varchar/char/unknown, and text-like -> every scalar type, json and jsonb.
CastFunctionPtr GetStringCast(const LogicalType& from, const LogicalType& to);
// date/timestamp/timestamptz among themselves and interval -> interval (field restriction).
CastFunctionPtr GetTemporalCast(const LogicalType& from, const LogicalType& to);
// text-like -> array and array -> array.
CastFunctionPtr GetArrayCast(const LogicalType& from, const LogicalType& to);

// Makes `result` (whose type stays) share the rows of `source`, which has the same physical
// layout: a binary-compatible cast without per-row work.
void ReferenceAs(const Vector& source, Vector& result, idx_t count);

// Returns whether `type` is stored as a StringRef.
inline bool IsStringPhysical(const LogicalType& type) { return type.physical() == PhysicalType::kString; }
// Returns whether `type` is one PostgreSQL puts in the string category (text input/output).
inline bool IsTextLike(const LogicalType& type) { return type.IsString() || type.id() == TypeId::kUnknown; }

// The session zone of `params` (UTC without a context).
const TimeZone& SessionZone(const CastParameters& params);

// Applies PostgreSQL's interval field restriction (INTERVAL '1' DAY): `range` is the
// typmod's range mask; 0 or the full mask leave the value alone.
Interval AdjustIntervalForRange(const Interval& value, int32_t range);
// Parses interval input under a field restriction: a bare trailing number is read in the
// units of the range's lowest field, then lower fields are dropped.
Interval ParseIntervalWithRange(std::string_view text, int32_t range);

// PostgreSQL's array_isspace.
inline bool IsArraySpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace cast
}  // namespace stockroom
