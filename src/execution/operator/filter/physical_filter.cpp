#include "execution/operator/filter/physical_filter.hpp"

#include <cstring>

#include "execution/expression/expression_executor.hpp"

namespace stockroom {

namespace {
struct FilterState : OperatorState {
  explicit FilterState(ClientContext* context) : executor(context) {}
  ExpressionExecutor executor;
  SelectionVector sel{kVectorSize};
};
}  // namespace

PhysicalFilter::PhysicalFilter(std::vector<LogicalType> types, std::unique_ptr<BoundExpression> predicate,
                               double estimated_rows)
    : PhysicalOperator("FILTER", std::move(types), estimated_rows), predicate_(std::move(predicate)) {}

std::unique_ptr<OperatorState> PhysicalFilter::GetOperatorState(ExecutionContext& context) const {
  auto state = std::make_unique<FilterState>(&context.client);
  state->executor.AddExpression(*predicate_);
  return state;
}

OperatorResult PhysicalFilter::Execute(ExecutionContext&, DataChunk& input, DataChunk& output, GlobalOperatorState&,
                                       OperatorState& state) const {
  auto& s = static_cast<FilterState&>(state);
  idx_t n = s.executor.Select(0, input, s.sel);
  if (n == input.size()) {
    output.Reference(input);
  } else if (n > 0) {
    output.Reference(input);
    // A fresh selection buffer per output keeps earlier slices valid.
    SelectionVector sel(n);
    std::memcpy(sel.data(), s.sel.data(), n * sizeof(sel_t));
    output.Slice(sel, n);
  }
  return OperatorResult::kNeedMoreInput;
}

}  // namespace stockroom
