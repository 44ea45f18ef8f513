#pragma once

#include <memory>
#include <vector>

#include "common/types/var_numeric.hpp"
#include "function/function.hpp"

namespace stockroom {

// Transcendental functions on unconstrained numeric with PostgreSQL's result scales
// (numeric_ln, numeric_exp, numeric_log, numeric_power). Values are computed in binary128
// (about 33 significant digits) and rounded half away from zero at PostgreSQL's scale, so
// results agree with PostgreSQL except possibly in the last digits of results with more
// than ~32 significant digits. Results that would need more than 38 digits keep fewer
// fractional digits (as numeric::Multiply does); more than 38 integer digits is 22003.
VarNumeric NumericLn(const VarNumeric& x);
VarNumeric NumericExp(const VarNumeric& x);
// Logarithm of `x` to base `base` (log(b, x)); log(x) is NumericLog(10, x).
VarNumeric NumericLog(const VarNumeric& base, const VarNumeric& x);
VarNumeric NumericPower(const VarNumeric& base, const VarNumeric& exponent);

// Kernel for numeric ^ numeric and power(numeric, numeric).
void NumericPowerKernel(DataChunk& args, ExpressionState& state, Vector& result);

// Bind hook that keeps a numeric(p,s) argument's type and layout: unary minus and plus, @,
// abs().
std::unique_ptr<FunctionData> BindNumericSameType(ClientContext& context, ScalarFunction& function,
                                                  std::vector<std::unique_ptr<BoundExpression>>& arguments);

// PostgreSQL's dpow (float8 ^ float8), with its SQL-standard errors.
double PowerDouble(double x, double y);

}  // namespace stockroom
