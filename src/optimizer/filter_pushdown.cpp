#include "optimizer/filter_pushdown.hpp"

#include "binder/type_coercion.hpp"
#include "catalog/catalog_entry.hpp"
#include "execution/expression/expression_executor.hpp"
#include "main/client_context.hpp"
#include "optimizer/changed_join_keys.hpp"
#include "optimizer/changed_partitions.hpp"
#include "optimizer/expression_sets.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

namespace {

bool IsConstantFalseOrNull(const BoundExpression& e) {
  if (e.kind != BoundExprKind::kConstant) return false;
  const Value& v = static_cast<const BoundConstant&>(e).value;
  return v.IsNull() || (v.type().id() == TypeId::kBoolean && !v.GetBool());
}

bool IsConstantTrue(const BoundExpression& e) {
  if (e.kind != BoundExprKind::kConstant) return false;
  const Value& v = static_cast<const BoundConstant&>(e).value;
  return !v.IsNull() && v.type().id() == TypeId::kBoolean && v.GetBool();
}

// Replaces references to a projection's outputs with the projected expressions.
std::unique_ptr<BoundExpression> Inline(std::unique_ptr<BoundExpression> expr, const LogicalProjection& projection) {
  RewriteExpression(expr, [&](std::unique_ptr<BoundExpression>& node) {
    if (node->kind != BoundExprKind::kColumnRef) return;
    auto& ref = static_cast<BoundColumnRef&>(*node);
    if (ref.depth == 0 && ref.binding.table_index == projection.table_index) {
      node = projection.expressions[ref.binding.column_index]->Copy();
    }
  });
  return expr;
}

bool CanInline(const BoundExpression& expr, const LogicalProjection& projection) {
  bool ok = true;
  VisitExpression(expr, [&](const BoundExpression& e) {
    if (e.kind != BoundExprKind::kColumnRef) return;
    auto& ref = static_cast<const BoundColumnRef&>(e);
    if (ref.depth == 0 && ref.binding.table_index == projection.table_index) {
      const BoundExpression& target = *projection.expressions[ref.binding.column_index];
      if (target.IsVolatile() || target.HasWindow() || target.HasAggregate()) ok = false;
    }
  });
  return ok;
}

}  // namespace

std::unique_ptr<LogicalOperator> FilterPushdown::Rewrite(std::unique_ptr<LogicalOperator> op) {
  next_table_index_ = NextTableIndex(*op);
  return Push(std::move(op), {});
}

// Predicates a window's or aggregate's input can take: `max(x) > c` on its output becomes
// a semi-join with the keys of the recent rows (optimizer/changed_partitions). The predicate
// itself stays above.
void FilterPushdown::SemiJoinChangedPartitions(LogicalOperator& op, const BoundExpressionList& stay) {
  for (auto& p : stay) {
    if (auto input = stockroom::SemiJoinChangedPartitions(op, *p, next_table_index_)) op.children[0] = std::move(input);
  }
}

std::unique_ptr<LogicalOperator> FilterPushdown::Stop(std::unique_ptr<LogicalOperator> op,
                                                      BoundExpressionList predicates) {
  if (predicates.empty()) return op;
  auto filter = std::make_unique<LogicalFilter>();
  filter->expressions = std::move(predicates);
  filter->children.push_back(std::move(op));
  filter->ResolveTypes();
  return filter;
}

