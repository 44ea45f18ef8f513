#include "execution/operator/table_function/physical_table_function.hpp"

#include "execution/expression/expression_executor.hpp"

namespace stockroom {

namespace {

struct FunctionSource : GlobalSourceState {
  std::unique_ptr<TableFunctionState> state;
  bool done = false;
  int64_t ordinal = 0;
  DataChunk rows;
};

struct LateralState : OperatorState {
  explicit LateralState(ClientContext* context) : executor(context) {}
  ExpressionExecutor executor;
  DataChunk args;
  idx_t row = 0;
  bool started = false;
  std::unique_ptr<TableFunctionState> function_state;
  int64_t ordinal = 0;
  DataChunk rows;
};

void AddOrdinality(DataChunk& out, idx_t column, int64_t& ordinal, idx_t n) {
  Vector& v = out.column(column);
  v.Reset();
  for (idx_t i = 0; i < n; i++) v.Data<int64_t>()[i] = ++ordinal;
}

}  // namespace

PhysicalTableFunction::PhysicalTableFunction(std::vector<LogicalType> types, TableFunction function,
                                             BoundExpressionList arguments, bool with_ordinality,
                                             double estimated_rows)
    : PhysicalOperator("TABLE_FUNCTION", std::move(types), estimated_rows),
      function_(std::move(function)),
      arguments_(std::move(arguments)),
      with_ordinality_(with_ordinality) {
  std::vector<LogicalType> arg_types;
  for (auto& a : arguments_) arg_types.push_back(a->type);
  function_types_ = function_.column_types(arg_types);
}

std::unique_ptr<GlobalSourceState> PhysicalTableFunction::GetGlobalSourceState(ClientContext& context) const {
  auto state = std::make_unique<FunctionSource>();
  std::vector<Value> values;
  bool any_null = false;
  for (auto& a : arguments_) {
    values.push_back(ExpressionExecutor::EvaluateConstant(context, *a));
    any_null |= values.back().IsNull();
  }
  if (any_null && !function_.sees_null_arguments) {
    state->done = true;
  } else {
    state->state = function_.init(context, values);
  }
  state->rows.Initialize(function_types_);
  return state;
}

SourceResult PhysicalTableFunction::GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                                            LocalSourceState&) const {
  auto& source = static_cast<FunctionSource&>(gstate);
  if (source.done) return SourceResult::kFinished;
  source.rows.Reset();
  bool more = function_.next(context.client, *source.state, source.rows);
  idx_t n = source.rows.size();
  for (idx_t c = 0; c < function_types_.size(); c++) chunk.column(c).Reference(source.rows.column(c));
  if (with_ordinality_) AddOrdinality(chunk, function_types_.size(), source.ordinal, n);
  chunk.SetCardinality(n);
  if (!more) {
    source.done = true;
    return SourceResult::kFinished;
  }
  return SourceResult::kHaveMoreOutput;
}

std::unique_ptr<OperatorState> PhysicalTableFunction::GetOperatorState(ExecutionContext& context) const {
  auto state = std::make_unique<LateralState>(&context.client);
  std::vector<LogicalType> arg_types;
  for (auto& a : arguments_) {
    state->executor.AddExpression(*a);
    arg_types.push_back(a->type);
  }
  state->args.Initialize(arg_types);
  state->rows.Initialize(function_types_);
  return state;
}

OperatorResult PhysicalTableFunction::Execute(ExecutionContext& context, DataChunk& input, DataChunk& output,
                                              GlobalOperatorState&, OperatorState& ostate) const {
  auto& state = static_cast<LateralState&>(ostate);
  if (!state.started) {
    state.args.Reset();
    state.executor.Execute(input, state.args);
    state.row = 0;
    state.function_state.reset();
    state.started = true;
  }
  idx_t input_width = children[0]->types.size();
  while (state.row < input.size()) {
    if (!state.function_state) {
      std::vector<Value> values;
      bool any_null = false;
      for (idx_t a = 0; a < arguments_.size(); a++) {
        values.push_back(state.args.GetValue(a, state.row));
        any_null |= values.back().IsNull();
      }
      if (any_null && !function_.sees_null_arguments) {
        state.row++;
        continue;
      }
      state.function_state = function_.init(context.client, values);
      state.ordinal = 0;
    }
    state.rows.Reset();
    bool more = function_.next(context.client, *state.function_state, state.rows);
    idx_t n = state.rows.size();
    if (!more) {
      state.function_state.reset();
      state.row++;
    }
    if (n == 0) continue;
    // The input row repeated n times, then the function's columns.
    SelectionVector repeat(n);
    idx_t source_row = more ? state.row : state.row - 1;
    for (idx_t i = 0; i < n; i++) repeat.Set(i, source_row);
    for (idx_t c = 0; c < input_width; c++) output.column(c).Slice(input.column(c), repeat, n);
    for (idx_t c = 0; c < function_types_.size(); c++) output.column(input_width + c).Reference(state.rows.column(c));
    if (with_ordinality_) AddOrdinality(output, input_width + function_types_.size(), state.ordinal, n);
    output.SetCardinality(n);
    return OperatorResult::kHaveMoreOutput;
  }
  state.started = false;
  return OperatorResult::kNeedMoreInput;
}

}  // namespace stockroom
