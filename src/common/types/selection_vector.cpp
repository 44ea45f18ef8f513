#include "common/types/selection_vector.hpp"

namespace stockroom {

SelectionVector SelectionVector::Compose(const SelectionVector& other, idx_t count) const {
  if (!IsSet()) return other;
  SelectionVector result(count > kVectorSize ? count : kVectorSize);
  for (idx_t i = 0; i < count; i++) result.data_[i] = Get(other.Get(i));
  return result;
}

const SelectionVector& SelectionVector::Zero() {
  static const sel_t* zeros = new sel_t[kVectorSize]();
  static const SelectionVector zero(zeros);
  return zero;
}

}  // namespace stockroom
