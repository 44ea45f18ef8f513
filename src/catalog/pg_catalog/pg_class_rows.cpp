// pg_namespace, pg_class, pg_attribute, pg_attrdef, pg_index, pg_constraint, pg_rewrite and
// pg_depend: rows made from Stockroom's catalog each time a query reads them.
#include <algorithm>
#include <cctype>
#include <set>

#include "catalog/catalog.hpp"
#include "catalog/pg_catalog/pg_object_ids.hpp"
#include "catalog/pg_catalog/pg_relation.hpp"
#include "catalog/pg_catalog/pg_types.hpp"
#include "common/types/pg_type.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"
#include "security/privilege_catalog.hpp"
#include "security/role_catalog.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {
namespace {

using Rows = std::vector<std::vector<Value>>;

// PostgreSQL's array text form of integers: {1,2}.
std::string IntArray(const std::vector<int64_t>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); i++) out += (i ? "," : "") + std::to_string(values[i]);
  return out + "}";
}

Value ArrayValue(const LogicalType& element, const std::vector<int64_t>& values) {
  return Value::String(LogicalType::Array(element), IntArray(values));
}

// Column names and types of any relation.
std::vector<std::pair<std::string, LogicalType>> ColumnsOf(const CatalogEntry& entry) {
  std::vector<std::pair<std::string, LogicalType>> out;
  if (HasRows(entry)) {
    for (auto& c : static_cast<const TableEntry&>(entry).columns) out.emplace_back(c.name, c.type);
  } else {
    auto& view = static_cast<const ViewEntry&>(entry);
    for (size_t i = 0; i < view.column_names.size() && i < view.column_types.size(); i++) {
      out.emplace_back(view.column_names[i], view.column_types[i]);
    }
  }
  return out;
}

// The catalog's own relations (those with rows of their own) are tables to PostgreSQL.
std::string RelKind(const CatalogEntry& entry) {
  switch (entry.kind) {
    case CatalogEntryKind::kTable:
      return "r";
    case CatalogEntryKind::kMaterializedView:
      return "m";
    case CatalogEntryKind::kView:
      return entry.system && entry.oid < 10000 ? "r" : "v";
  }
  return "r";
}

std::vector<int64_t> AttNums(const TableEntry& table, const std::vector<std::string>& columns) {
  std::vector<int64_t> out;
  for (auto& c : columns) out.push_back(table.ColumnIndex(c) + 1);
  return out;
}

bool HasIndex(const TableConstraint& k) {
  return k.kind == TableConstraint::Kind::kPrimaryKey || k.kind == TableConstraint::Kind::kUnique;
}

// An ACL as PostgreSQL's aclitem[] text: {owner=UC/owner,=U/owner}, the owner's implicit
// privileges first, PUBLIC as an empty name, '*' after a privilege held with grant option.
// NULL when nothing was granted to anyone but the owner (PostgreSQL's default ACL).
Value AclArray(ClientContext& context, const ObjectAcl& acl, uint32_t all_privileges) {
  if (acl.items.empty()) return Value::Null(LogicalType::Array(TypeId::kText));
  static const std::pair<uint32_t, char> kLetters[] = {
      {kPrivInsert, 'a'}, {kPrivSelect, 'r'}, {kPrivUpdate, 'w'},  {kPrivDelete, 'd'},    {kPrivTruncate, 'D'},
      {kPrivReferences, 'x'}, {kPrivTrigger, 't'}, {kPrivUsage, 'U'}, {kPrivCreate, 'C'}, {kPrivTemporary, 'T'},
      {kPrivConnect, 'c'}};
  auto name = [&](uint64_t oid) -> std::string {
    if (oid == kPublicRoleOid) return "";
    auto role = context.db().roles().Find(oid);
    return role ? role->name : std::to_string(oid);
  };
  auto item = [&](uint64_t grantee, uint64_t grantor, uint32_t privileges, uint32_t grant_options) {
    std::string out = name(grantee) + "=";
    for (auto [bit, letter] : kLetters) {
      if (!(privileges & bit)) continue;
      out += letter;
      if (grant_options & bit) out += '*';
    }
    return out + "/" + name(grantor);
  };
  std::string text = "{" + item(acl.owner, acl.owner, all_privileges, 0);
  for (auto& i : acl.items) text += "," + item(i.grantee, i.grantor, i.privileges, i.grant_options);
  return Value::String(LogicalType::Array(TypeId::kText), text + "}");
}

