#include "function/scalar/string_functions.hpp"

#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "common/memory/memory_tracker.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/scalar/md5.hpp"
#include "function/scalar/unicode_case.hpp"
#include "function/scalar/utf8.hpp"
#include "function/scalar/vector_executor.hpp"
#include "main/client_context.hpp"

namespace stockroom {

void CheckStringFitsMemory(const ExpressionState& state, int64_t bytes) {
  if (bytes < (int64_t{1} << 20) || !state.context) return;
  MemoryTracker& memory = state.context->memory();
  memory.Reserve(static_cast<uint64_t>(bytes));
  memory.Release(static_cast<uint64_t>(bytes));
}

namespace {

ScalarFunction MakeFunction(std::string name, std::vector<LogicalType> arguments, LogicalType return_type,
                            ScalarFunctionPtr kernel) {
  ScalarFunction f;
  f.name = std::move(name);
  f.arguments = std::move(arguments);
  f.return_type = return_type;
  f.function = kernel;
  return f;
}

std::string_view View(const StringRef& s) { return s.view(); }

// Strips the blank padding a char(n) value is stored with, as PostgreSQL's bpchar functions
// do before counting characters.
std::string_view StripPadding(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Case conversion: an all-ASCII string maps byte for byte; anything else goes through the
// code-point tables.
template <bool kUpper>
StringRef ConvertCase(const StringRef& s, Vector& result, std::string& buffer) {
  std::string_view in = View(s);
  if (utf8::IsAscii(in)) {
    return EmplaceString(result, s.size(), [&](char* out) {
      for (size_t i = 0; i < in.size(); i++) {
        char c = in[i];
        if (kUpper) {
          out[i] = c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
        } else {
          out[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
        }
      }
    });
  }
  buffer.clear();
  if (kUpper) {
    unicode::AppendUpper(in, buffer);
  } else {
    unicode::AppendLower(in, buffer);
  }
  return result.heap().Add(buffer);
}

void LowerFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  std::string buffer;
  UnaryExecutor::Execute<StringRef, StringRef>(args.column(0), result, args.size(), [&](StringRef s) {
    return ConvertCase<false>(s, result, buffer);
  });
}

void UpperFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  std::string buffer;
  UnaryExecutor::Execute<StringRef, StringRef>(
      args.column(0), result, args.size(), [&](StringRef s) { return ConvertCase<true>(s, result, buffer); });
}

// Upper-cases the first letter or digit of each run of alphanumerics and lower-cases the
// rest (PostgreSQL's initcap with iswalnum deciding what a word is).
void InitcapFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  std::string buffer;
  UnaryExecutor::Execute<StringRef, StringRef>(args.column(0), result, args.size(), [&](StringRef s) {
    std::string_view in = View(s);
    buffer.clear();
    bool in_word = false;
    size_t pos = 0;
    while (pos < in.size()) {
      auto c = static_cast<uint8_t>(in[pos]);
      if (c < 0x80) {
        bool alnum = (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
        if (alnum && in_word) {
          buffer.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : static_cast<char>(c));
        } else {
          buffer.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : static_cast<char>(c));
        }
        in_word = alnum;
        pos++;
        continue;
      }
      uint32_t cp = utf8::Decode(in, pos);
      uint32_t mapped = in_word ? unicode::ToLower(cp) : unicode::ToUpper(cp);
      utf8::Append(mapped, buffer);
      in_word = unicode::IsAlnum(mapped);
    }
    return result.heap().Add(buffer);
  });
}

void CharLengthFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  UnaryExecutor::Execute<StringRef, int32_t>(args.column(0), result, args.size(), [](StringRef s) {
    return static_cast<int32_t>(utf8::CountChars(View(s)));
  });
}

void BpcharLengthFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  UnaryExecutor::Execute<StringRef, int32_t>(args.column(0), result, args.size(), [](StringRef s) {
    return static_cast<int32_t>(utf8::CountChars(StripPadding(View(s))));
  });
}

void OctetLengthFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  UnaryExecutor::Execute<StringRef, int32_t>(args.column(0), result, args.size(),
                                             [](StringRef s) { return static_cast<int32_t>(s.size()); });
}

void BitLengthFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  UnaryExecutor::Execute<StringRef, int32_t>(args.column(0), result, args.size(),
                                             [](StringRef s) { return static_cast<int32_t>(s.size()) * 8; });
}

