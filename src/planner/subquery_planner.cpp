#include "planner/subquery_planner.hpp"

#include <algorithm>

#include "binder/expression_binder.hpp"
#include "binder/type_coercion.hpp"
#include "common/error/exception.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

int Pos(int location) { return location >= 0 ? location + 1 : 0; }

// Calls `fn` on every column reference in every expression of the plan rooted at `op`.
void ForEachColumnRef(LogicalOperator& op, const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) {
  op.ForEachExpression([&](std::unique_ptr<BoundExpression>& e) {
    RewriteExpression(e, [&](std::unique_ptr<BoundExpression>& node) {
      if (node->kind == BoundExprKind::kColumnRef) fn(node);
    });
  });
  for (auto& c : op.children) ForEachColumnRef(*c, fn);
}

bool ExpressionHasDepth(const BoundExpression& e, idx_t depth) {
  bool found = false;
  VisitExpression(e, [&](const BoundExpression& node) {
    if (node.kind == BoundExprKind::kColumnRef && static_cast<const BoundColumnRef&>(node).depth == depth) found = true;
  });
  return found;
}

bool PlanHasDepth(LogicalOperator& op, idx_t depth) {
  bool found = false;
  ForEachColumnRef(op, [&](std::unique_ptr<BoundExpression>& e) {
    if (static_cast<BoundColumnRef&>(*e).depth == depth) found = true;
  });
  return found;
}

// Moves a subquery's plan one query level out: references to outer levels get one closer.
void DecrementDepths(LogicalOperator& op) {
  ForEachColumnRef(op, [&](std::unique_ptr<BoundExpression>& e) {
    auto& ref = static_cast<BoundColumnRef&>(*e);
    if (ref.depth > 0) ref.depth--;
  });
}
void DecrementDepths(BoundExpression& expr) {
  std::unique_ptr<BoundExpression> holder(&expr);
  RewriteExpression(holder, [&](std::unique_ptr<BoundExpression>& node) {
    if (node->kind == BoundExprKind::kColumnRef) {
      auto& ref = static_cast<BoundColumnRef&>(*node);
      if (ref.depth > 0) ref.depth--;
    }
  });
  holder.release();
}

std::unique_ptr<BoundExpression> Not(std::unique_ptr<BoundExpression> e) {
  BoundExpressionList children;
  children.push_back(std::move(e));
  return std::make_unique<BoundOperator>(OperatorKind::kNot, TypeId::kBoolean, std::move(children));
}

std::unique_ptr<BoundExpression> AndAll(BoundExpressionList parts) {
  if (parts.empty()) return nullptr;
  if (parts.size() == 1) return std::move(parts[0]);
  return std::make_unique<BoundConjunction>(true, std::move(parts));
}

void SplitConjunction(std::unique_ptr<BoundExpression> expr, BoundExpressionList& out) {
  if (expr->kind == BoundExprKind::kConjunction && static_cast<BoundConjunction&>(*expr).is_and) {
    for (auto& c : static_cast<BoundConjunction&>(*expr).children) SplitConjunction(std::move(c), out);
    return;
  }
  out.push_back(std::move(expr));
}

// The shape the fast path handles: [Projection] over Filters over an operator without
// correlation. The correlated predicates become join conditions.
struct PullUp {
  std::unique_ptr<LogicalOperator> base;
  BoundExpressionList correlated;    // predicates using outer columns
  BoundExpressionList uncorrelated;  // predicates that stay below the join
  std::unique_ptr<BoundExpression> output;  // first output column (IN/ANY)
};

