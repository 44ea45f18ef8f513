#pragma once

#include <string>

#include "common/types/value.hpp"
#include "sql/ast/parsed_expression.hpp"

namespace stockroom {

// How PostgreSQL 15's ruleutils.c formats what pg_get_viewdef prints: where pretty mode
// puts parentheses (isSimpleNode), how constants look (get_const_expr), and the line
// breaks its buffer gets. Used by main/query_deparser.cpp.

// What PostgreSQL's node for an expression is, as far as isSimpleNode asks.
enum class PgNodeKind : uint8_t {
  kSimple,   // Var, Const, function-like (FuncExpr, Aggref, COALESCE, ...), CASE
  kOperator, // OpExpr
  kBool,     // BoolExpr
  kTest,     // NullTest, BooleanTest, DistinctExpr, SubLink
  kOther,    // ScalarArrayOpExpr and the rest: never simple
};
struct NodeShape {
  NodeShape(PgNodeKind kind = PgNodeKind::kSimple, std::string op = "", ExprKind bool_kind = ExprKind::kAnd)
      : kind(kind), op(std::move(op)), bool_kind(bool_kind) {}
  PgNodeKind kind;
  std::string op;      // kOperator: the operator when binary
  ExprKind bool_kind;  // kBool
};
// The node that prints a child, for get_rule_expr_paren.
enum class ParentNodeKind : uint8_t { kOperator, kBool, kCast, kOther };
struct ParentNode {
  ParentNode(ParentNodeKind kind, std::string op = "", bool left = false, ExprKind bool_kind = ExprKind::kAnd)
      : kind(kind), op(std::move(op)), left(left), bool_kind(bool_kind) {}
  ParentNodeKind kind;
  std::string op;      // kOperator when binary
  bool left;           // the child is the operator's left operand
  ExprKind bool_kind;  // kBool
};

// ruleutils.c's isSimpleNode in pretty mode: whether `child` needs no parentheses as an
// operand of `parent`.
bool IsSimple(const NodeShape& child, const ParentNode& parent);
// The shape a cast gives: as simple as what it casts (isSimpleNode looks through it).
NodeShape CastNodeShape(const NodeShape& inner);

// A constant of `type` as get_const_expr prints it. `showtype`: -1 never adds ::type, 0 when
// the literal would not read back as its type (int4 and float-looking numerics stand
// alone), 1 always.
std::string ConstText(const Value& value, const LogicalType& type, int showtype);

// Expressions are printed into strings of their own, so a CASE (which starts on a new line)
// can follow the space after an operator; ruleutils.c removes such spaces from its buffer
// before each line break. Spaces inside quoted literals and identifiers stay.
std::string WithoutSpacesBeforeNewlines(const std::string& text);

}  // namespace stockroom
