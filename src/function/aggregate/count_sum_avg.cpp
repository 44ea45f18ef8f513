// count(*), count(any), sum and avg with PostgreSQL 15's result types:
//   sum(smallint|integer) -> bigint, sum(bigint) -> numeric, sum(numeric) -> numeric (same
//   scale), sum(real) -> real, sum(double) -> double, sum(interval) -> interval;
//   avg(integer types|numeric) -> numeric (sum / count with numeric division's scale),
//   avg(real|double) -> double, avg(interval) -> interval.
// These run over every row of a scan (TPC-H Q1), so the ungrouped paths over flat vectors
// without NULLs are plain loops into a local accumulator.
#include <algorithm>
#include <cmath>
#include <limits>

#include "binder/expression/bound_expression.hpp"
#include "common/error/exception.hpp"
#include "common/types/numeric.hpp"
#include "function/aggregate/aggregate_executor.hpp"
#include "function/aggregate/aggregate_registration.hpp"
#include "function/aggregate/interval_arithmetic.hpp"

namespace stockroom {

namespace {

[[noreturn]] void ThrowBigintOutOfRange() {
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "bigint out of range");
}
[[noreturn]] void ThrowNumericOverflow() {
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "value overflows numeric format");
}
[[noreturn]] void ThrowFloatOverflow() {
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "value out of range: overflow");
}

const int128_t kNumericLimit = Pow10Int128(38);

// Fails when an exact sum no longer fits the 38 digits a numeric holds.
void CheckNumericDigits(int128_t v) {
  if (v >= kNumericLimit || v <= -kNumericLimit) ThrowNumericOverflow();
}

// Returns the exact sum of int64 values. Summing the high and the low 32-bit halves in
// separate 64-bit accumulators vectorizes, where an int128 accumulator does not (2.5x
// faster in a micro-benchmark). Blocks of 2^31 values keep both partial sums exact.
int128_t SumInt64(const int64_t* values, idx_t count) {
  constexpr idx_t kBlock = idx_t{1} << 31;
  int128_t total = 0;
  for (idx_t start = 0; start < count; start += kBlock) {
    idx_t end = std::min(count, start + kBlock);
    int64_t high = 0;
    uint64_t low = 0;
    for (idx_t i = start; i < end; i++) {
      high += values[i] >> 32;
      low += static_cast<uint32_t>(values[i]);
    }
    total += (static_cast<int128_t>(high) << 32) + low;
  }
  return total;
}

// The scale of a fixed numeric(p,s) argument, fixed at bind time.
struct NumericScaleData : FunctionData {
  explicit NumericScaleData(int32_t scale) : scale(scale) {}
  int32_t scale;
};

int32_t BoundScale(const AggregateInputData& data) {
  return data.bind_data ? static_cast<const NumericScaleData*>(data.bind_data)->scale : 0;
}

// count(*) and count(x).

void CountInitialize(data_ptr_t state) { *reinterpret_cast<int64_t*>(state) = 0; }

void CountStarUpdate(Vector[], AggregateInputData&, idx_t, Vector& states, idx_t count) {
  UnifiedVectorFormat sf = StatePointers(states, count);
  for (idx_t i = 0; i < count; i++) StateAt<int64_t>(sf, i)++;
}

void CountStarSimpleUpdate(Vector[], AggregateInputData&, idx_t, data_ptr_t state, idx_t count) {
  *reinterpret_cast<int64_t*>(state) += static_cast<int64_t>(count);
}

void CountUpdate(Vector inputs[], AggregateInputData&, idx_t, Vector& states, idx_t count) {
  UnifiedVectorFormat in;
  inputs[0].ToUnified(count, in);
  UnifiedVectorFormat sf = StatePointers(states, count);
  if (in.validity->AllValid()) {
    for (idx_t i = 0; i < count; i++) StateAt<int64_t>(sf, i)++;
    return;
  }
  for (idx_t i = 0; i < count; i++) {
    if (in.IsValid(i)) StateAt<int64_t>(sf, i)++;
  }
}

void CountSimpleUpdate(Vector inputs[], AggregateInputData&, idx_t, data_ptr_t state, idx_t count) {
  Vector& input = inputs[0];
  int64_t& n = *reinterpret_cast<int64_t*>(state);
  if (input.kind() == VectorKind::kConstant) {
    if (input.validity().RowIsValid(0)) n += static_cast<int64_t>(count);
    return;
  }
  UnifiedVectorFormat in;
  input.ToUnified(count, in);
  if (in.validity->AllValid()) {
    n += static_cast<int64_t>(count);
    return;
  }
  int64_t valid = 0;
  for (idx_t i = 0; i < count; i++) valid += in.IsValid(i);
  n += valid;
}

