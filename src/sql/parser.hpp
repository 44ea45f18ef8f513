#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "sql/ast/statement.hpp"

namespace stockroom {

// Turns SQL text into statements, using PostgreSQL 15's own grammar (libpg_query). This is
// the only code that calls libpg_query. Redshift table attributes the grammar lacks
// (DISTKEY, SORTKEY, DISTSTYLE, ENCODE, BACKUP) and the APPROXIMATE keyword are taken out at
// the token level first and kept on the statement. Thread-safe.
class Parser {
 public:
  // Parses one or more ';'-separated statements. Throws SqlError 42601 with the position
  // of the offending token, as PostgreSQL reports syntax errors.
  static std::vector<std::unique_ptr<Statement>> Parse(std::string_view sql);
};

}  // namespace stockroom
