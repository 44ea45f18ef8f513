#include <string>
#include <vector>

#include "execution/expression/expression_state.hpp"
#include "function/scalar/array_text.hpp"
#include "function/scalar/regex.hpp"
#include "function/scalar/string_functions.hpp"
#include "function/scalar/utf8.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {

namespace {

// One row of a strict function's arguments.
class ArgumentRow {
 public:
  ArgumentRow(const std::vector<UnifiedVectorFormat>& formats, const DataChunk& args)
      : formats_(formats), args_(args) {}
  void SetRow(idx_t row) { row_ = row; }
  idx_t count() const { return formats_.size(); }
  TypeId type(idx_t col) const { return args_.column(col).type().id(); }
  StringRef Ref(idx_t col) const { return formats_[col].Data<StringRef>()[formats_[col].Index(row_)]; }
  std::string_view Text(idx_t col) const {
    const StringRef& s = formats_[col].Data<StringRef>()[formats_[col].Index(row_)];
    return std::string_view(s.data(), s.size());
  }
  int32_t Int(idx_t col) const { return formats_[col].Data<int32_t>()[formats_[col].Index(row_)]; }

 private:
  const std::vector<UnifiedVectorFormat>& formats_;
  const DataChunk& args_;
  idx_t row_ = 0;
};

// Runs `op(row, validity, out_row) -> Out` for each row whose arguments are all non-NULL
// (any NULL argument gives NULL); constant when every argument is constant.
template <class Out, class Op>
void ExecuteStrict(DataChunk& args, Vector& result, Op&& op) {
  bool constant = AllConstant(args);
  idx_t count = constant ? 1 : args.size();
  std::vector<UnifiedVectorFormat> formats(args.ColumnCount());
  for (idx_t col = 0; col < args.ColumnCount(); col++) args.column(col).ToUnified(count, formats[col]);
  result.Reset();
  if (constant) result.SetConstant();
  Out* out = result.Data<Out>();
  ValidityMask& validity = result.validity();
  ArgumentRow row(formats, args);
  for (idx_t i = 0; i < count; i++) {
    bool valid = true;
    for (const auto& f : formats) valid = valid && f.IsValid(i);
    if (!valid) {
      validity.SetInvalid(i);
      continue;
    }
    row.SetRow(i);
    out[i] = op(row, validity, i);
  }
}

SqlError InvalidParameter(const char* name, int32_t value) {
  return SqlError(ErrorCode::kInvalidParameterValue,
                  std::string("invalid value for parameter \"") + name + "\": " + std::to_string(value));
}

SqlError NoGlobal(const char* function) {
  return SqlError(ErrorCode::kInvalidParameterValue,
                  std::string(function) + " does not support the \"global\" option");
}

// Converts a 1-based character position to a byte offset; false if it lies past the end
// plus one (where a search can still find an empty match).
bool StartOffset(std::string_view s, int32_t start, size_t& offset) {
  int64_t skip = int64_t{start} - 1;
  size_t pos = 0;
  while (skip > 0 && pos < s.size()) {
    pos += utf8::CharLength(static_cast<uint8_t>(s[pos]));
    skip--;
  }
  offset = pos < s.size() ? pos : s.size();
  return skip == 0;
}

// Returns where the search after a match [start, end) continues: at its end, or one
// character further for an empty match (so the same empty match is not found again).
size_t NextSearch(std::string_view s, size_t start, size_t end) {
  if (start != end) return end;
  if (end >= s.size()) return s.size() + 1;
  return end + utf8::CharLength(static_cast<uint8_t>(s[end]));
}

// Finds the `n`th match (1-based) at or after byte `from`; false if there are fewer.
bool FindNth(Regex& regex, std::string_view s, size_t from, int64_t n) {
  size_t search = from;
  bool checked = false;
  for (int64_t found = 0; search <= s.size();) {
    if (!regex.Search(s, search, checked)) return false;
    checked = true;
    if (++found == n) return true;
    search = NextSearch(s, regex.GroupStart(0), regex.GroupEnd(0));
  }
  return false;
}

int32_t CharPosition(std::string_view s, size_t byte_offset) {
  return static_cast<int32_t>(utf8::CountChars(s.substr(0, byte_offset)) + 1);
}

// Appends the replacement for the current match: \1..\9 insert groups, \& the whole match,
// \\ a backslash; any other backslash is copied as is.
void AppendReplacement(const Regex& regex, std::string_view s, std::string_view replacement,
                       std::string& out) {
  for (size_t i = 0; i < replacement.size(); i++) {
    char c = replacement[i];
    if (c != '\\' || i + 1 == replacement.size()) {
      out.push_back(c);
      continue;
    }
    char next = replacement[i + 1];
    int group = -1;
    if (next >= '1' && next <= '9') {
      group = next - '0';
    } else if (next == '&') {
      group = 0;
    } else if (next == '\\') {
      out.push_back('\\');
      i++;
      continue;
    } else {
      out.push_back('\\');
      continue;
    }
    i++;
    if (group <= regex.group_count() && regex.GroupMatched(group)) {
      out.append(s.substr(regex.GroupStart(group), regex.GroupEnd(group) - regex.GroupStart(group)));
    }
  }
}

// PostgreSQL's replace_text_regexp: replaces the `n`th match at or after character
// `start` (n = 0: every match). Returns false, writing nothing, if nothing was replaced.
bool ReplaceMatches(Regex& regex, std::string_view s, std::string_view replacement, int32_t start, int64_t n,
                    std::string& out) {
  size_t search;
  if (!StartOffset(s, start, search)) return false;
  bool plain = replacement.find('\\') == std::string_view::npos;
  size_t copied = 0;
  int64_t matches = 0;
  bool replaced = false;
  bool checked = false;
  while (search <= s.size()) {
    if (!regex.Search(s, search, checked)) break;
    checked = true;
    size_t match_start = regex.GroupStart(0), match_end = regex.GroupEnd(0);
    matches++;
    if (n > 0 && matches != n) {
      search = NextSearch(s, match_start, match_end);
      continue;
    }
    if (!replaced) out.clear();
    replaced = true;
    out.append(s.substr(copied, match_start - copied));
    if (plain) {
      out.append(replacement);
    } else {
      AppendReplacement(regex, s, replacement, out);
    }
    copied = match_end;
    if (n > 0) break;
    search = NextSearch(s, match_start, match_end);
  }
  if (replaced) out.append(s.substr(copied));
  return replaced;
}

// regexp_replace(source, pattern, replacement [, flags]) and PostgreSQL 15's
// regexp_replace(source, pattern, replacement, start [, N [, flags]]).
void RegexpReplaceFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  RegexCache& cache = RegexCache::From(state);
  std::string buffer;
  bool text_flags = args.ColumnCount() == 4 && args.column(3).type().id() != TypeId::kInteger;
  ExecuteStrict<StringRef>(args, result, [&](const ArgumentRow& row, ValidityMask&, idx_t) {
    int32_t start = 1;
    int64_t n = -1;
    std::string_view flag_text;
    if (text_flags) {
      flag_text = row.Text(3);
      if (!flag_text.empty() && flag_text[0] >= '0' && flag_text[0] <= '9') {
        throw SqlError(ErrorCode::kInvalidParameterValue,
                       "invalid regular expression option: \"" + std::string(1, flag_text[0]) + "\"")
            .WithHint(
                "If you meant to use regexp_replace() with a start parameter, cast the fourth argument to "
                "integer "
                "explicitly.");
      }
    } else if (row.count() > 3) {
      start = row.Int(3);
      if (start <= 0) throw InvalidParameter("start", start);
      if (row.count() > 4) {
        n = row.Int(4);
        if (n < 0) throw InvalidParameter("n", static_cast<int32_t>(n));
      }
      if (row.count() > 5) flag_text = row.Text(5);
    }
    RegexFlags flags = ParseRegexFlags(flag_text);
    if (n < 0) n = flags.global ? 0 : 1;
    Regex& regex = cache.Get(row.Text(1), flags);
    StringRef source = row.Ref(0);
    if (!ReplaceMatches(regex, source.view(), row.Text(2), start, n, buffer)) return source;
    return result.heap().Add(buffer);
  });
  result.KeepStringsOf(args.column(0));
}

