#include "planner/per_row_subquery.hpp"

#include <map>

#include "planner/subquery_planner.hpp"

namespace stockroom {

namespace {

// The deepest outer level `e` reads (0: only its own level), or -1 for a subquery
// expression (never planned here).
int MaxDepth(const BoundExpression& e) {
  int depth = 0;
  VisitExpression(e, [&](const BoundExpression& node) {
    if (node.kind == BoundExprKind::kSubquery) depth = 99;
    if (node.kind == BoundExprKind::kColumnRef) {
      depth = std::max(depth, static_cast<int>(static_cast<const BoundColumnRef&>(node).depth));
    }
  });
  return depth;
}

// Whether the per-row operator computes `op`'s aggregates: no GROUP BY, and each aggregate
// a plain one (no DISTINCT, ORDER BY, FILTER or WITHIN GROUP).
bool PlainUngroupedAggregate(LogicalOperator& op) {
  auto& aggregate = static_cast<LogicalAggregate&>(op);
  if (!aggregate.groups.empty() || !aggregate.grouping_sets.empty()) return false;
  for (auto& e : aggregate.aggregates) {
    if (e->kind != BoundExprKind::kAggregate) return false;
    auto& a = static_cast<BoundAggregate&>(*e);
    if (a.distinct || a.filter || !a.order_by.empty() || a.function.ordered_set) return false;
  }
  return true;
}

// The operators from the subquery's top down to its table function, or empty when the
// plan is not [Limit] over Projections/Filters/Orders, or Projections/Orders over one
// ungrouped aggregate over Projections/Filters/Orders (scalar subqueries), over a table
// function of depth-1 columns (and reads nothing further out).
std::vector<LogicalOperator*> MatchShape(LogicalOperator& plan, bool allow_limit) {
  std::vector<LogicalOperator*> chain;
  LogicalOperator* op = &plan;
  bool limited = false;
  bool filtered = false;    // a filter above: HAVING if an aggregate comes below it
  bool aggregated = false;
  if (allow_limit && op->kind == LogicalOperatorKind::kLimit) {
    chain.push_back(op);
    op = op->children[0].get();
    limited = true;
  }
  while (true) {
    bool ok = true;
    switch (op->kind) {
      case LogicalOperatorKind::kProjection:
        op->ForEachExpression([&](std::unique_ptr<BoundExpression>& e) { ok &= !e->IsVolatile(); });
        break;
      case LogicalOperatorKind::kFilter:
        filtered = true;
        break;
      case LogicalOperatorKind::kAggregate:
        ok = allow_limit && !limited && !filtered && !aggregated && PlainUngroupedAggregate(*op);
        aggregated = true;
        break;
      case LogicalOperatorKind::kOrder:
        // The order of a scalar subquery's one row does not matter; with LIMIT it does.
        ok = !limited;
        break;
      case LogicalOperatorKind::kTableFunction: {
        if (!op->children.empty()) return {};
        bool correlated = false;
        op->ForEachExpression([&](std::unique_ptr<BoundExpression>& e) { correlated |= MaxDepth(*e) == 1; });
        if (!correlated) return {};
        break;
      }
      default:
        return {};
    }
    if (!ok) return {};
    op->ForEachExpression([&](std::unique_ptr<BoundExpression>& e) { ok &= MaxDepth(*e) <= 1; });
    if (!ok) return {};
    chain.push_back(op);
    if (op->kind == LogicalOperatorKind::kTableFunction) return chain;
    op = op->children[0].get();
  }
}

}  // namespace

bool PlanPerRowSubquery(Binder& binder, SubqueryKind kind, JoinType join_type, std::unique_ptr<LogicalOperator>& plan,
                        std::unique_ptr<LogicalOperator>& root, std::unique_ptr<BoundExpression>* value) {
  bool exists = kind == SubqueryKind::kExists;
  if (kind != SubqueryKind::kScalar && !exists) return false;
  std::vector<LogicalOperator*> chain = MatchShape(*plan, !exists);
  if (chain.empty()) return false;

  auto& function = static_cast<LogicalTableFunction&>(*chain.back());
  auto op = std::make_unique<LogicalRowSubquery>(binder.NewTableIndex(), function.table_index);
  op->function = function.function;
  op->function_types = function.column_types;
  op->with_ordinality = function.with_ordinality;
  op->arguments = std::move(function.arguments);

  // Projections are inlined into the expressions above them, bottom-up, so that the filter
  // and the value read only the function's columns and the outer row.
  std::map<ColumnBinding, std::unique_ptr<BoundExpression>> defined;
  auto inline_projections = [&](std::unique_ptr<BoundExpression> e) {
    RewriteExpression(e, [&](std::unique_ptr<BoundExpression>& node) {
      if (node->kind != BoundExprKind::kColumnRef) return;
      auto& ref = static_cast<BoundColumnRef&>(*node);
      if (ref.depth != 0) return;
      auto it = defined.find(ref.binding);
      if (it != defined.end()) node = it->second->Copy();
    });
    return e;
  };
  BoundExpressionList filters;
  for (auto it = chain.rbegin() + 1; it != chain.rend(); ++it) {
    LogicalOperator& step = **it;
    if (step.kind == LogicalOperatorKind::kFilter) {
      for (auto& e : static_cast<LogicalFilter&>(step).expressions) filters.push_back(inline_projections(std::move(e)));
    } else if (step.kind == LogicalOperatorKind::kProjection) {
      auto& projection = static_cast<LogicalProjection&>(step);
      std::map<ColumnBinding, std::unique_ptr<BoundExpression>> outputs;
      for (size_t i = 0; i < projection.expressions.size(); i++) {
        outputs[{projection.table_index, i}] = inline_projections(std::move(projection.expressions[i]));
      }
      for (auto& [binding, e] : outputs) defined[binding] = std::move(e);
    } else if (step.kind == LogicalOperatorKind::kAggregate) {
      // The aggregates read the function's rows; what is above reads their results (and
      // the outer row), which stay column references.
      auto& aggregate = static_cast<LogicalAggregate&>(step);
      for (auto& e : aggregate.aggregates) op->aggregates.push_back(inline_projections(std::move(e)));
      op->aggregate_index = aggregate.aggregate_index;
      defined.clear();
    } else if (step.kind == LogicalOperatorKind::kLimit) {
      auto& limit = static_cast<LogicalLimit&>(step);
      op->limit = limit.limit;
      op->offset = limit.offset;
    }
  }
  if (!exists) {
    ColumnBinding first = plan->GetColumnBindings()[0];
    op->value = inline_projections(std::make_unique<BoundColumnRef>(plan->types[0], first, ""));
  }
  if (filters.size() == 1) {
    op->filter = std::move(filters[0]);
  } else if (!filters.empty()) {
    op->filter = std::make_unique<BoundConjunction>(true, std::move(filters));
  }
  plan.reset();
  // The subquery's level becomes root's: its outer references are root's columns.
  op->ForEachExpression([](std::unique_ptr<BoundExpression>& e) { DecrementDepths(*e); });
  op->children.push_back(std::move(root));
  op->ResolveTypes();
  ColumnBinding result{op->table_index, 0};
  LogicalType result_type = op->ResultType();
  root = std::move(op);

  std::unique_ptr<BoundExpression> ref = std::make_unique<BoundColumnRef>(result_type, result, "subquery");
  if (join_type == JoinType::kSemi || join_type == JoinType::kAnti) {
    if (join_type == JoinType::kAnti) {
      BoundExpressionList children;
      children.push_back(std::move(ref));
      ref = std::make_unique<BoundOperator>(OperatorKind::kNot, TypeId::kBoolean, std::move(children));
    }
    auto filter = std::make_unique<LogicalFilter>();
    filter->expressions.push_back(std::move(ref));
    filter->children.push_back(std::move(root));
    filter->ResolveTypes();
    root = std::move(filter);
    value->reset();
    return true;
  }
  *value = std::move(ref);
  return true;
}

}  // namespace stockroom
