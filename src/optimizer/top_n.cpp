#include "optimizer/top_n.hpp"

namespace stockroom {

std::unique_ptr<LogicalOperator> RewriteTopN(std::unique_ptr<LogicalOperator> op) {
  for (auto& c : op->children) c = RewriteTopN(std::move(c));
  if (op->kind != LogicalOperatorKind::kLimit) return op;
  auto& limit = static_cast<LogicalLimit&>(*op);
  if (limit.limit < 0 || op->children[0]->kind != LogicalOperatorKind::kOrder) return op;
  auto& order = static_cast<LogicalOrder&>(*op->children[0]);
  auto top_n = std::make_unique<LogicalTopN>();
  top_n->orders = std::move(order.orders);
  top_n->limit = limit.limit;
  top_n->offset = limit.offset;
  top_n->children.push_back(std::move(order.children[0]));
  top_n->ResolveTypes();
  return top_n;
}

}  // namespace stockroom
