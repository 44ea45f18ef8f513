#include "main/view_definition.hpp"

#include <mutex>

#include "binder/binder.hpp"
#include "catalog/catalog_entry.hpp"
#include "common/error/exception.hpp"
#include "main/query_deparser.hpp"
#include "main/view_references.hpp"
#include "sql/parser.hpp"

namespace stockroom {

namespace {

SelectStatement& OnlySelect(std::vector<std::unique_ptr<Statement>>& statements) {
  if (statements.size() != 1 || statements[0]->kind != StatementKind::kSelect) {
    throw DeparseUnsupported("a view query that is not one SELECT");
  }
  return static_cast<SelectStatement&>(*statements[0]);
}

std::vector<std::string> ColumnNames(const CatalogEntry& view) {
  if (view.kind == CatalogEntryKind::kView) return static_cast<const ViewEntry&>(view).column_names;
  std::vector<std::string> names;
  for (auto& column : static_cast<const TableEntry&>(view).columns) names.push_back(column.name);
  return names;
}

}  // namespace

std::string ViewDefinition(ClientContext& context, const CatalogEntry& view, bool pretty) {
  const std::string& text = ViewQueryText(view);
  // pg_get_viewdef may run on several of a query's threads at once, and binding a view that
  // reads another view takes that view owner's rights on the session for a moment
  // (PrivilegeRoleScope): one binding at a time.
  static std::mutex binding;
  std::lock_guard<std::mutex> lock(binding);
  try {
    // Binding may rewrite the tree it binds (select-list functions move to FROM), so the
    // deparser reads a second parse of the same text: the locations the notes are keyed by
    // are the same.
    auto bound_statements = Parser::Parse(text);
    auto statements = Parser::Parse(text);
    auto notes = std::make_shared<DeparseNotes>();
    Binder binder(context);
    binder.RecordDeparseNotes(notes);
    binder.BindQuery(*OnlySelect(bound_statements).query);
    DeparseBinding binding{*notes, binder.relation_references()};
    return DeparseViewQuery(context, *OnlySelect(statements).query, binding, ColumnNames(view), pretty);
  } catch (const DeparseUnsupported&) {
    // A shape the deparser does not print as PostgreSQL does: the text as created.
  } catch (const std::exception&) {
    // Not bindable as the catalog is now (or not by this user), or a constant the deparser
    // cannot convert: the text as created.
  }
  return text;
}

}  // namespace stockroom
