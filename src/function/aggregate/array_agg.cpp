// array_agg(any): the values in arrival order (the core applies the aggregate's ORDER BY)
// as an array in PostgreSQL's text form, NULL elements included: array_agg of 1, NULL, 3
// is '{1,NULL,3}'. Elements print as their type's output function does and are quoted as
// array_out quotes them. array_agg of arrays builds an array of one more dimension
// ('{{1,2},{3,4}}'); as in PostgreSQL those inputs must be non-NULL, non-empty and of
// equal dimensions. No rows give NULL.
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "binder/expression/bound_expression.hpp"
#include "common/error/exception.hpp"
#include "common/types/time_zone.hpp"
#include "function/aggregate/aggregate_executor.hpp"
#include "function/aggregate/aggregate_registration.hpp"
#include "function/aggregate/array_text.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

// The dimensions and lower bounds of an array ('[0:1]={1,2}' has lower bound 0).
struct ArrayShape {
  std::vector<int64_t> dims;
  std::vector<int64_t> lower_bounds;
  friend bool operator==(const ArrayShape& a, const ArrayShape& b) {
    return a.dims == b.dims && a.lower_bounds == b.lower_bounds;
  }
};

struct ArrayAggBuffer {
  std::string elements;  // element texts joined by ','
  idx_t count = 0;
  ArrayShape shape;  // array inputs: the shape every input must share
};

struct ArrayAggState {
  ArrayAggBuffer* buffer;
};

ArrayAggBuffer& BufferOf(ArrayAggState& s) {
  if (!s.buffer) s.buffer = new ArrayAggBuffer();
  return *s.buffer;
}

// Returns the dimensions of an array in text form: the element count of the first
// sub-array at each nesting level ('{{1,2},{3,4}}' -> {2, 2}; '{}' -> {}).
ArrayShape ShapeOf(std::string_view text) {
  size_t start = text.find('{');
  if (start == std::string_view::npos) return {};
  // Per nesting level, along the first sub-array at each level: separators seen, whether
  // it has an element, and whether it has ended.
  std::vector<int64_t> separators;
  std::vector<bool> nonempty;
  std::vector<bool> closed;
  size_t depth = 0;
  bool in_quotes = false;
  auto counting = [&]() { return depth > 0 && !closed[depth - 1]; };
  for (size_t i = start; i < text.size(); i++) {
    char c = text[i];
    if (in_quotes) {
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        in_quotes = false;
      }
      continue;
    }
    if (c == '{') {
      if (counting()) nonempty[depth - 1] = true;
      depth++;
      if (depth > separators.size()) {
        separators.push_back(0);
        nonempty.push_back(false);
        closed.push_back(false);
      }
    } else if (c == '}') {
      if (depth == 0) break;
      closed[depth - 1] = true;
      depth--;
    } else if (c == ',') {
      if (counting()) separators[depth - 1]++;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f') {
      if (counting()) nonempty[depth - 1] = true;
      if (c == '"') in_quotes = true;
      if (c == '\\') i++;
    }
  }
  ArrayShape shape;
  for (size_t d = 0; d < separators.size() && nonempty[d]; d++) shape.dims.push_back(separators[d] + 1);
  // Explicit bounds ('[0:1]=' or '[2]=') precede the braces; absent ones are 1.
  shape.lower_bounds.assign(shape.dims.size(), 1);
  size_t d = 0;
  for (size_t i = 0; i < start && d < shape.lower_bounds.size(); i++) {
    if (text[i] != '[') continue;
    size_t close = text.find(']', i);
    std::string_view bound = text.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1);
    size_t colon = bound.find(':');
    if (colon != std::string_view::npos)
      shape.lower_bounds[d] = std::stoll(std::string(bound.substr(0, colon)));
    d++;
  }
  return shape;
}

void AddArray(ArrayAggState& s, const StringRef& array) {
  ArrayShape shape = ShapeOf(array.view());
  if (shape.dims.empty()) throw SqlError(ErrorCode::kArraySubscriptError, "cannot accumulate empty arrays");
  ArrayAggBuffer& buffer = BufferOf(s);
  if (buffer.count == 0) {
    buffer.shape = std::move(shape);
  } else if (!(buffer.shape == shape)) {
    throw SqlError(ErrorCode::kArraySubscriptError, "cannot accumulate arrays of different dimensionality");
  }
  if (buffer.count) buffer.elements.push_back(',');
  // Explicit bounds go in front of the whole result (BoundsPrefix), not inside it.
  std::string_view text = array.view();
  text.remove_prefix(text.find('{'));
  buffer.elements.append(text);
  buffer.count++;
}

const TimeZone& SessionZone(const AggregateInputData& data) {
  return data.context ? data.context->time_zone() : TimeZone::Utc();
}

// Appends row i to `s`.
struct ElementWriter {
  const LogicalType& type;
  UnifiedVectorFormat format;
  const TimeZone& tz;
  std::string scratch;

  ElementWriter(Vector& input, idx_t count, const TimeZone& tz) : type(input.type()), tz(tz) {
    input.ToUnified(count, format);
  }
  void Add(ArrayAggState& s, idx_t i) {
    idx_t idx = format.Index(i);
    if (type.id() == TypeId::kArray) {
      if (!format.validity->RowIsValid(idx)) {
        throw SqlError(ErrorCode::kDataException, "cannot accumulate null arrays");
      }
      AddArray(s, format.Data<StringRef>()[idx]);
      return;
    }
    ArrayAggBuffer& buffer = BufferOf(s);
    if (buffer.count++) buffer.elements.push_back(',');
    array_text::AppendElement(buffer.elements, type, format, idx, tz, scratch);
  }
};

