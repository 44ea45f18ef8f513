// Records: ROW(a, b) (also (a, b)) and field selection (x).name, as PostgreSQL binds them.
// A ROW(...) is a record whose fields are named f1, f2, ... (or what the binder named them:
// a set-returning function's columns in a select list, binder/select_list_functions.cpp);
// selecting a field of a ROW(...) the binder can see is that field's expression, and of any
// other record (a column, a subquery's output) its text taken out and cast to the field's
// type (common/types/record_type.hpp has the representation).
#include <string>
#include <vector>

#include "binder/binder.hpp"
#include "binder/expression_binder.hpp"
#include "binder/type_coercion.hpp"
#include "common/error/exception.hpp"
#include "common/types/record_type.hpp"

namespace stockroom {

namespace {

int Pos(int location) { return location >= 0 ? location + 1 : 0; }

std::string FieldName(const ParsedExpression& row, size_t i) {
  return i < row.names.size() ? row.names[i] : "f" + std::to_string(i + 1);
}

[[noreturn]] void ThrowNoSuchField(const std::string& name, int location) {
  throw SqlError(ErrorCode::kUndefinedColumn, "could not identify column \"" + name + "\" in record data type",
                 Pos(location));
}

}  // namespace

std::unique_ptr<BoundExpression> ExpressionBinder::BindRow(ParsedExpression& expr) {
  BoundExpressionList args = BindChildren(expr.children);
  std::vector<RecordField> fields;
  for (size_t i = 0; i < args.size(); i++) {
    // ROW('a') has a text field, as an unknown literal resolves to text in PostgreSQL.
    if (args[i]->type.id() == TypeId::kUnknown) {
      args[i] = AddCast(std::move(args[i]), TypeId::kText, false, &binder_.context());
    }
    fields.push_back({FieldName(expr, i), args[i]->type});
  }
  auto result = CallScalar("record_construct", std::move(args), expr.location, false);
  result->type = record_type::Make(fields);
  return result;
}

std::unique_ptr<BoundExpression> ExpressionBinder::BindFieldSelect(ParsedExpression& expr) {
  const std::string& name = expr.names[0];
  ParsedExpression& base = *expr.children[0];
  if (base.kind == ExprKind::kRow) {
    for (size_t i = 0; i < base.children.size(); i++) {
      if (FieldName(base, i) == name) return Bind(*base.children[i]);
    }
    ThrowNoSuchField(name, expr.location);
  }
  std::unique_ptr<BoundExpression> record = Bind(base);
  if (record->type.id() != TypeId::kRecord) {
    throw SqlError(ErrorCode::kWrongObjectType,
                   "column notation ." + name + " applied to type " + record->type.Name() +
                       ", which is not a composite type",
                   Pos(expr.location));
  }
  const std::vector<RecordField>& fields = record_type::Fields(record->type);
  for (size_t i = 0; i < fields.size(); i++) {
    if (fields[i].name != name) continue;
    BoundExpressionList args;
    args.push_back(std::move(record));
    args.push_back(std::make_unique<BoundConstant>(Value::Integer(static_cast<int32_t>(i))));
    std::unique_ptr<BoundExpression> text = CallScalar("record_field", std::move(args), expr.location, false);
    if (fields[i].type.id() == TypeId::kText) return text;
    return AddCast(std::move(text), fields[i].type, true, &binder_.context());
  }
  ThrowNoSuchField(name, expr.location);
}

}  // namespace stockroom
