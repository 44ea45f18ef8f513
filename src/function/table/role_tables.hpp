#pragma once

#include <vector>

namespace stockroom {

class FunctionRegistry;

// A view over a role table function: schema, view name, function name.
struct RoleView {
  const char* schema;
  const char* name;
  const char* function;
};

// pg_authid, pg_roles, pg_user, pg_auth_members (pg_catalog) and table_privileges,
// role_table_grants (information_schema), which catalog/system_views creates.
const std::vector<RoleView>& RoleViews();
// Registers their table functions (role_tables.cpp); RegisterSystemTableFunctions calls it.
void RegisterRoleTableFunctions(FunctionRegistry& registry);

}  // namespace stockroom
