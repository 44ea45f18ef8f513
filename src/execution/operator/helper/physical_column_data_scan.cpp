#include "execution/operator/helper/physical_column_data_scan.hpp"

#include <atomic>

#include "execution/pipeline/pipeline.hpp"

namespace stockroom {

namespace {
struct ScanState : GlobalSourceState {
  ColumnDataCollection* rows = nullptr;
  idx_t next = 0;
};
}  // namespace

PhysicalColumnDataScan::PhysicalColumnDataScan(std::string name, std::vector<LogicalType> types,
                                               double estimated_rows, std::shared_ptr<ColumnDataCollection> rows)
    : PhysicalOperator(std::move(name), std::move(types), estimated_rows), rows_(std::move(rows)) {}

PhysicalColumnDataScan::PhysicalColumnDataScan(std::string name, std::vector<LogicalType> types,
                                               double estimated_rows, std::shared_ptr<CteData> cte, bool working)
    : PhysicalOperator(std::move(name), std::move(types), estimated_rows), cte_(std::move(cte)), working_(working) {}

std::unique_ptr<GlobalSourceState> PhysicalColumnDataScan::GetGlobalSourceState(ClientContext&) const {
  auto state = std::make_unique<ScanState>();
  if (rows_) {
    state->rows = rows_.get();
  } else {
    state->rows = working_ ? cte_->working.get() : cte_->rows.get();
  }
  return state;
}

SourceResult PhysicalColumnDataScan::GetData(ExecutionContext&, DataChunk& chunk, GlobalSourceState& gstate,
                                             LocalSourceState&) const {
  auto& state = static_cast<ScanState&>(gstate);
  if (!state.rows || state.next >= state.rows->ChunkCount()) return SourceResult::kFinished;
  chunk.Reference(state.rows->GetChunk(state.next++));
  return state.next >= state.rows->ChunkCount() ? SourceResult::kFinished : SourceResult::kHaveMoreOutput;
}

void PhysicalColumnDataScan::BuildPipelines(PipelineBuilder& builder, Pipeline& pipeline) {
  pipeline.source = this;
  if (cte_ && !working_ && cte_->producer) pipeline.dependencies.push_back(cte_->producer);
  (void)builder;
}

namespace {
struct LimitState : GlobalOperatorState {
  std::atomic<int64_t> seen{0};
};
}  // namespace

PhysicalLimit::PhysicalLimit(std::vector<LogicalType> types, int64_t limit, int64_t offset, double estimated_rows)
    : PhysicalOperator("LIMIT", std::move(types), estimated_rows), limit_(limit), offset_(offset) {}

std::unique_ptr<GlobalOperatorState> PhysicalLimit::GetGlobalOperatorState(ClientContext&) const {
  return std::make_unique<LimitState>();
}

OperatorResult PhysicalLimit::Execute(ExecutionContext&, DataChunk& input, DataChunk& output,
                                      GlobalOperatorState& gstate, OperatorState&) const {
  auto& state = static_cast<LimitState&>(gstate);
  int64_t n = static_cast<int64_t>(input.size());
  int64_t start = state.seen.fetch_add(n);
  // LIMIT and OFFSET can each be up to INT64_MAX: saturate their sum.
  int64_t end_row = limit_ < 0 || limit_ > INT64_MAX - offset_ ? INT64_MAX : offset_ + limit_;
  // Rows [start, start + n) of the stream; keep those inside [offset, offset + limit).
  int64_t from = std::max(start, offset_);
  int64_t to = std::min(start + n, end_row);
  if (to > from) {
    idx_t count = static_cast<idx_t>(to - from);
    SelectionVector sel(count);
    for (idx_t i = 0; i < count; i++) sel.Set(i, static_cast<idx_t>(from - start) + i);
    output.Reference(input);
    if (count < input.size()) output.Slice(sel, count);
  }
  return start + n >= end_row ? OperatorResult::kFinished : OperatorResult::kNeedMoreInput;
}

std::string PhysicalLimit::ParamsToString() const {
  return (limit_ >= 0 ? "limit " + std::to_string(limit_) : std::string("no limit")) +
         (offset_ ? " offset " + std::to_string(offset_) : "");
}

}  // namespace stockroom
