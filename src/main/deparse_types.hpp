#pragma once

#include <optional>
#include <string>

#include "common/types/logical_type.hpp"

namespace stockroom {

// PostgreSQL's typing of the built-in operators, as far as a deparsed view shows it: which
// implicit casts its parse analysis puts on an operator's operands (PostgreSQL has no
// varchar operators, so a varchar operand is shown as `name::text`; integers meet numerics
// as numeric; int2/int4/int8 and date/timestamp have cross-type operators, so they get none).
// Stockroom's binder converts differently (it compares int4 with int8 as int8), which is
// why pg_get_viewdef asks these rules instead of the casts Stockroom bound.

// A type without its modifiers, as an implicit cast's target has it (numeric(12,2) ->
// numeric, varchar(40) -> character varying, char(1) -> bpchar).
LogicalType WithoutModifiers(const LogicalType& type);

// The casts of a binary operator's operands; `unknown` literals get the type they take.
struct OperandCasts {
  std::optional<LogicalType> left;
  std::optional<LogicalType> right;
};

// The casts PostgreSQL gives the operands of `left op right` (op: = <> < > <= >= + - * / %
// || ~~ ~~* !~~ !~~* ~ ~* !~ !~*), or nullopt when the deparser does not know the
// operator for these types (the caller then keeps the view's own text).
std::optional<OperandCasts> BinaryOperatorCasts(const std::string& op, const LogicalType& left,
                                                const LogicalType& right);

// Whether PostgreSQL converts `from` to `to` with a cast function (a FuncExpr node, which
// GROUP BY and ORDER BY print in parentheses) rather than by relabeling (varchar to text)
// or through text input and output.
bool IsFunctionCast(const LogicalType& from, const LogicalType& to);

}  // namespace stockroom
