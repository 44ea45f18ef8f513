#pragma once

#include <map>
#include <memory>
#include <string>

#include "main/query_result.hpp"

namespace stockroom {

class FetchStatement;

// A session's open cursors (DECLARE ... CURSOR FOR query, FETCH, MOVE, CLOSE), as
// PostgreSQL keeps them: by name, each over its query's result with a position that FETCH
// moves in either direction. The result is computed when the cursor is declared (rows are
// columnar and compact), which is what a WITH HOLD cursor does in PostgreSQL too.
class CursorMap {
 public:
  // 42P03 when the name is taken.
  void Declare(const std::string& name, std::unique_ptr<QueryResult> result, bool with_hold);
  // The rows FETCH returns (MOVE: none, with the count in the tag "MOVE n"); 34000 for an
  // unknown name.
  std::unique_ptr<QueryResult> Fetch(const FetchStatement& fetch);
  // The cursor's whole result (its columns describe what FETCH returns); 34000 for an
  // unknown name.
  const QueryResult& Result(const std::string& name) { return *Find(name).result; }
  // 34000 for an unknown name; an empty name closes them all.
  void Close(const std::string& name);
  // At COMMIT cursors without HOLD close; at ROLLBACK those declared in the transaction too.
  void EndTransaction(bool committed);
  bool empty() const { return cursors_.empty(); }

 private:
  struct Cursor {
    std::unique_ptr<QueryResult> result;
    // 0: before the first row; n in 1..count: on row n; count + 1: after the last row.
    int64_t position = 0;
    bool with_hold = false;
    bool declared_in_transaction = true;
  };
  Cursor& Find(const std::string& name);
  std::map<std::string, Cursor> cursors_;
};

}  // namespace stockroom
