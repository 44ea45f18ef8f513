#pragma once

#include <memory>
#include <vector>

#include "common/memory/memory_tracker.hpp"
#include "common/types/column_data_collection.hpp"
#include "execution/operator/window/window_frame.hpp"
#include "execution/operator/window/window_layout.hpp"
#include "execution/operator/window/window_sort.hpp"

namespace stockroom {

class ClientContext;
struct ExecutionContext;

// The in-memory window computation, run on the whole input of a window operator or on one
// part of it that spilled: sort the rows for each sort group, find the partitions, compute
// every window over runs of whole partitions on the executor's threads, then emit the rows
// with their windows' values.

// A run of whole partitions of one spec, computed by one thread: results[slot] holds its
// windows' values for sorted positions [begin, end) of the spec's group.
struct WindowTask {
  idx_t spec;
  idx_t begin;
  idx_t end;
  idx_t first_partition;  // index into the spec's partition starts
  idx_t last_partition;
  std::vector<Vector> results;
};

struct WindowSpecState {
  std::vector<idx_t> partition_starts;  // sorted positions
  std::vector<idx_t> tasks;             // ascending positions
  std::vector<idx_t> task_begins;
};

// Rows with every window computed: the whole input, or one spilled part of it. Owns the
// rows and the memory reserved for sorting and results; freeing it frees them.
struct WindowPart {
  explicit WindowPart(MemoryTracker* tracker) : reserved(tracker) {}
  std::unique_ptr<ColumnDataCollection> rows;
  std::vector<SortedRows> sorted;             // per group
  std::vector<std::vector<idx_t>> positions;  // per group (except the output one): row -> position
  std::vector<WindowSpecState> specs;
  std::vector<WindowTask> tasks;
  idx_t output_group = 0;
  MemoryReservation reserved;
};

// Evaluates every window's frame offsets once, with PostgreSQL's checks (even for empty input).
std::vector<FrameDefinition> EvaluateWindowFrames(ClientContext& client, const WindowLayout& layout);

// Computes every window over part.rows (set by the caller), reserving what it holds in
// part.reserved. Throws 53200 past the query's memory_limit.
void ComputeWindowPart(ExecutionContext& context, const WindowLayout& layout,
                       const std::vector<FrameDefinition>& frames, WindowPart& part);

// Writes the next up to kVectorSize rows of a computed part from output position `start`
// to `chunk`: the input columns, then the windows' values. Returns how many.
idx_t EmitWindowRows(const WindowLayout& layout, const WindowPart& part, idx_t start, DataChunk& chunk);

}  // namespace stockroom
