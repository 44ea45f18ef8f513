#include "planner/logical_operator.hpp"

#include <algorithm>

#include "catalog/catalog_entry.hpp"
#include "common/error/assert.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

const char* JoinTypeName(JoinType type) {
  switch (type) {
    case JoinType::kInner:
      return "INNER";
    case JoinType::kLeft:
      return "LEFT";
    case JoinType::kRight:
      return "RIGHT";
    case JoinType::kFull:
      return "FULL";
    case JoinType::kSemi:
      return "SEMI";
    case JoinType::kAnti:
      return "ANTI";
    case JoinType::kMark:
      return "MARK";
    case JoinType::kSingle:
      return "SINGLE";
  }
  return "?";
}

void LogicalOperator::ResolveTypes() { ResolveOwnTypes(); }

void LogicalOperator::ResolveTypesDeep() {
  for (auto& c : children) c->ResolveTypesDeep();
  ResolveOwnTypes();
}

std::string LogicalOperator::ToString(int indent) const {
  std::string out(indent * 2, ' ');
  out += Name();
  std::string params = ParamsToString();
  if (!params.empty()) out += " [" + params + "]";
  out += "\n";
  for (auto& c : children) out += c->ToString(indent + 1);
  return out;
}

std::string TableFilter::ToString(const std::string& column_name) const {
  switch (kind) {
    case Kind::kIsNull:
      return column_name + " IS NULL";
    case Kind::kIsNotNull:
      return column_name + " IS NOT NULL";
    case Kind::kInList: {
      std::string out = column_name + " IN (";
      for (size_t i = 0; i < in_list.size(); i++) out += (i ? ", " : "") + in_list[i].ToSqlLiteral();
      return out + ")";
    }
    case Kind::kComparison:
      return column_name + " " + ComparisonSymbol(comparison) + " " + constant.ToSqlLiteral();
  }
  return "";
}

std::vector<ColumnBinding> LogicalGet::GetColumnBindings() const {
  std::vector<ColumnBinding> result;
  for (idx_t i = 0; i < column_ids.size(); i++) result.push_back({table_index, i});
  return result;
}

void LogicalGet::ResolveOwnTypes() {
  types.clear();
  for (idx_t id : column_ids) types.push_back(id == kRowIdColumn ? LogicalType(TypeId::kBigInt) : table->columns[id].type);
}

std::string LogicalGet::ParamsToString() const {
  std::string out = table->QualifiedName();
  for (auto& f : filters) out += ", " + f.ToString(table->columns[f.column_index].name);
  return out;
}

std::vector<ColumnBinding> LogicalValues::GetColumnBindings() const {
  std::vector<ColumnBinding> result;
  for (idx_t i = 0; i < column_types.size(); i++) result.push_back({table_index, i});
  return result;
}

void LogicalValues::ForEachExpression(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) {
  for (auto& row : rows) {
    for (auto& e : row) fn(e);
  }
}

std::string LogicalFilter::ParamsToString() const {
  std::string out;
  for (size_t i = 0; i < expressions.size(); i++) out += (i ? " AND " : "") + expressions[i]->ToString();
  return out;
}

std::vector<ColumnBinding> LogicalProjection::GetColumnBindings() const {
  std::vector<ColumnBinding> result;
  for (idx_t i = 0; i < expressions.size(); i++) result.push_back({table_index, i});
  return result;
}

void LogicalProjection::ResolveOwnTypes() {
  types.clear();
  for (auto& e : expressions) types.push_back(e->type);
}

std::string LogicalProjection::ParamsToString() const {
  std::string out;
  for (size_t i = 0; i < expressions.size(); i++) out += (i ? ", " : "") + expressions[i]->ToString();
  return out;
}

std::vector<ColumnBinding> LogicalAggregate::GetColumnBindings() const {
  std::vector<ColumnBinding> result;
  for (idx_t i = 0; i < groups.size(); i++) result.push_back({group_index, i});
  for (idx_t i = 0; i < aggregates.size(); i++) result.push_back({aggregate_index, i});
  if (!grouping_sets.empty()) result.push_back({grouping_index, 0});
  return result;
}

