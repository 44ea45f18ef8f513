#include "execution/operator/order/row_sort.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/types/numeric.hpp"

namespace stockroom {

namespace {

template <class T>
int Compare3(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}
int CompareFloat(double a, double b) {
  bool an = std::isnan(a), bn = std::isnan(b);
  if (an || bn) return an == bn ? 0 : (an ? 1 : -1);
  return Compare3(a, b);
}

int CompareCell(const Vector& va, idx_t ra, const Vector& vb, idx_t rb) {
  switch (va.type().physical()) {
    case PhysicalType::kBool:
      return Compare3(va.Data<bool>()[ra], vb.Data<bool>()[rb]);
    case PhysicalType::kInt16:
      return Compare3(va.Data<int16_t>()[ra], vb.Data<int16_t>()[rb]);
    case PhysicalType::kInt32:
      return Compare3(va.Data<int32_t>()[ra], vb.Data<int32_t>()[rb]);
    case PhysicalType::kInt64:
      return Compare3(va.Data<int64_t>()[ra], vb.Data<int64_t>()[rb]);
    case PhysicalType::kInt128:
      return Compare3(va.Data<int128_t>()[ra], vb.Data<int128_t>()[rb]);
    case PhysicalType::kFloat:
      return CompareFloat(va.Data<float>()[ra], vb.Data<float>()[rb]);
    case PhysicalType::kDouble:
      return CompareFloat(va.Data<double>()[ra], vb.Data<double>()[rb]);
    case PhysicalType::kString:
      return StringRef::Compare(va.Data<StringRef>()[ra], vb.Data<StringRef>()[rb]);
    case PhysicalType::kInterval:
      return Compare3(va.Data<Interval>()[ra].Span(), vb.Data<Interval>()[rb].Span());
    case PhysicalType::kVarNumeric:
      return numeric::Compare(va.Data<VarNumeric>()[ra], vb.Data<VarNumeric>()[rb]);
  }
  return 0;
}

// Writes an 8-byte big-endian prefix of a value that orders like the value (for the fast
// path); equal prefixes fall back to CompareCell.
uint64_t Prefix(const Vector& v, idx_t row) {
  auto flip = [](int64_t x) { return static_cast<uint64_t>(x) ^ (uint64_t(1) << 63); };
  switch (v.type().physical()) {
    case PhysicalType::kBool:
      return v.Data<bool>()[row];
    case PhysicalType::kInt16:
      return flip(v.Data<int16_t>()[row]);
    case PhysicalType::kInt32:
      return flip(v.Data<int32_t>()[row]);
    case PhysicalType::kInt64:
      return flip(v.Data<int64_t>()[row]);
    case PhysicalType::kInt128: {
      int128_t x = v.Data<int128_t>()[row];
      // Clamp into int64 range: order is kept, ties resolved by the full compare.
      int64_t c = x > INT64_MAX ? INT64_MAX : (x < INT64_MIN ? INT64_MIN : static_cast<int64_t>(x));
      return flip(c);
    }
    case PhysicalType::kDouble:
    case PhysicalType::kFloat: {
      double d = v.type().physical() == PhysicalType::kDouble ? v.Data<double>()[row] : v.Data<float>()[row];
      if (std::isnan(d)) return UINT64_MAX;
      if (d == 0) d = 0;
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      return (bits & (uint64_t(1) << 63)) ? ~bits : bits | (uint64_t(1) << 63);
    }
    case PhysicalType::kString: {
      const StringRef& s = v.Data<StringRef>()[row];
      uint64_t p = 0;
      uint32_t n = std::min<uint32_t>(8, s.size());
      const char* d = s.data();
      for (uint32_t i = 0; i < n; i++) p |= uint64_t(static_cast<uint8_t>(d[i])) << (56 - 8 * i);
      return p;
    }
    default:
      return 0;
  }
}

struct Entry {
  uint64_t prefix;
  idx_t row;
};

}  // namespace

int CompareChunkRows(const DataChunk& a, idx_t ra, const DataChunk& b, idx_t rb, const std::vector<SortKey>& keys) {
  for (auto& key : keys) {
    const Vector& va = a.column(key.column);
    const Vector& vb = b.column(key.column);
    bool na = !va.validity().RowIsValid(ra), nb = !vb.validity().RowIsValid(rb);
    if (na || nb) {
      if (na && nb) continue;
      // A NULL sorts first when nulls_first, regardless of direction.
      return na ? (key.nulls_first ? -1 : 1) : (key.nulls_first ? 1 : -1);
    }
    int c = CompareCell(va, ra, vb, rb);
    if (c != 0) return key.descending ? -c : c;
  }
  return 0;
}

int CompareRows(const ColumnDataCollection& rows, const std::vector<SortKey>& keys, idx_t a, idx_t b) {
  return CompareChunkRows(rows.GetChunk(a / kVectorSize), a % kVectorSize, rows.GetChunk(b / kVectorSize),
                          b % kVectorSize, keys);
}

// stable_sort's buffer holds half the entries, no more than the order returned afterwards.
uint64_t SortRowsBytes(idx_t rows) { return rows * (sizeof(Entry) + sizeof(idx_t)); }

std::vector<idx_t> SortRows(const ColumnDataCollection& rows, const std::vector<SortKey>& keys) {
  idx_t n = rows.Count();
  std::vector<Entry> entries(n);
  // The first key's encoded prefix decides most comparisons without touching the values.
  bool use_prefix = !keys.empty();
  for (idx_t r = 0; r < n; r++) {
    entries[r].row = r;
    if (!use_prefix) continue;
    const SortKey& key = keys[0];
    const Vector& v = rows.GetChunk(r / kVectorSize).column(key.column);
    idx_t row = r % kVectorSize;
    uint64_t p;
    if (!v.validity().RowIsValid(row)) {
      p = key.nulls_first ? 0 : UINT64_MAX;
    } else {
      p = Prefix(v, row);
      if (key.descending) p = ~p;
      // Keep NULL's extremes free: shift into [1, UINT64_MAX - 1].
      if (p == 0) p = 1;
      if (p == UINT64_MAX) p = UINT64_MAX - 1;
    }
    entries[r].prefix = p;
  }
  std::stable_sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
    if (use_prefix && a.prefix != b.prefix) return a.prefix < b.prefix;
    return CompareRows(rows, keys, a.row, b.row) < 0;
  });
  std::vector<idx_t> order(n);
  for (idx_t i = 0; i < n; i++) order[i] = entries[i].row;
  return order;
}

}  // namespace stockroom
