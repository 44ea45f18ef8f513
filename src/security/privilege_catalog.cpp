#include "security/privilege_catalog.hpp"

#include <algorithm>

#include "security/role_catalog.hpp"

namespace stockroom {

namespace {

struct PrivilegeNameEntry {
  uint32_t bit;
  const char* name;
};
// aclitem order (PostgreSQL's ACL_ALL_RIGHTS_STR "arwdDxtXUCTc", without the ones Stockroom
// has no objects for).
constexpr PrivilegeNameEntry kPrivilegeNames[] = {
    {kPrivInsert, "INSERT"},         {kPrivSelect, "SELECT"},   {kPrivUpdate, "UPDATE"},
    {kPrivDelete, "DELETE"},         {kPrivTruncate, "TRUNCATE"}, {kPrivReferences, "REFERENCES"},
    {kPrivTrigger, "TRIGGER"},       {kPrivUsage, "USAGE"},     {kPrivCreate, "CREATE"},
    {kPrivTemporary, "TEMPORARY"},   {kPrivConnect, "CONNECT"},
};

}  // namespace

const char* PrivilegeName(uint32_t bit) {
  for (auto& e : kPrivilegeNames) {
    if (e.bit == bit) return e.name;
  }
  return "";
}

uint32_t PrivilegeFromName(const std::string& upper_name) {
  if (upper_name == "TEMP") return kPrivTemporary;
  for (auto& e : kPrivilegeNames) {
    if (upper_name == e.name) return e.bit;
  }
  return 0;
}

std::vector<uint32_t> PrivilegeBits(uint32_t mask) {
  std::vector<uint32_t> out;
  for (auto& e : kPrivilegeNames) {
    if (mask & e.bit) out.push_back(e.bit);
  }
  return out;
}

ObjectAcl PrivilegeCatalog::Relation(uint64_t oid) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = relations_.find(oid);
  if (it != relations_.end()) return it->second;
  ObjectAcl acl;
  acl.owner = kBootstrapRoleOid;
  return acl;
}

ObjectAcl PrivilegeCatalog::Schema(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = schemas_.find(name);
  if (it != schemas_.end()) return it->second;
  return DefaultSchemaAcl(name);
}

void PrivilegeCatalog::SetRelation(uint64_t oid, ObjectAcl acl) {
  std::lock_guard<std::mutex> lock(mutex_);
  relations_[oid] = std::move(acl);
}

void PrivilegeCatalog::SetSchema(const std::string& name, ObjectAcl acl) {
  std::lock_guard<std::mutex> lock(mutex_);
  schemas_[name] = std::move(acl);
}

void PrivilegeCatalog::DropRelation(uint64_t oid) {
  std::lock_guard<std::mutex> lock(mutex_);
  relations_.erase(oid);
}

void PrivilegeCatalog::DropSchema(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  schemas_.erase(name);
}

void PrivilegeCatalog::RenameSchema(const std::string& from, const std::string& to) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = schemas_.find(from);
  if (it == schemas_.end()) return;
  ObjectAcl acl = std::move(it->second);
  schemas_.erase(it);
  schemas_[to] = std::move(acl);
}

std::map<uint64_t, ObjectAcl> PrivilegeCatalog::Relations() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return relations_;
}

std::map<std::string, ObjectAcl> PrivilegeCatalog::Schemas() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return schemas_;
}

ObjectAcl DefaultSchemaAcl(const std::string& name) {
  ObjectAcl acl;
  acl.owner = kBootstrapRoleOid;
  if (name == "public" || name == "pg_catalog" || name == "information_schema") {
    acl.items.push_back({kPublicRoleOid, kBootstrapRoleOid, kPrivUsage, 0});
  }
  return acl;
}

void GrantInAcl(ObjectAcl& acl, uint64_t grantee, uint64_t grantor, uint32_t privileges, bool grant_option) {
  for (auto& item : acl.items) {
    if (item.grantee == grantee && item.grantor == grantor) {
      item.privileges |= privileges;
      if (grant_option) item.grant_options |= privileges;
      return;
    }
  }
  acl.items.push_back({grantee, grantor, privileges, grant_option ? privileges : 0u});
}

void RevokeInAcl(ObjectAcl& acl, uint64_t grantee, uint64_t grantor, uint32_t privileges, bool grant_option_only) {
  for (auto& item : acl.items) {
    if (item.grantee != grantee || item.grantor != grantor) continue;
    item.grant_options &= ~privileges;
    if (!grant_option_only) item.privileges &= ~privileges;
  }
  acl.items.erase(std::remove_if(acl.items.begin(), acl.items.end(), [](const AclItem& i) { return i.privileges == 0; }),
                  acl.items.end());
}

uint32_t AclPrivileges(const ObjectAcl& acl, const std::vector<uint64_t>& roles, uint32_t all, bool grantable) {
  if (std::find(roles.begin(), roles.end(), acl.owner) != roles.end()) return all;
  uint32_t held = 0;
  for (auto& item : acl.items) {
    bool applies = item.grantee == kPublicRoleOid ||
                   std::find(roles.begin(), roles.end(), item.grantee) != roles.end();
    if (applies) held |= grantable ? item.grant_options : item.privileges;
  }
  return held & all;
}

}  // namespace stockroom
