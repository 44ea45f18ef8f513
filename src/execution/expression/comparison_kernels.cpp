#include <cmath>
#include <type_traits>

#include "common/error/assert.hpp"
#include "common/types/numeric.hpp"
#include "execution/expression/expression_executor.hpp"

namespace stockroom {

namespace {

// Three-way comparison with PostgreSQL's orderings (NaN above all numbers, intervals by
// span, strings bytewise).
template <class T>
inline int Cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}
template <>
inline int Cmp(const float& a, const float& b) {
  bool an = std::isnan(a), bn = std::isnan(b);
  if (an || bn) return an == bn ? 0 : (an ? 1 : -1);
  return a < b ? -1 : (b < a ? 1 : 0);
}
template <>
inline int Cmp(const double& a, const double& b) {
  bool an = std::isnan(a), bn = std::isnan(b);
  if (an || bn) return an == bn ? 0 : (an ? 1 : -1);
  return a < b ? -1 : (b < a ? 1 : 0);
}
template <>
inline int Cmp(const StringRef& a, const StringRef& b) {
  return StringRef::Compare(a, b);
}
template <>
inline int Cmp(const Interval& a, const Interval& b) {
  return Cmp(a.Span(), b.Span());
}
template <>
inline int Cmp(const VarNumeric& a, const VarNumeric& b) {
  return numeric::Compare(a, b);
}

template <class T>
inline bool Eq(const T& a, const T& b) {
  return Cmp(a, b) == 0;
}

// a < b. Integers (and dates, timestamps) compare directly: through the three-way Cmp the
// compiler emits a branch per row, which mispredicts on a range filter that keeps rows at
// random (half of lineitem passes l_shipdate >= some date).
template <class T>
inline bool Less(const T& a, const T& b) {
  if constexpr (std::is_integral_v<T> || std::is_same_v<T, int128_t>) {
    return a < b;
  } else {
    return Cmp(a, b) < 0;
  }
}
template <>
inline bool Eq(const int32_t& a, const int32_t& b) {
  return a == b;
}
template <>
inline bool Eq(const int64_t& a, const int64_t& b) {
  return a == b;
}
template <>
inline bool Eq(const StringRef& a, const StringRef& b) {
  return a == b;
}

template <class T>
inline bool Apply(ComparisonKind kind, const T& a, const T& b) {
  switch (kind) {
    case ComparisonKind::kEqual:
    case ComparisonKind::kNotDistinctFrom:
      return Eq(a, b);
    case ComparisonKind::kNotEqual:
    case ComparisonKind::kDistinctFrom:
      return !Eq(a, b);
    case ComparisonKind::kLess:
      return Cmp(a, b) < 0;
    case ComparisonKind::kLessEqual:
      return Cmp(a, b) <= 0;
    case ComparisonKind::kGreater:
      return Cmp(a, b) > 0;
    case ComparisonKind::kGreaterEqual:
      return Cmp(a, b) >= 0;
  }
  return false;
}

template <class T, class Op>
idx_t SelectLoop(const UnifiedVectorFormat& l, const UnifiedVectorFormat& r, idx_t count, bool right_constant,
                 SelectionVector& sel, Op op) {
  const T* ld = l.Data<T>();
  const T* rd = r.Data<T>();
  idx_t n = 0;
  sel_t* out = sel.data();
  if (!l.sel->IsSet() && l.validity->AllValid() && right_constant && r.validity->RowIsValid(0)) {
    const T rv = rd[0];
    for (idx_t i = 0; i < count; i++) {
      out[n] = static_cast<sel_t>(i);
      n += op(ld[i], rv);
    }
    return n;
  }
  if (l.sel->IsSet() && l.validity->AllValid() && right_constant && r.validity->RowIsValid(0)) {
    // Branch-free through the selection too: a scan's second filter (the upper bound of a
    // date range) sees the rows the first one kept as a sliced column, and the generic loop
    // below, with a validity check and a branch per row, cost twice the first filter's pass.
    const T rv = rd[0];
    const SelectionVector& ls = *l.sel;
    for (idx_t i = 0; i < count; i++) {
      out[n] = static_cast<sel_t>(i);
      n += op(ld[ls.Get(i)], rv);
    }
    return n;
  }
  if (!l.sel->IsSet() && !r.sel->IsSet() && !right_constant && l.validity->AllValid() && r.validity->AllValid()) {
    // Branch-free: comparisons of two columns are often unpredictable (l_receiptdate > l_commitdate).
    for (idx_t i = 0; i < count; i++) {
      out[n] = static_cast<sel_t>(i);
      n += op(ld[i], rd[i]);
    }
    return n;
  }
  for (idx_t i = 0; i < count; i++) {
    idx_t li = l.Index(i), ri = r.Index(i);
    if (l.validity->RowIsValid(li) && r.validity->RowIsValid(ri) && op(ld[li], rd[ri])) out[n++] = static_cast<sel_t>(i);
  }
  return n;
}

template <class T>
idx_t SelectTyped(ComparisonKind kind, const Vector& left, const Vector& right, idx_t count, SelectionVector& sel) {
  UnifiedVectorFormat l, r;
  left.ToUnified(count, l);
  right.ToUnified(count, r);
  bool rc = right.kind() == VectorKind::kConstant;
  if (kind == ComparisonKind::kDistinctFrom || kind == ComparisonKind::kNotDistinctFrom) {
    idx_t n = 0;
    const T* ld = l.Data<T>();
    const T* rd = r.Data<T>();
    for (idx_t i = 0; i < count; i++) {
      idx_t li = l.Index(i), ri = r.Index(i);
      bool lv = l.validity->RowIsValid(li), rv = r.validity->RowIsValid(ri);
      bool same = (!lv && !rv) || (lv && rv && Eq(ld[li], rd[ri]));
      if (same == (kind == ComparisonKind::kNotDistinctFrom)) sel.data()[n++] = static_cast<sel_t>(i);
    }
    return n;
  }
  switch (kind) {
    case ComparisonKind::kEqual:
      return SelectLoop<T>(l, r, count, rc, sel, [](const T& a, const T& b) { return Eq(a, b); });
    case ComparisonKind::kNotEqual:
      return SelectLoop<T>(l, r, count, rc, sel, [](const T& a, const T& b) { return !Eq(a, b); });
    case ComparisonKind::kLess:
      return SelectLoop<T>(l, r, count, rc, sel, [](const T& a, const T& b) { return Less(a, b); });
    case ComparisonKind::kLessEqual:
      return SelectLoop<T>(l, r, count, rc, sel, [](const T& a, const T& b) { return !Less(b, a); });
    case ComparisonKind::kGreater:
      return SelectLoop<T>(l, r, count, rc, sel, [](const T& a, const T& b) { return Less(b, a); });
    case ComparisonKind::kGreaterEqual:
      return SelectLoop<T>(l, r, count, rc, sel, [](const T& a, const T& b) { return !Less(a, b); });
    default:
      break;
  }
  SR_UNREACHABLE();
}

template <class T>
void CompareTyped(ComparisonKind kind, const Vector& left, const Vector& right, Vector& result, idx_t count) {
  bool constant = left.kind() == VectorKind::kConstant && right.kind() == VectorKind::kConstant;
  idx_t n = constant ? 1 : count;
  UnifiedVectorFormat l, r;
  left.ToUnified(n, l);
  right.ToUnified(n, r);
  result.Reset();
  bool* out = result.Data<bool>();
  const T* ld = l.Data<T>();
  const T* rd = r.Data<T>();
  bool distinct_kind = kind == ComparisonKind::kDistinctFrom || kind == ComparisonKind::kNotDistinctFrom;
  for (idx_t i = 0; i < n; i++) {
    idx_t li = l.Index(i), ri = r.Index(i);
    bool lv = l.validity->RowIsValid(li), rv = r.validity->RowIsValid(ri);
    if (distinct_kind) {
      bool same = (!lv && !rv) || (lv && rv && Eq(ld[li], rd[ri]));
      out[i] = same == (kind == ComparisonKind::kNotDistinctFrom);
    } else if (lv && rv) {
      out[i] = Apply(kind, ld[li], rd[ri]);
    } else {
      out[i] = false;
      result.validity().SetInvalid(i);
    }
  }
  if (constant) result.SetConstant();
}

}  // namespace

