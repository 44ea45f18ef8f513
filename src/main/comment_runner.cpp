// COMMENT ON TABLE | VIEW | MATERIALIZED VIEW | COLUMN | SCHEMA: the comment goes to the
// database's CommentCatalog (pg_description, obj_description, col_description; psql's
// Description columns, dbt's persist_docs). Only the object's owner may comment, as in
// PostgreSQL; the statement is logged, and checkpoints re-create every comment
// (CommentDefinitionSql).
#include <algorithm>

#include "catalog/catalog.hpp"
#include "catalog/catalog_sql.hpp"
#include "catalog/pg_catalog/pg_object_ids.hpp"
#include "common/error/exception.hpp"
#include "main/comment_sql.hpp"
#include "main/database.hpp"
#include "main/statement_runner.hpp"
#include "security/access_control.hpp"

namespace stockroom {
namespace {

std::vector<std::string> ColumnNames(const CatalogEntry& entry) {
  std::vector<std::string> out;
  if (HasRows(entry)) {
    for (auto& c : static_cast<const TableEntry&>(entry).columns) out.push_back(c.name);
  } else {
    out = static_cast<const ViewEntry&>(entry).column_names;
  }
  return out;
}

const char* KindWord(const CatalogEntry& entry) {
  switch (entry.kind) {
    case CatalogEntryKind::kTable:
      return "TABLE";
    case CatalogEntryKind::kView:
      return "VIEW";
    case CatalogEntryKind::kMaterializedView:
      return "MATERIALIZED VIEW";
  }
  return "TABLE";
}

std::string Quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

}  // namespace

std::unique_ptr<QueryResult> StatementRunner::RunComment(CommentStatement& stmt) {
  using Target = CommentStatement::Target;
  Catalog& catalog = context_.db().catalog();
  CommentCatalog::Key key{kPgClassOid, 0, 0};
  if (stmt.target == Target::kSchema) {
    if (!catalog.SchemaExists(stmt.schema)) {
      throw SqlError(ErrorCode::kInvalidSchemaName, "schema \"" + stmt.schema + "\" does not exist");
    }
    CheckSchemaOwner(context_, stmt.schema);
    key = {kPgNamespaceOid, catalog.SchemaOid(stmt.schema), 0};
  } else {
    // The relation as written, which PostgreSQL's messages name.
    std::string written = stmt.relation.schema.empty() ? stmt.relation.name
                                                       : stmt.relation.schema + "." + stmt.relation.name;
    auto entry = catalog.Lookup(stmt.relation.schema, stmt.relation.name, settings_.search_path);
    if (!entry) throw SqlError(ErrorCode::kUndefinedTable, "relation \"" + written + "\" does not exist");
    bool kind_matches = stmt.target == Target::kColumn ||
                        (stmt.target == Target::kTable && entry->kind == CatalogEntryKind::kTable) ||
                        (stmt.target == Target::kView && entry->kind == CatalogEntryKind::kView) ||
                        (stmt.target == Target::kMaterializedView &&
                         entry->kind == CatalogEntryKind::kMaterializedView);
    if (!kind_matches) {
      const char* word = stmt.target == Target::kTable  ? "a table"
                         : stmt.target == Target::kView ? "a view"
                                                        : "a materialized view";
      throw SqlError(ErrorCode::kWrongObjectType, "\"" + entry->name + "\" is not " + word);
    }
    CheckRelationOwner(context_, *entry);
    key = {kPgClassOid, entry->oid, 0};
    if (stmt.target == Target::kColumn) {
      auto columns = ColumnNames(*entry);
      auto it = std::find(columns.begin(), columns.end(), stmt.column);
      if (it == columns.end()) {
        throw SqlError(ErrorCode::kUndefinedColumn,
                       "column \"" + stmt.column + "\" of relation \"" + written + "\" does not exist");
      }
      key.objsubid = static_cast<int32_t>(it - columns.begin() + 1);
    }
  }
  context_.db().comments().Set(key, stmt.comment);
  LogDdl(stmt.text);
  return Command("COMMENT");
}

std::vector<std::string> CommentDefinitionSql(Database& db) {
  std::vector<std::string> out;
  const Catalog& catalog = db.catalog();
  for (auto& [key, comment] : db.comments().All()) {
    if (key.classoid == kPgNamespaceOid) {
      std::string schema = SchemaByOid(catalog, key.objoid);
      if (!schema.empty()) out.push_back("COMMENT ON SCHEMA " + QuoteIdentifier(schema) + " IS " + Quoted(comment));
      continue;
    }
    auto entry = EntryByOid(catalog, key.objoid);
    if (!entry) continue;
    std::string relation = QuoteIdentifier(entry->schema) + "." + QuoteIdentifier(entry->name);
    if (key.objsubid == 0) {
      out.push_back(std::string("COMMENT ON ") + KindWord(*entry) + " " + relation + " IS " + Quoted(comment));
      continue;
    }
    auto columns = ColumnNames(*entry);
    if (key.objsubid > 0 && size_t(key.objsubid) <= columns.size()) {
      out.push_back("COMMENT ON COLUMN " + relation + "." + QuoteIdentifier(columns[key.objsubid - 1]) + " IS " +
                    Quoted(comment));
    }
  }
  return out;
}

}  // namespace stockroom