std::unique_ptr<LogicalOperator> FilterPushdown::Push(std::unique_ptr<LogicalOperator> op,
                                                      BoundExpressionList predicates) {
  // Drop TRUE conjuncts; a FALSE/NULL conjunct empties the result.
  BoundExpressionList kept;
  for (auto& p : predicates) {
    if (IsConstantTrue(*p)) continue;
    if (IsConstantFalseOrNull(*p)) {
      auto empty = std::make_unique<LogicalEmptyResult>(op->GetColumnBindings(), op->types);
      empty->ResolveTypes();
      return empty;
    }
    if (auto split = SplitGreatest(*p)) p = std::move(split);
    kept.push_back(std::move(p));
  }
  predicates = std::move(kept);
  switch (op->kind) {
    case LogicalOperatorKind::kFilter: {
      for (auto& e : static_cast<LogicalFilter&>(*op).expressions) SplitConjunction(std::move(e), predicates);
      return Push(std::move(op->children[0]), std::move(predicates));
    }
    case LogicalOperatorKind::kProjection: {
      auto& projection = static_cast<LogicalProjection&>(*op);
      BoundExpressionList down, stay;
      for (auto& p : predicates) {
        if (CanInline(*p, projection) && !p->IsVolatile()) {
          down.push_back(Inline(std::move(p), projection));
        } else {
          stay.push_back(std::move(p));
        }
      }
      op->children[0] = Push(std::move(op->children[0]), std::move(down));
      op->ResolveTypes();
      return Stop(std::move(op), std::move(stay));
    }
    case LogicalOperatorKind::kJoin:
    case LogicalOperatorKind::kCrossProduct:
      return PushIntoJoin(std::move(op), std::move(predicates));
    case LogicalOperatorKind::kGet:
      return PushIntoGet(std::move(op), std::move(predicates));
    case LogicalOperatorKind::kAggregate: {
      auto& agg = static_cast<LogicalAggregate&>(*op);
      BoundExpressionList down, stay;
      for (auto& p : predicates) {
        auto tables = ReferencedTables(*p);
        bool only_groups = agg.grouping_sets.empty() && tables.size() == 1 && tables.count(agg.group_index) &&
                           !p->IsVolatile();
        if (!only_groups) {
          stay.push_back(std::move(p));
          continue;
        }
        RewriteExpression(p, [&](std::unique_ptr<BoundExpression>& node) {
          if (node->kind != BoundExprKind::kColumnRef) return;
          auto& ref = static_cast<BoundColumnRef&>(*node);
          if (ref.depth == 0 && ref.binding.table_index == agg.group_index) {
            node = agg.groups[ref.binding.column_index]->Copy();
          }
        });
        down.push_back(std::move(p));
      }
      SemiJoinChangedPartitions(*op, stay);
      op->children[0] = Push(std::move(op->children[0]), std::move(down));
      return Stop(std::move(op), std::move(stay));
    }
    case LogicalOperatorKind::kWindow: {
      // Predicates on columns every window function partitions by filter whole partitions:
      // they go below (as PostgreSQL does). Others stay above.
      auto& window = static_cast<LogicalWindow&>(*op);
      BoundExpressionList down, stay;
      for (auto& p : predicates) {
        bool on_partition_keys = !p->IsVolatile() && !p->HasSubquery();
        VisitExpression(*p, [&](const BoundExpression& e) {
          if (e.kind != BoundExprKind::kColumnRef || static_cast<const BoundColumnRef&>(e).depth != 0) return;
          if (!window.AllPartitionBy(e)) on_partition_keys = false;
        });
        (on_partition_keys ? down : stay).push_back(std::move(p));
      }
      SemiJoinChangedPartitions(*op, stay);
      op->children[0] = Push(std::move(op->children[0]), std::move(down));
      op->ResolveTypes();
      return Stop(std::move(op), std::move(stay));
    }
    case LogicalOperatorKind::kOrder: {
      op->children[0] = Push(std::move(op->children[0]), std::move(predicates));
      return op;
    }
    case LogicalOperatorKind::kRowSubquery: {
      // Predicates not reading the subquery's value filter its input: fewer rows to run it for.
      idx_t result_table = static_cast<LogicalRowSubquery&>(*op).table_index;
      BoundExpressionList down, stay;
      for (auto& p : predicates) {
        bool reads_result = ReferencedTables(*p).count(result_table) > 0;
        (reads_result || p->IsVolatile() ? stay : down).push_back(std::move(p));
      }
      op->children[0] = Push(std::move(op->children[0]), std::move(down));
      op->ResolveTypes();
      return Stop(std::move(op), std::move(stay));
    }
    case LogicalOperatorKind::kCteMaterialize: {
      op->children[0] = Push(std::move(op->children[0]), {});
      op->children[1] = Push(std::move(op->children[1]), std::move(predicates));
      op->ResolveTypes();
      return op;
    }
    case LogicalOperatorKind::kSetOperation: {
      auto& setop = static_cast<LogicalSetOperation&>(*op);
      // Push into both sides of UNION [ALL] / INTERSECT and the left of EXCEPT by renaming
      // the set operation's columns to each side's output columns.
      BoundExpressionList left_preds, right_preds, stay;
      auto left_bindings = op->children[0]->GetColumnBindings();
      auto right_bindings = op->children[1]->GetColumnBindings();
      for (auto& p : predicates) {
        if (p->IsVolatile() || p->HasSubquery()) {
          stay.push_back(std::move(p));
          continue;
        }
        auto rename = [&](const std::vector<ColumnBinding>& to) {
          auto copy = p->Copy();
          RewriteExpression(copy, [&](std::unique_ptr<BoundExpression>& node) {
            if (node->kind != BoundExprKind::kColumnRef) return;
            auto& ref = static_cast<BoundColumnRef&>(*node);
            if (ref.depth == 0 && ref.binding.table_index == setop.table_index) ref.binding = to[ref.binding.column_index];
          });
          return copy;
        };
        left_preds.push_back(rename(left_bindings));
        if (setop.op != SetOpType::kExcept) right_preds.push_back(rename(right_bindings));
      }
      op->children[0] = Push(std::move(op->children[0]), std::move(left_preds));
      op->children[1] = Push(std::move(op->children[1]), std::move(right_preds));
      return Stop(std::move(op), std::move(stay));
    }
    default: {
      for (auto& c : op->children) c = Push(std::move(c), {});
      op->ResolveTypes();
      return Stop(std::move(op), std::move(predicates));
    }
  }
}