// Returns characters [start, start + count) (0-based, clipped to the string) without copying.
StringRef CharSlice(const StringRef& s, int64_t start, int64_t count) {
  std::string_view in = View(s);
  size_t begin = utf8::ByteOffset(in, start);
  size_t end = count < 0 ? in.size() : begin + utf8::ByteOffset(in.substr(begin), count);
  return SliceString(s, begin, end - begin);
}

// PostgreSQL's substring(str from start [for count]): positions before 1 still use up
// `count`, so substr('hello', 0, 3) is 'he'.
StringRef Substring(const StringRef& s, int64_t start, int64_t count, bool has_count) {
  if (!has_count) return CharSlice(s, start < 1 ? 0 : start - 1, -1);
  if (count < 0) throw SqlError(SubstringErrorCode(), "negative substring length not allowed");
  int64_t end = start + count;  // exclusive, 1-based; int64 cannot overflow
  if (end <= 1) return StringRef();
  int64_t first = start < 1 ? 1 : start;
  return CharSlice(s, first - 1, end - first);
}

void Substring2Function(DataChunk& args, ExpressionState& state, Vector& result) {
  BinaryExecutor::Execute<StringRef, int32_t, StringRef>(
      args.column(0), args.column(1), result, args.size(),
      [](StringRef s, int32_t start) { return Substring(s, start, 0, false); });
  result.KeepStringsOf(args.column(0));
}

void Substring3Function(DataChunk& args, ExpressionState& state, Vector& result) {
  TernaryExecutor::Execute<StringRef, int32_t, int32_t, StringRef>(
      args.column(0), args.column(1), args.column(2), result, args.size(),
      [](StringRef s, int32_t start, int32_t count) { return Substring(s, start, count, true); });
  result.KeepStringsOf(args.column(0));
}

// Returns the 1-based character position of the first `needle` in `haystack`, 0 if none.
int32_t Position(std::string_view haystack, std::string_view needle) {
  size_t at = haystack.find(needle);
  if (at == std::string_view::npos) return 0;
  return static_cast<int32_t>(utf8::CountChars(haystack.substr(0, at)) + 1);
}

void StrposFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  BinaryExecutor::Execute<StringRef, StringRef, int32_t>(
      args.column(0), args.column(1), result, args.size(),
      [](StringRef haystack, StringRef needle) { return Position(View(haystack), View(needle)); });
}

// Redshift's charindex(substring, string): strpos with the arguments swapped.
void CharindexFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  BinaryExecutor::Execute<StringRef, StringRef, int32_t>(
      args.column(0), args.column(1), result, args.size(),
      [](StringRef needle, StringRef haystack) { return Position(View(haystack), View(needle)); });
}

void StartsWithFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  BinaryExecutor::Execute<StringRef, StringRef, bool>(
      args.column(0), args.column(1), result, args.size(), [](StringRef s, StringRef prefix) {
        return s.size() >= prefix.size() && std::memcmp(s.data(), prefix.data(), prefix.size()) == 0;
      });
}

StringRef SplitPart(const StringRef& s, std::string_view delimiter, int32_t field) {
  if (field == 0) throw SqlError(ErrorCode::kInvalidParameterValue, "field position must not be zero");
  std::string_view in = View(s);
  if (in.empty()) return StringRef();
  if (delimiter.empty()) return field == 1 || field == -1 ? s : StringRef();
  int64_t wanted = field;
  if (wanted < 0) {
    int64_t fields = 1;
    for (size_t at = in.find(delimiter); at != std::string_view::npos;
         at = in.find(delimiter, at + delimiter.size())) {
      fields++;
    }
    wanted = fields + wanted + 1;
    if (wanted <= 0) return StringRef();
  }
  size_t begin = 0;
  for (int64_t i = 1; i < wanted; i++) {
    size_t at = in.find(delimiter, begin);
    if (at == std::string_view::npos) return StringRef();
    begin = at + delimiter.size();
  }
  size_t end = in.find(delimiter, begin);
  if (end == std::string_view::npos) end = in.size();
  return SliceString(s, begin, end - begin);
}

void SplitPartFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  TernaryExecutor::Execute<StringRef, StringRef, int32_t, StringRef>(
      args.column(0), args.column(1), args.column(2), result, args.size(),
      [](StringRef s, StringRef delimiter, int32_t field) { return SplitPart(s, View(delimiter), field); });
  result.KeepStringsOf(args.column(0));
}

void ReplaceFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  std::string buffer;
  TernaryExecutor::Execute<StringRef, StringRef, StringRef, StringRef>(
      args.column(0), args.column(1), args.column(2), result, args.size(),
      [&](StringRef s, StringRef from, StringRef to) {
        std::string_view in = View(s);
        std::string_view pattern = View(from);
        size_t at = pattern.empty() ? std::string_view::npos : in.find(pattern);
        if (at == std::string_view::npos) return s;
        buffer.clear();
        size_t begin = 0;
        while (at != std::string_view::npos) {
          buffer.append(in.substr(begin, at - begin));
          buffer.append(View(to));
          begin = at + pattern.size();
          at = in.find(pattern, begin);
        }
        buffer.append(in.substr(begin));
        return result.heap().Add(buffer);
      });
  result.KeepStringsOf(args.column(0));
}

// The set of characters trim removes. ASCII sets test bytes through a bitmap, which is
// exact because no byte of a multibyte character is ASCII; other sets compare characters.
class TrimSet {
 public:
  explicit TrimSet(std::string_view chars) : chars_(chars), ascii_(utf8::IsAscii(chars)) {
    if (ascii_) {
      std::memset(bits_, 0, sizeof(bits_));
      for (char c : chars) bits_[static_cast<uint8_t>(c) >> 6] |= uint64_t{1} << (c & 63);
    }
  }

  // Returns the byte length of the set member that starts `s` at `pos`, 0 if none.
  size_t MatchAt(std::string_view s, size_t pos) const {
    if (ascii_) return Contains(static_cast<uint8_t>(s[pos])) ? 1 : 0;
    size_t len = utf8::CharLength(static_cast<uint8_t>(s[pos]));
    if (pos + len > s.size()) len = s.size() - pos;
    return InSet(s.substr(pos, len)) ? len : 0;
  }
  // Returns the byte length of the set member that ends `s` at `end`, 0 if none.
  size_t MatchBefore(std::string_view s, size_t end) const {
    if (ascii_) return Contains(static_cast<uint8_t>(s[end - 1])) ? 1 : 0;
    size_t begin = end - 1;
    while (begin > 0 && utf8::IsContinuation(static_cast<uint8_t>(s[begin]))) begin--;
    return InSet(s.substr(begin, end - begin)) ? end - begin : 0;
  }

 private:
  bool Contains(uint8_t byte) const { return (bits_[byte >> 6] >> (byte & 63)) & 1; }
  bool InSet(std::string_view ch) const {
    size_t pos = 0;
    while (pos < chars_.size()) {
      size_t len = utf8::CharLength(static_cast<uint8_t>(chars_[pos]));
      if (chars_.compare(pos, len, ch) == 0) return true;
      pos += len;
    }
    return false;
  }

  std::string_view chars_;
  bool ascii_;
  uint64_t bits_[4];
};

template <bool kLeft, bool kRight>
StringRef Trim(const StringRef& s, std::string_view chars) {
  std::string_view in = View(s);
  size_t begin = 0, end = in.size();
  if (chars.size() == 1 && chars[0] == ' ') {
    if (kLeft) {
      while (begin < end && in[begin] == ' ') begin++;
    }
    if (kRight) {
      while (end > begin && in[end - 1] == ' ') end--;
    }
    return SliceString(s, begin, end - begin);
  }
  if (chars.empty()) return s;
  TrimSet set(chars);
  if (kLeft) {
    while (begin < end) {
      size_t len = set.MatchAt(in, begin);
      if (len == 0) break;
      begin += len;
    }
  }
  if (kRight) {
    while (end > begin) {
      size_t len = set.MatchBefore(in, end);
      if (len == 0) break;
      end -= len;
    }
  }
  return SliceString(s, begin, end - begin);
}

template <bool kLeft, bool kRight>
void TrimSpacesFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  UnaryExecutor::Execute<StringRef, StringRef>(args.column(0), result, args.size(),
                                               [](StringRef s) { return Trim<kLeft, kRight>(s, " "); });
  result.KeepStringsOf(args.column(0));
}

template <bool kLeft, bool kRight>
void TrimCharsFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  BinaryExecutor::Execute<StringRef, StringRef, StringRef>(
      args.column(0), args.column(1), result, args.size(),
      [](StringRef s, StringRef chars) { return Trim<kLeft, kRight>(s, View(chars)); });
  result.KeepStringsOf(args.column(0));
}

