#include "main/prepared_statement.hpp"

#include <cctype>

#include "common/error/exception.hpp"
#include "common/types/value.hpp"

namespace stockroom {

void PreparedStatementMap::Add(const std::string& name, std::shared_ptr<PreparedStatement> statement) {
  if (!statements_.emplace(name, std::move(statement)).second) {
    throw SqlError(ErrorCode::kDuplicatePreparedStatement, "prepared statement \"" + name + "\" already exists");
  }
}

std::shared_ptr<PreparedStatement> PreparedStatementMap::Find(const std::string& name) const {
  auto it = statements_.find(name);
  return it == statements_.end() ? nullptr : it->second;
}

std::shared_ptr<PreparedStatement> PreparedStatementMap::Get(const std::string& name) const {
  auto found = Find(name);
  if (!found) throw SqlError(ErrorCode::kInvalidSqlStatementName, "prepared statement \"" + name + "\" does not exist");
  return found;
}

void PreparedStatementMap::Remove(const std::string& name) {
  if (!statements_.erase(name)) {
    throw SqlError(ErrorCode::kInvalidSqlStatementName, "prepared statement \"" + name + "\" does not exist");
  }
}

namespace {

// Skips blanks and comments (-- to end of line, nested /* */) from `i`.
size_t SkipSpace(std::string_view s, size_t i) {
  while (i < s.size()) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      i++;
    } else if (s.compare(i, 2, "--") == 0) {
      while (i < s.size() && s[i] != '\n') i++;
    } else if (s.compare(i, 2, "/*") == 0) {
      int depth = 0;
      do {
        if (s.compare(i, 2, "/*") == 0) depth++, i += 2;
        else if (s.compare(i, 2, "*/") == 0) depth--, i += 2;
        else i++;
      } while (depth > 0 && i < s.size());
    } else {
      break;
    }
  }
  return i;
}

// Skips one token from `i`: a quoted identifier or string, a parenthesized group, a word
// or a single character.
size_t SkipToken(std::string_view s, size_t i) {
  if (i >= s.size()) return i;
  char c = s[i];
  if (c == '"' || c == '\'') {
    for (i++; i < s.size(); i++) {
      if (s[i] == c) {
        if (i + 1 < s.size() && s[i + 1] == c) {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return i;
  }
  if (c == '(') {
    int depth = 0;
    while (i < s.size()) {
      if (s[i] == '"' || s[i] == '\'') {
        i = SkipToken(s, i);
        continue;
      }
      if (s[i] == '(') depth++;
      if (s[i] == ')' && --depth == 0) return i + 1;
      i++;
    }
    return i;
  }
  if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80) {
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '$' ||
                            static_cast<unsigned char>(s[i]) >= 0x80)) {
      i++;
    }
    return i;
  }
  return i + 1;
}

bool IsWord(std::string_view s, size_t begin, size_t end, std::string_view word) {
  if (end - begin != word.size()) return false;
  for (size_t k = 0; k < word.size(); k++) {
    if (std::tolower(static_cast<unsigned char>(s[begin + k])) != word[k]) return false;
  }
  return true;
}

}  // namespace

std::string_view PreparedQueryText(std::string_view text) {
  // PREPARE name [( type, ... )] AS statement: the first AS at the top level after the name.
  size_t i = SkipSpace(text, 0);
  i = SkipSpace(text, SkipToken(text, i));  // PREPARE
  i = SkipSpace(text, SkipToken(text, i));  // name
  while (i < text.size()) {
    size_t end = SkipToken(text, i);
    if (IsWord(text, i, end, "as")) return text.substr(SkipSpace(text, end));
    i = SkipSpace(text, end);
  }
  return text;
}

void CheckParameterValues(const PreparedStatement& prepared, const std::vector<Value>& values,
                          const std::string& name) {
  if (values.size() != prepared.parameter_types.size()) {
    throw SqlError(ErrorCode::kProtocolViolation, "bind message supplies " + std::to_string(values.size()) +
                                                      " parameters, but prepared statement \"" + name +
                                                      "\" requires " + std::to_string(prepared.parameter_types.size()));
  }
  for (size_t i = 0; i < values.size(); i++) {
    const Value& value = values[i];
    if (value.IsNull()) continue;
    const LogicalType& type = prepared.parameter_types[i];
    bool same = value.type().id() == type.id() &&
                (type.id() != TypeId::kArray || value.type().Element().id() == type.Element().id());
    if (!same) {
      throw SqlError(ErrorCode::kInvalidParameterValue, "parameter $" + std::to_string(i + 1) + " is of type " +
                                                            value.type().ToString() + ", but the statement expects " +
                                                            type.ToString());
    }
  }
}

}  // namespace stockroom
