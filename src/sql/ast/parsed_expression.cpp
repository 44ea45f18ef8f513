#include "sql/ast/parsed_expression.hpp"

#include "sql/ast/query_node.hpp"

namespace stockroom {

std::string TypeName::ToString() const {
  std::string out;
  for (size_t i = 0; i < names.size(); i++) out += (i ? "." : "") + names[i];
  if (!modifiers.empty()) {
    out += "(";
    for (size_t i = 0; i < modifiers.size(); i++) out += (i ? "," : "") + std::to_string(modifiers[i]);
    out += ")";
  }
  for (int i = 0; i < array_bounds; i++) out += "[]";
  return out;
}

ParsedExpressionList CopyExpressions(const ParsedExpressionList& list) {
  ParsedExpressionList out;
  out.reserve(list.size());
  for (auto& e : list) out.push_back(e ? e->Copy() : nullptr);
  return out;
}

std::shared_ptr<WindowSpec> WindowSpec::Copy() const {
  auto w = std::make_shared<WindowSpec>();
  w->name = name;
  w->ref_name = ref_name;
  w->partition_by = CopyExpressions(partition_by);
  for (auto& o : order_by) w->order_by.push_back(o.Copy());
  w->has_frame = has_frame;
  w->between = between;
  w->mode = mode;
  w->start = start;
  w->end = end;
  if (start_offset) w->start_offset = start_offset->Copy();
  if (end_offset) w->end_offset = end_offset->Copy();
  w->exclude = exclude;
  w->location = location;
  return w;
}

GroupingElement GroupingElement::Copy() const {
  GroupingElement g;
  g.kind = kind;
  if (expr) g.expr = expr->Copy();
  for (auto& item : items) g.items.push_back(CopyExpressions(item));
  for (auto& s : sets) g.sets.push_back(s.Copy());
  return g;
}

std::unique_ptr<ParsedExpression> ParsedExpression::Copy() const {
  auto e = std::make_unique<ParsedExpression>(kind, location);
  e->alias = alias;
  e->names = names;
  e->children = CopyExpressions(children);
  e->value = value;
  e->param_index = param_index;
  e->type_name = type_name;
  e->negated = negated;
  e->symmetric = symmetric;
  e->case_insensitive = case_insensitive;
  e->similar = similar;
  e->boolean_test = boolean_test;
  e->slice = slice;
  if (case_operand) e->case_operand = case_operand->Copy();
  if (case_else) e->case_else = case_else->Copy();
  e->distinct = distinct;
  e->star = star;
  e->within_group = within_group;
  e->approximate = approximate;
  if (filter) e->filter = filter->Copy();
  for (auto& o : order_by) e->order_by.push_back(o.Copy());
  if (over) e->over = over->Copy();
  e->subquery_kind = subquery_kind;
  e->subquery = subquery;  // query trees are immutable after parsing; share them
  return e;
}

namespace {

std::string Join(const ParsedExpressionList& list, const char* sep) {
  std::string out;
  for (size_t i = 0; i < list.size(); i++) {
    if (i) out += sep;
    out += list[i] ? list[i]->ToString() : "";
  }
  return out;
}

// The SQL value functions the transformer turns into calls (TransformSqlValueFunction) whose
// keyword does not accept an empty argument list.
bool IsSqlValueFunction(const std::string& name) {
  return name == "current_date" || name == "current_timestamp" || name == "localtimestamp" ||
         name == "current_user" || name == "session_user";
}

}  // namespace

std::string ParsedExpression::ToString() const {
  switch (kind) {
    case ExprKind::kColumnRef: {
      std::string out;
      for (size_t i = 0; i < names.size(); i++) out += (i ? "." : "") + names[i];
      return out;
    }
    case ExprKind::kStar:
      return names.empty() ? "*" : names[0] + ".*";
    case ExprKind::kConstant:
      return value.ToSqlLiteral();
    case ExprKind::kParameter:
      return "$" + std::to_string(param_index);
    case ExprKind::kCast:
      return children[0]->ToString() + "::" + type_name.ToString();
    case ExprKind::kFunction: {
      std::string out;
      for (size_t i = 0; i < names.size(); i++) out += (i ? "." : "") + names[i];
      // current_date and its kind are keywords without parentheses: the text must parse again
      // (a column DEFAULT is kept as text and re-parsed at every INSERT and after a restart).
      if (names.size() == 1 && children.empty() && !star && IsSqlValueFunction(names[0])) return out;
      out += "(";
      if (distinct) out += "DISTINCT ";
      out += star ? "*" : Join(children, ", ");
      out += ")";
      return out;
    }
    case ExprKind::kOperator:
      if (children.size() == 1) return names[0] + children[0]->ToString();
      return "(" + children[0]->ToString() + " " + names[0] + " " + children[1]->ToString() + ")";
    case ExprKind::kAnd:
      return "(" + Join(children, " AND ") + ")";
    case ExprKind::kOr:
      return "(" + Join(children, " OR ") + ")";
    case ExprKind::kNot:
      return "NOT " + children[0]->ToString();
    case ExprKind::kIsNull:
      return children[0]->ToString() + (negated ? " IS NOT NULL" : " IS NULL");
    case ExprKind::kBooleanTest: {
      static const char* kTests[] = {"TRUE", "FALSE", "UNKNOWN"};
      return children[0]->ToString() + (negated ? " IS NOT " : " IS ") + kTests[boolean_test];
    }
    case ExprKind::kDistinctFrom:
      return children[0]->ToString() + (negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ") +
             children[1]->ToString();
    case ExprKind::kBetween:
      return children[0]->ToString() + (negated ? " NOT BETWEEN " : " BETWEEN ") + children[1]->ToString() +
             " AND " + children[2]->ToString();
    case ExprKind::kInList: {
      ParsedExpressionList items;
      std::string out = children[0]->ToString() + (negated ? " NOT IN (" : " IN (");
      for (size_t i = 1; i < children.size(); i++) out += (i > 1 ? ", " : "") + children[i]->ToString();
      return out + ")";
    }
    case ExprKind::kLike:
      return children[0]->ToString() + (negated ? " NOT" : "") +
             (similar ? " SIMILAR TO " : case_insensitive ? " ILIKE " : " LIKE ") + children[1]->ToString();
    case ExprKind::kCase: {
      std::string out = "CASE";
      if (case_operand) out += " " + case_operand->ToString();
      for (size_t i = 0; i + 1 < children.size(); i += 2) {
        out += " WHEN " + children[i]->ToString() + " THEN " + children[i + 1]->ToString();
      }
      if (case_else) out += " ELSE " + case_else->ToString();
      return out + " END";
    }
    case ExprKind::kCoalesce:
      return "COALESCE(" + Join(children, ", ") + ")";
    case ExprKind::kNullIf:
      return "NULLIF(" + Join(children, ", ") + ")";
    case ExprKind::kGreatest:
      return "GREATEST(" + Join(children, ", ") + ")";
    case ExprKind::kLeast:
      return "LEAST(" + Join(children, ", ") + ")";
    case ExprKind::kSubquery:
      return "(SubPlan)";
    case ExprKind::kArray:
      return "ARRAY[" + Join(children, ", ") + "]";
    case ExprKind::kSubscript:
      return children[0]->ToString() + "[...]";
    case ExprKind::kAnyAll:
      return children[0]->ToString() + " " + names[0] + (negated ? " ALL (" : " ANY (") + children[1]->ToString() +
             ")";
    case ExprKind::kGroupingFunc:
      return "GROUPING(" + Join(children, ", ") + ")";
    case ExprKind::kRow:
      return "ROW(" + Join(children, ", ") + ")";
    case ExprKind::kFieldSelect:
      return "(" + children[0]->ToString() + ")." + names[0];
    case ExprKind::kDefault:
      return "DEFAULT";
  }
  return "?";
}

}  // namespace stockroom
