#include "execution/physical_plan/physical_plan_generator.hpp"

#include <algorithm>

#include "binder/type_coercion.hpp"
#include "catalog/catalog_entry.hpp"
#include "common/error/exception.hpp"
#include "execution/expression/expression_executor.hpp"
#include "execution/operator/aggregate/physical_distinct_on.hpp"
#include "execution/operator/aggregate/physical_hash_aggregate.hpp"
#include "execution/operator/cte/physical_cte.hpp"
#include "execution/operator/filter/physical_filter.hpp"
#include "execution/operator/helper/physical_column_data_scan.hpp"
#include "execution/operator/insert/physical_insert.hpp"
#include "execution/operator/modify/physical_modify.hpp"
#include "execution/operator/join/physical_hash_join.hpp"
#include "execution/operator/order/physical_order.hpp"
#include "execution/operator/projection/physical_projection.hpp"
#include "execution/operator/scan/physical_table_scan.hpp"
#include "execution/operator/set/physical_set_operation.hpp"
#include "execution/operator/table_function/physical_row_subquery.hpp"
#include "execution/operator/table_function/physical_table_function.hpp"
#include "execution/operator/window/physical_window.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

// Returns which side(s) of a join an expression references: bit 1 left, bit 2 right.
int Sides(const BoundExpression& expr, const std::vector<ColumnBinding>& left, const std::vector<ColumnBinding>& right) {
  int sides = 0;
  VisitExpression(expr, [&](const BoundExpression& e) {
    if (e.kind != BoundExprKind::kColumnRef) return;
    auto& b = static_cast<const BoundColumnRef&>(e).binding;
    for (auto& l : left) {
      if (l == b) sides |= 1;
    }
    for (auto& r : right) {
      if (r == b) sides |= 2;
    }
  });
  return sides;
}

std::unique_ptr<BoundExpression> AndAll(BoundExpressionList parts) {
  if (parts.empty()) return nullptr;
  if (parts.size() == 1) return std::move(parts[0]);
  return std::make_unique<BoundConjunction>(true, std::move(parts));
}

}  // namespace

