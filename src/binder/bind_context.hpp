#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "binder/expression/bound_expression.hpp"

namespace stockroom {

class LogicalGet;

// One FROM item visible to expressions: its alias, columns, and how to refer to them.
struct TableBinding {
  std::string alias;
  idx_t table_index = 0;
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  // Base tables add columns to the scan's projection on first reference.
  LogicalGet* get = nullptr;
  // Columns merged by USING/NATURAL (shown once by *, under the join's merged column).
  std::set<std::string> merged;
  // Not shown by * (the binder's own FROM item for set-returning functions in a select list).
  bool hidden = false;
};

// The columns a query level can see: its FROM items in order, plus USING/NATURAL merged
// columns. Resolves names to BoundColumnRefs with PostgreSQL's error rules.
inline const std::string kRowIdName = "ctid";

class BindContext {
 public:
  // Adds a FROM item; throws 42712 if the alias is already used at this level.
  void AddBinding(TableBinding binding, int location);
  // Adds a USING/NATURAL merged column (replacing an earlier one of the same name).
  void AddMergedColumn(const std::string& name, std::unique_ptr<BoundExpression> expr);

  // Resolves `column` (qualified by `alias` when non-empty). Returns nullptr when not found.
  // A base table's `ctid` system column is its row id (a bigint; PostgreSQL's is a tid).
  // Throws 42702 when ambiguous; 42P01 when `alias` names no FROM item.
  std::unique_ptr<BoundExpression> Resolve(const std::string& alias, const std::string& column, int location);
  // Returns whether `alias` is a FROM item here.
  bool HasAlias(const std::string& alias) const;
  // Expands * (alias empty) or alias.* into column references, in PostgreSQL's order.
  BoundExpressionList ExpandStar(const std::string& alias, int location);
  // Names that expand for * (parallel to ExpandStar's result).
  std::vector<std::string> StarNames(const std::string& alias);

  const std::vector<TableBinding>& bindings() const { return bindings_; }
  // Moves all bindings of `other` into this context (joins combine their sides).
  void Merge(BindContext&& other);

 private:
  std::unique_ptr<BoundExpression> ResolveRowId(const std::string& alias, int location);
  std::unique_ptr<BoundExpression> ColumnOf(TableBinding& binding, idx_t column);

  std::vector<TableBinding> bindings_;
  std::vector<std::pair<std::string, std::unique_ptr<BoundExpression>>> merged_columns_;
};

}  // namespace stockroom
