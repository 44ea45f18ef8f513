#pragma once

namespace stockroom {

class FunctionRegistry;

// pg_get_keywords() (keyword_functions.cpp); RegisterTableFunctions calls it.
void RegisterKeywordFunctions(FunctionRegistry& registry);

}  // namespace stockroom
