// Table functions behind the operators' system views (catalog/system_views.cpp): the load
// history, as Redshift's stl_load_commits and stl_load_errors show it.
#include <string>
#include <vector>

#include "function/function_registry.hpp"
#include "ingest/load_history.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"

namespace stockroom {

namespace {

// The rows of a system table, taken whole when the scan starts.
struct SystemRows : TableFunctionState {
  std::vector<std::vector<Value>> rows;
  size_t next = 0;
};

bool NextSystemRows(ClientContext&, TableFunctionState& base, DataChunk& output) {
  auto& s = static_cast<SystemRows&>(base);
  idx_t n = 0;
  for (; n < kVectorSize && s.next < s.rows.size(); n++, s.next++) {
    for (size_t c = 0; c < s.rows[s.next].size(); c++) output.column(c).SetValue(n, s.rows[s.next][c]);
  }
  output.SetCardinality(n);
  return n > 0;
}

struct Column {
  const char* name;
  TypeId type;
};

const std::vector<Column> kLoadErrorColumns = {
    {"query", TypeId::kBigInt},          {"starttime", TypeId::kTimestamp}, {"table_name", TypeId::kText},
    {"filename", TypeId::kText},         {"line_number", TypeId::kBigInt},  {"colname", TypeId::kText},
    {"type", TypeId::kText},             {"raw_line", TypeId::kText},       {"raw_field_value", TypeId::kText},
    {"err_code", TypeId::kText},         {"err_reason", TypeId::kText},
};

const std::vector<Column> kLoadColumns = {
    {"query", TypeId::kBigInt},         {"table_name", TypeId::kText},     {"filename", TypeId::kText},
    {"lines_scanned", TypeId::kBigInt}, {"rows_loaded", TypeId::kBigInt},  {"rows_rejected", TypeId::kBigInt},
    {"bytes", TypeId::kBigInt},         {"starttime", TypeId::kTimestamp}, {"endtime", TypeId::kTimestamp},
    {"status", TypeId::kText},
};

template <const std::vector<Column>& kColumns>
std::vector<std::string> ColumnNames(const std::vector<LogicalType>&) {
  std::vector<std::string> out;
  for (auto& c : kColumns) out.push_back(c.name);
  return out;
}

template <const std::vector<Column>& kColumns>
std::vector<LogicalType> ColumnTypes(const std::vector<LogicalType>&) {
  std::vector<LogicalType> out;
  for (auto& c : kColumns) out.push_back(LogicalType(c.type));
  return out;
}

Value BigInt(uint64_t v) { return Value::BigInt(static_cast<int64_t>(v)); }
Value TextOrNull(const std::string& s) { return s.empty() ? Value::Null(LogicalType(TypeId::kText)) : Value::Text(s); }

std::unique_ptr<TableFunctionState> InitLoadErrors(ClientContext& context, const std::vector<Value>&) {
  auto state = std::make_unique<SystemRows>();
  for (auto& e : context.db().load_history().Errors()) {
    const LoadRejection& r = e.rejection;
    state->rows.push_back({BigInt(e.query), Value::Timestamp(e.start), Value::Text(e.table),
                           Value::Text(e.filename), BigInt(r.line), TextOrNull(r.column), TextOrNull(r.type),
                           Value::Text(r.raw_line), TextOrNull(r.raw_value), Value::Text(r.sqlstate),
                           Value::Text(r.reason)});
  }
  return state;
}

std::unique_ptr<TableFunctionState> InitLoads(ClientContext& context, const std::vector<Value>&) {
  auto state = std::make_unique<SystemRows>();
  for (auto& l : context.db().load_history().Loads()) {
    state->rows.push_back({BigInt(l.query), Value::Text(l.table), Value::Text(l.filename), BigInt(l.lines),
                           BigInt(l.rows_loaded), BigInt(l.rows_rejected), BigInt(l.bytes),
                           Value::Timestamp(l.start), Value::Timestamp(l.end), Value::Text(l.status)});
  }
  return state;
}

}  // namespace

void RegisterSystemTableFunctions(FunctionRegistry& registry) {
  TableFunction errors;
  errors.name = "stockroom_load_errors";
  errors.column_names = ColumnNames<kLoadErrorColumns>;
  errors.column_types = ColumnTypes<kLoadErrorColumns>;
  errors.init = InitLoadErrors;
  errors.next = NextSystemRows;
  errors.volatility = Volatility::kVolatile;
  registry.AddTable(errors);

  TableFunction loads = errors;
  loads.name = "stockroom_loads";
  loads.column_names = ColumnNames<kLoadColumns>;
  loads.column_types = ColumnTypes<kLoadColumns>;
  loads.init = InitLoads;
  registry.AddTable(loads);
}

}  // namespace stockroom
