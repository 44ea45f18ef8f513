#include "binder/cte_inlining.hpp"

#include "binder/expression/bound_expression.hpp"
#include "planner/logical_operator.hpp"

namespace stockroom {

namespace {

bool HasVolatileExpression(LogicalOperator& op) {
  bool found = false;
  op.ForEachExpression([&](std::unique_ptr<BoundExpression>& e) { found = found || e->IsVolatile(); });
  for (auto& child : op.children) found = found || HasVolatileExpression(*child);
  return found;
}

bool Inlinable(const CteBinding& binding) {
  return binding.reference_count == 1 && binding.materialized && binding.materialized->plan && binding.cte &&
         !binding.cte->recursive && binding.cte->materialize != CommonTableExpression::Materialize::kAlways &&
         !HasVolatileExpression(*binding.materialized->plan);
}

// Replaces the scan of `binding`'s CTE under `node` by its definition, projected to the
// scan's table index so the columns above keep their bindings. False if there is none.
bool ReplaceReference(std::unique_ptr<LogicalOperator>& node, CteBinding& binding) {
  if (node->kind == LogicalOperatorKind::kCteRef) {
    auto& ref = static_cast<LogicalCteRef&>(*node);
    if (ref.cte_index != binding.cte_index || !ref.bindings.empty()) return false;
    std::unique_ptr<LogicalOperator> definition = std::move(binding.materialized->plan);
    auto projection = std::make_unique<LogicalProjection>(ref.table_index);
    auto outputs = definition->GetColumnBindings();
    for (size_t i = 0; i < outputs.size(); i++) {
      projection->expressions.push_back(std::make_unique<BoundColumnRef>(binding.types[i], outputs[i], binding.names[i]));
    }
    projection->children.push_back(std::move(definition));
    projection->ResolveTypes();
    node = std::move(projection);
    return true;
  }
  for (auto& child : node->children) {
    if (ReplaceReference(child, binding)) return true;
  }
  return false;
}

}  // namespace

void InlineSingleUseCtes(const std::vector<CteBinding*>& bindings, std::unique_ptr<LogicalOperator>& plan) {
  for (CteBinding* binding : bindings) {
    if (!Inlinable(*binding)) continue;
    if (ReplaceReference(plan, *binding)) continue;
    for (CteBinding* other : bindings) {
      if (other == binding || !other->materialized || !other->materialized->plan) continue;
      if (ReplaceReference(other->materialized->plan, *binding)) break;
    }
  }
}

}  // namespace stockroom
