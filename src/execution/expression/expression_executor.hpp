#pragma once

#include <memory>
#include <vector>

#include "binder/expression/bound_expression.hpp"
#include "execution/expression/expression_state.hpp"

namespace stockroom {

class ClientContext;

// Evaluates bound expressions over chunks, a vector at a time. Expressions reference input
// columns with BoundReference (physical plans). CASE, AND and OR evaluate their later
// branches only on the rows that need them, so `CASE WHEN x = 0 THEN 0 ELSE 1/x END` does
// not divide by zero. One executor per thread: it owns per-thread expression state.
class ExpressionExecutor {
 public:
  explicit ExpressionExecutor(ClientContext* context) : context_(context) {}
  ExpressionExecutor(ClientContext* context, const std::vector<const BoundExpression*>& expressions);

  void AddExpression(const BoundExpression& expr);
  idx_t ExpressionCount() const { return expressions_.size(); }

  // Evaluates every expression over `input` into the matching column of `result`.
  void Execute(DataChunk& input, DataChunk& result);
  // Evaluates expression `index` over `input` into `result`.
  void ExecuteExpression(idx_t index, DataChunk& input, Vector& result);
  // Evaluates boolean expression `index` and writes the positions of rows where it is true
  // into `sel`; returns how many.
  idx_t Select(idx_t index, DataChunk& input, SelectionVector& sel);

  // Evaluates a foldable expression once (constant folding, LIMIT values).
  static Value EvaluateConstant(ClientContext& context, const BoundExpression& expr);

  // Evaluates `expr` with `state` over `input` (input.size() rows) into `result`.
  void Evaluate(const BoundExpression& expr, ExpressionState& state, DataChunk& input, Vector& result);

 private:
  std::unique_ptr<ExpressionState> InitializeState(const BoundExpression& expr);
  idx_t SelectImpl(const BoundExpression& expr, ExpressionState& state, DataChunk& input, SelectionVector& sel);

  void EvaluateCase(const BoundCase& expr, ExpressionState& state, DataChunk& input, Vector& result);
  void EvaluateConjunction(const BoundConjunction& expr, ExpressionState& state, DataChunk& input, Vector& result);
  void EvaluateOperator(const BoundOperator& expr, ExpressionState& state, DataChunk& input, Vector& result);

  ClientContext* context_;
  std::vector<const BoundExpression*> expressions_;
  std::vector<std::unique_ptr<ExpressionState>> states_;
};

// Compares two vectors with `kind` (same physical types), writing booleans (NULL when
// either side is NULL, except for the DISTINCT kinds).
void CompareVectors(ComparisonKind kind, const Vector& left, const Vector& right, Vector& result, idx_t count);
// Like CompareVectors, but writes the positions where the comparison is true to `sel`.
idx_t SelectComparison(ComparisonKind kind, const Vector& left, const Vector& right, idx_t count,
                       SelectionVector& sel);

}  // namespace stockroom
