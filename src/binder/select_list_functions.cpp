// Set-returning functions in a select list (SELECT unnest(ix.indkey), generate_subscripts(
// ix.indkey, 1) FROM pg_index ix): PostgreSQL 10+ runs them after FROM/WHERE, once per row,
// all of them in lockstep (the shorter padded with NULLs), and drops a row for which they
// return nothing. That is exactly `FROM ..., LATERAL ROWS FROM (f(...), g(...))` with the
// select list reading the ROWS FROM columns, which is how the binder runs them.
#include <functional>

#include "binder/binder.hpp"
#include "common/error/exception.hpp"
#include "function/function_registry.hpp"

namespace stockroom {

namespace {

const char kFunctionsAlias[] = "?select list functions?";

bool IsSetReturning(const ParsedExpression& e) {
  if (e.kind != ExprKind::kFunction || e.over || e.names.empty()) return false;
  auto& registry = FunctionRegistry::Get();
  const std::string& name = e.names.back();
  return registry.Table(name) && !registry.Scalar(name) && !registry.Aggregate(name);
}

bool IsAggregateOrWindow(const ParsedExpression& e) {
  if (e.kind != ExprKind::kFunction || e.names.empty()) return false;
  WindowFunctionKind kind;
  return e.over || FunctionRegistry::Get().Aggregate(e.names.back()) ||
         FunctionRegistry::Get().Window(e.names.back(), &kind);
}

// Calls `visit` on each expression slot of `slot`'s tree (not inside subqueries, which bind
// on their own); stops descending where `visit` returns false.
void VisitSlots(std::unique_ptr<ParsedExpression>& slot,
                const std::function<bool(std::unique_ptr<ParsedExpression>&)>& visit) {
  if (!slot || !visit(slot)) return;
  for (auto& child : slot->children) VisitSlots(child, visit);
  VisitSlots(slot->case_operand, visit);
  VisitSlots(slot->case_else, visit);
}

}  // namespace

void Binder::MoveSelectListFunctionsToFrom(SelectNode& node) {
  std::vector<std::unique_ptr<ParsedExpression>*> calls;
  bool aggregates = false;
  for (auto& item : node.select_list) {
    VisitSlots(item, [&](std::unique_ptr<ParsedExpression>& slot) {
      if (IsSetReturning(*slot)) {
        calls.push_back(&slot);
        return false;  // a set-returning function inside another one stays an error
      }
      aggregates |= IsAggregateOrWindow(*slot);
      return true;
    });
  }
  // With grouping they would run after aggregation, which the binder does not do: the
  // function binds where it is and reports that (0A000).
  if (calls.empty() || aggregates || !node.group_by.empty() || node.having) return;

  auto ref = std::make_shared<FunctionRef>();
  ref->lateral = true;
  ref->hidden = true;
  ref->alias = kFunctionsAlias;
  for (size_t i = 0; i < calls.size(); i++) {
    std::unique_ptr<ParsedExpression>& slot = *calls[i];
    const std::string name = slot->names.back();
    const TableFunction& first = FunctionRegistry::Get().Table(name)->front();
    std::vector<std::string> columns = first.column_names(first.arguments);
    std::unique_ptr<ParsedExpression> reference;
    if (columns.size() == 1) {
      std::string column = "?column " + std::to_string(i + 1) + "?";
      ref->column_aliases.push_back(column);
      reference = std::make_unique<ParsedExpression>(ExprKind::kColumnRef, slot->location);
      reference->names = {kFunctionsAlias, column};
    } else {
      // A function of several columns (information_schema._pg_expandarray's x and n) is a
      // record of them, as in PostgreSQL: ROW(x, n) with the columns' names as its fields,
      // so (f(...)).n reads column n.
      reference = std::make_unique<ParsedExpression>(ExprKind::kRow, slot->location);
      for (const std::string& field : columns) {
        std::string column = "?column " + std::to_string(i + 1) + "." + field + "?";
        ref->column_aliases.push_back(column);
        auto column_ref = std::make_unique<ParsedExpression>(ExprKind::kColumnRef, slot->location);
        column_ref->names = {kFunctionsAlias, column};
        reference->children.push_back(std::move(column_ref));
        reference->names.push_back(field);
      }
    }
    // A select item that is the call keeps the call's name as its column name.
    reference->alias = slot->alias.empty() ? name : slot->alias;
    if (i == 0) {
      ref->location = slot->location;
      ref->function = std::move(slot);
    } else {
      ref->zipped_with.push_back(std::move(slot));
    }
    slot = std::move(reference);
  }
  // Nested references must not carry an alias: only a top-level select item names a column.
  for (auto& item : node.select_list) {
    VisitSlots(item, [&](std::unique_ptr<ParsedExpression>& slot) {
      bool reference = (slot->kind == ExprKind::kColumnRef && !slot->names.empty() &&
                        slot->names.front() == kFunctionsAlias) ||
                       (slot->kind == ExprKind::kRow && !slot->alias.empty());
      if (&slot != &item && reference) {
        slot->alias.clear();
      }
      return true;
    });
  }
  node.from.push_back(std::move(ref));
}

}  // namespace stockroom
