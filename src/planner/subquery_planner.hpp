#pragma once

#include <memory>

#include "binder/binder.hpp"

namespace stockroom {

// Turns subquery expressions into joins (never re-running a subquery per row):
// uncorrelated subqueries become single/mark joins; correlated EXISTS/IN whose correlation
// sits in WHERE predicates become semi/anti/mark joins on those predicates; any other
// correlated subquery is unnested with a dependent join (Neumann & Kemper, "Unnesting
// Arbitrary Queries"): the distinct correlated values of the outer plan are joined into
// the subquery, which is then joined back on them.
class SubqueryPlanner {
 public:
  explicit SubqueryPlanner(Binder& binder) : binder_(binder) {}

  // Replaces `subquery` (an expression over `root`'s columns) by a column reference or
  // boolean expression, adding the needed join on top of `root`.
  std::unique_ptr<BoundExpression> Plan(BoundSubquery& subquery, std::unique_ptr<LogicalOperator>& root);
  // Plans a WHERE conjunct that is exactly [NOT] EXISTS or IN (subquery) as a semi/anti
  // join on `root`. Returns false when the conjunct is not of that shape.
  bool PlanFilterConjunct(std::unique_ptr<BoundExpression>& conjunct, std::unique_ptr<LogicalOperator>& root);

 private:
  Binder& binder_;
};

}  // namespace stockroom
