#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "common/types/vector.hpp"

namespace stockroom {

// Rows per row group: the unit of storage, zone maps and parallel scans.
constexpr idx_t kRowGroupSize = 60 * kVectorSize;  // 122,880

// Min, max and NULL count of a column segment; scans skip segments whose range cannot
// satisfy a pushed-down filter.
struct ZoneMap {
  bool has_values = false;  // min/max are set (at least one non-NULL value)
  Value min;
  Value max;
  idx_t null_count = 0;
};

// The values of one column in one row group, uncompressed in memory: a fixed-width array
// (StringRefs into `heap` for strings) and a validity bitmap. Append-only until sealed.
struct ColumnSegment {
  LogicalType type;
  idx_t capacity = 0;  // rows allocated; grows by doubling up to kRowGroupSize
  std::shared_ptr<uint8_t[]> data;
  std::shared_ptr<uint64_t[]> validity;  // null: no NULLs so far
  std::shared_ptr<StringHeap> heap;
  ZoneMap zone;
};

// Up to kRowGroupSize rows, one segment per column.
struct RowGroup {
  idx_t count = 0;
  std::vector<ColumnSegment> columns;
};

// Estimated column statistics for the optimizer.
struct ColumnStatistics {
  double distinct_count = 0;  // estimated number of distinct non-NULL values
  double null_fraction = 0;
  bool has_range = false;
  Value min;
  Value max;
};

struct TableStatistics {
  idx_t row_count = 0;
  std::vector<ColumnStatistics> columns;
};

// A table's rows in memory as a list of row groups. Appends take a lock and publish whole
// row groups atomically; readers take a snapshot of the row-group list (shared_ptrs) and
// scan it without locks. Row groups are never modified after they are full; the last one
// may grow, so a snapshot records each group's count at snapshot time.
class DataTable {
 public:
  explicit DataTable(std::vector<LogicalType> types);

  const std::vector<LogicalType>& types() const { return types_; }
  // Appends the rows of `chunk` (any vector kinds); copies strings. Thread-safe.
  void Append(const DataChunk& chunk);
  // Appends complete row groups built elsewhere (parallel bulk load). Thread-safe.
  void AppendRowGroups(std::vector<std::shared_ptr<RowGroup>> groups);
  void Truncate();

  struct Snapshot {
    std::vector<std::shared_ptr<RowGroup>> groups;
    std::vector<idx_t> counts;  // visible rows per group
    idx_t total_rows = 0;
  };
  Snapshot GetSnapshot() const;
  idx_t RowCount() const;

  // Returns statistics, computed from a sample on first use after the data changed.
  TableStatistics GetStatistics();

  // Fills `out` with `count` rows of column `column` of `group` starting at `offset`,
  // referencing the segment's memory (no copy). `offset` must be a multiple of kVectorSize.
  static void ScanColumn(const std::shared_ptr<RowGroup>& group, idx_t column, idx_t offset, idx_t count, Vector& out);

  // Builds row groups from chunks without touching a table (for parallel loaders).
  class Builder {
   public:
    explicit Builder(std::vector<LogicalType> types) : types_(std::move(types)) {}
    void Append(const DataChunk& chunk);
    std::vector<std::shared_ptr<RowGroup>> Finish();
    idx_t RowCount() const { return rows_; }

   private:
    std::vector<LogicalType> types_;
    std::vector<std::shared_ptr<RowGroup>> groups_;
    idx_t rows_ = 0;
  };

 private:
  std::vector<LogicalType> types_;
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<RowGroup>> groups_;
  idx_t total_rows_ = 0;
  std::shared_ptr<TableStatistics> stats_;  // null when stale
};

// Appends rows [offset, offset + count) of `source` to `group` (which must have room).
void AppendToRowGroup(RowGroup& group, const std::vector<LogicalType>& types, const DataChunk& source, idx_t offset,
                      idx_t count);
std::shared_ptr<RowGroup> NewRowGroup(const std::vector<LogicalType>& types);

}  // namespace stockroom
