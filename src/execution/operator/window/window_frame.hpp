#pragma once

#include <algorithm>
#include <memory>
#include <vector>

#include "binder/expression/bound_expression.hpp"
#include "common/types/vector.hpp"

namespace stockroom {

class ClientContext;

// Peer groups of a run of sorted rows (rows with equal ORDER BY keys inside a partition):
// row r belongs to group group_of[r], which covers rows [begin[g], end[g]). Positions are
// relative to the run; groups never cross partitions.
struct PeerGroups {
  std::vector<idx_t> group_of;
  std::vector<idx_t> begin;
  std::vector<idx_t> end;
};

// A RANGE frame bound with an offset (`x PRECEDING/FOLLOWING` over one ORDER BY key), typed
// by the key: finds frame starts and ends with PostgreSQL's in_range rules (key +/- offset,
// NULL keys as peers of each other placed per NULLS FIRST/LAST, NaN above all numbers, date
// and timestamp keys moved by interval offsets). Immutable and thread-safe once created.
class RangeOffset {
 public:
  virtual ~RangeOffset() = default;

  // Throws PostgreSQL's 0A000 errors when `key` cannot be used with an offset of type
  // `offset` (an untyped literal or NULL fits any key that supports offsets).
  static void CheckTypes(const LogicalType& key, const LogicalType& offset, int location);
  // Builds the bound for a non-NULL offset value (already checked with CheckTypes).
  static std::unique_ptr<RangeOffset> Create(const LogicalType& key, const Value& offset, ClientContext& context);

  // Whether the offset is negative (or NaN): using it on any pair of non-NULL keys fails.
  virtual bool Invalid() const = 0;
  // For rows [begin, end) of a partition whose sorted keys are `key` (flat), writes where each
  // row's frame starts (is_start: first row inside) or ends (first row past the frame) to
  // out[row - begin].
  virtual void FindBounds(const Vector& key, idx_t begin, idx_t end, bool is_start, bool preceding, bool ascending,
                          bool nulls_first, idx_t* out) const = 0;
};

// Throws 22013 `invalid preceding or following size in window function`.
[[noreturn]] void ThrowInvalidRangeOffset();

// What a window's frame clause resolved to, with offsets evaluated.
struct FrameDefinition {
  FrameMode mode = FrameMode::kRange;
  FrameBoundKind start = FrameBoundKind::kUnboundedPreceding;
  FrameBoundKind end = FrameBoundKind::kCurrentRow;
  FrameExclude exclude = FrameExclude::kNoOthers;
  int64_t start_rows = 0;  // ROWS/GROUPS offsets
  int64_t end_rows = 0;
  std::unique_ptr<RangeOffset> start_range;  // RANGE offsets
  std::unique_ptr<RangeOffset> end_range;
  bool ascending = true;  // the RANGE key's direction
  bool nulls_first = false;
};

// Fills begin[r - first] and end[r - first] (end exclusive, run positions) with the frame of
// each row r of the partition [first, last). `key` is the RANGE key column (flat, run
// positions) when the frame has RANGE offsets. A frame with end <= begin is empty.
void ComputeFrames(const FrameDefinition& frame, const PeerGroups& peers, const Vector* key, idx_t first, idx_t last,
                   idx_t* begin, idx_t* end);

struct RowRange {
  idx_t begin;
  idx_t end;
};

// Splits row `row`'s frame [begin, end) minus its EXCLUDE clause into up to three ascending
// pieces; returns how many. `peer_begin/peer_end` are the row's peer group.
inline idx_t FramePieces(idx_t row, idx_t begin, idx_t end, FrameExclude exclude, idx_t peer_begin, idx_t peer_end,
                         RowRange out[3]) {
  if (end <= begin) return 0;
  if (exclude == FrameExclude::kNoOthers) {
    out[0] = {begin, end};
    return 1;
  }
  idx_t skip_begin = row, skip_end = row + 1;
  if (exclude != FrameExclude::kCurrentRow) {
    skip_begin = peer_begin;
    skip_end = peer_end;
  }
  idx_t n = 0;
  idx_t left_end = std::min(end, skip_begin);
  if (begin < left_end) out[n++] = {begin, left_end};
  if (exclude == FrameExclude::kTies && begin <= row && row < end) out[n++] = {row, row + 1};
  idx_t right_begin = std::max(begin, skip_end);
  if (right_begin < end) out[n++] = {right_begin, end};
  return n;
}

}  // namespace stockroom
