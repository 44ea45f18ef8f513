#include "pipeline/embedded_warehouse.hpp"

#include "catalog/catalog.hpp"
#include "catalog/catalog_sql.hpp"
#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "pipeline/landing_copy.hpp"
#include "storage/storage_manager.hpp"

namespace stockroom::pipeline {

EmbeddedWarehouse::EmbeddedWarehouse(Database& db) : db_(db), connection_(std::make_unique<Connection>(db)) {}

EmbeddedWarehouse::~EmbeddedWarehouse() = default;

void EmbeddedWarehouse::Execute(const std::string& sql) {
  try {
    connection_->QueryAll(sql);
  } catch (const SqlError& e) {
    RethrowAsWarehouseError(e);
  }
}

TextRows EmbeddedWarehouse::Query(const std::string& sql) {
  TextRows out;
  try {
    auto result = connection_->Query(sql);
    out.names = result->names;
    for (idx_t r = 0; r < result->RowCount(); r++) {
      std::vector<std::optional<std::string>> row;
      for (idx_t c = 0; c < result->names.size(); c++) {
        bool is_null = false;
        std::string text = result->GetText(c, r, &is_null);
        row.push_back(is_null ? std::nullopt : std::optional<std::string>(std::move(text)));
      }
      out.rows.push_back(std::move(row));
    }
  } catch (const SqlError& e) {
    RethrowAsWarehouseError(e);
  }
  return out;
}

CopyOutcome EmbeddedWarehouse::CopyFile(const CopyRequest& request) {
  // COPY fills only the data columns, so the file goes to a scratch table first and from
  // there, with the lineage values, into the raw table: one more pass over the file's rows,
  // but no scan of the raw table (an UPDATE of the new rows' lineage would read it all).
  std::string columns = DataColumnList(request);
  // The scratch table is a plain table in schema pipeline (TEMP tables are not private to a
  // session in the engine). DDL is not transactional here, so a scratch table left by a load
  // that failed or was rolled back is dropped first.
  std::string scratch = "pipeline._load_" + request.table.substr(request.table.find('.') + 1);
  CopyOutcome outcome;
  try {
    connection_->Query("DROP TABLE IF EXISTS " + scratch);
    connection_->Query("CREATE TABLE " + scratch + " AS SELECT " + columns + " FROM " + request.table + " LIMIT 0");
  } catch (const SqlError& e) {
    RethrowAsWarehouseError(e);
  }
  if (!CopyLandingFile(*connection_, request, scratch, &outcome)) return outcome;
  try {
    connection_->Query("INSERT INTO " + request.table + " (" + columns + ", _source_file, _loaded_at) SELECT " +
                       columns + ", " + SqlLiteral(request.source_file) + ", now() FROM " + scratch);
    outcome.rows_loaded = Query("SELECT count(*) FROM " + scratch).Int(0, 0);
    connection_->Query("DROP TABLE " + scratch);
  } catch (const SqlError& e) {
    RethrowAsWarehouseError(e);
  }
  return outcome;
}

RelationInfo EmbeddedWarehouse::Describe(const std::string& relation) {
  RelationInfo info;
  size_t dot = relation.find('.');
  auto entry = db_.catalog().GetEntry(relation.substr(0, dot), relation.substr(dot + 1));
  if (!entry) return info;
  if (entry->kind == CatalogEntryKind::kView) {
    auto& view = static_cast<const ViewEntry&>(*entry);
    info.kind = "view";
    for (size_t i = 0; i < view.column_names.size(); i++) {
      info.columns.emplace_back(view.column_names[i], view.column_types[i].ToString());
    }
    return info;
  }
  info.kind = entry->kind == CatalogEntryKind::kTable ? "table" : "materialized_view";
  for (auto& column : static_cast<const TableEntry&>(*entry).columns) {
    info.columns.emplace_back(column.name, column.type.ToString());
  }
  return info;
}

std::unique_ptr<Warehouse> EmbeddedWarehouse::NewSession() { return std::make_unique<EmbeddedWarehouse>(db_); }

void EmbeddedWarehouse::Written(const std::string&) {
  if (db_.storage()) db_.storage()->Checkpoint();
}

}  // namespace stockroom::pipeline
