#include "planner/subquery_planner.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "binder/expression_binder.hpp"
#include "binder/type_coercion.hpp"
#include "common/error/exception.hpp"
#include "main/client_context.hpp"
#include "planner/per_row_subquery.hpp"

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

}  // namespace

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

namespace {

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

std::unique_ptr<BoundExpression> ColumnRef(const LogicalType& type, ColumnBinding binding, const std::string& name = "") {
  return std::make_unique<BoundColumnRef>(type, binding, name);
}

// `a IS NOT DISTINCT FROM b` for each pair: how a dependent join matches the outer values.
BoundExpressionList NotDistinct(const std::vector<CorrelatedColumn>& columns, const std::vector<ColumnBinding>& left,
                                const std::vector<ColumnBinding>& right) {
  BoundExpressionList conditions;
  for (size_t i = 0; i < columns.size(); i++) {
    conditions.push_back(std::make_unique<BoundComparison>(ComparisonKind::kNotDistinctFrom,
                                                           ColumnRef(columns[i].type, left[i], columns[i].name),
                                                           ColumnRef(columns[i].type, right[i], columns[i].name)));
  }
  return conditions;
}

// The shape the fast path handles: [Projection] over Filters over an operator without
// correlation. The correlated predicates become join conditions.
struct PullUp {
  std::unique_ptr<LogicalOperator> base;
  BoundExpressionList correlated;    // predicates using outer columns
  BoundExpressionList uncorrelated;  // predicates that stay below the join
  BoundExpressionList outputs;       // the compared output columns (IN/ANY)
};

bool TryPullUp(std::unique_ptr<LogicalOperator>& plan, size_t needed_outputs, PullUp& result) {
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
  if (needed_outputs > 0 && !projection) return false;
  if (projection) {
    for (auto& e : projection->expressions) {
      if (ExpressionHasDepth(*e, 1)) return false;
    }
    for (size_t i = 0; i < needed_outputs; i++) {
      if (projection->expressions[i]->IsVolatile()) return false;
    }
    for (size_t i = 0; i < needed_outputs; i++) result.outputs.push_back(projection->expressions[i]->Copy());
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

// Returns the slot of `root`'s tree that holds `target`, or null.
std::unique_ptr<LogicalOperator>* FindSlot(std::unique_ptr<LogicalOperator>& root, const LogicalOperator* target) {
  if (root.get() == target) return &root;
  for (auto& c : root->children) {
    if (auto* slot = FindSlot(c, target)) return slot;
  }
  return nullptr;
}

// Rewrites a correlated subquery plan into one that no longer references the outer query:
// the distinct outer values (the "delim" relation D) are joined in where the correlation
// is, and carried up as extra output columns (Neumann & Kemper's dependent join push-down).
class DependentJoinFlattener {
 public:
  DependentJoinFlattener(Binder& binder, std::vector<CorrelatedColumn> columns, std::function<std::unique_ptr<LogicalOperator>()> make_delim)
      : binder_(binder), columns_(std::move(columns)), make_delim_(std::move(make_delim)) {}

  // Returns the rewritten plan; `map` receives, for each correlated column, the binding
  // in the new plan's output that carries its value. The plan keeps its own output
  // bindings (parents still find their columns).
  std::unique_ptr<LogicalOperator> Push(std::unique_ptr<LogicalOperator> op, std::vector<ColumnBinding>& map) {
    if (!Correlated(*op)) {
      auto delim = make_delim_();
      map = delim->GetColumnBindings();
      auto cross = std::make_unique<LogicalCrossProduct>();
      cross->children.push_back(std::move(op));
      cross->children.push_back(std::move(delim));
      cross->ResolveTypes();
      return cross;
    }
    switch (op->kind) {
      case LogicalOperatorKind::kFilter:
      case LogicalOperatorKind::kRowSubquery: {  // passes its input's columns through
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
          proj.expressions.push_back(ColumnRef(columns_[i].type, child_map[i], columns_[i].name));
          map.push_back({proj.table_index, proj.expressions.size() - 1});
        }
        proj.ResolveTypes();
        return op;
      }
      case LogicalOperatorKind::kAggregate:
        return PushAggregate(std::move(op), map);
      case LogicalOperatorKind::kJoin:
      case LogicalOperatorKind::kCrossProduct:
        return PushJoin(std::move(op), map);
      case LogicalOperatorKind::kOrder: {
        // ORDER BY inside a correlated subquery has no effect without LIMIT.
        auto child = std::move(op->children[0]);
        return Push(std::move(child), map);
      }
      case LogicalOperatorKind::kLimit:
        return PushLimit(std::move(op), map);
      case LogicalOperatorKind::kDistinct: {
        auto& distinct = static_cast<LogicalDistinct&>(*op);
        op->children[0] = Push(std::move(op->children[0]), map);
        Rewrite(*op, map);
        // DISTINCT ON: one row per key and outer value.
        if (!distinct.distinct_on.empty()) {
          for (size_t i = 0; i < columns_.size(); i++) {
            distinct.distinct_on.push_back(ColumnRef(columns_[i].type, map[i], columns_[i].name));
          }
        }
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
            w.partitions.push_back(ColumnRef(columns_[i].type, map[i], columns_[i].name));
          }
        }
        op->ResolveTypes();
        return op;
      }
      case LogicalOperatorKind::kSetOperation:
        return PushSetOperation(std::move(op), map);
      case LogicalOperatorKind::kCteMaterialize:
        return PushCte(std::move(op), map);
      case LogicalOperatorKind::kCteRef:
        return PushCteRef(std::move(op), map);
      case LogicalOperatorKind::kValues:
        return PushValues(std::move(op), map);
      case LogicalOperatorKind::kTableFunction: {
        // A function reading outer columns runs once per outer value (LATERAL over D).
        auto& function = static_cast<LogicalTableFunction&>(*op);
        if (function.children.empty()) {
          auto delim = make_delim_();
          map = delim->GetColumnBindings();
          function.children.push_back(std::move(delim));
        } else {
          function.children[0] = Push(std::move(function.children[0]), map);
        }
        Rewrite(function, map);
        op->ResolveTypes();
        return op;
      }
      default:
        Unsupported(op->Name());
    }
  }

