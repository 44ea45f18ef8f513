// Records' text form (record_out's quoting, record_in's parsing) and their interned types.
// The texts are what PostgreSQL 15 prints for the same ROW(...) values.
#include "common/types/record_type.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace stockroom {
namespace {

std::string Format(const std::vector<std::optional<std::string>>& fields) {
  std::string out = "(";
  for (size_t i = 0; i < fields.size(); i++) {
    if (i) out.push_back(',');
    if (fields[i]) record_type::AppendField(*fields[i], out);
  }
  return out + ")";
}

TEST(RecordTypeTest, FieldsAreQuotedAsRecordOutQuotesThem) {
  // SELECT ROW(1, 'a b', NULL, '', 'x"y', 'p\q', '(z)', 'c,d', '{1,2}')
  std::vector<std::optional<std::string>> fields = {"1",   "a b",   std::nullopt, "",     "x\"y",
                                                    "p\\q", "(z)", "c,d",        "{1,2}"};
  std::string text = Format(fields);
  EXPECT_EQ(text, "(1,\"a b\",,\"\",\"x\"\"y\",\"p\\\\q\",\"(z)\",\"c,d\",\"{1,2}\")");
  std::vector<std::optional<std::string>> back;
  ASSERT_TRUE(record_type::ParseFields(text, back));
  EXPECT_EQ(back, fields);
}

TEST(RecordTypeTest, ParsesWhatRecordInAccepts) {
  std::vector<std::optional<std::string>> fields;
  ASSERT_TRUE(record_type::ParseFields(" (a\\,b,\"c\"d, ) ", fields));
  EXPECT_EQ(fields, (std::vector<std::optional<std::string>>{"a,b", "cd", " "}));
  ASSERT_TRUE(record_type::ParseFields("()", fields));
  EXPECT_TRUE(fields.empty());
  ASSERT_TRUE(record_type::ParseFields("(,)", fields));
  EXPECT_EQ(fields, (std::vector<std::optional<std::string>>{std::nullopt, std::nullopt}));
  for (const char* bad : {"", "1,2", "(1,2", "(\"1)", "(1) x", "(1\\"}) {
    EXPECT_FALSE(record_type::ParseFields(bad, fields)) << bad;
  }
}

TEST(RecordTypeTest, EqualFieldListsShareOneType) {
  LogicalType a = record_type::Make({{"x", TypeId::kSmallInt}, {"n", TypeId::kInteger}});
  LogicalType b = record_type::Make({{"x", TypeId::kSmallInt}, {"n", TypeId::kInteger}});
  LogicalType c = record_type::Make({{"x", TypeId::kInteger}, {"n", TypeId::kInteger}});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(a.Name(), "record");
  ASSERT_EQ(record_type::Fields(c).size(), 2u);
  EXPECT_EQ(record_type::Fields(c)[0].name, "x");
  EXPECT_EQ(record_type::Fields(c)[0].type, LogicalType(TypeId::kInteger));
  EXPECT_TRUE(record_type::Fields(LogicalType::Record(0)).empty());
}

}  // namespace
}  // namespace stockroom
