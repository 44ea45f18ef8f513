#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "execution/physical_operator.hpp"
#include "execution/pipeline/pipeline.hpp"

namespace stockroom {

class TaskScheduler;

// Runs a physical plan: cuts it into pipelines, runs each (after its dependencies) on the
// worker pool with one task per thread, and finalizes each sink. Errors in any task cancel
// the others and are rethrown to the caller. One executor per query.
class Executor {
 public:
  // `single_threaded` runs everything on the calling thread (nested plans of a recursive CTE).
  explicit Executor(ClientContext& context, bool single_threaded = false);

  // Runs the plan rooted at `root` (a sink) to completion.
  void Execute(PhysicalOperator& root);
  // Runs task(i) for i in [0, count) in parallel and waits; rethrows the first error.
  void RunParallel(idx_t count, const std::function<void(idx_t)>& task);
  idx_t threads() const;
  ClientContext& context() { return context_; }

 private:
  void RunPipeline(Pipeline& pipeline);

  // Operators' global states, shared by every pipeline an operator is in (a LIMIT above a
  // right join counts the rows of both the probe and the unmatched-rows pipelines).
  std::map<const PhysicalOperator*, std::unique_ptr<GlobalOperatorState>> operator_states_;

  ClientContext& context_;
  TaskScheduler* scheduler_;
  bool single_threaded_;
};

}  // namespace stockroom
