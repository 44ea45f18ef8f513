#include "execution/operator/table_function/physical_row_subquery.hpp"

#include "common/error/exception.hpp"
#include "execution/expression/expression_executor.hpp"

namespace stockroom {

struct PhysicalRowSubquery::State : OperatorState {
  State(ClientContext* context, const Body& body)
      : context(context), arguments(context), filter(context), value(context), aggregate_inputs(context), body(body) {}
  ~State() override { DestroyStates(); }
  // Frees what the aggregate states of the current chunk's rows own.
  void DestroyStates() {
    if (live_rows == 0) return;
    Vector pointers(TypeId::kBigInt);
    auto* p = reinterpret_cast<data_ptr_t*>(pointers.data());
    for (size_t a = 0; a < body.aggregates.size(); a++) {
      auto& function = static_cast<const BoundAggregate&>(*body.aggregates[a]).function;
      if (!function.destroy) continue;
      for (idx_t row = 0; row < live_rows; row++) p[row] = StateOf(row, a);
      function.destroy(pointers, live_rows);
    }
    live_rows = 0;
  }
  data_ptr_t StateOf(idx_t row, size_t aggregate) const {
    return reinterpret_cast<data_ptr_t>(states.get()) + row * states_size + state_offsets[aggregate];
  }
  ClientContext* context;
  ExpressionExecutor arguments;
  ExpressionExecutor filter;
  ExpressionExecutor value;
  ExpressionExecutor aggregate_inputs;  // every aggregate's arguments, in order
  const Body& body;
  std::unique_ptr<uint64_t[]> states;   // per input row of the chunk: its aggregate states
  std::vector<idx_t> state_offsets;
  idx_t states_size = 0;
  idx_t live_rows = 0;                  // rows whose states are initialized
  DataChunk argument_values;
  DataChunk produced;  // one next() of the function
  DataChunk batch;     // function rows of several input rows
  SelectionVector batch_source;  // the input row of each batch row
  std::vector<int64_t> kept;     // per input row: rows that passed the filter so far
};

PhysicalRowSubquery::PhysicalRowSubquery(std::vector<LogicalType> types, Body body, double estimated_rows)
    : PhysicalOperator("ROW_SUBQUERY", std::move(types), estimated_rows), body_(std::move(body)) {
  produced_types_ = body_.function_types;
  if (body_.with_ordinality) produced_types_.pop_back();
  for (auto& a : body_.aggregates) {
    state_offsets_.push_back(states_size_);
    states_size_ += (static_cast<const BoundAggregate&>(*a).function.state_size + 7) / 8 * 8;
  }
}

std::unique_ptr<OperatorState> PhysicalRowSubquery::GetOperatorState(ExecutionContext& context) const {
  auto state = std::make_unique<State>(&context.client, body_);
  state->state_offsets = state_offsets_;
  state->states_size = states_size_;
  if (!body_.aggregates.empty()) state->states.reset(new uint64_t[kVectorSize * states_size_ / 8 + 1]);
  for (auto& a : body_.aggregates) {
    for (auto& c : static_cast<const BoundAggregate&>(*a).children) state->aggregate_inputs.AddExpression(*c);
  }
  std::vector<LogicalType> argument_types;
  for (auto& a : body_.arguments) {
    state->arguments.AddExpression(*a);
    argument_types.push_back(a->type);
  }
  if (body_.filter) state->filter.AddExpression(*body_.filter);
  if (body_.value) state->value.AddExpression(*body_.value);
  state->argument_values.Initialize(argument_types);
  state->produced.Initialize(produced_types_);
  state->batch.Initialize(body_.function_types);
  return state;
}

OperatorResult PhysicalRowSubquery::Execute(ExecutionContext& context, DataChunk& input, DataChunk& output,
                                            GlobalOperatorState&, OperatorState& ostate) const {
  auto& state = static_cast<State&>(ostate);
  idx_t n = input.size();
  idx_t width = input.ColumnCount();
  for (idx_t c = 0; c < width; c++) output.column(c).Reference(input.column(c));
  Vector& result = output.column(width);
  result.Reset();
  if (!body_.aggregates.empty()) {
    state.DestroyStates();
    for (idx_t row = 0; row < n; row++) {
      for (size_t a = 0; a < body_.aggregates.size(); a++) {
        static_cast<const BoundAggregate&>(*body_.aggregates[a]).function.initialize(state.StateOf(row, a));
      }
      state.live_rows = row + 1;
    }
  } else if (body_.value) {
    result.validity().SetAllInvalid(n);
  } else {
    for (idx_t i = 0; i < n; i++) result.Data<bool>()[i] = false;
  }
  state.kept.assign(n, 0);
  state.argument_values.Reset();
  state.arguments.Execute(input, state.argument_values);
  state.batch.Reset();
  state.batch_source.Initialize();
  idx_t produced_width = produced_types_.size();
  std::vector<Value> arguments(body_.arguments.size());
  for (idx_t row = 0; row < n; row++) {
    bool any_null = false;
    for (idx_t a = 0; a < arguments.size(); a++) {
      arguments[a] = state.argument_values.GetValue(a, row);
      any_null |= arguments[a].IsNull();
    }
    if (any_null && !body_.function.sees_null_arguments) continue;
    auto function_state = body_.function.init(context.client, arguments);
    int64_t ordinal = 0;
    bool more = true;
    while (more) {
      state.produced.Reset();
      more = body_.function.next(context.client, *function_state, state.produced);
      idx_t m = state.produced.size();
      if (m == 0) continue;
      if (state.batch.size() + m > state.batch.capacity()) Flush(state, input, result);
      idx_t offset = state.batch.size();
      for (idx_t c = 0; c < produced_width; c++) state.batch.column(c).CopyFrom(state.produced.column(c), m, offset);
      if (body_.with_ordinality) {
        auto* ordinals = state.batch.column(produced_width).Data<int64_t>();
        for (idx_t i = 0; i < m; i++) ordinals[offset + i] = ++ordinal;
      }
      for (idx_t i = 0; i < m; i++) state.batch_source.Set(offset + i, row);
      state.batch.SetCardinality(offset + m);
    }
  }
  Flush(state, input, result);
  if (!body_.aggregates.empty()) FinishAggregates(state, input, result);
  output.SetCardinality(n);
  return OperatorResult::kNeedMoreInput;
}

void PhysicalRowSubquery::FinishAggregates(State& state, DataChunk& input, Vector& result) const {
  idx_t n = input.size();
  DataChunk values;
  std::vector<LogicalType> types;
  for (idx_t c = 0; c < input.ColumnCount(); c++) types.push_back(input.column(c).type());
  for (auto& a : body_.aggregates) types.push_back(a->type);
  values.Initialize(types, 0);
  for (idx_t c = 0; c < input.ColumnCount(); c++) values.column(c).Reference(input.column(c));
  Vector pointers(TypeId::kBigInt);
  auto* p = reinterpret_cast<data_ptr_t*>(pointers.data());
  for (size_t a = 0; a < body_.aggregates.size(); a++) {
    auto& aggregate = static_cast<const BoundAggregate&>(*body_.aggregates[a]);
    for (idx_t row = 0; row < n; row++) p[row] = state.StateOf(row, a);
    Vector aggregated(aggregate.type);
    AggregateInputData data{aggregate.bind_data.get(), state.context};
    aggregate.function.finalize(pointers, data, aggregated, n, 0);
    values.column(input.ColumnCount() + a).Reference(aggregated);
  }
  values.SetCardinality(n);
  state.DestroyStates();
  state.value.ExecuteExpression(0, values, result);
}

void PhysicalRowSubquery::Flush(State& state, DataChunk& input, Vector& result) const {
  idx_t count = state.batch.size();
  if (count == 0) return;
  // The batch beside its input rows: what the filter and the value read.
  DataChunk rows;
  std::vector<LogicalType> row_types;
  for (idx_t c = 0; c < input.ColumnCount(); c++) row_types.push_back(input.column(c).type());
  row_types.insert(row_types.end(), body_.function_types.begin(), body_.function_types.end());
  rows.Initialize(row_types, 0);
  for (idx_t c = 0; c < input.ColumnCount(); c++) rows.column(c).Slice(input.column(c), state.batch_source, count);
  for (idx_t c = 0; c < body_.function_types.size(); c++) {
    rows.column(input.ColumnCount() + c).Reference(state.batch.column(c));
  }
  rows.SetCardinality(count);
  SelectionVector passed(count);
  idx_t kept = count;
  if (body_.filter) {
    kept = state.filter.Select(0, rows, passed);
    if (kept < count) rows.Slice(passed, kept);
  }
  bool sliced = kept < count;
  if (!body_.aggregates.empty()) {
    // Each kept row goes into its input row's states.
    Vector pointers(TypeId::kBigInt);
    auto* p = reinterpret_cast<data_ptr_t*>(pointers.data());
    idx_t input_index = 0;
    for (size_t a = 0; a < body_.aggregates.size() && kept > 0; a++) {
      auto& aggregate = static_cast<const BoundAggregate&>(*body_.aggregates[a]);
      std::vector<Vector> inputs;
      for (auto& c : aggregate.children) {
        inputs.emplace_back(c->type);
        state.aggregate_inputs.ExecuteExpression(input_index++, rows, inputs.back());
      }
      for (idx_t i = 0; i < kept; i++) p[i] = state.StateOf(state.batch_source.Get(sliced ? passed.Get(i) : i), a);
      AggregateInputData data{aggregate.bind_data.get(), state.context};
      aggregate.function.update(inputs.data(), data, inputs.size(), pointers, kept);
    }
    state.batch.Reset();
    state.batch_source.Initialize();
    return;
  }
  Vector values(body_.value ? body_.value->type : LogicalType(TypeId::kBoolean));
  if (body_.value && kept > 0) state.value.ExecuteExpression(0, rows, values);
  for (idx_t i = 0; i < kept; i++) {
    idx_t row = state.batch_source.Get(sliced ? passed.Get(i) : i);
    int64_t index = state.kept[row]++;
    if (index < body_.offset || (body_.limit >= 0 && index - body_.offset >= body_.limit)) continue;
    if (!body_.value) {
      result.Data<bool>()[row] = true;
    } else if (index > body_.offset) {
      throw SqlError(ErrorCode::kCardinalityViolation, "more than one row returned by a subquery used as an expression");
    } else {
      SelectionVector one(1);
      one.Set(0, i);
      result.CopyFrom(values, one, 1, row);
    }
  }
  // The batch's buffers may be referenced by `rows`: the next batch gets new ones.
  state.batch.Reset();
  state.batch_source.Initialize();
}

}  // namespace stockroom
