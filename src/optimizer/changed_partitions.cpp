#include "optimizer/changed_partitions.hpp"

#include <map>

#include "optimizer/expression_rewriter.hpp"

namespace stockroom {

namespace {

const BoundColumnRef* AsColumn(const BoundExpression& e) {
  if (e.kind != BoundExprKind::kColumnRef) return nullptr;
  auto& ref = static_cast<const BoundColumnRef&>(e);
  return ref.depth == 0 ? &ref : nullptr;
}

// `column > constant`, `column >= constant` or the same flipped: the column and the
// comparison as column <op> constant; null otherwise.
const BoundColumnRef* LowerBound(const BoundExpression& predicate, ComparisonKind& comparison, Value& constant) {
  if (predicate.kind != BoundExprKind::kComparison) return nullptr;
  auto& cmp = static_cast<const BoundComparison&>(predicate);
  const BoundExpression* column = cmp.left.get();
  const BoundExpression* value = cmp.right.get();
  comparison = cmp.comparison;
  if (column->kind == BoundExprKind::kConstant) {
    std::swap(column, value);
    comparison = FlipComparison(comparison);
  }
  if (comparison != ComparisonKind::kGreater && comparison != ComparisonKind::kGreaterEqual) return nullptr;
  if (value->kind != BoundExprKind::kConstant) return nullptr;
  constant = static_cast<const BoundConstant&>(*value).value;
  return AsColumn(*column);
}

// A copy of a chain of filters and projections over one scan, with fresh table indexes
// (recorded in `renamed`); null when the chain holds anything else.
std::unique_ptr<LogicalOperator> CopyScanChain(const LogicalOperator& op, idx_t& next_table_index,
                                               std::map<idx_t, idx_t>& renamed) {
  auto rename = [&](const BoundExpression& e) -> std::unique_ptr<BoundExpression> {
    if (e.HasSubquery() || e.IsVolatile()) return nullptr;
    auto copy = e.Copy();
    RewriteExpression(copy, [&](std::unique_ptr<BoundExpression>& node) {
      if (node->kind != BoundExprKind::kColumnRef) return;
      auto& ref = static_cast<BoundColumnRef&>(*node);
      auto it = renamed.find(ref.binding.table_index);
      if (ref.depth == 0 && it != renamed.end()) ref.binding.table_index = it->second;
    });
    return copy;
  };
  switch (op.kind) {
    case LogicalOperatorKind::kGet: {
      auto& get = static_cast<const LogicalGet&>(op);
      renamed[get.table_index] = next_table_index;
      return CopyGet(get, next_table_index++);
    }
    case LogicalOperatorKind::kFilter: {
      auto child = CopyScanChain(*op.children[0], next_table_index, renamed);
      if (!child) return nullptr;
      auto copy = std::make_unique<LogicalFilter>();
      for (auto& e : static_cast<const LogicalFilter&>(op).expressions) {
        auto renamed_expression = rename(*e);
        if (!renamed_expression) return nullptr;
        copy->expressions.push_back(std::move(renamed_expression));
      }
      copy->children.push_back(std::move(child));
      copy->types = op.types;
      return copy;
    }
    case LogicalOperatorKind::kProjection: {
      auto child = CopyScanChain(*op.children[0], next_table_index, renamed);
      if (!child) return nullptr;
      auto& projection = static_cast<const LogicalProjection&>(op);
      auto copy = std::make_unique<LogicalProjection>(next_table_index++);
      for (auto& e : projection.expressions) {
        auto renamed_expression = rename(*e);
        if (!renamed_expression) return nullptr;
        copy->expressions.push_back(std::move(renamed_expression));
      }
      renamed[projection.table_index] = copy->table_index;
      copy->children.push_back(std::move(child));
      copy->types = op.types;
      return copy;
    }
    default:
      return nullptr;
  }
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

std::unique_ptr<LogicalGet> CopyGet(const LogicalGet& get, idx_t table_index) {
  auto copy = std::make_unique<LogicalGet>();
  copy->table_index = table_index;
  copy->table = get.table;
  copy->alias = get.alias;
  copy->column_ids = get.column_ids;
  copy->filters = get.filters;
  copy->types = get.types;
  return copy;
}

idx_t NextTableIndex(const LogicalOperator& plan) {
  idx_t highest = 0;
  CollectTableIndexes(plan, highest);
  return highest + 1;
}

std::unique_ptr<LogicalOperator> SemiJoinChangedPartitions(LogicalOperator& op, const BoundExpression& predicate,
                                                           idx_t& next_table_index) {
  ComparisonKind comparison;
  Value constant;
  const BoundColumnRef* column = LowerBound(predicate, comparison, constant);
  const BoundExpression* argument = nullptr;
  std::vector<const BoundExpression*> keys;
  if (!column || constant.IsNull() || !MaxOverKeys(op, *column, argument, keys)) return nullptr;
  std::map<idx_t, idx_t> renamed;
  auto key_side = CopyScanChain(*op.children[0], next_table_index, renamed);
  if (!key_side) return nullptr;
  for (auto* e : keys) {
    if (!renamed.count(AsColumn(*e)->binding.table_index)) return nullptr;
  }
  if (!renamed.count(AsColumn(*argument)->binding.table_index)) return nullptr;
  auto in_copy = [&](const BoundExpression& e) {
    auto copy = e.Copy();
    auto& ref = static_cast<BoundColumnRef&>(*copy);
    ref.binding.table_index = renamed.at(ref.binding.table_index);
    return copy;
  };
  // The key side: the input's rows with x > c (the filter reaches the scan, and its zone
  // maps skip the row groups that cannot have such rows).
  auto recent = std::make_unique<LogicalFilter>();
  recent->expressions.push_back(std::make_unique<BoundComparison>(comparison, in_copy(*argument),
                                                                  std::make_unique<BoundConstant>(constant)));
  recent->children.push_back(std::move(key_side));
  recent->ResolveTypes();
  // NULL keys form a partition (group) too: keys match when not distinct.
  auto join = std::make_unique<LogicalJoin>(JoinType::kSemi);
  for (auto* key : keys) {
    join->conditions.push_back(JoinCondition{key->Copy(), in_copy(*key), ComparisonKind::kNotDistinctFrom});
  }
  join->children.push_back(std::move(op.children[0]));
  join->children.push_back(std::move(recent));
  join->ResolveTypes();
  return join;
}

}  // namespace stockroom
