#include "common/types/vector.hpp"

#include <algorithm>
#include <cstring>
#include <sstream>

#include "common/error/assert.hpp"

namespace stockroom {

struct Vector::DictionaryBuffer {
  Vector child;
};

Vector::Vector(const LogicalType& type, idx_t capacity) : type_(type), capacity_(capacity) {
  Reset();
}

Vector::Vector(const LogicalType& type, const_data_ptr_t data, std::shared_ptr<void> owner)
    : type_(type), capacity_(kVectorSize), data_(const_cast<data_ptr_t>(data)), data_owner_(std::move(owner)) {}

Vector::Vector(const Value& value) : type_(value.type()), capacity_(1) {
  Reset();
  SetValue(0, value);
  kind_ = VectorKind::kConstant;
}

void Vector::Reset() {
  kind_ = VectorKind::kFlat;
  dictionary_.reset();
  sel_ = SelectionVector();
  heap_.reset();
  if (capacity_ == 0) capacity_ = kVectorSize;
  // A vector that referenced a smaller one (a constant has capacity 1) is flat again with
  // the capacity it was made with.
  capacity_ = std::max(capacity_, own_capacity_);
  validity_.Reset(capacity_);
  // Reuse our buffer only when no other vector still references it.
  if (!own_buffer_ || own_buffer_.use_count() > 1 || own_capacity_ < capacity_) {
    own_buffer_ = std::shared_ptr<uint8_t[]>(new uint8_t[PhysicalSize(type_.physical()) * capacity_]);
    own_capacity_ = capacity_;
  }
  data_ = own_buffer_.get();
  data_owner_.reset();
}

void Vector::Reference(const Vector& other) {
  type_ = other.type_;
  kind_ = other.kind_;
  capacity_ = other.capacity_;
  data_ = other.data_;
  validity_ = other.validity_;
  data_owner_ = other.data_owner_ ? other.data_owner_ : std::static_pointer_cast<void>(other.own_buffer_);
  heap_ = other.heap_;
  dictionary_ = other.dictionary_;
  sel_ = other.sel_;
  // Our own buffer stays ours but is no longer what data_ points to.
}

void Vector::Slice(const Vector& source, const SelectionVector& sel, idx_t count) {
  Reference(source);
  Slice(sel, count);
}

void Vector::Slice(const SelectionVector& sel, idx_t count) {
  if (kind_ == VectorKind::kConstant) return;
  if (kind_ == VectorKind::kDictionary) {
    sel_ = sel_.Compose(sel, count);
    return;
  }
  auto dict = std::make_shared<DictionaryBuffer>();
  dict->child.Reference(*this);
  dictionary_ = std::move(dict);
  sel_ = sel;
  kind_ = VectorKind::kDictionary;
  data_ = nullptr;
}

const Vector& Vector::DictionaryChild() const {
  SR_DCHECK(kind_ == VectorKind::kDictionary);
  return dictionary_->child;
}

void Vector::ToUnified(idx_t count, UnifiedVectorFormat& format) const {
  switch (kind_) {
    case VectorKind::kFlat: {
      static const SelectionVector kIdentity;
      format.sel = &kIdentity;
      format.data = data_;
      format.validity = &validity_;
      return;
    }
    case VectorKind::kConstant:
      format.sel = &SelectionVector::Zero();
      format.data = data_;
      format.validity = &validity_;
      return;
    case VectorKind::kDictionary: {
      const Vector& child = dictionary_->child;
      SR_DCHECK(child.kind_ == VectorKind::kFlat);
      format.sel = &sel_;
      format.data = child.data_;
      format.validity = &child.validity_;
      return;
    }
  }
}

namespace {

// Copies `count` values selected by `sel` from `src` to `dst + offset`, fixed-width types.
template <class T>
void CopyValues(const_data_ptr_t src, const SelectionVector& sel, data_ptr_t dst, idx_t count, idx_t offset) {
  auto* s = reinterpret_cast<const T*>(src);
  auto* d = reinterpret_cast<T*>(dst) + offset;
  if (!sel.IsSet()) {
    std::memcpy(static_cast<void*>(d), s, count * sizeof(T));
    return;
  }
  for (idx_t i = 0; i < count; i++) d[i] = s[sel.Get(i)];
}

}  // namespace

void Vector::CopyFrom(const Vector& source, idx_t count, idx_t offset) {
  static const SelectionVector kIdentity;
  CopyFrom(source, kIdentity, count, offset);
}

void Vector::CopyFrom(const Vector& source, const SelectionVector& sel, idx_t count, idx_t offset) {
  SR_DCHECK(kind_ == VectorKind::kFlat);
  SR_CHECK_LE(offset + count, capacity_);
  UnifiedVectorFormat format;
  source.ToUnified(offset + count, format);
  // Compose the source's own selection with the requested one.
  SelectionVector combined;
  const SelectionVector* use_sel = format.sel;
  if (sel.IsSet()) {
    combined = format.sel->IsSet() ? format.sel->Compose(sel, count) : sel;
    use_sel = &combined;
  }
  if (!format.validity->AllValid()) {
    validity_.EnsureWritable();
    for (idx_t i = 0; i < count; i++) {
      validity_.Set(offset + i, format.validity->RowIsValid(use_sel->Get(i)));
    }
  } else if (!validity_.AllValid()) {
    validity_.EnsureWritable();
    for (idx_t i = 0; i < count; i++) validity_.SetValid(offset + i);
  }
  switch (type_.physical()) {
    case PhysicalType::kBool:
      // As bytes: NULL rows may hold bytes that are not a valid bool, and loading them as
      // bool is undefined.
      CopyValues<uint8_t>(format.data, *use_sel, data_, count, offset);
      break;
    case PhysicalType::kInt16:
      CopyValues<int16_t>(format.data, *use_sel, data_, count, offset);
      break;
    case PhysicalType::kInt32:
      CopyValues<int32_t>(format.data, *use_sel, data_, count, offset);
      break;
    case PhysicalType::kInt64:
      CopyValues<int64_t>(format.data, *use_sel, data_, count, offset);
      break;
    case PhysicalType::kInt128:
      CopyValues<int128_t>(format.data, *use_sel, data_, count, offset);
      break;
    case PhysicalType::kFloat:
      CopyValues<float>(format.data, *use_sel, data_, count, offset);
      break;
    case PhysicalType::kDouble:
      CopyValues<double>(format.data, *use_sel, data_, count, offset);
      break;
    case PhysicalType::kInterval:
      CopyValues<Interval>(format.data, *use_sel, data_, count, offset);
      break;
    case PhysicalType::kVarNumeric:
      CopyValues<VarNumeric>(format.data, *use_sel, data_, count, offset);
      break;
    case PhysicalType::kString: {
      auto* s = reinterpret_cast<const StringRef*>(format.data);
      auto* d = reinterpret_cast<StringRef*>(data_) + offset;
      StringHeap& h = heap();
      for (idx_t i = 0; i < count; i++) {
        idx_t row = use_sel->Get(i);
        if (format.validity->RowIsValid(row)) {
          d[i] = h.Copy(s[row]);
        } else {
          d[i] = StringRef();
        }
      }
      break;
    }
  }
}

void Vector::Flatten(idx_t count) {
  if (kind_ == VectorKind::kFlat) return;
  Vector source;
  source.Reference(*this);
  idx_t needed = count > kVectorSize ? count : kVectorSize;
  capacity_ = needed;
  own_buffer_.reset();
  Reset();
  if (source.kind_ == VectorKind::kConstant && type_.physical() != PhysicalType::kString) {
    idx_t width = PhysicalSize(type_.physical());
    if (!source.validity_.RowIsValid(0)) {
      validity_.SetAllInvalid(count);
      return;
    }
    for (idx_t i = 0; i < count; i++) std::memcpy(data_ + i * width, source.data_, width);
    return;
  }
  // Strings keep pointing into the source's heap; keep it alive instead of copying bytes.
  if (type_.physical() == PhysicalType::kString) {
    UnifiedVectorFormat format;
    source.ToUnified(count, format);
    auto* s = format.Data<StringRef>();
    auto* d = Data<StringRef>();
    for (idx_t i = 0; i < count; i++) {
      idx_t row = format.Index(i);
      if (format.validity->RowIsValid(row)) {
        d[i] = s[row];
      } else {
        validity_.SetInvalid(i);
      }
    }
    KeepStringsOf(source);
    return;
  }
  CopyFrom(source, count, 0);
}

void Vector::SetConstant() { kind_ = VectorKind::kConstant; }

void Vector::SetConstantNull() {
  if (kind_ != VectorKind::kFlat || data_ != own_buffer_.get()) Reset();
  kind_ = VectorKind::kConstant;
  validity_.SetInvalid(0);
}

StringHeap& Vector::heap() {
  if (!heap_) heap_ = std::make_shared<StringHeap>();
  return *heap_;
}

void Vector::KeepStringsOf(const Vector& other) {
  if (other.type_.physical() != PhysicalType::kString) return;
  const Vector* src = &other;
  if (other.kind_ == VectorKind::kDictionary) src = &other.dictionary_->child;
  if (src->heap_ && src->heap_ != heap_) heap().KeepAlive(src->heap_);
  if (src->data_owner_) heap().KeepAlive(src->data_owner_);
}

Value Vector::GetValue(idx_t row) const {
  UnifiedVectorFormat format;
  ToUnified(row + 1, format);
  idx_t idx = format.Index(row);
  if (!format.validity->RowIsValid(idx)) return Value::Null(type_);
  switch (type_.id()) {
    case TypeId::kBoolean:
      return Value::Boolean(format.Data<bool>()[idx]);
    case TypeId::kSmallInt:
      return Value::SmallInt(format.Data<int16_t>()[idx]);
    case TypeId::kInteger:
      return Value::Integer(format.Data<int32_t>()[idx]);
    case TypeId::kBigInt:
      return Value::BigInt(format.Data<int64_t>()[idx]);
    case TypeId::kNumeric:
      switch (type_.physical()) {
        case PhysicalType::kInt64:
          return Value::Numeric(type_, format.Data<int64_t>()[idx]);
        case PhysicalType::kInt128:
          return Value::Numeric(type_, format.Data<int128_t>()[idx]);
        default:
          return Value::VarNum(format.Data<VarNumeric>()[idx]);
      }
    case TypeId::kReal:
      return Value::Real(format.Data<float>()[idx]);
    case TypeId::kDouble:
      return Value::Double(format.Data<double>()[idx]);
    case TypeId::kDate:
      return Value::Date(format.Data<int32_t>()[idx]);
    case TypeId::kTimestamp:
      return Value::Timestamp(format.Data<int64_t>()[idx]);
    case TypeId::kTimestampTz:
      return Value::TimestampTz(format.Data<int64_t>()[idx]);
    case TypeId::kInterval:
      return Value::Interval(format.Data<Interval>()[idx]);
    case TypeId::kUnknown:
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kChar:
    case TypeId::kJson:
    case TypeId::kJsonb:
    case TypeId::kArray:
    case TypeId::kRecord:
      return Value::String(type_, format.Data<StringRef>()[idx].ToString());
    case TypeId::kInvalid:
      break;
  }
  SR_UNREACHABLE();
}

void Vector::SetValue(idx_t row, const Value& value) {
  SR_DCHECK(kind_ != VectorKind::kDictionary);
  if (value.IsNull()) {
    validity_.EnsureWritable();
    validity_.SetInvalid(row);
    return;
  }
  validity_.EnsureWritable();
  validity_.SetValid(row);
  switch (type_.physical()) {
    case PhysicalType::kBool:
      Data<bool>()[row] = value.GetBool();
      break;
    case PhysicalType::kInt16:
      Data<int16_t>()[row] = value.GetInt16();
      break;
    case PhysicalType::kInt32:
      Data<int32_t>()[row] = value.GetInt32();
      break;
    case PhysicalType::kInt64:
      Data<int64_t>()[row] = value.GetInt64();
      break;
    case PhysicalType::kInt128:
      Data<int128_t>()[row] = value.GetInt128();
      break;
    case PhysicalType::kFloat:
      Data<float>()[row] = value.GetFloat();
      break;
    case PhysicalType::kDouble:
      Data<double>()[row] = value.GetDouble();
      break;
    case PhysicalType::kInterval:
      Data<Interval>()[row] = value.GetInterval();
      break;
    case PhysicalType::kVarNumeric:
      Data<VarNumeric>()[row] = value.GetVarNumeric();
      break;
    case PhysicalType::kString:
      Data<StringRef>()[row] = heap().Add(value.GetString());
      break;
  }
}

void DataChunk::Initialize(const std::vector<LogicalType>& types, idx_t capacity) {
  columns_.clear();
  columns_.reserve(types.size());
  capacity_ = capacity;
  for (auto& type : types) columns_.emplace_back(type, capacity);
  count_ = 0;
}

std::vector<LogicalType> DataChunk::Types() const {
  std::vector<LogicalType> types;
  types.reserve(columns_.size());
  for (auto& c : columns_) types.push_back(c.type());
  return types;
}

void DataChunk::Reset() {
  for (auto& c : columns_) c.Reset();
  count_ = 0;
}

void DataChunk::Reference(const DataChunk& other) {
  SR_CHECK_EQ(other.ColumnCount(), ColumnCount());
  for (idx_t i = 0; i < columns_.size(); i++) columns_[i].Reference(other.columns_[i]);
  count_ = other.count_;
}

void DataChunk::Slice(const SelectionVector& sel, idx_t count) {
  // Columns that share a dictionary selection compose it once.
  for (auto& c : columns_) c.Slice(sel, count);
  count_ = count;
}

void DataChunk::Flatten() {
  for (auto& c : columns_) c.Flatten(count_);
}

void DataChunk::Append(const DataChunk& source) {
  SR_CHECK_LE(count_ + source.size(), capacity_);
  for (idx_t i = 0; i < columns_.size(); i++) columns_[i].CopyFrom(source.columns_[i], source.size(), count_);
  count_ += source.size();
}

std::string DataChunk::ToString() const {
  std::ostringstream out;
  out << "DataChunk(" << count_ << " rows)\n";
  for (idx_t r = 0; r < count_; r++) {
    for (idx_t c = 0; c < columns_.size(); c++) {
      Value v = columns_[c].GetValue(r);
      out << (c ? " | " : "") << (v.IsNull() ? "NULL" : v.ToString());
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace stockroom
