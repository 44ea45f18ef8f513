#pragma once

#include <cstring>
#include <new>
#include <string>
#include <type_traits>

#include "common/types/vector.hpp"
#include "function/function.hpp"

namespace stockroom {

// How aggregate kernels see their states (see also aggregate_registration.cpp):
//
// A states vector is a Vector of TypeId::kBigInt whose 8-byte slots hold data_ptr_t
// pointers: row i of the inputs belongs to the state at slot i (grouped update, finalize,
// destroy), and combine merges the state at source slot i into the one at target slot i.
// The vector is normally flat; constant and dictionary vectors are read correctly too.
// States are state_size bytes, aligned to 8 (not 16: an int128 in a state is a StateInt128).

// Returns a read view of the state pointers in `states`.
inline UnifiedVectorFormat StatePointers(const Vector& states, idx_t count) {
  UnifiedVectorFormat f;
  states.ToUnified(count, f);
  return f;
}

template <class State>
inline State& StateAt(const UnifiedVectorFormat& states, idx_t i) {
  return *reinterpret_cast<State*>(states.Data<data_ptr_t>()[states.Index(i)]);
}

// An int128 stored with 8-byte alignment, because states are only 8-byte aligned and GCC
// may use 16-byte aligned moves for a plain __int128 member.
struct StateInt128 {
  uint64_t words[2];

  int128_t Get() const {
    int128_t v;
    std::memcpy(&v, words, sizeof(v));
    return v;
  }
  void Set(int128_t v) { std::memcpy(words, &v, sizeof(v)); }
};

// Loops that drive aggregate states, in the manner of UnaryExecutor for scalar kernels. An
// `Op` says what happens to one state:
//   static void Initialize(State&);
//   static void Update(State&, const In&);                         // one non-NULL input
//   static void Combine(const State& source, State& target);       // source stays valid
//   static void Finalize(State&, Vector& result, idx_t row, AggregateInputData&);
// and optionally
//   static void UpdateFlat(State&, const In* values, idx_t count);  // all rows valid
//   static void UpdateConstant(State&, const In& value, idx_t count);
//   static void Destroy(State&);
// Rows whose input is NULL never reach Update (PostgreSQL's strict transition functions).
struct AggregateExecutor {
  template <class State, class Op>
  static void Initialize(data_ptr_t state) {
    new (state) State();
    Op::Initialize(*reinterpret_cast<State*>(state));
  }

  template <class State, class In, class Op>
  static void UnaryUpdate(Vector inputs[], AggregateInputData&, idx_t, Vector& states, idx_t count) {
    UnifiedVectorFormat in;
    inputs[0].ToUnified(count, in);
    UnifiedVectorFormat sf = StatePointers(states, count);
    const In* values = in.Data<In>();
    data_ptr_t const* state_ptrs = sf.Data<data_ptr_t>();
    if (!in.sel->IsSet() && !sf.sel->IsSet() && in.validity->AllValid()) {
      for (idx_t i = 0; i < count; i++) Op::Update(*reinterpret_cast<State*>(state_ptrs[i]), values[i]);
      return;
    }
    for (idx_t i = 0; i < count; i++) {
      idx_t idx = in.Index(i);
      if (!in.validity->RowIsValid(idx)) continue;
      Op::Update(*reinterpret_cast<State*>(state_ptrs[sf.Index(i)]), values[idx]);
    }
  }

  template <class State, class In, class Op>
  static void UnarySimpleUpdate(Vector inputs[], AggregateInputData&, idx_t, data_ptr_t state_ptr,
                                idx_t count) {
    State& state = *reinterpret_cast<State*>(state_ptr);
    Vector& input = inputs[0];
    if (input.kind() == VectorKind::kConstant) {
      if (!input.validity().RowIsValid(0) || count == 0) return;
      const In& value = input.Data<In>()[0];
      if constexpr (requires { Op::UpdateConstant(state, value, count); }) {
        Op::UpdateConstant(state, value, count);
      } else {
        for (idx_t i = 0; i < count; i++) Op::Update(state, value);
      }
      return;
    }
    UnifiedVectorFormat in;
    input.ToUnified(count, in);
    const In* values = in.Data<In>();
    if (!in.sel->IsSet() && in.validity->AllValid()) {
      if constexpr (requires { Op::UpdateFlat(state, values, count); }) {
        Op::UpdateFlat(state, values, count);
      } else {
        for (idx_t i = 0; i < count; i++) Op::Update(state, values[i]);
      }
      return;
    }
    for (idx_t i = 0; i < count; i++) {
      idx_t idx = in.Index(i);
      if (in.validity->RowIsValid(idx)) Op::Update(state, values[idx]);
    }
  }

