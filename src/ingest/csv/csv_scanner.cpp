#include "ingest/csv/csv_scanner.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace stockroom {

namespace {

// Returns the first byte in [p, end) equal to a, b or c, or end. May read up to 15 bytes
// past `end` (see kScanPadding).
inline const char* FindAny(const char* p, const char* end, char a, char b, char c) {
#ifdef __SSE2__
  const __m128i va = _mm_set1_epi8(a);
  const __m128i vb = _mm_set1_epi8(b);
  const __m128i vc = _mm_set1_epi8(c);
  while (p < end) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)), _mm_cmpeq_epi8(v, vc));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask) return std::min(end, p + __builtin_ctz(mask));
    p += 16;
  }
  return end;
#else
  while (p < end && *p != a && *p != b && *p != c) ++p;
  return p;
#endif
}

RowStatus Finish(size_t column, size_t* fields, RowStatus status) {
  *fields = column;
  return status;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int Utf8Length(unsigned char c) {
  if ((c & 0x80) == 0) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

bool Utf8Legal(const unsigned char* s, int length) {
  unsigned char a;
  switch (length) {
    default:
      return false;
    case 4:
      a = s[3];
      if (a < 0x80 || a > 0xBF) return false;
      [[fallthrough]];
    case 3:
      a = s[2];
      if (a < 0x80 || a > 0xBF) return false;
      [[fallthrough]];
    case 2:
      a = s[1];
      switch (*s) {
        case 0xE0:
          if (a < 0xA0 || a > 0xBF) return false;
          break;
        case 0xED:
          if (a < 0x80 || a > 0x9F) return false;
          break;
        case 0xF0:
          if (a < 0x90 || a > 0xBF) return false;
          break;
        case 0xF4:
          if (a < 0x80 || a > 0x8F) return false;
          break;
        default:
          if (a < 0x80 || a > 0xBF) return false;
          break;
      }
      [[fallthrough]];
    case 1:
      a = *s;
      if (a >= 0x80 && a < 0xC2) return false;
      if (a > 0xF4) return false;
      break;
  }
  return true;
}


}  // namespace

// Returns the offset of the first byte sequence that is not valid UTF-8 (NUL included), or
// npos; `message` receives PostgreSQL's error text for it.
size_t FindInvalidUtf8(const char* data, size_t size, std::string* message) {
  const auto* s = reinterpret_cast<const unsigned char*>(data);
  size_t i = 0;
  while (i < size) {
    // Skip runs of non-NUL ASCII sixteen, then eight bytes at a time.
#ifdef __SSE2__
    const __m128i zero = _mm_setzero_si128();
    while (i + 16 <= size) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
      if ((_mm_movemask_epi8(v) | _mm_movemask_epi8(_mm_cmpeq_epi8(v, zero))) != 0) break;
      i += 16;
    }
#endif
    while (i + 8 <= size) {
      uint64_t v;
      std::memcpy(&v, s + i, 8);
      uint64_t zero = (v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull;
      if (((v & 0x8080808080808080ull) | zero) != 0) break;
      i += 8;
    }
    if (i >= size) break;
    unsigned char c = s[i];
    if (c != 0 && c < 0x80) {
      ++i;
      continue;
    }
    int len = c == 0 ? 1 : Utf8Length(c);
    if (c != 0 && static_cast<size_t>(len) <= size - i && Utf8Legal(s + i, len)) {
      i += static_cast<size_t>(len);
      continue;
    }
    if (!message) return i;
    size_t shown = std::min<size_t>({static_cast<size_t>(len), size - i, 8});
    std::string bytes;
    for (size_t j = 0; j < shown; j++) {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "0x%02x", s[i + j]);
      if (j) bytes += ' ';
      bytes += hex;
    }
    *message = "invalid byte sequence for encoding \"UTF8\": " + bytes;
    return i;
  }
  return std::string::npos;
}

uint64_t ScanResult::EmbeddedThrough(size_t row) const {
  uint64_t n = 0;
  for (auto& [r, count] : embedded) {
    if (r <= row) n += count;
  }
  return n;
}

void ScanResult::Clear() {
  begin.clear();
  end.clear();
  embedded.clear();
  consumed = 0;
  end_of_data = false;
  pending = false;
}

RowSplitter::RowSplitter(const CsvOptions& options)
    : csv_(options.csv()), quote_(options.quote), escape_(options.escape) {}

void RowSplitter::Scan(const char* data, size_t size, bool eof, ScanResult& out) {
  out.Clear();
  size_t pos = 0;
  bool fast = false;
  bool fast_checked = false;
  while (pos < size && !out.end_of_data && !out.pending) {
    if (eol_ != Eol::kUnknown && !fast_checked) {
      fast = !HasSpecials(data + pos, size - pos);
      fast_checked = true;
    }
    if (fast) {
      pos = FastScan(data, pos, size, eof, out);
      break;
    }
    size_t next;
    if (!ScanRow(data, pos, size, eof, out, &next)) break;
    pos = next;
  }
  out.consumed = pos;
}

