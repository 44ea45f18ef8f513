// GREATEST and LEAST. The binder has already coerced every argument to one common type, so
// each overload takes [T, T...]. NULL arguments are ignored; all NULL gives NULL; among
// equal values the first wins, as in PostgreSQL's MinMaxExpr.
#include <cmath>
#include <vector>

#include "binder/expression/bound_expression.hpp"
#include "binder/type_coercion.hpp"
#include "common/types/numeric.hpp"
#include "function/scalar/operators.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {

namespace {

// Ordering as the type's btree opclass sees it (NaN above every other float).
template <class T>
bool Less(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
    return a < b;
  } else if constexpr (std::is_same_v<T, VarNumeric>) {
    return numeric::Compare(a, b) < 0;
  } else if constexpr (std::is_same_v<T, StringRef>) {
    return StringRef::Compare(a, b) < 0;
  } else {
    return a < b;
  }
}

template <class T, bool kGreatest>
void Extreme(DataChunk& args, ExpressionState&, Vector& result) {
  idx_t ncols = args.ColumnCount();
  bool all_constant = AllConstant(args);
  idx_t n = all_constant ? 1 : args.size();
  std::vector<UnifiedVectorFormat> formats(ncols);
  for (idx_t c = 0; c < ncols; c++) args.column(c).ToUnified(n, formats[c]);
  result.Reset();
  if (all_constant) result.SetConstant();
  T* out = result.Data<T>();
  for (idx_t row = 0; row < n; row++) {
    bool found = false;
    T best{};
    for (idx_t c = 0; c < ncols; c++) {
      const UnifiedVectorFormat& f = formats[c];
      idx_t idx = f.Index(row);
      if (!f.validity->RowIsValid(idx)) continue;
      const T& v = f.Data<T>()[idx];
      if (!found || (kGreatest ? Less(best, v) : Less(v, best))) {
        best = v;
        found = true;
      }
    }
    if (found) {
      out[row] = best;
    } else {
      result.validity().SetInvalid(row);
    }
  }
  if constexpr (std::is_same_v<T, StringRef>) {
    for (idx_t c = 0; c < ncols; c++) result.KeepStringsOf(args.column(c));
  }
}

// numeric(p,s) arguments arrive as they are (all of one type after the binder's coercion),
// so the result keeps that type and its unscaled layout; unscaled values of one scale
// order as integers.
std::unique_ptr<FunctionData> BindNumericExtreme(ClientContext& context, ScalarFunction& function,
                                                 std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  bool greatest = function.name == "greatest";
  LogicalType type = arguments[0]->type;
  for (auto& a : arguments) {
    if (a->type != type) type = LogicalType(TypeId::kNumeric);
  }
  if (type.IsUnconstrainedNumeric()) {
    for (auto& a : arguments) a = AddCast(std::move(a), type, false, &context);
  }
  function.return_type = type;
  switch (type.physical()) {
    case PhysicalType::kInt64:
      function.function = greatest ? Extreme<int64_t, true> : Extreme<int64_t, false>;
      break;
    case PhysicalType::kInt128:
      function.function = greatest ? Extreme<int128_t, true> : Extreme<int128_t, false>;
      break;
    default:
      function.function = greatest ? Extreme<VarNumeric, true> : Extreme<VarNumeric, false>;
      break;
  }
  return nullptr;
}

template <class T>
void AddPair(FunctionRegistry& registry, TypeId id) {
  for (bool greatest : {true, false}) {
    ScalarFunction f = MakeScalar(greatest ? "greatest" : "least", {id}, id,
                                  greatest ? Extreme<T, true> : Extreme<T, false>);
    f.varargs = id;
    f.null_handling = NullHandling::kSpecial;
    if (id == TypeId::kNumeric) f.bind = BindNumericExtreme;
    registry.AddScalar(f);
  }
}

}  // namespace

void RegisterGreatestLeast(FunctionRegistry& registry) {
  AddPair<bool>(registry, TypeId::kBoolean);
  AddPair<int16_t>(registry, TypeId::kSmallInt);
  AddPair<int32_t>(registry, TypeId::kInteger);
  AddPair<int64_t>(registry, TypeId::kBigInt);
  AddPair<VarNumeric>(registry, TypeId::kNumeric);
  AddPair<float>(registry, TypeId::kReal);
  AddPair<double>(registry, TypeId::kDouble);
  AddPair<StringRef>(registry, TypeId::kText);
  AddPair<StringRef>(registry, TypeId::kVarchar);
  AddPair<int32_t>(registry, TypeId::kDate);
  AddPair<int64_t>(registry, TypeId::kTimestamp);
  AddPair<int64_t>(registry, TypeId::kTimestampTz);
  AddPair<Interval>(registry, TypeId::kInterval);
}

}  // namespace stockroom
