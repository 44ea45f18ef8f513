#include "ingest/json/json_row_tokenizer.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "common/error/exception.hpp"

namespace stockroom {
namespace {

using Fields = std::vector<std::optional<std::string>>;

struct SplitResult {
  bool ok = false;
  Fields fields;
  std::string message;
  std::vector<bool> in_input;  // whether each non-NULL field points into the line
};

// Splits `line` into row 1 of two-row field arrays (row 0 must stay untouched).
SplitResult Split(const JsonRowTokenizer& tokenizer, const std::string& line) {
  const size_t columns = tokenizer.columns();
  const CsvField sentinel{"untouched", 9};
  std::vector<CsvField> storage(columns * 2, sentinel);
  std::vector<CsvField*> out;
  for (size_t c = 0; c < columns; c++) out.push_back(&storage[c * 2]);
  ScratchArena scratch;
  SplitResult result;
  result.ok =
      tokenizer.Split(line.data(), line.data() + line.size(), out.data(), 1, scratch, &result.message);
  for (size_t c = 0; c < columns; c++) {
    EXPECT_EQ(out[c][0].data, sentinel.data) << "row 0 was written";
    if (!result.ok) continue;
    CsvField f = out[c][1];
    result.fields.push_back(f.IsNull() ? std::nullopt : std::optional<std::string>(std::string(f.view())));
    result.in_input.push_back(!f.IsNull() && f.data >= line.data() && f.data <= line.data() + line.size());
  }
  return result;
}

Fields SplitOk(const JsonRowTokenizer& tokenizer, const std::string& line) {
  SplitResult result = Split(tokenizer, line);
  EXPECT_TRUE(result.ok) << line << ": " << result.message;
  return result.fields;
}

std::string SplitError(const JsonRowTokenizer& tokenizer, const std::string& line) {
  SplitResult result = Split(tokenizer, line);
  EXPECT_FALSE(result.ok) << line;
  return result.message;
}

JsonRowTokenizer Paths(const std::string& file) { return JsonRowTokenizer::ForPaths(ParseJsonPaths(file)); }

TEST(JsonRowTokenizerTest, FlatObjectByColumnNames) {
  auto t = JsonRowTokenizer::ForColumnNames({"id", "name", "price", "active", "note"});
  EXPECT_EQ(SplitOk(t, R"({"id": 7, "name": "Ada", "price": 1.50, "active": true, "note": "x"})"),
            (Fields{"7", "Ada", "1.50", "true", "x"}));
  // Member order does not matter, unknown members are skipped, white space is allowed.
  EXPECT_EQ(SplitOk(t, "  {\"note\":\"\",\"extra\":{\"a\":[1,{\"b\":null}]},\"active\":false,\"id\":-3}\t\r"),
            (Fields{"-3", std::nullopt, std::nullopt, "false", ""}));
  EXPECT_EQ(SplitOk(t, "{}"), (Fields{std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt}));
}

TEST(JsonRowTokenizerTest, NullAndMissingAreNull) {
  auto t = JsonRowTokenizer::ForColumnNames({"a", "b"});
  EXPECT_EQ(SplitOk(t, R"({"a": null})"), (Fields{std::nullopt, std::nullopt}));
  EXPECT_EQ(SplitOk(t, R"({"a": "null", "b": ""})"), (Fields{"null", ""}));
}

TEST(JsonRowTokenizerTest, NumbersKeepTheirText) {
  auto t = JsonRowTokenizer::ForColumnNames({"a", "b", "c", "d", "e", "f"});
  EXPECT_EQ(
      SplitOk(t,
              R"({"a": 1.50, "b": -0, "c": 1e3, "d": 0.5E-7, "e": 12345678901234567890123, "f": -1.0e+2})"),
      (Fields{"1.50", "-0", "1e3", "0.5E-7", "12345678901234567890123", "-1.0e+2"}));
}

TEST(JsonRowTokenizerTest, KeysMatchCaseInsensitively) {
  auto t = JsonRowTokenizer::ForColumnNames({"customerid", "OrderDate"});
  EXPECT_EQ(SplitOk(t, R"({"CustomerId": 1, "ORDERDATE": "2024-01-02"})"), (Fields{"1", "2024-01-02"}));
  // A key that is longer than the hash looks at still compares in full.
  auto long_names = JsonRowTokenizer::ForColumnNames({"shipping_address_line_1", "shipping_address_line_2"});
  EXPECT_EQ(SplitOk(long_names, R"({"SHIPPING_ADDRESS_LINE_2": "b", "shipping_address_line_1": "a"})"),
            (Fields{"a", "b"}));
  EXPECT_EQ(SplitOk(long_names, R"({"shipping_address_line_3": "c", "shipping_address_lineX1": "d"})"),
            (Fields{std::nullopt, std::nullopt}));
}

TEST(JsonRowTokenizerTest, DuplicateKeysLastWins) {
  auto t = JsonRowTokenizer::ForColumnNames({"a", "b"});
  EXPECT_EQ(SplitOk(t, R"({"a": 1, "b": 2, "A": 3, "b": null})"), (Fields{"3", std::nullopt}));
  // A repeated parent replaces what its first value held.
  auto nested = Paths(R"({"jsonpaths": ["$.c.x", "$.c.y"]})");
  EXPECT_EQ(SplitOk(nested, R"({"c": {"x": 1, "y": 2}, "c": {"y": 3}})"), (Fields{std::nullopt, "3"}));
  EXPECT_EQ(SplitOk(nested, R"({"c": {"x": 1, "y": 2}, "c": 5})"), (Fields{std::nullopt, std::nullopt}));
}

TEST(JsonRowTokenizerTest, ObjectsAndArraysAsJsonText) {
  auto t = JsonRowTokenizer::ForColumnNames({"customer", "items", "empty"});
  EXPECT_EQ(
      SplitOk(t,
              R"({"items": [ {"sku": "A1", "qty": 2} , [] ], "customer": {"email": "a\"b"}, "empty": {}})"),
      (Fields{R"({"email": "a\"b"})", R"([ {"sku": "A1", "qty": 2} , [] ])", "{}"}));
}

TEST(JsonRowTokenizerTest, DottedColumnNameIsNestedKeys) {
  auto t = JsonRowTokenizer::ForColumnNames({"id", "customer.email", "customer.address.city"});
  EXPECT_EQ(SplitOk(t, R"({"id": 1, "customer": {"email": "a@b.c", "address": {"City": "Oslo"}}})"),
            (Fields{"1", "a@b.c", "Oslo"}));
  // The whole name, when it is a key, wins wherever it stands (even as null).
  EXPECT_EQ(SplitOk(t, R"({"customer.email": "x", "customer": {"email": "y"}})"),
            (Fields{std::nullopt, "x", std::nullopt}));
  EXPECT_EQ(SplitOk(t, R"({"customer": {"email": "y"}, "Customer.Email": null})"),
            (Fields{std::nullopt, std::nullopt, std::nullopt}));
  // Not an object where a nested key is wanted: NULL.
  EXPECT_EQ(SplitOk(t, R"({"customer": "anonymous"})"), (Fields{std::nullopt, std::nullopt, std::nullopt}));
  // A column for the parent as well as one inside it.
  auto both = JsonRowTokenizer::ForColumnNames({"customer", "customer.email"});
  EXPECT_EQ(SplitOk(both, R"({"customer": {"email": "y"}})"), (Fields{R"({"email": "y"})", "y"}));
}

TEST(JsonRowTokenizerTest, JsonPathsNestedBracketsAndIndexes) {
  auto t =
      Paths(R"({"jsonpaths": ["$.id", "$.customer.email", "$['a b']['c']", "$.items[0].sku", "$.items[2]",
                                   "$[\"items\"][1][\"sku\"]"]})");
  std::string line = R"({"id": 9, "customer": {"email": "e@x"}, "a b": {"c": [1, 2]},)"
                     R"( "items": [{"sku": "S0"}, {"sku": "S1", "n": 1}, [3]]})";
  EXPECT_EQ(SplitOk(t, line), (Fields{"9", "e@x", "[1, 2]", "S0", "[3]", "S1"}));
  // Keys in paths match exactly; a missing element is NULL.
  EXPECT_EQ(SplitOk(t, R"({"ID": 9, "items": [{"SKU": 1}]})"),
            (Fields{std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt}));
  // The same path twice fills both columns.
  auto twice = Paths(R"({"jsonpaths": ["$.a", "$['a']"]})");
  EXPECT_EQ(SplitOk(twice, R"({"a": "v"})"), (Fields{"v", "v"}));
}

