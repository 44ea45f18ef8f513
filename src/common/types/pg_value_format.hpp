#pragma once

#include <string>
#include <string_view>

#include "common/types/logical_type.hpp"
#include "common/types/value.hpp"

namespace stockroom {

class TimeZone;

// PostgreSQL's wire formats of a value: the text format (a type's input/output function)
// and the binary format (its send/recv function), for every Stockroom type. The wire
// protocol reads Bind parameters with ParsePgText / DecodePgBinary and writes binary
// result columns with EncodePgBinary; text result columns are Value::ToString (the
// output functions, as QueryResult prints them).

// A text-format parameter: the type's input function, i.e. SQL's cast from text, with its
// errors (22P02 invalid input syntax for type integer: "x"; 22021 for bytes that are not
// UTF-8). timestamptz text without an offset is read in `time_zone` (UTC when null).
Value ParsePgText(const LogicalType& type, std::string_view text, const TimeZone* time_zone = nullptr);

// A binary-format parameter (the type's recv function). Malformed input (wrong length,
// invalid numeric digits or sign, bad array header) throws 22P03 "incorrect binary data
// format"; values out of the type's range throw what PostgreSQL throws (22008, 22003).
Value DecodePgBinary(const LogicalType& type, std::string_view data);

// Appends the binary format of non-NULL `value` (the type's send function) to `out`,
// without the length word. timestamptz is sent as UTC microseconds, as PostgreSQL does.
void EncodePgBinary(const Value& value, std::string& out);

}  // namespace stockroom
