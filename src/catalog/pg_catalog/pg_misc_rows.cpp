// pg_database, pg_am, pg_settings, pg_stat_activity and the catalogs of features Stockroom
// does not have (comments, triggers, policies, publications, ...), which clients read and
// must find empty but with PostgreSQL's columns.
#include <unistd.h>

#include <string>
#include <tuple>

#include "catalog/catalog.hpp"
#include "catalog/pg_catalog/pg_object_ids.hpp"
#include "catalog/pg_catalog/pg_relation.hpp"
#include "common/types/time_zone.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {
namespace {

using Rows = std::vector<std::vector<Value>>;

Rows Empty(ClientContext&, const PgRelation&) { return {}; }

Rows Databases(ClientContext&, const PgRelation& relation) {
  return {PgRow(relation).Int("oid", 16384 - 1).Text("datname", "stockroom").Int("datdba", kBootstrapSuperuserOid)
              .Int("encoding", 6).Text("datlocprovider", "c").Bool("datallowconn", true).Int("datconnlimit", -1)
              .Text("datcollate", "C.UTF-8").Text("datctype", "C.UTF-8").Int("dattablespace", 1663).Take()};
}

Rows AccessMethods(ClientContext&, const PgRelation& relation) {
  return {PgRow(relation).Int("oid", kHeapAmOid).Text("amname", "heap").Text("amtype", "t").Take(),
          PgRow(relation).Int("oid", kBtreeAmOid).Text("amname", "btree").Text("amtype", "i").Take()};
}

// PostgreSQL's built-in languages with their oids: every pg_proc row is `internal` (12);
// psql's \df+ joins pg_language for the Language column.
Rows Languages(ClientContext&, const PgRelation& relation) {
  Rows rows;
  for (auto [oid, name, validator] : {std::tuple{12, "internal", 2246}, {13, "c", 2247}, {14, "sql", 2248}}) {
    rows.push_back(PgRow(relation).Int("oid", oid).Text("lanname", name).Int("lanowner", kBootstrapSuperuserOid)
                       .Bool("lanispl", false).Bool("lanpltrusted", std::string(name) == "sql")
                       .Int("lanplcallfoid", 0).Int("laninline", 0).Int("lanvalidator", validator).Take());
  }
  return rows;
}

// PostgreSQL's built-in comments, then COMMENT ON's (which may replace one of them).
Rows Descriptions(ClientContext& context, const PgRelation& relation) {
  Rows rows;
  auto comments = context.db().comments().All();
  for (auto& d : BuiltinDescriptions()) {
    if (comments.count({d.classoid, d.objoid, 0})) continue;
    rows.push_back(PgRow(relation).Int("objoid", int64_t(d.objoid)).Int("classoid", int64_t(d.classoid))
                       .Int("objsubid", 0).Text("description", d.description).Take());
  }
  for (auto& [key, text] : comments) {
    rows.push_back(PgRow(relation).Int("objoid", int64_t(key.objoid)).Int("classoid", int64_t(key.classoid))
                       .Int("objsubid", key.objsubid).Text("description", text).Take());
  }
  return rows;
}

Rows Collations(ClientContext&, const PgRelation& relation) {
  return {PgRow(relation).Int("oid", 100).Text("collname", "default").Int("collnamespace", 11).Int("collencoding", -1)
              .Text("collprovider", "d").Bool("collisdeterministic", true).Take(),
          PgRow(relation).Int("oid", 950).Text("collname", "C").Int("collnamespace", 11).Int("collencoding", -1)
              .Text("collprovider", "c").Bool("collisdeterministic", true).Text("collcollate", "C")
              .Text("collctype", "C").Take()};
}

std::string JoinPath(const std::vector<std::string>& path) {
  std::string out;
  for (size_t i = 0; i < path.size(); i++) out += (i ? ", " : "") + path[i];
  return out;
}

// The settings a session has (SessionSettings) and the fixed ones clients ask about.
Rows Settings(ClientContext& context, const PgRelation& relation) {
  const SessionSettings& s = context.settings();
  std::vector<std::tuple<std::string, std::string, std::string>> settings = {
      {"application_name", s.application_name, "string"},
      {"client_encoding", "UTF8", "string"},
      {"DateStyle", "ISO, MDY", "string"},
      {"extra_float_digits", std::to_string(s.extra_float_digits), "integer"},
      {"integer_datetimes", "on", "bool"},
      {"IntervalStyle", "postgres", "enum"},
      {"max_function_args", "100", "integer"},
      {"max_identifier_length", "63", "integer"},
      {"max_index_keys", "32", "integer"},  // pgjdbc's getImportedKeys reads it
      {"search_path", JoinPath(s.search_path), "string"},
      {"server_encoding", "UTF8", "string"},
      {"server_version", "15.0", "string"},
      {"server_version_num", "150000", "integer"},
      {"standard_conforming_strings", "on", "bool"},
      {"TimeZone", context.time_zone().name(), "string"},
      {"transaction_isolation", "repeatable read", "enum"},
  };
  Rows rows;
  for (auto& [name, value, type] : settings) {
    rows.push_back(PgRow(relation).Text("name", name).Text("setting", value).Text("context", "user")
                       .Text("vartype", type).Text("source", "default").Text("category", "Client Connection Defaults")
                       .Bool("pending_restart", false).Take());
  }
  return rows;
}

// The local session only; the server's session registry replaces this when it exists.
Rows Activity(ClientContext& context, const PgRelation& relation) {
  return {PgRow(relation).Int("datid", 16383).Text("datname", "stockroom").Int("pid", getpid())
              .Int("usesysid", kBootstrapSuperuserOid).Text("usename", context.settings().user)
              .Text("application_name", context.settings().application_name).Text("state", "active")
              .Text("backend_type", "client backend").Take()};
}

Rows UserTableStats(ClientContext& context, const PgRelation& relation) {
  Rows rows;
  for (auto& entry : context.db().catalog().AllEntries()) {
    if (!HasRows(*entry) || entry->system) continue;
    auto& table = static_cast<const TableEntry&>(*entry);
    int64_t live = table.storage ? int64_t(table.storage->RowCount()) : 0;
    rows.push_back(PgRow(relation).Int("relid", entry->oid).Text("schemaname", entry->schema)
                       .Text("relname", entry->name).Int("n_live_tup", live).Take());
  }
  return rows;
}

}  // namespace

