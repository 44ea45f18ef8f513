#include "planner/column_origins.hpp"

#include "binder/expression/bound_expression.hpp"
#include "catalog/catalog_entry.hpp"
#include "planner/logical_operator.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

namespace {

// The operator below (or at) `op` that makes bindings of `table_index`: a scan or a
// projection (other operators pass their children's bindings up).
const LogicalOperator* FindProducer(const LogicalOperator& op, idx_t table_index) {
  if (op.kind == LogicalOperatorKind::kGet && static_cast<const LogicalGet&>(op).table_index == table_index) {
    return &op;
  }
  if (op.kind == LogicalOperatorKind::kProjection &&
      static_cast<const LogicalProjection&>(op).table_index == table_index) {
    return &op;
  }
  for (const auto& child : op.children) {
    if (const LogicalOperator* found = FindProducer(*child, table_index)) return found;
  }
  return nullptr;
}

ColumnOrigin OriginOf(const LogicalOperator& plan, ColumnBinding binding) {
  const LogicalOperator* producer = FindProducer(plan, binding.table_index);
  if (!producer) return {};
  if (producer->kind == LogicalOperatorKind::kGet) {
    const auto& get = static_cast<const LogicalGet&>(*producer);
    if (!get.table || binding.column_index >= get.column_ids.size()) return {};
    idx_t column = get.column_ids[binding.column_index];
    if (column == kRowIdColumn || column >= get.table->columns.size()) return {};
    return {get.table->oid, static_cast<int16_t>(column + 1)};
  }
  const auto& projection = static_cast<const LogicalProjection&>(*producer);
  if (binding.column_index >= projection.expressions.size()) return {};
  const BoundExpression& expr = *projection.expressions[binding.column_index];
  if (expr.kind != BoundExprKind::kColumnRef) return {};
  const auto& ref = static_cast<const BoundColumnRef&>(expr);
  if (ref.depth != 0) return {};
  return OriginOf(*producer, ref.binding);
}

}  // namespace

std::vector<ColumnOrigin> ColumnOrigins(const LogicalOperator& plan) {
  std::vector<ColumnOrigin> origins;
  for (const ColumnBinding& binding : plan.GetColumnBindings()) origins.push_back(OriginOf(plan, binding));
  return origins;
}

}  // namespace stockroom
