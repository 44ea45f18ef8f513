#include "optimizer/optimizer.hpp"

#include "execution/pipeline/task_scheduler.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"
#include "optimizer/eager_aggregation.hpp"
#include "optimizer/expression_rewriter.hpp"
#include "optimizer/filter_pushdown.hpp"
#include "optimizer/join_order/join_order_optimizer.hpp"
#include "optimizer/statistics/cardinality_estimator.hpp"
#include "optimizer/top_n.hpp"
#include "optimizer/unused_columns.hpp"

namespace stockroom {

std::unique_ptr<LogicalOperator> Optimizer::Optimize(ClientContext& context, std::unique_ptr<LogicalOperator> plan) {
  plan->ResolveTypesDeep();
  ExpressionRewriter(context).Rewrite(*plan);
  plan = FilterPushdown(context).Rewrite(std::move(plan));
  // A table's first query after a change sketches its row groups for statistics: on all cores.
  DataTable::ParallelFor parallel_for = [&context](size_t n, const std::function<void(size_t)>& task) {
    context.db().scheduler().ParallelFor(n, task);
  };
  plan = JoinOrderOptimizer(parallel_for).Optimize(std::move(plan));
  plan = AggregateBeforeJoins(context, std::move(plan), parallel_for);
  plan = RewriteTopN(std::move(plan));
  PruneUnusedColumns(*plan);
  plan->ResolveTypesDeep();
  CardinalityEstimator(parallel_for).Estimate(*plan);
  return plan;
}

}  // namespace stockroom