StringRef Left(const StringRef& s, int32_t n) {
  int64_t keep = n;
  if (keep < 0) keep += utf8::CountChars(View(s));
  if (keep <= 0) return StringRef();
  return CharSlice(s, 0, keep);
}

void LeftFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  BinaryExecutor::Execute<StringRef, int32_t, StringRef>(args.column(0), args.column(1), result, args.size(),
                                                         [](StringRef s, int32_t n) { return Left(s, n); });
  result.KeepStringsOf(args.column(0));
}

void RightFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  BinaryExecutor::Execute<StringRef, int32_t, StringRef>(
      args.column(0), args.column(1), result, args.size(), [](StringRef s, int32_t n) {
        // PostgreSQL negates a negative n in int32, so n = INT_MIN skips nothing.
        int64_t skip = n < 0 ? (n == INT_MIN ? 0 : -int64_t{n}) : utf8::CountChars(View(s)) - n;
        if (skip <= 0) return s;
        return CharSlice(s, skip, -1);
      });
  result.KeepStringsOf(args.column(0));
}

// lpad/rpad: truncates `s` to `length` characters, or pads it with `fill` repeated.
// Fills `bytes` bytes at `out` with `unit` repeated (the last copy cut short), doubling the
// copied run each step so long results cost a few large copies.
void FillRepeated(char* out, size_t bytes, std::string_view unit) {
  size_t written = std::min(bytes, unit.size());
  std::memcpy(out, unit.data(), written);
  while (written < bytes) {
    size_t n = std::min(written, bytes - written);
    std::memcpy(out + written, out, n);
    written += n;
  }
}

template <bool kLeft>
StringRef Pad(const StringRef& s, int32_t length, std::string_view fill, const ExpressionState& state,
              Vector& result) {
  if (length <= 0) return StringRef();
  std::string_view in = View(s);
  int64_t chars = utf8::CountChars(in);
  if (chars >= length || fill.empty()) {
    return chars > length ? CharSlice(s, 0, length) : s;
  }
  int64_t pad_chars = length - chars;
  int64_t fill_chars = utf8::CountChars(fill);
  int64_t pad_bytes = 0;
  if (utf8::IsAscii(fill)) {
    pad_bytes = pad_chars;
  } else {
    int64_t whole = pad_chars / fill_chars;
    pad_bytes = whole * static_cast<int64_t>(fill.size()) + utf8::ByteOffset(fill, pad_chars % fill_chars);
  }
  int64_t total = pad_bytes + static_cast<int64_t>(in.size());
  if (total > kMaxStringBytes) throw SqlError(ErrorCode::kProgramLimitExceeded, "requested length too large");
  CheckStringFitsMemory(state, total);
  return EmplaceString(result, static_cast<uint32_t>(total), [&](char* out) {
    FillRepeated(kLeft ? out : out + in.size(), static_cast<size_t>(pad_bytes), fill);
    std::memcpy(kLeft ? out + pad_bytes : out, in.data(), in.size());
  });
}

template <bool kLeft>
void Pad2Function(DataChunk& args, ExpressionState& state, Vector& result) {
  BinaryExecutor::Execute<StringRef, int32_t, StringRef>(
      args.column(0), args.column(1), result, args.size(),
      [&](StringRef s, int32_t length) { return Pad<kLeft>(s, length, " ", state, result); });
  result.KeepStringsOf(args.column(0));
}

template <bool kLeft>
void Pad3Function(DataChunk& args, ExpressionState& state, Vector& result) {
  TernaryExecutor::Execute<StringRef, int32_t, StringRef, StringRef>(
      args.column(0), args.column(1), args.column(2), result, args.size(),
      [&](StringRef s, int32_t length, StringRef fill) { return Pad<kLeft>(s, length, View(fill), state, result); });
  result.KeepStringsOf(args.column(0));
}

void RepeatFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  BinaryExecutor::Execute<StringRef, int32_t, StringRef>(
      args.column(0), args.column(1), result, args.size(), [&](StringRef s, int32_t times) {
        if (times <= 0 || s.size() == 0) return StringRef();
        int64_t total = int64_t{times} * s.size();
        if (total > kMaxStringBytes)
          throw SqlError(ErrorCode::kProgramLimitExceeded, "requested length too large");
        CheckStringFitsMemory(state, total);
        return EmplaceString(result, static_cast<uint32_t>(total),
                             [&](char* out) { FillRepeated(out, static_cast<size_t>(total), View(s)); });
      });
}

void ReverseFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  UnaryExecutor::Execute<StringRef, StringRef>(args.column(0), result, args.size(), [&](StringRef s) {
    std::string_view in = View(s);
    return EmplaceString(result, s.size(), [&](char* out) {
      size_t pos = 0;
      size_t end = in.size();
      while (pos < in.size()) {
        size_t len = utf8::CharLength(static_cast<uint8_t>(in[pos]));
        if (pos + len > in.size()) len = in.size() - pos;
        end -= len;
        std::memcpy(out + end, in.data() + pos, len);
        pos += len;
      }
    });
  });
}

void Md5Function(DataChunk& args, ExpressionState& state, Vector& result) {
  UnaryExecutor::Execute<StringRef, StringRef>(args.column(0), result, args.size(), [&](StringRef s) {
    return EmplaceString(result, 32, [&](char* out) { Md5Hex(View(s), out); });
  });
}

void AsciiFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  UnaryExecutor::Execute<StringRef, int32_t>(args.column(0), result, args.size(), [](StringRef s) {
    if (s.size() == 0) return int32_t{0};
    size_t pos = 0;
    return static_cast<int32_t>(utf8::Decode(View(s), pos));
  });
}

void ChrFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  UnaryExecutor::Execute<int32_t, StringRef>(args.column(0), result, args.size(), [](int32_t code) {
    if (code < 0) throw SqlError(ErrorCode::kInvalidParameterValue, "character number must be positive");
    if (code == 0) throw SqlError(ErrorCode::kProgramLimitExceeded, "null character not permitted");
    if (code > 0x10FFFF) {
      throw SqlError(ErrorCode::kProgramLimitExceeded,
                     "requested character too large for encoding: " + std::to_string(code));
    }
    if (code >= 0xD800 && code <= 0xDFFF) {
      throw SqlError(ErrorCode::kProgramLimitExceeded,
                     "requested character not valid for encoding: " + std::to_string(code));
    }
    char buffer[4];
    int len = utf8::Encode(static_cast<uint32_t>(code), buffer);
    return StringRef(buffer, static_cast<uint32_t>(len));
  });
}

// translate(s, from, to): each character of `from` maps to the character at the same
// position of `to`, or is deleted when `to` is shorter; the first occurrence in `from` wins.
class Translation {
 public:
  void Prepare(std::string_view from, std::string_view to) {
    if (prepared_ && from == from_ && to == to_) return;
    prepared_ = true;
    from_.assign(from);
    to_.assign(to);
    ascii_ = utf8::IsAscii(from) && utf8::IsAscii(to);
    if (ascii_) {
      for (int i = 0; i < 256; i++) table_[i] = static_cast<int16_t>(i);
      for (size_t i = from.size(); i-- > 0;) {
        table_[static_cast<uint8_t>(from[i])] = i < to.size() ? static_cast<uint8_t>(to[i]) : -1;
      }
      return;
    }
    from_chars_.clear();
    to_chars_.clear();
    Split(from_, from_chars_);
    Split(to_, to_chars_);
  }

  std::string_view Apply(std::string_view s, std::string& buffer) const {
    buffer.clear();
    if (ascii_) {
      for (char c : s) {
        int16_t mapped = table_[static_cast<uint8_t>(c)];
        if (mapped >= 0) buffer.push_back(static_cast<char>(mapped));
      }
      return buffer;
    }
    size_t pos = 0;
    while (pos < s.size()) {
      size_t len = utf8::CharLength(static_cast<uint8_t>(s[pos]));
      if (pos + len > s.size()) len = s.size() - pos;
      std::string_view ch = s.substr(pos, len);
      size_t i = 0;
      while (i < from_chars_.size() && from_chars_[i] != ch) i++;
      if (i == from_chars_.size()) {
        buffer.append(ch);
      } else if (i < to_chars_.size()) {
        buffer.append(to_chars_[i]);
      }
      pos += len;
    }
    return buffer;
  }

 private:
  static void Split(std::string_view s, std::vector<std::string_view>& chars) {
    size_t pos = 0;
    while (pos < s.size()) {
      size_t len = utf8::CharLength(static_cast<uint8_t>(s[pos]));
      if (pos + len > s.size()) len = s.size() - pos;
      chars.push_back(s.substr(pos, len));
      pos += len;
    }
  }

  bool prepared_ = false;
  bool ascii_ = false;
  std::string from_, to_;
  int16_t table_[256];
  std::vector<std::string_view> from_chars_, to_chars_;
};

