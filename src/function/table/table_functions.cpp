// Set-returning functions for FROM: generate_series (integers, numeric, timestamps),
// generate_subscripts, unnest, information_schema._pg_expandarray, and the JSON expanders
// (json(b)_array_elements[_text], json(b)_object_keys, json(b)_each[_text]). Each call's
// state produces rows a chunk at a time; LATERAL use starts one state per input row.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "common/error/exception.hpp"
#include "common/types/date_time.hpp"
#include "common/types/json.hpp"
#include "common/types/numeric.hpp"
#include "common/types/time_zone.hpp"
#include "function/function_registry.hpp"
#include "function/table/keyword_functions.hpp"
#include "function/scalar/array_value.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

[[noreturn]] void ThrowZeroStep() {
  throw SqlError(ErrorCode::kInvalidParameterValue, "step size cannot equal zero");
}

std::vector<std::string> NamedGenerateSeries(const std::vector<LogicalType>&) { return {"generate_series"}; }
std::vector<LogicalType> FirstArgumentType(const std::vector<LogicalType>& types) { return {types[0]}; }

// ---- generate_series over integers ----

template <class T>
struct IntSeries : TableFunctionState {
  T current;
  T stop;
  T step;
  bool done = false;
};

template <class T>
T ArgAs(const Value& v) {
  return static_cast<T>(v.GetAsInt64());
}

template <class T>
std::unique_ptr<TableFunctionState> InitIntSeries(ClientContext&, const std::vector<Value>& args) {
  auto state = std::make_unique<IntSeries<T>>();
  state->current = ArgAs<T>(args[0]);
  state->stop = ArgAs<T>(args[1]);
  state->step = args.size() > 2 ? ArgAs<T>(args[2]) : T{1};
  if (state->step == 0) ThrowZeroStep();
  return state;
}

template <class T>
bool NextIntSeries(ClientContext& context, TableFunctionState& base, DataChunk& output) {
  auto& s = static_cast<IntSeries<T>&>(base);
  context.CheckCancelled();
  T* out = output.column(0).Data<T>();
  idx_t n = 0;
  while (n < kVectorSize && !s.done) {
    if ((s.step > 0 && s.current > s.stop) || (s.step < 0 && s.current < s.stop)) {
      s.done = true;
      break;
    }
    out[n++] = s.current;
    // Stop instead of wrapping around at the type's limit, as PostgreSQL does.
    if (__builtin_add_overflow(s.current, s.step, &s.current)) s.done = true;
  }
  output.SetCardinality(n);
  return n > 0;
}

// ---- generate_series over numeric ----

struct NumericSeries : TableFunctionState {
  VarNumeric current;
  VarNumeric stop;
  VarNumeric step;
  int sign = 1;
  bool done = false;
};

VarNumeric AsVarNumeric(const Value& v) {
  if (v.type().IsUnconstrainedNumeric()) return v.GetVarNumeric();
  if (v.type().id() == TypeId::kNumeric) return VarNumeric{v.GetInt128(), v.type().scale()};
  return VarNumeric{v.GetAsInt64(), 0};
}

std::unique_ptr<TableFunctionState> InitNumericSeries(ClientContext&, const std::vector<Value>& args) {
  auto state = std::make_unique<NumericSeries>();
  state->current = AsVarNumeric(args[0]);
  state->stop = AsVarNumeric(args[1]);
  state->step = args.size() > 2 ? AsVarNumeric(args[2]) : VarNumeric{1, 0};
  state->sign = numeric::Sign(state->step);
  if (state->sign == 0) ThrowZeroStep();
  return state;
}

