// Weak placeholders so the library links while function families are being written; each
// family's real definition (a strong symbol) replaces its placeholder.
#include "function/cast/cast_functions.hpp"
#include "function/function_registry.hpp"

namespace stockroom {

__attribute__((weak)) void RegisterOperators(FunctionRegistry&) {}
__attribute__((weak)) void RegisterMathFunctions(FunctionRegistry&) {}
__attribute__((weak)) void RegisterStringFunctions(FunctionRegistry&) {}
__attribute__((weak)) void RegisterPatternFunctions(FunctionRegistry&) {}
__attribute__((weak)) void RegisterDateTimeFunctions(FunctionRegistry&) {}
__attribute__((weak)) void RegisterJsonFunctions(FunctionRegistry&) {}
__attribute__((weak)) void RegisterMiscFunctions(FunctionRegistry&) {}
__attribute__((weak)) void RegisterAggregateFunctions(FunctionRegistry&) {}
__attribute__((weak)) void RegisterTableFunctions(FunctionRegistry&) {}

}  // namespace stockroom

#include "common/error/exception.hpp"
#include "common/types/json.hpp"

namespace stockroom {

namespace json {
__attribute__((weak)) void Validate(std::string_view) {}
__attribute__((weak)) std::string NormalizeJsonb(std::string_view text) { return std::string(text); }
}  // namespace json

}  // namespace stockroom
