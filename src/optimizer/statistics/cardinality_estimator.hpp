#pragma once

#include <map>

#include "planner/logical_operator.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

// Estimates output rows of logical operators (stored in estimated_rows) and distinct counts
// of columns, from table statistics (row counts, sampled distinct counts, zone-map ranges)
// and textbook selectivities: 1/ndv for equality, range fractions from min/max, 1/max(ndv)
// for equi-joins. Good enough to order joins and size hash tables, not more.
class CardinalityEstimator {
 public:
  // Tables' statistics are computed (their row groups sketched) through `parallel_for`.
  explicit CardinalityEstimator(DataTable::ParallelFor parallel_for = nullptr)
      : parallel_for_(std::move(parallel_for)) {}
  // Estimates `op`'s subtree, annotating every node; returns op's estimated rows.
  double Estimate(LogicalOperator& op);
  // Estimated distinct values of `expr` over the rows of the subtree last estimated.
  double DistinctCount(const BoundExpression& expr, double rows) const;
  // Selectivity of a predicate over the rows of an estimated subtree.
  double Selectivity(const BoundExpression& predicate, double rows) const;

 private:
  DataTable::ParallelFor parallel_for_;
  struct ColumnInfo {
    double distinct = 0;
    bool has_range = false;
    double min = 0;
    double max = 0;
    double null_fraction = 0;
  };
  const ColumnInfo* Info(const BoundExpression& expr) const;
  double RangeFraction(const ColumnInfo& info, ComparisonKind kind, const Value& constant) const;

  std::map<ColumnBinding, ColumnInfo> columns_;
  std::map<idx_t, double> cte_rows_;  // estimated rows of each materialized CTE
};

// Converts a value of a numeric, date or timestamp type to a double for range estimates.
bool ValueToDouble(const Value& v, double* out);

}  // namespace stockroom
