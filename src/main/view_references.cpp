#include "main/view_references.hpp"

#include <algorithm>

#include "catalog/catalog.hpp"
#include "catalog/catalog_sql.hpp"
#include "common/error/exception.hpp"
#include "sql/parser.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

namespace {

bool IdentifierStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool IdentifierPart(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

// Returns the end of the identifier starting at `pos` (quoted or not), or npos.
size_t IdentifierEnd(const std::string& text, size_t pos) {
  if (pos >= text.size()) return std::string::npos;
  if (text[pos] == '"') {
    for (size_t i = pos + 1; i < text.size(); i++) {
      if (text[i] != '"') continue;
      if (i + 1 < text.size() && text[i + 1] == '"') {
        i++;
        continue;
      }
      return i + 1;
    }
    return std::string::npos;
  }
  if (!IdentifierStart(static_cast<unsigned char>(text[pos]))) return std::string::npos;
  size_t i = pos + 1;
  while (i < text.size() && IdentifierPart(static_cast<unsigned char>(text[i]))) i++;
  return i;
}

// Returns the end of the dotted name starting at `pos` ("s . t"), or npos.
size_t QualifiedNameEnd(const std::string& text, size_t pos) {
  size_t end = IdentifierEnd(text, pos);
  while (end != std::string::npos) {
    size_t next = end;
    while (next < text.size() && std::isspace(static_cast<unsigned char>(text[next]))) next++;
    if (next >= text.size() || text[next] != '.') break;
    next++;
    while (next < text.size() && std::isspace(static_cast<unsigned char>(text[next]))) next++;
    end = IdentifierEnd(text, next);
  }
  return end;
}

// The names and types a bound query's output columns have, for comparisons: an untyped
// literal is shown as text.
LogicalType Shown(const LogicalType& type) { return type.id() == TypeId::kUnknown ? LogicalType(TypeId::kText) : type; }

void CollectColumnsRead(const LogicalOperator& op, const TableEntry& table, std::set<idx_t>& columns) {
  if (op.kind == LogicalOperatorKind::kGet) {
    auto& get = static_cast<const LogicalGet&>(op);
    if (get.table.get() == &table) {
      for (idx_t c : get.column_ids) {
        if (c != kRowIdColumn) columns.insert(c);
      }
    }
  }
  for (auto& child : op.children) CollectColumnsRead(*child, table, columns);
}

}  // namespace

const std::string& ViewQueryText(const CatalogEntry& view) {
  if (view.kind == CatalogEntryKind::kView) return static_cast<const ViewEntry&>(view).query_text;
  return static_cast<const TableEntry&>(view).query_text;
}

size_t ViewColumnCount(const CatalogEntry& view) {
  if (view.kind == CatalogEntryKind::kView) return static_cast<const ViewEntry&>(view).column_names.size();
  return static_cast<const TableEntry&>(view).columns.size();
}

BoundView BindView(ClientContext& context, const CatalogEntry& view, const TableEntry* table) {
  auto statements = Parser::Parse(ViewQueryText(view));
  if (statements.size() != 1 || statements[0]->kind != StatementKind::kSelect) {
    throw InternalError("the query of view \"" + view.name + "\" is not one SELECT");
  }
  Binder binder(context);
  BoundQuery query = binder.BindQuery(*static_cast<SelectStatement&>(*statements[0]).query);
  BoundView bound;
  bound.names = query.names;
  for (auto& type : query.types) bound.types.push_back(Shown(type));
  bound.references = binder.relation_references();
  if (table) CollectColumnsRead(*query.plan, *table, bound.columns_read);
  return bound;
}

std::string RenameRelationsInText(const std::string& text, const std::vector<Binder::RelationReference>& references,
                                  const std::map<std::string, std::pair<std::string, std::string>>& renamed,
                                  const std::string& view_name) {
  // From the last reference to the first, so earlier offsets stay valid.
  std::vector<const Binder::RelationReference*> edits;
  for (auto& ref : references) {
    if (renamed.count(ref.qualified_name)) edits.push_back(&ref);
  }
  std::sort(edits.begin(), edits.end(), [](auto* a, auto* b) { return a->location > b->location; });
  std::string out = text;
  int last = -1;
  for (auto* ref : edits) {
    if (ref->location == last) continue;  // the same FROM item bound twice
    last = ref->location;
    size_t start = ref->location < 0 ? std::string::npos : static_cast<size_t>(ref->location);
    size_t end = start == std::string::npos ? start : QualifiedNameEnd(out, start);
    if (end == std::string::npos) {
      throw SqlError(ErrorCode::kDependentObjectsStillExist,
                     "cannot rename a relation that view \"" + view_name + "\" reads in a form ALTER cannot rewrite")
          .WithHint("Drop the view, rename, and create the view again.");
    }
    auto& [schema, name] = renamed.at(ref->qualified_name);
    std::string replacement = QuoteIdentifier(schema) + "." + QuoteIdentifier(name);
    if (!ref->has_alias) {
      std::string old_name = ref->qualified_name.substr(ref->qualified_name.find('.') + 1);
      replacement += " AS " + QuoteIdentifier(old_name);
    }
    out.replace(start, end - start, replacement);
  }
  return out;
}

void CheckViewStillBinds(ClientContext& context, const CatalogEntry& view, const BoundView& before,
                         const std::string& altered) {
  size_t count = ViewColumnCount(view);
  std::string problem;
  try {
    BoundView after = BindView(context, view);
    bool same = after.types.size() >= count && before.types.size() >= count;
    for (size_t i = 0; same && i < count; i++) {
      same = after.names[i] == before.names[i] && after.types[i] == before.types[i];
    }
    if (!same) problem = "its query would no longer return the columns it has";
  } catch (const SqlError& e) {
    problem = e.what();
  }
  if (problem.empty()) return;
  throw SqlError(ErrorCode::kDependentObjectsStillExist,
                 "cannot alter " + altered + " because " + std::string(view.KindName()) + " " + view.name +
                     " depends on it")
      .WithDetail(problem)
      .WithHint("Drop the " + std::string(view.KindName()) + ", alter, and create it again.");
}

}  // namespace stockroom
