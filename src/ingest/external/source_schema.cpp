#include "ingest/external/source_schema.hpp"

namespace stockroom {

namespace {

bool IsNumericType(const std::string& type) {
  if (type == "integer" || type == "bigint" || type == "smallint" || type == "int") return true;
  return type.rfind("numeric", 0) == 0 || type.rfind("decimal", 0) == 0;
}

SourceTableSchema Table(const char* system, const char* table, std::vector<std::pair<const char*, const char*>> columns,
                        std::vector<std::string> key, const char* watermark) {
  SourceTableSchema schema{system, table, {}, std::move(key), watermark};
  for (auto& [name, type] : columns) schema.columns.push_back({name, type, IsNumericType(type)});
  return schema;
}

}  // namespace

std::vector<std::string> SourceTableSchema::ColumnNames() const {
  std::vector<std::string> names;
  for (const auto& column : columns) names.push_back(column.name);
  return names;
}

bool SourceTableSchema::Accepts(const CsvRecord& record) const {
  if (record.fields.size() != columns.size()) return false;
  for (size_t i = 0; i < columns.size(); i++) {
    if (columns[i].numeric && !record.null[i] && !IsDecimalText(record.fields[i])) return false;
  }
  return true;
}

DatabaseSourceTable SourceTableSchema::ToSourceTable(const std::string& qualified_name) const {
  DatabaseSourceTable source;
  source.raw_table = "raw." + system + "_" + table;
  source.source_table = qualified_name;
  source.columns = ColumnNames();
  source.watermark = watermark;
  source.key_columns = key;
  return source;
}

// The types are the raw layer's (models/ecommerce/raw/shop_*.sql; a test keeps them equal).
// Watermarks: rows with updated_at carry their change time; a return changes when it is
// requested and again when it is received, so its change time is the later of the two;
// inventory snapshots are written once per day and never change; the 3 warehouses have no
// change time and are extracted whole.
const std::vector<SourceTableSchema>& ShopDatabaseTables() {
  static const std::vector<SourceTableSchema> tables = {
      Table("shop", "customers",
            {{"customer_id", "bigint"}, {"email", "text"}, {"first_name", "text"}, {"last_name", "text"},
             {"phone", "text"}, {"customer_type", "text"}, {"company_name", "text"}, {"address_city", "text"},
             {"address_state", "text"}, {"address_zip", "text"}, {"country", "text"},
             {"marketing_opt_in", "boolean"}, {"created_at", "timestamptz"}, {"updated_at", "timestamptz"}},
            {"customer_id"}, "updated_at"),
      Table("shop", "products",
            {{"product_id", "integer"}, {"sku", "text"}, {"product_name", "text"}, {"category", "text"},
             {"subcategory", "text"}, {"brand", "text"}, {"supplier_id", "integer"}, {"unit_cost", "numeric(12,2)"},
             {"list_price", "numeric(12,2)"}, {"weight_kg", "numeric(8,2)"}, {"is_active", "boolean"},
             {"created_at", "timestamptz"}, {"updated_at", "timestamptz"}},
            {"product_id"}, "updated_at"),
      Table("shop", "warehouses",
            {{"warehouse_id", "integer"}, {"code", "text"}, {"name", "text"}, {"city", "text"}, {"state", "text"},
             {"zip", "text"}},
            {"warehouse_id"}, ""),
      Table("shop", "orders",
            {{"order_id", "bigint"}, {"customer_id", "bigint"}, {"order_ts", "timestamptz"}, {"channel", "text"},
             {"status", "text"}, {"warehouse_id", "integer"}, {"ship_city", "text"}, {"ship_state", "text"},
             {"ship_zip", "text"}, {"promo_code", "text"}, {"subtotal", "numeric(12,2)"},
             {"discount_total", "numeric(12,2)"}, {"shipping_fee", "numeric(12,2)"}, {"tax", "numeric(12,2)"},
             {"total", "numeric(12,2)"}, {"ga_session_id", "bigint"}, {"updated_at", "timestamptz"}},
            {"order_id"}, "updated_at"),
      Table("shop", "order_items",
            {{"order_item_id", "bigint"}, {"order_id", "bigint"}, {"product_id", "integer"}, {"quantity", "integer"},
             {"unit_price", "numeric(12,2)"}, {"discount", "numeric(12,2)"}, {"line_total", "numeric(12,2)"},
             {"unit_cost", "numeric(12,2)"}, {"updated_at", "timestamptz"}},
            {"order_item_id"}, "updated_at"),
      Table("shop", "returns",
            {{"return_id", "bigint"}, {"order_item_id", "bigint"}, {"order_id", "bigint"}, {"quantity", "integer"},
             {"reason", "text"}, {"requested_at", "timestamptz"}, {"received_at", "timestamptz"},
             {"refund_amount", "numeric(12,2)"}, {"restocked", "boolean"}},
            {"return_id"}, "coalesce(received_at, requested_at)"),
      Table("shop", "inventory_snapshots",
            {{"snapshot_date", "date"}, {"warehouse_id", "integer"}, {"product_id", "integer"}, {"on_hand", "integer"},
             {"reserved", "integer"}, {"on_order", "integer"}},
            {"snapshot_date", "warehouse_id", "product_id"}, "snapshot_date"),
  };
  return tables;
}

// MySQL's types for the portal: DATETIME without a zone (the portal's local time), as the
// landing files write it.
const std::vector<SourceTableSchema>& B2bPortalDatabaseTables() {
  static const std::vector<SourceTableSchema> tables = {
      Table("b2b_portal", "accounts",
            {{"account_id", "int"}, {"customer_id", "bigint"}, {"company_name", "varchar(200)"},
             {"tier", "varchar(16)"}, {"credit_limit", "decimal(12,2)"}, {"payment_terms_days", "int"},
             {"sales_rep", "varchar(100)"}, {"region", "varchar(32)"}, {"created_at", "datetime"},
             {"updated_at", "datetime"}},
            {"account_id"}, "updated_at"),
  };
  return tables;
}

}  // namespace stockroom
