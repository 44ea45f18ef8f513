#include <algorithm>
#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "execution/expression/expression_state.hpp"
#include "function/cast/cast_functions.hpp"
#include "function/scalar/string_functions.hpp"
#include "function/scalar/utf8.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {

namespace {

// PostgreSQL's FUNC_MAX_ARGS: the most arguments a call may pass.
constexpr size_t kMaxFunctionArgs = 100;

// Registers `function` (fixed arguments plus "any" arguments) for every arity from
// `min_args` to kMaxFunctionArgs. PostgreSQL declares concat, concat_ws and format
// VARIADIC "any"; ScalarFunction::varargs cannot say "any", so each arity is an overload.
void AddVariadicAny(FunctionRegistry& registry, ScalarFunction function, size_t min_args) {
  while (function.arguments.size() < min_args) function.arguments.push_back(TypeId::kInvalid);
  for (size_t arity = min_args; arity <= kMaxFunctionArgs; arity++) {
    registry.AddScalar(function);
    function.arguments.push_back(TypeId::kInvalid);
  }
}

// How arguments become text: kOutput as concat and format print them (output functions:
// true is 't', char(n) keeps its padding); kCast as a ::text cast converts them
// (quote_literal(anyelement): true is 'true', char(n) loses its padding).
enum class TextForm : uint8_t { kOutput, kCast };

// The text form of each argument of a call, row by row. String-typed columns are read as
// stored; other types are converted once per chunk with CastToText.
class TextArguments {
 public:
  TextArguments(DataChunk& args, idx_t count, ExpressionState& state, TextForm form)
      : formats_(args.ColumnCount()), strip_padding_(args.ColumnCount(), false) {
    static const LogicalType kText = TypeId::kText;
    converted_.reserve(args.ColumnCount());
    for (idx_t col = 0; col < args.ColumnCount(); col++) {
      const Vector& input = args.column(col);
      if (input.type().physical() == PhysicalType::kString) {
        strip_padding_[col] = form == TextForm::kCast && input.type().id() == TypeId::kChar;
        input.ToUnified(count, formats_[col]);
        continue;
      }
      converted_.emplace_back(kText, std::max<idx_t>(count, 1));
      Vector& text = converted_.back();
      if (form == TextForm::kCast && input.type().id() == TypeId::kBoolean) {
        UnaryExecutor::Execute<bool, StringRef>(
            input, text, count, [](bool b) { return StringRef(b ? "true" : "false", b ? 4 : 5); });
      } else {
        CastParameters params;
        params.context = state.context;
        params.source_type = &input.type();
        params.target_type = &kText;
        CastToText(input, text, count, params);
      }
      text.ToUnified(count, formats_[col]);
    }
  }

  bool IsNull(idx_t col, idx_t row) const { return !formats_[col].IsValid(row); }
  std::string_view Get(idx_t col, idx_t row) const {
    std::string_view s = formats_[col].Data<StringRef>()[formats_[col].Index(row)].view();
    if (strip_padding_[col]) {
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    }
    return s;
  }

 private:
  std::vector<Vector> converted_;  // reserved up front: formats_ point into these
  std::vector<UnifiedVectorFormat> formats_;
  std::vector<bool> strip_padding_;
};

// Runs `row_fn(text, row, out) -> bool` (false: NULL result) for each row of a text function
// that sees NULL arguments itself; the result is constant when every argument is.
template <class RowFn>
void ForEachTextRow(DataChunk& args, ExpressionState& state, Vector& result, TextForm form, RowFn&& row_fn) {
  bool constant = AllConstant(args);
  idx_t count = constant ? 1 : args.size();
  TextArguments text(args, count, state, form);
  result.Reset();
  if (constant) result.SetConstant();
  auto* out = result.Data<StringRef>();
  std::string buffer;
  for (idx_t row = 0; row < count; row++) {
    buffer.clear();
    if (row_fn(text, row, buffer)) {
      out[row] = result.heap().Add(buffer);
    } else {
      result.validity().SetInvalid(row);
    }
  }
}

void ConcatFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  ForEachTextRow(args, state, result, TextForm::kOutput,
                 [&](const TextArguments& text, idx_t row, std::string& out) {
                   for (idx_t col = 0; col < args.ColumnCount(); col++) {
                     if (!text.IsNull(col, row)) out.append(text.Get(col, row));
                   }
                   return true;
                 });
}

void ConcatWsFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  ForEachTextRow(args, state, result, TextForm::kOutput,
                 [&](const TextArguments& text, idx_t row, std::string& out) {
                   if (text.IsNull(0, row)) return false;
                   std::string_view separator = text.Get(0, row);
                   bool first = true;
                   for (idx_t col = 1; col < args.ColumnCount(); col++) {
                     if (text.IsNull(col, row)) continue;
                     if (!first) out.append(separator);
                     out.append(text.Get(col, row));
                     first = false;
                   }
                   return true;
                 });
}

// Words that quote_ident must quote: PostgreSQL's keywords other than the unreserved ones.
// clang-format off
constexpr std::string_view kQuotedKeywords[] = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
    "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check",
    "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create", "cross",
    "current_catalog", "current_date", "current_role", "current_schema", "current_time", "current_timestamp",
    "current_user", "dec", "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end",
    "except", "exists", "extract", "false", "fetch", "float", "for", "foreign", "freeze", "from", "full",
    "grant", "greatest", "group", "grouping", "having", "ilike", "in", "initially", "inner", "inout", "int",
    "integer", "intersect", "interval", "into", "is", "isnull", "join", "lateral", "leading", "least", "left",
    "like", "limit", "localtime", "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not",
    "notnull", "null", "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps",
    "overlay", "placing", "position", "precision", "primary", "real", "references", "returning", "right",
    "row", "select", "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric",
    "table", "tablesample", "then", "time", "timestamp", "to", "trailing", "treat", "trim", "true", "union",
    "unique", "user", "using", "values", "varchar", "variadic", "verbose", "when", "where", "window", "with",
    "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse",
    "xmlpi", "xmlroot", "xmlserialize", "xmltable"};
// clang-format on
static_assert(std::is_sorted(std::begin(kQuotedKeywords), std::end(kQuotedKeywords)));

}  // namespace

void AppendQuotedIdent(std::string_view ident, std::string& out) {
  bool safe = !ident.empty() && ((ident[0] >= 'a' && ident[0] <= 'z') || ident[0] == '_');
  for (char c : ident) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      safe = false;
      break;
    }
  }
  if (safe) {
    safe = !std::binary_search(std::begin(kQuotedKeywords), std::end(kQuotedKeywords), ident);
  }
  if (safe) {
    out.append(ident);
    return;
  }
  out.push_back('"');
  for (char c : ident) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

namespace {

// Appends `s` as a string literal, with the E prefix when it holds a backslash.
void AppendQuotedLiteral(std::string_view s, std::string& out) {
  if (s.find('\\') != std::string_view::npos) out.push_back('E');
  out.push_back('\'');
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back(c);
    out.push_back(c);
  }
  out.push_back('\'');
}

void QuoteIdentFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  std::string buffer;
  UnaryExecutor::Execute<StringRef, StringRef>(args.column(0), result, args.size(), [&](StringRef s) {
    buffer.clear();
    AppendQuotedIdent(s.view(), buffer);
    return result.heap().Add(buffer);
  });
}

void QuoteLiteralFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  ForEachTextRow(args, state, result, TextForm::kCast,
                 [&](const TextArguments& text, idx_t row, std::string& out) {
                   if (text.IsNull(0, row)) return false;
                   AppendQuotedLiteral(text.Get(0, row), out);
                   return true;
                 });
}

void QuoteNullableFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  ForEachTextRow(args, state, result, TextForm::kCast,
                 [&](const TextArguments& text, idx_t row, std::string& out) {
                   if (text.IsNull(0, row)) {
                     out.append("NULL");
                   } else {
                     AppendQuotedLiteral(text.Get(0, row), out);
                   }
                   return true;
                 });
}

SqlError FormatError(std::string message, bool hint = false) {
  SqlError error(ErrorCode::kInvalidParameterValue, std::move(message));
  if (hint) error.WithHint("For a single \"%\" use \"%%\".");
  return error;
}

