#pragma once

#include <string>
#include <vector>

#include "test_file.hpp"

namespace stockroom {

using Rows = std::vector<std::vector<std::string>>;

// Splits expected-result lines into rows of encoded values (tab-separated).
Rows ParseExpectedRows(const std::vector<std::string>& lines);
// Joins rows into expected-result lines.
std::vector<std::string> FormatRows(const Rows& rows);

// Sorts rows for a bag comparison: columns typed R compare as numbers when both parse.
void SortRows(Rows& rows, const std::string& type_chars);

// Compares `actual` with `expected`: in order when `ordered`, else as bags (valuesort: as a
// bag of single values). R columns match within a relative tolerance of 1e-9; everything
// else must match exactly as text. Returns "" when they match, else what differs first.
std::string CompareRows(Rows expected, Rows actual, const std::string& type_chars, bool ordered,
                        SortMode sort);

// Returns whether two encoded values are equal under type character `type_char`.
bool ValuesMatch(char type_char, const std::string& expected, const std::string& actual);

// Returns the type character --rewrite writes for a PostgreSQL type name.
char TypeCharFor(const std::string& type_name);
// Returns whether a column of `type_name` may be declared with type character `c`: its
// own character, T (any type, compared as text), or R for any numeric type.
bool TypeCharAccepts(char c, const std::string& type_name);

}  // namespace stockroom
