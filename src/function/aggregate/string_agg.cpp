// string_agg(text, text) (PostgreSQL) and listagg(text [, text]) (Amazon Redshift).
//
// Values are concatenated in the order rows arrive; the core applies the aggregate's ORDER
// BY (or listagg's WITHIN GROUP) by feeding rows sorted. A NULL value is skipped and a NULL
// delimiter adds nothing. Like PostgreSQL 16's string_agg_combine, a state keeps the
// delimiter that came with its first value and drops it only at finalize, so combining two
// partial states is plain concatenation with the right separator in between. listagg also
// skips empty strings (Redshift: "NULL values and empty strings are ignored").
#include <memory>
#include <string>

#include "function/aggregate/aggregate_executor.hpp"
#include "function/aggregate/aggregate_registration.hpp"

namespace stockroom {

namespace {

struct StringAggBuffer {
  std::string text;   // first delimiter, value, delimiter, value, ...
  size_t prefix = 0;  // length of the first delimiter
};

struct StringAggState {
  StringAggBuffer* buffer;
};

void Append(StringAggState& s, const StringRef* value, const StringRef* delimiter) {
  if (!s.buffer) {
    s.buffer = new StringAggBuffer();
    if (delimiter) {
      s.buffer->text.assign(delimiter->data(), delimiter->size());
      s.buffer->prefix = delimiter->size();
    }
  } else if (delimiter) {
    s.buffer->text.append(delimiter->data(), delimiter->size());
  }
  s.buffer->text.append(value->data(), value->size());
}

void StringAggInitialize(data_ptr_t state) { reinterpret_cast<StringAggState*>(state)->buffer = nullptr; }

// Reads row i of the inputs; returns false when the row adds nothing.
struct RowReader {
  UnifiedVectorFormat value;
  UnifiedVectorFormat delimiter;
  bool has_delimiter;
  bool skip_empty;

  RowReader(Vector inputs[], idx_t input_count, idx_t count, bool skip_empty)
      : has_delimiter(input_count > 1), skip_empty(skip_empty) {
    inputs[0].ToUnified(count, value);
    if (has_delimiter) inputs[1].ToUnified(count, delimiter);
  }
  bool Read(idx_t i, const StringRef** v, const StringRef** d) const {
    idx_t vi = value.Index(i);
    if (!value.validity->RowIsValid(vi)) return false;
    *v = &value.Data<StringRef>()[vi];
    if (skip_empty && (*v)->size() == 0) return false;
    *d = nullptr;
    if (has_delimiter) {
      idx_t di = delimiter.Index(i);
      if (delimiter.validity->RowIsValid(di)) *d = &delimiter.Data<StringRef>()[di];
    }
    return true;
  }
};

template <bool kSkipEmpty>
void StringAggUpdate(Vector inputs[], AggregateInputData&, idx_t input_count, Vector& states, idx_t count) {
  RowReader reader(inputs, input_count, count, kSkipEmpty);
  UnifiedVectorFormat sf = StatePointers(states, count);
  const StringRef *v, *d;
  for (idx_t i = 0; i < count; i++) {
    if (reader.Read(i, &v, &d)) Append(StateAt<StringAggState>(sf, i), v, d);
  }
}

template <bool kSkipEmpty>
void StringAggSimpleUpdate(Vector inputs[], AggregateInputData&, idx_t input_count, data_ptr_t state,
                           idx_t count) {
  RowReader reader(inputs, input_count, count, kSkipEmpty);
  auto& s = *reinterpret_cast<StringAggState*>(state);
  const StringRef *v, *d;
  for (idx_t i = 0; i < count; i++) {
    if (reader.Read(i, &v, &d)) Append(s, v, d);
  }
}

void StringAggCombine(Vector& source, Vector& target, AggregateInputData&, idx_t count) {
  UnifiedVectorFormat sf = StatePointers(source, count);
  UnifiedVectorFormat tf = StatePointers(target, count);
  for (idx_t i = 0; i < count; i++) {
    const StringAggBuffer* from = StateAt<StringAggState>(sf, i).buffer;
    StringAggState& to = StateAt<StringAggState>(tf, i);
    if (!from) continue;
    if (!to.buffer) {
      to.buffer = new StringAggBuffer(*from);
    } else {
      to.buffer->text += from->text;
    }
  }
}

void StringAggFinalize(Vector& states, AggregateInputData&, Vector& result, idx_t count, idx_t offset) {
  UnifiedVectorFormat sf = StatePointers(states, count);
  result.validity().EnsureWritable();
  auto* out = result.Data<StringRef>();
  for (idx_t i = 0; i < count; i++) {
    const StringAggBuffer* buffer = StateAt<StringAggState>(sf, i).buffer;
    if (!buffer) {
      result.validity().SetInvalid(offset + i);
      continue;
    }
    std::string_view text(buffer->text);
    out[offset + i] = result.heap().Add(text.substr(buffer->prefix));
  }
}

void StringAggDestroy(Vector& states, idx_t count) {
  UnifiedVectorFormat sf = StatePointers(states, count);
  for (idx_t i = 0; i < count; i++) {
    StringAggState& s = StateAt<StringAggState>(sf, i);
    delete s.buffer;
    s.buffer = nullptr;
  }
}

AggregateFunction Make(const char* name, std::vector<LogicalType> arguments, LogicalType return_type,
                       bool skip_empty) {
  AggregateFunction f;
  f.name = name;
  f.arguments = std::move(arguments);
  f.return_type = return_type;
  f.state_size = sizeof(StringAggState);
  f.initialize = StringAggInitialize;
  f.update = skip_empty ? StringAggUpdate<true> : StringAggUpdate<false>;
  f.simple_update = skip_empty ? StringAggSimpleUpdate<true> : StringAggSimpleUpdate<false>;
  f.combine = StringAggCombine;
  f.finalize = StringAggFinalize;
  f.destroy = StringAggDestroy;
  // A NULL delimiter still lets its value through.
  f.null_handling = NullHandling::kSpecial;
  f.order_sensitive = true;
  return f;
}

}  // namespace

void RegisterStringAgg(FunctionRegistry& registry) {
  registry.AddAggregate(Make("string_agg", {TypeId::kText, TypeId::kText}, TypeId::kText, false));
  // Redshift returns VARCHAR(MAX).
  registry.AddAggregate(Make("listagg", {TypeId::kText}, TypeId::kVarchar, true));
  registry.AddAggregate(Make("listagg", {TypeId::kText, TypeId::kText}, TypeId::kVarchar, true));
}

}  // namespace stockroom
