// Ordered-set aggregates: percentile_cont and percentile_disc (PostgreSQL 15, with a
// double or double[] fraction), mode() WITHIN GROUP, and Amazon Redshift's median(x)
// (= percentile_cont(0.5) WITHIN GROUP (ORDER BY x); integer and numeric inputs give
// numeric). The core passes the fraction first (constant per query) and the ordered value
// last. A state collects the non-NULL values in a heap object (freed by destroy); finalize
// sorts them (NaN after every number, strings bytewise, intervals by span) and picks rows
// as PostgreSQL's percentile_*_final functions do.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "binder/expression/bound_expression.hpp"
#include "common/error/exception.hpp"
#include "common/types/numeric.hpp"
#include "common/types/string_heap.hpp"
#include "common/types/time_zone.hpp"
#include "function/aggregate/aggregate_executor.hpp"
#include "function/aggregate/aggregate_registration.hpp"
#include "function/aggregate/array_text.hpp"
#include "function/aggregate/interval_arithmetic.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

enum class Kind : uint8_t { kCont, kDisc, kMedian, kMode };
// How the direct argument comes: none (mode, median), one double, or a double[] array.
enum class FractionForm : uint8_t { kNone, kScalar, kArray };

// The percentile argument(s), taken from the first row that has them.
struct DirectArgument {
  bool seen = false;
  double fraction = 0;
  std::vector<std::optional<double>> fractions;  // array form; nullopt for a NULL element
};

template <class T>
struct Collection {
  std::vector<T> values;
  std::unique_ptr<StringHeap> heap;  // owns the bytes of collected strings
  DirectArgument direct;
};

struct CollectionState {
  void* collection;  // a Collection<T>*
};

template <class T>
Collection<T>*& CollectionOf(CollectionState& s) {
  return reinterpret_cast<Collection<T>*&>(s.collection);
}

template <class T>
Collection<T>& EnsureCollection(CollectionState& s) {
  Collection<T>*& c = CollectionOf<T>(s);
  if (!c) c = new Collection<T>();
  return *c;
}

// The sort order of each physical type (PostgreSQL's btree order for its types).
template <class T>
struct SortOrder {
  static bool Less(const T& a, const T& b) { return a < b; }
};
template <>
struct SortOrder<float> {
  static bool Less(float a, float b) { return !std::isnan(a) && (std::isnan(b) || a < b); }
};
template <>
struct SortOrder<double> {
  static bool Less(double a, double b) { return !std::isnan(a) && (std::isnan(b) || a < b); }
};
template <>
struct SortOrder<Interval> {
  static bool Less(const Interval& a, const Interval& b) { return a.Span() < b.Span(); }
};
template <>
struct SortOrder<VarNumeric> {
  static bool Less(const VarNumeric& a, const VarNumeric& b) { return numeric::Compare(a, b) < 0; }
};
template <>
struct SortOrder<StringRef> {
  static bool Less(const StringRef& a, const StringRef& b) { return StringRef::Compare(a, b) < 0; }
};

template <class T>
void SortValues(std::vector<T>& values) {
  std::stable_sort(values.begin(), values.end(),
                   [](const T& a, const T& b) { return SortOrder<T>::Less(a, b); });
}

// Adds one value, copying string bytes into the collection.
template <class In, class T>
void AddValue(Collection<T>& c, const In& v) {
  if constexpr (std::is_same_v<T, StringRef>) {
    if (!c.heap) c.heap = std::make_unique<StringHeap>();
    c.values.push_back(c.heap->Copy(v));
  } else {
    c.values.push_back(static_cast<T>(v));
  }
}

// Parses a double[] in text form ('{0.25,0.5,NULL}'), flattening nested braces.
std::vector<std::optional<double>> ParseFractionArray(std::string_view text) {
  std::vector<std::optional<double>> out;
  size_t start = text.find('{');
  if (start == std::string_view::npos) return out;
  std::string element;
  bool in_element = false;
  bool quoted = false;
  auto finish = [&]() {
    if (!in_element) return;
    std::string_view e(element);
    while (!e.empty() && e.back() == ' ') e.remove_suffix(1);
    if (!quoted && e.size() == 4 && (e[0] | 0x20) == 'n' && (e[1] | 0x20) == 'u' && (e[2] | 0x20) == 'l' &&
        (e[3] | 0x20) == 'l') {
      out.push_back(std::nullopt);
    } else {
      out.push_back(ParseDouble(e));
    }
    element.clear();
    in_element = false;
    quoted = false;
  };
  for (size_t i = start; i < text.size(); i++) {
    char c = text[i];
    if (c == '{') continue;
    if (c == '}' || c == ',') {
      finish();
      continue;
    }
    if (c == '"') {
      quoted = true;
      in_element = true;
      for (i++; i < text.size() && text[i] != '"'; i++) {
        if (text[i] == '\\' && i + 1 < text.size()) i++;
        element.push_back(text[i]);
      }
      continue;
    }
    if (c == ' ' && !in_element) continue;
    element.push_back(c);
    in_element = true;
  }
  return out;
}

