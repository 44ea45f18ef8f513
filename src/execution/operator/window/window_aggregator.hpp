#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "execution/operator/window/window_frame.hpp"
#include "function/function.hpp"

namespace stockroom {

class ClientContext;
class MemoryTracker;

// Evaluates one aggregate over the frames of a run of sorted rows, partition by partition.
// Frames that only grow (UNBOUNDED PRECEDING without EXCLUDE) keep one running state. Other
// frames query a segment tree of partial states built over the partition: a frame is the
// rows at its ragged edges plus whole tree nodes, combined left to right into a fresh state
// (combine never changes its source, so nodes are reused by every frame). Work is batched so
// each aggregate callback handles up to kVectorSize entries. A row whose frame equals the
// previous row's copies its result. Inputs and the result are flat vectors over the run's
// rows; the object belongs to one thread, but several objects may evaluate disjoint row
// ranges of one partition at once (each builds the part of the tree its frames need).
class WindowAggregator {
 public:
  // `inputs` are the aggregate's argument columns; `filter`, if not null, marks the rows that
  // pass FILTER (WHERE ...).
  WindowAggregator(const AggregateFunction& function, const FunctionData* bind_data, ClientContext& context,
                   std::vector<const Vector*> inputs, const uint8_t* filter);
  ~WindowAggregator();
  WindowAggregator(const WindowAggregator&) = delete;
  WindowAggregator& operator=(const WindowAggregator&) = delete;

  // Writes the aggregate of each row r's frame ([begin[i], end[i]) minus `exclude`, with
  // i = r - first) to result row r - result_base, for rows [from, to) of the partition
  // [first, last). `growing` says every frame starts at the partition start and nothing is
  // excluded. Only result rows [from, to) are written, so threads evaluating disjoint ranges
  // may share a result whose validity bitmap exists and whose ranges do not share bitmap
  // words, when the result type has no string heap.
  void Evaluate(idx_t first, idx_t last, idx_t from, idx_t to, const idx_t* begin, const idx_t* end,
                FrameExclude exclude, bool growing, const PeerGroups& peers, Vector& result, idx_t result_base);

 private:
  struct Op {
    idx_t level;  // 0: rows (partition-relative), else tree level (node indexes)
    idx_t from;
    idx_t to;
  };
  struct Level {
    idx_t offset;  // first node in tree_ (levels >= 1)
    idx_t count;
  };

  void EvaluateRunning(idx_t first, idx_t from, idx_t to, const idx_t* end, Vector& result, idx_t result_base);
  void EvaluateTree(idx_t first, idx_t from, idx_t to, const idx_t* begin, const idx_t* end, FrameExclude exclude,
                    const PeerGroups& peers, Vector& result, idx_t result_base);
  // Builds the tree over rows [origin, limit): node i of level l covers rows from
  // origin + i * kFanout^l.
  void BuildTree(idx_t origin, idx_t limit);
  void DestroyTree();
  void AddOps(idx_t from, idx_t to);

  data_ptr_t Node(idx_t level, idx_t index) {
    return reinterpret_cast<data_ptr_t>(tree_.data()) + (levels_[level].offset + index) * state_size_;
  }
  bool Passes(idx_t row) const { return !filter_ || filter_[row]; }
  void InitializeStates(data_ptr_t base, idx_t count);
  void DestroyStates(data_ptr_t base, idx_t count);
  void Reserve(uint64_t bytes);

  // Batched callbacks: rows sel_[i] go into state update_targets_[i]; node combine_sources_[i]
  // into combine_targets_[i].
  void AddUpdate(idx_t row, data_ptr_t target);
  void FlushUpdates();
  void AddCombine(data_ptr_t source, data_ptr_t target);
  void FlushCombines();
  // Copies input rows sel_[0..count) into loaded_.
  void Load(idx_t count);
  // Adds the passing rows of [from, to) to one state.
  void UpdateRange(data_ptr_t state, idx_t from, idx_t to);
  void FinalizeOne(data_ptr_t state, Vector& result, idx_t row);

  const AggregateFunction& function_;
  AggregateInputData data_;
  std::vector<const Vector*> inputs_;
  std::vector<Vector> loaded_;  // the rows of the next callback, copied from inputs_
  const uint8_t* filter_;
  idx_t state_size_;
  MemoryTracker* tracker_;
  uint64_t reserved_ = 0;

  SelectionVector sel_;
  Vector update_targets_;
  idx_t update_count_ = 0;
  Vector combine_sources_;
  Vector combine_targets_;
  idx_t combine_count_ = 0;
  Vector finalize_states_;

  std::vector<Level> levels_;
  std::vector<uint64_t> tree_;
  idx_t tree_nodes_ = 0;
  std::vector<uint64_t> scratch_;  // running state / a batch of query states
  std::vector<Op> ops_;
  std::vector<Op> right_ops_;
  std::vector<idx_t> op_offsets_;
  std::vector<uint8_t> copy_previous_;
};

}  // namespace stockroom
