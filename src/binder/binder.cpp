#include "binder/binder.hpp"

#include "binder/expression_binder.hpp"
#include "binder/type_coercion.hpp"
#include "common/error/exception.hpp"
#include "execution/expression/expression_executor.hpp"
#include "main/client_context.hpp"

namespace stockroom {

Binder::Binder(ClientContext& context, Binder* parent)
    : context_(context), parent_(parent), index_counter_(parent ? parent->index_counter_ : std::make_shared<idx_t>(1)) {}

void Binder::AddCorrelatedColumn(const CorrelatedColumn& column) {
  for (auto& c : correlated_columns_) {
    if (c.binding == column.binding && c.depth == column.depth) return;
  }
  correlated_columns_.push_back(column);
}

CteBinding* Binder::FindCte(const std::string& name) {
  for (Binder* b = this; b; b = b->parent_) {
    auto it = b->ctes_.find(name);
    if (it != b->ctes_.end()) return &it->second;
  }
  return nullptr;
}

std::unique_ptr<BoundExpression> Binder::BindExpression(ParsedExpression& expr, ExpressionClause clause) {
  ExpressionBinder binder(*this, clause);
  return binder.Bind(expr);
}

std::unique_ptr<BoundExpression> Binder::BindCondition(ParsedExpression& expr, ExpressionClause clause) {
  ExpressionBinder binder(*this, clause);
  return ExpressionBinder::ToBoolean(binder.Bind(expr), ClauseName(clause), context_);
}

int64_t Binder::BindLimitValue(ParsedExpression& expr, bool is_offset) {
  ExpressionBinder binder(*this, ExpressionClause::kLimit);
  auto bound = binder.Bind(expr);
  if (!bound->IsFoldable()) {
    throw SqlError(ErrorCode::kFeatureNotSupported,
                   std::string(is_offset ? "OFFSET" : "LIMIT") + " must be a constant expression",
                   expr.location >= 0 ? expr.location + 1 : 0);
  }
  bound = AddCast(std::move(bound), TypeId::kBigInt, false, &context_);
  Value v = ExpressionExecutor::EvaluateConstant(context_, *bound);
  if (v.IsNull()) return -1;
  int64_t n = v.GetInt64();
  if (n < 0) {
    throw SqlError(is_offset ? ErrorCode::kInvalidRowCountInOffset : ErrorCode::kInvalidRowCountInLimit,
                   std::string(is_offset ? "OFFSET" : "LIMIT") + " must not be negative");
  }
  return n;
}

std::string Binder::DefaultColumnName(const ParsedExpression& expr) {
  switch (expr.kind) {
    case ExprKind::kColumnRef:
      return expr.names.back();
    case ExprKind::kFunction:
      if (expr.approximate) return "count";
      return expr.names.back();
    case ExprKind::kCast:
      // PostgreSQL names a cast of a non-column after the type (its internal name).
      if (expr.children[0]->kind == ExprKind::kColumnRef || expr.children[0]->kind == ExprKind::kFunction ||
          expr.children[0]->kind == ExprKind::kCast) {
        std::string inner = DefaultColumnName(*expr.children[0]);
        if (inner != "?column?") return inner;
      }
      {
        std::string t = expr.type_name.names.empty() ? "?column?" : expr.type_name.names.back();
        if (t == "bpchar") t = "bpchar";
        return t;
      }
    case ExprKind::kCase:
      return "case";
    case ExprKind::kCoalesce:
      return "coalesce";
    case ExprKind::kNullIf:
      return "nullif";
    case ExprKind::kGreatest:
      return "greatest";
    case ExprKind::kLeast:
      return "least";
    case ExprKind::kArray:
      return "array";
    case ExprKind::kRow:
      return "row";
    case ExprKind::kGroupingFunc:
      return "grouping";
    case ExprKind::kSubquery:
      if (expr.subquery_kind == ParsedExpression::SubqueryKind::kExists) return "exists";
      if (expr.subquery_kind == ParsedExpression::SubqueryKind::kArray) return "array";
      if (expr.subquery_kind == ParsedExpression::SubqueryKind::kScalar && expr.subquery &&
          expr.subquery->kind == QueryNodeKind::kSelect) {
        auto& select = static_cast<SelectNode&>(*expr.subquery);
        if (select.select_list.size() == 1) {
          auto& inner = *select.select_list[0];
          if (!inner.alias.empty()) return inner.alias;
          return DefaultColumnName(inner);
        }
      }
      return "?column?";
    case ExprKind::kSubscript:
      return DefaultColumnName(*expr.children[0]);
    default:
      return "?column?";
  }
}

BoundQuery Binder::BindQuery(QueryNode& node) {
  if (node.with) BindWith(*node.with);
  BoundQuery query;
  switch (node.kind) {
    case QueryNodeKind::kSelect:
      query = BindSelectNode(static_cast<SelectNode&>(node));
      break;
    case QueryNodeKind::kSetOperation:
      query = BindSetOperation(static_cast<SetOperationNode&>(node));
      break;
    case QueryNodeKind::kValues:
      query = BindValues(static_cast<ValuesNode&>(node));
      break;
  }
  // CTEs of this WITH that were referenced: inline single references, materialize others.
  if (node.with) {
    for (auto& cte : node.with->ctes) {
      auto it = ctes_.find(cte.name);
      if (it == ctes_.end() || !it->second.materialized) continue;
      CteBinding& binding = it->second;
      auto materialize = std::make_unique<LogicalCteMaterialize>(binding.cte_index, cte.name);
      materialize->children.push_back(std::move(binding.materialized->plan));
      materialize->children.push_back(std::move(query.plan));
      materialize->ResolveTypes();
      query.plan = std::move(materialize);
    }
    for (auto& cte : node.with->ctes) ctes_.erase(cte.name);
  }
  query.plan->ResolveTypesDeep();
  query.types = query.plan->types;
  return query;
}

void Binder::BindWith(WithClause& with) {
  for (auto& cte : with.ctes) {
    if (ctes_.count(cte.name)) {
      throw SqlError(ErrorCode::kDuplicateAlias, "WITH query name \"" + cte.name + "\" specified more than once",
                     cte.location >= 0 ? cte.location + 1 : 0);
    }
    CteBinding binding;
    binding.cte = &cte;
    binding.cte_index = NewTableIndex();
    binding.reference_count = std::make_shared<int>(0);
    ctes_[cte.name] = binding;
  }
}

}  // namespace stockroom
