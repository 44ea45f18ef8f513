#include <algorithm>

#include "binder/expression_binder.hpp"
#include "binder/type_coercion.hpp"
#include "common/error/exception.hpp"
#include "function/function_registry.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

int Pos(int location) { return location >= 0 ? location + 1 : 0; }

// Returns the index of an expression equal to `expr` in `list`, appending it if absent.
idx_t AddUnique(BoundExpressionList& list, std::unique_ptr<BoundExpression> expr) {
  for (idx_t i = 0; i < list.size(); i++) {
    if (list[i]->Equals(*expr) && !expr->IsVolatile()) return i;
  }
  list.push_back(std::move(expr));
  return list.size() - 1;
}

}  // namespace

std::unique_ptr<BoundExpression> ExpressionBinder::BindAggregate(ParsedExpression& expr, const std::string& name) {
  if (in_window_) {
    // Aggregates inside a window function's arguments are computed first (GROUP BY level).
  }
  // The arguments bind first: they decide which query level the aggregate belongs to.
  bool nested = in_aggregate_;
  in_aggregate_ = true;
  BoundExpressionList args;
  std::vector<BoundOrderItem> order_by;
  std::unique_ptr<BoundExpression> filter;
  try {
    // Ordered-set aggregates (percentile_cont) take the WITHIN GROUP key as their last
    // argument; others (Redshift's LISTAGG) read WITHIN GROUP as ORDER BY.
    bool ordered_set = false;
    if (const auto* candidates = FunctionRegistry::Get().Aggregate(name)) {
      for (auto& f : *candidates) ordered_set |= f.ordered_set;
    }
    if (expr.within_group && ordered_set) {
      args = BindChildren(expr.children);
      order_by = BindOrderItems(expr.order_by);
      if (order_by.size() != 1) {
        throw SqlError(ErrorCode::kFeatureNotSupported, "WITHIN GROUP needs exactly one ORDER BY expression",
                       Pos(expr.location));
      }
      args.push_back(order_by[0].expr->Copy());
    } else {
      args = BindChildren(expr.children);
      order_by = BindOrderItems(expr.order_by);
    }
    if (expr.filter) filter = ToBoolean(Bind(*expr.filter), "FILTER", binder_.context());
  } catch (...) {
    in_aggregate_ = nested;
    throw;
  }
  in_aggregate_ = nested;

  // PostgreSQL: an aggregate belongs to the innermost query level whose columns its
  // arguments read, so max(o.k) in a subquery is an aggregate of o's query.
  idx_t level = 0;
  {
    bool any_column = false;
    idx_t min_depth = 0;
    auto visit = [&](const BoundExpression& e) {
      VisitExpression(e, [&](const BoundExpression& node) {
        if (node.kind != BoundExprKind::kColumnRef) return;
        idx_t depth = static_cast<const BoundColumnRef&>(node).depth;
        min_depth = any_column ? std::min(min_depth, depth) : depth;
        any_column = true;
      });
    };
    for (auto& a : args) visit(*a);
    for (auto& o : order_by) visit(*o.expr);
    if (filter) visit(*filter);
    if (any_column) level = min_depth;
  }
  ExpressionBinder* owner = this;
  if (level > 0) {
    Binder* b = &binder_;
    for (idx_t l = 0; l < level && b; l++) b = b->parent_;
    owner = b ? b->active_expression_binder_ : nullptr;
    if (!owner) {
      throw SqlError(ErrorCode::kGroupingError, "aggregate functions are not allowed in FROM clause of their own query level",
                     Pos(expr.location));
    }
    auto shift = [&](std::unique_ptr<BoundExpression>& e) {
      RewriteExpression(e, [&](std::unique_ptr<BoundExpression>& node) {
        if (node->kind == BoundExprKind::kColumnRef) static_cast<BoundColumnRef&>(*node).depth -= level;
      });
    };
    for (auto& a : args) shift(a);
    for (auto& o : order_by) shift(o.expr);
    if (filter) shift(filter);
  }
  if (!owner->collector_ || owner->clause_ == ExpressionClause::kGroupBy) {
    throw SqlError(ErrorCode::kGroupingError,
                   std::string("aggregate functions are not allowed in ") + ClauseName(owner->clause_),
                   Pos(expr.location));
  }
  if (level == 0 ? nested : owner->in_aggregate_) {
    throw SqlError(ErrorCode::kGroupingError, "aggregate function calls cannot be nested", Pos(expr.location));
  }
  for (auto& a : args) {
    if (a->HasWindow()) {
      throw SqlError(ErrorCode::kGroupingError, "aggregate function calls cannot contain window function calls",
                     Pos(a->location));
    }
  }

  std::string fname = expr.star ? "count_star" : name;
  if (expr.star && name != "count") {
    throw SqlError(ErrorCode::kWrongObjectType, name + "(*) specified, but " + name + " is not a parameterless aggregate",
                   Pos(expr.location));
  }
  const auto* overloads = FunctionRegistry::Get().Aggregate(fname);
  std::vector<LogicalType> targets;
  AggregateFunction function = (*overloads)[ChooseOverload(name, *overloads, args, Pos(expr.location), &targets)];
  for (size_t i = 0; i < args.size(); i++) {
    const LogicalType& target = targets[i];
    if (target.id() == TypeId::kInvalid) {
      // count($1): nothing determines the parameter's type (42P18, as in PostgreSQL).
      if (args[i]->type.id() == TypeId::kUnknown && args[i]->kind != BoundExprKind::kParameter) {
        args[i] = AddCast(std::move(args[i]), TypeId::kText, false, &binder_.context());
      }
      continue;
    }
    if (target.id() == args[i]->type.id() && target.id() != TypeId::kChar) continue;
    if (target.id() == TypeId::kNumeric && target.width() == 0 && function.bind) {
      if (args[i]->type.IsInteger()) {
        LogicalType exact = AsNumeric(args[i]->type);  // before args[i] is moved from
        args[i] = AddCast(std::move(args[i]), exact, false, &binder_.context());
      }
      if (args[i]->type.id() == TypeId::kNumeric) continue;
    }
    args[i] = AddCast(std::move(args[i]), target, false, &binder_.context());
  }
  auto aggregate = BoundAggregate::Bind(binder_.context(), std::move(function), std::move(args));
  aggregate->distinct = expr.distinct;
  aggregate->filter = std::move(filter);
  aggregate->order_by = std::move(order_by);  // aggregate ORDER BY or WITHIN GROUP
  aggregate->location = expr.location;
  LogicalType type = aggregate->type;
  std::string label = name;
  AggregateCollector& collector = *owner->collector_;
  idx_t index = AddUnique(collector.aggregates, std::move(aggregate));
  ColumnBinding binding{collector.aggregate_index, index};
  // An outer level's aggregate is a correlated column of the levels in between.
  Binder* inner = &binder_;
  for (idx_t l = 0; l < level; l++, inner = inner->parent_) {
    inner->AddCorrelatedColumn(CorrelatedColumn{binding, type, label, level - l});
  }
  return std::make_unique<BoundColumnRef>(type, binding, label, level);
}

