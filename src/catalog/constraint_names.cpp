#include "catalog/constraint_names.hpp"

#include <algorithm>

namespace stockroom {

namespace {

constexpr size_t kMaxNameBytes = 63;  // PostgreSQL's NAMEDATALEN - 1

// PostgreSQL's makeObjectName: name1_name2_label, shortening the longer of name1 and name2
// until it fits.
std::string ObjectName(std::string name1, std::string name2, const std::string& label) {
  size_t overhead = label.size() + 1 + (name2.empty() ? 0 : 1);
  size_t available = kMaxNameBytes - overhead;
  while (name1.size() + name2.size() > available) {
    if (name1.size() > name2.size()) {
      name1.pop_back();
    } else {
      name2.pop_back();
    }
  }
  return name1 + (name2.empty() ? "" : "_" + name2) + "_" + label;
}

}  // namespace

void NameConstraints(const std::string& table, std::vector<TableConstraint>& constraints) {
  auto taken = [&](const std::string& name) {
    return std::any_of(constraints.begin(), constraints.end(),
                       [&](const TableConstraint& c) { return c.name == name; });
  };
  for (auto& c : constraints) {
    if (!c.name.empty()) continue;
    if (c.kind == TableConstraint::Kind::kCheck) continue;
    std::string columns;
    if (c.kind != TableConstraint::Kind::kPrimaryKey) {
      for (auto& column : c.columns) columns += (columns.empty() ? "" : "_") + column;
    }
    const char* label = c.kind == TableConstraint::Kind::kPrimaryKey ? "pkey"
                        : c.kind == TableConstraint::Kind::kUnique   ? "key"
                                                                     : "fkey";
    std::string name = ObjectName(table, columns, label);
    for (int n = 1; taken(name); n++) name = ObjectName(table, columns, label + std::to_string(n));
    c.name = name;
  }
}

}  // namespace stockroom
