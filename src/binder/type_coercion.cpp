#include "binder/type_coercion.hpp"

#include <algorithm>

#include "binder/statement_parameters.hpp"
#include "common/error/exception.hpp"
#include "function/cast/cast_functions.hpp"

namespace stockroom {

TypeCategory CategoryOf(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return TypeCategory::kBoolean;
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kNumeric:
    case TypeId::kReal:
    case TypeId::kDouble:
      return TypeCategory::kNumeric;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kChar:
      return TypeCategory::kString;
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return TypeCategory::kDateTime;
    case TypeId::kInterval:
      return TypeCategory::kTimespan;
    case TypeId::kJson:
    case TypeId::kJsonb:
      return TypeCategory::kUser;
    case TypeId::kArray:
      return TypeCategory::kArray;
    default:
      return TypeCategory::kUnknown;
  }
}

bool IsPreferredType(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kDouble:
    case TypeId::kText:
    case TypeId::kTimestampTz:
    case TypeId::kInterval:
    case TypeId::kBoolean:
      return true;
    default:
      return false;
  }
}

namespace {

// Rank along PostgreSQL's implicit numeric promotion chain int2 < int4 < int8 < numeric <
// float4 < float8.
int NumericRank(TypeId id) {
  switch (id) {
    case TypeId::kSmallInt:
      return 0;
    case TypeId::kInteger:
      return 1;
    case TypeId::kBigInt:
      return 2;
    case TypeId::kNumeric:
      return 3;
    case TypeId::kReal:
      return 4;
    case TypeId::kDouble:
      return 5;
    default:
      return -1;
  }
}

int DateTimeRank(TypeId id) {
  switch (id) {
    case TypeId::kDate:
      return 0;
    case TypeId::kTimestamp:
      return 1;
    case TypeId::kTimestampTz:
      return 2;
    default:
      return -1;
  }
}

}  // namespace

int ImplicitCastCost(const LogicalType& from, const LogicalType& to) {
  if (from == to) return 0;
  if (from.id() == to.id()) {
    // Same base type, different modifiers (numeric(10,2) -> numeric, varchar(5) -> varchar).
    return 1;
  }
  if (from.id() == TypeId::kUnknown) return 1;
  if (to.id() == TypeId::kInvalid) return 1;  // "any"
  TypeCategory fc = CategoryOf(from), tc = CategoryOf(to);
  if (fc == TypeCategory::kNumeric && tc == TypeCategory::kNumeric) {
    int fr = NumericRank(from.id()), tr = NumericRank(to.id());
    return tr > fr ? 1 + (tr - fr) : -1;
  }
  if (fc == TypeCategory::kString && tc == TypeCategory::kString) {
    // text, varchar and bpchar convert implicitly in all directions (bpchar -> text is
    // binary-compatible, text -> bpchar implicit). Prefer text.
    return to.id() == TypeId::kText ? 1 : 2;
  }
  if (fc == TypeCategory::kDateTime && tc == TypeCategory::kDateTime) {
    int fr = DateTimeRank(from.id()), tr = DateTimeRank(to.id());
    return tr > fr ? 1 + (tr - fr) : -1;
  }
  if (from.id() == TypeId::kJsonb && to.id() == TypeId::kJson) return -1;
  return -1;
}

bool AssignmentCastAllowed(const LogicalType& from, const LogicalType& to) {
  if (ImplicitCastCost(from, to) >= 0) return true;
  TypeCategory fc = CategoryOf(from), tc = CategoryOf(to);
  // Narrowing numeric casts and to-string I/O casts are assignment casts.
  if (fc == TypeCategory::kNumeric && tc == TypeCategory::kNumeric) return true;
  if (tc == TypeCategory::kString) return true;
  if (fc == TypeCategory::kDateTime && tc == TypeCategory::kDateTime) return true;
  if (from.IsJson() && to.IsJson()) return true;
  return false;
}

LogicalType AsNumeric(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kSmallInt:
      return LogicalType::Numeric(5, 0);
    case TypeId::kInteger:
      return LogicalType::Numeric(10, 0);
    case TypeId::kBigInt:
      return LogicalType::Numeric(19, 0);
    case TypeId::kNumeric:
      return type;
    default:
      return LogicalType(TypeId::kNumeric);
  }
}

