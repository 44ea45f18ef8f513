// LandingCsvReader and AppendCsvField: the CSV the database sources read and write.
#include "ingest/external/landing_csv.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

std::vector<std::string> ReadAll(const std::string& path, std::vector<std::string>* header) {
  LandingCsvReader reader(path);
  *header = reader.header();
  std::vector<std::string> rows;
  CsvRecord record;
  while (reader.Next(&record)) {
    std::string text = std::to_string(record.line) + ":";
    for (size_t i = 0; i < record.fields.size(); i++) text += (i ? "|" : "") + (record.null[i] ? "<null>" : record.fields[i]);
    rows.push_back(text);
  }
  return rows;
}

TEST(LandingCsvTest, ReadsQuotesLineBreaksAndNullsAsCopyWritesThem) {
  TempDirectory dir;
  std::string path = dir / "a.csv";
  std::ofstream(path) << "id,note,n\r\n1,plain,2\r\n2,\"a, \"\"quoted\"\"\nline\",\r\n3,\"\",\n4,,\"\"";
  std::vector<std::string> header;
  auto rows = ReadAll(path, &header);
  EXPECT_EQ(header, (std::vector<std::string>{"id", "note", "n"}));
  EXPECT_EQ(rows, (std::vector<std::string>{"2:1|plain|2", "3:2|a, \"quoted\"\nline|<null>", "5:3||<null>",
                                            "6:4|<null>|"}));
}

TEST(LandingCsvTest, WrittenFieldsReadBackUnchanged) {
  std::vector<std::pair<std::string, bool>> fields = {
      {"plain", false}, {"", false}, {"", true}, {"a,b", false}, {"say \"hi\"", false},
      {"two\nlines", false}, {" padded ", false}, {"cr\r\nlf", false}, {"\\.", false}, {"caf\xc3\xa9", false}};
  std::string line;
  for (size_t i = 0; i < fields.size(); i++) AppendCsvField(line, fields[i].first, fields[i].second, i == 0);
  TempDirectory dir;
  std::string path = dir / "b.csv";
  std::ofstream(path) << line << "\n" << line << "\n";
  LandingCsvReader reader(path);  // the first line is the header
  CsvRecord record;
  ASSERT_TRUE(reader.Next(&record));
  ASSERT_EQ(record.fields.size(), fields.size());
  for (size_t i = 0; i < fields.size(); i++) {
    EXPECT_EQ(record.null[i], fields[i].second) << i;
    EXPECT_EQ(record.fields[i], fields[i].first) << i;
  }
  EXPECT_FALSE(reader.Next(&record));
}

TEST(LandingCsvTest, DecimalText) {
  for (const char* good : {"0", "-12", "12.34", "-0.01", "1234567890123"}) EXPECT_TRUE(IsDecimalText(good)) << good;
  for (const char* bad : {"", "-", ".", "12.3.4x", "1e5", "12a", " 1"}) EXPECT_FALSE(IsDecimalText(bad)) << bad;
}

TEST(LandingCsvTest, ListsPartsByDateWithinTheRange) {
  TempDirectory dir;
  for (const char* date : {"2025-12-30", "2025-12-28", "2025-12-29"}) {
    std::filesystem::create_directories(dir / ("shop/orders/" + std::string(date)));
    for (const char* part : {"part-00001.csv", "part-00000.csv"}) {
      std::ofstream(dir / ("shop/orders/" + std::string(date) + "/" + part)) << "x\n";
    }
  }
  auto files = ListLandingFiles(dir.path(), "shop", "orders", "2025-12-29", "");
  ASSERT_EQ(files.size(), 4u);
  EXPECT_EQ(files[0].date, "2025-12-29");
  EXPECT_EQ(files[0].path, dir / "shop/orders/2025-12-29/part-00000.csv");
  EXPECT_EQ(files[3].path, dir / "shop/orders/2025-12-30/part-00001.csv");
  EXPECT_EQ(ListLandingFiles(dir.path(), "shop", "orders", "", "2025-12-28").size(), 2u);
  EXPECT_TRUE(ListLandingFiles(dir.path(), "shop", "customers", "", "").empty());
}

}  // namespace
}  // namespace stockroom
