#include "execution/executor.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <map>
#include <mutex>

#include "common/error/exception.hpp"
#include "execution/pipeline/task_scheduler.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"

namespace stockroom {

Executor::Executor(ClientContext& context, bool single_threaded)
    : context_(context), scheduler_(&context.db().scheduler()), single_threaded_(single_threaded) {}

idx_t Executor::threads() const {
  if (single_threaded_) return 1;
  int configured = context_.settings().threads;
  int available = scheduler_->threads();
  return static_cast<idx_t>(configured > 0 && configured < available ? configured : available);
}

void Executor::RunParallel(idx_t count, const std::function<void(idx_t)>& task) {
  // The first error is recorded before the other tasks are cancelled, so that it, not a
  // task's "canceling statement" (57014) that it caused, reaches the caller.
  std::mutex mutex;
  std::exception_ptr first;
  auto run = [&](size_t i) {
    try {
      task(i);
    } catch (...) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (!first) first = std::current_exception();
      }
      context_.Cancel();
      throw;
    }
  };
  try {
    if (count <= 1 || single_threaded_) {
      for (idx_t i = 0; i < count; i++) run(i);
      return;
    }
    scheduler_->ParallelFor(count, run);
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex);
    if (first) std::rethrow_exception(first);
    throw;
  }
}

namespace {

// Runs one thread's share of a pipeline.
class PipelineTask {
 public:
  PipelineTask(Executor& executor, Pipeline& pipeline, GlobalSourceState& source_state,
               std::vector<GlobalOperatorState*>& operator_states, idx_t thread)
      : context_{executor.context(), executor, thread},
        pipeline_(pipeline),
        source_state_(source_state),
        operator_states_(operator_states) {}

  void Run() {
    ClientContext& client = context_.client;
    auto local_source = pipeline_.source->GetLocalSourceState(context_, source_state_);
    for (auto* op : pipeline_.operators) {
      local_states_.push_back(op->GetOperatorState(context_));
      intermediates_.push_back(std::make_unique<DataChunk>(op->types));
    }
    auto local_sink = pipeline_.sink->GetLocalSinkState(context_);
    local_sink_ = local_sink.get();
    DataChunk source_chunk(pipeline_.source->types);
    while (true) {
      client.CheckCancelled();
      source_chunk.Reset();
      auto started = std::chrono::steady_clock::now();
      SourceResult result = pipeline_.source->GetData(context_, source_chunk, source_state_, *local_source);
      AddTime(*pipeline_.source, started);
      if (source_chunk.size() > 0) {
        pipeline_.source->rows_out.fetch_add(source_chunk.size(), std::memory_order_relaxed);
        if (!Push(source_chunk, 0)) break;
      }
      if (result == SourceResult::kFinished) break;
    }
    pipeline_.sink->Combine(context_, *pipeline_.sink->sink_state, *local_sink);
  }

 private:
  // Pushes `chunk` through operators[index..] into the sink; false when the pipeline is done.
  bool Push(DataChunk& chunk, idx_t index) {
    if (index == pipeline_.operators.size()) {
      auto started = std::chrono::steady_clock::now();
      pipeline_.sink->Sink(context_, chunk, *pipeline_.sink->sink_state, *local_sink_);
      AddTime(*pipeline_.sink, started);
      return true;
    }
    PhysicalOperator* op = pipeline_.operators[index];
    DataChunk& out = *intermediates_[index];
    while (true) {
      out.Reset();
      auto started = std::chrono::steady_clock::now();
      OperatorResult result = op->Execute(context_, chunk, out, *operator_states_[index], *local_states_[index]);
      AddTime(*op, started);
      if (out.size() > 0) {
        op->rows_out.fetch_add(out.size(), std::memory_order_relaxed);
        if (!Push(out, index + 1)) return false;
      }
      if (result == OperatorResult::kFinished) return false;
      if (result == OperatorResult::kNeedMoreInput) return true;
      // One input chunk can yield any number of output chunks (a cross product).
      context_.client.CheckCancelled();
    }
  }

  // Adds the time since `started` to the operator's EXPLAIN ANALYZE counter (summed over
  // threads, so it is CPU time spent in the operator itself).
  static void AddTime(const PhysicalOperator& op, std::chrono::steady_clock::time_point started) {
    auto elapsed = std::chrono::steady_clock::now() - started;
    op.time_ns.fetch_add(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count(),
                         std::memory_order_relaxed);
  }