bool NextNumericSeries(ClientContext& context, TableFunctionState& base, DataChunk& output) {
  auto& s = static_cast<NumericSeries&>(base);
  context.CheckCancelled();
  auto* out = output.column(0).Data<VarNumeric>();
  idx_t n = 0;
  while (n < kVectorSize && !s.done) {
    int c = numeric::Compare(s.current, s.stop);
    if ((s.sign > 0 && c > 0) || (s.sign < 0 && c < 0)) {
      s.done = true;
      break;
    }
    out[n++] = s.current;
    try {
      s.current = numeric::Add(s.current, s.step);
    } catch (const SqlError&) {
      s.done = true;  // past numeric's range: nothing further can be within the bounds
    }
  }
  output.SetCardinality(n);
  return n > 0;
}

// ---- generate_series over timestamps ----

template <bool kTz>
struct TimestampSeries : TableFunctionState {
  int64_t current;
  int64_t stop;
  Interval step;
  int sign;
  bool done = false;
  const TimeZone* tz = nullptr;
};

template <bool kTz>
std::unique_ptr<TableFunctionState> InitTimestampSeries(ClientContext& context, const std::vector<Value>& args) {
  auto state = std::make_unique<TimestampSeries<kTz>>();
  state->current = args[0].GetInt64();
  state->stop = args[1].GetInt64();
  state->step = args[2].GetInterval();
  int128_t span = state->step.Span();
  if (span == 0) ThrowZeroStep();
  state->sign = span > 0 ? 1 : -1;
  state->tz = &context.time_zone();
  return state;
}

template <bool kTz>
bool NextTimestampSeries(ClientContext& context, TableFunctionState& base, DataChunk& output) {
  auto& s = static_cast<TimestampSeries<kTz>&>(base);
  context.CheckCancelled();
  int64_t* out = output.column(0).Data<int64_t>();
  idx_t n = 0;
  while (n < kVectorSize && !s.done) {
    if ((s.sign > 0 && s.current > s.stop) || (s.sign < 0 && s.current < s.stop)) {
      s.done = true;
      break;
    }
    out[n++] = s.current;
    int64_t next = kTz ? date_time::AddIntervalTz(s.current, s.step, *s.tz) : date_time::AddInterval(s.current, s.step);
    // An infinite or saturated bound would repeat forever.
    if (next == s.current) s.done = true;
    s.current = next;
  }
  output.SetCardinality(n);
  return n > 0;
}

// ---- unnest and generate_subscripts ----

struct UnnestState : TableFunctionState {
  std::string text;
  ArrayValue array;
  LogicalType element;
  size_t next = 0;
};

std::vector<std::string> NamedUnnest(const std::vector<LogicalType>&) { return {"unnest"}; }
std::vector<LogicalType> ElementType(const std::vector<LogicalType>& types) { return {types[0].Element()}; }

std::unique_ptr<TableFunctionState> InitUnnest(ClientContext&, const std::vector<Value>& args) {
  auto state = std::make_unique<UnnestState>();
  state->text = args[0].GetString();
  state->element = args[0].type().Element();
  if (!state->array.Parse(state->text)) {
    throw SqlError(ErrorCode::kInvalidTextRepresentation, "malformed array literal: \"" + state->text + "\"");
  }
  return state;
}

// Writes the `n` elements from s.next on (cast to the element type; all NULL when
// `all_null`) into column 0 of `output` and moves past them.
void WriteElements(ClientContext& context, UnnestState& s, size_t n, bool all_null, DataChunk& output) {
  std::vector<std::string_view> texts(n);
  std::vector<uint8_t> nulls(n);
  for (size_t i = 0; i < n; i++) {
    nulls[i] = all_null || s.array.IsNull(s.next + i);
    if (!nulls[i]) texts[i] = s.array.Element(s.next + i);
  }
  s.next += n;
  Vector converted = CastElements(texts, nulls, s.element, &context);
  Vector& out = output.column(0);
  out.Reset();
  out.CopyFrom(converted, n, 0);
  output.SetCardinality(n);
}

