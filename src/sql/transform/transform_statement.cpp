#include <algorithm>

#include "common/error/exception.hpp"
#include "sql/transform/transformer.hpp"

namespace stockroom {

namespace {

// Returns the text of a DefElem argument (COPY and EXPLAIN options).
std::string DefElemText(PgQuery__DefElem* d) {
  PgQuery__Node* arg = d->arg;
  if (!arg) return "true";
  switch (arg->node_case) {
    case PG_QUERY__NODE__NODE_STRING:
      return arg->string->sval;
    case PG_QUERY__NODE__NODE_INTEGER:
      return std::to_string(arg->integer->ival);
    case PG_QUERY__NODE__NODE_FLOAT:
      return arg->float_->fval;
    case PG_QUERY__NODE__NODE_BOOLEAN:
      return arg->boolean->boolval ? "true" : "false";
    case PG_QUERY__NODE__NODE_A_STAR:
      return "*";
    case PG_QUERY__NODE__NODE_LIST: {
      std::string out;
      for (size_t i = 0; i < arg->list->n_items; i++) {
        if (i) out += ",";
        out += NodeString(arg->list->items[i]);
      }
      return out;
    }
    default:
      return "";
  }
}

std::vector<std::string> StringList(size_t n, PgQuery__Node** nodes) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; i++) out.push_back(NodeString(nodes[i]));
  return out;
}

QualifiedName NameFromList(PgQuery__Node* node) {
  QualifiedName name;
  if (node->node_case == PG_QUERY__NODE__NODE_LIST) {
    auto parts = StringList(node->list->n_items, node->list->items);
    if (parts.size() >= 2) name.schema = parts[parts.size() - 2];
    if (!parts.empty()) name.name = parts.back();
  } else if (node->node_case == PG_QUERY__NODE__NODE_STRING) {
    name.name = node->string->sval;
  }
  return name;
}

}  // namespace