bool RowSplitter::HasSpecials(const char* p, size_t n) const {
  if (csv_) return std::memchr(p, quote_, n) != nullptr;
  return std::memchr(p, '\\', n) != nullptr;
}

void RowSplitter::AddRow(const char* data, const char* begin, const char* end, uint32_t embedded, ScanResult& out) {
  if (end - begin == 2 && begin[0] == '\\' && begin[1] == '.') {
    out.end_of_data = true;
    return;
  }
  if (embedded) out.embedded.emplace_back(static_cast<uint32_t>(out.rows()), embedded);
  out.begin.push_back(static_cast<uint32_t>(begin - data));
  out.end.push_back(static_cast<uint32_t>(end - data));
}

void RowSplitter::SetStrayNewline(ScanResult& out) {
  out.pending = true;
  out.pending_message = csv_ ? "unquoted newline found in data" : "literal newline found in data";
  out.pending_hint = csv_ ? "Use quoted CSV field to represent newline." : "Use \"\\n\" to represent newline.";
}

// Rows of a segment without quotes (csv) or backslashes (text): every terminator ends one.
size_t RowSplitter::FastScan(const char* data, size_t pos, size_t size, bool eof, ScanResult& out) {
  const char* p = data + pos;
  const char* end = data + size;
  char terminator = eol_ == Eol::kCr ? '\r' : '\n';
  while (p < end) {
    const char* t = static_cast<const char*>(std::memchr(p, terminator, end - p));
    if (!t) {
      if (eof) {
        const char* content_end = end;
        if (eol_ == Eol::kCrNl && content_end > p && content_end[-1] == '\r') --content_end;
        AddRow(data, p, content_end, 0, out);
        p = end;
      }
      break;
    }
    const char* content_end = t;
    if (eol_ == Eol::kCrNl) {
      if (t > p && t[-1] == '\r') {
        content_end = t - 1;
      } else {
        SetStrayNewline(out);
        break;
      }
    }
    AddRow(data, p, content_end, 0, out);
    p = t + 1;
    if (out.end_of_data) break;
  }
  return static_cast<size_t>(p - data);
}

// Scans one row from `pos`, skipping to the next quote (csv), backslash (text) or line break
// sixteen bytes at a time; false when the row is not complete and more data follows.
bool RowSplitter::ScanRow(const char* data, size_t pos, size_t size, bool eof, ScanResult& out, size_t* next) {
  const char* row = data + pos;
  const char* p = row;
  const char* end = data + size;
  uint32_t embedded = 0;
  // PostgreSQL counts quoted line breaks by the line ending chosen so far ('\r' before one is).
  const char count_char = eol_ == Eol::kNl ? '\n' : '\r';
  const char special = csv_ ? quote_ : '\\';
  bool in_quote = false;
  while (true) {
    p = FindAny(p, end, special, '\n', '\r');
    if (p >= end) break;
    char c = *p;
    if (c == special) {
      if (!csv_) {
        // A backslash quotes the next character, even a line break.
        if (p + 1 >= end && !eof) return false;
        p += 2;
        continue;
      }
      ++p;
      in_quote = true;
      if (escape_ == quote_) {
        // A doubled quote closes and reopens the quotes, which changes nothing here.
        while (true) {
          p = FindAny(p, end, quote_, count_char, count_char);
          if (p >= end) break;
          if (*p == quote_) {
            in_quote = false;
            ++p;
            break;
          }
          ++embedded;
          ++p;
        }
      } else {
        // The line reader's rule: an escape quotes the next character inside quotes.
        bool last_was_esc = false;
        for (; p < end; ++p) {
          char q = *p;
          if (q == escape_) last_was_esc = !last_was_esc;
          if (q == quote_ && !last_was_esc) {
            in_quote = false;
            ++p;
            break;
          }
          if (q != escape_) last_was_esc = false;
          if (q == count_char) ++embedded;
        }
      }
      if (in_quote) break;
      continue;
    }
    switch (eol_) {
      case Eol::kUnknown:
        if (c == '\n') {
          eol_ = Eol::kNl;
          AddRow(data, row, p, embedded, out);
          *next = static_cast<size_t>(p + 1 - data);
          return true;
        }
        if (p + 1 >= end && !eof) return false;
        if (p + 1 < end && p[1] == '\n') {
          eol_ = Eol::kCrNl;
          AddRow(data, row, p, embedded, out);
          *next = static_cast<size_t>(p + 2 - data);
          return true;
        }
        eol_ = Eol::kCr;
        AddRow(data, row, p, embedded, out);
        *next = static_cast<size_t>(p + 1 - data);
        return true;
      case Eol::kNl:
        if (c == '\n') {
          AddRow(data, row, p, embedded, out);
          *next = static_cast<size_t>(p + 1 - data);
          return true;
        }
        break;
      case Eol::kCr:
        if (c == '\r') {
          AddRow(data, row, p, embedded, out);
          *next = static_cast<size_t>(p + 1 - data);
          return true;
        }
        break;
      case Eol::kCrNl:
        if (c == '\n') {
          if (p > row && p[-1] == '\r') {
            AddRow(data, row, p - 1, embedded, out);
            *next = static_cast<size_t>(p + 1 - data);
            return true;
          }
          SetStrayNewline(out);
          *next = static_cast<size_t>(row - data);
          return true;
        }
        break;
    }
    // A line break that does not end the row here; the tokenizer reports it.
    ++p;
  }
  if (!eof) return false;
  const char* content_end = end;
  if (eol_ == Eol::kCrNl && !in_quote && content_end > row && content_end[-1] == '\r') --content_end;
  if (row < end) AddRow(data, row, content_end, embedded, out);
  *next = size;
  return true;
}

