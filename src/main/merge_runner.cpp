// MERGE INTO target USING source ON condition WHEN ... (PostgreSQL 15). One query joins
// the source to the target (a left join when there are WHEN NOT MATCHED clauses) and
// returns, per pair, the target row id and every expression the WHEN clauses need; the
// clauses are then applied in order to each row: the first whose kind (MATCHED when the row
// id is not NULL) and condition fit acts. Updates and deletes go through the transaction's
// deletes (first committer wins at COMMIT), new rows through its inserts.

#include <algorithm>

#include "binder/expression_binder.hpp"
#include "security/access_control.hpp"
#include "catalog/catalog.hpp"
#include "catalog/catalog_entry.hpp"
#include "common/error/exception.hpp"
#include "execution/operator/insert/physical_insert.hpp"
#include "main/column_assignment.hpp"
#include "main/database.hpp"
#include "main/joined_rows.hpp"
#include "main/modify_target.hpp"
#include "main/statement_runner.hpp"
#include "transaction/transaction.hpp"

namespace stockroom {

namespace {

int Pos(int location) { return location >= 0 ? location + 1 : 0; }

// Where one WHEN clause's expressions are in the joined query's select list.
struct BoundWhenClause {
  const MergeWhenClause* clause = nullptr;
  int condition = -1;           // -1: none
  std::vector<int> values;      // UPDATE, INSERT: per table column; -1 for its DEFAULT
  BoundExpressionList defaults;  // per table column for INSERT/UPDATE columns set to DEFAULT
};

// The target is invisible to WHEN NOT MATCHED clauses (PostgreSQL's namespace rule):
// `target.column` fails, and unqualified names are the source's.
void ScopeToSource(ParsedExpression& expr, const std::string& target_alias, const std::string& source_alias,
                   const std::vector<std::string>& source_columns) {
  if (expr.kind == ExprKind::kColumnRef) {
    if (expr.names.size() >= 2 && expr.names[expr.names.size() - 2] == target_alias) {
      throw SqlError(ErrorCode::kUndefinedTable,
                     "invalid reference to FROM-clause entry for table \"" + target_alias + "\"", Pos(expr.location))
          .WithHint("There is an entry for table \"" + target_alias +
                    "\", but it cannot be referenced from this part of the query.");
    }
    if (expr.names.size() == 1 && !source_alias.empty()) {
      if (std::find(source_columns.begin(), source_columns.end(), expr.names[0]) == source_columns.end()) {
        throw SqlError(ErrorCode::kUndefinedColumn, "column \"" + expr.names[0] + "\" does not exist",
                       Pos(expr.location));
      }
      expr.names.insert(expr.names.begin(), source_alias);
    }
    return;
  }
  for (auto& child : expr.children) ScopeToSource(*child, target_alias, source_alias, source_columns);
  if (expr.case_operand) ScopeToSource(*expr.case_operand, target_alias, source_alias, source_columns);
  if (expr.case_else) ScopeToSource(*expr.case_else, target_alias, source_alias, source_columns);
  if (expr.filter) ScopeToSource(*expr.filter, target_alias, source_alias, source_columns);
}

int AddItem(SelectNode& select, std::unique_ptr<ParsedExpression> expr) {
  select.select_list.push_back(std::move(expr));
  return static_cast<int>(select.select_list.size() - 1);
}

}  // namespace

std::unique_ptr<QueryResult> StatementRunner::RunMerge(MergeStatement& stmt) {
  // MERGE works on plain tables only (PostgreSQL refuses views and materialized views alike).
  auto entry = context_.db().catalog().Lookup(stmt.table.schema, stmt.table.name, settings_.search_path);
  if (entry && entry->kind != CatalogEntryKind::kTable) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "cannot execute MERGE on relation \"" + entry->name + "\"",
                   Pos(stmt.table.location));
  }
  auto table = LookupModifyTarget(context_, stmt.table, "merge into");
  for (auto& clause : stmt.clauses) {
    if (clause.action == MergeWhenClause::Action::kInsert) CheckRelationPrivilege(context_, *table, kPrivInsert);
    if (clause.action == MergeWhenClause::Action::kUpdate) CheckRelationPrivilege(context_, *table, kPrivUpdate);
    if (clause.action == MergeWhenClause::Action::kDelete) CheckRelationPrivilege(context_, *table, kPrivDelete);
  }
  std::string alias = stmt.alias.empty() ? stmt.table.name : stmt.alias;
  bool has_not_matched = std::any_of(stmt.clauses.begin(), stmt.clauses.end(),
                                     [](const MergeWhenClause& c) { return !c.matched; });

  // The source's name and columns, for unqualified names in WHEN NOT MATCHED clauses.
  std::string source_alias = stmt.source->alias;
  if (source_alias.empty() && stmt.source->kind == TableRefKind::kBaseTable) {
    source_alias = static_cast<BaseTableRef&>(*stmt.source).name;
  }
  if (source_alias == alias) {
    throw SqlError(ErrorCode::kDuplicateAlias, "table name \"" + alias + "\" specified more than once",
                   Pos(stmt.source->location));
  }
  std::vector<std::string> source_columns;
  if (has_not_matched && !source_alias.empty()) {
    SelectNode star;
    star.from.push_back(stmt.source);
    star.select_list.push_back(std::make_unique<ParsedExpression>(ExprKind::kStar));
    Binder binder(context_);
    source_columns = binder.BindQuery(star).names;
  }

  SelectNode select;
  auto target = std::make_shared<BaseTableRef>();
  target->schema = stmt.table.schema;
  target->name = stmt.table.name;
  target->alias = alias;
  target->location = stmt.table.location;
  auto join = std::make_shared<JoinRef>();
  join->join_kind = has_not_matched ? JoinKind::kLeft : JoinKind::kInner;
  join->left = stmt.source;
  join->right = target;
  join->condition = std::move(stmt.condition);
  select.from.push_back(join);
  int row_id = AddItem(select, QualifiedColumnRef(alias, kRowIdName));

  const size_t width = table->columns.size();
  std::vector<BoundWhenClause> clauses;
  for (auto& clause : stmt.clauses) {
    BoundWhenClause bound;
    bound.clause = &clause;
    auto scoped = [&](std::unique_ptr<ParsedExpression> expr) {
      if (!clause.matched) ScopeToSource(*expr, alias, source_alias, source_columns);
      return expr;
    };
    if (clause.condition) bound.condition = AddItem(select, scoped(clause.condition->Copy()));
    if (clause.action == MergeWhenClause::Action::kUpdate) {
      std::vector<const ParsedExpression*> assigned(width, nullptr);
      for (auto& [name, expr] : clause.set) {
        int64_t c = table->ColumnIndex(name);
        if (c < 0) {
          throw SqlError(ErrorCode::kUndefinedColumn,
                         "column \"" + name + "\" of relation \"" + table->name + "\" does not exist",
                         Pos(expr->location));
        }
        if (assigned[c]) {
          throw SqlError(ErrorCode::kSyntaxError, "multiple assignments to same column \"" + name + "\"",
                         Pos(expr->location));
        }
        assigned[c] = expr.get();
      }
      for (size_t c = 0; c < width; c++) {
        if (assigned[c] && assigned[c]->kind == ExprKind::kDefault) {
          bound.values.push_back(-1);
        } else {
          bound.values.push_back(AddItem(select, assigned[c] ? assigned[c]->Copy()
                                                             : QualifiedColumnRef(alias, table->columns[c].name)));
        }
      }
    }
    if (clause.action == MergeWhenClause::Action::kInsert) {
      std::vector<idx_t> targets;
      for (auto& name : clause.insert_columns) {
        int64_t c = table->ColumnIndex(name);
        if (c < 0) {
          throw SqlError(ErrorCode::kUndefinedColumn,
                         "column \"" + name + "\" of relation \"" + table->name + "\" does not exist");
        }
        if (std::find(targets.begin(), targets.end(), static_cast<idx_t>(c)) != targets.end()) {
          throw SqlError(ErrorCode::kDuplicateColumn, "column \"" + name + "\" specified more than once");
        }
        targets.push_back(c);
      }
      if (clause.insert_columns.empty()) {
        // Without a column list, the values fill the leading columns.
        for (size_t c = 0; c < std::min(width, clause.values.size()); c++) targets.push_back(c);
      }
      if (clause.values.size() > targets.size()) {
        throw SqlError(ErrorCode::kSyntaxError, "INSERT has more expressions than target columns",
                       Pos(clause.values[targets.size()]->location));
      }
      if (!clause.default_values && clause.values.size() < targets.size()) {
        throw SqlError(ErrorCode::kSyntaxError, "INSERT has more target columns than expressions",
                       Pos(clause.values.empty() ? -1 : clause.values.back()->location));
      }
      bound.values.assign(width, -1);
      if (!clause.default_values) {
        for (size_t i = 0; i < targets.size(); i++) {
          if (clause.values[i]->kind == ExprKind::kDefault) continue;
          bound.values[targets[i]] = AddItem(select, scoped(clause.values[i]->Copy()));
        }
      }
    }
    clauses.push_back(std::move(bound));
  }

  JoinedQuery query = BindJoinedQuery(context_, select, "MERGE");
  for (auto& bound : clauses) {
    if (bound.condition >= 0) {
      auto& e = query.expressions[bound.condition];
      e = ExpressionBinder::ToBoolean(std::move(e), "WHEN", context_);
    }
    for (size_t c = 0; c < bound.values.size(); c++) {
      if (bound.values[c] < 0) {
        bound.defaults.push_back(BindColumnDefault(context_, table->columns[c]));
      } else {
        auto& e = query.expressions[bound.values[c]];
        e = AssignToColumn(std::move(e), table->columns[c], context_);
        bound.defaults.push_back(nullptr);
      }
    }
  }
  if (Describing()) return Command("MERGE 0");
  auto rows = RunJoinedQuery(context_, query);

  // Apply the clauses chunk by chunk: each row takes the first clause that fits it.
  std::vector<LogicalType> table_types = table->Types();
  ColumnDataCollection new_rows(table_types);
  std::vector<row_t> changed;  // target rows updated or deleted
  idx_t inserted = 0;
  for (idx_t k = 0; k < rows->ChunkCount(); k++) {
    DataChunk& chunk = rows->GetChunk(k);
    Vector ids{LogicalType(TypeId::kBigInt)};
    EvaluateOver(context_, *query.expressions[row_id], chunk, ids);
    UnifiedVectorFormat id_format;
    ids.ToUnified(chunk.size(), id_format);
    // Rows not yet taken by a clause, per kind.
    std::vector<sel_t> waiting[2];
    for (idx_t i = 0; i < chunk.size(); i++) waiting[id_format.IsValid(i) ? 1 : 0].push_back(static_cast<sel_t>(i));
    for (auto& bound : clauses) {
      std::vector<sel_t>& rows_of_kind = waiting[bound.clause->matched ? 1 : 0];
      if (rows_of_kind.empty()) continue;
      std::vector<sel_t> taken;
      if (bound.condition < 0) {
        taken.swap(rows_of_kind);
      } else {
        SelectionVector candidates(rows_of_kind.size());
        for (size_t i = 0; i < rows_of_kind.size(); i++) candidates.Set(i, rows_of_kind[i]);
        DataChunk view;
        SliceRows(chunk, candidates, rows_of_kind.size(), view);
        SelectionVector passed(rows_of_kind.size());
        idx_t n = SelectWhere(context_, *query.expressions[bound.condition], view, passed);
        std::vector<bool> is_taken(rows_of_kind.size(), false);
        for (idx_t i = 0; i < n; i++) is_taken[passed.Get(i)] = true;
        std::vector<sel_t> left;
        for (size_t i = 0; i < rows_of_kind.size(); i++) (is_taken[i] ? taken : left).push_back(rows_of_kind[i]);
        rows_of_kind.swap(left);
      }
      if (taken.empty()) continue;
      auto action = bound.clause->action;
      if (action == MergeWhenClause::Action::kNothing) continue;
      if (action == MergeWhenClause::Action::kUpdate || action == MergeWhenClause::Action::kDelete) {
        for (sel_t i : taken) changed.push_back(id_format.Data<int64_t>()[id_format.Index(i)]);
      }
      if (action == MergeWhenClause::Action::kDelete) continue;
      if (action == MergeWhenClause::Action::kInsert) inserted += taken.size();
      SelectionVector sel(taken.size());
      for (size_t i = 0; i < taken.size(); i++) sel.Set(i, taken[i]);
      DataChunk view;
      SliceRows(chunk, sel, taken.size(), view);
      DataChunk values(table_types);
      for (size_t c = 0; c < width; c++) {
        const BoundExpression& e = bound.values[c] < 0 ? *bound.defaults[c] : *query.expressions[bound.values[c]];
        EvaluateOver(context_, e, view, values.column(c));
      }
      values.SetCardinality(taken.size());
      CheckNotNull(*table, values);
      new_rows.Append(values);
    }
  }
  std::sort(changed.begin(), changed.end());
  if (std::adjacent_find(changed.begin(), changed.end()) != changed.end()) {
    throw SqlError(ErrorCode::kCardinalityViolation, "MERGE command cannot affect row a second time")
        .WithHint("Ensure that not more than one source row matches any one target row.");
  }
  auto& changes = context_.transaction().Changes(table);
  for (row_t row : changed) changes.Delete(row);
  for (idx_t k = 0; k < new_rows.ChunkCount(); k++) changes.Append(new_rows.GetChunk(k));
  return Command("MERGE " + std::to_string(changed.size() + inserted));
}

}  // namespace stockroom