bool NextUnnest(ClientContext& context, TableFunctionState& base, DataChunk& output) {
  auto& s = static_cast<UnnestState&>(base);
  size_t n = std::min<size_t>(kVectorSize, s.array.size() - s.next);
  if (n == 0) return false;
  WriteElements(context, s, n, false, output);
  return true;
}

// information_schema._pg_expandarray(anyarray): (x, n) rows, x the element at each subscript
// of the first dimension and n its position from 1 (pgjdbc reads index keys with it). As
// PostgreSQL's SQL definition ($1[s] for s from array_lower to array_upper), an element of
// a multi-dimensional array is NULL.
std::vector<std::string> NamedExpandArray(const std::vector<LogicalType>&) { return {"x", "n"}; }
std::vector<LogicalType> ElementAndPosition(const std::vector<LogicalType>& types) {
  return {types[0].Element(), TypeId::kInteger};
}

bool NextExpandArray(ClientContext& context, TableFunctionState& base, DataChunk& output) {
  auto& s = static_cast<UnnestState&>(base);
  size_t rows = s.array.ndim() == 0 ? 0 : static_cast<size_t>(s.array.dim(0));
  size_t n = std::min<size_t>(kVectorSize, rows - s.next);
  if (n == 0) return false;
  int32_t* positions = output.column(1).Data<int32_t>();
  for (size_t i = 0; i < n; i++) positions[i] = static_cast<int32_t>(s.next + i + 1);
  WriteElements(context, s, n, s.array.ndim() != 1, output);
  return true;
}

struct SubscriptsState : TableFunctionState {
  int32_t current = 0;
  int32_t stop = -1;
  bool reverse = false;
};

std::vector<std::string> NamedGenerateSubscripts(const std::vector<LogicalType>&) { return {"generate_subscripts"}; }
std::vector<LogicalType> IntegerColumn(const std::vector<LogicalType>&) { return {TypeId::kInteger}; }

std::unique_ptr<TableFunctionState> InitSubscripts(ClientContext&, const std::vector<Value>& args) {
  auto state = std::make_unique<SubscriptsState>();
  ArrayValue array;
  std::string text = args[0].GetString();
  int64_t dim = args[1].GetAsInt64();
  state->reverse = args.size() > 2 && args[2].GetBool();
  if (array.Parse(text) && array.size() > 0 && dim >= 1 && dim <= array.ndim()) {
    int d = static_cast<int>(dim - 1);
    int32_t lo = array.lbound(d);
    int32_t hi = lo + array.dim(d) - 1;
    state->current = state->reverse ? hi : lo;
    state->stop = state->reverse ? lo : hi;
    if (!state->reverse && lo > hi) state->stop = lo - 1;
  } else {
    state->current = 1;
    state->stop = state->reverse ? 2 : 0;  // empty in either direction
  }
  return state;
}

bool NextSubscripts(ClientContext&, TableFunctionState& base, DataChunk& output) {
  auto& s = static_cast<SubscriptsState&>(base);
  int32_t* out = output.column(0).Data<int32_t>();
  idx_t n = 0;
  while (n < kVectorSize && (s.reverse ? s.current >= s.stop : s.current <= s.stop)) {
    out[n++] = s.current;
    s.current += s.reverse ? -1 : 1;
  }
  output.SetCardinality(n);
  return n > 0;
}

// ---- JSON expanders ----

enum class JsonOutput : uint8_t { kJson, kJsonb, kText };

// The members or elements of one JSON value, found lazily one chunk at a time.
struct JsonState : TableFunctionState {
  std::string doc;
  std::string_view value;
  size_t pos = 0;  // offset in `value` of the next member or element
  bool done = false;
  std::string scratch;
};

