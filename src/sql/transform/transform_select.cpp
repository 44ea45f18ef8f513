#include "common/error/exception.hpp"
#include "sql/transform/transformer.hpp"

namespace stockroom {

QualifiedName TransformRangeVarName(PgQuery__RangeVar* rv) {
  QualifiedName name;
  name.schema = rv->schemaname ? rv->schemaname : "";
  name.name = rv->relname ? rv->relname : "";
  name.location = rv->location;
  return name;
}

namespace {

void ApplyAlias(PgQuery__Alias* alias, TableRef& ref) {
  if (!alias) return;
  ref.alias = alias->aliasname ? alias->aliasname : "";
  for (size_t i = 0; i < alias->n_colnames; i++) ref.column_aliases.push_back(NodeString(alias->colnames[i]));
}

}  // namespace

std::shared_ptr<WithClause> Transformer::TransformWithClause(PgQuery__WithClause* with) {
  auto clause = std::make_shared<WithClause>();
  clause->recursive = with->recursive;
  for (size_t i = 0; i < with->n_ctes; i++) {
    PgQuery__CommonTableExpr* c = with->ctes[i]->common_table_expr;
    CommonTableExpression cte;
    cte.name = c->ctename;
    cte.location = c->location;
    cte.recursive = with->recursive;
    for (size_t j = 0; j < c->n_aliascolnames; j++) cte.column_names.push_back(NodeString(c->aliascolnames[j]));
    if (c->search_clause || c->cycle_clause) NotSupported("SEARCH and CYCLE clauses", c->location);
    if (c->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
      NotSupported("data-modifying statements in WITH", c->location);
    }
    cte.query = TransformSelect(c->ctequery);
    if (c->ctematerialized == PG_QUERY__CTEMATERIALIZE__CTEMaterializeAlways) {
      cte.materialize = CommonTableExpression::Materialize::kAlways;
    } else if (c->ctematerialized == PG_QUERY__CTEMATERIALIZE__CTEMaterializeNever) {
      cte.materialize = CommonTableExpression::Materialize::kNever;
    }
    clause->ctes.push_back(std::move(cte));
  }
  return clause;
}

std::shared_ptr<QueryNode> Transformer::TransformSelect(PgQuery__Node* node) {
  if (node->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) NotSupported("this kind of statement as a query", -1);
  return TransformSelectStmt(node->select_stmt);
}

void Transformer::TransformGroupingElement(PgQuery__Node* node, std::vector<GroupingElement>& out) {
  if (node->node_case == PG_QUERY__NODE__NODE_ROW_EXPR &&
      node->row_expr->row_format == PG_QUERY__COERCION_FORM__COERCE_IMPLICIT_CAST) {
    // A parenthesized list "(a, b)" is a set of columns, not a row value (PostgreSQL's
    // flatten_grouping_sets); at the top level that is the same as listing them.
    GroupingElement element;
    element.kind = GroupingElement::Kind::kSet;
    element.items.push_back(TransformExpressionList(node->row_expr->n_args, node->row_expr->args));
    out.push_back(std::move(element));
    return;
  }
  if (node->node_case != PG_QUERY__NODE__NODE_GROUPING_SET) {
    GroupingElement element;
    element.expr = TransformExpression(node);
    out.push_back(std::move(element));
    return;
  }
  PgQuery__GroupingSet* set = node->grouping_set;
  GroupingElement element;
  switch (set->kind) {
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_EMPTY:
      element.kind = GroupingElement::Kind::kEmpty;
      break;
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_ROLLUP:
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_CUBE:
      element.kind = set->kind == PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_ROLLUP ? GroupingElement::Kind::kRollup
                                                                                 : GroupingElement::Kind::kCube;
      for (size_t i = 0; i < set->n_content; i++) {
        PgQuery__Node* item = set->content[i];
        ParsedExpressionList columns;
        if (item->node_case == PG_QUERY__NODE__NODE_ROW_EXPR) {
          columns = TransformExpressionList(item->row_expr->n_args, item->row_expr->args);
        } else if (item->node_case == PG_QUERY__NODE__NODE_GROUPING_SET &&
                   item->grouping_set->kind == PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SIMPLE) {
          columns = TransformExpressionList(item->grouping_set->n_content, item->grouping_set->content);
        } else {
          columns.push_back(TransformExpression(item));
        }
        element.items.push_back(std::move(columns));
      }
      break;
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SETS:
      element.kind = GroupingElement::Kind::kSets;
      for (size_t i = 0; i < set->n_content; i++) TransformGroupingElement(set->content[i], element.sets);
      break;
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SIMPLE:
      element.kind = GroupingElement::Kind::kSet;
      element.items.push_back(TransformExpressionList(set->n_content, set->content));
      break;
    default:
      NotSupported("this grouping set", set->location);
  }
  out.push_back(std::move(element));
}

std::shared_ptr<QueryNode> Transformer::TransformSelectStmt(PgQuery__SelectStmt* stmt) {
  std::shared_ptr<QueryNode> result;
  if (stmt->op != PG_QUERY__SET_OPERATION__SETOP_NONE && stmt->op != PG_QUERY__SET_OPERATION__SET_OPERATION_UNDEFINED) {
    auto node = std::make_shared<SetOperationNode>();
    node->op = stmt->op == PG_QUERY__SET_OPERATION__SETOP_UNION       ? SetOpKind::kUnion
               : stmt->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT ? SetOpKind::kIntersect
                                                                      : SetOpKind::kExcept;
    node->all = stmt->all;
    node->left = TransformSelectStmt(stmt->larg);
    node->right = TransformSelectStmt(stmt->rarg);
    result = node;
  } else if (stmt->n_values_lists > 0) {
    auto node = std::make_shared<ValuesNode>();
    for (size_t i = 0; i < stmt->n_values_lists; i++) {
      PgQuery__List* row = stmt->values_lists[i]->list;
      node->rows.push_back(TransformExpressionList(row->n_items, row->items));
    }
    result = node;
  } else {
    auto node = std::make_shared<SelectNode>();
    if (stmt->into_clause) NotSupported("SELECT INTO (use CREATE TABLE AS)", -1);
    if (stmt->n_distinct_clause > 0) {
      node->distinct = true;
      for (size_t i = 0; i < stmt->n_distinct_clause; i++) {
        PgQuery__Node* d = stmt->distinct_clause[i];
        if (d && d->node_case != PG_QUERY__NODE__NODE__NOT_SET) node->distinct_on.push_back(TransformExpression(d));
      }
    }
    for (size_t i = 0; i < stmt->n_target_list; i++) {
      PgQuery__ResTarget* target = stmt->target_list[i]->res_target;
      auto expr = TransformExpression(target->val);
      if (target->name && target->name[0]) expr->alias = target->name;
      if (expr->location < 0) expr->location = target->location;
      node->select_list.push_back(std::move(expr));
    }
    for (size_t i = 0; i < stmt->n_from_clause; i++) node->from.push_back(TransformTableRef(stmt->from_clause[i]));
    if (stmt->where_clause) node->where = TransformExpression(stmt->where_clause);
    if (stmt->group_distinct) NotSupported("GROUP BY DISTINCT", -1);
    for (size_t i = 0; i < stmt->n_group_clause; i++) TransformGroupingElement(stmt->group_clause[i], node->group_by);
    if (stmt->having_clause) node->having = TransformExpression(stmt->having_clause);
    for (size_t i = 0; i < stmt->n_window_clause; i++) {
      node->windows.push_back(TransformWindowDef(stmt->window_clause[i]->window_def));
    }
    result = node;
  }
  if (stmt->with_clause) result->with = TransformWithClause(stmt->with_clause);
  result->order_by = TransformSortClause(stmt->n_sort_clause, stmt->sort_clause);
  if (stmt->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES) NotSupported("FETCH ... WITH TIES", -1);
  if (stmt->limit_count) result->limit = TransformExpression(stmt->limit_count);
  if (stmt->limit_offset) result->offset = TransformExpression(stmt->limit_offset);
  if (stmt->n_locking_clause > 0) NotSupported("FOR UPDATE/SHARE", -1);
  return result;
}

std::shared_ptr<TableRef> Transformer::TransformTableRef(PgQuery__Node* node) {
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_RANGE_VAR: {
      PgQuery__RangeVar* rv = node->range_var;
      auto ref = std::make_shared<BaseTableRef>();
      ref->catalog = rv->catalogname ? rv->catalogname : "";
      ref->schema = rv->schemaname ? rv->schemaname : "";
      ref->name = rv->relname;
      ref->location = rv->location;
      ApplyAlias(rv->alias, *ref);
      return ref;
    }
    case PG_QUERY__NODE__NODE_JOIN_EXPR: {
      PgQuery__JoinExpr* j = node->join_expr;
      auto ref = std::make_shared<JoinRef>();
      switch (j->jointype) {
        case PG_QUERY__JOIN_TYPE__JOIN_INNER:
          ref->join_kind = (j->quals || j->n_using_clause || j->is_natural) ? JoinKind::kInner : JoinKind::kCross;
          break;
        case PG_QUERY__JOIN_TYPE__JOIN_LEFT:
          ref->join_kind = JoinKind::kLeft;
          break;
        case PG_QUERY__JOIN_TYPE__JOIN_RIGHT:
          ref->join_kind = JoinKind::kRight;
          break;
        case PG_QUERY__JOIN_TYPE__JOIN_FULL:
          ref->join_kind = JoinKind::kFull;
          break;
        default:
          NotSupported("this join type", -1);
      }
      ref->natural = j->is_natural;
      ref->left = TransformTableRef(j->larg);
      ref->right = TransformTableRef(j->rarg);
      for (size_t i = 0; i < j->n_using_clause; i++) ref->using_columns.push_back(NodeString(j->using_clause[i]));
      if (j->quals) ref->condition = TransformExpression(j->quals);
      if (j->join_using_alias) NotSupported("a USING alias", -1);
      ApplyAlias(j->alias, *ref);
      return ref;
    }
    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
      PgQuery__RangeSubselect* s = node->range_subselect;
      auto ref = std::make_shared<SubqueryRef>();
      ref->query = TransformSelect(s->subquery);
      ref->lateral = s->lateral;
      ApplyAlias(s->alias, *ref);
      return ref;
    }
    case PG_QUERY__NODE__NODE_RANGE_FUNCTION: {
      PgQuery__RangeFunction* f = node->range_function;
      if (f->n_coldeflist) NotSupported("column definition lists", -1);
      auto ref = std::make_shared<FunctionRef>();
      // Each item is a (call, column definition list) pair; ROWS FROM has several.
      for (size_t i = 0; i < f->n_functions; i++) {
        PgQuery__List* pair = f->functions[i]->list;
        if (pair->n_items > 1 && pair->items[1]->node_case == PG_QUERY__NODE__NODE_LIST &&
            pair->items[1]->list->n_items > 0) {
          NotSupported("column definition lists", -1);
        }
        auto call = TransformExpression(pair->items[0]);
        if (i == 0) ref->function = std::move(call);
        else ref->zipped_with.push_back(std::move(call));
      }
      ref->location = ref->function->location;
      ref->with_ordinality = f->ordinality;
      ref->lateral = f->lateral;
      ApplyAlias(f->alias, *ref);
      return ref;
    }
    default:
      NotSupported("this kind of FROM item", -1);
  }
}

}  // namespace stockroom
