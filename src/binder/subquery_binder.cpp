#include "binder/expression_binder.hpp"
#include "binder/type_coercion.hpp"
#include "common/error/exception.hpp"
#include "function/function_registry.hpp"
#include "planner/logical_operator.hpp"

namespace stockroom {
namespace {

// ARRAY(subquery) as a scalar subquery over array_agg of its one column, in the subquery's
// ORDER BY order (an ORDER BY under a LIMIT still picks the rows; the aggregate orders
// them again). No rows give NULL here; the subquery planner makes that '{}'.
std::unique_ptr<LogicalOperator> CollectIntoArray(Binder& binder, std::unique_ptr<LogicalOperator> plan) {
  auto bindings = plan->GetColumnBindings();
  std::unique_ptr<BoundExpression> element = std::make_unique<BoundColumnRef>(plan->types[0], bindings[0], "");
  // The projection that drops hidden ORDER BY columns: aggregate below it, where they are.
  if (plan->kind == LogicalOperatorKind::kProjection && plan->children[0]->kind != LogicalOperatorKind::kGet) {
    auto& projection = static_cast<LogicalProjection&>(*plan);
    bool only_columns = std::all_of(projection.expressions.begin(), projection.expressions.end(),
                                    [](auto& e) { return e->kind == BoundExprKind::kColumnRef; });
    LogicalOperatorKind below = projection.children[0]->kind;
    if (only_columns && (below == LogicalOperatorKind::kOrder || below == LogicalOperatorKind::kLimit)) {
      element = projection.expressions[0]->Copy();
      plan = std::move(projection.children[0]);
    }
  }
  std::vector<BoundOrderItem> orders;
  LogicalOperator* node = plan.get();
  if (node->kind == LogicalOperatorKind::kLimit) node = node->children[0].get();
  if (node->kind == LogicalOperatorKind::kOrder) {
    for (auto& o : static_cast<LogicalOrder&>(*node).orders) orders.push_back(o.Copy());
  }
  if (element->type.id() == TypeId::kUnknown) {
    element = AddCast(std::move(element), TypeId::kText, false, &binder.context());
  }
  AggregateFunction function = FunctionRegistry::Get().Aggregate("array_agg")->at(0);
  BoundExpressionList args;
  args.push_back(std::move(element));
  auto aggregate = BoundAggregate::Bind(binder.context(), std::move(function), std::move(args));
  aggregate->order_by = std::move(orders);
  auto node_out = std::make_unique<LogicalAggregate>(binder.NewTableIndex(), binder.NewTableIndex());
  node_out->aggregates.push_back(std::move(aggregate));
  node_out->children.push_back(std::move(plan));
  node_out->ResolveTypes();
  return node_out;
}

}  // namespace

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
      // A row on the left, (a, b) IN (SELECT x, y ...), compares field by field.
      ParsedExpression& left = *expr.children[0];
      bool is_row = left.kind == ExprKind::kRow;
      size_t width = is_row ? left.children.size() : 1;
      if (query.types.size() != width) {
        throw SqlError(ErrorCode::kSyntaxError,
                       query.types.size() > width ? "subquery has too many columns" : "subquery has too few columns", pos);
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
      if (is_row && result->comparison != ComparisonKind::kEqual && result->comparison != ComparisonKind::kNotEqual) {
        throw SqlError(ErrorCode::kFeatureNotSupported, "row comparisons other than = and <> are not supported", pos);
      }
      for (size_t i = 0; i < width; i++) {
        auto bound = Bind(is_row ? *left.children[i] : left);
        // Check now that the two sides compare (the planner adds the casts).
        auto probe = MakeComparison(result->comparison, bound->Copy(),
                                    std::make_unique<BoundConstant>(Value::Null(query.types[i])), expr.location,
                                    binder_.context());
        (void)probe;
        if (i == 0) result->child = std::move(bound);
        else result->row_rest.push_back(std::move(bound));
      }
      break;
    }
  }
  if (result->subquery_kind == SubqueryKind::kArray) {
    query.plan = CollectIntoArray(binder_, std::move(query.plan));
    result->type = query.plan->types[0];
    result->output_bindings = query.plan->GetColumnBindings();
    result->output_types = query.plan->types;
  }
  result->plan = std::make_shared<SubqueryPlan>();
  result->plan->plan = std::move(query.plan);
  result->location = expr.location;
  return result;
}

}  // namespace stockroom