Rows Namespaces(ClientContext& context, const PgRelation& relation) {
  Rows rows;
  for (auto& [name, oid] : context.db().catalog().SchemaOids()) {
    ObjectAcl acl = context.db().privileges().Schema(name);
    rows.push_back(PgRow(relation).Int("oid", int64_t(oid)).Text("nspname", name)
                       .Int("nspowner", int64_t(acl.owner)).Set("nspacl", AclArray(context, acl, kSchemaPrivileges))
                       .Take());
  }
  return rows;
}

// Tables on either side of a FOREIGN KEY: PostgreSQL enforces those with (internal)
// triggers, so its relhastriggers is true for them, and psql shows the "Foreign-key
// constraints" and "Referenced by" footers only then.
std::set<uint64_t> TablesWithForeignKeyTriggers(const Catalog& catalog) {
  std::set<uint64_t> out;
  for (auto& entry : catalog.AllEntries()) {
    if (!HasRows(*entry)) continue;
    for (auto& c : static_cast<const TableEntry&>(*entry).constraints) {
      if (c.kind != TableConstraint::Kind::kForeignKey) continue;
      out.insert(entry->oid);
      std::string schema = c.referenced_table.schema.empty() ? entry->schema : c.referenced_table.schema;
      if (auto referenced = catalog.GetEntry(schema, c.referenced_table.name)) out.insert(referenced->oid);
    }
  }
  return out;
}

Rows Classes(ClientContext& context, const PgRelation& relation) {
  Rows rows;
  const Catalog& catalog = context.db().catalog();
  std::set<uint64_t> with_triggers = TablesWithForeignKeyTriggers(catalog);
  for (auto& entry : catalog.AllEntries()) {
    uint64_t nsp = catalog.SchemaOid(entry->schema);
    // A relation's indexes belong to its owner, as in PostgreSQL.
    ObjectAcl acl = context.db().privileges().Relation(entry->oid);
    auto owner = int64_t(acl.owner);
    auto columns = ColumnsOf(*entry);
    PgRow row(relation);
    row.Int("oid", entry->oid).Text("relname", entry->name).Int("relnamespace", nsp)
        .Int("relowner", owner).Int("relam", entry->kind == CatalogEntryKind::kView ? 0 : kHeapAmOid)
        .Text("relpersistence", "p").Text("relkind", RelKind(*entry)).Int("relnatts", int64_t(columns.size()))
        .Text("relreplident", entry->kind == CatalogEntryKind::kView ? "n" : "d").Int("reltuples", -1);
    bool has_index = false;
    if (HasRows(*entry)) {
      auto& table = static_cast<const TableEntry&>(*entry);
      for (auto& k : table.constraints) has_index |= HasIndex(k);
      if (table.storage) row.Int("reltuples", int64_t(table.storage->RowCount()));
    }
    row.Bool("relhasindex", has_index).Bool("relhasrules", entry->kind == CatalogEntryKind::kView && !entry->system)
        .Bool("relhastriggers", with_triggers.count(entry->oid) > 0)
        .Set("relacl", AclArray(context, acl, kRelationPrivileges));
    rows.push_back(row.Take());
    if (!HasRows(*entry)) continue;
    // The index behind each primary key and unique constraint.
    auto& table = static_cast<const TableEntry&>(*entry);
    for (size_t k = 0; k < table.constraints.size(); k++) {
      if (!HasIndex(table.constraints[k])) continue;
      rows.push_back(PgRow(relation).Int("oid", SubObjectOid(entry->oid, SubObject::kIndex, k))
                         .Text("relname", table.constraints[k].name).Int("relnamespace", nsp)
                         .Int("relowner", owner).Int("relam", kBtreeAmOid)
                         .Text("relpersistence", "p").Text("relkind", "i").Text("relreplident", "n")
                         .Int("relnatts", int64_t(table.constraints[k].columns.size())).Int("reltuples", -1)
                         .Take());
    }
  }
  return rows;
}

