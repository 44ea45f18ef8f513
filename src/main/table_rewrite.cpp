#include "main/table_rewrite.hpp"

#include "binder/binder.hpp"
#include "catalog/catalog_entry.hpp"
#include "common/error/exception.hpp"
#include "execution/expression/expression_executor.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

// Throws the error PostgreSQL gives for what made a transform expression's plan more than
// a projection of one scan.
[[noreturn]] void ThrowNotARowExpression(const LogicalOperator& op) {
  std::vector<const LogicalOperator*> pending = {&op};
  bool aggregate = false, window = false;
  while (!pending.empty()) {
    const LogicalOperator* next = pending.back();
    pending.pop_back();
    aggregate |= next->kind == LogicalOperatorKind::kAggregate;
    window |= next->kind == LogicalOperatorKind::kWindow;
    for (auto& child : next->children) pending.push_back(child.get());
  }
  if (aggregate) {
    throw SqlError(ErrorCode::kGroupingError, "aggregate functions are not allowed in transform expressions");
  }
  if (window) throw SqlError(ErrorCode::kWindowingError, "window functions are not allowed in transform expressions");
  throw SqlError(ErrorCode::kFeatureNotSupported, "cannot use subquery in transform expression");
}

}  // namespace

std::unique_ptr<BoundExpression> BindRowExpression(ClientContext& context, const TableEntry& table,
                                                   const ParsedExpression& expr) {
  SelectNode select;
  select.select_list.push_back(expr.Copy());
  auto from = std::make_shared<BaseTableRef>();
  from->schema = table.schema;
  from->name = table.name;
  select.from.push_back(from);
  Binder binder(context);
  BoundQuery bound = binder.BindQuery(select);
  LogicalOperator& root = *bound.plan;
  if (root.kind != LogicalOperatorKind::kProjection || root.children.size() != 1 ||
      root.children[0]->kind != LogicalOperatorKind::kGet) {
    ThrowNotARowExpression(root);
  }
  auto& get = static_cast<LogicalGet&>(*root.children[0]);
  auto result = std::move(static_cast<LogicalProjection&>(root).expressions.at(0));
  RewriteExpression(result, [&](std::unique_ptr<BoundExpression>& node) {
    if (node->kind != BoundExprKind::kColumnRef) return;
    auto& ref = static_cast<BoundColumnRef&>(*node);
    if (ref.binding.table_index != get.table_index || ref.depth != 0) ThrowNotARowExpression(root);
    idx_t column = get.column_ids.at(ref.binding.column_index);
    if (column == kRowIdColumn) {
      throw SqlError(ErrorCode::kFeatureNotSupported, "cannot use system column in transform expression");
    }
    node = std::make_unique<BoundReference>(ref.type, column, ref.name);
  });
  return result;
}

std::shared_ptr<DataTable> RewriteRows(ClientContext& context, const DataTable& source, std::vector<LogicalType> types,
                                       const std::vector<std::unique_ptr<BoundExpression>>& columns) {
  DataTable::Snapshot snap = source.GetSnapshot();
  ExpressionExecutor executor(&context);
  for (auto& column : columns) executor.AddExpression(*column);
  DataTable::Builder builder(types);
  DataChunk out(types);
  for (size_t g = 0; g < snap.groups.size(); g++) {
    auto& deletes = snap.deletes[g];
    auto skip = [&](idx_t row) { return deletes && deletes->IsDeleted(row, snap.seq); };
    CopyRowGroup(snap.groups[g], source.types(), snap.counts[g], skip, [&](DataChunk& chunk) {
      context.CheckCancelled();
      out.Reset();
      executor.Execute(chunk, out);
      builder.Append(out);
    });
  }
  auto table = std::make_shared<DataTable>(std::move(types));
  table->LoadGroups(builder.Finish(), 0);
  return table;
}

bool ColumnHasNulls(const DataTable& table, idx_t column) {
  DataTable::Snapshot snap = table.GetSnapshot();
  Vector values(table.types()[column]);
  for (size_t g = 0; g < snap.groups.size(); g++) {
    auto& deletes = snap.deletes[g];
    for (idx_t start = 0; start < snap.counts[g]; start += kVectorSize) {
      idx_t count = std::min(kVectorSize, snap.counts[g] - start);
      DataTable::ScanColumn(snap.groups[g], column, start, count, values);
      if (values.validity().AllValid()) continue;
      for (idx_t i = 0; i < count; i++) {
        if (!values.validity().RowIsValid(i) && !(deletes && deletes->IsDeleted(start + i, snap.seq))) return true;
      }
    }
  }
  return false;
}

}  // namespace stockroom
