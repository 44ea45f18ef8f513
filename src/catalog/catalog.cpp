#include "catalog/catalog.hpp"

#include <algorithm>

#include "common/error/exception.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

const char* CatalogEntry::KindName() const {
  switch (kind) {
    case CatalogEntryKind::kTable:
      return "table";
    case CatalogEntryKind::kView:
      return "view";
    case CatalogEntryKind::kMaterializedView:
      return "materialized view";
  }
  return "relation";
}

TableEntry::TableEntry(std::string schema, std::string name, std::vector<ColumnInfo> columns, CatalogEntryKind kind)
    : CatalogEntry(kind, std::move(schema), std::move(name)), columns(std::move(columns)) {}

int64_t TableEntry::ColumnIndex(const std::string& column) const {
  for (size_t i = 0; i < columns.size(); i++) {
    if (columns[i].name == column) return static_cast<int64_t>(i);
  }
  return -1;
}

std::vector<LogicalType> TableEntry::Types() const {
  std::vector<LogicalType> types;
  for (auto& c : columns) types.push_back(c.type);
  return types;
}

std::vector<idx_t> TableEntry::SortKeyColumns() const {
  std::vector<idx_t> keys;
  auto it = options.find("sortkey");
  if (it == options.end()) return keys;
  size_t start = 0;
  while (start <= it->second.size()) {
    size_t comma = it->second.find(',', start);
    int64_t index = ColumnIndex(it->second.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (index >= 0) keys.push_back(static_cast<idx_t>(index));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return keys;
}

std::shared_ptr<TableEntry> TableEntry::Copy(const std::string& new_schema, const std::string& new_name) const {
  auto copy = std::make_shared<TableEntry>(new_schema, new_name, columns, kind);
  copy->oid = oid;
  copy->constraints = constraints;
  copy->options = options;
  copy->storage = storage;
  copy->query_text = query_text;
  copy->dependencies = dependencies;
  return copy;
}

std::shared_ptr<ViewEntry> ViewEntry::Copy(const std::string& new_schema, const std::string& new_name) const {
  auto copy = std::make_shared<ViewEntry>(new_schema, new_name);
  copy->oid = oid;
  copy->query_text = query_text;
  copy->column_names = column_names;
  copy->column_types = column_types;
  copy->dependencies = dependencies;
  return copy;
}

Catalog::Catalog() {
  schemas_["public"];
  schemas_["pg_catalog"];
  schemas_["information_schema"];
  schema_oids_ = {{"pg_catalog", 11}, {"public", 2200}, {"information_schema", 13000}};
}

uint64_t Catalog::SchemaOid(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = schema_oids_.find(name);
  return it == schema_oids_.end() ? 0 : it->second;
}

std::vector<std::pair<std::string, uint64_t>> Catalog::SchemaOids() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {schema_oids_.begin(), schema_oids_.end()};
}

Catalog::OidState Catalog::SaveOids() const {
  std::lock_guard<std::mutex> lock(mutex_);
  OidState state;
  state.next_oid = next_oid_;
  state.schemas.assign(schema_oids_.begin(), schema_oids_.end());
  for (auto& [schema, entries] : schemas_) {
    for (auto& [name, entry] : entries) {
      if (!entry->system) state.entries.emplace_back(schema, name, entry->oid);
    }
  }
  return state;
}

void Catalog::RestoreOids(const OidState& state) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [name, oid] : state.schemas) {
    if (schemas_.count(name)) schema_oids_[name] = oid;
  }
  for (auto& [schema, name, oid] : state.entries) {
    auto s = schemas_.find(schema);
    if (s == schemas_.end()) continue;
    auto e = s->second.find(name);
    if (e != s->second.end() && !e->second->system) e->second->oid = oid;
  }
  next_oid_ = std::max(next_oid_, state.next_oid);
}

void Catalog::CreateSchema(const std::string& name, bool if_not_exists) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (schemas_.count(name)) {
    if (if_not_exists) return;
    throw SqlError(ErrorCode::kDuplicateSchema, "schema \"" + name + "\" already exists");
  }
  schemas_[name];
  schema_oids_[name] = next_oid_++;
}

