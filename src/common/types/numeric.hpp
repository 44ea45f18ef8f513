#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/types/int128.hpp"
#include "common/types/var_numeric.hpp"

namespace stockroom {

// Exact decimal arithmetic with PostgreSQL's numeric rules (result scales, rounding half
// away from zero, select_div_scale for division), on int128 unscaled values.
// Fixed-scale numeric(p,s) columns are unscaled integers with the scale in the type;
// unconstrained numeric values are VarNumeric. Errors are SqlErrors with PostgreSQL's
// SQLSTATE and message (22P02 invalid input syntax, 22003 out of range, 22012 division by zero).
namespace numeric {

// Parses a numeric literal or text ("  -12.50 ", "1e3", ".5"); keeps the written scale.
// Throws 22P02 `invalid input syntax for type numeric: "abc"`.
VarNumeric Parse(std::string_view text);
// As Parse, returning false instead of throwing on bad syntax (still throws on overflow).
bool TryParse(std::string_view text, VarNumeric* out);

// Returns the text form: unscaled value with `scale` digits after the point.
std::string Format(int128_t unscaled, int32_t scale);
inline std::string Format(const VarNumeric& v) { return Format(v.value, v.scale); }

// Changes the scale of an unscaled value, rounding half away from zero when it shrinks.
// Throws 22003 if the result does not fit in 38 digits.
int128_t Rescale(int128_t unscaled, int32_t from_scale, int32_t to_scale);
// Coerces to numeric(precision, scale) as PostgreSQL does on assignment/cast; throws 22003
// "numeric field overflow" with PostgreSQL's detail when the integer part is too large.
int128_t ToTypmod(const VarNumeric& v, int32_t precision, int32_t scale);

VarNumeric Add(const VarNumeric& a, const VarNumeric& b);
VarNumeric Subtract(const VarNumeric& a, const VarNumeric& b);
VarNumeric Multiply(const VarNumeric& a, const VarNumeric& b);
// Division with PostgreSQL's select_div_scale result scale, rounded.
VarNumeric Divide(const VarNumeric& a, const VarNumeric& b);
// Returns the result scale PostgreSQL's numeric division picks for a / b.
int32_t DivisionScale(const VarNumeric& a, const VarNumeric& b);
// Division rounded to an explicit scale.
VarNumeric DivideToScale(const VarNumeric& a, const VarNumeric& b, int32_t scale);
VarNumeric Modulo(const VarNumeric& a, const VarNumeric& b);
VarNumeric Negate(const VarNumeric& a);
VarNumeric Abs(const VarNumeric& a);
int Compare(const VarNumeric& a, const VarNumeric& b);
int Sign(const VarNumeric& a);
// Removes trailing fractional zeros (for hashing and equality of equal values).
VarNumeric Normalize(const VarNumeric& a);

VarNumeric Round(const VarNumeric& a, int32_t scale);
VarNumeric Trunc(const VarNumeric& a, int32_t scale);
VarNumeric Ceil(const VarNumeric& a);
VarNumeric Floor(const VarNumeric& a);
// Square root with PostgreSQL's result scale.
VarNumeric Sqrt(const VarNumeric& a);

double ToDouble(const VarNumeric& a);
double ToDouble(int128_t unscaled, int32_t scale);
// Converts as PostgreSQL's float8 -> numeric cast does (15 significant digits);
// throws 22003 for NaN/Infinity which numeric(p,s) cannot hold.
VarNumeric FromDouble(double d);
// Converts as float4 -> numeric does (6 significant digits).
VarNumeric FromFloat(float f);
// Rounds to an integer (half away from zero); throws 22003 if outside [min, max].
int64_t ToInt64(const VarNumeric& a, int64_t min, int64_t max, const char* type_name);

}  // namespace numeric

// PostgreSQL's float output (shortest representation that round-trips, exponent form
// outside 1e-4 .. 1e15 for double / 1e6 for real, "NaN", "Infinity", "-Infinity").
std::string FormatDouble(double d);
std::string FormatFloat(float f);
// Parses float input as PostgreSQL does (accepts "NaN", "Infinity", "inf", surrounding
// spaces); throws 22P02 for bad syntax and 22003 when out of range.
double ParseDouble(std::string_view text);
float ParseFloat(std::string_view text);

}  // namespace stockroom
