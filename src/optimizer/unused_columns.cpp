#include "optimizer/unused_columns.hpp"

#include <set>

#include "optimizer/expression_rewriter.hpp"

namespace stockroom {

namespace {

// Operators whose use of their children's columns is all in their expressions.
bool ReadsInputThroughExpressions(LogicalOperatorKind kind) {
  switch (kind) {
    case LogicalOperatorKind::kFilter:
    case LogicalOperatorKind::kProjection:
    case LogicalOperatorKind::kAggregate:
    case LogicalOperatorKind::kWindow:
    case LogicalOperatorKind::kJoin:
    case LogicalOperatorKind::kCrossProduct:
    case LogicalOperatorKind::kOrder:
    case LogicalOperatorKind::kLimit:
    case LogicalOperatorKind::kTopN:
      return true;
    default:
      return false;
  }
}

bool HasSubqueries(LogicalOperator& op) {
  bool found = false;
  op.ForEachExpression([&](std::unique_ptr<BoundExpression>& e) { found = found || e->HasSubquery(); });
  for (auto& child : op.children) found = found || HasSubqueries(*child);
  return found;
}

void CollectUsed(LogicalOperator& op, std::set<ColumnBinding>& used) {
  op.ForEachExpression([&](std::unique_ptr<BoundExpression>& e) {
    VisitExpression(*e, [&](const BoundExpression& node) {
      if (node.kind == BoundExprKind::kColumnRef) used.insert(static_cast<const BoundColumnRef&>(node).binding);
    });
  });
  if (!ReadsInputThroughExpressions(op.kind)) {
    for (auto& child : op.children) {
      for (auto& binding : child->GetColumnBindings()) used.insert(binding);
    }
  }
  for (auto& child : op.children) CollectUsed(*child, used);
}

// Replaces unused projection outputs by NULLs; true when one was replaced.
bool NullUnusedProjections(LogicalOperator& op, const std::set<ColumnBinding>& used) {
  bool changed = false;
  if (op.kind == LogicalOperatorKind::kProjection) {
    auto& projection = static_cast<LogicalProjection&>(op);
    for (idx_t i = 0; i < projection.expressions.size(); i++) {
      auto& e = projection.expressions[i];
      if (used.count({projection.table_index, i}) || e->kind == BoundExprKind::kConstant || e->IsVolatile()) continue;
      e = std::make_unique<BoundConstant>(Value::Null(e->type));
      changed = true;
    }
  }
  for (auto& child : op.children) changed = NullUnusedProjections(*child, used) || changed;
  return changed;
}

void MarkUnusedScanColumns(LogicalOperator& op, const std::set<ColumnBinding>& used) {
  if (op.kind == LogicalOperatorKind::kGet) {
    auto& get = static_cast<LogicalGet&>(op);
    get.unused.assign(get.column_ids.size(), false);
    for (idx_t i = 0; i < get.column_ids.size(); i++) get.unused[i] = !used.count({get.table_index, i});
  }
  for (auto& child : op.children) MarkUnusedScanColumns(*child, used);
}

}  // namespace

void PruneUnusedColumns(LogicalOperator& plan) {
  if (HasSubqueries(plan)) return;
  std::set<ColumnBinding> used;
  // A replaced output may have been the last reader of columns below it: until no change.
  for (;;) {
    used.clear();
    for (auto& binding : plan.GetColumnBindings()) used.insert(binding);
    CollectUsed(plan, used);
    if (!NullUnusedProjections(plan, used)) break;
  }
  MarkUnusedScanColumns(plan, used);
}

}  // namespace stockroom
