#include "optimizer/changed_join_keys.hpp"

#include "optimizer/changed_partitions.hpp"
#include "optimizer/expression_rewriter.hpp"
#include "optimizer/expression_sets.hpp"
#include "optimizer/filter_pushdown.hpp"

namespace stockroom {

namespace {

using ExprPtr = std::unique_ptr<BoundExpression>;

bool IsLowerBound(ComparisonKind kind) { return kind == ComparisonKind::kGreater || kind == ComparisonKind::kGreaterEqual; }

bool HasColumns(const BoundExpression& e) {
  bool found = false;
  VisitExpression(e, [&](const BoundExpression& node) { found = found || node.kind == BoundExprKind::kColumnRef; });
  return found;
}

// `subject > bound` or `subject >= bound` (either way round), where the subject is an
// expression of `subject_kind` and the bound reads no columns.
struct LowerBound {
  const BoundExpression* subject = nullptr;
  const BoundExpression* bound = nullptr;
  ComparisonKind kind = ComparisonKind::kGreater;
};

bool AsLowerBound(const BoundExpression& p, BoundExprKind subject_kind, LowerBound& out) {
  if (p.kind != BoundExprKind::kComparison) return false;
  auto& cmp = static_cast<const BoundComparison&>(p);
  out = {cmp.left.get(), cmp.right.get(), cmp.comparison};
  if (out.subject->kind != subject_kind) {
    std::swap(out.subject, out.bound);
    out.kind = FlipComparison(out.kind);
  }
  return IsLowerBound(out.kind) && out.subject->kind == subject_kind && !HasColumns(*out.bound) &&
         !out.bound->IsVolatile();
}

// Whether every column `e` reads at this level comes from `table`, and `e` is deterministic.
bool ReadsOnly(const BoundExpression& e, idx_t table) {
  if (e.IsVolatile() || e.HasSubquery()) return false;
  bool correlated = false;
  VisitExpression(e, [&](const BoundExpression& node) {
    correlated = correlated || (node.kind == BoundExprKind::kColumnRef && static_cast<const BoundColumnRef&>(node).depth != 0);
  });
  if (correlated) return false;
  auto tables = ReferencedTables(e);
  return tables.size() == 1 && tables.count(table);
}

// `e` with the columns of `table` replaced by `by` (an operator's output expressions);
// null when one of them is an aggregate, window or volatile expression.
ExprPtr Substitute(const BoundExpression& e, idx_t table, const BoundExpressionList& by) {
  bool ok = true;
  auto copy = e.Copy();
  RewriteExpression(copy, [&](ExprPtr& node) {
    if (node->kind != BoundExprKind::kColumnRef) return;
    auto& ref = static_cast<BoundColumnRef&>(*node);
    if (ref.depth != 0 || ref.binding.table_index != table) return;
    const BoundExpression& target = *by[ref.binding.column_index];
    if (target.IsVolatile() || target.HasWindow() || target.HasAggregate()) ok = false;
    node = target.Copy();
  });
  return ok ? std::move(copy) : nullptr;
}

// A predicate over an aggregate's output as one over its input that some row of every
// group passing it also passes: group-column predicates as they are, `max(x) > c` as
// `x > c`, and ORs of those.
ExprPtr BelowAggregate(const BoundExpression& p, const LogicalAggregate& agg) {
  if (ReadsOnly(p, agg.group_index)) return Substitute(p, agg.group_index, agg.groups);
  if (p.kind == BoundExprKind::kConjunction && !static_cast<const BoundConjunction&>(p).is_and) {
    BoundExpressionList parts;
    for (auto& child : static_cast<const BoundConjunction&>(p).children) {
      auto part = BelowAggregate(*child, agg);
      if (!part) return nullptr;
      parts.push_back(std::move(part));
    }
    return std::make_unique<BoundConjunction>(false, std::move(parts));
  }
  LowerBound lower;
  if (!AsLowerBound(p, BoundExprKind::kColumnRef, lower)) return nullptr;
  auto& ref = static_cast<const BoundColumnRef&>(*lower.subject);
  if (ref.depth != 0 || ref.binding.table_index != agg.aggregate_index) return nullptr;
  auto& a = static_cast<const BoundAggregate&>(*agg.aggregates[ref.binding.column_index]);
  if (a.function.name != "max" || a.distinct || a.filter || a.children.size() != 1) return nullptr;
  return std::make_unique<BoundComparison>(lower.kind, a.children[0]->Copy(), lower.bound->Copy());
}

// A plan of one column: `key` of the rows of `op` passing `predicate` (both over op's
// output), or more, computed from a fresh scan of op's table; null when op is not a chain
// of filters (dropped: more keys is fine), projections, windows, GROUP BYs of the key and
// a scan.
std::unique_ptr<LogicalOperator> KeysWhere(const LogicalOperator& op, ExprPtr key, ExprPtr predicate, idx_t& next) {
  switch (op.kind) {
    case LogicalOperatorKind::kFilter:
      return KeysWhere(*op.children[0], std::move(key), std::move(predicate), next);
    case LogicalOperatorKind::kProjection: {
      auto& projection = static_cast<const LogicalProjection&>(op);
      key = Substitute(*key, projection.table_index, projection.expressions);
      predicate = Substitute(*predicate, projection.table_index, projection.expressions);
      if (!key || !predicate) return nullptr;
      return KeysWhere(*op.children[0], std::move(key), std::move(predicate), next);
    }
    case LogicalOperatorKind::kWindow: {
      idx_t window_index = static_cast<const LogicalWindow&>(op).window_index;
      if (ReferencedTables(*key).count(window_index) || ReferencedTables(*predicate).count(window_index)) return nullptr;
      return KeysWhere(*op.children[0], std::move(key), std::move(predicate), next);
    }
    case LogicalOperatorKind::kAggregate: {
      auto& agg = static_cast<const LogicalAggregate&>(op);
      if (!agg.grouping_sets.empty() || agg.groups.empty() || !ReadsOnly(*key, agg.group_index)) return nullptr;
      key = Substitute(*key, agg.group_index, agg.groups);
      predicate = BelowAggregate(*predicate, agg);
      if (!key || !predicate) return nullptr;
      return KeysWhere(*op.children[0], std::move(key), std::move(predicate), next);
    }
    case LogicalOperatorKind::kGet: {
      auto& get = static_cast<const LogicalGet&>(op);
      if (!ReadsOnly(*key, get.table_index) || !ReadsOnly(*predicate, get.table_index)) return nullptr;
      idx_t copy_index = next++;
      auto rename = [&](ExprPtr& e) {
        RewriteExpression(e, [&](ExprPtr& node) {
          if (node->kind == BoundExprKind::kColumnRef) static_cast<BoundColumnRef&>(*node).binding.table_index = copy_index;
        });
      };
      rename(key);
      rename(predicate);
      auto filter = std::make_unique<LogicalFilter>();
      filter->expressions.push_back(std::move(predicate));
      filter->children.push_back(CopyGet(get, copy_index));
      filter->ResolveTypes();
      auto projection = std::make_unique<LogicalProjection>(next++);
      projection->expressions.push_back(std::move(key));
      projection->children.push_back(std::move(filter));
      projection->ResolveTypes();
      return projection;
    }
    default:
      return nullptr;
  }
}

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
    auto changed_keys = [&]() -> std::unique_ptr<LogicalOperator> {
      auto right = KeysWhere(*join.children[1], condition.right->Copy(), MakeDisjunction(right_parts), next_table_index);
      if (!right || left_parts.empty()) return right;
      auto left = KeysWhere(*join.children[0], condition.left->Copy(), MakeDisjunction(left_parts), next_table_index);
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
