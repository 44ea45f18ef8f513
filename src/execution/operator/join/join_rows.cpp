#include "execution/operator/join/join_rows.hpp"

#include "common/error/assert.hpp"
#include "common/types/column_data_collection.hpp"
#include "common/types/numeric.hpp"

namespace stockroom {

namespace {

template <class T>
inline bool Same(const T& a, const T& b) {
  return a == b;
}
template <>
inline bool Same(const float& a, const float& b) {
  return a == b || (a != a && b != b);
}
template <>
inline bool Same(const double& a, const double& b) {
  return a == b || (a != a && b != b);
}
template <>
inline bool Same(const VarNumeric& a, const VarNumeric& b) {
  return numeric::Compare(a, b) == 0;
}

template <class T>
bool KeyMatch(const UnifiedVectorFormat& probe, idx_t pi, const uint8_t* row, idx_t column, idx_t offset,
              bool nulls_equal) {
  bool pv = probe.validity->RowIsValid(pi), bv = JoinRows::IsValid(row, column);
  if (!pv || !bv) return nulls_equal && !pv && !bv;
  T b;
  std::memcpy(&b, row + offset, sizeof(T));
  return Same(probe.Data<T>()[pi], b);
}

// Booleans are compared as bytes: a row's byte is only read when the value is valid.
template <>
bool KeyMatch<bool>(const UnifiedVectorFormat& probe, idx_t pi, const uint8_t* row, idx_t column, idx_t offset,
                    bool nulls_equal) {
  bool pv = probe.validity->RowIsValid(pi), bv = JoinRows::IsValid(row, column);
  if (!pv || !bv) return nulls_equal && !pv && !bv;
  return probe.Data<bool>()[pi] == static_cast<bool>(row[offset]);
}

JoinRows::KeyMatchFn KeyMatchFor(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBool:
      return KeyMatch<bool>;
    case PhysicalType::kInt16:
      return KeyMatch<int16_t>;
    case PhysicalType::kInt32:
      return KeyMatch<int32_t>;
    case PhysicalType::kInt64:
      return KeyMatch<int64_t>;
    case PhysicalType::kInt128:
      return KeyMatch<int128_t>;
    case PhysicalType::kFloat:
      return KeyMatch<float>;
    case PhysicalType::kDouble:
      return KeyMatch<double>;
    case PhysicalType::kString:
      return KeyMatch<StringRef>;
    case PhysicalType::kInterval:
      return KeyMatch<Interval>;
    case PhysicalType::kVarNumeric:
      return KeyMatch<VarNumeric>;
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
  count_ = count;
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
    switch (PhysicalSize(types_[k].physical())) {
      case 1:
        ScatterValues<1>(column.data(), n, first + offsets_[k], width_);
        break;
      case 2:
        ScatterValues<2>(column.data(), n, first + offsets_[k], width_);
        break;
      case 4:
        ScatterValues<4>(column.data(), n, first + offsets_[k], width_);
        break;
      case 8:
        ScatterValues<8>(column.data(), n, first + offsets_[k], width_);
        break;
      case 16:
        ScatterValues<16>(column.data(), n, first + offsets_[k], width_);
        break;
      case 32:
        ScatterValues<32>(column.data(), n, first + offsets_[k], width_);
        break;
      default:
        SR_UNREACHABLE();
    }
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
  switch (PhysicalSize(types_[column].physical())) {
    case 1:
      return GatherValues<1>(*this, column, offset, ids, count, out);
    case 2:
      return GatherValues<2>(*this, column, offset, ids, count, out);
    case 4:
      return GatherValues<4>(*this, column, offset, ids, count, out);
    case 8:
      return GatherValues<8>(*this, column, offset, ids, count, out);
    case 16:
      return GatherValues<16>(*this, column, offset, ids, count, out);
    case 32:
      static_assert(sizeof(VarNumeric) == 32 && sizeof(Interval) <= 32);
      return GatherValues<32>(*this, column, offset, ids, count, out);
  }
  SR_UNREACHABLE();
}

}  // namespace stockroom
