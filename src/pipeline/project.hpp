#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pipeline/data_tests.hpp"

namespace stockroom::pipeline {

// A raw table: raw/<system>_<table>.sql, a header and its CREATE TABLE.
struct RawTable {
  std::string relation;      // raw.<system>_<table>
  std::string file;          // the .sql file, as given (for messages)
  std::string landing;       // <system>/<table>: its folder under the landing zone
  std::string format;        // csv | json
  std::string copy_options;  // extra COPY options
  std::string create_sql;    // the CREATE TABLE statement
  std::vector<std::string> columns;  // its data columns (without the lineage ones)
};

// A table of a database source: extracted into raw.<system>_<table> instead of being read
// from <landing>/<system>/<table>/ (docs/ecommerce-warehouse.md, "Database sources").
struct SourceTableConfig {
  std::string table;       // the source table's name (and the landing folder's)
  std::string watermark;   // a column or expression that grows with every change; "" = full extract
  std::vector<std::string> key;  // the row's identity (orders the extract); default the first column
  std::string raw_table;   // the raw table it loads: raw.<system>_<table>
};

// A source system read from its database (stockroom_project.yml, database_sources:).
struct DatabaseSource {
  std::string system;     // shop, b2b_portal: the landing folder it replaces
  std::string kind;       // postgres | mysql
  std::string url_env;    // the environment variable that holds the URL (never the URL itself)
  std::string schema;     // postgres: the tables' schema (default public)
  std::string time_zone;  // postgres: the zone of the written offsets (default America/New_York)
  std::vector<SourceTableConfig> tables;

  // The table in the source database: <schema>.<table> (PostgreSQL), <table> (MySQL).
  std::string SourceTable(const SourceTableConfig& table) const;
  // "postgresql" or "mysql": how `_source_file` and messages name the source.
  std::string Scheme() const { return kind == "postgres" ? "postgresql" : "mysql"; }
};

enum class Materialization { kView, kTable, kIncremental, kMaterializedView };
const char* MaterializationName(Materialization m);

// A model: <folder>/<name>.sql, one SELECT that builds <folder>.<name>.
struct Model {
  std::string relation;  // schema.name
  std::string schema;
  std::string name;
  std::string file;
  std::string sql;  // the file's text (header included: comments run unchanged)
  Materialization materialized = Materialization::kTable;
  std::vector<std::string> unique_key;  // incremental
  std::string changed_at;               // incremental
  std::vector<std::string> references;  // schema.name of every raw table or model it reads
};

// A project folder (docs/ecommerce-warehouse.md, "The project"), read and checked: every
// header is valid, every model is one SELECT whose references exist, tests name real models.
struct Project {
  std::string root;
  std::string name;
  std::string time_zone;              // the sessions' TimeZone when set
  int64_t max_errors_per_file = 1000;
  std::vector<RawTable> raw_tables;   // by relation
  std::vector<Model> models;          // by relation
  std::vector<DataTest> tests;        // in file order
  std::vector<DatabaseSource> database_sources;

  // The database source and table that raw table `relation` is extracted from, or nulls.
  std::pair<const DatabaseSource*, const SourceTableConfig*> FindSource(const std::string& relation) const;

  const Model* FindModel(const std::string& relation) const;
  const RawTable* FindRawTable(const std::string& relation) const;
};

// Reads the project in `root`. Throws std::runtime_error naming the file at fault.
Project ReadProject(const std::string& root);

// The `-- key: value` lines that open a file, up to the first line that is not one.
std::map<std::string, std::string> ReadHeader(const std::string& text);

}  // namespace stockroom::pipeline
