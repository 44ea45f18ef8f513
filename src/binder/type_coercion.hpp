#pragma once

#include <string>
#include <vector>

#include "binder/expression/bound_expression.hpp"

namespace stockroom {

// PostgreSQL's type categories (pg_type.typcategory), which drive implicit casts and
// common-type resolution.
enum class TypeCategory : uint8_t { kBoolean, kNumeric, kString, kDateTime, kTimespan, kUser, kArray, kUnknown };
TypeCategory CategoryOf(const LogicalType& type);
// Whether `type` is its category's preferred type (float8, text, timestamptz, interval, bool).
bool IsPreferredType(const LogicalType& type);

// Returns the cost of an implicit cast from `from` to `to` (0 = identical, higher = worse),
// or -1 if PostgreSQL would not cast implicitly. Unknown literals cast to anything at cost 1.
int ImplicitCastCost(const LogicalType& from, const LogicalType& to);
// Whether an assignment (INSERT, UPDATE) may cast `from` to `to` (implicit or assignment casts).
bool AssignmentCastAllowed(const LogicalType& from, const LogicalType& to);

// Returns the type PostgreSQL's select_common_type picks for UNION/CASE/COALESCE/VALUES
// branches; throws 42804 "<context> types X and Y cannot be matched" when there is none.
LogicalType CommonType(const std::vector<LogicalType>& types, const std::string& context, int location = -1);
// The type numeric(p,s) values of both inputs fit in (for comparisons and arithmetic).
LogicalType WiderNumeric(const LogicalType& a, const LogicalType& b);
// The numeric(p,s) an integer or numeric type converts to exactly (int4 -> numeric(10,0)).
LogicalType AsNumeric(const LogicalType& type);

// Wraps `expr` in a cast to `target` (folding casts of constants). Throws 42846 when no cast
// exists. `explicit_cast` selects explicit-cast semantics (varchar(n) truncation).
std::unique_ptr<BoundExpression> AddCast(std::unique_ptr<BoundExpression> expr, const LogicalType& target,
                                         bool explicit_cast = false, ClientContext* context = nullptr);

// Resolves a PostgreSQL type name ("int4", "varchar", numeric(10,2)) to a LogicalType;
// throws 42704 `type "foo" does not exist`.
LogicalType ResolveTypeName(const TypeName& name);

}  // namespace stockroom
