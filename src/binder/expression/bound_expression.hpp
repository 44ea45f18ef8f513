#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/types/logical_type.hpp"
#include "common/types/value.hpp"
#include "function/function.hpp"
#include "function/function_registry.hpp"
#include "sql/ast/parsed_expression.hpp"

namespace stockroom {

class LogicalOperator;

// Names a column produced by a logical operator: the operator's table index and the
// column's position in it. Plans refer to columns by binding, not by position, so rules
// can reorder and prune operators freely; the physical planner turns bindings into positions.
struct ColumnBinding {
  idx_t table_index = 0;
  idx_t column_index = 0;
  friend bool operator==(const ColumnBinding& a, const ColumnBinding& b) {
    return a.table_index == b.table_index && a.column_index == b.column_index;
  }
  friend bool operator<(const ColumnBinding& a, const ColumnBinding& b) {
    return a.table_index != b.table_index ? a.table_index < b.table_index : a.column_index < b.column_index;
  }
  std::string ToString() const { return "#" + std::to_string(table_index) + "." + std::to_string(column_index); }
};

struct ColumnBindingHash {
  size_t operator()(const ColumnBinding& b) const { return b.table_index * 1000003 ^ b.column_index; }
};

enum class BoundExprKind : uint8_t {
  kConstant,
  kColumnRef,    // a column of a child operator (or an outer query, depth > 0)
  kReference,    // a column of the input chunk by position (physical plans only)
  kParameter,    // $n
  kCast,
  kFunction,
  kComparison,
  kConjunction,
  kOperator,     // NOT, IS [NOT] NULL, IN list, COALESCE
  kCase,
  kAggregate,
  kWindow,
  kSubquery,
};

enum class ComparisonKind : uint8_t {
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kDistinctFrom,
  kNotDistinctFrom,
};
// Returns the comparison with sides swapped (a < b  <=>  b > a).
ComparisonKind FlipComparison(ComparisonKind kind);
// Returns NOT(comparison) for the non-distinct kinds (a < b  ->  a >= b).
ComparisonKind NegateComparison(ComparisonKind kind);
const char* ComparisonSymbol(ComparisonKind kind);

enum class OperatorKind : uint8_t { kNot, kIsNull, kIsNotNull, kInList, kNotInList, kCoalesce };

// A typed, resolved expression. Trees own their children. Copy() is deep.
class BoundExpression {
 public:
  BoundExpression(BoundExprKind kind, LogicalType type) : kind(kind), type(std::move(type)) {}
  virtual ~BoundExpression() = default;

  virtual std::unique_ptr<BoundExpression> Copy() const = 0;
  virtual std::string ToString() const = 0;
  // Structural equality (used to match GROUP BY expressions in the select list).
  virtual bool Equals(const BoundExpression& other) const;
  // Calls `fn` on each direct child slot, which it may replace.
  virtual void ForEachChild(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) {}

  // Returns whether the expression has no column references, aggregates, windows,
  // subqueries, parameters or volatile functions (so it can be evaluated at plan time).
  bool IsFoldable() const;
  bool HasSubquery() const;
  bool HasAggregate() const;
  bool HasWindow() const;
  bool IsVolatile() const;

