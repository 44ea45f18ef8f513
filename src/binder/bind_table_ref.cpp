#include <algorithm>

#include "binder/binder.hpp"
#include "binder/expression_binder.hpp"
#include "binder/type_coercion.hpp"
#include "catalog/catalog.hpp"
#include "common/error/exception.hpp"
#include "function/function_registry.hpp"
#include "function/table/zipped_table_function.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"
#include "planner/subquery_planner.hpp"
#include "security/access_control.hpp"
#include "sql/parser.hpp"

namespace stockroom {

namespace {

int Pos(int location) { return location >= 0 ? location + 1 : 0; }

std::vector<std::string> ApplyColumnAliases(std::vector<std::string> names, const std::vector<std::string>& aliases,
                                            const std::string& alias, int location) {
  if (aliases.size() > names.size()) {
    throw SqlError(ErrorCode::kInvalidColumnReference,
                   "table \"" + alias + "\" has " + std::to_string(names.size()) + " columns available but " +
                       std::to_string(aliases.size()) + " columns specified",
                   Pos(location));
  }
  for (size_t i = 0; i < aliases.size(); i++) names[i] = aliases[i];
  return names;
}

}  // namespace

std::unique_ptr<LogicalOperator> Binder::BindTableRef(TableRef& ref) {
  switch (ref.kind) {
    case TableRefKind::kBaseTable:
      return BindBaseTable(static_cast<BaseTableRef&>(ref));
    case TableRefKind::kJoin:
      if (!ref.alias.empty()) return BindAliasedJoin(static_cast<JoinRef&>(ref));
      return BindJoin(static_cast<JoinRef&>(ref));
    case TableRefKind::kSubquery:
      return BindSubqueryRef(static_cast<SubqueryRef&>(ref));
    case TableRefKind::kFunction:
      return BindFunctionRef(static_cast<FunctionRef&>(ref));
  }
  throw InternalError("unknown table ref");
}

std::unique_ptr<LogicalOperator> Binder::AddSubqueryBinding(BoundQuery query, const std::string& alias,
                                                            const std::vector<std::string>& column_aliases,
                                                            int location) {
  // Give the subquery's output its own table index so references survive later rewrites.
  idx_t table_index = NewTableIndex();
  auto projection = std::make_unique<LogicalProjection>(table_index);
  auto bindings = query.plan->GetColumnBindings();
  for (size_t i = 0; i < bindings.size(); i++) {
    LogicalType type = query.types[i];
    std::unique_ptr<BoundExpression> ref = std::make_unique<BoundColumnRef>(type, bindings[i], query.names[i]);
    if (type.id() == TypeId::kUnknown) {
      ref = AddCast(std::move(ref), TypeId::kText, false, &context_);
      type = TypeId::kText;
    }
    projection->expressions.push_back(std::move(ref));
  }
  projection->children.push_back(std::move(query.plan));
  projection->ResolveTypes();
  TableBinding binding;
  binding.alias = alias;
  binding.table_index = table_index;
  binding.names = ApplyColumnAliases(query.names, column_aliases, alias, location);
  binding.types = projection->types;
  bind_context_.AddBinding(std::move(binding), location);
  return projection;
}

std::unique_ptr<LogicalOperator> Binder::BindBaseTable(BaseTableRef& ref) {
  if (ref.schema.empty()) {
    if (CteBinding* cte = FindCte(ref.name)) return BindCteRef(*cte, ref);
  }
  const auto& settings = context_.settings();
  auto entry = context_.db().catalog().Lookup(ref.schema, ref.name, settings.search_path);
  if (!entry) {
    if (!ref.schema.empty() && !context_.db().catalog().SchemaExists(ref.schema)) {
      throw SqlError(ErrorCode::kUndefinedTable, "relation \"" + ref.schema + "." + ref.name + "\" does not exist",
                     Pos(ref.location));
    }
    if (ref.schema.empty() && IsFutureCte(ref.name)) {
      throw SqlError(ErrorCode::kUndefinedTable, "relation \"" + ref.name + "\" does not exist", Pos(ref.location))
          .WithDetail("There is a WITH item named \"" + ref.name +
                      "\", but it cannot be referenced from this part of the query.")
          .WithHint("Use WITH RECURSIVE, or re-order the WITH items to remove forward references.");
    }
    throw SqlError(ErrorCode::kUndefinedTable,
                   "relation \"" + (ref.schema.empty() ? ref.name : ref.schema + "." + ref.name) + "\" does not exist",
                   Pos(ref.location));
  }
  std::string alias = ref.alias.empty() ? ref.name : ref.alias;
  std::string qualified = entry->QualifiedName();
  auto& names = referenced_relations_->names;
  if (std::find(names.begin(), names.end(), qualified) == names.end()) names.push_back(qualified);
  referenced_relations_->references.push_back({qualified, ref.location, !ref.alias.empty()});
  // Reading a relation needs SELECT on it, except a DELETE's or UPDATE's own target when
  // the statement reads none of its columns.
  auto& exempt = context_.select_exempt;
  if (std::find(exempt.begin(), exempt.end(), entry->oid) == exempt.end()) {
    try {
      CheckRelationPrivilege(context_, *entry, kPrivSelect);
    } catch (SqlError& e) {
      // PostgreSQL points at the name when its schema is the problem (found at lookup).
      if (std::string_view(e.what()).find("for schema") != std::string_view::npos) e.WithPosition(Pos(ref.location));
      throw;
    }
  }
  if (entry->kind == CatalogEntryKind::kView) {
    auto view = std::static_pointer_cast<ViewEntry>(entry);
    auto statements = Parser::Parse(view->query_text);
    auto& select = static_cast<SelectStatement&>(*statements[0]);
    // A view reads its relations with its owner's rights.
    PrivilegeRoleScope as_owner(context_, context_.db().privileges().Relation(view->oid).owner);
    Binder view_binder(context_, nullptr);
    view_binder.index_counter_ = index_counter_;
    BoundQuery query = view_binder.BindQuery(*select.query);
    KeepViewColumns(*view, query);
    return AddSubqueryBinding(std::move(query), alias, ref.column_aliases, ref.location);
  }
  auto table = std::static_pointer_cast<TableEntry>(entry);
  auto get = std::make_unique<LogicalGet>();
  get->table_index = NewTableIndex();
  get->table = table;
  get->alias = alias;
  TableBinding binding;
  binding.alias = alias;
  binding.table_index = get->table_index;
  for (auto& c : table->columns) {
    binding.names.push_back(c.name);
    binding.types.push_back(c.type);
  }
  binding.names = ApplyColumnAliases(binding.names, ref.column_aliases, alias, ref.location);
  binding.get = get.get();
  bind_context_.AddBinding(std::move(binding), ref.location);
  return get;
}

void Binder::KeepViewColumns(const ViewEntry& view, BoundQuery& query) {
  size_t count = view.column_names.size();
  if (query.types.size() < count) {
    throw SqlError(ErrorCode::kObjectNotInPrerequisiteState,
                   "view \"" + view.name + "\" no longer matches its definition")
        .WithHint("Drop and create it again.");
  }
  if (query.types.size() > count) {
    auto projection = std::make_unique<LogicalProjection>(NewTableIndex());
    auto bindings = query.plan->GetColumnBindings();
    for (size_t i = 0; i < count; i++) {
      projection->expressions.push_back(std::make_unique<BoundColumnRef>(query.types[i], bindings[i], query.names[i]));
    }
    projection->children.push_back(std::move(query.plan));
    projection->ResolveTypes();
    query.plan = std::move(projection);
    query.types.resize(count);
  }
  query.names = view.column_names;
}

void Binder::BindCteDefinition(CteBinding& cte) {
  cte.binding = true;
  cte_binding_stack_.push_back(&cte);
  const CommonTableExpression& def = *cte.cte;
  BoundQuery query;
  bool is_recursive = def.recursive && def.query->kind == QueryNodeKind::kSetOperation &&
                      static_cast<SetOperationNode&>(*def.query).op == SetOpKind::kUnion;
  if (is_recursive) {
    // WITH RECURSIVE: bind the non-recursive term, then the recursive term with the CTE
    // visible as the previous iteration's rows.
    auto& setop = static_cast<SetOperationNode&>(*def.query);
    Binder left_binder(context_, this);
    BoundQuery left = left_binder.BindQuery(*setop.left);
    std::vector<std::string> names = left.names;
    for (size_t i = 0; i < def.column_names.size() && i < names.size(); i++) names[i] = def.column_names[i];
    std::vector<LogicalType> types = left.types;
    for (auto& t : types) {
      if (t.id() == TypeId::kUnknown) t = TypeId::kText;
    }
    auto self = std::make_shared<CteBinding>(cte);
    self->recursive_reference = true;
    self->names = names;
    self->types = types;
    Binder right_binder(context_, this);
    right_binder.ctes_[def.name] = std::move(self);
    BoundQuery right = right_binder.BindQuery(*setop.right);
    if (right.types.size() != types.size()) {
      throw SqlError(ErrorCode::kSyntaxError, "each UNION query must have the same number of columns",
                     Pos(setop.location));
    }
    auto cast_all = [&](BoundQuery& q) {
      idx_t index = NewTableIndex();
      auto projection = std::make_unique<LogicalProjection>(index);
      auto bindings = q.plan->GetColumnBindings();
      for (size_t i = 0; i < bindings.size(); i++) {
        std::unique_ptr<BoundExpression> e = std::make_unique<BoundColumnRef>(q.types[i], bindings[i], names[i]);
        if (q.types[i] != types[i]) {
          if (ImplicitCastCost(q.types[i], types[i]) < 0 && q.types[i].id() != TypeId::kUnknown) {
            throw SqlError(ErrorCode::kDatatypeMismatch,
                           "recursive query \"" + def.name + "\" column " + std::to_string(i + 1) + " has type " +
                               types[i].ToString() + " in non-recursive term but type " + q.types[i].ToString() +
                               " overall",
                           Pos(def.location))
                .WithHint("Cast the output of the non-recursive term to the correct type.");
          }
          e = AddCast(std::move(e), types[i], false, &context_);
        }
        projection->expressions.push_back(std::move(e));
      }
      projection->children.push_back(std::move(q.plan));
      projection->ResolveTypes();
      q.plan = std::move(projection);
    };
    cast_all(left);
    cast_all(right);
    auto recursive = std::make_unique<LogicalRecursiveCte>(NewTableIndex(), cte.cte_index, setop.all);
    recursive->children.push_back(std::move(left.plan));
    recursive->children.push_back(std::move(right.plan));
    recursive->ResolveTypes();
    query.plan = std::move(recursive);
    query.names = names;
    query.types = types;
  } else {
    Binder cte_binder(context_, this);
    query = cte_binder.BindQuery(*def.query);
    for (size_t i = 0; i < def.column_names.size(); i++) {
      if (i >= query.names.size()) {
        throw SqlError(ErrorCode::kInvalidColumnReference,
                       "WITH query \"" + def.name + "\" has " + std::to_string(query.names.size()) +
                           " columns available but " + std::to_string(def.column_names.size()) +
                           " columns specified",
                       Pos(def.location));
      }
      query.names[i] = def.column_names[i];
    }
    for (auto& t : query.types) {
      if (t.id() == TypeId::kUnknown) t = TypeId::kText;
    }
  }
  // The definition bound one level in (a child binder) but runs at this level.
  MovePlanOut(*query.plan);
  cte.names = query.names;
  cte.types = query.types;
  cte.materialized = std::make_shared<BoundQuery>(std::move(query));
  cte_binding_stack_.pop_back();
  ctes_bound_.push_back(&cte);
  cte.binding = false;
}

std::unique_ptr<LogicalOperator> Binder::BindCteRef(const CteBinding& const_cte, BaseTableRef& ref) {
  CteBinding& cte = const_cast<CteBinding&>(const_cte);
  std::string alias = ref.alias.empty() ? ref.name : ref.alias;
  if (cte.recursive_reference) {
    // A reference to the CTE from inside its own recursive term.
    idx_t table_index = NewTableIndex();
    auto scan = std::make_unique<LogicalCteRef>(table_index, cte.cte_index, cte.types, true);
    scan->ResolveTypes();
    TableBinding binding;
    binding.alias = alias;
    binding.table_index = table_index;
    binding.names = ApplyColumnAliases(cte.names, ref.column_aliases, alias, ref.location);
    binding.types = cte.types;
    bind_context_.AddBinding(std::move(binding), ref.location);
    return scan;
  }
  if (!cte.materialized) {
    // Only a WITH RECURSIVE entry can be referenced before its definition is bound.
    auto& stack = cte.owner->cte_binding_stack_;
    if (cte.binding) {
      if (!stack.empty() && stack.back() != &cte) {
        throw SqlError(ErrorCode::kFeatureNotSupported, "mutual recursion between WITH items is not implemented",
                       Pos(cte.cte->location));
      }
      bool union_form = cte.cte->query->kind == QueryNodeKind::kSetOperation &&
                        static_cast<SetOperationNode&>(*cte.cte->query).op == SetOpKind::kUnion;
      if (!union_form) {
        throw SqlError(ErrorCode::kInvalidRecursion,
                       "recursive query \"" + cte.cte->name +
                           "\" does not have the form non-recursive-term UNION [ALL] recursive-term",
                       Pos(cte.cte->location));
      }
      throw SqlError(ErrorCode::kInvalidRecursion,
                     "recursive reference to query \"" + cte.cte->name + "\" must not appear within its non-recursive term",
                     Pos(ref.location));
    }
    cte.owner->BindCteDefinition(cte);
  }
  if (!cte.owner->cte_binding_stack_.empty()) cte.owner->cte_binding_stack_.back()->uses.push_back(&cte);
  cte.reference_count++;
  idx_t table_index = NewTableIndex();
  auto scan = std::make_unique<LogicalCteRef>(table_index, cte.cte_index, cte.types, false);
  scan->ResolveTypes();
  TableBinding binding;
  binding.alias = alias;
  binding.table_index = table_index;
  binding.names = ApplyColumnAliases(cte.names, ref.column_aliases, alias, ref.location);
  binding.types = cte.types;
  bind_context_.AddBinding(std::move(binding), ref.location);
  return scan;
}

std::unique_ptr<LogicalOperator> Binder::BindSubqueryRef(SubqueryRef& ref) {
  // A derived table is its own query level; without LATERAL it cannot see this level's
  // FROM items, so it binds as a sibling (same parent) rather than as a child.
  Binder sub(context_, ref.lateral ? this : parent_);
  sub.index_counter_ = index_counter_;
  sub.referenced_relations_ = referenced_relations_;
  sub.deparse_notes_ = deparse_notes_;
  if (!ref.lateral) {
    for (Binder* b = this; b; b = b->parent_) {
      for (auto& [name, cte] : b->ctes_) {
        if (!sub.ctes_.count(name)) sub.ctes_[name] = cte;
      }
    }
  }
  BoundQuery query = sub.BindQuery(*ref.query);
  bool reads_left = false;
  for (auto& c : sub.correlated_columns_) {
    if (ref.lateral && c.depth == 1) reads_left = true;
    if (!ref.lateral) AddCorrelatedColumn(c);
  }
  if (ref.alias.empty()) {
    // PostgreSQL 15 requires an alias for a subquery in FROM.
    throw SqlError(ErrorCode::kSyntaxError, "subquery in FROM must have an alias", Pos(ref.location))
        .WithHint("For example, FROM (SELECT ...) [AS] foo.");
  }
  auto result = AddSubqueryBinding(std::move(query), ref.alias, ref.column_aliases, ref.location);
  if (ref.lateral) {
    // Bound one level in: the item it joins (FROM list or JOIN) plans it as a dependent
    // join; one reading no earlier item just moves to this level.
    if (reads_left) lateral_items_.push_back(result.get());
    else MovePlanOut(*result);
  }
  return result;
}

std::unique_ptr<LogicalOperator> Binder::BindFunctionRef(FunctionRef& ref) {
  auto& call = *ref.function;
  if (call.kind != ExprKind::kFunction) {
    throw SqlError(ErrorCode::kSyntaxError, "only function calls are allowed in FROM", Pos(ref.location));
  }
  std::string name = call.names.back();
  const auto* overloads = FunctionRegistry::Get().Table(name);
  ExpressionBinder arg_binder(*this, ExpressionClause::kFunctionInFrom);
  BoundExpressionList args;
  for (auto& a : call.children) args.push_back(arg_binder.Bind(*a));
  if (!ref.zipped_with.empty()) return BindZippedFunctionRef(ref, std::move(args));
  if (!overloads) {
    if (FunctionRegistry::Get().Scalar(name)) {
      // A scalar function in FROM yields one row with one column named after the function.
      BoundExpressionList row;
      row.push_back(BindScalarFunction(context_, name, std::move(args), call.location, false));
      auto values = std::make_unique<LogicalValues>(NewTableIndex());
      values->column_types = {row[0]->type};
      values->rows.push_back(std::move(row));
      values->ResolveTypes();
      TableBinding binding;
      binding.alias = ref.alias.empty() ? name : ref.alias;
      binding.table_index = values->table_index;
      binding.names = {ref.column_aliases.empty() ? (ref.alias.empty() ? name : ref.alias) : ref.column_aliases[0]};
      binding.types = values->column_types;
      bind_context_.AddBinding(std::move(binding), ref.location);
      return values;
    }
    ThrowNoOverload(name, args, false, Pos(call.location));
  }
  TableFunction function = ChooseTableFunction(call, *overloads, args);
  return BindTableFunction(ref, std::move(function), std::move(args), name);
}

TableFunction Binder::ChooseTableFunction(const ParsedExpression& call, const std::vector<TableFunction>& overloads,
                                          BoundExpressionList& args) {
  std::vector<LogicalType> targets;
  const std::string& name = call.names.back();
  const TableFunction& function = overloads[ChooseOverload(name, overloads, args, Pos(call.location), &targets)];
  for (size_t i = 0; i < args.size(); i++) {
    if (targets[i].id() == TypeId::kInvalid) {
      if (args[i]->type.id() == TypeId::kUnknown) args[i] = AddCast(std::move(args[i]), TypeId::kText, false, &context_);
      continue;
    }
    if (targets[i].id() == args[i]->type.id() && targets[i].id() != TypeId::kNumeric) continue;
    if (targets[i].id() == TypeId::kArray && targets[i].Element().id() == TypeId::kInvalid &&
        args[i]->type.id() == TypeId::kUnknown) {
      // anyarray cannot take its element type from an untyped NULL or literal (PostgreSQL).
      throw SqlError(ErrorCode::kDatatypeMismatch, "could not determine polymorphic type because input has type unknown",
                     Pos(call.location));
    }
    args[i] = AddCast(std::move(args[i]), targets[i], false, &context_);
  }
  return function;
}

std::unique_ptr<LogicalOperator> Binder::BindZippedFunctionRef(FunctionRef& ref, BoundExpressionList first_args) {
  std::vector<TableFunction> parts;
  std::vector<std::vector<LogicalType>> part_types;
  BoundExpressionList all_args;
  ExpressionBinder arg_binder(*this, ExpressionClause::kFunctionInFrom);
  for (size_t i = 0; i <= ref.zipped_with.size(); i++) {
    ParsedExpression& call = i == 0 ? *ref.function : *ref.zipped_with[i - 1];
    if (call.kind != ExprKind::kFunction) {
      throw SqlError(ErrorCode::kSyntaxError, "only function calls are allowed in FROM", Pos(call.location));
    }
    BoundExpressionList args;
    if (i == 0) {
      args = std::move(first_args);
    } else {
      for (auto& a : call.children) args.push_back(arg_binder.Bind(*a));
    }
    const auto* overloads = FunctionRegistry::Get().Table(call.names.back());
    if (!overloads) ThrowNoOverload(call.names.back(), args, false, Pos(call.location));
    parts.push_back(ChooseTableFunction(call, *overloads, args));
    std::vector<LogicalType> types;
    for (auto& a : args) {
      types.push_back(a->type);
      all_args.push_back(std::move(a));
    }
    part_types.push_back(std::move(types));
  }
  TableFunction zipped = ZipTableFunctions(std::move(parts), std::move(part_types));
  return BindTableFunction(ref, std::move(zipped), std::move(all_args), "rows_from");
}

std::unique_ptr<LogicalOperator> Binder::BindTableFunction(FunctionRef& ref, TableFunction function,
                                                          BoundExpressionList args, const std::string& name) {
  bool reads_left = false;
  bool has_subquery = false;
  for (auto& a : args) {
    VisitExpression(*a, [&](const BoundExpression& e) {
      if (e.kind == BoundExprKind::kColumnRef && static_cast<const BoundColumnRef&>(e).depth == 0) reads_left = true;
      if (e.kind == BoundExprKind::kSubquery) has_subquery = true;
      // A subquery correlated to this level reads the earlier FROM items too.
      if (e.kind == BoundExprKind::kSubquery && static_cast<const BoundSubquery&>(e).correlated) reads_left = true;
    });
  }
  auto op = std::make_unique<LogicalTableFunction>(NewTableIndex());
  // A function reading earlier FROM items gets them as its input where FROM attaches it,
  // and its subqueries are planned there.
  has_subquery = has_subquery && !reads_left;
  if (has_subquery) {
    // The subqueries are joined to a one-row input, which the function reads like a LATERAL
    // function reads its left side.
    std::unique_ptr<LogicalOperator> input = std::make_unique<LogicalDummyScan>(NewTableIndex());
    for (auto& a : args) PlanSubqueries(a, input);
    op->children.push_back(std::move(input));
  }
  op->function = function;
  std::vector<LogicalType> types;
  for (auto& a : args) types.push_back(a->type);
  op->column_types = function.column_types(types);
  op->column_names = function.column_names(types);
  op->with_ordinality = ref.with_ordinality;
  if (ref.with_ordinality) {
    op->column_types.push_back(TypeId::kBigInt);
    op->column_names.push_back("ordinality");
  }
  op->arguments = std::move(args);
  op->ResolveTypes();
  std::string alias = ref.alias.empty() ? name : ref.alias;
  std::vector<std::string> names = op->column_names;
  // A single-column function is named after the alias (PostgreSQL).
  if (names.size() == 1 && !ref.alias.empty()) names[0] = ref.alias;
  TableBinding binding;
  binding.hidden = ref.hidden;
  binding.alias = alias;
  binding.table_index = op->table_index;
  binding.types = op->column_types;
  std::unique_ptr<LogicalOperator> result = std::move(op);
  if (has_subquery) {
    // A projection hides the function's own input, so FROM does not take the column
    // references to it for a LATERAL reference to earlier items.
    auto projection = std::make_unique<LogicalProjection>(NewTableIndex());
    for (size_t i = 0; i < binding.types.size(); i++) {
      projection->expressions.push_back(
          std::make_unique<BoundColumnRef>(binding.types[i], ColumnBinding{binding.table_index, i}, names[i]));
    }
    projection->children.push_back(std::move(result));
    projection->ResolveTypes();
    binding.table_index = projection->table_index;
    result = std::move(projection);
  }
  binding.names = ApplyColumnAliases(names, ref.column_aliases, alias, ref.location);
  bind_context_.AddBinding(std::move(binding), ref.location);
  // Otherwise the caller attaches the left side as the child when arguments reference it.
  return result;
}

std::unique_ptr<LogicalOperator> Binder::BindAliasedJoin(JoinRef& ref) {
  // The tables inside are not visible by their own names outside the alias (PostgreSQL).
  BindContext saved = std::move(bind_context_);
  bind_context_ = BindContext();
  std::unique_ptr<LogicalOperator> join;
  try {
    join = BindJoin(ref);
  } catch (...) {
    bind_context_ = std::move(saved);
    throw;
  }
  BindContext join_context = std::move(bind_context_);
  bind_context_ = std::move(saved);
  idx_t table_index = NewTableIndex();
  auto projection = std::make_unique<LogicalProjection>(table_index);
  projection->expressions = join_context.ExpandStar("", ref.location);
  projection->children.push_back(std::move(join));
  projection->ResolveTypes();
  std::vector<std::string> names = join_context.StarNames("");
  if (ref.column_aliases.size() > names.size()) {
    throw SqlError(ErrorCode::kInvalidColumnReference,
                   "join expression \"" + ref.alias + "\" has " + std::to_string(names.size()) +
                       " columns available but " + std::to_string(ref.column_aliases.size()) + " columns specified",
                   Pos(ref.location));
  }
  TableBinding binding;
  binding.alias = ref.alias;
  binding.table_index = table_index;
  binding.names = ApplyColumnAliases(std::move(names), ref.column_aliases, ref.alias, ref.location);
  binding.types = projection->types;
  bind_context_.AddBinding(std::move(binding), ref.location);
  return projection;
}

std::unique_ptr<LogicalOperator> Binder::BindJoin(JoinRef& ref) {
  // Bind each side in its own context so USING can find the columns per side, then merge.
  BindContext saved = std::move(bind_context_);
  bind_context_ = BindContext();
  auto left = BindTableRef(*ref.left);
  BindContext left_context = std::move(bind_context_);
  bind_context_ = BindContext();
  // The right side of a join may be LATERAL: it sees the left side's items.
  BindContext* saved_lateral = lateral_context_;
  lateral_context_ = &left_context;
  std::unique_ptr<LogicalOperator> right;
  size_t lateral_mark = lateral_items_.size();
  size_t deferred_mark = deferred_joins_.size();
  try {
    right = BindTableRef(*ref.right);
  } catch (...) {
    lateral_context_ = saved_lateral;
    throw;
  }
  lateral_context_ = saved_lateral;
  BindContext right_context = std::move(bind_context_);

  std::vector<std::string> using_columns = ref.using_columns;
  if (ref.natural) {
    for (auto& name : left_context.StarNames("")) {
      auto right_names = right_context.StarNames("");
      if (std::find(right_names.begin(), right_names.end(), name) != right_names.end() &&
          std::find(using_columns.begin(), using_columns.end(), name) == using_columns.end()) {
        using_columns.push_back(name);
      }
    }
  }
  JoinType type = JoinType::kInner;
  switch (ref.join_kind) {
    case JoinKind::kLeft:
      type = JoinType::kLeft;
      break;
    case JoinKind::kRight:
      type = JoinType::kRight;
      break;
    case JoinKind::kFull:
      type = JoinType::kFull;
      break;
    default:
      break;
  }
  bool is_lateral_function = right->kind == LogicalOperatorKind::kTableFunction && [&] {
    bool refs = false;
    for (auto& a : static_cast<LogicalTableFunction&>(*right).arguments) {
      VisitExpression(*a, [&](const BoundExpression& e) {
        refs |= e.kind == BoundExprKind::kColumnRef ||
                (e.kind == BoundExprKind::kSubquery && static_cast<const BoundSubquery&>(e).correlated);
      });
    }
    return refs;
  }();

  // USING/NATURAL columns, resolved on each side before the contexts merge.
  std::vector<std::pair<std::unique_ptr<BoundExpression>, std::unique_ptr<BoundExpression>>> using_pairs;
  for (auto& name : using_columns) {
    auto find_side = [&](BindContext& ctx, const char* side) {
      auto ambiguous = [&] {
        return SqlError(ErrorCode::kAmbiguousColumn,
                        "common column name \"" + name + "\" appears more than once in " + side + " table",
                        Pos(ref.location));
      };
      // A nested USING join's merged column stands for the columns it merged (a JOIN b
      // USING (x) JOIN c USING (x)), as its one column x does in PostgreSQL.
      std::unique_ptr<BoundExpression> found;
      bool merged = false;
      for (auto& b : ctx.bindings()) {
        if (std::find(b.names.begin(), b.names.end(), name) == b.names.end()) continue;
        if (b.merged.count(name)) {
          merged = true;
          continue;
        }
        if (found) throw ambiguous();
        found = ctx.Resolve(b.alias, name, ref.location);
      }
      if (found && merged) throw ambiguous();
      if (!found) found = ctx.Resolve("", name, ref.location);  // a merged column of a nested USING join
      if (!found) {
        throw SqlError(ErrorCode::kUndefinedColumn,
                       "column \"" + name + "\" specified in USING clause does not exist in " + side + " table",
                       Pos(ref.location));
      }
      return found;
    };
    auto l = find_side(left_context, "left");
    auto r = find_side(right_context, "right");
    using_pairs.emplace_back(std::move(l), std::move(r));
  }
  bind_context_ = std::move(left_context);
  bind_context_.Merge(std::move(right_context));
  BindContext combined = std::move(bind_context_);
  bind_context_ = std::move(saved);

  bool lateral_subquery = TakeLateral(*right, left->GetColumnBindings(), lateral_mark, deferred_mark);
  if (lateral_subquery) {
    if (type == JoinType::kRight || type == JoinType::kFull) {
      // PostgreSQL names the first FROM item the subquery reads.
      std::string alias;
      int location = ref.location;
      FindOuterReference(*right, &alias, &location);
      throw SqlError(ErrorCode::kInvalidColumnReference,
                     "invalid reference to FROM-clause entry for table \"" + alias + "\"", Pos(location))
          .WithDetail("The combining JOIN type must be INNER or LEFT for a LATERAL reference.");
    }
  }
  std::unique_ptr<LogicalOperator> result;
  if (lateral_subquery) {
    auto join = std::make_unique<LogicalJoin>(type);
    join->children.push_back(std::move(left));
    join->children.push_back(std::move(right));
    result = std::move(join);
  } else if (is_lateral_function) {
    if (type != JoinType::kInner) {
      throw SqlError(ErrorCode::kFeatureNotSupported, "outer joins with LATERAL functions", Pos(ref.location));
    }
    right->children.push_back(std::move(left));
    for (auto& a : static_cast<LogicalTableFunction&>(*right).arguments) PlanSubqueries(a, right->children[0]);
    result = std::move(right);
  } else if (ref.join_kind == JoinKind::kCross) {
    result = std::make_unique<LogicalCrossProduct>();
    result->children.push_back(std::move(left));
    result->children.push_back(std::move(right));
  } else {
    auto join = std::make_unique<LogicalJoin>(type);
    join->children.push_back(std::move(left));
    join->children.push_back(std::move(right));
    result = std::move(join);
  }

  // Conditions bind against both sides (and outer levels), not the FROM items before the
  // join (PostgreSQL: "invalid reference to FROM-clause entry").
  BindContext outer = std::move(bind_context_);
  bind_context_ = std::move(combined);
  BindContext* items_before = lateral_context_;
  lateral_context_ = nullptr;
  std::unique_ptr<BoundExpression> condition;
  try {
    BoundExpressionList parts;
    for (size_t u = 0; u < using_columns.size(); u++) {
      const std::string& name = using_columns[u];
      std::unique_ptr<BoundExpression> l = std::move(using_pairs[u].first);
      std::unique_ptr<BoundExpression> r = std::move(using_pairs[u].second);
      // The merged column: left for inner/left joins, right for right joins, COALESCE for full.
      std::unique_ptr<BoundExpression> merged;
      std::vector<LogicalType> types = {l->type, r->type};
      LogicalType common = CommonType(types, "JOIN/USING", ref.location);
      if (type == JoinType::kRight) {
        merged = AddCast(r->Copy(), common, false, &context_);
      } else if (type == JoinType::kFull) {
        BoundExpressionList args;
        args.push_back(AddCast(l->Copy(), common, false, &context_));
        args.push_back(AddCast(r->Copy(), common, false, &context_));
        merged = std::make_unique<BoundOperator>(OperatorKind::kCoalesce, common, std::move(args));
      } else {
        merged = AddCast(l->Copy(), common, false, &context_);
      }
      merged->alias = name;
      parts.push_back(ExpressionBinder::MakeComparison(ComparisonKind::kEqual, std::move(l), std::move(r),
                                                       ref.location, context_));
      bind_context_.AddMergedColumn(name, std::move(merged));
    }
    if (!using_columns.empty()) {
      // Hide merged columns from unqualified * on both sides.
      for (auto& b : const_cast<std::vector<TableBinding>&>(bind_context_.bindings())) {
        for (auto& name : using_columns) {
          if (std::find(b.names.begin(), b.names.end(), name) != b.names.end()) b.merged.insert(name);
        }
      }
    }
    if (ref.condition) {
      parts.push_back(BindCondition(*ref.condition, ExpressionClause::kJoinCondition));
    }
    if (!parts.empty()) {
      condition = parts.size() == 1 ? std::move(parts[0]) : std::make_unique<BoundConjunction>(true, std::move(parts));
    }
  } catch (...) {
    bind_context_ = std::move(outer);
    lateral_context_ = items_before;
    throw;
  }
  lateral_context_ = items_before;
  combined = std::move(bind_context_);
  bind_context_ = std::move(outer);
  bind_context_.Merge(std::move(combined));

  if (lateral_subquery) {
    if (condition && condition->HasSubquery()) {
      throw SqlError(ErrorCode::kFeatureNotSupported, "subqueries in the join condition of a LATERAL subquery",
                     Pos(ref.location));
    }
    auto& join = static_cast<LogicalJoin&>(*result);
    join.residual = std::move(condition);
    join.ResolveTypes();
    deferred_joins_.push_back({&join, true});
    return result;
  }
  if (condition && result->kind == LogicalOperatorKind::kTableFunction) {
    // An inner join with a LATERAL function: ON filters the rows it produces.
    result = PlanFilter(std::move(condition), std::move(result));
    result->ResolveTypes();
    return result;
  }
  if (condition) {
    if (result->kind != LogicalOperatorKind::kJoin) {
      throw SqlError(ErrorCode::kSyntaxError, "JOIN condition on a CROSS JOIN", Pos(ref.location));
    }
    auto& join = static_cast<LogicalJoin&>(*result);
    // Subqueries in ON are planned once the whole SELECT is bound (PlanDeferredJoins).
    if (condition->HasSubquery()) deferred_joins_.push_back({&join, false});
    join.residual = std::move(condition);
  } else if (result->kind == LogicalOperatorKind::kJoin) {
    auto& join = static_cast<LogicalJoin&>(*result);
    if (type == JoinType::kInner) {
      auto cross = std::make_unique<LogicalCrossProduct>();
      cross->children = std::move(join.children);
      result = std::move(cross);
    } else {
      join.residual = std::make_unique<BoundConstant>(Value::Boolean(true));
    }
  }
  result->ResolveTypes();
  return result;
}

}  // namespace stockroom
