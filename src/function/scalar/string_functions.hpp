#pragma once

#include <string>
#include <string_view>

#include "common/error/exception.hpp"
#include "common/types/vector.hpp"
#include "function/function_registry.hpp"

namespace stockroom {

// Pieces of RegisterStringFunctions and RegisterPatternFunctions, one per source file of
// the string and pattern families (function/scalar/string_*.cpp, regexp_functions.cpp).
void RegisterStringFormatFunctions(FunctionRegistry& registry);
void RegisterStringArrayFunctions(FunctionRegistry& registry);
void RegisterRegexpFunctions(FunctionRegistry& registry);

// Appends `ident` as PostgreSQL's quote_identifier writes it: bare when it is a lower-case
// identifier that is not a reserved word, otherwise in double quotes.
void AppendQuotedIdent(std::string_view ident, std::string& out);

// PostgreSQL allows no string value larger than 1 GB - 1 (MaxAllocSize); functions that
// build long strings (repeat, lpad) report 54000 "requested length too large" past it.
constexpr int64_t kMaxStringBytes = (int64_t{1} << 30) - 1;

// Fails with 53200 when a result string of `bytes` would not fit in what the query's memory
// limit leaves (checked for strings of a megabyte and more, before they are built).
void CheckStringFitsMemory(const ExpressionState& state, int64_t bytes);

// SQLSTATEs this family raises that error_codes.hpp may not list yet: 22011
// (substring_error) and 2200C (invalid_use_of_escape_character). Until the table has them
// they surface as 22000.
template <class E = ErrorCode>
constexpr ErrorCode SubstringErrorCode() {
  if constexpr (requires { E::kSubstringError; }) {
    return E::kSubstringError;
  } else {
    return E::kDataException;
  }
}

template <class E = ErrorCode>
constexpr ErrorCode InvalidUseOfEscapeCharacterCode() {
  if constexpr (requires { E::kInvalidUseOfEscapeCharacter; }) {
    return E::kInvalidUseOfEscapeCharacter;
  } else {
    return E::kDataException;
  }
}

// Returns a result string of exactly `len` bytes that `fill(char* out)` writes, stored inline
// or in `result`'s heap.
template <class Fill>
StringRef EmplaceString(Vector& result, uint32_t len, Fill&& fill) {
  if (len <= StringRef::kInlineLength) {
    char buffer[StringRef::kInlineLength];
    fill(buffer);
    return StringRef(buffer, len);
  }
  char* out = result.heap().Allocate(len);
  fill(out);
  return StringRef(out, len);
}

// Returns bytes [offset, offset + len) of `s` without copying them. `s` is the kernel's
// copy of the input row: a short slice is copied inline at once, a long one points into
// the input vector's memory, so the kernel must call result.KeepStringsOf(input).
inline StringRef SliceString(const StringRef& s, size_t offset, size_t len) {
  return StringRef(s.data() + offset, static_cast<uint32_t>(len));
}

}  // namespace stockroom
