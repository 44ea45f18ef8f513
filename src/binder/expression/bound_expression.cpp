#include "binder/expression/bound_expression.hpp"

#include "common/error/assert.hpp"

namespace stockroom {

ComparisonKind FlipComparison(ComparisonKind kind) {
  switch (kind) {
    case ComparisonKind::kLess:
      return ComparisonKind::kGreater;
    case ComparisonKind::kLessEqual:
      return ComparisonKind::kGreaterEqual;
    case ComparisonKind::kGreater:
      return ComparisonKind::kLess;
    case ComparisonKind::kGreaterEqual:
      return ComparisonKind::kLessEqual;
    default:
      return kind;
  }
}

ComparisonKind NegateComparison(ComparisonKind kind) {
  switch (kind) {
    case ComparisonKind::kEqual:
      return ComparisonKind::kNotEqual;
    case ComparisonKind::kNotEqual:
      return ComparisonKind::kEqual;
    case ComparisonKind::kLess:
      return ComparisonKind::kGreaterEqual;
    case ComparisonKind::kLessEqual:
      return ComparisonKind::kGreater;
    case ComparisonKind::kGreater:
      return ComparisonKind::kLessEqual;
    case ComparisonKind::kGreaterEqual:
      return ComparisonKind::kLess;
    case ComparisonKind::kDistinctFrom:
      return ComparisonKind::kNotDistinctFrom;
    case ComparisonKind::kNotDistinctFrom:
      return ComparisonKind::kDistinctFrom;
  }
  return kind;
}

const char* ComparisonSymbol(ComparisonKind kind) {
  switch (kind) {
    case ComparisonKind::kEqual:
      return "=";
    case ComparisonKind::kNotEqual:
      return "<>";
    case ComparisonKind::kLess:
      return "<";
    case ComparisonKind::kLessEqual:
      return "<=";
    case ComparisonKind::kGreater:
      return ">";
    case ComparisonKind::kGreaterEqual:
      return ">=";
    case ComparisonKind::kDistinctFrom:
      return "IS DISTINCT FROM";
    case ComparisonKind::kNotDistinctFrom:
      return "IS NOT DISTINCT FROM";
  }
  return "?";
}

BoundExpressionList CopyBound(const BoundExpressionList& list) {
  BoundExpressionList out;
  out.reserve(list.size());
  for (auto& e : list) out.push_back(e ? e->Copy() : nullptr);
  return out;
}

void VisitExpression(const BoundExpression& expr, const std::function<void(const BoundExpression&)>& fn) {
  fn(expr);
  const_cast<BoundExpression&>(expr).ForEachChild([&](std::unique_ptr<BoundExpression>& child) {
    if (child) VisitExpression(*child, fn);
  });
}

void RewriteExpression(std::unique_ptr<BoundExpression>& expr,
                       const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) {
  if (!expr) return;
  expr->ForEachChild([&](std::unique_ptr<BoundExpression>& child) { RewriteExpression(child, fn); });
  fn(expr);
}

bool BoundExpression::Equals(const BoundExpression& other) const {
  return kind == other.kind && type == other.type;
}

namespace {

bool ListEquals(const BoundExpressionList& a, const BoundExpressionList& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (!a[i] != !b[i]) return false;
    if (a[i] && !a[i]->Equals(*b[i])) return false;
  }
  return true;
}

bool PtrEquals(const std::unique_ptr<BoundExpression>& a, const std::unique_ptr<BoundExpression>& b) {
  if (!a || !b) return !a && !b;
  return a->Equals(*b);
}

std::string JoinList(const BoundExpressionList& list) {
  std::string out;
  for (size_t i = 0; i < list.size(); i++) out += (i ? ", " : "") + list[i]->ToString();
  return out;
}

template <class T>
std::unique_ptr<T> CopyBase(const T& from, std::unique_ptr<T> to) {
  to->alias = from.alias;
  to->location = from.location;
  return to;
}

}  // namespace

bool BoundExpression::IsFoldable() const {
  bool foldable = true;
  VisitExpression(*this, [&](const BoundExpression& e) {
    switch (e.kind) {
      case BoundExprKind::kColumnRef:
      case BoundExprKind::kReference:
      case BoundExprKind::kParameter:
      case BoundExprKind::kAggregate:
      case BoundExprKind::kWindow:
      case BoundExprKind::kSubquery:
        foldable = false;
        break;
      case BoundExprKind::kFunction:
        if (static_cast<const BoundFunction&>(e).function.volatility != Volatility::kImmutable) foldable = false;
        break;
      default:
        break;
    }
  });
  return foldable;
}

