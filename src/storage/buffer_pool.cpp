#include "storage/buffer_pool.hpp"

#include "common/memory/memory_tracker.hpp"
#include "storage/column_codec.hpp"
#include "storage/segment_file.hpp"

namespace stockroom {

namespace {

// What a decoded column holds in memory.
uint64_t ResidentBytes(const ColumnSegment& seg) {
  uint64_t bytes = PhysicalSize(seg.type.physical()) * seg.capacity;
  if (seg.validity) bytes += ValidityMask::Words(seg.capacity) * 8;
  if (seg.heap) bytes += seg.heap->SizeInBytes();
  return bytes;
}

}  // namespace

PagedColumns::PagedColumns(BufferPool& pool, std::string path, std::vector<LogicalType> types, idx_t count)
    : pool_(pool), path_(std::move(path)), types_(std::move(types)), count_(count), slots_(new Slot[types_.size()]) {}

std::shared_ptr<const ColumnSegment> PagedColumns::Pin(idx_t c) {
  Slot& slot = slots_[c];
  slot.referenced.store(true, std::memory_order_relaxed);
  std::shared_ptr<const ColumnSegment> segment;
  {
    std::lock_guard<std::mutex> lock(slot.mutex);
    if (slot.resident) return slot.resident;
    // Read under the slot's lock so that scans wanting the same column read it once.
    SegmentFile file(path_);
    std::string block = file.Column(c);
    segment = std::make_shared<const ColumnSegment>(DecodeColumn(types_[c], block, count_, path_));
    slot.resident = segment;
  }
  pool_.CountRead();
  pool_.Admit(shared_from_this(), c, ResidentBytes(*segment));
  return segment;
}

void PagedColumns::Adopt(idx_t c, ColumnSegment segment) {
  auto resident = std::make_shared<const ColumnSegment>(std::move(segment));
  uint64_t bytes = ResidentBytes(*resident);
  {
    std::lock_guard<std::mutex> lock(slots_[c].mutex);
    slots_[c].resident = std::move(resident);
  }
  pool_.Admit(shared_from_this(), c, bytes);
}

std::shared_ptr<const LookupIndex> PagedColumns::Lookup(idx_t c) {
  Slot& slot = slots_[c];
  {
    std::lock_guard<std::mutex> lock(slot.mutex);
    if (slot.index) {
      slot.index_referenced.store(true, std::memory_order_relaxed);
      return slot.index;
    }
  }
  // Exactly one caller builds it; the others scan meanwhile.
  if (slot.lookups.fetch_add(1, std::memory_order_relaxed) + 1 != kLookupsBeforeIndex) return nullptr;
  auto index = std::make_shared<const LookupIndex>(*Pin(c), count_);
  {
    std::lock_guard<std::mutex> lock(slot.mutex);
    slot.index = index;
  }
  pool_.Admit(shared_from_this(), c, index->bytes(), true);
  return index;
}

std::shared_ptr<RowGroup> BufferPool::Page(const RowGroup& group, const std::string& path) {
  auto paged = std::make_shared<RowGroup>(group);
  std::vector<LogicalType> types;
  for (ColumnSegment& seg : paged->columns) {
    seg = ColumnSegment{seg.type, 0, nullptr, nullptr, nullptr, seg.zone};  // its type and zone map stay
    types.push_back(seg.type);
  }
  paged->paged = std::make_shared<PagedColumns>(*this, path, std::move(types), group.count);
  for (size_t c = 0; c < group.columns.size(); c++) paged->paged->Adopt(c, group.columns[c]);
  return paged;
}

std::shared_ptr<RowGroup> BufferPool::PageUnread(RowGroup summary, const std::string& path) {
  auto paged = std::make_shared<RowGroup>(std::move(summary));
  std::vector<LogicalType> types;
  for (ColumnSegment& seg : paged->columns) types.push_back(seg.type);
  paged->paged = std::make_shared<PagedColumns>(*this, path, std::move(types), paged->count);
  return paged;
}

void BufferPool::set_limit(uint64_t limit) {
  limit_.store(limit, std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(mutex_);
  EvictLocked();
}

void BufferPool::MakeRoom() {
  if (resident_bytes() <= Budget()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  EvictLocked();
}

uint64_t BufferPool::Budget() const {
  uint64_t limit = limit_.load(std::memory_order_relaxed);
  uint64_t operators = operators_.used();
  return operators >= limit ? 0 : limit - operators;
}

void BufferPool::Admit(const std::shared_ptr<PagedColumns>& columns, idx_t c, uint64_t bytes, bool index) {
  std::lock_guard<std::mutex> lock(mutex_);
  clock_.insert(hand_, Entry{columns, c, bytes, index});  // just behind the hand: the last it reaches
  resident_.fetch_add(bytes, std::memory_order_relaxed);
  EvictLocked();
}

void BufferPool::EvictLocked() {
  uint64_t budget = Budget();
  // Two rounds at most: the first clears referenced bits, the second evicts; what scans
  // hold right now cannot be freed and stays.
  size_t steps = clock_.size() * 2;
  while (resident_bytes() > budget && !clock_.empty() && steps-- > 0) {
    if (hand_ == clock_.end()) hand_ = clock_.begin();
    Entry& entry = *hand_;
    std::shared_ptr<PagedColumns> columns = entry.columns.lock();
    if (columns) {
      PagedColumns::Slot& slot = columns->slots_[entry.column];
      if ((entry.index ? slot.index_referenced : slot.referenced).exchange(false, std::memory_order_relaxed)) {
        ++hand_;
        continue;
      }
      std::lock_guard<std::mutex> slot_lock(slot.mutex);
      if ((entry.index ? slot.index.use_count() : slot.resident.use_count()) > 1) {  // a scan holds it
        ++hand_;
        continue;
      }
      if (entry.index) {
        slot.index.reset();
        slot.lookups.store(0, std::memory_order_relaxed);
      } else {
        slot.resident.reset();
      }
    }
    // Evicted, or its row group is gone (the memory went with it).
    resident_.fetch_sub(entry.bytes, std::memory_order_relaxed);
    hand_ = clock_.erase(hand_);
  }
}

}  // namespace stockroom