void ArrayAggInitialize(data_ptr_t state) { reinterpret_cast<ArrayAggState*>(state)->buffer = nullptr; }

void ArrayAggUpdate(Vector inputs[], AggregateInputData& data, idx_t, Vector& states, idx_t count) {
  ElementWriter writer(inputs[0], count, SessionZone(data));
  UnifiedVectorFormat sf = StatePointers(states, count);
  for (idx_t i = 0; i < count; i++) writer.Add(StateAt<ArrayAggState>(sf, i), i);
}

void ArrayAggSimpleUpdate(Vector inputs[], AggregateInputData& data, idx_t, data_ptr_t state, idx_t count) {
  ElementWriter writer(inputs[0], count, SessionZone(data));
  auto& s = *reinterpret_cast<ArrayAggState*>(state);
  for (idx_t i = 0; i < count; i++) writer.Add(s, i);
}

void ArrayAggCombine(Vector& source, Vector& target, AggregateInputData&, idx_t count) {
  UnifiedVectorFormat sf = StatePointers(source, count);
  UnifiedVectorFormat tf = StatePointers(target, count);
  for (idx_t i = 0; i < count; i++) {
    const ArrayAggBuffer* from = StateAt<ArrayAggState>(sf, i).buffer;
    ArrayAggState& to = StateAt<ArrayAggState>(tf, i);
    if (!from || from->count == 0) continue;
    if (!to.buffer || to.buffer->count == 0) {
      delete to.buffer;
      to.buffer = new ArrayAggBuffer(*from);
      continue;
    }
    if (!(from->shape == to.buffer->shape)) {
      throw SqlError(ErrorCode::kArraySubscriptError, "cannot accumulate arrays of different dimensionality");
    }
    to.buffer->elements.push_back(',');
    to.buffer->elements += from->elements;
    to.buffer->count += from->count;
  }
}

// Returns the explicit bounds the result needs ("[1:2][0:1]=") when inputs had lower
// bounds other than 1, as array_out prints them; empty otherwise.
std::string BoundsPrefix(const ArrayAggBuffer& buffer) {
  const ArrayShape& shape = buffer.shape;
  bool default_bounds = true;
  for (int64_t lb : shape.lower_bounds) default_bounds &= lb == 1;
  if (default_bounds) return "";
  std::string out = "[1:" + std::to_string(buffer.count) + "]";
  for (size_t d = 0; d < shape.dims.size(); d++) {
    out += "[" + std::to_string(shape.lower_bounds[d]) + ":" +
           std::to_string(shape.lower_bounds[d] + shape.dims[d] - 1) + "]";
  }
  return out + "=";
}

void ArrayAggFinalize(Vector& states, AggregateInputData&, Vector& result, idx_t count, idx_t offset) {
  UnifiedVectorFormat sf = StatePointers(states, count);
  result.validity().EnsureWritable();
  auto* out = result.Data<StringRef>();
  for (idx_t i = 0; i < count; i++) {
    const ArrayAggBuffer* buffer = StateAt<ArrayAggState>(sf, i).buffer;
    if (!buffer || buffer->count == 0) {
      result.validity().SetInvalid(offset + i);
      continue;
    }
    std::string bounds = BoundsPrefix(*buffer);
    uint32_t length = static_cast<uint32_t>(bounds.size() + buffer->elements.size() + 2);
    char* target = result.heap().Allocate(length);
    std::memcpy(target, bounds.data(), bounds.size());
    target[bounds.size()] = '{';
    std::memcpy(target + bounds.size() + 1, buffer->elements.data(), buffer->elements.size());
    target[length - 1] = '}';
    out[offset + i] = StringRef(target, length);
  }
}

void ArrayAggDestroy(Vector& states, idx_t count) {
  UnifiedVectorFormat sf = StatePointers(states, count);
  for (idx_t i = 0; i < count; i++) {
    ArrayAggState& s = StateAt<ArrayAggState>(sf, i);
    delete s.buffer;
    s.buffer = nullptr;
  }
}

// The result is an array of the argument's type; an array argument gives the same array
// type with one more dimension.
std::unique_ptr<FunctionData> BindArrayAgg(ClientContext&, AggregateFunction& function,
                                           std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  const LogicalType& type = arguments[0]->type;
  function.return_type = type.id() == TypeId::kArray ? type : LogicalType::Array(type);
  return nullptr;
}

}  // namespace

void RegisterArrayAgg(FunctionRegistry& registry) {
  AggregateFunction f;
  f.name = "array_agg";
  f.arguments = {LogicalType(TypeId::kInvalid)};
  f.return_type = LogicalType::Array(TypeId::kText);
  f.state_size = sizeof(ArrayAggState);
  f.initialize = ArrayAggInitialize;
  f.update = ArrayAggUpdate;
  f.simple_update = ArrayAggSimpleUpdate;
  f.combine = ArrayAggCombine;
  f.finalize = ArrayAggFinalize;
  f.destroy = ArrayAggDestroy;
  f.bind = BindArrayAgg;
  f.null_handling = NullHandling::kSpecial;  // NULL values become NULL elements
  f.order_sensitive = true;
  registry.AddAggregate(f);
}

}  // namespace stockroom