LogicalType WiderNumeric(const LogicalType& a, const LogicalType& b) {
  LogicalType na = AsNumeric(a), nb = AsNumeric(b);
  if (na.width() == 0 || nb.width() == 0) return LogicalType(TypeId::kNumeric);
  int32_t scale = std::max(na.scale(), nb.scale());
  int32_t integer_digits = std::max(na.width() - na.scale(), nb.width() - nb.scale());
  int32_t precision = integer_digits + scale;
  if (precision > kMaxNumericPrecision) return LogicalType(TypeId::kNumeric);
  return LogicalType::Numeric(precision, scale);
}

LogicalType CommonType(const std::vector<LogicalType>& types, const std::string& context, int location) {
  const LogicalType* candidate = nullptr;
  for (auto& t : types) {
    if (t.id() == TypeId::kUnknown) continue;
    if (!candidate) {
      candidate = &t;
      continue;
    }
    if (t.id() == candidate->id()) continue;
    if (CategoryOf(t) != CategoryOf(*candidate)) {
      throw SqlError(ErrorCode::kDatatypeMismatch,
                     context + " types " + candidate->Name() + " and " + t.Name() + " cannot be matched",
                     location >= 0 ? location + 1 : 0);
    }
    if (!IsPreferredType(*candidate) && ImplicitCastCost(*candidate, t) > 0 && ImplicitCastCost(t, *candidate) < 0) {
      candidate = &t;
    }
  }
  if (!candidate) return TypeId::kText;
  LogicalType result = *candidate;
  // Modifiers survive only when every input has exactly the chosen type, modifiers included
  // (an unknown literal counts as a mismatch, as in PostgreSQL); otherwise the unconstrained type.
  for (auto& t : types) {
    if (t == result) continue;
    switch (result.id()) {
      case TypeId::kNumeric:
        return LogicalType(TypeId::kNumeric);
      case TypeId::kVarchar:
        return LogicalType(TypeId::kVarchar);
      case TypeId::kChar:
        return LogicalType::Char(0);  // bpchar without a length
      default:
        break;
    }
  }
  return result;
}

std::unique_ptr<BoundExpression> AddCast(std::unique_ptr<BoundExpression> expr, const LogicalType& target,
                                         bool explicit_cast, ClientContext* context) {
  if (expr->kind == BoundExprKind::kParameter && expr->type.id() == TypeId::kUnknown) {
    // An untyped parameter takes the type its context wants, as an unknown literal would.
    auto& parameter = static_cast<BoundParameter&>(*expr);
    if (parameter.parameters && target.id() != TypeId::kUnknown) {
      parameter.parameters->Resolve(parameter.index, ParameterTypeFor(target));
      parameter.type = parameter.parameters->types[parameter.index - 1];
    }
  }
  if (expr->type == target) return expr;
  CastFunctionPtr function = GetCastFunction(expr->type, target);
  if (!function) {
    throw SqlError(ErrorCode::kCannotCoerce,
                   "cannot cast type " + expr->type.ToString() + " to " + target.ToString(),
                   expr->location >= 0 ? expr->location + 1 : 0);
  }
  auto cast = std::make_unique<BoundCast>(std::move(expr), target, function);
  cast->explicit_cast = explicit_cast;
  cast->location = cast->child->location;
  return cast;
}

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), ::tolower);
  return s;
}

}  // namespace

