#pragma once

#include "binder/expression/bound_expression.hpp"
#include "execution/physical_operator.hpp"

namespace stockroom {

class TableEntry;

// Throws 23502 naming the first NULL in a NOT NULL column of `rows` (all table columns).
void CheckNotNull(const TableEntry& table, DataChunk& rows);

// The source side of INSERT, UPDATE and DELETE: one row holding how many rows changed.
struct ChangedCountSource : GlobalSourceState {
  bool done = false;
};
// Emits the count into `chunk` once (`state` a ChangedCountSource), then finishes.
SourceResult EmitChangedCount(GlobalSourceState& state, DataChunk& chunk, uint64_t count);

// INSERT: builds table rows from the input (a column map plus DEFAULT expressions), checks
// NOT NULL, and adds everything to the transaction's changes at Finalize, so a failing
// INSERT adds nothing.
class PhysicalInsert : public PhysicalOperator {
 public:
  PhysicalInsert(std::shared_ptr<TableEntry> table, std::vector<int64_t> column_map, BoundExpressionList defaults,
                 std::unique_ptr<PhysicalOperator> child);

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ClientContext& context) const override;
  std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context) const override;
  void Sink(ExecutionContext& context, DataChunk& chunk, GlobalSinkState& gstate,
            LocalSinkState& lstate) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& gstate, LocalSinkState& lstate) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& gstate) const override;

  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ClientContext& context) const override;
  SourceResult GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                       LocalSourceState& lstate) const override;
  std::string ParamsToString() const override;

 private:
  std::shared_ptr<TableEntry> table_;
  std::vector<int64_t> column_map_;
  BoundExpressionList defaults_;
};

}  // namespace stockroom