char* ScratchArena::Reserve(size_t n) {
  if (n > left_) {
    size_t size = std::max<size_t>(n, kBlockSize);
    blocks_.emplace_back(new char[size]);
    sizes_.push_back(size);
    current_ = blocks_.back().get();
    left_ = size;
  }
  return current_;
}

void ScratchArena::Reset() {
  if (blocks_.empty()) return;
  size_t keep = static_cast<size_t>(std::max_element(sizes_.begin(), sizes_.end()) - sizes_.begin());
  std::unique_ptr<char[]> block = std::move(blocks_[keep]);
  size_t size = sizes_[keep];
  blocks_.clear();
  sizes_.clear();
  blocks_.push_back(std::move(block));
  sizes_.push_back(size);
  current_ = blocks_.back().get();
  left_ = size;
}

Tokenizer::Tokenizer(const CsvOptions& options, size_t columns, const std::vector<bool>* force_not_null,
                     const std::vector<bool>* force_null)
    : csv_(options.csv()),
      delimiter_(options.delimiter),
      quote_(options.quote),
      escape_(options.escape),
      null_(options.null_string),
      columns_(columns),
      force_not_null_(force_not_null),
      force_null_(force_null) {
  std::memset(special_, 0, sizeof(special_));
  special_[static_cast<unsigned char>(delimiter_)] = 1;
  special_[static_cast<unsigned char>('\r')] = 1;
  special_[static_cast<unsigned char>('\n')] = 1;
  special_[static_cast<unsigned char>(csv_ ? quote_ : '\\')] = 1;
#ifdef __SSE2__
  delimiter_v_ = _mm_set1_epi8(delimiter_);
  quote_v_ = _mm_set1_epi8(csv_ ? quote_ : '\\');
  cr_v_ = _mm_set1_epi8('\r');
  lf_v_ = _mm_set1_epi8('\n');
#endif
}

// Returns the first delimiter, quote (csv) or backslash (text), '\r' or '\n' from `p`. A
// row's end holds one of them (its terminator or the buffer's sentinel).
inline const char* Tokenizer::FindSpecial(const char* p) const {
#ifdef __SSE2__
  while (true) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, delimiter_v_), _mm_cmpeq_epi8(v, quote_v_)),
                                _mm_or_si128(_mm_cmpeq_epi8(v, cr_v_), _mm_cmpeq_epi8(v, lf_v_)));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask) return p + __builtin_ctz(mask);
    p += 16;
  }
#else
  while (!special_[static_cast<unsigned char>(*p)]) ++p;
  return p;
#endif
}

RowStatus Tokenizer::Split(const char* p, const char* end, CsvField* const* out, size_t row,
                           ScratchArena& scratch, size_t* fields, std::string* message) const {
  size_t column = 0;
  while (true) {
    const char* start = p;
    p = FindSpecial(p);
    CsvField field{start, static_cast<uint32_t>(p - start)};
    bool quoted = false;
    char c = *p;
    if (p < end && c != delimiter_) {
      if (c == '\r') return Finish(column, fields, RowStatus::kStrayCr);
      if (c == '\n') return Finish(column, fields, RowStatus::kStrayLf);
      RowStatus status = csv_ ? SlowCsvField(start, p, end, scratch, &field)
                              : SlowTextField(start, p, end, scratch, &field, message);
      if (status != RowStatus::kOk) return Finish(column, fields, status);
      quoted = csv_;
    }
    // NULL is decided on the raw bytes: unquoted csv text or any text-format field.
    size_t raw = static_cast<size_t>(p - start);
    if (!quoted && raw == null_.size() && std::memcmp(start, null_.data(), raw) == 0) {
      if (!(force_not_null_ && column < columns_ && (*force_not_null_)[column])) field.data = nullptr;
    } else if (quoted && force_null_ && column < columns_ && (*force_null_)[column] && field.size == null_.size() &&
               std::memcmp(field.data, null_.data(), field.size) == 0) {
      field.data = nullptr;
    }
    if (column < columns_) out[column][row] = field;
    ++column;
    if (p >= end) break;
    ++p;  // the delimiter
  }
  *fields = column;
  if (column == columns_ || columns_ == 0) return RowStatus::kOk;
  return column > columns_ ? RowStatus::kExtra : RowStatus::kMissing;
}

