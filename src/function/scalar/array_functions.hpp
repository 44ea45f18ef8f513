#pragma once

#include "function/function_registry.hpp"

namespace stockroom {

// Registers the array constructor, subscripts and slices, x op ANY/ALL (array), and the
// array functions and operators (array_length, array_position, array_append, ||, ...).
// Called from RegisterJsonFunctions.
void RegisterArrayFunctions(FunctionRegistry& registry);

}  // namespace stockroom
