// Session and system information functions, pg_typeof, the GROUPING() helper, and
// Redshift's nvl, nvl2 and decode.
#include <unistd.h>

#include <optional>
#include <string>
#include <vector>

#include "binder/expression/bound_expression.hpp"
#include "binder/type_coercion.hpp"
#include "common/error/exception.hpp"
#include "common/types/hash.hpp"
#include "common/types/physical_dispatch.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/scalar/operators.hpp"
#include "function/scalar/privilege_functions.hpp"
#include "function/scalar/vector_executor.hpp"
#include "main/client_context.hpp"
#include "main/setting_value.hpp"

namespace stockroom {

namespace {

// PostgreSQL's FUNC_MAX_ARGS: decode is registered once per arity up to it.
constexpr size_t kMaxFunctionArgs = 100;

void SetConstantText(Vector& result, std::string_view text) {
  result.Reset();
  result.SetConstant();
  result.Data<StringRef>()[0] = result.heap().Add(text);
}

void Version(DataChunk&, ExpressionState&, Vector& result) {
  SetConstantText(result, "PostgreSQL 15.0 (Stockroom)");
}

// current_user (SET ROLE's role, else the session user) and session_user.
void CurrentUser(DataChunk&, ExpressionState& state, Vector& result) {
  std::string user = state.context ? state.context->settings().CurrentUser() : std::string();
  SetConstantText(result, user.empty() ? "stockroom" : user);
}

void SessionUser(DataChunk&, ExpressionState& state, Vector& result) {
  std::string user = state.context ? state.context->settings().user : std::string();
  SetConstantText(result, user.empty() ? "stockroom" : user);
}

void CurrentSchema(DataChunk&, ExpressionState& state, Vector& result) {
  // The first search_path entry that names a schema ("$user" has no schema here).
  std::string schema = "public";
  if (state.context) {
    for (const auto& s : state.context->settings().search_path) {
      if (s != "$user") {
        schema = s;
        break;
      }
    }
  }
  SetConstantText(result, schema);
}

void CurrentDatabase(DataChunk&, ExpressionState&, Vector& result) { SetConstantText(result, "stockroom"); }

// current_setting(name [, missing_ok]): what SHOW name prints; 42704 for an unknown name
// unless missing_ok, which gives NULL (PostgreSQL).
void CurrentSetting(DataChunk& args, ExpressionState& state, Vector& result) {
  result.Reset();
  for (idx_t row = 0; row < args.size(); row++) {
    Value name = args.GetValue(0, row);
    bool missing_ok = args.ColumnCount() > 1 && !args.GetValue(1, row).IsNull() && args.GetValue(1, row).GetBool();
    std::optional<std::string> value;
    if (!name.IsNull() && state.context) value = ShowSettingValue(state.context->settings(), name.ToString());
    if (!name.IsNull() && !value && !missing_ok) {
      throw SqlError(ErrorCode::kUndefinedObject, "unrecognized configuration parameter \"" + name.ToString() + "\"");
    }
    result.SetValue(row, value ? Value::Text(*value) : Value::Null(TypeId::kText));
  }
}

void BackendPid(DataChunk&, ExpressionState&, Vector& result) {
  result.Reset();
  result.SetConstant();
  result.Data<int32_t>()[0] = static_cast<int32_t>(getpid());
}

struct TypeNameData : FunctionData {
  std::string name;
};

// An untyped literal reaches an "any" parameter as the binder's implicit cast of an unknown
// constant to text (an explicit '1'::float8 is a cast of an unknown too, but explicit).
bool IsCastOfUnknown(const BoundExpression& expr) {
  if (expr.kind != BoundExprKind::kCast) return false;
  auto& cast = static_cast<const BoundCast&>(expr);
  return !cast.explicit_cast && cast.type.id() == TypeId::kText && cast.child->type.id() == TypeId::kUnknown;
}

std::unique_ptr<FunctionData> BindTypeOf(ClientContext&, ScalarFunction&,
                                         std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  auto data = std::make_unique<TypeNameData>();
  // pg_typeof returns a regtype, which prints without modifiers ("numeric", "character").
  data->name = IsCastOfUnknown(*arguments[0]) ? "unknown" : arguments[0]->type.Name();
  return data;
}

void TypeOf(DataChunk&, ExpressionState& state, Vector& result) {
  SetConstantText(result, static_cast<const TypeNameData*>(state.bind_data)->name);
}

// GROUPING(a, b, ...) as the binder rewrites it: `positions` lists the grouping-set bit of
// each argument; the first argument is the most significant bit of the result.
int32_t GroupingBits(int64_t grouping_id, std::string_view positions) {
  int32_t result = 0;
  size_t i = 0;
  while (i < positions.size()) {
    int64_t index = 0;
    while (i < positions.size() && positions[i] >= '0' && positions[i] <= '9') {
      index = index * 10 + (positions[i] - '0');
      i++;
    }
    int bit = index < 63 ? static_cast<int>((grouping_id >> index) & 1) : 0;
    result = (result << 1) | bit;
    while (i < positions.size() && (positions[i] < '0' || positions[i] > '9')) i++;
  }
  return result;
}

void GroupingBitsKernel(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<int64_t, StringRef, int32_t>(
      args.column(0), args.column(1), result, args.size(),
      [](int64_t id, const StringRef& positions) { return GroupingBits(id, positions.view()); });
}

// Fills each result row from the argument column `choose(formats, row)` names (-1: NULL).
// All candidate columns share the result's type.
template <class T, class Choose>
void GatherRows(DataChunk& args, Vector& result, Choose&& choose) {
  idx_t count = args.size();
  bool all_constant = AllConstant(args);
  idx_t n = all_constant ? 1 : count;
  std::vector<UnifiedVectorFormat> formats(args.ColumnCount());
  for (idx_t c = 0; c < args.ColumnCount(); c++) args.column(c).ToUnified(n, formats[c]);
  result.Reset();
  if (all_constant) result.SetConstant();
  T* out = result.Data<T>();
  for (idx_t row = 0; row < n; row++) {
    int col = choose(formats, row);
    if (col < 0 || !formats[col].IsValid(row)) {
      result.validity().SetInvalid(row);
      continue;
    }
    out[row] = formats[col].template Data<T>()[formats[col].Index(row)];
  }
  if constexpr (std::is_same_v<T, StringRef>) {
    for (idx_t c = 0; c < args.ColumnCount(); c++) result.KeepStringsOf(args.column(c));
  }
}

void Nvl(DataChunk& args, ExpressionState&, Vector& result) {
  WithPhysicalType(result.type().physical(), [&](auto tag) {
    using T = decltype(tag);
    GatherRows<T>(args, result, [](const std::vector<UnifiedVectorFormat>& f, idx_t row) {
      return f[0].IsValid(row) ? 0 : 1;
    });
  });
}

void Nvl2(DataChunk& args, ExpressionState&, Vector& result) {
  WithPhysicalType(result.type().physical(), [&](auto tag) {
    using T = decltype(tag);
    GatherRows<T>(args, result, [](const std::vector<UnifiedVectorFormat>& f, idx_t row) {
      return f[0].IsValid(row) ? 1 : 2;
    });
  });
}

// decode(expr, search1, result1, ..., [default]): the first search equal to expr (NULL
// matching NULL) picks its result.
void Decode(DataChunk& args, ExpressionState&, Vector& result) {
  int ncols = static_cast<int>(args.ColumnCount());
  int pairs = (ncols - 1) / 2;
  int default_col = (ncols - 1) % 2 == 1 ? ncols - 1 : -1;
  WithPhysicalType(args.column(0).type().physical(), [&](auto search_tag) {
    using S = decltype(search_tag);
    WithPhysicalType(result.type().physical(), [&](auto result_tag) {
      using T = decltype(result_tag);
      GatherRows<T>(args, result, [&](const std::vector<UnifiedVectorFormat>& f, idx_t row) {
        bool expr_valid = f[0].IsValid(row);
        const S* expr_data = f[0].template Data<S>();
        for (int p = 0; p < pairs; p++) {
          const UnifiedVectorFormat& search = f[1 + 2 * p];
          bool search_valid = search.IsValid(row);
          bool match = expr_valid && search_valid ? ValuesEqual(expr_data[f[0].Index(row)],
                                                                search.template Data<S>()[search.Index(row)])
                                                  : expr_valid == search_valid;
          if (match) return 2 + 2 * p;
        }
        return default_col;
      });
    });
  });
}

// Lets untyped literals take part in type resolution: the binder casts them to text for
// "any" parameters, which would otherwise force text on every branch.
void UnwrapUnknown(std::unique_ptr<BoundExpression>& arg) {
  if (IsCastOfUnknown(*arg)) arg = std::move(static_cast<BoundCast&>(*arg).child);
}

LogicalType CoerceToCommon(ClientContext& context, std::vector<std::unique_ptr<BoundExpression>>& arguments,
                           const std::vector<size_t>& which, const std::string& what) {
  std::vector<LogicalType> types;
  for (size_t i : which) {
    UnwrapUnknown(arguments[i]);
    types.push_back(arguments[i]->type);
  }
  LogicalType common = CommonType(types, what, arguments[which[0]]->location);
  for (size_t i : which) arguments[i] = AddCast(std::move(arguments[i]), common, false, &context);
  return common;
}

std::unique_ptr<FunctionData> BindNvl(ClientContext& context, ScalarFunction& function,
                                      std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  function.return_type = CoerceToCommon(context, arguments, {0, 1}, "COALESCE");
  return nullptr;
}

std::unique_ptr<FunctionData> BindNvl2(ClientContext& context, ScalarFunction& function,
                                       std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  function.return_type = CoerceToCommon(context, arguments, {1, 2}, "CASE");
  return nullptr;
}

std::unique_ptr<FunctionData> BindDecode(ClientContext& context, ScalarFunction& function,
                                         std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  size_t n = arguments.size();
  std::vector<size_t> searches = {0};
  std::vector<size_t> results;
  for (size_t i = 1; i + 1 < n; i += 2) {
    searches.push_back(i);
    results.push_back(i + 1);
  }
  if ((n - 1) % 2 == 1) results.push_back(n - 1);
  CoerceToCommon(context, arguments, searches, "CASE");
  function.return_type = CoerceToCommon(context, arguments, results, "CASE");
  return nullptr;
}

ScalarFunction Special(std::string name, std::vector<LogicalType> arguments, LogicalType return_type,
                       ScalarFunctionPtr function, ScalarBindPtr bind, Volatility volatility) {
  ScalarFunction f = MakeScalar(std::move(name), std::move(arguments), return_type, function, bind);
  f.null_handling = NullHandling::kSpecial;
  f.volatility = volatility;
  return f;
}

}  // namespace

void RegisterMiscFunctions(FunctionRegistry& registry) {
  const LogicalType text(TypeId::kText);
  const LogicalType any(TypeId::kInvalid);
  registry.AddScalar(Special("version", {}, text, Version, nullptr, Volatility::kStable));
  for (const char* name : {"current_user", "user", "current_role"}) {
    registry.AddScalar(Special(name, {}, text, CurrentUser, nullptr, Volatility::kStable));
  }
  registry.AddScalar(Special("session_user", {}, text, SessionUser, nullptr, Volatility::kStable));
  RegisterPrivilegeFunctions(registry);
  registry.AddScalar(Special("current_schema", {}, text, CurrentSchema, nullptr, Volatility::kStable));
  registry.AddScalar(Special("current_database", {}, text, CurrentDatabase, nullptr, Volatility::kStable));
  registry.AddScalar(Special("current_catalog", {}, text, CurrentDatabase, nullptr, Volatility::kStable));
  registry.AddScalar(
      Special("pg_backend_pid", {}, TypeId::kInteger, BackendPid, nullptr, Volatility::kStable));
  registry.AddScalar(Special("current_setting", {text}, text, CurrentSetting, nullptr, Volatility::kStable));
  registry.AddScalar(
      Special("current_setting", {text, TypeId::kBoolean}, text, CurrentSetting, nullptr, Volatility::kStable));
  registry.AddScalar(Special("pg_typeof", {any}, text, TypeOf, BindTypeOf, Volatility::kStable));
  registry.AddScalar(
      MakeScalar("grouping_bits", {TypeId::kBigInt, text}, TypeId::kInteger, GroupingBitsKernel));

  registry.AddScalar(Special("nvl", {any, any}, any, Nvl, BindNvl, Volatility::kImmutable));
  registry.AddScalar(Special("nvl2", {any, any, any}, any, Nvl2, BindNvl2, Volatility::kImmutable));
  std::vector<LogicalType> decode_args = {any, any, any};
  while (decode_args.size() <= kMaxFunctionArgs) {
    registry.AddScalar(Special("decode", decode_args, any, Decode, BindDecode, Volatility::kImmutable));
    decode_args.push_back(any);
  }
}

}  // namespace stockroom
