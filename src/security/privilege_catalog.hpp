#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace stockroom {

// Privilege bits, one per letter of PostgreSQL's aclitem text ("arwdDxt" on relations,
// "UC" on schemas, "CTc" on databases).
enum Privilege : uint32_t {
  kPrivInsert = 1u << 0,      // a
  kPrivSelect = 1u << 1,      // r
  kPrivUpdate = 1u << 2,      // w
  kPrivDelete = 1u << 3,      // d
  kPrivTruncate = 1u << 4,    // D
  kPrivReferences = 1u << 5,  // x
  kPrivTrigger = 1u << 6,     // t
  kPrivUsage = 1u << 7,       // U
  kPrivCreate = 1u << 8,      // C
  kPrivConnect = 1u << 9,     // c
  kPrivTemporary = 1u << 10,  // T
};
inline constexpr uint32_t kRelationPrivileges =
    kPrivInsert | kPrivSelect | kPrivUpdate | kPrivDelete | kPrivTruncate | kPrivReferences | kPrivTrigger;
inline constexpr uint32_t kSchemaPrivileges = kPrivUsage | kPrivCreate;
inline constexpr uint32_t kDatabasePrivileges = kPrivCreate | kPrivConnect | kPrivTemporary;

// A privilege's SQL name ("SELECT") and the bit a name means (0 if none; "TEMP" and
// "TEMPORARY" both mean kPrivTemporary).
const char* PrivilegeName(uint32_t bit);
uint32_t PrivilegeFromName(const std::string& upper_name);
// The bits of `mask` in aclitem order, for listing.
std::vector<uint32_t> PrivilegeBits(uint32_t mask);

// One aclitem: what `grantor` gave `grantee` (kPublicRoleOid: PUBLIC).
struct AclItem {
  uint64_t grantee = 0;
  uint64_t grantor = 0;
  uint32_t privileges = 0;
  uint32_t grant_options = 0;  // the subset grantable further
};

// An object's owner and the privileges granted on it. The owner holds every privilege
// with grant option without an item saying so (PostgreSQL's default ACL).
struct ObjectAcl {
  uint64_t owner = 0;
  std::vector<AclItem> items;
};

// Owners and grants of relations (by catalog entry oid) and schemas (by name). An object
// without a record belongs to the bootstrap superuser and grants nothing, except what
// DefaultSchemaAcl says. Thread-safe (one mutex).
class PrivilegeCatalog {
 public:
  ObjectAcl Relation(uint64_t oid) const;
  ObjectAcl Schema(const std::string& name) const;
  void SetRelation(uint64_t oid, ObjectAcl acl);
  void SetSchema(const std::string& name, ObjectAcl acl);
  void DropRelation(uint64_t oid);
  void DropSchema(const std::string& name);
  void RenameSchema(const std::string& from, const std::string& to);
  // Every recorded relation and schema (for checkpoints and dependency checks).
  std::map<uint64_t, ObjectAcl> Relations() const;
  std::map<std::string, ObjectAcl> Schemas() const;

 private:
  mutable std::mutex mutex_;
  std::map<uint64_t, ObjectAcl> relations_;
  std::map<std::string, ObjectAcl> schemas_;
};

// The ACL a schema has before any GRANT: public's is PostgreSQL 15's (USAGE to PUBLIC,
// CREATE to its owner only), pg_catalog's and information_schema's give USAGE to PUBLIC.
ObjectAcl DefaultSchemaAcl(const std::string& name);

// Adds `privileges` (and, with `grant_option`, their grant options) for grantee from
// grantor; removes them (`revoke`; only the grant options with `grant_option`).
void GrantInAcl(ObjectAcl& acl, uint64_t grantee, uint64_t grantor, uint32_t privileges, bool grant_option);
void RevokeInAcl(ObjectAcl& acl, uint64_t grantee, uint64_t grantor, uint32_t privileges, bool grant_option_only);

// The privileges `roles` (a role and those whose privileges it has) hold in `acl`, owner
// rights included; with `grantable`, only those they may grant.
uint32_t AclPrivileges(const ObjectAcl& acl, const std::vector<uint64_t>& roles, uint32_t all, bool grantable);

}  // namespace stockroom
