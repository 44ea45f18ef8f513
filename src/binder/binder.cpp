#include "binder/binder.hpp"

#include <algorithm>

#include "binder/cte_inlining.hpp"
#include "binder/expression_binder.hpp"
#include "binder/recursive_cte_check.hpp"
#include "binder/type_coercion.hpp"
#include "common/error/exception.hpp"
#include "execution/expression/expression_executor.hpp"
#include "main/client_context.hpp"

namespace stockroom {

Binder::Binder(ClientContext& context, Binder* parent)
    : context_(context),
      parent_(parent),
      index_counter_(parent ? parent->index_counter_ : std::make_shared<idx_t>(1)),
      referenced_relations_(parent ? parent->referenced_relations_ : std::make_shared<ReferencedRelations>()),
      deparse_notes_(parent ? parent->deparse_notes_ : nullptr) {}

void Binder::AddCorrelatedColumn(const CorrelatedColumn& column) {
  for (auto& c : correlated_columns_) {
    if (c.binding == column.binding && c.depth == column.depth) return;
  }
  correlated_columns_.push_back(column);
}

CteBinding* Binder::FindCte(const std::string& name) {
  for (Binder* b = this; b; b = b->parent_) {
    auto it = b->ctes_.find(name);
    if (it != b->ctes_.end()) return it->second.get();
  }
  return nullptr;
}

bool Binder::IsFutureCte(const std::string& name) const {
  for (const Binder* b = this; b; b = b->parent_) {
    if (std::find(b->future_ctes_.begin(), b->future_ctes_.end(), name) != b->future_ctes_.end()) return true;
  }
  return false;
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
  bool has_parameter = false;
  VisitExpression(*bound, [&](const BoundExpression& e) { has_parameter |= e.kind == BoundExprKind::kParameter; });
  if (has_parameter) {
    // Described, not executed: LIMIT $1 types $1 as bigint; the value comes with Execute.
    AddCast(std::move(bound), TypeId::kBigInt, false, &context_);
    return -1;
  }
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
    case ExprKind::kCase: {
      // PostgreSQL names a CASE after its ELSE result when that has a name of its own (a
      // column, a function, through casts), else "case" (FigureColnameInternal's strength).
      const ParsedExpression* result = expr.case_else.get();
      while (result && result->kind == ExprKind::kCast) result = result->children[0].get();
      if (!result || (result->kind != ExprKind::kColumnRef && result->kind != ExprKind::kFunction &&
                      result->kind != ExprKind::kSubscript && result->kind != ExprKind::kCase)) {
        return "case";
      }
      std::string name = DefaultColumnName(*expr.case_else);
      return name == "?column?" ? "case" : name;
    }
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
    case ExprKind::kFieldSelect:
      return expr.names[0];  // (f(x)).n is named n
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
  std::vector<std::pair<std::string, std::shared_ptr<CteBinding>>> shadowed;
  if (node.with) shadowed = BindWith(*node.with);
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
  if (node.with) {
    std::vector<CteBinding*> bindings = std::move(ctes_bound_);
    ctes_bound_.clear();
    // A CTE referenced only from unreferenced CTEs is not needed either (PostgreSQL does
    // not evaluate unreferenced WITH queries).
    for (bool changed = true; changed;) {
      changed = false;
      for (CteBinding* binding : bindings) {
        if (binding->reference_count > 0 || !binding->materialized || !binding->materialized->plan) continue;
        binding->materialized->plan.reset();
        for (CteBinding* used : binding->uses) used->reference_count--;
        changed = true;
      }
    }
    InlineSingleUseCtes(bindings, query.plan);
    // CTEs bound earlier wrap later ones: a definition may scan a CTE bound before it, which
    // must be materialized (and planned) first.
    for (size_t i = bindings.size(); i-- > 0;) {
      CteBinding& binding = *bindings[i];
      if (!binding.materialized || !binding.materialized->plan) continue;
      auto materialize = std::make_unique<LogicalCteMaterialize>(binding.cte_index, binding.cte->name);
      materialize->children.push_back(std::move(binding.materialized->plan));
      materialize->children.push_back(std::move(query.plan));
      materialize->ResolveTypes();
      query.plan = std::move(materialize);
    }
    for (auto& [name, previous] : shadowed) {
      if (previous) {
        ctes_[name] = std::move(previous);
      } else {
        ctes_.erase(name);
      }
    }
  }
  query.plan->ResolveTypesDeep();
  query.types = query.plan->types;
  return query;
}

std::vector<std::pair<std::string, std::shared_ptr<CteBinding>>> Binder::BindWith(WithClause& with) {
  CheckRecursiveWith(with);
  std::vector<std::pair<std::string, std::shared_ptr<CteBinding>>> shadowed;
  for (size_t i = 0; i < with.ctes.size(); i++) {
    auto& cte = with.ctes[i];
    for (size_t j = 0; j < i; j++) {
      if (with.ctes[j].name == cte.name) {
        throw SqlError(ErrorCode::kDuplicateAlias, "WITH query name \"" + cte.name + "\" specified more than once",
                       cte.location >= 0 ? cte.location + 1 : 0);
      }
    }
    auto it = ctes_.find(cte.name);
    shadowed.emplace_back(cte.name, it == ctes_.end() ? nullptr : it->second);
  }
  std::vector<std::shared_ptr<CteBinding>> bindings;
  for (auto& cte : with.ctes) {
    auto binding = std::make_shared<CteBinding>();
    binding->cte = &cte;
    binding->cte_index = NewTableIndex();
    binding->owner = this;
    bindings.push_back(std::move(binding));
  }
  if (with.recursive) {
    // Every entry is visible everywhere; definitions bind in order, a forward reference
    // binds its target first.
    for (auto& b : bindings) ctes_[b->cte->name] = b;
    for (auto& b : bindings) {
      if (!b->materialized) BindCteDefinition(*b);
    }
  } else {
    // Each definition sees only the entries before it (or an outer entry of the same name).
    for (size_t i = 0; i < bindings.size(); i++) {
      future_ctes_.clear();
      for (size_t j = i; j < bindings.size(); j++) future_ctes_.push_back(bindings[j]->cte->name);
      BindCteDefinition(*bindings[i]);
      future_ctes_.clear();
      ctes_[bindings[i]->cte->name] = bindings[i];
    }
  }
  return shadowed;
}

}  // namespace stockroom
