// INSERT ... ON CONFLICT (PostgreSQL 15's semantics over informational keys).
//
// The proposed rows are computed first (defaults, NOT NULL). One query per arbiter key then
// joins them, as a relation named `excluded` whose row id is the proposal's position, with
// the target table on the key columns: a hash join that builds on the (smaller) proposals
// and scans the table once. For DO UPDATE that query also returns, per (proposal, existing
// row) pair, whether the WHERE holds and the row's new values. The pairs are then applied
// in proposal order, which reproduces PostgreSQL's row-at-a-time behavior: a proposal that
// meets a row this statement inserted or updated is skipped (DO NOTHING) or fails with 21000
// (DO UPDATE); one that meets an existing row updates it (a delete plus an insert, so a
// concurrent update of the same row makes one transaction fail with 40001 at COMMIT).

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "binder/binder.hpp"
#include "binder/expression_binder.hpp"
#include "catalog/catalog_entry.hpp"
#include "common/error/exception.hpp"
#include "common/types/key_groups.hpp"
#include "execution/operator/insert/physical_insert.hpp"
#include "execution/physical_plan/physical_plan_generator.hpp"
#include "main/column_assignment.hpp"
#include "main/joined_rows.hpp"
#include "main/modify_target.hpp"
#include "main/statement_runner.hpp"
#include "optimizer/optimizer.hpp"
#include "storage/table/data_table.hpp"
#include "transaction/transaction.hpp"