void LogicalAggregate::ResolveOwnTypes() {
  types.clear();
  for (auto& g : groups) types.push_back(g->type);
  for (auto& a : aggregates) types.push_back(a->type);
  if (!grouping_sets.empty()) types.push_back(TypeId::kBigInt);
}

std::string LogicalAggregate::ParamsToString() const {
  std::string out;
  for (size_t i = 0; i < groups.size(); i++) out += (i ? ", " : "") + groups[i]->ToString();
  if (!aggregates.empty()) out += groups.empty() ? "" : "; ";
  for (size_t i = 0; i < aggregates.size(); i++) out += (i ? ", " : "") + aggregates[i]->ToString();
  if (!grouping_sets.empty()) out += "; " + std::to_string(grouping_sets.size()) + " grouping sets";
  return out;
}

std::vector<ColumnBinding> LogicalWindow::GetColumnBindings() const {
  auto result = children[0]->GetColumnBindings();
  for (idx_t i = 0; i < expressions.size(); i++) result.push_back({window_index, i});
  return result;
}

bool LogicalWindow::AllPartitionBy(const BoundExpression& expr) const {
  for (auto& e : expressions) {
    auto& partitions = static_cast<const BoundWindow&>(*e).partitions;
    if (std::none_of(partitions.begin(), partitions.end(), [&](auto& key) { return key->Equals(expr); })) return false;
  }
  return true;
}

void LogicalWindow::ResolveOwnTypes() {
  types = children[0]->types;
  for (auto& e : expressions) types.push_back(e->type);
}

std::string LogicalWindow::ParamsToString() const {
  std::string out;
  for (size_t i = 0; i < expressions.size(); i++) out += (i ? ", " : "") + expressions[i]->ToString();
  return out;
}

std::vector<ColumnBinding> LogicalJoin::GetColumnBindings() const {
  auto result = children[0]->GetColumnBindings();
  if (join_type == JoinType::kSemi || join_type == JoinType::kAnti) return result;
  if (join_type == JoinType::kMark) {
    result.push_back({mark_index, 0});
    return result;
  }
  auto right = children[1]->GetColumnBindings();
  result.insert(result.end(), right.begin(), right.end());
  return result;
}

void LogicalJoin::ResolveOwnTypes() {
  types = children[0]->types;
  if (join_type == JoinType::kSemi || join_type == JoinType::kAnti) return;
  if (join_type == JoinType::kMark) {
    types.push_back(TypeId::kBoolean);
    return;
  }
  types.insert(types.end(), children[1]->types.begin(), children[1]->types.end());
}

std::string LogicalJoin::Name() const { return std::string("JOIN ") + JoinTypeName(join_type); }

std::string LogicalJoin::ParamsToString() const {
  std::string out;
  for (size_t i = 0; i < conditions.size(); i++) {
    out += (i ? " AND " : "") + conditions[i].left->ToString() + " " + ComparisonSymbol(conditions[i].comparison) +
           " " + conditions[i].right->ToString();
  }
  if (residual) out += (out.empty() ? "" : " AND ") + residual->ToString();
  if (mark_condition) out += (out.empty() ? "" : "; ") + std::string("mark: ") + mark_condition->ToString();
  return out;
}

void LogicalJoin::ForEachExpression(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) {
  for (auto& c : conditions) {
    fn(c.left);
    fn(c.right);
  }
  if (residual) fn(residual);
  if (mark_condition) fn(mark_condition);
}

std::vector<ColumnBinding> LogicalCrossProduct::GetColumnBindings() const {
  auto result = children[0]->GetColumnBindings();
  auto right = children[1]->GetColumnBindings();
  result.insert(result.end(), right.begin(), right.end());
  return result;
}