  BoundExprKind kind;
  LogicalType type;
  std::string alias;
  int location = -1;
};

using BoundExpressionList = std::vector<std::unique_ptr<BoundExpression>>;
BoundExpressionList CopyBound(const BoundExpressionList& list);
// Visits every node of `expr` (pre-order).
void VisitExpression(const BoundExpression& expr, const std::function<void(const BoundExpression&)>& fn);
// Rewrites every node slot of `expr` bottom-up... (fn is applied to each slot after its children).
void RewriteExpression(std::unique_ptr<BoundExpression>& expr,
                       const std::function<void(std::unique_ptr<BoundExpression>&)>& fn);

class BoundConstant : public BoundExpression {
 public:
  explicit BoundConstant(Value value) : BoundExpression(BoundExprKind::kConstant, value.type()), value(std::move(value)) {}
  std::unique_ptr<BoundExpression> Copy() const override;
  std::string ToString() const override;
  bool Equals(const BoundExpression& other) const override;
  Value value;
};

class BoundColumnRef : public BoundExpression {
 public:
  BoundColumnRef(LogicalType type, ColumnBinding binding, std::string name, idx_t depth = 0)
      : BoundExpression(BoundExprKind::kColumnRef, std::move(type)), binding(binding), name(std::move(name)), depth(depth) {}
  std::unique_ptr<BoundExpression> Copy() const override;
  std::string ToString() const override;
  bool Equals(const BoundExpression& other) const override;
  ColumnBinding binding;
  std::string name;
  idx_t depth;  // 0: this query level; n: n levels out (a correlated reference)
};

class BoundReference : public BoundExpression {
 public:
  BoundReference(LogicalType type, idx_t index, std::string name = "")
      : BoundExpression(BoundExprKind::kReference, std::move(type)), index(index), name(std::move(name)) {}
  std::unique_ptr<BoundExpression> Copy() const override;
  std::string ToString() const override;
  bool Equals(const BoundExpression& other) const override;
  idx_t index;
  std::string name;
};

struct StatementParameters;

class BoundParameter : public BoundExpression {
 public:
  BoundParameter(LogicalType type, idx_t index) : BoundExpression(BoundExprKind::kParameter, std::move(type)), index(index) {}
  std::unique_ptr<BoundExpression> Copy() const override;
  std::string ToString() const override;
  idx_t index;  // 1-based
  std::shared_ptr<Value> value;  // filled when the statement is executed with parameters
  // The statement's parameters while it is prepared: AddCast records the type its context
  // gives an untyped parameter there.
  StatementParameters* parameters = nullptr;
};

// Cast kernel: converts `count` rows of `source` into `result` (of the target type). Throws
// SqlError for values that do not convert (22P02, 22003, ...).
class TimeZone;
struct CastParameters;
using CastFunctionPtr = void (*)(const Vector& source, Vector& result, idx_t count, const CastParameters& params);

struct CastParameters {
  ClientContext* context = nullptr;
  // The zone timestamptz text is read and written in when there is no context (the wire
  // protocol's text parameters); UTC when neither is set.
  const TimeZone* time_zone = nullptr;
  const LogicalType* source_type = nullptr;
  const LogicalType* target_type = nullptr;
  // Interval field restriction of INTERVAL '1' DAY (PostgreSQL's range mask); 0: none.
  int32_t interval_range = 0;
  // Assignment/explicit casts truncate varchar(n) silently when explicit (PostgreSQL).
  bool explicit_cast = true;
};

class BoundCast : public BoundExpression {
 public:
  BoundCast(std::unique_ptr<BoundExpression> child, LogicalType target, CastFunctionPtr function)
      : BoundExpression(BoundExprKind::kCast, std::move(target)), child(std::move(child)), function(function) {}
  std::unique_ptr<BoundExpression> Copy() const override;
  std::string ToString() const override;
  bool Equals(const BoundExpression& other) const override;
  void ForEachChild(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override { fn(child); }
  std::unique_ptr<BoundExpression> child;
  CastFunctionPtr function;
  int32_t interval_range = 0;
  bool explicit_cast = true;
};

class BoundFunction : public BoundExpression {
 public:
  BoundFunction(ScalarFunction function, BoundExpressionList children, std::shared_ptr<FunctionData> bind_data)
      : BoundExpression(BoundExprKind::kFunction, function.return_type),
        function(std::move(function)),
        children(std::move(children)),
        bind_data(std::move(bind_data)) {}
  std::unique_ptr<BoundExpression> Copy() const override;
  std::string ToString() const override;
  bool Equals(const BoundExpression& other) const override;
  void ForEachChild(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override {
    for (auto& c : children) fn(c);
  }
  ScalarFunction function;
  BoundExpressionList children;
  std::shared_ptr<FunctionData> bind_data;
};

class BoundComparison : public BoundExpression {
 public:
  BoundComparison(ComparisonKind comparison, std::unique_ptr<BoundExpression> left,
                  std::unique_ptr<BoundExpression> right)
      : BoundExpression(BoundExprKind::kComparison, TypeId::kBoolean),
        comparison(comparison),
        left(std::move(left)),
        right(std::move(right)) {}
  std::unique_ptr<BoundExpression> Copy() const override;
  std::string ToString() const override;
  bool Equals(const BoundExpression& other) const override;
  void ForEachChild(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override {
    fn(left);
    fn(right);
  }
  ComparisonKind comparison;
  std::unique_ptr<BoundExpression> left;
  std::unique_ptr<BoundExpression> right;
};

class BoundConjunction : public BoundExpression {
 public:
  BoundConjunction(bool is_and, BoundExpressionList children)
      : BoundExpression(BoundExprKind::kConjunction, TypeId::kBoolean), is_and(is_and), children(std::move(children)) {}
  std::unique_ptr<BoundExpression> Copy() const override;
  std::string ToString() const override;
  bool Equals(const BoundExpression& other) const override;
  void ForEachChild(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override {
    for (auto& c : children) fn(c);
  }
  bool is_and;
  BoundExpressionList children;
};

class BoundOperator : public BoundExpression {
 public:
  BoundOperator(OperatorKind op, LogicalType type, BoundExpressionList children)
      : BoundExpression(BoundExprKind::kOperator, std::move(type)), op(op), children(std::move(children)) {}
  std::unique_ptr<BoundExpression> Copy() const override;
  std::string ToString() const override;
  bool Equals(const BoundExpression& other) const override;
  void ForEachChild(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override {
    for (auto& c : children) fn(c);
  }
  OperatorKind op;
  BoundExpressionList children;  // kInList: children[0] is the probe, the rest the list
};

class BoundCase : public BoundExpression {
 public:
  explicit BoundCase(LogicalType type) : BoundExpression(BoundExprKind::kCase, std::move(type)) {}
  std::unique_ptr<BoundExpression> Copy() const override;
  std::string ToString() const override;
  bool Equals(const BoundExpression& other) const override;
  void ForEachChild(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override {
    for (auto& c : whens) fn(c);
    for (auto& c : thens) fn(c);
    fn(else_expr);
  }
  BoundExpressionList whens;
  BoundExpressionList thens;
  std::unique_ptr<BoundExpression> else_expr;  // never null (NULL constant when absent)
};

struct BoundOrderItem {
  std::unique_ptr<BoundExpression> expr;
  bool descending = false;
  bool nulls_first = false;  // resolved: PostgreSQL puts NULLs last for ASC, first for DESC
  BoundOrderItem Copy() const { return BoundOrderItem{expr->Copy(), descending, nulls_first}; }
  std::string ToString() const;
};

class BoundAggregate : public BoundExpression {
 public:
  BoundAggregate(AggregateFunction function, BoundExpressionList children, std::shared_ptr<FunctionData> bind_data)
      : BoundExpression(BoundExprKind::kAggregate, function.return_type),
        function(std::move(function)),
        children(std::move(children)),
        bind_data(std::move(bind_data)) {}
  // `function` over `arguments` (already of its argument types), its bind hook run: the
  // hook may choose the implementation and the return type, which the result takes.
  static std::unique_ptr<BoundAggregate> Bind(ClientContext& context, AggregateFunction function,
                                              BoundExpressionList arguments);
  std::unique_ptr<BoundExpression> Copy() const override;
  std::string ToString() const override;
  bool Equals(const BoundExpression& other) const override;
  void ForEachChild(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override {
    for (auto& c : children) fn(c);
    if (filter) fn(filter);
    for (auto& o : order_by) fn(o.expr);
  }
  AggregateFunction function;
  BoundExpressionList children;
  std::shared_ptr<FunctionData> bind_data;
  bool distinct = false;
  std::unique_ptr<BoundExpression> filter;
  std::vector<BoundOrderItem> order_by;  // aggregate ORDER BY or WITHIN GROUP
};

struct BoundFrame {
  FrameMode mode = FrameMode::kRange;
  FrameBoundKind start = FrameBoundKind::kUnboundedPreceding;
  FrameBoundKind end = FrameBoundKind::kCurrentRow;
  std::unique_ptr<BoundExpression> start_offset;
  std::unique_ptr<BoundExpression> end_offset;
  FrameExclude exclude = FrameExclude::kNoOthers;
};

class BoundWindow : public BoundExpression {
 public:
  explicit BoundWindow(LogicalType type) : BoundExpression(BoundExprKind::kWindow, std::move(type)) {}
  std::unique_ptr<BoundExpression> Copy() const override;
  std::string ToString() const override;
  bool Equals(const BoundExpression& other) const override;
  void ForEachChild(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override;

  std::string name;
  bool is_aggregate = false;
  WindowFunctionKind window_kind = WindowFunctionKind::kRowNumber;  // when !is_aggregate
  AggregateFunction aggregate;                                      // when is_aggregate
  std::shared_ptr<FunctionData> bind_data;
  bool distinct = false;
  std::unique_ptr<BoundExpression> filter;
  BoundExpressionList children;  // arguments (lag: value, offset, default)
  BoundExpressionList partitions;
  std::vector<BoundOrderItem> orders;
  BoundFrame frame;
};

enum class SubqueryKind : uint8_t { kScalar, kExists, kAny, kAll, kArray };

// A subquery's plan, shared by copies of the expression. Planning moves the plan into the
// outer query and records the expression that replaced the subquery, so a copy planned
// later (BETWEEN and CASE duplicate operands) reuses the same join.
struct SubqueryPlan {
  std::unique_ptr<LogicalOperator> plan;
  std::unique_ptr<BoundExpression> result;
};

class BoundSubquery : public BoundExpression {
 public:
  explicit BoundSubquery(LogicalType type) : BoundExpression(BoundExprKind::kSubquery, std::move(type)) {}
  std::unique_ptr<BoundExpression> Copy() const override;
  std::string ToString() const override;
  void ForEachChild(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) override {
    if (child) fn(child);
    for (auto& c : row_rest) fn(c);
  }
  SubqueryKind subquery_kind = SubqueryKind::kScalar;
  std::shared_ptr<SubqueryPlan> plan;          // the subquery's plan; column bindings below
  std::vector<ColumnBinding> output_bindings;  // the subquery's output columns
  std::vector<LogicalType> output_types;
  std::unique_ptr<BoundExpression> child;      // kAny/kAll: left side
  // kAny/kAll with a row on the left, (a, b) IN (SELECT x, y ...): the fields after the
  // first (which is `child`), compared with the subquery's later columns.
  BoundExpressionList row_rest;
  ComparisonKind comparison = ComparisonKind::kEqual;
  bool correlated = false;                     // references columns of an outer query
};

}  // namespace stockroom
