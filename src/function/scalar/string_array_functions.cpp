#include <algorithm>
#include <string>
#include <vector>

#include "execution/expression/expression_state.hpp"
#include "function/scalar/array_text.hpp"
#include "function/scalar/string_functions.hpp"
#include "function/scalar/utf8.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {

namespace {

// Reads up to three string arguments row by row, with their NULL flags.
class StringArguments {
 public:
  StringArguments(const DataChunk& args, idx_t count) : formats_(args.ColumnCount()) {
    for (idx_t col = 0; col < args.ColumnCount(); col++) args.column(col).ToUnified(count, formats_[col]);
  }
  bool IsNull(idx_t col, idx_t row) const { return !formats_[col].IsValid(row); }
  std::string_view Get(idx_t col, idx_t row) const {
    return formats_[col].Data<StringRef>()[formats_[col].Index(row)].view();
  }
  idx_t ColumnCount() const { return formats_.size(); }

 private:
  std::vector<UnifiedVectorFormat> formats_;
};

// Runs `row_fn(args, row, out) -> bool` (false: NULL) for each row, constant when every
// argument is constant.
template <class RowFn>
void ForEachRow(DataChunk& args, Vector& result, RowFn&& row_fn) {
  bool constant = AllConstant(args);
  idx_t count = constant ? 1 : args.size();
  StringArguments strings(args, count);
  result.Reset();
  if (constant) result.SetConstant();
  auto* out = result.Data<StringRef>();
  std::string buffer;
  for (idx_t row = 0; row < count; row++) {
    buffer.clear();
    if (row_fn(strings, row, buffer)) {
      out[row] = result.heap().Add(buffer);
    } else {
      result.validity().SetInvalid(row);
    }
  }
}

// string_to_array(str, delimiter [, null_string]): a NULL delimiter splits into characters,
// an empty one keeps the string whole; elements equal to null_string become NULL.
void StringToArrayFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  ForEachRow(args, result, [&](const StringArguments& in, idx_t row, std::string& out) {
    if (in.IsNull(0, row)) return false;
    std::string_view s = in.Get(0, row);
    bool has_null_string = in.ColumnCount() > 2 && !in.IsNull(2, row);
    std::string_view null_string = has_null_string ? in.Get(2, row) : std::string_view();
    out.push_back('{');
    bool first = true;
    auto emit = [&](std::string_view element) {
      if (!first) out.push_back(',');
      first = false;
      if (has_null_string && element == null_string) {
        array_text::AppendNull(out);
      } else {
        array_text::AppendElement(element, out);
      }
    };
    if (!s.empty()) {
      if (in.IsNull(1, row)) {
        size_t pos = 0;
        while (pos < s.size()) {
          size_t len = std::min<size_t>(utf8::CharLength(static_cast<uint8_t>(s[pos])), s.size() - pos);
          emit(s.substr(pos, len));
          pos += len;
        }
      } else {
        std::string_view delimiter = in.Get(1, row);
        if (delimiter.empty()) {
          emit(s);
        } else {
          size_t begin = 0;
          for (size_t at = s.find(delimiter); at != std::string_view::npos; at = s.find(delimiter, begin)) {
            emit(s.substr(begin, at - begin));
            begin = at + delimiter.size();
          }
          emit(s.substr(begin));
        }
      }
    }
    out.push_back('}');
    return true;
  });
}

// array_to_string(array, delimiter [, null_string]): NULL elements are skipped unless a
// non-NULL null_string stands in for them.
void ArrayToStringFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  std::string scratch;
  ForEachRow(args, result, [&](const StringArguments& in, idx_t row, std::string& out) {
    if (in.IsNull(0, row) || in.IsNull(1, row)) return false;
    std::string_view delimiter = in.Get(1, row);
    bool has_null_string = in.ColumnCount() > 2 && !in.IsNull(2, row);
    std::string_view null_string = has_null_string ? in.Get(2, row) : std::string_view();
    bool first = true;
    bool ok =
        array_text::ForEachElement(in.Get(0, row), scratch, [&](std::string_view element, bool is_null) {
          if (is_null && !has_null_string) return;
          if (!first) out.append(delimiter);
          first = false;
          out.append(is_null ? null_string : element);
        });
    if (!ok) {
      throw SqlError(ErrorCode::kInvalidTextRepresentation,
                     "malformed array literal: \"" + std::string(in.Get(0, row)) + "\"");
    }
    return true;
  });
}

ScalarFunction MakeFunction(std::string name, std::vector<LogicalType> arguments, LogicalType return_type,
                            ScalarFunctionPtr kernel) {
  ScalarFunction f;
  f.name = std::move(name);
  f.arguments = std::move(arguments);
  f.return_type = return_type;
  f.function = kernel;
  f.null_handling = NullHandling::kSpecial;
  return f;
}

}  // namespace

void RegisterStringArrayFunctions(FunctionRegistry& registry) {
  const LogicalType text = TypeId::kText;
  const LogicalType text_array = LogicalType::Array(TypeId::kText);
  const LogicalType any_array = LogicalType::Array(TypeId::kInvalid);
  registry.AddScalar(MakeFunction("string_to_array", {text, text}, text_array, StringToArrayFunction));
  registry.AddScalar(MakeFunction("string_to_array", {text, text, text}, text_array, StringToArrayFunction));
  registry.AddScalar(MakeFunction("array_to_string", {any_array, text}, text, ArrayToStringFunction));
  registry.AddScalar(MakeFunction("array_to_string", {any_array, text, text}, text, ArrayToStringFunction));
}

}  // namespace stockroom
