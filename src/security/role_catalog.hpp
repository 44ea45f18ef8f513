#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace stockroom {

// PostgreSQL's OID of the bootstrap superuser, and the pseudo-role PUBLIC in ACL items.
inline constexpr uint64_t kBootstrapRoleOid = 10;
inline constexpr uint64_t kPublicRoleOid = 0;
inline constexpr const char* kBootstrapRoleName = "stockroom";

// One role, as pg_authid holds it.
struct Role {
  uint64_t oid = 0;
  std::string name;
  bool superuser = false;
  bool inherit = true;
  bool create_role = false;
  bool create_db = false;
  bool can_login = false;
  bool replication = false;
  bool bypass_rls = false;
  int32_t connection_limit = -1;
  std::optional<std::string> password;  // in a stored format (security/password_hash.hpp)
  std::optional<int64_t> valid_until;   // timestamptz (microseconds since 2000-01-01 UTC)
};

// `member` belongs to `role` (pg_auth_members).
struct RoleMembership {
  uint64_t role = 0;
  uint64_t member = 0;
  uint64_t grantor = 0;
  bool admin_option = false;
};

// What the wire server needs to authenticate a login (RoleCatalog::Login).
struct RoleLogin {
  uint64_t oid = 0;
  std::string name;
  std::optional<std::string> stored_password;  // pg_authid.rolpassword format; none: no password
  bool can_login = false;
  bool superuser = false;
  int32_t connection_limit = -1;       // -1: no limit
  std::optional<int64_t> valid_until;  // timestamptz micros; a password is void after it
};

// The database's roles and role memberships. Thread-safe (one mutex). Errors are
// PostgreSQL's (42710, 42704, 2BP01 raised by the callers that know about objects).
class RoleCatalog {
 public:
  RoleCatalog();

  // The role named `name`, if any.
  std::optional<Role> Find(const std::string& name) const;
  std::optional<Role> Find(uint64_t oid) const;
  // Like Find, but throws 42704 role "name" does not exist.
  Role Get(const std::string& name) const;
  std::vector<Role> All() const;  // by OID
  std::vector<RoleMembership> Memberships() const;

  // Adds a role (its oid is assigned); 42710 if the name is taken. Returns the oid.
  uint64_t Create(Role role);
  // Replaces the role with `role.oid`'s attributes (and name: 42710 if taken by another).
  void Update(const Role& role);
  // Removes the role and its memberships (callers check objects that depend on it).
  void Drop(uint64_t oid);
  // Adds a membership; false if `member` already was a direct member of `role` (the admin
  // option is then added when asked for). 0LP01 when it would make a cycle.
  bool AddMember(uint64_t role, uint64_t member, uint64_t grantor, bool admin_option);
  // Removes a membership (or only its admin option); false if there was none.
  bool RemoveMember(uint64_t role, uint64_t member, bool admin_option_only);

  // The roles whose privileges `role` has: itself and, through roles that inherit, the
  // roles it is a member of (transitively). PostgreSQL 15's has_privs_of_role.
  std::set<uint64_t> PrivilegeRoles(uint64_t role) const;
  // Whether `member` is `role` or a member of it, directly or not, ignoring INHERIT (what
  // SET ROLE needs: is_member_of_role). Superusers are members of every role.
  bool IsMember(uint64_t member, uint64_t role) const;
  // Whether `member` has `role`'s privileges (superusers: always).
  bool HasPrivilegesOf(uint64_t member, uint64_t role) const;
  // Whether `member` holds ADMIN OPTION on `role` (directly or through a role it belongs to).
  bool HasAdminOption(uint64_t member, uint64_t role) const;

  // What a login as `name` must be checked against; nullopt if there is no such role.
  std::optional<RoleLogin> Login(const std::string& name) const;

 private:
  const Role* FindLocked(const std::string& name) const;
  std::set<uint64_t> AncestorsLocked(uint64_t role, bool only_inherited) const;

  mutable std::mutex mutex_;
  std::map<uint64_t, Role> roles_;
  std::vector<RoleMembership> memberships_;
  uint64_t next_oid_ = 16384;  // PostgreSQL's FirstNormalObjectId
};

}  // namespace stockroom
