// DELETE and UPDATE: the target rows are found by an ordinary query over the target table
// (plus USING / FROM tables) that also returns each row's id (the ctid system column);
// PhysicalModify then deletes them from the transaction's view and, for UPDATE, adds
// their new versions.

#include <algorithm>

#include "binder/binder.hpp"
#include "catalog/catalog.hpp"
#include "common/error/exception.hpp"
#include "execution/physical_plan/physical_plan_generator.hpp"
#include "main/column_assignment.hpp"
#include "main/database.hpp"
#include "main/modify_target.hpp"
#include "main/statement_runner.hpp"
#include "optimizer/optimizer.hpp"
#include "security/access_control.hpp"
#include "sql/parser.hpp"
#include "transaction/transaction.hpp"

namespace stockroom {

namespace {

int Pos(int location) { return location >= 0 ? location + 1 : 0; }

// SELECT <select_list>, alias.ctid FROM target alias, <from...> WHERE <where>
std::unique_ptr<SelectNode> TargetQuery(const QualifiedName& table, const std::string& alias,
                                        std::vector<std::shared_ptr<TableRef>>& from,
                                        std::unique_ptr<ParsedExpression>& where) {
  auto select = std::make_unique<SelectNode>();
  auto target = std::make_shared<BaseTableRef>();
  target->schema = table.schema;
  target->name = table.name;
  target->alias = alias;
  target->location = table.location;
  select->from.push_back(target);
  for (auto& ref : from) select->from.push_back(ref);
  select->where = std::move(where);
  return select;
}

}  // namespace

std::unique_ptr<QueryResult> StatementRunner::RunModify(std::shared_ptr<TableEntry> table, SelectNode& query,
                                                        bool is_update, const std::vector<Assignment>& assigned) {
  Binder binder(context_);
  binder.KeepUnknownOutputs();
  BoundQuery bound = binder.BindQuery(query);
  if (bound.plan->kind != LogicalOperatorKind::kProjection) throw InternalError("DELETE/UPDATE query shape");
  auto& projection = static_cast<LogicalProjection&>(*bound.plan);
  for (size_t c = 0; c < assigned.size(); c++) {
    auto& e = projection.expressions[c];
    if (assigned[c] == Assignment::kDefault) e = BindColumnDefault(context_, table->columns[c]);
    if (assigned[c] == Assignment::kValue) e = AssignToColumn(std::move(e), table->columns[c], context_);
  }
  projection.ResolveTypes();
  auto modify = std::make_unique<LogicalModify>();
  modify->table = table;
  modify->is_update = is_update;
  modify->children.push_back(std::move(bound.plan));
  modify->ResolveTypes();
  if (Describing()) return Command((is_update ? "UPDATE " : "DELETE ") + std::string("0"));
  auto plan = Optimizer::Optimize(context_, std::move(modify));
  PhysicalPlanGenerator generator(context_);
  auto rows = Execute(generator.Create(*plan));
  int64_t count = rows->Count() ? rows->GetValue(0, 0).GetInt64() : 0;
  return Command((is_update ? "UPDATE " : "DELETE ") + std::to_string(count));
}

std::unique_ptr<QueryResult> StatementRunner::RunDelete(DeleteStatement& stmt) {
  auto table = LookupModifyTarget(context_, stmt.table, "delete from");
  CheckRelationPrivilege(context_, *table, kPrivDelete);
  if (!stmt.returning.empty()) throw SqlError(ErrorCode::kFeatureNotSupported, "DELETE ... RETURNING is not supported yet");
  // Without WHERE or USING the statement reads no column: DELETE alone suffices.
  SelectExemptScope exempt(context_, table->oid, !stmt.where && stmt.using_tables.empty());
  std::string alias = stmt.alias.empty() ? stmt.table.name : stmt.alias;
  auto query = TargetQuery(stmt.table, alias, stmt.using_tables, stmt.where);
  query->select_list.push_back(QualifiedColumnRef(alias, kRowIdName));
  return RunModify(table, *query, false, {});
}

std::unique_ptr<QueryResult> StatementRunner::RunTruncate(TruncateStatement& stmt) {
  // Every table is checked before any row is deleted.
  for (auto& name : stmt.tables) CheckRelationPrivilege(context_, *LookupModifyTarget(context_, name, "truncate"), kPrivTruncate);
  for (auto& name : stmt.tables) {
    auto table = LookupModifyTarget(context_, name, "truncate");
    SelectExemptScope exempt(context_, table->oid, true);
    std::vector<std::shared_ptr<TableRef>> no_tables;
    std::unique_ptr<ParsedExpression> no_filter;
    auto query = TargetQuery(name, name.name, no_tables, no_filter);
    query->select_list.push_back(QualifiedColumnRef(name.name, kRowIdName));
    RunModify(table, *query, false, {});
  }
  return Command("TRUNCATE TABLE");
}

std::unique_ptr<QueryResult> StatementRunner::RunRefresh(RefreshStatement& stmt) {
  auto entry = context_.db().catalog().Lookup(stmt.view.schema, stmt.view.name, settings_.search_path);
  if (!entry) {
    throw SqlError(ErrorCode::kUndefinedTable, "relation \"" + stmt.view.ToString() + "\" does not exist",
                   Pos(stmt.view.location));
  }
  if (entry->kind != CatalogEntryKind::kMaterializedView) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "\"" + entry->name + "\" is not a materialized view");
  }
  auto view = std::static_pointer_cast<TableEntry>(entry);
  CheckRelationOwner(context_, *view);
  // The query runs with the owner's rights; the old rows go without a SELECT check.
  PrivilegeRoleScope as_owner(context_, context_.db().privileges().Relation(view->oid).owner);
  SelectExemptScope exempt(context_, view->oid, true);
  // In this transaction: every row goes, the query's rows come in. Readers see the old
  // rows until it commits.
  QualifiedName name{view->schema, view->name, stmt.view.location};
  std::vector<std::shared_ptr<TableRef>> no_tables;
  std::unique_ptr<ParsedExpression> no_filter;
  auto all_rows = TargetQuery(name, view->name, no_tables, no_filter);
  all_rows->select_list.push_back(QualifiedColumnRef(view->name, kRowIdName));
  RunModify(view, *all_rows, false, {});
  if (!stmt.with_no_data) {
    auto statements = Parser::Parse(view->query_text);
    auto& select = static_cast<SelectStatement&>(*statements.at(0));
    QueryResult shape;
    auto rows = Execute(PlanQuery(*select.query, shape));
    // More columns than the view has: a * over a table that ALTER TABLE ADD COLUMN widened
    // since; the view keeps the columns * stood for when it was created, as PostgreSQL does.
    bool matches = shape.types.size() >= view->columns.size();
    auto types = view->Types();
    for (size_t i = 0; matches && i < types.size(); i++) {
      matches = shape.types[i] == types[i] || (shape.types[i].id() == TypeId::kUnknown && types[i].id() == TypeId::kText);
    }
    if (!matches) {
      throw SqlError(ErrorCode::kObjectNotInPrerequisiteState,
                     "materialized view \"" + view->name + "\" no longer matches its query")
          .WithHint("Drop and create it again.");
    }
    auto& changes = context_.transaction().Changes(view);
    for (idx_t c = 0; c < rows->ChunkCount(); c++) {
      DataChunk& chunk = rows->GetChunk(c);
      DataChunk columns(types);
      for (size_t i = 0; i < types.size(); i++) columns.column(i).Reference(chunk.column(i));
      columns.SetCardinality(chunk.size());
      changes.Append(columns);
    }
  }
  return Command("REFRESH MATERIALIZED VIEW");
}

