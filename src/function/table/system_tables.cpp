// Table functions behind the operators' system views (catalog/system_views.cpp): the load
// history, as Redshift's stl_load_commits and stl_load_errors show it, and the tables' sizes
// and compression (svv_table_info, svv_column_storage).
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "function/function_registry.hpp"
#include "function/table/role_tables.hpp"
#include "function/table/system_table.hpp"
#include "ingest/load_history.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"
#include "storage/storage_manager.hpp"

namespace stockroom {

namespace {


const std::vector<SystemColumn> kLoadErrorColumns = {
    {"query", TypeId::kBigInt},          {"starttime", TypeId::kTimestamp}, {"table_name", TypeId::kText},
    {"filename", TypeId::kText},         {"line_number", TypeId::kBigInt},  {"colname", TypeId::kText},
    {"type", TypeId::kText},             {"raw_line", TypeId::kText},       {"raw_field_value", TypeId::kText},
    {"err_code", TypeId::kText},         {"err_reason", TypeId::kText},
};

const std::vector<SystemColumn> kLoadColumns = {
    {"query", TypeId::kBigInt},         {"table_name", TypeId::kText},     {"filename", TypeId::kText},
    {"lines_scanned", TypeId::kBigInt}, {"rows_loaded", TypeId::kBigInt},  {"rows_rejected", TypeId::kBigInt},
    {"bytes", TypeId::kBigInt},         {"starttime", TypeId::kTimestamp}, {"endtime", TypeId::kTimestamp},
    {"status", TypeId::kText},
};

const std::vector<SystemColumn> kTableInfoColumns = {
    {"schema", TypeId::kText},          {"table", TypeId::kText},           {"table_id", TypeId::kBigInt},
    {"diststyle", TypeId::kText},       {"sortkey1", TypeId::kText},        {"tbl_rows", TypeId::kBigInt},
    {"size", TypeId::kBigInt},          {"size_bytes", TypeId::kBigInt},    {"raw_bytes", TypeId::kBigInt},
    {"compression_ratio", TypeId::kDouble},
};

const std::vector<SystemColumn> kColumnStorageColumns = {
    {"schema", TypeId::kText},     {"table", TypeId::kText},          {"column", TypeId::kText},
    {"type", TypeId::kText},       {"encode", TypeId::kText},         {"rows", TypeId::kBigInt},
    {"raw_bytes", TypeId::kBigInt}, {"stored_bytes", TypeId::kBigInt}, {"compression_ratio", TypeId::kDouble},
};

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

// The user tables of the database (pg_catalog's system views left out).
std::vector<std::shared_ptr<TableEntry>> UserTables(ClientContext& context) {
  std::vector<std::shared_ptr<TableEntry>> tables;
  for (auto& entry : context.db().catalog().AllEntries()) {
    if (HasRows(*entry) && entry->schema != kSystemSchema) {
      tables.push_back(std::static_pointer_cast<TableEntry>(entry));
    }
  }
  return tables;
}

// Bytes of column `c` of the first `rows` rows of `group` uncompressed: fixed-width values at
// their width, strings at their length.
uint64_t RawBytes(const std::shared_ptr<RowGroup>& group, idx_t c, idx_t rows) {
  const LogicalType& type = group->columns[c].type;
  if (type.physical() != PhysicalType::kString) return PhysicalSize(type.physical()) * rows;
  uint64_t bytes = 0;
  Vector values(type);
  for (idx_t start = 0; start < rows; start += kVectorSize) {
    idx_t n = std::min(kVectorSize, rows - start);
    DataTable::ScanColumn(group, c, start, n, values);  // pages the column in if it is out
    const auto* refs = values.Data<StringRef>();
    for (idx_t i = 0; i < n; i++) bytes += refs[i].size();
  }
  return bytes;
}

Value Ratio(uint64_t raw, uint64_t stored) {
  return stored == 0 ? Value::Null(LogicalType(TypeId::kDouble)) : Value::Double(double(raw) / double(stored));
}

// Per column of `table`: rows in segment files, raw and stored bytes (all zero for an
// in-memory database).
struct ColumnUsage {
  idx_t rows = 0;
  std::vector<uint64_t> raw, stored;
  uint64_t file_bytes = 0;
};
ColumnUsage UsageOf(ClientContext& context, TableEntry& table) {
  ColumnUsage usage;
  usage.raw.assign(table.columns.size(), 0);
  usage.stored.assign(table.columns.size(), 0);
  StorageManager* storage = context.db().storage();
  if (!storage) return usage;
  StorageManager::DiskUsage disk = storage->TableDiskUsage(table);
  usage.stored = disk.column_bytes;
  usage.file_bytes = disk.file_bytes;
  for (auto& [group, rows] : disk.groups) {
    usage.rows += rows;
    for (idx_t c = 0; c < table.columns.size(); c++) usage.raw[c] += RawBytes(group, c, rows);
  }
  return usage;
}

std::unique_ptr<TableFunctionState> InitTableInfo(ClientContext& context, const std::vector<Value>&) {
  auto state = std::make_unique<SystemRows>();
  for (auto& table : UserTables(context)) {
    ColumnUsage usage = UsageOf(context, *table);
    uint64_t raw = 0, stored = 0;
    for (idx_t c = 0; c < usage.raw.size(); c++) raw += usage.raw[c], stored += usage.stored[c];
    auto sort_key = table->SortKeyColumns();
    // Redshift's spelling: EVEN, ALL, KEY(column), AUTO.
    auto dist = table->options.find("diststyle");
    auto dist_key = table->options.find("distkey");
    std::string style = dist == table->options.end() ? "auto" : dist->second;
    for (auto& ch : style) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (style == "KEY" && dist_key != table->options.end()) style += "(" + dist_key->second + ")";
    state->rows.push_back({Value::Text(table->schema), Value::Text(table->name), BigInt(table->oid),
                           Value::Text(style),
                           sort_key.empty() ? Value::Null(LogicalType(TypeId::kText))
                                            : Value::Text(table->columns[sort_key[0]].name),
                           BigInt(table->storage->RowCount()), BigInt((usage.file_bytes + (1 << 20) - 1) >> 20),
                           BigInt(usage.file_bytes), BigInt(raw), Ratio(raw, stored)});
  }
  return state;
}

std::unique_ptr<TableFunctionState> InitColumnStorage(ClientContext& context, const std::vector<Value>&) {
  auto state = std::make_unique<SystemRows>();
  for (auto& table : UserTables(context)) {
    ColumnUsage usage = UsageOf(context, *table);
    for (idx_t c = 0; c < table->columns.size(); c++) {
      const ColumnInfo& column = table->columns[c];
      state->rows.push_back({Value::Text(table->schema), Value::Text(table->name), Value::Text(column.name),
                             Value::Text(column.type.ToString()), TextOrNull(column.encode), BigInt(usage.rows),
                             BigInt(usage.raw[c]), BigInt(usage.stored[c]), Ratio(usage.raw[c], usage.stored[c])});
    }
  }
  return state;
}

}  // namespace

bool NextSystemRows(ClientContext&, TableFunctionState& base, DataChunk& output) {
  auto& s = static_cast<SystemRows&>(base);
  idx_t n = 0;
  for (; n < kVectorSize && s.next < s.rows.size(); n++, s.next++) {
    for (size_t c = 0; c < s.rows[s.next].size(); c++) output.column(c).SetValue(n, s.rows[s.next][c]);
  }
  output.SetCardinality(n);
  return n > 0;
}

void RegisterSystemTableFunctions(FunctionRegistry& registry) {
  AddSystemTable<kLoadErrorColumns>(registry, "stockroom_load_errors", InitLoadErrors);
  AddSystemTable<kLoadColumns>(registry, "stockroom_loads", InitLoads);
  AddSystemTable<kTableInfoColumns>(registry, "stockroom_table_info", InitTableInfo);
  AddSystemTable<kColumnStorageColumns>(registry, "stockroom_column_storage", InitColumnStorage);
  RegisterRoleTableFunctions(registry);
}

}  // namespace stockroom