bool TryPullUp(std::unique_ptr<LogicalOperator>& plan, bool needs_output, PullUp& result) {
  LogicalOperator* op = plan.get();
  LogicalProjection* projection = nullptr;
  if (op->kind == LogicalOperatorKind::kProjection) {
    projection = static_cast<LogicalProjection*>(op);
    op = op->children[0].get();
  }
  std::vector<LogicalFilter*> filters;
  while (op->kind == LogicalOperatorKind::kFilter) {
    filters.push_back(static_cast<LogicalFilter*>(op));
    op = op->children[0].get();
  }
  if (filters.empty() || PlanHasDepth(*op, 1)) return false;
  if (needs_output && !projection) return false;
  if (projection) {
    for (auto& e : projection->expressions) {
      if (ExpressionHasDepth(*e, 1)) return false;
    }
    if (needs_output) {
      if (projection->expressions[0]->IsVolatile()) return false;
      result.output = projection->expressions[0]->Copy();
    }
  }
  for (auto* f : filters) {
    for (auto& e : f->expressions) {
      BoundExpressionList parts;
      SplitConjunction(std::move(e), parts);
      for (auto& p : parts) {
        if (ExpressionHasDepth(*p, 1)) result.correlated.push_back(std::move(p));
        else result.uncorrelated.push_back(std::move(p));
      }
    }
  }
  result.base = std::move(filters.back()->children[0]);
  plan.reset();
  return true;
}

std::unique_ptr<LogicalOperator> WithFilter(std::unique_ptr<LogicalOperator> child, BoundExpressionList predicates) {
  if (predicates.empty()) return child;
  auto filter = std::make_unique<LogicalFilter>();
  filter->expressions = std::move(predicates);
  filter->children.push_back(std::move(child));
  filter->ResolveTypes();
  return filter;
}

bool IsCountAggregate(const BoundExpression& e) {
  if (e.kind != BoundExprKind::kAggregate) return false;
  auto& name = static_cast<const BoundAggregate&>(e).function.name;
  return name == "count" || name == "count_star" || name == "approx_count_distinct";
}

// Rewrites a correlated subquery plan into one that no longer references the outer query:
// the distinct outer values (the "delim" relation D) are joined in where the correlation
// is, and carried up as extra output columns.
class DependentJoinFlattener {
 public:
  DependentJoinFlattener(Binder& binder, std::vector<CorrelatedColumn> columns, std::function<std::unique_ptr<LogicalOperator>()> make_delim)
      : binder_(binder), columns_(std::move(columns)), make_delim_(std::move(make_delim)) {}

