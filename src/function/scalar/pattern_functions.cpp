#include <memory>
#include <string>

#include "execution/expression/expression_state.hpp"
#include "function/scalar/like_matcher.hpp"
#include "function/scalar/regex.hpp"
#include "function/scalar/string_functions.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {

namespace {

// The compiled LIKE pattern of one thread: recompiled only when the pattern (or escape)
// differs from the previous row's, so a constant pattern compiles once.
struct LikeState : FunctionLocalState {
  bool compiled = false;
  std::string pattern;
  std::string escape;
  LikeMatcher matcher;
  std::string fold_buffer;

  const LikeMatcher& Get(std::string_view new_pattern, bool has_escape, std::string_view new_escape,
                         bool fold_case) {
    if (!compiled || new_pattern != pattern || (has_escape && new_escape != escape)) {
      matcher = LikeMatcher::Compile(new_pattern, has_escape, new_escape, fold_case);
      pattern.assign(new_pattern);
      escape.assign(new_escape);
      compiled = true;
    }
    return matcher;
  }
};

LikeState& GetLikeState(ExpressionState& state) {
  if (!state.local) state.local = std::make_unique<LikeState>();
  return static_cast<LikeState&>(*state.local);
}

// LIKE / ILIKE and their negations, with or without ESCAPE. A constant pattern takes a
// single-input loop over the text column with the matcher fixed.
template <bool kFoldCase, bool kNegate>
void LikeFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  LikeState& like = GetLikeState(state);
  bool has_escape = args.ColumnCount() > 2;
  auto match = [&](const LikeMatcher& matcher, StringRef text) {
    std::string_view subject = text.view();
    if (kFoldCase) subject = FoldCaseForLike(subject, like.fold_buffer);
    return matcher.Match(subject) != kNegate;
  };
  const Vector& pattern = args.column(1);
  bool constant_pattern = pattern.kind() == VectorKind::kConstant &&
                          (!has_escape || args.column(2).kind() == VectorKind::kConstant);
  if (constant_pattern) {
    if (pattern.IsConstantNull() || (has_escape && args.column(2).IsConstantNull())) {
      result.SetConstantNull();
      return;
    }
    std::string_view escape = has_escape ? args.column(2).Data<StringRef>()[0].view() : std::string_view();
    const LikeMatcher& matcher = like.Get(pattern.Data<StringRef>()[0].view(), has_escape, escape, kFoldCase);
    UnaryExecutor::Execute<StringRef, bool>(args.column(0), result, args.size(),
                                            [&](StringRef text) { return match(matcher, text); });
    return;
  }
  if (!has_escape) {
    BinaryExecutor::Execute<StringRef, StringRef, bool>(
        args.column(0), pattern, result, args.size(), [&](StringRef text, StringRef p) {
          return match(like.Get(p.view(), false, std::string_view(), kFoldCase), text);
        });
    return;
  }
  TernaryExecutor::Execute<StringRef, StringRef, StringRef, bool>(
      args.column(0), pattern, args.column(2), result, args.size(),
      [&](StringRef text, StringRef p, StringRef e) {
        return match(like.Get(p.view(), true, e.view(), kFoldCase), text);
      });
}

// ~, ~*, !~ and !~*.
template <bool kCaseInsensitive, bool kNegate>
void RegexMatchFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  RegexCache& cache = RegexCache::From(state);
  RegexFlags flags;
  flags.case_insensitive = kCaseInsensitive;
  const Vector& pattern = args.column(1);
  if (pattern.kind() == VectorKind::kConstant) {
    if (pattern.IsConstantNull()) {
      result.SetConstantNull();
      return;
    }
    // Compiled on the first non-NULL text: PostgreSQL never sees the pattern of a NULL row.
    Regex* regex = nullptr;
    std::string_view pattern_text = pattern.Data<StringRef>()[0].view();
    UnaryExecutor::Execute<StringRef, bool>(args.column(0), result, args.size(), [&](StringRef text) {
      if (!regex) regex = &cache.Get(pattern_text, flags);
      return regex->Search(text.view(), 0) != kNegate;
    });
    return;
  }
  BinaryExecutor::Execute<StringRef, StringRef, bool>(
      args.column(0), args.column(1), result, args.size(), [&](StringRef text, StringRef pattern) {
        return cache.Get(pattern.view(), flags).Search(text.view(), 0) != kNegate;
      });
}

