#include "execution/operator/modify/physical_modify.hpp"

#include <mutex>

#include "catalog/catalog_entry.hpp"
#include "common/types/column_data_collection.hpp"
#include "execution/operator/insert/physical_insert.hpp"
#include "main/client_context.hpp"
#include "transaction/transaction.hpp"

namespace stockroom {

namespace {

struct ModifyGlobal : GlobalSinkState {
  std::mutex mutex;
  std::vector<std::unique_ptr<ColumnDataCollection>> parts;
  idx_t changed = 0;
};

struct ModifyLocal : LocalSinkState {
  std::unique_ptr<ColumnDataCollection> rows;
};

}  // namespace

PhysicalModify::PhysicalModify(std::shared_ptr<TableEntry> table, bool is_update,
                               std::unique_ptr<PhysicalOperator> child)
    : PhysicalOperator(is_update ? "UPDATE" : "DELETE", {TypeId::kBigInt}, 1),
      table_(std::move(table)),
      is_update_(is_update) {
  children.push_back(std::move(child));
}

std::unique_ptr<GlobalSinkState> PhysicalModify::GetGlobalSinkState(ClientContext&) const {
  return std::make_unique<ModifyGlobal>();
}

std::unique_ptr<LocalSinkState> PhysicalModify::GetLocalSinkState(ExecutionContext&) const {
  auto state = std::make_unique<ModifyLocal>();
  state->rows = std::make_unique<ColumnDataCollection>(children[0]->types);
  return state;
}

void PhysicalModify::Sink(ExecutionContext&, DataChunk& chunk, GlobalSinkState&, LocalSinkState& lstate) const {
  static_cast<ModifyLocal&>(lstate).rows->Append(chunk);
}

void PhysicalModify::Combine(ExecutionContext&, GlobalSinkState& gstate, LocalSinkState& lstate) const {
  auto& global = static_cast<ModifyGlobal&>(gstate);
  std::lock_guard<std::mutex> lock(global.mutex);
  global.parts.push_back(std::move(static_cast<ModifyLocal&>(lstate).rows));
}

void PhysicalModify::Finalize(ExecutionContext& context, GlobalSinkState& gstate) const {
  auto& global = static_cast<ModifyGlobal&>(gstate);
  auto& changes = context.client.transaction().Changes(table_);
  idx_t row_id_column = children[0]->types.size() - 1;
  std::vector<LogicalType> table_types = table_->Types();
  SelectionVector sel(kVectorSize);
  DataTable::Builder new_rows(table_types, context.client.transaction().GroupWriter(table_));
  for (auto& part : global.parts) {
    for (idx_t k = 0; k < part->ChunkCount(); k++) {
      DataChunk& chunk = part->GetChunk(k);
      UnifiedVectorFormat ids;
      chunk.column(row_id_column).ToUnified(chunk.size(), ids);
      idx_t n = 0;
      for (idx_t i = 0; i < chunk.size(); i++) {
        if (changes.Delete(ids.Data<int64_t>()[ids.Index(i)])) sel.Set(n++, i);
      }
      global.changed += n;
      if (!is_update_ || n == 0) continue;
      DataChunk values(table_types);
      for (idx_t c = 0; c < table_types.size(); c++) {
        values.column(c).Reference(chunk.column(c));
        if (n < chunk.size()) values.column(c).Slice(sel, n);
      }
      values.SetCardinality(n);
      CheckNotNull(*table_, values);
      new_rows.Append(values);
    }
  }
  changes.AppendGroups(new_rows.Finish());
}

std::unique_ptr<GlobalSourceState> PhysicalModify::GetGlobalSourceState(ClientContext&) const {
  return std::make_unique<ChangedCountSource>();
}

SourceResult PhysicalModify::GetData(ExecutionContext&, DataChunk& chunk, GlobalSourceState& gstate,
                                     LocalSourceState&) const {
  return EmitChangedCount(gstate, chunk, static_cast<ModifyGlobal&>(*sink_state).changed);
}

std::string PhysicalModify::ParamsToString() const { return table_->QualifiedName(); }

}  // namespace stockroom
