#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "common/types/vector.hpp"

namespace stockroom {

class ClientContext;
class Pipeline;
class PipelineBuilder;
class Executor;

// What a thread running a pipeline carries: the query's context and the executor.
struct ExecutionContext {
  ClientContext& client;
  Executor& executor;
  idx_t thread_index = 0;
};

struct OperatorState {
  virtual ~OperatorState() = default;
};
struct GlobalOperatorState {
  virtual ~GlobalOperatorState() = default;
};
struct GlobalSourceState {
  virtual ~GlobalSourceState() = default;
  // How many threads may usefully pull from this source.
  virtual idx_t MaxThreads() const { return 1; }
};
struct LocalSourceState {
  virtual ~LocalSourceState() = default;
};
struct GlobalSinkState {
  virtual ~GlobalSinkState() = default;
};
struct LocalSinkState {
  virtual ~LocalSinkState() = default;
};

enum class OperatorResult : uint8_t {
  kNeedMoreInput,   // done with this input chunk
  kHaveMoreOutput,  // call again with the same input for more output
  kFinished,        // no more output will ever come (LIMIT reached)
};

enum class SourceResult : uint8_t { kHaveMoreOutput, kFinished };

// A node of a physical plan. An operator can act as a source (produces chunks at the start
// of a pipeline), a streaming operator (input chunk -> output chunk), and/or a sink (the end
// of a pipeline: consumes chunks, then Finalize). Global states are shared by the threads of
// a pipeline (operators make them thread-safe); local states belong to one thread. A sink's
// global state lives in the operator (`sink_state`) because the pipeline that reads its
// result (the operator as source) needs it; a plan is executed once.
class PhysicalOperator {
 public:
  PhysicalOperator(std::string name, std::vector<LogicalType> types, double estimated_rows)
      : name(std::move(name)), types(std::move(types)), estimated_rows(estimated_rows) {}
  virtual ~PhysicalOperator() = default;

  // Streaming operator interface.
  virtual std::unique_ptr<OperatorState> GetOperatorState(ExecutionContext& context) const;
  virtual std::unique_ptr<GlobalOperatorState> GetGlobalOperatorState(ClientContext& context) const;
  virtual OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output,
                                 GlobalOperatorState& gstate, OperatorState& state) const;

  // Source interface.
  virtual bool IsSource() const { return false; }
  virtual std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ClientContext& context) const;
  virtual std::unique_ptr<LocalSourceState> GetLocalSourceState(ExecutionContext& context,
                                                                GlobalSourceState& gstate) const;
  virtual SourceResult GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                               LocalSourceState& lstate) const;
  // Whether rows leave the source in a meaningful order (ORDER BY results): the pipeline
  // then runs on one thread so the order survives.
  virtual bool IsOrderedSource() const { return false; }

  // Sink interface.
  virtual bool IsSink() const { return false; }
  virtual std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ClientContext& context) const;
  virtual std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context) const;
  virtual void Sink(ExecutionContext& context, DataChunk& chunk, GlobalSinkState& gstate,
                    LocalSinkState& lstate) const;
  // Merges a thread's local state into the global state (called once per thread).
  virtual void Combine(ExecutionContext& context, GlobalSinkState& gstate, LocalSinkState& lstate) const;
  // Called once after every thread combined; may run parallel work through the executor.
  virtual void Finalize(ExecutionContext& context, GlobalSinkState& gstate) const;
  // Whether several threads may sink concurrently.
  virtual bool ParallelSink() const { return true; }

  // Adds this operator to `pipeline` (and creates the pipelines of its children).
  virtual void BuildPipelines(PipelineBuilder& builder, Pipeline& pipeline);

  // EXPLAIN output.
  virtual std::string ParamsToString() const { return ""; }
  // EXPLAIN ANALYZE: what the operator did besides producing rows ("row groups: 3 read,
  // 47 skipped"); empty when nothing to say.
  virtual std::string AnalyzeDetails() const { return ""; }
  std::string ToString(int indent = 0) const;

  std::string name;
  std::vector<LogicalType> types;
  double estimated_rows;
  std::vector<std::unique_ptr<PhysicalOperator>> children;
  mutable std::unique_ptr<GlobalSinkState> sink_state;

  // Per-operator counters for EXPLAIN ANALYZE (rows out, nanoseconds).
  mutable std::atomic<uint64_t> rows_out{0};
  mutable std::atomic<uint64_t> time_ns{0};
};

}  // namespace stockroom
