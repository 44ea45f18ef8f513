#include "optimizer/statistics/cardinality_estimator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "catalog/catalog_entry.hpp"
#include "common/types/column_data_collection.hpp"
#include "common/types/numeric.hpp"
#include "execution/operator/scan/physical_table_scan.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

bool ValueToDouble(const Value& v, double* out) {
  if (v.IsNull()) return false;
  switch (v.type().id()) {
    case TypeId::kSmallInt:
      *out = v.GetInt16();
      return true;
    case TypeId::kInteger:
    case TypeId::kDate:
      *out = v.GetInt32();
      return true;
    case TypeId::kBigInt:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      *out = static_cast<double>(v.GetInt64());
      return true;
    case TypeId::kNumeric:
      if (v.type().width() == 0) {
        *out = numeric::ToDouble(v.GetVarNumeric());
      } else if (v.type().physical() == PhysicalType::kInt64) {
        *out = numeric::ToDouble(v.GetInt64(), v.type().scale());
      } else {
        *out = numeric::ToDouble(v.GetInt128(), v.type().scale());
      }
      return true;
    case TypeId::kReal:
      *out = v.GetFloat();
      return true;
    case TypeId::kDouble:
      *out = v.GetDouble();
      return true;
    default:
      return false;
  }
}

const CardinalityEstimator::ColumnInfo* CardinalityEstimator::Info(const BoundExpression& expr) const {
  const BoundExpression* e = &expr;
  while (e->kind == BoundExprKind::kCast) e = static_cast<const BoundCast*>(e)->child.get();
  if (e->kind != BoundExprKind::kColumnRef) return nullptr;
  auto it = columns_.find(static_cast<const BoundColumnRef*>(e)->binding);
  return it == columns_.end() ? nullptr : &it->second;
}

double CardinalityEstimator::DistinctCount(const BoundExpression& expr, double rows) const {
  const ColumnInfo* info = Info(expr);
  double d = info && info->distinct > 0 ? info->distinct : std::max(1.0, rows / 10);
  return std::max(1.0, std::min(d, rows));
}

double CardinalityEstimator::RangeFraction(const ColumnInfo& info, ComparisonKind kind, const Value& constant) const {
  double c;
  if (!info.has_range || !ValueToDouble(constant, &c) || info.max <= info.min) return 1.0 / 3;
  double f = (c - info.min) / (info.max - info.min);
  f = std::clamp(f, 0.0, 1.0);
  switch (kind) {
    case ComparisonKind::kLess:
    case ComparisonKind::kLessEqual:
      return std::max(f, 0.001);
    case ComparisonKind::kGreater:
    case ComparisonKind::kGreaterEqual:
      return std::max(1 - f, 0.001);
    default:
      return 1.0 / 3;
  }
}

double CardinalityEstimator::Selectivity(const BoundExpression& p, double rows) const {
  switch (p.kind) {
    case BoundExprKind::kConjunction: {
      auto& conj = static_cast<const BoundConjunction&>(p);
      double s = conj.is_and ? 1 : 0;
      for (auto& c : conj.children) {
        double cs = Selectivity(*c, rows);
        s = conj.is_and ? s * cs : 1 - (1 - s) * (1 - cs);
      }
      return s;
    }
    case BoundExprKind::kComparison: {
      auto& cmp = static_cast<const BoundComparison&>(p);
      bool left_const = cmp.left->IsFoldable(), right_const = cmp.right->IsFoldable();
      const BoundExpression& column = left_const ? *cmp.right : *cmp.left;
      const BoundExpression& constant = left_const ? *cmp.left : *cmp.right;
      switch (cmp.comparison) {
        case ComparisonKind::kEqual:
        case ComparisonKind::kNotDistinctFrom:
          if (left_const || right_const) return 1.0 / DistinctCount(column, rows);
          return 1.0 / std::max(DistinctCount(*cmp.left, rows), DistinctCount(*cmp.right, rows));
        case ComparisonKind::kNotEqual:
        case ComparisonKind::kDistinctFrom:
          return 1 - 1.0 / DistinctCount(column, rows);
        default: {
          const ColumnInfo* info = Info(column);
          if ((left_const || right_const) && info && constant.kind == BoundExprKind::kConstant) {
            ComparisonKind kind = left_const ? FlipComparison(cmp.comparison) : cmp.comparison;
            return RangeFraction(*info, kind, static_cast<const BoundConstant&>(constant).value);
          }
          if ((left_const || right_const) && info && constant.kind == BoundExprKind::kCast &&
              static_cast<const BoundCast&>(constant).child->kind == BoundExprKind::kConstant) {
            return 1.0 / 3;
          }
          return 1.0 / 3;
        }
      }
    }
    case BoundExprKind::kOperator: {
      auto& op = static_cast<const BoundOperator&>(p);
      switch (op.op) {
        case OperatorKind::kNot:
          return 1 - Selectivity(*op.children[0], rows);
        case OperatorKind::kIsNull: {
          const ColumnInfo* info = Info(*op.children[0]);
          return info ? std::max(info->null_fraction, 0.001) : 0.1;
        }
        case OperatorKind::kIsNotNull: {
          const ColumnInfo* info = Info(*op.children[0]);
          return info ? 1 - info->null_fraction : 0.9;
        }
        case OperatorKind::kInList:
          return std::min(1.0, (op.children.size() - 1) / DistinctCount(*op.children[0], rows));
        case OperatorKind::kNotInList:
          return std::max(0.0, 1 - (op.children.size() - 1) / DistinctCount(*op.children[0], rows));
        default:
          return 0.5;
      }
    }
    case BoundExprKind::kFunction: {
      auto& fn = static_cast<const BoundFunction&>(p);
      if (fn.function.name == "~~" || fn.function.name == "~~*" || fn.function.name == "similar_to") return 0.1;
      return 0.5;
    }
    default:
      return 0.5;
  }
}