  // As UnaryUpdate with two inputs: Op::Update(state, a, b) for rows where both are non-NULL.
  template <class State, class A, class B, class Op>
  static void BinaryUpdate(Vector inputs[], AggregateInputData&, idx_t, Vector& states, idx_t count) {
    UnifiedVectorFormat af, bf;
    inputs[0].ToUnified(count, af);
    inputs[1].ToUnified(count, bf);
    UnifiedVectorFormat sf = StatePointers(states, count);
    const A* a = af.Data<A>();
    const B* b = bf.Data<B>();
    for (idx_t i = 0; i < count; i++) {
      idx_t ai = af.Index(i), bi = bf.Index(i);
      if (!af.validity->RowIsValid(ai) || !bf.validity->RowIsValid(bi)) continue;
      Op::Update(StateAt<State>(sf, i), a[ai], b[bi]);
    }
  }

  template <class State, class A, class B, class Op>
  static void BinarySimpleUpdate(Vector inputs[], AggregateInputData&, idx_t, data_ptr_t state_ptr,
                                 idx_t count) {
    State& state = *reinterpret_cast<State*>(state_ptr);
    UnifiedVectorFormat af, bf;
    inputs[0].ToUnified(count, af);
    inputs[1].ToUnified(count, bf);
    const A* a = af.Data<A>();
    const B* b = bf.Data<B>();
    for (idx_t i = 0; i < count; i++) {
      idx_t ai = af.Index(i), bi = bf.Index(i);
      if (!af.validity->RowIsValid(ai) || !bf.validity->RowIsValid(bi)) continue;
      Op::Update(state, a[ai], b[bi]);
    }
  }

  template <class State, class Op>
  static void Combine(Vector& source, Vector& target, AggregateInputData&, idx_t count) {
    UnifiedVectorFormat sf = StatePointers(source, count);
    UnifiedVectorFormat tf = StatePointers(target, count);
    for (idx_t i = 0; i < count; i++) Op::Combine(StateAt<State>(sf, i), StateAt<State>(tf, i));
  }

  template <class State, class Op>
  static void Finalize(Vector& states, AggregateInputData& data, Vector& result, idx_t count, idx_t offset) {
    UnifiedVectorFormat sf = StatePointers(states, count);
    result.validity().EnsureWritable();
    for (idx_t i = 0; i < count; i++) Op::Finalize(StateAt<State>(sf, i), result, offset + i, data);
  }

  template <class State, class Op>
  static void Destroy(Vector& states, idx_t count) {
    UnifiedVectorFormat sf = StatePointers(states, count);
    for (idx_t i = 0; i < count; i++) {
      State& state = StateAt<State>(sf, i);
      Op::Destroy(state);
      state.~State();
    }
  }
};

// Fills the callbacks of `function` from State and Op (one input of physical type In).
template <class State, class In, class Op>
void SetUnaryCallbacks(AggregateFunction& function) {
  static_assert(alignof(State) <= 8, "aggregate states are only 8-byte aligned");
  static_assert(std::is_trivially_copyable_v<State>, "aggregate states must be trivially relocatable");
  function.state_size = sizeof(State);
  function.initialize = AggregateExecutor::Initialize<State, Op>;
  if constexpr (requires(State & s, const In& v) { Op::Update(s, v); }) {
    function.update = AggregateExecutor::UnaryUpdate<State, In, Op>;
    function.simple_update = AggregateExecutor::UnarySimpleUpdate<State, In, Op>;
  }
  function.combine = AggregateExecutor::Combine<State, Op>;
  function.finalize = AggregateExecutor::Finalize<State, Op>;
  if constexpr (requires(State & s) { Op::Destroy(s); }) {
    function.destroy = AggregateExecutor::Destroy<State, Op>;
  } else {
    function.destroy = nullptr;
  }
}

// Fills the callbacks of `function` from State and Op (two inputs of physical types A, B).
template <class State, class A, class B, class Op>
void SetBinaryCallbacks(AggregateFunction& function) {
  SetUnaryCallbacks<State, A, Op>(function);
  function.update = AggregateExecutor::BinaryUpdate<State, A, B, Op>;
  function.simple_update = AggregateExecutor::BinarySimpleUpdate<State, A, B, Op>;
}

// Returns an aggregate of one argument built from State and Op.
template <class State, class In, class Op>
AggregateFunction UnaryAggregate(std::string name, LogicalType argument, LogicalType return_type) {
  AggregateFunction function;
  function.name = std::move(name);
  function.arguments = {argument};
  function.return_type = return_type;
  SetUnaryCallbacks<State, In, Op>(function);
  return function;
}

}  // namespace stockroom
