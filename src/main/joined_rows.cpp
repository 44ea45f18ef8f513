#include "main/joined_rows.hpp"

#include <set>

#include "binder/binder.hpp"
#include "common/error/exception.hpp"
#include "execution/executor.hpp"
#include "execution/expression/expression_executor.hpp"
#include "execution/operator/helper/physical_result_collector.hpp"
#include "execution/physical_plan/physical_plan_generator.hpp"
#include "optimizer/optimizer.hpp"

namespace stockroom {

namespace {

// Fails when the select list reads an aggregate or window operator of its own level: the
// statement's expressions apply to single rows.
void CheckNoAggregates(const LogicalOperator& op, const std::set<idx_t>& referenced, const std::string& statement) {
  if (op.kind == LogicalOperatorKind::kAggregate) {
    auto& aggregate = static_cast<const LogicalAggregate&>(op);
    if (referenced.count(aggregate.aggregate_index) || referenced.count(aggregate.group_index)) {
      throw SqlError(ErrorCode::kGroupingError, "aggregate functions are not allowed in " + statement);
    }
  }
  if (op.kind == LogicalOperatorKind::kWindow &&
      referenced.count(static_cast<const LogicalWindow&>(op).window_index)) {
    throw SqlError(ErrorCode::kWindowingError, "window functions are not allowed in " + statement);
  }
  for (auto& child : op.children) CheckNoAggregates(*child, referenced, statement);
}

}  // namespace

JoinedQuery BindJoinedQuery(ClientContext& context, SelectNode& query, const std::string& statement) {
  Binder binder(context);
  binder.KeepUnknownOutputs();
  BoundQuery bound = binder.BindQuery(query);
  if (bound.plan->kind != LogicalOperatorKind::kProjection) throw InternalError(statement + " query shape");
  auto& projection = static_cast<LogicalProjection&>(*bound.plan);
  std::set<idx_t> referenced;
  for (auto& e : projection.expressions) {
    VisitExpression(*e, [&](const BoundExpression& node) {
      if (node.kind != BoundExprKind::kColumnRef) return;
      referenced.insert(static_cast<const BoundColumnRef&>(node).binding.table_index);
    });
  }
  CheckNoAggregates(*projection.children[0], referenced, statement);
  JoinedQuery joined;
  joined.expressions = std::move(projection.expressions);
  joined.from = std::move(projection.children[0]);
  joined.output_index = binder.NewTableIndex();
  return joined;
}

std::unique_ptr<ColumnDataCollection> RunJoinedQuery(ClientContext& context, JoinedQuery& query) {
  // A projection of every column by binding keeps the output order fixed whatever order the
  // optimizer gives the joins.
  auto bindings = query.from->GetColumnBindings();
  query.from->ResolveTypesDeep();
  auto projection = std::make_unique<LogicalProjection>(query.output_index);
  for (size_t i = 0; i < bindings.size(); i++) {
    projection->expressions.push_back(std::make_unique<BoundColumnRef>(query.from->types[i], bindings[i], ""));
  }
  projection->children.push_back(std::move(query.from));
  projection->ResolveTypes();
  for (auto& expr : query.expressions) {
    RewriteExpression(expr, [&](std::unique_ptr<BoundExpression>& node) {
      if (node->kind != BoundExprKind::kColumnRef) return;
      auto& ref = static_cast<BoundColumnRef&>(*node);
      for (idx_t i = 0; i < bindings.size(); i++) {
        if (bindings[i] == ref.binding) {
          node = std::make_unique<BoundReference>(ref.type, i, ref.name);
          return;
        }
      }
      throw InternalError("column " + ref.ToString() + " not found in the joined rows");
    });
  }
  auto plan = Optimizer::Optimize(context, std::move(projection));
  PhysicalPlanGenerator generator(context);
  PhysicalResultCollector collector(generator.Create(*plan));
  Executor executor(context);
  executor.Execute(collector);
  return collector.TakeResult();
}

void SliceRows(const DataChunk& rows, const SelectionVector& sel, idx_t n, DataChunk& view) {
  view.Initialize(rows.Types(), 0);
  view.Reference(rows);
  view.Slice(sel, n);
}

void EvaluateOver(ClientContext& context, const BoundExpression& expr, DataChunk& rows, Vector& result) {
  ExpressionExecutor executor(&context);
  executor.AddExpression(expr);
  executor.ExecuteExpression(0, rows, result);
}

idx_t SelectWhere(ClientContext& context, const BoundExpression& condition, DataChunk& rows, SelectionVector& sel) {
  ExpressionExecutor executor(&context);
  executor.AddExpression(condition);
  return executor.Select(0, rows, sel);
}

}  // namespace stockroom
