#include "binder/expression_binder.hpp"

#include <algorithm>

#include "binder/statement_parameters.hpp"
#include "binder/type_coercion.hpp"
#include "catalog/catalog.hpp"
#include "common/error/exception.hpp"
#include "common/types/numeric.hpp"
#include "function/cast/cast_functions.hpp"
#include "function/scalar/utf8.hpp"
#include "main/client_context.hpp"

namespace stockroom {

const char* ClauseName(ExpressionClause clause) {
  switch (clause) {
    case ExpressionClause::kWhere:
      return "WHERE";
    case ExpressionClause::kJoinCondition:
      return "JOIN conditions";
    case ExpressionClause::kGroupBy:
      return "GROUP BY";
    case ExpressionClause::kHaving:
      return "HAVING";
    case ExpressionClause::kSelect:
      return "SELECT";
    case ExpressionClause::kOrderBy:
      return "ORDER BY";
    case ExpressionClause::kLimit:
      return "LIMIT";
    case ExpressionClause::kValues:
      return "VALUES";
    case ExpressionClause::kFunctionInFrom:
      return "functions in FROM";
    case ExpressionClause::kWindowDefinition:
      return "window definitions";
    case ExpressionClause::kWindowRows:
      return "window ROWS";
    case ExpressionClause::kWindowRange:
      return "window RANGE";
    case ExpressionClause::kWindowGroups:
      return "window GROUPS";
    case ExpressionClause::kDefault:
      return "DEFAULT expressions";
    case ExpressionClause::kOther:
      return "this context";
  }
  return "this context";
}

namespace {

int Pos(int location) { return location >= 0 ? location + 1 : 0; }

std::unique_ptr<BoundExpression> NullConstant(const LogicalType& type) {
  return std::make_unique<BoundConstant>(Value::Null(type));
}

std::unique_ptr<BoundExpression> BoolConstant(bool b) { return std::make_unique<BoundConstant>(Value::Boolean(b)); }

std::unique_ptr<BoundExpression> Not(std::unique_ptr<BoundExpression> e) {
  BoundExpressionList children;
  children.push_back(std::move(e));
  return std::make_unique<BoundOperator>(OperatorKind::kNot, TypeId::kBoolean, std::move(children));
}

// Returns PostgreSQL's numeric output text for a numeric literal ("1.50e3" -> "1500"),
// which is what its numeric -> float casts parse and quote in their errors.
std::string NumericLiteralText(std::string_view literal) {
  bool negative = false;
  size_t i = 0;
  if (i < literal.size() && (literal[i] == '-' || literal[i] == '+')) negative = literal[i++] == '-';
  std::string digits;
  int64_t frac_digits = 0;
  bool after_point = false;
  for (; i < literal.size() && literal[i] != 'e' && literal[i] != 'E'; i++) {
    if (literal[i] == '.') {
      after_point = true;
    } else {
      digits.push_back(literal[i]);
      if (after_point) frac_digits++;
    }
  }
  int64_t exponent = i < literal.size() ? std::strtoll(std::string(literal.substr(i + 1)).c_str(), nullptr, 10) : 0;
  int64_t scale = frac_digits - exponent;
  std::string int_part, frac_part;
  if (scale <= 0) {
    int_part = digits + std::string(static_cast<size_t>(-scale), '0');
  } else {
    if (static_cast<int64_t>(digits.size()) <= scale) {
      digits.insert(0, static_cast<size_t>(scale) - digits.size() + 1, '0');
    }
    int_part = digits.substr(0, digits.size() - static_cast<size_t>(scale));
    frac_part = digits.substr(digits.size() - static_cast<size_t>(scale));
  }
  size_t first = int_part.find_first_not_of('0');
  int_part = first == std::string::npos ? "0" : int_part.substr(first);
  bool zero = int_part == "0" && frac_part.find_first_not_of('0') == std::string::npos;
  std::string out = negative && !zero ? "-" : "";
  out += int_part;
  if (!frac_part.empty()) out += "." + frac_part;
  return out;
}

// Returns the text of a numeric literal too large for Stockroom's numeric (the transformer
// turns those into '...'::pg_catalog.numeric), or an empty view.
std::string_view OversizedNumericLiteral(const ParsedExpression& expr) {
  if (expr.kind != ExprKind::kCast || expr.children.size() != 1) return {};
  const auto& names = expr.type_name.names;
  if (names.size() != 2 || names[0] != "pg_catalog" || names[1] != "numeric" || !expr.type_name.modifiers.empty() ||
      expr.type_name.array_bounds != 0) {
    return {};
  }
  const ParsedExpression& child = *expr.children[0];
  if (child.kind != ExprKind::kConstant || child.value.IsNull() || child.value.type().id() != TypeId::kUnknown) return {};
  std::string_view text = child.value.GetString();
  if (text.empty() || text.find_first_not_of("-+0123456789.eE") != std::string_view::npos) return {};
  try {
    VarNumeric ignored;
    numeric::TryParse(text, &ignored);
  } catch (const SqlError& error) {
    if (error.code() == ErrorCode::kNumericValueOutOfRange) return text;
  }
  return {};
}

// Whether `expr` is an unknown-typed literal with more characters than char(n) `type` holds
// (trailing blanks aside).
bool LiteralTooLongForChar(const BoundExpression& expr, const LogicalType& type) {
  if (type.id() != TypeId::kChar || type.width() == 0 || expr.type.id() != TypeId::kUnknown ||
      expr.kind != BoundExprKind::kConstant) {
    return false;
  }
  const Value& value = static_cast<const BoundConstant&>(expr).value;
  if (value.IsNull()) return false;
  std::string_view text = value.GetString();
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return utf8::CountChars(text) > type.width();
}

}  // namespace

BoundExpressionList ExpressionBinder::BindChildren(ParsedExpressionList& children) {
  BoundExpressionList out;
  out.reserve(children.size());
  for (auto& c : children) out.push_back(Bind(*c));
  return out;
}

std::unique_ptr<BoundExpression> ExpressionBinder::ToBoolean(std::unique_ptr<BoundExpression> expr, const char* what,
                                                             ClientContext& context) {
  if (expr->type.id() == TypeId::kBoolean) return expr;
  if (expr->type.id() == TypeId::kUnknown) return AddCast(std::move(expr), TypeId::kBoolean, false, &context);
  throw SqlError(ErrorCode::kDatatypeMismatch,
                 std::string("argument of ") + what + " must be type boolean, not type " + expr->type.Name(),
                 Pos(expr->location));
}

std::unique_ptr<BoundExpression> ExpressionBinder::MakeComparison(ComparisonKind kind,
                                                                  std::unique_ptr<BoundExpression> left,
                                                                  std::unique_ptr<BoundExpression> right, int location,
                                                                  ClientContext& context) {
  const LogicalType& lt = left->type;
  const LogicalType& rt = right->type;
  LogicalType target;
  if (lt.id() == TypeId::kUnknown && rt.id() == TypeId::kUnknown) {
    target = TypeId::kText;
  } else if (lt.id() == TypeId::kUnknown) {
    target = rt;
  } else if (rt.id() == TypeId::kUnknown) {
    target = lt;
  } else if (lt == rt) {
    target = lt;
  } else {
    TypeCategory lc = CategoryOf(lt), rc = CategoryOf(rt);
    if (lc == TypeCategory::kNumeric && rc == TypeCategory::kNumeric) {
      bool l_float = lt.id() == TypeId::kReal || lt.id() == TypeId::kDouble;
      bool r_float = rt.id() == TypeId::kReal || rt.id() == TypeId::kDouble;
      if (l_float || r_float) {
        target = (lt.id() == TypeId::kReal && rt.id() == TypeId::kReal) ? LogicalType(TypeId::kReal)
                                                                        : LogicalType(TypeId::kDouble);
      } else if (lt.IsInteger() && rt.IsInteger()) {
        target = ImplicitCastCost(lt, rt) >= 0 ? rt : lt;
      } else {
        target = WiderNumeric(lt, rt);
      }
    } else if (lc == TypeCategory::kString && rc == TypeCategory::kString) {
      // bpchar compared with bpchar of another length, or with text: compare as text
      // (trailing blanks of bpchar are insignificant).
      target = (lt.id() == TypeId::kChar && rt.id() == TypeId::kChar) ? lt : LogicalType(TypeId::kText);
      if (lt.id() == TypeId::kChar && rt.id() == TypeId::kChar && lt.width() != rt.width()) target = TypeId::kText;
    } else if (lc == rc && lc == TypeCategory::kDateTime) {
      target = ImplicitCastCost(lt, rt) >= 0 ? rt : lt;
    } else if (lt.IsJson() && rt.IsJson()) {
      target = TypeId::kJsonb;
    } else {
      throw SqlError(ErrorCode::kUndefinedFunction,
                     std::string("operator does not exist: ") + lt.Name() + " " + ComparisonSymbol(kind) + " " + rt.Name(),
                     Pos(location))
          .WithHint("No operator matches the given name and argument types. You might need to add explicit type casts.");
    }
  }
  // bpchar compares without trailing blanks: a bpchar without a length (values padded to
  // different lengths), or a char(n) against a literal longer than n (PostgreSQL compares
  // as bpchar without a length, with no "value too long" error), compares as text.
  if (target.id() == TypeId::kChar &&
      (target.width() == 0 || LiteralTooLongForChar(*left, target) || LiteralTooLongForChar(*right, target))) {
    target = TypeId::kText;
  }
  if (target.id() == TypeId::kJson) {
    throw SqlError(ErrorCode::kUndefinedFunction,
                   std::string("operator does not exist: json ") + ComparisonSymbol(kind) + " json", Pos(location))
        .WithHint("No operator matches the given name and argument types. You might need to add explicit type casts.");
  }
  // Numeric comparisons run on one physical layout; exact numerics of different scales
  // compare at the wider scale.
  if (target.id() == TypeId::kNumeric && (left->type != target || right->type != target)) {
    if (left->type.IsUnconstrainedNumeric() || right->type.IsUnconstrainedNumeric()) target = LogicalType(TypeId::kNumeric);
  }
  left = AddCast(std::move(left), target, false, &context);
  right = AddCast(std::move(right), target, false, &context);
  auto cmp = std::make_unique<BoundComparison>(kind, std::move(left), std::move(right));
  cmp->location = location;
  return cmp;
}

std::unique_ptr<BoundExpression> ExpressionBinder::Bind(ParsedExpression& expr) {
  std::unique_ptr<BoundExpression> result;
  switch (expr.kind) {
    case ExprKind::kColumnRef:
      result = BindColumnRef(expr);
      break;
    case ExprKind::kStar:
      throw SqlError(ErrorCode::kSyntaxError, "\"*\" is not allowed here", Pos(expr.location));
    case ExprKind::kConstant:
      result = BindConstant(expr);
      break;
    case ExprKind::kParameter:
      result = BindParameter(expr);
      break;
    case ExprKind::kCast:
      result = BindCast(expr);
      break;
    case ExprKind::kFunction:
      result = BindFunction(expr);
      break;
    case ExprKind::kOperator:
      result = BindOperator(expr);
      break;
    case ExprKind::kAnd:
    case ExprKind::kOr:
    case ExprKind::kNot:
    case ExprKind::kIsNull:
    case ExprKind::kBooleanTest:
    case ExprKind::kDistinctFrom:
      result = BindBoolean(expr);
      break;
    case ExprKind::kBetween:
      result = BindBetween(expr);
      break;
    case ExprKind::kInList:
      result = BindInList(expr);
      break;
    case ExprKind::kLike:
      result = BindLike(expr);
      break;
    case ExprKind::kCase:
    case ExprKind::kNullIf:
    case ExprKind::kCoalesce:
      result = BindCase(expr);
      break;
    case ExprKind::kGreatest:
    case ExprKind::kLeast: {
      auto args = BindChildren(expr.children);
      std::vector<LogicalType> types;
      for (auto& a : args) types.push_back(a->type);
      LogicalType common = CommonType(types, expr.kind == ExprKind::kGreatest ? "GREATEST" : "LEAST", expr.location);
      for (auto& a : args) a = AddCast(std::move(a), common, false, &binder_.context());
      result = BindScalarFunction(binder_.context(), expr.kind == ExprKind::kGreatest ? "greatest" : "least",
                                  std::move(args), expr.location, false);
      result->type = common;
      break;
    }
    case ExprKind::kSubquery:
      result = BindSubquery(expr);
      break;
    case ExprKind::kAnyAll:
      result = BindAnyAll(expr);
      break;
    case ExprKind::kArray: {
      auto args = BindChildren(expr.children);
      result = CallScalar("array_construct", std::move(args), expr.location, false);
      break;
    }
    case ExprKind::kSubscript: {
      BoundExpressionList args;
      args.push_back(Bind(*expr.children[0]));
      for (size_t i = 1; i < expr.children.size(); i++) {
        args.push_back(expr.children[i] ? Bind(*expr.children[i]) : NullConstant(TypeId::kInteger));
      }
      result = CallScalar(expr.slice ? "array_slice" : "array_subscript", std::move(args), expr.location, false);
      break;
    }
    case ExprKind::kGroupingFunc:
      result = BindGrouping(expr);
      break;
    case ExprKind::kRow:
      result = BindRow(expr);
      break;
    case ExprKind::kFieldSelect:
      result = BindFieldSelect(expr);
      break;
    case ExprKind::kDefault:
      throw SqlError(ErrorCode::kSyntaxError, "DEFAULT is not allowed in this context", Pos(expr.location));
  }
  if (result->location < 0) result->location = expr.location;
  if (auto* notes = binder_.deparse_notes()) Note(*notes, expr, *result);
  return result;
}

void ExpressionBinder::Note(DeparseNotes& notes, const ParsedExpression& expr, BoundExpression& result) {
  if (expr.location < 0) return;
  notes.types[expr.location] = result.type;
  // The casts this expression's binding put on its operands (the operands' own bindings
  // noted their types already).
  result.ForEachChild([&](std::unique_ptr<BoundExpression>& child) {
    if (child->kind != BoundExprKind::kCast || child->location < 0) return;
    auto& cast = static_cast<BoundCast&>(*child);
    if (!cast.explicit_cast) notes.implicit_casts[cast.location] = cast.type;
  });
}

std::unique_ptr<BoundExpression> ExpressionBinder::BindColumnRef(ParsedExpression& expr) {
  const auto& names = expr.names;
  std::string column = names.back();
  std::string alias = names.size() >= 2 ? names[names.size() - 2] : "";
  // Look at this level, then outward (correlated references).
  idx_t depth = 0;
  for (Binder* b = &binder_; b; b = b->parent_, depth++) {
    std::unique_ptr<BoundExpression> found = b->bind_context_.Resolve(alias, column, expr.location);
    if (!found && b->lateral_context_) found = b->lateral_context_->Resolve(alias, column, expr.location);
    if (found) {
      if (depth > 0) {
        auto& ref = static_cast<BoundColumnRef&>(*found);
        ref.depth = depth;
        idx_t level = 0;
        for (Binder* inner = &binder_; inner != b; inner = inner->parent_, level++) {
          inner->AddCorrelatedColumn(CorrelatedColumn{ref.binding, ref.type, ref.name, depth - level});
        }
      }
      return found;
    }
    if (!alias.empty() && (b->bind_context_.HasAlias(alias) ||
                           (b->lateral_context_ && b->lateral_context_->HasAlias(alias)))) {
      throw SqlError(ErrorCode::kUndefinedColumn, "column " + alias + "." + column + " does not exist",
                     Pos(expr.location));
    }
  }
  if (!alias.empty()) {
    throw SqlError(ErrorCode::kUndefinedTable, "missing FROM-clause entry for table \"" + alias + "\"",
                   Pos(expr.location));
  }
  // Redshift's SYSDATE is a keyword without parentheses; PostgreSQL's grammar reads it as a
  // column name, so an unresolved "sysdate" is the function.
  if (names.size() == 1 && column == "sysdate" && FunctionRegistry::Get().Scalar("sysdate")) {
    return CallScalar("sysdate", {}, expr.location, false);
  }
  throw SqlError(ErrorCode::kUndefinedColumn, "column \"" + column + "\" does not exist", Pos(expr.location));
}

std::unique_ptr<BoundExpression> ExpressionBinder::BindParameter(ParsedExpression& expr) {
  StatementParameters* parameters = binder_.context().parameters();
  size_t n = expr.param_index > 0 ? static_cast<size_t>(expr.param_index) : 0;
  if (!parameters || n == 0 || (!parameters->describing() && n > parameters->types.size())) {
    throw SqlError(ErrorCode::kUndefinedParameter, "there is no parameter $" + std::to_string(expr.param_index),
                   Pos(expr.location));
  }
  if (!parameters->describing()) {
    // Executing: the bound value, a constant of the prepared type.
    const Value& value = (*parameters->values)[n - 1];
    return std::make_unique<BoundConstant>(value.IsNull() ? Value::Null(parameters->types[n - 1]) : value);
  }
  parameters->Grow(n);
  auto parameter = std::make_unique<BoundParameter>(parameters->types[n - 1], n);
  parameter->parameters = parameters;
  if (parameter->type.id() == TypeId::kUnknown) parameters->untyped_uses[n - 1]++;
  return parameter;
}

std::unique_ptr<BoundExpression> ExpressionBinder::BindConstant(ParsedExpression& expr) {
  return std::make_unique<BoundConstant>(expr.value);
}

std::unique_ptr<BoundExpression> ExpressionBinder::BindCast(ParsedExpression& expr) {
  // ::regclass, ::regtype, ::regproc, ::regnamespace: oids are bigints here, so a cast from
  // text looks the name up (giving the oid) and a cast from a number gives the name
  // PostgreSQL's output function prints (catalog_functions.cpp).
  auto reg_kind = [](const ParsedExpression& e) -> std::string {
    if (e.kind != ExprKind::kCast || e.type_name.names.empty() || e.type_name.array_bounds != 0) return "";
    std::string base = e.type_name.names.back();
    for (auto& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (base == "regprocedure") base = "regproc";
    bool reg = base == "regclass" || base == "regtype" || base == "regproc" || base == "regnamespace";
    return reg ? base : "";
  };
  // 'name'::regclass::text: the name as regclass prints it, not the number.
  std::string inner_kind = reg_kind(*expr.children[0]);
  if (!inner_kind.empty() && ResolveTypeName(expr.type_name).IsString()) {
    auto inner = Bind(*expr.children[0]);  // an oid when it read a name, else already the name
    if (inner->type.id() == TypeId::kBigInt) {
      BoundExpressionList args;
      args.push_back(std::move(inner));
      inner = CallScalar("stockroom_" + inner_kind + "_out", std::move(args), expr.location, false);
    }
    return AddCast(std::move(inner), ResolveTypeName(expr.type_name), true, &binder_.context());
  }
  if (!reg_kind(expr).empty()) {
    std::string base = reg_kind(expr);
    {
      auto child = Bind(*expr.children[0]);
      BoundExpressionList args;
      if (child->type.IsString() || child->type.id() == TypeId::kUnknown) {
        args.push_back(AddCast(std::move(child), TypeId::kText, true, &binder_.context()));
        return CallScalar("stockroom_" + base + "_in", std::move(args), expr.location, false);
      }
      args.push_back(AddCast(std::move(child), TypeId::kBigInt, true, &binder_.context()));
      return CallScalar("stockroom_" + base + "_out", std::move(args), expr.location, false);
    }
  }
  LogicalType target = ResolveTypeName(expr.type_name);
  if (target.id() == TypeId::kReal || target.id() == TypeId::kDouble) {
    std::string_view literal = OversizedNumericLiteral(*expr.children[0]);
    if (!literal.empty()) {
      // PostgreSQL converts numeric to float through numeric's text form.
      auto text = std::make_unique<BoundConstant>(Value::String(TypeId::kUnknown, NumericLiteralText(literal)));
      return AddCast(std::move(text), target, true, &binder_.context());
    }
  }
  auto child = Bind(*expr.children[0]);
  int32_t interval_range = 0;
  if (target.id() == TypeId::kInterval && !expr.type_name.modifiers.empty()) {
    interval_range = expr.type_name.modifiers[0];
  }
  if (child->kind == BoundExprKind::kConstant && interval_range != 0) {
    auto cast = std::make_unique<BoundCast>(std::move(child), target, GetCastFunction(TypeId::kText, target));
    cast->interval_range = interval_range;
    cast->child = AddCast(std::move(cast->child), TypeId::kText, true, &binder_.context());
    return cast;
  }
  if (child->type == target && target.id() != TypeId::kNumeric && interval_range == 0) return child;
  if (interval_range != 0) {
    // INTERVAL ... DAY restricts the value even when it is already an interval.
    CastFunctionPtr function = GetCastFunction(child->type, target);
    if (!function) {
      throw SqlError(ErrorCode::kCannotCoerce, "cannot cast type " + child->type.ToString() + " to interval",
                     Pos(expr.location));
    }
    auto cast = std::make_unique<BoundCast>(std::move(child), target, function);
    cast->interval_range = interval_range;
    cast->location = expr.location;
    return cast;
  }
  auto result = AddCast(std::move(child), target, true, &binder_.context());
  result->location = expr.location;
  return result;
}

std::unique_ptr<BoundExpression> ExpressionBinder::CallScalar(const std::string& name, BoundExpressionList args,
                                                              int location, bool is_operator) {
  return BindScalarFunction(binder_.context(), name, std::move(args), location, is_operator);
}

std::unique_ptr<BoundExpression> ExpressionBinder::BindOperator(ParsedExpression& expr) {
  const std::string& op = expr.names[0];
  if (expr.children.size() == 2) {
    ComparisonKind kind;
    bool is_comparison = true;
    if (op == "=") kind = ComparisonKind::kEqual;
    else if (op == "<>" || op == "!=") kind = ComparisonKind::kNotEqual;
    else if (op == "<") kind = ComparisonKind::kLess;
    else if (op == "<=") kind = ComparisonKind::kLessEqual;
    else if (op == ">") kind = ComparisonKind::kGreater;
    else if (op == ">=") kind = ComparisonKind::kGreaterEqual;
    else is_comparison = false;
    if (is_comparison) {
      if (expr.children[0]->kind == ExprKind::kRow || expr.children[1]->kind == ExprKind::kRow) {
        return BindRowComparison(expr, kind);
      }
      auto left = Bind(*expr.children[0]);
      auto right = Bind(*expr.children[1]);
      return MakeComparison(kind, std::move(left), std::move(right), expr.location, binder_.context());
    }
  }
  auto args = BindChildren(expr.children);
  return CallScalar(op, std::move(args), expr.location, true);
}

std::unique_ptr<BoundExpression> ExpressionBinder::BindRowComparison(ParsedExpression& expr, ComparisonKind kind) {
  auto& l = *expr.children[0];
  auto& r = *expr.children[1];
  if (l.kind != ExprKind::kRow || r.kind != ExprKind::kRow || l.children.size() != r.children.size()) {
    throw SqlError(ErrorCode::kSyntaxError, "unequal number of entries in row expressions", Pos(expr.location));
  }
  if (kind != ComparisonKind::kEqual && kind != ComparisonKind::kNotEqual) {
    // Lexicographic, as PostgreSQL: the first pair that is not equal decides, and a NULL in
    // that pair makes the result NULL. (a1, a2) < (b1, b2) is
    // a1 < b1 OR (a1 = b1 AND a2 < b2); only the last pair uses <= / >= for <= / >=.
    ComparisonKind strict = kind == ComparisonKind::kLess || kind == ComparisonKind::kLessEqual
                                ? ComparisonKind::kLess
                                : ComparisonKind::kGreater;
    ClientContext& ctx = binder_.context();
    std::vector<std::unique_ptr<BoundExpression>> left, right;
    for (size_t i = 0; i < l.children.size(); i++) {
      left.push_back(Bind(*l.children[i]));
      right.push_back(Bind(*r.children[i]));
    }
    size_t n = left.size();
    std::unique_ptr<BoundExpression> result =
        MakeComparison(kind, std::move(left[n - 1]), std::move(right[n - 1]), expr.location, ctx);
    for (size_t i = n - 1; i-- > 0;) {
      BoundExpressionList and_parts;
      and_parts.push_back(MakeComparison(ComparisonKind::kEqual, left[i]->Copy(), right[i]->Copy(), expr.location, ctx));
      and_parts.push_back(std::move(result));
      BoundExpressionList or_parts;
      or_parts.push_back(MakeComparison(strict, std::move(left[i]), std::move(right[i]), expr.location, ctx));
      or_parts.push_back(std::make_unique<BoundConjunction>(true, std::move(and_parts)));
      result = std::make_unique<BoundConjunction>(false, std::move(or_parts));
    }
    return result;
  }
  BoundExpressionList parts;
  for (size_t i = 0; i < l.children.size(); i++) {
    parts.push_back(MakeComparison(kind, Bind(*l.children[i]), Bind(*r.children[i]), expr.location, binder_.context()));
  }
  if (parts.size() == 1) return std::move(parts[0]);
  return std::make_unique<BoundConjunction>(kind == ComparisonKind::kEqual, std::move(parts));
}

std::unique_ptr<BoundExpression> ExpressionBinder::BindBoolean(ParsedExpression& expr) {
  ClientContext& ctx = binder_.context();
  switch (expr.kind) {
    case ExprKind::kAnd:
    case ExprKind::kOr: {
      bool is_and = expr.kind == ExprKind::kAnd;
      BoundExpressionList children;
      for (auto& c : expr.children) {
        auto bound = ToBoolean(Bind(*c), is_and ? "AND" : "OR", ctx);
        // Flatten nested conjunctions of the same kind.
        if (bound->kind == BoundExprKind::kConjunction && static_cast<BoundConjunction&>(*bound).is_and == is_and) {
          for (auto& g : static_cast<BoundConjunction&>(*bound).children) children.push_back(std::move(g));
        } else {
          children.push_back(std::move(bound));
        }
      }
      return std::make_unique<BoundConjunction>(is_and, std::move(children));
    }
    case ExprKind::kNot:
      return Not(ToBoolean(Bind(*expr.children[0]), "NOT", ctx));
    case ExprKind::kIsNull: {
      BoundExpressionList children;
      auto child = Bind(*expr.children[0]);
      // An untyped parameter stays untyped: IS NULL alone does not determine its type.
      bool untyped_parameter = child->kind == BoundExprKind::kParameter;
      if (child->type.id() == TypeId::kUnknown && !untyped_parameter) {
        child = AddCast(std::move(child), TypeId::kText, false, &ctx);
      }
      children.push_back(std::move(child));
      return std::make_unique<BoundOperator>(expr.negated ? OperatorKind::kIsNotNull : OperatorKind::kIsNull,
                                             TypeId::kBoolean, std::move(children));
    }
    case ExprKind::kBooleanTest: {
      auto child = ToBoolean(Bind(*expr.children[0]), "IS TRUE", ctx);
      if (expr.boolean_test == 2) {
        BoundExpressionList children;
        children.push_back(std::move(child));
        return std::make_unique<BoundOperator>(expr.negated ? OperatorKind::kIsNotNull : OperatorKind::kIsNull,
                                               TypeId::kBoolean, std::move(children));
      }
      // IS [NOT] TRUE/FALSE never returns NULL: x IS TRUE  ==  x IS NOT DISTINCT FROM true.
      auto cmp = std::make_unique<BoundComparison>(
          expr.negated ? ComparisonKind::kDistinctFrom : ComparisonKind::kNotDistinctFrom, std::move(child),
          BoolConstant(expr.boolean_test == 0));
      return cmp;
    }
    case ExprKind::kDistinctFrom:
      return MakeComparison(expr.negated ? ComparisonKind::kNotDistinctFrom : ComparisonKind::kDistinctFrom,
                            Bind(*expr.children[0]), Bind(*expr.children[1]), expr.location, ctx);
    default:
      throw InternalError("not a boolean expression");
  }
}

std::unique_ptr<BoundExpression> ExpressionBinder::BindBetween(ParsedExpression& expr) {
  ClientContext& ctx = binder_.context();
  auto x = Bind(*expr.children[0]);
  auto lo = Bind(*expr.children[1]);
  auto hi = Bind(*expr.children[2]);
  auto range = [&](std::unique_ptr<BoundExpression> v, std::unique_ptr<BoundExpression> a,
                   std::unique_ptr<BoundExpression> b) -> std::unique_ptr<BoundExpression> {
    BoundExpressionList parts;
    if (!expr.negated) {
      parts.push_back(MakeComparison(ComparisonKind::kGreaterEqual, v->Copy(), std::move(a), expr.location, ctx));
      parts.push_back(MakeComparison(ComparisonKind::kLessEqual, std::move(v), std::move(b), expr.location, ctx));
      return std::make_unique<BoundConjunction>(true, std::move(parts));
    }
    parts.push_back(MakeComparison(ComparisonKind::kLess, v->Copy(), std::move(a), expr.location, ctx));
    parts.push_back(MakeComparison(ComparisonKind::kGreater, std::move(v), std::move(b), expr.location, ctx));
    return std::make_unique<BoundConjunction>(false, std::move(parts));
  };
  if (!expr.symmetric) return range(std::move(x), std::move(lo), std::move(hi));
  auto first = range(x->Copy(), lo->Copy(), hi->Copy());
  auto second = range(std::move(x), std::move(hi), std::move(lo));
  BoundExpressionList parts;
  parts.push_back(std::move(first));
  parts.push_back(std::move(second));
  // In either order: (x BETWEEN a AND b) OR (x BETWEEN b AND a); NOT: both ranges miss.
  return std::make_unique<BoundConjunction>(expr.negated, std::move(parts));
}

std::unique_ptr<BoundExpression> ExpressionBinder::BindInList(ParsedExpression& expr) {
  ClientContext& ctx = binder_.context();
  if (expr.children[0]->kind == ExprKind::kRow) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "row constructors in IN lists are not supported",
                   Pos(expr.location));
  }
  BoundExpressionList args = BindChildren(expr.children);
  // Unknown literals take the others' type, modifiers included (they only feed comparisons).
  std::vector<LogicalType> types;
  for (auto& a : args) {
    if (a->type.id() != TypeId::kUnknown) types.push_back(a->type);
  }
  LogicalType common = CommonType(types, "IN", expr.location);
  bool all_constant = true;
  for (size_t i = 1; i < args.size(); i++) all_constant &= args[i]->IsFoldable();
  if (!all_constant) {
    // x IN (a, b) with non-constant items: x = a OR x = b (with NULL semantics intact).
    BoundExpressionList ors;
    for (size_t i = 1; i < args.size(); i++) {
      ors.push_back(MakeComparison(ComparisonKind::kEqual, args[0]->Copy(), std::move(args[i]), expr.location, ctx));
    }
    std::unique_ptr<BoundExpression> result =
        ors.size() == 1 ? std::move(ors[0]) : std::make_unique<BoundConjunction>(false, std::move(ors));
    return expr.negated ? Not(std::move(result)) : std::move(result);
  }
  if (common.id() == TypeId::kChar) {
    // As in MakeComparison: compare as text unless every literal fits the char(n).
    bool as_text = common.width() == 0;
    for (auto& a : args) as_text |= LiteralTooLongForChar(*a, common);
    if (as_text) common = TypeId::kText;
  }
  for (auto& a : args) a = AddCast(std::move(a), common, false, &ctx);
  return std::make_unique<BoundOperator>(expr.negated ? OperatorKind::kNotInList : OperatorKind::kInList,
                                         TypeId::kBoolean, std::move(args));
}

