#include "optimizer/eager_aggregation.hpp"

#include "function/function_registry.hpp"
#include "optimizer/changed_partitions.hpp"
#include "optimizer/expression_sets.hpp"
#include "optimizer/statistics/cardinality_estimator.hpp"

namespace stockroom {

namespace {

// A side's rows must be at least this many, and this many times its keys' distinct values.
constexpr double kMinimumRows = 10000;
constexpr double kMinimumReduction = 4;

// The aggregate that combines partial results of `original` (of the same function and
// type), reading them from `partial`; null when there is none.
std::unique_ptr<BoundExpression> CombiningAggregate(ClientContext& context, const BoundAggregate& original,
                                                    ColumnBinding partial) {
  const std::string& name = original.function.name;
  if (name != "sum" && name != "min" && name != "max") return nullptr;
  const auto* overloads = FunctionRegistry::Get().Aggregate(name);
  if (!overloads) return nullptr;
  for (const AggregateFunction& candidate : *overloads) {
    if (candidate.arguments.size() != 1 || candidate.arguments[0].id() != original.type.id()) continue;
    BoundExpressionList arguments;
    arguments.push_back(std::make_unique<BoundColumnRef>(original.type, partial, "partial"));
    auto combined = BoundAggregate::Bind(context, candidate, std::move(arguments));
    if (!(combined->type == original.type)) return nullptr;
    return combined;
  }
  return nullptr;
}

class EagerAggregation {
 public:
  EagerAggregation(ClientContext& context, DataTable::ParallelFor parallel_for, idx_t next_table_index)
      : context_(context), parallel_for_(std::move(parallel_for)), next_table_index_(next_table_index) {}

  // Top down: an aggregate pushed below a join is tried again below the next one.
  void Visit(LogicalOperator& op) {
    if (op.kind == LogicalOperatorKind::kAggregate) {
      for (int side = 0; side < 2; side++) {
        if (PushBelowJoin(static_cast<LogicalAggregate&>(op), side)) break;
      }
    }
    for (auto& child : op.children) Visit(*child);
  }

 private:
  // Puts a partial aggregate on side `side` of the join under `aggregate`; false (and
  // nothing changed) when the rule does not apply or does not pay.
  bool PushBelowJoin(LogicalAggregate& aggregate, int side) {
    if (!aggregate.grouping_sets.empty() || aggregate.aggregates.empty()) return false;
    if (aggregate.children[0]->kind != LogicalOperatorKind::kJoin) return false;
    auto& join = static_cast<LogicalJoin&>(*aggregate.children[0]);
    if (join.join_type != JoinType::kInner || join.residual || join.conditions.empty()) return false;
    for (auto& condition : join.conditions) {
      if (condition.comparison != ComparisonKind::kEqual) return false;
    }
    std::set<idx_t> side_tables = OutputTables(*join.children[side]);
    std::set<idx_t> other_tables = OutputTables(*join.children[1 - side]);

    for (auto& expr : aggregate.aggregates) {
      auto& agg = static_cast<const BoundAggregate&>(*expr);
      if (agg.distinct || agg.filter || !agg.order_by.empty() || agg.children.size() != 1) return false;
      if (agg.HasSubquery() || agg.IsVolatile()) return false;
      std::set<idx_t> tables = ReferencedTables(agg);
      if (tables.empty() || !IsSubset(tables, side_tables)) return false;
    }
    // The partial aggregate's keys: the side's join keys, then the group keys from the side.
    BoundExpressionList keys;
    auto key_index = [&keys](const BoundExpression& e) {
      for (idx_t k = 0; k < keys.size(); k++) {
        if (keys[k]->Equals(e)) return k;
      }
      keys.push_back(e.Copy());
      return keys.size() - 1;
    };
    for (auto& condition : join.conditions) {
      const BoundExpression& key = side == 0 ? *condition.left : *condition.right;
      if (key.HasSubquery() || key.IsVolatile() || !IsSubset(ReferencedTables(key), side_tables)) return false;
      key_index(key);
    }
    std::vector<bool> group_from_side;
    for (auto& group : aggregate.groups) {
      if (group->HasSubquery() || group->IsVolatile()) return false;
      std::set<idx_t> tables = ReferencedTables(*group);
      bool from_side = !tables.empty() && IsSubset(tables, side_tables);
      if (!from_side && !IsSubset(tables, other_tables)) return false;
      group_from_side.push_back(from_side);
      if (from_side) key_index(*group);
    }
    if (!Pays(join, side, keys)) return false;

    auto partial = std::make_unique<LogicalAggregate>(next_table_index_, next_table_index_ + 1);
    next_table_index_ += 2;
    BoundExpressionList combining;
    for (idx_t a = 0; a < aggregate.aggregates.size(); a++) {
      auto& original = static_cast<const BoundAggregate&>(*aggregate.aggregates[a]);
      auto combined = CombiningAggregate(context_, original, ColumnBinding{partial->aggregate_index, a});
      if (!combined) return false;
      combining.push_back(std::move(combined));
    }
    auto key_ref = [&](const BoundExpression& e) {
      idx_t k = key_index(e);
      return std::make_unique<BoundColumnRef>(e.type, ColumnBinding{partial->group_index, k}, e.ToString());
    };
    for (auto& condition : join.conditions) {
      auto& key = side == 0 ? condition.left : condition.right;
      key = key_ref(*key);
    }
    for (idx_t g = 0; g < aggregate.groups.size(); g++) {
      if (group_from_side[g]) aggregate.groups[g] = key_ref(*aggregate.groups[g]);
    }
    partial->groups = std::move(keys);
    partial->aggregates = std::move(aggregate.aggregates);
    aggregate.aggregates = std::move(combining);
    partial->children.push_back(std::move(join.children[side]));
    partial->ResolveOwnTypes();
    join.children[side] = std::move(partial);
    join.ResolveOwnTypes();
    return true;
  }

  // Whether the partial aggregate on `side` removes enough rows, by the estimates.
  bool Pays(LogicalJoin& join, int side, const BoundExpressionList& keys) {
    CardinalityEstimator estimator(parallel_for_);
    double joined = estimator.Estimate(join);
    double rows = join.children[side]->estimated_rows;
    if (rows < kMinimumRows || joined < rows / 2) return false;
    double groups = 1;
    for (auto& key : keys) groups = std::min(rows, groups * estimator.DistinctCount(*key, rows));
    return groups * kMinimumReduction <= rows;
  }

  ClientContext& context_;
  DataTable::ParallelFor parallel_for_;
  idx_t next_table_index_;
};

}  // namespace

std::unique_ptr<LogicalOperator> AggregateBeforeJoins(ClientContext& context, std::unique_ptr<LogicalOperator> plan,
                                                      DataTable::ParallelFor parallel_for) {
  EagerAggregation(context, std::move(parallel_for), NextTableIndex(*plan)).Visit(*plan);
  return plan;
}

}  // namespace stockroom
