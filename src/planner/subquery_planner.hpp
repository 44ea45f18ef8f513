#pragma once

#include <memory>

#include "binder/binder.hpp"

namespace stockroom {

// Turns subquery expressions into joins (never re-running a subquery per row, except a
// lookup into a table function of the outer row: per_row_subquery.hpp):
// uncorrelated subqueries become single/mark joins; correlated EXISTS/IN whose correlation
// sits in WHERE predicates become semi/anti/mark joins on those predicates; any other
// correlated subquery is unnested with a dependent join (Neumann & Kemper, "Unnesting
// Arbitrary Queries"): the distinct correlated values of the outer plan are joined into
// the subquery, which is then joined back on them.
// Moves a subquery's plan (or expression) one query level out: references to outer levels
// get one closer.
void DecrementDepths(LogicalOperator& plan);
void DecrementDepths(BoundExpression& expr);
// Moves a plan bound one query level in (a LATERAL subquery reading no FROM item of this
// level) to this level: its references to outer levels get one level closer.
void MovePlanOut(LogicalOperator& plan);
// Finds a reference to the next level out (depth 1) in `plan`: the FROM item's alias and
// the reference's location. Leaves both unchanged when there is none.
void FindOuterReference(LogicalOperator& plan, std::string* alias, int* location);

class SubqueryPlanner {
 public:
  explicit SubqueryPlanner(Binder& binder) : binder_(binder) {}

  // Replaces `subquery` (an expression over `root`'s columns) by a column reference or
  // boolean expression, adding the needed join on top of `root`.
  std::unique_ptr<BoundExpression> Plan(BoundSubquery& subquery, std::unique_ptr<LogicalOperator>& root);
  // Plans a WHERE conjunct that is exactly [NOT] EXISTS or IN (subquery) as a semi/anti
  // join on `root`. Returns false when the conjunct is not of that shape.
  bool PlanFilterConjunct(std::unique_ptr<BoundExpression>& conjunct, std::unique_ptr<LogicalOperator>& root);
  // Joins `left` with `right`, a LATERAL subquery's plan whose depth-1 references read
  // `left`'s columns (kInner or kLeft, on `condition` over both, which may be null).
  std::unique_ptr<LogicalOperator> PlanLateral(std::unique_ptr<LogicalOperator> left,
                                               std::unique_ptr<LogicalOperator> right, JoinType type,
                                               std::unique_ptr<BoundExpression> condition);

 private:
  Binder& binder_;
};

}  // namespace stockroom
