#include "pipeline/warehouse.hpp"

#include <cstdlib>

namespace stockroom::pipeline {

namespace {
const std::string kEmpty;
}

int64_t TextRows::Int(size_t r, size_t c) const {
  auto& value = rows.at(r).at(c);
  return value ? std::strtoll(value->c_str(), nullptr, 10) : 0;
}

const std::string& TextRows::Text(size_t r, size_t c) const {
  auto& value = rows.at(r).at(c);
  return value ? *value : kEmpty;
}

void InTransaction(Warehouse& warehouse, const std::function<void()>& body) {
  warehouse.Execute("BEGIN");
  try {
    body();
    warehouse.Execute("COMMIT");
  } catch (...) {
    try {
      warehouse.Execute("ROLLBACK");
    } catch (const WarehouseError&) {
    }
    throw;
  }
}

std::string SqlLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

}  // namespace stockroom::pipeline
