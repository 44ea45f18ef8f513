// A set-returning function in the select list (SELECT pg_partition_ancestors(c.oid) FROM
// ...; psql's \d sends one inside IN (...)): with one such call and no aggregation,
// PostgreSQL's result is the FROM rows joined laterally with the function's rows, which is
// how Stockroom binds it: the call moves to FROM as a LATERAL function item and the select
// list reads its column. Several calls (PostgreSQL zips them) or calls over aggregates
// keep the binder's "supported only in FROM" error.
#include <functional>

#include "binder/binder.hpp"
#include "function/function_registry.hpp"
#include "sql/ast/query_node.hpp"

namespace stockroom {
namespace {

bool IsSetFunction(const ParsedExpression& e) {
  if (e.kind != ExprKind::kFunction || e.over || e.names.empty()) return false;
  const FunctionRegistry& registry = FunctionRegistry::Get();
  const std::string& name = e.names.back();
  return !registry.Scalar(name) && registry.Table(name) && !registry.Aggregate(name);
}

bool IsAggregate(const ParsedExpression& e) {
  return e.kind == ExprKind::kFunction && !e.over && !e.names.empty() &&
         FunctionRegistry::Get().Aggregate(e.names.back()) != nullptr;
}

// Visits the expression tree without entering subqueries (their own SELECTs bind alone).
void Visit(std::unique_ptr<ParsedExpression>& e, const std::function<void(std::unique_ptr<ParsedExpression>&)>& fn) {
  if (!e) return;
  fn(e);
  for (auto& c : e->children) Visit(c, fn);
  Visit(e->case_operand, fn);
  Visit(e->case_else, fn);
}

}  // namespace

void MoveSelectListSetFunctionToFrom(SelectNode& node) {
  if (!node.group_by.empty() || node.having || node.distinct || !node.distinct_on.empty()) return;
  int set_functions = 0, aggregates = 0;
  for (auto& item : node.select_list) {
    Visit(item, [&](std::unique_ptr<ParsedExpression>& e) {
      set_functions += IsSetFunction(*e);
      aggregates += IsAggregate(*e);
    });
  }
  if (set_functions != 1 || aggregates > 0) return;
  const std::string alias = "\x01set_function";
  for (auto& item : node.select_list) {
    Visit(item, [&](std::unique_ptr<ParsedExpression>& e) {
      if (!IsSetFunction(*e)) return;
      auto function = std::make_shared<FunctionRef>();
      function->alias = alias;
      // The column is named like the function, as PostgreSQL names it (through casts too).
      function->column_aliases = {e->names.back()};
      function->lateral = true;
      function->location = e->location;
      auto column = std::make_unique<ParsedExpression>(ExprKind::kColumnRef, e->location);
      column->names = {alias, e->names.back()};
      column->alias = e->alias;
      function->function = std::move(e);
      e = std::move(column);
      node.from.push_back(std::move(function));
    });
  }
}

}  // namespace stockroom