std::unique_ptr<Statement> Transformer::TransformStatement(PgQuery__Node* node) {
  if (auto security = TransformSecurity(node)) return security;
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT: {
      auto stmt = std::make_unique<SelectStatement>();
      stmt->query = TransformSelectStmt(node->select_stmt);
      return stmt;
    }
    case PG_QUERY__NODE__NODE_INSERT_STMT:
      return TransformInsert(node->insert_stmt);
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
      return TransformUpdate(node->update_stmt);
    case PG_QUERY__NODE__NODE_DELETE_STMT:
      return TransformDelete(node->delete_stmt);
    case PG_QUERY__NODE__NODE_MERGE_STMT:
      return TransformMerge(node->merge_stmt);
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT: {
      auto stmt = std::make_unique<TruncateStatement>();
      for (size_t i = 0; i < node->truncate_stmt->n_relations; i++) {
        stmt->tables.push_back(TransformRangeVarName(node->truncate_stmt->relations[i]->range_var));
      }
      return stmt;
    }
    case PG_QUERY__NODE__NODE_CREATE_STMT:
      return TransformCreateTable(node->create_stmt);
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      return TransformCreateTableAs(node->create_table_as_stmt);
    case PG_QUERY__NODE__NODE_VIEW_STMT:
      return TransformView(node->view_stmt);
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT: {
      auto stmt = std::make_unique<CreateSchemaStatement>();
      stmt->name = node->create_schema_stmt->schemaname;
      stmt->if_not_exists = node->create_schema_stmt->if_not_exists;
      if (node->create_schema_stmt->n_schema_elts) NotSupported("CREATE SCHEMA with elements", -1);
      return stmt;
    }
    case PG_QUERY__NODE__NODE_DROP_STMT:
      return TransformDrop(node->drop_stmt);
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
      return TransformAlterTable(node->alter_table_stmt);
    case PG_QUERY__NODE__NODE_RENAME_STMT:
      return TransformRename(node->rename_stmt);
    case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
      return TransformAlterObjectSchema(node->alter_object_schema_stmt);
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
      return TransformSet(node->variable_set_stmt);
    case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT: {
      auto stmt = std::make_unique<ShowStatement>();
      stmt->name = node->variable_show_stmt->name;
      std::transform(stmt->name.begin(), stmt->name.end(), stmt->name.begin(), ::tolower);
      return stmt;
    }
    case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
      return TransformExplain(node->explain_stmt);
    case PG_QUERY__NODE__NODE_COPY_STMT:
      return TransformCopy(node->copy_stmt);
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT: {
      auto stmt = std::make_unique<TransactionStatement>();
      switch (node->transaction_stmt->kind) {
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
          stmt->txn = TransactionStatement::Kind::kBegin;
          break;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
          stmt->txn = TransactionStatement::Kind::kCommit;
          break;
        case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
          stmt->txn = TransactionStatement::Kind::kRollback;
          break;
        default:
          NotSupported("savepoints and two-phase commit", -1);
      }
      return stmt;
    }
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT: {
      auto stmt = std::make_unique<RefreshStatement>();
      stmt->view = TransformRangeVarName(node->refresh_mat_view_stmt->relation);
      stmt->with_no_data = node->refresh_mat_view_stmt->skip_data;
      return stmt;
    }
    case PG_QUERY__NODE__NODE_PREPARE_STMT: {
      auto stmt = std::make_unique<PrepareStatement>();
      stmt->name = node->prepare_stmt->name;
      for (size_t i = 0; i < node->prepare_stmt->n_argtypes; i++) {
        stmt->types.push_back(TransformTypeName(node->prepare_stmt->argtypes[i]->type_name));
      }
      return stmt;
    }
    case PG_QUERY__NODE__NODE_EXECUTE_STMT: {
      auto stmt = std::make_unique<ExecuteStatement>();
      stmt->name = node->execute_stmt->name;
      stmt->arguments = TransformExpressionList(node->execute_stmt->n_params, node->execute_stmt->params);
      return stmt;
    }
    case PG_QUERY__NODE__NODE_DEALLOCATE_STMT: {
      auto stmt = std::make_unique<DeallocateStatement>();
      if (node->deallocate_stmt->name) stmt->name = node->deallocate_stmt->name;
      return stmt;
    }
    case PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT: {
      // CURSOR_OPT_BINARY 0x1 and CURSOR_OPT_HOLD 0x20 (PostgreSQL's parsenodes.h).
      PgQuery__DeclareCursorStmt* d = node->declare_cursor_stmt;
      auto stmt = std::make_unique<DeclareCursorStatement>();
      stmt->name = d->portalname;
      stmt->binary = (d->options & 0x1) != 0;
      stmt->with_hold = (d->options & 0x20) != 0;
      stmt->query = TransformStatement(d->query);
      return stmt;
    }
    case PG_QUERY__NODE__NODE_FETCH_STMT: {
      PgQuery__FetchStmt* f = node->fetch_stmt;
      auto stmt = std::make_unique<FetchStatement>();
      stmt->name = f->portalname;
      stmt->move = f->ismove;
      stmt->count = f->how_many;
      switch (f->direction) {
        case PG_QUERY__FETCH_DIRECTION__FETCH_BACKWARD:
          stmt->direction = FetchStatement::Direction::kBackward;
          break;
        case PG_QUERY__FETCH_DIRECTION__FETCH_ABSOLUTE:
          stmt->direction = FetchStatement::Direction::kAbsolute;
          break;
        case PG_QUERY__FETCH_DIRECTION__FETCH_RELATIVE:
          stmt->direction = FetchStatement::Direction::kRelative;
          break;
        default:
          stmt->direction = FetchStatement::Direction::kForward;
      }
      return stmt;
    }
    case PG_QUERY__NODE__NODE_CLOSE_PORTAL_STMT: {
      auto stmt = std::make_unique<CloseCursorStatement>();
      if (node->close_portal_stmt->portalname) stmt->name = node->close_portal_stmt->portalname;
      return stmt;
    }
    case PG_QUERY__NODE__NODE_CHECK_POINT_STMT:
      return std::make_unique<CheckpointStatement>();
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
      return TransformComment(node->comment_stmt);
    case PG_QUERY__NODE__NODE_VACUUM_STMT: {
      PgQuery__VacuumStmt* v = node->vacuum_stmt;
      std::vector<QualifiedName> tables;
      for (size_t i = 0; i < v->n_rels; i++) {
        tables.push_back(TransformRangeVarName(v->rels[i]->vacuum_relation->relation));
      }
      if (!v->is_vacuumcmd) {
        auto stmt = std::make_unique<AnalyzeStatement>();
        stmt->tables = std::move(tables);
        return stmt;
      }
      // VACUUM always compacts and sorts (FULL, VERBOSE and the rest change nothing more).
      auto stmt = std::make_unique<VacuumStatement>();
      stmt->tables = std::move(tables);
      for (size_t i = 0; i < v->n_options; i++) {
        if (v->options[i]->def_elem && std::string(v->options[i]->def_elem->defname) == "analyze") stmt->analyze = true;
      }
      return stmt;
    }
    default:
      NotSupported("this statement", -1);
  }
}

