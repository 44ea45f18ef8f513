#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "binder/binder.hpp"
#include "binder/deparse_notes.hpp"

namespace stockroom {

class ClientContext;
class QueryNode;

// A query shape the deparser does not (yet) print the way PostgreSQL does; the caller
// falls back to the text the view was created with.
class DeparseUnsupported : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What binding a view's query told about it.
struct DeparseBinding {
  const DeparseNotes& notes;
  // The FROM items that named catalog relations (the others named WITH entries).
  const std::vector<Binder::RelationReference>& relations;
};

// Prints `query`, a view's bound query, as PostgreSQL 15's ruleutils deparses a view's
// rule (pg_get_viewdef): columns qualified by their range variable, the line breaks and
// indentation of its pretty printer, the casts PostgreSQL's parse analysis adds, and with
// `pretty` only the parentheses operator precedence needs (pg_get_viewdef(oid, true)),
// otherwise around every operator. `column_names` are the view's. Throws
// DeparseUnsupported for shapes it does not know.
std::string DeparseViewQuery(ClientContext& context, const QueryNode& query, const DeparseBinding& binding,
                             const std::vector<std::string>& column_names, bool pretty);

}  // namespace stockroom
