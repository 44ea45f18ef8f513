#include <cstring>

#include "common/error/exception.hpp"
#include "common/types/numeric.hpp"
#include "sql/transform/transformer.hpp"

namespace stockroom {

std::string NodeString(PgQuery__Node* node) {
  if (node && node->node_case == PG_QUERY__NODE__NODE_STRING) return node->string->sval;
  return "";
}

void Transformer::NotSupported(const std::string& what, int location) {
  throw SqlError(ErrorCode::kFeatureNotSupported, what + " is not supported", location >= 0 ? location + 1 : 0);
}

namespace {

std::unique_ptr<ParsedExpression> MakeOperator(std::string op, std::unique_ptr<ParsedExpression> left,
                                               std::unique_ptr<ParsedExpression> right, int location) {
  auto e = std::make_unique<ParsedExpression>(ExprKind::kOperator, location);
  e->names.push_back(std::move(op));
  if (left) e->children.push_back(std::move(left));
  e->children.push_back(std::move(right));
  return e;
}

std::unique_ptr<ParsedExpression> MakeFunction(std::string name, ParsedExpressionList args, int location) {
  auto e = std::make_unique<ParsedExpression>(ExprKind::kFunction, location);
  e->names.push_back(std::move(name));
  e->children = std::move(args);
  return e;
}

}  // namespace

ParsedExpressionList Transformer::TransformExpressionList(size_t n, PgQuery__Node** nodes) {
  ParsedExpressionList list;
  list.reserve(n);
  for (size_t i = 0; i < n; i++) list.push_back(TransformExpression(nodes[i]));
  return list;
}

TypeName Transformer::TransformTypeName(PgQuery__TypeName* type) {
  TypeName name;
  name.location = type->location;
  for (size_t i = 0; i < type->n_names; i++) name.names.push_back(NodeString(type->names[i]));
  for (size_t i = 0; i < type->n_typmods; i++) {
    PgQuery__Node* mod = type->typmods[i];
    if (mod->node_case == PG_QUERY__NODE__NODE_A_CONST && mod->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
      name.modifiers.push_back(mod->a_const->ival->ival);
    } else {
      throw SqlError(ErrorCode::kSyntaxError, "type modifiers must be simple constants", type->location + 1);
    }
  }
  name.array_bounds = static_cast<int>(type->n_array_bounds);
  if (type->setof) NotSupported("SETOF", type->location);
  if (type->pct_type) NotSupported("%TYPE", type->location);
  return name;
}

std::unique_ptr<ParsedExpression> Transformer::TransformConstant(PgQuery__AConst* c) {
  auto e = std::make_unique<ParsedExpression>(ExprKind::kConstant, c->location);
  if (c->isnull) {
    e->value = Value();
    return e;
  }
  switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
      e->value = Value::Integer(c->ival->ival);
      return e;
    case PG_QUERY__A__CONST__VAL_FVAL: {
      std::string_view text = c->fval->fval;
      bool is_integer = text.find_first_of(".eE") == std::string_view::npos;
      if (is_integer) {
        errno = 0;
        char* end = nullptr;
        long long v = std::strtoll(c->fval->fval, &end, 10);
        if (errno == 0 && *end == '\0') {
          // Like PostgreSQL's make_const: -2147483648 reaches here (negated after lexing) and is int4.
          e->value = v == static_cast<int32_t>(v) ? Value::Integer(static_cast<int32_t>(v)) : Value::BigInt(v);
          return e;
        }
      }
      VarNumeric n;
      try {
        n = numeric::Parse(text);
      } catch (const SqlError& error) {
        if (error.code() != ErrorCode::kNumericValueOutOfRange) throw;
        // Too many digits for Stockroom's numeric: keep the literal as numeric input text,
        // which still converts to float4/float8 (1e100::float8) and otherwise raises 22003.
        auto cast = std::make_unique<ParsedExpression>(ExprKind::kCast, c->location);
        e->value = Value::String(TypeId::kUnknown, std::string(text));
        cast->children.push_back(std::move(e));
        cast->type_name.names = {"pg_catalog", "numeric"};
        cast->type_name.location = c->location;
        return cast;
      }
      int digits = DecimalDigits(n.value < 0 ? -static_cast<uint128_t>(n.value) : static_cast<uint128_t>(n.value));
      int precision = std::max(digits, static_cast<int>(n.scale));
      if (precision < 1) precision = 1;
      if (n.scale < 0 || precision > kMaxNumericPrecision) {
        e->value = Value::VarNum(n);
      } else {
        e->value = Value::Numeric(LogicalType::Numeric(precision, n.scale), n.value);
      }
      return e;
    }
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
      e->value = Value::Boolean(c->boolval->boolval);
      return e;
    case PG_QUERY__A__CONST__VAL_SVAL:
      e->value = Value::String(TypeId::kUnknown, c->sval->sval);
      return e;
    case PG_QUERY__A__CONST__VAL_BSVAL:
      NotSupported("bit string literals", c->location);
    default:
      // An integer constant 0 is serialized with no value set.
      e->value = Value::Integer(0);
      return e;
  }
}

