#include "catalog/pg_catalog/pg_object_ids.hpp"

#include "catalog/catalog.hpp"
#include "catalog/catalog_sql.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"

namespace stockroom {

std::shared_ptr<CatalogEntry> EntryByOid(const Catalog& catalog, uint64_t oid) {
  for (auto& entry : catalog.AllEntries()) {
    if (entry->oid == oid) return entry;
  }
  return nullptr;
}

std::string SchemaByOid(const Catalog& catalog, uint64_t oid) {
  for (auto& [name, schema_oid] : catalog.SchemaOids()) {
    if (schema_oid == oid) return name;
  }
  return "";
}

std::vector<std::string> EffectiveSearchPath(ClientContext& context) {
  std::vector<std::string> path = {kSystemSchema};
  for (auto& s : context.settings().search_path) {
    std::string schema = s == "$user" ? context.settings().user : s;
    if (schema != kSystemSchema && context.db().catalog().SchemaExists(schema)) path.push_back(schema);
  }
  return path;
}

bool EntryIsVisible(ClientContext& context, const CatalogEntry& entry) {
  for (auto& schema : EffectiveSearchPath(context)) {
    auto found = context.db().catalog().GetEntry(schema, entry.name);
    if (found) return found.get() == &entry || found->oid == entry.oid;
  }
  return false;
}

std::string RegclassName(ClientContext& context, const CatalogEntry& entry) {
  auto quote = [](const std::string& name) {
    bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
    for (char c : name) plain &= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    return plain ? name : QuoteIdentifier(name);
  };
  if (EntryIsVisible(context, entry)) return quote(entry.name);
  return quote(entry.schema) + "." + quote(entry.name);
}

const std::vector<BuiltinDescription>& BuiltinDescriptions() {
  static const std::vector<BuiltinDescription> descriptions = {
      {11, kPgNamespaceOid, "system catalog schema"},
      {2200, kPgNamespaceOid, "standard public schema"},
  };
  return descriptions;
}

}  // namespace stockroom