template <FractionForm kForm>
void CaptureDirect(DirectArgument& direct, const UnifiedVectorFormat& f, idx_t idx) {
  direct.seen = true;
  if constexpr (kForm == FractionForm::kScalar) {
    direct.fraction = f.Data<double>()[idx];
  } else if constexpr (kForm == FractionForm::kArray) {
    direct.fractions = ParseFractionArray(f.Data<StringRef>()[idx].view());
  }
}

// Adds rows to states; a row counts when its value (the last input) and its fraction are
// both non-NULL.
template <class In, class T, FractionForm kForm>
struct CollectUpdater {
  UnifiedVectorFormat values;
  UnifiedVectorFormat fractions;

  CollectUpdater(Vector inputs[], idx_t input_count, idx_t count) {
    inputs[input_count - 1].ToUnified(count, values);
    if constexpr (kForm != FractionForm::kNone) inputs[0].ToUnified(count, fractions);
  }
  void Add(CollectionState& s, idx_t i) {
    idx_t vi = values.Index(i);
    if (!values.validity->RowIsValid(vi)) return;
    idx_t fi = 0;
    if constexpr (kForm != FractionForm::kNone) {
      fi = fractions.Index(i);
      if (!fractions.validity->RowIsValid(fi)) return;
    }
    Collection<T>& c = EnsureCollection<T>(s);
    if (!c.direct.seen) CaptureDirect<kForm>(c.direct, fractions, fi);
    AddValue<In, T>(c, values.Data<In>()[vi]);
  }
};

template <class In, class T, FractionForm kForm>
void CollectUpdate(Vector inputs[], AggregateInputData&, idx_t input_count, Vector& states, idx_t count) {
  CollectUpdater<In, T, kForm> updater(inputs, input_count, count);
  UnifiedVectorFormat sf = StatePointers(states, count);
  for (idx_t i = 0; i < count; i++) updater.Add(StateAt<CollectionState>(sf, i), i);
}

template <class In, class T, FractionForm kForm>
void CollectSimpleUpdate(Vector inputs[], AggregateInputData&, idx_t input_count, data_ptr_t state,
                         idx_t count) {
  CollectUpdater<In, T, kForm> updater(inputs, input_count, count);
  auto& s = *reinterpret_cast<CollectionState*>(state);
  for (idx_t i = 0; i < count; i++) updater.Add(s, i);
}

void CollectInitialize(data_ptr_t state) { reinterpret_cast<CollectionState*>(state)->collection = nullptr; }

template <class T>
void CollectCombine(Vector& source, Vector& target, AggregateInputData&, idx_t count) {
  UnifiedVectorFormat sf = StatePointers(source, count);
  UnifiedVectorFormat tf = StatePointers(target, count);
  for (idx_t i = 0; i < count; i++) {
    const Collection<T>* from = CollectionOf<T>(StateAt<CollectionState>(sf, i));
    if (!from || from->values.empty()) continue;
    Collection<T>& to = EnsureCollection<T>(StateAt<CollectionState>(tf, i));
    if (!to.direct.seen) to.direct = from->direct;
    to.values.reserve(to.values.size() + from->values.size());
    for (const T& v : from->values) AddValue<T, T>(to, v);
  }
}

template <class T>
void CollectDestroy(Vector& states, idx_t count) {
  UnifiedVectorFormat sf = StatePointers(states, count);
  for (idx_t i = 0; i < count; i++) {
    Collection<T>*& c = CollectionOf<T>(StateAt<CollectionState>(sf, i));
    delete c;
    c = nullptr;
  }
}

// The percentile given at bind time when it is a plain constant, so that a wrong one is
// reported even when no rows arrive (PostgreSQL checks it in the final function).
struct PercentileBindData : FunctionData {
  bool has_constant = false;
  bool is_array = false;
  Value constant;
};

std::string FormatPercent(double d) {
  // PostgreSQL formats the value with its own printf's %g, which spells NaN and Infinity.
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), d, std::chars_format::general, 6);
  return std::string(buffer, result.ptr - buffer);
}

