#include "binder/bind_context.hpp"

#include <algorithm>

#include "common/error/exception.hpp"
#include "planner/logical_operator.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

void BindContext::AddBinding(TableBinding binding, int location) {
  for (auto& b : bindings_) {
    if (!binding.alias.empty() && b.alias == binding.alias) {
      throw SqlError(ErrorCode::kDuplicateAlias, "table name \"" + binding.alias + "\" specified more than once",
                     location >= 0 ? location + 1 : 0);
    }
  }
  bindings_.push_back(std::move(binding));
}

void BindContext::AddMergedColumn(const std::string& name, std::unique_ptr<BoundExpression> expr) {
  for (auto& [n, e] : merged_columns_) {
    if (n == name) {
      e = std::move(expr);
      return;
    }
  }
  merged_columns_.emplace_back(name, std::move(expr));
}

void BindContext::Merge(BindContext&& other) {
  for (auto& b : other.bindings_) bindings_.push_back(std::move(b));
  for (auto& m : other.merged_columns_) merged_columns_.push_back(std::move(m));
}

bool BindContext::HasAlias(const std::string& alias) const {
  return std::any_of(bindings_.begin(), bindings_.end(), [&](const TableBinding& b) { return b.alias == alias; });
}

std::unique_ptr<BoundExpression> BindContext::ColumnOf(TableBinding& binding, idx_t column) {
  idx_t column_index = column;
  if (binding.get) {
    auto& ids = binding.get->column_ids;
    auto it = std::find(ids.begin(), ids.end(), column);
    if (it == ids.end()) {
      ids.push_back(column);
      column_index = ids.size() - 1;
    } else {
      column_index = it - ids.begin();
    }
  }
  std::string name = binding.alias.empty() ? binding.names[column] : binding.alias + "." + binding.names[column];
  return std::make_unique<BoundColumnRef>(binding.types[column], ColumnBinding{binding.table_index, column_index},
                                          name);
}

std::unique_ptr<BoundExpression> BindContext::Resolve(const std::string& alias, const std::string& column,
                                                      int location) {
  if (alias.empty()) {
    for (auto& [name, expr] : merged_columns_) {
      if (name == column) return expr->Copy();
    }
  }
  TableBinding* found = nullptr;
  idx_t found_column = 0;
  bool alias_found = false;
  for (auto& b : bindings_) {
    if (!alias.empty() && b.alias != alias) continue;
    alias_found = true;
    for (idx_t i = 0; i < b.names.size(); i++) {
      if (b.names[i] != column) continue;
      if (found) {
        throw SqlError(ErrorCode::kAmbiguousColumn, "column reference \"" + column + "\" is ambiguous",
                       location >= 0 ? location + 1 : 0);
      }
      found = &b;
      found_column = i;
    }
  }
  if (!alias.empty() && !alias_found) return nullptr;
  if (!found && column == kRowIdName) return ResolveRowId(alias, location);
  if (!found) return nullptr;
  auto expr = ColumnOf(*found, found_column);
  expr->location = location;
  return expr;
}

std::unique_ptr<BoundExpression> BindContext::ResolveRowId(const std::string& alias, int location) {
  TableBinding* found = nullptr;
  for (auto& b : bindings_) {
    if (!b.get || (!alias.empty() && b.alias != alias)) continue;
    if (found) {
      throw SqlError(ErrorCode::kAmbiguousColumn, "column reference \"" + kRowIdName + "\" is ambiguous",
                     location >= 0 ? location + 1 : 0);
    }
    found = &b;
  }
  if (!found) return nullptr;
  auto& ids = found->get->column_ids;
  auto it = std::find(ids.begin(), ids.end(), kRowIdColumn);
  if (it == ids.end()) it = ids.insert(ids.end(), kRowIdColumn);
  auto expr = std::make_unique<BoundColumnRef>(LogicalType(TypeId::kBigInt),
                                               ColumnBinding{found->table_index, static_cast<idx_t>(it - ids.begin())},
                                               found->alias + "." + kRowIdName);
  expr->location = location;
  return expr;
}

BoundExpressionList BindContext::ExpandStar(const std::string& alias, int location) {
  BoundExpressionList result;
  if (alias.empty()) {
    for (auto& [name, expr] : merged_columns_) result.push_back(expr->Copy());
  }
  bool alias_found = false;
  for (auto& b : bindings_) {
    if (!alias.empty() && b.alias != alias) continue;
    if (b.hidden) continue;
    alias_found = true;
    for (idx_t i = 0; i < b.names.size(); i++) {
      if (alias.empty() && b.merged.count(b.names[i])) continue;
      result.push_back(ColumnOf(b, i));
    }
  }
  if (!alias.empty() && !alias_found) {
    throw SqlError(ErrorCode::kUndefinedTable, "missing FROM-clause entry for table \"" + alias + "\"",
                   location >= 0 ? location + 1 : 0);
  }
  return result;
}

std::vector<std::string> BindContext::StarNames(const std::string& alias) {
  std::vector<std::string> names;
  if (alias.empty()) {
    for (auto& [name, expr] : merged_columns_) names.push_back(name);
  }
  for (auto& b : bindings_) {
    if (!alias.empty() && b.alias != alias) continue;
    if (b.hidden) continue;
    for (idx_t i = 0; i < b.names.size(); i++) {
      if (alias.empty() && b.merged.count(b.names[i])) continue;
      names.push_back(b.names[i]);
    }
  }
  return names;
}

}  // namespace stockroom
