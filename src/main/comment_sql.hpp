#pragma once

#include <string>
#include <vector>

namespace stockroom {

class Database;

// COMMENT ON statements that re-create every comment of `db`, for a checkpoint's manifest
// (after the catalog they name).
std::vector<std::string> CommentDefinitionSql(Database& db);

}  // namespace stockroom