void AddPgMiscRelations(std::vector<PgRelation>& out) {
  out.push_back({"pg_catalog", "pg_database", 1262,
                 "oid:oid datname:name datdba:oid encoding:int4 datlocprovider:char datistemplate:bool "
                 "datallowconn:bool datconnlimit:int4 datfrozenxid:xid datminmxid:xid dattablespace:oid "
                 "datcollate:text datctype:text daticulocale:text datcollversion:text datacl:aclitem[]",
                 Databases, ""});
  out.push_back({"pg_catalog", "pg_language", 2612,
                 "oid:oid lanname:name lanowner:oid lanispl:bool lanpltrusted:bool lanplcallfoid:oid laninline:oid "
                 "lanvalidator:oid lanacl:aclitem[]",
                 Languages, ""});
  out.push_back({"pg_catalog", "pg_am", 2601, "oid:oid amname:name amhandler:regproc amtype:char", AccessMethods, ""});
  out.push_back({"pg_catalog", "pg_collation", 3456,
                 "oid:oid collname:name collnamespace:oid collowner:oid collprovider:char "
                 "collisdeterministic:bool collencoding:int4 collcollate:text collctype:text colliculocale:text "
                 "collversion:text",
                 Collations, ""});
  out.push_back({"pg_catalog", "pg_description", 2609, "objoid:oid classoid:oid objsubid:int4 description:text",
                 Descriptions, ""});
  out.push_back({"pg_catalog", "pg_shdescription", 2396, "objoid:oid classoid:oid description:text", Empty, ""});
  out.push_back({"pg_catalog", "pg_inherits", 2611,
                 "inhrelid:oid inhparent:oid inhseqno:int4 inhdetachpending:bool", Empty, ""});
  out.push_back({"pg_catalog", "pg_enum", 3501, "oid:oid enumtypid:oid enumsortorder:float4 enumlabel:name", Empty,
                 ""});
  out.push_back({"pg_catalog", "pg_sequence", 2224,
                 "seqrelid:oid seqtypid:oid seqstart:int8 seqincrement:int8 seqmax:int8 seqmin:int8 "
                 "seqcache:int8 seqcycle:bool",
                 Empty, ""});
  out.push_back({"pg_catalog", "pg_trigger", 2620,
                 "oid:oid tgrelid:oid tgparentid:oid tgname:name tgfoid:oid tgtype:int2 tgenabled:char "
                 "tgisinternal:bool tgconstrrelid:oid tgconstrindid:oid tgconstraint:oid tgdeferrable:bool "
                 "tginitdeferred:bool tgnargs:int2 tgattr:int2vector tgqual:pg_node_tree",
                 Empty, ""});
  out.push_back({"pg_catalog", "pg_policy", 3256,
                 "oid:oid polname:name polrelid:oid polcmd:char polpermissive:bool polroles:oid[] "
                 "polqual:pg_node_tree polwithcheck:pg_node_tree",
                 Empty, ""});
  out.push_back({"pg_catalog", "pg_statistic_ext", 3381,
                 "oid:oid stxrelid:oid stxname:name stxnamespace:oid stxowner:oid stxstattarget:int4 "
                 "stxkeys:int2vector stxkind:char[] stxexprs:pg_node_tree",
                 Empty, ""});
  out.push_back({"pg_catalog", "pg_publication", 6104,
                 "oid:oid pubname:name pubowner:oid puballtables:bool pubinsert:bool pubupdate:bool "
                 "pubdelete:bool pubtruncate:bool pubviaroot:bool",
                 Empty, ""});
  out.push_back({"pg_catalog", "pg_publication_namespace", 6237, "oid:oid pnpubid:oid pnnspid:oid", Empty, ""});
  out.push_back({"pg_catalog", "pg_publication_rel", 6106,
                 "oid:oid prpubid:oid prrelid:oid prqual:pg_node_tree prattrs:int2vector", Empty, ""});
  out.push_back({"pg_catalog", "pg_opclass", 2616,
                 "oid:oid opcmethod:oid opcname:name opcnamespace:oid opcowner:oid opcfamily:oid "
                 "opcintype:oid opcdefault:bool opckeytype:oid",
                 Empty, ""});
  out.push_back({"pg_catalog", "pg_settings", 0,
                 "name:text setting:text unit:text category:text short_desc:text extra_desc:text context:text "
                 "vartype:text source:text min_val:text max_val:text enumvals:text[] boot_val:text "
                 "reset_val:text sourcefile:text sourceline:int4 pending_restart:bool",
                 Settings, ""});
  out.push_back({"pg_catalog", "pg_stat_activity", 0,
                 "datid:oid datname:name pid:int4 leader_pid:int4 usesysid:oid usename:name "
                 "application_name:text client_addr:text client_hostname:text client_port:int4 "
                 "backend_start:timestamptz xact_start:timestamptz query_start:timestamptz "
                 "state_change:timestamptz wait_event_type:text wait_event:text state:text backend_xid:xid "
                 "backend_xmin:xid query_id:int8 query:text backend_type:text",
                 Activity, ""});
  out.push_back({"pg_catalog", "pg_stat_user_tables", 0,
                 "relid:oid schemaname:name relname:name seq_scan:int8 seq_tup_read:int8 idx_scan:int8 "
                 "idx_tup_fetch:int8 n_tup_ins:int8 n_tup_upd:int8 n_tup_del:int8 n_tup_hot_upd:int8 "
                 "n_live_tup:int8 n_dead_tup:int8",
                 UserTableStats, ""});
}

}  // namespace stockroom
