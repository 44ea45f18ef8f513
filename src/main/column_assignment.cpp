#include "main/column_assignment.hpp"

#include "binder/binder.hpp"
#include "binder/type_coercion.hpp"
#include "catalog/catalog_entry.hpp"
#include "common/error/exception.hpp"
#include "sql/parser.hpp"

namespace stockroom {

std::unique_ptr<BoundExpression> BindColumnDefault(ClientContext& context, const ColumnInfo& column) {
  if (column.default_sql.empty()) return std::make_unique<BoundConstant>(Value::Null(column.type));
  auto statements = Parser::Parse("SELECT " + column.default_sql);
  auto& select = static_cast<SelectNode&>(*static_cast<SelectStatement&>(*statements[0]).query);
  Binder binder(context);
  auto bound = binder.BindExpression(*select.select_list[0], ExpressionClause::kDefault);
  return AddCast(std::move(bound), column.type, false, &context);
}

std::unique_ptr<BoundExpression> AssignToColumn(std::unique_ptr<BoundExpression> expr, const ColumnInfo& column,
                                                ClientContext& context) {
  if (expr->type == column.type) return expr;
  if (expr->type.id() != TypeId::kUnknown && !AssignmentCastAllowed(expr->type, column.type)) {
    throw SqlError(ErrorCode::kDatatypeMismatch,
                   "column \"" + column.name + "\" is of type " + column.type.ToString() +
                       " but expression is of type " + expr->type.ToString(),
                   expr->location >= 0 ? expr->location + 1 : 0)
        .WithHint("You will need to rewrite or cast the expression.");
  }
  return AddCast(std::move(expr), column.type, false, &context);
}

}  // namespace stockroom
