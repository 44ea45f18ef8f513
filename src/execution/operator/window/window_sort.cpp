#include "execution/operator/window/window_sort.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "execution/executor.hpp"

namespace stockroom {

namespace {

constexpr uint64_t kNullLow = 0;
constexpr uint64_t kNullHigh = UINT64_MAX;

// Sort entry: order-preserving 8-byte codes of the first two keys, then the row.
struct SortEntry {
  uint64_t code0;
  uint64_t code1;
  idx_t row;
};

// Whether equal codes of this physical type mean equal values (codes of other types are
// prefixes or clamped, and equal codes fall back to the full comparison).
bool CodeIsExact(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBool:
    case PhysicalType::kInt16:
    case PhysicalType::kInt32:
    case PhysicalType::kInt64:
    case PhysicalType::kFloat:
    case PhysicalType::kDouble:
      return true;
    default:
      return false;
  }
}

uint64_t FlipSign(int64_t x) { return static_cast<uint64_t>(x) ^ (uint64_t(1) << 63); }

uint64_t EncodeDouble(double d) {
  if (std::isnan(d)) return UINT64_MAX;
  if (d == 0) d = 0;  // -0 sorts equal to 0
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  return (bits & (uint64_t(1) << 63)) ? ~bits : bits | (uint64_t(1) << 63);
}

// Returns an unsigned code that orders like the value (ascending).
uint64_t EncodeValue(const Vector& v, idx_t row) {
  switch (v.type().physical()) {
    case PhysicalType::kBool:
      return 2 + (v.Data<bool>()[row] ? 1 : 0);
    case PhysicalType::kInt16:
      return FlipSign(v.Data<int16_t>()[row]);
    case PhysicalType::kInt32:
      return FlipSign(v.Data<int32_t>()[row]);
    case PhysicalType::kInt64:
      return FlipSign(v.Data<int64_t>()[row]);
    case PhysicalType::kInt128: {
      int128_t x = v.Data<int128_t>()[row];
      int64_t c = x > INT64_MAX ? INT64_MAX : (x < INT64_MIN ? INT64_MIN : static_cast<int64_t>(x));
      return FlipSign(c);
    }
    case PhysicalType::kFloat:
      return EncodeDouble(v.Data<float>()[row]);
    case PhysicalType::kDouble:
      return EncodeDouble(v.Data<double>()[row]);
    case PhysicalType::kString: {
      const StringRef& s = v.Data<StringRef>()[row];
      uint64_t code = 0;
      uint32_t n = std::min<uint32_t>(8, s.size());
      const char* d = s.data();
      for (uint32_t i = 0; i < n; i++) code |= uint64_t(static_cast<uint8_t>(d[i])) << (56 - 8 * i);
      return code;
    }
    default:
      return 0;
  }
}

// NULLs take the extreme codes; values are kept strictly between them.
uint64_t EncodeKey(const Vector& v, idx_t row, const SortKey& key) {
  if (!v.validity().RowIsValid(row)) return key.nulls_first ? kNullLow : kNullHigh;
  uint64_t code = EncodeValue(v, row);
  if (key.descending) code = ~code;
  if (code == kNullLow) code = 1;
  if (code == kNullHigh) code = kNullHigh - 1;
  return code;
}

// A clamped value code is shared by distinct values, so it is never trusted as equality.
bool Ambiguous(uint64_t code) { return code == 1 || code == kNullHigh - 1; }

class EntryLess {
 public:
  EntryLess(const ColumnDataCollection& rows, const std::vector<SortKey>& keys) : rows_(&rows), keys_(&keys) {
    exact0_ = CodeIsExact(rows.types()[keys[0].column].physical());
    exact_ = keys.size() <= 2;
    for (auto& k : keys) exact_ = exact_ && CodeIsExact(rows.types()[k.column].physical());
  }
  bool operator()(const SortEntry& a, const SortEntry& b) const {
    if (a.code0 != b.code0) return a.code0 < b.code0;
    // Equal prefixes of the first key do not make its values equal: compare them in full
    // before the second key's code can decide.
    if (!exact0_ || Ambiguous(a.code0)) return FullLess(a, b);
    if (a.code1 != b.code1) return a.code1 < b.code1;
    if (!exact_ || Ambiguous(a.code1)) return FullLess(a, b);
    return a.row < b.row;
  }

