#pragma once

#include "binder/expression/bound_expression.hpp"
#include "execution/operator/order/row_sort.hpp"
#include "execution/physical_operator.hpp"
#include "execution/spill/spill_file.hpp"

namespace stockroom {

// ORDER BY: materializes its input (each thread its own run), sorts the runs in parallel,
// merges them, and emits rows in order. With `limit` >= 0 it is a top-N: each thread keeps
// only its best limit+offset rows, so memory stays small.
// A full sort spills (external merge sort): when the query passes three quarters of its
// memory_limit, a thread sorts the rows it holds and writes them to a SpillFile as one
// sorted run; the output is a k-way merge of all runs, reading a spilled run a chunk at a
// time. Ties keep a thread's input order (its runs merge in the order they were made).
class PhysicalOrder : public PhysicalOperator {
 public:
  PhysicalOrder(std::vector<LogicalType> types, std::vector<BoundOrderItem> orders, int64_t limit, int64_t offset,
                double estimated_rows);

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ClientContext& context) const override;
  std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context) const override;
  void Sink(ExecutionContext& context, DataChunk& chunk, GlobalSinkState& gstate,
            LocalSinkState& lstate) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& gstate, LocalSinkState& lstate) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& gstate) const override;

  bool IsSource() const override { return true; }
  bool IsOrderedSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ClientContext& context) const override;
  SourceResult GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                       LocalSourceState& lstate) const override;
  std::string ParamsToString() const override;
  // "spilled 12MB (300000 rows) to 16 temporary files" when the sort spilled.
  std::string AnalyzeDetails() const override;

 private:
  std::vector<BoundOrderItem> orders_;
  int64_t limit_;
  int64_t offset_;
  // Top-N: narrows `stored` to its rows that do not sort after `boundary` (the last row a
  // truncation kept); false if none is left.
  bool KeepBeforeBoundary(DataChunk& stored, const DataChunk& boundary) const;
  std::vector<LogicalType> stored_types_;  // input columns, then computed sort keys
  std::vector<SortKey> keys_;
  mutable SpillStats spill_stats_;
};

}  // namespace stockroom
