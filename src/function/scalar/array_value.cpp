#include "function/scalar/array_value.hpp"

#include <algorithm>

#include "common/error/exception.hpp"
#include "function/cast/cast_functions.hpp"
#include "function/scalar/array_text.hpp"

namespace stockroom {

namespace {

bool IsSpace(char c) { return array_text::IsArraySpace(c); }

}  // namespace

bool ArrayValue::Parse(std::string_view text) {
  text_ = text;
  ndim_ = 0;
  items_.clear();
  nulls_.clear();
  scratch_.clear();
  size_t n = text.size();
  size_t p = 0;
  while (p < n && IsSpace(text[p])) p++;
  // Explicit bounds: "[lo:hi][lo:hi]=".
  int explicit_dims = 0;
  int explicit_lbounds[kMaxDim];
  while (p < n && text[p] == '[') {
    if (explicit_dims >= kMaxDim) return false;
    p++;
    int64_t values[2] = {0, 0};
    int count = 0;
    for (;;) {
      bool negative = false;
      if (p < n && (text[p] == '-' || text[p] == '+')) negative = text[p++] == '-';
      int64_t v = 0;
      while (p < n && text[p] >= '0' && text[p] <= '9') v = std::min<int64_t>(v * 10 + (text[p++] - '0'), INT32_MAX);
      if (count < 2) values[count++] = negative ? -v : v;
      if (p < n && text[p] == ':') {
        p++;
        continue;
      }
      break;
    }
    if (p >= n || text[p] != ']') return false;
    p++;
    explicit_lbounds[explicit_dims++] = static_cast<int>(count == 2 ? values[0] : 1);
  }
  if (explicit_dims > 0) {
    if (p >= n || text[p] != '=') return false;
    p++;
    while (p < n && IsSpace(text[p])) p++;
  }
  if (p >= n || text[p] != '{') return false;
  int depth = 0;
  int counts[kMaxDim] = {};
  bool seen_dim[kMaxDim] = {};
  auto add_item = [&](uint32_t offset, uint32_t length, bool in_scratch, bool is_null) {
    items_.push_back(Item{offset, length, in_scratch});
    nulls_.push_back(is_null ? 1 : 0);
    if (depth > ndim_) ndim_ = depth;
    counts[depth - 1]++;
  };
  while (p < n) {
    char c = text[p];
    if (IsSpace(c)) {
      p++;
      continue;
    }
    if (c == '{') {
      if (depth >= kMaxDim) return false;
      if (depth > 0) counts[depth - 1]++;
      depth++;
      counts[depth - 1] = 0;
      p++;
      continue;
    }
    if (c == '}') {
      // The size of a dimension is the element count of its (first) sub-array.
      if (depth > 0 && !seen_dim[depth - 1]) {
        dims_[depth - 1] = counts[depth - 1];
        seen_dim[depth - 1] = true;
      }
      depth--;
      p++;
      if (depth == 0) break;
      continue;
    }
    if (c == ',') {
      p++;
      continue;
    }
    if (depth == 0) return false;
    if (c == '"') {
      p++;
      size_t start = p;
      bool escaped = false;
      while (p < n && text[p] != '"') {
        if (text[p] == '\\') {
          escaped = true;
          p++;
        }
        p++;
      }
      if (p >= n) return false;
      if (!escaped) {
        add_item(static_cast<uint32_t>(start), static_cast<uint32_t>(p - start), false, false);
      } else {
        uint32_t offset = static_cast<uint32_t>(scratch_.size());
        for (size_t i = start; i < p; i++) {
          if (text[i] == '\\') i++;
          scratch_.push_back(text[i]);
        }
        add_item(offset, static_cast<uint32_t>(scratch_.size() - offset), true, false);
      }
      p++;
      continue;
    }
    size_t start = p;
    bool escaped = false;
    while (p < n && text[p] != ',' && text[p] != '}') {
      if (text[p] == '\\' && p + 1 < n) {
        escaped = true;
        p++;
      }
      p++;
    }
    size_t end = p;
    while (end > start && IsSpace(text[end - 1])) end--;
    std::string_view raw = text.substr(start, end - start);
    if (escaped) {
      uint32_t offset = static_cast<uint32_t>(scratch_.size());
      for (size_t i = 0; i < raw.size(); i++) {
        if (raw[i] == '\\' && i + 1 < raw.size()) i++;
        scratch_.push_back(raw[i]);
      }
      add_item(offset, static_cast<uint32_t>(scratch_.size() - offset), true, false);
    } else {
      bool is_null = raw.size() == 4 && (raw[0] | 32) == 'n' && (raw[1] | 32) == 'u' && (raw[2] | 32) == 'l' &&
                     (raw[3] | 32) == 'l';
      add_item(static_cast<uint32_t>(start), static_cast<uint32_t>(raw.size()), false, is_null);
    }
  }
  if (depth != 0) return false;
  if (items_.empty()) {
    ndim_ = 0;
    return true;
  }
  for (int i = 0; i < ndim_; i++) lbounds_[i] = 1;
  if (explicit_dims == ndim_) {
    for (int i = 0; i < ndim_; i++) lbounds_[i] = explicit_lbounds[i];
  }
  return true;
}

void AppendArrayText(int ndim, const int* dims, const int* lbounds, const std::vector<std::string_view>& texts,
                     const std::vector<uint8_t>& nulls, std::string& out) {
  if (ndim == 0 || texts.empty()) {
    out.append("{}");
    return;
  }
  bool decorate = false;
  for (int i = 0; i < ndim; i++) decorate |= lbounds[i] != 1;
  if (decorate) {
    for (int i = 0; i < ndim; i++) {
      out.push_back('[');
      out.append(std::to_string(lbounds[i]));
      out.push_back(':');
      out.append(std::to_string(int64_t{lbounds[i]} + dims[i] - 1));
      out.push_back(']');
    }
    out.push_back('=');
  }
  int index[ArrayValue::kMaxDim] = {};
  size_t k = 0;
  int open_from = 0;
  for (;;) {
    for (int i = open_from; i < ndim; i++) out.push_back('{');
    if (nulls[k]) {
      out.append("NULL");
    } else {
      array_text::AppendElement(texts[k], out);
    }
    k++;
    int i = ndim - 1;
    for (; i >= 0; i--) {
      if (++index[i] < dims[i]) {
        out.push_back(',');
        break;
      }
      index[i] = 0;
      out.push_back('}');
    }
    if (i < 0 || k >= texts.size()) break;
    open_from = i + 1;
  }
}

Vector CastElements(const std::vector<std::string_view>& texts, const std::vector<uint8_t>& nulls,
                    const LogicalType& type, ClientContext* context) {
  idx_t n = texts.size();
  idx_t capacity = std::max<idx_t>(n, 1);
  static const LogicalType kText = TypeId::kText;
  Vector source(kText, capacity);
  auto* refs = source.Data<StringRef>();
  for (idx_t i = 0; i < n; i++) {
    if (nulls[i]) {
      source.validity().SetInvalid(i);
    } else {
      refs[i] = StringRef(texts[i]);
    }
  }
  if (type.id() == TypeId::kText) return source;
  Vector result(type, capacity);
  if (n == 0) return result;
  CastFunctionPtr cast = GetCastFunction(kText, type);
  if (!cast) throw InternalError("no cast from text to " + type.ToString());
  CastParameters params;
  params.context = context;
  params.source_type = &kText;
  params.target_type = &type;
  cast(source, result, n, params);
  return result;
}

}  // namespace stockroom