TEST(JsonRowTokenizerTest, EscapesAreDecoded) {
  auto t = JsonRowTokenizer::ForColumnNames({"s", "plain"});
  SplitResult r = Split(t, R"({"s": "a\"b\\c\/d\b\f\n\r\t\u00e9\u20ac\ud83d\ude00", "plain": "caf\u00e9"})");
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.fields[0], "a\"b\\c/d\b\f\n\r\t\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  EXPECT_EQ(r.fields[1], "caf\xC3\xA9");
  EXPECT_FALSE(r.in_input[0]);
  // Strings without escapes point into the line; raw UTF-8 passes through.
  r = Split(t, "{\"s\": \"caf\xC3\xA9\", \"plain\": \"x\"}");
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.fields[0], "caf\xC3\xA9");
  EXPECT_TRUE(r.in_input[0]);
  EXPECT_TRUE(r.in_input[1]);
  // Escaped keys match their decoded text.
  EXPECT_EQ(SplitOk(t, R"({"\u0053": 1, "pl\u0061in": 2})"), (Fields{"1", "2"}));
  // Text cannot hold these; in values no column needs they are only checked for syntax.
  EXPECT_NE(SplitError(t, R"({"s": "a\u0000"})").find("\\u0000 cannot be converted to text"),
            std::string::npos);
  EXPECT_NE(SplitError(t, R"({"s": "\ude00"})").find("Unicode low surrogate must follow a high surrogate"),
            std::string::npos);
  EXPECT_NE(SplitError(t, R"({"s": "\ud83dx"})").find("Unicode low surrogate must follow a high surrogate"),
            std::string::npos);
  EXPECT_NE(SplitError(t, R"({"s": "\ud83d\ud83d"})")
                .find("Unicode high surrogate must not follow a high surrogate"),
            std::string::npos);
  EXPECT_EQ(SplitOk(t, R"({"other": "\u0000\ude00", "s": 1})"), (Fields{"1", std::nullopt}));
}

