#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stockroom {

class CatalogEntry;
class ClientContext;
class Database;

// Privilege checks as PostgreSQL 15 makes them, raising its 42501 errors. Superusers pass
// every check; so does the replay of a data directory's log and manifest (which logged
// only what was allowed). Objects of pg_catalog and information_schema are readable by
// everyone except pg_authid (superusers only).

// A role oid no role has: what an unknown session user acts as (PUBLIC's rights only).
inline constexpr uint64_t kNoRoleOid = ~uint64_t(0);

// The oid of `name`'s role, or kNoRoleOid.
uint64_t RoleOidOf(Database& db, const std::string& name);
// The role the statement's checks use: a view owner's while its query is bound, else the
// current user's.
uint64_t CheckedRole(ClientContext& context);
uint64_t CurrentUserRole(ClientContext& context);
bool IsSuperuser(Database& db, uint64_t role);
// Whether checks are off (a superuser, or the storage replaying its log).
bool BypassesChecks(ClientContext& context, uint64_t role);

// "table", "view" or "materialized view", as PostgreSQL's messages name a relation.
const char* RelationKindWord(const CatalogEntry& entry);

// Whether `role` holds every bit of `privileges` on the relation / schema (and, with
// `grantable`, may grant them); owners and superusers hold everything.
bool HasRelationPrivilege(Database& db, uint64_t role, const CatalogEntry& entry, uint32_t privileges,
                          bool grantable = false);
bool HasSchemaPrivilege(Database& db, uint64_t role, const std::string& schema, uint32_t privileges,
                        bool grantable = false);
// Whether `role` owns the relation / schema (or is a member of its owner, or a superuser).
bool OwnsRelation(Database& db, uint64_t role, const CatalogEntry& entry);
bool OwnsSchema(Database& db, uint64_t role, const std::string& schema);

// Throws 42501 "permission denied for schema s" without USAGE on the relation's schema,
// then "permission denied for table|view|materialized view x" without `privileges`.
void CheckRelationPrivilege(ClientContext& context, const CatalogEntry& entry, uint32_t privileges);
// 42501 "permission denied for schema s" without USAGE / CREATE.
void CheckSchemaPrivilege(ClientContext& context, const std::string& schema, uint32_t privileges);
// 42501 "must be owner of table|view|materialized view x" / "must be owner of schema s".
void CheckRelationOwner(ClientContext& context, const CatalogEntry& entry);
void CheckSchemaOwner(ClientContext& context, const std::string& schema);
// 42501 `message` unless the current user is a superuser.
void CheckSuperuser(ClientContext& context, const std::string& message);

// Records a new relation / schema as owned by the current user (nothing for the bootstrap
// superuser, the default owner); forgets dropped ones.
void RecordRelationOwner(ClientContext& context, const CatalogEntry& entry);
void RecordSchemaOwner(ClientContext& context, const std::string& schema);
void ForgetRelation(Database& db, const CatalogEntry& entry);
void ForgetSchema(Database& db, const std::string& schema);

// While alive, reading the relation `oid` needs no SELECT (a DELETE or UPDATE target whose
// columns the statement does not read); nothing when `active` is false.
class SelectExemptScope {
 public:
  SelectExemptScope(ClientContext& context, uint64_t oid, bool active);
  ~SelectExemptScope();
  SelectExemptScope(const SelectExemptScope&) = delete;
  SelectExemptScope& operator=(const SelectExemptScope&) = delete;

 private:
  ClientContext& context_;
  bool active_;
};

// Restores the context's checked role when it goes out of scope (views bind as their owner).
class PrivilegeRoleScope {
 public:
  PrivilegeRoleScope(ClientContext& context, uint64_t role);
  ~PrivilegeRoleScope();
  PrivilegeRoleScope(const PrivilegeRoleScope&) = delete;
  PrivilegeRoleScope& operator=(const PrivilegeRoleScope&) = delete;

 private:
  ClientContext& context_;
  uint64_t saved_;
};

}  // namespace stockroom