void LogicalCrossProduct::ResolveOwnTypes() {
  types = children[0]->types;
  types.insert(types.end(), children[1]->types.begin(), children[1]->types.end());
}

std::string LogicalOrder::ParamsToString() const {
  std::string out;
  for (size_t i = 0; i < orders.size(); i++) out += (i ? ", " : "") + orders[i].ToString();
  return out;
}

std::string LogicalLimit::ParamsToString() const {
  std::string out = limit >= 0 ? "limit " + std::to_string(limit) : "";
  if (offset > 0) out += (out.empty() ? "" : " ") + std::string("offset ") + std::to_string(offset);
  return out;
}

std::string LogicalTopN::ParamsToString() const {
  std::string out;
  for (size_t i = 0; i < orders.size(); i++) out += (i ? ", " : "") + orders[i].ToString();
  out += "; limit " + std::to_string(limit);
  if (offset) out += " offset " + std::to_string(offset);
  return out;
}

std::vector<ColumnBinding> LogicalSetOperation::GetColumnBindings() const {
  std::vector<ColumnBinding> result;
  for (idx_t i = 0; i < children[0]->types.size(); i++) result.push_back({table_index, i});
  return result;
}

std::string LogicalSetOperation::Name() const {
  std::string name = op == SetOpType::kUnion ? "UNION" : op == SetOpType::kIntersect ? "INTERSECT" : "EXCEPT";
  return all ? name + " ALL" : name;
}

std::vector<ColumnBinding> LogicalCteRef::GetColumnBindings() const {
  if (!bindings.empty()) return bindings;
  std::vector<ColumnBinding> result;
  for (idx_t i = 0; i < column_types.size(); i++) result.push_back({table_index, i});
  return result;
}

std::vector<ColumnBinding> LogicalRecursiveCte::GetColumnBindings() const {
  std::vector<ColumnBinding> result;
  for (idx_t i = 0; i < children[0]->types.size(); i++) result.push_back({table_index, i});
  return result;
}

std::vector<ColumnBinding> LogicalTableFunction::GetColumnBindings() const {
  std::vector<ColumnBinding> result;
  if (!children.empty()) result = children[0]->GetColumnBindings();
  for (idx_t i = 0; i < column_types.size(); i++) result.push_back({table_index, i});
  return result;
}

void LogicalTableFunction::ResolveOwnTypes() {
  types.clear();
  if (!children.empty()) types = children[0]->types;
  types.insert(types.end(), column_types.begin(), column_types.end());
}

std::vector<ColumnBinding> LogicalRowSubquery::GetColumnBindings() const {
  std::vector<ColumnBinding> result = children[0]->GetColumnBindings();
  result.push_back({table_index, 0});
  return result;
}

std::vector<ColumnBinding> LogicalRowSubquery::BodyBindings() const {
  std::vector<ColumnBinding> result = children[0]->GetColumnBindings();
  for (idx_t i = 0; i < function_types.size(); i++) result.push_back({function_index, i});
  return result;
}

std::vector<ColumnBinding> LogicalRowSubquery::ValueBindings() const {
  if (aggregates.empty()) return BodyBindings();
  std::vector<ColumnBinding> result = children[0]->GetColumnBindings();
  for (idx_t i = 0; i < aggregates.size(); i++) result.push_back({aggregate_index, i});
  return result;
}

void LogicalRowSubquery::ForEachExpression(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) {
  for (auto& e : arguments) fn(e);
  if (filter) fn(filter);
  for (auto& e : aggregates) fn(e);
  if (value) fn(value);
}

void LogicalRowSubquery::ResolveOwnTypes() {
  types = children[0]->types;
  types.push_back(ResultType());
}

std::vector<ColumnBinding> LogicalDelimGet::GetColumnBindings() const {
  std::vector<ColumnBinding> result;
  for (idx_t i = 0; i < column_types.size(); i++) result.push_back({table_index, i});
  return result;
}

}  // namespace stockroom