// A csv field with quotes: `p` is at the first quote. Leaves `p` at the delimiter or end.
RowStatus Tokenizer::SlowCsvField(const char* start, const char*& p, const char* end, ScratchArena& scratch,
                                  CsvField* field) const {
  char* out = scratch.Reserve(static_cast<size_t>(end - start));
  size_t n = static_cast<size_t>(p - start);
  std::memcpy(out, start, n);
  while (true) {
    char c = *p;
    if (p >= end || c == delimiter_) break;
    if (c == quote_) {
      ++p;
      if (escape_ == quote_) {
        while (true) {
          const char* q = static_cast<const char*>(std::memchr(p, quote_, static_cast<size_t>(end - p)));
          if (!q) return RowStatus::kUnterminated;
          std::memcpy(out + n, p, static_cast<size_t>(q - p));
          n += static_cast<size_t>(q - p);
          p = q + 1;
          if (p < end && *p == quote_) {
            out[n++] = quote_;
            ++p;
            continue;
          }
          break;
        }
      } else {
        while (true) {
          if (p >= end) return RowStatus::kUnterminated;
          char q = *p++;
          if (q == escape_ && p < end && (*p == escape_ || *p == quote_)) {
            out[n++] = *p++;
            continue;
          }
          if (q == quote_) break;
          out[n++] = q;
        }
      }
      continue;
    }
    if (p < end && (c == '\r' || c == '\n')) return c == '\r' ? RowStatus::kStrayCr : RowStatus::kStrayLf;
    out[n++] = c;
    ++p;
  }
  scratch.Commit(n);
  *field = CsvField{out, static_cast<uint32_t>(n)};
  return RowStatus::kOk;
}

// A text field with backslash escapes: `p` is at the first backslash.
RowStatus Tokenizer::SlowTextField(const char* start, const char*& p, const char* end, ScratchArena& scratch,
                                   CsvField* field, std::string* message) const {
  char* out = scratch.Reserve(static_cast<size_t>(end - start));
  size_t n = static_cast<size_t>(p - start);
  std::memcpy(out, start, n);
  bool check_encoding = false;
  while (p < end) {
    char c = *p;
    if (c == delimiter_) break;
    if (c == '\r' || c == '\n') return c == '\r' ? RowStatus::kStrayCr : RowStatus::kStrayLf;
    ++p;
    if (c != '\\') {
      out[n++] = c;
      continue;
    }
    if (p >= end) break;  // a backslash at the very end is dropped
    c = *p++;
    switch (c) {
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        int value = c - '0';
        if (p < end && *p >= '0' && *p <= '7') {
          value = value * 8 + (*p++ - '0');
          if (p < end && *p >= '0' && *p <= '7') value = value * 8 + (*p++ - '0');
        }
        c = static_cast<char>(value & 0xFF);
        if (c == 0 || (value & 0x80)) check_encoding = true;
        break;
      }
      case 'x':
        if (p < end && HexValue(*p) >= 0) {
          int value = HexValue(*p++);
          if (p < end && HexValue(*p) >= 0) value = value * 16 + HexValue(*p++);
          c = static_cast<char>(value & 0xFF);
          if (c == 0 || (value & 0x80)) check_encoding = true;
        }
        break;
      case 'b':
        c = '\b';
        break;
      case 'f':
        c = '\f';
        break;
      case 'n':
        c = '\n';
        break;
      case 'r':
        c = '\r';
        break;
      case 't':
        c = '\t';
        break;
      case 'v':
        c = '\v';
        break;
      case '.':
        // An end-of-copy marker ending a line ends the row; anywhere else it is corrupt.
        if (p != end) return RowStatus::kMarkerCorrupt;
        scratch.Commit(n);
        *field = CsvField{out, static_cast<uint32_t>(n)};
        return RowStatus::kOk;
      default:
        break;
    }
    out[n++] = c;
  }
  scratch.Commit(n);
  *field = CsvField{out, static_cast<uint32_t>(n)};
  if (check_encoding && FindInvalidUtf8(out, n, message) != std::string::npos) return RowStatus::kBadEncoding;
  return RowStatus::kOk;
}

}  // namespace stockroom