void Catalog::DropSchema(const std::string& name, bool if_exists, bool cascade) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = schemas_.find(name);
  if (it == schemas_.end()) {
    if (if_exists) return;
    throw SqlError(ErrorCode::kInvalidSchemaName, "schema \"" + name + "\" does not exist");
  }
  if (!it->second.empty() && !cascade) {
    auto& first = *it->second.begin()->second;
    throw SqlError(ErrorCode::kDependentObjectsStillExist,
                   "cannot drop schema " + name + " because other objects depend on it")
        .WithDetail(std::string(first.KindName()) + " " + first.QualifiedName() + " depends on schema " + name)
        .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  for (auto& [_, entry] : it->second) {
    if (HasRows(*entry)) static_cast<TableEntry&>(*entry).dropped = true;
  }
  schemas_.erase(it);
  schema_oids_.erase(name);
}

bool Catalog::SchemaExists(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return schemas_.count(name) > 0;
}

std::vector<std::string> Catalog::SchemaNames() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> names;
  for (auto& [name, _] : schemas_) names.push_back(name);
  return names;
}

void Catalog::CreateEntry(std::shared_ptr<CatalogEntry> entry, bool replace) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto schema = schemas_.find(entry->schema);
  if (schema == schemas_.end()) {
    throw SqlError(ErrorCode::kInvalidSchemaName, "schema \"" + entry->schema + "\" does not exist");
  }
  auto existing = schema->second.find(entry->name);
  if (existing != schema->second.end()) {
    if (!replace || existing->second->kind != entry->kind) {
      if (replace) {
        throw SqlError(ErrorCode::kWrongObjectType, "\"" + entry->name + "\" is not a view");
      }
      throw SqlError(ErrorCode::kDuplicateTable, "relation \"" + entry->name + "\" already exists");
    }
    entry->oid = existing->second->oid;
  } else if (entry->system) {
    if (entry->oid == 0) entry->oid = next_system_oid_++;
  } else {
    entry->oid = next_oid_++;
  }
  schema->second[entry->name] = std::move(entry);
}

std::shared_ptr<CatalogEntry> Catalog::GetEntry(const std::string& schema, const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto s = schemas_.find(schema);
  if (s == schemas_.end()) return nullptr;
  auto e = s->second.find(name);
  return e == s->second.end() ? nullptr : e->second;
}

std::shared_ptr<CatalogEntry> Catalog::Lookup(const std::string& schema, const std::string& name,
                                              const std::vector<std::string>& search_path) const {
  if (!schema.empty()) return GetEntry(schema, name);
  if (std::find(search_path.begin(), search_path.end(), kSystemSchema) == search_path.end()) {
    if (auto entry = GetEntry(kSystemSchema, name)) return entry;
  }
  for (auto& s : search_path) {
    if (auto entry = GetEntry(s, name)) return entry;
  }
  return nullptr;
}

std::vector<std::shared_ptr<CatalogEntry>> Catalog::DependentsLocked(const std::string& qualified_name) const {
  std::vector<std::shared_ptr<CatalogEntry>> result;
  for (auto& [_, entries] : schemas_) {
    for (auto& [__, entry] : entries) {
      for (auto& dep : DependenciesOf(*entry)) {
        if (dep == qualified_name) {
          result.push_back(entry);
          break;
        }
      }
    }
  }
  return result;
}