  // Returns the rewritten plan; `map` receives, for each correlated column, the binding
  // in the new plan's output that carries its value.
  std::unique_ptr<LogicalOperator> Push(std::unique_ptr<LogicalOperator> op, std::vector<ColumnBinding>& map) {
    if (!PlanHasDepth(*op, 1)) {
      auto delim = make_delim_();
      map = delim->GetColumnBindings();
      auto cross = std::make_unique<LogicalCrossProduct>();
      cross->children.push_back(std::move(op));
      cross->children.push_back(std::move(delim));
      cross->ResolveTypes();
      return cross;
    }
    switch (op->kind) {
      case LogicalOperatorKind::kFilter: {
        op->children[0] = Push(std::move(op->children[0]), map);
        Rewrite(*op, map);
        op->ResolveTypes();
        return op;
      }
      case LogicalOperatorKind::kProjection: {
        auto& proj = static_cast<LogicalProjection&>(*op);
        std::vector<ColumnBinding> child_map;
        proj.children[0] = Push(std::move(proj.children[0]), child_map);
        Rewrite(proj, child_map);
        map.clear();
        for (size_t i = 0; i < columns_.size(); i++) {
          proj.expressions.push_back(std::make_unique<BoundColumnRef>(columns_[i].type, child_map[i], columns_[i].name));
          map.push_back({proj.table_index, proj.expressions.size() - 1});
        }
        proj.ResolveTypes();
        return op;
      }
      case LogicalOperatorKind::kAggregate: {
        auto& agg = static_cast<LogicalAggregate&>(*op);
        if (!agg.grouping_sets.empty()) Unsupported("GROUPING SETS");
        bool ungrouped = agg.groups.empty();
        std::vector<ColumnBinding> child_map;
        agg.children[0] = Push(std::move(agg.children[0]), child_map);
        Rewrite(agg, child_map);
        std::vector<ColumnBinding> group_map;
        for (size_t i = 0; i < columns_.size(); i++) {
          agg.groups.push_back(std::make_unique<BoundColumnRef>(columns_[i].type, child_map[i], columns_[i].name));
          group_map.push_back({agg.group_index, agg.groups.size() - 1});
        }
        agg.ResolveTypes();
        if (!ungrouped) {
          map = group_map;
          return op;
        }
        // An ungrouped aggregate returns one row even for no input; keep that for every
        // outer value with a left join from D (count() becomes 0 above, see Coalesce).
        for (idx_t i = 0; i < agg.aggregates.size(); i++) {
          if (IsCountAggregate(*agg.aggregates[i])) count_bindings_.push_back({agg.aggregate_index, i});
        }
        auto delim = make_delim_();
        map = delim->GetColumnBindings();
        auto join = std::make_unique<LogicalJoin>(JoinType::kLeft);
        BoundExpressionList conds;
        for (size_t i = 0; i < columns_.size(); i++) {
          conds.push_back(std::make_unique<BoundComparison>(
              ComparisonKind::kNotDistinctFrom, std::make_unique<BoundColumnRef>(columns_[i].type, map[i], columns_[i].name),
              std::make_unique<BoundColumnRef>(columns_[i].type, group_map[i], columns_[i].name)));
        }
        join->residual = AndAll(std::move(conds));
        join->children.push_back(std::move(delim));
        join->children.push_back(std::move(op));
        join->ResolveTypes();
        return join;
      }
      case LogicalOperatorKind::kJoin:
      case LogicalOperatorKind::kCrossProduct: {
        bool left_correlated = PlanHasDepth(*op->children[0], 1);
        bool right_correlated = PlanHasDepth(*op->children[1], 1);
        JoinType type = op->kind == LogicalOperatorKind::kJoin ? static_cast<LogicalJoin&>(*op).join_type : JoinType::kInner;
        if (type != JoinType::kInner) {
          if ((type == JoinType::kLeft || type == JoinType::kSemi || type == JoinType::kAnti ||
               type == JoinType::kMark || type == JoinType::kSingle) && !right_correlated) {
            // Correlation only on the preserved side: push into it.
          } else {
            Unsupported("outer joins");
          }
        }
        if (left_correlated && right_correlated) {
          std::vector<ColumnBinding> left_map, right_map;
          op->children[0] = Push(std::move(op->children[0]), left_map);
          op->children[1] = Push(std::move(op->children[1]), right_map);
          BoundExpressionList conds;
          for (size_t i = 0; i < columns_.size(); i++) {
            conds.push_back(std::make_unique<BoundComparison>(
                ComparisonKind::kNotDistinctFrom,
                std::make_unique<BoundColumnRef>(columns_[i].type, left_map[i], columns_[i].name),
                std::make_unique<BoundColumnRef>(columns_[i].type, right_map[i], columns_[i].name)));
          }
          std::unique_ptr<LogicalJoin> join;
          if (op->kind == LogicalOperatorKind::kJoin) {
            join.reset(static_cast<LogicalJoin*>(op.release()));
          } else {
            join = std::make_unique<LogicalJoin>(JoinType::kInner);
            join->children = std::move(op->children);
          }
          if (join->residual) conds.push_back(std::move(join->residual));
          join->residual = AndAll(std::move(conds));
          Rewrite(*join, left_map);
          join->ResolveTypes();
          map = left_map;
          return join;
        }
        size_t side = left_correlated ? 0 : 1;
        op->children[side] = Push(std::move(op->children[side]), map);
        Rewrite(*op, map);
        op->ResolveTypes();
        return op;
      }
      case LogicalOperatorKind::kOrder: {
        // ORDER BY inside a correlated subquery has no effect without LIMIT.
        auto child = std::move(op->children[0]);
        return Push(std::move(child), map);
      }
      case LogicalOperatorKind::kDistinct: {
        auto& distinct = static_cast<LogicalDistinct&>(*op);
        if (!distinct.distinct_on.empty()) Unsupported("DISTINCT ON");
        op->children[0] = Push(std::move(op->children[0]), map);
        op->ResolveTypes();
        return op;
      }
      case LogicalOperatorKind::kWindow: {
        auto& window = static_cast<LogicalWindow&>(*op);
        op->children[0] = Push(std::move(op->children[0]), map);
        Rewrite(window, map);
        for (auto& e : window.expressions) {
          auto& w = static_cast<BoundWindow&>(*e);
          for (size_t i = 0; i < columns_.size(); i++) {
            w.partitions.push_back(std::make_unique<BoundColumnRef>(columns_[i].type, map[i], columns_[i].name));
          }
        }
        op->ResolveTypes();
        return op;
      }
      default:
        Unsupported(op->Name());
    }
  }