std::unique_ptr<BoundExpression> PhysicalPlanGenerator::Resolve(std::unique_ptr<BoundExpression> expr,
                                                                const std::vector<ColumnBinding>& bindings) {
  RewriteExpression(expr, [&](std::unique_ptr<BoundExpression>& node) {
    if (node->kind != BoundExprKind::kColumnRef) return;
    auto& ref = static_cast<BoundColumnRef&>(*node);
    if (ref.depth != 0) throw InternalError("correlated column " + ref.ToString() + " reached the physical plan");
    for (idx_t i = 0; i < bindings.size(); i++) {
      if (bindings[i] == ref.binding) {
        auto resolved = std::make_unique<BoundReference>(ref.type, i, ref.name);
        resolved->alias = ref.alias;
        node = std::move(resolved);
        return;
      }
    }
    throw InternalError("column " + ref.ToString() + " (" + ref.binding.ToString() + ") not found in the operator's input");
  });
  return expr;
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::Create(LogicalOperator& op) {
  switch (op.kind) {
    case LogicalOperatorKind::kGet:
      return CreateGet(static_cast<LogicalGet&>(op));
    case LogicalOperatorKind::kDummyScan: {
      auto rows = std::make_shared<ColumnDataCollection>(std::vector<LogicalType>{});
      DataChunk one;
      one.SetCardinality(1);
      rows->Append(one);
      return std::make_unique<PhysicalColumnDataScan>("DUMMY_SCAN", std::vector<LogicalType>{}, 1, rows);
    }
    case LogicalOperatorKind::kEmptyResult:
      return std::make_unique<PhysicalColumnDataScan>("EMPTY_RESULT", op.types, 0,
                                                      std::make_shared<ColumnDataCollection>(op.types));
    case LogicalOperatorKind::kValues:
      return CreateValues(static_cast<LogicalValues&>(op));
    case LogicalOperatorKind::kFilter:
      return CreateFilter(static_cast<LogicalFilter&>(op));
    case LogicalOperatorKind::kProjection:
      return CreateProjection(static_cast<LogicalProjection&>(op));
    case LogicalOperatorKind::kAggregate:
      return CreateAggregate(static_cast<LogicalAggregate&>(op));
    case LogicalOperatorKind::kWindow:
      return CreateWindow(static_cast<LogicalWindow&>(op));
    case LogicalOperatorKind::kJoin:
      return CreateJoin(static_cast<LogicalJoin&>(op));
    case LogicalOperatorKind::kCrossProduct:
      return CreateCrossProduct(static_cast<LogicalCrossProduct&>(op));
    case LogicalOperatorKind::kOrder:
      return CreateOrder(static_cast<LogicalOrder&>(op));
    case LogicalOperatorKind::kTopN:
      return CreateTopN(static_cast<LogicalTopN&>(op));
    case LogicalOperatorKind::kLimit:
      return CreateLimit(static_cast<LogicalLimit&>(op));
    case LogicalOperatorKind::kDistinct:
      return CreateDistinct(static_cast<LogicalDistinct&>(op));
    case LogicalOperatorKind::kSetOperation:
      return CreateSetOperation(static_cast<LogicalSetOperation&>(op));
    case LogicalOperatorKind::kCteMaterialize:
      return CreateCte(static_cast<LogicalCteMaterialize&>(op));
    case LogicalOperatorKind::kCteRef:
    case LogicalOperatorKind::kRecursiveCteRef:
      return CreateCteRef(static_cast<LogicalCteRef&>(op));
    case LogicalOperatorKind::kRecursiveCte:
      return CreateRecursiveCte(static_cast<LogicalRecursiveCte&>(op));
    case LogicalOperatorKind::kTableFunction:
      return CreateTableFunction(static_cast<LogicalTableFunction&>(op));
    case LogicalOperatorKind::kRowSubquery:
      return CreateRowSubquery(static_cast<LogicalRowSubquery&>(op));
    case LogicalOperatorKind::kInsert:
      return CreateInsert(static_cast<LogicalInsert&>(op));
    case LogicalOperatorKind::kModify: {
      auto& modify = static_cast<LogicalModify&>(op);
      return std::make_unique<PhysicalModify>(modify.table, modify.is_update, Create(*op.children[0]));
    }
    case LogicalOperatorKind::kDelimGet:
      break;
  }
  throw InternalError("no physical operator for " + op.Name());
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateGet(LogicalGet& op) {
  // EXPLAIN shows the table and the filters the scan applies.
  std::vector<idx_t> column_ids = op.column_ids;
  for (size_t c = 0; c < op.unused.size(); c++) {
    if (op.unused[c]) column_ids[c] = kUnusedColumn;
  }
  return std::make_unique<PhysicalTableScan>(op.types, op.table, std::move(column_ids), op.filters,
                                             op.ParamsToString(), op.estimated_rows);
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateValues(LogicalValues& op) {
  if (op.collection) {
    return std::make_unique<PhysicalColumnDataScan>("COLUMN_DATA_SCAN", op.types, op.estimated_rows, op.collection);
  }
  auto rows = std::make_shared<ColumnDataCollection>(op.column_types);
  DataChunk chunk(op.column_types);
  for (auto& row : op.rows) {
    for (idx_t c = 0; c < row.size(); c++) chunk.column(c).SetValue(chunk.size(), ExpressionExecutor::EvaluateConstant(context_, *row[c]));
    chunk.SetCardinality(chunk.size() + 1);
    if (chunk.size() == kVectorSize) {
      rows->Append(chunk);
      chunk.Reset();
    }
  }
  if (chunk.size() > 0) rows->Append(chunk);
  return std::make_unique<PhysicalColumnDataScan>("VALUES", op.types, op.estimated_rows, rows);
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateFilter(LogicalFilter& op) {
  auto child = Create(*op.children[0]);
  auto bindings = op.children[0]->GetColumnBindings();
  BoundExpressionList parts;
  for (auto& e : op.expressions) parts.push_back(Resolve(e->Copy(), bindings));
  auto filter = std::make_unique<PhysicalFilter>(op.types, AndAll(std::move(parts)), op.estimated_rows);
  filter->children.push_back(std::move(child));
  return filter;
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateProjection(LogicalProjection& op) {
  auto child = Create(*op.children[0]);
  auto bindings = op.children[0]->GetColumnBindings();
  BoundExpressionList exprs;
  for (auto& e : op.expressions) exprs.push_back(Resolve(e->Copy(), bindings));
  auto projection = std::make_unique<PhysicalProjection>(op.types, std::move(exprs), op.estimated_rows);
  projection->children.push_back(std::move(child));
  return projection;
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateAggregate(LogicalAggregate& op) {
  auto child = Create(*op.children[0]);
  auto bindings = op.children[0]->GetColumnBindings();
  BoundExpressionList groups, aggregates;
  for (auto& g : op.groups) groups.push_back(Resolve(g->Copy(), bindings));
  for (auto& a : op.aggregates) aggregates.push_back(Resolve(a->Copy(), bindings));
  auto aggregate = std::make_unique<PhysicalHashAggregate>(op.types, std::move(groups), std::move(aggregates),
                                                           op.grouping_sets, op.estimated_rows);
  aggregate->children.push_back(std::move(child));
  return aggregate;
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateWindow(LogicalWindow& op) {
  auto child = Create(*op.children[0]);
  auto bindings = op.children[0]->GetColumnBindings();
  BoundExpressionList windows;
  for (auto& w : op.expressions) windows.push_back(Resolve(w->Copy(), bindings));
  auto window = std::make_unique<PhysicalWindow>(op.types, std::move(windows), op.estimated_rows);
  window->children.push_back(std::move(child));
  return window;
}

void PhysicalPlanGenerator::SplitJoinConditions(const LogicalJoin& op, bool right_probes,
                                                std::vector<HashJoinKey>& keys, BoundExpressionList& residual) {
  auto probe_bindings = op.children[right_probes ? 1 : 0]->GetColumnBindings();
  auto build_bindings = op.children[right_probes ? 0 : 1]->GetColumnBindings();
  std::vector<ColumnBinding> pair = probe_bindings;
  pair.insert(pair.end(), build_bindings.begin(), build_bindings.end());
  for (auto& c : op.conditions) {
    if (c.comparison == ComparisonKind::kEqual || c.comparison == ComparisonKind::kNotDistinctFrom) {
      HashJoinKey key;
      key.probe = Resolve((right_probes ? c.right : c.left)->Copy(), probe_bindings);
      key.build = Resolve((right_probes ? c.left : c.right)->Copy(), build_bindings);
      key.nulls_equal = c.comparison == ComparisonKind::kNotDistinctFrom;
      keys.push_back(std::move(key));
    } else {
      // A non-equality condition checks candidate pairs; each operand resolves to its side's
      // columns within the pair.
      residual.push_back(Resolve(std::make_unique<BoundComparison>(c.comparison, c.left->Copy(), c.right->Copy()), pair));
    }
  }
  if (op.residual) residual.push_back(Resolve(op.residual->Copy(), pair));
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateJoin(LogicalJoin& op) {
  auto left_bindings = op.children[0]->GetColumnBindings();
  auto right_bindings = op.children[1]->GetColumnBindings();
  std::vector<HashJoinKey> keys;
  BoundExpressionList residual;
  SplitJoinConditions(op, false, keys, residual);
  std::unique_ptr<BoundExpression> mark;
  bool null_aware_key = false;
  if (op.mark_condition) {
    // IN (subquery) without other conditions: hash on the compared values, with IN's NULL rules.
    auto* cmp = op.mark_condition->kind == BoundExprKind::kComparison
                    ? static_cast<BoundComparison*>(op.mark_condition.get())
                    : nullptr;
    if (cmp && cmp->comparison == ComparisonKind::kEqual && keys.empty() && residual.empty() &&
        Sides(*cmp->left, left_bindings, right_bindings) == 1 && Sides(*cmp->right, left_bindings, right_bindings) == 2) {
      HashJoinKey key;
      key.probe = Resolve(cmp->left->Copy(), left_bindings);
      key.build = Resolve(cmp->right->Copy(), right_bindings);
      keys.push_back(std::move(key));
      null_aware_key = true;
    } else {
      std::vector<ColumnBinding> both = left_bindings;
      both.insert(both.end(), right_bindings.begin(), right_bindings.end());
      mark = Resolve(op.mark_condition->Copy(), both);
    }
  }
  if (PreferBuildSideOutput(op, keys, mark)) return CreateBuildSideOutputJoin(op);
  auto left = Create(*op.children[0]);
  auto right = Create(*op.children[1]);
  return std::make_unique<PhysicalHashJoin>(op.types, op.join_type, std::move(keys), AndAll(std::move(residual)),
                                            std::move(mark), null_aware_key, std::move(left), std::move(right),
                                            op.estimated_rows);
}

// A left, semi or anti join whose right side is several times larger than its left side
// hashes the left side instead: a left join becomes a right join with its sides swapped, a
// semi/anti join outputs build rows (see PhysicalHashJoin).
bool PhysicalPlanGenerator::PreferBuildSideOutput(const LogicalJoin& op, const std::vector<HashJoinKey>& keys,
                                                  const std::unique_ptr<BoundExpression>& mark) const {
  if (op.join_type != JoinType::kSemi && op.join_type != JoinType::kAnti && op.join_type != JoinType::kLeft) {
    return false;
  }
  if (keys.empty() || mark) return false;
  return op.children[1]->estimated_rows > 4 * std::max(1.0, op.children[0]->estimated_rows);
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateBuildSideOutputJoin(LogicalJoin& op) {
  // The right side probes, so candidate pairs are (right columns, left columns).
  std::vector<HashJoinKey> keys;
  BoundExpressionList residual;
  SplitJoinConditions(op, true, keys, residual);
  auto left = Create(*op.children[0]);
  auto right = Create(*op.children[1]);
  if (op.join_type != JoinType::kLeft) {
    return std::make_unique<PhysicalHashJoin>(op.types, op.join_type, std::move(keys), AndAll(std::move(residual)),
                                              nullptr, false, std::move(right), std::move(left), op.estimated_rows,
                                              /*build_side_output=*/true);
  }
  // Right join over (right side, left side), then put the left side's columns first again.
  std::vector<LogicalType> swapped_types = right->types;
  swapped_types.insert(swapped_types.end(), left->types.begin(), left->types.end());
  idx_t left_width = left->types.size(), right_width = right->types.size();
  auto join = std::make_unique<PhysicalHashJoin>(swapped_types, JoinType::kRight, std::move(keys),
                                                 AndAll(std::move(residual)), nullptr, false, std::move(right),
                                                 std::move(left), op.estimated_rows);
  BoundExpressionList reorder;
  for (idx_t c = 0; c < left_width; c++) {
    reorder.push_back(std::make_unique<BoundReference>(swapped_types[right_width + c], right_width + c));
  }
  for (idx_t c = 0; c < right_width; c++) reorder.push_back(std::make_unique<BoundReference>(swapped_types[c], c));
  auto projection = std::make_unique<PhysicalProjection>(op.types, std::move(reorder), op.estimated_rows);
  projection->children.push_back(std::move(join));
  return projection;
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateCrossProduct(LogicalCrossProduct& op) {
  auto left = Create(*op.children[0]);
  auto right = Create(*op.children[1]);
  return std::make_unique<PhysicalHashJoin>(op.types, JoinType::kInner, std::vector<HashJoinKey>{}, nullptr, nullptr,
                                            false, std::move(left), std::move(right), op.estimated_rows);
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateOrder(LogicalOrder& op) {
  auto child = Create(*op.children[0]);
  auto bindings = op.children[0]->GetColumnBindings();
  std::vector<BoundOrderItem> orders;
  for (auto& o : op.orders) orders.push_back({Resolve(o.expr->Copy(), bindings), o.descending, o.nulls_first});
  auto order = std::make_unique<PhysicalOrder>(op.types, std::move(orders), -1, 0, op.estimated_rows);
  order->children.push_back(std::move(child));
  return order;
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateTopN(LogicalTopN& op) {
  auto child = Create(*op.children[0]);
  auto bindings = op.children[0]->GetColumnBindings();
  std::vector<BoundOrderItem> orders;
  for (auto& o : op.orders) orders.push_back({Resolve(o.expr->Copy(), bindings), o.descending, o.nulls_first});
  auto order = std::make_unique<PhysicalOrder>(op.types, std::move(orders), op.limit, op.offset, op.estimated_rows);
  order->children.push_back(std::move(child));
  return order;
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateLimit(LogicalLimit& op) {
  auto child = Create(*op.children[0]);
  auto limit = std::make_unique<PhysicalLimit>(op.types, op.limit, op.offset, op.estimated_rows);
  limit->children.push_back(std::move(child));
  return limit;
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateDistinct(LogicalDistinct& op) {
  auto child = Create(*op.children[0]);
  auto bindings = op.children[0]->GetColumnBindings();
  if (op.distinct_on.empty()) {
    BoundExpressionList groups;
    for (idx_t i = 0; i < op.types.size(); i++) groups.push_back(std::make_unique<BoundReference>(op.types[i], i));
    auto distinct = std::make_unique<PhysicalHashAggregate>(op.types, std::move(groups), BoundExpressionList{},
                                                            std::vector<std::vector<idx_t>>{}, op.estimated_rows);
    distinct->name = "HASH_DISTINCT";
    distinct->children.push_back(std::move(child));
    return distinct;
  }
  std::vector<BoundOrderItem> orders;
  for (auto& o : op.orders) orders.push_back({Resolve(o.expr->Copy(), bindings), o.descending, o.nulls_first});
  auto order = std::make_unique<PhysicalOrder>(op.types, std::move(orders), -1, 0, op.estimated_rows);
  order->children.push_back(std::move(child));
  BoundExpressionList keys;
  for (auto& k : op.distinct_on) keys.push_back(Resolve(k->Copy(), bindings));
  auto distinct = std::make_unique<PhysicalDistinctOn>(op.types, std::move(keys), op.estimated_rows);
  distinct->children.push_back(std::move(order));
  return distinct;
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateSetOperation(LogicalSetOperation& op) {
  auto left = Create(*op.children[0]);
  auto right = Create(*op.children[1]);
  if (op.op == SetOpType::kUnion) {
    auto all = std::make_unique<PhysicalUnionAll>(op.types, std::move(left), std::move(right), op.estimated_rows);
    if (op.all) return all;
    BoundExpressionList groups;
    for (idx_t i = 0; i < op.types.size(); i++) groups.push_back(std::make_unique<BoundReference>(op.types[i], i));
    auto distinct = std::make_unique<PhysicalHashAggregate>(op.types, std::move(groups), BoundExpressionList{},
                                                            std::vector<std::vector<idx_t>>{}, op.estimated_rows);
    distinct->name = "UNION";
    distinct->children.push_back(std::move(all));
    return distinct;
  }
  // Tag each side's rows with the side they came from.
  auto tag = [&](std::unique_ptr<PhysicalOperator> side, int64_t which) {
    BoundExpressionList exprs;
    std::vector<LogicalType> types = side->types;
    for (idx_t i = 0; i < types.size(); i++) exprs.push_back(std::make_unique<BoundReference>(types[i], i));
    exprs.push_back(std::make_unique<BoundConstant>(Value::BigInt(which)));
    types.push_back(TypeId::kBigInt);
    auto projection = std::make_unique<PhysicalProjection>(types, std::move(exprs), side->estimated_rows);
    projection->children.push_back(std::move(side));
    return projection;
  };
  return std::make_unique<PhysicalIntersectExcept>(op.types, op.op == SetOpType::kIntersect, op.all,
                                                   tag(std::move(left), 0), tag(std::move(right), 1),
                                                   op.estimated_rows);
}

namespace {

// Counts the scans of CTE `cte_index` (not the working-table scans of a recursive term).
idx_t CountCteScans(const LogicalOperator& op, idx_t cte_index) {
  idx_t count = 0;
  if (op.kind == LogicalOperatorKind::kCteRef && static_cast<const LogicalCteRef&>(op).cte_index == cte_index) count++;
  for (auto& child : op.children) count += CountCteScans(*child, cte_index);
  return count;
}

}  // namespace

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateCte(LogicalCteMaterialize& op) {
  if (op.children[0]->kind == LogicalOperatorKind::kRecursiveCte && CountCteScans(*op.children[1], op.cte_index) == 1) {
    inlined_ctes_[op.cte_index] = static_cast<LogicalRecursiveCte*>(op.children[0].get());
    cte_bindings_[op.cte_index] = op.children[0]->GetColumnBindings();
    return Create(*op.children[1]);
  }
  auto data = ctes_[op.cte_index];
  if (!data) {
    data = std::make_shared<CteData>();
    ctes_[op.cte_index] = data;
  }
  cte_bindings_[op.cte_index] = op.children[0]->GetColumnBindings();
  auto cte = Create(*op.children[0]);
  auto query = Create(*op.children[1]);
  return std::make_unique<PhysicalCteMaterialize>(data, std::move(cte), std::move(query));
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateCteRef(LogicalCteRef& op) {
  auto inlined = inlined_ctes_.find(op.cte_index);
  if (op.kind == LogicalOperatorKind::kCteRef && inlined != inlined_ctes_.end()) {
    auto recursion = CreateRecursiveCte(*inlined->second);
    if (op.bindings.empty()) return recursion;
    // Present the recursion's columns by binding, as a scan of its materialized rows would.
    const auto& produced = cte_bindings_[op.cte_index];
    BoundExpressionList exprs;
    for (idx_t i = 0; i < op.bindings.size(); i++) {
      auto pos = std::find(produced.begin(), produced.end(), op.bindings[i]);
      if (pos == produced.end()) throw InternalError("CTE scan column " + op.bindings[i].ToString() + " not produced");
      exprs.push_back(std::make_unique<BoundReference>(op.types[i], pos - produced.begin()));
    }
    auto projection = std::make_unique<PhysicalProjection>(op.types, std::move(exprs), op.estimated_rows);
    projection->children.push_back(std::move(recursion));
    return projection;
  }
  auto it = ctes_.find(op.cte_index);
  if (it == ctes_.end()) throw InternalError("CTE scan without its CTE");
  bool working = op.kind == LogicalOperatorKind::kRecursiveCteRef;
  if (op.bindings.empty() || !cte_bindings_.count(op.cte_index)) {
    return std::make_unique<PhysicalColumnDataScan>("CTE_SCAN", op.types, op.estimated_rows, it->second, working);
  }
  // A scan that presents the materialized plan's own bindings: the optimizer may have
  // reordered that plan's columns since, so select them by binding.
  const auto& stored = cte_bindings_[op.cte_index];
  std::vector<LogicalType> stored_types(stored.size());
  BoundExpressionList exprs;
  for (idx_t i = 0; i < op.bindings.size(); i++) {
    auto pos = std::find(stored.begin(), stored.end(), op.bindings[i]);
    if (pos == stored.end()) throw InternalError("CTE scan column " + op.bindings[i].ToString() + " not materialized");
    stored_types[pos - stored.begin()] = op.types[i];
    exprs.push_back(std::make_unique<BoundReference>(op.types[i], pos - stored.begin()));
  }
  for (idx_t i = 0; i < stored.size(); i++) {
    if (stored_types[i].id() == TypeId::kInvalid) stored_types[i] = TypeId::kBoolean;  // unused column
  }
  auto scan = std::make_unique<PhysicalColumnDataScan>("CTE_SCAN", stored_types, op.estimated_rows, it->second, working);
  auto projection = std::make_unique<PhysicalProjection>(op.types, std::move(exprs), op.estimated_rows);
  projection->children.push_back(std::move(scan));
  return projection;
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateRecursiveCte(LogicalRecursiveCte& op) {
  auto data = ctes_[op.cte_index];
  if (!data) {
    data = std::make_shared<CteData>();
    ctes_[op.cte_index] = data;
  }
  auto anchor = Create(*op.children[0]);
  auto recursive = Create(*op.children[1]);
  return std::make_unique<PhysicalRecursiveCte>(op.types, data, op.union_all, std::move(anchor), std::move(recursive));
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateTableFunction(LogicalTableFunction& op) {
  std::vector<ColumnBinding> bindings;
  std::unique_ptr<PhysicalOperator> child;
  if (!op.children.empty()) {
    bindings = op.children[0]->GetColumnBindings();
    child = Create(*op.children[0]);
  }
  BoundExpressionList args;
  for (auto& a : op.arguments) args.push_back(Resolve(a->Copy(), bindings));
  auto function = std::make_unique<PhysicalTableFunction>(op.types, op.function, std::move(args), op.with_ordinality,
                                                          op.estimated_rows);
  if (child) function->children.push_back(std::move(child));
  return function;
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateRowSubquery(LogicalRowSubquery& op) {
  std::vector<ColumnBinding> input = op.children[0]->GetColumnBindings();
  std::vector<ColumnBinding> body_bindings = op.BodyBindings();
  PhysicalRowSubquery::Body body;
  body.function = op.function;
  for (auto& a : op.arguments) body.arguments.push_back(Resolve(a->Copy(), input));
  body.function_types = op.function_types;
  body.with_ordinality = op.with_ordinality;
  if (op.filter) body.filter = Resolve(op.filter->Copy(), body_bindings);
  for (auto& a : op.aggregates) body.aggregates.push_back(Resolve(a->Copy(), body_bindings));
  if (op.value) body.value = Resolve(op.value->Copy(), op.ValueBindings());
  body.limit = op.limit;
  body.offset = op.offset;
  auto result = std::make_unique<PhysicalRowSubquery>(op.types, std::move(body), op.estimated_rows);
  result->children.push_back(Create(*op.children[0]));
  return result;
}

std::unique_ptr<PhysicalOperator> PhysicalPlanGenerator::CreateInsert(LogicalInsert& op) {
  auto child = Create(*op.children[0]);
  BoundExpressionList defaults;
  for (auto& d : op.defaults) defaults.push_back(d->Copy());
  return std::make_unique<PhysicalInsert>(op.table, op.column_map, std::move(defaults), std::move(child));
}

}  // namespace stockroom
