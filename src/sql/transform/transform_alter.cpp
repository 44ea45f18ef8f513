#include "sql/transform/transformer.hpp"

namespace stockroom {

bool RelationKind(PgQuery__ObjectType type, ObjectKind& kind) {
  switch (type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      kind = ObjectKind::kTable;
      return true;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
      kind = ObjectKind::kView;
      return true;
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
      kind = ObjectKind::kMaterializedView;
      return true;
    default:
      return false;
  }
}

ColumnDefinition Transformer::TransformAddedColumn(PgQuery__ColumnDef* d) {
  ColumnDefinition column;
  column.name = d->colname;
  column.location = d->location;
  column.type = TransformTypeName(d->type_name);
  column.not_null = d->is_not_null;
  for (size_t i = 0; i < d->n_constraints; i++) {
    PgQuery__Constraint* k = d->constraints[i]->constraint;
    switch (k->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
        column.not_null = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
        column.default_value = TransformExpression(k->raw_expr);
        break;
      default:
        NotSupported("constraints other than NOT NULL and DEFAULT in ADD COLUMN", k->location);
    }
  }
  return column;
}

std::unique_ptr<Statement> Transformer::TransformAlterTable(PgQuery__AlterTableStmt* a) {
  auto stmt = std::make_unique<AlterStatement>();
  if (!RelationKind(a->objtype, stmt->object)) NotSupported("ALTER of this kind of object", -1);
  stmt->name = TransformRangeVarName(a->relation);
  stmt->if_exists = a->missing_ok;
  for (size_t i = 0; i < a->n_cmds; i++) {
    PgQuery__AlterTableCmd* cmd = a->cmds[i]->alter_table_cmd;
    AlterAction action;
    action.name = cmd->name ? cmd->name : "";
    action.if_exists = cmd->missing_ok;
    action.cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    switch (cmd->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        action.kind = AlterAction::Kind::kAddColumn;
        action.column = TransformAddedColumn(cmd->def->column_def);
        action.name = action.column.name;
        action.location = action.column.location;
        action.if_not_exists = cmd->missing_ok;
        action.if_exists = false;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
        action.kind = AlterAction::Kind::kDropColumn;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        action.kind = AlterAction::Kind::kSetDefault;
        if (cmd->def) action.expression = TransformExpression(cmd->def);
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        action.kind = AlterAction::Kind::kSetNotNull;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        action.kind = AlterAction::Kind::kDropNotNull;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
        PgQuery__ColumnDef* d = cmd->def->column_def;
        action.kind = AlterAction::Kind::kAlterType;
        action.column.name = action.name;
        action.column.type = TransformTypeName(d->type_name);
        action.location = d->location;
        if (d->raw_default) action.expression = TransformExpression(d->raw_default);
        if (d->coll_clause) NotSupported("COLLATE in ALTER COLUMN TYPE", d->location);
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
        // Stands for Redshift's ALTER SORTKEY / DISTKEY / DISTSTYLE; the parser fills in
        // the options (and refuses a RESET written as such).
        action.kind = AlterAction::Kind::kRedshiftKeys;
        break;
      default:
        NotSupported("this ALTER TABLE action", -1);
    }
    stmt->actions.push_back(std::move(action));
  }
  return stmt;
}

std::unique_ptr<Statement> Transformer::TransformRename(PgQuery__RenameStmt* r) {
  auto stmt = std::make_unique<AlterStatement>();
  stmt->if_exists = r->missing_ok;
  AlterAction action;
  action.new_name = r->newname;
  if (r->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) {
    stmt->object = ObjectKind::kSchema;
    stmt->name.name = r->subname;
    action.kind = AlterAction::Kind::kRename;
  } else if (r->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
    if (!RelationKind(r->relation_type, stmt->object)) NotSupported("renaming columns of this kind of object", -1);
    stmt->name = TransformRangeVarName(r->relation);
    action.kind = AlterAction::Kind::kRenameColumn;
    action.name = r->subname;
  } else if (RelationKind(r->rename_type, stmt->object)) {
    stmt->name = TransformRangeVarName(r->relation);
    action.kind = AlterAction::Kind::kRename;
  } else {
    NotSupported("renaming this kind of object", -1);
  }
  stmt->actions.push_back(std::move(action));
  return stmt;
}

std::unique_ptr<Statement> Transformer::TransformAlterObjectSchema(PgQuery__AlterObjectSchemaStmt* s) {
  auto stmt = std::make_unique<AlterStatement>();
  if (!RelationKind(s->object_type, stmt->object)) NotSupported("SET SCHEMA of this kind of object", -1);
  stmt->name = TransformRangeVarName(s->relation);
  stmt->if_exists = s->missing_ok;
  AlterAction action;
  action.kind = AlterAction::Kind::kSetSchema;
  action.new_name = s->newschema;
  stmt->actions.push_back(std::move(action));
  return stmt;
}

}  // namespace stockroom
