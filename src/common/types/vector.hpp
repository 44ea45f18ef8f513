#pragma once

#include <memory>

#include "common/types/logical_type.hpp"
#include "common/types/selection_vector.hpp"
#include "common/types/string_heap.hpp"
#include "common/types/validity_mask.hpp"
#include "common/types/value.hpp"

namespace stockroom {

// How a vector holds its rows.
enum class VectorKind : uint8_t {
  kFlat,        // data[i] is row i
  kConstant,    // data[0] is every row
  kDictionary,  // row i is row sel[i] of a flat child vector (a filter's output, no copy)
};

// A uniform read view of any vector: row i is data[sel->Get(i)], valid if
// validity->RowIsValid(sel->Get(i)). Kernels read through it; the vector must outlive it.
struct UnifiedVectorFormat {
  const SelectionVector* sel = nullptr;
  const_data_ptr_t data = nullptr;
  const ValidityMask* validity = nullptr;

  template <class T>
  const T* Data() const {
    return reinterpret_cast<const T*>(data);
  }
  idx_t Index(idx_t i) const { return sel->Get(i); }
  bool IsValid(idx_t i) const { return validity->RowIsValid(sel->Get(i)); }
};

// A column of up to `capacity` values of one type: the unit every operator and kernel
// works on. Owns its data buffer (or shares one with a referenced vector or a table
// segment) and a StringHeap for the string bytes it created. Copying a Vector shares the
// buffers (shallow); not thread-safe.
class Vector {
 public:
  Vector() = default;
  explicit Vector(const LogicalType& type, idx_t capacity = kVectorSize);
  // A flat vector over external memory kept alive by `owner`.
  Vector(const LogicalType& type, const_data_ptr_t data, std::shared_ptr<void> owner);
  // A constant vector holding `value` (cast-free: the value's type is the vector's type).
  explicit Vector(const Value& value);

  const LogicalType& type() const { return type_; }
  VectorKind kind() const { return kind_; }
  idx_t capacity() const { return capacity_; }

  // Raw data of a flat or constant vector.
  data_ptr_t data() const { return data_; }
  template <class T>
  T* Data() const {
    return reinterpret_cast<T*>(data_);
  }
  ValidityMask& validity() { return validity_; }
  const ValidityMask& validity() const { return validity_; }

  // Becomes a shallow copy of `other` (shares data, validity, heap and dictionary).
  void Reference(const Vector& other);
  // Becomes rows `sel[0..count)` of `source`; no data is copied.
  void Slice(const Vector& source, const SelectionVector& sel, idx_t count);
  // Slices this vector in place.
  void Slice(const SelectionVector& sel, idx_t count);
  // Materializes a constant or dictionary vector into a flat one.
  void Flatten(idx_t count);
  // Fills `format` with a read view of the first `count` rows.
  void ToUnified(idx_t count, UnifiedVectorFormat& format) const;

  // Makes this a writable flat vector with its own buffer (reusing it when unshared).
  void Reset();
  // Turns this vector into a constant vector (the caller writes data()[0] / validity row 0).
  void SetConstant();
  // Makes a constant NULL.
  void SetConstantNull();
  bool IsConstantNull() const { return kind_ == VectorKind::kConstant && !validity_.RowIsValid(0); }

  // Slow, boxed access for tests, constants and result rows.
  Value GetValue(idx_t row) const;
  void SetValue(idx_t row, const Value& value);

  // The heap that owns string bytes this vector created.
  StringHeap& heap();
  // Keeps the string bytes `other` refers to alive as long as this vector's heap lives,
  // for kernels that copy StringRefs from `other` without copying bytes.
  void KeepStringsOf(const Vector& other);

  // Returns the dictionary's child (flat) and selection. Only for kDictionary.
  const Vector& DictionaryChild() const;
  const SelectionVector& DictionarySelection() const { return sel_; }

  // Deep-copies rows [0, count) of `source` (any kind) into positions
  // [offset, offset+count) of this flat vector, copying string bytes into this heap.
  void CopyFrom(const Vector& source, idx_t count, idx_t offset = 0);
  // Appends the rows of `sel` (count of them) of `source` at `offset`; same as CopyFrom.
  void CopyFrom(const Vector& source, const SelectionVector& sel, idx_t count, idx_t offset);

 private:
  struct DictionaryBuffer;

  LogicalType type_;
  VectorKind kind_ = VectorKind::kFlat;
  idx_t capacity_ = 0;
  data_ptr_t data_ = nullptr;
  ValidityMask validity_;
  std::shared_ptr<void> data_owner_;       // keeps data_ alive (own buffer or external)
  std::shared_ptr<uint8_t[]> own_buffer_;  // the buffer this vector allocated, reused on Reset
  idx_t own_capacity_ = 0;
  std::shared_ptr<StringHeap> heap_;
  std::shared_ptr<DictionaryBuffer> dictionary_;
  SelectionVector sel_;
};

// A horizontal slice of a relation: one Vector per column, all with `size()` rows.
class DataChunk {
 public:
  DataChunk() = default;
  explicit DataChunk(const std::vector<LogicalType>& types, idx_t capacity = kVectorSize) {
    Initialize(types, capacity);
  }
  void Initialize(const std::vector<LogicalType>& types, idx_t capacity = kVectorSize);

  idx_t size() const { return count_; }
  void SetCardinality(idx_t count) { count_ = count; }
  idx_t ColumnCount() const { return columns_.size(); }
  idx_t capacity() const { return capacity_; }
  Vector& column(idx_t i) { return columns_[i]; }
  const Vector& column(idx_t i) const { return columns_[i]; }
  std::vector<Vector>& columns() { return columns_; }
  std::vector<LogicalType> Types() const;

  // Makes every column a writable flat vector again and the size 0.
  void Reset();
  // Shares all columns of `other`.
  void Reference(const DataChunk& other);
  // Keeps rows sel[0..count) of every column (dictionary slicing, no copy).
  void Slice(const SelectionVector& sel, idx_t count);
  void Flatten();
  // Deep-copies `source`'s rows (all, or the selected ones) to the end of this chunk.
  void Append(const DataChunk& source);
  Value GetValue(idx_t column, idx_t row) const { return columns_[column].GetValue(row); }
  // Returns a multi-line debugging rendering.
  std::string ToString() const;

 private:
  std::vector<Vector> columns_;
  idx_t count_ = 0;
  idx_t capacity_ = kVectorSize;
};

}  // namespace stockroom
