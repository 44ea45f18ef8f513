// Array construction (ARRAY[...]), subscripts and slices, x op ANY/ALL (array), and the
// array functions PostgreSQL users reach for: array_length/upper/lower/ndims/dims,
// cardinality, array_position(s), array_append/prepend/cat and the || operators.
//
// Arrays are stored as PostgreSQL's array_out text. Kernels take them apart with ArrayValue
// and convert element texts to typed values with the cast layer, a chunk's worth of
// elements per cast call.
#include "function/scalar/array_functions.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "binder/expression/bound_expression.hpp"
#include "binder/type_coercion.hpp"
#include "common/error/exception.hpp"
#include "common/types/interval.hpp"
#include "common/types/numeric.hpp"
#include "common/types/physical_dispatch.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/cast/cast_functions.hpp"
#include "function/scalar/array_value.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {

namespace {

// PostgreSQL's FUNC_MAX_ARGS: ARRAY[...] takes at most this many elements per overload.
constexpr size_t kMaxFunctionArgs = 100;

const LogicalType kAnyArray = LogicalType::Array(TypeId::kInvalid);

// SQLSTATE 22004 (null_value_not_allowed); the error table may not list it yet, in which
// case the data_exception class code stands in.
template <class E>
constexpr E NullNotAllowedCode(decltype(E::kNullValueNotAllowed)*) {
  return E::kNullValueNotAllowed;
}
template <class E>
constexpr E NullNotAllowedCode(...) {
  return E::kDataException;
}

ScalarFunction Make(std::string name, std::vector<LogicalType> arguments, LogicalType return_type,
                    ScalarFunctionPtr function, ScalarBindPtr bind = nullptr,
                    NullHandling nulls = NullHandling::kDefault) {
  ScalarFunction f;
  f.name = std::move(name);
  f.arguments = std::move(arguments);
  f.return_type = return_type;
  f.function = function;
  f.bind = bind;
  f.null_handling = nulls;
  return f;
}

// An untyped literal reaches an "any" parameter as an implicit cast of an unknown constant
// to text; array functions resolve it against the other arguments instead, as PostgreSQL's
// polymorphic resolution does.
void UnwrapUnknown(std::unique_ptr<BoundExpression>& expr) {
  if (expr->kind != BoundExprKind::kCast) return;
  auto& cast = static_cast<BoundCast&>(*expr);
  if (cast.explicit_cast || cast.child->type.id() != TypeId::kUnknown) return;
  expr = std::move(cast.child);
}

bool IsUnknownCast(const BoundExpression& expr) {
  if (expr.kind != BoundExprKind::kCast) return false;
  const auto& cast = static_cast<const BoundCast&>(expr);
  return !cast.explicit_cast && cast.child->type.id() == TypeId::kUnknown;
}

// Elements gathered from many arrays into one batch, copied so that they outlive the
// ArrayValue they came from.
class ElementBatch {
 public:
  void Clear() {
    bytes_.clear();
    offsets_.assign(1, 0);
    nulls_.clear();
  }
  void Add(std::string_view text, bool is_null) {
    if (!is_null) bytes_.append(text);
    offsets_.push_back(bytes_.size());
    nulls_.push_back(is_null ? 1 : 0);
  }
  void AddAll(const ArrayValue& array) {
    for (size_t i = 0; i < array.size(); i++) Add(array.IsNull(i) ? std::string_view() : array.Element(i), array.IsNull(i));
  }
  size_t size() const { return nulls_.size(); }
  // Converts the batch to `type` (views stay valid until the next Add/Clear).
  Vector Cast(const LogicalType& type, ClientContext* context) {
    views_.resize(nulls_.size());
    for (size_t i = 0; i < nulls_.size(); i++) {
      views_[i] = std::string_view(bytes_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
    }
    return CastElements(views_, nulls_, type, context);
  }

 private:
  std::string bytes_;
  std::vector<size_t> offsets_{0};
  std::vector<uint8_t> nulls_;
  std::vector<std::string_view> views_;
};

// Three-way comparison with SQL semantics per physical layout (NaN sorts last, intervals by
// span, char(n) without trailing blanks).
template <class T>
int Compare(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}
template <>
int Compare(const float& a, const float& b) {
  bool an = a != a, bn = b != b;
  if (an || bn) return an == bn ? 0 : (an ? 1 : -1);
  return a < b ? -1 : (b < a ? 1 : 0);
}
template <>
int Compare(const double& a, const double& b) {
  bool an = a != a, bn = b != b;
  if (an || bn) return an == bn ? 0 : (an ? 1 : -1);
  return a < b ? -1 : (b < a ? 1 : 0);
}
template <>
int Compare(const Interval& a, const Interval& b) {
  int128_t x = a.Span(), y = b.Span();
  return x < y ? -1 : (y < x ? 1 : 0);
}
template <>
int Compare(const VarNumeric& a, const VarNumeric& b) {
  return numeric::Compare(a, b);
}
template <>
int Compare(const StringRef& a, const StringRef& b) {
  return StringRef::Compare(a, b);
}

int CompareBlankPadded(const StringRef& a, const StringRef& b) {
  std::string_view x = a.view(), y = b.view();
  while (!x.empty() && x.back() == ' ') x.remove_suffix(1);
  while (!y.empty() && y.back() == ' ') y.remove_suffix(1);
  int c = x.compare(y);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// Compares row `a` of format `fa` with row `b` of format `fb` (same type).
struct RowComparer {
  const LogicalType* type;
  bool blank_padded = false;

  template <class T>
  int Rows(const UnifiedVectorFormat& fa, idx_t a, const UnifiedVectorFormat& fb, idx_t b) const {
    const T& x = fa.Data<T>()[fa.Index(a)];
    const T& y = fb.Data<T>()[fb.Index(b)];
    if constexpr (std::is_same_v<T, StringRef>) {
      if (blank_padded) return CompareBlankPadded(x, y);
    }
    return Compare<T>(x, y);
  }
};

int64_t IndexAt(const UnifiedVectorFormat& f, const LogicalType& type, idx_t row) {
  idx_t i = f.Index(row);
  switch (type.id()) {
    case TypeId::kSmallInt:
      return f.Data<int16_t>()[i];
    case TypeId::kInteger:
      return f.Data<int32_t>()[i];
    default:
      return f.Data<int64_t>()[i];
  }
}

struct Arguments {
  bool constant = false;
  idx_t rows = 0;
  std::vector<UnifiedVectorFormat> formats;

  Arguments(DataChunk& args) : formats(args.ColumnCount()) {
    constant = AllConstant(args);
    rows = constant ? 1 : args.size();
    for (idx_t c = 0; c < args.ColumnCount(); c++) args.column(c).ToUnified(rows, formats[c]);
  }
  bool Valid(idx_t col, idx_t row) const { return formats[col].IsValid(row); }
  std::string_view Text(idx_t col, idx_t row) const {
    return formats[col].Data<StringRef>()[formats[col].Index(row)].view();
  }
};

// Writes `texts` converted to the result's type (rows where nulls[i] are NULL), made
// constant when the inputs were.
void WriteCastResult(ElementBatch& batch, Vector& result, bool constant, ClientContext* context) {
  Vector converted = batch.Cast(result.type(), context);
  result.Reset();
  if (batch.size() > 0) result.CopyFrom(converted, batch.size(), 0);
  if (constant) result.SetConstant();
}

// Collects `array`'s elements and text per the (already validated) layout into `out`.
void AppendText(const ArrayValue& array, std::string& out) {
  std::vector<std::string_view> texts(array.size());
  std::vector<uint8_t> nulls(array.size());
  for (size_t i = 0; i < array.size(); i++) {
    nulls[i] = array.IsNull(i);
    if (!nulls[i]) texts[i] = array.Element(i);
  }
  int dims[ArrayValue::kMaxDim], lbounds[ArrayValue::kMaxDim];
  for (int i = 0; i < array.ndim(); i++) {
    dims[i] = array.dim(i);
    lbounds[i] = array.lbound(i);
  }
  AppendArrayText(array.ndim(), dims, lbounds, texts, nulls, out);
}

// ---- ARRAY[...] ----

std::unique_ptr<FunctionData> BindConstruct(ClientContext& context, ScalarFunction& function,
                                            std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  std::vector<LogicalType> types;
  for (auto& a : arguments) {
    UnwrapUnknown(a);
    types.push_back(a->type);
  }
  LogicalType common = arguments.empty() ? LogicalType(TypeId::kText) : CommonType(types, "ARRAY");
  if (common.id() == TypeId::kUnknown) common = TypeId::kText;
  for (auto& a : arguments) a = AddCast(std::move(a), common, false, &context);
  function.return_type = common.id() == TypeId::kArray ? common : LogicalType::Array(common);
  return nullptr;
}

void ConstructKernel(DataChunk& args, ExpressionState& state, Vector& result) {
  idx_t columns = args.ColumnCount();
  Arguments in(args);
  bool nested = columns > 0 && args.column(0).type().id() == TypeId::kArray;
  // Element texts: string columns as stored, others through their output function.
  std::vector<Vector> texts;
  std::vector<UnifiedVectorFormat> text_formats(columns);
  texts.reserve(columns);
  static const LogicalType kText = TypeId::kText;
  for (idx_t c = 0; c < columns; c++) {
    const Vector& input = args.column(c);
    if (input.type().physical() == PhysicalType::kString) {
      text_formats[c] = in.formats[c];
      continue;
    }
    texts.emplace_back(kText, std::max<idx_t>(in.rows, 1));
    CastParameters params;
    params.context = state.context;
    params.source_type = &input.type();
    params.target_type = &kText;
    CastToText(input, texts.back(), in.rows, params);
    texts.back().ToUnified(in.rows, text_formats[c]);
  }
  result.Reset();
  if (in.constant) result.SetConstant();
  auto* out = result.Data<StringRef>();
  std::string buffer;
  std::vector<std::string_view> elements;
  std::vector<uint8_t> nulls;
  std::vector<ArrayValue> parts(nested ? columns : 0);
  for (idx_t row = 0; row < in.rows; row++) {
    buffer.clear();
    elements.clear();
    nulls.clear();
    if (!nested) {
      for (idx_t c = 0; c < columns; c++) {
        bool valid = text_formats[c].IsValid(row);
        nulls.push_back(valid ? 0 : 1);
        elements.push_back(valid ? text_formats[c].Data<StringRef>()[text_formats[c].Index(row)].view()
                                 : std::string_view());
      }
      int dims[1] = {static_cast<int>(columns)};
      int lbounds[1] = {1};
      AppendArrayText(columns > 0 ? 1 : 0, dims, lbounds, elements, nulls, buffer);
      out[row] = result.heap().Add(buffer);
      continue;
    }
    // ARRAY[ARRAY[...], ...]: sub-arrays of equal dimensions stacked one level deeper.
    auto mismatch = []() {
      return SqlError(ErrorCode::kArraySubscriptError,
                      "multidimensional arrays must have array expressions with matching dimensions");
    };
    bool all_empty = true;
    for (idx_t c = 0; c < columns; c++) {
      if (!in.Valid(c, row)) throw mismatch();
      if (!parts[c].Parse(in.Text(c, row))) throw mismatch();
      if (parts[c].size() > 0) all_empty = false;
    }
    if (all_empty) {
      out[row] = result.heap().Add("{}");
      continue;
    }
    const ArrayValue& first = parts[0];
    for (idx_t c = 0; c < columns; c++) {
      const ArrayValue& p = parts[c];
      if (p.ndim() != first.ndim()) throw mismatch();
      for (int d = 0; d < p.ndim(); d++) {
        if (p.dim(d) != first.dim(d) || p.lbound(d) != first.lbound(d)) throw mismatch();
      }
      for (size_t i = 0; i < p.size(); i++) {
        nulls.push_back(p.IsNull(i));
        elements.push_back(p.IsNull(i) ? std::string_view() : p.Element(i));
      }
    }
    if (first.ndim() + 1 > ArrayValue::kMaxDim) {
      throw SqlError(ErrorCode::kProgramLimitExceeded, "number of array dimensions (" +
                                                           std::to_string(first.ndim() + 1) +
                                                           ") exceeds the maximum allowed (6)");
    }
    int dims[ArrayValue::kMaxDim], lbounds[ArrayValue::kMaxDim];
    dims[0] = static_cast<int>(columns);
    lbounds[0] = 1;
    for (int d = 0; d < first.ndim(); d++) {
      dims[d + 1] = first.dim(d);
      lbounds[d + 1] = first.lbound(d);
    }
    AppendArrayText(first.ndim() + 1, dims, lbounds, elements, nulls, buffer);
    out[row] = result.heap().Add(buffer);
  }
}

// ---- subscripts and slices ----

bool IsCall(const BoundExpression& expr, const char* name) {
  return expr.kind == BoundExprKind::kFunction && static_cast<const BoundFunction&>(expr).function.name == name &&
         !static_cast<const BoundFunction&>(expr).children.empty() &&
         static_cast<const BoundFunction&>(expr).children[0]->type.id() == TypeId::kArray;
}

[[noreturn]] void ThrowNotSubscriptable(const LogicalType& type) {
  throw SqlError(ErrorCode::kDatatypeMismatch,
                 "cannot subscript type " + type.Name() + " because it does not support subscripting");
}

// a[i][j] arrives as array_subscript(array_subscript(a, i), j); PostgreSQL reads it as one
// access with two subscripts, and so do we.
std::unique_ptr<FunctionData> BindSubscript(ClientContext&, ScalarFunction& function,
                                            std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  if (arguments[0]->type.id() != TypeId::kArray) {
    if (!IsCall(*arguments[0], "array_subscript")) ThrowNotSubscriptable(arguments[0]->type);
    auto inner = std::move(static_cast<BoundFunction&>(*arguments[0]).children);
    for (size_t i = 1; i < arguments.size(); i++) inner.push_back(std::move(arguments[i]));
    arguments = std::move(inner);
  }
  if (arguments.size() - 1 > ArrayValue::kMaxDim) {
    throw SqlError(ErrorCode::kProgramLimitExceeded, "number of array dimensions (" +
                                                         std::to_string(arguments.size() - 1) +
                                                         ") exceeds the maximum allowed (6)");
  }
  function.return_type = arguments[0]->type.Element();
  return nullptr;
}

void SubscriptKernel(DataChunk& args, ExpressionState& state, Vector& result) {
  Arguments in(args);
  idx_t subscripts = args.ColumnCount() - 1;
  ArrayValue array;
  ElementBatch batch;
  batch.Clear();
  for (idx_t row = 0; row < in.rows; row++) {
    bool ok = in.Valid(0, row) && array.Parse(in.Text(0, row)) && array.ndim() == static_cast<int>(subscripts);
    size_t offset = 0;
    for (idx_t s = 0; ok && s < subscripts; s++) {
      if (!in.Valid(s + 1, row)) {
        ok = false;
        break;
      }
      int64_t index = IndexAt(in.formats[s + 1], args.column(s + 1).type(), row) - array.lbound(s);
      if (index < 0 || index >= array.dim(s)) {
        ok = false;
        break;
      }
      offset = offset * array.dim(s) + index;
    }
    if (!ok || array.IsNull(offset)) {
      batch.Add(std::string_view(), true);
    } else {
      batch.Add(array.Element(offset), false);
    }
  }
  WriteCastResult(batch, result, in.constant, state.context);
}

// a[l1:u1][l2:u2] and a[i][l:u] arrive nested; PostgreSQL treats every dimension of an
// access with any slice as a slice, a plain subscript i standing for 1:i.
std::unique_ptr<FunctionData> BindSlice(ClientContext&, ScalarFunction& function,
                                        std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  std::vector<std::unique_ptr<BoundExpression>> flat;
  if (IsCall(*arguments[0], "array_slice")) {
    flat = std::move(static_cast<BoundFunction&>(*arguments[0]).children);
  } else if (IsCall(*arguments[0], "array_subscript")) {
    auto inner = std::move(static_cast<BoundFunction&>(*arguments[0]).children);
    flat.push_back(std::move(inner[0]));
    for (size_t i = 1; i < inner.size(); i++) {
      flat.push_back(std::make_unique<BoundConstant>(Value::Integer(1)));
      flat.push_back(std::move(inner[i]));
    }
  } else if (arguments[0]->type.id() != TypeId::kArray) {
    ThrowNotSubscriptable(arguments[0]->type);
  } else {
    flat.push_back(std::move(arguments[0]));
  }
  for (size_t i = 1; i < arguments.size(); i++) flat.push_back(std::move(arguments[i]));
  arguments = std::move(flat);
  if ((arguments.size() - 1) / 2 > ArrayValue::kMaxDim) {
    throw SqlError(ErrorCode::kProgramLimitExceeded, "number of array dimensions (" +
                                                         std::to_string((arguments.size() - 1) / 2) +
                                                         ") exceeds the maximum allowed (6)");
  }
  function.return_type = arguments[0]->type;
  return nullptr;
}

void SliceKernel(DataChunk& args, ExpressionState&, Vector& result) {
  Arguments in(args);
  int pairs = static_cast<int>((args.ColumnCount() - 1) / 2);
  ArrayValue array;
  result.Reset();
  if (in.constant) result.SetConstant();
  auto* out = result.Data<StringRef>();
  std::string buffer;
  std::vector<std::string_view> texts;
  std::vector<uint8_t> nulls;
  for (idx_t row = 0; row < in.rows; row++) {
    if (!in.Valid(0, row)) {
      result.validity().SetInvalid(row);
      continue;
    }
    buffer.clear();
    if (!array.Parse(in.Text(0, row)) || array.size() == 0 || pairs > array.ndim()) {
      out[row] = result.heap().Add("{}");
      continue;
    }
    int ndim = array.ndim();
    int64_t lo[ArrayValue::kMaxDim], hi[ArrayValue::kMaxDim];
    bool empty = false;
    for (int d = 0; d < ndim; d++) {
      int64_t lb = array.lbound(d);
      int64_t ub = lb + array.dim(d) - 1;
      lo[d] = lb;
      hi[d] = ub;
      if (d < pairs) {
        idx_t lc = 1 + 2 * d, uc = 2 + 2 * d;
        if (in.Valid(lc, row)) lo[d] = std::max(lb, IndexAt(in.formats[lc], args.column(lc).type(), row));
        if (in.Valid(uc, row)) hi[d] = std::min(ub, IndexAt(in.formats[uc], args.column(uc).type(), row));
      }
      if (lo[d] > hi[d]) empty = true;
    }
    if (empty) {
      out[row] = result.heap().Add("{}");
      continue;
    }
    texts.clear();
    nulls.clear();
    // Walk the selected box in storage order.
    int64_t index[ArrayValue::kMaxDim];
    for (int d = 0; d < ndim; d++) index[d] = lo[d];
    for (;;) {
      size_t offset = 0;
      for (int d = 0; d < ndim; d++) offset = offset * array.dim(d) + (index[d] - array.lbound(d));
      nulls.push_back(array.IsNull(offset));
      texts.push_back(array.IsNull(offset) ? std::string_view() : array.Element(offset));
      int d = ndim - 1;
      for (; d >= 0; d--) {
        if (++index[d] <= hi[d]) break;
        index[d] = lo[d];
      }
      if (d < 0) break;
    }
    int dims[ArrayValue::kMaxDim], lbounds[ArrayValue::kMaxDim];
    for (int d = 0; d < ndim; d++) {
      dims[d] = static_cast<int>(hi[d] - lo[d] + 1);
      lbounds[d] = 1;
    }
    AppendArrayText(ndim, dims, lbounds, texts, nulls, buffer);
    out[row] = result.heap().Add(buffer);
  }
}

// ---- x op ANY/ALL (array) ----

enum class CompareOp : uint8_t { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

struct AnyAllData : FunctionData {
  CompareOp op;
  LogicalType type;  // the comparison type: the value's, after the bind-time cast
};

bool Holds(CompareOp op, int c) {
  switch (op) {
    case CompareOp::kEqual:
      return c == 0;
    case CompareOp::kNotEqual:
      return c != 0;
    case CompareOp::kLess:
      return c < 0;
    case CompareOp::kLessEqual:
      return c <= 0;
    case CompareOp::kGreater:
      return c > 0;
    case CompareOp::kGreaterEqual:
      return c >= 0;
  }
  return false;
}

// Picks the type `value` and the elements of `array` compare in (PostgreSQL finds the
// operator; here both sides convert to their common type) and casts the value to it.
LogicalType UnifyElement(ClientContext& context, std::unique_ptr<BoundExpression>& value,
                         const LogicalType& element, const std::string& op_symbol) {
  UnwrapUnknown(value);
  if (value->type.id() == TypeId::kUnknown || value->type == element) {
    value = AddCast(std::move(value), element, false, &context);
    return element;
  }
  LogicalType common;
  try {
    common = CommonType({value->type, element}, "ANY/ALL");
  } catch (const SqlError&) {
    throw SqlError(ErrorCode::kUndefinedFunction,
                   "operator does not exist: " + value->type.Name() + " " + op_symbol + " " + element.Name())
        .WithHint("No operator matches the given name and argument types. You might need to add explicit type casts.");
  }
  if (common.id() == TypeId::kChar && element.id() == TypeId::kChar && common != element) common = TypeId::kText;
  value = AddCast(std::move(value), common, false, &context);
  return common;
}

std::unique_ptr<FunctionData> BindAnyAll(ClientContext& context, ScalarFunction& function,
                                         std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  auto data = std::make_unique<AnyAllData>();
  std::string symbol;
  if (arguments[2]->kind == BoundExprKind::kConstant) {
    symbol = static_cast<const BoundConstant&>(*arguments[2]).value.GetString();
  }
  if (symbol == "=") {
    data->op = CompareOp::kEqual;
  } else if (symbol == "<>" || symbol == "!=") {
    data->op = CompareOp::kNotEqual;
  } else if (symbol == "<") {
    data->op = CompareOp::kLess;
  } else if (symbol == "<=") {
    data->op = CompareOp::kLessEqual;
  } else if (symbol == ">") {
    data->op = CompareOp::kGreater;
  } else if (symbol == ">=") {
    data->op = CompareOp::kGreaterEqual;
  } else {
    throw SqlError(ErrorCode::kUndefinedFunction, "operator does not exist: " + arguments[0]->type.Name() + " " +
                                                      symbol + " " + arguments[1]->type.Element().Name())
        .WithHint("No operator matches the given name and argument types. You might need to add explicit type casts.");
  }
  if (arguments[1]->type.id() != TypeId::kArray) {
    throw SqlError(ErrorCode::kWrongObjectType, "op ANY/ALL (array) requires array on right side");
  }
  data->type = UnifyElement(context, arguments[0], arguments[1]->type.Element(), symbol);
  function.return_type = TypeId::kBoolean;
  return data;
}

template <bool kAll>
void AnyAllKernel(DataChunk& args, ExpressionState& state, Vector& result) {
  const auto& data = *static_cast<const AnyAllData*>(state.bind_data);
  Arguments in(args);
  const Vector& arrays = args.column(1);
  bool shared = arrays.kind() == VectorKind::kConstant;
  // Every row's elements, converted to the comparison type in one cast.
  ElementBatch batch;
  batch.Clear();
  std::vector<size_t> starts(in.rows + 1, 0);
  std::vector<uint8_t> array_null(in.rows, 0);
  ArrayValue array;
  for (idx_t row = 0; row < in.rows; row++) {
    starts[row] = batch.size();
    if (shared && row > 0) {
      array_null[row] = array_null[0];
      continue;
    }
    if (!in.Valid(1, row)) {
      array_null[row] = 1;
      continue;
    }
    if (array.Parse(in.Text(1, row))) batch.AddAll(array);
  }
  starts[in.rows] = batch.size();
  if (shared) {
    for (idx_t row = 1; row <= in.rows; row++) starts[row] = starts[in.rows];
  }
  Vector elements = batch.Cast(data.type, state.context);
  UnifiedVectorFormat ef;
  elements.ToUnified(batch.size(), ef);
  const UnifiedVectorFormat& vf = in.formats[0];
  result.Reset();
  if (in.constant) result.SetConstant();
  bool* out = result.Data<bool>();
  ValidityMask& mask = result.validity();
  RowComparer comparer{&data.type, data.type.id() == TypeId::kChar};
  WithPhysicalType(data.type.physical(), [&](auto tag) {
    using T = decltype(tag);
    for (idx_t row = 0; row < in.rows; row++) {
      if (array_null[row]) {
        mask.SetInvalid(row);
        continue;
      }
      size_t begin = shared ? 0 : starts[row];
      size_t end = shared ? starts[in.rows] : starts[row + 1];
      if (begin == end) {
        out[row] = kAll;
        continue;
      }
      if (!vf.IsValid(row)) {
        mask.SetInvalid(row);
        continue;
      }
      bool saw_null = false;
      bool decided = false;
      for (size_t e = begin; e < end; e++) {
        if (!ef.IsValid(e)) {
          saw_null = true;
          continue;
        }
        bool holds = Holds(data.op, comparer.template Rows<T>(vf, row, ef, e));
        if (holds != kAll) {
          out[row] = !kAll;
          decided = true;
          break;
        }
      }
      if (decided) continue;
      if (saw_null) {
        mask.SetInvalid(row);
      } else {
        out[row] = kAll;
      }
    }
  });
}

// ---- dimensions ----

template <class Fn>
void ArrayIntFunction(DataChunk& args, Vector& result, Fn&& fn) {
  Arguments in(args);
  ArrayValue array;
  result.Reset();
  if (in.constant) result.SetConstant();
  auto* out = result.Data<int32_t>();
  for (idx_t row = 0; row < in.rows; row++) {
    bool valid = true;
    for (idx_t c = 0; c < args.ColumnCount(); c++) valid &= in.Valid(c, row);
    int64_t dim = args.ColumnCount() > 1 ? IndexAt(in.formats[1], args.column(1).type(), row) : 0;
    int32_t value = 0;
    if (!valid || !array.Parse(in.Text(0, row)) || !fn(array, dim, &value)) {
      result.validity().SetInvalid(row);
      continue;
    }
    out[row] = value;
  }
}

bool DimInRange(const ArrayValue& a, int64_t dim) { return a.size() > 0 && dim >= 1 && dim <= a.ndim(); }

void ArrayLengthKernel(DataChunk& args, ExpressionState&, Vector& result) {
  ArrayIntFunction(args, result, [](const ArrayValue& a, int64_t dim, int32_t* out) {
    if (!DimInRange(a, dim)) return false;
    *out = a.dim(static_cast<int>(dim - 1));
    return true;
  });
}

void ArrayLowerKernel(DataChunk& args, ExpressionState&, Vector& result) {
  ArrayIntFunction(args, result, [](const ArrayValue& a, int64_t dim, int32_t* out) {
    if (!DimInRange(a, dim)) return false;
    *out = a.lbound(static_cast<int>(dim - 1));
    return true;
  });
}

void ArrayUpperKernel(DataChunk& args, ExpressionState&, Vector& result) {
  ArrayIntFunction(args, result, [](const ArrayValue& a, int64_t dim, int32_t* out) {
    if (!DimInRange(a, dim)) return false;
    int d = static_cast<int>(dim - 1);
    *out = a.lbound(d) + a.dim(d) - 1;
    return true;
  });
}

void ArrayNdimsKernel(DataChunk& args, ExpressionState&, Vector& result) {
  ArrayIntFunction(args, result, [](const ArrayValue& a, int64_t, int32_t* out) {
    if (a.size() == 0) return false;
    *out = a.ndim();
    return true;
  });
}

void CardinalityKernel(DataChunk& args, ExpressionState&, Vector& result) {
  ArrayIntFunction(args, result, [](const ArrayValue& a, int64_t, int32_t* out) {
    *out = static_cast<int32_t>(a.size());
    return true;
  });
}

void ArrayDimsKernel(DataChunk& args, ExpressionState&, Vector& result) {
  ArrayValue array;
  std::string buffer;
  UnaryExecutor::ExecuteWithNulls<StringRef, StringRef>(
      args.column(0), result, args.size(), [&](const StringRef& text, ValidityMask& mask, idx_t row) {
        if (!array.Parse(text.view()) || array.size() == 0) {
          mask.SetInvalid(row);
          return StringRef();
        }
        buffer.clear();
        for (int d = 0; d < array.ndim(); d++) {
          buffer += "[" + std::to_string(array.lbound(d)) + ":" +
                    std::to_string(int64_t{array.lbound(d)} + array.dim(d) - 1) + "]";
        }
        return result.heap().Add(buffer);
      });
}

// ---- array_position(s) ----

struct ElementData : FunctionData {
  LogicalType type;  // the comparison type
};

// array_position(anyarray, anyelement [, int]): both sides convert to their common type.
std::unique_ptr<FunctionData> BindPosition(ClientContext& context, ScalarFunction& function,
                                           std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  auto data = std::make_unique<ElementData>();
  if (arguments[0]->type.id() != TypeId::kArray) {
    throw SqlError(ErrorCode::kUndefinedFunction,
                   "function " + function.name + "(" + arguments[0]->type.Name() + ", " + arguments[1]->type.Name() +
                       ") does not exist");
  }
  data->type = UnifyElement(context, arguments[1], arguments[0]->type.Element(), "=");
  return data;
}

template <bool kAll>
void PositionKernel(DataChunk& args, ExpressionState& state, Vector& result) {
  const auto& data = *static_cast<const ElementData*>(state.bind_data);
  Arguments in(args);
  ArrayValue array;
  result.Reset();
  if (in.constant) result.SetConstant();
  RowComparer comparer{&data.type, data.type.id() == TypeId::kChar};
  std::string buffer;
  std::vector<std::string_view> texts;
  std::vector<uint8_t> nulls;
  ElementBatch batch;
  for (idx_t row = 0; row < in.rows; row++) {
    if (!in.Valid(0, row)) {
      result.validity().SetInvalid(row);
      continue;
    }
    if (!array.Parse(in.Text(0, row))) {
      result.validity().SetInvalid(row);
      continue;
    }
    if (array.ndim() > 1) {
      throw SqlError(ErrorCode::kFeatureNotSupported,
                     "searching for elements in multidimensional arrays is not supported");
    }
    int64_t start = 0;
    if (args.ColumnCount() > 2) {
      if (!in.Valid(2, row)) {
        throw SqlError(NullNotAllowedCode<ErrorCode>(nullptr), "initial position must not be null");
      }
      start = IndexAt(in.formats[2], args.column(2).type(), row) - (array.size() ? array.lbound(0) : 1);
    }
    batch.Clear();
    batch.AddAll(array);
    Vector elements = batch.Cast(data.type, state.context);
    UnifiedVectorFormat ef;
    elements.ToUnified(batch.size(), ef);
    bool search_null = !in.Valid(1, row);
    std::vector<int32_t> found;
    WithPhysicalType(data.type.physical(), [&](auto tag) {
      using T = decltype(tag);
      for (size_t e = static_cast<size_t>(std::max<int64_t>(start, 0)); e < array.size(); e++) {
        bool match = search_null ? !ef.IsValid(e) : (ef.IsValid(e) && comparer.template Rows<T>(in.formats[1], row, ef, e) == 0);
        if (!match) continue;
        found.push_back(static_cast<int32_t>(e) + array.lbound(0));
        if (!kAll) break;
      }
    });
    if (kAll) {
      buffer.clear();
      buffer.push_back('{');
      for (size_t i = 0; i < found.size(); i++) {
        if (i) buffer.push_back(',');
        buffer += std::to_string(found[i]);
      }
      buffer.push_back('}');
      result.Data<StringRef>()[row] = result.heap().Add(buffer);
    } else if (found.empty()) {
      result.validity().SetInvalid(row);
    } else {
      result.Data<int32_t>()[row] = found[0];
    }
  }
}

// ---- array_append, array_prepend, array_cat, || ----

// Resolves an (array, element) pair to the array type both fit in (anycompatible), casting
// each side; `array_index` says which argument is the array.
std::unique_ptr<FunctionData> BindAppend(ClientContext& context, ScalarFunction& function,
                                         std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  size_t a = arguments[0]->type.id() == TypeId::kArray ? 0 : 1;
  size_t e = 1 - a;
  auto& array = arguments[a];
  auto& element = arguments[e];
  UnwrapUnknown(element);
  LogicalType elem_type = array->type.Element();
  if (IsUnknownCast(*array)) {
    // '{1,2}' || 3: the literal is an array of the element's type.
    UnwrapUnknown(array);
    if (element->type.id() == TypeId::kUnknown) element = AddCast(std::move(element), TypeId::kText, false, &context);
    elem_type = element->type;
    array = AddCast(std::move(array), LogicalType::Array(elem_type), false, &context);
  }
  LogicalType common = elem_type;
  if (element->type.id() != TypeId::kUnknown && element->type != elem_type) {
    if (element->type.id() == TypeId::kArray) {
      throw SqlError(ErrorCode::kUndefinedFunction, "function " + function.name + "(" + arguments[0]->type.Name() +
                                                        ", " + arguments[1]->type.Name() + ") does not exist");
    }
    common = CommonType({elem_type, element->type}, function.name);
  }
  element = AddCast(std::move(element), common, false, &context);
  array = AddCast(std::move(array), LogicalType::Array(common), false, &context);
  function.return_type = LogicalType::Array(common);
  return nullptr;
}

std::unique_ptr<FunctionData> BindCat(ClientContext& context, ScalarFunction& function,
                                      std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  auto& left = arguments[0];
  auto& right = arguments[1];
  bool left_literal = IsUnknownCast(*left);
  bool right_literal = IsUnknownCast(*right);
  if (left_literal && !right_literal) {
    UnwrapUnknown(left);
    left = AddCast(std::move(left), right->type, false, &context);
  } else if (right_literal && !left_literal) {
    UnwrapUnknown(right);
    right = AddCast(std::move(right), left->type, false, &context);
  }
  LogicalType common = left->type;
  if (left->type != right->type) {
    common = LogicalType::Array(CommonType({left->type.Element(), right->type.Element()}, function.name));
    left = AddCast(std::move(left), common, false, &context);
    right = AddCast(std::move(right), common, false, &context);
  }
  function.return_type = common.WithoutVector();  // int2vector || int2[] is an int2[]
  return nullptr;
}

[[noreturn]] void ThrowIncompatible(const std::string& detail) {
  throw SqlError(ErrorCode::kArraySubscriptError, "cannot concatenate incompatible arrays").WithDetail(detail);
}

// Concatenates two parsed arrays as array_cat does.
void Concatenate(const ArrayValue& a, const ArrayValue& b, std::string& out) {
  if (a.size() == 0) return AppendText(b, out);
  if (b.size() == 0) return AppendText(a, out);
  std::vector<std::string_view> texts;
  std::vector<uint8_t> nulls;
  auto add = [&](const ArrayValue& v) {
    for (size_t i = 0; i < v.size(); i++) {
      nulls.push_back(v.IsNull(i));
      texts.push_back(v.IsNull(i) ? std::string_view() : v.Element(i));
    }
  };
  int dims[ArrayValue::kMaxDim], lbounds[ArrayValue::kMaxDim];
  int ndim;
  if (a.ndim() == b.ndim()) {
    for (int d = 1; d < a.ndim(); d++) {
      if (a.dim(d) != b.dim(d)) {
        ThrowIncompatible("Arrays with differing element dimensions are not compatible for concatenation.");
      }
    }
    ndim = a.ndim();
    for (int d = 0; d < ndim; d++) {
      dims[d] = a.dim(d);
      lbounds[d] = a.lbound(d);
    }
    dims[0] += b.dim(0);
    add(a);
    add(b);
  } else if (a.ndim() == b.ndim() + 1) {
    for (int d = 0; d < b.ndim(); d++) {
      if (a.dim(d + 1) != b.dim(d)) {
        ThrowIncompatible("Arrays with differing dimensions are not compatible for concatenation.");
      }
    }
    ndim = a.ndim();
    for (int d = 0; d < ndim; d++) {
      dims[d] = a.dim(d);
      lbounds[d] = a.lbound(d);
    }
    dims[0] += 1;
    add(a);
    add(b);
  } else if (a.ndim() + 1 == b.ndim()) {
    for (int d = 0; d < a.ndim(); d++) {
      if (b.dim(d + 1) != a.dim(d)) {
        ThrowIncompatible("Arrays with differing dimensions are not compatible for concatenation.");
      }
    }
    ndim = b.ndim();
    for (int d = 0; d < ndim; d++) {
      dims[d] = b.dim(d);
      lbounds[d] = b.lbound(d);
    }
    dims[0] += 1;
    add(a);
    add(b);
  } else {
    ThrowIncompatible("Arrays of " + std::to_string(a.ndim()) + " and " + std::to_string(b.ndim()) +
                      " dimensions are not compatible for concatenation.");
  }
  AppendArrayText(ndim, dims, lbounds, texts, nulls, out);
}

void CatKernel(DataChunk& args, ExpressionState&, Vector& result) {
  Arguments in(args);
  ArrayValue a, b;
  std::string buffer;
  result.Reset();
  if (in.constant) result.SetConstant();
  auto* out = result.Data<StringRef>();
  for (idx_t row = 0; row < in.rows; row++) {
    bool va = in.Valid(0, row), vb = in.Valid(1, row);
    if (!va && !vb) {
      result.validity().SetInvalid(row);
      continue;
    }
    buffer.clear();
    if (!va || !a.Parse(in.Text(0, row))) a.Parse("{}");
    if (!vb || !b.Parse(in.Text(1, row))) b.Parse("{}");
    Concatenate(a, b, buffer);
    out[row] = result.heap().Add(buffer);
  }
}

// array_append (kPrepend false) and array_prepend: one element joins a one-dimensional
// array, which keeps its lower bound.
template <bool kPrepend>
void AppendKernel(DataChunk& args, ExpressionState& state, Vector& result) {
  idx_t array_col = kPrepend ? 1 : 0;
  idx_t elem_col = 1 - array_col;
  Arguments in(args);
  // Element texts through the element type's output function.
  static const LogicalType kText = TypeId::kText;
  Vector elem_text(kText, std::max<idx_t>(in.rows, 1));
  UnifiedVectorFormat ef;
  const Vector& elem = args.column(elem_col);
  if (elem.type().physical() == PhysicalType::kString) {
    ef = in.formats[elem_col];
  } else {
    CastParameters params;
    params.context = state.context;
    params.source_type = &elem.type();
    params.target_type = &kText;
    CastToText(elem, elem_text, in.rows, params);
    elem_text.ToUnified(in.rows, ef);
  }
  ArrayValue array;
  std::string buffer;
  std::vector<std::string_view> texts;
  std::vector<uint8_t> nulls;
  result.Reset();
  if (in.constant) result.SetConstant();
  auto* out = result.Data<StringRef>();
  for (idx_t row = 0; row < in.rows; row++) {
    bool has_array = in.Valid(array_col, row) && array.Parse(in.Text(array_col, row));
    if (!has_array) array.Parse("{}");
    if (array.ndim() > 1) {
      throw SqlError(ErrorCode::kDataException, "argument must be empty or one-dimensional array");
    }
    texts.clear();
    nulls.clear();
    bool elem_valid = ef.IsValid(row);
    std::string_view elem_view = elem_valid ? ef.Data<StringRef>()[ef.Index(row)].view() : std::string_view();
    if (kPrepend) {
      texts.push_back(elem_view);
      nulls.push_back(!elem_valid);
    }
    for (size_t i = 0; i < array.size(); i++) {
      nulls.push_back(array.IsNull(i));
      texts.push_back(array.IsNull(i) ? std::string_view() : array.Element(i));
    }
    if (!kPrepend) {
      texts.push_back(elem_view);
      nulls.push_back(!elem_valid);
    }
    int dims[1] = {static_cast<int>(texts.size())};
    int lbounds[1] = {array.size() ? array.lbound(0) : 1};
    buffer.clear();
    AppendArrayText(1, dims, lbounds, texts, nulls, buffer);
    out[row] = result.heap().Add(buffer);
  }
}

void AddVariadicConstruct(FunctionRegistry& registry) {
  ScalarFunction f = Make("array_construct", {}, kAnyArray, ConstructKernel, BindConstruct, NullHandling::kSpecial);
  for (size_t arity = 0; arity <= kMaxFunctionArgs; arity++) {
    registry.AddScalar(f);
    f.arguments.push_back(TypeId::kInvalid);
  }
}

}  // namespace

void RegisterArrayFunctions(FunctionRegistry& registry) {
  const LogicalType integer = TypeId::kInteger;
  const LogicalType text = TypeId::kText;
  const LogicalType any = TypeId::kInvalid;
  AddVariadicConstruct(registry);

  // Subscripts are integers; a bigint overload would make a NULL subscript ambiguous.
  ScalarFunction sub = Make("array_subscript", {kAnyArray, integer}, any, SubscriptKernel, BindSubscript,
                            NullHandling::kSpecial);
  sub.varargs = integer;
  registry.AddScalar(sub);
  ScalarFunction slice = Make("array_slice", {kAnyArray, integer, integer}, kAnyArray, SliceKernel, BindSlice,
                              NullHandling::kSpecial);
  slice.varargs = integer;
  registry.AddScalar(slice);
  // Subscripting the result of a subscript (a[i][j], a[i][l:u]): resolved by the hooks.
  ScalarFunction nested_sub = Make("array_subscript", {any, integer}, any, SubscriptKernel, BindSubscript,
                                   NullHandling::kSpecial);
  nested_sub.varargs = integer;
  registry.AddScalar(nested_sub);
  ScalarFunction nested_slice = Make("array_slice", {any, integer, integer}, kAnyArray, SliceKernel, BindSlice,
                                     NullHandling::kSpecial);
  nested_slice.varargs = integer;
  registry.AddScalar(nested_slice);

  registry.AddScalar(Make("array_any_op", {any, kAnyArray, text}, TypeId::kBoolean, AnyAllKernel<false>, BindAnyAll,
                          NullHandling::kSpecial));
  registry.AddScalar(Make("array_all_op", {any, kAnyArray, text}, TypeId::kBoolean, AnyAllKernel<true>, BindAnyAll,
                          NullHandling::kSpecial));

  registry.AddScalar(Make("array_length", {kAnyArray, integer}, integer, ArrayLengthKernel));
  registry.AddScalar(Make("array_lower", {kAnyArray, integer}, integer, ArrayLowerKernel));
  registry.AddScalar(Make("array_upper", {kAnyArray, integer}, integer, ArrayUpperKernel));
  registry.AddScalar(Make("array_ndims", {kAnyArray}, integer, ArrayNdimsKernel));
  registry.AddScalar(Make("array_dims", {kAnyArray}, text, ArrayDimsKernel));
  registry.AddScalar(Make("cardinality", {kAnyArray}, integer, CardinalityKernel));

  registry.AddScalar(Make("array_position", {kAnyArray, any}, integer, PositionKernel<false>, BindPosition,
                          NullHandling::kSpecial));
  registry.AddScalar(Make("array_position", {kAnyArray, any, integer}, integer, PositionKernel<false>, BindPosition,
                          NullHandling::kSpecial));
  registry.AddScalar(Make("array_positions", {kAnyArray, any}, LogicalType::Array(integer), PositionKernel<true>,
                          BindPosition, NullHandling::kSpecial));

  registry.AddScalar(Make("array_append", {kAnyArray, any}, kAnyArray, AppendKernel<false>, BindAppend,
                          NullHandling::kSpecial));
  registry.AddScalar(Make("array_prepend", {any, kAnyArray}, kAnyArray, AppendKernel<true>, BindAppend,
                          NullHandling::kSpecial));
  registry.AddScalar(Make("array_cat", {kAnyArray, kAnyArray}, kAnyArray, CatKernel, BindCat, NullHandling::kSpecial));
  registry.AddScalar(Make("||", {kAnyArray, kAnyArray}, kAnyArray, CatKernel, BindCat, NullHandling::kSpecial));
  registry.AddScalar(Make("||", {kAnyArray, any}, kAnyArray, AppendKernel<false>, BindAppend, NullHandling::kSpecial));
  registry.AddScalar(Make("||", {any, kAnyArray}, kAnyArray, AppendKernel<true>, BindAppend, NullHandling::kSpecial));
}

}  // namespace stockroom
