#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/types/logical_type.hpp"

namespace stockroom {

// Records (PostgreSQL's composite values: ROW(a, b), a function's OUT columns) are stored
// like arrays, in their output text form ("(1,\"a b\",)"); the LogicalType names the field
// list by a descriptor. Field lists are interned, so equal lists share a descriptor (and
// the types compare equal) and LogicalType stays a small value type. Descriptor 0 is the
// record whose fields are not known (a parameter that takes any record).
struct RecordField {
  std::string name;
  LogicalType type;
  friend bool operator==(const RecordField& a, const RecordField& b) { return a.name == b.name && a.type == b.type; }
};

namespace record_type {

// Returns the record type with these fields (its descriptor is interned).
LogicalType Make(const std::vector<RecordField>& fields);

// The fields of a record type (none for descriptor 0).
const std::vector<RecordField>& Fields(const LogicalType& record);

// Appends `field` as record_out writes a field: double-quoted (with " and \ doubled) when it
// is empty or holds a parenthesis, comma, quote, backslash or white space.
void AppendField(std::string_view field, std::string& out);

// Splits record_in text into its fields (nullopt: NULL, an empty unquoted field). Returns
// false if `text` is not a record literal.
bool ParseFields(std::string_view text, std::vector<std::optional<std::string>>& fields);

}  // namespace record_type
}  // namespace stockroom
