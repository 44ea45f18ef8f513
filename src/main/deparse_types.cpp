#include "main/deparse_types.hpp"

#include <set>

namespace stockroom {

namespace {

bool IsUnknown(const LogicalType& t) { return t.id() == TypeId::kUnknown; }
bool IsFloat(const LogicalType& t) { return t.id() == TypeId::kReal || t.id() == TypeId::kDouble; }
bool IsExact(const LogicalType& t) { return t.IsInteger() || t.id() == TypeId::kNumeric; }
bool IsDateTime(const LogicalType& t) {
  return t.id() == TypeId::kDate || t.id() == TypeId::kTimestamp || t.id() == TypeId::kTimestampTz;
}
int IntegerWidth(const LogicalType& t) {
  return t.id() == TypeId::kSmallInt ? 2 : t.id() == TypeId::kInteger ? 4 : 8;
}

const LogicalType kText(TypeId::kText);
const LogicalType kDouble(TypeId::kDouble);
const LogicalType kNumeric(TypeId::kNumeric);

// A string operand of a text operator: varchar and bpchar are converted to text.
std::optional<LogicalType> AsText(const LogicalType& t) {
  if (t.id() == TypeId::kText) return std::nullopt;
  return kText;
}

// Operands of comparisons and arithmetic of two known types.
std::optional<OperandCasts> KnownOperands(const std::string& op, const LogicalType& l, const LogicalType& r) {
  bool comparison = op == "=" || op == "<>" || op == "<" || op == ">" || op == "<=" || op == ">=";
  OperandCasts casts;
  if (l.IsInteger() && r.IsInteger()) {
    // Cross-type operators exist for every pair, except %, which wants one type.
    if (op == "%" && IntegerWidth(l) != IntegerWidth(r)) {
      if (IntegerWidth(l) < IntegerWidth(r)) casts.left = WithoutModifiers(r);
      else casts.right = WithoutModifiers(l);
    }
    return casts;
  }
  if (IsExact(l) && IsExact(r)) {
    if (l.IsInteger()) casts.left = kNumeric;
    if (r.IsInteger()) casts.right = kNumeric;
    return casts;
  }
  if (IsFloat(l) && IsFloat(r)) return casts;  // float48 operators
  if ((IsFloat(l) && IsExact(r)) || (IsExact(l) && IsFloat(r))) {
    // The exact operand becomes float8 (the category's preferred type); a float4 operand
    // meets it through the float48 operators.
    if (IsExact(l)) casts.left = kDouble;
    else casts.right = kDouble;
    return casts;
  }
  if (l.IsString() && r.IsString()) {
    if (!comparison) return std::nullopt;
    if (l.id() == TypeId::kChar && r.id() == TypeId::kChar) return casts;  // bpchar operators
    casts.left = AsText(l);
    casts.right = AsText(r);
    return casts;
  }
  if (IsDateTime(l) && IsDateTime(r)) {
    // Cross-type comparisons; date - date and timestamp - timestamp.
    if (comparison || (op == "-" && l.id() == r.id())) return casts;
    return std::nullopt;
  }
  if (IsDateTime(l) && r.IsInteger() && l.id() == TypeId::kDate && (op == "+" || op == "-")) {
    if (r.id() != TypeId::kInteger) casts.right = LogicalType(TypeId::kInteger);
    return casts;
  }
  if (IsDateTime(l) && r.id() == TypeId::kInterval && (op == "+" || op == "-")) return casts;
  if (l.id() == TypeId::kInterval && r.id() == TypeId::kInterval && (comparison || op == "+" || op == "-")) {
    return casts;
  }
  if (l.id() == TypeId::kBoolean && r.id() == TypeId::kBoolean && comparison) return casts;
  return std::nullopt;
}

}  // namespace

LogicalType WithoutModifiers(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kNumeric:
      return kNumeric;
    case TypeId::kVarchar:
      return LogicalType(TypeId::kVarchar);
    case TypeId::kChar:
      return LogicalType::Char(0);
    default:
      return type;
  }
}

std::optional<OperandCasts> BinaryOperatorCasts(const std::string& op, const LogicalType& left,
                                                const LogicalType& right) {
  static const std::set<std::string> kPattern = {"~~", "~~*", "!~~", "!~~*", "~", "~*", "!~", "!~*"};
  static const std::set<std::string> kKnown = {"=", "<>", "<", ">", "<=", ">=", "+", "-", "*", "/", "%"};
  OperandCasts casts;
  if (kPattern.count(op)) {
    // textlike/bpcharlike and the regex matches: (text or bpchar) op text.
    if (!(left.IsString() || IsUnknown(left)) || !(right.IsString() || IsUnknown(right))) return std::nullopt;
    if (left.id() != TypeId::kChar) casts.left = AsText(left);
    casts.right = AsText(right);
    return casts;
  }
  if (op == "||") {
    // textcat; other operands resolve to the polymorphic anynonarray || text.
    if (!(left.IsString() || IsUnknown(left)) || !(right.IsString() || IsUnknown(right))) return std::nullopt;
    casts.left = AsText(left);
    casts.right = AsText(right);
    return casts;
  }
  if (!kKnown.count(op)) return std::nullopt;
  bool comparison = op == "=" || op == "<>" || op == "<" || op == ">" || op == "<=" || op == ">=";
  if (IsUnknown(left) && IsUnknown(right)) {
    if (!comparison) return std::nullopt;
    casts.left = casts.right = kText;
    return casts;
  }
  if (IsUnknown(left) || IsUnknown(right)) {
    // The literal takes the other operand's type; a varchar operand means the text
    // operator (varchar has none of its own).
    const LogicalType& other = IsUnknown(left) ? right : left;
    if (!comparison && !IsExact(other) && !IsFloat(other) && other.id() != TypeId::kInterval) return std::nullopt;
    LogicalType target = other.id() == TypeId::kVarchar ? kText : WithoutModifiers(other);
    std::optional<LogicalType> other_cast;
    if (other.id() == TypeId::kVarchar) other_cast = kText;
    if (IsUnknown(left)) {
      casts.left = target;
      casts.right = other_cast;
    } else {
      casts.left = other_cast;
      casts.right = target;
    }
    return casts;
  }
  return KnownOperands(op, left, right);
}

bool IsFunctionCast(const LogicalType& from, const LogicalType& to) {
  if (from.id() == to.id()) return to != WithoutModifiers(to);  // a length or precision coercion
  bool from_number = IsExact(from) || IsFloat(from), to_number = IsExact(to) || IsFloat(to);
  if (from_number && to_number) return true;
  if (from.id() == TypeId::kChar && to.IsString()) return true;
  if (IsDateTime(from) && IsDateTime(to)) return true;
  return (from.id() == TypeId::kBoolean && to.id() == TypeId::kInteger) ||
         (from.id() == TypeId::kInteger && to.id() == TypeId::kBoolean);
}

}  // namespace stockroom