std::unique_ptr<BoundExpression> ExpressionBinder::BindLike(ParsedExpression& expr) {
  BoundExpressionList args = BindChildren(expr.children);
  const char* name = expr.similar ? "similar_to" : expr.case_insensitive ? "~~*" : "~~";
  auto result = CallScalar(name, std::move(args), expr.location, !expr.similar);
  return expr.negated ? Not(std::move(result)) : std::move(result);
}

std::unique_ptr<BoundExpression> ExpressionBinder::BindCase(ParsedExpression& expr) {
  ClientContext& ctx = binder_.context();
  if (expr.kind == ExprKind::kCoalesce) {
    BoundExpressionList args = BindChildren(expr.children);
    std::vector<LogicalType> types;
    for (auto& a : args) types.push_back(a->type);
    LogicalType common = CommonType(types, "COALESCE", expr.location);
    for (auto& a : args) a = AddCast(std::move(a), common, false, &ctx);
    return std::make_unique<BoundOperator>(OperatorKind::kCoalesce, common, std::move(args));
  }
  if (expr.kind == ExprKind::kNullIf) {
    // NULLIF(a, b) = CASE WHEN a = b THEN NULL ELSE a END, typed as a.
    auto a = Bind(*expr.children[0]);
    auto b = Bind(*expr.children[1]);
    if (a->type.id() == TypeId::kUnknown) a = AddCast(std::move(a), TypeId::kText, false, &ctx);
    LogicalType type = a->type;
    auto result = std::make_unique<BoundCase>(type);
    result->whens.push_back(MakeComparison(ComparisonKind::kEqual, a->Copy(), std::move(b), expr.location, ctx));
    result->thens.push_back(NullConstant(type));
    result->else_expr = std::move(a);
    return result;
  }
  std::unique_ptr<BoundExpression> operand;
  if (expr.case_operand) operand = Bind(*expr.case_operand);
  BoundExpressionList whens, thens;
  for (size_t i = 0; i + 1 < expr.children.size(); i += 2) {
    auto when = Bind(*expr.children[i]);
    if (operand) {
      when = MakeComparison(ComparisonKind::kEqual, operand->Copy(), std::move(when), expr.children[i]->location, ctx);
    } else {
      when = ToBoolean(std::move(when), "CASE/WHEN", ctx);
    }
    whens.push_back(std::move(when));
    thens.push_back(Bind(*expr.children[i + 1]));
  }
  std::unique_ptr<BoundExpression> else_expr = expr.case_else ? Bind(*expr.case_else) : nullptr;
  // PostgreSQL weighs the ELSE result first (transformCaseExpr), so CASE WHEN .. THEN
  // a_varchar ELSE a_text END is text.
  std::vector<LogicalType> types;
  if (else_expr) types.push_back(else_expr->type);
  for (auto& t : thens) types.push_back(t->type);
  LogicalType common = CommonType(types, "CASE", expr.location);
  auto result = std::make_unique<BoundCase>(common);
  for (auto& t : thens) t = AddCast(std::move(t), common, false, &ctx);
  result->whens = std::move(whens);
  result->thens = std::move(thens);
  result->else_expr = else_expr ? AddCast(std::move(else_expr), common, false, &ctx) : NullConstant(common);
  return result;
}

