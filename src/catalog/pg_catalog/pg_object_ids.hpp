#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace stockroom {

class Catalog;
class CatalogEntry;
class ClientContext;

// PostgreSQL's oids of the catalogs that pg_description, pg_depend and friends name objects by.
inline constexpr uint64_t kPgClassOid = 1259;
inline constexpr uint64_t kPgConstraintOid = 2606;
inline constexpr uint64_t kPgNamespaceOid = 2615;
inline constexpr uint64_t kPgRewriteOid = 2618;
inline constexpr uint64_t kPgTypeOid = 1247;
inline constexpr uint64_t kPgProcOid = 1255;
inline constexpr uint64_t kHeapAmOid = 2;
inline constexpr uint64_t kBtreeAmOid = 403;
inline constexpr uint64_t kBootstrapSuperuserOid = 10;

// Objects that Stockroom keeps inside a relation's entry (its constraints, their indexes,
// column defaults, a view's rewrite rule) have no oid of their own; theirs derive from the
// relation's: oid * 4096 + kind * 1024 + n (n < 1024), stable as long as the relation's is.
enum class SubObject : uint64_t { kConstraint = 0, kIndex = 1, kAttrDefault = 2, kRewrite = 3 };
inline uint64_t SubObjectOid(uint64_t relation_oid, SubObject kind, uint64_t n) {
  return relation_oid * 4096 + static_cast<uint64_t>(kind) * 1024 + n;
}

// A comment PostgreSQL's initdb puts on a built-in object (pg_description); Stockroom has
// no COMMENT ON yet, so these are all the descriptions there are.
struct BuiltinDescription {
  uint64_t objoid;
  uint64_t classoid;
  const char* description;
};
const std::vector<BuiltinDescription>& BuiltinDescriptions();

// The relation whose oid is `oid`, or nullptr.
std::shared_ptr<CatalogEntry> EntryByOid(const Catalog& catalog, uint64_t oid);
// The schema of pg_namespace oid `oid`, or "".
std::string SchemaByOid(const Catalog& catalog, uint64_t oid);
// The session's search path as schemas that exist, pg_catalog first (as PostgreSQL searches it).
std::vector<std::string> EffectiveSearchPath(ClientContext& context);
// Whether an unqualified `name` finds this entry along the search path (pg_table_is_visible).
bool EntryIsVisible(ClientContext& context, const CatalogEntry& entry);
// The name regclass prints: qualified unless visible.
std::string RegclassName(ClientContext& context, const CatalogEntry& entry);

}  // namespace stockroom