std::vector<std::string> NamedValue(const std::vector<LogicalType>&) { return {"value"}; }
std::vector<std::string> NamedKeyValue(const std::vector<LogicalType>&) { return {"key", "value"}; }
std::vector<std::string> NamedKeys(const std::vector<LogicalType>& types) {
  return {types[0].id() == TypeId::kJsonb ? "jsonb_object_keys" : "json_object_keys"};
}
std::vector<LogicalType> SameJsonType(const std::vector<LogicalType>& types) { return {types[0]}; }
std::vector<LogicalType> TextColumn(const std::vector<LogicalType>&) { return {TypeId::kText}; }
std::vector<LogicalType> KeyAndSameJson(const std::vector<LogicalType>& types) { return {TypeId::kText, types[0]}; }
std::vector<LogicalType> KeyAndText(const std::vector<LogicalType>&) { return {TypeId::kText, TypeId::kText}; }

[[noreturn]] void ThrowJson(const std::string& message) { throw SqlError(ErrorCode::kInvalidParameterValue, message); }

// Starts a walk over `args[0]`'s top-level container, which must be of `want` kind; the
// error messages are PostgreSQL's, which differ per function.
std::unique_ptr<TableFunctionState> StartJson(const std::vector<Value>& args, json::Kind want, const char* name) {
  auto state = std::make_unique<JsonState>();
  state->doc = args[0].GetString();
  bool jsonb = args[0].type().id() == TypeId::kJsonb;
  if (!jsonb) json::CheckEscapes(state->doc);
  state->value = jsonb ? std::string_view(state->doc) : json::Trim(state->doc);
  json::Kind kind = json::KindOf(state->value);
  bool scalar = kind != json::Kind::kObject && kind != json::Kind::kArray;
  std::string fn = name;
  if (kind != want) {
    if (want == json::Kind::kArray) {
      if (jsonb) ThrowJson(scalar ? "cannot extract elements from a scalar" : "cannot extract elements from an object");
      ThrowJson(scalar ? "cannot call " + fn + " on a scalar" : "cannot call " + fn + " on a non-array");
    }
    if (fn.find("keys") != std::string::npos) {
      ThrowJson(scalar ? "cannot call " + fn + " on a scalar" : "cannot call " + fn + " on an array");
    }
    if (jsonb) ThrowJson("cannot call " + fn + " on a non-object");
    ThrowJson(scalar ? "cannot deconstruct a scalar" : "cannot deconstruct an array as an object");
  }
  state->pos = json::SkipSpace(state->value, 1);
  if (state->pos < state->value.size() && (state->value[state->pos] == ']' || state->value[state->pos] == '}')) {
    state->done = true;
  }
  return state;
}

// Moves past the separator after an item ending at `end`; marks the walk done at the end.
void Advance(JsonState& s, size_t end) {
  size_t pos = json::SkipSpace(s.value, end);
  if (pos >= s.value.size() || s.value[pos] != ',') {
    s.done = true;
    return;
  }
  s.pos = json::SkipSpace(s.value, pos + 1);
}

// Writes `value` to row `row` of `out` as json/jsonb (a slice) or as ->> text.
void WriteJsonValue(JsonOutput mode, std::string_view value, Vector& out, idx_t row, std::string& scratch) {
  auto* data = out.Data<StringRef>();
  if (mode != JsonOutput::kText) {
    data[row] = out.heap().Add(value);
    return;
  }
  json::Kind kind = json::KindOf(value);
  if (kind == json::Kind::kNull) {
    out.validity().SetInvalid(row);
    return;
  }
  if (kind != json::Kind::kString) {
    data[row] = out.heap().Add(value);
    return;
  }
  scratch.clear();
  json::AppendUnescaped(value, scratch);
  data[row] = out.heap().Add(scratch);
}

template <JsonOutput kMode>
std::unique_ptr<TableFunctionState> InitElements(ClientContext&, const std::vector<Value>& args) {
  bool jsonb = args[0].type().id() == TypeId::kJsonb;
  const char* name = kMode == JsonOutput::kText ? (jsonb ? "jsonb_array_elements_text" : "json_array_elements_text")
                                                : (jsonb ? "jsonb_array_elements" : "json_array_elements");
  return StartJson(args, json::Kind::kArray, name);
}