  // Expressions reading a count() that came through the left join see 0, not NULL.
  void Coalesce(std::unique_ptr<BoundExpression>& expr) {
    RewriteExpression(expr, [&](std::unique_ptr<BoundExpression>& node) {
      if (node->kind != BoundExprKind::kColumnRef) return;
      auto& ref = static_cast<BoundColumnRef&>(*node);
      for (auto& b : count_bindings_) {
        if (ref.binding == b && ref.depth == 0) {
          BoundExpressionList args;
          args.push_back(std::move(node));
          args.push_back(std::make_unique<BoundConstant>(Value::BigInt(0)));
          node = std::make_unique<BoundOperator>(OperatorKind::kCoalesce, TypeId::kBigInt, std::move(args));
          return;
        }
      }
    });
  }
  const std::vector<ColumnBinding>& count_bindings() const { return count_bindings_; }

 private:
  [[noreturn]] void Unsupported(const std::string& what) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "correlated subquery with " + what + " is not supported");
  }

  // Replaces references to correlated columns with the delim columns `map` points at.
  void Rewrite(LogicalOperator& op, const std::vector<ColumnBinding>& map) {
    op.ForEachExpression([&](std::unique_ptr<BoundExpression>& e) {
      RewriteExpression(e, [&](std::unique_ptr<BoundExpression>& node) {
        if (node->kind != BoundExprKind::kColumnRef) return;
        auto& ref = static_cast<BoundColumnRef&>(*node);
        if (ref.depth != 1) {
          return;
        }
        for (size_t i = 0; i < columns_.size(); i++) {
          if (columns_[i].binding == ref.binding) {
            ref.binding = map[i];
            ref.depth = 0;
            return;
          }
        }
        throw InternalError("correlated column not in the delim set");
      });
      Coalesce(e);
    });
  }

  Binder& binder_;
  std::vector<CorrelatedColumn> columns_;
  std::function<std::unique_ptr<LogicalOperator>()> make_delim_;
  std::vector<ColumnBinding> count_bindings_;
};

}  // namespace

namespace {

// Collects the distinct depth-1 column references of a plan (the outer columns it uses).
std::vector<CorrelatedColumn> CollectCorrelated(LogicalOperator& plan) {
  std::vector<CorrelatedColumn> columns;
  ForEachColumnRef(plan, [&](std::unique_ptr<BoundExpression>& e) {
    auto& ref = static_cast<BoundColumnRef&>(*e);
    if (ref.depth != 1) return;
    for (auto& c : columns) {
      if (c.binding == ref.binding) return;
    }
    columns.push_back(CorrelatedColumn{ref.binding, ref.type, ref.name, 1});
  });
  return columns;
}

}  // namespace

