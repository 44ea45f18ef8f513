#pragma once

#include <memory>
#include <vector>

#include "binder/expression/bound_expression.hpp"
#include "sql/ast/parsed_expression.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

class ClientContext;
class TableEntry;

// Builds a table's new contents for ALTER TABLE (ADD / DROP COLUMN, ALTER COLUMN TYPE) as
// new row groups of a new DataTable; the old row groups are only read, so readers that
// still hold the old table (and the segment files its groups page from) are unaffected.

// Binds `expr` (ALTER COLUMN ... USING) over a row of `table`: its column references
// become BoundReferences to the table's column positions. A transform expression holds no
// subqueries (0A000), aggregates (42803) or window functions (42P20), as in PostgreSQL.
std::unique_ptr<BoundExpression> BindRowExpression(ClientContext& context, const TableEntry& table,
                                                   const ParsedExpression& expr);

// Returns a table of `types` whose rows are `columns` (expressions over a row of `source`)
// evaluated over every live row of `source`'s latest committed state, in order; its rows
// are visible to every snapshot. Run under the commit lock, so no commit changes `source`
// meanwhile.
std::shared_ptr<DataTable> RewriteRows(ClientContext& context, const DataTable& source, std::vector<LogicalType> types,
                                       const std::vector<std::unique_ptr<BoundExpression>>& columns);

// Whether a live row of `table`'s latest committed state holds NULL in `column`.
bool ColumnHasNulls(const DataTable& table, idx_t column);

}  // namespace stockroom
