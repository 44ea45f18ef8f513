#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/csv/csv_scanner.hpp"

namespace stockroom {

// One step of a column's location in a JSON object: a member key, or (index >= 0) an
// array element.
struct JsonPathStep {
  std::string key;
  int64_t index = -1;

  bool operator==(const JsonPathStep&) const = default;
};
using JsonPath = std::vector<JsonPathStep>;

// Parses a Redshift JSONPaths file, {"jsonpaths": ["$.id", "$['a b']['c']", "$.items[0].sku"]},
// into one path per expression: `$` then steps in dot (`.name`) or bracket (`['name']`,
// `["name"]`, `[0]`) notation. Throws SqlError 22P02 for a file that is not valid JSON and
// 22023 for a file or expression Redshift rejects (wildcards, filters, negative indexes,
// empty names), naming the expression.
std::vector<JsonPath> ParseJsonPaths(std::string_view file_text);

// Splits one NDJSON line (one object) into text fields, one per input column, for COPY ...
// FORMAT json: the JSON counterpart of Tokenizer. Finds columns by name (JSON 'auto') or by
// JSONPaths; validates the whole line in one pass without building a tree, descending only
// into the members and elements a column needs. Immutable after construction; shared by
// threads.
class JsonRowTokenizer {
 public:
  // JSON 'auto': column i is the member named names[i], matched case-insensitively (ASCII,
  // as Redshift lower-cases column names). A name with dots ("customer.email") that is not a
  // member of the line is looked up as nested members instead.
  static JsonRowTokenizer ForColumnNames(const std::vector<std::string>& names);
  // JSONPaths: column i is at paths[i]; keys match exactly.
  static JsonRowTokenizer ForPaths(const std::vector<JsonPath>& paths);

  // Parses the line [p, end) (one JSON object, white space around it allowed) and stores
  // column i's field at out[i][row]:
  //   string        its content de-escaped (\uXXXX and surrogate pairs as UTF-8); in the
  //                 input bytes, or in `scratch` when it had escapes
  //   number        as written ("1.50", "-0", "1e3")
  //   true, false   "true", "false"
  //   object, array its exact JSON text (for json, jsonb and text columns)
  //   null, missing NULL
  // Of duplicate keys the last one counts, as in jsonb. Returns false for a line that is not
  // one valid JSON object, with `message` set to PostgreSQL's json error text plus what was
  // found where ("invalid input syntax for type json: Expected ":", but found "1" at byte
  // offset 7"); out[*][row] is then unspecified. Strings that are de-escaped (a column's
  // value, a key of an object a column is looked up in) are also checked as PostgreSQL checks
  // text it de-escapes (no \u0000, no unpaired surrogates); values that are skipped or kept
  // as JSON text are checked for JSON syntax only. Encoding (valid UTF-8) is the caller's
  // check. Fields stay valid while the line and `scratch` (until its Reset) do.
  bool Split(const char* p, const char* end, CsvField* const* out, size_t row, ScratchArena& scratch,
             std::string* message) const;

  size_t columns() const { return columns_; }

 private:
  class LineParser;

  // A column a value lands in. `slot` numbers the columns of dotted names (auto mode): a
  // value found under the whole name sets the slot's bit, and a value found by the nested
  // fallback path (`fallback`) is stored only while that bit is clear.
  struct Target {
    uint32_t column;
    uint32_t slot;
    bool fallback;
  };
  static constexpr uint32_t kNoSlot = UINT32_MAX;

  // One entry of a node's open-addressing key table.
  struct KeySlot {
    uint32_t hash = 0;
    uint32_t child = 0;  // 0: empty (the root is never a child)
    uint32_t key_offset = 0;
    uint32_t key_size = 0;
  };

  // A place in the object tree that some column needs: its own value (targets), members
  // (key table) or elements (sorted by index).
  struct Node {
    std::vector<Target> targets;
    std::vector<Target> below;  // targets of all descendants, cleared when the value repeats
    uint32_t key_table = 0;     // offset into key_slots_
    uint32_t key_mask = 0;      // table size - 1; no table when key_count == 0
    uint32_t key_count = 0;
    std::vector<std::pair<int64_t, uint32_t>> elements;
  };

  explicit JsonRowTokenizer(bool ignore_case) : ignore_case_(ignore_case) { nodes_.emplace_back(); }
  uint32_t AddStep(uint32_t node, const JsonPathStep& step);
  void AddTarget(const JsonPath& path, Target target);
  void Finish();
  uint32_t HashKey(const char* key, size_t size) const;
  // Returns the child of `node` for member `key` (raw bytes, no escapes), or 0.
  uint32_t FindKey(const Node& node, const char* key, size_t size) const;
  uint32_t FindElement(const Node& node, int64_t index) const;

  bool ignore_case_;
  size_t columns_ = 0;
  uint32_t slots_ = 0;
  std::vector<Node> nodes_;  // nodes_[0] is the line's object
  std::vector<KeySlot> key_slots_;
  std::string key_bytes_;  // keys, lower-cased when ignore_case_
  // Building state: each node's keys before Finish lays out the tables.
  std::vector<std::vector<std::pair<std::string, uint32_t>>> pending_keys_;
};

}  // namespace stockroom