void CountCombine(Vector& source, Vector& target, AggregateInputData&, idx_t count) {
  UnifiedVectorFormat sf = StatePointers(source, count);
  UnifiedVectorFormat tf = StatePointers(target, count);
  for (idx_t i = 0; i < count; i++) StateAt<int64_t>(tf, i) += StateAt<int64_t>(sf, i);
}

void CountFinalize(Vector& states, AggregateInputData&, Vector& result, idx_t count, idx_t offset) {
  UnifiedVectorFormat sf = StatePointers(states, count);
  auto* out = result.Data<int64_t>();
  for (idx_t i = 0; i < count; i++) out[offset + i] = StateAt<int64_t>(sf, i);
}

AggregateFunction CountFunction(std::string name, std::vector<LogicalType> arguments) {
  AggregateFunction f;
  f.name = std::move(name);
  f.arguments = std::move(arguments);
  f.return_type = TypeId::kBigInt;
  f.state_size = sizeof(int64_t);
  f.initialize = CountInitialize;
  f.update = f.arguments.empty() ? CountStarUpdate : CountUpdate;
  f.simple_update = f.arguments.empty() ? CountStarSimpleUpdate : CountSimpleUpdate;
  f.combine = CountCombine;
  f.finalize = CountFinalize;
  // count(*) has no inputs; count(x) skips NULL x itself.
  f.null_handling = f.arguments.empty() ? NullHandling::kSpecial : NullHandling::kDefault;
  return f;
}

// sum(smallint|integer) -> bigint, with PostgreSQL's int8 overflow error.

struct BigintSumState {
  int64_t sum;
  bool has_value;
};

template <class In>
struct BigintSumOp {
  static void Initialize(BigintSumState& s) { s = {0, false}; }
  static void Update(BigintSumState& s, In v) {
    if (__builtin_add_overflow(s.sum, static_cast<int64_t>(v), &s.sum)) ThrowBigintOutOfRange();
    s.has_value = true;
  }
  static void UpdateFlat(BigintSumState& s, const In* values, idx_t count) {
    // 2^32 values of at most 2^31 cannot overflow a block sum; add blocks with a check.
    for (idx_t start = 0; start < count; start += kBlock) {
      idx_t end = std::min(count, start + kBlock);
      int64_t block = 0;
      for (idx_t i = start; i < end; i++) block += values[i];
      if (__builtin_add_overflow(s.sum, block, &s.sum)) ThrowBigintOutOfRange();
    }
    s.has_value = true;
  }
  static void UpdateConstant(BigintSumState& s, In v, idx_t count) {
    int64_t product;
    if (__builtin_mul_overflow(static_cast<int64_t>(v), static_cast<int64_t>(count), &product) ||
        __builtin_add_overflow(s.sum, product, &s.sum)) {
      ThrowBigintOutOfRange();
    }
    s.has_value = true;
  }
  static void Combine(const BigintSumState& source, BigintSumState& target) {
    if (!source.has_value) return;
    if (__builtin_add_overflow(target.sum, source.sum, &target.sum)) ThrowBigintOutOfRange();
    target.has_value = true;
  }
  static void Finalize(BigintSumState& s, Vector& result, idx_t row, AggregateInputData&) {
    if (!s.has_value) {
      result.validity().SetInvalid(row);
      return;
    }
    result.Data<int64_t>()[row] = s.sum;
  }
  static constexpr idx_t kBlock = idx_t{1} << 31;
};

// Exact sums into an int128: sum(bigint) and sum(numeric(p,s)) with the unscaled values.
// The result is numeric(38, s); a sum past 38 digits fails with 22003.

struct HugeSumState {
  StateInt128 sum;
  bool has_value;
};

