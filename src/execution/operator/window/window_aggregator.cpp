#include "execution/operator/window/window_aggregator.hpp"

#include <algorithm>
#include <cstring>

#include "common/error/exception.hpp"
#include "common/memory/memory_tracker.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

// Children per segment tree node.
constexpr idx_t kFanout = 16;

data_ptr_t* Pointers(Vector& v) { return reinterpret_cast<data_ptr_t*>(v.data()); }

template <class T>
void CopyRows(const Vector& src, const sel_t* rows, idx_t count, Vector& dst) {
  const T* in = src.Data<T>();
  T* out = dst.Data<T>();
  for (idx_t i = 0; i < count; i++) out[i] = in[rows[i]];
}

// Makes dst (flat, kVectorSize rows) hold rows[0..count) of src (flat). Strings keep pointing
// into src, which outlives every use of dst.
void LoadRows(const Vector& src, const sel_t* rows, idx_t count, Vector& dst) {
  switch (src.type().physical()) {
    case PhysicalType::kBool:
      // As bytes: rows that are NULL may hold values that are not valid bools.
      CopyRows<uint8_t>(src, rows, count, dst);
      break;
    case PhysicalType::kInt16:
      CopyRows<int16_t>(src, rows, count, dst);
      break;
    case PhysicalType::kInt32:
      CopyRows<int32_t>(src, rows, count, dst);
      break;
    case PhysicalType::kInt64:
      CopyRows<int64_t>(src, rows, count, dst);
      break;
    case PhysicalType::kInt128:
      CopyRows<int128_t>(src, rows, count, dst);
      break;
    case PhysicalType::kFloat:
      CopyRows<float>(src, rows, count, dst);
      break;
    case PhysicalType::kDouble:
      CopyRows<double>(src, rows, count, dst);
      break;
    case PhysicalType::kString:
      CopyRows<StringRef>(src, rows, count, dst);
      break;
    case PhysicalType::kInterval:
      CopyRows<Interval>(src, rows, count, dst);
      break;
    case PhysicalType::kVarNumeric:
      CopyRows<VarNumeric>(src, rows, count, dst);
      break;
  }
  ValidityMask& mask = dst.validity();
  if (src.validity().AllValid()) {
    if (!mask.AllValid()) std::memset(mask.bits(), 0xFF, ValidityMask::Words(count) * 8);
    return;
  }
  // The bitmap, once made, is kept and rewritten rather than freed and made again.
  if (!mask.AllValid()) std::memset(mask.bits(), 0xFF, ValidityMask::Words(count) * 8);
  for (idx_t i = 0; i < count; i++) {
    if (!src.validity().RowIsValid(rows[i])) mask.SetInvalid(i);
  }
}

// Copies result row `from` to row `to` (same vector: strings share its heap).
void CopyResultRow(Vector& result, idx_t from, idx_t to) {
  bool valid = result.validity().RowIsValid(from);
  if (!valid) {
    result.validity().SetInvalid(to);
    return;
  }
  result.validity().SetValid(to);
  idx_t width = PhysicalSize(result.type().physical());
  std::memcpy(result.data() + to * width, result.data() + from * width, width);
}

}  // namespace

WindowAggregator::WindowAggregator(const AggregateFunction& function, const FunctionData* bind_data,
                                   ClientContext& context, std::vector<const Vector*> inputs, const uint8_t* filter)
    : function_(function),
      filter_(filter),
      state_size_((function.state_size + 7) / 8 * 8),
      tracker_(&context.memory()),
      sel_(kVectorSize),
      update_targets_(TypeId::kBigInt),
      combine_sources_(TypeId::kBigInt),
      combine_targets_(TypeId::kBigInt),
      finalize_states_(TypeId::kBigInt) {
  if (!function_.update || !function_.combine || !function_.finalize || !function_.initialize) {
    throw SqlError(ErrorCode::kFeatureNotSupported, function_.name + " is not supported as a window function");
  }
  if (state_size_ == 0) state_size_ = 8;
  data_.bind_data = bind_data;
  data_.context = &context;
  inputs_ = std::move(inputs);
  for (const Vector* input : inputs_) loaded_.emplace_back(input->type());
}

WindowAggregator::~WindowAggregator() {
  DestroyTree();
  if (reserved_) tracker_->Release(reserved_);
}

void WindowAggregator::Reserve(uint64_t bytes) {
  tracker_->Reserve(bytes);
  reserved_ += bytes;
}

void WindowAggregator::InitializeStates(data_ptr_t base, idx_t count) {
  for (idx_t i = 0; i < count; i++) function_.initialize(base + i * state_size_);
}

void WindowAggregator::DestroyStates(data_ptr_t base, idx_t count) {
  if (!function_.destroy) return;
  for (idx_t done = 0; done < count; done += kVectorSize) {
    idx_t n = std::min(kVectorSize, count - done);
    data_ptr_t* ptrs = Pointers(finalize_states_);
    for (idx_t i = 0; i < n; i++) ptrs[i] = base + (done + i) * state_size_;
    function_.destroy(finalize_states_, n);
  }
}