// regexp_match(string, pattern [, flags]): the first match's groups as text[] (the whole
// match when the pattern has none), NULL when nothing matches.
void RegexpMatchFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  RegexCache& cache = RegexCache::From(state);
  std::string buffer;
  ExecuteStrict<StringRef>(args, result, [&](const ArgumentRow& row, ValidityMask& validity, idx_t i) {
    RegexFlags flags = ParseRegexFlags(row.count() > 2 ? row.Text(2) : std::string_view());
    if (flags.global) throw NoGlobal("regexp_match()").WithHint("Use the regexp_matches function instead.");
    Regex& regex = cache.Get(row.Text(1), flags);
    std::string_view s = row.Text(0);
    if (!regex.Search(s, 0)) {
      validity.SetInvalid(i);
      return StringRef();
    }
    buffer.clear();
    buffer.push_back('{');
    int first = regex.group_count() == 0 ? 0 : 1;
    for (int g = first; g <= regex.group_count(); g++) {
      if (g > first) buffer.push_back(',');
      if (regex.GroupMatched(g)) {
        array_text::AppendElement(s.substr(regex.GroupStart(g), regex.GroupEnd(g) - regex.GroupStart(g)),
                                  buffer);
      } else {
        array_text::AppendNull(buffer);
      }
    }
    buffer.push_back('}');
    return result.heap().Add(buffer);
  });
}

void RegexpLikeFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  RegexCache& cache = RegexCache::From(state);
  ExecuteStrict<bool>(args, result, [&](const ArgumentRow& row, ValidityMask&, idx_t) {
    RegexFlags flags = ParseRegexFlags(row.count() > 2 ? row.Text(2) : std::string_view());
    if (flags.global) throw NoGlobal("regexp_like()");
    return cache.Get(row.Text(1), flags).Search(row.Text(0), 0);
  });
}

// regexp_count(string, pattern [, start [, flags]]); Redshift's form has the same shape.
void RegexpCountFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  RegexCache& cache = RegexCache::From(state);
  ExecuteStrict<int32_t>(args, result, [&](const ArgumentRow& row, ValidityMask&, idx_t) {
    int32_t start = row.count() > 2 ? row.Int(2) : 1;
    if (start <= 0) throw InvalidParameter("start", start);
    RegexFlags flags = ParseRegexFlags(row.count() > 3 ? row.Text(3) : std::string_view());
    if (flags.global) throw NoGlobal("regexp_count()");
    Regex& regex = cache.Get(row.Text(1), flags);
    std::string_view s = row.Text(0);
    size_t search;
    if (!StartOffset(s, start, search)) return int32_t{0};
    int32_t count = 0;
    bool checked = false;
    while (search <= s.size() && regex.Search(s, search, checked)) {
      checked = true;
      count++;
      search = NextSearch(s, regex.GroupStart(0), regex.GroupEnd(0));
    }
    return count;
  });
}

// Resolves the subexpression argument: Redshift's 'e' flag asks for the first one when the
// call gives none.
int32_t Subexpression(const RegexFlags& flags, bool given, int32_t subexpr, const Regex& regex) {
  if (given) return subexpr;
  return flags.extract && regex.group_count() > 0 ? 1 : 0;
}

// regexp_instr(string, pattern [, start [, N [, endoption [, flags [, subexpr]]]]]).
void RegexpInstrFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  RegexCache& cache = RegexCache::From(state);
  ExecuteStrict<int32_t>(args, result, [&](const ArgumentRow& row, ValidityMask&, idx_t) {
    int32_t start = 1, n = 1, end_option = 0, subexpr = 0;
    if (row.count() > 2) {
      start = row.Int(2);
      if (start <= 0) throw InvalidParameter("start", start);
    }
    if (row.count() > 3) {
      n = row.Int(3);
      if (n <= 0) throw InvalidParameter("n", n);
    }
    if (row.count() > 4) {
      end_option = row.Int(4);
      if (end_option != 0 && end_option != 1) throw InvalidParameter("endoption", end_option);
    }
    if (row.count() > 6) {
      subexpr = row.Int(6);
      if (subexpr < 0) throw InvalidParameter("subexpr", subexpr);
    }
    RegexFlags flags = ParseRegexFlags(row.count() > 5 ? row.Text(5) : std::string_view(), true);
    if (flags.global) throw NoGlobal("regexp_instr()");
    Regex& regex = cache.Get(row.Text(1), flags);
    subexpr = Subexpression(flags, row.count() > 6, subexpr, regex);
    std::string_view s = row.Text(0);
    size_t search;
    if (!StartOffset(s, start, search) || !FindNth(regex, s, search, n)) return int32_t{0};
    if (subexpr > regex.group_count() || !regex.GroupMatched(subexpr)) return int32_t{0};
    return CharPosition(s, end_option == 1 ? regex.GroupEnd(subexpr) : regex.GroupStart(subexpr));
  });
}

