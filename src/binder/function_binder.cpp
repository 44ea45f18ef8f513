#include "binder/expression_binder.hpp"
#include "binder/type_coercion.hpp"
#include "common/error/exception.hpp"
#include "function/function_registry.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

struct MatchScore {
  bool viable = false;
  int exact = 0;
  int preferred = 0;
  int cost = 0;
};

bool SameBaseType(const LogicalType& a, const LogicalType& b) { return a.id() == b.id(); }

MatchScore Score(const std::vector<LogicalType>& params, const LogicalType& varargs,
                 const std::vector<LogicalType>& args) {
  MatchScore score;
  bool variadic = varargs.id() != TypeId::kInvalid;
  if (args.size() < params.size() || (!variadic && args.size() != params.size())) return score;
  for (size_t i = 0; i < args.size(); i++) {
    const LogicalType& param = i < params.size() ? params[i] : varargs;
    const LogicalType& arg = args[i];
    if (param.id() == TypeId::kInvalid) {  // "any"
      score.cost += 1;
      continue;
    }
    if (SameBaseType(param, arg) || (param.id() == TypeId::kArray && arg.id() == TypeId::kArray)) {
      score.exact++;
      continue;
    }
    if (arg.id() == TypeId::kUnknown) {
      // An unknown literal prefers the string category, then a category's preferred type
      // (timestamptz among date/time types), as PostgreSQL's resolution does.
      score.cost += CategoryOf(param) == TypeCategory::kString ? 1 : 2;
      if (IsPreferredType(param)) score.preferred++;
      continue;
    }
    int cost = ImplicitCastCost(arg, param);
    if (cost < 0) return score;
    score.cost += cost;
    if (IsPreferredType(param)) score.preferred++;
  }
  score.viable = true;
  return score;
}

std::string ArgTypeList(const BoundExpressionList& args) {
  std::string out;
  for (size_t i = 0; i < args.size(); i++) out += (i ? ", " : "") + args[i]->type.Name();
  return out;
}

}  // namespace

int SelectOverload(const std::vector<std::vector<LogicalType>>& candidates, const std::vector<LogicalType>& varargs,
                   const std::vector<LogicalType>& args, std::vector<LogicalType>* target_types) {
  // PostgreSQL's binary-operator rule: an unknown argument is assumed to have the other
  // argument's type when checking for an exact match.
  std::vector<LogicalType> probe = args;
  if (args.size() == 2) {
    if (args[0].id() == TypeId::kUnknown && args[1].id() != TypeId::kUnknown) probe[0] = args[1];
    if (args[1].id() == TypeId::kUnknown && args[0].id() != TypeId::kUnknown) probe[1] = args[0];
    for (size_t c = 0; c < candidates.size(); c++) {
      if (candidates[c].size() == 2 && varargs[c].id() == TypeId::kInvalid &&
          SameBaseType(candidates[c][0], probe[0]) && SameBaseType(candidates[c][1], probe[1]) &&
          (args[0].id() == TypeId::kUnknown || args[1].id() == TypeId::kUnknown)) {
        *target_types = candidates[c];
        return static_cast<int>(c);
      }
    }
  }
  int best = -1;
  MatchScore best_score;
  bool ambiguous = false;
  for (size_t c = 0; c < candidates.size(); c++) {
    MatchScore s = Score(candidates[c], varargs[c], args);
    if (!s.viable) continue;
    bool better = best < 0 || s.exact > best_score.exact ||
                  (s.exact == best_score.exact && s.preferred > best_score.preferred) ||
                  (s.exact == best_score.exact && s.preferred == best_score.preferred && s.cost < best_score.cost);
    bool tie = best >= 0 && s.exact == best_score.exact && s.preferred == best_score.preferred &&
               s.cost == best_score.cost;
    if (better) {
      best = static_cast<int>(c);
      best_score = s;
      ambiguous = false;
    } else if (tie) {
      ambiguous = true;
    }
  }
  if (best < 0) return -1;
  if (ambiguous) return -2;
  target_types->clear();
  for (size_t i = 0; i < args.size(); i++) {
    target_types->push_back(i < candidates[best].size() ? candidates[best][i] : varargs[best]);
  }
  return best;
}