LogicalType ResolveTypeName(const TypeName& name) {
  std::string base = name.names.empty() ? "" : Lower(name.names.back());
  if (name.names.size() > 1) {
    std::string schema = Lower(name.names[name.names.size() - 2]);
    if (schema != "pg_catalog" && schema != "public") {
      throw SqlError(ErrorCode::kUndefinedObject, "type \"" + name.ToString() + "\" does not exist",
                     name.location + 1);
    }
  }
  auto mods = name.modifiers;
  auto no_mods = [&]() {
    if (!mods.empty()) {
      throw SqlError(ErrorCode::kSyntaxError, "type modifier is not allowed for type \"" + base + "\"",
                     name.location + 1);
    }
  };
  LogicalType type;
  if (base == "int2" || base == "smallint") {
    no_mods();
    type = TypeId::kSmallInt;
  } else if (base == "int4" || base == "int" || base == "integer") {
    no_mods();
    type = TypeId::kInteger;
  } else if (base == "int8" || base == "bigint") {
    no_mods();
    type = TypeId::kBigInt;
  } else if (base == "numeric" || base == "decimal") {
    if (mods.empty()) {
      type = LogicalType(TypeId::kNumeric);
    } else {
      int32_t precision = mods[0];
      int32_t scale = mods.size() > 1 ? mods[1] : 0;
      if (precision < 1 || precision > 1000) {
        throw SqlError(ErrorCode::kInvalidParameterValue,
                       "NUMERIC precision " + std::to_string(precision) + " must be between 1 and 1000",
                       name.location + 1);
      }
      if (scale < 0 || scale > precision) {
        throw SqlError(ErrorCode::kInvalidParameterValue,
                       "NUMERIC scale " + std::to_string(scale) + " must be between 0 and precision " +
                           std::to_string(precision),
                       name.location + 1);
      }
      // Wider than Stockroom's exact range: keep per-value scale instead.
      type = precision > kMaxNumericPrecision ? LogicalType(TypeId::kNumeric) : LogicalType::Numeric(precision, scale);
    }
  } else if (base == "float4" || base == "real") {
    no_mods();
    type = TypeId::kReal;
  } else if (base == "float8" || base == "double precision" || base == "double") {
    no_mods();
    type = TypeId::kDouble;
  } else if (base == "float") {
    type = (!mods.empty() && mods[0] <= 24) ? TypeId::kReal : TypeId::kDouble;
  } else if (base == "text") {
    no_mods();
    type = TypeId::kText;
  } else if (base == "varchar" || base == "character varying") {
    type = LogicalType::Varchar(mods.empty() ? 0 : mods[0]);
    if (!mods.empty() && mods[0] < 1) {
      throw SqlError(ErrorCode::kInvalidParameterValue, "length for type varchar must be at least 1",
                     name.location + 1);
    }
  } else if (base == "bpchar" || base == "char" || base == "character") {
    // The grammar gives CHAR and CHARACTER without a length the length 1; `bpchar` written
    // as such has no length (values keep theirs), as in PostgreSQL.
    type = LogicalType::Char(mods.empty() ? (base == "bpchar" ? 0 : 1) : mods[0]);
    if (!mods.empty() && mods[0] < 1) {
      throw SqlError(ErrorCode::kInvalidParameterValue, "length for type char must be at least 1",
                     name.location + 1);
    }
  } else if (base == "date") {
    no_mods();
    type = TypeId::kDate;
  } else if (base == "timestamp" || base == "timestamp without time zone") {
    type = TypeId::kTimestamp;
  } else if (base == "timestamptz" || base == "timestamp with time zone") {
    type = TypeId::kTimestampTz;
  } else if (base == "interval") {
    type = TypeId::kInterval;
  } else if (base == "bool" || base == "boolean") {
    no_mods();
    type = TypeId::kBoolean;
  } else if (base == "json") {
    type = TypeId::kJson;
  } else if (base == "jsonb") {
    type = TypeId::kJsonb;
  } else if (base == "name") {
    type = TypeId::kText;
  } else if (base == "oid" || base == "regclass" || base == "regtype" || base == "regproc" ||
             base == "regprocedure" || base == "regnamespace" || base == "regrole" || base == "xid") {
    // Oids are bigints (pg_catalog emulation); reg* casts of values are bound as lookups.
    no_mods();
    type = TypeId::kBigInt;
  } else if (base == "int2vector") {
    type = LogicalType::Int2Vector();
  } else if (base == "oidvector") {
    type = LogicalType::OidVector();
  } else {
    throw SqlError(ErrorCode::kUndefinedObject, "type \"" + name.ToString() + "\" does not exist",
                   name.location + 1);
  }
  if (name.array_bounds > 0) return LogicalType::Array(type);
  return type;
}

}  // namespace stockroom
