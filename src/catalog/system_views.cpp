#include "catalog/system_views.hpp"

#include "catalog/catalog.hpp"
#include "function/function_registry.hpp"
#include "function/table/role_tables.hpp"

namespace stockroom {
void CreatePgCatalogViews(Catalog& catalog);
}

namespace stockroom {

void CreateSystemViews(Catalog& catalog) {
  static const std::pair<const char*, const char*> kViews[] = {
      {"stl_load_commits", "stockroom_loads"},
      {"stl_load_errors", "stockroom_load_errors"},
      {"svv_table_info", "stockroom_table_info"},
      {"svv_column_storage", "stockroom_column_storage"},
  };
  for (auto& [name, function_name] : kViews) {
    const TableFunction& function = FunctionRegistry::Get().Table(function_name)->front();
    auto view = std::make_shared<ViewEntry>("pg_catalog", name);
    view->query_text = std::string("SELECT * FROM ") + function_name + "()";
    view->column_names = function.column_names({});
    view->column_types = function.column_types({});
    view->system = true;
    catalog.CreateEntry(view);
  }
  CreatePgCatalogViews(catalog);
  for (const RoleView& role_view : RoleViews()) {
    const TableFunction& function = FunctionRegistry::Get().Table(role_view.function)->front();
    auto view = std::make_shared<ViewEntry>(role_view.schema, role_view.name);
    view->query_text = std::string("SELECT * FROM ") + role_view.function + "()";
    view->column_names = function.column_names({});
    view->column_types = function.column_types({});
    catalog.CreateEntry(view);
  }
}

}  // namespace stockroom
