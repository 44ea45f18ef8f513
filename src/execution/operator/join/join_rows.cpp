#include "execution/operator/join/join_rows.hpp"

#include <type_traits>

#include "common/error/assert.hpp"
#include "common/types/column_data_collection.hpp"
#include "common/types/hash.hpp"
#include "common/types/physical_dispatch.hpp"

namespace stockroom {

namespace {

// A row's value is read only when it is valid (a NULL row's bytes may not be a valid bool).
template <class T>
bool KeyMatch(const UnifiedVectorFormat& probe, idx_t pi, const uint8_t* row, idx_t column, idx_t offset,
              bool nulls_equal) {
  bool pv = probe.validity->RowIsValid(pi), bv = JoinRows::IsValid(row, column);
  if (!pv || !bv) return nulls_equal && !pv && !bv;
  T b;
  std::memcpy(&b, row + offset, sizeof(T));
  return ValuesEqual(probe.Data<T>()[pi], b);
}

JoinRows::KeyMatchFn KeyMatchFor(PhysicalType type) {
  return WithPhysicalType(type, [](auto tag) -> JoinRows::KeyMatchFn { return KeyMatch<decltype(tag)>; });
}

// Calls fn(std::integral_constant<idx_t, size>) for a value size of 1, 2, 4, 8, 16 or 32
// bytes, so copies of values compile to fixed-size moves.
template <class Fn>
void WithValueSize(idx_t size, Fn&& fn) {
  static_assert(sizeof(VarNumeric) == 32 && sizeof(Interval) <= 32);
  switch (size) {
    case 1:
      return fn(std::integral_constant<idx_t, 1>{});
    case 2:
      return fn(std::integral_constant<idx_t, 2>{});
    case 4:
      return fn(std::integral_constant<idx_t, 4>{});
    case 8:
      return fn(std::integral_constant<idx_t, 8>{});
    case 16:
      return fn(std::integral_constant<idx_t, 16>{});
    case 32:
      return fn(std::integral_constant<idx_t, 32>{});
  }
  SR_UNREACHABLE();
}

// Copies `count` consecutive values of `size` bytes (a compile-time constant) to `target`,
// one per row of `width` bytes.
template <idx_t size>
void ScatterValues(const uint8_t* values, idx_t count, uint8_t* target, idx_t width) {
  for (idx_t r = 0; r < count; r++) std::memcpy(target + r * width, values + r * size, size);
}

// Copies values of `size` bytes (a compile-time constant) from rows to `out`.
template <idx_t size>
void GatherValues(const JoinRows& rows, idx_t column, idx_t offset, const uint64_t* ids, idx_t count, Vector& out) {
  uint8_t* data = out.data();
  for (idx_t i = 0; i < count; i++) {
    const uint8_t* row = rows.Row(ids[i]);
    if (JoinRows::IsValid(row, column)) {
      std::memcpy(data + i * size, row + offset, size);
    } else {
      out.validity().SetInvalid(i);
    }
  }
}

}  // namespace

JoinRows::JoinRows(const std::vector<LogicalType>& types) : types_(types) {
  idx_t offset = kValidityOffset + (types.size() + 7) / 8;
  for (auto& type : types) {
    offsets_.push_back(offset);
    offset += PhysicalSize(type.physical());
    key_match_.push_back(KeyMatchFor(type.physical()));
  }
  width_ = (offset + 7) / 8 * 8;
}

void JoinRows::Allocate(idx_t count) {
  data_ = AllocateBulk(count * width_);
}

void JoinRows::CopyChunk(const ColumnDataCollection& source, idx_t c, const uint64_t* hashes) {
  const DataChunk& chunk = source.GetChunk(c);
  idx_t n = chunk.size();
  uint8_t* first = Row(c * kVectorSize);
  for (idx_t r = 0; r < n; r++) {
    uint8_t* row = first + r * width_;
    std::memcpy(row, &hashes[r], 8);
    std::memset(row + kValidityOffset, 0xff, offsets_.empty() ? 0 : offsets_[0] - kValidityOffset);
  }
  for (idx_t k = 0; k < types_.size(); k++) {
    const Vector& column = chunk.column(k);
    SR_DCHECK(column.kind() == VectorKind::kFlat);
    WithValueSize(PhysicalSize(types_[k].physical()), [&](auto size) {
      ScatterValues<size()>(column.data(), n, first + offsets_[k], width_);
    });
    if (!column.validity().AllValid()) {
      for (idx_t r = 0; r < n; r++) {
        if (!column.validity().RowIsValid(r)) first[r * width_ + kValidityOffset + k / 8] &= ~uint8_t(1u << (k % 8));
      }
    }
  }
}

void JoinRows::Gather(idx_t column, const uint64_t* ids, idx_t count, Vector& out) const {
  // Strings are gathered as StringRefs: their bytes stay in the build collection, which lives
  // as long as the plan.
  out.Reset();
  idx_t offset = offsets_[column];
  WithValueSize(PhysicalSize(types_[column].physical()),
                [&](auto size) { GatherValues<size()>(*this, column, offset, ids, count, out); });
}

}  // namespace stockroom
