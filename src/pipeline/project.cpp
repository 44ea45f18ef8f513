#include "pipeline/project.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "pipeline/model_dependencies.hpp"

namespace fs = std::filesystem;

namespace stockroom::pipeline {

namespace {

[[noreturn]] void Fail(const std::string& file, const std::string& what) { throw std::runtime_error(file + ": " + what); }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot read");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Names that need no quoting, so a file name is the relation's name as written in SQL.
bool PlainIdentifier(const std::string& name) {
  static const std::regex kIdentifier("[a-z_][a-z0-9_]*");
  return std::regex_match(name, kIdentifier);
}

std::vector<fs::path> SqlFiles(const fs::path& folder) {
  std::vector<fs::path> files;
  for (auto& entry : fs::directory_iterator(folder)) {
    if (entry.is_regular_file() && entry.path().extension() == ".sql") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

RawTable ReadRawTable(const fs::path& path) {
  RawTable raw;
  raw.file = path.string();
  raw.relation = "raw." + path.stem().string();
  if (!PlainIdentifier(path.stem().string())) Fail(raw.file, "a raw file's name must be a lower-case identifier");
  std::string text = ReadFile(path);
  auto header = ReadHeader(text);
  raw.landing = header["landing"];
  raw.format = header.count("format") ? header["format"] : "csv";
  raw.copy_options = header["copy_options"];
  if (raw.landing.empty()) Fail(raw.file, "the header needs landing: <system>/<table>");
  if (raw.format != "csv" && raw.format != "json") Fail(raw.file, "format must be csv or json");
  CreatedTable created;
  try {
    created = ParseCreateTable(text);
  } catch (const std::exception& e) {
    Fail(raw.file, e.what());
  }
  if (created.relation != raw.relation) {
    Fail(raw.file, "creates " + created.relation + " but the file name says " + raw.relation);
  }
  raw.create_sql = text;
  raw.columns = created.columns;
  return raw;
}

Model ReadModel(const fs::path& path, const std::string& schema) {
  Model model;
  model.file = path.string();
  model.schema = schema;
  model.name = path.stem().string();
  model.relation = schema + "." + model.name;
  if (!PlainIdentifier(model.name)) Fail(model.file, "a model's file name must be a lower-case identifier");
  model.sql = ReadFile(path);
  auto header = ReadHeader(model.sql);
  std::string materialized = header.count("materialized") ? header["materialized"] : "table";
  if (materialized == "view") {
    model.materialized = Materialization::kView;
  } else if (materialized == "table") {
    model.materialized = Materialization::kTable;
  } else if (materialized == "incremental") {
    model.materialized = Materialization::kIncremental;
  } else if (materialized == "materialized_view") {
    model.materialized = Materialization::kMaterializedView;
  } else {
    Fail(model.file, "materialized must be view, table, incremental or materialized_view, not \"" + materialized + "\"");
  }
  model.unique_key = SplitList(header["unique_key"]);
  model.changed_at = header["changed_at"];
  // Without unique_key an incremental model only appends (rows that never change: events).
  if (model.materialized == Materialization::kIncremental && model.changed_at.empty()) {
    Fail(model.file, "an incremental model needs changed_at: in its header");
  }
  // A trailing ';' is allowed in the file (psql needs it) but not inside CREATE ... AS.
  while (!model.sql.empty() && (std::isspace(static_cast<unsigned char>(model.sql.back())) || model.sql.back() == ';')) {
    model.sql.pop_back();
  }
  try {
    model.references = QualifiedRelations(model.sql);
  } catch (const std::exception& e) {
    Fail(model.file, e.what());
  }
  return model;
}

// Keeps the references into the project's schemas and checks that each exists.
std::vector<std::string> ProjectReferences(const Project& project, const std::set<std::string>& schemas,
                                           const std::vector<std::string>& references, const std::string& file) {
  std::vector<std::string> kept;
  for (auto& relation : references) {
    std::string schema = relation.substr(0, relation.find('.'));
    if (!schemas.count(schema)) continue;
    if (!project.FindModel(relation) && !project.FindRawTable(relation)) {
      Fail(file, "reads " + relation + ", which is neither a model nor a raw table of the project");
    }
    kept.push_back(relation);
  }
  return kept;
}

std::string Text(const YAML::Node& node, const char* key, const std::string& fallback = "") {
  return node[key] ? node[key].as<std::string>() : fallback;
}

// database_sources: of stockroom_project.yml, checked against the raw tables: every source
// table loads a raw table whose landing folder is <system>/<table>, and a source system
// lists every raw table of its folder (the landing folders of that system are not read, so
// an unlisted table would silently stop loading).
std::vector<DatabaseSource> ReadDatabaseSources(const YAML::Node& node, const Project& project,
                                                const std::string& file) {
  std::vector<DatabaseSource> sources;
  if (!node) return sources;
  if (!node.IsSequence()) Fail(file, "database_sources must be a list");
  std::set<std::string> systems;
  for (const auto& entry : node) {
    DatabaseSource source;
    source.system = Text(entry, "system");
    source.kind = Text(entry, "kind");
    source.url_env = Text(entry, "url_env");
    source.schema = Text(entry, "schema", "public");
    source.time_zone = Text(entry, "time_zone", "America/New_York");
    std::string where = "database source " + (source.system.empty() ? "?" : source.system);
    if (source.system.empty()) Fail(file, "a database source needs system:");
    if (!systems.insert(source.system).second) Fail(file, where + " is listed twice");
    if (source.kind != "postgres" && source.kind != "mysql") Fail(file, where + ": kind must be postgres or mysql");
    if (entry["url"]) {
      Fail(file, where + ": give the URL in an environment variable (url_env: NAME), not in the project file, so "
                         "that no password is kept in the repository");
    }
    if (source.url_env.empty()) Fail(file, where + " needs url_env: the environment variable that holds its URL");
    if (!entry["tables"] || !entry["tables"].IsSequence() || entry["tables"].size() == 0) {
      Fail(file, where + " needs tables: a list of {table: name, watermark: expression}");
    }
    for (const auto& item : entry["tables"]) {
      SourceTableConfig table;
      table.table = Text(item, "table");
      table.watermark = Text(item, "watermark");
      if (item["key"]) {
        if (item["key"].IsSequence()) {
          for (const auto& column : item["key"]) table.key.push_back(column.as<std::string>());
        } else {
          table.key = SplitList(item["key"].as<std::string>());
        }
      }
      const RawTable* raw = nullptr;
      for (const auto& candidate : project.raw_tables) {
        if (candidate.landing == source.system + "/" + table.table) raw = &candidate;
      }
      if (!raw) Fail(file, where + ": no raw table reads landing folder " + source.system + "/" + table.table);
      for (const auto& column : table.key) {
        if (std::find(raw->columns.begin(), raw->columns.end(), column) == raw->columns.end()) {
          Fail(file, where + ": key column " + column + " is not a column of " + raw->relation);
        }
      }
      if (table.key.empty()) table.key.push_back(raw->columns.at(0));
      table.raw_table = raw->relation;
      source.tables.push_back(std::move(table));
    }
    for (const auto& raw : project.raw_tables) {
      if (raw.landing.rfind(source.system + "/", 0) != 0) continue;
      bool listed = false;
      for (const auto& table : source.tables) listed = listed || table.raw_table == raw.relation;
      if (!listed) {
        Fail(file, where + " does not list " + raw.landing.substr(source.system.size() + 1) + " (" + raw.relation +
                       "): a database source replaces every landing folder of its system");
      }
    }
    sources.push_back(std::move(source));
  }
  return sources;
}

}  // namespace

std::string DatabaseSource::SourceTable(const SourceTableConfig& table) const {
  return kind == "postgres" ? schema + "." + table.table : table.table;
}

std::pair<const DatabaseSource*, const SourceTableConfig*> Project::FindSource(const std::string& relation) const {
  for (const auto& source : database_sources) {
    for (const auto& table : source.tables) {
      if (table.raw_table == relation) return {&source, &table};
    }
  }
  return {nullptr, nullptr};
}

const char* MaterializationName(Materialization m) {
  switch (m) {
    case Materialization::kView: return "view";
    case Materialization::kTable: return "table";
    case Materialization::kIncremental: return "incremental";
    case Materialization::kMaterializedView: return "materialized_view";
  }
  return "table";
}

const Model* Project::FindModel(const std::string& relation) const {
  for (auto& model : models) {
    if (model.relation == relation) return &model;
  }
  return nullptr;
}

const RawTable* Project::FindRawTable(const std::string& relation) const {
  for (auto& raw : raw_tables) {
    if (raw.relation == relation) return &raw;
  }
  return nullptr;
}

std::map<std::string, std::string> ReadHeader(const std::string& text) {
  static const std::regex kLine(R"(--\s*([a-z_]+):\s*(.*?)\s*)");
  std::map<std::string, std::string> header;
  std::stringstream in(text);
  std::string line;
  std::smatch match;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!std::regex_match(line, match, kLine)) break;
    header[match[1]] = match[2];
  }
  return header;
}

Project ReadProject(const std::string& root) {
  Project project;
  project.root = root;
  fs::path dir(root);
  fs::path settings = dir / "stockroom_project.yml";
  if (!fs::is_directory(dir)) throw std::runtime_error(root + ": not a project folder");
  YAML::Node yml;
  if (fs::exists(settings)) {
    try {
      yml = YAML::LoadFile(settings.string());
      if (yml["name"]) project.name = yml["name"].as<std::string>();
      if (yml["time_zone"]) project.time_zone = yml["time_zone"].as<std::string>();
      if (yml["max_errors_per_file"]) project.max_errors_per_file = yml["max_errors_per_file"].as<int64_t>();
    } catch (const YAML::Exception& e) {
      Fail(settings.string(), e.what());
    }
  }
  if (project.name.empty()) project.name = dir.filename().string();
  if (!fs::is_directory(dir / "raw")) Fail(root, "a project needs a raw/ folder");
  for (auto& path : SqlFiles(dir / "raw")) project.raw_tables.push_back(ReadRawTable(path));
  try {
    const YAML::Node& settings_node = yml;  // const: a missing key must not be added
    project.database_sources = ReadDatabaseSources(settings_node["database_sources"], project, settings.string());
  } catch (const YAML::Exception& e) {
    Fail(settings.string(), e.what());
  }

  std::vector<fs::path> folders;
  for (auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_directory() && entry.path().filename() != "raw") folders.push_back(entry.path());
  }
  std::sort(folders.begin(), folders.end());
  std::set<std::string> schemas = {"raw"};
  for (auto& folder : folders) {
    std::string schema = folder.filename().string();
    if (!PlainIdentifier(schema)) continue;  // not a model folder (e.g. .git)
    schemas.insert(schema);
    for (auto& path : SqlFiles(folder)) project.models.push_back(ReadModel(path, schema));
    if (fs::exists(folder / "tests.yml")) {
      for (auto& test : ReadTests((folder / "tests.yml").string(), schema)) project.tests.push_back(std::move(test));
    }
  }
  for (auto& model : project.models) {
    model.references = ProjectReferences(project, schemas, model.references, model.file);
  }
  for (auto& test : project.tests) {
    if (!project.FindModel(test.model)) Fail(test.file, test.name + ": no model " + test.model);
    std::vector<std::string> references;
    try {
      references = QualifiedRelations(test.sql);
    } catch (const std::exception& e) {
      Fail(test.file, test.name + ": " + e.what());
    }
    for (auto& relation : ProjectReferences(project, schemas, references, test.file)) {
      if (relation != test.model) test.references.push_back(relation);
    }
  }
  return project;
}

}  // namespace stockroom::pipeline
