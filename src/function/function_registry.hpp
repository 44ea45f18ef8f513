#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "function/function.hpp"

namespace stockroom {

// Kinds of window-only functions (aggregates are window functions too, via AggregateFunction).
enum class WindowFunctionKind : uint8_t {
  kRowNumber,
  kRank,
  kDenseRank,
  kPercentRank,
  kCumeDist,
  kNtile,
  kLag,
  kLead,
  kFirstValue,
  kLastValue,
  kNthValue,
};

// All built-in functions by name (lower-case). Built once at first use; read-only and
// thread-safe afterwards. Operators are scalar functions named by their symbol ("+", "||").
class FunctionRegistry {
 public:
  static const FunctionRegistry& Get();

  const std::vector<ScalarFunction>* Scalar(const std::string& name) const;
  const std::vector<AggregateFunction>* Aggregate(const std::string& name) const;
  const std::vector<TableFunction>* Table(const std::string& name) const;
  // Returns whether `name` is a window-only function, and which.
  bool Window(const std::string& name, WindowFunctionKind* kind) const;

  void AddScalar(ScalarFunction function);
  void AddAggregate(AggregateFunction function);
  void AddTable(TableFunction function);
  // Makes `alias` resolve to the same overloads as `name` (nvl -> coalesce-like, etc.).
  void AddScalarAlias(const std::string& alias, const std::string& name);
  void AddAggregateAlias(const std::string& alias, const std::string& name);

  // Names of every function, for \df-style listings and error hints.
  std::vector<std::string> ScalarNames() const;
  // Names of every aggregate and table function (pg_proc lists them with the scalars).
  std::vector<std::string> AggregateNames() const;
  std::vector<std::string> TableNames() const;

 private:
  FunctionRegistry();
  std::unordered_map<std::string, std::vector<ScalarFunction>> scalars_;
  std::unordered_map<std::string, std::vector<AggregateFunction>> aggregates_;
  std::unordered_map<std::string, std::vector<TableFunction>> tables_;
};

// Registration entry points, one per function family (function/<family>/*.cpp).
void RegisterOperators(FunctionRegistry& registry);
void RegisterMathFunctions(FunctionRegistry& registry);
void RegisterStringFunctions(FunctionRegistry& registry);
void RegisterPatternFunctions(FunctionRegistry& registry);
void RegisterDateTimeFunctions(FunctionRegistry& registry);
void RegisterJsonFunctions(FunctionRegistry& registry);
void RegisterMiscFunctions(FunctionRegistry& registry);
void RegisterRecordFunctions(FunctionRegistry& registry);
void RegisterAggregateFunctions(FunctionRegistry& registry);
void RegisterTableFunctions(FunctionRegistry& registry);
void RegisterSystemTableFunctions(FunctionRegistry& registry);
void RegisterPgCatalogFunctions(FunctionRegistry& registry);
void RegisterCatalogFunctions(FunctionRegistry& registry);

}  // namespace stockroom
