#pragma once

#include "binder/expression/bound_expression.hpp"

namespace stockroom {

// Returns the kernel that converts `from` to `to`, or nullptr if PostgreSQL has no such cast
// (the binder then reports 42846 "cannot cast type X to Y"). Every pair of types in the same
// category converts; everything converts to and from text (PostgreSQL's I/O casts).
CastFunctionPtr GetCastFunction(const LogicalType& from, const LogicalType& to);

// Converts one value (for constant folding, SET, COPY defaults). Throws SqlError as the
// kernel would.
Value CastValue(const Value& value, const LogicalType& to, ClientContext* context = nullptr, bool explicit_cast = true);

// Writes the text form of each row of `source` into `result` (a text vector), as
// PostgreSQL's output functions do; timestamptz uses the session time zone.
void CastToText(const Vector& source, Vector& result, idx_t count, const CastParameters& params);

// PostgreSQL's boolin: trimmed, case-insensitive prefixes of true/false/yes/no, on/off (two
// letters at least), 1/0. Throws 22P02 otherwise.
bool ParseBoolean(std::string_view text);

}  // namespace stockroom
