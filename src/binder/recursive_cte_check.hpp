#pragma once

#include "sql/ast/query_node.hpp"

namespace stockroom {

// Checks the WITH RECURSIVE entries that reference themselves the way PostgreSQL's
// checkWellFormedRecursion does, on the parsed query before anything binds: the form
// non-recursive-term UNION [ALL] recursive-term, exactly one self-reference in the recursive
// term and none inside a subquery, an outer join's nullable side, INTERSECT ALL or EXCEPT,
// and no ORDER BY/LIMIT/OFFSET on the UNION. Throws 42P19 (0A000 for ORDER BY/LIMIT/OFFSET).
// A recursive term with more than one self-reference would otherwise never finish.
void CheckRecursiveWith(const WithClause& with);

}  // namespace stockroom