std::unique_ptr<Statement> Transformer::TransformCreateTable(PgQuery__CreateStmt* c) {
  auto stmt = std::make_unique<CreateTableStatement>();
  stmt->table = TransformRangeVarName(c->relation);
  stmt->if_not_exists = c->if_not_exists;
  stmt->temporary = c->relation->relpersistence && c->relation->relpersistence[0] == 't';
  if (c->n_inh_relations || c->partspec || c->partbound || c->of_typename) {
    NotSupported("table inheritance, partitioning and typed tables", c->relation->location);
  }
  auto add_constraint = [&](PgQuery__Constraint* k, const std::string& column) {
    TableConstraint tc;
    if (k->conname) tc.name = k->conname;
    switch (k->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
        tc.kind = TableConstraint::Kind::kPrimaryKey;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
        tc.kind = TableConstraint::Kind::kUnique;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        tc.kind = TableConstraint::Kind::kForeignKey;
        tc.referenced_table = TransformRangeVarName(k->pktable);
        tc.referenced_columns = StringList(k->n_pk_attrs, k->pk_attrs);
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        tc.kind = TableConstraint::Kind::kCheck;
        break;
      default:
        return;
    }
    if (!column.empty()) {
      tc.columns.push_back(column);
    } else {
      tc.columns = StringList(k->n_keys, k->keys);
      if (tc.kind == TableConstraint::Kind::kForeignKey) tc.columns = StringList(k->n_fk_attrs, k->fk_attrs);
    }
    stmt->constraints.push_back(std::move(tc));
  };
  for (size_t i = 0; i < c->n_table_elts; i++) {
    PgQuery__Node* elt = c->table_elts[i];
    if (elt->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
      PgQuery__ColumnDef* d = elt->column_def;
      ColumnDefinition col;
      col.name = d->colname;
      col.location = d->location;
      col.type = TransformTypeName(d->type_name);
      col.not_null = d->is_not_null;
      for (size_t j = 0; j < d->n_constraints; j++) {
        PgQuery__Constraint* k = d->constraints[j]->constraint;
        switch (k->contype) {
          case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
            col.not_null = true;
            break;
          case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
            break;
          case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
            col.default_value = TransformExpression(k->raw_expr);
            break;
          case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
            col.primary_key = true;
            col.not_null = true;
            add_constraint(k, col.name);
            break;
          case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
            col.unique = true;
            add_constraint(k, col.name);
            break;
          case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
          case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
            add_constraint(k, col.name);
            break;
          case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
          case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
            NotSupported("identity and generated columns", k->location);
          default:
            break;
        }
      }
      stmt->columns.push_back(std::move(col));
    } else if (elt->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
      PgQuery__Constraint* k = elt->constraint;
      add_constraint(k, "");
      if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) {
        for (auto& name : StringList(k->n_keys, k->keys)) {
          for (auto& col : stmt->columns) {
            if (col.name == name) col.not_null = true;
          }
        }
      }
    } else {
      NotSupported("LIKE in CREATE TABLE", -1);
    }
  }
  return stmt;
}

