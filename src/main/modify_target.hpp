#pragma once

#include <memory>

#include "sql/ast/statement.hpp"

namespace stockroom {

class ClientContext;
class TableEntry;

// Looks up the table a DELETE, UPDATE, TRUNCATE or MERGE changes: 42P01 when it does not
// exist, 55000 for a view, 42809 for a materialized view. `verb` completes "cannot ...".
std::shared_ptr<TableEntry> LookupModifyTarget(ClientContext& context, const QualifiedName& name, const char* verb);

// A column reference `alias.column` as the parser would make it.
std::unique_ptr<ParsedExpression> QualifiedColumnRef(const std::string& alias, const std::string& column);

}  // namespace stockroom
