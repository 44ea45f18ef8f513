#pragma once

#include <memory>
#include <string>
#include <vector>

#include "binder/expression/bound_expression.hpp"

namespace stockroom {

class TableEntry;
class DataTable;
class ColumnDataCollection;

enum class LogicalOperatorKind : uint8_t {
  kGet,             // table scan
  kDummyScan,       // one row, no columns (SELECT without FROM)
  kValues,          // VALUES rows / constant rows
  kFilter,
  kProjection,
  kAggregate,
  kWindow,
  kJoin,            // comparison join (hash join when it has equalities)
  kCrossProduct,
  kOrder,
  kLimit,
  kTopN,
  kDistinct,
  kSetOperation,    // UNION / INTERSECT / EXCEPT [ALL]
  kCteMaterialize,  // materializes a CTE once for its references
  kCteRef,
  kRecursiveCte,
  kRecursiveCteRef,
  kTableFunction,
  kRowSubquery,     // a correlated subquery over table functions of the row, run per input row
  kDelimGet,        // distinct outer values fed to a decorrelated subquery
  kInsert,
  kModify,
  kEmptyResult,
};

enum class JoinType : uint8_t {
  kInner,
  kLeft,
  kRight,
  kFull,
  kSemi,    // left rows with a match
  kAnti,    // left rows without a match
  kMark,    // left rows + boolean column: match found (NULL when unknown, as IN's rules say)
  kSingle,  // left rows + right columns of the (at most one) match; scalar subqueries
};
const char* JoinTypeName(JoinType type);

// A node of a logical plan. Children are owned. Each operator names its output columns with
// ColumnBindings (GetColumnBindings) and states their types (types, filled by ResolveTypes).
class LogicalOperator {
 public:
  explicit LogicalOperator(LogicalOperatorKind kind) : kind(kind) {}
  virtual ~LogicalOperator() = default;

  virtual std::vector<ColumnBinding> GetColumnBindings() const = 0;
  // Recomputes `types` from children and expressions (after rewrites).
  void ResolveTypes();
  // Recomputes `types` of the whole subtree, bottom-up.
  void ResolveTypesDeep();
  virtual std::string Name() const = 0;
  // Returns a one-line description of this operator's parameters (for EXPLAIN of logical plans).
  virtual std::string ParamsToString() const { return ""; }
  // Calls `fn` on each expression slot the operator holds.
  virtual void ForEachExpression(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) {}
  // Returns a multi-line tree rendering, for debugging.
  std::string ToString(int indent = 0) const;

  LogicalOperatorKind kind;
  std::vector<std::unique_ptr<LogicalOperator>> children;
  std::vector<LogicalType> types;
  // Estimated output rows (set by the optimizer's statistics).
  double estimated_rows = 0;

 protected:
  virtual void ResolveOwnTypes() = 0;
};

// A pushed-down filter on one scanned column: `column <op> constant`, or IS [NOT] NULL.
struct TableFilter {
  idx_t column_index;  // position in the table (not in the projection)
  enum class Kind : uint8_t { kComparison, kIsNull, kIsNotNull, kInList } kind = Kind::kComparison;
  ComparisonKind comparison = ComparisonKind::kEqual;
  Value constant;
  std::vector<Value> in_list;
  std::string ToString(const std::string& column_name) const;
};

class LogicalGet : public LogicalOperator {
 public:
  LogicalGet() : LogicalOperator(LogicalOperatorKind::kGet) {}
  std::vector<ColumnBinding> GetColumnBindings() const override;
  std::string Name() const override { return "SEQ_SCAN"; }
  std::string ParamsToString() const override;
  void ResolveOwnTypes() override;

