#include "optimizer/join_order/join_order_optimizer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>

#include "optimizer/expression_sets.hpp"
#include "optimizer/filter_pushdown.hpp"

namespace stockroom {

namespace {

using RelationSet = uint64_t;

struct Relation {
  std::unique_ptr<LogicalOperator> op;
  std::set<idx_t> tables;
  double rows = 1;
};

struct Predicate {
  std::unique_ptr<BoundExpression> expr;
  RelationSet relations = 0;
  double selectivity = 1;
};

// Collects the relations and predicates of an inner-join tree.
void Collect(std::unique_ptr<LogicalOperator> op, std::vector<Relation>& relations, BoundExpressionList& predicates) {
  bool inner_join = op->kind == LogicalOperatorKind::kJoin && static_cast<LogicalJoin&>(*op).join_type == JoinType::kInner;
  if (op->kind == LogicalOperatorKind::kCrossProduct || inner_join) {
    if (inner_join) {
      auto& join = static_cast<LogicalJoin&>(*op);
      for (auto& c : join.conditions) {
        predicates.push_back(std::make_unique<BoundComparison>(c.comparison, std::move(c.left), std::move(c.right)));
      }
      if (join.residual) SplitConjunction(std::move(join.residual), predicates);
    }
    Collect(std::move(op->children[0]), relations, predicates);
    Collect(std::move(op->children[1]), relations, predicates);
    return;
  }
  if (op->kind == LogicalOperatorKind::kFilter && relations.size() < 64) {
    // A filter over a join (a predicate that could not be pushed, e.g. volatile) stays with
    // its subtree: treat the whole filter as one relation.
  }
  Relation r;
  r.tables = OutputTables(*op);
  r.op = std::move(op);
  relations.push_back(std::move(r));
}

bool IsEquiJoinPredicate(const BoundExpression& e) {
  return e.kind == BoundExprKind::kComparison &&
         static_cast<const BoundComparison&>(e).comparison == ComparisonKind::kEqual;
}

bool IsInnerJoinTree(const LogicalOperator& op) {
  return op.kind == LogicalOperatorKind::kCrossProduct ||
         (op.kind == LogicalOperatorKind::kJoin && static_cast<const LogicalJoin&>(op).join_type == JoinType::kInner);
}

// Moves a semi or anti join over an inner-join tree down to the smallest subtree that holds
// every column it tests: `o_orderkey IN (SELECT ...)` then filters orders before orders meet
// lineitem. Filtering one side of an inner join by its own columns commutes with the join.
// It only moves below a join when its own input (hashed) is no larger than the subtree it
// would filter: otherwise filtering the join's smaller result is cheaper (TPC-H q21).
void PushSemiJoinDown(std::unique_ptr<LogicalOperator>& tree, std::unique_ptr<LogicalOperator> semi,
                      const std::set<idx_t>& needed, const std::function<double(LogicalOperator&)>& estimate) {
  if (IsInnerJoinTree(*tree)) {
    for (auto& child : tree->children) {
      auto tables = OutputTables(*child);
      if (std::includes(tables.begin(), tables.end(), needed.begin(), needed.end()) &&
          estimate(*semi->children[1]) <= estimate(*child)) {
        PushSemiJoinDown(child, std::move(semi), needed, estimate);
        tree->ResolveTypes();
        return;
      }
    }
  }
  semi->children[0] = std::move(tree);
  semi->ResolveTypes();
  tree = std::move(semi);
}

// The left-side tables a semi/anti join reads, or nullopt when it cannot be pushed down.
std::optional<std::set<idx_t>> SemiJoinInputs(const LogicalJoin& join) {
  if ((join.join_type != JoinType::kSemi && join.join_type != JoinType::kAnti) || join.mark_condition) {
    return std::nullopt;
  }
  auto right = OutputTables(*join.children[1]);
  std::set<idx_t> needed;
  auto add = [&](const BoundExpression& e) {
    for (idx_t t : ReferencedTables(e)) {
      if (!right.count(t)) needed.insert(t);
    }
  };
  for (auto& c : join.conditions) {
    add(*c.left);
    add(*c.right);
  }
  if (join.residual) add(*join.residual);
  if (needed.empty()) return std::nullopt;
  return needed;
}

struct Plan {
  double cost = std::numeric_limits<double>::infinity();
  double rows = 0;
  RelationSet left = 0;  // 0 for a single relation
  RelationSet right = 0;
};

}  // namespace

std::unique_ptr<LogicalOperator> JoinOrderOptimizer::Optimize(std::unique_ptr<LogicalOperator> op) {
  if (op->kind == LogicalOperatorKind::kJoin && IsInnerJoinTree(*op->children[0])) {
    if (auto needed = SemiJoinInputs(static_cast<LogicalJoin&>(*op))) {
      std::unique_ptr<LogicalOperator> tree = std::move(op->children[0]);
      op->children[0] = nullptr;
      PushSemiJoinDown(tree, std::move(op), *needed, [&](LogicalOperator& o) { return estimator_.Estimate(o); });
      if (IsInnerJoinTree(*tree)) return Optimize(std::move(tree));
      op = std::move(tree);
    }
  }
  bool inner_join = op->kind == LogicalOperatorKind::kJoin && static_cast<LogicalJoin&>(*op).join_type == JoinType::kInner;
  if (op->kind != LogicalOperatorKind::kCrossProduct && !inner_join) {
    for (auto& c : op->children) c = Optimize(std::move(c));
    op->ResolveTypes();
    return op;
  }
  std::vector<Relation> relations;
  BoundExpressionList raw_predicates;
  std::vector<ColumnBinding> original_bindings = op->GetColumnBindings();
  Collect(std::move(op), relations, raw_predicates);
  if (relations.size() > 62) {
    // Too many to track in a bitmask: keep the written order.
    std::unique_ptr<LogicalOperator> tree = std::move(relations[0].op);
    for (size_t i = 1; i < relations.size(); i++) {
      auto cross = std::make_unique<LogicalCrossProduct>();
      cross->children.push_back(std::move(tree));
      cross->children.push_back(std::move(relations[i].op));
      cross->ResolveTypes();
      tree = std::move(cross);
    }
    auto filter = std::make_unique<LogicalFilter>();
    filter->expressions = std::move(raw_predicates);
    filter->children.push_back(std::move(tree));
    filter->ResolveTypes();
    return filter;
  }
  for (auto& r : relations) {
    r.op = Optimize(std::move(r.op));
    r.rows = std::max(1.0, estimator_.Estimate(*r.op));
  }
  size_t n = relations.size();
  std::vector<Predicate> predicates;
  for (auto& p : raw_predicates) {
    Predicate pred;
    auto tables = ReferencedTables(*p);
    for (size_t i = 0; i < n; i++) {
      for (idx_t t : tables) {
        if (relations[i].tables.count(t)) pred.relations |= RelationSet(1) << i;
      }
    }
    pred.selectivity = estimator_.Selectivity(*p, 1e9);
    pred.expr = std::move(p);
    predicates.push_back(std::move(pred));
  }
  // Several equalities between the same two relations are usually one composite key
  // (partsupp's (partkey, suppkey)) whose columns are correlated, not independent: only the
  // most selective of them counts. Multiplying them underestimates by orders of magnitude.
  for (size_t a = 0; a < predicates.size(); a++) {
    if (!IsEquiJoinPredicate(*predicates[a].expr) || __builtin_popcountll(predicates[a].relations) != 2) continue;
    for (size_t b = a + 1; b < predicates.size(); b++) {
      if (predicates[b].relations != predicates[a].relations || !IsEquiJoinPredicate(*predicates[b].expr)) continue;
      double strongest = std::min(predicates[a].selectivity, predicates[b].selectivity);
      predicates[a].selectivity = strongest;
      predicates[b].selectivity = 1;
    }
  }
  // Estimated rows of every relation subset: product of relation rows and of the
  // selectivities of the predicates inside the subset.
  auto subset_rows = [&](RelationSet s) {
    double rows = 1;
    for (size_t i = 0; i < n; i++) {
      if (s & (RelationSet(1) << i)) rows *= relations[i].rows;
    }
    for (auto& p : predicates) {
      if (p.relations && (p.relations & s) == p.relations) rows *= p.selectivity;
    }
    return std::max(1.0, rows);
  };
  auto connected = [&](RelationSet a, RelationSet b) {
    for (auto& p : predicates) {
      if ((p.relations & a) && (p.relations & b) && (p.relations & ~(a | b)) == 0) return true;
    }
    return false;
  };
  std::map<RelationSet, Plan> best;
  for (size_t i = 0; i < n; i++) best[RelationSet(1) << i] = Plan{0, relations[i].rows, 0, 0};
  RelationSet all = (n == 64) ? ~RelationSet(0) : ((RelationSet(1) << n) - 1);
  if (n <= 12) {
    // Subsets in increasing size; splits into two connected, joined halves.
    std::vector<RelationSet> subsets;
    for (RelationSet s = 1; s <= all; s++) subsets.push_back(s);
    std::stable_sort(subsets.begin(), subsets.end(),
                     [](RelationSet a, RelationSet b) { return __builtin_popcountll(a) < __builtin_popcountll(b); });
    for (RelationSet s : subsets) {
      if (__builtin_popcountll(s) < 2) continue;
      double rows = subset_rows(s);
      Plan plan;
      for (RelationSet left = (s - 1) & s; left > 0; left = (left - 1) & s) {
        RelationSet right = s & ~left;
        if (left < right) continue;  // each split once
        auto l = best.find(left), r = best.find(right);
        if (l == best.end() || r == best.end()) continue;
        if (!connected(left, right)) continue;
        double cost = l->second.cost + r->second.cost + rows;
        if (cost < plan.cost) plan = Plan{cost, rows, left, right};
      }
      if (plan.left) best[s] = plan;
    }
  }
  if (!best.count(all)) {
    // Greedy: join the pair of components with the smallest result (cross products last).
    std::vector<RelationSet> components;
    for (auto& [set, plan] : best) {
      bool maximal = true;
      for (auto& [other, _] : best) {
        if (other != set && (other & set) == set) maximal = false;
      }
      if (maximal) components.push_back(set);
    }
    // Start from single relations when DP was skipped.
    if (n > 12) {
      components.clear();
      for (size_t i = 0; i < n; i++) components.push_back(RelationSet(1) << i);
    }
    while (components.size() > 1) {
      double best_cost = std::numeric_limits<double>::infinity();
      size_t bi = 0, bj = 1;
      for (size_t i = 0; i < components.size(); i++) {
        for (size_t j = i + 1; j < components.size(); j++) {
          double rows = subset_rows(components[i] | components[j]);
          double cost = rows * (connected(components[i], components[j]) ? 1 : 1e6);
          if (cost < best_cost) {
            best_cost = cost;
            bi = i;
            bj = j;
          }
        }
      }
      RelationSet merged = components[bi] | components[bj];
      double rows = subset_rows(merged);
      best[merged] = Plan{best[components[bi]].cost + best[components[bj]].cost + rows, rows, components[bi], components[bj]};
      components.erase(components.begin() + bj);
      components[bi] = merged;
    }
    all = components[0];
  }
  // Build the tree; each predicate goes to the lowest join covering it.
  std::vector<bool> used(predicates.size(), false);
  std::function<std::unique_ptr<LogicalOperator>(RelationSet)> build = [&](RelationSet s) -> std::unique_ptr<LogicalOperator> {
    const Plan& plan = best[s];
    if (!plan.left) {
      int index = __builtin_ctzll(s);
      std::unique_ptr<LogicalOperator> rel = std::move(relations[index].op);
      // Predicates over this relation alone (constant-free leftovers) filter it.
      BoundExpressionList local;
      for (size_t p = 0; p < predicates.size(); p++) {
        if (!used[p] && predicates[p].relations == s) {
          used[p] = true;
          local.push_back(std::move(predicates[p].expr));
        }
      }
      if (!local.empty()) {
        auto filter = std::make_unique<LogicalFilter>();
        filter->expressions = std::move(local);
        filter->children.push_back(std::move(rel));
        filter->ResolveTypes();
        filter->estimated_rows = best[s].rows;
        rel = std::move(filter);
      }
      return rel;
    }
    RelationSet left = plan.left, right = plan.right;
    // The smaller side is the hash join's build (right) side.
    if (best[left].rows < best[right].rows) std::swap(left, right);
    auto l = build(left);
    auto r = build(right);
    BoundExpressionList join_preds;
    for (size_t p = 0; p < predicates.size(); p++) {
      if (used[p]) continue;
      RelationSet rel = predicates[p].relations;
      if ((rel & s) == rel && (rel & left) != rel && (rel & right) != rel) {
        used[p] = true;
        join_preds.push_back(std::move(predicates[p].expr));
      }
    }
    std::unique_ptr<LogicalOperator> result;
    if (join_preds.empty()) {
      result = std::make_unique<LogicalCrossProduct>();
      result->children.push_back(std::move(l));
      result->children.push_back(std::move(r));
    } else {
      auto join = std::make_unique<LogicalJoin>(JoinType::kInner);
      join->children.push_back(std::move(l));
      join->children.push_back(std::move(r));
      join->residual = MakeConjunction(std::move(join_preds));
      ExtractJoinConditions(*join);
      result = std::move(join);
    }
    result->ResolveTypes();
    result->estimated_rows = plan.rows;
    return result;
  };
  auto tree = build(all);
  // Predicates referencing no relation (constants) filter the top.
  BoundExpressionList rest;
  for (size_t p = 0; p < predicates.size(); p++) {
    if (!used[p]) rest.push_back(std::move(predicates[p].expr));
  }
  if (!rest.empty()) {
    auto filter = std::make_unique<LogicalFilter>();
    filter->expressions = std::move(rest);
    filter->children.push_back(std::move(tree));
    filter->ResolveTypes();
    tree = std::move(filter);
  }
  (void)original_bindings;
  return tree;
}

}  // namespace stockroom
