#pragma once

#include "common/types/vector.hpp"

namespace stockroom {

// Loops that apply a per-value operation to whole vectors, handling constant, flat and
// dictionary inputs and NULL propagation (a NULL input gives a NULL output) in one place, so
// function kernels only say what happens to one value. `Op` is called only for rows whose
// inputs are all valid. Results are flat, or constant when all inputs are constant.
//
// Variants whose op takes a `ValidityMask& mask, idx_t row` may set the output NULL.
struct UnaryExecutor {
  template <class In, class Out, class Op>
  static void Execute(const Vector& input, Vector& result, idx_t count, Op&& op) {
    ExecuteImpl<In, Out>(input, result, count, [&](In v, ValidityMask&, idx_t) { return op(v); });
  }
  template <class In, class Out, class Op>
  static void ExecuteWithNulls(const Vector& input, Vector& result, idx_t count, Op&& op) {
    ExecuteImpl<In, Out>(input, result, count, op);
  }

 private:
  template <class In, class Out, class Op>
  static void ExecuteImpl(const Vector& input, Vector& result, idx_t count, Op&& op) {
    if (input.kind() == VectorKind::kConstant) {
      result.Reset();
      result.SetConstant();
      if (!input.validity().RowIsValid(0)) {
        result.validity().SetInvalid(0);
        return;
      }
      result.Data<Out>()[0] = op(input.Data<In>()[0], result.validity(), 0);
      return;
    }
    result.Reset();
    Out* out = result.Data<Out>();
    ValidityMask& mask = result.validity();
    UnifiedVectorFormat f;
    input.ToUnified(count, f);
    const In* in = f.Data<In>();
    if (!f.sel->IsSet() && f.validity->AllValid()) {
      for (idx_t i = 0; i < count; i++) out[i] = op(in[i], mask, i);
      return;
    }
    for (idx_t i = 0; i < count; i++) {
      idx_t idx = f.Index(i);
      if (f.validity->RowIsValid(idx)) {
        out[i] = op(in[idx], mask, i);
      } else {
        mask.SetInvalid(i);
      }
    }
  }
};

struct BinaryExecutor {
  template <class A, class B, class Out, class Op>
  static void Execute(const Vector& left, const Vector& right, Vector& result, idx_t count, Op&& op) {
    ExecuteImpl<A, B, Out>(left, right, result, count, [&](A a, B b, ValidityMask&, idx_t) { return op(a, b); });
  }
  template <class A, class B, class Out, class Op>
  static void ExecuteWithNulls(const Vector& left, const Vector& right, Vector& result, idx_t count, Op&& op) {
    ExecuteImpl<A, B, Out>(left, right, result, count, op);
  }

 private:
  template <class A, class B, class Out, class Op>
  static void ExecuteImpl(const Vector& left, const Vector& right, Vector& result, idx_t count, Op&& op) {
    result.Reset();
    if (left.kind() == VectorKind::kConstant && right.kind() == VectorKind::kConstant) {
      result.SetConstant();
      if (!left.validity().RowIsValid(0) || !right.validity().RowIsValid(0)) {
        result.validity().SetInvalid(0);
        return;
      }
      result.Data<Out>()[0] = op(left.Data<A>()[0], right.Data<B>()[0], result.validity(), 0);
      return;
    }
    Out* out = result.Data<Out>();
    ValidityMask& mask = result.validity();
    UnifiedVectorFormat lf, rf;
    left.ToUnified(count, lf);
    right.ToUnified(count, rf);
    const A* l = lf.Data<A>();
    const B* r = rf.Data<B>();
    bool all_valid = lf.validity->AllValid() && rf.validity->AllValid();
    // The common shapes get tight loops the compiler can vectorize.
    if (all_valid && !lf.sel->IsSet() && !rf.sel->IsSet()) {
      for (idx_t i = 0; i < count; i++) out[i] = op(l[i], r[i], mask, i);
      return;
    }
    if (all_valid && !lf.sel->IsSet() && right.kind() == VectorKind::kConstant) {
      B rv = r[0];
      for (idx_t i = 0; i < count; i++) out[i] = op(l[i], rv, mask, i);
      return;
    }
    for (idx_t i = 0; i < count; i++) {
      idx_t li = lf.Index(i), ri = rf.Index(i);
      if (all_valid || (lf.validity->RowIsValid(li) && rf.validity->RowIsValid(ri))) {
        out[i] = op(l[li], r[ri], mask, i);
      } else {
        mask.SetInvalid(i);
      }
    }
  }
};

struct TernaryExecutor {
  template <class A, class B, class C, class Out, class Op>
  static void Execute(const Vector& a, const Vector& b, const Vector& c, Vector& result, idx_t count, Op&& op) {
    ExecuteWithNulls<A, B, C, Out>(a, b, c, result, count,
                                   [&](A x, B y, C z, ValidityMask&, idx_t) { return op(x, y, z); });
  }
  template <class A, class B, class C, class Out, class Op>
  static void ExecuteWithNulls(const Vector& a, const Vector& b, const Vector& c, Vector& result, idx_t count,
                               Op&& op) {
    result.Reset();
    bool all_constant = a.kind() == VectorKind::kConstant && b.kind() == VectorKind::kConstant &&
                        c.kind() == VectorKind::kConstant;
    idx_t n = all_constant ? 1 : count;
    if (all_constant) result.SetConstant();
    UnifiedVectorFormat af, bf, cf;
    a.ToUnified(n, af);
    b.ToUnified(n, bf);
    c.ToUnified(n, cf);
    Out* out = result.Data<Out>();
    ValidityMask& mask = result.validity();
    for (idx_t i = 0; i < n; i++) {
      idx_t ai = af.Index(i), bi = bf.Index(i), ci = cf.Index(i);
      if (af.validity->RowIsValid(ai) && bf.validity->RowIsValid(bi) && cf.validity->RowIsValid(ci)) {
        out[i] = op(af.Data<A>()[ai], bf.Data<B>()[bi], cf.Data<C>()[ci], mask, i);
      } else {
        mask.SetInvalid(i);
      }
    }
  }
};

// Returns whether every vector in `args` (rows [0, args.size())) is constant.
inline bool AllConstant(const DataChunk& args) {
  for (idx_t i = 0; i < args.ColumnCount(); i++) {
    if (args.column(i).kind() != VectorKind::kConstant) return false;
  }
  return true;
}

}  // namespace stockroom