std::unique_ptr<Statement> Transformer::TransformCreateTableAs(PgQuery__CreateTableAsStmt* c) {
  if (c->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) {
    auto stmt = std::make_unique<CreateViewStatement>();
    stmt->materialized = true;
    stmt->view = TransformRangeVarName(c->into->rel);
    stmt->if_not_exists = c->if_not_exists;
    stmt->column_names = StringList(c->into->n_col_names, c->into->col_names);
    stmt->query = TransformSelect(c->query);
    stmt->with_no_data = c->into->skip_data;
    return stmt;
  }
  auto stmt = std::make_unique<CreateTableStatement>();
  stmt->table = TransformRangeVarName(c->into->rel);
  stmt->if_not_exists = c->if_not_exists;
  stmt->as_query = TransformSelect(c->query);
  stmt->as_column_names = StringList(c->into->n_col_names, c->into->col_names);
  stmt->with_no_data = c->into->skip_data;
  return stmt;
}

std::unique_ptr<Statement> Transformer::TransformInsert(PgQuery__InsertStmt* i) {
  auto stmt = std::make_unique<InsertStatement>();
  stmt->table = TransformRangeVarName(i->relation);
  if (i->relation->alias) stmt->alias = i->relation->alias->aliasname;
  for (size_t j = 0; j < i->n_cols; j++) stmt->columns.push_back(i->cols[j]->res_target->name);
  if (i->select_stmt) stmt->query = TransformSelect(i->select_stmt);
  if (i->with_clause && stmt->query) stmt->query->with = TransformWithClause(i->with_clause);
  if (i->on_conflict_clause) stmt->on_conflict = TransformOnConflict(i->on_conflict_clause);
  stmt->returning = TransformExpressionList(0, nullptr);
  for (size_t j = 0; j < i->n_returning_list; j++) {
    auto e = TransformExpression(i->returning_list[j]->res_target->val);
    if (i->returning_list[j]->res_target->name) e->alias = i->returning_list[j]->res_target->name;
    stmt->returning.push_back(std::move(e));
  }
  return stmt;
}

SetList Transformer::TransformSetList(size_t n, PgQuery__Node** targets) {
  SetList set;
  for (size_t j = 0; j < n; j++) {
    PgQuery__ResTarget* t = targets[j]->res_target;
    if (t->n_indirection) NotSupported("assignment to a subscript or field", t->location);
    if (t->val && t->val->node_case == PG_QUERY__NODE__NODE_MULTI_ASSIGN_REF) {
      NotSupported("SET (column, ...) = (...)", t->location);
    }
    set.emplace_back(t->name, TransformExpression(t->val));
  }
  return set;
}

std::unique_ptr<OnConflictClause> Transformer::TransformOnConflict(PgQuery__OnConflictClause* c) {
  auto clause = std::make_unique<OnConflictClause>();
  clause->location = c->location;
  clause->do_update = c->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE;
  if (c->infer) {
    if (c->infer->where_clause) NotSupported("ON CONFLICT with a partial index predicate", c->infer->location);
    if (c->infer->conname && c->infer->conname[0]) clause->constraint_name = c->infer->conname;
    for (size_t j = 0; j < c->infer->n_index_elems; j++) {
      PgQuery__IndexElem* e = c->infer->index_elems[j]->index_elem;
      if (!e->name || !e->name[0]) NotSupported("ON CONFLICT on an expression", c->infer->location);
      clause->target_columns.push_back(e->name);
    }
  }
  clause->set = TransformSetList(c->n_target_list, c->target_list);
  if (c->where_clause) clause->where = TransformExpression(c->where_clause);
  return clause;
}

