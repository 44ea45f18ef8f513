#include "common/types/hash.hpp"

#include "common/error/assert.hpp"
#include "common/types/numeric.hpp"

namespace stockroom {

template <>
bool ValuesEqual(const VarNumeric& a, const VarNumeric& b) {
  return numeric::Compare(a, b) == 0;
}

uint64_t HashValue(const VarNumeric& v) {
  VarNumeric n = numeric::Normalize(v);
  return CombineHash(HashValue(n.value), static_cast<uint64_t>(n.scale));
}

namespace {

template <class T, class Fn>
void HashLoop(const Vector& input, idx_t count, uint64_t* hashes, bool combine, Fn&& hash_one) {
  UnifiedVectorFormat f;
  input.ToUnified(count, f);
  const T* data = f.Data<T>();
  if (!combine && !f.sel->IsSet() && f.validity->AllValid()) {
    for (idx_t i = 0; i < count; i++) hashes[i] = hash_one(data[i]);
    return;
  }
  for (idx_t i = 0; i < count; i++) {
    idx_t idx = f.Index(i);
    uint64_t h = f.validity->RowIsValid(idx) ? hash_one(data[idx]) : kNullHash;
    hashes[i] = combine ? CombineHash(hashes[i], h) : h;
  }
}

void Hash(const Vector& input, idx_t count, uint64_t* hashes, bool combine) {
  switch (input.type().physical()) {
    case PhysicalType::kBool:
      return HashLoop<bool>(input, count, hashes, combine, [](bool v) { return HashValue(int64_t(v)); });
    case PhysicalType::kInt16:
      return HashLoop<int16_t>(input, count, hashes, combine, [](int16_t v) { return HashValue(int64_t(v)); });
    case PhysicalType::kInt32:
      return HashLoop<int32_t>(input, count, hashes, combine, [](int32_t v) { return HashValue(int64_t(v)); });
    case PhysicalType::kInt64:
      return HashLoop<int64_t>(input, count, hashes, combine, [](int64_t v) { return HashValue(v); });
    case PhysicalType::kInt128:
      return HashLoop<int128_t>(input, count, hashes, combine, [](int128_t v) { return HashValue(v); });
    case PhysicalType::kFloat:
      return HashLoop<float>(input, count, hashes, combine, [](float v) { return HashValue(double(v)); });
    case PhysicalType::kDouble:
      return HashLoop<double>(input, count, hashes, combine, [](double v) { return HashValue(v); });
    case PhysicalType::kString:
      if (input.type().id() == TypeId::kChar && input.type().width() == 0) {
        // bpchar without a length holds values padded to different lengths; trailing blanks
        // are insignificant to its equality (char(n) values all have the same padding).
        return HashLoop<StringRef>(input, count, hashes, combine, [](const StringRef& v) {
          size_t len = v.size();
          while (len > 0 && v.data()[len - 1] == ' ') len--;
          return HashBytes(v.data(), len);
        });
      }
      return HashLoop<StringRef>(input, count, hashes, combine, [](const StringRef& v) { return HashValue(v); });
    case PhysicalType::kInterval:
      return HashLoop<Interval>(input, count, hashes, combine, [](const Interval& v) { return HashValue(v); });
    case PhysicalType::kVarNumeric:
      return HashLoop<VarNumeric>(input, count, hashes, combine, [](const VarNumeric& v) { return HashValue(v); });
  }
  SR_UNREACHABLE();
}

}  // namespace

void HashVector(const Vector& input, idx_t count, uint64_t* hashes) { Hash(input, count, hashes, false); }
void CombineHashVector(const Vector& input, idx_t count, uint64_t* hashes) { Hash(input, count, hashes, true); }

}  // namespace stockroom
