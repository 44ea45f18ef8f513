#pragma once

namespace stockroom {

class FunctionRegistry;

// has_*_privilege, pg_has_role and pg_get_userbyid (privilege_functions.cpp); part of the
// misc family (RegisterMiscFunctions calls it).
void RegisterPrivilegeFunctions(FunctionRegistry& registry);

}  // namespace stockroom
