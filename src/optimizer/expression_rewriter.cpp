#include "optimizer/expression_rewriter.hpp"

#include <algorithm>

#include "common/error/exception.hpp"
#include "common/types/date_time.hpp"
#include "execution/expression/expression_executor.hpp"
#include "function/scalar/utf8.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

// Rewrites date-to-timestamp casts compared with a constant at midnight.
void UnwrapDateCast(std::unique_ptr<BoundExpression>& expr) {
  if (expr->kind != BoundExprKind::kComparison) return;
  auto& cmp = static_cast<BoundComparison&>(*expr);
  auto try_side = [&](std::unique_ptr<BoundExpression>& cast_side, std::unique_ptr<BoundExpression>& const_side) {
    if (cast_side->kind != BoundExprKind::kCast || const_side->kind != BoundExprKind::kConstant) return false;
    auto& cast = static_cast<BoundCast&>(*cast_side);
    if (cast.type.id() != TypeId::kTimestamp || cast.child->type.id() != TypeId::kDate) return false;
    const Value& v = static_cast<BoundConstant&>(*const_side).value;
    if (v.IsNull() || v.type().id() != TypeId::kTimestamp) return false;
    int64_t ts = v.GetInt64();
    if (ts == date_time::kTimestampInfinity || ts == date_time::kTimestampNegInfinity) return false;
    int32_t days;
    int64_t time_of_day;
    date_time::SplitTimestamp(ts, &days, &time_of_day);
    if (time_of_day != 0) return false;
    const_side = std::make_unique<BoundConstant>(Value::Date(days));
    cast_side = std::move(cast.child);
    return true;
  };
  if (!try_side(cmp.left, cmp.right)) try_side(cmp.right, cmp.left);
}

// char(n) column = text constant, compared as text (the column's trailing blanks
// stripped): the binder's choice when the other side is bpchar without a length (an
// untyped parameter, as libpq and node-postgres send them) or text. When the constant has
// no trailing blank and at most n characters, the same rows match the column compared with
// the constant padded to n, which a scan filters itself and zone maps can prune.
void UnwrapCharCast(std::unique_ptr<BoundExpression>& expr) {
  if (expr->kind != BoundExprKind::kComparison) return;
  auto& cmp = static_cast<BoundComparison&>(*expr);
  if (cmp.comparison != ComparisonKind::kEqual && cmp.comparison != ComparisonKind::kNotEqual) return;
  auto try_side = [&](std::unique_ptr<BoundExpression>& cast_side, std::unique_ptr<BoundExpression>& const_side) {
    if (cast_side->kind != BoundExprKind::kCast || const_side->kind != BoundExprKind::kConstant) return false;
    auto& cast = static_cast<BoundCast&>(*cast_side);
    const LogicalType& column = cast.child->type;
    if (cast.type.id() != TypeId::kText || column.id() != TypeId::kChar || column.width() == 0) return false;
    const Value& v = static_cast<BoundConstant&>(*const_side).value;
    if (v.IsNull() || v.type().id() != TypeId::kText) return false;
    const std::string& text = v.GetString();
    int64_t chars = utf8::CountChars(text);
    if ((!text.empty() && text.back() == ' ') || chars > column.width()) return false;
    const_side = std::make_unique<BoundConstant>(Value::String(column, text + std::string(column.width() - chars, ' ')));
    cast_side = std::move(cast.child);
    return true;
  };
  if (!try_side(cmp.left, cmp.right)) try_side(cmp.right, cmp.left);
}

// (A AND B) OR (A AND C)  ->  A AND (B OR C): pulls conjuncts every branch shares out of an
// OR, so a join condition repeated in each branch (TPC-H Q19) can become a hash join key.
void FactorOr(std::unique_ptr<BoundExpression>& expr) {
  if (expr->kind != BoundExprKind::kConjunction || static_cast<BoundConjunction&>(*expr).is_and) return;
  auto& disjunction = static_cast<BoundConjunction&>(*expr);
  std::vector<BoundExpressionList> branches;
  for (auto& child : disjunction.children) {
    BoundExpressionList parts;
    if (child->kind == BoundExprKind::kConjunction && static_cast<BoundConjunction&>(*child).is_and) {
      for (auto& c : static_cast<BoundConjunction&>(*child).children) parts.push_back(c->Copy());
    } else {
      parts.push_back(child->Copy());
    }
    branches.push_back(std::move(parts));
  }
  BoundExpressionList common;
  for (auto& candidate : branches[0]) {
    if (candidate->IsVolatile()) continue;
    bool everywhere = true;
    for (size_t b = 1; b < branches.size() && everywhere; b++) {
      everywhere = std::any_of(branches[b].begin(), branches[b].end(),
                               [&](const std::unique_ptr<BoundExpression>& e) { return e->Equals(*candidate); });
    }
    bool seen = std::any_of(common.begin(), common.end(),
                            [&](const std::unique_ptr<BoundExpression>& e) { return e->Equals(*candidate); });
    if (everywhere && !seen) common.push_back(candidate->Copy());
  }
  if (common.empty()) return;
  BoundExpressionList rest;
  bool any_branch_empty = false;
  for (auto& branch : branches) {
    BoundExpressionList remaining;
    for (auto& e : branch) {
      bool shared = std::any_of(common.begin(), common.end(),
                                [&](const std::unique_ptr<BoundExpression>& c) { return c->Equals(*e); });
      if (!shared) remaining.push_back(std::move(e));
    }
    if (remaining.empty()) any_branch_empty = true;
    rest.push_back(remaining.size() == 1 ? std::move(remaining[0])
                                         : std::make_unique<BoundConjunction>(true, std::move(remaining)));
  }
  BoundExpressionList result = std::move(common);
  if (!any_branch_empty) result.push_back(std::make_unique<BoundConjunction>(false, std::move(rest)));
  expr = result.size() == 1 ? std::move(result[0]) : std::make_unique<BoundConjunction>(true, std::move(result));
}

}  // namespace

void ExpressionRewriter::Rewrite(std::unique_ptr<BoundExpression>& expr) {
  RewriteExpression(expr, [&](std::unique_ptr<BoundExpression>& node) {
    if (node->kind != BoundExprKind::kConstant && node->kind != BoundExprKind::kColumnRef && node->IsFoldable()) {
      try {
        Value v = ExpressionExecutor::EvaluateConstant(context_, *node);
        auto folded = std::make_unique<BoundConstant>(v);
        folded->type = node->type;
        folded->alias = node->alias;
        folded->location = node->location;
        node = std::move(folded);
        return;
      } catch (const SqlError&) {
        // Evaluated (and reported) at run time only if a row reaches it.
      }
    }
    UnwrapDateCast(node);
    UnwrapCharCast(node);
    FactorOr(node);
  });
}

void ExpressionRewriter::Rewrite(LogicalOperator& op) {
  op.ForEachExpression([&](std::unique_ptr<BoundExpression>& e) { Rewrite(e); });
  for (auto& c : op.children) Rewrite(*c);
}

}  // namespace stockroom