// Formats one row for format(): a port of PostgreSQL's text_format, which supports
// %[argpos$][-][width|*|*argpos$](s|I|L) and %%.
class Formatter {
 public:
  Formatter(const TextArguments& text, idx_t row, idx_t nargs, const DataChunk& args)
      : text_(text), row_(row), nargs_(nargs), args_(args) {}

  void Run(std::string_view format, std::string& out) {
    const char* cp = format.data();
    const char* end = cp + format.size();
    idx_t arg = 1;
    for (; cp < end; cp++) {
      if (*cp != '%') {
        out.push_back(*cp);
        continue;
      }
      Advance(cp, end);
      if (*cp == '%') {
        out.push_back('%');
        continue;
      }
      int64_t argpos = -1, widthpos = -1, width = 0;
      bool minus = false;
      ParseSpec(cp, end, argpos, widthpos, minus, width);
      if (*cp != 's' && *cp != 'I' && *cp != 'L') {
        size_t len = std::min<size_t>(utf8::CharLength(static_cast<uint8_t>(*cp)), end - cp);
        throw FormatError("unrecognized format() type specifier \"" + std::string(cp, len) + "\"", true);
      }
      if (widthpos >= 0) {
        if (widthpos > 0) arg = widthpos;
        if (arg >= nargs_) throw FormatError("too few arguments for format()");
        width = text_.IsNull(arg, row_) ? 0 : WidthValue(arg);
        arg++;
      }
      if (argpos > 0) arg = argpos;
      if (arg >= nargs_) throw FormatError("too few arguments for format()");
      AppendConversion(*cp, arg, minus, width, out);
      arg++;
    }
  }

 private:
  static void Advance(const char*& cp, const char* end) {
    if (++cp >= end) throw FormatError("unterminated format() type specifier", true);
  }

  static bool ParseDigits(const char*& cp, const char* end, int64_t& value) {
    if (*cp < '0' || *cp > '9') return false;
    int64_t n = 0;
    while (*cp >= '0' && *cp <= '9') {
      n = n * 10 + (*cp - '0');
      if (n > INT_MAX) throw SqlError(ErrorCode::kNumericValueOutOfRange, "number is out of range");
      Advance(cp, end);
    }
    value = n;
    return true;
  }

  static void ParseSpec(const char*& cp, const char* end, int64_t& argpos, int64_t& widthpos, bool& minus,
                        int64_t& width) {
    int64_t n;
    if (ParseDigits(cp, end, n)) {
      if (*cp != '$') {
        width = n;
        return;
      }
      argpos = n;
      if (n == 0) throw FormatError("format specifies argument 0, but arguments are numbered from 1");
      Advance(cp, end);
    }
    while (*cp == '-') {
      minus = true;
      Advance(cp, end);
    }
    if (*cp == '*') {
      Advance(cp, end);
      if (ParseDigits(cp, end, n)) {
        if (*cp != '$') throw FormatError("width argument position must be ended by \"$\"");
        widthpos = n;
        if (n == 0) throw FormatError("format specifies argument 0, but arguments are numbered from 1");
        Advance(cp, end);
      } else {
        widthpos = 0;
      }
    } else if (ParseDigits(cp, end, n)) {
      width = n;
    }
  }