// regexp_substr(string, pattern [, start [, N [, flags [, subexpr]]]]): NULL when there is no
// such match (Redshift returns an empty string there; PostgreSQL's NULL wins).
void RegexpSubstrFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  RegexCache& cache = RegexCache::From(state);
  ExecuteStrict<StringRef>(args, result, [&](const ArgumentRow& row, ValidityMask& validity, idx_t i) {
    int32_t start = 1, n = 1, subexpr = 0;
    if (row.count() > 2) {
      start = row.Int(2);
      if (start <= 0) throw InvalidParameter("start", start);
    }
    if (row.count() > 3) {
      n = row.Int(3);
      if (n <= 0) throw InvalidParameter("n", n);
    }
    if (row.count() > 5) {
      subexpr = row.Int(5);
      if (subexpr < 0) throw InvalidParameter("subexpr", subexpr);
    }
    RegexFlags flags = ParseRegexFlags(row.count() > 4 ? row.Text(4) : std::string_view(), true);
    if (flags.global) throw NoGlobal("regexp_substr()");
    Regex& regex = cache.Get(row.Text(1), flags);
    subexpr = Subexpression(flags, row.count() > 5, subexpr, regex);
    StringRef source = row.Ref(0);
    std::string_view s = source.view();
    size_t search;
    if (!StartOffset(s, start, search) || !FindNth(regex, s, search, n) || subexpr > regex.group_count() ||
        !regex.GroupMatched(subexpr)) {
      validity.SetInvalid(i);
      return StringRef();
    }
    return SliceString(source, regex.GroupStart(subexpr),
                       regex.GroupEnd(subexpr) - regex.GroupStart(subexpr));
  });
  result.KeepStringsOf(args.column(0));
}

// substring(string FROM pattern): the first group's match if the pattern has groups, else
// the whole match; NULL without a match.
void RegexSubstringFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  RegexCache& cache = RegexCache::From(state);
  ExecuteStrict<StringRef>(args, result, [&](const ArgumentRow& row, ValidityMask& validity, idx_t i) {
    Regex& regex = cache.Get(row.Text(1), RegexFlags());
    StringRef source = row.Ref(0);
    int group = regex.group_count() > 0 ? 1 : 0;
    if (!regex.Search(source.view(), 0) || !regex.GroupMatched(group)) {
      validity.SetInvalid(i);
      return StringRef();
    }
    return SliceString(source, regex.GroupStart(group), regex.GroupEnd(group) - regex.GroupStart(group));
  });
  result.KeepStringsOf(args.column(0));
}

ScalarFunction MakeFunction(std::string name, std::vector<LogicalType> arguments, LogicalType return_type,
                            ScalarFunctionPtr kernel) {
  ScalarFunction f;
  f.name = std::move(name);
  f.arguments = std::move(arguments);
  f.return_type = return_type;
  f.function = kernel;
  return f;
}

}  // namespace

void RegisterRegexpFunctions(FunctionRegistry& registry) {
  const LogicalType text = TypeId::kText;
  const LogicalType integer = TypeId::kInteger;
  const LogicalType text_array = LogicalType::Array(TypeId::kText);

  registry.AddScalar(MakeFunction("regexp_replace", {text, text, text}, text, RegexpReplaceFunction));
  registry.AddScalar(MakeFunction("regexp_replace", {text, text, text, text}, text, RegexpReplaceFunction));
  registry.AddScalar(
      MakeFunction("regexp_replace", {text, text, text, integer}, text, RegexpReplaceFunction));
  registry.AddScalar(
      MakeFunction("regexp_replace", {text, text, text, integer, integer}, text, RegexpReplaceFunction));
  registry.AddScalar(MakeFunction("regexp_replace", {text, text, text, integer, integer, text}, text,
                                  RegexpReplaceFunction));

  registry.AddScalar(MakeFunction("regexp_match", {text, text}, text_array, RegexpMatchFunction));
  registry.AddScalar(MakeFunction("regexp_match", {text, text, text}, text_array, RegexpMatchFunction));
  registry.AddScalar(MakeFunction("regexp_like", {text, text}, TypeId::kBoolean, RegexpLikeFunction));
  registry.AddScalar(MakeFunction("regexp_like", {text, text, text}, TypeId::kBoolean, RegexpLikeFunction));

  std::vector<LogicalType> count_args = {text, text, integer, text};
  for (size_t arity = 2; arity <= count_args.size(); arity++) {
    registry.AddScalar(MakeFunction("regexp_count", {count_args.begin(), count_args.begin() + arity}, integer,
                                    RegexpCountFunction));
  }
  std::vector<LogicalType> instr_args = {text, text, integer, integer, integer, text, integer};
  for (size_t arity = 2; arity <= instr_args.size(); arity++) {
    registry.AddScalar(MakeFunction("regexp_instr", {instr_args.begin(), instr_args.begin() + arity}, integer,
                                    RegexpInstrFunction));
  }
  std::vector<LogicalType> substr_args = {text, text, integer, integer, text, integer};
  for (size_t arity = 2; arity <= substr_args.size(); arity++) {
    registry.AddScalar(MakeFunction("regexp_substr", {substr_args.begin(), substr_args.begin() + arity}, text,
                                    RegexpSubstrFunction));
  }
  // SUBSTRING(string FROM pattern) reaches us as substring(text, text).
  registry.AddScalar(MakeFunction("substring", {text, text}, text, RegexSubstringFunction));
}

}  // namespace stockroom
