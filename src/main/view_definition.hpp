#pragma once

#include <string>

namespace stockroom {

class CatalogEntry;
class ClientContext;

// The text pg_get_viewdef returns for a view or materialized view: its query deparsed the
// way PostgreSQL 15 prints it (main/query_deparser.hpp), or, for a query shape the deparser
// does not print as PostgreSQL does (listed in docs/server.md), the text it was created with.
std::string ViewDefinition(ClientContext& context, const CatalogEntry& view, bool pretty);

}  // namespace stockroom
