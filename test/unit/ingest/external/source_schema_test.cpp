// The OLTP tables the generator creates: the raw layer's columns and types, and the
// malformed landing lines they reject.
#include "ingest/external/source_schema.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace stockroom {
namespace {

// Returns "name type" per column of the CREATE TABLE in models/ecommerce/raw/<file>.
std::vector<std::string> RawColumns(const std::string& file) {
  std::ifstream in(std::string(SR_TEST_DATA) + "/../../models/ecommerce/raw/" + file);
  EXPECT_TRUE(in.good()) << file;
  std::vector<std::string> columns;
  std::string line;
  static const std::regex column(R"(^\s+("?[a-z_.]+"?)\s+([a-z]+(\([0-9,]+\))?),?$)");
  while (std::getline(in, line)) {
    std::smatch match;
    if (std::regex_match(line, match, column)) columns.push_back(match[1].str() + " " + match[2].str());
  }
  return columns;
}

TEST(SourceSchemaTest, ShopTablesHaveTheRawLayersColumnsAndTypes) {
  ASSERT_EQ(ShopDatabaseTables().size(), 7u);
  for (const auto& table : ShopDatabaseTables()) {
    std::vector<std::string> columns;
    for (const auto& column : table.columns) columns.push_back(column.name + " " + column.type);
    EXPECT_EQ(columns, RawColumns("shop_" + table.table + ".sql")) << table.table;
    for (const auto& key : table.key) {
      auto names = table.ColumnNames();
      EXPECT_NE(std::find(names.begin(), names.end(), key), names.end()) << table.table << "." << key;
    }
  }
}

TEST(SourceSchemaTest, AccountsHaveTheRawLayersColumns) {
  const auto& accounts = B2bPortalDatabaseTables().at(0);
  std::vector<std::string> names;
  for (const auto& column : RawColumns("b2b_portal_accounts.sql")) names.push_back(column.substr(0, column.find(' ')));
  EXPECT_EQ(accounts.ColumnNames(), names);
  auto source = accounts.ToSourceTable("accounts");
  EXPECT_EQ(source.raw_table, "raw.b2b_portal_accounts");
  EXPECT_EQ(source.watermark, "updated_at");
}

TEST(SourceSchemaTest, RejectsTheGeneratorsMalformedLines) {
  const auto& warehouses = ShopDatabaseTables().at(2);
  CsvRecord good{{"1", "EWR1", "Edison", "Edison", "NJ", "08817"}, std::vector<bool>(6, false)};
  EXPECT_TRUE(warehouses.Accepts(good));
  CsvRecord short_row{{"1", "EWR1", "Edison", "Edison", "NJ"}, std::vector<bool>(5, false)};
  EXPECT_FALSE(warehouses.Accepts(short_row));
  CsvRecord bad_number = good;
  bad_number.fields[0] = "12.3.4x";
  EXPECT_FALSE(warehouses.Accepts(bad_number));
  CsvRecord null_number = good;
  null_number.fields[0] = "";
  null_number.null[0] = true;
  EXPECT_TRUE(warehouses.Accepts(null_number));
}

}  // namespace
}  // namespace stockroom
