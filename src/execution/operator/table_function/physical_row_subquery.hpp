#pragma once

#include "binder/expression/bound_expression.hpp"
#include "execution/physical_operator.hpp"

namespace stockroom {

// A correlated subquery over a table function of the input row (LogicalRowSubquery),
// streaming: for each input chunk, the function's rows of every input row are gathered
// into batches (the input row's columns beside each function row), the filter runs once
// per batch, and each input row gets its subquery's value — the value of its one kept
// row (NULL without one, 21000 for a second), or whether one was kept (EXISTS), or with
// aggregates the value over their per-row results (each input row has its aggregate
// states, updated by batch). The output is the input chunk plus that column; nothing
// outlives the chunk.
class PhysicalRowSubquery : public PhysicalOperator {
 public:
  struct Body {
    TableFunction function;
    BoundExpressionList arguments;            // over the input's columns
    std::vector<LogicalType> function_types;  // the function's columns (and ordinality)
    bool with_ordinality = false;
    std::unique_ptr<BoundExpression> filter;  // over input then function columns; may be null
    std::unique_ptr<BoundExpression> value;   // same (input then aggregate columns with
                                              // aggregates); null for EXISTS
    BoundExpressionList aggregates;           // BoundAggregate over input then function columns
    int64_t limit = -1;
    int64_t offset = 0;
  };
  PhysicalRowSubquery(std::vector<LogicalType> types, Body body, double estimated_rows);

  std::unique_ptr<OperatorState> GetOperatorState(ExecutionContext& context) const override;
  OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output, GlobalOperatorState& gstate,
                         OperatorState& state) const override;
  std::string ParamsToString() const override { return body_.function.name; }

 private:
  struct State;
  // Runs the filter and value over the gathered batch and records each kept row's value
  // (or adds the kept rows to their input row's aggregate states).
  void Flush(State& state, DataChunk& input, Vector& result) const;
  // With aggregates: the value over each input row's aggregate results.
  void FinishAggregates(State& state, DataChunk& input, Vector& result) const;

  Body body_;
  std::vector<LogicalType> produced_types_;  // what the function's next() fills (no ordinality)
  std::vector<idx_t> state_offsets_;         // each aggregate's state within a row's states
  idx_t states_size_ = 0;                    // one input row's aggregate states
};

}  // namespace stockroom