void WindowAggregator::AddUpdate(idx_t row, data_ptr_t target) {
  sel_.Set(update_count_, row);
  Pointers(update_targets_)[update_count_] = target;
  if (++update_count_ == kVectorSize) FlushUpdates();
}

void WindowAggregator::Load(idx_t count) {
  for (size_t i = 0; i < inputs_.size(); i++) LoadRows(*inputs_[i], sel_.data(), count, loaded_[i]);
}

void WindowAggregator::FlushUpdates() {
  if (update_count_ == 0) return;
  Load(update_count_);
  function_.update(loaded_.data(), data_, loaded_.size(), update_targets_, update_count_);
  update_count_ = 0;
}

void WindowAggregator::AddCombine(data_ptr_t source, data_ptr_t target) {
  Pointers(combine_sources_)[combine_count_] = source;
  Pointers(combine_targets_)[combine_count_] = target;
  if (++combine_count_ == kVectorSize) FlushCombines();
}

void WindowAggregator::FlushCombines() {
  if (combine_count_ == 0) return;
  function_.combine(combine_sources_, combine_targets_, data_, combine_count_);
  combine_count_ = 0;
}

void WindowAggregator::UpdateRange(data_ptr_t state, idx_t from, idx_t to) {
  idx_t row = from;
  while (row < to) {
    idx_t n = 0;
    for (; row < to && n < kVectorSize; row++) {
      if (Passes(row)) sel_.Set(n++, row);
    }
    if (n == 0) continue;
    Load(n);
    if (function_.simple_update) {
      function_.simple_update(loaded_.data(), data_, loaded_.size(), state, n);
    } else {
      data_ptr_t* ptrs = Pointers(update_targets_);
      for (idx_t i = 0; i < n; i++) ptrs[i] = state;
      function_.update(loaded_.data(), data_, loaded_.size(), update_targets_, n);
    }
  }
}

void WindowAggregator::FinalizeOne(data_ptr_t state, Vector& result, idx_t row) {
  Pointers(finalize_states_)[0] = state;
  function_.finalize(finalize_states_, data_, result, 1, row);
}

void WindowAggregator::Evaluate(idx_t first, idx_t last, idx_t from, idx_t to, const idx_t* begin, const idx_t* end,
                                FrameExclude exclude, bool growing, const PeerGroups& peers, Vector& result,
                                idx_t result_base) {
  (void)last;
  if (to <= from) return;
  if (growing) {
    EvaluateRunning(first, from, to, end, result, result_base);
  } else {
    EvaluateTree(first, from, to, begin, end, exclude, peers, result, result_base);
  }
}

void WindowAggregator::EvaluateRunning(idx_t first, idx_t from, idx_t to, const idx_t* end, Vector& result,
                                       idx_t result_base) {
  if (scratch_.size() * 8 < state_size_) scratch_.resize((state_size_ + 7) / 8);
  data_ptr_t state = reinterpret_cast<data_ptr_t>(scratch_.data());
  function_.initialize(state);
  // Rows [first, covered) are in the state. A range starting inside the partition first
  // adds the rows before its first frame end in bulk, in the same order as row by row.
  idx_t covered = first;
  idx_t previous_end = 0;
  try {
    for (idx_t row = from; row < to; row++) {
      idx_t frame_end = std::max(end[row - first], first);
      if (frame_end < covered) {
        // Frame ends never move back for growing frames; start over if one does.
        DestroyStates(state, 1);
        function_.initialize(state);
        covered = first;
      }
      if (frame_end > covered) {
        UpdateRange(state, covered, frame_end);
        covered = frame_end;
      }
      if (row > from && frame_end == previous_end) {
        CopyResultRow(result, row - 1 - result_base, row - result_base);
      } else {
        FinalizeOne(state, result, row - result_base);
      }
      previous_end = frame_end;
    }
  } catch (...) {
    DestroyStates(state, 1);
    throw;
  }
  DestroyStates(state, 1);
}

void WindowAggregator::BuildTree(idx_t origin, idx_t limit) {
  idx_t rows = limit - origin;
  levels_.clear();
  levels_.push_back({0, rows});
  idx_t total = 0;
  for (idx_t count = rows; count > 1;) {
    count = (count + kFanout - 1) / kFanout;
    levels_.push_back({total, count});
    total += count;
  }
  idx_t words = total * state_size_ / 8;
  if (tree_.size() < words) {
    Reserve((words - tree_.size()) * 8);
    tree_.resize(words);
  }
  if (total == 0) return;
  data_ptr_t base = reinterpret_cast<data_ptr_t>(tree_.data());
  InitializeStates(base, total);
  tree_nodes_ = total;
  for (idx_t row = origin; row < limit; row++) {
    if (Passes(row)) AddUpdate(row, Node(1, (row - origin) / kFanout));
  }
  FlushUpdates();
  for (idx_t level = 2; level < levels_.size(); level++) {
    for (idx_t i = 0; i < levels_[level - 1].count; i++) AddCombine(Node(level - 1, i), Node(level, i / kFanout));
    FlushCombines();
  }
}