namespace {

// Rows of the row groups whose zone maps admit every filter of `get`: the most its scan
// returns. Far below the range estimate for "loaded since" filters on columns that grow
// with the rows (the range estimate assumes values spread evenly from min to max).
double RowsZoneMapsAdmit(const LogicalGet& get) {
  if (get.filters.empty()) return std::numeric_limits<double>::infinity();
  DataTable::Snapshot snapshot = get.table->storage->GetSnapshot();
  double rows = 0;
  for (size_t g = 0; g < snapshot.groups.size(); g++) {
    bool excluded = false;
    for (auto& f : get.filters) {
      excluded = excluded || ZoneMapExcludes(snapshot.groups[g]->columns[f.column_index].zone, f);
    }
    if (!excluded) rows += static_cast<double>(snapshot.counts[g]);
  }
  return rows;
}

}  // namespace

double CardinalityEstimator::Estimate(LogicalOperator& op) {
  for (size_t i = 0; i < op.children.size(); i++) {
    Estimate(*op.children[i]);
    // A CTE's rows are known before the query that scans it is estimated.
    if (i == 0 && op.kind == LogicalOperatorKind::kCteMaterialize) {
      cte_rows_[static_cast<LogicalCteMaterialize&>(op).cte_index] = op.children[0]->estimated_rows;
    }
  }
  double rows = 1;
  switch (op.kind) {
    case LogicalOperatorKind::kGet: {
      auto& get = static_cast<LogicalGet&>(op);
      TableStatistics stats = get.table->storage->GetStatistics(parallel_for_);
      rows = static_cast<double>(stats.row_count);
      for (idx_t i = 0; i < get.column_ids.size(); i++) {
        if (get.column_ids[i] == kRowIdColumn) {  // unique per row
          columns_[{get.table_index, i}].distinct = std::max(1.0, rows);
          continue;
        }
        const ColumnStatistics& cs = stats.columns[get.column_ids[i]];
        ColumnInfo info;
        info.distinct = cs.distinct_count;
        info.null_fraction = cs.null_fraction;
        if (cs.has_range && ValueToDouble(cs.min, &info.min) && ValueToDouble(cs.max, &info.max)) info.has_range = true;
        columns_[{get.table_index, i}] = info;
      }
      double selectivity = 1;
      for (auto& f : get.filters) {
        // Map the table column to its output binding, if projected.
        const ColumnInfo* info = nullptr;
        for (idx_t i = 0; i < get.column_ids.size(); i++) {
          if (get.column_ids[i] == f.column_index) info = &columns_[{get.table_index, i}];
        }
        double ndv = info && info->distinct > 0 ? info->distinct : 10;
        switch (f.kind) {
          case TableFilter::Kind::kComparison:
            if (f.comparison == ComparisonKind::kEqual) selectivity *= 1 / ndv;
            else selectivity *= info ? RangeFraction(*info, f.comparison, f.constant) : 1.0 / 3;
            break;
          case TableFilter::Kind::kInList:
            selectivity *= std::min(1.0, f.in_list.size() / ndv);
            break;
          case TableFilter::Kind::kIsNull:
            selectivity *= info ? std::max(info->null_fraction, 0.001) : 0.1;
            break;
          case TableFilter::Kind::kIsNotNull:
            selectivity *= info ? 1 - info->null_fraction : 0.9;
            break;
        }
      }
      rows = std::min(rows * selectivity, RowsZoneMapsAdmit(get));
      for (idx_t i = 0; i < get.column_ids.size(); i++) {
        auto& info = columns_[{get.table_index, i}];
        info.distinct = std::min(info.distinct, std::max(1.0, rows));
      }
      break;
    }
    case LogicalOperatorKind::kFilter: {
      rows = op.children[0]->estimated_rows;
      for (auto& e : static_cast<LogicalFilter&>(op).expressions) rows *= Selectivity(*e, rows);
      break;
    }
    case LogicalOperatorKind::kProjection: {
      auto& projection = static_cast<LogicalProjection&>(op);
      rows = op.children[0]->estimated_rows;
      for (idx_t i = 0; i < projection.expressions.size(); i++) {
        const ColumnInfo* info = Info(*projection.expressions[i]);
        if (info) columns_[{projection.table_index, i}] = *info;
      }
      break;
    }
    case LogicalOperatorKind::kAggregate: {
      auto& agg = static_cast<LogicalAggregate&>(op);
      double input = op.children[0]->estimated_rows;
      double groups = 1;
      for (auto& g : agg.groups) groups *= DistinctCount(*g, input);
      rows = agg.groups.empty() ? 1 : std::max(1.0, std::min(groups, input));
      for (idx_t i = 0; i < agg.groups.size(); i++) {
        ColumnInfo info;
        info.distinct = std::min(DistinctCount(*agg.groups[i], input), rows);
        columns_[{agg.group_index, i}] = info;
      }
      if (agg.grouping_sets.size() > 1) rows *= agg.grouping_sets.size();
      break;
    }
    case LogicalOperatorKind::kJoin: {
      auto& join = static_cast<LogicalJoin&>(op);
      double l = op.children[0]->estimated_rows, r = op.children[1]->estimated_rows;
      // Only the most selective key counts (see JoinOrderOptimizer: composite keys).
      double selectivity = 1;
      for (auto& c : join.conditions) {
        selectivity = std::min(selectivity, 1 / std::max(DistinctCount(*c.left, l), DistinctCount(*c.right, r)));
      }
      if (join.residual) selectivity *= Selectivity(*join.residual, l * r);
      double inner = l * r * selectivity;
      switch (join.join_type) {
        case JoinType::kInner:
          rows = inner;
          break;
        case JoinType::kLeft:
          rows = std::max(inner, l);
          break;
        case JoinType::kRight:
          rows = std::max(inner, r);
          break;
        case JoinType::kFull:
          rows = std::max(inner, l + r);
          break;
        case JoinType::kSemi:
          rows = std::min(l, std::max(1.0, inner));
          break;
        case JoinType::kAnti:
          rows = std::max(1.0, l - std::min(l, inner));
          break;
        case JoinType::kMark:
        case JoinType::kSingle:
          rows = l;
          break;
      }
      break;
    }
    case LogicalOperatorKind::kCrossProduct:
      rows = op.children[0]->estimated_rows * op.children[1]->estimated_rows;
      break;
    case LogicalOperatorKind::kLimit: {
      auto& limit = static_cast<LogicalLimit&>(op);
      rows = op.children[0]->estimated_rows;
      if (limit.limit >= 0) rows = std::min(rows, static_cast<double>(limit.limit));
      break;
    }
    case LogicalOperatorKind::kTopN:
      rows = std::min(op.children[0]->estimated_rows, static_cast<double>(static_cast<LogicalTopN&>(op).limit));
      break;
    case LogicalOperatorKind::kDistinct:
      rows = std::max(1.0, op.children[0]->estimated_rows / 2);
      break;
    case LogicalOperatorKind::kSetOperation:
      rows = op.children[0]->estimated_rows + op.children[1]->estimated_rows;
      break;
    case LogicalOperatorKind::kValues:
    {
      auto& values = static_cast<LogicalValues&>(op);
      rows = static_cast<double>(values.collection ? values.collection->Count() : values.rows.size());
    }
      break;
    case LogicalOperatorKind::kDummyScan:
      rows = 1;
      break;
    case LogicalOperatorKind::kEmptyResult:
      rows = 0;
      break;
    case LogicalOperatorKind::kCteMaterialize:
      rows = op.children[1]->estimated_rows;
      break;
    case LogicalOperatorKind::kCteRef:
    case LogicalOperatorKind::kRecursiveCteRef: {
      auto it = cte_rows_.find(static_cast<LogicalCteRef&>(op).cte_index);
      rows = it == cte_rows_.end() ? 1000 : it->second;
      break;
    }
    case LogicalOperatorKind::kTableFunction:
      rows = (op.children.empty() ? 1 : op.children[0]->estimated_rows) * 100;
      break;
    default:
      rows = op.children.empty() ? 1000 : op.children[0]->estimated_rows;
      break;
  }
  op.estimated_rows = std::max(rows, 0.0);
  return op.estimated_rows;
}

}  // namespace stockroom