namespace {

// From an OR over both sides of a join, derives a filter over one side alone: the OR of
// each disjunct's conjuncts that read only that side. TPC-H q19's
// (p_brand = 'x' AND l_quantity < 11 AND ...) OR (...) then filters part before the join.
// The original predicate stays; the derived one is implied by it. Null when some disjunct
// says nothing about the side.
std::unique_ptr<BoundExpression> DeriveSideFilter(const BoundExpression& p, const std::set<idx_t>& side) {
  if (p.kind != BoundExprKind::kConjunction || static_cast<const BoundConjunction&>(p).is_and) return nullptr;
  BoundExpressionList disjuncts;
  for (auto& d : static_cast<const BoundConjunction&>(p).children) {
    BoundExpressionList parts, mine;
    SplitConjunction(d->Copy(), parts);
    for (auto& part : parts) {
      auto tables = ReferencedTables(*part);
      if (!tables.empty() && IsSubset(tables, side) && !part->IsVolatile()) mine.push_back(std::move(part));
    }
    if (mine.empty()) return nullptr;
    disjuncts.push_back(MakeConjunction(std::move(mine)));
  }
  return std::make_unique<BoundConjunction>(false, std::move(disjuncts));
}

}  // namespace

std::unique_ptr<LogicalOperator> FilterPushdown::PushIntoJoin(std::unique_ptr<LogicalOperator> op,
                                                              BoundExpressionList predicates) {
  JoinType type = op->kind == LogicalOperatorKind::kJoin ? static_cast<LogicalJoin&>(*op).join_type : JoinType::kInner;
  std::set<idx_t> left_tables = OutputTables(*op->children[0]);
  std::set<idx_t> right_tables = OutputTables(*op->children[1]);
  BoundExpressionList left_preds, right_preds, join_preds, stay;
  if (type == JoinType::kInner) {
    // Join conditions of inner joins are just more predicates.
    if (op->kind == LogicalOperatorKind::kJoin) {
      auto& join = static_cast<LogicalJoin&>(*op);
      for (auto& c : join.conditions) {
        predicates.push_back(std::make_unique<BoundComparison>(c.comparison, std::move(c.left), std::move(c.right)));
      }
      join.conditions.clear();
      if (join.residual) SplitConjunction(std::move(join.residual), predicates);
    }
    for (auto& p : predicates) {
      auto tables = ReferencedTables(*p);
      if (p->IsVolatile()) {
        stay.push_back(std::move(p));
      } else if (IsSubset(tables, left_tables)) {
        left_preds.push_back(std::move(p));
      } else if (IsSubset(tables, right_tables)) {
        right_preds.push_back(std::move(p));
      } else {
        if (auto derived = DeriveSideFilter(*p, left_tables)) left_preds.push_back(std::move(derived));
        if (auto derived = DeriveSideFilter(*p, right_tables)) right_preds.push_back(std::move(derived));
        join_preds.push_back(std::move(p));
      }
    }
    op->children[0] = Push(std::move(op->children[0]), std::move(left_preds));
    op->children[1] = Push(std::move(op->children[1]), std::move(right_preds));
    if (join_preds.empty()) {
      if (op->kind == LogicalOperatorKind::kJoin) {
        auto cross = std::make_unique<LogicalCrossProduct>();
        cross->children = std::move(op->children);
        op = std::move(cross);
      }
      op->ResolveTypes();
      return Stop(std::move(op), std::move(stay));
    }
    auto join = std::make_unique<LogicalJoin>(JoinType::kInner);
    join->children = std::move(op->children);
    join->residual = MakeConjunction(std::move(join_preds));
    ExtractJoinConditions(*join);
    join->ResolveTypes();
    return Stop(std::move(join), std::move(stay));
  }
  auto& join = static_cast<LogicalJoin&>(*op);
  for (auto& p : predicates) SemiJoinChangedJoinKeys(join, *p, next_table_index_);
  // Predicates above the join on the preserved (left) side only can go below it.
  bool left_preserved = type == JoinType::kLeft || type == JoinType::kSemi || type == JoinType::kAnti ||
                        type == JoinType::kMark || type == JoinType::kSingle;
  for (auto& p : predicates) {
    auto tables = ReferencedTables(*p);
    if (left_preserved && IsSubset(tables, left_tables) && !p->IsVolatile()) {
      left_preds.push_back(std::move(p));
    } else {
      stay.push_back(std::move(p));
    }
  }
  // ON conjuncts over the non-preserved (right) side only filter that side.
  if (left_preserved && type != JoinType::kMark && join.residual) {
    BoundExpressionList parts, keep;
    SplitConjunction(std::move(join.residual), parts);
    for (auto& p : parts) {
      auto tables = ReferencedTables(*p);
      if (!tables.empty() && IsSubset(tables, right_tables) && !p->IsVolatile()) {
        right_preds.push_back(std::move(p));
      } else if (!tables.empty() && IsSubset(tables, left_tables) &&
                 (type == JoinType::kSemi) && !p->IsVolatile()) {
        // For semi joins a left-only ON conjunct simply filters the left side.
        left_preds.push_back(std::move(p));
      } else {
        keep.push_back(std::move(p));
      }
    }
    join.residual = MakeConjunction(std::move(keep));
  }
  op->children[0] = Push(std::move(op->children[0]), std::move(left_preds));
  op->children[1] = Push(std::move(op->children[1]), std::move(right_preds));
  ExtractJoinConditions(join);
  op->ResolveTypes();
  return Stop(std::move(op), std::move(stay));
}

