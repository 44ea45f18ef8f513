// Views over the emulated catalogs, defined as PostgreSQL 15 defines them (system_views.sql,
// information_schema.sql), simplified where Stockroom has no such feature (no privileges
// filter until roles exist, no tablespaces, no identity columns).
#include "catalog/pg_catalog/pg_relation.hpp"

namespace stockroom {

void AddPgViews(std::vector<PgRelation>& out) {
  out.push_back({"pg_catalog", "pg_tables", 0,
                 "schemaname:name tablename:name tableowner:name tablespace:name hasindexes:bool "
                 "hasrules:bool hastriggers:bool rowsecurity:bool",
                 nullptr,
                 "SELECT n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner), NULL::text, c.relhasindex, "
                 "c.relhasrules, c.relhastriggers, c.relrowsecurity FROM pg_catalog.pg_class c "
                 "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"});
  out.push_back({"pg_catalog", "pg_views", 0, "schemaname:name viewname:name viewowner:name definition:text",
                 nullptr,
                 "SELECT n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner), "
                 "pg_catalog.pg_get_viewdef(c.oid) FROM pg_catalog.pg_class c "
                 "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'v'"});
  out.push_back({"pg_catalog", "pg_matviews", 0,
                 "schemaname:name matviewname:name matviewowner:name tablespace:name hasindexes:bool "
                 "ispopulated:bool definition:text",
                 nullptr,
                 "SELECT n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner), NULL::text, c.relhasindex, "
                 "true, pg_catalog.pg_get_viewdef(c.oid) FROM pg_catalog.pg_class c "
                 "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'm'"});
}

void AddInformationSchema(std::vector<PgRelation>& out) {
  out.push_back({"information_schema", "schemata", 0,
                 "catalog_name:name schema_name:name schema_owner:name default_character_set_catalog:name "
                 "default_character_set_schema:name default_character_set_name:name sql_path:text",
                 nullptr,
                 "SELECT pg_catalog.current_database(), n.nspname, pg_catalog.pg_get_userbyid(n.nspowner), "
                 "NULL::text, NULL::text, NULL::text, NULL::text FROM pg_catalog.pg_namespace n"});
  out.push_back({"information_schema", "tables", 0,
                 "table_catalog:name table_schema:name table_name:name table_type:text "
                 "self_referencing_column_name:name reference_generation:text user_defined_type_catalog:name "
                 "user_defined_type_schema:name user_defined_type_name:name is_insertable_into:text "
                 "is_typed:text commit_action:text",
                 nullptr,
                 "SELECT pg_catalog.current_database(), nc.nspname, c.relname, "
                 "CASE WHEN nc.nspname LIKE 'pg!_temp!_%' ESCAPE '!' THEN 'LOCAL TEMPORARY' "
                 "WHEN c.relkind IN ('r', 'p') THEN 'BASE TABLE' WHEN c.relkind = 'v' THEN 'VIEW' "
                 "WHEN c.relkind = 'f' THEN 'FOREIGN' ELSE NULL END, NULL::text, NULL::text, NULL::text, "
                 "NULL::text, NULL::text, CASE WHEN c.relkind IN ('r', 'p') THEN 'YES' ELSE 'NO' END, 'NO', "
                 "NULL::text FROM pg_catalog.pg_namespace nc JOIN pg_catalog.pg_class c ON nc.oid = c.relnamespace "
                 "WHERE c.relkind IN ('r', 'v', 'f', 'p')"});
  out.push_back({"information_schema", "views", 0,
                 "table_catalog:name table_schema:name table_name:name view_definition:text check_option:text "
                 "is_updatable:text is_insertable_into:text is_trigger_updatable:text "
                 "is_trigger_deletable:text is_trigger_insertable_into:text",
                 nullptr,
                 "SELECT pg_catalog.current_database(), nc.nspname, c.relname, pg_catalog.pg_get_viewdef(c.oid), "
                 "'NONE', 'NO', 'NO', 'NO', 'NO', 'NO' FROM pg_catalog.pg_namespace nc "
                 "JOIN pg_catalog.pg_class c ON nc.oid = c.relnamespace WHERE c.relkind = 'v'"});
  // data_type as information_schema spells it: arrays ARRAY, user types USER-DEFINED, and
  // the SQL names of the rest.
  out.push_back({"information_schema", "columns", 0,
                 "table_catalog:name table_schema:name table_name:name column_name:name ordinal_position:int4 "
                 "column_default:text is_nullable:text data_type:text character_maximum_length:int4 "
                 "character_octet_length:int4 numeric_precision:int4 numeric_precision_radix:int4 "
                 "numeric_scale:int4 datetime_precision:int4 interval_type:text interval_precision:int4 "
                 "character_set_catalog:name character_set_schema:name character_set_name:name "
                 "collation_catalog:name collation_schema:name collation_name:name domain_catalog:name "
                 "domain_schema:name domain_name:name udt_catalog:name udt_schema:name udt_name:name "
                 "scope_catalog:name scope_schema:name scope_name:name maximum_cardinality:int4 "
                 "dtd_identifier:name is_self_referencing:text is_identity:text identity_generation:text "
                 "identity_start:text identity_increment:text identity_maximum:text identity_minimum:text "
                 "identity_cycle:text is_generated:text generation_expression:text is_updatable:text",
                 nullptr,
                 "SELECT pg_catalog.current_database(), nc.nspname, c.relname, a.attname, a.attnum::int, "
                 "pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), "
                 "CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END, "
                 "CASE WHEN t.typcategory = 'A' THEN 'ARRAY' WHEN t.typcategory = 'U' AND t.typname NOT IN "
                 "('json', 'jsonb') THEN 'USER-DEFINED' ELSE pg_catalog.format_type(a.atttypid, NULL) END, "
                 "information_schema._pg_char_max_length(a.atttypid, a.atttypmod), "
                 "information_schema._pg_char_octet_length(a.atttypid, a.atttypmod), "
                 "information_schema._pg_numeric_precision(a.atttypid, a.atttypmod), "
                 "information_schema._pg_numeric_precision_radix(a.atttypid, a.atttypmod), "
                 "information_schema._pg_numeric_scale(a.atttypid, a.atttypmod), "
                 "information_schema._pg_datetime_precision(a.atttypid, a.atttypmod), "
                 "NULL::text, NULL::int, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, "
                 "NULL::text, NULL::text, NULL::text, pg_catalog.current_database(), 'pg_catalog', t.typname, "
                 "NULL::text, NULL::text, NULL::text, NULL::int, a.attnum::text, 'NO', 'NO', NULL::text, "
                 "NULL::text, NULL::text, NULL::text, NULL::text, 'NO', 'NEVER', NULL::text, "
                 "CASE WHEN c.relkind IN ('r', 'p') THEN 'YES' ELSE 'NO' END "
                 "FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef ad "
                 "ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum "
                 "JOIN pg_catalog.pg_class c ON a.attrelid = c.oid "
                 "JOIN pg_catalog.pg_namespace nc ON c.relnamespace = nc.oid "
                 "JOIN pg_catalog.pg_type t ON a.atttypid = t.oid "
                 "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'f', 'p', 'm')"});
  out.push_back({"information_schema", "table_constraints", 0,
                 "constraint_catalog:name constraint_schema:name constraint_name:name table_catalog:name "
                 "table_schema:name table_name:name constraint_type:text is_deferrable:text "
                 "initially_deferred:text enforced:text nulls_distinct:text",
                 nullptr,
                 "SELECT pg_catalog.current_database(), nc.nspname, con.conname, pg_catalog.current_database(), "
                 "nr.nspname, r.relname, CASE con.contype WHEN 'c' THEN 'CHECK' WHEN 'f' THEN 'FOREIGN KEY' "
                 "WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' END, 'NO', 'NO', 'YES', "
                 "CASE WHEN con.contype = 'u' THEN 'YES' END "
                 "FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_namespace nc ON con.connamespace = nc.oid "
                 "JOIN pg_catalog.pg_class r ON con.conrelid = r.oid "
                 "JOIN pg_catalog.pg_namespace nr ON r.relnamespace = nr.oid "
                 "UNION ALL SELECT pg_catalog.current_database(), nr.nspname, "
                 "nr.oid::text || '_' || r.oid::text || '_' || a.attnum::text || '_not_null', "
                 "pg_catalog.current_database(), nr.nspname, r.relname, 'CHECK', 'NO', 'NO', 'YES', NULL::text "
                 "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class r ON a.attrelid = r.oid "
                 "JOIN pg_catalog.pg_namespace nr ON r.relnamespace = nr.oid "
                 "WHERE a.attnotnull AND a.attnum > 0 AND r.relkind IN ('r', 'p')"});
  out.push_back({"information_schema", "key_column_usage", 0,
                 "constraint_catalog:name constraint_schema:name constraint_name:name table_catalog:name "
                 "table_schema:name table_name:name column_name:name ordinal_position:int4 "
                 "position_in_unique_constraint:int4",
                 nullptr,
                 "SELECT pg_catalog.current_database(), nc.nspname, con.conname, pg_catalog.current_database(), "
                 "nr.nspname, r.relname, a.attname, k.ord::int, "
                 "CASE WHEN con.contype = 'f' THEN k.ord::int END "
                 "FROM pg_catalog.pg_constraint con "
                 "JOIN pg_catalog.pg_namespace nc ON con.connamespace = nc.oid "
                 "JOIN pg_catalog.pg_class r ON con.conrelid = r.oid "
                 "JOIN pg_catalog.pg_namespace nr ON r.relnamespace = nr.oid "
                 "CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) "
                 "JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum = k.attnum "
                 "WHERE con.contype IN ('p', 'u', 'f')"});
}

}  // namespace stockroom
