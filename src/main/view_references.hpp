#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "binder/binder.hpp"

namespace stockroom {

class CatalogEntry;
class ClientContext;
class TableEntry;

// What ALTER needs to know of the views and materialized views that read a relation. They
// store their query's text and bind it by name at each use, so ALTER checks them by
// binding that text: which columns of a table it reads, where it names relations (to
// rewrite the text when one is renamed), and whether it still binds to the same columns.

// The SELECT a view or materialized view stores.
const std::string& ViewQueryText(const CatalogEntry& view);
// How many columns a view or materialized view has.
size_t ViewColumnCount(const CatalogEntry& view);

// A view's query bound against the catalog as it is.
struct BoundView {
  std::vector<std::string> names;  // as the query names them (before the view's own names)
  std::vector<LogicalType> types;
  std::vector<Binder::RelationReference> references;
  std::set<idx_t> columns_read;  // positions of `table`'s columns it reads (when asked)
};
// Binds `view`'s query; with `table`, also finds which of its columns the query reads
// (a * reads them all).
BoundView BindView(ClientContext& context, const CatalogEntry& view, const TableEntry* table = nullptr);

// Returns `text` with each reference in `references` to a relation in `renamed`
// (qualified name -> new schema and name) replaced by the new qualified name, followed by
// "AS old_name" where it had no alias, so that the columns it qualifies still resolve.
// Throws 2BP01 when a reference cannot be found in the text as a name.
std::string RenameRelationsInText(const std::string& text, const std::vector<Binder::RelationReference>& references,
                                  const std::map<std::string, std::pair<std::string, std::string>>& renamed,
                                  const std::string& view_name);

// Throws 2BP01 unless `view` (as the catalog now has it) still binds to the first columns
// it had in `before` (names and types), which are the ones it shows.
void CheckViewStillBinds(ClientContext& context, const CatalogEntry& view, const BoundView& before,
                         const std::string& altered);

}  // namespace stockroom
