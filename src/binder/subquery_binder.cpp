#include "binder/expression_binder.hpp"
#include "binder/type_coercion.hpp"
#include "common/error/exception.hpp"

namespace stockroom {

std::unique_ptr<BoundExpression> ExpressionBinder::BindSubquery(ParsedExpression& expr) {
  using Kind = ParsedExpression::SubqueryKind;
  Binder child(binder_.context(), &binder_);
  BoundQuery query = child.BindQuery(*expr.subquery);
  int pos = expr.location >= 0 ? expr.location + 1 : 0;
  auto result = std::make_unique<BoundSubquery>(TypeId::kBoolean);
  result->output_bindings = query.plan->GetColumnBindings();
  result->output_types = query.types;
  for (auto& c : child.correlated_columns()) {
    if (c.depth == 1) result->correlated = true;
  }
  switch (expr.subquery_kind) {
    case Kind::kExists:
      result->subquery_kind = SubqueryKind::kExists;
      break;
    case Kind::kScalar:
    case Kind::kArray:
      if (query.types.size() != 1) {
        throw SqlError(ErrorCode::kSyntaxError, "subquery must return only one column", pos);
      }
      result->subquery_kind = expr.subquery_kind == Kind::kScalar ? SubqueryKind::kScalar : SubqueryKind::kArray;
      result->type = query.types[0].id() == TypeId::kUnknown ? LogicalType(TypeId::kText) : query.types[0];
      if (expr.subquery_kind == Kind::kArray) result->type = LogicalType::Array(result->type);
      break;
    case Kind::kAny:
    case Kind::kAll: {
      if (query.types.size() != 1) {
        throw SqlError(ErrorCode::kSyntaxError,
                       query.types.size() > 1 ? "subquery has too many columns" : "subquery has too few columns", pos);
      }
      result->subquery_kind = expr.subquery_kind == Kind::kAny ? SubqueryKind::kAny : SubqueryKind::kAll;
      const std::string& op = expr.names.empty() ? "=" : expr.names[0];
      if (op == "=") result->comparison = ComparisonKind::kEqual;
      else if (op == "<>" || op == "!=") result->comparison = ComparisonKind::kNotEqual;
      else if (op == "<") result->comparison = ComparisonKind::kLess;
      else if (op == "<=") result->comparison = ComparisonKind::kLessEqual;
      else if (op == ">") result->comparison = ComparisonKind::kGreater;
      else if (op == ">=") result->comparison = ComparisonKind::kGreaterEqual;
      else throw SqlError(ErrorCode::kFeatureNotSupported, "operator " + op + " with ANY/ALL subqueries", pos);
      if (expr.children[0]->kind == ExprKind::kRow) {
        throw SqlError(ErrorCode::kFeatureNotSupported, "row constructors with IN subqueries are not supported", pos);
      }
      result->child = Bind(*expr.children[0]);
      // Check now that the two sides compare (the planner adds the casts).
      auto probe = MakeComparison(result->comparison, result->child->Copy(),
                                  std::make_unique<BoundConstant>(Value::Null(query.types[0])), expr.location,
                                  binder_.context());
      (void)probe;
      break;
    }
  }
  result->plan = std::make_shared<SubqueryPlan>();
  result->plan->plan = std::move(query.plan);
  result->location = expr.location;
  return result;
}

}  // namespace stockroom