std::unique_ptr<BoundExpression> ExpressionBinder::BindAnyAll(ParsedExpression& expr) {
  // x op ANY (array): over an ARRAY[...] constructor this is an IN list / OR chain.
  auto& array = *expr.children[1];
  if (array.kind == ExprKind::kArray && expr.names[0] == "=" && !expr.negated) {
    ParsedExpression in(ExprKind::kInList, expr.location);
    in.children.push_back(expr.children[0]->Copy());
    for (auto& c : array.children) in.children.push_back(c->Copy());
    return BindInList(in);
  }
  BoundExpressionList args;
  args.push_back(Bind(*expr.children[0]));
  args.push_back(Bind(array));
  if (args[1]->kind == BoundExprKind::kParameter && args[1]->type.id() == TypeId::kUnknown &&
      args[0]->type.id() != TypeId::kUnknown && args[0]->type.id() != TypeId::kArray) {
    // x = ANY($1): an array of the type x's operator takes (varchar compares as text).
    LogicalType element = args[0]->type.id() == TypeId::kVarchar ? LogicalType(TypeId::kText)
                                                                 : ParameterTypeFor(args[0]->type);
    args[1] = AddCast(std::move(args[1]), LogicalType::Array(element), false, &binder_.context());
  }
  args.push_back(std::make_unique<BoundConstant>(Value::Text(expr.names[0])));
  return CallScalar(expr.negated ? "array_all_op" : "array_any_op", std::move(args), expr.location, false);
}