Rows Attributes(ClientContext& context, const PgRelation& relation) {
  Rows rows;
  for (auto& entry : context.db().catalog().AllEntries()) {
    auto columns = ColumnsOf(*entry);
    const TableEntry* table = HasRows(*entry) ? static_cast<const TableEntry*>(entry.get()) : nullptr;
    for (size_t i = 0; i < columns.size(); i++) {
      PgTypeInfo type = PgTypeOf(columns[i].second);
      bool text_like = columns[i].second.IsString();
      PgRow row(relation);
      row.Int("attrelid", entry->oid).Text("attname", columns[i].first).Int("atttypid", type.oid)
          .Int("attstattarget", -1).Int("attlen", type.length).Int("attnum", int64_t(i + 1)).Int("attndims", 0)
          .Int("attcacheoff", -1).Int("atttypmod", type.modifier).Bool("attbyval", type.length > 0 && type.length <= 8)
          .Text("attalign", type.length == 2 ? "s" : type.length == 4 || type.length < 0 ? "i" : "d")
          .Text("attstorage", PgTypeStorage(type.oid, type.length)).Text("attcompression", "").Text("attidentity", "")
          .Text("attgenerated", "").Bool("attislocal", true).Int("attcollation", text_like ? 100 : 0)
          .Int("attinhcount", 0);
      if (table) {
        row.Bool("attnotnull", table->columns[i].not_null).Bool("atthasdef", !table->columns[i].default_sql.empty());
      }
      rows.push_back(row.Take());
    }
  }
  return rows;
}

// A column default as PostgreSQL's pg_get_expr prints it, for the defaults written as a
// literal or an SQL value function (Stockroom keeps the SQL text as written): a quoted
// literal shows the column's type ('n'::bpchar), a negative number its own ('-1'::integer),
// CURRENT_DATE and the like are upper case. Anything else is kept as written.
std::string DefaultAsPostgresPrints(const std::string& sql, const LogicalType& type) {
  bool quoted = sql.size() >= 2 && sql.front() == '\'' && sql.back() == '\'';
  for (size_t i = 1; quoted && i + 1 < sql.size(); i++) {
    if (sql[i] != '\'') continue;
    if (sql[i + 1] != '\'' || i + 2 == sql.size()) quoted = false;  // a quote that ends the literal early
    i++;
  }
  if (quoted) {
    auto name = FormatPgType(PgTypeOf(type).oid, -1);
    return name ? sql + "::" + *name : sql;
  }
  if (sql.size() > 1 && sql[0] == '-' && std::all_of(sql.begin() + 1, sql.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
      })) {
    const char* literal_type = "numeric";
    if (sql.find('.') == std::string::npos) {
      literal_type = sql.size() < 11 || (sql.size() == 11 && sql <= "-2147483648") ? "integer" : "bigint";
      if (sql.size() > 20 || (sql.size() == 20 && sql > "-9223372036854775808")) literal_type = "numeric";
    }
    return "'" + sql + "'::" + literal_type;
  }
  static const char* const kValueFunctions[] = {"current_date", "current_time", "current_timestamp", "localtime",
                                                "localtimestamp", "current_user", "current_role", "session_user",
                                                "current_catalog", "current_schema"};
  std::string lower = sql;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* name : kValueFunctions) {
    if (lower == name || lower == std::string(name) + "()") {
      std::string upper = name;
      std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
      return upper;
    }
  }
  return sql;
}

Rows AttrDefaults(ClientContext& context, const PgRelation& relation) {
  Rows rows;
  for (auto& entry : context.db().catalog().AllEntries()) {
    if (!HasRows(*entry)) continue;
    auto& table = static_cast<const TableEntry&>(*entry);
    for (size_t i = 0; i < table.columns.size(); i++) {
      if (table.columns[i].default_sql.empty()) continue;
      rows.push_back(PgRow(relation).Int("oid", SubObjectOid(entry->oid, SubObject::kAttrDefault, i + 1))
                         .Int("adrelid", entry->oid).Int("adnum", int64_t(i + 1))
                         .Text("adbin", DefaultAsPostgresPrints(table.columns[i].default_sql, table.columns[i].type))
                         .Take());
    }
  }
  return rows;
}

Rows Indexes(ClientContext& context, const PgRelation& relation) {
  Rows rows;
  for (auto& entry : context.db().catalog().AllEntries()) {
    if (!HasRows(*entry)) continue;
    auto& table = static_cast<const TableEntry&>(*entry);
    for (size_t k = 0; k < table.constraints.size(); k++) {
      const TableConstraint& c = table.constraints[k];
      if (!HasIndex(c)) continue;
      auto keys = AttNums(table, c.columns);
      rows.push_back(PgRow(relation).Int("indexrelid", SubObjectOid(entry->oid, SubObject::kIndex, k))
                         .Int("indrelid", entry->oid).Int("indnatts", int64_t(keys.size()))
                         .Int("indnkeyatts", int64_t(keys.size())).Bool("indisunique", true)
                         .Bool("indisprimary", c.kind == TableConstraint::Kind::kPrimaryKey)
                         .Bool("indimmediate", true).Bool("indisvalid", true).Bool("indcheckxmin", false)
                         .Bool("indisready", true).Bool("indislive", true)
                         .Vector("indkey", keys)
                         .Vector("indcollation", std::vector<int64_t>(keys.size(), 0))
                         .Vector("indclass", std::vector<int64_t>(keys.size(), 0))
                         .Vector("indoption", std::vector<int64_t>(keys.size(), 0))
                         .Take());
    }
  }
  return rows;
}

