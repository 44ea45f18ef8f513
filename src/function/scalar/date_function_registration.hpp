#pragma once

#include <vector>

#include "function/function_registry.hpp"

namespace stockroom {

// Registration of the date/time function families, one per file; RegisterDateTimeFunctions
// (date_functions.cpp) calls them all.
void RegisterDateTruncExtractFunctions(FunctionRegistry& registry);
void RegisterExtractFunctions(FunctionRegistry& registry);
void RegisterToCharDateFunctions(FunctionRegistry& registry);
void RegisterToCharNumberFunctions(FunctionRegistry& registry);
void RegisterToDateFunctions(FunctionRegistry& registry);
void RegisterRedshiftDateFunctions(FunctionRegistry& registry);

// Returns a scalar overload with default NULL handling (NULL in, NULL out).
inline ScalarFunction MakeDateFunction(const char* name, std::vector<LogicalType> arguments,
                                       LogicalType return_type, ScalarFunctionPtr function,
                                       Volatility volatility = Volatility::kImmutable) {
  ScalarFunction f;
  f.name = name;
  f.arguments = std::move(arguments);
  f.return_type = return_type;
  f.function = function;
  f.volatility = volatility;
  return f;
}

}  // namespace stockroom
