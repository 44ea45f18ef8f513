#include "execution/physical_operator.hpp"

#include "common/error/exception.hpp"
#include "execution/pipeline/pipeline.hpp"

namespace stockroom {

std::unique_ptr<OperatorState> PhysicalOperator::GetOperatorState(ExecutionContext&) const {
  return std::make_unique<OperatorState>();
}
std::unique_ptr<GlobalOperatorState> PhysicalOperator::GetGlobalOperatorState(ClientContext&) const {
  return std::make_unique<GlobalOperatorState>();
}
OperatorResult PhysicalOperator::Execute(ExecutionContext&, DataChunk&, DataChunk&, GlobalOperatorState&,
                                         OperatorState&) const {
  throw InternalError(name + " is not a streaming operator");
}

std::unique_ptr<GlobalSourceState> PhysicalOperator::GetGlobalSourceState(ClientContext&) const {
  return std::make_unique<GlobalSourceState>();
}
std::unique_ptr<LocalSourceState> PhysicalOperator::GetLocalSourceState(ExecutionContext&, GlobalSourceState&) const {
  return std::make_unique<LocalSourceState>();
}
SourceResult PhysicalOperator::GetData(ExecutionContext&, DataChunk&, GlobalSourceState&, LocalSourceState&) const {
  throw InternalError(name + " is not a source");
}

std::unique_ptr<GlobalSinkState> PhysicalOperator::GetGlobalSinkState(ClientContext&) const {
  return std::make_unique<GlobalSinkState>();
}
std::unique_ptr<LocalSinkState> PhysicalOperator::GetLocalSinkState(ExecutionContext&) const {
  return std::make_unique<LocalSinkState>();
}
void PhysicalOperator::Sink(ExecutionContext&, DataChunk&, GlobalSinkState&, LocalSinkState&) const {
  throw InternalError(name + " is not a sink");
}
void PhysicalOperator::Combine(ExecutionContext&, GlobalSinkState&, LocalSinkState&) const {}
void PhysicalOperator::Finalize(ExecutionContext&, GlobalSinkState&) const {}

void PhysicalOperator::BuildPipelines(PipelineBuilder& builder, Pipeline& pipeline) {
  if (IsSink()) {
    // This operator ends a pipeline below and starts (as source) the one above.
    pipeline.source = this;
    if (!children.empty()) pipeline.dependencies.push_back(builder.BuildChildPipeline(*this, *children[0]));
    return;
  }
  if (IsSource()) {
    pipeline.source = this;
    return;
  }
  pipeline.operators.insert(pipeline.operators.begin(), this);
  children[0]->BuildPipelines(builder, pipeline);
}

std::string PhysicalOperator::ToString(int indent) const {
  std::string out(indent * 2, ' ');
  out += name;
  std::string params = ParamsToString();
  if (!params.empty()) out += " [" + params + "]";
  out += "\n";
  for (auto& c : children) out += c->ToString(indent + 1);
  return out;
}

}  // namespace stockroom
