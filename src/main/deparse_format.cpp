#include "main/deparse_format.hpp"

#include <cctype>

namespace stockroom {

namespace {

bool IsLowPriority(const std::string& op) { return op == "+" || op == "-"; }
bool IsHighPriority(const std::string& op) { return op == "*" || op == "/" || op == "%"; }

}  // namespace

bool IsSimple(const NodeShape& child, const ParentNode& parent) {
  switch (child.kind) {
    case PgNodeKind::kSimple:
      return true;
    case PgNodeKind::kOperator:
      if (parent.kind == ParentNodeKind::kOperator) {
        bool low = IsLowPriority(child.op), high = IsHighPriority(child.op);
        bool parent_low = IsLowPriority(parent.op), parent_high = IsHighPriority(parent.op);
        if (!(low || high) || !(parent_low || parent_high)) return false;
        if (high && parent_low) return true;
        if (low && parent_high) return false;
        return parent.left;  // same priority: (a - b) - c needs none, a - (b - c) does
      }
      return parent.kind == ParentNodeKind::kBool;
    case PgNodeKind::kTest:
      return parent.kind == ParentNodeKind::kBool;
    case PgNodeKind::kBool:
      if (parent.kind != ParentNodeKind::kBool) return false;
      if (child.bool_kind == ExprKind::kOr) return parent.bool_kind == ExprKind::kOr;
      return parent.bool_kind == ExprKind::kAnd || parent.bool_kind == ExprKind::kOr;
    case PgNodeKind::kOther:
      return false;
  }
  return false;
}

NodeShape CastNodeShape(const NodeShape& inner) {
  ParentNode cast{ParentNodeKind::kCast};
  return IsSimple(inner, cast) ? NodeShape{} : NodeShape{PgNodeKind::kOther};
}

std::string ConstText(const Value& value, const LogicalType& type, int showtype) {
  if (value.IsNull()) return showtype < 0 ? "NULL" : "NULL::" + type.ToString();
  std::string text = value.ToString();
  std::string out;
  bool label = false;
  switch (type.id()) {
    case TypeId::kInteger:
      if (text[0] != '-') {
        out = text;
      } else {
        out = "'" + text + "'";
        label = true;
      }
      break;
    case TypeId::kNumeric:
      if (std::isdigit(static_cast<unsigned char>(text[0])) && text.find_first_of(".eE") != std::string::npos) {
        out = text;
      } else {
        out = "'" + text + "'";
        label = true;
      }
      break;
    case TypeId::kBoolean:
      out = value.GetBool() ? "true" : "false";
      break;
    default:
      out = "'";
      for (char c : text) {
        if (c == '\'') out += '\'';
        out += c;
      }
      out += "'";
      label = true;
      break;
  }
  if (showtype < 0) return out;
  if (type.id() == TypeId::kBoolean || type.id() == TypeId::kUnknown) label = false;
  if (label || showtype > 0) out += "::" + type.ToString();
  return out;
}

std::string WithoutSpacesBeforeNewlines(const std::string& text) {
  std::string out;
  char quote = 0;
  for (char c : text) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '\n') {
      while (!out.empty() && out.back() == ' ') out.pop_back();
    }
    out += c;
  }
  return out;
}

}  // namespace stockroom