std::shared_ptr<WindowSpec> ResolveWindowSpec(const WindowSpec& spec,
                                              const std::map<std::string, const WindowSpec*>* named_windows,
                                              bool in_window_clause) {
  auto find = [&](const std::string& name) -> const WindowSpec* {
    if (!named_windows) return nullptr;
    auto it = named_windows->find(name);
    return it == named_windows->end() ? nullptr : it->second;
  };
  // OVER w uses the named window as it is, frame included.
  if (!in_window_clause && !spec.name.empty()) {
    const WindowSpec* base = find(spec.name);
    if (!base) {
      throw SqlError(ErrorCode::kUndefinedObject, "window \"" + spec.name + "\" does not exist", Pos(spec.location));
    }
    return base->Copy();
  }
  if (spec.ref_name.empty()) return nullptr;
  const WindowSpec* base = find(spec.ref_name);
  if (!base) {
    throw SqlError(ErrorCode::kUndefinedObject, "window \"" + spec.ref_name + "\" does not exist",
                   Pos(spec.location));
  }
  if (!spec.partition_by.empty()) {
    throw SqlError(ErrorCode::kWindowingError,
                   "cannot override PARTITION BY clause of window \"" + spec.ref_name + "\"", Pos(spec.location));
  }
  if (!spec.order_by.empty() && !base->order_by.empty()) {
    throw SqlError(ErrorCode::kWindowingError, "cannot override ORDER BY clause of window \"" + spec.ref_name + "\"",
                   Pos(spec.location));
  }
  if (base->has_frame) {
    SqlError error(ErrorCode::kWindowingError,
                   "cannot copy window \"" + spec.ref_name + "\" because it has a frame clause", Pos(spec.location));
    // PostgreSQL suggests OVER w only for a bare OVER (w).
    if (!in_window_clause && spec.order_by.empty() && !spec.has_frame) {
      throw error.WithHint("Omit the parentheses in this OVER clause.");
    }
    throw error;
  }
  auto merged = base->Copy();
  merged->name = spec.name;
  merged->ref_name.clear();
  merged->location = spec.location;
  if (!spec.order_by.empty()) {
    merged->order_by.clear();
    for (auto& o : spec.order_by) merged->order_by.push_back(o.Copy());
  }
  merged->has_frame = spec.has_frame;
  merged->mode = spec.mode;
  merged->start = spec.start;
  merged->end = spec.end;
  merged->start_offset = spec.start_offset ? spec.start_offset->Copy() : nullptr;
  merged->end_offset = spec.end_offset ? spec.end_offset->Copy() : nullptr;
  merged->exclude = spec.exclude;
  return merged;
}

