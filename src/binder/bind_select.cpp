#include <algorithm>
#include <set>

#include "binder/binder.hpp"
#include "binder/expression_binder.hpp"
#include "binder/type_coercion.hpp"
#include "common/error/exception.hpp"
#include "execution/expression/expression_executor.hpp"
#include "main/client_context.hpp"
#include "planner/subquery_planner.hpp"

namespace stockroom {

namespace {

int Pos(int location) { return location >= 0 ? location + 1 : 0; }

// Returns the integer value of a constant select-list ordinal ("GROUP BY 2"), or -1.
int64_t Ordinal(const ParsedExpression& expr) {
  if (expr.kind != ExprKind::kConstant || expr.value.IsNull()) return -1;
  if (expr.value.type().id() == TypeId::kInteger) return expr.value.GetInt32();
  if (expr.value.type().id() == TypeId::kBigInt) return expr.value.GetInt64();
  return -1;
}

// Returns the location of the leftmost token of `expr` (what PostgreSQL's exprLocation
// reports for an operator expression).
int LeftmostLocation(const ParsedExpression& expr) {
  int location = expr.location;
  for (auto& child : expr.children) {
    if (!child) continue;
    int l = LeftmostLocation(*child);
    if (l >= 0 && (location < 0 || l < location)) location = l;
  }
  return location;
}

// Expands the grouping-set structure of GROUP BY into explicit sets of group positions.
using GroupingSets = std::vector<std::vector<idx_t>>;

GroupingSets CrossProduct(const GroupingSets& a, const GroupingSets& b) {
  GroupingSets out;
  for (auto& x : a) {
    for (auto& y : b) {
      std::vector<idx_t> set = x;
      for (idx_t g : y) {
        if (std::find(set.begin(), set.end(), g) == set.end()) set.push_back(g);
      }
      out.push_back(std::move(set));
    }
  }
  return out;
}

std::unique_ptr<BoundExpression> ColumnRefTo(const BoundExpression& expr, ColumnBinding binding) {
  auto ref = std::make_unique<BoundColumnRef>(expr.type, binding, expr.alias.empty() ? expr.ToString() : expr.alias);
  return ref;
}

}  // namespace

namespace {

// Replaces subexpressions equal to a GROUP BY expression with references to the group
// column, and rejects remaining references to ungrouped columns of this level.
void ReplaceGroups(std::unique_ptr<BoundExpression>& expr, const AggregateCollector& agg, bool has_grouping) {
  if (!has_grouping) return;
  for (idx_t g = 0; g < agg.groups.size(); g++) {
    if (agg.groups[g]->Equals(*expr)) {
      auto ref = std::make_unique<BoundColumnRef>(expr->type, ColumnBinding{agg.group_index, g}, expr->ToString());
      ref->alias = expr->alias;
      expr = std::move(ref);
      return;
    }
  }
  if (expr->kind == BoundExprKind::kColumnRef) {
    auto& ref = static_cast<BoundColumnRef&>(*expr);
    idx_t t = ref.binding.table_index;
    if (ref.depth == 0 && t != agg.aggregate_index && t != agg.window_index && t != agg.group_index &&
        t != agg.grouping_index) {
      std::string name = ref.name;
      throw SqlError(ErrorCode::kGroupingError,
                     "column \"" + name + "\" must appear in the GROUP BY clause or be used in an aggregate function",
                     Pos(ref.location));
    }
    return;
  }
  if (expr->kind == BoundExprKind::kSubquery) {
    // Correlated references from the subquery to ungrouped columns of this level would
    // need the pre-aggregation rows; PostgreSQL rejects them too.
    auto& sub = static_cast<BoundSubquery&>(*expr);
    if (sub.child) ReplaceGroups(sub.child, agg, has_grouping);
    for (auto& c : sub.row_rest) ReplaceGroups(c, agg, has_grouping);
    if (sub.correlated) {
      std::function<void(LogicalOperator&)> walk = [&](LogicalOperator& op) {
        op.ForEachExpression([&](std::unique_ptr<BoundExpression>& e) {
          RewriteExpression(e, [&](std::unique_ptr<BoundExpression>& node) {
            if (node->kind != BoundExprKind::kColumnRef) return;
            auto& ref = static_cast<BoundColumnRef&>(*node);
            if (ref.depth != 1) return;
            BoundColumnRef probe(ref.type, ref.binding, ref.name, 0);
            for (idx_t g = 0; g < agg.groups.size(); g++) {
              if (agg.groups[g]->Equals(probe)) {
                ref.binding = ColumnBinding{agg.group_index, g};
                return;
              }
            }
            idx_t t = ref.binding.table_index;
            if (t != agg.aggregate_index && t != agg.group_index && t != agg.grouping_index) {
              throw SqlError(ErrorCode::kGroupingError,
                             "subquery uses ungrouped column \"" + ref.name + "\" from outer query", Pos(ref.location));
            }
          });
        });
        for (auto& c : op.children) walk(*c);
      };
      if (sub.plan->plan) walk(*sub.plan->plan);
    }
    return;
  }
  expr->ForEachChild([&](std::unique_ptr<BoundExpression>& child) {
    if (child) ReplaceGroups(child, agg, has_grouping);
  });
}

}  // namespace

std::unique_ptr<LogicalOperator> Binder::PlanFilter(std::unique_ptr<BoundExpression> condition,
                                                   std::unique_ptr<LogicalOperator> root) {
  // Conjuncts without subqueries filter first, so subqueries see (and a dependent join
  // materializes) only the rows that pass them.
  BoundExpressionList plain, with_subquery;
  std::function<void(std::unique_ptr<BoundExpression>)> split = [&](std::unique_ptr<BoundExpression> e) {
    if (e->kind == BoundExprKind::kConjunction && static_cast<BoundConjunction&>(*e).is_and) {
      for (auto& c : static_cast<BoundConjunction&>(*e).children) split(std::move(c));
      return;
    }
    (e->HasSubquery() ? with_subquery : plain).push_back(std::move(e));
  };
  split(std::move(condition));
  auto add_filter = [&](BoundExpressionList predicates) {
    if (predicates.empty()) return;
    auto filter = std::make_unique<LogicalFilter>();
    filter->expressions = std::move(predicates);
    filter->children.push_back(std::move(root));
    filter->ResolveTypes();
    root = std::move(filter);
  };
  add_filter(std::move(plain));
  SubqueryPlanner planner(*this);
  BoundExpressionList rest;
  for (auto& e : with_subquery) {
    if (planner.PlanFilterConjunct(e, root)) continue;
    PlanSubqueries(e, root);
    rest.push_back(std::move(e));
  }
  add_filter(std::move(rest));
  return root;
}

BoundQuery Binder::BindSelectNode(SelectNode& node) {
  MoveSelectListFunctionsToFrom(node);
  BoundQuery result;
  size_t first_deferred_join = deferred_joins_.size();
  // FROM: comma-separated items are cross joined; later items may be LATERAL.
  std::unique_ptr<LogicalOperator> root;
  if (node.from.empty()) {
    root = std::make_unique<LogicalDummyScan>(NewTableIndex());
  } else {
    for (auto& item : node.from) {
      BindContext* saved = lateral_context_;
      BindContext left_items = std::move(bind_context_);
      bind_context_ = BindContext();
      lateral_context_ = &left_items;
      std::unique_ptr<LogicalOperator> op;
      size_t lateral_mark = lateral_items_.size();
      size_t deferred_mark = deferred_joins_.size();
      try {
        op = BindTableRef(*item);
      } catch (...) {
        lateral_context_ = saved;
        throw;
      }
      lateral_context_ = saved;
      BindContext item_context = std::move(bind_context_);
      bind_context_ = std::move(left_items);
      for (auto& b : item_context.bindings()) {
        if (!b.alias.empty() && bind_context_.HasAlias(b.alias)) {
          throw SqlError(ErrorCode::kDuplicateAlias, "table name \"" + b.alias + "\" specified more than once",
                         Pos(item->location));
        }
      }
      bind_context_.Merge(std::move(item_context));
      if (!root) {
        root = std::move(op);
        continue;
      }
      if (TakeLateral(*op, root->GetColumnBindings(), lateral_mark, deferred_mark)) {
        // A LATERAL subquery reading the items before it: a dependent join, planned once
        // the whole SELECT is bound.
        auto join = std::make_unique<LogicalJoin>(JoinType::kInner);
        join->children.push_back(std::move(root));
        join->children.push_back(std::move(op));
        join->ResolveTypes();
        deferred_joins_.push_back({join.get(), true});
        root = std::move(join);
        continue;
      }
      bool lateral_function = false;
      if (op->kind == LogicalOperatorKind::kTableFunction) {
        for (auto& a : static_cast<LogicalTableFunction&>(*op).arguments) {
          VisitExpression(*a, [&](const BoundExpression& e) {
            lateral_function |= e.kind == BoundExprKind::kColumnRef ||
                                (e.kind == BoundExprKind::kSubquery && static_cast<const BoundSubquery&>(e).correlated);
          });
        }
      }
      if (lateral_function) {
        op->children.push_back(std::move(root));
        for (auto& a : static_cast<LogicalTableFunction&>(*op).arguments) PlanSubqueries(a, op->children[0]);
        root = std::move(op);
      } else {
        auto cross = std::make_unique<LogicalCrossProduct>();
        cross->children.push_back(std::move(root));
        cross->children.push_back(std::move(op));
        root = std::move(cross);
      }
      root->ResolveTypes();
    }
  }
  root->ResolveTypes();
  if (!lateral_items_.empty()) {
    throw SqlError(ErrorCode::kFeatureNotSupported,
                   "LATERAL subqueries that reference earlier FROM items are only supported as a FROM list item or "
                   "the right side of a join",
                   Pos(node.location));
  }

  // WHERE binds now but plans after the other clauses bound: binding them can still add
  // columns to the scans, and planning a subquery freezes the columns its input exposes.
  std::unique_ptr<BoundExpression> where_condition;
  if (node.where) where_condition = BindCondition(*node.where, ExpressionClause::kWhere);

  AggregateCollector agg;
  agg.group_index = NewTableIndex();
  agg.aggregate_index = NewTableIndex();
  agg.window_index = NewTableIndex();
  agg.grouping_index = NewTableIndex();
  // Each WINDOW clause entry may build on the entries before it.
  std::map<std::string, const WindowSpec*> named_windows;
  std::vector<std::shared_ptr<WindowSpec>> resolved_windows;
  for (auto& w : node.windows) {
    if (named_windows.count(w->name)) {
      throw SqlError(ErrorCode::kWindowingError, "window \"" + w->name + "\" is already defined", Pos(w->location));
    }
    auto resolved = ResolveWindowSpec(*w, &named_windows, true);
    if (!resolved) resolved = w;
    resolved_windows.push_back(resolved);
    named_windows[w->name] = resolved.get();
  }
  agg.named_windows = &named_windows;

  // Expand * in the select list.
  std::vector<std::unique_ptr<ParsedExpression>> select_items;
  std::vector<std::string> names;
  for (auto& item : node.select_list) {
    if (item->kind == ExprKind::kStar) {
      std::string alias = item->names.empty() ? "" : item->names.back();
      if (alias.empty() && bind_context_.bindings().empty()) {
        throw SqlError(ErrorCode::kSyntaxError, "SELECT * with no tables specified is not valid", Pos(item->location));
      }
      // Verify the alias exists (ExpandStar throws otherwise).
      bind_context_.ExpandStar(alias, item->location);
      // One reference per column, qualified by its own FROM item (merged USING columns
      // unqualified), so equal names in different tables stay apart.
      auto add = [&](const std::string& qualifier, const std::string& column) {
        auto ref = std::make_unique<ParsedExpression>(ExprKind::kColumnRef, item->location);
        if (!qualifier.empty()) ref->names.push_back(qualifier);
        ref->names.push_back(column);
        select_items.push_back(std::move(ref));
        names.push_back(column);
      };
      if (alias.empty()) {
        std::set<std::string> merged;
        for (auto& b : bind_context_.bindings()) merged.insert(b.merged.begin(), b.merged.end());
        for (auto& n : bind_context_.StarNames("")) {
          if (merged.count(n)) add("", n);
        }
        for (auto& b : bind_context_.bindings()) {
          if (b.hidden) continue;
          for (auto& n : b.names) {
            if (!b.merged.count(n)) add(b.alias, n);
          }
        }
      } else {
        for (auto& b : bind_context_.bindings()) {
          if (b.alias != alias) continue;
          for (auto& n : b.names) add(b.alias, n);
        }
      }
      continue;
    }
    names.push_back(item->alias.empty() ? DefaultColumnName(*item) : item->alias);
    select_items.push_back(item->Copy());
  }
  // Ambiguous star expansion by name (t1.a, t2.a) is handled by the qualification above,
  // except for tables without alias, which always have one here.

  // GROUP BY
  GroupingSets sets = {{}};
  bool has_group_by = !node.group_by.empty();
  {
    ExpressionBinder group_binder(*this, ExpressionClause::kGroupBy);
    auto bind_group = [&](ParsedExpression& e) -> idx_t {
      std::unique_ptr<BoundExpression> bound;
      int64_t ordinal = Ordinal(e);
      if (ordinal != -1) {
        if (ordinal < 1 || ordinal > static_cast<int64_t>(select_items.size())) {
          throw SqlError(ErrorCode::kInvalidColumnReference,
                         "GROUP BY position " + std::to_string(ordinal) + " is not in select list", Pos(e.location));
        }
        bound = group_binder.Bind(*select_items[ordinal - 1]);
      } else if (e.kind == ExprKind::kColumnRef && e.names.size() == 1) {
        // An input column wins; otherwise an output column name.
        try {
          bound = group_binder.Bind(e);
        } catch (const SqlError& err) {
          if (err.code() != ErrorCode::kUndefinedColumn) throw;
          int found = -1;
          for (size_t i = 0; i < names.size(); i++) {
            if (names[i] == e.names[0]) {
              if (found >= 0) throw;
              found = static_cast<int>(i);
            }
          }
          if (found < 0) throw;
          bound = group_binder.Bind(*select_items[found]);
        }
      } else {
        bound = group_binder.Bind(e);
      }
      if (bound->type.id() == TypeId::kUnknown) bound = AddCast(std::move(bound), TypeId::kText, false, &context_);
      for (idx_t g = 0; g < agg.groups.size(); g++) {
        if (agg.groups[g]->Equals(*bound)) return g;
      }
      agg.groups.push_back(std::move(bound));
      return agg.groups.size() - 1;
    };
    std::function<GroupingSets(GroupingElement&)> expand = [&](GroupingElement& element) -> GroupingSets {
      switch (element.kind) {
        case GroupingElement::Kind::kExpression:
          return {{bind_group(*element.expr)}};
        case GroupingElement::Kind::kEmpty:
          return {{}};
        case GroupingElement::Kind::kSet: {
          std::vector<idx_t> set;
          for (auto& e : element.items[0]) set.push_back(bind_group(*e));
          return {set};
        }
        case GroupingElement::Kind::kRollup: {
          std::vector<std::vector<idx_t>> items;
          for (auto& item : element.items) {
            std::vector<idx_t> cols;
            for (auto& e : item) cols.push_back(bind_group(*e));
            items.push_back(cols);
          }
          GroupingSets out;
          for (size_t n = items.size() + 1; n-- > 0;) {
            std::vector<idx_t> set;
            for (size_t i = 0; i < n; i++) set.insert(set.end(), items[i].begin(), items[i].end());
            out.push_back(set);
          }
          return out;
        }
        case GroupingElement::Kind::kCube: {
          std::vector<std::vector<idx_t>> items;
          for (auto& item : element.items) {
            std::vector<idx_t> cols;
            for (auto& e : item) cols.push_back(bind_group(*e));
            items.push_back(cols);
          }
          if (items.size() > 12) {
            throw SqlError(ErrorCode::kStatementTooComplex, "CUBE is limited to 12 elements", Pos(node.location));
          }
          GroupingSets out;
          size_t n = items.size();
          // PostgreSQL orders CUBE's sets from the full set down (by descending size).
          for (size_t size = n + 1; size-- > 0;) {
            for (size_t mask = (1u << n); mask-- > 0;) {
              if (static_cast<size_t>(__builtin_popcount(mask)) != size) continue;
              std::vector<idx_t> set;
              for (size_t i = 0; i < n; i++) {
                if (mask & (1u << (n - 1 - i))) set.insert(set.end(), items[i].begin(), items[i].end());
              }
              out.push_back(set);
            }
          }
          return out;
        }
        case GroupingElement::Kind::kSets: {
          GroupingSets out;
          for (auto& s : element.sets) {
            auto sub = expand(s);
            out.insert(out.end(), sub.begin(), sub.end());
          }
          return out;
        }
      }
      return {{}};
    };
    for (auto& element : node.group_by) sets = CrossProduct(sets, expand(element));
  }
  bool has_grouping_sets = sets.size() > 1 || (sets.size() == 1 && sets[0].size() != agg.groups.size());
  agg.grouping_sets = has_grouping_sets ? sets : GroupingSets{};

  // SELECT list
  BoundExpressionList select_exprs;
  {
    ExpressionBinder select_binder(*this, ExpressionClause::kSelect, &agg);
    for (size_t i = 0; i < select_items.size(); i++) {
      auto bound = select_binder.Bind(*select_items[i]);
      bound->alias = names[i];
      select_exprs.push_back(std::move(bound));
    }
  }
  // HAVING
  std::unique_ptr<BoundExpression> having;
  if (node.having) {
    ExpressionBinder having_binder(*this, ExpressionClause::kHaving, &agg);
    having = ExpressionBinder::ToBoolean(having_binder.Bind(*node.having), "HAVING", context_);
  }
  // ORDER BY: select-list names and ordinals first, then expressions.
  std::vector<BoundOrderItem> orders;
  idx_t visible_columns = select_exprs.size();
  bool has_distinct = node.distinct;
  for (auto& item : node.order_by) {
    BoundOrderItem order;
    order.descending = item.descending;
    order.nulls_first = item.nulls == NullsOrder::kDefault ? item.descending : item.nulls == NullsOrder::kFirst;
    int64_t ordinal = Ordinal(*item.expr);
    int64_t select_index = -1;
    if (ordinal != -1) {
      if (ordinal < 1 || ordinal > static_cast<int64_t>(visible_columns)) {
        throw SqlError(ErrorCode::kInvalidColumnReference,
                       "ORDER BY position " + std::to_string(ordinal) + " is not in select list",
                       Pos(item.expr->location));
      }
      select_index = ordinal - 1;
    } else if (item.expr->kind == ExprKind::kColumnRef && item.expr->names.size() == 1) {
      for (size_t i = 0; i < visible_columns; i++) {
        if (names[i] == item.expr->names[0]) {
          if (select_index >= 0 && !select_exprs[select_index]->Equals(*select_exprs[i])) {
            throw SqlError(ErrorCode::kAmbiguousColumn, "ORDER BY \"" + names[i] + "\" is ambiguous",
                           Pos(item.expr->location));
          }
          if (select_index < 0) select_index = static_cast<int64_t>(i);
        }
      }
    }
    if (select_index < 0) {
      ExpressionBinder order_binder(*this, ExpressionClause::kOrderBy, &agg);
      auto bound = order_binder.Bind(*item.expr);
      if (bound->type.id() == TypeId::kUnknown) bound = AddCast(std::move(bound), TypeId::kText, false, &context_);
      for (size_t i = 0; i < select_exprs.size(); i++) {
        if (select_exprs[i]->Equals(*bound)) select_index = static_cast<int64_t>(i);
      }
      if (select_index < 0) {
        if (has_distinct && node.distinct_on.empty()) {
          throw SqlError(ErrorCode::kInvalidColumnReference,
                         "for SELECT DISTINCT, ORDER BY expressions must appear in select list",
                         Pos(item.expr->location));
        }
        bound->alias = "";
        select_exprs.push_back(std::move(bound));
        select_index = static_cast<int64_t>(select_exprs.size() - 1);
      }
    }
    order.expr = std::make_unique<BoundConstant>(Value::BigInt(select_index));  // placeholder: resolved below
    orders.push_back(std::move(order));
  }
  // DISTINCT ON
  BoundExpressionList distinct_on;
  if (!node.distinct_on.empty()) {
    ExpressionBinder on_binder(*this, ExpressionClause::kOrderBy, &agg);
    for (auto& e : node.distinct_on) {
      int64_t ordinal = Ordinal(*e);
      std::unique_ptr<BoundExpression> bound;
      if (ordinal != -1) {
        if (ordinal < 1 || ordinal > static_cast<int64_t>(visible_columns)) {
          throw SqlError(ErrorCode::kInvalidColumnReference,
                         "SELECT DISTINCT ON position " + std::to_string(ordinal) + " is not in select list",
                         Pos(e->location));
        }
        bound = select_exprs[ordinal - 1]->Copy();
      } else if (e->kind == ExprKind::kColumnRef && e->names.size() == 1 &&
                 std::find(names.begin(), names.begin() + visible_columns, e->names[0]) != names.begin() + visible_columns) {
        auto it = std::find(names.begin(), names.begin() + visible_columns, e->names[0]);
        bound = select_exprs[it - names.begin()]->Copy();
      } else {
        bound = on_binder.Bind(*e);
      }
      distinct_on.push_back(std::move(bound));
    }
  }

  // PostgreSQL checks every WINDOW clause entry, used or not (aggregates in one make the
  // query aggregate); the results are not needed.
  for (auto& w : resolved_windows) {
    ExpressionBinder window_binder(*this, ExpressionClause::kWindowDefinition, &agg);
    for (auto& p : w->partition_by) window_binder.Bind(*p);
    for (auto& o : w->order_by) window_binder.Bind(*o.expr);
  }

  PlanDeferredJoins(root, first_deferred_join);
  if (where_condition) root = PlanFilter(std::move(where_condition), std::move(root));

  bool has_aggregation = has_group_by || !agg.aggregates.empty() || having;
  // Every non-aggregated column must be grouped.
  for (auto& e : select_exprs) ReplaceGroups(e, agg, has_aggregation);
  if (having) ReplaceGroups(having, agg, has_aggregation);
  for (auto& e : distinct_on) ReplaceGroups(e, agg, has_aggregation);
  for (auto& w : agg.windows) {
    w->ForEachChild([&](std::unique_ptr<BoundExpression>& child) {
      if (child) ReplaceGroups(child, agg, has_aggregation);
    });
  }

  // Build the plan: aggregate, HAVING, window, projection.
  if (has_aggregation) {
    auto aggregate = std::make_unique<LogicalAggregate>(agg.group_index, agg.aggregate_index);
    aggregate->grouping_index = agg.grouping_index;
    for (auto& g : agg.groups) PlanSubqueries(g, root);
    for (auto& a : agg.aggregates) {
      auto& bound = static_cast<BoundAggregate&>(*a);
      for (auto& c : bound.children) PlanSubqueries(c, root);
      if (bound.filter) PlanSubqueries(bound.filter, root);
    }
    aggregate->groups = std::move(agg.groups);
    aggregate->aggregates = std::move(agg.aggregates);
    aggregate->grouping_sets = agg.grouping_sets;
    aggregate->children.push_back(std::move(root));
    aggregate->ResolveTypes();
    root = std::move(aggregate);
    if (having) root = PlanFilter(std::move(having), std::move(root));
  } else if (!agg.aggregates.empty()) {
    throw InternalError("aggregates without aggregation");
  }
  if (!agg.windows.empty()) {
    auto window = std::make_unique<LogicalWindow>(agg.window_index);
    for (auto& w : agg.windows) {
      w->ForEachChild([&](std::unique_ptr<BoundExpression>& child) {
        if (child && child->HasSubquery()) PlanSubqueries(child, root);
      });
    }
    window->expressions = std::move(agg.windows);
    window->children.push_back(std::move(root));
    window->ResolveTypes();
    root = std::move(window);
  }
  idx_t projection_index = NewTableIndex();
  auto projection = std::make_unique<LogicalProjection>(projection_index);
  // A set operation's leaf SELECT leaves unknown literals for the set operation to type
  // (PostgreSQL), unless DISTINCT, GROUP BY or ORDER BY already resolved them as text.
  bool keep_unknown = keep_unknown_outputs_ && !node.distinct && node.distinct_on.empty() && node.group_by.empty() &&
                      node.order_by.empty();
  for (auto& e : select_exprs) {
    PlanSubqueries(e, root);
    if (e->type.id() == TypeId::kUnknown && !keep_unknown) e = AddCast(std::move(e), TypeId::kText, false, &context_);
    projection->expressions.push_back(std::move(e));
  }
  projection->children.push_back(std::move(root));
  projection->ResolveTypes();
  auto output_bindings = projection->GetColumnBindings();
  std::vector<LogicalType> output_types = projection->types;
  root = std::move(projection);

  // Resolve ORDER BY placeholders to projection columns.
  for (auto& order : orders) {
    idx_t index = static_cast<idx_t>(static_cast<BoundConstant&>(*order.expr).value.GetInt64());
    order.expr = std::make_unique<BoundColumnRef>(output_types[index], output_bindings[index],
                                                  index < names.size() ? names[index] : "");
  }

  if (node.distinct) {
    if (distinct_on.empty()) {
      // DISTINCT over all visible columns: a grouping with no aggregates.
      auto distinct = std::make_unique<LogicalDistinct>();
      distinct->children.push_back(std::move(root));
      distinct->ResolveTypes();
      root = std::move(distinct);
    } else {
      // DISTINCT ON keeps the first row of each group in ORDER BY order.
      for (size_t i = 0; i < distinct_on.size() && i < orders.size(); i++) {
        (void)i;
      }
      auto distinct = std::make_unique<LogicalDistinct>();
      // distinct_on expressions are evaluated over the projection's input; reference them
      // through the projection by adding them as hidden columns.
      auto& proj = static_cast<LogicalProjection&>(*root);
      for (auto& e : distinct_on) {
        int64_t found = -1;
        for (size_t i = 0; i < proj.expressions.size(); i++) {
          if (proj.expressions[i]->Equals(*e)) found = static_cast<int64_t>(i);
        }
        if (found < 0) {
          PlanSubqueries(e, proj.children[0]);
          proj.expressions.push_back(std::move(e));
          found = static_cast<int64_t>(proj.expressions.size() - 1);
        }
        proj.ResolveTypes();
        distinct->distinct_on.push_back(std::make_unique<BoundColumnRef>(
            proj.types[found], ColumnBinding{proj.table_index, static_cast<idx_t>(found)}, ""));
      }
      // PostgreSQL requires DISTINCT ON expressions to lead the ORDER BY.
      for (size_t i = 0; i < orders.size() && i < distinct->distinct_on.size(); i++) {
        bool match = false;
        for (auto& d : distinct->distinct_on) match |= d->Equals(*orders[i].expr);
        if (!match) {
          throw SqlError(ErrorCode::kInvalidColumnReference,
                         "SELECT DISTINCT ON expressions must match initial ORDER BY expressions",
                         Pos(node.distinct_on[0]->location));
        }
      }
      for (auto& o : orders) distinct->orders.push_back(o.Copy());
      distinct->children.push_back(std::move(root));
      distinct->ResolveTypes();
      root = std::move(distinct);
    }
  }
  if (!orders.empty()) {
    auto order = std::make_unique<LogicalOrder>();
    order->orders = std::move(orders);
    order->children.push_back(std::move(root));
    order->ResolveTypes();
    root = std::move(order);
    result.ordered = true;
  }
  int64_t limit = node.limit ? BindLimitValue(*node.limit, false) : -1;
  int64_t offset = node.offset ? BindLimitValue(*node.offset, true) : 0;
  if (offset < 0) offset = 0;
  if (limit >= 0 || offset > 0) {
    auto lim = std::make_unique<LogicalLimit>();
    lim->limit = limit;
    lim->offset = offset;
    lim->children.push_back(std::move(root));
    lim->ResolveTypes();
    root = std::move(lim);
  }
  // Drop hidden ORDER BY / DISTINCT ON columns.
  auto bindings = root->GetColumnBindings();
  if (bindings.size() > visible_columns) {
    auto strip = std::make_unique<LogicalProjection>(NewTableIndex());
    for (idx_t i = 0; i < visible_columns; i++) {
      strip->expressions.push_back(std::make_unique<BoundColumnRef>(root->types[i], bindings[i], names[i]));
    }
    strip->children.push_back(std::move(root));
    strip->ResolveTypes();
    root = std::move(strip);
  }
  result.plan = std::move(root);
  result.names.assign(names.begin(), names.begin() + visible_columns);
  result.types = result.plan->types;
  return result;
}

void Binder::BindOrderLimitOverOutput(QueryNode& node, BoundQuery& query) {
  if (!node.order_by.empty()) {
    bool is_values = node.kind == QueryNodeKind::kValues;
    auto bindings = query.plan->GetColumnBindings();
    bool one_table = true;
    for (size_t i = 0; i < bindings.size(); i++) {
      one_table &= bindings[i].table_index == bindings[0].table_index && bindings[i].column_index == i;
    }
    if (!one_table) {
      auto projection = std::make_unique<LogicalProjection>(NewTableIndex());
      for (size_t i = 0; i < bindings.size(); i++) {
        projection->expressions.push_back(std::make_unique<BoundColumnRef>(query.types[i], bindings[i], query.names[i]));
      }
      projection->children.push_back(std::move(query.plan));
      projection->ResolveTypes();
      query.plan = std::move(projection);
      bindings = query.plan->GetColumnBindings();
    }
    // Order keys see only the output columns, as one FROM item (nameless for a set
    // operation, as in PostgreSQL).
    BindContext output_context;
    if (!bindings.empty()) {
      TableBinding output;
      output.alias = is_values ? "*VALUES*" : "";
      output.table_index = bindings[0].table_index;
      output.names = query.names;
      output.types = query.types;
      output_context.AddBinding(std::move(output), -1);
    }
    auto order = std::make_unique<LogicalOrder>();
    for (auto& item : node.order_by) {
      BoundOrderItem bound;
      bound.descending = item.descending;
      bound.nulls_first = item.nulls == NullsOrder::kDefault ? item.descending : item.nulls == NullsOrder::kFirst;
      int64_t ordinal = Ordinal(*item.expr);
      int64_t index = -1;
      if (ordinal != -1) {
        if (ordinal < 1 || ordinal > static_cast<int64_t>(bindings.size())) {
          throw SqlError(ErrorCode::kInvalidColumnReference,
                         "ORDER BY position " + std::to_string(ordinal) + " is not in select list",
                         Pos(item.expr->location));
        }
        index = ordinal - 1;
      } else if (item.expr->kind == ExprKind::kConstant) {
        throw SqlError(ErrorCode::kSyntaxError, "non-integer constant in ORDER BY", Pos(item.expr->location));
      } else if (item.expr->kind == ExprKind::kColumnRef && item.expr->names.size() == 1) {
        for (size_t i = 0; i < query.names.size(); i++) {
          if (query.names[i] != item.expr->names[0]) continue;
          if (index >= 0) {
            throw SqlError(ErrorCode::kAmbiguousColumn, "ORDER BY \"" + query.names[i] + "\" is ambiguous",
                           Pos(item.expr->location));
          }
          index = static_cast<int64_t>(i);
        }
      }
      auto invalid_clause = [&] {
        return SqlError(ErrorCode::kFeatureNotSupported, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause",
                        Pos(LeftmostLocation(*item.expr)))
            .WithDetail("Only result column names can be used, not expressions or functions.")
            .WithHint("Add the expression/function to every SELECT, or move the UNION into a FROM clause.");
      };
      if (index < 0) {
        std::swap(bind_context_, output_context);
        BindContext* saved_lateral = lateral_context_;
        lateral_context_ = nullptr;
        std::unique_ptr<BoundExpression> key;
        try {
          key = BindExpression(*item.expr, ExpressionClause::kOrderBy);
        } catch (const SqlError& error) {
          std::swap(bind_context_, output_context);
          lateral_context_ = saved_lateral;
          // PostgreSQL accepts an aggregate or window call here, then rejects the key.
          if (!is_values &&
              (error.code() == ErrorCode::kGroupingError || error.code() == ErrorCode::kWindowingError)) {
            throw invalid_clause();
          }
          throw;
        } catch (...) {
          std::swap(bind_context_, output_context);
          lateral_context_ = saved_lateral;
          throw;
        }
        std::swap(bind_context_, output_context);
        lateral_context_ = saved_lateral;
        if (key->kind == BoundExprKind::kColumnRef) {
          auto& ref = static_cast<BoundColumnRef&>(*key);
          for (size_t i = 0; i < bindings.size() && ref.depth == 0; i++) {
            if (ref.binding == bindings[i]) index = static_cast<int64_t>(i);
          }
        }
        if (index < 0 && is_values && !key->HasSubquery()) {
          // VALUES is a FROM item of its own: any expression of its columns orders it.
          if (key->type.id() == TypeId::kUnknown) key = AddCast(std::move(key), TypeId::kText, false, &context_);
          bound.expr = std::move(key);
          order->orders.push_back(std::move(bound));
          continue;
        }
        if (index < 0) throw invalid_clause();
      }
      bound.expr = std::make_unique<BoundColumnRef>(query.types[index], bindings[index], query.names[index]);
      order->orders.push_back(std::move(bound));
    }
    order->children.push_back(std::move(query.plan));
    order->ResolveTypes();
    query.plan = std::move(order);
    query.ordered = true;
  }
  int64_t limit = node.limit ? BindLimitValue(*node.limit, false) : -1;
  int64_t offset = node.offset ? BindLimitValue(*node.offset, true) : 0;
  if (offset < 0) offset = 0;
  if (limit >= 0 || offset > 0) {
    auto lim = std::make_unique<LogicalLimit>();
    lim->limit = limit;
    lim->offset = offset;
    lim->children.push_back(std::move(query.plan));
    lim->ResolveTypes();
    query.plan = std::move(lim);
  }
}

BoundQuery Binder::BindSetOperation(SetOperationNode& node) {
  // Each side is a query level of its own, at the same depth as this one.
  auto bind_side = [&](QueryNode& side) {
    Binder side_binder(context_, parent_);
    side_binder.index_counter_ = index_counter_;
    side_binder.referenced_relations_ = referenced_relations_;
    side_binder.deparse_notes_ = deparse_notes_;
    side_binder.keep_unknown_outputs_ = side.kind == QueryNodeKind::kSelect;
    for (Binder* b = this; b; b = b->parent_) {
      for (auto& [name, cte] : b->ctes_) {
        if (!side_binder.ctes_.count(name)) side_binder.ctes_[name] = cte;
      }
    }
    BoundQuery q = side_binder.BindQuery(side);
    for (auto& c : side_binder.correlated_columns_) AddCorrelatedColumn(c);
    return q;
  };
  BoundQuery left = bind_side(*node.left);
  BoundQuery right = bind_side(*node.right);
  const char* op_name = node.op == SetOpKind::kUnion ? "UNION" : node.op == SetOpKind::kIntersect ? "INTERSECT" : "EXCEPT";
  if (left.types.size() != right.types.size()) {
    throw SqlError(ErrorCode::kSyntaxError,
                   std::string("each ") + op_name + " query must have the same number of columns", Pos(node.location));
  }
  std::vector<LogicalType> types;
  for (size_t i = 0; i < left.types.size(); i++) {
    LogicalType t = CommonType({left.types[i], right.types[i]}, op_name, node.location);
    if (t.id() == TypeId::kUnknown) t = TypeId::kText;
    types.push_back(t);
  }
  auto coerce = [&](BoundQuery& q) {
    // An untyped parameter in a side's select list takes the column's type itself, as an
    // unknown literal would (SELECT $1 UNION SELECT 2: $1 is integer).
    if (q.plan->kind == LogicalOperatorKind::kProjection) {
      auto& projection = static_cast<LogicalProjection&>(*q.plan);
      bool changed = false;
      for (size_t i = 0; i < types.size() && i < projection.expressions.size(); i++) {
        auto& e = projection.expressions[i];
        if (e->kind == BoundExprKind::kParameter && e->type.id() == TypeId::kUnknown) {
          e = AddCast(std::move(e), types[i], false, &context_);
          q.types[i] = e->type;
          changed = true;
        }
      }
      if (changed) projection.ResolveTypes();
    }
    bool needs = false;
    for (size_t i = 0; i < types.size(); i++) needs |= q.types[i] != types[i];
    if (!needs) return;
    auto projection = std::make_unique<LogicalProjection>(NewTableIndex());
    auto bindings = q.plan->GetColumnBindings();
    for (size_t i = 0; i < types.size(); i++) {
      std::unique_ptr<BoundExpression> e = std::make_unique<BoundColumnRef>(q.types[i], bindings[i], q.names[i]);
      projection->expressions.push_back(AddCast(std::move(e), types[i], false, &context_));
    }
    projection->children.push_back(std::move(q.plan));
    projection->ResolveTypes();
    q.plan = std::move(projection);
    q.types = types;
  };
  coerce(left);
  coerce(right);
  SetOpType op = node.op == SetOpKind::kUnion ? SetOpType::kUnion
                 : node.op == SetOpKind::kIntersect ? SetOpType::kIntersect
                                                    : SetOpType::kExcept;
  auto setop = std::make_unique<LogicalSetOperation>(NewTableIndex(), op, node.all);
  setop->children.push_back(std::move(left.plan));
  setop->children.push_back(std::move(right.plan));
  setop->ResolveTypes();
  BoundQuery result;
  result.names = left.names;
  result.types = types;
  result.plan = std::move(setop);
  BindOrderLimitOverOutput(node, result);
  return result;
}

std::unique_ptr<LogicalOperator> Binder::PlanValueRows(const std::vector<LogicalType>& types,
                                                       std::vector<BoundExpressionList> rows) {
  bool has_subquery = false;
  for (auto& r : rows) {
    for (auto& e : r) has_subquery |= e->HasSubquery();
  }
  if (!has_subquery) {
    auto values = std::make_unique<LogicalValues>(NewTableIndex());
    values->column_types = types;
    values->rows = std::move(rows);
    values->ResolveTypes();
    return values;
  }
  // VALUES (... (SELECT ...) ...): a LogicalValues row holds expressions without plans, so
  // each row becomes a projection over one empty row, where its subqueries are planned, and
  // the rows are appended by UNION ALL in order.
  std::unique_ptr<LogicalOperator> all_rows;
  for (auto& r : rows) {
    std::unique_ptr<LogicalOperator> root = std::make_unique<LogicalDummyScan>(NewTableIndex());
    for (auto& e : r) PlanSubqueries(e, root);
    auto projection = std::make_unique<LogicalProjection>(NewTableIndex());
    projection->expressions = std::move(r);
    projection->children.push_back(std::move(root));
    projection->ResolveTypes();
    if (!all_rows) {
      all_rows = std::move(projection);
      continue;
    }
    auto setop = std::make_unique<LogicalSetOperation>(NewTableIndex(), SetOpType::kUnion, true);
    setop->children.push_back(std::move(all_rows));
    setop->children.push_back(std::move(projection));
    setop->ResolveTypes();
    all_rows = std::move(setop);
  }
  return all_rows;
}

BoundQuery Binder::BindValues(ValuesNode& node) {
  ExpressionBinder binder(*this, ExpressionClause::kValues);
  std::vector<BoundExpressionList> rows;
  size_t width = node.rows.empty() ? 0 : node.rows[0].size();
  for (auto& row : node.rows) {
    if (row.size() != width) {
      throw SqlError(ErrorCode::kSyntaxError, "VALUES lists must all be the same length",
                     Pos(row.empty() ? node.location : row[0]->location));
    }
    BoundExpressionList bound;
    for (auto& e : row) {
      if (e->kind == ExprKind::kDefault) {
        bound.push_back(std::make_unique<BoundConstant>(Value()));
        bound.back()->alias = "\x01" "default";
        continue;
      }
      bound.push_back(binder.Bind(*e));
    }
    rows.push_back(std::move(bound));
  }
  std::vector<LogicalType> types;
  for (size_t c = 0; c < width; c++) {
    std::vector<LogicalType> column;
    for (auto& r : rows) column.push_back(r[c]->type);
    LogicalType t = CommonType(column, "VALUES", node.location);
    types.push_back(t);
  }
  for (auto& r : rows) {
    for (size_t c = 0; c < width; c++) {
      std::string alias = r[c]->alias;
      r[c] = AddCast(std::move(r[c]), types[c], false, &context_);
      r[c]->alias = alias;
    }
  }
  for (auto& r : rows) {
    for (auto& e : r) {
      if (e->alias == "\x01" "default" && std::any_of(r.begin(), r.end(), [](auto& x) { return x->HasSubquery(); })) {
        throw SqlError(ErrorCode::kFeatureNotSupported, "DEFAULT in VALUES with subqueries", Pos(node.location));
      }
    }
  }
  BoundQuery result;
  for (size_t c = 0; c < width; c++) result.names.push_back("column" + std::to_string(c + 1));
  result.types = types;
  result.plan = PlanValueRows(types, std::move(rows));
  BindOrderLimitOverOutput(node, result);
  return result;
}

}  // namespace stockroom
