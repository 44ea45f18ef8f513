#pragma once

#include <atomic>
#include <optional>
#include <vector>

#include "execution/physical_operator.hpp"
#include "planner/logical_operator.hpp"
#include "storage/table/data_table.hpp"
#include "transaction/transaction.hpp"

namespace stockroom {

// Reads a table's row groups as the query's transaction sees them (its snapshot, its own
// inserts and deletes) in morsels (one vector range at a time, split across threads),
// producing the projected columns (kRowIdColumn: the row id; kUnusedColumn: NULLs). Pushed-down filters skip
// whole row groups by zone map and filter rows while scanning; an equality filter reads
// only the vectors its value is in when the column has a lookup index
// (storage/lookup_index.hpp).
class PhysicalTableScan : public PhysicalOperator {
 public:
  PhysicalTableScan(std::vector<LogicalType> types, std::shared_ptr<TableEntry> table, std::vector<idx_t> column_ids,
                    std::vector<TableFilter> filters, std::string description, double estimated_rows);

  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ClientContext& context) const override;
  std::unique_ptr<LocalSourceState> GetLocalSourceState(ExecutionContext& context,
                                                        GlobalSourceState& gstate) const override;
  SourceResult GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                       LocalSourceState& lstate) const override;
  std::string ParamsToString() const override;
  std::string AnalyzeDetails() const override;

 private:
  std::shared_ptr<TableEntry> table_;
  std::vector<idx_t> column_ids_;
  std::vector<TableFilter> filters_;
  // The offsets of the rows of `group` an equality filter's lookup index finds, or nothing
  // when no filter has an index to ask.
  std::optional<std::vector<uint32_t>> LookUp(const RowGroup& group) const;

  std::string table_name_;
  // Row groups this scan read whole, those its zone maps ruled out, and those it searched
  // or ruled out by lookup index (EXPLAIN ANALYZE).
  mutable std::atomic<uint64_t> groups_read_{0};
  mutable std::atomic<uint64_t> groups_skipped_{0};
  mutable std::atomic<uint64_t> groups_looked_up_{0};
  mutable std::atomic<uint64_t> groups_looked_up_empty_{0};
};

// Fills `sel` with the positions in [0, count) of rows offset.. of `group` that are not
// deleted for `snapshot`; returns how many.
idx_t SelectLiveRows(const ScanGroup& group, uint64_t snapshot, idx_t offset, idx_t count, SelectionVector& sel);

// Returns whether a zone map proves no row of a segment satisfies `filter`.
bool ZoneMapExcludes(const ZoneMap& zone, const TableFilter& filter);

}  // namespace stockroom
