// CREATE/ALTER/DROP ROLE, GRANT/REVOKE and ALTER ... OWNER TO into SecurityStatement.
#include <algorithm>

#include "common/error/exception.hpp"
#include "sql/ast/security_statement.hpp"
#include "sql/transform/transformer.hpp"

namespace stockroom {

namespace {

RoleSpecifier TransformRoleSpec(PgQuery__RoleSpec* spec) {
  RoleSpecifier out;
  out.location = spec->location;
  switch (spec->roletype) {
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
      out.kind = RoleSpecifier::Kind::kCurrentUser;
      break;
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
      out.kind = RoleSpecifier::Kind::kSessionUser;
      break;
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
      out.kind = RoleSpecifier::Kind::kPublic;
      break;
    default:
      out.name = spec->rolename ? spec->rolename : "";
  }
  return out;
}

std::vector<RoleSpecifier> RoleSpecList(size_t n, PgQuery__Node** nodes) {
  std::vector<RoleSpecifier> out;
  for (size_t i = 0; i < n; i++) {
    if (nodes[i]->node_case == PG_QUERY__NODE__NODE_ROLE_SPEC) {
      out.push_back(TransformRoleSpec(nodes[i]->role_spec));
    } else if (nodes[i]->node_case == PG_QUERY__NODE__NODE_ACCESS_PRIV) {
      // GRANT role TO ...: the granted roles come as privileges named by the role.
      RoleSpecifier role;
      role.name = nodes[i]->access_priv->priv_name ? nodes[i]->access_priv->priv_name : "";
      out.push_back(role);
    }
  }
  return out;
}

std::vector<RoleOption> TransformRoleOptions(size_t n, PgQuery__Node** nodes) {
  std::vector<RoleOption> out;
  for (size_t i = 0; i < n; i++) {
    PgQuery__DefElem* d = nodes[i]->def_elem;
    RoleOption option;
    option.name = d->defname;
    option.location = d->location;
    PgQuery__Node* arg = d->arg;
    if (arg) {
      switch (arg->node_case) {
        case PG_QUERY__NODE__NODE_BOOLEAN:
          option.flag = arg->boolean->boolval;
          break;
        case PG_QUERY__NODE__NODE_INTEGER:
          option.number = arg->integer->ival;
          option.flag = option.number != 0;
          break;
        case PG_QUERY__NODE__NODE_STRING:
          option.text = arg->string->sval;
          break;
        case PG_QUERY__NODE__NODE_LIST:
          option.roles = RoleSpecList(arg->list->n_items, arg->list->items);
          break;
        default:
          break;  // PASSWORD NULL
      }
    }
    out.push_back(std::move(option));
  }
  return out;
}

}  // namespace

std::unique_ptr<Statement> Transformer::TransformSecurity(PgQuery__Node* node) {
  auto stmt = std::make_unique<SecurityStatement>();
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT: {
      auto* c = node->create_role_stmt;
      if (c->stmt_type == PG_QUERY__ROLE_STMT_TYPE__ROLESTMT_GROUP) NotSupported("CREATE GROUP", -1);
      stmt->action = SecurityStatement::Action::kCreateRole;
      stmt->is_user = c->stmt_type == PG_QUERY__ROLE_STMT_TYPE__ROLESTMT_USER;
      RoleSpecifier role;
      role.name = c->role;
      stmt->roles.push_back(role);
      stmt->options = TransformRoleOptions(c->n_options, c->options);
      return stmt;
    }
    case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT: {
      auto* a = node->alter_role_stmt;
      stmt->action = SecurityStatement::Action::kAlterRole;
      stmt->roles.push_back(TransformRoleSpec(a->role));
      stmt->options = TransformRoleOptions(a->n_options, a->options);
      return stmt;
    }
    case PG_QUERY__NODE__NODE_DROP_ROLE_STMT: {
      auto* d = node->drop_role_stmt;
      stmt->action = SecurityStatement::Action::kDropRole;
      stmt->roles = RoleSpecList(d->n_roles, d->roles);
      stmt->if_exists = d->missing_ok;
      return stmt;
    }
    case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT: {
      auto* g = node->grant_role_stmt;
      stmt->action = g->is_grant ? SecurityStatement::Action::kGrantRole : SecurityStatement::Action::kRevokeRole;
      stmt->roles = RoleSpecList(g->n_granted_roles, g->granted_roles);
      stmt->grantees = RoleSpecList(g->n_grantee_roles, g->grantee_roles);
      stmt->grant_option = g->admin_opt;
      stmt->cascade = g->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
      return stmt;
    }
    case PG_QUERY__NODE__NODE_GRANT_STMT: {
      auto* g = node->grant_stmt;
      stmt->action = g->is_grant ? SecurityStatement::Action::kGrantPrivileges
                                 : SecurityStatement::Action::kRevokePrivileges;
      switch (g->objtype) {
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
          stmt->object = ObjectKind::kTable;
          break;
        case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
          stmt->object = ObjectKind::kSchema;
          break;
        default:
          NotSupported("GRANT and REVOKE on this kind of object", -1);
      }
      if (g->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_DEFAULTS) {
        NotSupported("ALTER DEFAULT PRIVILEGES", -1);
      }
      stmt->all_in_schema = g->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_ALL_IN_SCHEMA;
      for (size_t i = 0; i < g->n_objects; i++) {
        PgQuery__Node* o = g->objects[i];
        if (o->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
          stmt->objects.push_back(TransformRangeVarName(o->range_var));
        } else {
          QualifiedName name;
          name.name = NodeString(o);
          stmt->objects.push_back(name);
        }
      }
      if (g->n_privileges == 0) stmt->privileges.push_back("ALL");
      for (size_t i = 0; i < g->n_privileges; i++) {
        PgQuery__AccessPriv* p = g->privileges[i]->access_priv;
        if (p->n_cols) NotSupported("column privileges", -1);
        std::string name = p->priv_name ? p->priv_name : "";
        std::transform(name.begin(), name.end(), name.begin(), ::toupper);
        stmt->privileges.push_back(name);
      }
      stmt->grantees = RoleSpecList(g->n_grantees, g->grantees);
      stmt->grant_option = g->grant_option;
      stmt->cascade = g->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
      return stmt;
    }
    case PG_QUERY__NODE__NODE_RENAME_STMT: {
      auto* r = node->rename_stmt;
      if (r->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_ROLE) return nullptr;
      stmt->action = SecurityStatement::Action::kRenameRole;
      RoleSpecifier role;
      role.name = r->subname;
      stmt->roles.push_back(role);
      stmt->new_name = r->newname;
      return stmt;
    }
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT: {
      auto* a = node->alter_owner_stmt;
      if (a->object_type != PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) NotSupported("ALTER OWNER of this kind of object", -1);
      stmt->action = SecurityStatement::Action::kAlterOwner;
      stmt->object = ObjectKind::kSchema;
      QualifiedName name;
      name.name = NodeString(a->object);
      stmt->objects.push_back(name);
      stmt->new_owner = TransformRoleSpec(a->newowner);
      return stmt;
    }
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
      auto* a = node->alter_table_stmt;
      if (a->n_cmds != 1 || a->cmds[0]->alter_table_cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner) {
        return nullptr;
      }
      stmt->action = SecurityStatement::Action::kAlterOwner;
      if (!RelationKind(a->objtype, stmt->object)) stmt->object = ObjectKind::kTable;
      stmt->objects.push_back(TransformRangeVarName(a->relation));
      stmt->if_exists = a->missing_ok;
      stmt->new_owner = TransformRoleSpec(a->cmds[0]->alter_table_cmd->newowner);
      return stmt;
    }
    default:
      return nullptr;
  }
}

}  // namespace stockroom
