#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stockroom::pipeline {

// Returns every relation `sql` names with a schema ("schema.name"), sorted and without
// duplicates, read from Stockroom's parse tree: names in FROM and JOIN at any depth
// (subqueries, CTE bodies, set operations, expressions' subqueries). CTE names cannot
// carry a schema, so they never appear. Throws std::runtime_error unless `sql` is one
// SELECT (the parser's message, with the position).
std::vector<std::string> QualifiedRelations(std::string_view sql);

// A raw file's CREATE TABLE: the table it creates and its columns in order.
struct CreatedTable {
  std::string relation;  // schema.name as written ("name" without a schema)
  std::vector<std::string> columns;
};
// Reads `sql`, which must be one CREATE TABLE with a column list; throws
// std::runtime_error otherwise.
CreatedTable ParseCreateTable(std::string_view sql);

}  // namespace stockroom::pipeline
