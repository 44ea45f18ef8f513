#include "execution/operator/helper/physical_result_collector.hpp"

#include "main/client_context.hpp"

namespace stockroom {

namespace {
struct CollectorGlobal : GlobalSinkState {
  std::mutex mutex;
  std::unique_ptr<ColumnDataCollection> rows;
};
struct CollectorLocal : LocalSinkState {
  std::unique_ptr<ColumnDataCollection> rows;
};
}  // namespace

PhysicalResultCollector::PhysicalResultCollector(std::unique_ptr<PhysicalOperator> child)
    : PhysicalOperator("RESULT", child->types, child->estimated_rows) {
  children.push_back(std::move(child));
}

std::unique_ptr<GlobalSinkState> PhysicalResultCollector::GetGlobalSinkState(ClientContext& context) const {
  auto state = std::make_unique<CollectorGlobal>();
  state->rows = std::make_unique<ColumnDataCollection>(types, &context.memory());
  return state;
}

std::unique_ptr<LocalSinkState> PhysicalResultCollector::GetLocalSinkState(ExecutionContext& context) const {
  auto state = std::make_unique<CollectorLocal>();
  state->rows = std::make_unique<ColumnDataCollection>(types, &context.client.memory());
  return state;
}

void PhysicalResultCollector::Sink(ExecutionContext&, DataChunk& chunk, GlobalSinkState&,
                                   LocalSinkState& lstate) const {
  static_cast<CollectorLocal&>(lstate).rows->Append(chunk);
}

void PhysicalResultCollector::Combine(ExecutionContext&, GlobalSinkState& gstate, LocalSinkState& lstate) const {
  auto& global = static_cast<CollectorGlobal&>(gstate);
  std::lock_guard<std::mutex> lock(global.mutex);
  global.rows->Combine(*static_cast<CollectorLocal&>(lstate).rows);
}

std::unique_ptr<ColumnDataCollection> PhysicalResultCollector::TakeResult() const {
  auto rows = std::move(static_cast<CollectorGlobal&>(*sink_state).rows);
  rows->DetachFromTracker();
  return rows;
}

}  // namespace stockroom
