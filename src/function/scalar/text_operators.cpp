// The || operator on text, and PostgreSQL's anynonarray || text / text || anynonarray,
// which convert the other side as a ::text cast would. A NULL on either side gives NULL
// (unlike concat()).
#include <cstring>

#include "binder/expression/bound_expression.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/cast/cast_functions.hpp"
#include "function/scalar/operators.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {

namespace {

StringRef Concatenate(Vector& result, const StringRef& a, const StringRef& b) {
  uint32_t len = a.size() + b.size();
  if (len <= StringRef::kInlineLength) {
    char buffer[StringRef::kInlineLength];
    std::memcpy(buffer, a.data(), a.size());
    std::memcpy(buffer + a.size(), b.data(), b.size());
    return StringRef(buffer, len);
  }
  char* target = result.heap().Allocate(len);
  std::memcpy(target, a.data(), a.size());
  std::memcpy(target + a.size(), b.data(), b.size());
  return StringRef(target, len);
}

void TextConcat(const Vector& left, const Vector& right, Vector& result, idx_t count) {
  BinaryExecutor::Execute<StringRef, StringRef, StringRef>(
      left, right, result, count,
      [&result](const StringRef& a, const StringRef& b) { return Concatenate(result, a, b); });
}

void TextConcatKernel(DataChunk& args, ExpressionState&, Vector& result) {
  TextConcat(args.column(0), args.column(1), result, args.size());
}

// Converts a non-text argument as its ::text cast does: booleans become 'true'/'false'
// (not the output function's 't'/'f'); everything else prints as its output function.
void ToText(const Vector& input, Vector& text, idx_t count, ExpressionState& state) {
  static const LogicalType kText = TypeId::kText;
  if (input.type().id() == TypeId::kBoolean) {
    UnaryExecutor::Execute<bool, StringRef>(
        input, text, count, [](bool b) { return StringRef(b ? "true" : "false", b ? 4 : 5); });
    return;
  }
  CastParameters params;
  params.context = state.context;
  params.source_type = &input.type();
  params.target_type = &kText;
  CastToText(input, text, count, params);
}

template <bool kTextLeft>
void MixedConcatKernel(DataChunk& args, ExpressionState& state, Vector& result) {
  idx_t count = args.size();
  const Vector& other = args.column(kTextLeft ? 1 : 0);
  Vector converted(TypeId::kText, std::max<idx_t>(count, 1));
  ToText(other, converted, count, state);
  if constexpr (kTextLeft) {
    TextConcat(args.column(0), converted, result, count);
  } else {
    TextConcat(converted, args.column(1), result, count);
  }
}

}  // namespace

void RegisterTextOperators(FunctionRegistry& registry) {
  const LogicalType text(TypeId::kText);
  registry.AddScalar(MakeScalar("||", {text, text}, text, TextConcatKernel));
  // PostgreSQL declares anynonarray || text and text || anynonarray. Concrete overloads per
  // type resolve the same calls without making 'a' || 'b' (two unknowns) ambiguous against
  // text || text; strings of other string types reach text || text through their cast.
  for (TypeId id : {TypeId::kBoolean, TypeId::kSmallInt, TypeId::kInteger, TypeId::kBigInt, TypeId::kNumeric,
                    TypeId::kReal, TypeId::kDouble, TypeId::kDate, TypeId::kTimestamp, TypeId::kTimestampTz,
                    TypeId::kInterval, TypeId::kJson, TypeId::kJsonb}) {
    ScalarFunction left = MakeScalar("||", {text, id}, text, MixedConcatKernel<true>);
    ScalarFunction right = MakeScalar("||", {id, text}, text, MixedConcatKernel<false>);
    if (id == TypeId::kTimestampTz) {
      // Its text form depends on the session time zone.
      left.volatility = Volatility::kStable;
      right.volatility = Volatility::kStable;
    }
    registry.AddScalar(left);
    registry.AddScalar(right);
  }
}

}  // namespace stockroom
