#pragma once

#include <map>
#include <memory>
#include <string>

#include "binder/binder.hpp"

namespace stockroom {

// Aggregates, window functions and GROUP BY expressions of one SELECT level, collected while
// its select list, HAVING and ORDER BY bind. Aggregates and windows are replaced in the bound
// expressions by references to (aggregate_index, i) and (window_index, i).
struct AggregateCollector {
  idx_t group_index = 0;
  idx_t aggregate_index = 0;
  idx_t window_index = 0;
  idx_t grouping_index = 0;
  BoundExpressionList groups;
  BoundExpressionList aggregates;
  BoundExpressionList windows;
  std::vector<std::vector<idx_t>> grouping_sets;
  const std::map<std::string, const WindowSpec*>* named_windows = nullptr;
};

// Returns `spec` with the named window it refers to (OVER w, OVER (w ...), WINDOW x AS (w ...))
// merged in, following PostgreSQL's rules for what may be copied or overridden; nullptr if it
// refers to none. `named_windows` holds already resolved specs.
std::shared_ptr<WindowSpec> ResolveWindowSpec(const WindowSpec& spec,
                                              const std::map<std::string, const WindowSpec*>* named_windows,
                                              bool in_window_clause);

// Binds one expression tree at one query level.
class ExpressionBinder {
 public:
  ExpressionBinder(Binder& binder, ExpressionClause clause, AggregateCollector* collector = nullptr)
      : binder_(binder), clause_(clause), collector_(collector), enclosing_(binder.active_expression_binder_) {
    binder_.active_expression_binder_ = this;
  }
  ~ExpressionBinder() { binder_.active_expression_binder_ = enclosing_; }
  ExpressionBinder(const ExpressionBinder&) = delete;
  ExpressionBinder& operator=(const ExpressionBinder&) = delete;

  std::unique_ptr<BoundExpression> Bind(ParsedExpression& expr);

  // Returns the comparison of two bound expressions after coercing them to a common type.
  static std::unique_ptr<BoundExpression> MakeComparison(ComparisonKind kind, std::unique_ptr<BoundExpression> left,
                                                         std::unique_ptr<BoundExpression> right, int location,
                                                         ClientContext& context);
  // Coerces a bound expression to boolean for a condition; 42804 if it is another type.
  static std::unique_ptr<BoundExpression> ToBoolean(std::unique_ptr<BoundExpression> expr, const char* what,
                                                    ClientContext& context);

 private:
  std::unique_ptr<BoundExpression> BindColumnRef(ParsedExpression& expr);
  std::unique_ptr<BoundExpression> BindConstant(ParsedExpression& expr);
  std::unique_ptr<BoundExpression> BindParameter(ParsedExpression& expr);
  std::unique_ptr<BoundExpression> BindCast(ParsedExpression& expr);
  std::unique_ptr<BoundExpression> BindFunction(ParsedExpression& expr);
  std::unique_ptr<BoundExpression> BindAggregate(ParsedExpression& expr, const std::string& name);
  std::unique_ptr<BoundExpression> BindWindow(ParsedExpression& expr, const std::string& name);
  std::unique_ptr<BoundExpression> BindOperator(ParsedExpression& expr);
  std::unique_ptr<BoundExpression> BindBoolean(ParsedExpression& expr);
  std::unique_ptr<BoundExpression> BindCase(ParsedExpression& expr);
  std::unique_ptr<BoundExpression> BindInList(ParsedExpression& expr);
  std::unique_ptr<BoundExpression> BindBetween(ParsedExpression& expr);
  std::unique_ptr<BoundExpression> BindLike(ParsedExpression& expr);
  std::unique_ptr<BoundExpression> BindSubquery(ParsedExpression& expr);
  std::unique_ptr<BoundExpression> BindAnyAll(ParsedExpression& expr);
  std::unique_ptr<BoundExpression> BindGrouping(ParsedExpression& expr);
  std::unique_ptr<BoundExpression> BindRowComparison(ParsedExpression& expr, ComparisonKind kind);
  // ROW(a, b) and (x).name (bind_record.cpp).
  std::unique_ptr<BoundExpression> BindRow(ParsedExpression& expr);
  std::unique_ptr<BoundExpression> BindFieldSelect(ParsedExpression& expr);
  BoundExpressionList BindChildren(ParsedExpressionList& children);
  static void Note(DeparseNotes& notes, const ParsedExpression& expr, BoundExpression& result);
  std::vector<BoundOrderItem> BindOrderItems(std::vector<OrderItem>& items);

  // Binds a call to scalar function `name` with already bound arguments.
  std::unique_ptr<BoundExpression> CallScalar(const std::string& name, BoundExpressionList args, int location,
                                              bool is_operator);

  Binder& binder_;
  ExpressionClause clause_;
  AggregateCollector* collector_;
  bool in_aggregate_ = false;
  bool in_window_ = false;
  ExpressionBinder* enclosing_;  // the binder's previously active expression binder
};

// Chooses among `candidates` the overload PostgreSQL would for argument types `args`;
// returns its index or -1 (none) / -2 (ambiguous). Sets `target_types` to the argument
// types the chosen overload expects.
int SelectOverload(const std::vector<std::vector<LogicalType>>& candidates, const std::vector<LogicalType>& varargs,
                   const std::vector<LogicalType>& args, std::vector<LogicalType>* target_types);

// Throws PostgreSQL's error for a call of function `name` with `args` that no overload
// matches (42883) or that several match equally well (42725, `ambiguous`). `position` is
// 1-based (0: unknown).
[[noreturn]] void ThrowNoOverload(const std::string& name, const BoundExpressionList& args, bool ambiguous,
                                  int position);

// Chooses among `overloads` (aggregate or table functions: fixed `arguments`, no varargs)
// the one PostgreSQL would call with `args`, setting `target_types` to its argument types;
// throws through ThrowNoOverload when there is none.
template <class Function>
size_t ChooseOverload(const std::string& name, const std::vector<Function>& overloads,
                      const BoundExpressionList& args, int position, std::vector<LogicalType>* target_types) {
  std::vector<std::vector<LogicalType>> candidates;
  for (auto& f : overloads) candidates.push_back(f.arguments);
  std::vector<LogicalType> varargs(overloads.size(), LogicalType(TypeId::kInvalid));
  std::vector<LogicalType> arg_types;
  for (auto& a : args) arg_types.push_back(a->type);
  int chosen = SelectOverload(candidates, varargs, arg_types, target_types);
  if (chosen < 0) ThrowNoOverload(name, args, chosen == -2, position);
  return static_cast<size_t>(chosen);
}

// Binds a call of scalar function `name` (a function or an operator symbol) to `args`:
// chooses the overload, adds casts, runs the bind hook. Throws 42883 when none matches.
std::unique_ptr<BoundExpression> BindScalarFunction(ClientContext& context, const std::string& name,
                                                    BoundExpressionList args, int location, bool is_operator);

}  // namespace stockroom
