#include "optimizer/key_lists.hpp"

#include "optimizer/expression_rewriter.hpp"
#include "optimizer/expression_sets.hpp"

namespace stockroom {

namespace {

using ExprPtr = std::unique_ptr<BoundExpression>;

bool HasColumns(const BoundExpression& e) {
  bool found = false;
  VisitExpression(e, [&](const BoundExpression& node) { found = found || node.kind == BoundExprKind::kColumnRef; });
  return found;
}

bool AllReadOnly(const BoundExpressionList& keys, idx_t table) {
  for (auto& key : keys) {
    if (!ReadsOnly(*key, table)) return false;
  }
  return true;
}

// `keys` with the columns of `table` replaced by `by`; false when one cannot be.
bool SubstituteAll(BoundExpressionList& keys, idx_t table, const BoundExpressionList& by) {
  for (auto& key : keys) {
    key = Substitute(*key, table, by);
    if (!key) return false;
  }
  return true;
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

}  // namespace

bool AsLowerBound(const BoundExpression& p, BoundExprKind subject_kind, LowerBound& out) {
  if (p.kind != BoundExprKind::kComparison) return false;
  auto& cmp = static_cast<const BoundComparison&>(p);
  out = {cmp.left.get(), cmp.right.get(), cmp.comparison};
  if (out.subject->kind != subject_kind) {
    std::swap(out.subject, out.bound);
    out.kind = FlipComparison(out.kind);
  }
  bool lower = out.kind == ComparisonKind::kGreater || out.kind == ComparisonKind::kGreaterEqual;
  return lower && out.subject->kind == subject_kind && !HasColumns(*out.bound) && !out.bound->IsVolatile();
}

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

std::unique_ptr<LogicalOperator> KeysWhere(const LogicalOperator& op, BoundExpressionList keys, ExprPtr predicate,
                                           idx_t& next) {
  switch (op.kind) {
    case LogicalOperatorKind::kFilter:
      return KeysWhere(*op.children[0], std::move(keys), std::move(predicate), next);
    case LogicalOperatorKind::kProjection: {
      auto& projection = static_cast<const LogicalProjection&>(op);
      predicate = Substitute(*predicate, projection.table_index, projection.expressions);
      if (!predicate || !SubstituteAll(keys, projection.table_index, projection.expressions)) return nullptr;
      return KeysWhere(*op.children[0], std::move(keys), std::move(predicate), next);
    }
    case LogicalOperatorKind::kWindow: {
      idx_t window_index = static_cast<const LogicalWindow&>(op).window_index;
      if (ReferencedTables(*predicate).count(window_index)) return nullptr;
      for (auto& key : keys) {
        if (ReferencedTables(*key).count(window_index)) return nullptr;
      }
      return KeysWhere(*op.children[0], std::move(keys), std::move(predicate), next);
    }
    case LogicalOperatorKind::kAggregate: {
      auto& agg = static_cast<const LogicalAggregate&>(op);
      if (!agg.grouping_sets.empty() || agg.groups.empty() || !AllReadOnly(keys, agg.group_index)) return nullptr;
      predicate = BelowAggregate(*predicate, agg);
      if (!predicate || !SubstituteAll(keys, agg.group_index, agg.groups)) return nullptr;
      return KeysWhere(*op.children[0], std::move(keys), std::move(predicate), next);
    }
    case LogicalOperatorKind::kGet: {
      auto& get = static_cast<const LogicalGet&>(op);
      if (!AllReadOnly(keys, get.table_index) || !ReadsOnly(*predicate, get.table_index)) return nullptr;
      auto scan = std::make_unique<LogicalGet>();
      scan->table_index = next++;
      scan->table = get.table;
      scan->alias = get.alias;
      scan->column_ids = get.column_ids;
      scan->filters = get.filters;
      scan->types = get.types;
      auto rename = [&](ExprPtr& e) {
        RewriteExpression(e, [&](ExprPtr& node) {
          if (node->kind == BoundExprKind::kColumnRef) {
            static_cast<BoundColumnRef&>(*node).binding.table_index = scan->table_index;
          }
        });
      };
      rename(predicate);
      for (auto& key : keys) rename(key);
      auto filter = std::make_unique<LogicalFilter>();
      filter->expressions.push_back(std::move(predicate));
      filter->children.push_back(std::move(scan));
      filter->ResolveTypes();
      auto projection = std::make_unique<LogicalProjection>(next++);
      projection->expressions = std::move(keys);
      projection->children.push_back(std::move(filter));
      projection->ResolveTypes();
      return projection;
    }
    default:
      return nullptr;
  }
}

}  // namespace stockroom