void CheckFraction(double fraction) {
  if (fraction < 0 || fraction > 1 || std::isnan(fraction)) {
    throw SqlError(ErrorCode::kNumericValueOutOfRange,
                   "percentile value " + FormatPercent(fraction) + " is not between 0 and 1");
  }
}

// Returns percentile_cont of sorted values: lo + (hi - lo) * proportion.
template <class T>
T Interpolate(const std::vector<T>& sorted, double fraction) {
  double position = fraction * static_cast<double>(sorted.size() - 1);
  auto first = static_cast<idx_t>(std::floor(position));
  auto second = static_cast<idx_t>(std::ceil(position));
  const T& lo = sorted[first];
  if (second == first) return lo;
  const T& hi = sorted[second];
  double proportion = position - static_cast<double>(first);
  if constexpr (std::is_same_v<T, Interval>) {
    Interval scaled = interval_arithmetic::Multiply(interval_arithmetic::Subtract(hi, lo), proportion);
    return interval_arithmetic::Add(scaled, lo);
  } else {
    return lo + (hi - lo) * proportion;
  }
}

// Returns percentile_disc of sorted values: the first value whose position reaches the fraction.
template <class T>
T Discrete(const std::vector<T>& sorted, double fraction) {
  auto row = static_cast<int64_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
  return sorted[row > 1 ? row - 1 : 0];
}

// median of exact values: the mean of the two middle values, exactly.
VarNumeric ExactMidpoint(VarNumeric lo, VarNumeric hi) {
  VarNumeric sum = numeric::Add(lo, hi);
  if (sum.value % 2 == 0) return VarNumeric{sum.value / 2, sum.scale};
  return numeric::DivideToScale(sum, VarNumeric{2, 0}, sum.scale + 1);
}

template <class T>
void WriteValue(Vector& result, idx_t row, const T& v) {
  if constexpr (std::is_same_v<T, StringRef>) {
    result.Data<StringRef>()[row] = result.heap().Add(v.data(), v.size());
  } else {
    result.Data<T>()[row] = v;
  }
}

template <class T>
void WriteMedian(Vector& result, idx_t row, const std::vector<T>& sorted) {
  if constexpr (std::is_same_v<T, double> || std::is_same_v<T, Interval>) {
    WriteValue(result, row, Interpolate(sorted, 0.5));
  } else if constexpr (std::is_same_v<T, int64_t> || std::is_same_v<T, VarNumeric>) {
    idx_t n = sorted.size();
    auto exact = [](const T& v) {
      if constexpr (std::is_same_v<T, VarNumeric>) {
        return v;
      } else {
        return VarNumeric{v, 0};
      }
    };
    VarNumeric lo = exact(sorted[(n - 1) / 2]);
    result.Data<VarNumeric>()[row] = n % 2 ? lo : ExactMidpoint(lo, exact(sorted[n / 2]));
  }
}

template <class T>
void WriteMode(Vector& result, idx_t row, const std::vector<T>& sorted) {
  // The value of the longest run of equal values; the earliest run wins a tie.
  idx_t best_start = 0, best_length = 0;
  for (idx_t start = 0; start < sorted.size();) {
    idx_t end = start + 1;
    while (end < sorted.size() && !SortOrder<T>::Less(sorted[start], sorted[end])) end++;
    if (end - start > best_length) {
      best_start = start;
      best_length = end - start;
    }
    start = end;
  }
  WriteValue(result, row, sorted[best_start]);
}

const TimeZone& SessionZone(const AggregateInputData& data) {
  return data.context ? data.context->time_zone() : TimeZone::Utc();
}

// Writes one percentile array ('{1.5,NULL}') for the fractions in `direct`.
template <class T, Kind kKind>
void WritePercentileArray(Vector& result, idx_t row, const std::vector<T>& sorted,
                          const DirectArgument& direct, const AggregateInputData& data) {
  LogicalType element = result.type().Element();
  std::string out = "{";
  std::string scratch;
  for (size_t i = 0; i < direct.fractions.size(); i++) {
    if (i) out.push_back(',');
    if (!direct.fractions[i]) {
      out += "NULL";
      continue;
    }
    CheckFraction(*direct.fractions[i]);
    scratch.clear();
    if constexpr (kKind == Kind::kCont) {
      if constexpr (std::is_same_v<T, double> || std::is_same_v<T, Interval>) {
        T v = Interpolate(sorted, *direct.fractions[i]);
        array_text::AppendValue(scratch, element, &v, SessionZone(data));
      }
    } else {
      T v = Discrete(sorted, *direct.fractions[i]);
      array_text::AppendValue(scratch, element, &v, SessionZone(data));
    }
    array_text::AppendElement(out, scratch);
  }
  out.push_back('}');
  result.Data<StringRef>()[row] = result.heap().Add(out);
}

