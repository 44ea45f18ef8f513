#include "storage/compression/string_segment.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expect_corrupted.hpp"

namespace stockroom {
namespace {

struct Encoded {
  StringEncoding encoding;
  std::string bytes;
};

Encoded Encode(const std::vector<std::string>& strings, std::optional<StringEncoding> only = std::nullopt,
               std::optional<IntegerEncoding> codes_only = std::nullopt) {
  std::vector<std::string_view> views(strings.begin(), strings.end());
  Encoded e;
  e.encoding = EncodeStringSegment(views.data(), views.size(), e.bytes, only, codes_only);
  return e;
}

std::vector<std::string> Decode(const std::string& bytes, size_t count) {
  std::vector<std::string_view> views;
  DecodeStringSegment(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), count, views);
  return std::vector<std::string>(views.begin(), views.end());
}

TEST(StringSegmentTest, AnEncodingAskedForIsUsed) {
  std::vector<std::string> unique;
  for (int i = 0; i < 1000; i++) unique.push_back("order-" + std::to_string(i));
  Encoded dictionary = Encode(unique, StringEncoding::kDictionary);
  EXPECT_EQ(dictionary.encoding, StringEncoding::kDictionary);
  EXPECT_EQ(Decode(dictionary.bytes, unique.size()), unique);
  Encoded runs = Encode(unique, StringEncoding::kDictionary, IntegerEncoding::kRunLength);
  EXPECT_EQ(Decode(runs.bytes, unique.size()), unique);

  std::vector<std::string> repeated(1000, "paid");
  Encoded plain = Encode(repeated, StringEncoding::kPlain);
  EXPECT_EQ(plain.encoding, StringEncoding::kPlain);
  EXPECT_GT(plain.bytes.size(), 4000u);
  EXPECT_EQ(Decode(plain.bytes, repeated.size()), repeated);
}

TEST(StringSegmentTest, RepeatedValuesBecomeADictionary) {
  // An order-status column: five values over 120,000 rows.
  const char* statuses[] = {"pending", "paid", "shipped", "delivered", "refunded"};
  std::vector<std::string> column;
  for (int i = 0; i < 120000; i++) column.push_back(statuses[(i / 7) % 5]);
  Encoded e = Encode(column);
  EXPECT_EQ(e.encoding, StringEncoding::kDictionary);
  EXPECT_LT(e.bytes.size(), column.size() / 2);  // under 4 bits a row
  EXPECT_EQ(Decode(e.bytes, column.size()), column);
}

TEST(StringSegmentTest, DistinctValuesStayPlain) {
  std::vector<std::string> emails;
  for (int i = 0; i < 5000; i++) emails.push_back("customer" + std::to_string(i * 7919) + "@example.com");
  emails.push_back("");
  emails.push_back(std::string("nul\0inside", 10));
  emails.push_back("ünïcödé");
  Encoded e = Encode(emails);
  EXPECT_EQ(e.encoding, StringEncoding::kPlain);
  EXPECT_EQ(Decode(e.bytes, emails.size()), emails);
  EXPECT_EQ(Decode(Encode({}).bytes, 0), std::vector<std::string>{});
}

TEST(StringSegmentTest, CorruptSegmentsAreReported) {
  std::vector<std::string> column(100, "x");
  column.push_back("y");
  Encoded dictionary = Encode(column);
  ASSERT_EQ(dictionary.encoding, StringEncoding::kDictionary);
  Encoded plain = Encode({"alpha", "beta", "gamma"});
  // bytes cut short
  ExpectDataCorrupted([&] { Decode(plain.bytes.substr(0, plain.bytes.size() - 1), 3); });
  ExpectDataCorrupted([&] { Decode(dictionary.bytes.substr(0, dictionary.bytes.size() - 2), 101); });
  // unknown encoding
  ExpectDataCorrupted([&] { Decode(std::string(1, '\x07') + plain.bytes.substr(1), 3); });
  // fewer rows than dictionary entries
  ExpectDataCorrupted([&] { Decode(dictionary.bytes, 1); });
}

}  // namespace
}  // namespace stockroom
