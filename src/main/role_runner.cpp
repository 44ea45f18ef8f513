// CREATE/ALTER/DROP ROLE, GRANT/REVOKE role, SET ROLE and SET SESSION AUTHORIZATION, with
// PostgreSQL 15's permission rules and messages (src/backend/commands/user.c).
#include <algorithm>
#include <set>

#include "catalog/catalog.hpp"
#include "catalog/catalog_sql.hpp"
#include "common/error/exception.hpp"
#include "common/types/date_time.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"
#include "main/security_runner.hpp"
#include "security/access_control.hpp"
#include "security/password_hash.hpp"
#include "security/security_sql.hpp"
#include "sql/ast/security_statement.hpp"
#include "storage/storage_manager.hpp"

namespace stockroom {

namespace {

using Action = SecurityStatement::Action;

[[noreturn]] void Denied(const std::string& message) { throw SqlError(ErrorCode::kInsufficientPrivilege, message); }

bool Replaying(ClientContext& context) {
  StorageManager* storage = context.db().storage();
  return storage && storage->replaying();
}

// The current user's role attributes (none for a session user without a role).
Role CurrentRole(ClientContext& context) {
  auto role = context.db().roles().Find(context.settings().CurrentUser());
  if (Replaying(context)) {
    Role replay;
    replay.oid = kBootstrapRoleOid;
    replay.superuser = replay.create_role = true;
    return replay;
  }
  if (!role) {
    Role none;
    none.oid = kNoRoleOid;
    return none;
  }
  return *role;
}

bool HasCreateRole(const Role& role) { return role.superuser || role.create_role; }

void CheckRoleName(const std::string& name) {
  if (name.rfind("pg_", 0) == 0) {
    throw SqlError(ErrorCode::kReservedName, "role name \"" + name + "\" is reserved")
        .WithDetail("Role names starting with \"pg_\" are reserved.");
  }
}

// Applies CREATE/ALTER ROLE options to `role`; returns the IN ROLE roles.
std::vector<RoleSpecifier> ApplyOptions(ClientContext& context, const std::vector<RoleOption>& options, Role& role) {
  std::vector<RoleSpecifier> in_roles;
  std::set<std::string> seen;
  for (const RoleOption& o : options) {
    if (!seen.insert(o.name).second) {
      throw SqlError(ErrorCode::kSyntaxError, "conflicting or redundant options", o.location + 1);
    }
    if (o.name == "superuser") {
      role.superuser = o.flag;
    } else if (o.name == "inherit") {
      role.inherit = o.flag;
    } else if (o.name == "createrole") {
      role.create_role = o.flag;
    } else if (o.name == "createdb") {
      role.create_db = o.flag;
    } else if (o.name == "canlogin") {
      role.can_login = o.flag;
    } else if (o.name == "isreplication") {
      role.replication = o.flag;
    } else if (o.name == "bypassrls") {
      role.bypass_rls = o.flag;
    } else if (o.name == "connectionlimit") {
      if (o.number < -1) {
        throw SqlError(ErrorCode::kInvalidParameterValue, "invalid connection limit: " + std::to_string(o.number));
      }
      role.connection_limit = static_cast<int32_t>(o.number);
    } else if (o.name == "password") {
      if (!o.text || o.text->empty()) {
        role.password.reset();  // PostgreSQL clears the password for '' too
      } else if (IsStoredPasswordFormat(*o.text)) {
        role.password = *o.text;
      } else {
        role.password = ScramSha256Verifier(*o.text);
      }
    } else if (o.name == "validUntil") {
      role.valid_until = date_time::ParseTimestampTz(o.text.value_or(""), context.time_zone());
    } else if (o.name == "addroleto" || o.name == "rolemembers" || o.name == "adminmembers") {
      if (o.name != "addroleto") throw SqlError(ErrorCode::kFeatureNotSupported, "CREATE ROLE ... ROLE/ADMIN is not supported; use GRANT");
      in_roles = o.roles;
    } else if (o.name == "sysid") {
      // SYSID is accepted and ignored, as PostgreSQL does.
    } else {
      throw SqlError(ErrorCode::kSyntaxError, "option \"" + o.name + "\" not recognized", o.location + 1);
    }
  }
  return in_roles;
}

bool HasOption(const std::vector<RoleOption>& options, const char* name) {
  return std::any_of(options.begin(), options.end(), [&](const RoleOption& o) { return o.name == name; });
}

// Grants `role` to `member` after PostgreSQL's checks (AddRoleMems).
bool AddMembership(ClientContext& context, const Role& current, const Role& role, const Role& member, bool admin) {
  RoleCatalog& roles = context.db().roles();
  if (role.superuser) {
    if (!current.superuser) Denied("must be superuser to alter superusers");
  } else if (!HasCreateRole(current) && !roles.HasAdminOption(current.oid, role.oid)) {
    Denied("must have admin option on role \"" + role.name + "\"");
  }
  return roles.AddMember(role.oid, member.oid, current.oid == kNoRoleOid ? kBootstrapRoleOid : current.oid, admin);
}

// Why `role` cannot be dropped: the objects it owns or has privileges on (PostgreSQL's
// DETAIL lines), empty if none.
std::vector<std::string> RoleDependencies(Database& db, uint64_t role) {
  std::vector<std::string> owner, privileges;
  auto mentions = [&](const ObjectAcl& acl) {
    return std::any_of(acl.items.begin(), acl.items.end(),
                       [&](const AclItem& i) { return i.grantee == role || i.grantor == role; });
  };
  for (auto& [schema, acl] : db.privileges().Schemas()) {
    if (!db.catalog().SchemaExists(schema)) continue;
    if (acl.owner == role) owner.push_back("owner of schema " + schema);
    if (mentions(acl)) privileges.push_back("privileges for schema " + schema);
  }
  auto relations = db.privileges().Relations();
  for (auto& entry : db.catalog().AllEntries()) {
    auto it = relations.find(entry->oid);
    if (it == relations.end()) continue;
    std::string what = std::string(RelationKindWord(*entry)) + " " + entry->name;
    if (it->second.owner == role) owner.push_back("owner of " + what);
    if (mentions(it->second)) privileges.push_back("privileges for " + what);
  }
  owner.insert(owner.end(), privileges.begin(), privileges.end());
  return owner;
}

SecurityOutcome CreateRole(ClientContext& context, SecurityStatement& stmt) {
  Role current = CurrentRole(context);
  Role role;
  role.name = stmt.roles.at(0).name;
  role.can_login = stmt.is_user;
  auto in_roles = ApplyOptions(context, stmt.options, role);
  if (role.superuser && !current.superuser) Denied("must be superuser to create superusers");
  if (role.replication && !current.superuser) Denied("must be superuser to create replication users");
  if (role.bypass_rls && !current.superuser) Denied("must be superuser to create bypassrls users");
  if (!HasCreateRole(current)) Denied("permission denied to create role");
  CheckRoleName(role.name);
  RoleCatalog& roles = context.db().roles();
  std::vector<Role> parents;
  for (auto& spec : in_roles) parents.push_back(ResolveRoleSpecifier(context, spec));
  role.oid = roles.Create(role);
  SecurityOutcome out{"CREATE ROLE", {CreateRoleSql(role)}};
  try {
    for (auto& parent : parents) {
      AddMembership(context, current, parent, role, false);
      out.log.push_back(GrantRoleSql(roles, {parent.oid, role.oid, 0, false}));
    }
  } catch (...) {
    roles.Drop(role.oid);  // all or nothing
    throw;
  }
  return out;
}

SecurityOutcome AlterRole(ClientContext& context, SecurityStatement& stmt) {
  Role current = CurrentRole(context);
  Role role = ResolveRoleSpecifier(context, stmt.roles.at(0));
  Role changed = role;
  auto in_roles = ApplyOptions(context, stmt.options, changed);
  if (!in_roles.empty()) throw SqlError(ErrorCode::kFeatureNotSupported, "ALTER ROLE ... IN ROLE is not supported");
  if (role.superuser || HasOption(stmt.options, "superuser")) {
    if (!current.superuser) Denied("must be superuser to alter superuser roles or change superuser attribute");
  } else if (role.replication || HasOption(stmt.options, "isreplication")) {
    if (!current.superuser) Denied("must be superuser to alter replication roles or change replication attribute");
  } else if (HasOption(stmt.options, "bypassrls")) {
    if (!current.superuser) Denied("must be superuser to change bypassrls attribute");
  } else if (!HasCreateRole(current)) {
    // Anyone may change their own password, and nothing else.
    bool own_password = role.oid == current.oid && stmt.options.size() == 1 && stmt.options[0].name == "password";
    if (!own_password) Denied("permission denied");
  }
  if (role.oid == kBootstrapRoleOid && !changed.superuser) {
    throw SqlError(ErrorCode::kInsufficientPrivilege, "permission denied to alter role")
        .WithDetail("The bootstrap user must have the SUPERUSER attribute.");
  }
  context.db().roles().Update(changed);
  return {"ALTER ROLE", {AlterRoleSql(changed)}};
}

SecurityOutcome RenameRole(ClientContext& context, SecurityStatement& stmt) {
  Role current = CurrentRole(context);
  Role role = ResolveRoleSpecifier(context, stmt.roles.at(0));
  const SessionSettings& settings = context.settings();
  if (!Replaying(context)) {
    if (role.name == settings.user) {
      throw SqlError(ErrorCode::kFeatureNotSupported, "session user cannot be renamed");
    }
    if (role.name == settings.CurrentUser()) {
      throw SqlError(ErrorCode::kFeatureNotSupported, "current user cannot be renamed");
    }
  }
  if (role.superuser) {
    if (!current.superuser) Denied("must be superuser to rename superusers");
  } else if (!HasCreateRole(current)) {
    Denied("permission denied to rename role");
  }
  CheckRoleName(stmt.new_name);
  std::string old_name = role.name;
  role.name = stmt.new_name;
  // An md5 hash includes the name: it no longer matches (PostgreSQL clears it too).
  if (role.password && role.password->rfind("md5", 0) == 0) role.password.reset();
  context.db().roles().Update(role);
  return {"ALTER ROLE", {"ALTER ROLE " + QuoteIdentifier(old_name) + " RENAME TO " + QuoteIdentifier(role.name),
                         AlterRoleSql(role)}};
}

SecurityOutcome DropRoles(ClientContext& context, SecurityStatement& stmt) {
  Role current = CurrentRole(context);
  if (!HasCreateRole(current)) Denied("permission denied to drop role");
  RoleCatalog& roles = context.db().roles();
  const SessionSettings& settings = context.settings();
  // Check every role first so a failing DROP drops none.
  std::vector<Role> targets;
  for (auto& spec : stmt.roles) {
    std::optional<Role> role;
    if (spec.kind == RoleSpecifier::Kind::kName) {
      role = roles.Find(spec.name);
      if (!role) {
        if (stmt.if_exists) {
          context.AddNotice(MessageLevel::kNotice, SqlError(ErrorCode::kSuccessfulCompletion,
                                                             "role \"" + spec.name + "\" does not exist, skipping"));
          continue;
        }
        throw SqlError(ErrorCode::kUndefinedObject, "role \"" + spec.name + "\" does not exist");
      }
    } else {
      role = ResolveRoleSpecifier(context, spec);
    }
    if (!Replaying(context)) {
      if (role->name == settings.CurrentUser()) {
        throw SqlError(ErrorCode::kObjectInUse, "current user cannot be dropped");
      }
      if (role->name == settings.user) throw SqlError(ErrorCode::kObjectInUse, "session user cannot be dropped");
    }
    if (role->oid == kBootstrapRoleOid) {
      throw SqlError(ErrorCode::kDependentObjectsStillExist,
                     "cannot drop role " + role->name + " because it is required by the database system");
    }
    if (role->superuser && !current.superuser) Denied("must be superuser to drop superusers");
    auto dependencies = RoleDependencies(context.db(), role->oid);
    if (!dependencies.empty()) {
      std::string detail;
      for (auto& d : dependencies) detail += (detail.empty() ? "" : "\n") + d;
      throw SqlError(ErrorCode::kDependentObjectsStillExist,
                     "role \"" + role->name + "\" cannot be dropped because some objects depend on it")
          .WithDetail(detail);
    }
    targets.push_back(*role);
  }
  SecurityOutcome out{"DROP ROLE", {}};
  for (auto& role : targets) {
    roles.Drop(role.oid);
    out.log.push_back("DROP ROLE " + QuoteIdentifier(role.name));
  }
  return out;
}

SecurityOutcome GrantOrRevokeRoles(ClientContext& context, SecurityStatement& stmt) {
  Role current = CurrentRole(context);
  RoleCatalog& roles = context.db().roles();
  bool grant = stmt.action == Action::kGrantRole;
  std::vector<Role> granted, members;
  for (auto& spec : stmt.roles) granted.push_back(ResolveRoleSpecifier(context, spec));
  for (auto& spec : stmt.grantees) members.push_back(ResolveRoleSpecifier(context, spec));
  SecurityOutcome out{grant ? "GRANT ROLE" : "REVOKE ROLE", {}};
  for (auto& role : granted) {
    for (auto& member : members) {
      if (grant) {
        AddMembership(context, current, role, member, stmt.grant_option);
        out.log.push_back(GrantRoleSql(roles, {role.oid, member.oid, 0, stmt.grant_option}));
        continue;
      }
      if (role.superuser) {
        if (!current.superuser) Denied("must be superuser to alter superusers");
      } else if (!HasCreateRole(current) && !roles.HasAdminOption(current.oid, role.oid)) {
        Denied("must have admin option on role \"" + role.name + "\"");
      }
      if (roles.RemoveMember(role.oid, member.oid, stmt.grant_option)) {
        out.log.push_back(std::string("REVOKE ") + (stmt.grant_option ? "ADMIN OPTION FOR " : "") +
                          QuoteIdentifier(role.name) + " FROM " + QuoteIdentifier(member.name));
      }
    }
  }
  return out;
}

}  // namespace

Role ResolveRoleSpecifier(ClientContext& context, const RoleSpecifier& spec) {
  switch (spec.kind) {
    case RoleSpecifier::Kind::kCurrentUser:
      return context.db().roles().Get(context.settings().CurrentUser());
    case RoleSpecifier::Kind::kSessionUser:
      return context.db().roles().Get(context.settings().user);
    case RoleSpecifier::Kind::kPublic:
      throw SqlError(ErrorCode::kUndefinedObject, "role \"public\" does not exist");
    case RoleSpecifier::Kind::kName:
      break;
  }
  return context.db().roles().Get(spec.name);
}

SecurityOutcome RunRoleStatement(ClientContext& context, const SessionSettings&, SecurityStatement& stmt) {
  switch (stmt.action) {
    case Action::kCreateRole:
      return CreateRole(context, stmt);
    case Action::kAlterRole:
      return AlterRole(context, stmt);
    case Action::kRenameRole:
      return RenameRole(context, stmt);
    case Action::kDropRole:
      return DropRoles(context, stmt);
    case Action::kGrantRole:
    case Action::kRevokeRole:
      return GrantOrRevokeRoles(context, stmt);
    default:
      break;
  }
  throw InternalError("not a role statement");
}

void SetRole(ClientContext& context, SessionSettings& settings, const std::string& role, bool reset) {
  if (reset || role == "none") {
    settings.role.clear();
    return;
  }
  RoleCatalog& roles = context.db().roles();
  auto target = roles.Find(role);
  if (!target) throw SqlError(ErrorCode::kInvalidParameterValue, "role \"" + role + "\" does not exist");
  // Membership of the session user decides, not of the current role (PostgreSQL).
  uint64_t session = RoleOidOf(context.db(), settings.user);
  if (!Replaying(context) && !roles.IsMember(session, target->oid)) {
    Denied("permission denied to set role \"" + role + "\"");
  }
  settings.role = role;
}

void SetSessionAuthorization(ClientContext& context, SessionSettings& settings, const std::string& user, bool reset) {
  const std::string authenticated = settings.authenticated_user.empty() ? settings.user : settings.authenticated_user;
  if (reset) {
    settings.user = authenticated;
    settings.authenticated_user.clear();
    settings.role.clear();
    return;
  }
  auto target = context.db().roles().Find(user);
  if (!target) throw SqlError(ErrorCode::kInvalidParameterValue, "role \"" + user + "\" does not exist");
  if (!Replaying(context) && user != authenticated && !IsSuperuser(context.db(), RoleOidOf(context.db(), authenticated))) {
    Denied("permission denied to set session authorization");
  }
  settings.authenticated_user = authenticated;
  settings.user = user;
  settings.role.clear();
}

}  // namespace stockroom
