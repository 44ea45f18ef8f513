#pragma once

#include <mutex>

#include "common/types/column_data_collection.hpp"
#include "execution/physical_operator.hpp"

namespace stockroom {

// The sink at the top of a query: collects result rows (copying them) in arrival order.
class PhysicalResultCollector : public PhysicalOperator {
 public:
  explicit PhysicalResultCollector(std::unique_ptr<PhysicalOperator> child);

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ClientContext& context) const override;
  std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context) const override;
  void Sink(ExecutionContext& context, DataChunk& chunk, GlobalSinkState& gstate,
            LocalSinkState& lstate) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& gstate, LocalSinkState& lstate) const override;

  // Takes the collected rows after execution.
  std::unique_ptr<ColumnDataCollection> TakeResult() const;
};

}  // namespace stockroom
