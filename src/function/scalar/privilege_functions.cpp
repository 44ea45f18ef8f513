// The access privilege inquiry functions (has_table_privilege, has_schema_privilege,
// has_database_privilege, has_any_column_privilege, has_type_privilege, pg_has_role) and
// pg_get_userbyid, answering from the database's roles and grants (security/) as
// PostgreSQL 15 does: the privilege text is a comma-separated list, any of which suffices.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "common/error/exception.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/function_registry.hpp"
#include "function/scalar/operators.hpp"
#include "function/scalar/privilege_functions.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"
#include "security/access_control.hpp"

namespace stockroom {

namespace {

std::string Trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), ::toupper);
  return s;
}

// One privilege of the list, with or without its grant option.
struct AskedPrivilege {
  std::string name;  // upper case, e.g. "SELECT", "MEMBER"
  bool grantable = false;
};

// Parses "select, INSERT WITH GRANT OPTION"; 22023 for a name not in `allowed`.
std::vector<AskedPrivilege> ParsePrivileges(const std::string& text, const std::vector<std::string>& allowed) {
  std::vector<AskedPrivilege> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string item = Upper(Trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    AskedPrivilege asked;
    for (const char* suffix : {" WITH GRANT OPTION", " WITH ADMIN OPTION"}) {
      std::string s = suffix;
      if (item.size() > s.size() && item.compare(item.size() - s.size(), s.size(), s) == 0) {
        asked.grantable = true;
        item = Trim(item.substr(0, item.size() - s.size()));
      }
    }
    if (item == "TEMP") item = "TEMPORARY";
    if (std::find(allowed.begin(), allowed.end(), item) == allowed.end()) {
      throw SqlError(ErrorCode::kInvalidParameterValue, "unrecognized privilege type: \"" + Trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start)) + "\"");
    }
    asked.name = item;
    out.push_back(asked);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

ClientContext& ContextOf(ExpressionState& state) {
  if (!state.context) throw InternalError("privilege function without a session");
  return *state.context;
}

uint64_t RoleArgument(ClientContext& context, const Value& v) {
  if (v.type().id() == TypeId::kBigInt || v.type().id() == TypeId::kInteger) return static_cast<uint64_t>(v.GetInt64());
  auto role = context.db().roles().Find(v.GetString());
  if (!role) throw SqlError(ErrorCode::kUndefinedObject, "role \"" + v.GetString() + "\" does not exist");
  return role->oid;
}

std::shared_ptr<CatalogEntry> RelationArgument(ClientContext& context, const Value& v) {
  Catalog& catalog = context.db().catalog();
  if (v.type().id() == TypeId::kBigInt || v.type().id() == TypeId::kInteger) {
    for (auto& e : catalog.AllEntries()) {
      if (e->oid == static_cast<uint64_t>(v.GetInt64())) return e;
    }
    return nullptr;  // PostgreSQL answers NULL for an oid that names nothing
  }
  std::string text = v.GetString();
  QualifiedName name;
  size_t dot = text.rfind('.');
  name.name = dot == std::string::npos ? text : text.substr(dot + 1);
  if (dot != std::string::npos) name.schema = text.substr(0, dot);
  for (std::string* part : {&name.schema, &name.name}) {
    if (part->size() >= 2 && part->front() == '"' && part->back() == '"') {
      *part = part->substr(1, part->size() - 2);
    } else {
      std::transform(part->begin(), part->end(), part->begin(), ::tolower);
    }
  }
  auto entry = catalog.Lookup(name.schema, name.name, context.settings().search_path);
  if (!entry) throw SqlError(ErrorCode::kUndefinedTable, "relation \"" + text + "\" does not exist");
  return entry;
}

// Runs `answer(context, args of one row)` for each row; NULL in, NULL out.
template <class Answer>
void PerRow(DataChunk& args, ExpressionState& state, Vector& result, Answer&& answer) {
  ClientContext& context = ContextOf(state);
  result.Reset();
  for (idx_t row = 0; row < args.size(); row++) {
    std::vector<Value> values;
    bool any_null = false;
    for (idx_t c = 0; c < args.ColumnCount(); c++) {
      values.push_back(args.column(c).GetValue(row));
      any_null |= values.back().IsNull();
    }
    result.SetValue(row, any_null ? Value::Null(result.type()) : answer(context, values));
  }
}

const std::vector<std::string> kTablePrivilegeNames = {"SELECT",     "INSERT",  "UPDATE", "DELETE",
                                                       "TRUNCATE",   "REFERENCES", "TRIGGER"};
const std::vector<std::string> kColumnPrivilegeNames = {"SELECT", "INSERT", "UPDATE", "REFERENCES"};

// has_table_privilege([user,] table, privilege) and has_any_column_privilege.
template <bool kColumns>
void HasTablePrivilege(DataChunk& args, ExpressionState& state, Vector& result) {
  PerRow(args, state, result, [](ClientContext& context, const std::vector<Value>& v) {
    bool with_user = v.size() == 3;
    uint64_t role = with_user ? RoleArgument(context, v[0]) : CurrentUserRole(context);
    auto entry = RelationArgument(context, v[with_user ? 1 : 0]);
    if (!entry) return Value::Null(TypeId::kBoolean);
    for (auto& p : ParsePrivileges(v.back().GetString(), kColumns ? kColumnPrivilegeNames : kTablePrivilegeNames)) {
      if (HasRelationPrivilege(context.db(), role, *entry, PrivilegeFromName(p.name), p.grantable)) {
        return Value::Boolean(true);
      }
    }
    return Value::Boolean(false);
  });
}

