#pragma once

#include <memory>

#include "planner/logical_operator.hpp"

namespace stockroom {

class ClientContext;

// Simplifies the expressions of a plan: folds constant subexpressions (leaving them alone
// if evaluation fails, so the error surfaces only when the row is really computed), and
// rewrites `CAST(date_column AS timestamp) <op> midnight-constant` into a date comparison
// so it can filter the scan and use zone maps.
class ExpressionRewriter {
 public:
  explicit ExpressionRewriter(ClientContext& context) : context_(context) {}
  void Rewrite(LogicalOperator& op);
  void Rewrite(std::unique_ptr<BoundExpression>& expr);

 private:
  ClientContext& context_;
};

}  // namespace stockroom