template <class In>
struct HugeSumOp {
  static void Initialize(HugeSumState& s) {
    s.sum.Set(0);
    s.has_value = false;
  }
  static void Update(HugeSumState& s, const In& v) {
    int128_t sum = s.sum.Get();
    if constexpr (std::is_same_v<In, int128_t>) {
      if (__builtin_add_overflow(sum, v, &sum)) ThrowNumericOverflow();
    } else {
      // An int64 addend cannot overflow an int128 within any realistic row count.
      sum += v;
    }
    s.sum.Set(sum);
    s.has_value = true;
  }
  static void UpdateFlat(HugeSumState& s, const In* values, idx_t count) {
    int128_t sum = s.sum.Get();
    if constexpr (std::is_same_v<In, int128_t>) {
      for (idx_t i = 0; i < count; i++) {
        if (__builtin_add_overflow(sum, values[i], &sum)) ThrowNumericOverflow();
      }
    } else {
      sum += SumInt64(values, count);
    }
    s.sum.Set(sum);
    s.has_value = true;
  }
  static void UpdateConstant(HugeSumState& s, const In& v, idx_t count) {
    int128_t product;
    int128_t sum = s.sum.Get();
    if (__builtin_mul_overflow(static_cast<int128_t>(v), static_cast<int128_t>(count), &product) ||
        __builtin_add_overflow(sum, product, &sum)) {
      ThrowNumericOverflow();
    }
    s.sum.Set(sum);
    s.has_value = true;
  }
  static void Combine(const HugeSumState& source, HugeSumState& target) {
    if (!source.has_value) return;
    int128_t sum;
    if (__builtin_add_overflow(target.sum.Get(), source.sum.Get(), &sum)) ThrowNumericOverflow();
    target.sum.Set(sum);
    target.has_value = true;
  }
  static void Finalize(HugeSumState& s, Vector& result, idx_t row, AggregateInputData&) {
    if (!s.has_value) {
      result.validity().SetInvalid(row);
      return;
    }
    int128_t sum = s.sum.Get();
    CheckNumericDigits(sum);
    result.Data<int128_t>()[row] = sum;
  }
};

// sum(numeric) over unconstrained values: the result keeps the largest scale seen.

struct VarSumState {
  StateInt128 sum;
  int32_t scale;
  bool has_value;
};

// Adds `value` at `scale` to an exact sum at *sum_scale, raising the sum's scale if needed.
void AddVarNumeric(int128_t* sum, int32_t* sum_scale, int128_t value, int32_t scale) {
  if (scale > *sum_scale) {
    *sum = numeric::Rescale(*sum, *sum_scale, scale);
    *sum_scale = scale;
  } else if (scale < *sum_scale) {
    value = numeric::Rescale(value, scale, *sum_scale);
  }
  if (__builtin_add_overflow(*sum, value, sum)) ThrowNumericOverflow();
}

struct VarSumOp {
  static void Initialize(VarSumState& s) {
    s.sum.Set(0);
    s.scale = 0;
    s.has_value = false;
  }
  static void Update(VarSumState& s, const VarNumeric& v) {
    int128_t sum = s.sum.Get();
    if (!s.has_value) {
      sum = v.value;
      s.scale = v.scale;
      s.has_value = true;
    } else if (v.scale == s.scale) {
      if (__builtin_add_overflow(sum, v.value, &sum)) ThrowNumericOverflow();
    } else {
      AddVarNumeric(&sum, &s.scale, v.value, v.scale);
    }
    s.sum.Set(sum);
  }
  static void Combine(const VarSumState& source, VarSumState& target) {
    if (!source.has_value) return;
    if (!target.has_value) {
      target = source;
      return;
    }
    int128_t sum = target.sum.Get();
    AddVarNumeric(&sum, &target.scale, source.sum.Get(), source.scale);
    target.sum.Set(sum);
  }
  static void Finalize(VarSumState& s, Vector& result, idx_t row, AggregateInputData&) {
    if (!s.has_value) {
      result.validity().SetInvalid(row);
      return;
    }
    int128_t sum = s.sum.Get();
    CheckNumericDigits(sum);
    result.Data<VarNumeric>()[row] = VarNumeric{sum, s.scale};
  }
};

// sum(real) and sum(double): PostgreSQL's float4pl/float8pl, which fail when finite inputs
// overflow to infinity.

template <class T>
struct FloatSumState {
  T sum;
  bool has_value;
};

template <class T>
T CheckedFloatAdd(T a, T b) {
  T r = a + b;
  if (__builtin_expect(std::isinf(r), 0) && !std::isinf(a) && !std::isinf(b)) ThrowFloatOverflow();
  return r;
}