std::shared_ptr<WindowSpec> Transformer::TransformWindowDef(PgQuery__WindowDef* def) {
  auto spec = std::make_shared<WindowSpec>();
  spec->name = def->name ? def->name : "";
  spec->ref_name = def->refname ? def->refname : "";
  spec->location = def->location;
  spec->partition_by = TransformExpressionList(def->n_partition_clause, def->partition_clause);
  spec->order_by = TransformSortClause(def->n_order_clause, def->order_clause);
  // Frame option bits as in PostgreSQL's parsenodes.h.
  constexpr int kNonDefault = 0x1, kRange = 0x2, kRows = 0x4, kGroups = 0x8, kBetween = 0x10;
  constexpr int kStartUnboundedPreceding = 0x20, kEndUnboundedPreceding = 0x40;
  constexpr int kStartUnboundedFollowing = 0x80, kEndUnboundedFollowing = 0x100;
  constexpr int kStartCurrentRow = 0x200, kEndCurrentRow = 0x400;
  constexpr int kStartOffsetPreceding = 0x800, kEndOffsetPreceding = 0x1000;
  constexpr int kStartOffsetFollowing = 0x2000, kEndOffsetFollowing = 0x4000;
  constexpr int kExcludeCurrentRow = 0x8000, kExcludeGroup = 0x10000, kExcludeTies = 0x20000;
  int opts = def->frame_options;
  spec->has_frame = (opts & kNonDefault) != 0;
  if (spec->has_frame) {
    spec->mode = (opts & kRows) ? FrameMode::kRows : (opts & kGroups) ? FrameMode::kGroups : FrameMode::kRange;
    (void)kRange;
    spec->between = (opts & kBetween) != 0;
    if (opts & kStartUnboundedPreceding) spec->start = FrameBoundKind::kUnboundedPreceding;
    if (opts & kStartUnboundedFollowing) spec->start = FrameBoundKind::kUnboundedFollowing;
    if (opts & kStartCurrentRow) spec->start = FrameBoundKind::kCurrentRow;
    if (opts & kStartOffsetPreceding) spec->start = FrameBoundKind::kOffsetPreceding;
    if (opts & kStartOffsetFollowing) spec->start = FrameBoundKind::kOffsetFollowing;
    if (opts & kEndUnboundedPreceding) spec->end = FrameBoundKind::kUnboundedPreceding;
    if (opts & kEndUnboundedFollowing) spec->end = FrameBoundKind::kUnboundedFollowing;
    if (opts & kEndCurrentRow) spec->end = FrameBoundKind::kCurrentRow;
    if (opts & kEndOffsetPreceding) spec->end = FrameBoundKind::kOffsetPreceding;
    if (opts & kEndOffsetFollowing) spec->end = FrameBoundKind::kOffsetFollowing;
    if (opts & kExcludeCurrentRow) spec->exclude = FrameExclude::kCurrentRow;
    if (opts & kExcludeGroup) spec->exclude = FrameExclude::kGroup;
    if (opts & kExcludeTies) spec->exclude = FrameExclude::kTies;
    if (def->start_offset) spec->start_offset = TransformExpression(def->start_offset);
    if (def->end_offset) spec->end_offset = TransformExpression(def->end_offset);
  }
  return spec;
}

std::vector<OrderItem> Transformer::TransformSortClause(size_t n, PgQuery__Node** nodes) {
  std::vector<OrderItem> items;
  for (size_t i = 0; i < n; i++) {
    if (nodes[i]->node_case != PG_QUERY__NODE__NODE_SORT_BY) throw InternalError("expected SortBy");
    PgQuery__SortBy* s = nodes[i]->sort_by;
    OrderItem item;
    item.expr = TransformExpression(s->node);
    if (s->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING) NotSupported("ORDER BY USING", s->location);
    item.descending = s->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    if (s->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST) item.nulls = NullsOrder::kFirst;
    if (s->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST) item.nulls = NullsOrder::kLast;
    items.push_back(std::move(item));
  }
  return items;
}