namespace stockroom {

namespace {

int Pos(int location) { return location >= 0 ? location + 1 : 0; }

const char* const kExcluded = "excluded";

std::string KeyList(const TableEntry& table, const std::vector<idx_t>& columns) {
  std::string out;
  for (idx_t c : columns) out += (out.empty() ? "" : ", ") + table.columns[c].name;
  return out;
}

// The key columns ON CONFLICT checks: the declared PRIMARY KEY / UNIQUE constraint the
// target names, or for DO NOTHING without a target every one of them.
std::vector<std::vector<idx_t>> ArbiterKeys(const TableEntry& table, const OnConflictClause& conflict) {
  std::vector<std::vector<idx_t>> keys;
  auto add = [&](std::vector<idx_t> columns) {
    std::sort(columns.begin(), columns.end());
    if (std::find(keys.begin(), keys.end(), columns) == keys.end()) keys.push_back(std::move(columns));
  };
  auto columns_of = [&](const TableConstraint& k) {
    std::vector<idx_t> columns;
    for (auto& name : k.columns) columns.push_back(table.ColumnIndex(name));
    return columns;
  };
  auto is_key = [](const TableConstraint& k) {
    return k.kind == TableConstraint::Kind::kPrimaryKey || k.kind == TableConstraint::Kind::kUnique;
  };
  if (!conflict.constraint_name.empty()) {
    for (auto& k : table.constraints) {
      if (k.name == conflict.constraint_name && is_key(k)) add(columns_of(k));
    }
    if (keys.empty()) {
      throw SqlError(ErrorCode::kUndefinedObject, "constraint \"" + conflict.constraint_name + "\" for table \"" +
                                                      table.name + "\" does not exist");
    }
    return keys;
  }
  if (conflict.target_columns.empty()) {
    if (conflict.do_update) {
      throw SqlError(ErrorCode::kSyntaxError,
                     "ON CONFLICT DO UPDATE requires inference specification or constraint name",
                     Pos(conflict.location))
          .WithHint("For example, ON CONFLICT (column_name).");
    }
    for (auto& k : table.constraints) {
      if (is_key(k)) add(columns_of(k));
    }
    return keys;
  }
  std::vector<idx_t> target;
  for (auto& name : conflict.target_columns) {
    int64_t c = table.ColumnIndex(name);
    if (c < 0) throw SqlError(ErrorCode::kUndefinedColumn, "column \"" + name + "\" does not exist");
    if (std::find(target.begin(), target.end(), c) == target.end()) target.push_back(c);
  }
  std::sort(target.begin(), target.end());
  for (auto& k : table.constraints) {
    if (!is_key(k)) continue;
    auto columns = columns_of(k);
    std::sort(columns.begin(), columns.end());
    columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
    if (columns == target) add(columns);
  }
  if (keys.empty()) {
    throw SqlError(ErrorCode::kInvalidColumnReference,
                   "there is no unique or exclusion constraint matching the ON CONFLICT specification");
  }
  return keys;
}

// Finds the scan of `alias` in a bound plan.
std::unique_ptr<LogicalOperator>* FindScan(std::unique_ptr<LogicalOperator>& op, const std::string& alias) {
  if (op->kind == LogicalOperatorKind::kGet && static_cast<LogicalGet&>(*op).alias == alias) return &op;
  for (auto& child : op->children) {
    if (auto* found = FindScan(child, alias)) return found;
  }
  return nullptr;
}

// SELECT <items> FROM table AS excluded JOIN table AS alias ON excluded.k = alias.k AND ...,
// bound, with `excluded` reading `proposed` (its ctid: the proposal's position).
JoinedQuery BindConflictQuery(ClientContext& context, const InsertStatement& stmt, const TableEntry& table,
                              const std::string& alias, const std::vector<idx_t>& key, SelectNode& select,
                              const ColumnDataCollection& proposed) {
  auto scan_of = [&](const std::string& name) {
    auto ref = std::make_shared<BaseTableRef>();
    ref->schema = table.schema;
    ref->name = table.name;
    ref->alias = name;
    ref->location = stmt.table.location;
    return ref;
  };
  auto join = std::make_shared<JoinRef>();
  join->join_kind = JoinKind::kInner;
  join->left = scan_of(kExcluded);
  join->right = scan_of(alias);
  for (idx_t c : key) {
    auto equal = std::make_unique<ParsedExpression>(ExprKind::kOperator);
    equal->names = {"="};
    equal->children.push_back(QualifiedColumnRef(kExcluded, table.columns[c].name));
    equal->children.push_back(QualifiedColumnRef(alias, table.columns[c].name));
    if (!join->condition) {
      join->condition = std::move(equal);
    } else {
      auto both = std::make_unique<ParsedExpression>(ExprKind::kAnd);
      both->children.push_back(std::move(join->condition));
      both->children.push_back(std::move(equal));
      join->condition = std::move(both);
    }
  }
  select.from.push_back(join);
  JoinedQuery query = BindJoinedQuery(context, select, "ON CONFLICT DO UPDATE");

  auto* slot = FindScan(query.from, kExcluded);
  if (!slot) throw InternalError("ON CONFLICT: no scan of excluded");
  auto& get = static_cast<LogicalGet&>(**slot);
  auto values = std::make_unique<LogicalValues>(get.table_index);
  for (idx_t id : get.column_ids) {
    values->column_types.push_back(id == kRowIdColumn ? LogicalType(TypeId::kBigInt) : table.columns[id].type);
  }
  auto rows = std::make_shared<ColumnDataCollection>(values->column_types);
  int64_t position = 0;
  for (idx_t k = 0; k < proposed.ChunkCount(); k++) {
    const DataChunk& chunk = proposed.GetChunk(k);
    DataChunk out(values->column_types);
    for (size_t i = 0; i < get.column_ids.size(); i++) {
      idx_t id = get.column_ids[i];
      if (id != kRowIdColumn) {
        out.column(i).Reference(chunk.column(id));
        continue;
      }
      auto* positions = out.column(i).Data<int64_t>();
      for (idx_t r = 0; r < chunk.size(); r++) positions[r] = position + static_cast<int64_t>(r);
    }
    position += static_cast<int64_t>(chunk.size());
    out.SetCardinality(chunk.size());
    rows->Append(out);
  }
  values->collection = std::move(rows);
  values->ResolveTypes();
  *slot = std::move(values);
  return query;
}

// Adds rows `keep` (by position over all chunks) of `rows` to `changes`, checking NOT NULL,
// and claims their `keys` for the check at COMMIT.
void AppendKept(const ColumnDataCollection& rows, const std::vector<bool>& keep,
                const std::vector<std::vector<idx_t>>& keys, LocalTableChanges& changes) {
  idx_t base = 0;
  for (idx_t k = 0; k < rows.ChunkCount(); k++) {
    const DataChunk& chunk = rows.GetChunk(k);
    SelectionVector sel(chunk.size());
    idx_t n = 0;
    for (idx_t i = 0; i < chunk.size(); i++) {
      if (keep[base + i]) sel.Set(n++, i);
    }
    base += chunk.size();
    if (n == 0) continue;
    DataChunk view;
    SliceRows(chunk, sel, n, view);
    CheckNotNull(*changes.table(), view);
    for (auto& key : keys) changes.ClaimKeys(key, view);
    changes.Append(view);
  }
}

}  // namespace

std::unique_ptr<QueryResult> StatementRunner::RunUpsert(InsertStatement& stmt, std::shared_ptr<TableEntry> table,
                                                        std::unique_ptr<LogicalOperator> proposed_plan) {
  OnConflictClause& conflict = *stmt.on_conflict;
  // DO NOTHING has no expressions: its query names the table as it likes. DO UPDATE's name
  // the table by its alias (or name) and the proposals as EXCLUDED.
  std::string alias = !conflict.do_update ? "existing" : stmt.alias.empty() ? table->name : stmt.alias;
  if (alias == kExcluded) {
    throw SqlError(ErrorCode::kDuplicateAlias, "table name \"excluded\" specified more than once",
                   Pos(stmt.table.location));
  }
  std::vector<std::vector<idx_t>> keys = ArbiterKeys(*table, conflict);
  // Described (prepared), nothing runs: only DO UPDATE's expressions are bound, over no
  // proposals, which types their parameters.
  const bool describing = Describing();
  if (describing && !conflict.do_update) return Command("INSERT 0 0");
  std::unique_ptr<ColumnDataCollection> proposed;
  if (describing) {
    proposed = std::make_unique<ColumnDataCollection>(proposed_plan->types);
  } else {
    auto plan = Optimizer::Optimize(context_, std::move(proposed_plan));
    PhysicalPlanGenerator generator(context_);
    proposed = Execute(generator.Create(*plan));
  }
  // PostgreSQL checks NOT NULL before it looks for conflicts.
  for (idx_t k = 0; k < proposed->ChunkCount(); k++) CheckNotNull(*table, proposed->GetChunk(k));
  const idx_t count = proposed->Count();

  // The key group of every proposal, per key.
  std::vector<KeyGroups> groups;
  std::vector<std::vector<int64_t>> group_of(keys.size());
  for (size_t a = 0; a < keys.size(); a++) {
    groups.emplace_back(keys[a]);
    std::vector<int64_t> chunk_groups;
    for (idx_t k = 0; k < proposed->ChunkCount(); k++) {
      groups[a].Find(proposed->GetChunk(k), true, chunk_groups);
      group_of[a].insert(group_of[a].end(), chunk_groups.begin(), chunk_groups.end());
    }
  }
  std::vector<bool> keep(count, false);

  if (!conflict.do_update) {
    auto& changes = context_.transaction().Changes(table);
    // A proposal is skipped when a key of it matches an existing row or a proposal inserted
    // before it.
    std::vector<std::vector<bool>> exists(keys.size(), std::vector<bool>(count, false));
    for (size_t a = 0; a < keys.size() && count > 0; a++) {
      SelectNode select;
      select.select_list.push_back(QualifiedColumnRef(kExcluded, kRowIdName));
      JoinedQuery query = BindConflictQuery(context_, stmt, *table, alias, keys[a], select, *proposed);
      auto pairs = RunJoinedQuery(context_, query);
      for (idx_t k = 0; k < pairs->ChunkCount(); k++) {
        DataChunk& chunk = pairs->GetChunk(k);
        Vector positions{LogicalType(TypeId::kBigInt)};
        EvaluateOver(context_, *query.expressions[0], chunk, positions);
        UnifiedVectorFormat f;
        positions.ToUnified(chunk.size(), f);
        for (idx_t i = 0; i < chunk.size(); i++) exists[a][f.Data<int64_t>()[f.Index(i)]] = true;
      }
    }
    std::vector<std::vector<bool>> taken(keys.size());
    for (size_t a = 0; a < keys.size(); a++) taken[a].assign(groups[a].Count(), false);
    idx_t inserted = 0;
    for (idx_t p = 0; p < count; p++) {
      bool conflicts = false;
      for (size_t a = 0; a < keys.size() && !conflicts; a++) {
        int64_t g = group_of[a][p];
        conflicts = g >= 0 && (exists[a][p] || taken[a][g]);
      }
      if (conflicts) continue;
      keep[p] = true;
      inserted++;
      for (size_t a = 0; a < keys.size(); a++) {
        if (group_of[a][p] >= 0) taken[a][group_of[a][p]] = true;
      }
    }
    AppendKept(*proposed, keep, keys, changes);
    return Command("INSERT 0 " + std::to_string(inserted));
  }

  // DO UPDATE: one key. Per (proposal, existing row) pair: proposal position, row id, and
  // when the WHERE holds, the row's new version.
  const std::vector<idx_t>& key = keys[0];
  const size_t width = table->columns.size();
  SelectNode select;
  select.select_list.push_back(QualifiedColumnRef(kExcluded, kRowIdName));
  select.select_list.push_back(QualifiedColumnRef(alias, kRowIdName));
  int where_item = -1;
  if (conflict.where) {
    where_item = static_cast<int>(select.select_list.size());
    select.select_list.push_back(conflict.where->Copy());
  }
  std::vector<int> value_item(width, -1);
  std::vector<bool> set_default(width, false);
  for (auto& [name, expr] : conflict.set) {
    int64_t c = table->ColumnIndex(name);
    if (c < 0) {
      throw SqlError(ErrorCode::kUndefinedColumn,
                     "column \"" + name + "\" of relation \"" + table->name + "\" does not exist", Pos(expr->location));
    }
    if (value_item[c] >= 0 || set_default[c]) {
      throw SqlError(ErrorCode::kSyntaxError, "multiple assignments to same column \"" + name + "\"",
                     Pos(expr->location));
    }
    if (expr->kind == ExprKind::kDefault) {
      set_default[c] = true;
      continue;
    }
    value_item[c] = static_cast<int>(select.select_list.size());
    select.select_list.push_back(expr->Copy());
  }
  for (size_t c = 0; c < width; c++) {
    if (value_item[c] >= 0 || set_default[c]) continue;
    value_item[c] = static_cast<int>(select.select_list.size());
    select.select_list.push_back(QualifiedColumnRef(alias, table->columns[c].name));
  }
  JoinedQuery query = BindConflictQuery(context_, stmt, *table, alias, key, select, *proposed);
  if (where_item >= 0) {
    auto& e = query.expressions[where_item];
    e = ExpressionBinder::ToBoolean(std::move(e), "WHERE", context_);
  }
  BoundExpressionList defaults(width);
  for (size_t c = 0; c < width; c++) {
    if (set_default[c]) {
      defaults[c] = BindColumnDefault(context_, table->columns[c]);
    } else {
      auto& e = query.expressions[value_item[c]];
      e = AssignToColumn(std::move(e), table->columns[c], context_);
    }
  }
  if (describing) return Command("INSERT 0 0");
  auto pairs = RunJoinedQuery(context_, query);
  auto& changes = context_.transaction().Changes(table);

  std::vector<LogicalType> table_types = table->Types();
  ColumnDataCollection updates(table_types);
  std::vector<int64_t> update_group;  // per update: the key group of the new version
  struct Pair {
    int64_t proposal;
    row_t row;
    int64_t update;  // -1: the WHERE does not hold
  };
  std::vector<Pair> all_pairs;
  std::vector<int64_t> chunk_groups;
  for (idx_t k = 0; k < pairs->ChunkCount(); k++) {
    DataChunk& chunk = pairs->GetChunk(k);
    Vector positions{LogicalType(TypeId::kBigInt)};
    Vector rows{LogicalType(TypeId::kBigInt)};
    EvaluateOver(context_, *query.expressions[0], chunk, positions);
    EvaluateOver(context_, *query.expressions[1], chunk, rows);
    UnifiedVectorFormat pf, rf;
    positions.ToUnified(chunk.size(), pf);
    rows.ToUnified(chunk.size(), rf);
    size_t first = all_pairs.size();
    for (idx_t i = 0; i < chunk.size(); i++) {
      all_pairs.push_back({pf.Data<int64_t>()[pf.Index(i)], rf.Data<int64_t>()[rf.Index(i)], -1});
    }
    SelectionVector sel(chunk.size());
    idx_t n = chunk.size();
    if (where_item >= 0) {
      n = SelectWhere(context_, *query.expressions[where_item], chunk, sel);
    } else {
      for (idx_t i = 0; i < n; i++) sel.Set(i, i);
    }
    if (n == 0) continue;
    DataChunk view;
    SliceRows(chunk, sel, n, view);
    DataChunk values(table_types);
    for (size_t c = 0; c < width; c++) {
      const BoundExpression& e = set_default[c] ? *defaults[c] : *query.expressions[value_item[c]];
      EvaluateOver(context_, e, view, values.column(c));
    }
    values.SetCardinality(n);
    for (idx_t i = 0; i < n; i++) all_pairs[first + sel.Get(i)].update = static_cast<int64_t>(updates.Count() + i);
    groups[0].Find(values, false, chunk_groups);
    update_group.insert(update_group.end(), chunk_groups.begin(), chunk_groups.end());
    updates.Append(values);
  }
  std::stable_sort(all_pairs.begin(), all_pairs.end(),
                   [](const Pair& a, const Pair& b) { return a.proposal < b.proposal; });

  // Proposals in order. `affected`: the key group holds a row this statement inserted or
  // updated; `updated`: existing rows already replaced.
  std::vector<bool> affected(groups[0].Count(), false);
  std::unordered_set<row_t> updated;
  std::vector<bool> apply(updates.Count(), false);
  std::vector<row_t> deleted;
  idx_t changed = 0;
  size_t next_pair = 0;
  for (idx_t p = 0; p < count; p++) {
    size_t first = next_pair;
    while (next_pair < all_pairs.size() && all_pairs[next_pair].proposal == static_cast<int64_t>(p)) next_pair++;
    int64_t g = group_of[0][p];
    if (g < 0) {
      keep[p] = true;
      changed++;
      continue;
    }
    if (affected[g]) {
      throw SqlError(ErrorCode::kCardinalityViolation, "ON CONFLICT DO UPDATE command cannot affect row a second time")
          .WithHint(
              "Ensure that no rows proposed for insertion within the same command have duplicate constrained values.");
    }
    bool conflicts = false;
    for (size_t i = first; i < next_pair; i++) {
      const Pair& pair = all_pairs[i];
      if (updated.count(pair.row)) continue;
      conflicts = true;
      if (pair.update < 0) continue;
      updated.insert(pair.row);
      deleted.push_back(pair.row);
      apply[pair.update] = true;
      changed++;
      if (update_group[pair.update] >= 0) affected[update_group[pair.update]] = true;
    }
    if (!conflicts) {
      keep[p] = true;
      changed++;
      affected[g] = true;
    }
  }
  for (row_t row : deleted) changes.Delete(row);
  AppendKept(*proposed, keep, keys, changes);
  AppendKept(updates, apply, keys, changes);
  return Command("INSERT 0 " + std::to_string(changed));
}

}  // namespace stockroom