void TranslateFunction(DataChunk& args, ExpressionState& state, Vector& result) {
  Translation translation;
  std::string buffer;
  TernaryExecutor::Execute<StringRef, StringRef, StringRef, StringRef>(
      args.column(0), args.column(1), args.column(2), result, args.size(),
      [&](StringRef s, StringRef from, StringRef to) {
        translation.Prepare(View(from), View(to));
        return result.heap().Add(translation.Apply(View(s), buffer));
      });
}

}  // namespace

void RegisterStringFunctions(FunctionRegistry& registry) {
  const LogicalType text = TypeId::kText;
  const LogicalType bpchar = TypeId::kChar;
  const LogicalType integer = TypeId::kInteger;
  const LogicalType boolean = TypeId::kBoolean;

  registry.AddScalar(MakeFunction("lower", {text}, text, LowerFunction));
  registry.AddScalar(MakeFunction("upper", {text}, text, UpperFunction));
  registry.AddScalar(MakeFunction("initcap", {text}, text, InitcapFunction));

  for (const char* name : {"length", "char_length", "character_length", "len"}) {
    registry.AddScalar(MakeFunction(name, {text}, integer, CharLengthFunction));
    registry.AddScalar(MakeFunction(name, {bpchar}, integer, BpcharLengthFunction));
  }
  registry.AddScalar(MakeFunction("octet_length", {text}, integer, OctetLengthFunction));
  registry.AddScalar(MakeFunction("octet_length", {bpchar}, integer, OctetLengthFunction));
  registry.AddScalar(MakeFunction("bit_length", {text}, integer, BitLengthFunction));

  for (const char* name : {"substring", "substr"}) {
    registry.AddScalar(MakeFunction(name, {text, integer}, text, Substring2Function));
    registry.AddScalar(MakeFunction(name, {text, integer, integer}, text, Substring3Function));
  }
  // position(sub IN str) reaches us as position(str, sub), as in pg_proc.
  registry.AddScalar(MakeFunction("position", {text, text}, integer, StrposFunction));
  registry.AddScalar(MakeFunction("strpos", {text, text}, integer, StrposFunction));
  registry.AddScalar(MakeFunction("charindex", {text, text}, integer, CharindexFunction));
  registry.AddScalar(MakeFunction("starts_with", {text, text}, boolean, StartsWithFunction));
  registry.AddScalar(MakeFunction("split_part", {text, text, integer}, text, SplitPartFunction));
  registry.AddScalar(MakeFunction("replace", {text, text, text}, text, ReplaceFunction));

  registry.AddScalar(MakeFunction("btrim", {text}, text, TrimSpacesFunction<true, true>));
  registry.AddScalar(MakeFunction("ltrim", {text}, text, TrimSpacesFunction<true, false>));
  registry.AddScalar(MakeFunction("rtrim", {text}, text, TrimSpacesFunction<false, true>));
  registry.AddScalar(MakeFunction("btrim", {text, text}, text, TrimCharsFunction<true, true>));
  registry.AddScalar(MakeFunction("ltrim", {text, text}, text, TrimCharsFunction<true, false>));
  registry.AddScalar(MakeFunction("rtrim", {text, text}, text, TrimCharsFunction<false, true>));

  registry.AddScalar(MakeFunction("left", {text, integer}, text, LeftFunction));
  registry.AddScalar(MakeFunction("right", {text, integer}, text, RightFunction));
  registry.AddScalar(MakeFunction("lpad", {text, integer}, text, Pad2Function<true>));
  registry.AddScalar(MakeFunction("rpad", {text, integer}, text, Pad2Function<false>));
  registry.AddScalar(MakeFunction("lpad", {text, integer, text}, text, Pad3Function<true>));
  registry.AddScalar(MakeFunction("rpad", {text, integer, text}, text, Pad3Function<false>));
  registry.AddScalar(MakeFunction("repeat", {text, integer}, text, RepeatFunction));
  registry.AddScalar(MakeFunction("reverse", {text}, text, ReverseFunction));
  registry.AddScalar(MakeFunction("md5", {text}, text, Md5Function));
  registry.AddScalar(MakeFunction("ascii", {text}, integer, AsciiFunction));
  registry.AddScalar(MakeFunction("chr", {integer}, text, ChrFunction));
  registry.AddScalar(MakeFunction("translate", {text, text, text}, text, TranslateFunction));

  RegisterStringFormatFunctions(registry);
  RegisterStringArrayFunctions(registry);
}

}  // namespace stockroom
