#include "security/role_catalog.hpp"

#include <algorithm>

#include "common/error/exception.hpp"

namespace stockroom {

RoleCatalog::RoleCatalog() {
  // The bootstrap superuser: the embedded shell's and the pipeline's session user, with
  // every attribute, as PostgreSQL's initdb creates its superuser.
  Role bootstrap;
  bootstrap.oid = kBootstrapRoleOid;
  bootstrap.name = kBootstrapRoleName;
  bootstrap.superuser = bootstrap.create_role = bootstrap.create_db = bootstrap.can_login = true;
  bootstrap.replication = bootstrap.bypass_rls = true;
  roles_[bootstrap.oid] = bootstrap;
}

const Role* RoleCatalog::FindLocked(const std::string& name) const {
  for (auto& [oid, role] : roles_) {
    if (role.name == name) return &role;
  }
  return nullptr;
}

std::optional<Role> RoleCatalog::Find(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const Role* role = FindLocked(name);
  if (!role) return std::nullopt;
  return *role;
}

std::optional<Role> RoleCatalog::Find(uint64_t oid) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = roles_.find(oid);
  if (it == roles_.end()) return std::nullopt;
  return it->second;
}

Role RoleCatalog::Get(const std::string& name) const {
  auto role = Find(name);
  if (!role) throw SqlError(ErrorCode::kUndefinedObject, "role \"" + name + "\" does not exist");
  return *role;
}

std::vector<Role> RoleCatalog::All() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Role> out;
  for (auto& [oid, role] : roles_) out.push_back(role);
  return out;
}

std::vector<RoleMembership> RoleCatalog::Memberships() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return memberships_;
}

uint64_t RoleCatalog::Create(Role role) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (FindLocked(role.name)) {
    throw SqlError(ErrorCode::kDuplicateObject, "role \"" + role.name + "\" already exists");
  }
  role.oid = next_oid_++;
  roles_[role.oid] = role;
  return role.oid;
}

void RoleCatalog::Update(const Role& role) {
  std::lock_guard<std::mutex> lock(mutex_);
  const Role* same_name = FindLocked(role.name);
  if (same_name && same_name->oid != role.oid) {
    throw SqlError(ErrorCode::kDuplicateObject, "role \"" + role.name + "\" already exists");
  }
  auto it = roles_.find(role.oid);
  if (it == roles_.end()) throw SqlError(ErrorCode::kUndefinedObject, "role \"" + role.name + "\" does not exist");
  it->second = role;
}

void RoleCatalog::Drop(uint64_t oid) {
  std::lock_guard<std::mutex> lock(mutex_);
  roles_.erase(oid);
  memberships_.erase(std::remove_if(memberships_.begin(), memberships_.end(),
                                    [&](const RoleMembership& m) { return m.role == oid || m.member == oid; }),
                     memberships_.end());
}

std::set<uint64_t> RoleCatalog::AncestorsLocked(uint64_t role, bool only_inherited) const {
  std::set<uint64_t> seen = {role};
  std::vector<uint64_t> pending = {role};
  while (!pending.empty()) {
    uint64_t current = pending.back();
    pending.pop_back();
    if (only_inherited) {
      auto it = roles_.find(current);
      // A role without INHERIT keeps its own privileges only (PostgreSQL 15).
      if (it == roles_.end() || !it->second.inherit) continue;
    }
    for (auto& m : memberships_) {
      if (m.member == current && seen.insert(m.role).second) pending.push_back(m.role);
    }
  }
  return seen;
}

bool RoleCatalog::AddMember(uint64_t role, uint64_t member, uint64_t grantor, bool admin_option) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& m : memberships_) {
    if (m.role == role && m.member == member) {
      if (admin_option) m.admin_option = true;
      return false;
    }
  }
  // Granting role to member must not make role a member of itself.
  if (AncestorsLocked(role, false).count(member)) {
    auto name = [&](uint64_t oid) { return roles_.count(oid) ? roles_.at(oid).name : std::to_string(oid); };
    throw SqlError(ErrorCode::kInvalidGrantOperation,
                   "role \"" + name(member) + "\" is a member of role \"" + name(role) + "\"");
  }
  memberships_.push_back({role, member, grantor, admin_option});
  return true;
}

bool RoleCatalog::RemoveMember(uint64_t role, uint64_t member, bool admin_option_only) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = memberships_.begin(); it != memberships_.end(); ++it) {
    if (it->role != role || it->member != member) continue;
    if (admin_option_only) {
      it->admin_option = false;
    } else {
      memberships_.erase(it);
    }
    return true;
  }
  return false;
}

std::set<uint64_t> RoleCatalog::PrivilegeRoles(uint64_t role) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return AncestorsLocked(role, true);
}

bool RoleCatalog::IsMember(uint64_t member, uint64_t role) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = roles_.find(member);
  if (it != roles_.end() && it->second.superuser) return true;
  return AncestorsLocked(member, false).count(role) > 0;
}

bool RoleCatalog::HasPrivilegesOf(uint64_t member, uint64_t role) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = roles_.find(member);
  if (it != roles_.end() && it->second.superuser) return true;
  return AncestorsLocked(member, true).count(role) > 0;
}

bool RoleCatalog::HasAdminOption(uint64_t member, uint64_t role) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto roles = AncestorsLocked(member, false);
  for (auto& m : memberships_) {
    if (m.role == role && m.admin_option && roles.count(m.member)) return true;
  }
  return false;
}

std::optional<RoleLogin> RoleCatalog::Login(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const Role* role = FindLocked(name);
  if (!role) return std::nullopt;
  RoleLogin login;
  login.oid = role->oid;
  login.name = role->name;
  login.stored_password = role->password;
  login.can_login = role->can_login;
  login.superuser = role->superuser;
  login.connection_limit = role->connection_limit;
  login.valid_until = role->valid_until;
  return login;
}

}  // namespace stockroom
