#pragma once

#include <memory>
#include <vector>

#include "common/types/vector.hpp"
#include "function/function.hpp"

namespace stockroom {

class BoundExpression;
class ClientContext;

// Per-thread scratch a function keeps between calls (a regex match buffer, a cache).
struct FunctionLocalState {
  virtual ~FunctionLocalState() = default;
};

// Evaluation state of one expression node for one thread: its children's states, a chunk
// for their results, and the function's bind data and local state.
struct ExpressionState {
  ExpressionState(const BoundExpression& expr, ClientContext* context) : expr(expr), context(context) {}

  const BoundExpression& expr;
  ClientContext* context;
  const FunctionData* bind_data = nullptr;
  std::unique_ptr<FunctionLocalState> local;
  std::vector<std::unique_ptr<ExpressionState>> children;
  DataChunk intermediate;  // one column per child, reused across calls
};

}  // namespace stockroom