namespace {

// Recognizes `column op constant` / `constant op column` over a scan's column.
bool ToTableFilter(const BoundExpression& p, const LogicalGet& get, ClientContext& context, TableFilter& filter) {
  auto column_of = [&](const BoundExpression& e, idx_t* column) {
    if (e.kind != BoundExprKind::kColumnRef) return false;
    auto& ref = static_cast<const BoundColumnRef&>(e);
    if (ref.depth != 0 || ref.binding.table_index != get.table_index) return false;
    *column = get.column_ids[ref.binding.column_index];
    if (*column == kRowIdColumn) return false;
    // The filter compares stored values: the column must not have been cast.
    return ref.type == get.table->columns[*column].type;
  };
  if (p.kind == BoundExprKind::kComparison) {
    auto& cmp = static_cast<const BoundComparison&>(p);
    if (cmp.comparison == ComparisonKind::kDistinctFrom || cmp.comparison == ComparisonKind::kNotDistinctFrom ||
        cmp.comparison == ComparisonKind::kNotEqual) {
      return false;
    }
    idx_t column;
    const BoundExpression* constant = nullptr;
    ComparisonKind kind = cmp.comparison;
    if (column_of(*cmp.left, &column) && cmp.right->IsFoldable()) {
      constant = cmp.right.get();
    } else if (column_of(*cmp.right, &column) && cmp.left->IsFoldable()) {
      constant = cmp.left.get();
      kind = FlipComparison(kind);
    } else {
      return false;
    }
    if (constant->type != get.table->columns[column].type) return false;
    Value v = ExpressionExecutor::EvaluateConstant(context, *constant);
    if (v.IsNull()) return false;
    // Zone maps and the scan compare physical values; floats order NaN specially, skip them.
    PhysicalType physical = v.type().physical();
    if (physical == PhysicalType::kFloat || physical == PhysicalType::kDouble || physical == PhysicalType::kInterval ||
        physical == PhysicalType::kVarNumeric) {
      return false;
    }
    filter.column_index = column;
    filter.kind = TableFilter::Kind::kComparison;
    filter.comparison = kind;
    filter.constant = v;
    return true;
  }
  if (p.kind == BoundExprKind::kOperator) {
    auto& op = static_cast<const BoundOperator&>(p);
    idx_t column;
    if ((op.op == OperatorKind::kIsNull || op.op == OperatorKind::kIsNotNull) && column_of(*op.children[0], &column)) {
      filter.column_index = column;
      filter.kind = op.op == OperatorKind::kIsNull ? TableFilter::Kind::kIsNull : TableFilter::Kind::kIsNotNull;
      return true;
    }
    if (op.op == OperatorKind::kInList && column_of(*op.children[0], &column)) {
      PhysicalType physical = op.children[0]->type.physical();
      if (physical == PhysicalType::kFloat || physical == PhysicalType::kDouble || physical == PhysicalType::kInterval ||
          physical == PhysicalType::kVarNumeric) {
        return false;
      }
      filter.column_index = column;
      filter.kind = TableFilter::Kind::kInList;
      for (size_t i = 1; i < op.children.size(); i++) {
        if (op.children[i]->type != get.table->columns[column].type) return false;
        Value v = ExpressionExecutor::EvaluateConstant(context, *op.children[i]);
        if (!v.IsNull()) filter.in_list.push_back(v);
      }
      return true;
    }
  }
  return false;
}

}  // namespace

