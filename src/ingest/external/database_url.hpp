#pragma once

#include <string>

namespace stockroom {

// The parts of a mysql://user:password@host[:port]/database[?socket=path] URL, percent-
// decoded. An empty host means localhost; port 0 the default (3306).
struct MysqlUrl {
  std::string user, password, host, database, socket;
  unsigned port = 0;
};

// Parses a MySQL/MariaDB URL (scheme mysql:// or mariadb://). Throws SqlError 22023 naming
// the URL (password hidden) when it is not one.
MysqlUrl ParseMysqlUrl(const std::string& url);

}  // namespace stockroom
