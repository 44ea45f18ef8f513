#include "execution/operator/projection/physical_projection.hpp"

#include "execution/expression/expression_executor.hpp"

namespace stockroom {

namespace {
struct ProjectionState : OperatorState {
  explicit ProjectionState(ClientContext* context) : executor(context) {}
  ExpressionExecutor executor;
};
}  // namespace

PhysicalProjection::PhysicalProjection(std::vector<LogicalType> types, BoundExpressionList expressions,
                                       double estimated_rows)
    : PhysicalOperator("PROJECTION", std::move(types), estimated_rows), expressions_(std::move(expressions)) {}

std::unique_ptr<OperatorState> PhysicalProjection::GetOperatorState(ExecutionContext& context) const {
  auto state = std::make_unique<ProjectionState>(&context.client);
  for (auto& e : expressions_) state->executor.AddExpression(*e);
  return state;
}

OperatorResult PhysicalProjection::Execute(ExecutionContext&, DataChunk& input, DataChunk& output,
                                           GlobalOperatorState&, OperatorState& state) const {
  static_cast<ProjectionState&>(state).executor.Execute(input, output);
  return OperatorResult::kNeedMoreInput;
}

std::string PhysicalProjection::ParamsToString() const {
  std::string out;
  for (size_t i = 0; i < expressions_.size(); i++) out += (i ? ", " : "") + expressions_[i]->ToString();
  return out;
}

}  // namespace stockroom
