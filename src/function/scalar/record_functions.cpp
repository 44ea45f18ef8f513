// The kernels behind records (common/types/record_type.hpp): ROW(a, b) builds record_out's
// text from its fields' output text, and (x).name on a record that is not a ROW(...) the
// binder can see through takes field k's text back out (record_field), which the binder
// then casts to the field's type. Both are internal: the binder calls them.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "common/error/exception.hpp"
#include "common/types/record_type.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/cast/cast_functions.hpp"
#include "function/function_registry.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {

namespace {

constexpr size_t kMaxRecordFields = 100;  // FUNC_MAX_ARGS: ROW() is bound like a function call

// ROW(a, b, ...): each field in its output text (NULL: nothing), quoted as record_out does.
void ConstructKernel(DataChunk& args, ExpressionState& state, Vector& result) {
  idx_t columns = args.ColumnCount();
  bool constant = AllConstant(args);
  idx_t rows = constant ? 1 : args.size();
  static const LogicalType kText = TypeId::kText;
  std::vector<Vector> texts;
  texts.reserve(columns);
  std::vector<UnifiedVectorFormat> formats(columns);
  for (idx_t c = 0; c < columns; c++) {
    const Vector& input = args.column(c);
    texts.emplace_back(kText, std::max<idx_t>(rows, 1));
    CastParameters params;
    params.context = state.context;
    params.source_type = &input.type();
    params.target_type = &kText;
    CastToText(input, texts.back(), rows, params);
    texts.back().ToUnified(rows, formats[c]);
  }
  result.Reset();
  if (constant) result.SetConstant();
  auto* out = result.Data<StringRef>();
  std::string buffer;
  for (idx_t row = 0; row < rows; row++) {
    buffer.assign("(");
    for (idx_t c = 0; c < columns; c++) {
      if (c) buffer.push_back(',');
      if (formats[c].IsValid(row)) {
        record_type::AppendField(formats[c].Data<StringRef>()[formats[c].Index(row)].view(), buffer);
      }
    }
    buffer.push_back(')');
    out[row] = result.heap().Add(buffer);
  }
}

// record_field(record, k): field k's (0-based) text, NULL when the field is NULL.
void FieldKernel(DataChunk& args, ExpressionState&, Vector& result) {
  std::vector<std::optional<std::string>> fields;
  BinaryExecutor::ExecuteWithNulls<StringRef, int32_t, StringRef>(
      args.column(0), args.column(1), result, args.size(),
      [&](const StringRef& record, int32_t k, ValidityMask& mask, idx_t row) {
        if (!record_type::ParseFields(record.view(), fields)) {
          throw SqlError(ErrorCode::kInvalidTextRepresentation,
                         "malformed record literal: \"" + record.ToString() + "\"");
        }
        if (k < 0 || static_cast<size_t>(k) >= fields.size() || !fields[k]) {
          mask.SetInvalid(row);
          return StringRef();
        }
        return result.heap().Add(*fields[k]);
      });
}

}  // namespace

void RegisterRecordFunctions(FunctionRegistry& registry) {
  ScalarFunction construct;
  construct.name = "record_construct";
  construct.return_type = LogicalType::Record(0);  // the binder gives each call its fields
  construct.function = ConstructKernel;
  construct.null_handling = NullHandling::kSpecial;
  for (size_t arity = 0; arity <= kMaxRecordFields; arity++) {
    registry.AddScalar(construct);
    construct.arguments.push_back(TypeId::kInvalid);
  }
  ScalarFunction field;
  field.name = "record_field";
  field.arguments = {LogicalType::Record(0), TypeId::kInteger};
  field.return_type = TypeId::kText;
  field.function = FieldKernel;
  registry.AddScalar(field);
}

}  // namespace stockroom