// Joins the subquery `plan` to `root` with `join_type` (kSingle, kMark, kSemi, kAnti).
// Returns the expression that reads the subquery's value over the new root (null for
// semi/anti joins, which filter instead).
static std::unique_ptr<BoundExpression> JoinSubquery(Binder& binder, BoundSubquery& sub,
                                                     std::unique_ptr<LogicalOperator> plan, JoinType join_type,
                                                     std::unique_ptr<LogicalOperator>& root) {
  ClientContext& context = binder.context();
  bool is_all = sub.subquery_kind == SubqueryKind::kAll;
  ComparisonKind comparison = is_all ? NegateComparison(sub.comparison) : sub.comparison;
  bool compares = sub.subquery_kind == SubqueryKind::kAny || sub.subquery_kind == SubqueryKind::kAll;
  auto make_mark_ref = [&](LogicalJoin& join) -> std::unique_ptr<BoundExpression> {
    join.mark_index = binder.NewTableIndex();
    std::unique_ptr<BoundExpression> ref =
        std::make_unique<BoundColumnRef>(TypeId::kBoolean, ColumnBinding{join.mark_index, 0}, "mark");
    return is_all ? Not(std::move(ref)) : std::move(ref);
  };
  auto comparison_with = [&](std::unique_ptr<BoundExpression> right) {
    return ExpressionBinder::MakeComparison(comparison, sub.child->Copy(), std::move(right), sub.location, context);
  };
  auto finish = [&](std::unique_ptr<LogicalJoin> join) -> std::unique_ptr<BoundExpression> {
    std::unique_ptr<BoundExpression> result;
    if (join_type == JoinType::kMark) result = make_mark_ref(*join);
    join->ResolveTypes();
    root = std::move(join);
    return result;
  };

  if (!PlanHasDepth(*plan, 1)) {
    DecrementDepths(*plan);
    auto bindings = plan->GetColumnBindings();
    auto types = plan->types;
    auto join = std::make_unique<LogicalJoin>(join_type);
    join->children.push_back(std::move(root));
    join->children.push_back(std::move(plan));
    std::unique_ptr<BoundExpression> value;
    if (sub.subquery_kind == SubqueryKind::kScalar) {
      value = std::make_unique<BoundColumnRef>(types[0], bindings[0], "");
    }
    if (compares) {
      auto cmp = comparison_with(std::make_unique<BoundColumnRef>(types[0], bindings[0], ""));
      if (join_type == JoinType::kMark) join->mark_condition = std::move(cmp);
      else join->residual = std::move(cmp);
    }
    auto mark = finish(std::move(join));
    return value ? std::move(value) : std::move(mark);
  }

  // Correlated EXISTS / IN with the correlation in WHERE: join on those predicates.
  if (sub.subquery_kind != SubqueryKind::kScalar && sub.subquery_kind != SubqueryKind::kArray) {
    PullUp pull;
    if (TryPullUp(plan, compares, pull)) {
      auto right = WithFilter(std::move(pull.base), std::move(pull.uncorrelated));
      DecrementDepths(*right);
      for (auto& p : pull.correlated) DecrementDepths(*p);
      auto join = std::make_unique<LogicalJoin>(join_type);
      join->children.push_back(std::move(root));
      join->children.push_back(std::move(right));
      if (compares) {
        DecrementDepths(*pull.output);
        auto cmp = comparison_with(std::move(pull.output));
        if (join_type == JoinType::kMark) join->mark_condition = std::move(cmp);
        else pull.correlated.push_back(std::move(cmp));
      }
      join->residual = AndAll(std::move(pull.correlated));
      return finish(std::move(join));
    }
  }

  // General case: a dependent join. The outer plan is materialized once and read twice:
  // for its distinct correlated values (D), which the flattened subquery joins with, and
  // as the left side of the final join on those values.
  std::vector<CorrelatedColumn> columns = CollectCorrelated(*plan);
  root->ResolveTypesDeep();
  idx_t cte_index = binder.NewTableIndex();
  std::vector<ColumnBinding> outer_bindings = root->GetColumnBindings();
  std::vector<LogicalType> outer_types = root->types;
  auto make_delim = [&]() -> std::unique_ptr<LogicalOperator> {
    auto scan = std::make_unique<LogicalCteRef>(binder.NewTableIndex(), cte_index, outer_types, false);
    scan->bindings = outer_bindings;
    scan->ResolveTypes();
    auto projection = std::make_unique<LogicalProjection>(binder.NewTableIndex());
    for (auto& c : columns) projection->expressions.push_back(std::make_unique<BoundColumnRef>(c.type, c.binding, c.name));
    projection->children.push_back(std::move(scan));
    projection->ResolveTypes();
    auto distinct = std::make_unique<LogicalDistinct>();
    distinct->children.push_back(std::move(projection));
    distinct->ResolveTypes();
    return distinct;
  };
  std::vector<ColumnBinding> output_bindings = plan->GetColumnBindings();
  std::vector<LogicalType> output_types = plan->types;
  DependentJoinFlattener flattener(binder, columns, make_delim);
  std::vector<ColumnBinding> map;
  auto flat = flattener.Push(std::move(plan), map);
  DecrementDepths(*flat);
  BoundExpressionList conditions;
  for (size_t i = 0; i < columns.size(); i++) {
    conditions.push_back(std::make_unique<BoundComparison>(
        ComparisonKind::kNotDistinctFrom, std::make_unique<BoundColumnRef>(columns[i].type, columns[i].binding, columns[i].name),
        std::make_unique<BoundColumnRef>(columns[i].type, map[i], columns[i].name)));
  }
  auto left = std::make_unique<LogicalCteRef>(binder.NewTableIndex(), cte_index, outer_types, false);
  left->bindings = outer_bindings;
  left->ResolveTypes();
  auto join = std::make_unique<LogicalJoin>(join_type);
  join->children.push_back(std::move(left));
  join->children.push_back(std::move(flat));
  std::unique_ptr<BoundExpression> value;
  if (!output_bindings.empty()) {
    value = std::make_unique<BoundColumnRef>(output_types[0], output_bindings[0], "");
    flattener.Coalesce(value);
  }
  if (compares) {
    auto cmp = comparison_with(value->Copy());
    if (join_type == JoinType::kMark) join->mark_condition = std::move(cmp);
    else conditions.push_back(std::move(cmp));
  }
  join->residual = AndAll(std::move(conditions));
  join->ResolveTypes();
  std::unique_ptr<BoundExpression> mark;
  if (join_type == JoinType::kMark) mark = make_mark_ref(*join);
  auto materialize = std::make_unique<LogicalCteMaterialize>(cte_index, "subquery input");
  materialize->children.push_back(std::move(root));
  materialize->children.push_back(std::move(join));
  materialize->ResolveTypes();
  root = std::move(materialize);
  if (sub.subquery_kind == SubqueryKind::kScalar) return value;
  return mark;
}

