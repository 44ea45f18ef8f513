#include "pipeline/model_graph.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace stockroom::pipeline {

ModelGraph BuildModelGraph(const Project& project) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < project.models.size(); i++) index[project.models[i].relation] = i;
  std::vector<std::vector<size_t>> upstream(project.models.size());
  auto add = [&](size_t node, const std::string& relation) {
    auto it = index.find(relation);
    if (it == index.end() || it->second == node) return;
    auto& list = upstream[node];
    if (std::find(list.begin(), list.end(), it->second) == list.end()) list.push_back(it->second);
  };
  for (size_t i = 0; i < project.models.size(); i++) {
    for (auto& relation : project.models[i].references) {
      if (relation == project.models[i].relation) {
        throw std::runtime_error(project.models[i].file + ": the model reads itself");
      }
      add(i, relation);
    }
  }
  for (auto& test : project.tests) {
    for (auto& relation : test.references) add(index.at(test.model), relation);
  }

  // Depth-first: a node on the current path reached again closes a cycle.
  enum class Mark { kNew, kOnPath, kDone };
  std::vector<Mark> marks(project.models.size(), Mark::kNew);
  std::vector<size_t> order, path;
  std::function<void(size_t)> visit = [&](size_t node) {
    if (marks[node] == Mark::kDone) return;
    if (marks[node] == Mark::kOnPath) {
      std::string cycle;
      auto start = std::find(path.begin(), path.end(), node);
      for (auto it = start; it != path.end(); ++it) cycle += project.models[*it].file + " -> ";
      throw std::runtime_error("dependency cycle: " + cycle + project.models[node].file);
    }
    marks[node] = Mark::kOnPath;
    path.push_back(node);
    for (size_t up : upstream[node]) visit(up);
    path.pop_back();
    marks[node] = Mark::kDone;
    order.push_back(node);
  };
  for (size_t i = 0; i < project.models.size(); i++) visit(i);

  ModelGraph graph;
  std::vector<size_t> position(order.size());
  for (size_t p = 0; p < order.size(); p++) {
    position[order[p]] = p;
    graph.nodes.push_back(&project.models[order[p]]);
  }
  graph.upstream.resize(order.size());
  for (size_t p = 0; p < order.size(); p++) {
    for (size_t up : upstream[order[p]]) graph.upstream[p].push_back(position[up]);
  }
  return graph;
}

void RunGraph(const ModelGraph& graph, int threads, const std::function<void(size_t)>& run) {
  size_t n = graph.nodes.size();
  std::vector<size_t> waiting(n);  // upstream calls not yet returned
  std::vector<std::vector<size_t>> downstream(n);
  for (size_t i = 0; i < n; i++) {
    waiting[i] = graph.upstream[i].size();
    for (size_t up : graph.upstream[i]) downstream[up].push_back(i);
  }
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<size_t> ready;  // in topological order, so a single thread builds in file order
  for (size_t i = n; i-- > 0;) {
    if (waiting[i] == 0) ready.push_back(i);
  }
  size_t finished = 0, running = 0;
  std::exception_ptr error;

  auto worker = [&] {
    std::unique_lock<std::mutex> lock(mutex);
    while (true) {
      changed.wait(lock, [&] { return !ready.empty() || finished == n || (error && running == 0); });
      if (finished == n || error) return;
      size_t node = ready.back();
      ready.pop_back();
      running++;
      lock.unlock();
      std::exception_ptr thrown;
      try {
        run(node);
      } catch (...) {
        thrown = std::current_exception();
      }
      lock.lock();
      running--;
      finished++;
      if (thrown && !error) error = thrown;
      for (size_t down : downstream[node]) {
        if (--waiting[down] == 0) {
          // Keep `ready` sorted by descending position: back() is the earliest node.
          ready.insert(std::upper_bound(ready.begin(), ready.end(), down, std::greater<size_t>()), down);
        }
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> helpers;
  for (int t = 1; t < std::max(1, threads); t++) helpers.emplace_back(worker);
  worker();
  for (auto& thread : helpers) thread.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace stockroom::pipeline