std::unique_ptr<LogicalOperator> FilterPushdown::PushIntoGet(std::unique_ptr<LogicalOperator> op,
                                                             BoundExpressionList predicates) {
  auto& get = static_cast<LogicalGet&>(*op);
  BoundExpressionList stay;
  for (auto& p : predicates) {
    TableFilter filter;
    if (!p->HasSubquery() && ToTableFilter(*p, get, context_, filter)) {
      get.filters.push_back(std::move(filter));
    } else {
      stay.push_back(std::move(p));
    }
  }
  return Stop(std::move(op), std::move(stay));
}

void ExtractJoinConditions(LogicalJoin& join) {
  if (!join.residual) return;
  std::set<idx_t> left_tables = OutputTables(*join.children[0]);
  std::set<idx_t> right_tables = OutputTables(*join.children[1]);
  BoundExpressionList parts, keep;
  SplitConjunction(std::move(join.residual), parts);
  for (auto& p : parts) {
    if (p->kind == BoundExprKind::kComparison) {
      auto& cmp = static_cast<BoundComparison&>(*p);
      bool equality = cmp.comparison == ComparisonKind::kEqual || cmp.comparison == ComparisonKind::kNotDistinctFrom;
      if (equality && !p->IsVolatile()) {
        auto lt = ReferencedTables(*cmp.left), rt = ReferencedTables(*cmp.right);
        if (!lt.empty() && !rt.empty()) {
          if (IsSubset(lt, left_tables) && IsSubset(rt, right_tables)) {
            join.conditions.push_back(JoinCondition{std::move(cmp.left), std::move(cmp.right), cmp.comparison});
            continue;
          }
          if (IsSubset(lt, right_tables) && IsSubset(rt, left_tables)) {
            join.conditions.push_back(JoinCondition{std::move(cmp.right), std::move(cmp.left), cmp.comparison});
            continue;
          }
        }
      }
    }
    keep.push_back(std::move(p));
  }
  join.residual = MakeConjunction(std::move(keep));
}

}  // namespace stockroom
