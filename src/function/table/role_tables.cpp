// Table functions behind the role views (catalog/system_views.cpp): pg_authid, pg_roles,
// pg_user, pg_auth_members, and information_schema.table_privileges / role_table_grants,
// with PostgreSQL 15's columns. Oids are bigint here.
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "common/error/exception.hpp"
#include "function/function_registry.hpp"
#include "function/table/role_tables.hpp"
#include "function/table/system_table.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"
#include "security/access_control.hpp"

namespace stockroom {

namespace {


const std::vector<SystemColumn> kAuthIdColumns = {
    {"oid", TypeId::kBigInt},           {"rolname", TypeId::kText},        {"rolsuper", TypeId::kBoolean},
    {"rolinherit", TypeId::kBoolean},   {"rolcreaterole", TypeId::kBoolean}, {"rolcreatedb", TypeId::kBoolean},
    {"rolcanlogin", TypeId::kBoolean},  {"rolreplication", TypeId::kBoolean}, {"rolbypassrls", TypeId::kBoolean},
    {"rolconnlimit", TypeId::kInteger}, {"rolpassword", TypeId::kText},    {"rolvaliduntil", TypeId::kTimestampTz},
};

const std::vector<SystemColumn> kRolesColumns = {
    {"rolname", TypeId::kText},          {"rolsuper", TypeId::kBoolean},       {"rolinherit", TypeId::kBoolean},
    {"rolcreaterole", TypeId::kBoolean}, {"rolcreatedb", TypeId::kBoolean},    {"rolcanlogin", TypeId::kBoolean},
    {"rolreplication", TypeId::kBoolean}, {"rolconnlimit", TypeId::kInteger},  {"rolpassword", TypeId::kText},
    {"rolvaliduntil", TypeId::kTimestampTz}, {"rolbypassrls", TypeId::kBoolean}, {"rolconfig", TypeId::kText},
    {"oid", TypeId::kBigInt},
};

const std::vector<SystemColumn> kUserColumns = {
    {"usename", TypeId::kText},         {"usesysid", TypeId::kBigInt},  {"usecreatedb", TypeId::kBoolean},
    {"usesuper", TypeId::kBoolean},     {"userepl", TypeId::kBoolean},  {"usebypassrls", TypeId::kBoolean},
    {"passwd", TypeId::kText},          {"valuntil", TypeId::kTimestampTz}, {"useconfig", TypeId::kText},
};

const std::vector<SystemColumn> kAuthMembersColumns = {
    {"roleid", TypeId::kBigInt},
    {"member", TypeId::kBigInt},
    {"grantor", TypeId::kBigInt},
    {"admin_option", TypeId::kBoolean},
};

const std::vector<SystemColumn> kTablePrivilegesColumns = {
    {"grantor", TypeId::kText},       {"grantee", TypeId::kText},        {"table_catalog", TypeId::kText},
    {"table_schema", TypeId::kText},  {"table_name", TypeId::kText},     {"privilege_type", TypeId::kText},
    {"is_grantable", TypeId::kText},  {"with_hierarchy", TypeId::kText},
};

Value Oid(uint64_t oid) { return Value::BigInt(static_cast<int64_t>(oid)); }
Value ValidUntil(const Role& role) {
  return role.valid_until ? Value::TimestampTz(*role.valid_until) : Value::Null(LogicalType(TypeId::kTimestampTz));
}
const Value kNullText = Value::Null(LogicalType(TypeId::kText));

std::unique_ptr<TableFunctionState> InitAuthId(ClientContext& context, const std::vector<Value>&) {
  // The pg_authid view is for superusers only (access_control); called directly, the
  // function hides the password hashes from others.
  bool superuser = IsSuperuser(context.db(), CurrentUserRole(context));
  auto state = std::make_unique<SystemRows>();
  for (const Role& r : context.db().roles().All()) {
    Value password = r.password && superuser ? Value::Text(*r.password) : kNullText;
    state->rows.push_back({Oid(r.oid), Value::Text(r.name), Value::Boolean(r.superuser), Value::Boolean(r.inherit),
                           Value::Boolean(r.create_role), Value::Boolean(r.create_db), Value::Boolean(r.can_login),
                           Value::Boolean(r.replication), Value::Boolean(r.bypass_rls),
                           Value::Integer(r.connection_limit), password, ValidUntil(r)});
  }
  return state;
}

std::unique_ptr<TableFunctionState> InitRoles(ClientContext& context, const std::vector<Value>&) {
  auto state = std::make_unique<SystemRows>();
  for (const Role& r : context.db().roles().All()) {
    state->rows.push_back({Value::Text(r.name), Value::Boolean(r.superuser), Value::Boolean(r.inherit),
                           Value::Boolean(r.create_role), Value::Boolean(r.create_db), Value::Boolean(r.can_login),
                           Value::Boolean(r.replication), Value::Integer(r.connection_limit), Value::Text("********"),
                           ValidUntil(r), Value::Boolean(r.bypass_rls), kNullText, Oid(r.oid)});
  }
  return state;
}

std::unique_ptr<TableFunctionState> InitUsers(ClientContext& context, const std::vector<Value>&) {
  auto state = std::make_unique<SystemRows>();
  for (const Role& r : context.db().roles().All()) {
    if (!r.can_login) continue;
    state->rows.push_back({Value::Text(r.name), Oid(r.oid), Value::Boolean(r.create_db), Value::Boolean(r.superuser),
                           Value::Boolean(r.replication), Value::Boolean(r.bypass_rls), Value::Text("********"),
                           ValidUntil(r), kNullText});
  }
  return state;
}

std::unique_ptr<TableFunctionState> InitAuthMembers(ClientContext& context, const std::vector<Value>&) {
  auto state = std::make_unique<SystemRows>();
  for (const RoleMembership& m : context.db().roles().Memberships()) {
    state->rows.push_back({Oid(m.role), Oid(m.member), Oid(m.grantor), Value::Boolean(m.admin_option)});
  }
  return state;
}

// One row per privilege of each ACL item on a user relation (the owner's own included), as
// information_schema shows them: to PUBLIC too (table_privileges) or not (role_table_grants),
// and only where the current user has the grantor's or the grantee's privileges.
template <bool kWithPublic>
std::unique_ptr<TableFunctionState> InitTablePrivileges(ClientContext& context, const std::vector<Value>&) {
  Database& db = context.db();
  uint64_t current = CurrentUserRole(context);
  auto enabled = db.roles().PrivilegeRoles(current);
  bool superuser = IsSuperuser(db, current);
  auto name_of = [&](uint64_t oid) -> std::string {
    if (oid == kPublicRoleOid) return "PUBLIC";
    auto role = db.roles().Find(oid);
    return role ? role->name : std::to_string(oid);
  };
  auto state = std::make_unique<SystemRows>();
  for (auto& entry : db.catalog().AllEntries()) {
    if (entry->schema == kSystemSchema || entry->schema == "information_schema") continue;
    ObjectAcl acl = db.privileges().Relation(entry->oid);
    std::vector<AclItem> items = {{acl.owner, acl.owner, kRelationPrivileges, kRelationPrivileges}};
    items.insert(items.end(), acl.items.begin(), acl.items.end());
    for (const AclItem& item : items) {
      bool visible = superuser || enabled.count(item.grantor) || enabled.count(item.grantee) ||
                     (kWithPublic && item.grantee == kPublicRoleOid);
      if (!visible || (!kWithPublic && item.grantee == kPublicRoleOid)) continue;
      for (uint32_t bit : PrivilegeBits(item.privileges)) {
        bool grantable = (item.grant_options & bit) != 0;
        state->rows.push_back({Value::Text(name_of(item.grantor)), Value::Text(name_of(item.grantee)),
                               Value::Text("stockroom"), Value::Text(entry->schema), Value::Text(entry->name),
                               Value::Text(PrivilegeName(bit)), Value::Text(grantable ? "YES" : "NO"),
                               Value::Text(bit == kPrivSelect ? "YES" : "NO")});
      }
    }
  }
  return state;
}

}  // namespace

const std::vector<RoleView>& RoleViews() {
  static const std::vector<RoleView> views = {
      {"pg_catalog", "pg_authid", "stockroom_authid"},
      {"pg_catalog", "pg_roles", "stockroom_roles"},
      {"pg_catalog", "pg_user", "stockroom_users"},
      {"pg_catalog", "pg_auth_members", "stockroom_auth_members"},
      {"information_schema", "table_privileges", "stockroom_table_privileges"},
      {"information_schema", "role_table_grants", "stockroom_role_table_grants"},
  };
  return views;
}

void RegisterRoleTableFunctions(FunctionRegistry& registry) {
  AddSystemTable<kAuthIdColumns>(registry, "stockroom_authid", InitAuthId);
  AddSystemTable<kRolesColumns>(registry, "stockroom_roles", InitRoles);
  AddSystemTable<kUserColumns>(registry, "stockroom_users", InitUsers);
  AddSystemTable<kAuthMembersColumns>(registry, "stockroom_auth_members", InitAuthMembers);
  AddSystemTable<kTablePrivilegesColumns>(registry, "stockroom_table_privileges", InitTablePrivileges<true>);
  AddSystemTable<kTablePrivilegesColumns>(registry, "stockroom_role_table_grants", InitTablePrivileges<false>);
}

}  // namespace stockroom
