#include "optimizer/changed_partitions.hpp"

#include "optimizer/expression_rewriter.hpp"
#include "optimizer/key_lists.hpp"

namespace stockroom {

namespace {

const BoundColumnRef* AsColumn(const BoundExpression& e) {
  if (e.kind != BoundExprKind::kColumnRef) return nullptr;
  auto& ref = static_cast<const BoundColumnRef&>(e);
  return ref.depth == 0 ? &ref : nullptr;
}

// The max() argument and the partition (group) keys of the output `column` of `op`: a
// window's max(x) OVER (PARTITION BY k) over the whole partition, or an aggregate's max(x)
// GROUP BY k. False when it is anything else.
bool MaxOverKeys(const LogicalOperator& op, const BoundColumnRef& column, const BoundExpression*& argument,
                 std::vector<const BoundExpression*>& keys) {
  if (op.kind == LogicalOperatorKind::kWindow) {
    auto& window = static_cast<const LogicalWindow&>(op);
    if (column.binding.table_index != window.window_index) return false;
    auto& w = static_cast<const BoundWindow&>(*window.expressions[column.binding.column_index]);
    // Without ORDER BY all rows are peers: a frame ending at the current row (in RANGE or
    // GROUPS mode) or unbounded covers the partition.
    bool whole_partition = w.orders.empty() && w.frame.start == FrameBoundKind::kUnboundedPreceding &&
                           w.frame.exclude == FrameExclude::kNoOthers &&
                           (w.frame.end == FrameBoundKind::kUnboundedFollowing ||
                            (w.frame.end == FrameBoundKind::kCurrentRow && w.frame.mode != FrameMode::kRows));
    if (!w.is_aggregate || w.aggregate.name != "max" || w.distinct || w.filter || w.children.size() != 1 ||
        !whole_partition || w.partitions.empty()) {
      return false;
    }
    argument = w.children[0].get();
    for (auto& p : w.partitions) keys.push_back(p.get());
    // Removing a key's rows must remove whole partitions of every window function here.
    for (auto* key : keys) {
      if (!window.AllPartitionBy(*key)) return false;
    }
  } else if (op.kind == LogicalOperatorKind::kAggregate) {
    auto& agg = static_cast<const LogicalAggregate&>(op);
    if (column.binding.table_index != agg.aggregate_index || !agg.grouping_sets.empty() || agg.groups.empty()) {
      return false;
    }
    auto& a = static_cast<const BoundAggregate&>(*agg.aggregates[column.binding.column_index]);
    if (a.function.name != "max" || a.distinct || a.filter || a.children.size() != 1) return false;
    argument = a.children[0].get();
    for (auto& g : agg.groups) keys.push_back(g.get());
  } else {
    return false;
  }
  if (!AsColumn(*argument)) return false;
  for (auto* key : keys) {
    if (!AsColumn(*key)) return false;
  }
  return true;
}

void CollectTableIndexes(const LogicalOperator& op, idx_t& highest) {
  for (auto& binding : op.GetColumnBindings()) highest = std::max(highest, binding.table_index);
  const_cast<LogicalOperator&>(op).ForEachExpression([&](std::unique_ptr<BoundExpression>& e) {
    VisitExpression(*e, [&](const BoundExpression& node) {
      if (node.kind == BoundExprKind::kColumnRef) {
        highest = std::max(highest, static_cast<const BoundColumnRef&>(node).binding.table_index);
      }
    });
  });
  if (op.kind == LogicalOperatorKind::kAggregate) {
    auto& agg = static_cast<const LogicalAggregate&>(op);
    highest = std::max({highest, agg.group_index, agg.aggregate_index, agg.grouping_index});
  }
  for (auto& child : op.children) CollectTableIndexes(*child, highest);
}

}  // namespace

idx_t NextTableIndex(const LogicalOperator& plan) {
  idx_t highest = 0;
  CollectTableIndexes(plan, highest);
  return highest + 1;
}

std::unique_ptr<LogicalOperator> SemiJoinChangedPartitions(LogicalOperator& op, const BoundExpression& predicate,
                                                           idx_t& next_table_index) {
  LowerBound lower;
  const BoundExpression* argument = nullptr;
  std::vector<const BoundExpression*> keys;
  if (!AsLowerBound(predicate, BoundExprKind::kColumnRef, lower) || !AsColumn(*lower.subject) ||
      !MaxOverKeys(op, static_cast<const BoundColumnRef&>(*lower.subject), argument, keys)) {
    return nullptr;
  }
  // The key side: the keys of the input's rows with x > c (the filter reaches the scan, and
  // its zone maps skip the row groups that cannot have such rows).
  BoundExpressionList key_copies;
  for (auto* key : keys) key_copies.push_back(key->Copy());
  auto recent = KeysWhere(*op.children[0], std::move(key_copies),
                          std::make_unique<BoundComparison>(lower.kind, argument->Copy(), lower.bound->Copy()),
                          next_table_index);
  if (!recent) return nullptr;
  // NULL keys form a partition (group) too: keys match when not distinct.
  auto join = std::make_unique<LogicalJoin>(JoinType::kSemi);
  auto recent_columns = recent->GetColumnBindings();
  for (size_t k = 0; k < keys.size(); k++) {
    auto recent_key = std::make_unique<BoundColumnRef>(recent->types[k], recent_columns[k], "key");
    join->conditions.push_back(JoinCondition{keys[k]->Copy(), std::move(recent_key), ComparisonKind::kNotDistinctFrom});
  }
  join->children.push_back(std::move(op.children[0]));
  join->children.push_back(std::move(recent));
  join->ResolveTypes();
  return join;
}

}  // namespace stockroom
