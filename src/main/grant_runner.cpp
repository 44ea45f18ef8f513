// GRANT/REVOKE privileges on relations and schemas, and ALTER ... OWNER TO, with
// PostgreSQL 15's rules (src/backend/catalog/aclchk.c): the owner (or a superuser, on the
// owner's behalf) grants anything; others grant what they hold WITH GRANT OPTION, as
// themselves.
#include <algorithm>

#include "catalog/catalog.hpp"
#include "common/error/exception.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"
#include "main/security_runner.hpp"
#include "security/access_control.hpp"
#include "sql/ast/security_statement.hpp"
#include "storage/storage_manager.hpp"

namespace stockroom {

namespace {

using Action = SecurityStatement::Action;

uint32_t RequestedPrivileges(const SecurityStatement& stmt, uint32_t all, const char* kind) {
  uint32_t mask = 0;
  for (auto& name : stmt.privileges) {
    if (name == "ALL") {
      mask |= all;
      continue;
    }
    uint32_t bit = PrivilegeFromName(name);
    if (!bit) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
      throw SqlError(ErrorCode::kSyntaxError, "unrecognized privilege type \"" + lower + "\"");
    }
    if (!(bit & all)) {
      throw SqlError(ErrorCode::kInvalidGrantOperation,
                     std::string("invalid privilege type ") + PrivilegeName(bit) + " for " + kind);
    }
    mask |= bit;
  }
  return mask;
}

std::vector<uint64_t> Grantees(ClientContext& context, const SecurityStatement& stmt) {
  std::vector<uint64_t> out;
  for (auto& spec : stmt.grantees) {
    out.push_back(spec.kind == RoleSpecifier::Kind::kPublic ? kPublicRoleOid
                                                             : ResolveRoleSpecifier(context, spec).oid);
  }
  return out;
}

bool Replaying(ClientContext& context) {
  StorageManager* storage = context.db().storage();
  return storage && storage->replaying();
}

// Grants or revokes `requested` on one object's ACL as the current user. `owns` says
// whether the user acts for the owner; `denied` is the error when the user holds nothing.
void ChangeAcl(ClientContext& context, const SecurityStatement& stmt, ObjectAcl& acl, bool owns, uint32_t all,
               uint32_t requested, const std::vector<uint64_t>& grantees, const std::string& denied) {
  uint64_t current = CurrentUserRole(context);
  uint64_t grantor = acl.owner;
  uint32_t allowed = all;
  if (!owns && Replaying(context)) {
    // Replayed as the grantor that made it (SET ROLE): the grant was checked when made, and
    // a checkpoint lists grantors' own grant options in no particular order.
    grantor = current;
  } else if (!owns) {
    auto roles = context.db().roles().PrivilegeRoles(current);
    std::vector<uint64_t> list(roles.begin(), roles.end());
    allowed = AclPrivileges(acl, list, all, true);
    if (AclPrivileges(acl, list, all, false) == 0 && allowed == 0) {
      throw SqlError(ErrorCode::kInsufficientPrivilege, denied);
    }
    grantor = current;
  }
  // What the user may not grant is left out (PostgreSQL warns "no privileges were granted").
  uint32_t effective = requested & allowed;
  for (uint64_t grantee : grantees) {
    if (stmt.action == Action::kGrantPrivileges) {
      if (effective) GrantInAcl(acl, grantee, grantor, effective, stmt.grant_option);
    } else {
      RevokeInAcl(acl, grantee, grantor, effective, stmt.grant_option);
    }
  }
}

SecurityOutcome GrantOnRelations(ClientContext& context, const SessionSettings& settings, SecurityStatement& stmt) {
  Catalog& catalog = context.db().catalog();
  uint32_t requested = RequestedPrivileges(stmt, kRelationPrivileges, "table");
  std::vector<std::shared_ptr<CatalogEntry>> entries;
  for (auto& name : stmt.objects) {
    if (stmt.all_in_schema) {
      if (!catalog.SchemaExists(name.name)) {
        throw SqlError(ErrorCode::kInvalidSchemaName, "schema \"" + name.name + "\" does not exist");
      }
      for (auto& e : catalog.Entries(name.name)) entries.push_back(e);
      continue;
    }
    auto entry = catalog.Lookup(name.schema, name.name, settings.search_path);
    if (!entry) {
      throw SqlError(ErrorCode::kUndefinedTable, "relation \"" + name.ToString() + "\" does not exist",
                     name.location >= 0 ? name.location + 1 : 0);
    }
    entries.push_back(entry);
  }
  auto grantees = Grantees(context, stmt);
  uint64_t current = CurrentUserRole(context);
  // Check every object before changing any.
  std::vector<std::pair<uint64_t, ObjectAcl>> changed;
  for (auto& entry : entries) {
    if (entry->schema == kSystemSchema) {
      throw SqlError(ErrorCode::kInsufficientPrivilege, "permission denied: \"" + entry->name + "\" is a system catalog");
    }
    ObjectAcl acl = context.db().privileges().Relation(entry->oid);
    bool owns = OwnsRelation(context.db(), current, *entry);
    ChangeAcl(context, stmt, acl, owns, kRelationPrivileges, requested, grantees,
              std::string("permission denied for ") + RelationKindWord(*entry) + " " + entry->name);
    changed.emplace_back(entry->oid, std::move(acl));
  }
  for (auto& [oid, acl] : changed) context.db().privileges().SetRelation(oid, std::move(acl));
  return {stmt.action == Action::kGrantPrivileges ? "GRANT" : "REVOKE", {stmt.text}};
}

SecurityOutcome GrantOnSchemas(ClientContext& context, SecurityStatement& stmt) {
  Catalog& catalog = context.db().catalog();
  uint32_t requested = RequestedPrivileges(stmt, kSchemaPrivileges, "schema");
  auto grantees = Grantees(context, stmt);
  uint64_t current = CurrentUserRole(context);
  std::vector<std::pair<std::string, ObjectAcl>> changed;
  for (auto& name : stmt.objects) {
    if (!catalog.SchemaExists(name.name)) {
      throw SqlError(ErrorCode::kInvalidSchemaName, "schema \"" + name.name + "\" does not exist");
    }
    ObjectAcl acl = context.db().privileges().Schema(name.name);
    bool owns = OwnsSchema(context.db(), current, name.name);
    ChangeAcl(context, stmt, acl, owns, kSchemaPrivileges, requested, grantees, "permission denied for schema " + name.name);
    changed.emplace_back(name.name, std::move(acl));
  }
  for (auto& [name, acl] : changed) context.db().privileges().SetSchema(name, std::move(acl));
  return {stmt.action == Action::kGrantPrivileges ? "GRANT" : "REVOKE", {stmt.text}};
}

// The ACL with `from`'s grants and grants to it made `to`'s (PostgreSQL's aclnewowner).
ObjectAcl NewOwner(ObjectAcl acl, uint64_t to) {
  uint64_t from = acl.owner;
  ObjectAcl out;
  out.owner = to;
  for (AclItem item : acl.items) {
    if (item.grantor == from) item.grantor = to;
    if (item.grantee == from) item.grantee = to;
    GrantInAcl(out, item.grantee, item.grantor, item.privileges & ~item.grant_options, false);
    if (item.grant_options) GrantInAcl(out, item.grantee, item.grantor, item.grant_options, true);
  }
  return out;
}

SecurityOutcome AlterOwner(ClientContext& context, const SessionSettings& settings, SecurityStatement& stmt) {
  Database& db = context.db();
  const QualifiedName& name = stmt.objects.at(0);
  Role owner = ResolveRoleSpecifier(context, stmt.new_owner);
  uint64_t current = CurrentUserRole(context);
  bool checks = !BypassesChecks(context, current);
  auto check_member = [&]() {
    if (checks && !db.roles().IsMember(current, owner.oid)) {
      throw SqlError(ErrorCode::kInsufficientPrivilege, "must be member of role \"" + owner.name + "\"");
    }
  };
  if (stmt.object == ObjectKind::kSchema) {
    if (!db.catalog().SchemaExists(name.name)) {
      throw SqlError(ErrorCode::kInvalidSchemaName, "schema \"" + name.name + "\" does not exist");
    }
    CheckSchemaOwner(context, name.name);
    check_member();
    // Owning a schema needs CREATE on the database, which only its owner has here.
    if (checks) throw SqlError(ErrorCode::kInsufficientPrivilege, "permission denied for database stockroom");
    db.privileges().SetSchema(name.name, NewOwner(db.privileges().Schema(name.name), owner.oid));
    return {"ALTER SCHEMA", {stmt.text}};
  }
  const char* tag = stmt.object == ObjectKind::kView               ? "ALTER VIEW"
                    : stmt.object == ObjectKind::kMaterializedView ? "ALTER MATERIALIZED VIEW"
                                                                   : "ALTER TABLE";
  auto entry = db.catalog().Lookup(name.schema, name.name, settings.search_path);
  if (!entry) {
    if (stmt.if_exists) return {tag, {}};
    throw SqlError(ErrorCode::kUndefinedTable, "relation \"" + name.ToString() + "\" does not exist",
                   name.location >= 0 ? name.location + 1 : 0);
  }
  if (entry->schema == kSystemSchema) {
    throw SqlError(ErrorCode::kInsufficientPrivilege, "permission denied: \"" + entry->name + "\" is a system catalog");
  }
  CheckRelationOwner(context, *entry);
  check_member();
  if (checks && !HasSchemaPrivilege(db, owner.oid, entry->schema, kPrivCreate)) {
    throw SqlError(ErrorCode::kInsufficientPrivilege, "permission denied for schema " + entry->schema);
  }
  db.privileges().SetRelation(entry->oid, NewOwner(db.privileges().Relation(entry->oid), owner.oid));
  return {tag, {stmt.text}};
}

}  // namespace

SecurityOutcome RunGrantStatement(ClientContext& context, const SessionSettings& settings, SecurityStatement& stmt) {
  if (stmt.action == Action::kAlterOwner) return AlterOwner(context, settings, stmt);
  if (stmt.object == ObjectKind::kSchema) return GrantOnSchemas(context, stmt);
  return GrantOnRelations(context, settings, stmt);
}

}  // namespace stockroom