bool BoundExpression::HasSubquery() const {
  bool found = false;
  VisitExpression(*this, [&](const BoundExpression& e) { found |= e.kind == BoundExprKind::kSubquery; });
  return found;
}

bool BoundExpression::HasAggregate() const {
  bool found = false;
  VisitExpression(*this, [&](const BoundExpression& e) { found |= e.kind == BoundExprKind::kAggregate; });
  return found;
}

bool BoundExpression::HasWindow() const {
  bool found = false;
  VisitExpression(*this, [&](const BoundExpression& e) { found |= e.kind == BoundExprKind::kWindow; });
  return found;
}

bool BoundExpression::IsVolatile() const {
  bool found = false;
  VisitExpression(*this, [&](const BoundExpression& e) {
    if (e.kind == BoundExprKind::kFunction &&
        static_cast<const BoundFunction&>(e).function.volatility == Volatility::kVolatile) {
      found = true;
    }
  });
  return found;
}

std::unique_ptr<BoundExpression> BoundConstant::Copy() const {
  return CopyBase(*this, std::make_unique<BoundConstant>(value));
}
std::string BoundConstant::ToString() const { return value.ToSqlLiteral(); }
bool BoundConstant::Equals(const BoundExpression& other) const {
  return BoundExpression::Equals(other) && value.Identical(static_cast<const BoundConstant&>(other).value);
}

std::unique_ptr<BoundExpression> BoundColumnRef::Copy() const {
  return CopyBase(*this, std::make_unique<BoundColumnRef>(type, binding, name, depth));
}
std::string BoundColumnRef::ToString() const { return name.empty() ? binding.ToString() : name; }
bool BoundColumnRef::Equals(const BoundExpression& other) const {
  if (!BoundExpression::Equals(other)) return false;
  auto& o = static_cast<const BoundColumnRef&>(other);
  return binding == o.binding && depth == o.depth;
}

std::unique_ptr<BoundExpression> BoundReference::Copy() const {
  return CopyBase(*this, std::make_unique<BoundReference>(type, index, name));
}
std::string BoundReference::ToString() const { return name.empty() ? "#" + std::to_string(index) : name; }
bool BoundReference::Equals(const BoundExpression& other) const {
  return BoundExpression::Equals(other) && index == static_cast<const BoundReference&>(other).index;
}

std::unique_ptr<BoundExpression> BoundParameter::Copy() const {
  auto copy = std::make_unique<BoundParameter>(type, index);
  copy->value = value;
  copy->parameters = parameters;
  return CopyBase(*this, std::move(copy));
}
std::string BoundParameter::ToString() const { return "$" + std::to_string(index); }

std::unique_ptr<BoundExpression> BoundCast::Copy() const {
  auto copy = std::make_unique<BoundCast>(child->Copy(), type, function);
  copy->interval_range = interval_range;
  copy->explicit_cast = explicit_cast;
  return CopyBase(*this, std::move(copy));
}
std::string BoundCast::ToString() const { return "(" + child->ToString() + ")::" + type.ToString(); }
bool BoundCast::Equals(const BoundExpression& other) const {
  return BoundExpression::Equals(other) && child->Equals(*static_cast<const BoundCast&>(other).child);
}

std::unique_ptr<BoundExpression> BoundFunction::Copy() const {
  return CopyBase(*this, std::make_unique<BoundFunction>(function, CopyBound(children), bind_data));
}
std::string BoundFunction::ToString() const {
  bool is_operator = !function.name.empty() && !std::isalpha(static_cast<unsigned char>(function.name[0])) &&
                     function.name[0] != '_';
  if (is_operator && children.size() == 2) {
    return "(" + children[0]->ToString() + " " + function.name + " " + children[1]->ToString() + ")";
  }
  if (is_operator && children.size() == 1) return "(" + function.name + children[0]->ToString() + ")";
  return function.name + "(" + JoinList(children) + ")";
}
bool BoundFunction::Equals(const BoundExpression& other) const {
  if (!BoundExpression::Equals(other)) return false;
  auto& o = static_cast<const BoundFunction&>(other);
  return function.name == o.function.name && function.function == o.function.function &&
         ListEquals(children, o.children) && bind_data == o.bind_data;
}

