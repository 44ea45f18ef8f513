#include "execution/operator/insert/physical_insert.hpp"

#include <mutex>

#include "catalog/catalog_entry.hpp"
#include "common/error/exception.hpp"
#include "execution/expression/expression_executor.hpp"
#include "main/client_context.hpp"
#include "storage/table/data_table.hpp"
#include "transaction/transaction.hpp"

namespace stockroom {

namespace {
// Each thread builds table row groups from its rows; Finalize hands the groups to the
// transaction as they are, so the rows are copied once (not collected, then copied again).
// In a durable database each thread pages out its groups as they fill up (`writer`), so a
// large INSERT ... SELECT or CREATE TABLE AS does not hold its rows in memory.
struct InsertGlobal : GlobalSinkState {
  RowGroupWriter writer;
  std::mutex mutex;
  std::vector<std::vector<std::shared_ptr<RowGroup>>> parts;
  idx_t rows = 0;
};
struct InsertLocal : LocalSinkState {
  InsertLocal(ClientContext* context, std::vector<LogicalType> types, RowGroupWriter writer)
      : executor(context), rows(std::move(types), std::move(writer)) {}
  ExpressionExecutor executor;
  DataTable::Builder rows;
  DataChunk row;
};
}  // namespace

void CheckNotNull(const TableEntry& table, DataChunk& rows) {
  idx_t n = rows.size();
  for (size_t c = 0; c < table.columns.size(); c++) {
    if (!table.columns[c].not_null) continue;
    UnifiedVectorFormat f;
    rows.column(c).ToUnified(n, f);
    for (idx_t i = 0; i < n; i++) {
      if (f.validity->RowIsValid(f.Index(i))) continue;
      std::string failing;
      for (size_t k = 0; k < table.columns.size(); k++) {
        Value v = rows.GetValue(k, i);
        failing += (k ? ", " : "") + (v.IsNull() ? std::string("null") : v.ToString());
      }
      throw SqlError(ErrorCode::kNotNullViolation, "null value in column \"" + table.columns[c].name +
                                                       "\" of relation \"" + table.name +
                                                       "\" violates not-null constraint")
          .WithDetail("Failing row contains (" + failing + ").");
    }
  }
}

PhysicalInsert::PhysicalInsert(std::shared_ptr<TableEntry> table, std::vector<int64_t> column_map,
                               BoundExpressionList defaults, std::unique_ptr<PhysicalOperator> child)
    : PhysicalOperator("INSERT", {TypeId::kBigInt}, 1),
      table_(std::move(table)),
      column_map_(std::move(column_map)),
      defaults_(std::move(defaults)) {
  children.push_back(std::move(child));
}

std::unique_ptr<GlobalSinkState> PhysicalInsert::GetGlobalSinkState(ClientContext& context) const {
  auto state = std::make_unique<InsertGlobal>();
  state->writer = context.transaction().GroupWriter(table_);
  return state;
}

std::unique_ptr<LocalSinkState> PhysicalInsert::GetLocalSinkState(ExecutionContext& context) const {
  const RowGroupWriter& writer = static_cast<InsertGlobal&>(*sink_state).writer;
  auto state = std::make_unique<InsertLocal>(&context.client, table_->Types(), writer);
  for (auto& d : defaults_) state->executor.AddExpression(*d);
  state->row.Initialize(table_->Types());
  return state;
}

void PhysicalInsert::Sink(ExecutionContext&, DataChunk& chunk, GlobalSinkState&, LocalSinkState& lstate) const {
  auto& local = static_cast<InsertLocal&>(lstate);
  DataChunk& row = local.row;
  row.Reset();
  idx_t n = chunk.size();
  for (size_t c = 0; c < column_map_.size(); c++) {
    if (column_map_[c] >= 0) {
      row.column(c).Reference(chunk.column(column_map_[c]));
    } else {
      local.executor.ExecuteExpression(c, chunk, row.column(c));
    }
  }
  row.SetCardinality(n);
  CheckNotNull(*table_, row);
  local.rows.Append(row);
}

void PhysicalInsert::Combine(ExecutionContext&, GlobalSinkState& gstate, LocalSinkState& lstate) const {
  auto& global = static_cast<InsertGlobal&>(gstate);
  auto& local = static_cast<InsertLocal&>(lstate);
  std::lock_guard<std::mutex> lock(global.mutex);
  global.rows += local.rows.RowCount();
  global.parts.push_back(local.rows.Finish());
}

void PhysicalInsert::Finalize(ExecutionContext& context, GlobalSinkState& gstate) const {
  auto& global = static_cast<InsertGlobal&>(gstate);
  auto& changes = context.client.transaction().Changes(table_);
  for (auto& part : global.parts) changes.AppendGroups(std::move(part));
  global.parts.clear();
}

std::unique_ptr<GlobalSourceState> PhysicalInsert::GetGlobalSourceState(ClientContext&) const {
  return std::make_unique<ChangedCountSource>();
}

SourceResult PhysicalInsert::GetData(ExecutionContext&, DataChunk& chunk, GlobalSourceState& gstate,
                                     LocalSourceState&) const {
  return EmitChangedCount(gstate, chunk, static_cast<InsertGlobal&>(*sink_state).rows);
}

SourceResult EmitChangedCount(GlobalSourceState& state, DataChunk& chunk, uint64_t count) {
  auto& source = static_cast<ChangedCountSource&>(state);
  if (source.done) return SourceResult::kFinished;
  source.done = true;
  chunk.column(0).Reset();
  chunk.column(0).Data<int64_t>()[0] = static_cast<int64_t>(count);
  chunk.SetCardinality(1);
  return SourceResult::kFinished;
}

std::string PhysicalInsert::ParamsToString() const { return table_->QualifiedName(); }

}  // namespace stockroom
