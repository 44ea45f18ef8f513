#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "catalog/catalog_entry.hpp"

namespace stockroom {

// The schema of the built-in system views; searched before the search path.
inline constexpr const char* kSystemSchema = "pg_catalog";

// Schemas and the relations in them. Names are stored as given (the parser already folded
// unquoted identifiers to lower case). Thread-safe: one mutex guards the maps.
class Catalog {
 public:
  Catalog();

  // Creates a schema; throws 42P06 if it exists (unless if_not_exists).
  void CreateSchema(const std::string& name, bool if_not_exists);
  // Drops a schema; throws 3F000 if missing (unless if_exists), 2BP01 if not empty and not cascade.
  void DropSchema(const std::string& name, bool if_exists, bool cascade);
  bool SchemaExists(const std::string& name) const;
  std::vector<std::string> SchemaNames() const;
  // The schema's pg_namespace oid (0 if it does not exist): pg_catalog 11, public 2200,
  // information_schema 13000 as in PostgreSQL, others from 16384 with the relations.
  uint64_t SchemaOid(const std::string& name) const;
  // Every schema with its oid.
  std::vector<std::pair<std::string, uint64_t>> SchemaOids() const;

  // OID state saved by checkpoints, so that objects keep their oids across restarts: the
  // next oid to hand out and the oids of the user schemas and relations.
  struct OidState {
    uint64_t next_oid = 0;
    std::vector<std::pair<std::string, uint64_t>> schemas;
    std::vector<std::tuple<std::string, std::string, uint64_t>> entries;  // schema, name, oid
  };
  OidState SaveOids() const;
  // Gives the existing schemas and entries the saved oids (those named) and continues from
  // the saved counter; used after a checkpoint's statements re-created them.
  void RestoreOids(const OidState& state);

  // Adds an entry; throws 42P07 if the name is taken in the schema (unless `replace` allows
  // a view to replace a view). Assigns the entry's oid.
  void CreateEntry(std::shared_ptr<CatalogEntry> entry, bool replace = false);
  // Returns the entry `name` in `schema`, or nullptr.
  std::shared_ptr<CatalogEntry> GetEntry(const std::string& schema, const std::string& name) const;
  // Looks `name` up along `search_path` (or in `schema` when given); nullptr if absent.
  std::shared_ptr<CatalogEntry> Lookup(const std::string& schema, const std::string& name,
                                       const std::vector<std::string>& search_path) const;
  // Removes an entry; with `cascade`, also views that depend on it (recursively), else
  // throws 2BP01 naming a dependent view. Returns the removed entries.
  std::vector<std::shared_ptr<CatalogEntry>> DropEntry(const std::string& schema, const std::string& name, bool cascade);
  // Replaces entries in one step (ALTER): each pair's first entry, which must be the one
  // its name finds, gives way to its second, which keeps the oid and may have another name
  // or schema. With `renamed_schema` (old, new), schema old is renamed first. Throws 42P07,
  // 3F000, 42P06 or 40001 (an entry no longer current) and then changes nothing.
  using Replacement = std::pair<std::shared_ptr<CatalogEntry>, std::shared_ptr<CatalogEntry>>;
  void ReplaceEntries(const std::vector<Replacement>& replacements,
                      const std::pair<std::string, std::string>* renamed_schema = nullptr);
  // The views and materialized views that read `qualified_name` directly.
  std::vector<std::shared_ptr<CatalogEntry>> Dependents(const std::string& qualified_name) const;
  std::vector<std::shared_ptr<CatalogEntry>> Entries(const std::string& schema) const;
  std::vector<std::shared_ptr<CatalogEntry>> AllEntries() const;

 private:
  std::vector<std::shared_ptr<CatalogEntry>> DependentsLocked(const std::string& qualified_name) const;

  mutable std::mutex mutex_;
  std::map<std::string, std::map<std::string, std::shared_ptr<CatalogEntry>>> schemas_;
  std::map<std::string, uint64_t> schema_oids_;
  uint64_t next_oid_ = 16384;
  uint64_t next_system_oid_ = 15000;  // built-in views without a PostgreSQL oid of their own
};

}  // namespace stockroom