std::unique_ptr<BoundExpression> BoundComparison::Copy() const {
  return CopyBase(*this, std::make_unique<BoundComparison>(comparison, left->Copy(), right->Copy()));
}
std::string BoundComparison::ToString() const {
  return "(" + left->ToString() + " " + ComparisonSymbol(comparison) + " " + right->ToString() + ")";
}
bool BoundComparison::Equals(const BoundExpression& other) const {
  if (!BoundExpression::Equals(other)) return false;
  auto& o = static_cast<const BoundComparison&>(other);
  return comparison == o.comparison && left->Equals(*o.left) && right->Equals(*o.right);
}

std::unique_ptr<BoundExpression> BoundConjunction::Copy() const {
  return CopyBase(*this, std::make_unique<BoundConjunction>(is_and, CopyBound(children)));
}
std::string BoundConjunction::ToString() const {
  std::string out = "(";
  for (size_t i = 0; i < children.size(); i++) {
    out += (i ? (is_and ? " AND " : " OR ") : "") + children[i]->ToString();
  }
  return out + ")";
}
bool BoundConjunction::Equals(const BoundExpression& other) const {
  if (!BoundExpression::Equals(other)) return false;
  auto& o = static_cast<const BoundConjunction&>(other);
  return is_and == o.is_and && ListEquals(children, o.children);
}

std::unique_ptr<BoundExpression> BoundOperator::Copy() const {
  return CopyBase(*this, std::make_unique<BoundOperator>(op, type, CopyBound(children)));
}
std::string BoundOperator::ToString() const {
  switch (op) {
    case OperatorKind::kNot:
      return "(NOT " + children[0]->ToString() + ")";
    case OperatorKind::kIsNull:
      return "(" + children[0]->ToString() + " IS NULL)";
    case OperatorKind::kIsNotNull:
      return "(" + children[0]->ToString() + " IS NOT NULL)";
    case OperatorKind::kInList:
    case OperatorKind::kNotInList: {
      std::string out = "(" + children[0]->ToString() + (op == OperatorKind::kInList ? " IN (" : " NOT IN (");
      for (size_t i = 1; i < children.size(); i++) out += (i > 1 ? ", " : "") + children[i]->ToString();
      return out + "))";
    }
    case OperatorKind::kCoalesce:
      return "COALESCE(" + JoinList(children) + ")";
  }
  return "?";
}
bool BoundOperator::Equals(const BoundExpression& other) const {
  if (!BoundExpression::Equals(other)) return false;
  auto& o = static_cast<const BoundOperator&>(other);
  return op == o.op && ListEquals(children, o.children);
}

std::unique_ptr<BoundExpression> BoundCase::Copy() const {
  auto copy = std::make_unique<BoundCase>(type);
  copy->whens = CopyBound(whens);
  copy->thens = CopyBound(thens);
  copy->else_expr = else_expr->Copy();
  return CopyBase(*this, std::move(copy));
}
std::string BoundCase::ToString() const {
  std::string out = "CASE";
  for (size_t i = 0; i < whens.size(); i++) out += " WHEN " + whens[i]->ToString() + " THEN " + thens[i]->ToString();
  return out + " ELSE " + else_expr->ToString() + " END";
}
bool BoundCase::Equals(const BoundExpression& other) const {
  if (!BoundExpression::Equals(other)) return false;
  auto& o = static_cast<const BoundCase&>(other);
  return ListEquals(whens, o.whens) && ListEquals(thens, o.thens) && else_expr->Equals(*o.else_expr);
}

std::string BoundOrderItem::ToString() const {
  std::string out = expr->ToString();
  if (descending) out += " DESC";
  if (nulls_first != descending) out += nulls_first ? " NULLS FIRST" : " NULLS LAST";
  return out;
}

namespace {
bool OrderEquals(const std::vector<BoundOrderItem>& a, const std::vector<BoundOrderItem>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (a[i].descending != b[i].descending || a[i].nulls_first != b[i].nulls_first) return false;
    if (!a[i].expr->Equals(*b[i].expr)) return false;
  }
  return true;
}
}  // namespace

std::unique_ptr<BoundAggregate> BoundAggregate::Bind(ClientContext& context, AggregateFunction function,
                                                     BoundExpressionList arguments) {
  std::shared_ptr<FunctionData> bind_data;
  if (function.bind) bind_data = function.bind(context, function, arguments);
  auto aggregate = std::make_unique<BoundAggregate>(std::move(function), std::move(arguments), std::move(bind_data));
  aggregate->type = aggregate->function.return_type;
  return aggregate;
}