std::vector<std::shared_ptr<CatalogEntry>> Catalog::DropEntry(const std::string& schema, const std::string& name,
                                                              bool cascade) {
  if (schema == kSystemSchema) {
    throw SqlError(ErrorCode::kInsufficientPrivilege, "permission denied: \"" + name + "\" is a system catalog");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::shared_ptr<CatalogEntry>> dropped;
  auto s = schemas_.find(schema);
  if (s == schemas_.end() || !s->second.count(name)) return dropped;
  auto root = s->second[name];
  // Breadth first, as PostgreSQL lists them: each dependent with the object it was reached from.
  dropped.push_back(root);
  std::vector<std::string> details;
  for (size_t next = 0; next < dropped.size(); next++) {
    auto entry = dropped[next];
    for (auto& dependent : DependentsLocked(entry->QualifiedName())) {
      if (std::find(dropped.begin(), dropped.end(), dependent) != dropped.end()) continue;
      dropped.push_back(dependent);
      details.push_back(std::string(dependent->KindName()) + " " + dependent->name + " depends on " +
                        entry->KindName() + " " + entry->name);
    }
  }
  if (!details.empty() && !cascade) {
    std::string detail;
    for (auto& d : details) detail += (detail.empty() ? "" : "\n") + d;
    throw SqlError(ErrorCode::kDependentObjectsStillExist,
                   std::string("cannot drop ") + root->KindName() + " " + root->name +
                       " because other objects depend on it")
        .WithDetail(detail)
        .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  for (auto& entry : dropped) {
    if (HasRows(*entry)) static_cast<TableEntry&>(*entry).dropped = true;
    schemas_[entry->schema].erase(entry->name);
  }
  return dropped;
}

void Catalog::ReplaceEntries(const std::vector<Replacement>& replacements,
                             const std::pair<std::string, std::string>* renamed_schema) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Applied to a copy of the maps, which replaces them only when every step succeeded.
  auto schemas = schemas_;
  if (renamed_schema) {
    auto& [from, to] = *renamed_schema;
    auto it = schemas.find(from);
    if (it == schemas.end()) throw SqlError(ErrorCode::kInvalidSchemaName, "schema \"" + from + "\" does not exist");
    if (schemas.count(to)) throw SqlError(ErrorCode::kDuplicateSchema, "schema \"" + to + "\" already exists");
    schemas[to] = std::move(it->second);
    schemas.erase(from);
  }
  auto schema_oids = schema_oids_;
  if (renamed_schema) {
    schema_oids[renamed_schema->second] = schema_oids[renamed_schema->first];
    schema_oids.erase(renamed_schema->first);
  }
  for (auto& [old_entry, _] : replacements) {
    // Entries of a renamed schema are found under its new name.
    std::string schema = renamed_schema && old_entry->schema == renamed_schema->first ? renamed_schema->second
                                                                                       : old_entry->schema;
    auto s = schemas.find(schema);
    if (s == schemas.end() || !s->second.count(old_entry->name) || s->second[old_entry->name] != old_entry) {
      throw SqlError(ErrorCode::kSerializationFailure, "could not serialize access due to concurrent update")
          .WithDetail("Relation \"" + old_entry->name + "\" was changed by another statement.");
    }
    s->second.erase(old_entry->name);
  }
  for (auto& [old_entry, new_entry] : replacements) {
    auto s = schemas.find(new_entry->schema);
    if (s == schemas.end()) {
      throw SqlError(ErrorCode::kInvalidSchemaName, "schema \"" + new_entry->schema + "\" does not exist");
    }
    if (s->second.count(new_entry->name)) {
      throw SqlError(ErrorCode::kDuplicateTable, "relation \"" + new_entry->name + "\" already exists" +
                                                     (new_entry->schema == old_entry->schema
                                                          ? std::string()
                                                          : " in schema \"" + new_entry->schema + "\""));
    }
    new_entry->oid = old_entry->oid;
    s->second[new_entry->name] = new_entry;
  }
  schemas_ = std::move(schemas);
  schema_oids_ = std::move(schema_oids);
}

std::vector<std::shared_ptr<CatalogEntry>> Catalog::Dependents(const std::string& qualified_name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return DependentsLocked(qualified_name);
}

std::vector<std::shared_ptr<CatalogEntry>> Catalog::Entries(const std::string& schema) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::shared_ptr<CatalogEntry>> result;
  auto s = schemas_.find(schema);
  if (s == schemas_.end()) return result;
  for (auto& [_, entry] : s->second) result.push_back(entry);
  return result;
}

std::vector<std::shared_ptr<CatalogEntry>> Catalog::AllEntries() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::shared_ptr<CatalogEntry>> result;
  for (auto& [_, entries] : schemas_) {
    for (auto& [__, entry] : entries) result.push_back(entry);
  }
  return result;
}

}  // namespace stockroom
