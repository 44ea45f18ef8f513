#pragma once

#include <string>
#include <string_view>

#include "common/types/vector.hpp"

namespace stockroom {

class TimeZone;

// Writing PostgreSQL's array text form ('{1,2,3}', '{"a b",NULL}'), in which Stockroom
// stores arrays, for aggregates that build arrays (array_agg, percentile_disc(double[])).
namespace array_text {

// Appends the output text of one value of `type` (PostgreSQL's output function:
// numeric with its scale, floats shortest round-trip, timestamptz in `tz`).
// `value` points at the value in its physical layout.
void AppendValue(std::string& out, const LogicalType& type, const void* value, const TimeZone& tz);

// Appends `text` as one array element: double-quoted, with '"' and '\' escaped, when it is
// empty, spells NULL (any case), or holds a brace, comma, quote, backslash or white space
// (array_out's rule); as is otherwise.
void AppendElement(std::string& out, std::string_view text);

// Appends row `idx` of a unified view as an element (NULL when invalid); `scratch` is reused.
void AppendElement(std::string& out, const LogicalType& type, const UnifiedVectorFormat& format, idx_t idx,
                   const TimeZone& tz, std::string& scratch);

}  // namespace array_text
}  // namespace stockroom