template <JsonOutput kMode>
bool NextElements(ClientContext&, TableFunctionState& base, DataChunk& output) {
  auto& s = static_cast<JsonState&>(base);
  Vector& out = output.column(0);
  out.Reset();
  idx_t n = 0;
  while (n < kVectorSize && !s.done) {
    size_t end = json::SkipValue(s.value, s.pos);
    WriteJsonValue(kMode, s.value.substr(s.pos, end - s.pos), out, n++, s.scratch);
    Advance(s, end);
  }
  output.SetCardinality(n);
  return n > 0;
}

std::unique_ptr<TableFunctionState> InitKeys(ClientContext&, const std::vector<Value>& args) {
  bool jsonb = args[0].type().id() == TypeId::kJsonb;
  return StartJson(args, json::Kind::kObject, jsonb ? "jsonb_object_keys" : "json_object_keys");
}

template <JsonOutput kMode>
std::unique_ptr<TableFunctionState> InitEach(ClientContext&, const std::vector<Value>& args) {
  bool jsonb = args[0].type().id() == TypeId::kJsonb;
  const char* name = kMode == JsonOutput::kText ? (jsonb ? "jsonb_each_text" : "json_each_text")
                                                : (jsonb ? "jsonb_each" : "json_each");
  return StartJson(args, json::Kind::kObject, name);
}

// Emits the members of the object: keys (always text) and, unless `kKeysOnly`, values.
template <bool kKeysOnly, JsonOutput kMode>
bool NextMembers(ClientContext&, TableFunctionState& base, DataChunk& output) {
  auto& s = static_cast<JsonState&>(base);
  Vector& keys = output.column(0);
  keys.Reset();
  if (!kKeysOnly) output.column(1).Reset();
  idx_t n = 0;
  while (n < kVectorSize && !s.done) {
    size_t key_end = json::SkipValue(s.value, s.pos);
    std::string_view key = s.value.substr(s.pos, key_end - s.pos);
    size_t value_start = json::SkipSpace(s.value, json::SkipSpace(s.value, key_end) + 1);
    size_t value_end = json::SkipValue(s.value, value_start);
    WriteJsonValue(JsonOutput::kText, key, keys, n, s.scratch);
    if (!kKeysOnly) {
      WriteJsonValue(kMode, s.value.substr(value_start, value_end - value_start), output.column(1), n, s.scratch);
    }
    n++;
    Advance(s, value_end);
  }
  output.SetCardinality(n);
  return n > 0;
}

TableFunction MakeTable(std::string name, std::vector<LogicalType> arguments,
                        std::vector<std::string> (*names)(const std::vector<LogicalType>&),
                        std::vector<LogicalType> (*types)(const std::vector<LogicalType>&),
                        std::unique_ptr<TableFunctionState> (*init)(ClientContext&, const std::vector<Value>&),
                        bool (*next)(ClientContext&, TableFunctionState&, DataChunk&)) {
  TableFunction f;
  f.name = std::move(name);
  f.arguments = std::move(arguments);
  f.column_names = names;
  f.column_types = types;
  f.init = init;
  f.next = next;
  return f;
}

std::vector<LogicalType> NumericColumn(const std::vector<LogicalType>&) { return {LogicalType(TypeId::kNumeric)}; }