bool SubqueryPlanner::PlanFilterConjunct(std::unique_ptr<BoundExpression>& conjunct,
                                         std::unique_ptr<LogicalOperator>& root) {
  BoundExpression* e = conjunct.get();
  bool negated = false;
  if (e->kind == BoundExprKind::kOperator && static_cast<BoundOperator*>(e)->op == OperatorKind::kNot) {
    e = static_cast<BoundOperator*>(e)->children[0].get();
    negated = true;
  }
  if (e->kind != BoundExprKind::kSubquery) return false;
  auto& sub = static_cast<BoundSubquery&>(*e);
  bool exists = sub.subquery_kind == SubqueryKind::kExists;
  bool in = sub.subquery_kind == SubqueryKind::kAny && !negated;
  if ((!exists && !in) || sub.plan->result || (sub.child && sub.child->HasSubquery())) return false;
  auto plan = std::move(sub.plan->plan);
  JoinType type = negated ? JoinType::kAnti : JoinType::kSemi;
  JoinSubquery(binder_, sub, std::move(plan), type, root);
  conjunct = std::make_unique<BoundConstant>(Value::Boolean(true));
  return true;
}

std::unique_ptr<BoundExpression> SubqueryPlanner::Plan(BoundSubquery& sub, std::unique_ptr<LogicalOperator>& root) {
  if (sub.plan->result) return sub.plan->result->Copy();
  if (sub.subquery_kind == SubqueryKind::kArray) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "ARRAY(subquery) is not supported", Pos(sub.location));
  }
  if (sub.child && sub.child->HasSubquery()) {
    SubqueryPlanner nested(binder_);
    RewriteExpression(sub.child, [&](std::unique_ptr<BoundExpression>& node) {
      if (node->kind == BoundExprKind::kSubquery) node = nested.Plan(static_cast<BoundSubquery&>(*node), root);
    });
  }
  auto plan = std::move(sub.plan->plan);
  JoinType type = sub.subquery_kind == SubqueryKind::kScalar ? JoinType::kSingle : JoinType::kMark;
  auto result = JoinSubquery(binder_, sub, std::move(plan), type, root);
  sub.plan->result = result->Copy();
  return result;
}

void Binder::PlanSubqueries(std::unique_ptr<BoundExpression>& expr, std::unique_ptr<LogicalOperator>& root) {
  if (!expr->HasSubquery()) return;
  SubqueryPlanner planner(*this);
  RewriteExpression(expr, [&](std::unique_ptr<BoundExpression>& node) {
    if (node->kind == BoundExprKind::kSubquery) node = planner.Plan(static_cast<BoundSubquery&>(*node), root);
  });
}

}  // namespace stockroom
