#include "optimizer/optimizer.hpp"

#include "optimizer/expression_rewriter.hpp"
#include "optimizer/filter_pushdown.hpp"
#include "optimizer/join_order/join_order_optimizer.hpp"
#include "optimizer/statistics/cardinality_estimator.hpp"
#include "optimizer/top_n.hpp"

namespace stockroom {

std::unique_ptr<LogicalOperator> Optimizer::Optimize(ClientContext& context, std::unique_ptr<LogicalOperator> plan) {
  plan->ResolveTypesDeep();
  ExpressionRewriter(context).Rewrite(*plan);
  plan = FilterPushdown(context).Rewrite(std::move(plan));
  plan = JoinOrderOptimizer().Optimize(std::move(plan));
  plan = RewriteTopN(std::move(plan));
  plan->ResolveTypesDeep();
  CardinalityEstimator().Estimate(*plan);
  return plan;
}

}  // namespace stockroom
