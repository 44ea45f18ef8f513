// pg_get_keywords(): word, catcode, barelabel, catdesc, baredesc for every SQL keyword, as
// PostgreSQL 15 returns them (pgjdbc's getSQLKeywords reads it). The list is the one of the
// grammar Stockroom parses with: libpg_query's ScanKeywords and ScanKeywordCategories
// (PostgreSQL's kwlist.h). Whether a keyword may be a bare column label (AS_LABEL or
// BARE_LABEL in kwlist.h, not exported) is asked of that same grammar: whether `SELECT 1
// keyword` parses with the keyword as the column's name.
#include "function/table/keyword_functions.hpp"

#include <pg_query.h>

#include <cstdint>
#include <string>
#include <vector>

#include "function/function_registry.hpp"

extern "C" {
// PostgreSQL's common/kwlookup.h, as libpg_query 15 builds it.
struct ScanKeywordList {
  const char* kw_string;
  const uint16_t* kw_offsets;
  int (*hash)(const void* key, size_t len);
  int num_keywords;
  int max_kw_len;
};
extern const ScanKeywordList ScanKeywords;
extern const uint8_t ScanKeywordCategories[];
}

namespace stockroom {

namespace {

struct Keyword {
  std::string word;
  std::string catcode;  // U, C, T, R
  bool bare_label;
};

const std::vector<Keyword>& Keywords() {
  static const std::vector<Keyword> keywords = [] {
    static const char* kCodes[] = {"U", "C", "T", "R"};  // UNRESERVED .. RESERVED_KEYWORD
    std::vector<Keyword> list;
    for (int i = 0; i < ScanKeywords.num_keywords; i++) {
      Keyword k;
      k.word = ScanKeywords.kw_string + ScanKeywords.kw_offsets[i];
      k.catcode = ScanKeywordCategories[i] < 4 ? kCodes[ScanKeywordCategories[i]] : "U";
      std::string probe = "SELECT 1 " + k.word;
      PgQueryParseResult parsed = pg_query_parse(probe.c_str());
      // It parsed as a label, not as part of the expression (1 ISNULL is a test).
      k.bare_label = parsed.error == nullptr && parsed.parse_tree &&
                     std::string(parsed.parse_tree).find("\"name\":\"" + k.word + "\"") != std::string::npos;
      pg_query_free_parse_result(parsed);
      list.push_back(std::move(k));
    }
    return list;
  }();
  return keywords;
}

const char* CategoryDescription(const std::string& code) {
  if (code == "U") return "unreserved";
  if (code == "C") return "unreserved (cannot be function or type name)";
  if (code == "T") return "reserved (can be function or type name)";
  return "reserved";
}

struct KeywordState : TableFunctionState {
  size_t next = 0;
};

std::vector<std::string> KeywordNames(const std::vector<LogicalType>&) {
  return {"word", "catcode", "barelabel", "catdesc", "baredesc"};
}

std::vector<LogicalType> KeywordTypes(const std::vector<LogicalType>&) {
  return {TypeId::kText, TypeId::kText, TypeId::kBoolean, TypeId::kText, TypeId::kText};
}

std::unique_ptr<TableFunctionState> InitKeywords(ClientContext&, const std::vector<Value>&) {
  return std::make_unique<KeywordState>();
}

bool NextKeywords(ClientContext&, TableFunctionState& base, DataChunk& output) {
  auto& state = static_cast<KeywordState&>(base);
  const auto& keywords = Keywords();
  idx_t n = 0;
  for (; n < kVectorSize && state.next < keywords.size(); n++, state.next++) {
    const Keyword& k = keywords[state.next];
    output.column(0).SetValue(n, Value::Text(k.word));
    output.column(1).SetValue(n, Value::Text(k.catcode));
    output.column(2).SetValue(n, Value::Boolean(k.bare_label));
    output.column(3).SetValue(n, Value::Text(CategoryDescription(k.catcode)));
    output.column(4).SetValue(n, Value::Text(k.bare_label ? "can be bare label" : "requires AS"));
  }
  output.SetCardinality(n);
  return n > 0;
}

}  // namespace

void RegisterKeywordFunctions(FunctionRegistry& registry) {
  TableFunction keywords;
  keywords.name = "pg_get_keywords";
  keywords.column_names = KeywordNames;
  keywords.column_types = KeywordTypes;
  keywords.init = InitKeywords;
  keywords.next = NextKeywords;
  registry.AddTable(keywords);
}

}  // namespace stockroom