std::unique_ptr<Statement> Transformer::TransformMerge(PgQuery__MergeStmt* m) {
  auto stmt = std::make_unique<MergeStatement>();
  if (m->with_clause) NotSupported("WITH in MERGE", -1);
  stmt->table = TransformRangeVarName(m->relation);
  if (m->relation->alias) stmt->alias = m->relation->alias->aliasname;
  stmt->source = TransformTableRef(m->source_relation);
  stmt->condition = TransformExpression(m->join_condition);
  for (size_t j = 0; j < m->n_merge_when_clauses; j++) {
    PgQuery__MergeWhenClause* w = m->merge_when_clauses[j]->merge_when_clause;
    MergeWhenClause clause;
    clause.matched = w->matched;
    if (w->condition) clause.condition = TransformExpression(w->condition);
    switch (w->command_type) {
      case PG_QUERY__CMD_TYPE__CMD_UPDATE:
        clause.action = MergeWhenClause::Action::kUpdate;
        clause.set = TransformSetList(w->n_target_list, w->target_list);
        break;
      case PG_QUERY__CMD_TYPE__CMD_DELETE:
        clause.action = MergeWhenClause::Action::kDelete;
        break;
      case PG_QUERY__CMD_TYPE__CMD_INSERT:
        clause.action = MergeWhenClause::Action::kInsert;
        for (size_t k = 0; k < w->n_target_list; k++) {
          PgQuery__ResTarget* t = w->target_list[k]->res_target;
          if (t->n_indirection) NotSupported("assignment to a subscript or field", t->location);
          clause.insert_columns.push_back(t->name);
        }
        clause.default_values = w->n_values == 0;
        for (size_t k = 0; k < w->n_values; k++) clause.values.push_back(TransformExpression(w->values[k]));
        break;
      default:
        clause.action = MergeWhenClause::Action::kNothing;
        break;
    }
    stmt->clauses.push_back(std::move(clause));
  }
  return stmt;
}

std::unique_ptr<Statement> Transformer::TransformUpdate(PgQuery__UpdateStmt* u) {
  auto stmt = std::make_unique<UpdateStatement>();
  stmt->table = TransformRangeVarName(u->relation);
  if (u->relation->alias) stmt->alias = u->relation->alias->aliasname;
  stmt->set = TransformSetList(u->n_target_list, u->target_list);
  for (size_t j = 0; j < u->n_from_clause; j++) stmt->from.push_back(TransformTableRef(u->from_clause[j]));
  if (u->where_clause) stmt->where = TransformExpression(u->where_clause);
  if (u->with_clause) NotSupported("WITH in UPDATE", -1);
  for (size_t j = 0; j < u->n_returning_list; j++) {
    stmt->returning.push_back(TransformExpression(u->returning_list[j]->res_target->val));
  }
  return stmt;
}

std::unique_ptr<Statement> Transformer::TransformDelete(PgQuery__DeleteStmt* d) {
  auto stmt = std::make_unique<DeleteStatement>();
  stmt->table = TransformRangeVarName(d->relation);
  if (d->relation->alias) stmt->alias = d->relation->alias->aliasname;
  for (size_t j = 0; j < d->n_using_clause; j++) stmt->using_tables.push_back(TransformTableRef(d->using_clause[j]));
  if (d->where_clause) stmt->where = TransformExpression(d->where_clause);
  if (d->with_clause) NotSupported("WITH in DELETE", -1);
  for (size_t j = 0; j < d->n_returning_list; j++) {
    stmt->returning.push_back(TransformExpression(d->returning_list[j]->res_target->val));
  }
  return stmt;
}

std::unique_ptr<Statement> Transformer::TransformView(PgQuery__ViewStmt* v) {
  auto stmt = std::make_unique<CreateViewStatement>();
  stmt->view = TransformRangeVarName(v->view);
  stmt->or_replace = v->replace;
  stmt->column_names = StringList(v->n_aliases, v->aliases);
  stmt->query = TransformSelect(v->query);
  return stmt;
}

std::unique_ptr<Statement> Transformer::TransformComment(PgQuery__CommentStmt* c) {
  using Target = CommentStatement::Target;
  auto stmt = std::make_unique<CommentStatement>();
  switch (c->objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      stmt->target = Target::kTable;
      break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
      stmt->target = Target::kView;
      break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
      stmt->target = Target::kMaterializedView;
      break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
      stmt->target = Target::kColumn;
      break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
      stmt->target = Target::kSchema;
      break;
    default:
      NotSupported("COMMENT ON this kind of object", -1);
  }
  if (stmt->target == Target::kSchema) {
    stmt->schema = NameFromList(c->object).name;
  } else if (stmt->target == Target::kColumn) {
    // [[database.]schema.]table.column
    std::vector<std::string> parts;
    if (c->object->node_case == PG_QUERY__NODE__NODE_LIST) parts = StringList(c->object->list->n_items, c->object->list->items);
    if (parts.size() < 2) {
      throw SqlError(ErrorCode::kSyntaxError, "column name must be qualified");
    }
    stmt->column = parts.back();
    stmt->relation.name = parts[parts.size() - 2];
    if (parts.size() >= 3) stmt->relation.schema = parts[parts.size() - 3];
  } else {
    stmt->relation = NameFromList(c->object);
  }
  if (c->comment) stmt->comment = std::string(c->comment);
  return stmt;
}