void HasSchemaPrivilege(DataChunk& args, ExpressionState& state, Vector& result) {
  PerRow(args, state, result, [](ClientContext& context, const std::vector<Value>& v) {
    bool with_user = v.size() == 3;
    uint64_t role = with_user ? RoleArgument(context, v[0]) : CurrentUserRole(context);
    std::string schema = v[with_user ? 1 : 0].GetString();
    if (!context.db().catalog().SchemaExists(schema)) {
      throw SqlError(ErrorCode::kInvalidSchemaName, "schema \"" + schema + "\" does not exist");
    }
    for (auto& p : ParsePrivileges(v.back().GetString(), {"USAGE", "CREATE"})) {
      if (HasSchemaPrivilege(context.db(), role, schema, PrivilegeFromName(p.name), p.grantable)) {
        return Value::Boolean(true);
      }
    }
    return Value::Boolean(false);
  });
}

// The one database: CONNECT and TEMPORARY are PUBLIC's (PostgreSQL's defaults), CREATE is
// its owner's (the bootstrap superuser) and superusers'.
void HasDatabasePrivilege(DataChunk& args, ExpressionState& state, Vector& result) {
  PerRow(args, state, result, [](ClientContext& context, const std::vector<Value>& v) {
    bool with_user = v.size() == 3;
    uint64_t role = with_user ? RoleArgument(context, v[0]) : CurrentUserRole(context);
    const Value& database = v[with_user ? 1 : 0];
    bool by_name = database.type().id() != TypeId::kBigInt && database.type().id() != TypeId::kInteger;
    if (by_name && database.GetString() != "stockroom") {
      throw SqlError(ErrorCode::kInvalidCatalogName, "database \"" + database.GetString() + "\" does not exist");
    }
    for (auto& p : ParsePrivileges(v.back().GetString(), {"CREATE", "CONNECT", "TEMPORARY"})) {
      if (p.name != "CREATE" && !p.grantable) return Value::Boolean(true);
      if (IsSuperuser(context.db(), role) || role == kBootstrapRoleOid) return Value::Boolean(true);
    }
    return Value::Boolean(false);
  });
}

// Types are usable by everyone (PostgreSQL's default USAGE to PUBLIC).
void HasTypePrivilege(DataChunk& args, ExpressionState& state, Vector& result) {
  PerRow(args, state, result, [](ClientContext& context, const std::vector<Value>& v) {
    if (v.size() == 3) RoleArgument(context, v[0]);
    ParsePrivileges(v.back().GetString(), {"USAGE"});
    return Value::Boolean(true);
  });
}

void PgHasRole(DataChunk& args, ExpressionState& state, Vector& result) {
  PerRow(args, state, result, [](ClientContext& context, const std::vector<Value>& v) {
    bool with_user = v.size() == 3;
    uint64_t member = with_user ? RoleArgument(context, v[0]) : CurrentUserRole(context);
    uint64_t role = RoleArgument(context, v[with_user ? 1 : 0]);
    RoleCatalog& roles = context.db().roles();
    for (auto& p : ParsePrivileges(v.back().GetString(), {"MEMBER", "USAGE"})) {
      bool held = p.grantable ? (IsSuperuser(context.db(), member) || roles.HasAdminOption(member, role))
                  : p.name == "MEMBER" ? roles.IsMember(member, role)
                                       : roles.HasPrivilegesOf(member, role);
      if (held) return Value::Boolean(true);
    }
    return Value::Boolean(false);
  });
}

void PgGetUserById(DataChunk& args, ExpressionState& state, Vector& result) {
  PerRow(args, state, result, [](ClientContext& context, const std::vector<Value>& v) {
    int64_t oid = v[0].GetInt64();
    auto role = context.db().roles().Find(static_cast<uint64_t>(oid));
    return Value::Text(role ? role->name : "unknown (OID=" + std::to_string(oid) + ")");
  });
}

ScalarFunction Stable(std::string name, std::vector<LogicalType> arguments, LogicalType type, ScalarFunctionPtr fn) {
  ScalarFunction f = MakeScalar(std::move(name), std::move(arguments), type, fn);
  f.volatility = Volatility::kStable;
  return f;
}

}  // namespace

void RegisterPrivilegeFunctions(FunctionRegistry& registry) {
  const LogicalType text(TypeId::kText), oid(TypeId::kBigInt), boolean(TypeId::kBoolean);
  // Each function takes the object by name or oid, with or without a user (name or oid).
  auto add_all = [&](const char* name, ScalarFunctionPtr fn, bool oid_objects) {
    registry.AddScalar(Stable(name, {text, text}, boolean, fn));
    registry.AddScalar(Stable(name, {text, text, text}, boolean, fn));
    registry.AddScalar(Stable(name, {oid, text, text}, boolean, fn));
    if (oid_objects) {
      registry.AddScalar(Stable(name, {oid, text}, boolean, fn));
      registry.AddScalar(Stable(name, {text, oid, text}, boolean, fn));
      registry.AddScalar(Stable(name, {oid, oid, text}, boolean, fn));
    }
  };
  add_all("has_table_privilege", HasTablePrivilege<false>, true);
  add_all("has_any_column_privilege", HasTablePrivilege<true>, true);
  add_all("has_schema_privilege", HasSchemaPrivilege, false);
  add_all("has_database_privilege", HasDatabasePrivilege, true);
  add_all("has_type_privilege", HasTypePrivilege, true);
  add_all("pg_has_role", PgHasRole, true);
  registry.AddScalar(Stable("pg_get_userbyid", {oid}, text, PgGetUserById));
}

}  // namespace stockroom
