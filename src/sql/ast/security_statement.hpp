#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sql/ast/statement.hpp"

namespace stockroom {

// A role as a statement names it: a name, CURRENT_USER / CURRENT_ROLE, SESSION_USER or PUBLIC.
struct RoleSpecifier {
  enum class Kind : uint8_t { kName, kCurrentUser, kSessionUser, kPublic } kind = Kind::kName;
  std::string name;
  int location = -1;
};

// One option of CREATE/ALTER ROLE, by PostgreSQL's DefElem name: "superuser", "createdb",
// "createrole", "inherit", "canlogin", "isreplication", "bypassrls" (flag), "connectionlimit"
// (number), "password" (text or NULL), "validUntil" (text), "addroleto" (IN ROLE: roles).
struct RoleOption {
  std::string name;
  bool flag = false;
  int64_t number = 0;
  std::optional<std::string> text;  // nullopt: NULL
  std::vector<RoleSpecifier> roles;
  int location = -1;
};

// CREATE/ALTER/DROP ROLE|USER, GRANT/REVOKE of roles and of privileges, ALTER ... OWNER TO.
class SecurityStatement : public Statement {
 public:
  enum class Action : uint8_t {
    kCreateRole,
    kAlterRole,
    kRenameRole,
    kDropRole,
    kGrantRole,
    kRevokeRole,
    kGrantPrivileges,
    kRevokePrivileges,
    kAlterOwner,
  };
  SecurityStatement() : Statement(StatementKind::kSecurity) {}

  Action action = Action::kCreateRole;
  // CREATE/ALTER/RENAME: one role; DROP: the roles; GRANT/REVOKE role: the granted roles.
  std::vector<RoleSpecifier> roles;
  bool is_user = false;  // CREATE USER: LOGIN unless said otherwise
  std::vector<RoleOption> options;
  std::string new_name;  // RENAME TO
  bool if_exists = false;

  // GRANT/REVOKE privileges: upper-case names ("ALL" for ALL [PRIVILEGES]) ...
  std::vector<std::string> privileges;
  // ... on these objects (kTable: relations; kSchema: names in .name) or, with
  // all_in_schema, on every relation of the schemas named in .name.
  ObjectKind object = ObjectKind::kTable;
  bool all_in_schema = false;
  std::vector<QualifiedName> objects;
  std::vector<RoleSpecifier> grantees;  // also GRANT role TO / REVOKE role FROM
  // WITH GRANT OPTION / GRANT OPTION FOR, WITH ADMIN OPTION / ADMIN OPTION FOR.
  bool grant_option = false;
  bool cascade = false;

  // ALTER TABLE|VIEW|MATERIALIZED VIEW|SCHEMA x OWNER TO (object and objects[0]).
  RoleSpecifier new_owner;
};

}  // namespace stockroom
