#include <algorithm>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "common/error/exception.hpp"
#include "function/cast/cast_kernels.hpp"
#include "function/scalar/array_text.hpp"
#include "function/scalar/vector_executor.hpp"

// Arrays are stored in PostgreSQL's text form. A cast into an array type parses that form as
// array_in does, converts the elements with the element types' own casts (a whole batch of
// elements at once), and writes array_out's canonical text: '{1, 2}'::int[] is '{1,2}'.

namespace stockroom {
namespace cast {
namespace {

constexpr int kMaxDim = 6;  // PostgreSQL's MAXDIM

struct ArrayLayout {
  int ndim = 0;
  int dims[kMaxDim] = {};
  int lbounds[kMaxDim] = {};
};

// Unescaped elements of a batch of arrays: element i is bytes[offsets[i], offsets[i + 1]).
struct ParsedElements {
  std::string bytes;
  std::vector<uint32_t> offsets{0};
  std::vector<uint8_t> nulls;

  size_t size() const { return nulls.size(); }
};

[[noreturn]] void ThrowMalformed(std::string_view text, const std::string& detail) {
  SqlError error(ErrorCode::kInvalidTextRepresentation,
                 "malformed array literal: \"" + std::string(text) + "\"");
  if (!detail.empty()) error.WithDetail(detail);
  throw error;
}

[[noreturn]] void ThrowUnexpected(std::string_view text, char c) {
  ThrowMalformed(text, std::string("Unexpected \"") + c + "\" character.");
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// atoi() of a run of digits and signs, as array_in reads explicit bounds.
int64_t ReadBound(std::string_view s) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  int64_t v = 0;
  while (i < s.size() && IsDigit(s[i])) {
    v = v * 10 + (s[i++] - '0');
    if (v > int64_t{1} << 40) break;
  }
  return negative ? -v : v;
}

enum class ParseState : uint8_t {
  kNoLevel,
  kLevelStarted,
  kElemStarted,
  kElemCompleted,
  kQuotedElemStarted,
  kQuotedElemCompleted,
  kElemDelimited,
  kLevelCompleted,
  kLevelDelimited,
};

// Reads the brace part of an array literal starting at `start` (a '{'), appending the
// elements to `out`. Follows PostgreSQL's ArrayCount state machine for which characters may
// appear where (and its error details); returns the number of dimensions (0: empty array).
int ReadBraces(std::string_view text, size_t start, int* dims, ParsedElements& out) {
  using S = ParseState;
  S state = S::kNoLevel;
  int nest = 0;
  int ndim = 0;
  int nelems[kMaxDim];
  int nelems_last[kMaxDim];
  for (int i = 0; i < kMaxDim; i++) {
    nelems[i] = 1;
    nelems_last[i] = 0;
  }
  bool in_quotes = false;
  bool empty = true;
  int element_depth = 0;
  bool mixed_depth = false;
  // The element being read: where it began in out.bytes, where its last significant byte
  // ends, and whether quotes or escapes make it a non-NULL string.
  bool in_element = false;
  size_t element_begin = out.bytes.size();
  size_t element_end = element_begin;
  bool quoted = false;

  auto finish_element = [&]() {
    out.bytes.resize(element_end);
    std::string_view value(out.bytes.data() + element_begin, element_end - element_begin);
    bool is_null = !quoted && value.size() == 4 && (value[0] | 0x20) == 'n' && (value[1] | 0x20) == 'u' &&
                   (value[2] | 0x20) == 'l' && (value[3] | 0x20) == 'l';
    if (is_null) out.bytes.resize(element_begin);
    out.offsets.push_back(static_cast<uint32_t>(out.bytes.size()));
    out.nulls.push_back(is_null);
    if (element_depth == 0) {
      element_depth = nest;
    } else if (element_depth != nest) {
      mixed_depth = true;
    }
    in_element = false;
    quoted = false;
    element_begin = element_end = out.bytes.size();
  };

  size_t p = start;
  bool done = false;
  while (!done) {
    char c = p < text.size() ? text[p] : '\0';
    if (state == S::kElemStarted || state == S::kQuotedElemStarted) empty = false;
    switch (c) {
      case '\0':
        ThrowMalformed(text, "Unexpected end of input.");
      case '\\':
        if (state != S::kLevelStarted && state != S::kElemStarted && state != S::kQuotedElemStarted &&
            state != S::kElemDelimited) {
          ThrowUnexpected(text, '\\');
        }
        if (state != S::kQuotedElemStarted) state = S::kElemStarted;
        if (p + 1 >= text.size() || text[p + 1] == '\0') ThrowMalformed(text, "Unexpected end of input.");
        ++p;
        out.bytes.push_back(text[p]);
        in_element = true;
        quoted = true;
        if (!in_quotes) element_end = out.bytes.size();
        break;
      case '"':
        if (state != S::kLevelStarted && state != S::kQuotedElemStarted && state != S::kElemDelimited) {
          ThrowMalformed(text, "Unexpected array element.");
        }
        in_quotes = !in_quotes;
        state = in_quotes ? S::kQuotedElemStarted : S::kQuotedElemCompleted;
        in_element = true;
        quoted = true;
        if (!in_quotes) element_end = out.bytes.size();
        break;
      case '{':
        if (in_quotes) {
          out.bytes.push_back(c);
          break;
        }
        if (state != S::kNoLevel && state != S::kLevelStarted && state != S::kLevelDelimited) {
          ThrowUnexpected(text, '{');
        }
        state = S::kLevelStarted;
        if (nest >= kMaxDim) {
          throw SqlError(ErrorCode::kProgramLimitExceeded,
                         "number of array dimensions (" + std::to_string(nest + 1) +
                             ") exceeds the maximum allowed (" + std::to_string(kMaxDim) + ")");
        }
        ++nest;
        ndim = std::max(ndim, nest);
        break;
      case '}':
        if (in_quotes) {
          out.bytes.push_back(c);
          break;
        }
        if (state != S::kElemStarted && state != S::kElemCompleted && state != S::kQuotedElemCompleted &&
            state != S::kLevelCompleted && !(nest == 1 && state == S::kLevelStarted)) {
          ThrowUnexpected(text, '}');
        }
        if (in_element) finish_element();
        state = S::kLevelCompleted;
        --nest;
        if (nelems_last[nest] != 0 && nelems[nest] != nelems_last[nest]) {
          ThrowMalformed(text, "Multidimensional arrays must have sub-arrays with matching dimensions.");
        }
        nelems_last[nest] = nelems[nest];
        nelems[nest] = 1;
        if (nest == 0) done = true;
        break;
      default:
        if (in_quotes) {
          out.bytes.push_back(c);
        } else if (c == ',') {
          if (state != S::kElemStarted && state != S::kElemCompleted && state != S::kQuotedElemCompleted &&
              state != S::kLevelCompleted) {
            ThrowUnexpected(text, ',');
          }
          if (in_element) finish_element();
          state = state == S::kLevelCompleted ? S::kLevelDelimited : S::kElemDelimited;
          nelems[nest - 1]++;
        } else if (IsArraySpace(c)) {
          // Leading blanks are dropped; inner ones kept; trailing ones cut when it ends.
          if (in_element) out.bytes.push_back(c);
        } else {
          if (state != S::kLevelStarted && state != S::kElemStarted && state != S::kElemDelimited) {
            ThrowMalformed(text, "Unexpected array element.");
          }
          state = S::kElemStarted;
          out.bytes.push_back(c);
          in_element = true;
          element_end = out.bytes.size();
        }
        break;
    }
    ++p;
  }
  for (; p < text.size(); ++p) {
    if (!IsArraySpace(text[p])) ThrowMalformed(text, "Junk after closing right brace.");
  }
  if (empty) return 0;
  // PostgreSQL 15 accepts some literals whose elements sit at different depths and then
  // builds odd arrays from them; later releases reject them, and so do we.
  if (mixed_depth || element_depth != ndim) {
    ThrowMalformed(text, "Multidimensional arrays must have sub-arrays with matching dimensions.");
  }
  for (int i = 0; i < ndim; i++) dims[i] = nelems_last[i];
  return ndim;
}

// array_in: optional explicit bounds ("[0:1]="), then the brace form.
ArrayLayout ParseArray(std::string_view text, ParsedElements& out) {
  ArrayLayout layout;
  size_t p = 0;
  int ndim = 0;
  int64_t lbounds[kMaxDim];
  int64_t dims[kMaxDim];
  for (;;) {
    while (p < text.size() && IsArraySpace(text[p])) ++p;
    if (p >= text.size() || text[p] != '[') break;
    ++p;
    if (ndim >= kMaxDim) {
      throw SqlError(ErrorCode::kProgramLimitExceeded,
                     "number of array dimensions (" + std::to_string(ndim + 1) +
                         ") exceeds the maximum allowed (" + std::to_string(kMaxDim) + ")");
    }
    auto scan = [&](size_t from) {
      size_t q = from;
      while (q < text.size() && (IsDigit(text[q]) || text[q] == '-' || text[q] == '+')) ++q;
      return q;
    };
    size_t q = scan(p);
    if (q == p) ThrowMalformed(text, "\"[\" must introduce explicitly-specified array dimensions.");
    if (q < text.size() && text[q] == ':') {
      lbounds[ndim] = ReadBound(text.substr(p, q - p));
      p = q + 1;
      q = scan(p);
      if (q == p) ThrowMalformed(text, "Missing array dimension value.");
    } else {
      lbounds[ndim] = 1;
    }
    if (q >= text.size() || text[q] != ']') ThrowMalformed(text, "Missing \"]\" after array dimensions.");
    int64_t ub = ReadBound(text.substr(p, q - p));
    p = q + 1;
    if (ub < lbounds[ndim]) {
      throw SqlError(ErrorCode::kDataException, "upper bound cannot be less than lower bound");
    }
    dims[ndim] = ub - lbounds[ndim] + 1;
    ++ndim;
  }
  int brace_dims[kMaxDim] = {};
  if (ndim == 0) {
    if (p >= text.size() || text[p] != '{') {
      ThrowMalformed(text, "Array value must start with \"{\" or dimension information.");
    }
    layout.ndim = ReadBraces(text, p, brace_dims, out);
    for (int i = 0; i < layout.ndim; i++) {
      layout.dims[i] = brace_dims[i];
      layout.lbounds[i] = 1;
    }
    return layout;
  }
  if (p >= text.size() || text[p] != '=') ThrowMalformed(text, "Missing \"=\" after array dimensions.");
  ++p;
  while (p < text.size() && IsArraySpace(text[p])) ++p;
  if (p >= text.size() || text[p] != '{') ThrowMalformed(text, "Array contents must start with \"{\".");
  int brace_ndim = ReadBraces(text, p, brace_dims, out);
  if (brace_ndim != ndim) ThrowMalformed(text, "Specified array dimensions do not match array contents.");
  for (int i = 0; i < ndim; i++) {
    if (dims[i] != brace_dims[i])
      ThrowMalformed(text, "Specified array dimensions do not match array contents.");
    if (lbounds[i] + dims[i] > std::numeric_limits<int32_t>::max() ||
        lbounds[i] < std::numeric_limits<int32_t>::min()) {
      throw SqlError(ErrorCode::kProgramLimitExceeded,
                     "array lower bound is too large: " + std::to_string(static_cast<int32_t>(lbounds[i])));
    }
  }
  layout.ndim = ndim;
  for (int i = 0; i < ndim; i++) {
    layout.dims[i] = static_cast<int>(dims[i]);
    layout.lbounds[i] = static_cast<int>(lbounds[i]);
  }
  return layout;
}


// Writes array_out's text for `layout` with elements [first, first + n) of `values`.
void AppendArray(const ArrayLayout& layout, const UnifiedVectorFormat& values, idx_t first,
                 std::string& out) {
  int ndim = layout.ndim;
  if (ndim == 0) {
    out.append("{}");
    return;
  }
  bool decorate = false;
  for (int i = 0; i < ndim; i++) decorate |= layout.lbounds[i] != 1;
  if (decorate) {
    for (int i = 0; i < ndim; i++) {
      out.push_back('[');
      out.append(std::to_string(layout.lbounds[i]));
      out.push_back(':');
      out.append(std::to_string(int64_t{layout.lbounds[i]} + layout.dims[i] - 1));
      out.push_back(']');
    }
    out.push_back('=');
  }
  int index[kMaxDim] = {};
  out.push_back('{');
  idx_t k = first;
  int j = 0;
  for (;;) {
    for (int i = j; i < ndim - 1; i++) out.push_back('{');
    idx_t row = values.Index(k);
    if (values.validity->RowIsValid(row)) {
      array_text::AppendElement(values.Data<StringRef>()[row].view(), out);
    } else {
      out.append("NULL");
    }
    ++k;
    int i = ndim - 1;
    for (; i >= 0; i--) {
      if (++index[i] < layout.dims[i]) {
        out.push_back(',');
        break;
      }
      index[i] = 0;
      out.push_back('}');
    }
    if (i < 0) break;
    j = i;
  }
}

void ArrayCast(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  const LogicalType from = source.type();
  const LogicalType to = result.type();
  LogicalType source_element = from.id() == TypeId::kArray ? from.Element() : LogicalType(TypeId::kText);
  LogicalType target_element = to.Element();
  bool constant = source.kind() == VectorKind::kConstant;
  idx_t rows = constant ? 1 : count;

  UnifiedVectorFormat format;
  source.ToUnified(rows, format);
  ParsedElements parsed;
  std::vector<ArrayLayout> layouts(rows);
  std::vector<idx_t> first(rows + 1, 0);
  std::vector<uint8_t> valid(rows, 0);
  for (idx_t r = 0; r < rows; r++) {
    first[r] = parsed.size();
    idx_t idx = format.Index(r);
    if (!format.validity->RowIsValid(idx)) continue;
    valid[r] = 1;
    layouts[r] = ParseArray(format.Data<StringRef>()[idx].view(), parsed);
  }
  first[rows] = parsed.size();

  // Elements in the source element type's text form; text-like element types keep theirs so
  // that char(n) elements lose their padding as char(n) values do.
  idx_t n = parsed.size();
  idx_t capacity = std::max<idx_t>(n, 1);
  LogicalType text_type = IsTextLike(source_element) ? source_element : LogicalType(TypeId::kText);
  Vector texts(text_type, capacity);
  auto* refs = texts.Data<StringRef>();
  for (idx_t i = 0; i < n; i++) {
    if (parsed.nulls[i]) {
      texts.validity().SetInvalid(i);
      continue;
    }
    refs[i] = StringRef(parsed.bytes.data() + parsed.offsets[i], parsed.offsets[i + 1] - parsed.offsets[i]);
  }

  Vector outputs(TypeId::kText, capacity);
  if (n > 0) {
    CastParameters element_params = params;
    element_params.interval_range = 0;
    Vector typed;
    const Vector* current = &texts;
    if (text_type != source_element) {
      typed = Vector(source_element, capacity);
      element_params.source_type = &text_type;
      element_params.target_type = &source_element;
      GetCastFunction(text_type, source_element)(texts, typed, n, element_params);
      current = &typed;
    }
    Vector converted(target_element, capacity);
    element_params.source_type = &source_element;
    element_params.target_type = &target_element;
    CastFunctionPtr convert = GetCastFunction(current->type(), target_element);
    if (!convert) throw InternalError("no element cast for " + from.ToString() + " to " + to.ToString());
    convert(*current, converted, n, element_params);
    CastToText(converted, outputs, n, params);
  }
  UnifiedVectorFormat values;
  outputs.ToUnified(n, values);

  result.Reset();
  if (constant) result.SetConstant();
  auto* out = result.Data<StringRef>();
  std::string scratch;
  for (idx_t r = 0; r < rows; r++) {
    if (!valid[r]) {
      result.validity().SetInvalid(r);
      continue;
    }
    scratch.clear();
    AppendArray(layouts[r], values, first[r], scratch);
    out[r] = result.heap().Add(scratch);
  }
}

// int2vector/oidvector input ("1 2"): the words become an array literal with lower bound 0,
// which the array cast checks and stores.
void TextToPgVector(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  const std::string element_name = result.type().Element().Name();
  Vector literals(TypeId::kText, std::max<idx_t>(count, 1));
  UnaryExecutor::Execute<StringRef, StringRef>(source, literals, count, [&](const StringRef& s) {
    return literals.heap().Add(array_text::VectorInputAsArray(s.view(), element_name));
  });
  ArrayCast(literals, result, count, params);
}

}  // namespace

CastFunctionPtr GetArrayCast(const LogicalType& from, const LogicalType& to) {
  if (to.id() != TypeId::kArray) return nullptr;
  // PostgreSQL casts to int2vector/oidvector only from text (input), not from arrays.
  if (to.IsPgVector()) return IsTextLike(from) ? TextToPgVector : nullptr;
  LogicalType target_element = to.Element();
  if (IsTextLike(from)) return GetCastFunction(TypeId::kText, target_element) ? ArrayCast : nullptr;
  if (from.id() == TypeId::kArray)
    return GetCastFunction(from.Element(), target_element) ? ArrayCast : nullptr;
  return nullptr;
}

}  // namespace cast
}  // namespace stockroom