  // Expressions reading a count() that came through the left join see 0, not NULL.
  void Coalesce(std::unique_ptr<BoundExpression>& expr) {
    if (count_bindings_.empty()) return;
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

 private:
  // A CTE whose materialized plan now carries D's columns too.
  struct CteRewrite {
    std::vector<ColumnBinding> bindings;  // the original columns, then D's
    std::vector<LogicalType> types;
    size_t width = 0;  // number of original columns
  };

  [[noreturn]] void Unsupported(const std::string& what) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "correlated subquery with " + what + " is not supported");
  }

  // Whether D must be pushed into `op`: it reads outer columns, or scans a CTE whose
  // materialized plan did (and so now carries D's columns).
  bool Correlated(LogicalOperator& op) { return PlanHasDepth(op, 1) || (!ctes_.empty() && ScansRewrittenCte(op)); }
  bool ScansRewrittenCte(LogicalOperator& op) {
    if (op.kind == LogicalOperatorKind::kCteRef && ctes_.count(static_cast<LogicalCteRef&>(op).cte_index)) return true;
    for (auto& c : op.children) {
      if (ScansRewrittenCte(*c)) return true;
    }
    return false;
  }
  bool ScansCteByPosition(LogicalOperator& op, idx_t cte_index) {
    if (op.kind == LogicalOperatorKind::kCteRef) {
      auto& ref = static_cast<LogicalCteRef&>(op);
      if (ref.cte_index == cte_index && ref.bindings.empty()) return true;
    }
    for (auto& c : op.children) {
      if (ScansCteByPosition(*c, cte_index)) return true;
    }
    return false;
  }

  ColumnBinding Renamed(ColumnBinding binding) const {
    for (auto it = renames_.find(binding); it != renames_.end(); it = renames_.find(binding)) binding = it->second;
    return binding;
  }

  // Replaces references to correlated columns with the delim columns `map` points at (and
  // references to columns that a projection added below renamed).
  void Rewrite(LogicalOperator& op, const std::vector<ColumnBinding>& map) {
    op.ForEachExpression([&](std::unique_ptr<BoundExpression>& e) {
      RewriteExpression(e, [&](std::unique_ptr<BoundExpression>& node) {
        if (node->kind != BoundExprKind::kColumnRef) return;
        auto& ref = static_cast<BoundColumnRef&>(*node);
        if (ref.depth == 0) {
          if (!renames_.empty()) ref.binding = Renamed(ref.binding);
          return;
        }
        if (ref.depth != 1) return;
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

  std::unique_ptr<LogicalOperator> PushAggregate(std::unique_ptr<LogicalOperator> op, std::vector<ColumnBinding>& map) {
    auto& agg = static_cast<LogicalAggregate&>(*op);
    // A grouping set without columns yields a row even for no input, which grouping by
    // D's columns cannot give per outer value.
    for (auto& set : agg.grouping_sets) {
      if (set.empty()) Unsupported("GROUPING SETS");
    }
    bool ungrouped = agg.groups.empty();
    std::vector<ColumnBinding> child_map;
    agg.children[0] = Push(std::move(agg.children[0]), child_map);
    Rewrite(agg, child_map);
    std::vector<ColumnBinding> group_map;
    idx_t first_new = agg.groups.size();
    for (size_t i = 0; i < columns_.size(); i++) {
      agg.groups.push_back(ColumnRef(columns_[i].type, child_map[i], columns_[i].name));
      group_map.push_back({agg.group_index, agg.groups.size() - 1});
    }
    for (auto& set : agg.grouping_sets) {
      for (size_t i = 0; i < columns_.size(); i++) set.push_back(first_new + i);
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
    join->residual = AndAll(NotDistinct(columns_, map, group_map));
    join->children.push_back(std::move(delim));
    join->children.push_back(std::move(op));
    join->ResolveTypes();
    return join;
  }

  std::unique_ptr<LogicalOperator> PushJoin(std::unique_ptr<LogicalOperator> op, std::vector<ColumnBinding>& map) {
    bool left_correlated = Correlated(*op->children[0]);
    bool right_correlated = Correlated(*op->children[1]);
    JoinType type = op->kind == LogicalOperatorKind::kJoin ? static_cast<LogicalJoin&>(*op).join_type : JoinType::kInner;
    // Push into one side when the other neither depends on D nor must produce rows for
    // every outer value (its unmatched rows are kept); otherwise into both, joined on D.
    int side;
    switch (type) {
      case JoinType::kInner:
        side = left_correlated && right_correlated ? -1 : (left_correlated ? 0 : 1);
        break;
      case JoinType::kRight:
        side = left_correlated ? -1 : 1;
        break;
      case JoinType::kFull:
        side = -1;
        break;
      default:  // left, semi, anti, mark, single: the left side's rows are kept
        side = right_correlated ? -1 : 0;
        break;
    }
    if (side >= 0) {
      op->children[side] = Push(std::move(op->children[side]), map);
      Rewrite(*op, map);
      op->ResolveTypes();
      return op;
    }
    std::vector<ColumnBinding> left_map, right_map;
    op->children[0] = Push(std::move(op->children[0]), left_map);
    op->children[1] = Push(std::move(op->children[1]), right_map);
    std::unique_ptr<LogicalJoin> join;
    if (op->kind == LogicalOperatorKind::kJoin) {
      join.reset(static_cast<LogicalJoin*>(op.release()));
    } else {
      join = std::make_unique<LogicalJoin>(JoinType::kInner);
      join->children = std::move(op->children);
    }
    Rewrite(*join, type == JoinType::kRight ? right_map : left_map);
    BoundExpressionList conditions = NotDistinct(columns_, left_map, right_map);
    if (join->residual) conditions.push_back(std::move(join->residual));
    join->residual = AndAll(std::move(conditions));
    join->ResolveTypes();
    if (type != JoinType::kFull) {
      map = type == JoinType::kRight ? right_map : left_map;
      return join;
    }
    // FULL: D's value comes from whichever side has the row. The projection computing it
    // renames the join's columns; parents are rewritten to the new names.
    auto projection = std::make_unique<LogicalProjection>(binder_.NewTableIndex());
    auto bindings = join->GetColumnBindings();
    for (size_t j = 0; j < bindings.size(); j++) {
      projection->expressions.push_back(ColumnRef(join->types[j], bindings[j]));
      ColumnBinding renamed{projection->table_index, j};
      renames_[bindings[j]] = renamed;
      for (size_t c = 0, n = count_bindings_.size(); c < n; c++) {
        if (count_bindings_[c] == bindings[j]) count_bindings_.push_back(renamed);
      }
    }
    map.clear();
    for (size_t i = 0; i < columns_.size(); i++) {
      BoundExpressionList args;
      args.push_back(ColumnRef(columns_[i].type, left_map[i], columns_[i].name));
      args.push_back(ColumnRef(columns_[i].type, right_map[i], columns_[i].name));
      projection->expressions.push_back(
          std::make_unique<BoundOperator>(OperatorKind::kCoalesce, columns_[i].type, std::move(args)));
      map.push_back({projection->table_index, projection->expressions.size() - 1});
    }
    projection->children.push_back(std::move(join));
    projection->ResolveTypes();
    return projection;
  }

  // LIMIT/OFFSET applies per outer value: number the rows of each D value (in the ORDER
  // BY's order) and keep those in the window.
  std::unique_ptr<LogicalOperator> PushLimit(std::unique_ptr<LogicalOperator> op, std::vector<ColumnBinding>& map) {
    auto& limit = static_cast<LogicalLimit&>(*op);
    auto child = std::move(op->children[0]);
    std::vector<BoundOrderItem> orders;
    if (child->kind == LogicalOperatorKind::kOrder) {
      orders = std::move(static_cast<LogicalOrder&>(*child).orders);
      child = std::move(child->children[0]);
    }
    child = Push(std::move(child), map);
    auto window = std::make_unique<LogicalWindow>(binder_.NewTableIndex());
    auto row_number = std::make_unique<BoundWindow>(TypeId::kBigInt);
    row_number->name = "row_number";
    row_number->window_kind = WindowFunctionKind::kRowNumber;
    for (size_t i = 0; i < columns_.size(); i++) {
      row_number->partitions.push_back(ColumnRef(columns_[i].type, map[i], columns_[i].name));
    }
    row_number->orders = std::move(orders);
    window->expressions.push_back(std::move(row_number));
    window->children.push_back(std::move(child));
    Rewrite(*window, map);
    window->ResolveTypes();
    ColumnBinding number{window->window_index, 0};
    BoundExpressionList predicates;
    if (limit.offset > 0) {
      predicates.push_back(std::make_unique<BoundComparison>(ComparisonKind::kGreater, ColumnRef(TypeId::kBigInt, number),
                                                             std::make_unique<BoundConstant>(Value::BigInt(limit.offset))));
    }
    // offset + limit saturates: past INT64_MAX rows the bound cannot cut anything.
    if (limit.limit >= 0 && limit.limit <= INT64_MAX - limit.offset) {
      predicates.push_back(std::make_unique<BoundComparison>(
          ComparisonKind::kLessEqual, ColumnRef(TypeId::kBigInt, number),
          std::make_unique<BoundConstant>(Value::BigInt(limit.offset + limit.limit))));
    }
    return WithFilter(std::move(window), std::move(predicates));
  }

  // VALUES rows reading outer columns: each row becomes a projection over D, the rows a
  // UNION ALL, under a projection that keeps the VALUES' own bindings.
  std::unique_ptr<LogicalOperator> PushValues(std::unique_ptr<LogicalOperator> op, std::vector<ColumnBinding>& map) {
    auto& values = static_cast<LogicalValues&>(*op);
    size_t width = values.column_types.size();
    std::unique_ptr<LogicalOperator> rows;
    for (auto& row : values.rows) {
      auto delim = make_delim_();
      auto delim_map = delim->GetColumnBindings();
      auto projection = std::make_unique<LogicalProjection>(binder_.NewTableIndex());
      for (auto& e : row) projection->expressions.push_back(std::move(e));
      Rewrite(*projection, delim_map);
      for (size_t i = 0; i < columns_.size(); i++) {
        projection->expressions.push_back(ColumnRef(columns_[i].type, delim_map[i], columns_[i].name));
      }
      projection->children.push_back(std::move(delim));
      projection->ResolveTypes();
      if (!rows) {
        rows = std::move(projection);
        continue;
      }
      auto all = std::make_unique<LogicalSetOperation>(binder_.NewTableIndex(), SetOpType::kUnion, true);
      all->children.push_back(std::move(rows));
      all->children.push_back(std::move(projection));
      all->ResolveTypes();
      rows = std::move(all);
    }
    auto bindings = rows->GetColumnBindings();
    auto types = rows->types;
    auto result = std::make_unique<LogicalProjection>(values.table_index);
    for (size_t j = 0; j < bindings.size(); j++) result->expressions.push_back(ColumnRef(types[j], bindings[j]));
    result->children.push_back(std::move(rows));
    result->ResolveTypes();
    map.clear();
    for (size_t i = 0; i < columns_.size(); i++) map.push_back({values.table_index, width + i});
    return result;
  }

  // Each side gets D (and keeps it as its last columns), so the set operation works per
  // outer value.
  std::unique_ptr<LogicalOperator> PushSetOperation(std::unique_ptr<LogicalOperator> op, std::vector<ColumnBinding>& map) {
    auto& setop = static_cast<LogicalSetOperation&>(*op);
    size_t width = setop.children[0]->types.size();
    for (auto& child : setop.children) {
      auto original = child->GetColumnBindings();
      auto original_types = child->types;
      std::vector<ColumnBinding> side_map;
      child = Push(std::move(child), side_map);
      auto projection = std::make_unique<LogicalProjection>(binder_.NewTableIndex());
      for (size_t j = 0; j < original.size(); j++) {
        projection->expressions.push_back(ColumnRef(original_types[j], Renamed(original[j])));
      }
      for (size_t i = 0; i < columns_.size(); i++) {
        projection->expressions.push_back(ColumnRef(columns_[i].type, side_map[i], columns_[i].name));
      }
      projection->children.push_back(std::move(child));
      projection->ResolveTypes();
      child = std::move(projection);
    }
    map.clear();
    for (size_t i = 0; i < columns_.size(); i++) map.push_back({setop.table_index, width + i});
    op->ResolveTypes();
    return op;
  }

  // A CTE inside the subquery (a nested subquery's dependent join materializes its input
  // this way): D goes into the materialized plan, and its scans read D's columns from it.
  std::unique_ptr<LogicalOperator> PushCte(std::unique_ptr<LogicalOperator> op, std::vector<ColumnBinding>& map) {
    auto& materialize = static_cast<LogicalCteMaterialize&>(*op);
    if (Correlated(*op->children[0])) {
      auto original = op->children[0]->GetColumnBindings();
      CteRewrite rewrite;
      rewrite.types = op->children[0]->types;
      rewrite.width = original.size();
      std::vector<ColumnBinding> cte_map;
      op->children[0] = Push(std::move(op->children[0]), cte_map);
      for (auto& b : original) rewrite.bindings.push_back(Renamed(b));
      for (size_t i = 0; i < columns_.size(); i++) {
        rewrite.bindings.push_back(cte_map[i]);
        rewrite.types.push_back(columns_[i].type);
      }
      if (ScansCteByPosition(*op->children[1], materialize.cte_index)) {
        // Scans of a WITH query read its columns by position: the original ones, then D's.
        auto projection = std::make_unique<LogicalProjection>(binder_.NewTableIndex());
        for (size_t j = 0; j < rewrite.bindings.size(); j++) {
          projection->expressions.push_back(ColumnRef(rewrite.types[j], rewrite.bindings[j]));
        }
        projection->children.push_back(std::move(op->children[0]));
        projection->ResolveTypes();
        op->children[0] = std::move(projection);
      }
      ctes_[materialize.cte_index] = std::move(rewrite);
    }
    op->children[1] = Push(std::move(op->children[1]), map);
    op->ResolveTypes();
    return op;
  }

  std::unique_ptr<LogicalOperator> PushCteRef(std::unique_ptr<LogicalOperator> op, std::vector<ColumnBinding>& map) {
    auto& ref = static_cast<LogicalCteRef&>(*op);
    auto it = ctes_.find(ref.cte_index);
    if (it == ctes_.end()) Unsupported("CTE scan");
    const CteRewrite& rewrite = it->second;
    map.clear();
    if (!ref.bindings.empty()) {
      ref.bindings = rewrite.bindings;
      ref.column_types = rewrite.types;
      map.assign(rewrite.bindings.begin() + rewrite.width, rewrite.bindings.end());
    } else {
      for (size_t i = 0; i < columns_.size(); i++) {
        ref.column_types.push_back(columns_[i].type);
        map.push_back({ref.table_index, rewrite.width + i});
      }
    }
    op->ResolveTypes();
    return op;
  }

  Binder& binder_;
  std::vector<CorrelatedColumn> columns_;
  std::function<std::unique_ptr<LogicalOperator>()> make_delim_;
  std::vector<ColumnBinding> count_bindings_;
  std::map<idx_t, CteRewrite> ctes_;
  std::map<ColumnBinding, ColumnBinding> renames_;
};

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

// Called with the final join of a dependent join (before its residual is set) to add
// conditions or a mark condition over its output.
using DependentJoinFinish =
    std::function<void(LogicalJoin& join, DependentJoinFlattener& flattener, BoundExpressionList& conditions)>;

// Joins `plan`, which references `root`'s columns at depth 1, to `root` with a dependent
// join. `root` is materialized once and read twice: for its distinct correlated values
// (D), which the flattened plan joins with, and as the left side of the final join on
// those values.
void DependentJoin(Binder& binder, std::unique_ptr<LogicalOperator>& root, std::unique_ptr<LogicalOperator> plan,
                   JoinType join_type, const DependentJoinFinish& finish) {
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
    for (auto& c : columns) projection->expressions.push_back(ColumnRef(c.type, c.binding, c.name));
    projection->children.push_back(std::move(scan));
    projection->ResolveTypes();
    auto distinct = std::make_unique<LogicalDistinct>();
    distinct->children.push_back(std::move(projection));
    distinct->ResolveTypes();
    return distinct;
  };
  DependentJoinFlattener flattener(binder, columns, make_delim);
  std::vector<ColumnBinding> map;
  auto flat = flattener.Push(std::move(plan), map);
  DecrementDepths(*flat);
  std::vector<ColumnBinding> outer_columns;
  for (auto& c : columns) outer_columns.push_back(c.binding);
  BoundExpressionList conditions = NotDistinct(columns, outer_columns, map);
  auto left = std::make_unique<LogicalCteRef>(binder.NewTableIndex(), cte_index, outer_types, false);
  left->bindings = outer_bindings;
  left->ResolveTypes();
  auto join = std::make_unique<LogicalJoin>(join_type);
  join->children.push_back(std::move(left));
  join->children.push_back(std::move(flat));
  finish(*join, flattener, conditions);
  join->residual = AndAll(std::move(conditions));
  join->ResolveTypes();
  auto materialize = std::make_unique<LogicalCteMaterialize>(cte_index, "subquery input");
  materialize->children.push_back(std::move(root));
  materialize->children.push_back(std::move(join));
  materialize->ResolveTypes();
  root = std::move(materialize);
}

// Joins the subquery `plan` to `root` with `join_type` (kSingle, kMark, kSemi, kAnti).
// Returns the expression that reads the subquery's value over the new root (null for
// semi/anti joins, which filter instead).
// Scalar and ARRAY() subqueries give a value (the binder made ARRAY()'s plan an aggregate).
bool ReturnsValue(const BoundSubquery& sub) {
  return sub.subquery_kind == SubqueryKind::kScalar || sub.subquery_kind == SubqueryKind::kArray;
}

std::unique_ptr<BoundExpression> JoinSubquery(Binder& binder, BoundSubquery& sub, std::unique_ptr<LogicalOperator> plan,
                                              JoinType join_type, std::unique_ptr<LogicalOperator>& root) {
  ClientContext& context = binder.context();
  bool is_all = sub.subquery_kind == SubqueryKind::kAll;
  ComparisonKind comparison = is_all ? NegateComparison(sub.comparison) : sub.comparison;
  bool compares = sub.subquery_kind == SubqueryKind::kAny || sub.subquery_kind == SubqueryKind::kAll;
  size_t width = compares ? 1 + sub.row_rest.size() : 0;
  auto make_mark_ref = [&](LogicalJoin& join) -> std::unique_ptr<BoundExpression> {
    join.mark_index = binder.NewTableIndex();
    std::unique_ptr<BoundExpression> ref = ColumnRef(TypeId::kBoolean, ColumnBinding{join.mark_index, 0}, "mark");
    return is_all ? Not(std::move(ref)) : std::move(ref);
  };
  // The left side compared with the subquery's columns; a row compares field by field
  // (equal when all fields are, unequal when any is).
  auto comparison_with = [&](BoundExpressionList right) -> std::unique_ptr<BoundExpression> {
    BoundExpressionList parts;
    for (size_t i = 0; i < right.size(); i++) {
      auto& left = i == 0 ? sub.child : sub.row_rest[i - 1];
      parts.push_back(
          ExpressionBinder::MakeComparison(comparison, left->Copy(), std::move(right[i]), sub.location, context));
    }
    if (parts.size() == 1) return std::move(parts[0]);
    return std::make_unique<BoundConjunction>(comparison != ComparisonKind::kNotEqual, std::move(parts));
  };
  auto finish = [&](std::unique_ptr<LogicalJoin> join) -> std::unique_ptr<BoundExpression> {
    std::unique_ptr<BoundExpression> result;
    if (join_type == JoinType::kMark) result = make_mark_ref(*join);
    join->ResolveTypes();
    root = std::move(join);
    return result;
  };

  if (sub.subquery_kind == SubqueryKind::kExists) {
    // Whether a row exists does not depend on ORDER BY or on a LIMIT above zero.
    while (true) {
      if (plan->kind == LogicalOperatorKind::kOrder) {
        plan = std::move(plan->children[0]);
        continue;
      }
      if (plan->kind == LogicalOperatorKind::kLimit) {
        auto& limit = static_cast<LogicalLimit&>(*plan);
        if (limit.offset == 0 && limit.limit != 0) {
          plan = std::move(plan->children[0]);
          continue;
        }
      }
      break;
    }
  }

  if (!PlanHasDepth(*plan, 1)) {
    DecrementDepths(*plan);
    auto bindings = plan->GetColumnBindings();
    auto types = plan->types;
    auto join = std::make_unique<LogicalJoin>(join_type);
    join->children.push_back(std::move(root));
    join->children.push_back(std::move(plan));
    std::unique_ptr<BoundExpression> value;
    if (ReturnsValue(sub)) value = ColumnRef(types[0], bindings[0]);
    if (compares) {
      BoundExpressionList right;
      for (size_t i = 0; i < width; i++) right.push_back(ColumnRef(types[i], bindings[i]));
      auto cmp = comparison_with(std::move(right));
      if (join_type == JoinType::kMark) join->mark_condition = std::move(cmp);
      else join->residual = std::move(cmp);
    }
    auto mark = finish(std::move(join));
    return value ? std::move(value) : std::move(mark);
  }

  // Correlated EXISTS / IN with the correlation in WHERE: join on those predicates.
  if (sub.subquery_kind != SubqueryKind::kScalar && sub.subquery_kind != SubqueryKind::kArray) {
    PullUp pull;
    if (TryPullUp(plan, width, pull)) {
      auto right = WithFilter(std::move(pull.base), std::move(pull.uncorrelated));
      DecrementDepths(*right);
      for (auto& p : pull.correlated) DecrementDepths(*p);
      auto join = std::make_unique<LogicalJoin>(join_type);
      join->children.push_back(std::move(root));
      join->children.push_back(std::move(right));
      if (compares) {
        for (auto& o : pull.outputs) DecrementDepths(*o);
        auto cmp = comparison_with(std::move(pull.outputs));
        if (join_type == JoinType::kMark) join->mark_condition = std::move(cmp);
        else pull.correlated.push_back(std::move(cmp));
      }
      join->residual = AndAll(std::move(pull.correlated));
      return finish(std::move(join));
    }
  }

  // A table function of the outer row: run per row, with nothing materialized.
  std::unique_ptr<BoundExpression> per_row_value;
  if (PlanPerRowSubquery(binder, sub.subquery_kind, join_type, plan, root, &per_row_value)) return per_row_value;

  // General case: a dependent join.
  std::vector<ColumnBinding> output_bindings = plan->GetColumnBindings();
  std::vector<LogicalType> output_types = plan->types;
  std::unique_ptr<BoundExpression> value, mark;
  DependentJoin(binder, root, std::move(plan), join_type,
                [&](LogicalJoin& join, DependentJoinFlattener& flattener, BoundExpressionList& conditions) {
                  if (!output_bindings.empty()) {
                    value = ColumnRef(output_types[0], output_bindings[0]);
                    flattener.Coalesce(value);
                  }
                  if (compares) {
                    BoundExpressionList right;
                    right.push_back(value->Copy());
                    for (size_t i = 1; i < width; i++) {
                      right.push_back(ColumnRef(output_types[i], output_bindings[i]));
                      flattener.Coalesce(right.back());
                    }
                    auto cmp = comparison_with(std::move(right));
                    if (join_type == JoinType::kMark) join.mark_condition = std::move(cmp);
                    else conditions.push_back(std::move(cmp));
                  }
                  if (join_type == JoinType::kMark) mark = make_mark_ref(join);
                });
  if (ReturnsValue(sub)) return value;
  return mark;
}

bool HasNestedSubquery(const BoundSubquery& sub) {
  if (sub.child && sub.child->HasSubquery()) return true;
  for (auto& c : sub.row_rest) {
    if (c->HasSubquery()) return true;
  }
  return false;
}

// Adds to `out` the bindings a subquery expression reads from its own query level: column
// references of its left side and depth-1 references of its plan.
void SubqueryInputs(BoundSubquery& sub, std::set<ColumnBinding>& out) {
  sub.ForEachChild([&](std::unique_ptr<BoundExpression>& child) {
    VisitExpression(*child, [&](const BoundExpression& node) {
      if (node.kind == BoundExprKind::kColumnRef && static_cast<const BoundColumnRef&>(node).depth == 0) {
        out.insert(static_cast<const BoundColumnRef&>(node).binding);
      }
      if (node.kind == BoundExprKind::kSubquery) {
        SubqueryInputs(const_cast<BoundSubquery&>(static_cast<const BoundSubquery&>(node)), out);
      }
    });
  });
  if (sub.plan && sub.plan->plan) {
    ForEachColumnRef(*sub.plan->plan, [&](std::unique_ptr<BoundExpression>& e) {
      auto& ref = static_cast<BoundColumnRef&>(*e);
      if (ref.depth == 1) out.insert(ref.binding);
    });
  }
}

// Moves an expression of this query level one level in, where the FROM items `inner`
// stay at this level and everything else is one level out: a join condition becoming the
// WHERE of a LATERAL subquery over one side of the join.
void ShiftOutward(std::unique_ptr<BoundExpression>& expr, const std::set<ColumnBinding>& inner,
                  std::set<SubqueryPlan*>& shifted) {
  RewriteExpression(expr, [&](std::unique_ptr<BoundExpression>& node) {
    if (node->kind == BoundExprKind::kColumnRef) {
      auto& ref = static_cast<BoundColumnRef&>(*node);
      if (ref.depth > 0 || !inner.count(ref.binding)) ref.depth++;
      return;
    }
    if (node->kind != BoundExprKind::kSubquery) return;
    auto& sub = static_cast<BoundSubquery&>(*node);
    if (!sub.plan || !sub.plan->plan || !shifted.insert(sub.plan.get()).second) return;
    ForEachColumnRef(*sub.plan->plan, [&](std::unique_ptr<BoundExpression>& e) {
      auto& ref = static_cast<BoundColumnRef&>(*e);
      if (ref.depth > 1 || (ref.depth == 1 && !inner.count(ref.binding))) ref.depth++;
    });
  });
}

}  // namespace

void MovePlanOut(LogicalOperator& plan) { DecrementDepths(plan); }

void FindOuterReference(LogicalOperator& plan, std::string* alias, int* location) {
  bool found = false;
  ForEachColumnRef(plan, [&](std::unique_ptr<BoundExpression>& e) {
    auto& ref = static_cast<BoundColumnRef&>(*e);
    if (found || ref.depth != 1) return;
    found = true;
    size_t dot = ref.name.rfind('.');
    *alias = dot == std::string::npos ? ref.name : ref.name.substr(0, dot);
    if (ref.location >= 0) *location = ref.location;
  });
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
  if ((!exists && !in) || sub.plan->result || HasNestedSubquery(sub)) return false;
  auto plan = std::move(sub.plan->plan);
  JoinType type = negated ? JoinType::kAnti : JoinType::kSemi;
  JoinSubquery(binder_, sub, std::move(plan), type, root);
  conjunct = std::make_unique<BoundConstant>(Value::Boolean(true));
  return true;
}

std::unique_ptr<BoundExpression> SubqueryPlanner::Plan(BoundSubquery& sub, std::unique_ptr<LogicalOperator>& root) {
  if (sub.plan->result) return sub.plan->result->Copy();
  if (HasNestedSubquery(sub)) {
    SubqueryPlanner nested(binder_);
    sub.ForEachChild([&](std::unique_ptr<BoundExpression>& child) {
      RewriteExpression(child, [&](std::unique_ptr<BoundExpression>& node) {
        if (node->kind == BoundExprKind::kSubquery) node = nested.Plan(static_cast<BoundSubquery&>(*node), root);
      });
    });
  }
  auto plan = std::move(sub.plan->plan);
  JoinType type = ReturnsValue(sub) ? JoinType::kSingle : JoinType::kMark;
  auto result = JoinSubquery(binder_, sub, std::move(plan), type, root);
  if (sub.subquery_kind == SubqueryKind::kArray) {
    // The binder made the plan an array_agg, NULL over no rows, where ARRAY() gives '{}'.
    BoundExpressionList args;
    args.push_back(std::move(result));
    args.push_back(std::make_unique<BoundConstant>(Value::String(sub.type, "{}")));
    result = std::make_unique<BoundOperator>(OperatorKind::kCoalesce, sub.type, std::move(args));
  }
  sub.plan->result = result->Copy();
  return result;
}

std::unique_ptr<LogicalOperator> SubqueryPlanner::PlanLateral(std::unique_ptr<LogicalOperator> left,
                                                              std::unique_ptr<LogicalOperator> right, JoinType type,
                                                              std::unique_ptr<BoundExpression> condition) {
  if (!PlanHasDepth(*right, 1)) {
    DecrementDepths(*right);
    if (type == JoinType::kInner && !condition) {
      auto cross = std::make_unique<LogicalCrossProduct>();
      cross->children.push_back(std::move(left));
      cross->children.push_back(std::move(right));
      cross->ResolveTypes();
      return cross;
    }
    auto join = std::make_unique<LogicalJoin>(type);
    join->children.push_back(std::move(left));
    join->children.push_back(std::move(right));
    join->residual = condition ? std::move(condition) : std::make_unique<BoundConstant>(Value::Boolean(true));
    join->ResolveTypes();
    return join;
  }
  DependentJoin(binder_, left, std::move(right), type,
                [&](LogicalJoin&, DependentJoinFlattener&, BoundExpressionList& conditions) {
                  if (condition) conditions.push_back(std::move(condition));
                });
  return left;
}

void Binder::PlanSubqueries(std::unique_ptr<BoundExpression>& expr, std::unique_ptr<LogicalOperator>& root) {
  if (!expr->HasSubquery()) return;
  SubqueryPlanner planner(*this);
  RewriteExpression(expr, [&](std::unique_ptr<BoundExpression>& node) {
    if (node->kind == BoundExprKind::kSubquery) node = planner.Plan(static_cast<BoundSubquery&>(*node), root);
  });
}

std::unique_ptr<LogicalOperator> Binder::PlanJoinWithSubqueries(std::unique_ptr<LogicalJoin> join) {
  JoinType type = join->join_type;
  auto condition = std::move(join->residual);
  if (type == JoinType::kInner) {
    // ON of an inner join is a filter over the cross product (EXISTS/IN become semi joins).
    auto cross = std::make_unique<LogicalCrossProduct>();
    cross->children = std::move(join->children);
    cross->ResolveTypes();
    return PlanFilter(std::move(condition), std::move(cross));
  }
  // A subquery reading only one side's columns is planned on that side: mark and single
  // joins keep every row of their input, so the outer join sees the same rows, each with
  // the subquery's value.
  auto side_of = [&](BoundSubquery& sub) -> int {
    std::set<ColumnBinding> inputs;
    SubqueryInputs(sub, inputs);
    for (int side = 1; side >= 0; side--) {
      auto bindings = join->children[side]->GetColumnBindings();
      std::set<ColumnBinding> available(bindings.begin(), bindings.end());
      if (std::all_of(inputs.begin(), inputs.end(), [&](const ColumnBinding& b) { return available.count(b) > 0; })) {
        return side;
      }
    }
    return -1;
  };
  bool one_side = true;
  VisitExpression(*condition, [&](const BoundExpression& node) {
    if (node.kind == BoundExprKind::kSubquery &&
        side_of(const_cast<BoundSubquery&>(static_cast<const BoundSubquery&>(node))) < 0) {
      one_side = false;
    }
  });
  if (one_side) {
    SubqueryPlanner planner(*this);
    // Outermost subqueries only: Plan() puts those nested in them on the same side.
    std::function<void(std::unique_ptr<BoundExpression>&)> plan_outermost = [&](std::unique_ptr<BoundExpression>& node) {
      if (node->kind == BoundExprKind::kSubquery) {
        auto& sub = static_cast<BoundSubquery&>(*node);
        node = planner.Plan(sub, join->children[side_of(sub)]);
        return;
      }
      node->ForEachChild([&](std::unique_ptr<BoundExpression>& child) {
        if (child) plan_outermost(child);
      });
    };
    plan_outermost(condition);
    join->residual = std::move(condition);
    join->ResolveTypes();
    return join;
  }
  // A subquery reading both sides: the condition filters the null-extended side as a
  // LATERAL subquery over the preserved side, L LEFT JOIN LATERAL (SELECT * FROM R WHERE
  // condition) ON true.
  if (type == JoinType::kFull) {
    throw SqlError(ErrorCode::kFeatureNotSupported,
                   "FULL JOIN is only supported with merge-joinable or hash-joinable join conditions");
  }
  int preserved = type == JoinType::kRight ? 1 : 0;
  auto preserved_plan = std::move(join->children[preserved]);
  auto inner_plan = std::move(join->children[1 - preserved]);
  auto inner_bindings = inner_plan->GetColumnBindings();
  std::set<ColumnBinding> inner(inner_bindings.begin(), inner_bindings.end());
  std::set<SubqueryPlan*> shifted;
  ShiftOutward(condition, inner, shifted);
  auto filtered = PlanFilter(std::move(condition), std::move(inner_plan));
  SubqueryPlanner planner(*this);
  return planner.PlanLateral(std::move(preserved_plan), std::move(filtered), JoinType::kLeft, nullptr);
}

std::unique_ptr<LogicalOperator> Binder::PlanLateralJoin(std::unique_ptr<LogicalJoin> join) {
  SubqueryPlanner planner(*this);
  auto left = std::move(join->children[0]);
  auto right = std::move(join->children[1]);
  return planner.PlanLateral(std::move(left), std::move(right), join->join_type, std::move(join->residual));
}

bool Binder::TakeLateral(LogicalOperator& item, const std::vector<ColumnBinding>& left, size_t lateral_mark,
                         size_t deferred_mark) {
  if (lateral_items_.size() <= lateral_mark) return false;
  std::set<const LogicalOperator*> laterals(lateral_items_.begin() + lateral_mark, lateral_items_.end());
  lateral_items_.resize(lateral_mark);
  if (laterals.size() == 1 && laterals.count(&item)) return true;
  // LATERAL subqueries nested in a join (FROM a, LATERAL (...) x JOIN b ON ...): the join
  // becomes the dependent side. Its other parts bound at this level, so their outer
  // references move one level out, and references to `left` become outer ones, as in the
  // LATERAL subqueries.
  if (deferred_joins_.size() != deferred_mark) {
    throw SqlError(ErrorCode::kFeatureNotSupported,
                   "a join with subqueries in its condition next to a LATERAL subquery is not supported");
  }
  std::set<ColumnBinding> left_columns(left.begin(), left.end());
  std::function<void(LogicalOperator&)> shift = [&](LogicalOperator& op) {
    if (laterals.count(&op)) return;
    op.ForEachExpression([&](std::unique_ptr<BoundExpression>& e) {
      RewriteExpression(e, [&](std::unique_ptr<BoundExpression>& node) {
        if (node->kind == BoundExprKind::kSubquery) throw InternalError("unplanned subquery in a FROM item");
        if (node->kind != BoundExprKind::kColumnRef) return;
        auto& ref = static_cast<BoundColumnRef&>(*node);
        if (ref.depth > 0) ref.depth++;
        else if (left_columns.count(ref.binding)) ref.depth = 1;
      });
    });
    for (auto& c : op.children) shift(*c);
  };
  shift(item);
  return true;
}

void Binder::PlanDeferredJoins(std::unique_ptr<LogicalOperator>& root, size_t first) {
  // In binding order: a join's inputs are planned before it.
  for (size_t i = first; i < deferred_joins_.size(); i++) {
    auto* slot = FindSlot(root, deferred_joins_[i].join);
    if (!slot) throw InternalError("deferred join not in the plan");
    std::unique_ptr<LogicalJoin> join(static_cast<LogicalJoin*>(slot->release()));
    *slot = deferred_joins_[i].lateral ? PlanLateralJoin(std::move(join)) : PlanJoinWithSubqueries(std::move(join));
  }
  deferred_joins_.resize(first);
}

}  // namespace stockroom