std::unique_ptr<BoundExpression> ExpressionBinder::BindWindow(ParsedExpression& expr, const std::string& name) {
  if (!collector_ || (clause_ != ExpressionClause::kSelect && clause_ != ExpressionClause::kOrderBy)) {
    // PostgreSQL names every part of a window clause "window definitions" here.
    bool in_frame = clause_ == ExpressionClause::kWindowRows || clause_ == ExpressionClause::kWindowRange ||
                    clause_ == ExpressionClause::kWindowGroups;
    throw SqlError(ErrorCode::kWindowingError,
                   std::string("window functions are not allowed in ") +
                       (in_frame ? "window definitions" : ClauseName(clause_)),
                   Pos(expr.location));
  }
  if (in_window_) {
    throw SqlError(ErrorCode::kWindowingError, "window function calls cannot be nested", Pos(expr.location));
  }
  if (in_aggregate_) {
    throw SqlError(ErrorCode::kGroupingError, "aggregate function calls cannot contain window function calls",
                   Pos(expr.location));
  }
  // Resolve OVER w / OVER (w ...) against the WINDOW clause.
  std::shared_ptr<WindowSpec> resolved = ResolveWindowSpec(*expr.over, collector_->named_windows, false);
  const WindowSpec* spec = resolved ? resolved.get() : expr.over.get();
  in_window_ = true;
  auto window = std::make_unique<BoundWindow>(TypeId::kBigInt);
  try {
    window->name = name;
    window->children = BindChildren(expr.children);
    for (auto& p : const_cast<WindowSpec*>(spec)->partition_by) {
      auto bound = Bind(*p);
      if (bound->type.id() == TypeId::kUnknown) bound = AddCast(std::move(bound), TypeId::kText, false, &binder_.context());
      window->partitions.push_back(std::move(bound));
    }
    window->orders = BindOrderItems(const_cast<WindowSpec*>(spec)->order_by);
    if (expr.filter) window->filter = ToBoolean(Bind(*expr.filter), "FILTER", binder_.context());
  } catch (...) {
    in_window_ = false;
    throw;
  }
  in_window_ = false;
  window->distinct = expr.distinct;
  if (expr.distinct) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "DISTINCT is not implemented for window functions",
                   Pos(expr.location));
  }
  // Frame.
  if (spec->has_frame) {
    window->frame.mode = spec->mode;
    window->frame.start = spec->start;
    window->frame.end = spec->end;
    window->frame.exclude = spec->exclude;
    auto bind_offset = [&](ParsedExpression& e) {
      ExpressionClause clause = spec->mode == FrameMode::kRows    ? ExpressionClause::kWindowRows
                                : spec->mode == FrameMode::kRange ? ExpressionClause::kWindowRange
                                                                  : ExpressionClause::kWindowGroups;
      ExpressionBinder offset_binder(binder_, clause);
      auto bound = offset_binder.Bind(e);
      const char* mode_name = spec->mode == FrameMode::kRows ? "ROWS" : spec->mode == FrameMode::kRange ? "RANGE" : "GROUPS";
      int variable = -2;
      VisitExpression(*bound, [&](const BoundExpression& node) {
        if (variable == -2 && node.kind == BoundExprKind::kColumnRef &&
            static_cast<const BoundColumnRef&>(node).depth == 0) {
          variable = node.location;
        }
      });
      if (variable != -2) {
        throw SqlError(ErrorCode::kInvalidColumnReference,
                       std::string("argument of ") + mode_name + " must not contain variables",
                       Pos(variable >= 0 ? variable : e.location));
      }
      if (!bound->IsFoldable()) {
        throw SqlError(ErrorCode::kFeatureNotSupported, "frame offsets must be constants", Pos(e.location));
      }
      if (spec->mode != FrameMode::kRange) {
        bound = AddCast(std::move(bound), TypeId::kBigInt, false, &binder_.context());
      } else if (bound->type.id() == TypeId::kUnknown && window->orders.size() == 1) {
        // Like PostgreSQL's in_range lookup: a literal offset takes the key's type (interval
        // for dates and times, double precision for real).
        TypeId target = TypeId::kInvalid;
        switch (window->orders[0].expr->type.id()) {
          case TypeId::kSmallInt:
          case TypeId::kInteger:
          case TypeId::kBigInt:
          case TypeId::kNumeric:
          case TypeId::kDouble:
            target = window->orders[0].expr->type.id();
            break;
          case TypeId::kReal:
            target = TypeId::kDouble;
            break;
          case TypeId::kDate:
          case TypeId::kTimestamp:
          case TypeId::kTimestampTz:
          case TypeId::kInterval:
            target = TypeId::kInterval;
            break;
          default:
            break;
        }
        if (target != TypeId::kInvalid) bound = AddCast(std::move(bound), target, false, &binder_.context());
      }
      return bound;
    };
    if (spec->start_offset) window->frame.start_offset = bind_offset(*spec->start_offset);
    if (spec->end_offset) window->frame.end_offset = bind_offset(*spec->end_offset);
    if (spec->mode == FrameMode::kRange && (spec->start_offset || spec->end_offset) && window->orders.size() != 1) {
      throw SqlError(ErrorCode::kWindowingError,
                     "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column", Pos(spec->location));
    }
  }
  WindowFunctionKind kind;
  auto& args = window->children;
  if (FunctionRegistry::Get().Window(name, &kind)) {
    window->window_kind = kind;
    switch (kind) {
      case WindowFunctionKind::kRowNumber:
      case WindowFunctionKind::kRank:
      case WindowFunctionKind::kDenseRank:
        window->type = TypeId::kBigInt;
        break;
      case WindowFunctionKind::kPercentRank:
      case WindowFunctionKind::kCumeDist:
        window->type = TypeId::kDouble;
        break;
      case WindowFunctionKind::kNtile:
        if (args.size() != 1) throw SqlError(ErrorCode::kUndefinedFunction, "function ntile() needs one argument", Pos(expr.location));
        args[0] = AddCast(std::move(args[0]), TypeId::kInteger, false, &binder_.context());
        window->type = TypeId::kInteger;
        break;
      case WindowFunctionKind::kLag:
      case WindowFunctionKind::kLead: {
        if (args.empty() || args.size() > 3) {
          throw SqlError(ErrorCode::kUndefinedFunction, "function " + name + " needs 1 to 3 arguments", Pos(expr.location));
        }
        if (args.size() >= 2) args[1] = AddCast(std::move(args[1]), TypeId::kInteger, false, &binder_.context());
        LogicalType type = args[0]->type;
        if (args.size() == 3) type = CommonType({args[0]->type, args[2]->type}, name, expr.location);
        if (type.id() == TypeId::kUnknown) type = TypeId::kText;
        args[0] = AddCast(std::move(args[0]), type, false, &binder_.context());
        if (args.size() == 3) args[2] = AddCast(std::move(args[2]), type, false, &binder_.context());
        window->type = type;
        break;
      }
      case WindowFunctionKind::kFirstValue:
      case WindowFunctionKind::kLastValue:
      case WindowFunctionKind::kNthValue:
        if (args.empty()) throw SqlError(ErrorCode::kUndefinedFunction, "function " + name + " needs an argument", Pos(expr.location));
        if (args[0]->type.id() == TypeId::kUnknown) args[0] = AddCast(std::move(args[0]), TypeId::kText, false, &binder_.context());
        if (kind == WindowFunctionKind::kNthValue) {
          if (args.size() != 2) throw SqlError(ErrorCode::kUndefinedFunction, "function nth_value needs two arguments", Pos(expr.location));
          args[1] = AddCast(std::move(args[1]), TypeId::kInteger, false, &binder_.context());
        }
        window->type = args[0]->type;
        break;
    }
  } else {
    // An aggregate used as a window function.
    window->is_aggregate = true;
    std::string fname = expr.star ? "count_star" : name;
    const auto* overloads = FunctionRegistry::Get().Aggregate(fname);
    std::vector<LogicalType> targets;
    AggregateFunction function = (*overloads)[ChooseOverload(name, *overloads, args, Pos(expr.location), &targets)];
    for (size_t i = 0; i < args.size(); i++) {
      const LogicalType& target = targets[i];
      if (target.id() == TypeId::kInvalid) continue;
      if (target.id() == args[i]->type.id() && target.id() != TypeId::kChar) continue;
      if (target.id() == TypeId::kNumeric && target.width() == 0 && function.bind) {
        if (args[i]->type.IsInteger()) {
          LogicalType exact = AsNumeric(args[i]->type);  // before args[i] is moved from
          args[i] = AddCast(std::move(args[i]), exact, false, &binder_.context());
        }
        if (args[i]->type.id() == TypeId::kNumeric) continue;
      }
      args[i] = AddCast(std::move(args[i]), target, false, &binder_.context());
    }
    std::unique_ptr<FunctionData> bind_data;
    if (function.bind) bind_data = function.bind(binder_.context(), function, args);
    window->aggregate = function;
    window->bind_data = std::shared_ptr<FunctionData>(std::move(bind_data));
    window->type = function.return_type;
  }
  window->location = expr.location;
  LogicalType type = window->type;
  idx_t index = AddUnique(collector_->windows, std::move(window));
  return std::make_unique<BoundColumnRef>(type, ColumnBinding{collector_->window_index, index}, name);
}