  // Reads a width argument: integers directly, other types through their text form.
  int64_t WidthValue(idx_t arg) const {
    const Vector& v = args_.column(arg);
    if (v.type().id() == TypeId::kInteger || v.type().id() == TypeId::kSmallInt) {
      Value value = v.GetValue(row_);
      return v.type().id() == TypeId::kInteger ? value.GetInt32() : value.GetInt16();
    }
    std::string_view s = text_.Get(arg, row_);
    size_t pos = 0;
    while (pos < s.size() && (s[pos] == ' ' || (s[pos] >= '\t' && s[pos] <= '\r'))) pos++;
    bool negative = false;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) negative = s[pos++] == '-';
    size_t digits_start = pos;
    int64_t n = 0;
    bool overflow = false;
    for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; pos++) {
      n = n * 10 + (s[pos] - '0');
      if (n > int64_t{INT_MAX} + 1) overflow = true;
    }
    size_t digits_end = pos;
    while (pos < s.size() && (s[pos] == ' ' || (s[pos] >= '\t' && s[pos] <= '\r'))) pos++;
    if (digits_end == digits_start || pos != s.size()) {
      throw SqlError(ErrorCode::kInvalidTextRepresentation,
                     "invalid input syntax for type integer: \"" + std::string(s) + "\"");
    }
    if (negative) n = -n;
    if (overflow || n > INT_MAX || n < INT_MIN) {
      throw SqlError(ErrorCode::kNumericValueOutOfRange,
                     "value \"" + std::string(s) + "\" is out of range for type integer");
    }
    return n;
  }

  void AppendConversion(char conversion, idx_t arg, bool minus, int64_t width, std::string& out) const {
    if (text_.IsNull(arg, row_)) {
      if (conversion == 'I') {
        throw SqlError(ErrorCode::kNullValueNotAllowed,
                       "null values cannot be formatted as an SQL identifier");
      }
      AppendPadded(conversion == 'L' ? "NULL" : "", minus, width, out);
      return;
    }
    std::string_view value = text_.Get(arg, row_);
    if (conversion == 's') {
      AppendPadded(value, minus, width, out);
      return;
    }
    std::string quoted;
    if (conversion == 'I') {
      AppendQuotedIdent(value, quoted);
    } else {
      AppendQuotedLiteral(value, quoted);
    }
    AppendPadded(quoted, minus, width, out);
  }

  static void AppendPadded(std::string_view s, bool minus, int64_t width, std::string& out) {
    if (width == 0) {
      out.append(s);
      return;
    }
    bool left = minus;
    if (width < 0) {
      if (width <= INT_MIN) throw SqlError(ErrorCode::kProgramLimitExceeded, "number is out of range");
      left = true;
      width = -width;
    }
    int64_t len = utf8::CountChars(s);
    int64_t pad = len < width ? width - len : 0;
    if (static_cast<int64_t>(out.size() + s.size()) + pad > kMaxStringBytes) {
      throw SqlError(ErrorCode::kProgramLimitExceeded, "requested length too large");
    }
    if (!left) out.append(static_cast<size_t>(pad), ' ');
    out.append(s);
    if (left) out.append(static_cast<size_t>(pad), ' ');
  }

  const TextArguments& text_;
  idx_t row_;
  idx_t nargs_;
  const DataChunk& args_;
};

void FormatFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  ForEachTextRow(args, state, result, TextForm::kOutput,
                 [&](const TextArguments& text, idx_t row, std::string& out) {
                   if (text.IsNull(0, row)) return false;
                   Formatter(text, row, args.ColumnCount(), args).Run(text.Get(0, row), out);
                   return true;
                 });
}

ScalarFunction MakeSpecial(std::string name, std::vector<LogicalType> arguments, ScalarFunctionPtr kernel,
                           NullHandling null_handling) {
  ScalarFunction f;
  f.name = std::move(name);
  f.arguments = std::move(arguments);
  f.return_type = TypeId::kText;
  f.function = kernel;
  f.null_handling = null_handling;
  return f;
}

}  // namespace

void RegisterStringFormatFunctions(FunctionRegistry& registry) {
  const LogicalType text = TypeId::kText;
  const LogicalType any = TypeId::kInvalid;
  AddVariadicAny(registry, MakeSpecial("concat", {}, ConcatFunction, NullHandling::kSpecial), 1);
  AddVariadicAny(registry, MakeSpecial("concat_ws", {text}, ConcatWsFunction, NullHandling::kSpecial), 2);
  // format(text) and format(text, "any"...): a NULL format gives NULL, NULL arguments do not.
  AddVariadicAny(registry, MakeSpecial("format", {text}, FormatFunction, NullHandling::kSpecial), 1);

  registry.AddScalar(MakeSpecial("quote_ident", {text}, QuoteIdentFunction, NullHandling::kDefault));
  // One "any" overload stands for PostgreSQL's (text) and (anyelement) pair, which a text
  // overload here would make ambiguous for unknown literals; the kernel converts as ::text.
  registry.AddScalar(MakeSpecial("quote_literal", {any}, QuoteLiteralFunction, NullHandling::kDefault));
  registry.AddScalar(MakeSpecial("quote_nullable", {any}, QuoteNullableFunction, NullHandling::kSpecial));
}

}  // namespace stockroom
