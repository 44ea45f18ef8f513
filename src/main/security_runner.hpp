#pragma once

#include <string>
#include <vector>

#include "security/role_catalog.hpp"

namespace stockroom {

class ClientContext;
class SecurityStatement;
struct RoleSpecifier;
struct SessionSettings;

// What a role or privilege statement did: its command tag and the statements that redo it
// in the write-ahead log (canonical, with stored password verifiers only).
struct SecurityOutcome {
  std::string command_tag;
  std::vector<std::string> log;
};

// CREATE/ALTER/DROP ROLE, RENAME, GRANT/REVOKE role (role_runner.cpp).
SecurityOutcome RunRoleStatement(ClientContext& context, const SessionSettings& settings, SecurityStatement& stmt);
// GRANT/REVOKE privileges and ALTER ... OWNER TO (grant_runner.cpp).
SecurityOutcome RunGrantStatement(ClientContext& context, const SessionSettings& settings, SecurityStatement& stmt);

// The role a statement names (CURRENT_USER: the current user's); 42704 if there is none.
Role ResolveRoleSpecifier(ClientContext& context, const RoleSpecifier& spec);

// SET ROLE / RESET ROLE and SET / RESET SESSION AUTHORIZATION (role_runner.cpp); 22023 /
// 42501 as PostgreSQL raises them.
void SetRole(ClientContext& context, SessionSettings& settings, const std::string& role, bool reset);
void SetSessionAuthorization(ClientContext& context, SessionSettings& settings, const std::string& user, bool reset);

}  // namespace stockroom