std::unique_ptr<ParsedExpression> Transformer::TransformAExpr(PgQuery__AExpr* a) {
  std::string op = a->n_name > 0 ? NodeString(a->name[a->n_name - 1]) : "";
  int loc = a->location;
  switch (a->kind) {
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP: {
      std::unique_ptr<ParsedExpression> left = a->lexpr ? TransformExpression(a->lexpr) : nullptr;
      return MakeOperator(op, std::move(left), TransformExpression(a->rexpr), loc);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL: {
      auto e = std::make_unique<ParsedExpression>(ExprKind::kAnyAll, loc);
      e->names.push_back(op);
      e->negated = a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL;
      e->children.push_back(TransformExpression(a->lexpr));
      e->children.push_back(TransformExpression(a->rexpr));
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT: {
      auto e = std::make_unique<ParsedExpression>(ExprKind::kDistinctFrom, loc);
      e->negated = a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT;
      e->children.push_back(TransformExpression(a->lexpr));
      e->children.push_back(TransformExpression(a->rexpr));
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF: {
      auto e = std::make_unique<ParsedExpression>(ExprKind::kNullIf, loc);
      e->children.push_back(TransformExpression(a->lexpr));
      e->children.push_back(TransformExpression(a->rexpr));
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_IN: {
      auto e = std::make_unique<ParsedExpression>(ExprKind::kInList, loc);
      e->negated = op == "<>";
      e->children.push_back(TransformExpression(a->lexpr));
      if (a->rexpr->node_case != PG_QUERY__NODE__NODE_LIST) throw InternalError("IN without a list");
      PgQuery__List* list = a->rexpr->list;
      for (size_t i = 0; i < list->n_items; i++) e->children.push_back(TransformExpression(list->items[i]));
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR: {
      auto e = std::make_unique<ParsedExpression>(ExprKind::kLike, loc);
      e->negated = !op.empty() && op[0] == '!';
      e->case_insensitive = a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE;
      e->similar = a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR;
      e->children.push_back(TransformExpression(a->lexpr));
      // ESCAPE arrives as like_escape(pattern, escape) / similar_to_escape(pattern[, escape]).
      PgQuery__Node* r = a->rexpr;
      if (r->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
        std::string fname = NodeString(r->func_call->funcname[r->func_call->n_funcname - 1]);
        if (fname == "like_escape" || fname == "similar_to_escape") {
          for (size_t i = 0; i < r->func_call->n_args; i++) {
            e->children.push_back(TransformExpression(r->func_call->args[i]));
          }
          return e;
        }
      }
      e->children.push_back(TransformExpression(r));
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM: {
      auto e = std::make_unique<ParsedExpression>(ExprKind::kBetween, loc);
      e->negated = a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN ||
                   a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
      e->symmetric = a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM ||
                     a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
      e->children.push_back(TransformExpression(a->lexpr));
      PgQuery__List* list = a->rexpr->list;
      e->children.push_back(TransformExpression(list->items[0]));
      e->children.push_back(TransformExpression(list->items[1]));
      return e;
    }
    default:
      NotSupported("this kind of operator expression", loc);
  }
}

std::unique_ptr<ParsedExpression> Transformer::TransformFuncCall(PgQuery__FuncCall* f) {
  auto e = std::make_unique<ParsedExpression>(ExprKind::kFunction, f->location);
  for (size_t i = 0; i < f->n_funcname; i++) e->names.push_back(NodeString(f->funcname[i]));
  // Functions the grammar rewrites (EXTRACT, SUBSTRING ... FROM, TRIM, AT TIME ZONE) come
  // qualified with pg_catalog; they are ordinary built-ins here.
  if (e->names.size() == 2 && e->names[0] == "pg_catalog") e->names.erase(e->names.begin());
  e->children = TransformExpressionList(f->n_args, f->args);
  e->order_by = TransformSortClause(f->n_agg_order, f->agg_order);
  e->within_group = f->agg_within_group;
  e->star = f->agg_star;
  e->distinct = f->agg_distinct;
  if (f->func_variadic) NotSupported("VARIADIC", f->location);
  if (f->agg_filter) e->filter = TransformExpression(f->agg_filter);
  if (f->over) e->over = TransformWindowDef(f->over);
  if (approximate_calls_.count(f->location)) e->approximate = true;
  return e;
}

std::unique_ptr<ParsedExpression> Transformer::TransformSubLink(PgQuery__SubLink* s) {
  auto e = std::make_unique<ParsedExpression>(ExprKind::kSubquery, s->location);
  e->subquery = TransformSelect(s->subselect);
  switch (s->sub_link_type) {
    case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
      e->subquery_kind = ParsedExpression::SubqueryKind::kExists;
      break;
    case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK:
      e->subquery_kind = ParsedExpression::SubqueryKind::kScalar;
      break;
    case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK:
      e->subquery_kind = ParsedExpression::SubqueryKind::kArray;
      break;
    case PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK:
    case PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK:
      e->subquery_kind = s->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK
                             ? ParsedExpression::SubqueryKind::kAny
                             : ParsedExpression::SubqueryKind::kAll;
      e->names.push_back(s->n_oper_name ? NodeString(s->oper_name[s->n_oper_name - 1]) : "=");
      e->children.push_back(TransformExpression(s->testexpr));
      break;
    default:
      NotSupported("this kind of subquery", s->location);
  }
  return e;
}

std::unique_ptr<ParsedExpression> Transformer::TransformSqlValueFunction(PgQuery__SQLValueFunction* f) {
  const char* name = nullptr;
  switch (f->op) {
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
      name = "current_date";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
      name = "current_timestamp";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
      name = "localtimestamp";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
      name = "current_user";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
      name = "session_user";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
      name = "current_database";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
      name = "current_schema";
      break;
    default:
      NotSupported("CURRENT_TIME and LOCALTIME (the time type)", f->location);
  }
  return MakeFunction(name, {}, f->location);
}

std::unique_ptr<ParsedExpression> Transformer::TransformIndirection(PgQuery__AIndirection* ind) {
  std::unique_ptr<ParsedExpression> base = TransformExpression(ind->arg);
  for (size_t i = 0; i < ind->n_indirection; i++) {
    PgQuery__Node* n = ind->indirection[i];
    if (n->node_case == PG_QUERY__NODE__NODE_A_INDICES) {
      auto sub = std::make_unique<ParsedExpression>(ExprKind::kSubscript, base->location);
      sub->slice = n->a_indices->is_slice;
      sub->children.push_back(std::move(base));
      sub->children.push_back(n->a_indices->lidx ? TransformExpression(n->a_indices->lidx) : nullptr);
      if (sub->slice) sub->children.push_back(n->a_indices->uidx ? TransformExpression(n->a_indices->uidx) : nullptr);
      else sub->children[1] = TransformExpression(n->a_indices->uidx);
      base = std::move(sub);
    } else if (n->node_case == PG_QUERY__NODE__NODE_STRING) {
      auto select = std::make_unique<ParsedExpression>(ExprKind::kFieldSelect, base->location);
      select->names.push_back(NodeString(n));
      select->children.push_back(std::move(base));
      base = std::move(select);
    } else {
      NotSupported("(x).* in an expression", base->location);
    }
  }
  return base;
}

std::unique_ptr<ParsedExpression> Transformer::TransformExpression(PgQuery__Node* node) {
  if (!node) throw InternalError("null expression node");
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF: {
      PgQuery__ColumnRef* c = node->column_ref;
      bool star = c->n_fields > 0 && c->fields[c->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR;
      auto e = std::make_unique<ParsedExpression>(star ? ExprKind::kStar : ExprKind::kColumnRef, c->location);
      for (size_t i = 0; i + (star ? 1 : 0) < c->n_fields; i++) e->names.push_back(NodeString(c->fields[i]));
      return e;
    }
    case PG_QUERY__NODE__NODE_A_CONST:
      return TransformConstant(node->a_const);
    case PG_QUERY__NODE__NODE_PARAM_REF: {
      auto e = std::make_unique<ParsedExpression>(ExprKind::kParameter, node->param_ref->location);
      e->param_index = node->param_ref->number;
      return e;
    }
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
      auto e = std::make_unique<ParsedExpression>(ExprKind::kCast, node->type_cast->location);
      e->children.push_back(TransformExpression(node->type_cast->arg));
      e->type_name = TransformTypeName(node->type_cast->type_name);
      return e;
    }
    case PG_QUERY__NODE__NODE_A_EXPR:
      return TransformAExpr(node->a_expr);
    case PG_QUERY__NODE__NODE_BOOL_EXPR: {
      PgQuery__BoolExpr* b = node->bool_expr;
      ExprKind kind = b->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR  ? ExprKind::kAnd
                      : b->boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR ? ExprKind::kOr
                                                                       : ExprKind::kNot;
      auto e = std::make_unique<ParsedExpression>(kind, b->location);
      e->children = TransformExpressionList(b->n_args, b->args);
      return e;
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL:
      return TransformFuncCall(node->func_call);
    case PG_QUERY__NODE__NODE_NULL_TEST: {
      auto e = std::make_unique<ParsedExpression>(ExprKind::kIsNull, node->null_test->location);
      e->negated = node->null_test->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL;
      e->children.push_back(TransformExpression(node->null_test->arg));
      return e;
    }
    case PG_QUERY__NODE__NODE_BOOLEAN_TEST: {
      auto e = std::make_unique<ParsedExpression>(ExprKind::kBooleanTest, node->boolean_test->location);
      switch (node->boolean_test->booltesttype) {
        case PG_QUERY__BOOL_TEST_TYPE__IS_TRUE:
          e->boolean_test = 0;
          break;
        case PG_QUERY__BOOL_TEST_TYPE__IS_NOT_TRUE:
          e->boolean_test = 0;
          e->negated = true;
          break;
        case PG_QUERY__BOOL_TEST_TYPE__IS_FALSE:
          e->boolean_test = 1;
          break;
        case PG_QUERY__BOOL_TEST_TYPE__IS_NOT_FALSE:
          e->boolean_test = 1;
          e->negated = true;
          break;
        case PG_QUERY__BOOL_TEST_TYPE__IS_UNKNOWN:
          e->boolean_test = 2;
          break;
        default:
          e->boolean_test = 2;
          e->negated = true;
          break;
      }
      e->children.push_back(TransformExpression(node->boolean_test->arg));
      return e;
    }
    case PG_QUERY__NODE__NODE_CASE_EXPR: {
      PgQuery__CaseExpr* c = node->case_expr;
      auto e = std::make_unique<ParsedExpression>(ExprKind::kCase, c->location);
      if (c->arg) e->case_operand = TransformExpression(c->arg);
      for (size_t i = 0; i < c->n_args; i++) {
        PgQuery__CaseWhen* w = c->args[i]->case_when;
        e->children.push_back(TransformExpression(w->expr));
        e->children.push_back(TransformExpression(w->result));
      }
      if (c->defresult) e->case_else = TransformExpression(c->defresult);
      return e;
    }
    case PG_QUERY__NODE__NODE_COALESCE_EXPR: {
      auto e = std::make_unique<ParsedExpression>(ExprKind::kCoalesce, node->coalesce_expr->location);
      e->children = TransformExpressionList(node->coalesce_expr->n_args, node->coalesce_expr->args);
      return e;
    }
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR: {
      PgQuery__MinMaxExpr* m = node->min_max_expr;
      auto e = std::make_unique<ParsedExpression>(
          m->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? ExprKind::kGreatest : ExprKind::kLeast, m->location);
      e->children = TransformExpressionList(m->n_args, m->args);
      return e;
    }
    case PG_QUERY__NODE__NODE_SUB_LINK:
      return TransformSubLink(node->sub_link);
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
      return TransformSqlValueFunction(node->sqlvalue_function);
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR: {
      auto e = std::make_unique<ParsedExpression>(ExprKind::kArray, node->a_array_expr->location);
      e->children = TransformExpressionList(node->a_array_expr->n_elements, node->a_array_expr->elements);
      return e;
    }
    case PG_QUERY__NODE__NODE_A_INDIRECTION:
      return TransformIndirection(node->a_indirection);
    case PG_QUERY__NODE__NODE_ROW_EXPR: {
      auto e = std::make_unique<ParsedExpression>(ExprKind::kRow, node->row_expr->location);
      e->children = TransformExpressionList(node->row_expr->n_args, node->row_expr->args);
      return e;
    }
    case PG_QUERY__NODE__NODE_GROUPING_FUNC: {
      auto e = std::make_unique<ParsedExpression>(ExprKind::kGroupingFunc, node->grouping_func->location);
      e->children = TransformExpressionList(node->grouping_func->n_args, node->grouping_func->args);
      return e;
    }
    case PG_QUERY__NODE__NODE_SET_TO_DEFAULT:
      return std::make_unique<ParsedExpression>(ExprKind::kDefault, node->set_to_default->location);
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE: {
      // Stockroom compares text bytewise (the "C" collation); accept COLLATE "C"/"POSIX"/"default".
      PgQuery__CollateClause* c = node->collate_clause;
      std::string name = c->n_collname ? NodeString(c->collname[c->n_collname - 1]) : "";
      if (name != "C" && name != "POSIX" && name != "default" && name != "ucs_basic") {
        throw SqlError(ErrorCode::kUndefinedObject, "collation \"" + name + "\" for encoding \"UTF8\" does not exist",
                       c->location + 1);
      }
      return TransformExpression(c->arg);
    }
    case PG_QUERY__NODE__NODE_A_STAR: {
      return std::make_unique<ParsedExpression>(ExprKind::kStar, -1);
    }
    default:
      NotSupported("this kind of expression", -1);
  }
}

}  // namespace stockroom