TEST(JsonRowTokenizerTest, InvalidLinesAreRejected) {
  auto t = JsonRowTokenizer::ForColumnNames({"a", "b"});
  struct Case {
    std::string line;
    std::string message;
  };
  const std::string prefix = "invalid input syntax for type json: ";
  std::vector<Case> cases = {
      {R"({"a": 1, "b": )", "The input string ended unexpectedly at byte offset 14"},
      {R"({"a": 1)", "The input string ended unexpectedly at byte offset 7"},
      {R"({"a": "abc)", "The input string ended unexpectedly at byte offset 10"},
      {"", "The input string ended unexpectedly at byte offset 0"},
      {R"({"a": 1} x)", "Expected end of input, but found \"x\" at byte offset 9"},
      {R"({"a": 1}{"b": 2})", "Expected end of input, but found \"{\" at byte offset 8"},
      {R"([{"a": 1}])", "Expected a JSON object, but found an array at byte offset 0"},
      {R"("a")", "Expected a JSON object, but found \"\"a\"\" at byte offset 0"},
      {R"({a: 1})", "Expected string or \"}\", but found \"a\" at byte offset 1"},
      {R"({"a": 1, b: 2})", "Expected string, but found \"b\" at byte offset 9"},
      {R"({"a" 1})", "Expected \":\", but found \"1\" at byte offset 5"},
      {R"({"a": 1 "b": 2})", "Expected \",\" or \"}\", but found \"\"b\"\" at byte offset 8"},
      {R"({"a": [1 2]})", "Expected \",\" or \"]\", but found \"2\" at byte offset 9"},
      {R"({"x": [1, 2,]})", "Expected JSON value, but found \"]\" at byte offset 12"},
      {R"({"a": "x\q"})", "Escape sequence \"\\q\" is invalid at byte offset 8"},
      {R"({"x": "\u12G4"})", "\"\\u\" must be followed by four hexadecimal digits at byte offset 7"},
      {"{\"x\": \"a\tb\"}", "Character with value 0x09 must be escaped at byte offset 8"},
      {R"({"a": tru})", "Token \"tru\" is invalid at byte offset 6"},
      {R"({"x": nulls})", "Token \"nulls\" is invalid at byte offset 6"},
      {R"({"a": 01})", "Token \"01\" is invalid at byte offset 6"},
      {R"({"a": 1.})", "Token \"1.\" is invalid at byte offset 6"},
      {R"({"x": -})", "Token \"-\" is invalid at byte offset 6"},
      {R"({"x": 1e})", "Token \"1e\" is invalid at byte offset 6"},
      {R"({"x": {"y": [1, {"z" 2}]}})", "Expected \":\", but found \"2\" at byte offset 21"},
      {R"({"a": 'x'})", "Expected JSON value, but found \"'\" at byte offset 6"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(SplitError(t, c.line), prefix + c.message) << c.line;
  }
  // Nested paths are validated just as fully.
  auto nested = Paths(R"({"jsonpaths": ["$.c.x", "$.i[1]"]})");
  EXPECT_EQ(SplitError(nested, R"({"c": {"x": 1,}})"),
            prefix + "Expected string, but found \"}\" at byte offset 14");
  EXPECT_EQ(SplitError(nested, R"({"i": [0, 1 x]})"),
            prefix + "Expected \",\" or \"]\", but found \"x\" at byte offset 12");
}

TEST(JsonRowTokenizerTest, DeepNestingIsRejectedNotCrashing) {
  auto t = JsonRowTokenizer::ForColumnNames({"a"});
  std::string deep = "{\"x\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_NE(SplitError(t, deep).find("nesting is deeper than"), std::string::npos);
  std::string fine = "{\"x\": " + std::string(1000, '[') + std::string(1000, ']') + ", \"a\": 1}";
  EXPECT_EQ(SplitOk(t, fine), (Fields{"1"}));
}

TEST(JsonRowTokenizerTest, ManyDottedColumns) {
  std::vector<std::string> names;
  std::string line = "{\"o\": {";
  for (int i = 0; i < 300; i++) {
    names.push_back("o.k" + std::to_string(i));
    line += (i ? ", \"k" : "\"k") + std::to_string(i) + "\": " + std::to_string(i);
  }
  line += "}, \"o.k299\": \"whole\"}";
  auto t = JsonRowTokenizer::ForColumnNames(names);
  Fields fields = SplitOk(t, line);
  ASSERT_EQ(fields.size(), 300u);
  EXPECT_EQ(fields[0], "0");
  EXPECT_EQ(fields[298], "298");
  EXPECT_EQ(fields[299], "whole");
}

TEST(JsonPathsTest, ParsesDotAndBracketNotation) {
  std::vector<JsonPath> paths = ParseJsonPaths(
      R"( {"jsonpaths": ["$.id", "$.customer.email", "$['a b']['c']", "$.items[0].sku", "$[\"it's\"]"]} )");
  ASSERT_EQ(paths.size(), 5u);
  EXPECT_EQ(paths[0], (JsonPath{{"id"}}));
  EXPECT_EQ(paths[1], (JsonPath{{"customer"}, {"email"}}));
  EXPECT_EQ(paths[2], (JsonPath{{"a b"}, {"c"}}));
  EXPECT_EQ(paths[3], (JsonPath{{"items"}, {"", 0}, {"sku"}}));
  EXPECT_EQ(paths[4], (JsonPath{{"it's"}}));
}

