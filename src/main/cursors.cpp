#include "main/cursors.hpp"

#include <algorithm>
#include <vector>

#include "common/error/exception.hpp"
#include "sql/ast/statement.hpp"

namespace stockroom {

void CursorMap::Declare(const std::string& name, std::unique_ptr<QueryResult> result, bool with_hold) {
  if (cursors_.count(name)) throw SqlError(ErrorCode::kDuplicateCursor, "cursor \"" + name + "\" already exists");
  Cursor cursor;
  cursor.result = std::move(result);
  cursor.with_hold = with_hold;
  cursors_.emplace(name, std::move(cursor));
}

CursorMap::Cursor& CursorMap::Find(const std::string& name) {
  auto it = cursors_.find(name);
  if (it == cursors_.end()) throw SqlError(ErrorCode::kInvalidCursorName, "cursor \"" + name + "\" does not exist");
  return it->second;
}

std::unique_ptr<QueryResult> CursorMap::Fetch(const FetchStatement& fetch) {
  Cursor& cursor = Find(fetch.name);
  const int64_t count = static_cast<int64_t>(cursor.result->RowCount());
  // The rows to return (1-based, in order) and where the cursor ends up, as PostgreSQL's
  // PortalRunFetch computes them.
  std::vector<int64_t> rows;
  auto clamp = [&](int64_t p) { return std::clamp<int64_t>(p, 0, count + 1); };
  auto go_to = [&](int64_t target) {  // ABSOLUTE / RELATIVE: at most one row
    cursor.position = clamp(target);
    if (target >= 1 && target <= count) rows.push_back(target);
  };
  // FORWARD -n is BACKWARD n and the other way round.
  FetchStatement::Direction direction = fetch.direction;
  int64_t n = fetch.count;
  if (n < 0 && direction == FetchStatement::Direction::kForward) {
    direction = FetchStatement::Direction::kBackward;
    n = -n;
  } else if (n < 0 && direction == FetchStatement::Direction::kBackward) {
    direction = FetchStatement::Direction::kForward;
    n = -n;
  }
  switch (direction) {
    case FetchStatement::Direction::kForward:
      if (n == 0) {  // FETCH FORWARD 0: the current row again
        if (cursor.position >= 1 && cursor.position <= count) rows.push_back(cursor.position);
        break;
      }
      for (int64_t p = cursor.position + 1; p <= count && p - cursor.position <= n; p++) rows.push_back(p);
      cursor.position = static_cast<int64_t>(rows.size()) < n ? count + 1 : rows.back();
      break;
    case FetchStatement::Direction::kBackward:
      if (n == 0) {
        if (cursor.position >= 1 && cursor.position <= count) rows.push_back(cursor.position);
        break;
      }
      for (int64_t p = std::min(cursor.position - 1, count); p >= 1 && cursor.position - p <= n; p--) rows.push_back(p);
      cursor.position = static_cast<int64_t>(rows.size()) < n ? 0 : rows.back();
      break;
    case FetchStatement::Direction::kAbsolute:
      go_to(n >= 0 ? n : count + 1 + n);
      break;
    case FetchStatement::Direction::kRelative:
      go_to(cursor.position + n);
      break;
  }
  auto result = std::make_unique<QueryResult>();
  result->command_tag = std::string(fetch.move ? "MOVE " : "FETCH ") + std::to_string(rows.size());
  if (fetch.move) return result;
  const QueryResult& source = *cursor.result;
  result->names = source.names;
  result->types = source.types;
  result->origins = source.origins;
  result->time_zone = source.time_zone;
  result->ordered = true;
  result->rows = std::make_unique<ColumnDataCollection>(source.types);
  DataChunk chunk(source.types);
  size_t i = 0;
  while (i < rows.size()) {
    chunk.Reset();
    idx_t filled = 0;
    while (i < rows.size() && filled < kVectorSize) {
      idx_t row = static_cast<idx_t>(rows[i] - 1);
      for (idx_t c = 0; c < source.types.size(); c++) chunk.column(c).SetValue(filled, source.GetValue(c, row));
      filled++;
      i++;
    }
    chunk.SetCardinality(filled);
    result->rows->Append(chunk);
  }
  return result;
}

void CursorMap::Close(const std::string& name) {
  if (name.empty()) {
    cursors_.clear();
    return;
  }
  Find(name);
  cursors_.erase(name);
}

void CursorMap::EndTransaction(bool committed) {
  for (auto it = cursors_.begin(); it != cursors_.end();) {
    bool keep = it->second.with_hold && (committed || !it->second.declared_in_transaction);
    if (keep) {
      it->second.declared_in_transaction = false;
      ++it;
    } else {
      it = cursors_.erase(it);
    }
  }
}

}  // namespace stockroom