std::unique_ptr<Statement> Transformer::TransformDrop(PgQuery__DropStmt* d) {
  auto stmt = std::make_unique<DropStatement>();
  switch (d->remove_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      stmt->object = ObjectKind::kTable;
      break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
      stmt->object = ObjectKind::kView;
      break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
      stmt->object = ObjectKind::kMaterializedView;
      break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
      stmt->object = ObjectKind::kSchema;
      break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
      stmt->object = ObjectKind::kIndex;
      break;
    default:
      NotSupported("DROP of this kind of object", -1);
  }
  stmt->if_exists = d->missing_ok;
  stmt->cascade = d->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
  for (size_t i = 0; i < d->n_objects; i++) stmt->names.push_back(NameFromList(d->objects[i]));
  return stmt;
}

std::unique_ptr<Statement> Transformer::TransformSet(PgQuery__VariableSetStmt* s) {
  auto stmt = std::make_unique<SetStatement>();
  stmt->name = s->name ? s->name : "";
  std::transform(stmt->name.begin(), stmt->name.end(), stmt->name.begin(), ::tolower);
  stmt->local = s->is_local;
  switch (s->kind) {
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE:
      for (size_t i = 0; i < s->n_args; i++) {
        auto e = TransformExpression(s->args[i]);
        if (e->kind == ExprKind::kConstant) {
          stmt->values.push_back(e->value);
        } else if (e->kind == ExprKind::kCast && e->children[0]->kind == ExprKind::kConstant) {
          // SET TIME ZONE INTERVAL '+02:00' HOUR TO MINUTE and the like.
          stmt->values.push_back(e->children[0]->value);
        } else {
          throw SqlError(ErrorCode::kSyntaxError, "SET requires constant values", e->location + 1);
        }
      }
      break;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT:
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET:
      stmt->reset = true;
      break;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL:
      stmt->reset = true;
      stmt->reset_all = true;
      break;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_MULTI:
      // SET TRANSACTION ... / SET SESSION CHARACTERISTICS: accepted, no effect.
      stmt->name = "transaction";
      break;
    default:
      NotSupported("SET FROM CURRENT", -1);
  }
  return stmt;
}

std::unique_ptr<Statement> Transformer::TransformExplain(PgQuery__ExplainStmt* e) {
  auto stmt = std::make_unique<ExplainStatement>();
  for (size_t i = 0; i < e->n_options; i++) {
    PgQuery__DefElem* d = e->options[i]->def_elem;
    std::string name = d->defname;
    std::string value = DefElemText(d);
    bool on = value != "false" && value != "off" && value != "0";
    if (name == "analyze") stmt->analyze = on;
    if (name == "verbose") stmt->verbose = on;
  }
  stmt->statement = TransformStatement(e->query);
  return stmt;
}

std::unique_ptr<Statement> Transformer::TransformCopy(PgQuery__CopyStmt* c) {
  auto stmt = std::make_unique<CopyStatement>();
  if (c->relation) stmt->table = TransformRangeVarName(c->relation);
  if (c->query) stmt->query = TransformSelect(c->query);
  for (size_t i = 0; i < c->n_attlist; i++) stmt->columns.push_back(NodeString(c->attlist[i]));
  stmt->is_from = c->is_from;
  stmt->is_program = c->is_program;
  stmt->filename = c->filename ? c->filename : "";
  if (c->where_clause) NotSupported("COPY ... WHERE", -1);
  for (size_t i = 0; i < c->n_options; i++) {
    PgQuery__DefElem* d = c->options[i]->def_elem;
    std::string name = d->defname;
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    stmt->options[name] = DefElemText(d);
  }
  return stmt;
}

}  // namespace stockroom