template <class T>
struct FloatSumOp {
  using State = FloatSumState<T>;
  static void Initialize(State& s) { s = {0, false}; }
  static void Update(State& s, T v) {
    s.sum = s.has_value ? CheckedFloatAdd(s.sum, v) : v;
    s.has_value = true;
  }
  static void UpdateFlat(State& s, const T* values, idx_t count) {
    if (count == 0) return;
    // The first value starts the sum as is (PostgreSQL's sum of one -0 is -0).
    idx_t first = s.has_value ? 0 : 1;
    T start = s.has_value ? s.sum : values[0];
    T sum = start;
    for (idx_t i = first; i < count; i++) sum += values[i];
    if (!std::isfinite(sum)) {
      // Replay with the per-addition overflow check to tell overflow from infinite input.
      sum = start;
      for (idx_t i = first; i < count; i++) sum = CheckedFloatAdd(sum, values[i]);
    }
    s.sum = sum;
    s.has_value = true;
  }
  static void Combine(const State& source, State& target) {
    if (!source.has_value) return;
    target.sum = target.has_value ? CheckedFloatAdd(target.sum, source.sum) : source.sum;
    target.has_value = true;
  }
  static void Finalize(State& s, Vector& result, idx_t row, AggregateInputData&) {
    if (!s.has_value) {
      result.validity().SetInvalid(row);
      return;
    }
    result.Data<T>()[row] = s.sum;
  }
};

// sum(interval).

struct IntervalSumState {
  Interval sum;
  int64_t count;
};

struct IntervalSumOp {
  static void Initialize(IntervalSumState& s) { s = {Interval(), 0}; }
  static void Update(IntervalSumState& s, const Interval& v) {
    s.sum = interval_arithmetic::Add(s.sum, v);
    s.count++;
  }
  static void Combine(const IntervalSumState& source, IntervalSumState& target) {
    if (source.count == 0) return;
    target.sum = interval_arithmetic::Add(target.sum, source.sum);
    target.count += source.count;
  }
  static void Finalize(IntervalSumState& s, Vector& result, idx_t row, AggregateInputData&) {
    if (s.count == 0) {
      result.validity().SetInvalid(row);
      return;
    }
    result.Data<Interval>()[row] = s.sum;
  }
};

// avg over exact values: an int128 sum and a count; the result is numeric division's
// sum / count (PostgreSQL's numeric_avg and int8_avg).

struct ExactAvgState {
  StateInt128 sum;
  int64_t count;
  int32_t scale;  // unconstrained numeric input only; fixed scales come from bind data
};

void WriteExactAvg(const ExactAvgState& s, int32_t scale, Vector& result, idx_t row) {
  if (s.count == 0) {
    result.validity().SetInvalid(row);
    return;
  }
  int128_t sum = s.sum.Get();
  CheckNumericDigits(sum);
  result.Data<VarNumeric>()[row] = numeric::Divide(VarNumeric{sum, scale}, VarNumeric{s.count, 0});
}

template <class In>
struct ExactAvgOp {
  static void Initialize(ExactAvgState& s) {
    s.sum.Set(0);
    s.count = 0;
    s.scale = 0;
  }
  static void Update(ExactAvgState& s, const In& v) {
    int128_t sum = s.sum.Get();
    if constexpr (std::is_same_v<In, int128_t>) {
      if (__builtin_add_overflow(sum, v, &sum)) ThrowNumericOverflow();
    } else {
      sum += v;
    }
    s.sum.Set(sum);
    s.count++;
  }
  static void UpdateFlat(ExactAvgState& s, const In* values, idx_t count) {
    int128_t sum = s.sum.Get();
    if constexpr (std::is_same_v<In, int128_t>) {
      for (idx_t i = 0; i < count; i++) {
        if (__builtin_add_overflow(sum, values[i], &sum)) ThrowNumericOverflow();
      }
    } else if constexpr (sizeof(In) <= 4) {
      // Narrow inputs sum exactly in 64 bits within a vector-sized block.
      for (idx_t start = 0; start < count; start += kVectorSize) {
        idx_t end = std::min(count, start + kVectorSize);
        int64_t block = 0;
        for (idx_t i = start; i < end; i++) block += values[i];
        sum += block;
      }
    } else {
      sum += SumInt64(values, count);
    }
    s.sum.Set(sum);
    s.count += static_cast<int64_t>(count);
  }
  static void Combine(const ExactAvgState& source, ExactAvgState& target) {
    int128_t sum;
    if (__builtin_add_overflow(target.sum.Get(), source.sum.Get(), &sum)) ThrowNumericOverflow();
    target.sum.Set(sum);
    target.count += source.count;
  }
  static void Finalize(ExactAvgState& s, Vector& result, idx_t row, AggregateInputData& data) {
    WriteExactAvg(s, BoundScale(data), result, row);
  }
};

