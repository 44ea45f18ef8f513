#include "optimizer/expression_sets.hpp"

namespace stockroom {

std::set<idx_t> ReferencedTables(const BoundExpression& expr) {
  std::set<idx_t> tables;
  VisitExpression(expr, [&](const BoundExpression& e) {
    if (e.kind == BoundExprKind::kColumnRef && static_cast<const BoundColumnRef&>(e).depth == 0) {
      tables.insert(static_cast<const BoundColumnRef&>(e).binding.table_index);
    }
  });
  return tables;
}

std::set<idx_t> OutputTables(const LogicalOperator& op) {
  std::set<idx_t> tables;
  for (auto& b : op.GetColumnBindings()) tables.insert(b.table_index);
  return tables;
}

bool IsSubset(const std::set<idx_t>& a, const std::set<idx_t>& b) {
  for (idx_t x : a) {
    if (!b.count(x)) return false;
  }
  return true;
}

void SplitConjunction(std::unique_ptr<BoundExpression> expr, BoundExpressionList& out) {
  if (expr->kind == BoundExprKind::kConjunction && static_cast<BoundConjunction&>(*expr).is_and) {
    for (auto& c : static_cast<BoundConjunction&>(*expr).children) SplitConjunction(std::move(c), out);
    return;
  }
  out.push_back(std::move(expr));
}

std::unique_ptr<BoundExpression> MakeConjunction(BoundExpressionList parts) {
  if (parts.empty()) return nullptr;
  if (parts.size() == 1) return std::move(parts[0]);
  return std::make_unique<BoundConjunction>(true, std::move(parts));
}

}  // namespace stockroom
