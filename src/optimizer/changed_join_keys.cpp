#include "optimizer/changed_join_keys.hpp"

#include "optimizer/expression_rewriter.hpp"
#include "optimizer/expression_sets.hpp"
#include "optimizer/filter_pushdown.hpp"
#include "optimizer/key_lists.hpp"

namespace stockroom {

namespace {

using ExprPtr = std::unique_ptr<BoundExpression>;

// `op` semi-joined with the one-column plan `keys` on `key` (over op's output), placed
// below op's projections, filters, windows partitioned by the key and GROUP BYs of it.
void SemiJoinBelow(std::unique_ptr<LogicalOperator>& op, ExprPtr key, std::unique_ptr<LogicalOperator> keys) {
  switch (op->kind) {
    case LogicalOperatorKind::kFilter:
      return SemiJoinBelow(op->children[0], std::move(key), std::move(keys));
    case LogicalOperatorKind::kProjection: {
      auto& projection = static_cast<LogicalProjection&>(*op);
      if (auto inner = Substitute(*key, projection.table_index, projection.expressions)) {
        return SemiJoinBelow(op->children[0], std::move(inner), std::move(keys));
      }
      break;
    }
    case LogicalOperatorKind::kWindow:
      if (!ReferencedTables(*key).count(static_cast<LogicalWindow&>(*op).window_index) &&
          static_cast<LogicalWindow&>(*op).AllPartitionBy(*key)) {
        return SemiJoinBelow(op->children[0], std::move(key), std::move(keys));
      }
      break;
    case LogicalOperatorKind::kAggregate: {
      auto& agg = static_cast<LogicalAggregate&>(*op);
      if (agg.grouping_sets.empty() && !agg.groups.empty() && ReadsOnly(*key, agg.group_index)) {
        if (auto inner = Substitute(*key, agg.group_index, agg.groups)) {
          return SemiJoinBelow(op->children[0], std::move(inner), std::move(keys));
        }
      }
      break;
    }
    default:
      break;
  }
  ColumnBinding binding = keys->GetColumnBindings()[0];
  auto key_column = std::make_unique<BoundColumnRef>(keys->types[0], binding, "key");
  auto join = std::make_unique<LogicalJoin>(JoinType::kSemi);
  join->conditions.push_back(JoinCondition{std::move(key), std::move(key_column), ComparisonKind::kNotDistinctFrom});
  join->children.push_back(std::move(op));
  join->children.push_back(std::move(keys));
  join->ResolveTypes();
  op = std::move(join);
}

void SplitDisjunction(const BoundExpression& e, std::vector<const BoundExpression*>& out) {
  if (e.kind == BoundExprKind::kConjunction && !static_cast<const BoundConjunction&>(e).is_and) {
    for (auto& child : static_cast<const BoundConjunction&>(e).children) SplitDisjunction(*child, out);
  } else {
    out.push_back(&e);
  }
}

ExprPtr MakeDisjunction(const std::vector<const BoundExpression*>& parts) {
  if (parts.size() == 1) return parts[0]->Copy();
  BoundExpressionList children;
  for (auto* part : parts) children.push_back(part->Copy());
  return std::make_unique<BoundConjunction>(false, std::move(children));
}

// `column > bound` (or >=, either side) for a column of `side` and a bound of no columns:
// NULL on the join's NULL-extended rows, and the shape of "changed since". (Only this
// shape, so that the rule stays out of ordinary ORs, where the key sets could be large.)
bool ChangedSince(const BoundExpression& e, const std::set<idx_t>& side) {
  LowerBound lower;
  if (!AsLowerBound(e, BoundExprKind::kColumnRef, lower)) return false;
  auto& ref = static_cast<const BoundColumnRef&>(*lower.subject);
  return ref.depth == 0 && side.count(ref.binding.table_index) > 0;
}

}  // namespace

ExprPtr SplitGreatest(const BoundExpression& predicate) {
  LowerBound lower;
  if (!AsLowerBound(predicate, BoundExprKind::kFunction, lower)) return nullptr;
  auto& function = static_cast<const BoundFunction&>(*lower.subject);
  if (function.function.name != "greatest" || function.children.size() < 2) return nullptr;
  BoundExpressionList parts;
  for (auto& argument : function.children) {
    if (argument->type != function.type) return nullptr;
    parts.push_back(std::make_unique<BoundComparison>(lower.kind, argument->Copy(), lower.bound->Copy()));
  }
  return std::make_unique<BoundConjunction>(false, std::move(parts));
}

bool SemiJoinChangedJoinKeys(LogicalJoin& join, const BoundExpression& predicate, idx_t& next_table_index) {
  if (join.join_type != JoinType::kLeft || predicate.IsVolatile() || predicate.HasSubquery()) return false;
  std::set<idx_t> left_tables = OutputTables(*join.children[0]);
  std::set<idx_t> right_tables = OutputTables(*join.children[1]);
  std::vector<const BoundExpression*> disjuncts, left_parts, right_parts;
  SplitDisjunction(predicate, disjuncts);
  for (auto* d : disjuncts) {
    auto tables = ReferencedTables(*d);
    if (!tables.empty() && IsSubset(tables, left_tables)) {
      left_parts.push_back(d);
    } else if (!tables.empty() && IsSubset(tables, right_tables) && ChangedSince(*d, right_tables)) {
      right_parts.push_back(d);
    } else {
      return false;
    }
  }
  if (right_parts.empty()) return false;
  ExtractJoinConditions(join);
  for (auto& condition : join.conditions) {
    if (condition.comparison != ComparisonKind::kEqual || condition.left->type != condition.right->type) continue;
    // S, once for each side.
    auto keys_where = [&](const LogicalOperator& side, const BoundExpression& key,
                          const std::vector<const BoundExpression*>& parts) {
      BoundExpressionList keys;
      keys.push_back(key.Copy());
      return KeysWhere(side, std::move(keys), MakeDisjunction(parts), next_table_index);
    };
    auto changed_keys = [&]() -> std::unique_ptr<LogicalOperator> {
      auto right = keys_where(*join.children[1], *condition.right, right_parts);
      if (!right || left_parts.empty()) return right;
      auto left = keys_where(*join.children[0], *condition.left, left_parts);
      if (!left) return nullptr;
      auto both = std::make_unique<LogicalSetOperation>(next_table_index++, SetOpType::kUnion, true);
      both->children.push_back(std::move(left));
      both->children.push_back(std::move(right));
      both->ResolveTypes();
      return both;
    };
    auto for_left = changed_keys();
    if (!for_left) continue;
    auto for_right = changed_keys();
    SemiJoinBelow(join.children[0], condition.left->Copy(), std::move(for_left));
    SemiJoinBelow(join.children[1], condition.right->Copy(), std::move(for_right));
    join.ResolveTypes();
    return true;
  }
  return false;
}

}  // namespace stockroom
