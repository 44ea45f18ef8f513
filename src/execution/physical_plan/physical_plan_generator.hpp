#pragma once

#include <map>

#include "common/types/column_data_collection.hpp"
#include <memory>

#include "execution/physical_operator.hpp"
#include "planner/logical_operator.hpp"

namespace stockroom {

class ClientContext;
class ColumnDataCollection;

// Shared state of materialized CTEs between the operator that fills them and the scans.
struct CteData {
  std::unique_ptr<ColumnDataCollection> rows;
  // Recursive CTEs: the rows of the previous iteration.
  std::unique_ptr<ColumnDataCollection> working;
  // The pipeline that fills `rows`; scans of the CTE wait for it.
  class Pipeline* producer = nullptr;
};

// Turns a logical plan into a physical one: resolves column bindings to chunk positions
// (BoundColumnRef -> BoundReference) and picks operator implementations (hash join vs.
// nested loop, hash vs. ungrouped aggregate).
class PhysicalPlanGenerator {
 public:
  explicit PhysicalPlanGenerator(ClientContext& context) : context_(context) {}
  std::unique_ptr<PhysicalOperator> Create(LogicalOperator& op);

 private:
  // Rewrites column references in `expr` (over `op`'s children) to positions.
  std::unique_ptr<BoundExpression> Resolve(std::unique_ptr<BoundExpression> expr,
                                           const std::vector<ColumnBinding>& bindings);

  std::unique_ptr<PhysicalOperator> CreateGet(class LogicalGet& op);
  std::unique_ptr<PhysicalOperator> CreateFilter(class LogicalFilter& op);
  std::unique_ptr<PhysicalOperator> CreateProjection(class LogicalProjection& op);
  std::unique_ptr<PhysicalOperator> CreateAggregate(class LogicalAggregate& op);
  std::unique_ptr<PhysicalOperator> CreateWindow(class LogicalWindow& op);
  std::unique_ptr<PhysicalOperator> CreateJoin(class LogicalJoin& op);
  bool PreferBuildSideOutput(const LogicalJoin& op, const std::vector<struct HashJoinKey>& keys,
                             const std::unique_ptr<BoundExpression>& mark) const;
  std::unique_ptr<PhysicalOperator> CreateBuildSideOutputJoin(LogicalJoin& op);
  // Splits a join's conditions into hash keys (equalities; the right side's operand probes
  // when `right_probes`) and a residual over candidate pairs (probe columns, then build).
  void SplitJoinConditions(const LogicalJoin& op, bool right_probes, std::vector<struct HashJoinKey>& keys,
                           BoundExpressionList& residual);
  std::unique_ptr<PhysicalOperator> CreateCrossProduct(class LogicalCrossProduct& op);
  std::unique_ptr<PhysicalOperator> CreateOrder(class LogicalOrder& op);
  std::unique_ptr<PhysicalOperator> CreateTopN(class LogicalTopN& op);
  std::unique_ptr<PhysicalOperator> CreateLimit(class LogicalLimit& op);
  std::unique_ptr<PhysicalOperator> CreateDistinct(class LogicalDistinct& op);
  std::unique_ptr<PhysicalOperator> CreateSetOperation(class LogicalSetOperation& op);
  std::unique_ptr<PhysicalOperator> CreateValues(class LogicalValues& op);
  std::unique_ptr<PhysicalOperator> CreateCte(class LogicalCteMaterialize& op);
  std::unique_ptr<PhysicalOperator> CreateCteRef(class LogicalCteRef& op);
  std::unique_ptr<PhysicalOperator> CreateRecursiveCte(class LogicalRecursiveCte& op);
  std::unique_ptr<PhysicalOperator> CreateTableFunction(class LogicalTableFunction& op);
  std::unique_ptr<PhysicalOperator> CreateRowSubquery(class LogicalRowSubquery& op);
  std::unique_ptr<PhysicalOperator> CreateInsert(class LogicalInsert& op);

  ClientContext& context_;
  std::map<idx_t, std::shared_ptr<CteData>> ctes_;
  // Output bindings of each materialized CTE's plan after optimization (its column order).
  std::map<idx_t, std::vector<ColumnBinding>> cte_bindings_;
  // Recursive CTEs read once: their one scan runs the recursion itself, lazily, instead of
  // scanning a materialized result (so a LIMIT above it can stop an unbounded recursion).
  std::map<idx_t, class LogicalRecursiveCte*> inlined_ctes_;
};

}  // namespace stockroom