Rows Constraints(ClientContext& context, const PgRelation& relation) {
  Rows rows;
  const Catalog& catalog = context.db().catalog();
  for (auto& entry : catalog.AllEntries()) {
    if (!HasRows(*entry)) continue;
    auto& table = static_cast<const TableEntry&>(*entry);
    for (size_t k = 0; k < table.constraints.size(); k++) {
      const TableConstraint& c = table.constraints[k];
      const char* type = c.kind == TableConstraint::Kind::kPrimaryKey ? "p"
                         : c.kind == TableConstraint::Kind::kUnique   ? "u"
                         : c.kind == TableConstraint::Kind::kForeignKey ? "f" : "c";
      PgRow row(relation);
      row.Int("oid", SubObjectOid(entry->oid, SubObject::kConstraint, k)).Text("conname", c.name)
          .Int("connamespace", catalog.SchemaOid(entry->schema)).Text("contype", type).Bool("convalidated", true)
          .Int("conrelid", entry->oid).Set("conkey", ArrayValue(TypeId::kSmallInt, AttNums(table, c.columns)))
          .Bool("conislocal", true).Bool("connoinherit", true).Text("confupdtype", " ").Text("confdeltype", " ")
          .Text("confmatchtype", " ");
      if (HasIndex(c)) row.Int("conindid", SubObjectOid(entry->oid, SubObject::kIndex, k));
      if (c.kind == TableConstraint::Kind::kForeignKey) {
        std::string schema = c.referenced_table.schema.empty() ? entry->schema : c.referenced_table.schema;
        auto referenced = catalog.GetEntry(schema, c.referenced_table.name);
        if (referenced && HasRows(*referenced)) {
          auto& target = static_cast<const TableEntry&>(*referenced);
          std::vector<std::string> columns = c.referenced_columns;
          for (size_t j = 0; columns.empty() && j < target.constraints.size(); j++) {
            if (target.constraints[j].kind == TableConstraint::Kind::kPrimaryKey) columns = target.constraints[j].columns;
          }
          row.Int("confrelid", referenced->oid).Set("confkey", ArrayValue(TypeId::kSmallInt, AttNums(target, columns)));
          // A foreign key's conindid is the referenced table's unique index over the
          // referenced columns (in any order), as in PostgreSQL: pgjdbc's getImportedKeys
          // joins it to name the PK_NAME.
          std::vector<std::string> wanted = columns;
          std::sort(wanted.begin(), wanted.end());
          for (size_t j = 0; j < target.constraints.size(); j++) {
            std::vector<std::string> key = target.constraints[j].columns;
            std::sort(key.begin(), key.end());
            if (HasIndex(target.constraints[j]) && key == wanted) {
              row.Int("conindid", SubObjectOid(referenced->oid, SubObject::kIndex, j));
              break;
            }
          }
        }
        row.Text("confupdtype", "a").Text("confdeltype", "a").Text("confmatchtype", "s");
      }
      rows.push_back(row.Take());
    }
  }
  return rows;
}

// A view's query is its _RETURN rule, on which it and what it reads depend (dbt follows them).
Rows Rewrites(ClientContext& context, const PgRelation& relation) {
  Rows rows;
  for (auto& entry : context.db().catalog().AllEntries()) {
    if (entry->kind != CatalogEntryKind::kView || entry->system) continue;
    rows.push_back(PgRow(relation).Int("oid", SubObjectOid(entry->oid, SubObject::kRewrite, 0))
                       .Text("rulename", "_RETURN").Int("ev_class", entry->oid).Text("ev_type", "1")
                       .Text("ev_enabled", "O").Bool("is_instead", true).Take());
  }
  return rows;
}