idx_t SelectComparison(ComparisonKind kind, const Vector& left, const Vector& right, idx_t count,
                       SelectionVector& sel) {
  switch (left.type().physical()) {
    case PhysicalType::kBool:
      return SelectTyped<bool>(kind, left, right, count, sel);
    case PhysicalType::kInt16:
      return SelectTyped<int16_t>(kind, left, right, count, sel);
    case PhysicalType::kInt32:
      return SelectTyped<int32_t>(kind, left, right, count, sel);
    case PhysicalType::kInt64:
      return SelectTyped<int64_t>(kind, left, right, count, sel);
    case PhysicalType::kInt128:
      return SelectTyped<int128_t>(kind, left, right, count, sel);
    case PhysicalType::kFloat:
      return SelectTyped<float>(kind, left, right, count, sel);
    case PhysicalType::kDouble:
      return SelectTyped<double>(kind, left, right, count, sel);
    case PhysicalType::kString:
      return SelectTyped<StringRef>(kind, left, right, count, sel);
    case PhysicalType::kInterval:
      return SelectTyped<Interval>(kind, left, right, count, sel);
    case PhysicalType::kVarNumeric:
      return SelectTyped<VarNumeric>(kind, left, right, count, sel);
  }
  SR_UNREACHABLE();
}

void CompareVectors(ComparisonKind kind, const Vector& left, const Vector& right, Vector& result, idx_t count) {
  switch (left.type().physical()) {
    case PhysicalType::kBool:
      return CompareTyped<bool>(kind, left, right, result, count);
    case PhysicalType::kInt16:
      return CompareTyped<int16_t>(kind, left, right, result, count);
    case PhysicalType::kInt32:
      return CompareTyped<int32_t>(kind, left, right, result, count);
    case PhysicalType::kInt64:
      return CompareTyped<int64_t>(kind, left, right, result, count);
    case PhysicalType::kInt128:
      return CompareTyped<int128_t>(kind, left, right, result, count);
    case PhysicalType::kFloat:
      return CompareTyped<float>(kind, left, right, result, count);
    case PhysicalType::kDouble:
      return CompareTyped<double>(kind, left, right, result, count);
    case PhysicalType::kString:
      return CompareTyped<StringRef>(kind, left, right, result, count);
    case PhysicalType::kInterval:
      return CompareTyped<Interval>(kind, left, right, result, count);
    case PhysicalType::kVarNumeric:
      return CompareTyped<VarNumeric>(kind, left, right, result, count);
  }
  SR_UNREACHABLE();
}

}  // namespace stockroom