  idx_t table_index = 0;
  std::shared_ptr<TableEntry> table;
  std::string alias;
  // Table columns produced, in output order; column_ids[i] is a table column position.
  std::vector<idx_t> column_ids;
  // Per entry of column_ids: nothing above reads it (optimizer/unused_columns); empty: all read.
  std::vector<bool> unused;
  std::vector<TableFilter> filters;  // evaluated during the scan (and zone-map pruning)
};

class LogicalDummyScan : public LogicalOperator {
 public:
  explicit LogicalDummyScan(idx_t table_index) : LogicalOperator(LogicalOperatorKind::kDummyScan), table_index(table_index) {}
  std::vector<ColumnBinding> GetColumnBindings() const override { return {}; }
  std::string Name() const override { return "DUMMY_SCAN"; }
  void ResolveOwnTypes() override {}
  idx_t table_index;
};

class LogicalEmptyResult : public LogicalOperator {
 public:
  LogicalEmptyResult(std::vector<ColumnBinding> bindings, std::vector<LogicalType> column_types)
      : LogicalOperator(LogicalOperatorKind::kEmptyResult), bindings(std::move(bindings)), column_types(std::move(column_types)) {}
  std::vector<ColumnBinding> GetColumnBindings() const override { return bindings; }
  std::string Name() const override { return "EMPTY_RESULT"; }
  void ResolveOwnTypes() override { types = column_types; }
  std::vector<ColumnBinding> bindings;
  std::vector<LogicalType> column_types;
};

class LogicalValues : public LogicalOperator {
 public:
  explicit LogicalValues(idx_t table_index) : LogicalOperator(LogicalOperatorKind::kValues), table_index(table_index) {}
  std::vector<ColumnBinding> GetColumnBindings() const override;
  std::string Name() const override { return "VALUES"; }
  void ForEachExpression(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override;
  void ResolveOwnTypes() override { types = column_types; }
  idx_t table_index;
  std::vector<LogicalType> column_types;
  std::vector<BoundExpressionList> rows;  // each expression may reference a lateral child? no: constants/foldable
  // Rows already computed (of `column_types`), scanned instead of `rows` when set: how
  // INSERT ... ON CONFLICT joins the rows it proposes with the table.
  std::shared_ptr<ColumnDataCollection> collection;
};

class LogicalFilter : public LogicalOperator {
 public:
  LogicalFilter() : LogicalOperator(LogicalOperatorKind::kFilter) {}
  std::vector<ColumnBinding> GetColumnBindings() const override { return children[0]->GetColumnBindings(); }
  std::string Name() const override { return "FILTER"; }
  std::string ParamsToString() const override;
  void ForEachExpression(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override {
    for (auto& e : expressions) fn(e);
  }
  void ResolveOwnTypes() override { types = children[0]->types; }
  BoundExpressionList expressions;  // ANDed
};

class LogicalProjection : public LogicalOperator {
 public:
  explicit LogicalProjection(idx_t table_index) : LogicalOperator(LogicalOperatorKind::kProjection), table_index(table_index) {}
  std::vector<ColumnBinding> GetColumnBindings() const override;
  std::string Name() const override { return "PROJECTION"; }
  std::string ParamsToString() const override;
  void ForEachExpression(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override {
    for (auto& e : expressions) fn(e);
  }
  void ResolveOwnTypes() override;
  idx_t table_index;
  BoundExpressionList expressions;
};

class LogicalAggregate : public LogicalOperator {
 public:
  LogicalAggregate(idx_t group_index, idx_t aggregate_index)
      : LogicalOperator(LogicalOperatorKind::kAggregate), group_index(group_index), aggregate_index(aggregate_index) {}
  std::vector<ColumnBinding> GetColumnBindings() const override;
  std::string Name() const override { return groups.empty() ? "UNGROUPED_AGGREGATE" : "HASH_GROUP_BY"; }
  std::string ParamsToString() const override;
  void ForEachExpression(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override {
    for (auto& e : groups) fn(e);
    for (auto& e : aggregates) fn(e);
  }
  void ResolveOwnTypes() override;
  idx_t group_index;
  idx_t aggregate_index;
  idx_t grouping_index = 0;  // GROUPING() id column binding when grouping_sets has > 1 set
  BoundExpressionList groups;
  BoundExpressionList aggregates;  // BoundAggregate
  // Each set lists positions in `groups`; empty means plain GROUP BY (one set of all groups).
  std::vector<std::vector<idx_t>> grouping_sets;
};

class LogicalWindow : public LogicalOperator {
 public:
  explicit LogicalWindow(idx_t window_index) : LogicalOperator(LogicalOperatorKind::kWindow), window_index(window_index) {}
  std::vector<ColumnBinding> GetColumnBindings() const override;
  std::string Name() const override { return "WINDOW"; }
  std::string ParamsToString() const override;
  void ForEachExpression(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override {
    for (auto& e : expressions) fn(e);
  }
  void ResolveOwnTypes() override;
  // Whether every window function here partitions by `expr` (a filter on it, or removing
  // all rows of some of its values, takes away whole partitions of each).
  bool AllPartitionBy(const BoundExpression& expr) const;
  idx_t window_index;
  BoundExpressionList expressions;  // BoundWindow
};

// One condition of a comparison join: left side expression (over the left child) compared
// with the right side expression (over the right child).
struct JoinCondition {
  std::unique_ptr<BoundExpression> left;
  std::unique_ptr<BoundExpression> right;
  ComparisonKind comparison = ComparisonKind::kEqual;
  JoinCondition Copy() const { return JoinCondition{left->Copy(), right->Copy(), comparison}; }
};

class LogicalJoin : public LogicalOperator {
 public:
  explicit LogicalJoin(JoinType join_type) : LogicalOperator(LogicalOperatorKind::kJoin), join_type(join_type) {}
  std::vector<ColumnBinding> GetColumnBindings() const override;
  std::string Name() const override;
  std::string ParamsToString() const override;
  void ForEachExpression(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override;
  void ResolveOwnTypes() override;
  JoinType join_type;
  std::vector<JoinCondition> conditions;       // ANDed
  std::unique_ptr<BoundExpression> residual;   // extra condition over both sides (may be null)
  idx_t mark_index = 0;                        // kMark: binding (mark_index, 0) of the mark column
  // kMark for IN/ANY: the comparison whose three-valued result makes the mark (TRUE if any
  // matching row compares TRUE, else NULL if any compares NULL, else FALSE). Rows must
  // first pass `conditions` and `residual`, which act as filters. Null for EXISTS.
  std::unique_ptr<BoundExpression> mark_condition;
};

class LogicalCrossProduct : public LogicalOperator {
 public:
  LogicalCrossProduct() : LogicalOperator(LogicalOperatorKind::kCrossProduct) {}
  std::vector<ColumnBinding> GetColumnBindings() const override;
  std::string Name() const override { return "CROSS_PRODUCT"; }
  void ResolveOwnTypes() override;
};

class LogicalOrder : public LogicalOperator {
 public:
  LogicalOrder() : LogicalOperator(LogicalOperatorKind::kOrder) {}
  std::vector<ColumnBinding> GetColumnBindings() const override { return children[0]->GetColumnBindings(); }
  std::string Name() const override { return "ORDER_BY"; }
  std::string ParamsToString() const override;
  void ForEachExpression(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override {
    for (auto& o : orders) fn(o.expr);
  }
  void ResolveOwnTypes() override { types = children[0]->types; }
  std::vector<BoundOrderItem> orders;
};

class LogicalLimit : public LogicalOperator {
 public:
  LogicalLimit() : LogicalOperator(LogicalOperatorKind::kLimit) {}
  std::vector<ColumnBinding> GetColumnBindings() const override { return children[0]->GetColumnBindings(); }
  std::string Name() const override { return "LIMIT"; }
  std::string ParamsToString() const override;
  void ResolveOwnTypes() override { types = children[0]->types; }
  int64_t limit = -1;  // -1: none
  int64_t offset = 0;
};

class LogicalTopN : public LogicalOperator {
 public:
  LogicalTopN() : LogicalOperator(LogicalOperatorKind::kTopN) {}
  std::vector<ColumnBinding> GetColumnBindings() const override { return children[0]->GetColumnBindings(); }
  std::string Name() const override { return "TOP_N"; }
  std::string ParamsToString() const override;
  void ForEachExpression(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override {
    for (auto& o : orders) fn(o.expr);
  }
  void ResolveOwnTypes() override { types = children[0]->types; }
  std::vector<BoundOrderItem> orders;
  int64_t limit = 0;
  int64_t offset = 0;
};

// DISTINCT (all columns) or DISTINCT ON (targets): keeps the first row per distinct key in
// the order given by `orders` (DISTINCT ON's ORDER BY).
class LogicalDistinct : public LogicalOperator {
 public:
  LogicalDistinct() : LogicalOperator(LogicalOperatorKind::kDistinct) {}
  std::vector<ColumnBinding> GetColumnBindings() const override { return children[0]->GetColumnBindings(); }
  std::string Name() const override { return "DISTINCT"; }
  void ForEachExpression(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override {
    for (auto& e : distinct_on) fn(e);
    for (auto& o : orders) fn(o.expr);
  }
  void ResolveOwnTypes() override { types = children[0]->types; }
  BoundExpressionList distinct_on;  // empty: all columns
  std::vector<BoundOrderItem> orders;
};

enum class SetOpType : uint8_t { kUnion, kIntersect, kExcept };

class LogicalSetOperation : public LogicalOperator {
 public:
  LogicalSetOperation(idx_t table_index, SetOpType op, bool all)
      : LogicalOperator(LogicalOperatorKind::kSetOperation), table_index(table_index), op(op), all(all) {}
  std::vector<ColumnBinding> GetColumnBindings() const override;
  std::string Name() const override;
  void ResolveOwnTypes() override { types = children[0]->types; }
  idx_t table_index;
  SetOpType op;
  bool all;
};

// Materializes child[0] (the CTE) once, then runs child[1] (the query using it) whose
// LogicalCteRef nodes read the materialized rows.
class LogicalCteMaterialize : public LogicalOperator {
 public:
  LogicalCteMaterialize(idx_t cte_index, std::string name)
      : LogicalOperator(LogicalOperatorKind::kCteMaterialize), cte_index(cte_index), name(std::move(name)) {}
  std::vector<ColumnBinding> GetColumnBindings() const override { return children[1]->GetColumnBindings(); }
  std::string Name() const override { return "CTE " + name; }
  void ResolveOwnTypes() override { types = children[1]->types; }
  idx_t cte_index;
  std::string name;
};

class LogicalCteRef : public LogicalOperator {
 public:
  LogicalCteRef(idx_t table_index, idx_t cte_index, std::vector<LogicalType> column_types, bool recursive)
      : LogicalOperator(recursive ? LogicalOperatorKind::kRecursiveCteRef : LogicalOperatorKind::kCteRef),
        table_index(table_index),
        cte_index(cte_index),
        column_types(std::move(column_types)) {}
  std::vector<ColumnBinding> GetColumnBindings() const override;
  std::string Name() const override { return "CTE_SCAN"; }
  void ResolveOwnTypes() override { types = column_types; }
  idx_t table_index;
  idx_t cte_index;
  std::vector<LogicalType> column_types;
  // When set, the scan presents the materialized plan's own bindings (decorrelation reads
  // the outer plan this way without renaming its columns).
  std::vector<ColumnBinding> bindings;
};

// WITH RECURSIVE: child[0] is the non-recursive term, child[1] the recursive term whose
// LogicalCteRef(recursive) reads the previous iteration's rows.
class LogicalRecursiveCte : public LogicalOperator {
 public:
  LogicalRecursiveCte(idx_t table_index, idx_t cte_index, bool union_all)
      : LogicalOperator(LogicalOperatorKind::kRecursiveCte), table_index(table_index), cte_index(cte_index), union_all(union_all) {}
  std::vector<ColumnBinding> GetColumnBindings() const override;
  std::string Name() const override { return "RECURSIVE_CTE"; }
  void ResolveOwnTypes() override { types = children[0]->types; }
  idx_t table_index;
  idx_t cte_index;
  bool union_all;
};

class LogicalTableFunction : public LogicalOperator {
 public:
  explicit LogicalTableFunction(idx_t table_index)
      : LogicalOperator(LogicalOperatorKind::kTableFunction), table_index(table_index) {}
  std::vector<ColumnBinding> GetColumnBindings() const override;
  std::string Name() const override { return "TABLE_FUNCTION " + function.name; }
  void ForEachExpression(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override {
    for (auto& e : arguments) fn(e);
  }
  void ResolveOwnTypes() override;
  idx_t table_index;
  TableFunction function;
  // Arguments evaluated per input row when there is a child (LATERAL), else once.
  BoundExpressionList arguments;
  std::vector<LogicalType> column_types;
  std::vector<std::string> column_names;
  bool with_ordinality = false;
};

// A correlated scalar or EXISTS subquery whose FROM is one table function of the outer
// row (`(SELECT v FROM jsonb_array_elements(e.params) p WHERE ...)`), evaluated per row
// of its child instead of being decorrelated (planner/per_row_subquery): the function runs
// for each input row, `filter` keeps its rows, and the result column is `value` of the
// kept row (NULL without one; 21000 for a second one), or whether a row is kept (EXISTS);
// with `aggregates`, `value` reads their results over the row's kept rows instead (one row
// always: count 0 and NULLs without any). Nothing is materialized: it streams like a
// projection.
class LogicalRowSubquery : public LogicalOperator {
 public:
  LogicalRowSubquery(idx_t table_index, idx_t function_index)
      : LogicalOperator(LogicalOperatorKind::kRowSubquery), table_index(table_index), function_index(function_index) {}
  // The child's columns, then the result.
  std::vector<ColumnBinding> GetColumnBindings() const override;
  std::string Name() const override { return "ROW_SUBQUERY " + function.name; }
  void ForEachExpression(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override;
  void ResolveOwnTypes() override;
  // The columns `filter` and the aggregates (or `value` without them) read: the child's,
  // then the function's.
  std::vector<ColumnBinding> BodyBindings() const;
  // The columns `value` reads: BodyBindings, or with aggregates the child's, then theirs.
  std::vector<ColumnBinding> ValueBindings() const;
  LogicalType ResultType() const { return value ? value->type : LogicalType(TypeId::kBoolean); }

  idx_t table_index;     // the result column
  idx_t function_index;  // the function's columns
  TableFunction function;
  BoundExpressionList arguments;  // over the child's columns
  std::vector<LogicalType> function_types;  // the function's columns (and ordinality)
  bool with_ordinality = false;
  std::unique_ptr<BoundExpression> filter;  // null: every row
  std::unique_ptr<BoundExpression> value;   // null: EXISTS
  BoundExpressionList aggregates;           // BoundAggregate over BodyBindings
  idx_t aggregate_index = 0;                // their results' bindings
  // The subquery's LIMIT/OFFSET (over the kept rows, in the function's order).
  int64_t limit = -1;
  int64_t offset = 0;
};

// The distinct values of the outer columns a correlated subquery uses, produced by the
// enclosing dependent join (see optimizer/decorrelate).
class LogicalDelimGet : public LogicalOperator {
 public:
  LogicalDelimGet(idx_t table_index, std::vector<LogicalType> column_types)
      : LogicalOperator(LogicalOperatorKind::kDelimGet), table_index(table_index), column_types(std::move(column_types)) {}
  std::vector<ColumnBinding> GetColumnBindings() const override;
  std::string Name() const override { return "DELIM_GET"; }
  void ResolveOwnTypes() override { types = column_types; }
  idx_t table_index;
  std::vector<LogicalType> column_types;
};

class LogicalInsert : public LogicalOperator {
 public:
  LogicalInsert() : LogicalOperator(LogicalOperatorKind::kInsert) {}
  std::vector<ColumnBinding> GetColumnBindings() const override { return {{0, 0}}; }
  std::string Name() const override { return "INSERT"; }
  void ResolveOwnTypes() override { types = {TypeId::kBigInt}; }
  std::shared_ptr<TableEntry> table;
  // For each table column, the position in the child's output, or -1 for the default.
  std::vector<int64_t> column_map;
  BoundExpressionList defaults;  // per table column (NULL constant when no default)
};

// DELETE (input: row ids) or UPDATE (input: every column's new value, then the row id).
class LogicalModify : public LogicalOperator {
 public:
  LogicalModify() : LogicalOperator(LogicalOperatorKind::kModify) {}
  std::vector<ColumnBinding> GetColumnBindings() const override { return {{0, 0}}; }
  std::string Name() const override { return is_update ? "UPDATE" : "DELETE"; }
  void ResolveOwnTypes() override { types = {TypeId::kBigInt}; }
  std::shared_ptr<TableEntry> table;
  bool is_update = false;
};

}  // namespace stockroom