Rows Depends(ClientContext& context, const PgRelation& relation) {
  Rows rows;
  const Catalog& catalog = context.db().catalog();
  for (auto& entry : catalog.AllEntries()) {
    if (entry->system || entry->kind == CatalogEntryKind::kTable) continue;
    bool view = entry->kind == CatalogEntryKind::kView;
    uint64_t object = view ? SubObjectOid(entry->oid, SubObject::kRewrite, 0) : entry->oid;
    for (auto& qualified : DependenciesOf(*entry)) {
      size_t dot = qualified.find('.');
      auto target = catalog.GetEntry(qualified.substr(0, dot), qualified.substr(dot + 1));
      if (!target) continue;
      rows.push_back(PgRow(relation).Int("classid", view ? kPgRewriteOid : kPgClassOid).Int("objid", object)
                         .Int("objsubid", 0).Int("refclassid", kPgClassOid).Int("refobjid", target->oid)
                         .Int("refobjsubid", 0).Text("deptype", "n").Take());
    }
  }
  return rows;
}

}  // namespace

void AddPgClassRelations(std::vector<PgRelation>& out) {
  out.push_back({"pg_catalog", "pg_namespace", kPgNamespaceOid,
                 "oid:oid nspname:name nspowner:oid nspacl:aclitem[]", Namespaces, ""});
  out.push_back({"pg_catalog", "pg_class", kPgClassOid,
                 "oid:oid relname:name relnamespace:oid reltype:oid reloftype:oid relowner:oid relam:oid "
                 "relfilenode:oid reltablespace:oid relpages:int4 reltuples:float4 relallvisible:int4 "
                 "reltoastrelid:oid relhasindex:bool relisshared:bool relpersistence:char relkind:char "
                 "relnatts:int2 relchecks:int2 relhasrules:bool relhastriggers:bool relhassubclass:bool "
                 "relrowsecurity:bool relforcerowsecurity:bool relispopulated:bool relreplident:char "
                 "relispartition:bool relrewrite:oid relfrozenxid:xid relminmxid:xid relacl:aclitem[] "
                 "reloptions:text[] relpartbound:pg_node_tree",
                 Classes, ""});
  out.push_back({"pg_catalog", "pg_attribute", 1249,
                 "attrelid:oid attname:name atttypid:oid attstattarget:int4 attlen:int2 attnum:int2 "
                 "attndims:int4 attcacheoff:int4 atttypmod:int4 attbyval:bool attalign:char attstorage:char "
                 "attcompression:char attnotnull:bool atthasdef:bool atthasmissing:bool attidentity:char "
                 "attgenerated:char attisdropped:bool attislocal:bool attinhcount:int4 attcollation:oid "
                 "attacl:aclitem[] attoptions:text[] attfdwoptions:text[] attmissingval:text",
                 Attributes, ""});
  out.push_back({"pg_catalog", "pg_attrdef", 2604, "oid:oid adrelid:oid adnum:int2 adbin:pg_node_tree",
                 AttrDefaults, ""});
  out.push_back({"pg_catalog", "pg_index", 2610,
                 "indexrelid:oid indrelid:oid indnatts:int2 indnkeyatts:int2 indisunique:bool "
                 "indnullsnotdistinct:bool indisprimary:bool indisexclusion:bool indimmediate:bool "
                 "indisclustered:bool indisvalid:bool indcheckxmin:bool indisready:bool indislive:bool "
                 "indisreplident:bool indkey:int2vector indcollation:oidvector indclass:oidvector "
                 "indoption:int2vector indexprs:pg_node_tree indpred:pg_node_tree",
                 Indexes, ""});
  out.push_back({"pg_catalog", "pg_constraint", kPgConstraintOid,
                 "oid:oid conname:name connamespace:oid contype:char condeferrable:bool condeferred:bool "
                 "convalidated:bool conrelid:oid contypid:oid conindid:oid conparentid:oid confrelid:oid "
                 "confupdtype:char confdeltype:char confmatchtype:char conislocal:bool coninhcount:int4 "
                 "connoinherit:bool conkey:int2[] confkey:int2[] conpfeqop:oid[] conppeqop:oid[] "
                 "conffeqop:oid[] confdelsetcols:int2[] conexclop:oid[] conbin:pg_node_tree",
                 Constraints, ""});
  out.push_back({"pg_catalog", "pg_rewrite", kPgRewriteOid,
                 "oid:oid rulename:name ev_class:oid ev_type:char ev_enabled:char is_instead:bool "
                 "ev_qual:pg_node_tree ev_action:pg_node_tree",
                 Rewrites, ""});
  out.push_back({"pg_catalog", "pg_depend", 2608,
                 "classid:oid objid:oid objsubid:int4 refclassid:oid refobjid:oid refobjsubid:int4 deptype:char",
                 Depends, ""});
}

}  // namespace stockroom
