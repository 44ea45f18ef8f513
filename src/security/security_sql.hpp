#pragma once

#include <string>
#include <vector>

#include "catalog/catalog_sql.hpp"
#include "security/privilege_catalog.hpp"
#include "security/role_catalog.hpp"

namespace stockroom {

class Database;

// SQL that re-creates roles, owners and grants: what the write-ahead log records for a
// role statement (never a plain password: the stored verifier) and what a checkpoint's
// manifest holds, replayed by the bootstrap superuser with privilege checks off.

// CREATE ROLE "name" WITH <every attribute> (password and VALID UNTIL when set).
std::string CreateRoleSql(const Role& role);
// ALTER ROLE "name" WITH <every attribute> (PASSWORD NULL when there is none).
std::string AlterRoleSql(const Role& role);
// GRANT "role" TO "member" [WITH ADMIN OPTION].
std::string GrantRoleSql(const RoleCatalog& roles, const RoleMembership& membership);

// The manifest's statements before the catalog's (roles, then memberships) and after it
// (owners, then grants: the objects exist by then).
std::vector<std::string> RoleDefinitionSql(const RoleCatalog& roles);
std::vector<std::string> PrivilegeDefinitionSql(Database& db);

// The GRANT statements that give `acl`'s items on `object_sql` ("TABLE s.t", "SCHEMA s");
// items from a grantor other than the owner run as that grantor (SET ROLE).
std::vector<std::string> AclGrantSql(const std::string& object_sql, const ObjectAcl& acl, const RoleCatalog& roles);

}  // namespace stockroom
