#pragma once

namespace stockroom {

class Catalog;

// Adds the operators' system views to pg_catalog (searched before the search path, as in
// PostgreSQL): stl_load_commits (one row per file a COPY read) and stl_load_errors (one row
// per rejected row), named as Redshift names them. Each is a view over a table function, so
// it is read fresh by every query; none of them is saved with the user's catalog.
void CreateSystemViews(Catalog& catalog);

}  // namespace stockroom
