#pragma once

// The shape every system table function shares (system_tables.cpp, role_tables.cpp): a
// fixed list of columns, and rows computed whole when the scan starts, then handed out a
// vector at a time.
#include <string>
#include <vector>

#include "common/types/value.hpp"
#include "function/function.hpp"
#include "function/function_registry.hpp"

namespace stockroom {

struct SystemColumn {
  const char* name;
  TypeId type;
};

// The rows of a system table, taken whole when the scan starts.
struct SystemRows : TableFunctionState {
  std::vector<std::vector<Value>> rows;
  size_t next = 0;
};

bool NextSystemRows(ClientContext& context, TableFunctionState& state, DataChunk& output);

template <const std::vector<SystemColumn>& kColumns>
std::vector<std::string> SystemColumnNames(const std::vector<LogicalType>&) {
  std::vector<std::string> out;
  for (auto& c : kColumns) out.push_back(c.name);
  return out;
}

template <const std::vector<SystemColumn>& kColumns>
std::vector<LogicalType> SystemColumnTypes(const std::vector<LogicalType>&) {
  std::vector<LogicalType> out;
  for (auto& c : kColumns) out.push_back(LogicalType(c.type));
  return out;
}

// Registers the table function `name` with the columns `kColumns`, its rows made by `init`
// (a SystemRows). Volatile: the rows are read at each scan.
template <const std::vector<SystemColumn>& kColumns>
void AddSystemTable(FunctionRegistry& registry, const char* name, decltype(TableFunction::init) init) {
  TableFunction function;
  function.name = name;
  function.column_names = SystemColumnNames<kColumns>;
  function.column_types = SystemColumnTypes<kColumns>;
  function.init = init;
  function.next = NextSystemRows;
  function.volatility = Volatility::kVolatile;
  registry.AddTable(function);
}

}  // namespace stockroom
