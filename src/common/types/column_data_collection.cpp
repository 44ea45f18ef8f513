#include "common/types/column_data_collection.hpp"

#include "common/memory/memory_tracker.hpp"

namespace stockroom {

ColumnDataCollection::ColumnDataCollection(std::vector<LogicalType> types, MemoryTracker* tracker)
    : types_(std::move(types)), tracker_(tracker) {}

ColumnDataCollection::~ColumnDataCollection() {
  if (tracker_) tracker_->Release(reserved_);
}

void ColumnDataCollection::Append(const DataChunk& chunk) {
  idx_t offset = 0;
  idx_t total = chunk.size();
  if (total == 0) return;
  // Fast path: whole chunk fits into a new chunk; otherwise fill the last chunk first.
  while (offset < total) {
    if (chunks_.empty() || chunks_.back()->size() == kVectorSize) {
      auto fresh = std::make_unique<DataChunk>(types_);
      if (tracker_) {
        uint64_t bytes = 0;
        for (auto& t : types_) bytes += PhysicalSize(t.physical()) * kVectorSize;
        tracker_->Reserve(bytes);
        reserved_ += bytes;
      }
      chunks_.push_back(std::move(fresh));
    }
    DataChunk& target = *chunks_.back();
    idx_t n = std::min(kVectorSize - target.size(), total - offset);
    SelectionVector sel(n);
    for (idx_t i = 0; i < n; i++) sel.Set(i, offset + i);
    uint64_t heap_before = 0, heap_after = 0;
    for (idx_t c = 0; c < types_.size(); c++) {
      bool is_string = types_[c].physical() == PhysicalType::kString;
      if (is_string && tracker_) heap_before += target.column(c).heap().SizeInBytes();
      target.column(c).CopyFrom(chunk.column(c), sel, n, target.size());
      if (is_string && tracker_) heap_after += target.column(c).heap().SizeInBytes();
    }
    if (tracker_ && heap_after > heap_before) {
      tracker_->Reserve(heap_after - heap_before);
      reserved_ += heap_after - heap_before;
    }
    target.SetCardinality(target.size() + n);
    offset += n;
    count_ += n;
  }
}

void ColumnDataCollection::Combine(ColumnDataCollection& other) {
  if (other.count_ == 0) return;
  // Keep the "all chunks full but the last" invariant: move full chunks, copy the tail.
  if (chunks_.empty() || chunks_.back()->size() == kVectorSize) {
    bool all_full = true;
    for (size_t i = 0; i + 1 < other.chunks_.size(); i++) all_full &= other.chunks_[i]->size() == kVectorSize;
    if (all_full) {
      for (auto& c : other.chunks_) chunks_.push_back(std::move(c));
      count_ += other.count_;
      reserved_ += other.reserved_;
      if (tracker_ != other.tracker_ && tracker_) {
        tracker_->Reserve(other.reserved_);
        if (other.tracker_) other.tracker_->Release(other.reserved_);
      } else if (!tracker_) {
        reserved_ = 0;
      }
      other.reserved_ = 0;
      other.chunks_.clear();
      other.count_ = 0;
      return;
    }
  }
  for (auto& c : other.chunks_) Append(*c);
  if (other.tracker_) other.tracker_->Release(other.reserved_);
  other.reserved_ = 0;
  other.chunks_.clear();
  other.count_ = 0;
}

void ColumnDataCollection::DetachFromTracker() {
  if (tracker_) tracker_->Release(reserved_);
  tracker_ = nullptr;
  reserved_ = 0;
}

Value ColumnDataCollection::GetValue(idx_t column, idx_t row) const {
  return chunks_[row / kVectorSize]->GetValue(column, row % kVectorSize);
}

void ColumnDataCollection::Scan(idx_t i, DataChunk& out) const {
  if (out.ColumnCount() != types_.size()) out.Initialize(types_);
  out.Reference(*chunks_[i]);
}

}  // namespace stockroom
