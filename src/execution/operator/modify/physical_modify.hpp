#pragma once

#include <memory>

#include "execution/physical_operator.hpp"

namespace stockroom {

class TableEntry;

// DELETE and UPDATE. The input's last column is the row id of a target row; for UPDATE
// the columns before it are the row's new values (every table column, in order). At
// Finalize each row is deleted from the transaction's view of the table and, for UPDATE,
// its new version added; a row the input names twice (UPDATE ... FROM matching it twice)
// changes once, as in PostgreSQL. Returns the number of rows changed.
class PhysicalModify : public PhysicalOperator {
 public:
  PhysicalModify(std::shared_ptr<TableEntry> table, bool is_update, std::unique_ptr<PhysicalOperator> child);

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
  bool is_update_;
};

}  // namespace stockroom
