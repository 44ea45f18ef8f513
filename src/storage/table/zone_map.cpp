#include "storage/table/zone_map.hpp"

#include <algorithm>
#include <cstring>

namespace stockroom {

namespace {

template <class T>
inline bool Less(const T& a, const T& b) {
  return a < b;
}

// Byte order of strings without a library call per comparison: most values of a column
// differ from the running minimum and maximum within their first eight bytes.
template <>
inline bool Less(const StringRef& a, const StringRef& b) {
  const char* pa = a.data();
  const char* pb = b.data();
  uint32_t n = std::min(a.size(), b.size());
  uint32_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t wa, wb;
    std::memcpy(&wa, pa + i, 8);
    std::memcpy(&wb, pb + i, 8);
    if (wa != wb) return __builtin_bswap64(wa) < __builtin_bswap64(wb);
  }
  for (; i < n; i++) {
    if (pa[i] != pb[i]) return static_cast<unsigned char>(pa[i]) < static_cast<unsigned char>(pb[i]);
  }
  return a.size() < b.size();
}

// Widens the zone to include [lo, hi].
void WidenZone(ZoneMap& zone, Value lo, Value hi) {
  if (!zone.has_values) {
    zone.min = std::move(lo);
    zone.max = std::move(hi);
    zone.has_values = true;
    return;
  }
  if (lo.Compare(zone.min) < 0) zone.min = std::move(lo);
  if (hi.Compare(zone.max) > 0) zone.max = std::move(hi);
}

template <class T>
void UpdateZone(ZoneMap& zone, const T* values, const uint64_t* validity, idx_t from, idx_t count,
                const LogicalType& type) {
  bool found = false;
  T lo{}, hi{};
  for (idx_t i = from; i < from + count; i++) {
    if (validity && !((validity[i >> 6] >> (i & 63)) & 1)) continue;
    const T& v = values[i];
    if (!found) {
      lo = hi = v;
      found = true;
    } else {
      if (Less(v, lo)) lo = v;
      if (Less(hi, v)) hi = v;
    }
  }
  if (!found) return;
  Vector tmp(type, 2);
  tmp.Data<T>()[0] = lo;
  tmp.Data<T>()[1] = hi;
  WidenZone(zone, tmp.GetValue(0), tmp.GetValue(1));
}

// The first eight bytes of a string as a big-endian number, zero-padded (strings hold no NUL
// bytes), so that comparing keys orders strings by their first eight bytes.
inline uint64_t PrefixKey(const StringRef& s) {
  uint64_t word = 0;
  // Inline strings are zero-padded inside the StringRef; longer ones have 13+ bytes.
  std::memcpy(&word, s.size() <= StringRef::kInlineLength ? s.prefix : s.pointer, 8);
  return __builtin_bswap64(word);
}

// Finds the extremes on the prefix keys first, so that full comparisons are needed only among
// the values that tie with an extreme's key.
template <>
void UpdateZone(ZoneMap& zone, const StringRef* values, const uint64_t* validity, idx_t from, idx_t count,
                const LogicalType& type) {
  auto valid = [&](idx_t i) { return !validity || ((validity[i >> 6] >> (i & 63)) & 1); };
  bool found = false;
  uint64_t lo_key = 0, hi_key = 0;
  for (idx_t i = from; i < from + count; i++) {
    if (!valid(i)) continue;
    uint64_t key = PrefixKey(values[i]);
    if (!found) {
      lo_key = hi_key = key;
      found = true;
    } else {
      lo_key = std::min(lo_key, key);
      hi_key = std::max(hi_key, key);
    }
  }
  if (!found) return;
  const StringRef* lo = nullptr;
  const StringRef* hi = nullptr;
  for (idx_t i = from; i < from + count; i++) {
    if (!valid(i)) continue;
    uint64_t key = PrefixKey(values[i]);
    if (key == lo_key && (!lo || Less(values[i], *lo))) lo = &values[i];
    if (key == hi_key && (!hi || Less(*hi, values[i]))) hi = &values[i];
  }
  WidenZone(zone, Value::String(type, lo->ToString()), Value::String(type, hi->ToString()));
}

}  // namespace

void UpdateZoneMap(ZoneMap& zone, const ColumnSegment& seg, idx_t from, idx_t count) {
  const uint64_t* validity = seg.validity.get();
  switch (seg.type.physical()) {
    case PhysicalType::kBool:
      return UpdateZone(zone, reinterpret_cast<bool*>(seg.data.get()), validity, from, count, seg.type);
    case PhysicalType::kInt16:
      return UpdateZone(zone, reinterpret_cast<int16_t*>(seg.data.get()), validity, from, count, seg.type);
    case PhysicalType::kInt32:
      return UpdateZone(zone, reinterpret_cast<int32_t*>(seg.data.get()), validity, from, count, seg.type);
    case PhysicalType::kInt64:
      return UpdateZone(zone, reinterpret_cast<int64_t*>(seg.data.get()), validity, from, count, seg.type);
    case PhysicalType::kInt128:
      return UpdateZone(zone, reinterpret_cast<int128_t*>(seg.data.get()), validity, from, count, seg.type);
    case PhysicalType::kString:
      return UpdateZone(zone, reinterpret_cast<StringRef*>(seg.data.get()), validity, from, count, seg.type);
    default:
      return;
  }
}

void MergeZone(ZoneMap& into, const ZoneMap& part) {
  into.null_count += part.null_count;
  if (!part.has_values) return;
  if (!into.has_values) {
    into.min = part.min;
    into.max = part.max;
    into.has_values = true;
    return;
  }
  if (part.min.Compare(into.min) < 0) into.min = part.min;
  if (part.max.Compare(into.max) > 0) into.max = part.max;
}

}  // namespace stockroom
