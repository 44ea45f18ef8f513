#include "catalog/catalog_sql.hpp"

#include <algorithm>
#include <set>

#include "catalog/catalog.hpp"

namespace stockroom {

std::string QuoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string QuoteLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  return out + "'";
}

namespace {

std::string ColumnList(const std::vector<std::string>& columns) {
  std::string out = "(";
  for (size_t i = 0; i < columns.size(); i++) out += (i ? ", " : "") + QuoteIdentifier(columns[i]);
  return out + ")";
}

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Qualified(const std::string& schema, const std::string& name) {
  return QuoteIdentifier(schema) + "." + QuoteIdentifier(name);
}

}  // namespace

std::string TableDefinitionSql(const TableEntry& table) {
  if (table.kind == CatalogEntryKind::kMaterializedView) {
    // Created empty: its rows come back from the log or the segment files.
    std::vector<std::string> names;
    for (auto& c : table.columns) names.push_back(c.name);
    return "CREATE MATERIALIZED VIEW " + Qualified(table.schema, table.name) + " " + ColumnList(names) + " AS " +
           table.query_text + " WITH NO DATA";
  }
  std::string sql = "CREATE TABLE " + Qualified(table.schema, table.name) + " (";
  for (size_t i = 0; i < table.columns.size(); i++) {
    const ColumnInfo& c = table.columns[i];
    sql += (i ? ", " : "") + QuoteIdentifier(c.name) + " " + c.type.ToString();
    if (c.not_null) sql += " NOT NULL";
    if (!c.default_sql.empty()) sql += " DEFAULT " + c.default_sql;
    if (!c.encode.empty()) sql += " ENCODE " + c.encode;
  }
  for (const TableConstraint& k : table.constraints) {
    if (!k.name.empty() && k.kind != TableConstraint::Kind::kCheck) sql += ", CONSTRAINT " + QuoteIdentifier(k.name);
    switch (k.kind) {
      case TableConstraint::Kind::kPrimaryKey:
        sql += std::string(k.name.empty() ? ", " : " ") + "PRIMARY KEY " + ColumnList(k.columns);
        break;
      case TableConstraint::Kind::kUnique:
        sql += std::string(k.name.empty() ? ", " : " ") + "UNIQUE " + ColumnList(k.columns);
        break;
      case TableConstraint::Kind::kForeignKey:
        sql += std::string(k.name.empty() ? ", " : " ") + "FOREIGN KEY " + ColumnList(k.columns) + " REFERENCES " +
               (k.referenced_table.schema.empty() ? QuoteIdentifier(k.referenced_table.name)
                                                  : Qualified(k.referenced_table.schema, k.referenced_table.name));
        if (!k.referenced_columns.empty()) sql += " " + ColumnList(k.referenced_columns);
        break;
      case TableConstraint::Kind::kCheck:
        break;  // not recorded
    }
  }
  sql += ")";
  for (auto& [key, value] : table.options) {
    if (key == "diststyle" || key == "backup" || key == "encode") sql += " " + Upper(key) + " " + value;
    // Key lists as the parser recorded them (names without quotes).
    if (key == "distkey") sql += " DISTKEY (" + value + ")";
    if (key == "sortkey") {
      auto style = table.options.find("sortstyle");
      sql += (style == table.options.end() ? "" : " " + Upper(style->second)) + " SORTKEY (" + value + ")";
    }
  }
  return sql;
}

std::vector<std::string> CatalogDefinitionSql(const Catalog& catalog) {
  std::vector<std::string> out;
  for (auto& schema : catalog.SchemaNames()) {
    if (schema != kSystemSchema) out.push_back("CREATE SCHEMA IF NOT EXISTS " + QuoteIdentifier(schema));
  }
  // The system views are created by every start, not saved (information_schema's too).
  auto entries = catalog.AllEntries();
  entries.erase(std::remove_if(entries.begin(), entries.end(),
                               [](auto& e) { return e->schema == kSystemSchema || e->system || e->schema == "information_schema"; }),
                entries.end());
  std::set<std::string> defined;
  for (auto& e : entries) {
    if (e->kind != CatalogEntryKind::kTable) continue;
    out.push_back(TableDefinitionSql(static_cast<const TableEntry&>(*e)));
    defined.insert(e->QualifiedName());
  }
  // Views and materialized views after the relations they read; a pass adds every one
  // whose inputs exist.
  std::vector<const CatalogEntry*> pending;
  for (auto& e : entries) {
    if (e->kind != CatalogEntryKind::kTable) pending.push_back(e.get());
  }
  while (!pending.empty()) {
    std::vector<const CatalogEntry*> later;
    for (const CatalogEntry* v : pending) {
      bool ready = true;
      for (auto& d : DependenciesOf(*v)) ready &= defined.count(d) > 0;
      if (!ready) {
        later.push_back(v);
        continue;
      }
      if (v->kind == CatalogEntryKind::kView) {
        auto& view = static_cast<const ViewEntry&>(*v);
        out.push_back("CREATE VIEW " + Qualified(view.schema, view.name) + " " + ColumnList(view.column_names) +
                      " AS " + view.query_text);
      } else {
        out.push_back(TableDefinitionSql(static_cast<const TableEntry&>(*v)));
      }
      defined.insert(v->QualifiedName());
    }
    if (later.size() == pending.size()) break;  // a dependency that no longer exists
    pending = std::move(later);
  }
  return out;
}

}  // namespace stockroom