// SIMILAR TO: the pattern becomes an anchored ARE as similar_to_escape() writes it.
struct SimilarState : FunctionLocalState {
  RegexCache cache;
  bool translated_once = false;
  std::string pattern;
  std::string escape;
  bool has_escape = false;
  std::string translated;

  void Translate(std::string_view new_pattern, bool new_has_escape, std::string_view new_escape) {
    if (!translated_once || new_pattern != pattern || new_has_escape != has_escape || new_escape != escape) {
      translated = SimilarToRegex(new_pattern, new_has_escape, new_escape);
      pattern.assign(new_pattern);
      escape.assign(new_escape);
      has_escape = new_has_escape;
      translated_once = true;
    }
  }

  Regex& Get(std::string_view new_pattern, bool new_has_escape, std::string_view new_escape) {
    Translate(new_pattern, new_has_escape, new_escape);
    return cache.Get(translated, RegexFlags());
  }
};

void SimilarToFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  if (!state.local) state.local = std::make_unique<SimilarState>();
  auto& similar = static_cast<SimilarState&>(*state.local);
  bool has_escape = args.ColumnCount() > 2;
  if (args.column(1).kind() == VectorKind::kConstant &&
      (!has_escape || args.column(2).kind() == VectorKind::kConstant)) {
    if (args.column(1).IsConstantNull() || (has_escape && args.column(2).IsConstantNull())) {
      result.SetConstantNull();
      return;
    }
    // Translation errors do not depend on the text (similar_to_escape() runs on its own in
    // PostgreSQL); compile errors surface only for a non-NULL text, as for ~.
    std::string_view escape = has_escape ? args.column(2).Data<StringRef>()[0].view() : std::string_view();
    similar.Translate(args.column(1).Data<StringRef>()[0].view(), has_escape, escape);
    Regex* regex = nullptr;
    UnaryExecutor::Execute<StringRef, bool>(args.column(0), result, args.size(), [&](StringRef text) {
      if (!regex) regex = &similar.cache.Get(similar.translated, RegexFlags());
      return regex->Search(text.view(), 0);
    });
    return;
  }
  if (!has_escape) {
    BinaryExecutor::Execute<StringRef, StringRef, bool>(
        args.column(0), args.column(1), result, args.size(), [&](StringRef text, StringRef pattern) {
          return similar.Get(pattern.view(), false, std::string_view()).Search(text.view(), 0);
        });
    return;
  }
  TernaryExecutor::Execute<StringRef, StringRef, StringRef, bool>(
      args.column(0), args.column(1), args.column(2), result, args.size(),
      [&](StringRef text, StringRef pattern, StringRef escape) {
        return similar.Get(pattern.view(), true, escape.view()).Search(text.view(), 0);
      });
}

ScalarFunction MakePredicate(std::string name, size_t arity, ScalarFunctionPtr kernel) {
  ScalarFunction f;
  f.name = std::move(name);
  f.arguments.assign(arity, LogicalType(TypeId::kText));
  f.return_type = TypeId::kBoolean;
  f.function = kernel;
  return f;
}

}  // namespace

void RegisterPatternFunctions(FunctionRegistry& registry) {
  // The core calls LIKE as "~~"(text, pattern [, escape]) and ILIKE as "~~*".
  for (size_t arity : {2, 3}) {
    registry.AddScalar(MakePredicate("~~", arity, LikeFunction<false, false>));
    registry.AddScalar(MakePredicate("!~~", arity, LikeFunction<false, true>));
    registry.AddScalar(MakePredicate("~~*", arity, LikeFunction<true, false>));
    registry.AddScalar(MakePredicate("!~~*", arity, LikeFunction<true, true>));
    registry.AddScalar(MakePredicate("similar_to", arity, SimilarToFunction));
  }
  registry.AddScalar(MakePredicate("~", 2, RegexMatchFunction<false, false>));
  registry.AddScalar(MakePredicate("~*", 2, RegexMatchFunction<true, false>));
  registry.AddScalar(MakePredicate("!~", 2, RegexMatchFunction<false, true>));
  registry.AddScalar(MakePredicate("!~*", 2, RegexMatchFunction<true, true>));
  RegisterRegexpFunctions(registry);
}

}  // namespace stockroom
