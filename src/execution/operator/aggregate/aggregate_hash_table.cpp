#include "execution/operator/aggregate/aggregate_hash_table.hpp"

#include <cstring>

#include "common/error/assert.hpp"
#include "common/memory/memory_tracker.hpp"
#include "common/types/hash.hpp"
#include "common/types/physical_dispatch.hpp"

namespace stockroom {

namespace {

constexpr uint64_t kGroupBits = 40;
constexpr uint64_t kGroupMask = (uint64_t(1) << kGroupBits) - 1;
constexpr uint64_t kSaltMask = ~kGroupMask;

template <class T>
inline bool CellEquals(const UnifiedVectorFormat& a, idx_t ai, const UnifiedVectorFormat& b, idx_t bi) {
  bool av = a.validity->RowIsValid(ai), bv = b.validity->RowIsValid(bi);
  if (!av || !bv) return av == bv;
  return ValuesEqual(a.Data<T>()[ai], b.Data<T>()[bi]);
}

// bpchar without a length: values padded to different lengths, trailing blanks insignificant.
bool BpcharCellEquals(const UnifiedVectorFormat& a, idx_t ai, const UnifiedVectorFormat& b, idx_t bi) {
  bool av = a.validity->RowIsValid(ai), bv = b.validity->RowIsValid(bi);
  if (!av || !bv) return av == bv;
  auto trimmed = [](const StringRef& s) {
    std::string_view v = s.view();
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    return v;
  };
  return trimmed(a.Data<StringRef>()[ai]) == trimmed(b.Data<StringRef>()[bi]);
}

// The equality of one key column's cells, chosen once per column.
AggregateHashTable::CellEqualFn CellEqualFor(const LogicalType& logical) {
  if (logical.id() == TypeId::kChar && logical.width() == 0) return BpcharCellEquals;
  return WithPhysicalType(logical.physical(),
                          [](auto tag) -> AggregateHashTable::CellEqualFn { return CellEquals<decltype(tag)>; });
}

}  // namespace

AggregateHashTable::AggregateHashTable(std::vector<LogicalType> key_types, std::vector<AggregateLayout> aggregates,
                                       idx_t state_size, MemoryTracker* tracker, ClientContext* context)
    : key_types_(std::move(key_types)),
      aggregates_(std::move(aggregates)),
      state_size_(state_size),
      tracker_(tracker),
      context_(context) {
  for (auto& type : key_types_) equal_fns_.push_back(CellEqualFor(type));
  Resize(1024);
  direct_wanted_ = key_types_.size() == 1 && (key_types_[0].IsInteger() || key_types_[0].id() == TypeId::kDate);
}

namespace {

// Each row's place in a direct map of `values` values from `base` (UINT32_MAX: NULL or
// outside). An unset base is set from the first non-NULL value: a little below it, since
// data loaded in key order starts at its lowest.
template <class T>
void DirectOffsetsOf(const UnifiedVectorFormat& in, idx_t count, uint32_t values, std::optional<int64_t>& base,
                     uint32_t* out) {
  const T* data = in.Data<T>();
  for (idx_t i = 0; i < count; i++) {
    idx_t row = in.Index(i);
    if (!in.validity->RowIsValid(row)) {
      out[i] = UINT32_MAX;
      continue;
    }
    int64_t value = static_cast<int64_t>(data[row]);
    if (!base) base = value > INT64_MIN + values / 8 ? value - values / 8 : INT64_MIN;
    // Unsigned: values below the base wrap around to large offsets.
    uint64_t offset = static_cast<uint64_t>(value) - static_cast<uint64_t>(*base);
    out[i] = offset < values ? static_cast<uint32_t>(offset) : UINT32_MAX;
  }
}

}  // namespace

void AggregateHashTable::DirectOffsets(idx_t count) {
  const UnifiedVectorFormat& in = input_[0];
  uint32_t* out = direct_offsets_.data();
  switch (key_types_[0].physical()) {
    case PhysicalType::kInt16: DirectOffsetsOf<int16_t>(in, count, kDirectValues, direct_base_, out); break;
    case PhysicalType::kInt32: DirectOffsetsOf<int32_t>(in, count, kDirectValues, direct_base_, out); break;
    default: DirectOffsetsOf<int64_t>(in, count, kDirectValues, direct_base_, out); break;
  }
}

AggregateHashTable::~AggregateHashTable() {
  // Free what states own.
  Vector states(TypeId::kBigInt);
  for (auto& agg : aggregates_) {
    if (!agg.function->destroy) continue;
    for (idx_t start = 0; start < count_; start += kVectorSize) {
      idx_t n = std::min(kVectorSize, count_ - start);
      auto* ptrs = reinterpret_cast<data_ptr_t*>(states.data());
      for (idx_t i = 0; i < n; i++) ptrs[i] = StateAddress(start + i) + agg.state_offset;
      agg.function->destroy(states, n);
    }
  }
  if (tracker_) tracker_->Release(reserved_);
}

void AggregateHashTable::Resize(idx_t capacity) {
  if (tracker_) {
    uint64_t bytes = capacity * sizeof(uint64_t);
    tracker_->Reserve(bytes);
    reserved_ += bytes;
    if (!slots_.empty()) {
      tracker_->Release(slots_.size() * sizeof(uint64_t));
      reserved_ -= slots_.size() * sizeof(uint64_t);
    }
  }
  slots_.assign(capacity, 0);
  mask_ = capacity - 1;
  for (idx_t g = 0; g < count_; g++) {
    uint64_t h = hashes_[g];
    idx_t slot = h & mask_;
    while (slots_[slot] != 0) slot = (slot + 1) & mask_;
    slots_[slot] = (h & kSaltMask) | (g + 1);
  }
}

bool AggregateHashTable::KeysEqual(idx_t group, idx_t row) const {
  if (group >= stored_) {
    idx_t other = pending_rows_[group - stored_];
    for (size_t c = 0; c < key_types_.size(); c++) {
      const UnifiedVectorFormat& in = input_[c];
      if (!equal_fns_[c](in, in.Index(other), in, in.Index(row))) return false;
    }
    return true;
  }
  const UnifiedVectorFormat* stored = stored_formats_.data() + (group / kVectorSize) * key_types_.size();
  for (size_t c = 0; c < key_types_.size(); c++) {
    const UnifiedVectorFormat& in = input_[c];
    if (!equal_fns_[c](stored[c], group % kVectorSize, in, in.Index(row))) return false;
  }
  return true;
}

void AggregateHashTable::FindOrCreate(DataChunk& keys, const uint64_t* hashes, data_ptr_t* states) {
  FindOrCreate(keys, hashes, states, nullptr);
}

void AggregateHashTable::FindOrCreate(DataChunk& keys, const uint64_t* hashes, data_ptr_t* states, bool* is_new) {
  idx_t count = keys.size();
  input_.resize(key_types_.size());
  for (size_t c = 0; c < key_types_.size(); c++) keys.column(c).ToUnified(count, input_[c]);
  pending_rows_.clear();
  stored_ = count_;
  if (direct_wanted_ && direct_.empty()) {
    // Made at the first rows, where memory is plenty: an aggregate has up to 16 tables per
    // thread, and one under a small memory_limit (or about to spill) goes without.
    uint64_t bytes = kDirectValues * sizeof(uint32_t);
    if (!tracker_ || (tracker_->limit() >= 1024 * bytes && !tracker_->ShouldSpill(bytes))) {
      if (tracker_) tracker_->Reserve(bytes);
      reserved_ += bytes;
      direct_.assign(kDirectValues, 0);
      direct_offsets_.resize(kVectorSize);
    } else {
      direct_wanted_ = false;
    }
  }
  bool direct = !direct_.empty();
  if (direct) DirectOffsets(count);
  // Large tables miss the cache on every slot: slots are prefetched a few rows ahead.
  constexpr idx_t kPrefetchAhead = 16;
  bool prefetch = slots_.size() >= (1u << 15);
  for (idx_t i = 0; i < count; i++) {
    uint32_t direct_offset = direct ? direct_offsets_[i] : kNoDirect;
    if (direct_offset != kNoDirect && direct_[direct_offset] != 0) {
      last_group_ = direct_[direct_offset] - 1;
      states[i] = StateAddress(last_group_);
      if (is_new) is_new[i] = false;
      continue;
    }
    if ((count_ + 1) * 2 > slots_.size()) {
      // Pending groups have hashes already; rehash includes them.
      Resize(slots_.size() * 2);
      prefetch = slots_.size() >= (1u << 15);
    }
    if (prefetch && i + kPrefetchAhead < count) __builtin_prefetch(&slots_[hashes[i + kPrefetchAhead] & mask_]);
    uint64_t h = hashes[i];
    // Input clustered by the key (loaded in key order) repeats the previous row's group.
    if (i > 0 && h == hashes[i - 1] && KeysEqual(last_group_, i)) {
      states[i] = StateAddress(last_group_);
      if (is_new) is_new[i] = false;
      continue;
    }
    uint64_t salt = h & kSaltMask;
    idx_t slot = h & mask_;
    while (true) {
      uint64_t entry = slots_[slot];
      if (entry == 0) {
        idx_t group = count_;
        if (group % kVectorSize == 0) {
          // Reserve before the group exists: when the budget is exhausted (53200) the table
          // holds only initialized states, which the destructor frees.
          if (tracker_) {
            uint64_t bytes = state_size_ * kVectorSize + 8 * kVectorSize;
            tracker_->Reserve(bytes);
            reserved_ += bytes;
          }
          state_blocks_.push_back(std::unique_ptr<uint8_t[]>(new uint8_t[std::max<idx_t>(1, state_size_) * kVectorSize]));
        }
        data_ptr_t state = StateAddress(group);
        for (auto& agg : aggregates_) agg.function->initialize(state + agg.state_offset);
        count_++;
        slots_[slot] = salt | (group + 1);
        hashes_.push_back(h);
        pending_rows_.push_back(i);
        states[i] = state;
        if (is_new) is_new[i] = true;
        last_group_ = group;
        break;
      }
      if ((entry & kSaltMask) == salt) {
        idx_t group = (entry & kGroupMask) - 1;
        if (KeysEqual(group, i)) {
          states[i] = StateAddress(group);
          if (is_new) is_new[i] = false;
          last_group_ = group;
          break;
        }
      }
      slot = (slot + 1) & mask_;
    }
    if (direct_offset != kNoDirect && last_group_ + 1 < kNoDirect) {
      direct_[direct_offset] = static_cast<uint32_t>(last_group_ + 1);
    }
  }
  AppendPending(keys);
}

uint64_t AggregateHashTable::GrowthBytes(idx_t rows) const {
  idx_t slots = slots_.size();
  while ((count_ + rows + 1) * 2 > slots) slots *= 2;
  uint64_t per_group = state_size_ + 8;
  for (auto& t : key_types_) per_group += PhysicalSize(t.physical());
  uint64_t blocks = (rows + kVectorSize - 1) / kVectorSize + 1;
  return (slots > slots_.size() ? slots * sizeof(uint64_t) : 0) + blocks * kVectorSize * per_group;
}

void AggregateHashTable::Find(DataChunk& keys, const uint64_t* hashes, data_ptr_t* states) const {
  idx_t count = keys.size();
  std::vector<UnifiedVectorFormat> input(key_types_.size());
  for (size_t c = 0; c < key_types_.size(); c++) keys.column(c).ToUnified(count, input[c]);
  for (idx_t i = 0; i < count; i++) {
    uint64_t h = hashes[i];
    uint64_t salt = h & kSaltMask;
    states[i] = nullptr;
    for (idx_t slot = h & mask_; slots_[slot] != 0; slot = (slot + 1) & mask_) {
      uint64_t entry = slots_[slot];
      if ((entry & kSaltMask) != salt) continue;
      idx_t group = (entry & kGroupMask) - 1;
      const UnifiedVectorFormat* stored = stored_formats_.data() + (group / kVectorSize) * key_types_.size();
      bool equal = true;
      for (size_t c = 0; c < key_types_.size() && equal; c++) {
        equal = equal_fns_[c](stored[c], group % kVectorSize, input[c], input[c].Index(i));
      }
      if (equal) {
        states[i] = StateAddress(group);
        break;
      }
    }
  }
}

void AggregateHashTable::AppendPending(DataChunk& keys) {
  idx_t done = 0;
  idx_t total = pending_rows_.size();
  while (done < total) {
    idx_t group = stored_ + done;
    if (group % kVectorSize == 0) {
      key_chunks_.push_back(std::make_unique<DataChunk>(key_types_));
      for (auto& column : key_chunks_.back()->columns()) {
        stored_formats_.emplace_back();
        column.ToUnified(kVectorSize, stored_formats_.back());
      }
      if (tracker_) {
        uint64_t bytes = 0;
        for (auto& t : key_types_) bytes += PhysicalSize(t.physical()) * kVectorSize;
        tracker_->Reserve(bytes);
        reserved_ += bytes;
      }
    }
    DataChunk& target = *key_chunks_.back();
    idx_t offset = group % kVectorSize;
    idx_t n = std::min(kVectorSize - offset, total - done);
    SelectionVector sel(n);
    for (idx_t i = 0; i < n; i++) sel.Set(i, pending_rows_[done + i]);
    for (size_t c = 0; c < key_types_.size(); c++) {
      Vector& column = target.column(c);
      uint64_t before = column.type().physical() == PhysicalType::kString ? column.heap().SizeInBytes() : 0;
      column.CopyFrom(keys.column(c), sel, n, offset);
      if (tracker_ && column.type().physical() == PhysicalType::kString) {
        uint64_t grown = column.heap().SizeInBytes() - before;
        if (grown) {
          tracker_->Reserve(grown);
          reserved_ += grown;
        }
      }
    }
    target.SetCardinality(offset + n);
    done += n;
  }
  pending_rows_.clear();
  stored_ = count_;
}

idx_t AggregateHashTable::Scan(idx_t offset, DataChunk& keys, data_ptr_t* states) const {
  if (offset >= count_) return 0;
  SR_CHECK(offset % kVectorSize == 0);
  idx_t n = std::min(kVectorSize, count_ - offset);
  const DataChunk& chunk = *key_chunks_[offset / kVectorSize];
  for (size_t c = 0; c < key_types_.size(); c++) keys.column(c).Reference(chunk.column(c));
  keys.SetCardinality(n);
  for (idx_t i = 0; i < n; i++) states[i] = StateAddress(offset + i);
  return n;
}

void AggregateHashTable::Combine(AggregateHashTable& other) {
  DataChunk keys;
  keys.Initialize(key_types_);
  std::vector<data_ptr_t> source(kVectorSize), target(kVectorSize);
  Vector source_vector(TypeId::kBigInt), target_vector(TypeId::kBigInt);
  for (idx_t offset = 0; offset < other.count_; offset += kVectorSize) {
    idx_t n = other.Scan(offset, keys, source.data());
    FindOrCreate(keys, &other.hashes_[offset], target.data());
    for (auto& agg : aggregates_) {
      auto* s = reinterpret_cast<data_ptr_t*>(source_vector.data());
      auto* t = reinterpret_cast<data_ptr_t*>(target_vector.data());
      for (idx_t i = 0; i < n; i++) {
        s[i] = source[i] + agg.state_offset;
        t[i] = target[i] + agg.state_offset;
      }
      AggregateInputData data{agg.bind_data, context_};
      agg.function->combine(source_vector, target_vector, data, n);
    }
  }
}

}  // namespace stockroom
