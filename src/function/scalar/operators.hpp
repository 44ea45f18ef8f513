#pragma once

#include <string>
#include <vector>

#include "function/function_registry.hpp"

namespace stockroom {

// The operator and math families are spread over several files; RegisterOperators and
// RegisterMathFunctions call these parts.
void RegisterIntegerAndFloatOperators(FunctionRegistry& registry);
void RegisterNumericOperators(FunctionRegistry& registry);
void RegisterTemporalOperators(FunctionRegistry& registry);
void RegisterTextOperators(FunctionRegistry& registry);
void RegisterNumericMathFunctions(FunctionRegistry& registry);
void RegisterGreatestLeast(FunctionRegistry& registry);

// Returns a scalar overload with default NULL handling, immutable.
inline ScalarFunction MakeScalar(std::string name, std::vector<LogicalType> arguments,
                                 LogicalType return_type, ScalarFunctionPtr function,
                                 ScalarBindPtr bind = nullptr) {
  ScalarFunction f;
  f.name = std::move(name);
  f.arguments = std::move(arguments);
  f.return_type = return_type;
  f.function = function;
  f.bind = bind;
  return f;
}

}  // namespace stockroom
