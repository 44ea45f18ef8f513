#include <algorithm>

#include "binder/binder.hpp"
#include "security/access_control.hpp"
#include "binder/expression_binder.hpp"
#include "binder/statement_parameters.hpp"
#include "binder/type_coercion.hpp"
#include "catalog/catalog.hpp"
#include "common/error/exception.hpp"
#include "main/column_assignment.hpp"
#include "main/database.hpp"
#include "main/statement_runner.hpp"
#include "optimizer/optimizer.hpp"
#include "execution/physical_plan/physical_plan_generator.hpp"
#include "sql/parser.hpp"

namespace stockroom {

namespace {

int Pos(int location) { return location >= 0 ? location + 1 : 0; }

// Types the unknown outputs of INSERT's query: a parameter as its target column (without
// modifiers; the assignment cast follows), anything else as text.
void TypeUnknownOutputs(BoundQuery& query, const std::shared_ptr<TableEntry>& table, const std::vector<idx_t>& targets) {
  auto* projection = query.plan->kind == LogicalOperatorKind::kProjection
                         ? static_cast<LogicalProjection*>(query.plan.get())
                         : nullptr;
  bool changed = false;
  for (size_t i = 0; i < query.types.size(); i++) {
    if (query.types[i].id() != TypeId::kUnknown) continue;
    if (!projection || i >= projection->expressions.size()) {
      query.types[i] = TypeId::kText;  // a column of unknown type reads as text
      continue;
    }
    auto& e = projection->expressions[i];
    LogicalType type = e->kind == BoundExprKind::kParameter && i < targets.size()
                           ? ParameterTypeFor(table->columns[targets[i]].type)
                           : LogicalType(TypeId::kText);
    e = AddCast(std::move(e), type, false);
    query.types[i] = e->type;
    changed = true;
  }
  if (changed) projection->ResolveTypes();
}

}  // namespace

std::unique_ptr<QueryResult> StatementRunner::RunInsert(InsertStatement& stmt) {
  Catalog& catalog = context_.db().catalog();
  auto entry = catalog.Lookup(stmt.table.schema, stmt.table.name, settings_.search_path);
  if (!entry) {
    throw SqlError(ErrorCode::kUndefinedTable, "relation \"" + stmt.table.ToString() + "\" does not exist",
                   Pos(stmt.table.location));
  }
  if (entry->kind == CatalogEntryKind::kMaterializedView) {
    throw SqlError(ErrorCode::kWrongObjectType, "cannot change materialized view \"" + entry->name + "\"");
  }
  if (entry->kind != CatalogEntryKind::kTable) {
    throw SqlError(ErrorCode::kWrongObjectType, "cannot insert into view \"" + entry->name + "\"");
  }
  auto table = std::static_pointer_cast<TableEntry>(entry);
  CheckRelationPrivilege(context_, *table, kPrivInsert);
  if (stmt.on_conflict && stmt.on_conflict->do_update) CheckRelationPrivilege(context_, *table, kPrivUpdate);
  if (!stmt.returning.empty()) throw SqlError(ErrorCode::kFeatureNotSupported, "INSERT ... RETURNING is not supported yet");
  std::vector<idx_t> targets;
  if (stmt.columns.empty()) {
    for (idx_t i = 0; i < table->columns.size(); i++) targets.push_back(i);
  } else {
    for (auto& name : stmt.columns) {
      int64_t index = table->ColumnIndex(name);
      if (index < 0) {
        throw SqlError(ErrorCode::kUndefinedColumn,
                       "column \"" + name + "\" of relation \"" + table->name + "\" does not exist");
      }
      if (std::find(targets.begin(), targets.end(), index) != targets.end()) {
        throw SqlError(ErrorCode::kDuplicateColumn, "column \"" + name + "\" specified more than once");
      }
      targets.push_back(index);
    }
  }
  Binder binder(context_);
  std::unique_ptr<LogicalOperator> source;
  idx_t source_width = 0;
  if (!stmt.query) {
    // DEFAULT VALUES: one row of defaults.
    source = std::make_unique<LogicalDummyScan>(binder.NewTableIndex());
    source->ResolveTypes();
    targets.clear();
  } else if (stmt.query->kind == QueryNodeKind::kValues && !stmt.query->with && stmt.query->order_by.empty() &&
             !stmt.query->limit && !stmt.query->offset) {
    auto& values = static_cast<ValuesNode&>(*stmt.query);
    for (auto& row : values.rows) {
      if (row.size() != values.rows[0].size()) {
        throw SqlError(ErrorCode::kSyntaxError, "VALUES lists must all be the same length",
                       Pos(row.empty() ? -1 : row[0]->location));
      }
    }
    // Without a column list, fewer values fill the leading columns (the rest get defaults).
    if (stmt.columns.empty() && !values.rows.empty() && values.rows[0].size() < targets.size()) {
      targets.resize(values.rows[0].size());
    }
    std::vector<LogicalType> types;
    for (idx_t t : targets) types.push_back(table->columns[t].type);
    std::vector<BoundExpressionList> rows;
    for (auto& row : values.rows) {
      if (row.size() > targets.size()) {
        throw SqlError(ErrorCode::kSyntaxError, "INSERT has more expressions than target columns",
                       Pos(row[targets.size()]->location));
      }
      if (row.size() < targets.size()) {
        throw SqlError(ErrorCode::kSyntaxError, "INSERT has more target columns than expressions",
                       Pos(row.empty() ? -1 : row.back()->location));
      }
      BoundExpressionList bound;
      for (size_t i = 0; i < row.size(); i++) {
        const ColumnInfo& column = table->columns[targets[i]];
        if (row[i]->kind == ExprKind::kDefault) {
          bound.push_back(BindColumnDefault(context_, column));
          continue;
        }
        ExpressionBinder expression_binder(binder, ExpressionClause::kValues);
        bound.push_back(AssignToColumn(expression_binder.Bind(*row[i]), column, context_));
      }
      rows.push_back(std::move(bound));
    }
    source_width = targets.size();
    source = binder.PlanValueRows(types, std::move(rows));
  } else {
    // Untyped parameters in the select list take their target column's type (INSERT INTO t
    // SELECT $1, $2 WHERE ...), as in PostgreSQL; other untyped outputs become text.
    if (stmt.query->kind == QueryNodeKind::kSelect && !stmt.query->limit && !stmt.query->offset) {
      binder.KeepUnknownOutputs();
    }
    BoundQuery query = binder.BindQuery(*stmt.query);
    TypeUnknownOutputs(query, table, targets);
    if (query.types.size() > targets.size()) {
      throw SqlError(ErrorCode::kSyntaxError, "INSERT has more expressions than target columns");
    }
    if (stmt.columns.empty() && query.types.size() < targets.size()) targets.resize(query.types.size());
    if (query.types.size() < targets.size()) {
      throw SqlError(ErrorCode::kSyntaxError, "INSERT has more target columns than expressions");
    }
    auto projection = std::make_unique<LogicalProjection>(binder.NewTableIndex());
    auto bindings = query.plan->GetColumnBindings();
    for (size_t i = 0; i < bindings.size(); i++) {
      std::unique_ptr<BoundExpression> ref = std::make_unique<BoundColumnRef>(query.types[i], bindings[i], query.names[i]);
      projection->expressions.push_back(AssignToColumn(std::move(ref), table->columns[targets[i]], context_));
    }
    projection->children.push_back(std::move(query.plan));
    projection->ResolveTypes();
    source_width = targets.size();
    source = std::move(projection);
  }
  (void)source_width;
  auto insert = std::make_unique<LogicalInsert>();
  insert->table = table;
  for (idx_t c = 0; c < table->columns.size(); c++) {
    auto it = std::find(targets.begin(), targets.end(), c);
    insert->column_map.push_back(it == targets.end() ? -1 : static_cast<int64_t>(it - targets.begin()));
    insert->defaults.push_back(it == targets.end() ? BindColumnDefault(context_, table->columns[c])
                                                   : std::make_unique<BoundConstant>(Value::Null(table->columns[c].type)));
  }
  if (stmt.on_conflict) {
    // Every column of the rows to insert, defaults included, for the conflict check.
    auto proposed = std::make_unique<LogicalProjection>(binder.NewTableIndex());
    auto bindings = source->GetColumnBindings();
    for (idx_t c = 0; c < table->columns.size(); c++) {
      int64_t from = insert->column_map[c];
      if (from < 0) {
        proposed->expressions.push_back(std::move(insert->defaults[c]));
      } else {
        proposed->expressions.push_back(std::make_unique<BoundColumnRef>(source->types[from], bindings[from], ""));
      }
    }
    proposed->children.push_back(std::move(source));
    proposed->ResolveTypes();
    return RunUpsert(stmt, table, std::move(proposed));
  }
  insert->children.push_back(std::move(source));
  insert->ResolveTypes();
  if (Describing()) return Command("INSERT 0 0");
  auto plan = Optimizer::Optimize(context_, std::move(insert));
  PhysicalPlanGenerator generator(context_);
  auto rows = Execute(generator.Create(*plan));
  int64_t count = rows->Count() ? rows->GetValue(0, 0).GetInt64() : 0;
  return Command("INSERT 0 " + std::to_string(count));
}

}  // namespace stockroom