std::unique_ptr<BoundExpression> BoundAggregate::Copy() const {
  auto copy = std::make_unique<BoundAggregate>(function, CopyBound(children), bind_data);
  copy->type = type;
  copy->distinct = distinct;
  if (filter) copy->filter = filter->Copy();
  for (auto& o : order_by) copy->order_by.push_back(o.Copy());
  return CopyBase(*this, std::move(copy));
}
std::string BoundAggregate::ToString() const {
  std::string out = function.name + "(" + (distinct ? "DISTINCT " : "") + JoinList(children);
  if (!order_by.empty()) {
    out += " ORDER BY ";
    for (size_t i = 0; i < order_by.size(); i++) out += (i ? ", " : "") + order_by[i].ToString();
  }
  out += ")";
  if (filter) out += " FILTER (WHERE " + filter->ToString() + ")";
  return out;
}
bool BoundAggregate::Equals(const BoundExpression& other) const {
  if (!BoundExpression::Equals(other)) return false;
  auto& o = static_cast<const BoundAggregate&>(other);
  return function.name == o.function.name && function.update == o.function.update && distinct == o.distinct &&
         ListEquals(children, o.children) && PtrEquals(filter, o.filter) && OrderEquals(order_by, o.order_by) &&
         bind_data == o.bind_data;
}

void BoundWindow::ForEachChild(const std::function<void(std::unique_ptr<BoundExpression>&)>& fn) {
  for (auto& c : children) fn(c);
  if (filter) fn(filter);
  for (auto& c : partitions) fn(c);
  for (auto& o : orders) fn(o.expr);
  if (frame.start_offset) fn(frame.start_offset);
  if (frame.end_offset) fn(frame.end_offset);
}

std::unique_ptr<BoundExpression> BoundWindow::Copy() const {
  auto copy = std::make_unique<BoundWindow>(type);
  copy->name = name;
  copy->is_aggregate = is_aggregate;
  copy->window_kind = window_kind;
  copy->aggregate = aggregate;
  copy->bind_data = bind_data;
  copy->distinct = distinct;
  if (filter) copy->filter = filter->Copy();
  copy->children = CopyBound(children);
  copy->partitions = CopyBound(partitions);
  for (auto& o : orders) copy->orders.push_back(o.Copy());
  copy->frame.mode = frame.mode;
  copy->frame.start = frame.start;
  copy->frame.end = frame.end;
  if (frame.start_offset) copy->frame.start_offset = frame.start_offset->Copy();
  if (frame.end_offset) copy->frame.end_offset = frame.end_offset->Copy();
  copy->frame.exclude = frame.exclude;
  return CopyBase(*this, std::move(copy));
}

std::string BoundWindow::ToString() const {
  std::string out = name + "(" + JoinList(children) + ") OVER (";
  if (!partitions.empty()) out += "PARTITION BY " + JoinList(partitions);
  if (!orders.empty()) {
    out += (partitions.empty() ? "" : " ") + std::string("ORDER BY ");
    for (size_t i = 0; i < orders.size(); i++) out += (i ? ", " : "") + orders[i].ToString();
  }
  return out + ")";
}

bool BoundWindow::Equals(const BoundExpression& other) const {
  if (!BoundExpression::Equals(other)) return false;
  auto& o = static_cast<const BoundWindow&>(other);
  return name == o.name && is_aggregate == o.is_aggregate && window_kind == o.window_kind &&
         distinct == o.distinct && ListEquals(children, o.children) && PtrEquals(filter, o.filter) &&
         ListEquals(partitions, o.partitions) && OrderEquals(orders, o.orders) && frame.mode == o.frame.mode &&
         frame.start == o.frame.start && frame.end == o.frame.end && PtrEquals(frame.start_offset, o.frame.start_offset) &&
         PtrEquals(frame.end_offset, o.frame.end_offset) && frame.exclude == o.frame.exclude;
}

std::unique_ptr<BoundExpression> BoundSubquery::Copy() const {
  auto copy = std::make_unique<BoundSubquery>(type);
  copy->subquery_kind = subquery_kind;
  copy->plan = plan;
  copy->output_bindings = output_bindings;
  copy->output_types = output_types;
  if (child) copy->child = child->Copy();
  copy->row_rest = CopyBound(row_rest);
  copy->comparison = comparison;
  copy->correlated = correlated;
  return CopyBase(*this, std::move(copy));
}

std::string BoundSubquery::ToString() const { return "(SubPlan)"; }

}  // namespace stockroom
