#pragma once

#include <memory>

#include "planner/logical_operator.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

class ClientContext;

// Aggregates before an inner join (eager aggregation). The dashboard shape
//
//   SELECT d.month, sum(f.amount) FROM fact f JOIN dim d ON d.key = f.key GROUP BY d.month
//
// becomes
//
//   SELECT d.month, sum(p.amount) FROM (SELECT f.key, sum(f.amount) AS amount FROM fact f
//   GROUP BY f.key) p JOIN dim d ON d.key = p.key GROUP BY d.month
//
// so that the join probes one row per key instead of one per fact row. Each row of `dim`
// matching a key adds the key's partial sum once, as it added each of the key's fact rows,
// so duplicate keys on the other side give the same result.
//
// Applies when the aggregate (plain GROUP BY, or none) sits right on an inner join of
// equalities without a residual, its aggregates are sum, min and max without DISTINCT,
// FILTER or ORDER BY over columns of one side, the same function of the partial result has
// the original's type (sum(numeric), sum(bigint) -> numeric, sum(double), min, max; not
// sum(integer) -> bigint nor count), and every group key comes from one side. It is done
// only where the estimates say it pays: the side's join and group keys have at most a
// quarter as many distinct values as the side has rows, and the join keeps at least half
// of them (a selective dimension filter is better applied first). Joins further down are
// tried again from the partial aggregate.
std::unique_ptr<LogicalOperator> AggregateBeforeJoins(ClientContext& context, std::unique_ptr<LogicalOperator> plan,
                                                      DataTable::ParallelFor parallel_for);

}  // namespace stockroom
