#include "main/modify_target.hpp"

#include "catalog/catalog.hpp"
#include "common/error/exception.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"

namespace stockroom {

namespace {

int Pos(int location) { return location >= 0 ? location + 1 : 0; }

}  // namespace

std::shared_ptr<TableEntry> LookupModifyTarget(ClientContext& context, const QualifiedName& name, const char* verb) {
  auto entry = context.db().catalog().Lookup(name.schema, name.name, context.settings().search_path);
  if (!entry) {
    throw SqlError(ErrorCode::kUndefinedTable, "relation \"" + name.ToString() + "\" does not exist",
                   Pos(name.location));
  }
  // Views are not updatable here (PostgreSQL updates simple views through to their table).
  if (entry->kind == CatalogEntryKind::kView) {
    throw SqlError(ErrorCode::kObjectNotInPrerequisiteState,
                   std::string("cannot ") + verb + " view \"" + entry->name + "\"")
        .WithDetail("Stockroom views are not automatically updatable.");
  }
  if (entry->kind != CatalogEntryKind::kTable) {
    throw SqlError(ErrorCode::kWrongObjectType, "cannot change materialized view \"" + entry->name + "\"");
  }
  return std::static_pointer_cast<TableEntry>(entry);
}

std::unique_ptr<ParsedExpression> QualifiedColumnRef(const std::string& alias, const std::string& column) {
  auto ref = std::make_unique<ParsedExpression>(ExprKind::kColumnRef);
  ref->names = {alias, column};
  return ref;
}

}  // namespace stockroom
