// bool_and, bool_or and every (the SQL-standard spelling of bool_and), and the bitwise
// bit_and, bit_or and bit_xor over smallint, integer and bigint. NULL inputs are skipped;
// no non-NULL input gives NULL.
#include "function/aggregate/aggregate_executor.hpp"
#include "function/aggregate/aggregate_registration.hpp"

namespace stockroom {

namespace {

struct BoolState {
  bool value;
  bool has_value;
};

template <bool kAnd>
struct BoolOp {
  static void Initialize(BoolState& s) { s = {kAnd, false}; }
  static void Update(BoolState& s, bool v) {
    s.value = kAnd ? (s.value && v) : (s.value || v);
    s.has_value = true;
  }
  static void UpdateFlat(BoolState& s, const bool* values, idx_t count) {
    if (count == 0) return;
    bool acc = s.value;
    for (idx_t i = 0; i < count; i++) acc = kAnd ? (acc && values[i]) : (acc || values[i]);
    s.value = acc;
    s.has_value = true;
  }
  static void UpdateConstant(BoolState& s, bool v, idx_t) { Update(s, v); }
  static void Combine(const BoolState& source, BoolState& target) {
    if (source.has_value) Update(target, source.value);
  }
  static void Finalize(BoolState& s, Vector& result, idx_t row, AggregateInputData&) {
    if (!s.has_value) {
      result.validity().SetInvalid(row);
      return;
    }
    result.Data<bool>()[row] = s.value;
  }
};

enum class BitOp : uint8_t { kAnd, kOr, kXor };

template <class T>
struct BitState {
  T value;
  bool has_value;
};

template <class T, BitOp kOp>
struct BitAggregateOp {
  static T Apply(T a, T b) {
    switch (kOp) {
      case BitOp::kAnd:
        return static_cast<T>(a & b);
      case BitOp::kOr:
        return static_cast<T>(a | b);
      case BitOp::kXor:
        return static_cast<T>(a ^ b);
    }
    return a;
  }
  static void Initialize(BitState<T>& s) { s = {0, false}; }
  static void Update(BitState<T>& s, T v) {
    s.value = s.has_value ? Apply(s.value, v) : v;
    s.has_value = true;
  }
  static void UpdateFlat(BitState<T>& s, const T* values, idx_t count) {
    for (idx_t i = 0; i < count; i++) Update(s, values[i]);
  }
  static void Combine(const BitState<T>& source, BitState<T>& target) {
    if (source.has_value) Update(target, source.value);
  }
  static void Finalize(BitState<T>& s, Vector& result, idx_t row, AggregateInputData&) {
    if (!s.has_value) {
      result.validity().SetInvalid(row);
      return;
    }
    result.Data<T>()[row] = s.value;
  }
};

template <BitOp kOp>
void RegisterBitAggregate(FunctionRegistry& registry, const char* name) {
  registry.AddAggregate(UnaryAggregate<BitState<int16_t>, int16_t, BitAggregateOp<int16_t, kOp>>(
      name, TypeId::kSmallInt, TypeId::kSmallInt));
  registry.AddAggregate(UnaryAggregate<BitState<int32_t>, int32_t, BitAggregateOp<int32_t, kOp>>(
      name, TypeId::kInteger, TypeId::kInteger));
  registry.AddAggregate(UnaryAggregate<BitState<int64_t>, int64_t, BitAggregateOp<int64_t, kOp>>(
      name, TypeId::kBigInt, TypeId::kBigInt));
}

}  // namespace

void RegisterBoolAggregates(FunctionRegistry& registry) {
  registry.AddAggregate(
      UnaryAggregate<BoolState, bool, BoolOp<true>>("bool_and", TypeId::kBoolean, TypeId::kBoolean));
  registry.AddAggregate(
      UnaryAggregate<BoolState, bool, BoolOp<false>>("bool_or", TypeId::kBoolean, TypeId::kBoolean));
  registry.AddAggregate(
      UnaryAggregate<BoolState, bool, BoolOp<true>>("every", TypeId::kBoolean, TypeId::kBoolean));
  RegisterBitAggregate<BitOp::kAnd>(registry, "bit_and");
  RegisterBitAggregate<BitOp::kOr>(registry, "bit_or");
  RegisterBitAggregate<BitOp::kXor>(registry, "bit_xor");
}

}  // namespace stockroom
