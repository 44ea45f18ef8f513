// pg_type (every type Stockroom has, with PostgreSQL's oids, plus the catalog types clients
// look up) and pg_proc (the function registry).

#include "catalog/pg_catalog/pg_object_ids.hpp"
#include "catalog/pg_catalog/pg_relation.hpp"
#include "catalog/pg_catalog/pg_types.hpp"
#include "function/function_registry.hpp"
#include "main/client_context.hpp"

namespace stockroom {
namespace {

using Rows = std::vector<std::vector<Value>>;

Rows Types(ClientContext&, const PgRelation& relation) {
  Rows rows;
  for (const PgTypeRow& t : PgTypeRows()) {
    PgRow row(relation);
    row.Int("oid", t.oid).Text("typname", t.name).Int("typnamespace", 11).Int("typowner", kBootstrapSuperuserOid)
        .Int("typlen", t.length).Bool("typbyval", t.length > 0 && t.length <= 8).Text("typtype", "b")
        .Text("typcategory", std::string(1, t.category)).Bool("typispreferred", t.preferred)
        .Bool("typisdefined", true).Text("typdelim", ",").Int("typelem", t.element).Int("typarray", t.array)
        .Int("typinput", t.element ? kArrayInOid : 0).Int("typoutput", t.element ? kArrayOutOid : 0)
        .Text("typalign", t.length == 2 ? "s" : t.length == 8 || t.length == 16 ? "d" : "i")
        .Text("typstorage", PgTypeStorage(t.oid, t.length)).Int("typtypmod", -1).Int("typndims", 0)
        .Int("typcollation", t.category == 'S' ? 100 : 0);
    rows.push_back(row.Take());
  }
  return rows;
}

// One row per overload of every named (non-operator) function; their oids are their places
// in a sorted list, so they stay put while the build's function set does.
Rows Procs(ClientContext&, const PgRelation& relation) {
  Rows rows;
  for (const PgProcRow& p : PgProcRows()) {
    PgRow row(relation);
    row.Int("oid", p.oid).Text("proname", p.name).Int("pronamespace", 11).Int("proowner", kBootstrapSuperuserOid)
        .Int("prolang", 12).Int("procost", 1).Int("prorows", p.returns_set ? 1000 : 0)
        .Text("prokind", p.aggregate ? "a" : "f").Bool("proretset", p.returns_set)
        .Text("provolatile", "i").Text("proparallel", "s").Int("pronargs", int64_t(p.argument_oids.size()))
        .Int("prorettype", p.return_oid).Text("prosrc", p.name);
    row.Vector("proargtypes", std::vector<int64_t>(p.argument_oids.begin(), p.argument_oids.end()));
    rows.push_back(row.Take());
  }
  return rows;
}

}  // namespace

void AddPgTypeRelations(std::vector<PgRelation>& out) {
  out.push_back({"pg_catalog", "pg_type", kPgTypeOid,
                 "oid:oid typname:name typnamespace:oid typowner:oid typlen:int2 typbyval:bool typtype:char "
                 "typcategory:char typispreferred:bool typisdefined:bool typdelim:char typrelid:oid "
                 "typsubscript:regproc typelem:oid typarray:oid typinput:regproc typoutput:regproc "
                 "typreceive:regproc typsend:regproc typmodin:regproc typmodout:regproc typanalyze:regproc "
                 "typalign:char typstorage:char typnotnull:bool typbasetype:oid typtypmod:int4 typndims:int4 "
                 "typcollation:oid typdefaultbin:pg_node_tree typdefault:text typacl:aclitem[]",
                 Types, ""});
  out.push_back({"pg_catalog", "pg_proc", kPgProcOid,
                 "oid:oid proname:name pronamespace:oid proowner:oid prolang:oid procost:float4 prorows:float4 "
                 "provariadic:oid prosupport:regproc prokind:char prosecdef:bool proleakproof:bool "
                 "proisstrict:bool proretset:bool provolatile:char proparallel:char pronargs:int2 "
                 "pronargdefaults:int2 prorettype:oid proargtypes:oidvector proallargtypes:oid[] "
                 "proargmodes:char[] proargnames:text[] proargdefaults:pg_node_tree protrftypes:oid[] "
                 "prosrc:text probin:text prosqlbody:pg_node_tree proconfig:text[] proacl:aclitem[]",
                 Procs, ""});
}

}  // namespace stockroom
