#include "common/types/record_type.hpp"

#include <deque>
#include <mutex>

#include "common/error/assert.hpp"

namespace stockroom {
namespace record_type {

namespace {

// Every field list seen, in descriptor order. A deque keeps references stable while it
// grows; lists are few (one per distinct row shape a query writes) and never removed.
struct Registry {
  std::mutex mutex;
  std::deque<std::vector<RecordField>> lists{std::vector<RecordField>{}};
};

Registry& GetRegistry() {
  static Registry registry;
  return registry;
}

bool IsRecordSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

}  // namespace

LogicalType Make(const std::vector<RecordField>& fields) {
  Registry& registry = GetRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  for (size_t i = 1; i < registry.lists.size(); i++) {
    if (registry.lists[i] == fields) return LogicalType::Record(static_cast<int32_t>(i));
  }
  registry.lists.push_back(fields);
  return LogicalType::Record(static_cast<int32_t>(registry.lists.size() - 1));
}

const std::vector<RecordField>& Fields(const LogicalType& record) {
  SR_DCHECK(record.id() == TypeId::kRecord);
  Registry& registry = GetRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  auto descriptor = static_cast<size_t>(record.record_descriptor());
  SR_CHECK(descriptor < registry.lists.size());
  return registry.lists[descriptor];
}

void AppendField(std::string_view field, std::string& out) {
  bool quote = field.empty();
  for (char c : field) {
    if (c == '"' || c == '\\' || c == '(' || c == ')' || c == ',' || IsRecordSpace(c)) {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"' || c == '\\') out.push_back(c);
    out.push_back(c);
  }
  out.push_back('"');
}

bool ParseFields(std::string_view text, std::vector<std::optional<std::string>>& fields) {
  fields.clear();
  size_t pos = 0;
  size_t n = text.size();
  while (pos < n && IsRecordSpace(text[pos])) pos++;
  if (pos >= n || text[pos] != '(') return false;
  pos++;
  // "()" is a record of no fields.
  if (pos < n && text[pos] == ')') {
    pos++;
  } else {
    while (true) {
      if (pos >= n) return false;
      if (text[pos] == ',' || text[pos] == ')') {
        fields.emplace_back(std::nullopt);  // nothing between the delimiters: NULL
      } else {
        std::string value;
        bool in_quotes = false;
        while (pos < n && (in_quotes || (text[pos] != ',' && text[pos] != ')'))) {
          char c = text[pos++];
          if (c == '\\') {
            if (pos >= n) return false;
            value.push_back(text[pos++]);
          } else if (c == '"') {
            if (!in_quotes) {
              in_quotes = true;
            } else if (pos < n && text[pos] == '"') {
              value.push_back('"');  // "" inside quotes is one quote
              pos++;
            } else {
              in_quotes = false;
            }
          } else {
            value.push_back(c);
          }
        }
        if (pos >= n) return false;
        fields.emplace_back(std::move(value));
      }
      char delimiter = text[pos++];
      if (delimiter == ')') break;
    }
  }
  while (pos < n && IsRecordSpace(text[pos])) pos++;
  return pos == n;
}

}  // namespace record_type
}  // namespace stockroom
