#pragma once

#include <memory>

#include "binder/expression/bound_expression.hpp"

namespace stockroom {

class ClientContext;
struct ColumnInfo;

// Binds a column's DEFAULT as an expression of the column's type (a NULL constant when the
// column has none).
std::unique_ptr<BoundExpression> BindColumnDefault(ClientContext& context, const ColumnInfo& column);

// Converts a value assigned to `column` (INSERT, UPDATE SET) with an assignment cast;
// 42804 when there is none, as PostgreSQL reports it.
std::unique_ptr<BoundExpression> AssignToColumn(std::unique_ptr<BoundExpression> expr, const ColumnInfo& column,
                                                ClientContext& context);

}  // namespace stockroom