std::unique_ptr<QueryResult> StatementRunner::RunUpdate(UpdateStatement& stmt) {
  auto table = LookupModifyTarget(context_, stmt.table, "update");
  CheckRelationPrivilege(context_, *table, kPrivUpdate);
  // SELECT is needed too when the statement reads the table's columns (approximated: any
  // WHERE, FROM, or SET value that is not a constant).
  bool reads_columns = stmt.where || !stmt.from.empty() ||
                       std::any_of(stmt.set.begin(), stmt.set.end(), [](auto& a) {
                         return a.second->kind != ExprKind::kConstant && a.second->kind != ExprKind::kDefault;
                       });
  SelectExemptScope exempt(context_, table->oid, !reads_columns);
  if (!stmt.returning.empty()) throw SqlError(ErrorCode::kFeatureNotSupported, "UPDATE ... RETURNING is not supported yet");
  std::string alias = stmt.alias.empty() ? stmt.table.name : stmt.alias;
  std::vector<std::unique_ptr<ParsedExpression>> values(table->columns.size());
  std::vector<Assignment> assigned(table->columns.size(), Assignment::kUnchanged);
  for (auto& [name, expr] : stmt.set) {
    int64_t c = table->ColumnIndex(name);
    if (c < 0) {
      throw SqlError(ErrorCode::kUndefinedColumn,
                     "column \"" + name + "\" of relation \"" + table->name + "\" does not exist", Pos(expr->location));
    }
    if (assigned[c] != Assignment::kUnchanged) {
      throw SqlError(ErrorCode::kSyntaxError, "multiple assignments to same column \"" + name + "\"",
                     Pos(expr->location));
    }
    assigned[c] = Assignment::kValue;
    if (expr->kind == ExprKind::kDefault) {
      // Bound after the query; a NULL stands in for it until then.
      assigned[c] = Assignment::kDefault;
      expr = std::make_unique<ParsedExpression>(ExprKind::kConstant);
    }
    values[c] = std::move(expr);
  }
  auto query = TargetQuery(stmt.table, alias, stmt.from, stmt.where);
  for (size_t c = 0; c < values.size(); c++) {
    query->select_list.push_back(values[c] ? std::move(values[c]) : QualifiedColumnRef(alias, table->columns[c].name));
  }
  query->select_list.push_back(QualifiedColumnRef(alias, kRowIdName));
  return RunModify(table, *query, true, assigned);
}

}  // namespace stockroom