// Checks a bind-time constant percentile of a group that saw no rows.
void CheckConstantFraction(const AggregateInputData& data) {
  auto* bind = static_cast<const PercentileBindData*>(data.bind_data);
  if (!bind || !bind->has_constant || bind->constant.IsNull()) return;
  if (!bind->is_array) {
    CheckFraction(bind->constant.GetDouble());
    return;
  }
  for (auto& f : ParseFractionArray(bind->constant.GetString())) {
    if (f) CheckFraction(*f);
  }
}

template <class T, Kind kKind, FractionForm kForm>
void CollectFinalize(Vector& states, AggregateInputData& data, Vector& result, idx_t count, idx_t offset) {
  UnifiedVectorFormat sf = StatePointers(states, count);
  result.validity().EnsureWritable();
  for (idx_t i = 0; i < count; i++) {
    idx_t row = offset + i;
    Collection<T>* c = CollectionOf<T>(StateAt<CollectionState>(sf, i));
    if (!c || c->values.empty()) {
      if constexpr (kForm != FractionForm::kNone) CheckConstantFraction(data);
      result.validity().SetInvalid(row);
      continue;
    }
    // Sorting in place leaves the collection valid for later rows and finalizes, but means
    // two threads must not finalize one state at once.
    SortValues(c->values);
    if constexpr (kKind == Kind::kMode) {
      WriteMode(result, row, c->values);
    } else if constexpr (kKind == Kind::kMedian) {
      WriteMedian(result, row, c->values);
    } else if constexpr (kForm == FractionForm::kArray) {
      WritePercentileArray<T, kKind>(result, row, c->values, c->direct, data);
    } else {
      CheckFraction(c->direct.fraction);
      if constexpr (kKind == Kind::kCont) {
        if constexpr (std::is_same_v<T, double> || std::is_same_v<T, Interval>) {
          WriteValue(result, row, Interpolate(c->values, c->direct.fraction));
        }
      } else {
        WriteValue(result, row, Discrete(c->values, c->direct.fraction));
      }
    }
  }
}

template <class In, class T, Kind kKind, FractionForm kForm>
void SetCallbacks(AggregateFunction& f) {
  f.state_size = sizeof(CollectionState);
  f.initialize = CollectInitialize;
  f.update = CollectUpdate<In, T, kForm>;
  f.simple_update = CollectSimpleUpdate<In, T, kForm>;
  f.combine = CollectCombine<T>;
  f.finalize = CollectFinalize<T, kKind, kForm>;
  f.destroy = CollectDestroy<T>;
}

// Picks the callbacks for an ordered value of physical type `physical` (collected as is).
template <Kind kKind, FractionForm kForm>
void SetCallbacksFor(AggregateFunction& f, PhysicalType physical) {
  switch (physical) {
    case PhysicalType::kBool:
      return SetCallbacks<bool, bool, kKind, kForm>(f);
    case PhysicalType::kInt16:
      return SetCallbacks<int16_t, int16_t, kKind, kForm>(f);
    case PhysicalType::kInt32:
      return SetCallbacks<int32_t, int32_t, kKind, kForm>(f);
    case PhysicalType::kInt64:
      return SetCallbacks<int64_t, int64_t, kKind, kForm>(f);
    case PhysicalType::kInt128:
      return SetCallbacks<int128_t, int128_t, kKind, kForm>(f);
    case PhysicalType::kFloat:
      return SetCallbacks<float, float, kKind, kForm>(f);
    case PhysicalType::kDouble:
      return SetCallbacks<double, double, kKind, kForm>(f);
    case PhysicalType::kString:
      return SetCallbacks<StringRef, StringRef, kKind, kForm>(f);
    case PhysicalType::kInterval:
      return SetCallbacks<Interval, Interval, kKind, kForm>(f);
    case PhysicalType::kVarNumeric:
      return SetCallbacks<VarNumeric, VarNumeric, kKind, kForm>(f);
  }
}

std::unique_ptr<PercentileBindData> ConstantFraction(const BoundExpression& fraction, bool is_array) {
  auto data = std::make_unique<PercentileBindData>();
  data->is_array = is_array;
  if (fraction.kind == BoundExprKind::kConstant) {
    data->has_constant = true;
    data->constant = static_cast<const BoundConstant&>(fraction).value;
  }
  return data;
}