struct VarAvgOp {
  static void Initialize(ExactAvgState& s) { ExactAvgOp<int64_t>::Initialize(s); }
  static void Update(ExactAvgState& s, const VarNumeric& v) {
    int128_t sum = s.sum.Get();
    if (s.count == 0) {
      sum = v.value;
      s.scale = v.scale;
    } else if (v.scale == s.scale) {
      if (__builtin_add_overflow(sum, v.value, &sum)) ThrowNumericOverflow();
    } else {
      AddVarNumeric(&sum, &s.scale, v.value, v.scale);
    }
    s.sum.Set(sum);
    s.count++;
  }
  static void Combine(const ExactAvgState& source, ExactAvgState& target) {
    if (source.count == 0) return;
    if (target.count == 0) {
      target = source;
      return;
    }
    int128_t sum = target.sum.Get();
    AddVarNumeric(&sum, &target.scale, source.sum.Get(), source.scale);
    target.sum.Set(sum);
    target.count += source.count;
  }
  static void Finalize(ExactAvgState& s, Vector& result, idx_t row, AggregateInputData&) {
    WriteExactAvg(s, s.scale, result, row);
  }
};

// avg(real|double): PostgreSQL keeps float8_accum's Youngs-Cramer state (N, Sx, Sxx) even
// for avg, and its overflow check on Sxx is visible: avg(1e200, -1e200) fails. The result
// is Sx / N.

struct FloatAvgState {
  double n;
  double sx;
  double sxx;
};

inline void YoungsCramerAccumulate(FloatAvgState& s, double v) {
  double old_n = s.n;
  double old_sx = s.sx;
  s.n += 1.0;
  s.sx += v;
  if (old_n > 0.0) {
    double tmp = v * s.n - s.sx;
    s.sxx += tmp * tmp / (s.n * old_n);
    if (std::isinf(s.sx) || std::isinf(s.sxx)) {
      if (!std::isinf(old_sx) && !std::isinf(v)) ThrowFloatOverflow();
      s.sxx = std::numeric_limits<double>::quiet_NaN();
    }
  } else if (std::isnan(v) || std::isinf(v)) {
    s.sxx = std::numeric_limits<double>::quiet_NaN();
  }
}

template <class In>
struct FloatAvgOp {
  static void Initialize(FloatAvgState& s) { s = {0, 0, 0}; }
  static void Update(FloatAvgState& s, In v) { YoungsCramerAccumulate(s, static_cast<double>(v)); }
  static void Combine(const FloatAvgState& source, FloatAvgState& target) {
    if (source.n == 0.0) return;
    if (target.n == 0.0) {
      target = source;
      return;
    }
    double n = target.n + source.n;
    double sx = CheckedFloatAdd(target.sx, source.sx);
    double tmp = target.sx / target.n - source.sx / source.n;
    double sxx = target.sxx + source.sxx + target.n * source.n * tmp * tmp / n;
    if (std::isinf(sxx) && !std::isinf(target.sxx) && !std::isinf(source.sxx)) ThrowFloatOverflow();
    target = {n, sx, sxx};
  }
  static void Finalize(FloatAvgState& s, Vector& result, idx_t row, AggregateInputData&) {
    if (s.n == 0.0) {
      result.validity().SetInvalid(row);
      return;
    }
    result.Data<double>()[row] = s.sx / s.n;
  }
};

// avg(interval): interval_div(sum, count).

struct IntervalAvgOp : IntervalSumOp {
  static void Finalize(IntervalSumState& s, Vector& result, idx_t row, AggregateInputData&) {
    if (s.count == 0) {
      result.validity().SetInvalid(row);
      return;
    }
    result.Data<Interval>()[row] = interval_arithmetic::Divide(s.sum, static_cast<double>(s.count));
  }
};

// sum(numeric) and avg(numeric) see numeric(p,s) arguments as they are (int64 or int128
// unscaled values) and pick the kernel for that layout.