 private:
  bool FullLess(const SortEntry& a, const SortEntry& b) const {
    int c = CompareRows(*rows_, *keys_, a.row, b.row);
    return c != 0 ? c < 0 : a.row < b.row;
  }
  const ColumnDataCollection* rows_;
  const std::vector<SortKey>* keys_;
  bool exact0_ = false;
  bool exact_;
};

// Finds how many of the first `d` merged elements come from `a` (merge path); the order is
// total, so the split is unique.
idx_t MergeSplit(const SortEntry* a, idx_t na, const SortEntry* b, idx_t nb, idx_t d, const EntryLess& less) {
  idx_t lo = d > nb ? d - nb : 0;
  idx_t hi = std::min(d, na);
  while (lo < hi) {
    idx_t mid = lo + (hi - lo) / 2;
    if (less(a[mid], b[d - mid - 1])) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

}  // namespace

SortedRows ParallelSortRows(Executor& executor, const ColumnDataCollection& rows, const std::vector<SortKey>& keys) {
  idx_t n = rows.Count();
  SortedRows sorted;
  sorted.order.resize(n);
  sorted.common.assign(n, 0);
  if (keys.empty()) {
    for (idx_t i = 0; i < n; i++) sorted.order[i] = i;
    return sorted;
  }
  std::vector<SortEntry> entries(n);
  idx_t threads = std::max<idx_t>(1, executor.threads());
  idx_t chunks = rows.ChunkCount();
  idx_t fill_tasks = std::min<idx_t>(chunks, threads * 4);
  executor.RunParallel(fill_tasks, [&](idx_t t) {
    for (idx_t c = chunks * t / fill_tasks; c < chunks * (t + 1) / fill_tasks; c++) {
      const DataChunk& chunk = rows.GetChunk(c);
      const Vector& v0 = chunk.column(keys[0].column);
      const Vector* v1 = keys.size() > 1 ? &chunk.column(keys[1].column) : nullptr;
      for (idx_t i = 0; i < chunk.size(); i++) {
        SortEntry& e = entries[c * kVectorSize + i];
        e.row = c * kVectorSize + i;
        e.code0 = EncodeKey(v0, i, keys[0]);
        e.code1 = v1 ? EncodeKey(*v1, i, keys[1]) : 0;
      }
    }
  });
  EntryLess less(rows, keys);
  idx_t segments = n < 16 * kVectorSize ? 1 : threads;
  std::vector<idx_t> bounds(segments + 1);
  for (idx_t s = 0; s <= segments; s++) bounds[s] = n * s / segments;
  executor.RunParallel(segments, [&](idx_t s) {
    std::sort(entries.begin() + bounds[s], entries.begin() + bounds[s + 1], less);
  });
  // Merge adjacent runs pairwise; each merge is cut into parts along its merge path so
  // every thread has work even in the last round.
  std::vector<SortEntry> buffer;
  if (segments > 1) buffer.resize(n);
  while (bounds.size() > 2) {
    idx_t runs = bounds.size() - 1;
    idx_t pairs = runs / 2;
    idx_t parts = std::max<idx_t>(1, threads / std::max<idx_t>(pairs, 1));
    struct Part {
      idx_t a_begin, a_end, b_begin, b_end, out;
    };
    std::vector<Part> work;
    for (idx_t p = 0; p < pairs; p++) {
      idx_t a0 = bounds[2 * p], a1 = bounds[2 * p + 1], b1 = bounds[2 * p + 2];
      const SortEntry* a = entries.data() + a0;
      const SortEntry* b = entries.data() + a1;
      idx_t na = a1 - a0, nb = b1 - a1;
      idx_t prev_i = 0, prev_d = 0;
      for (idx_t k = 1; k <= parts; k++) {
        idx_t d = (na + nb) * k / parts;
        idx_t i = k == parts ? na : MergeSplit(a, na, b, nb, d, less);
        work.push_back({a0 + prev_i, a0 + i, a1 + (prev_d - prev_i), a1 + (d - i), a0 + prev_d});
        prev_i = i;
        prev_d = d;
      }
    }
    if (runs % 2 == 1) {
      idx_t s = bounds[runs - 1];
      work.push_back({s, bounds[runs], bounds[runs], bounds[runs], s});
    }
    executor.RunParallel(work.size(), [&](idx_t w) {
      const Part& p = work[w];
      std::merge(entries.begin() + p.a_begin, entries.begin() + p.a_end, entries.begin() + p.b_begin,
                 entries.begin() + p.b_end, buffer.begin() + p.out, less);
    });
    entries.swap(buffer);
    std::vector<idx_t> next;
    for (idx_t i = 0; i < bounds.size(); i += 2) next.push_back(bounds[i]);
    if (next.back() != n) next.push_back(n);
    bounds.swap(next);
  }
  // Count the keys each row shares with the previous one; codes decide exact keys.
  std::vector<std::vector<SortKey>> single(keys.size());
  for (size_t k = 0; k < keys.size(); k++) single[k] = {keys[k]};
  std::vector<bool> exact(keys.size(), false);
  for (size_t k = 0; k < keys.size() && k < 2; k++) exact[k] = CodeIsExact(rows.types()[keys[k].column].physical());
  idx_t tasks = std::min<idx_t>(threads * 4, std::max<idx_t>(1, n / kVectorSize));
  executor.RunParallel(tasks, [&](idx_t t) {
    for (idx_t p = n * t / tasks; p < n * (t + 1) / tasks; p++) {
      sorted.order[p] = entries[p].row;
      if (p == 0) continue;
      const SortEntry& a = entries[p - 1];
      const SortEntry& b = entries[p];
      uint8_t same = 0;
      for (size_t k = 0; k < keys.size() && k < 255; k++) {
        if (k < 2) {
          uint64_t ca = k == 0 ? a.code0 : a.code1, cb = k == 0 ? b.code0 : b.code1;
          if (ca != cb) break;
          if (exact[k] && !Ambiguous(ca)) {
            same++;
            continue;
          }
        }
        if (CompareRows(rows, single[k], a.row, b.row) != 0) break;
        same++;
      }
      sorted.common[p] = same;
    }
  });
  return sorted;
}

}  // namespace stockroom
