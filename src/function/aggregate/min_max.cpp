// min and max for every ordered type PostgreSQL 15 declares them on that Stockroom has:
// integers, numeric (by value; the kept value keeps its own scale), real and double (NaN
// above everything), text (bytewise, the C collation), date, timestamp, timestamptz and
// interval (by span). As in PostgreSQL's smaller/larger transition functions a value that
// compares equal to the current one replaces it, so min(1.00, 1.0) is 1.0.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include "binder/expression/bound_expression.hpp"
#include "common/error/exception.hpp"
#include "common/types/numeric.hpp"
#include "function/aggregate/aggregate_executor.hpp"
#include "function/aggregate/aggregate_registration.hpp"

namespace stockroom {

namespace {

// Orderings: Less(a, b) is PostgreSQL's "<" for the type.
template <class T>
struct NaturalOrder {
  static bool Less(const T& a, const T& b) { return a < b; }
};

template <class T>
struct FloatOrder {
  static bool Less(T a, T b) { return !std::isnan(a) && (std::isnan(b) || a < b); }
};

struct IntervalOrder {
  static bool Less(const Interval& a, const Interval& b) { return a.Span() < b.Span(); }
};

// Returns whether `candidate` replaces `current` (it is smaller for min, larger for max,
// or equal).
template <class T, class Order, bool kMax>
inline bool Replaces(const T& current, const T& candidate) {
  return kMax ? !Order::Less(candidate, current) : !Order::Less(current, candidate);
}

template <class T>
struct ValueState {
  T value;
  bool has_value;
};

template <class T, class Order, bool kMax>
struct MinMaxOp {
  using State = ValueState<T>;
  static void Initialize(State& s) { s.has_value = false; }
  static void Update(State& s, const T& v) {
    if (!s.has_value || Replaces<T, Order, kMax>(s.value, v)) {
      s.value = v;
      s.has_value = true;
    }
  }
  static void UpdateFlat(State& s, const T* values, idx_t count) {
    if (count == 0) return;
    T best = s.has_value ? s.value : values[0];
    idx_t i = 0;
    if constexpr (std::is_integral_v<T>) {
      // Equal integers are indistinguishable, so independent lanes may keep either; four
      // lanes break the compare-and-select dependency chain.
      T lanes[4] = {best, best, best, best};
      for (; i + 4 <= count; i += 4) {
        for (int l = 0; l < 4; l++)
          lanes[l] = Replaces<T, Order, kMax>(lanes[l], values[i + l]) ? values[i + l] : lanes[l];
      }
      for (T lane : lanes) best = Replaces<T, Order, kMax>(best, lane) ? lane : best;
    }
    for (; i < count; i++) best = Replaces<T, Order, kMax>(best, values[i]) ? values[i] : best;
    s.value = best;
    s.has_value = true;
  }
  static void UpdateConstant(State& s, const T& v, idx_t) { Update(s, v); }
  static void Combine(const State& source, State& target) {
    if (source.has_value) Update(target, source.value);
  }
  static void Finalize(State& s, Vector& result, idx_t row, AggregateInputData&) {
    if (!s.has_value) {
      result.validity().SetInvalid(row);
      return;
    }
    result.Data<T>()[row] = s.value;
  }
};

// Fixed numeric(p,s) with p > 18: int128 unscaled values, kept 8-byte aligned.
template <bool kMax>
struct HugeMinMaxOp {
  struct State {
    StateInt128 value;
    bool has_value;
  };
  static void Initialize(State& s) { s.has_value = false; }
  static void Update(State& s, const int128_t& v) {
    if (!s.has_value || (kMax ? v >= s.value.Get() : v <= s.value.Get())) {
      s.value.Set(v);
      s.has_value = true;
    }
  }
  static void Combine(const State& source, State& target) {
    if (source.has_value) Update(target, source.value.Get());
  }
  static void Finalize(State& s, Vector& result, idx_t row, AggregateInputData&) {
    if (!s.has_value) {
      result.validity().SetInvalid(row);
      return;
    }
    result.Data<int128_t>()[row] = s.value.Get();
  }
};

// Unconstrained numeric: compared by value; the kept value keeps its scale.
template <bool kMax>
struct VarNumericMinMaxOp {
  struct State {
    StateInt128 value;
    int32_t scale;
    bool has_value;
  };
  static void Initialize(State& s) { s.has_value = false; }
  static void Set(State& s, int128_t value, int32_t scale) {
    s.value.Set(value);
    s.scale = scale;
    s.has_value = true;
  }
  static void Update(State& s, const VarNumeric& v) {
    if (!s.has_value) {
      Set(s, v.value, v.scale);
      return;
    }
    int cmp = numeric::Compare(v, VarNumeric{s.value.Get(), s.scale});
    if (kMax ? cmp >= 0 : cmp <= 0) Set(s, v.value, v.scale);
  }
  static void Combine(const State& source, State& target) {
    if (source.has_value) Update(target, VarNumeric{source.value.Get(), source.scale});
  }
  static void Finalize(State& s, Vector& result, idx_t row, AggregateInputData&) {
    if (!s.has_value) {
      result.validity().SetInvalid(row);
      return;
    }
    result.Data<VarNumeric>()[row] = VarNumeric{s.value.Get(), s.scale};
  }
};

// Strings: the state owns a copy of the current value's bytes (input strings live only as
// long as their vector), in a buffer it grows as needed and frees in Destroy.
template <bool kMax>
struct StringMinMaxOp {
  struct State {
    char* data;
    uint32_t length;
    uint32_t capacity;
    bool has_value;
  };
  static void Initialize(State& s) {
    s.data = nullptr;
    s.length = 0;
    s.capacity = 0;
    s.has_value = false;
  }
  static void Assign(State& s, const char* data, uint32_t length) {
    if (length > s.capacity) {
      uint32_t capacity = length < 16 ? 16 : length;
      char* buffer = static_cast<char*>(std::malloc(capacity));
      if (!buffer) throw SqlError(ErrorCode::kOutOfMemory, "out of memory");
      std::free(s.data);
      s.data = buffer;
      s.capacity = capacity;
    }
    if (length) std::memcpy(s.data, data, length);
    s.length = length;
    s.has_value = true;
  }
  static int Compare(const State& s, const char* data, uint32_t length) {
    uint32_t common = s.length < length ? s.length : length;
    int c = common ? std::memcmp(s.data, data, common) : 0;
    if (c != 0) return c;
    return s.length < length ? -1 : (s.length > length ? 1 : 0);
  }
  static void Offer(State& s, const char* data, uint32_t length) {
    // Equal strings are byte-identical, so only a strictly better value needs a copy.
    if (!s.has_value) {
      Assign(s, data, length);
      return;
    }
    int c = Compare(s, data, length);
    if (kMax ? c < 0 : c > 0) Assign(s, data, length);
  }
  static void Update(State& s, const StringRef& v) { Offer(s, v.data(), v.size()); }
  static void Combine(const State& source, State& target) {
    if (source.has_value) Offer(target, source.data, source.length);
  }
  static void Finalize(State& s, Vector& result, idx_t row, AggregateInputData&) {
    if (!s.has_value) {
      result.validity().SetInvalid(row);
      return;
    }
    result.Data<StringRef>()[row] = result.heap().Add(s.data, s.length);
  }
  static void Destroy(State& s) {
    std::free(s.data);
    s.data = nullptr;
    s.capacity = 0;
  }
};

template <bool kMax>
void SetNumericCallbacks(AggregateFunction& function, PhysicalType physical) {
  switch (physical) {
    case PhysicalType::kInt64: {
      using Op = MinMaxOp<int64_t, NaturalOrder<int64_t>, kMax>;
      SetUnaryCallbacks<typename Op::State, int64_t, Op>(function);
      return;
    }
    case PhysicalType::kInt128: {
      using Op = HugeMinMaxOp<kMax>;
      SetUnaryCallbacks<typename Op::State, int128_t, Op>(function);
      return;
    }
    default: {
      using Op = VarNumericMinMaxOp<kMax>;
      SetUnaryCallbacks<typename Op::State, VarNumeric, Op>(function);
      return;
    }
  }
}

// numeric(p,s) arguments keep their layout; the result has the argument's type.
template <bool kMax>
std::unique_ptr<FunctionData> BindNumericMinMax(ClientContext&, AggregateFunction& function,
                                                std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  const LogicalType& type = arguments[0]->type;
  SetNumericCallbacks<kMax>(function, type.physical());
  function.return_type = type;
  return nullptr;
}

template <class T, class Order, bool kMax>
AggregateFunction Simple(const char* name, TypeId type) {
  using Op = MinMaxOp<T, Order, kMax>;
  return UnaryAggregate<typename Op::State, T, Op>(name, type, type);
}

template <bool kMax>
void RegisterOne(FunctionRegistry& registry, const char* name) {
  registry.AddAggregate(Simple<int16_t, NaturalOrder<int16_t>, kMax>(name, TypeId::kSmallInt));
  registry.AddAggregate(Simple<int32_t, NaturalOrder<int32_t>, kMax>(name, TypeId::kInteger));
  registry.AddAggregate(Simple<int64_t, NaturalOrder<int64_t>, kMax>(name, TypeId::kBigInt));
  registry.AddAggregate(Simple<float, FloatOrder<float>, kMax>(name, TypeId::kReal));
  registry.AddAggregate(Simple<double, FloatOrder<double>, kMax>(name, TypeId::kDouble));
  registry.AddAggregate(Simple<int32_t, NaturalOrder<int32_t>, kMax>(name, TypeId::kDate));
  registry.AddAggregate(Simple<int64_t, NaturalOrder<int64_t>, kMax>(name, TypeId::kTimestamp));
  registry.AddAggregate(Simple<int64_t, NaturalOrder<int64_t>, kMax>(name, TypeId::kTimestampTz));
  registry.AddAggregate(Simple<Interval, IntervalOrder, kMax>(name, TypeId::kInterval));

  using StringOp = StringMinMaxOp<kMax>;
  registry.AddAggregate(
      UnaryAggregate<typename StringOp::State, StringRef, StringOp>(name, TypeId::kText, TypeId::kText));

  using VarOp = VarNumericMinMaxOp<kMax>;
  const LogicalType numeric(TypeId::kNumeric);
  AggregateFunction numeric_function =
      UnaryAggregate<typename VarOp::State, VarNumeric, VarOp>(name, numeric, numeric);
  numeric_function.bind = BindNumericMinMax<kMax>;
  registry.AddAggregate(numeric_function);
}

}  // namespace

void RegisterMinMax(FunctionRegistry& registry) {
  RegisterOne<false>(registry, "min");
  RegisterOne<true>(registry, "max");
}

}  // namespace stockroom