std::vector<BoundOrderItem> ExpressionBinder::BindOrderItems(std::vector<OrderItem>& items) {
  std::vector<BoundOrderItem> result;
  for (auto& item : items) {
    BoundOrderItem bound;
    bound.expr = Bind(*item.expr);
    if (bound.expr->type.id() == TypeId::kUnknown) {
      bound.expr = AddCast(std::move(bound.expr), TypeId::kText, false, &binder_.context());
    }
    bound.descending = item.descending;
    bound.nulls_first = item.nulls == NullsOrder::kDefault ? item.descending : item.nulls == NullsOrder::kFirst;
    result.push_back(std::move(bound));
  }
  return result;
}

std::unique_ptr<BoundExpression> ExpressionBinder::BindFunction(ParsedExpression& expr) {
  std::string name = expr.names.back();
  if (expr.names.size() > 1) {
    const std::string& schema = expr.names[expr.names.size() - 2];
    if (schema != "pg_catalog" && schema != "public" && schema != "information_schema") {
      throw SqlError(ErrorCode::kInvalidSchemaName, "schema \"" + schema + "\" does not exist", Pos(expr.location));
    }
  }
  const FunctionRegistry& registry = FunctionRegistry::Get();
  WindowFunctionKind window_kind;
  bool is_window_only = registry.Window(name, &window_kind);
  bool is_aggregate = registry.Aggregate(name) != nullptr;
  if (expr.approximate) {
    if (name != "count" || !expr.distinct) {
      throw SqlError(ErrorCode::kSyntaxError, "APPROXIMATE applies only to COUNT(DISTINCT ...)", Pos(expr.location));
    }
    name = "approx_count_distinct";
    expr.distinct = false;
    is_aggregate = true;
  }
  if (expr.over) {
    if (!is_window_only && !is_aggregate) {
      throw SqlError(ErrorCode::kWrongObjectType,
                     "OVER specified, but " + name + " is not a window function nor an aggregate function",
                     Pos(expr.location));
    }
    return BindWindow(expr, name);
  }
  if (is_window_only) {
    throw SqlError(ErrorCode::kWrongObjectType, "window function " + name + " requires an OVER clause",
                   Pos(expr.location));
  }
  if (is_aggregate) return BindAggregate(expr, name);
  if (expr.star) {
    throw SqlError(ErrorCode::kWrongObjectType,
                   name + "(*) specified, but " + name + " is not an aggregate function", Pos(expr.location));
  }
  if (expr.distinct || !expr.order_by.empty() || expr.filter) {
    const char* what = expr.distinct ? "DISTINCT" : expr.filter ? "FILTER" : "ORDER BY";
    throw SqlError(ErrorCode::kWrongObjectType,
                   std::string(what) + " specified, but " + name + " is not an aggregate function",
                   Pos(expr.location));
  }
  // Redshift date functions take the date part as a bare word (dateadd(day, 1, d)), which
  // parses as a column reference: read it as the part's name.
  static const char* kDatePartFunctions[] = {"dateadd", "date_add", "datediff", "date_diff", "datepart", "date_part"};
  bool takes_datepart = std::any_of(std::begin(kDatePartFunctions), std::end(kDatePartFunctions),
                                    [&](const char* f) { return name == f; });
  if (takes_datepart && !expr.children.empty() && expr.children[0]->kind == ExprKind::kColumnRef &&
      expr.children[0]->names.size() == 1) {
    auto part = std::make_unique<ParsedExpression>(ExprKind::kConstant, expr.children[0]->location);
    part->value = Value::String(TypeId::kUnknown, expr.children[0]->names[0]);
    expr.children[0] = std::move(part);
  }
  auto args = BindChildren(expr.children);
  // Table functions in the select list (SELECT generate_series(1, 3)) are set-returning;
  // Stockroom supports them only in FROM.
  if (!registry.Scalar(name) && registry.Table(name)) {
    throw SqlError(ErrorCode::kFeatureNotSupported,
                   "set-returning function " + name + "() is supported only in FROM", Pos(expr.location))
        .WithHint("Write SELECT ... FROM " + name + "(...) instead.");
  }
  return CallScalar(name, std::move(args), expr.location, false);
}

}  // namespace stockroom
