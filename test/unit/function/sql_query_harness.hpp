#pragma once

// Runs SQL through an embedded database and renders results the way the expectations in
// the function tests are written (copied from PostgreSQL 15's output for the same SQL):
// rows joined by '\n', columns by '|', NULL as "NULL"; an error as
// "ERROR <sqlstate>: <message>" followed by " | DETAIL: ...", " | HINT: ..." and
// " | CONTEXT: ..." parts when present.

#include <gtest/gtest.h>

#include <string>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"

namespace stockroom {
namespace sql_test {

class SqlQueryTest : public ::testing::Test {
 protected:
  std::string Q(const std::string& sql) {
    try {
      return ResultText(*con_.Query(sql));
    } catch (const SqlError& e) {
      std::string out = "ERROR " + std::string(e.sqlstate()) + ": " + e.what();
      if (!e.detail().empty()) out += " | DETAIL: " + e.detail();
      if (!e.hint().empty()) out += " | HINT: " + e.hint();
      if (!e.context().empty()) out += " | CONTEXT: " + e.context();
      return out;
    }
  }

  // Runs statements whose results do not matter (DDL, inserts).
  void Run(const std::string& sql) { con_.Query(sql); }

  // Returns the column names of the result of `sql`, joined by '|'.
  std::string Names(const std::string& sql) {
    auto result = con_.Query(sql);
    std::string out;
    for (size_t i = 0; i < result->names.size(); i++) out += (i ? "|" : "") + result->names[i];
    return out;
  }

  Database db_;
  Connection con_{db_};
};

}  // namespace sql_test
}  // namespace stockroom
