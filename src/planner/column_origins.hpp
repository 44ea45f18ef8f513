#pragma once

#include <cstdint>
#include <vector>

namespace stockroom {

class LogicalOperator;

// Where a result column comes from, as RowDescription tells clients: the table's oid and
// the column's number in it (pgjdbc's ResultSetMetaData.getTableName, isAutoIncrement and
// getBaseColumnName look them up), or 0 and 0 for anything computed.
struct ColumnOrigin {
  uint64_t table_oid = 0;
  int16_t attnum = 0;
};

// The origin of each output column of a bound query's plan: a column that is a table's column
// passed up through projections (subqueries and views too), filters, joins, ORDER BY and
// LIMIT, as PostgreSQL's resorigtbl/resorigcol.
std::vector<ColumnOrigin> ColumnOrigins(const LogicalOperator& plan);

}  // namespace stockroom
