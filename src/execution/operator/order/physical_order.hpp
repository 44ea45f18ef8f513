#pragma once

#include "binder/expression/bound_expression.hpp"
#include "execution/operator/order/row_sort.hpp"
#include "execution/physical_operator.hpp"

namespace stockroom {

// ORDER BY: materializes its input (each thread its own run), sorts the runs in parallel,
// merges them, and emits rows in order. With `limit` >= 0 it is a top-N: each thread keeps
// only its best limit+offset rows, so memory stays small.
class PhysicalOrder : public PhysicalOperator {
 public:
  PhysicalOrder(std::vector<LogicalType> types, std::vector<BoundOrderItem> orders, int64_t limit, int64_t offset,
                double estimated_rows);

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ClientContext& context) const override;
  std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context) const override;
  void Sink(ExecutionContext& context, DataChunk& chunk, GlobalSinkState& gstate,
            LocalSinkState& lstate) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& gstate, LocalSinkState& lstate) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& gstate) const override;

  bool IsSource() const override { return true; }
  bool IsOrderedSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ClientContext& context) const override;
  SourceResult GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                       LocalSourceState& lstate) const override;
  std::string ParamsToString() const override;

 private:
  std::vector<BoundOrderItem> orders_;
  int64_t limit_;
  int64_t offset_;
  std::vector<LogicalType> stored_types_;  // input columns, then computed sort keys
  std::vector<SortKey> keys_;
};

}  // namespace stockroom
