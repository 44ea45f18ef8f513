#pragma once

#include <memory>
#include <vector>

#include "execution/physical_operator.hpp"

namespace stockroom {

// A chain source -> operators -> sink that runs without materializing in between. Pipelines
// run after the pipelines they depend on (a hash join's probe after its build).
class Pipeline {
 public:
  PhysicalOperator* source = nullptr;
  std::vector<PhysicalOperator*> operators;  // in execution order
  PhysicalOperator* sink = nullptr;
  std::vector<Pipeline*> dependencies;
  // Operators whose outer-join rows this pipeline emits after the probe (see PhysicalHashJoin).
  bool done = false;
};

// Owns the pipelines of one plan while they are being built.
class PipelineBuilder {
 public:
  Pipeline* NewPipeline() {
    pipelines_.push_back(std::make_unique<Pipeline>());
    return pipelines_.back().get();
  }
  // Builds a new pipeline that ends in `sink` and whose source is found below `child`;
  // returns it (the caller makes its own pipeline depend on it).
  Pipeline* BuildChildPipeline(PhysicalOperator& sink, PhysicalOperator& child) {
    Pipeline* p = NewPipeline();
    p->sink = &sink;
    child.BuildPipelines(*this, *p);
    return p;
  }
  std::vector<std::unique_ptr<Pipeline>>& pipelines() { return pipelines_; }

 private:
  std::vector<std::unique_ptr<Pipeline>> pipelines_;
};

}  // namespace stockroom
