#include "security/access_control.hpp"

#include <algorithm>

#include "catalog/catalog.hpp"
#include "catalog/pg_catalog/pg_object_ids.hpp"
#include "common/error/exception.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"
#include "security/privilege_catalog.hpp"
#include "security/role_catalog.hpp"
#include "storage/storage_manager.hpp"

namespace stockroom {

namespace {

bool IsSystemSchema(const std::string& schema) { return schema == kSystemSchema || schema == "information_schema"; }

std::vector<uint64_t> PrivilegeRolesOf(Database& db, uint64_t role) {
  auto roles = db.roles().PrivilegeRoles(role);
  return std::vector<uint64_t>(roles.begin(), roles.end());
}

}  // namespace

uint64_t RoleOidOf(Database& db, const std::string& name) {
  auto role = db.roles().Find(name);
  return role ? role->oid : kNoRoleOid;
}

uint64_t CurrentUserRole(ClientContext& context) {
  return RoleOidOf(context.db(), context.settings().CurrentUser());
}

uint64_t CheckedRole(ClientContext& context) {
  return context.privilege_role ? context.privilege_role : CurrentUserRole(context);
}

bool IsSuperuser(Database& db, uint64_t role) {
  auto found = db.roles().Find(role);
  return found && found->superuser;
}

bool BypassesChecks(ClientContext& context, uint64_t role) {
  StorageManager* storage = context.db().storage();
  if (storage && storage->replaying()) return true;
  return IsSuperuser(context.db(), role);
}

const char* RelationKindWord(const CatalogEntry& entry) {
  if (entry.schema == kSystemSchema && entry.name == "pg_authid") return "table";  // a table in PostgreSQL
  switch (entry.kind) {
    case CatalogEntryKind::kView:
      return "view";
    case CatalogEntryKind::kMaterializedView:
      return "materialized view";
    case CatalogEntryKind::kTable:
      break;
  }
  return "table";
}

bool HasRelationPrivilege(Database& db, uint64_t role, const CatalogEntry& entry, uint32_t privileges,
                          bool grantable) {
  if (IsSuperuser(db, role)) return true;
  if (IsSystemSchema(entry.schema)) {
    // The system views are for reading; pg_authid holds password hashes.
    return privileges == kPrivSelect && entry.name != "pg_authid";
  }
  ObjectAcl acl = db.privileges().Relation(entry.oid);
  return (AclPrivileges(acl, PrivilegeRolesOf(db, role), kRelationPrivileges, grantable) & privileges) == privileges;
}

bool HasSchemaPrivilege(Database& db, uint64_t role, const std::string& schema, uint32_t privileges, bool grantable) {
  if (IsSuperuser(db, role)) return true;
  ObjectAcl acl = db.privileges().Schema(schema);
  return (AclPrivileges(acl, PrivilegeRolesOf(db, role), kSchemaPrivileges, grantable) & privileges) == privileges;
}

bool OwnsRelation(Database& db, uint64_t role, const CatalogEntry& entry) {
  if (IsSuperuser(db, role)) return true;
  if (IsSystemSchema(entry.schema)) return false;
  return db.roles().HasPrivilegesOf(role, db.privileges().Relation(entry.oid).owner);
}

bool OwnsSchema(Database& db, uint64_t role, const std::string& schema) {
  if (IsSuperuser(db, role)) return true;
  return db.roles().HasPrivilegesOf(role, db.privileges().Schema(schema).owner);
}

void CheckSchemaPrivilege(ClientContext& context, const std::string& schema, uint32_t privileges) {
  uint64_t role = CheckedRole(context);
  if (BypassesChecks(context, role) || HasSchemaPrivilege(context.db(), role, schema, privileges)) return;
  throw SqlError(ErrorCode::kInsufficientPrivilege, "permission denied for schema " + schema);
}

void CheckRelationPrivilege(ClientContext& context, const CatalogEntry& entry, uint32_t privileges) {
  uint64_t role = CheckedRole(context);
  if (BypassesChecks(context, role)) return;
  // A view's (or materialized view's) query names its relations once, at creation: reading
  // them through it needs no USAGE on their schemas (PostgreSQL stores the resolved query).
  if (!context.privilege_role) CheckSchemaPrivilege(context, entry.schema, kPrivUsage);
  if (HasRelationPrivilege(context.db(), role, entry, privileges)) return;
  throw SqlError(ErrorCode::kInsufficientPrivilege,
                 std::string("permission denied for ") + RelationKindWord(entry) + " " + entry.name);
}

void CheckRelationOwner(ClientContext& context, const CatalogEntry& entry) {
  uint64_t role = CheckedRole(context);
  if (BypassesChecks(context, role) || OwnsRelation(context.db(), role, entry)) return;
  throw SqlError(ErrorCode::kInsufficientPrivilege,
                 std::string("must be owner of ") + RelationKindWord(entry) + " " + entry.name);
}

void CheckSchemaOwner(ClientContext& context, const std::string& schema) {
  uint64_t role = CheckedRole(context);
  if (BypassesChecks(context, role) || OwnsSchema(context.db(), role, schema)) return;
  throw SqlError(ErrorCode::kInsufficientPrivilege, "must be owner of schema " + schema);
}

void CheckSuperuser(ClientContext& context, const std::string& message) {
  if (BypassesChecks(context, CurrentUserRole(context))) return;
  throw SqlError(ErrorCode::kInsufficientPrivilege, message);
}

void RecordRelationOwner(ClientContext& context, const CatalogEntry& entry) {
  uint64_t role = CurrentUserRole(context);
  if (role == kBootstrapRoleOid || role == kNoRoleOid) return;
  ObjectAcl acl;
  acl.owner = role;
  context.db().privileges().SetRelation(entry.oid, acl);
}

void RecordSchemaOwner(ClientContext& context, const std::string& schema) {
  uint64_t role = CurrentUserRole(context);
  if (role == kBootstrapRoleOid || role == kNoRoleOid) return;
  ObjectAcl acl;
  acl.owner = role;
  context.db().privileges().SetSchema(schema, acl);
}

void ForgetRelation(Database& db, const CatalogEntry& entry) {
  db.privileges().DropRelation(entry.oid);
  db.comments().ForgetObject(kPgClassOid, entry.oid);
}

void ForgetSchema(Database& db, const std::string& schema) { db.privileges().DropSchema(schema); }

PrivilegeRoleScope::PrivilegeRoleScope(ClientContext& context, uint64_t role)
    : context_(context), saved_(context.privilege_role) {
  context_.privilege_role = role;
}

PrivilegeRoleScope::~PrivilegeRoleScope() { context_.privilege_role = saved_; }

SelectExemptScope::SelectExemptScope(ClientContext& context, uint64_t oid, bool active)
    : context_(context), active_(active) {
  if (active_) context_.select_exempt.push_back(oid);
}

SelectExemptScope::~SelectExemptScope() {
  if (active_) context_.select_exempt.pop_back();
}

}  // namespace stockroom
