#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/types/logical_type.hpp"
#include "common/types/value.hpp"

namespace stockroom {

class QueryNode;
struct WindowSpec;

// The kinds of parsed (not yet bound) expressions.
enum class ExprKind : uint8_t {
  kColumnRef,    // a, t.a, s.t.a
  kStar,         // * or t.*
  kConstant,     // literal
  kParameter,    // $1
  kCast,         // x::type, CAST(x AS type), type 'literal'
  kFunction,     // f(args), aggregates and window functions too
  kOperator,     // binary/unary operator by name: + - * / % = <> < ~~ || ...
  kAnd,
  kOr,
  kNot,
  kIsNull,       // IS NULL / IS NOT NULL (negated)
  kBooleanTest,  // IS [NOT] TRUE/FALSE/UNKNOWN
  kDistinctFrom, // IS [NOT] DISTINCT FROM (negated = NOT DISTINCT)
  kBetween,      // x [NOT] BETWEEN [SYMMETRIC] a AND b
  kInList,       // x [NOT] IN (a, b)
  kLike,         // LIKE/ILIKE/SIMILAR TO with optional ESCAPE
  kCase,
  kCoalesce,
  kNullIf,
  kGreatest,
  kLeast,
  kSubquery,     // EXISTS, IN/ANY/ALL (subquery), scalar, ARRAY(subquery)
  kArray,        // ARRAY[a, b]
  kSubscript,    // x[i] or x[i:j]
  kAnyAll,       // x op ANY/ALL (array)
  kGroupingFunc, // GROUPING(a, b)
  kRow,          // ROW(a, b) or (a, b); names: field names when the binder makes one (else f1, f2, ...)
  kFieldSelect,  // (x).name: names = {name}, children = {x}
  kDefault,      // DEFAULT in INSERT VALUES
};

// A parsed type name: "numeric(15,2)", "varchar", "int[]". Resolved by the binder.
struct TypeName {
  std::vector<std::string> names;  // possibly qualified ("pg_catalog", "int4")
  std::vector<int32_t> modifiers;  // typmods as written
  int array_bounds = 0;            // number of [] suffixes
  bool interval_fields = false;    // INTERVAL '1' DAY (field restriction); ignored beyond parsing
  int location = -1;
  std::string ToString() const;
};

// An expression as written. Children are owned. `location` is the 0-based byte offset of
// the expression in the statement text (-1 when unknown), for error positions.
class ParsedExpression {
 public:
  // Defined after OrderItem: clang needs it complete to instantiate order_by's members.
  explicit ParsedExpression(ExprKind kind, int location = -1);
  virtual ~ParsedExpression();

  // Returns a deep copy (the binder expands some expressions more than once).
  std::unique_ptr<ParsedExpression> Copy() const;
  // Returns SQL text for the expression: default column names, EXPLAIN and messages.
  std::string ToString() const;

  ExprKind kind;
  int location;
  std::string alias;  // AS name in a select list

  // Fields used by some kinds (kept in one class to keep the transform and binder simple).
  std::vector<std::string> names;  // column ref parts / function name parts / operator name
  std::vector<std::unique_ptr<ParsedExpression>> children;
  Value value;                       // kConstant
  int param_index = 0;               // kParameter (1-based)
  TypeName type_name;                // kCast
  bool negated = false;              // NOT IN, IS NOT NULL, NOT LIKE, NOT BETWEEN, IS NOT DISTINCT, ALL
  bool symmetric = false;            // BETWEEN SYMMETRIC
  bool case_insensitive = false;     // ILIKE
  bool similar = false;              // SIMILAR TO
  int boolean_test = 0;              // kBooleanTest: 0 TRUE, 1 FALSE, 2 UNKNOWN (negated flips)
  bool slice = false;                // kSubscript x[a:b]
  std::unique_ptr<ParsedExpression> case_operand;  // kCase: CASE x WHEN ...
  std::unique_ptr<ParsedExpression> case_else;     // kCase: ELSE

  // kFunction:
  bool distinct = false;
  bool star = false;                 // count(*)
  bool within_group = false;         // ordered-set aggregate (order_by holds the WITHIN GROUP order)
  bool approximate = false;          // Redshift APPROXIMATE COUNT(DISTINCT ...)
  std::unique_ptr<ParsedExpression> filter;
  struct OrderItem;
  std::vector<OrderItem> order_by;   // aggregate ORDER BY / WITHIN GROUP
  std::shared_ptr<WindowSpec> over;  // window function when set

  // kSubquery: subquery_kind, the subquery, and for IN/ANY/ALL the left expression
  // (children[0]) and operator (names).
  enum class SubqueryKind : uint8_t { kExists, kAny, kAll, kScalar, kArray } subquery_kind = SubqueryKind::kScalar;
  std::shared_ptr<QueryNode> subquery;
};

enum class NullsOrder : uint8_t { kDefault, kFirst, kLast };

struct ParsedExpression::OrderItem {
  std::unique_ptr<ParsedExpression> expr;
  bool descending = false;
  NullsOrder nulls = NullsOrder::kDefault;
  OrderItem Copy() const { return OrderItem{expr->Copy(), descending, nulls}; }
};
using OrderItem = ParsedExpression::OrderItem;

inline ParsedExpression::ParsedExpression(ExprKind kind, int location) : kind(kind), location(location) {}
inline ParsedExpression::~ParsedExpression() = default;

// Window frame bounds as written.
enum class FrameBoundKind : uint8_t {
  kUnboundedPreceding,
  kOffsetPreceding,
  kCurrentRow,
  kOffsetFollowing,
  kUnboundedFollowing,
};
enum class FrameMode : uint8_t { kRange, kRows, kGroups };
enum class FrameExclude : uint8_t { kNoOthers, kCurrentRow, kGroup, kTies };

// OVER (...) or WINDOW w AS (...).
struct WindowSpec {
  std::string name;      // for WINDOW clause entries
  std::string ref_name;  // OVER (w ...) / OVER w
  std::vector<std::unique_ptr<ParsedExpression>> partition_by;
  std::vector<OrderItem> order_by;
  bool has_frame = false;
  bool between = false;  // written BETWEEN start AND end (else the end is CURRENT ROW implied)
  FrameMode mode = FrameMode::kRange;
  FrameBoundKind start = FrameBoundKind::kUnboundedPreceding;
  FrameBoundKind end = FrameBoundKind::kCurrentRow;
  std::unique_ptr<ParsedExpression> start_offset;
  std::unique_ptr<ParsedExpression> end_offset;
  FrameExclude exclude = FrameExclude::kNoOthers;
  int location = -1;

  std::shared_ptr<WindowSpec> Copy() const;
};

using ParsedExpressionList = std::vector<std::unique_ptr<ParsedExpression>>;
ParsedExpressionList CopyExpressions(const ParsedExpressionList& list);

}  // namespace stockroom