void ThrowNoOverload(const std::string& name, const BoundExpressionList& args, bool ambiguous, int position) {
  std::string call = "function " + name + "(" + ArgTypeList(args) + ")";
  if (ambiguous) {
    throw SqlError(ErrorCode::kAmbiguousFunction, call + " is not unique", position)
        .WithHint("Could not choose a best candidate function. You might need to add explicit type casts.");
  }
  throw SqlError(ErrorCode::kUndefinedFunction, call + " does not exist", position)
      .WithHint("No function matches the given name and argument types. You might need to add explicit type casts.");
}

std::unique_ptr<BoundExpression> BindScalarFunction(ClientContext& context, const std::string& name,
                                                    BoundExpressionList args, int location, bool is_operator) {
  const auto* overloads = FunctionRegistry::Get().Scalar(name);
  auto not_found = [&]() -> SqlError {
    std::string message;
    if (is_operator) {
      message = "operator does not exist: ";
      if (args.size() == 2) message += args[0]->type.Name() + " " + name + " " + args[1]->type.Name();
      else message += name + " " + args[0]->type.Name();
    } else {
      message = "function " + name + "(" + ArgTypeList(args) + ") does not exist";
    }
    return SqlError(ErrorCode::kUndefinedFunction, message, location >= 0 ? location + 1 : 0)
        .WithHint(std::string("No ") + (is_operator ? "operator" : "function") +
                  " matches the given name and argument types. You might need to add explicit type casts.");
  };
  if (!overloads) throw not_found();
  std::vector<std::vector<LogicalType>> candidates;
  std::vector<LogicalType> varargs;
  for (auto& f : *overloads) {
    candidates.push_back(f.arguments);
    varargs.push_back(f.varargs);
  }
  std::vector<LogicalType> arg_types;
  for (auto& a : args) arg_types.push_back(a->type);
  std::vector<LogicalType> targets;
  int chosen = SelectOverload(candidates, varargs, arg_types, &targets);
  if (chosen == -1) throw not_found();
  if (chosen == -2) {
    std::string what = is_operator ? "operator is not unique: " + (args.size() == 2 ? args[0]->type.Name() + " " + name + " " + args[1]->type.Name() : name + " " + args[0]->type.Name())
                                   : "function " + name + "(" + ArgTypeList(args) + ") is not unique";
    throw SqlError(ErrorCode::kAmbiguousFunction, what, location >= 0 ? location + 1 : 0)
        .WithHint(std::string("Could not choose a best candidate ") + (is_operator ? "operator" : "function") +
                  ". You might need to add explicit type casts.");
  }
  ScalarFunction function = (*overloads)[chosen];
  for (size_t i = 0; i < args.size(); i++) {
    const LogicalType& target = targets[i];
    if (target.id() == TypeId::kInvalid) {
      // An untyped parameter stays untyped for the bind hook (ARRAY[$1, 2] types it integer).
      if (args[i]->type.id() == TypeId::kUnknown && args[i]->kind != BoundExprKind::kParameter) {
        args[i] = AddCast(std::move(args[i]), TypeId::kText, false, &context);
      }
      continue;
    }
    if (target.id() == TypeId::kNumeric && target.width() == 0 && function.bind) {
      // Numeric-aware functions take numeric(p,s) as it is and integers as exact numerics.
      if (args[i]->type.id() == TypeId::kNumeric) continue;
      if (args[i]->type.IsInteger()) {
        LogicalType exact = AsNumeric(args[i]->type);  // before args[i] is moved from
        args[i] = AddCast(std::move(args[i]), exact, false, &context);
        continue;
      }
    }
    if (target.id() == TypeId::kArray) {
      if (args[i]->type.id() == TypeId::kArray) continue;
      if (args[i]->type.id() == TypeId::kUnknown) {
        args[i] = AddCast(std::move(args[i]), target.Element().id() == TypeId::kInvalid ? LogicalType::Array(TypeId::kText) : target,
                          false, &context);
        continue;
      }
    }
    if (target.id() == args[i]->type.id() && target.id() != TypeId::kChar && target.id() != TypeId::kNumeric) {
      continue;  // varchar(n) for varchar, etc.
    }
    if (target.id() == TypeId::kNumeric && target.width() == 0 && args[i]->type.IsUnconstrainedNumeric()) continue;
    args[i] = AddCast(std::move(args[i]), target, false, &context);
  }
  std::unique_ptr<FunctionData> bind_data;
  if (function.bind) bind_data = function.bind(context, function, args);
  auto result = std::make_unique<BoundFunction>(std::move(function), std::move(args),
                                                std::shared_ptr<FunctionData>(std::move(bind_data)));
  result->type = result->function.return_type;
  result->location = location;
  return result;
}

}  // namespace stockroom