std::unique_ptr<FunctionData> BindNumericSum(ClientContext&, AggregateFunction& function,
                                             std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  const LogicalType& type = arguments[0]->type;
  switch (type.physical()) {
    case PhysicalType::kInt64:
      SetUnaryCallbacks<HugeSumState, int64_t, HugeSumOp<int64_t>>(function);
      function.return_type = LogicalType::Numeric(kMaxNumericPrecision, type.scale());
      return nullptr;
    case PhysicalType::kInt128:
      SetUnaryCallbacks<HugeSumState, int128_t, HugeSumOp<int128_t>>(function);
      function.return_type = LogicalType::Numeric(kMaxNumericPrecision, type.scale());
      return nullptr;
    default:
      SetUnaryCallbacks<VarSumState, VarNumeric, VarSumOp>(function);
      function.return_type = LogicalType(TypeId::kNumeric);
      return nullptr;
  }
}

std::unique_ptr<FunctionData> BindNumericAvg(ClientContext&, AggregateFunction& function,
                                             std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  const LogicalType& type = arguments[0]->type;
  function.return_type = LogicalType(TypeId::kNumeric);
  switch (type.physical()) {
    case PhysicalType::kInt64:
      SetUnaryCallbacks<ExactAvgState, int64_t, ExactAvgOp<int64_t>>(function);
      return std::make_unique<NumericScaleData>(type.scale());
    case PhysicalType::kInt128:
      SetUnaryCallbacks<ExactAvgState, int128_t, ExactAvgOp<int128_t>>(function);
      return std::make_unique<NumericScaleData>(type.scale());
    default:
      SetUnaryCallbacks<ExactAvgState, VarNumeric, VarAvgOp>(function);
      return nullptr;
  }
}

}  // namespace

void RegisterCountSumAvg(FunctionRegistry& registry) {
  registry.AddAggregate(CountFunction("count_star", {}));
  registry.AddAggregate(CountFunction("count", {LogicalType(TypeId::kInvalid)}));

  const LogicalType numeric(TypeId::kNumeric);
  registry.AddAggregate(UnaryAggregate<BigintSumState, int16_t, BigintSumOp<int16_t>>(
      "sum", TypeId::kSmallInt, TypeId::kBigInt));
  registry.AddAggregate(UnaryAggregate<BigintSumState, int32_t, BigintSumOp<int32_t>>("sum", TypeId::kInteger,
                                                                                      TypeId::kBigInt));
  registry.AddAggregate(UnaryAggregate<HugeSumState, int64_t, HugeSumOp<int64_t>>(
      "sum", TypeId::kBigInt, LogicalType::Numeric(kMaxNumericPrecision, 0)));
  AggregateFunction numeric_sum = UnaryAggregate<VarSumState, VarNumeric, VarSumOp>("sum", numeric, numeric);
  numeric_sum.bind = BindNumericSum;
  registry.AddAggregate(numeric_sum);
  registry.AddAggregate(
      UnaryAggregate<FloatSumState<float>, float, FloatSumOp<float>>("sum", TypeId::kReal, TypeId::kReal));
  registry.AddAggregate(UnaryAggregate<FloatSumState<double>, double, FloatSumOp<double>>(
      "sum", TypeId::kDouble, TypeId::kDouble));
  registry.AddAggregate(
      UnaryAggregate<IntervalSumState, Interval, IntervalSumOp>("sum", TypeId::kInterval, TypeId::kInterval));

  registry.AddAggregate(
      UnaryAggregate<ExactAvgState, int16_t, ExactAvgOp<int16_t>>("avg", TypeId::kSmallInt, numeric));
  registry.AddAggregate(
      UnaryAggregate<ExactAvgState, int32_t, ExactAvgOp<int32_t>>("avg", TypeId::kInteger, numeric));
  registry.AddAggregate(
      UnaryAggregate<ExactAvgState, int64_t, ExactAvgOp<int64_t>>("avg", TypeId::kBigInt, numeric));
  AggregateFunction numeric_avg =
      UnaryAggregate<ExactAvgState, VarNumeric, VarAvgOp>("avg", numeric, numeric);
  numeric_avg.bind = BindNumericAvg;
  registry.AddAggregate(numeric_avg);
  registry.AddAggregate(
      UnaryAggregate<FloatAvgState, float, FloatAvgOp<float>>("avg", TypeId::kReal, TypeId::kDouble));
  registry.AddAggregate(
      UnaryAggregate<FloatAvgState, double, FloatAvgOp<double>>("avg", TypeId::kDouble, TypeId::kDouble));
  registry.AddAggregate(
      UnaryAggregate<IntervalSumState, Interval, IntervalAvgOp>("avg", TypeId::kInterval, TypeId::kInterval));
}

}  // namespace stockroom
