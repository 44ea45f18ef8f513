#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "pipeline/project.hpp"

namespace stockroom::pipeline {

// The models in dependency order. A model's upstream are the models its SQL reads and the
// models its tests read (a relationships test needs its parent built and tested).
struct ModelGraph {
  std::vector<const Model*> nodes;              // a topological order: upstream first
  std::vector<std::vector<size_t>> upstream;    // direct upstream nodes of each node
};

// Orders `project`'s models. Throws std::runtime_error on a cycle, naming its files.
ModelGraph BuildModelGraph(const Project& project);

// Calls run(i) for every node once all of its upstream nodes' calls returned, on up to
// `threads` threads (the caller's included). Waits for all; rethrows the first exception
// a call threw once the running calls ended (nodes not yet started are not run).
void RunGraph(const ModelGraph& graph, int threads, const std::function<void(size_t)>& run);

}  // namespace stockroom::pipeline