TEST(JsonPathsTest, RejectsBadFiles) {
  auto error = [](const std::string& file) -> std::string {
    try {
      ParseJsonPaths(file);
    } catch (const SqlError& e) {
      return std::string(e.sqlstate()) + ": " + e.what();
    }
    return "no error";
  };
  EXPECT_EQ(error(R"({"jsonpaths": ["$.a",]})"),
            "22P02: invalid input syntax for type json in JSONPaths file");
  EXPECT_EQ(error(R"(["$.a"])"),
            "22023: invalid JSONPaths file: it must hold one JSON object, {\"jsonpaths\": [...]}");
  EXPECT_EQ(error(R"({"paths": ["$.a"]})"),
            "22023: invalid JSONPaths file: unexpected key \"paths\"; only \"jsonpaths\" is allowed");
  EXPECT_EQ(error(R"({})"), "22023: invalid JSONPaths file: the key \"jsonpaths\" is missing");
  EXPECT_EQ(error(R"({"jsonpaths": "$.a"})"),
            "22023: invalid JSONPaths file: \"jsonpaths\" must be an array of strings");
  EXPECT_EQ(error(R"({"jsonpaths": []})"), "22023: invalid JSONPaths file: \"jsonpaths\" is empty");
  EXPECT_EQ(error(R"({"jsonpaths": ["$.a", 1]})"),
            "22023: invalid JSONPaths file: element 2 of \"jsonpaths\" is not a string: 1");
  auto bad = [&](const std::string& expr, const std::string& reason) {
    EXPECT_EQ(error("{\"jsonpaths\": [\"$.ok\", \"" + expr + "\"]}"),
              "22023: invalid JSONPath expression \"" + expr + "\": " + reason);
  };
  bad("a.b", "it must start with \"$\"");
  bad("$", "it selects the whole object; name a member");
  bad("$.", "a member name is missing after \".\"");
  bad("$.a..b", "recursive descent (\"..\") is not supported");
  bad("$.*", "wildcards are not supported");
  bad("$.a[*]", "wildcards are not supported");
  bad("$.a[-1]", "negative array indexes are not supported");
  bad("$.a[?(@.x)]", "filter expressions are not supported");
  bad("$.a[0", "\"]\" is missing after an array index");
  bad("$['a", "a quoted member name is not terminated");
  bad("$['a'", "\"]\" is missing after a quoted member name");
  bad("$['']", "a member name is empty");
  bad("$[x]", "\"[\" must be followed by a quoted member name or an array index");
  bad("$a", "unexpected \"a\" at character 2; expected \".\" or \"[\"");
  bad("$.a[99999999999]", "the array index is too large");
}

}  // namespace
}  // namespace stockroom