void RegisterGenerateSeries(FunctionRegistry& registry) {
  const LogicalType integer = TypeId::kInteger;
  const LogicalType bigint = TypeId::kBigInt;
  const LogicalType num = TypeId::kNumeric;
  const LogicalType interval = TypeId::kInterval;
  const char* name = "generate_series";
  registry.AddTable(
      MakeTable(name, {integer, integer}, NamedGenerateSeries, FirstArgumentType, InitIntSeries<int32_t>,
                NextIntSeries<int32_t>));
  registry.AddTable(MakeTable(name, {integer, integer, integer}, NamedGenerateSeries, FirstArgumentType,
                              InitIntSeries<int32_t>, NextIntSeries<int32_t>));
  registry.AddTable(MakeTable(name, {bigint, bigint}, NamedGenerateSeries, FirstArgumentType, InitIntSeries<int64_t>,
                              NextIntSeries<int64_t>));
  registry.AddTable(MakeTable(name, {bigint, bigint, bigint}, NamedGenerateSeries, FirstArgumentType,
                              InitIntSeries<int64_t>, NextIntSeries<int64_t>));
  registry.AddTable(
      MakeTable(name, {num, num}, NamedGenerateSeries, NumericColumn, InitNumericSeries, NextNumericSeries));
  registry.AddTable(
      MakeTable(name, {num, num, num}, NamedGenerateSeries, NumericColumn, InitNumericSeries, NextNumericSeries));
  registry.AddTable(MakeTable(name, {TypeId::kTimestamp, TypeId::kTimestamp, interval}, NamedGenerateSeries,
                              FirstArgumentType, InitTimestampSeries<false>, NextTimestampSeries<false>));
  TableFunction tz = MakeTable(name, {TypeId::kTimestampTz, TypeId::kTimestampTz, interval}, NamedGenerateSeries,
                               FirstArgumentType, InitTimestampSeries<true>, NextTimestampSeries<true>);
  tz.volatility = Volatility::kStable;
  registry.AddTable(tz);
}

void RegisterJsonExpanders(FunctionRegistry& registry) {
  for (TypeId id : {TypeId::kJson, TypeId::kJsonb}) {
    bool b = id == TypeId::kJsonb;
    const LogicalType type = id;
    registry.AddTable(MakeTable(b ? "jsonb_array_elements" : "json_array_elements", {type}, NamedValue,
                                SameJsonType, InitElements<JsonOutput::kJson>, NextElements<JsonOutput::kJson>));
    registry.AddTable(MakeTable(b ? "jsonb_array_elements_text" : "json_array_elements_text", {type}, NamedValue,
                                TextColumn, InitElements<JsonOutput::kText>, NextElements<JsonOutput::kText>));
    registry.AddTable(MakeTable(b ? "jsonb_object_keys" : "json_object_keys", {type}, NamedKeys, TextColumn,
                                InitKeys, NextMembers<true, JsonOutput::kText>));
    registry.AddTable(MakeTable(b ? "jsonb_each" : "json_each", {type}, NamedKeyValue, KeyAndSameJson,
                                InitEach<JsonOutput::kJson>, NextMembers<false, JsonOutput::kJson>));
    registry.AddTable(MakeTable(b ? "jsonb_each_text" : "json_each_text", {type}, NamedKeyValue, KeyAndText,
                                InitEach<JsonOutput::kText>, NextMembers<false, JsonOutput::kText>));
  }
}

}  // namespace

void RegisterTableFunctions(FunctionRegistry& registry) {
  RegisterGenerateSeries(registry);
  RegisterKeywordFunctions(registry);
  const LogicalType any_array = LogicalType::Array(TypeId::kInvalid);
  registry.AddTable(MakeTable("unnest", {any_array}, NamedUnnest, ElementType, InitUnnest, NextUnnest));
  registry.AddTable(
      MakeTable("_pg_expandarray", {any_array}, NamedExpandArray, ElementAndPosition, InitUnnest, NextExpandArray));
  registry.AddTable(MakeTable("generate_subscripts", {any_array, TypeId::kInteger}, NamedGenerateSubscripts,
                              IntegerColumn, InitSubscripts, NextSubscripts));
  registry.AddTable(MakeTable("generate_subscripts", {any_array, TypeId::kInteger, TypeId::kBoolean},
                              NamedGenerateSubscripts, IntegerColumn, InitSubscripts, NextSubscripts));
  RegisterJsonExpanders(registry);
}

}  // namespace stockroom