void WindowAggregator::DestroyTree() {
  if (tree_nodes_ == 0) return;
  DestroyStates(reinterpret_cast<data_ptr_t>(tree_.data()), tree_nodes_);
  tree_nodes_ = 0;
}

// Appends the operations that aggregate partition rows [from, to) in row order: the ragged
// left edges bottom-up, the widest nodes, then the right edges top-down.
void WindowAggregator::AddOps(idx_t from, idx_t to) {
  right_ops_.clear();
  idx_t level = 0;
  idx_t l = from, r = to;
  while (l < r) {
    bool top = level + 1 == levels_.size();
    idx_t parent_l = (l + kFanout - 1) / kFanout;
    idx_t parent_r = r / kFanout;
    if (top || parent_l >= parent_r) {
      ops_.push_back({level, l, r});
      break;
    }
    if (l < parent_l * kFanout) ops_.push_back({level, l, parent_l * kFanout});
    if (parent_r * kFanout < r) right_ops_.push_back({level, parent_r * kFanout, r});
    l = parent_l;
    r = parent_r;
    level++;
  }
  for (auto it = right_ops_.rbegin(); it != right_ops_.rend(); ++it) ops_.push_back(*it);
}

void WindowAggregator::EvaluateTree(idx_t first, idx_t from, idx_t to, const idx_t* begin, const idx_t* end,
                                    FrameExclude exclude, const PeerGroups& peers, Vector& result,
                                    idx_t result_base) {
  // The tree covers only the rows the frames of [from, to) reach.
  idx_t origin = SIZE_MAX, limit = 0, width = 0;
  for (idx_t row = from; row < to; row++) {
    idx_t k = row - first;
    if (end[k] <= begin[k]) continue;
    origin = std::min(origin, begin[k]);
    limit = std::max(limit, end[k]);
    width = std::max(width, end[k] - begin[k]);
  }
  if (origin >= limit) origin = limit = from;
  // Node boundaries stay where a tree over the whole partition has them, up to the level
  // of the widest frame (above it a frame splits into at most two nodes of that level
  // whatever their parents): every frame splits into the same nodes whichever rows this
  // call evaluates, so results (float sums) do not depend on how a partition was divided
  // between threads.
  idx_t block = 1;
  while (block < width) block *= kFanout;
  origin = first + (origin - first) / block * block;
  BuildTree(origin, limit);
  idx_t batch_words = kVectorSize * state_size_ / 8;
  if (scratch_.size() < batch_words) {
    Reserve((batch_words - scratch_.size()) * 8);
    scratch_.resize(batch_words);
  }
  data_ptr_t states = reinterpret_cast<data_ptr_t>(scratch_.data());
  op_offsets_.resize(kVectorSize + 1);
  copy_previous_.resize(kVectorSize);
  for (idx_t batch = from; batch < to; batch += kVectorSize) {
    idx_t n = std::min(kVectorSize, to - batch);
    ops_.clear();
    idx_t max_ops = 0;
    for (idx_t i = 0; i < n; i++) {
      idx_t row = batch + i;
      idx_t k = row - first;
      op_offsets_[i] = ops_.size();
      copy_previous_[i] = exclude == FrameExclude::kNoOthers && row > from && begin[k] == begin[k - 1] &&
                          end[k] == end[k - 1];
      if (copy_previous_[i]) continue;
      idx_t g = peers.group_of[row];
      RowRange pieces[3];
      idx_t count = FramePieces(row, begin[k], end[k], exclude, peers.begin[g], peers.end[g], pieces);
      for (idx_t p = 0; p < count; p++) AddOps(pieces[p].begin - origin, pieces[p].end - origin);
      max_ops = std::max<idx_t>(max_ops, ops_.size() - op_offsets_[i]);
    }
    op_offsets_[n] = ops_.size();
    InitializeStates(states, n);
    try {
      // Round t applies every row's t-th operation, so each state sees its pieces in order.
      for (idx_t t = 0; t < max_ops; t++) {
        for (idx_t i = 0; i < n; i++) {
          if (op_offsets_[i] + t >= op_offsets_[i + 1]) continue;
          const Op& op = ops_[op_offsets_[i] + t];
          data_ptr_t target = states + i * state_size_;
          if (op.level == 0) {
            for (idx_t row = origin + op.from; row < origin + op.to; row++) {
              if (Passes(row)) AddUpdate(row, target);
            }
          } else {
            for (idx_t node = op.from; node < op.to; node++) AddCombine(Node(op.level, node), target);
          }
        }
        FlushUpdates();
        FlushCombines();
      }
      data_ptr_t* ptrs = Pointers(finalize_states_);
      for (idx_t i = 0; i < n; i++) ptrs[i] = states + i * state_size_;
      function_.finalize(finalize_states_, data_, result, n, batch - result_base);
    } catch (...) {
      update_count_ = combine_count_ = 0;
      DestroyStates(states, n);
      DestroyTree();
      throw;
    }
    DestroyStates(states, n);
    for (idx_t i = 0; i < n; i++) {
      if (copy_previous_[i]) CopyResultRow(result, batch + i - 1 - result_base, batch + i - result_base);
    }
  }
  DestroyTree();
}

}  // namespace stockroom