  ExecutionContext context_;
  Pipeline& pipeline_;
  GlobalSourceState& source_state_;
  std::vector<GlobalOperatorState*>& operator_states_;
  std::vector<std::unique_ptr<OperatorState>> local_states_;
  std::vector<std::unique_ptr<DataChunk>> intermediates_;
  LocalSinkState* local_sink_ = nullptr;
};

}  // namespace

void Executor::RunPipeline(Pipeline& pipeline) {
  auto source_state = pipeline.source->GetGlobalSourceState(context_);
  std::vector<GlobalOperatorState*> operator_states;
  for (auto* op : pipeline.operators) {
    auto& state = operator_states_[op];
    if (!state) state = op->GetGlobalOperatorState(context_);
    operator_states.push_back(state.get());
  }
  idx_t n = threads();
  if (pipeline.source->IsOrderedSource() || !pipeline.sink->ParallelSink()) n = 1;
  n = std::min(n, std::max<idx_t>(1, source_state->MaxThreads()));
  RunParallel(n, [&](idx_t thread) {
    PipelineTask task(*this, pipeline, *source_state, operator_states, thread);
    task.Run();
  });
}

void Executor::Execute(PhysicalOperator& root) {
  operator_states_.clear();
  PipelineBuilder builder;
  Pipeline* top = builder.NewPipeline();
  top->sink = &root;
  root.children[0]->BuildPipelines(builder, *top);
  auto& pipelines = builder.pipelines();
  // A pipeline that reads an operator's result (the operator as its source, or a hash
  // join it probes) waits for every pipeline that feeds that operator (a right join's
  // unmatched-rows pipeline too). A pipeline whose source is a hash join also waits for
  // every pipeline that probes it (rows of spilled partitions are read back at the end).
  // A pipeline that waits for one feeder of another sink (a CTE scan for the CTE's
  // producer) waits for all of that sink's feeders.
  auto contains = [](const std::vector<PhysicalOperator*>& ops, const PhysicalOperator* op) {
    return std::find(ops.begin(), ops.end(), op) != ops.end();
  };
  auto add_dependency = [](Pipeline& reader, Pipeline* feeder) {
    auto& deps = reader.dependencies;
    if (feeder != &reader && std::find(deps.begin(), deps.end(), feeder) == deps.end()) deps.push_back(feeder);
  };
  for (auto& reader : pipelines) {
    for (auto& feeder : pipelines) {
      bool reads = feeder->sink == reader->source || contains(reader->operators, feeder->sink) ||
                   contains(feeder->operators, reader->source);
      if (reads) add_dependency(*reader, feeder.get());
    }
  }
  for (auto& reader : pipelines) {
    std::vector<Pipeline*> waits_for = reader->dependencies;
    for (auto* dependency : waits_for) {
      if (dependency->sink == reader->sink) continue;  // a continuation of the same stream
      for (auto& feeder : pipelines) {
        if (feeder->sink == dependency->sink) add_dependency(*reader, feeder.get());
      }
    }
  }
  // Sinks fed by several pipelines finalize after the last of them.
  std::vector<Pipeline*> order;
  std::function<void(Pipeline*)> visit = [&](Pipeline* p) {
    if (p->done) return;
    p->done = true;
    for (auto* d : p->dependencies) visit(d);
    order.push_back(p);
  };
  for (auto& p : pipelines) visit(p.get());
  std::map<PhysicalOperator*, int> remaining_feeds;
  for (auto* p : order) remaining_feeds[p->sink]++;
  for (auto* p : order) {
    if (!p->sink->sink_state) p->sink->sink_state = p->sink->GetGlobalSinkState(context_);
    RunPipeline(*p);
    if (--remaining_feeds[p->sink] == 0) {
      ExecutionContext ctx{context_, *this, 0};
      auto start = std::chrono::steady_clock::now();
      p->sink->Finalize(ctx, *p->sink->sink_state);
      auto elapsed = std::chrono::steady_clock::now() - start;
      p->sink->time_ns.fetch_add(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count());
    }
  }
}

}  // namespace stockroom
