#include "security/security_sql.hpp"

#include <algorithm>

#include "catalog/catalog.hpp"
#include "catalog/catalog_sql.hpp"
#include "common/types/date_time.hpp"
#include "common/types/time_zone.hpp"
#include "main/database.hpp"

namespace stockroom {

namespace {

std::string RoleAttributes(const Role& role) {
  std::string out;
  out += role.superuser ? " SUPERUSER" : " NOSUPERUSER";
  out += role.inherit ? " INHERIT" : " NOINHERIT";
  out += role.create_role ? " CREATEROLE" : " NOCREATEROLE";
  out += role.create_db ? " CREATEDB" : " NOCREATEDB";
  out += role.can_login ? " LOGIN" : " NOLOGIN";
  out += role.replication ? " REPLICATION" : " NOREPLICATION";
  out += role.bypass_rls ? " BYPASSRLS" : " NOBYPASSRLS";
  out += " CONNECTION LIMIT " + std::to_string(role.connection_limit);
  return out;
}

std::string ValidUntil(const Role& role) {
  if (!role.valid_until) return "";
  return " VALID UNTIL " + QuoteLiteral(date_time::FormatTimestampTz(*role.valid_until, TimeZone::Utc()));
}

std::string RoleName(const RoleCatalog& roles, uint64_t oid) {
  if (oid == kPublicRoleOid) return "PUBLIC";
  auto role = roles.Find(oid);
  return role ? QuoteIdentifier(role->name) : std::string();
}

std::string PrivilegeList(uint32_t mask) {
  std::string out;
  for (uint32_t bit : PrivilegeBits(mask)) out += std::string(out.empty() ? "" : ", ") + PrivilegeName(bit);
  return out;
}

const char* RelationKeyword(const CatalogEntry& entry) {
  switch (entry.kind) {
    case CatalogEntryKind::kView:
      return "VIEW";
    case CatalogEntryKind::kMaterializedView:
      return "MATERIALIZED VIEW";
    case CatalogEntryKind::kTable:
      break;
  }
  return "TABLE";
}

}  // namespace

std::string CreateRoleSql(const Role& role) {
  std::string sql = "CREATE ROLE " + QuoteIdentifier(role.name) + " WITH" + RoleAttributes(role);
  if (role.password) sql += " PASSWORD " + QuoteLiteral(*role.password);
  return sql + ValidUntil(role);
}

std::string AlterRoleSql(const Role& role) {
  std::string sql = "ALTER ROLE " + QuoteIdentifier(role.name) + " WITH" + RoleAttributes(role);
  sql += role.password ? " PASSWORD " + QuoteLiteral(*role.password) : std::string(" PASSWORD NULL");
  return sql + ValidUntil(role);
}

std::string GrantRoleSql(const RoleCatalog& roles, const RoleMembership& m) {
  return "GRANT " + RoleName(roles, m.role) + " TO " + RoleName(roles, m.member) +
         (m.admin_option ? " WITH ADMIN OPTION" : "");
}

std::vector<std::string> RoleDefinitionSql(const RoleCatalog& roles) {
  std::vector<std::string> out;
  for (const Role& role : roles.All()) {
    out.push_back(role.oid == kBootstrapRoleOid ? AlterRoleSql(role) : CreateRoleSql(role));
  }
  for (const RoleMembership& m : roles.Memberships()) out.push_back(GrantRoleSql(roles, m));
  return out;
}

std::vector<std::string> AclGrantSql(const std::string& object_sql, const ObjectAcl& acl, const RoleCatalog& roles) {
  std::vector<std::string> out;
  for (const AclItem& item : acl.items) {
    std::string grantee = RoleName(roles, item.grantee);
    if (grantee.empty()) continue;
    std::vector<std::string> grants;
    uint32_t plain = item.privileges & ~item.grant_options;
    if (plain) grants.push_back("GRANT " + PrivilegeList(plain) + " ON " + object_sql + " TO " + grantee);
    if (item.grant_options) {
      grants.push_back("GRANT " + PrivilegeList(item.grant_options) + " ON " + object_sql + " TO " + grantee +
                       " WITH GRANT OPTION");
    }
    for (auto& grant : grants) {
      if (item.grantor != acl.owner && !RoleName(roles, item.grantor).empty()) {
        grant = "SET ROLE " + RoleName(roles, item.grantor) + "; " + grant + "; RESET ROLE";
      }
      out.push_back(grant);
    }
  }
  return out;
}

std::vector<std::string> PrivilegeDefinitionSql(Database& db) {
  std::vector<std::string> out;
  const RoleCatalog& roles = db.roles();
  for (auto& [name, acl] : db.privileges().Schemas()) {
    if (!db.catalog().SchemaExists(name)) continue;
    std::string object = "SCHEMA " + QuoteIdentifier(name);
    if (acl.owner != kBootstrapRoleOid) out.push_back("ALTER " + object + " OWNER TO " + RoleName(roles, acl.owner));
    // Start from no grants: the recorded ACL replaces the schema's default one.
    if (!DefaultSchemaAcl(name).items.empty()) out.push_back("REVOKE ALL ON " + object + " FROM PUBLIC");
    for (auto& grant : AclGrantSql(object, acl, roles)) out.push_back(grant);
  }
  auto relations = db.privileges().Relations();
  for (auto& entry : db.catalog().AllEntries()) {
    auto it = relations.find(entry->oid);
    if (it == relations.end()) continue;
    const ObjectAcl& acl = it->second;
    std::string name = QuoteIdentifier(entry->schema) + "." + QuoteIdentifier(entry->name);
    if (acl.owner != kBootstrapRoleOid) {
      out.push_back(std::string("ALTER ") + RelationKeyword(*entry) + " " + name + " OWNER TO " +
                    RoleName(roles, acl.owner));
    }
    for (auto& grant : AclGrantSql("TABLE " + name, acl, roles)) out.push_back(grant);
  }
  return out;
}

}  // namespace stockroom