std::unique_ptr<BoundExpression> ExpressionBinder::BindGrouping(ParsedExpression& expr) {
  if (!collector_ || clause_ == ExpressionClause::kGroupBy) {
    throw SqlError(ErrorCode::kGroupingError,
                   std::string("grouping operations are not allowed in ") + ClauseName(clause_), Pos(expr.location));
  }
  BoundExpressionList args;
  std::vector<int64_t> positions;
  for (auto& c : expr.children) {
    auto bound = Bind(*c);
    int64_t position = -1;
    for (idx_t g = 0; g < collector_->groups.size(); g++) {
      if (collector_->groups[g]->Equals(*bound)) position = g;
    }
    if (position < 0) {
      throw SqlError(ErrorCode::kGroupingError,
                     "arguments to GROUPING must be grouping expressions of the associated query level",
                     Pos(c->location));
    }
    positions.push_back(position);
  }
  // GROUPING(a, b) reads the grouping-set id the aggregate emits; one bit per argument,
  // the first argument most significant.
  BoundExpressionList call_args;
  call_args.push_back(std::make_unique<BoundColumnRef>(TypeId::kBigInt, ColumnBinding{collector_->grouping_index, 0},
                                                       "grouping_id"));
  std::string mask;
  for (auto p : positions) mask += (mask.empty() ? "" : ",") + std::to_string(p);
  call_args.push_back(std::make_unique<BoundConstant>(Value::Text(mask)));
  return CallScalar("grouping_bits", std::move(call_args), expr.location, false);
}

}  // namespace stockroom