std::unique_ptr<FunctionData> BindPercentileCont(ClientContext&, AggregateFunction& f,
                                                 std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  bool is_array = f.arguments[0].id() == TypeId::kArray;
  return ConstantFraction(*arguments[0], is_array);
}

// percentile_disc and mode return the ordered value's type.
template <Kind kKind, FractionForm kForm>
std::unique_ptr<FunctionData> BindAnyOrdered(ClientContext&, AggregateFunction& f,
                                             std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  const LogicalType& type = arguments.back()->type;
  SetCallbacksFor<kKind, kForm>(f, type.physical());
  f.return_type = kForm == FractionForm::kArray ? LogicalType::Array(type) : type;
  if constexpr (kForm == FractionForm::kNone) {
    return nullptr;
  } else {
    return ConstantFraction(*arguments[0], kForm == FractionForm::kArray);
  }
}

template <class In, class T, Kind kKind, FractionForm kForm>
AggregateFunction Make(const char* name, std::vector<LogicalType> arguments, LogicalType return_type) {
  AggregateFunction f;
  f.name = name;
  f.arguments = std::move(arguments);
  f.return_type = return_type;
  SetCallbacks<In, T, kKind, kForm>(f);
  f.ordered_set = kKind != Kind::kMedian;
  return f;
}

}  // namespace

void RegisterOrderedSetAggregates(FunctionRegistry& registry) {
  const LogicalType dbl(TypeId::kDouble);
  const LogicalType interval(TypeId::kInterval);
  const LogicalType dbl_array = LogicalType::Array(dbl);
  const LogicalType any(TypeId::kInvalid);
  const LogicalType numeric(TypeId::kNumeric);

  auto cont = Make<double, double, Kind::kCont, FractionForm::kScalar>("percentile_cont", {dbl, dbl}, dbl);
  cont.bind = BindPercentileCont;
  registry.AddAggregate(cont);
  cont = Make<Interval, Interval, Kind::kCont, FractionForm::kScalar>("percentile_cont", {dbl, interval},
                                                                      interval);
  cont.bind = BindPercentileCont;
  registry.AddAggregate(cont);
  cont =
      Make<double, double, Kind::kCont, FractionForm::kArray>("percentile_cont", {dbl_array, dbl}, dbl_array);
  cont.bind = BindPercentileCont;
  registry.AddAggregate(cont);
  cont = Make<Interval, Interval, Kind::kCont, FractionForm::kArray>("percentile_cont", {dbl_array, interval},
                                                                     LogicalType::Array(interval));
  cont.bind = BindPercentileCont;
  registry.AddAggregate(cont);

  auto disc = Make<double, double, Kind::kDisc, FractionForm::kScalar>("percentile_disc", {dbl, any}, any);
  disc.bind = BindAnyOrdered<Kind::kDisc, FractionForm::kScalar>;
  registry.AddAggregate(disc);
  disc = Make<double, double, Kind::kDisc, FractionForm::kArray>("percentile_disc", {dbl_array, any}, any);
  disc.bind = BindAnyOrdered<Kind::kDisc, FractionForm::kArray>;
  registry.AddAggregate(disc);

  auto mode = Make<double, double, Kind::kMode, FractionForm::kNone>("mode", {any}, any);
  mode.bind = BindAnyOrdered<Kind::kMode, FractionForm::kNone>;
  registry.AddAggregate(mode);

  registry.AddAggregate(Make<double, double, Kind::kMedian, FractionForm::kNone>("median", {dbl}, dbl));
  registry.AddAggregate(
      Make<Interval, Interval, Kind::kMedian, FractionForm::kNone>("median", {interval}, interval));
  registry.AddAggregate(
      Make<int16_t, int64_t, Kind::kMedian, FractionForm::kNone>("median", {TypeId::kSmallInt}, numeric));
  registry.AddAggregate(
      Make<int32_t, int64_t, Kind::kMedian, FractionForm::kNone>("median", {TypeId::kInteger}, numeric));
  registry.AddAggregate(
      Make<int64_t, int64_t, Kind::kMedian, FractionForm::kNone>("median", {TypeId::kBigInt}, numeric));
  registry.AddAggregate(
      Make<VarNumeric, VarNumeric, Kind::kMedian, FractionForm::kNone>("median", {numeric}, numeric));
}

}  // namespace stockroom
