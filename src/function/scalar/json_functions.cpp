// JSON operators and functions (PostgreSQL's -> ->> #> #>> ? ?| ?& @> <@ || -,
// json(b)_extract_path*, json(b)_array_length, json(b)_typeof, json(b)_strip_nulls,
// jsonb_pretty, to_json(b), json(b)_build_object/array, jsonb subscripting) and Redshift's JSON string functions (json_extract_path_text over varchar
// with null_if_invalid, json_extract_array_element_text, is_valid_json, is_valid_json_array).
//
// Stored json values are valid JSON text as written and jsonb values are canonical text, so
// the kernels navigate the bytes lazily (common/types/json.hpp) instead of building trees;
// extracted values are usually slices of the input and cost no copy.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "binder/expression/bound_expression.hpp"
#include "binder/type_coercion.hpp"
#include "common/error/exception.hpp"
#include "common/types/date_time.hpp"
#include "common/types/json.hpp"
#include "common/types/time_zone.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/cast/cast_functions.hpp"
#include "function/function_registry.hpp"
#include "function/scalar/array_functions.hpp"
#include "function/scalar/array_value.hpp"
#include "function/scalar/vector_executor.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

// PostgreSQL's FUNC_MAX_ARGS: variadic "any" functions get one overload per arity up to it.
constexpr size_t kMaxFunctionArgs = 100;
// Redshift's json_extract_path_text takes up to five path elements; a few more are allowed.
constexpr size_t kMaxRedshiftPath = 8;

const LogicalType kTextArray = LogicalType::Array(TypeId::kText);

ScalarFunction Make(std::string name, std::vector<LogicalType> arguments, LogicalType return_type,
                    ScalarFunctionPtr function) {
  ScalarFunction f;
  f.name = std::move(name);
  f.arguments = std::move(arguments);
  f.return_type = return_type;
  f.function = function;
  return f;
}

// Applies `fn(formats, row, mask)` to each row of a call with any number of arguments,
// producing a constant result when every argument is constant. With `skip_nulls` a row with a
// NULL argument gives NULL without calling fn.
template <class T, class Fn>
void ExecuteRows(DataChunk& args, Vector& result, bool skip_nulls, Fn&& fn) {
  idx_t count = args.size();
  bool constant = AllConstant(args);
  idx_t n = constant ? 1 : count;
  std::vector<UnifiedVectorFormat> formats(args.ColumnCount());
  for (idx_t c = 0; c < args.ColumnCount(); c++) args.column(c).ToUnified(n, formats[c]);
  result.Reset();
  if (constant) result.SetConstant();
  T* out = result.Data<T>();
  ValidityMask& mask = result.validity();
  for (idx_t i = 0; i < n; i++) {
    if (skip_nulls) {
      bool any_null = false;
      for (auto& f : formats) any_null |= !f.IsValid(i);
      if (any_null) {
        mask.SetInvalid(i);
        continue;
      }
    }
    out[i] = fn(formats, i, mask);
  }
}

inline std::string_view StringAt(const UnifiedVectorFormat& f, idx_t row) {
  return f.Data<StringRef>()[f.Index(row)].view();
}

// The value a stored json/jsonb datum holds. json text may have surrounding white space and
// gets PostgreSQL's de-escaping checks, as its json functions parse with de-escaping.
template <bool kJsonb>
std::string_view Root(std::string_view doc) {
  if (kJsonb) return doc;
  json::CheckEscapes(doc);
  return json::Trim(doc);
}

// Returns `value` as ->> does: strings unescaped, JSON null as SQL NULL, anything else as
// its text. Slices of the input are returned without copying.
StringRef AsText(std::string_view value, Vector& result, std::string& scratch, ValidityMask& mask, idx_t row) {
  json::Kind kind = json::KindOf(value);
  if (kind == json::Kind::kNull) {
    mask.SetInvalid(row);
    return StringRef();
  }
  if (kind != json::Kind::kString) return StringRef(value);
  std::string_view inner = value.substr(1, value.size() - 2);
  if (!std::memchr(inner.data(), '\\', inner.size())) return StringRef(inner);
  scratch.clear();
  json::AppendUnescaped(value, scratch);
  return result.heap().Add(scratch);
}

// Parses a path element as an array index the way PostgreSQL's strtoint does (leading white
// space and a sign allowed, nothing after the digits).
bool ParseIndex(std::string_view text, int64_t* index) {
  size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r'))) i++;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  size_t digits_start = i;
  int64_t v = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    v = v * 10 + (text[i] - '0');
    if (v > int64_t{INT32_MAX} + 1) return false;
    i++;
  }
  if (i == digits_start || i != text.size()) return false;
  v = negative ? -v : v;
  if (v > INT32_MAX || v < INT32_MIN) return false;
  *index = v;
  return true;
}

// Follows `path` from `value`. jsonb keys are unique; json keys may repeat and, as in
// PostgreSQL, the last member that completes the whole path wins.
bool WalkPath(std::string_view value, const std::string_view* path, size_t n, bool jsonb, std::string_view* out) {
  if (n == 0) {
    *out = value;
    return true;
  }
  json::Kind kind = json::KindOf(value);
  if (kind == json::Kind::kObject) {
    if (jsonb) {
      std::string_view member;
      return json::FindMember(value, path[0], false, &member) && WalkPath(member, path + 1, n - 1, jsonb, out);
    }
    bool found = false;
    json::ForEachMember(value, [&](std::string_view key, std::string_view member) {
      std::string_view candidate;
      if (json::KeyEquals(key, path[0]) && WalkPath(member, path + 1, n - 1, jsonb, &candidate)) {
        *out = candidate;
        found = true;
      }
      return true;
    });
    return found;
  }
  if (kind == json::Kind::kArray) {
    int64_t index;
    std::string_view element;
    return ParseIndex(path[0], &index) && json::FindElement(value, index, &element) &&
           WalkPath(element, path + 1, n - 1, jsonb, out);
  }
  return false;
}

// json -> text, jsonb -> text, and their ->> forms.
template <bool kJsonb, bool kText>
void FieldByKey(DataChunk& args, ExpressionState&, Vector& result) {
  std::string scratch;
  BinaryExecutor::ExecuteWithNulls<StringRef, StringRef, StringRef>(
      args.column(0), args.column(1), result, args.size(),
      [&](const StringRef& doc, const StringRef& key, ValidityMask& mask, idx_t row) {
        std::string_view member;
        if (!json::FindMember(Root<kJsonb>(doc.view()), key.view(), !kJsonb, &member)) {
          mask.SetInvalid(row);
          return StringRef();
        }
        return kText ? AsText(member, result, scratch, mask, row) : StringRef(member);
      });
  result.KeepStringsOf(args.column(0));
}

// json -> integer and friends; a negative index counts from the end.
template <bool kJsonb, bool kText>
void FieldByIndex(DataChunk& args, ExpressionState&, Vector& result) {
  std::string scratch;
  BinaryExecutor::ExecuteWithNulls<StringRef, int32_t, StringRef>(
      args.column(0), args.column(1), result, args.size(),
      [&](const StringRef& doc, int32_t index, ValidityMask& mask, idx_t row) {
        std::string_view value = Root<kJsonb>(doc.view());
        std::string_view element;
        json::Kind kind = json::KindOf(value);
        if (kJsonb && kind != json::Kind::kArray && kind != json::Kind::kObject && (index == 0 || index == -1)) {
          // A jsonb scalar is stored as a one-element array, and PostgreSQL lets -> reach it.
          element = value;
        } else if (!json::FindElement(value, index, &element)) {
          mask.SetInvalid(row);
          return StringRef();
        }
        return kText ? AsText(element, result, scratch, mask, row) : StringRef(element);
      });
  result.KeepStringsOf(args.column(0));
}

// A path given as a text[] value, parsed once per distinct value (usually a constant).
class PathCache {
 public:
  // Returns false when the path holds a NULL element (the result is then NULL).
  bool Get(std::string_view array_text, const std::vector<std::string_view>** path) {
    if (!valid_ || array_text != text_) {
      text_.assign(array_text);
      valid_ = true;
      has_null_ = false;
      elements_.clear();
      if (!array_.Parse(text_)) {
        throw SqlError(ErrorCode::kInvalidTextRepresentation, "malformed array literal: \"" + text_ + "\"");
      }
      if (array_.ndim() > 1) {
        throw SqlError(ErrorCode::kArraySubscriptError, "wrong number of array subscripts");
      }
      for (size_t i = 0; i < array_.size(); i++) {
        has_null_ |= array_.IsNull(i);
        elements_.push_back(array_.Element(i));
      }
    }
    *path = &elements_;
    return !has_null_;
  }

 private:
  std::string text_;
  bool valid_ = false;
  bool has_null_ = false;
  ArrayValue array_;
  std::vector<std::string_view> elements_;
};

// json #> text[], #>> and the jsonb forms.
template <bool kJsonb, bool kText>
void FieldByPath(DataChunk& args, ExpressionState&, Vector& result) {
  std::string scratch;
  PathCache cache;
  BinaryExecutor::ExecuteWithNulls<StringRef, StringRef, StringRef>(
      args.column(0), args.column(1), result, args.size(),
      [&](const StringRef& doc, const StringRef& path_text, ValidityMask& mask, idx_t row) {
        const std::vector<std::string_view>* path;
        std::string_view found;
        if (!cache.Get(path_text.view(), &path) ||
            !WalkPath(Root<kJsonb>(doc.view()), path->data(), path->size(), kJsonb, &found)) {
          mask.SetInvalid(row);
          return StringRef();
        }
        return kText ? AsText(found, result, scratch, mask, row) : StringRef(found);
      });
  result.KeepStringsOf(args.column(0));
}

// json_extract_path(json, VARIADIC text[]) and friends: path elements as arguments.
template <bool kJsonb, bool kText>
void ExtractPath(DataChunk& args, ExpressionState&, Vector& result) {
  std::string scratch;
  std::vector<std::string_view> path(args.ColumnCount() - 1);
  ExecuteRows<StringRef>(args, result, true, [&](std::vector<UnifiedVectorFormat>& f, idx_t row, ValidityMask& mask) {
    for (size_t i = 0; i < path.size(); i++) path[i] = StringAt(f[i + 1], row);
    std::string_view found;
    if (!WalkPath(Root<kJsonb>(StringAt(f[0], row)), path.data(), path.size(), kJsonb, &found)) {
      mask.SetInvalid(row);
      return StringRef();
    }
    return kText ? AsText(found, result, scratch, mask, row) : StringRef(found);
  });
  result.KeepStringsOf(args.column(0));
}

// Redshift's json_extract_path_text(json_string, path_elem [, ...] [, null_if_invalid]).
// Redshift documents that a missing path element gives NULL and that an invalid JSON string
// is an error unless null_if_invalid is true, when it gives NULL.
template <bool kNullIfInvalidArg>
void RedshiftExtractPathText(DataChunk& args, ExpressionState&, Vector& result) {
  std::string scratch;
  size_t path_count = args.ColumnCount() - 1 - (kNullIfInvalidArg ? 1 : 0);
  std::vector<std::string_view> path(path_count);
  ExecuteRows<StringRef>(args, result, true, [&](std::vector<UnifiedVectorFormat>& f, idx_t row, ValidityMask& mask) {
    std::string_view doc = StringAt(f[0], row);
    if (!json::IsValid(doc)) {
      bool null_if_invalid = false;
      if (kNullIfInvalidArg) {
        const auto& b = f[args.ColumnCount() - 1];
        null_if_invalid = b.Data<bool>()[b.Index(row)];
      }
      if (!null_if_invalid) json::Validate(doc);
      mask.SetInvalid(row);
      return StringRef();
    }
    for (size_t i = 0; i < path_count; i++) path[i] = StringAt(f[i + 1], row);
    std::string_view found;
    if (!WalkPath(json::Trim(doc), path.data(), path.size(), false, &found)) {
      mask.SetInvalid(row);
      return StringRef();
    }
    return AsText(found, result, scratch, mask, row);
  });
  result.KeepStringsOf(args.column(0));
}

// Redshift's json_extract_array_element_text(json_string, pos [, null_if_invalid]): the
// 0-based element of the outermost array; NULL when pos is negative or out of range.
template <bool kNullIfInvalidArg>
void RedshiftArrayElementText(DataChunk& args, ExpressionState&, Vector& result) {
  std::string scratch;
  ExecuteRows<StringRef>(args, result, true, [&](std::vector<UnifiedVectorFormat>& f, idx_t row, ValidityMask& mask) {
    std::string_view doc = StringAt(f[0], row);
    int32_t pos = f[1].Data<int32_t>()[f[1].Index(row)];
    std::string_view value = json::Trim(doc);
    if (!json::IsValid(doc) || json::KindOf(value) != json::Kind::kArray) {
      bool null_if_invalid = false;
      if (kNullIfInvalidArg) null_if_invalid = f[2].Data<bool>()[f[2].Index(row)];
      if (!null_if_invalid) {
        throw SqlError(ErrorCode::kInvalidTextRepresentation, "invalid json array object " + std::string(doc));
      }
      mask.SetInvalid(row);
      return StringRef();
    }
    std::string_view element;
    if (pos < 0 || !json::FindElement(value, pos, &element)) {
      mask.SetInvalid(row);
      return StringRef();
    }
    return AsText(element, result, scratch, mask, row);
  });
  result.KeepStringsOf(args.column(0));
}

// Redshift's is_valid_json (a JSON object) and is_valid_json_array (a JSON array).
template <json::Kind kKind>
void IsValidJsonKind(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<StringRef, bool>(args.column(0), result, args.size(), [](const StringRef& s) {
    return json::IsValid(s.view()) && json::KindOf(json::Trim(s.view())) == kKind;
  });
}

template <bool kJsonb>
void ArrayLength(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<StringRef, int32_t>(args.column(0), result, args.size(), [](const StringRef& doc) {
    std::string_view value = kJsonb ? doc.view() : json::Trim(doc.view());
    json::Kind kind = json::KindOf(value);
    if (kind == json::Kind::kArray) return static_cast<int32_t>(json::ArrayLength(value));
    throw SqlError(ErrorCode::kInvalidParameterValue, kind == json::Kind::kObject
                                                          ? "cannot get array length of a non-array"
                                                          : "cannot get array length of a scalar");
  });
}

template <bool kJsonb>
void TypeOf(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<StringRef, StringRef>(args.column(0), result, args.size(), [](const StringRef& doc) {
    std::string_view value = kJsonb ? doc.view() : json::Trim(doc.view());
    const char* name = json::KindName(json::KindOf(value));
    return StringRef(name, static_cast<uint32_t>(std::strlen(name)));
  });
}

// Whether `key` is a top-level key of the jsonb value, or a string element of it (jsonb ?).
bool KeyExists(std::string_view value, std::string_view key) {
  json::Kind kind = json::KindOf(value);
  if (kind == json::Kind::kObject) {
    std::string_view member;
    return json::FindMember(value, key, false, &member);
  }
  if (kind == json::Kind::kArray) {
    bool found = false;
    json::ForEachElement(value, [&](std::string_view element) {
      found = json::KindOf(element) == json::Kind::kString && json::KeyEquals(element, key);
      return !found;
    });
    return found;
  }
  return kind == json::Kind::kString && json::KeyEquals(value, key);
}

void JsonbExists(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<StringRef, StringRef, bool>(
      args.column(0), args.column(1), result, args.size(),
      [](const StringRef& doc, const StringRef& key) { return KeyExists(doc.view(), key.view()); });
}

// jsonb ?| text[] (kAll false) and ?& text[] (kAll true); NULL keys are ignored.
template <bool kAll>
void JsonbExistsKeys(DataChunk& args, ExpressionState&, Vector& result) {
  ArrayValue keys;
  BinaryExecutor::Execute<StringRef, StringRef, bool>(
      args.column(0), args.column(1), result, args.size(), [&](const StringRef& doc, const StringRef& key_array) {
        if (!keys.Parse(key_array.view())) return false;
        for (size_t i = 0; i < keys.size(); i++) {
          if (keys.IsNull(i)) continue;
          bool exists = KeyExists(doc.view(), keys.Element(i));
          if (kAll && !exists) return false;
          if (!kAll && exists) return true;
        }
        return kAll;
      });
}

template <bool kReversed>
void JsonbContains(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<StringRef, StringRef, bool>(args.column(0), args.column(1), result, args.size(),
                                                     [](const StringRef& a, const StringRef& b) {
                                                       return kReversed ? json::Contains(b.view(), a.view())
                                                                        : json::Contains(a.view(), b.view());
                                                     });
}

// The members or elements of a container without its brackets ("1, 2" of "[1, 2]").
std::string_view Inner(std::string_view container) {
  return json::Trim(container.substr(1, container.size() - 2));
}

// jsonb || jsonb: objects merge (the right side wins), anything else concatenates as arrays
// (a non-array side counting as a one-element array).
void JsonbConcat(DataChunk& args, ExpressionState&, Vector& result) {
  std::string buffer;
  std::string normalized;
  BinaryExecutor::Execute<StringRef, StringRef, StringRef>(
      args.column(0), args.column(1), result, args.size(), [&](const StringRef& a, const StringRef& b) {
        json::Kind ka = json::KindOf(a.view()), kb = json::KindOf(b.view());
        bool objects = ka == json::Kind::kObject && kb == json::Kind::kObject;
        std::string_view left = objects || ka == json::Kind::kArray ? Inner(a.view()) : a.view();
        std::string_view right = objects || kb == json::Kind::kArray ? Inner(b.view()) : b.view();
        buffer.assign(objects ? "{" : "[");
        buffer.append(left);
        if (!left.empty() && !right.empty()) buffer.append(", ");
        buffer.append(right);
        buffer.push_back(objects ? '}' : ']');
        if (!objects) return result.heap().Add(buffer);
        normalized.clear();
        json::AppendJsonb(buffer, normalized);
        return result.heap().Add(normalized);
      });
}

// jsonb - text: drops the key from an object, or matching strings from an array.
void JsonbDeleteKey(DataChunk& args, ExpressionState&, Vector& result) {
  std::string buffer;
  BinaryExecutor::Execute<StringRef, StringRef, StringRef>(
      args.column(0), args.column(1), result, args.size(), [&](const StringRef& doc, const StringRef& key) {
        std::string_view value = doc.view();
        json::Kind kind = json::KindOf(value);
        bool first = true;
        if (kind == json::Kind::kObject) {
          buffer.assign("{");
          json::ForEachMember(value, [&](std::string_view k, std::string_view v) {
            if (json::KeyEquals(k, key.view())) return true;
            if (!first) buffer.append(", ");
            first = false;
            buffer.append(k).append(": ").append(v);
            return true;
          });
          buffer.push_back('}');
        } else if (kind == json::Kind::kArray) {
          buffer.assign("[");
          json::ForEachElement(value, [&](std::string_view e) {
            if (json::KindOf(e) == json::Kind::kString && json::KeyEquals(e, key.view())) return true;
            if (!first) buffer.append(", ");
            first = false;
            buffer.append(e);
            return true;
          });
          buffer.push_back(']');
        } else {
          throw SqlError(ErrorCode::kInvalidParameterValue, "cannot delete from scalar");
        }
        return result.heap().Add(buffer);
      });
}

// jsonb - integer: drops an array element (a negative index counts from the end).
void JsonbDeleteIndex(DataChunk& args, ExpressionState&, Vector& result) {
  std::string buffer;
  BinaryExecutor::Execute<StringRef, int32_t, StringRef>(
      args.column(0), args.column(1), result, args.size(), [&](const StringRef& doc, int32_t index) {
        std::string_view value = doc.view();
        json::Kind kind = json::KindOf(value);
        if (kind == json::Kind::kObject) {
          throw SqlError(ErrorCode::kInvalidParameterValue, "cannot delete from object using integer index");
        }
        if (kind != json::Kind::kArray) throw SqlError(ErrorCode::kInvalidParameterValue, "cannot delete from scalar");
        int64_t target = index < 0 ? index + json::ArrayLength(value) : index;
        int64_t i = 0;
        buffer.assign("[");
        json::ForEachElement(value, [&](std::string_view e) {
          if (i++ == target) return true;
          if (buffer.size() > 1) buffer.append(", ");
          buffer.append(e);
          return true;
        });
        buffer.push_back(']');
        return result.heap().Add(buffer);
      });
}

// Writes `value` without object fields whose value is null, at any depth; json output is
// compact, jsonb output canonical.
void StripNulls(std::string_view value, bool jsonb, std::string& out) {
  json::Kind kind = json::KindOf(value);
  const char* sep = jsonb ? ", " : ",";
  if (kind == json::Kind::kObject) {
    out.push_back('{');
    bool first = true;
    json::ForEachMember(value, [&](std::string_view k, std::string_view v) {
      if (json::KindOf(v) == json::Kind::kNull) return true;
      if (!first) out.append(sep);
      first = false;
      out.append(k).append(jsonb ? ": " : ":");
      StripNulls(v, jsonb, out);
      return true;
    });
    out.push_back('}');
  } else if (kind == json::Kind::kArray) {
    out.push_back('[');
    bool first = true;
    json::ForEachElement(value, [&](std::string_view e) {
      if (!first) out.append(sep);
      first = false;
      StripNulls(e, jsonb, out);
      return true;
    });
    out.push_back(']');
  } else {
    out.append(value);
  }
}

template <bool kJsonb>
void StripNullsKernel(DataChunk& args, ExpressionState&, Vector& result) {
  std::string buffer;
  UnaryExecutor::Execute<StringRef, StringRef>(args.column(0), result, args.size(), [&](const StringRef& doc) {
    buffer.clear();
    StripNulls(Root<kJsonb>(doc.view()), kJsonb, buffer);
    return result.heap().Add(buffer);
  });
}

// jsonb_pretty's layout: one member or element per line, four spaces per level.
void Pretty(std::string_view value, size_t indent, std::string& out) {
  json::Kind kind = json::KindOf(value);
  if (kind != json::Kind::kObject && kind != json::Kind::kArray) {
    out.append(value);
    return;
  }
  bool object = kind == json::Kind::kObject;
  out.push_back(object ? '{' : '[');
  bool first = true;
  auto line = [&]() {
    out.append(first ? "\n" : ",\n");
    first = false;
    out.append(indent + 4, ' ');
  };
  if (object) {
    json::ForEachMember(value, [&](std::string_view k, std::string_view v) {
      line();
      out.append(k).append(": ");
      Pretty(v, indent + 4, out);
      return true;
    });
  } else {
    json::ForEachElement(value, [&](std::string_view e) {
      line();
      Pretty(e, indent + 4, out);
      return true;
    });
  }
  out.push_back('\n');
  out.append(indent, ' ');
  out.push_back(object ? '}' : ']');
}

void PrettyKernel(DataChunk& args, ExpressionState&, Vector& result) {
  std::string buffer;
  UnaryExecutor::Execute<StringRef, StringRef>(args.column(0), result, args.size(), [&](const StringRef& doc) {
    buffer.clear();
    Pretty(doc.view(), 0, buffer);
    return result.heap().Add(buffer);
  });
}

// How a SQL value becomes JSON (PostgreSQL's JsonTypeCategory).
enum class JsonCategory : uint8_t {
  kBoolean,
  kNumber,
  kFloat,
  kString,
  kJson,
  kDate,
  kTimestamp,
  kTimestampTz,
  kArray,
  kOther,  // interval: its text output as a JSON string
};

JsonCategory CategoryFor(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return JsonCategory::kBoolean;
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kNumeric:
      return JsonCategory::kNumber;
    case TypeId::kReal:
    case TypeId::kDouble:
      return JsonCategory::kFloat;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kChar:
    case TypeId::kUnknown:
      return JsonCategory::kString;
    case TypeId::kJson:
    case TypeId::kJsonb:
      return JsonCategory::kJson;
    case TypeId::kDate:
      return JsonCategory::kDate;
    case TypeId::kTimestamp:
      return JsonCategory::kTimestamp;
    case TypeId::kTimestampTz:
      return JsonCategory::kTimestampTz;
    case TypeId::kArray:
      return JsonCategory::kArray;
    default:
      return JsonCategory::kOther;
  }
}

// ISO 8601 with a 'T', as PostgreSQL writes timestamps in JSON.
void AppendXsdTimestamp(std::string_view formatted, std::string& out) {
  size_t space = formatted.find(' ');
  if (space == std::string_view::npos) {
    out.append(formatted);
    return;
  }
  out.append(formatted.substr(0, space));
  out.push_back('T');
  out.append(formatted.substr(space + 1));
}

void AppendTimestampTzJson(int64_t utc, const TimeZone& tz, std::string& out) {
  out.push_back('"');
  if (utc == date_time::kTimestampInfinity || utc == date_time::kTimestampNegInfinity) {
    out.append(utc > 0 ? "infinity" : "-infinity");
    out.push_back('"');
    return;
  }
  int32_t offset = tz.OffsetAtUtc(utc);
  AppendXsdTimestamp(date_time::FormatTimestamp(utc + int64_t{offset} * Interval::kMicrosPerSecond), out);
  int32_t abs = offset < 0 ? -offset : offset;
  char buf[16];
  int len = snprintf(buf, sizeof(buf), "%c%02d:%02d", offset < 0 ? '-' : '+', abs / 3600, abs / 60 % 60);
  out.append(buf, len);
  if (abs % 60 != 0) {
    len = snprintf(buf, sizeof(buf), ":%02d", abs % 60);
    out.append(buf, len);
  }
  out.push_back('"');
}

// Appends the JSON form of one non-NULL value of category `category` from its text output
// (`text`); timestamptz values come as their instant instead (`utc`).
void AppendScalarJson(JsonCategory category, std::string_view text, int64_t utc, const TimeZone& tz,
                      std::string& out) {
  switch (category) {
    case JsonCategory::kBoolean:
      out.append(!text.empty() && (text[0] == 't' || text[0] == 'T') ? "true" : "false");
      return;
    case JsonCategory::kNumber:
      out.append(text);
      return;
    case JsonCategory::kFloat:
      if (text == "NaN" || text == "Infinity" || text == "-Infinity") {
        json::AppendQuoted(text, out);
      } else {
        out.append(text);
      }
      return;
    case JsonCategory::kJson:
      out.append(text);
      return;
    case JsonCategory::kTimestamp:
      out.push_back('"');
      AppendXsdTimestamp(text, out);
      out.push_back('"');
      return;
    case JsonCategory::kTimestampTz:
      AppendTimestampTzJson(utc, tz, out);
      return;
    default:
      json::AppendQuoted(text, out);
      return;
  }
}

// Appends the JSON array for an array value of element type `element` (nested for
// multidimensional arrays). `pretty` puts ", " between elements (json_build_array style is
// not used here: to_json writes arrays compactly).
void AppendArrayJson(std::string_view array_text, const LogicalType& element, const TimeZone& tz,
                     ClientContext* context, std::string& out) {
  ArrayValue array;
  if (!array.Parse(array_text)) {
    out.append("null");
    return;
  }
  if (array.size() == 0) {
    out.append("[]");
    return;
  }
  JsonCategory category = CategoryFor(element);
  std::vector<int64_t> instants;
  if (category == JsonCategory::kTimestampTz) {
    std::vector<std::string_view> texts(array.size());
    std::vector<uint8_t> nulls(array.size());
    for (size_t i = 0; i < array.size(); i++) {
      nulls[i] = array.IsNull(i);
      texts[i] = array.Element(i);
    }
    Vector converted = CastElements(texts, nulls, element, context);
    instants.assign(converted.Data<int64_t>(), converted.Data<int64_t>() + array.size());
  }
  int ndim = array.ndim();
  int index[ArrayValue::kMaxDim] = {};
  size_t k = 0;
  int open_from = 0;
  for (;;) {
    for (int i = open_from; i < ndim; i++) out.push_back('[');
    if (array.IsNull(k)) {
      out.append("null");
    } else {
      AppendScalarJson(category, array.Element(k), instants.empty() ? 0 : instants[k], tz, out);
    }
    k++;
    int i = ndim - 1;
    for (; i >= 0; i--) {
      if (++index[i] < array.dim(i)) {
        out.push_back(',');
        break;
      }
      index[i] = 0;
      out.push_back(']');
    }
    if (i < 0 || k >= array.size()) break;
    open_from = i + 1;
  }
}

// The JSON form of each row of one argument of to_json or json_build_*: string-like and
// json columns are read as stored, other types through their text output (one CastToText per
// chunk).
class JsonArgument {
 public:
  JsonArgument(const Vector& input, idx_t count, ExpressionState& state)
      : type_(input.type()), category_(CategoryFor(input.type())), context_(state.context) {
    tz_ = state.context ? &state.context->time_zone() : &TimeZone::Utc();
    input.ToUnified(count, format_);
    if (type_.physical() != PhysicalType::kString && category_ != JsonCategory::kBoolean &&
        category_ != JsonCategory::kTimestampTz) {
      static const LogicalType kText = TypeId::kText;
      text_ = Vector(kText, std::max<idx_t>(count, 1));
      CastParameters params;
      params.context = state.context;
      params.source_type = &input.type();
      params.target_type = &kText;
      CastToText(input, text_, count, params);
      text_.ToUnified(count, text_format_);
      has_text_ = true;
    }
  }

  bool IsNull(idx_t row) const { return !format_.IsValid(row); }
  JsonCategory category() const { return category_; }

  void Append(idx_t row, std::string& out) const {
    if (IsNull(row)) {
      out.append("null");
      return;
    }
    idx_t idx = format_.Index(row);
    switch (category_) {
      case JsonCategory::kBoolean:
        out.append(format_.Data<bool>()[idx] ? "true" : "false");
        return;
      case JsonCategory::kTimestampTz:
        AppendTimestampTzJson(format_.Data<int64_t>()[idx], *tz_, out);
        return;
      case JsonCategory::kArray:
        AppendArrayJson(format_.Data<StringRef>()[idx].view(), type_.Element(), *tz_, context_, out);
        return;
      default:
        break;
    }
    std::string_view text = has_text_ ? text_format_.Data<StringRef>()[text_format_.Index(row)].view()
                                      : format_.Data<StringRef>()[idx].view();
    AppendScalarJson(category_, text, 0, *tz_, out);
  }

 private:
  LogicalType type_;
  JsonCategory category_;
  ClientContext* context_;
  const TimeZone* tz_;
  UnifiedVectorFormat format_;
  Vector text_;
  UnifiedVectorFormat text_format_;
  bool has_text_ = false;
};

// to_json(anyelement): strict, any input type.
template <bool kJsonb>
void ToJsonAny(DataChunk& args, ExpressionState& state, Vector& result) {
  JsonArgument arg(args.column(0), args.size(), state);
  std::string buffer;
  std::string normalized;
  ExecuteRows<StringRef>(args, result, true, [&](std::vector<UnifiedVectorFormat>&, idx_t row, ValidityMask&) {
    buffer.clear();
    arg.Append(row, buffer);
    if (!kJsonb) return result.heap().Add(buffer);
    normalized.clear();
    json::AppendJsonb(buffer, normalized);
    return result.heap().Add(normalized);
  });
}

template <bool kJsonb>
void BuildObject(DataChunk& args, ExpressionState& state, Vector& result) {
  idx_t columns = args.ColumnCount();
  const char* name = kJsonb ? "jsonb_build_object" : "json_build_object";
  if (columns % 2 != 0) {
    throw SqlError(ErrorCode::kInvalidParameterValue, "argument list must have even number of elements")
        .WithHint(std::string("The arguments of ") + name + "() must consist of alternating keys and values.");
  }
  bool constant = AllConstant(args);
  idx_t n = constant ? 1 : args.size();
  std::vector<JsonArgument> arguments;
  arguments.reserve(columns);
  for (idx_t c = 0; c < columns; c++) arguments.emplace_back(args.column(c), n, state);
  for (idx_t c = 0; c < columns; c += 2) {
    JsonCategory key = arguments[c].category();
    if (key == JsonCategory::kArray || key == JsonCategory::kJson) {
      throw SqlError(ErrorCode::kInvalidParameterValue, "key value must be scalar, not array, composite, or json");
    }
  }
  std::string buffer;
  std::string normalized;
  ExecuteRows<StringRef>(args, result, false, [&](std::vector<UnifiedVectorFormat>&, idx_t row, ValidityMask&) {
    buffer.clear();
    buffer.push_back('{');
    for (idx_t c = 0; c < columns; c += 2) {
      if (arguments[c].IsNull(row)) {
        if (kJsonb) {
          throw SqlError(ErrorCode::kInvalidParameterValue,
                         "argument " + std::to_string(c + 1) + ": key must not be null");
        }
        throw SqlError(ErrorCode::kInvalidParameterValue, "argument " + std::to_string(c + 1) + " cannot be null")
            .WithHint("Object keys should be text.");
      }
      if (c > 0) buffer.append(", ");
      size_t key_start = buffer.size();
      arguments[c].Append(row, buffer);
      if (buffer[key_start] != '"') {  // numbers and booleans become string keys
        buffer.insert(buffer.begin() + key_start, '"');
        buffer.push_back('"');
      }
      buffer.append(" : ");
      arguments[c + 1].Append(row, buffer);
    }
    buffer.push_back('}');
    if (!kJsonb) return result.heap().Add(buffer);
    normalized.clear();
    json::AppendJsonb(buffer, normalized);
    return result.heap().Add(normalized);
  });
}

template <bool kJsonb>
void BuildArray(DataChunk& args, ExpressionState& state, Vector& result) {
  idx_t columns = args.ColumnCount();
  bool constant = AllConstant(args);
  idx_t n = constant ? 1 : args.size();
  std::vector<JsonArgument> arguments;
  arguments.reserve(columns);
  for (idx_t c = 0; c < columns; c++) arguments.emplace_back(args.column(c), n, state);
  std::string buffer;
  std::string normalized;
  ExecuteRows<StringRef>(args, result, false, [&](std::vector<UnifiedVectorFormat>&, idx_t row, ValidityMask&) {
    buffer.clear();
    buffer.push_back('[');
    for (idx_t c = 0; c < columns; c++) {
      if (c > 0) buffer.append(", ");
      arguments[c].Append(row, buffer);
    }
    buffer.push_back(']');
    if (!kJsonb) return result.heap().Add(buffer);
    normalized.clear();
    json::AppendJsonb(buffer, normalized);
    return result.heap().Add(normalized);
  });
}

// Registers `f` once per arity from `min_args` "any" arguments up to kMaxFunctionArgs.
void AddVariadicAny(FunctionRegistry& registry, ScalarFunction f, size_t min_args) {
  while (f.arguments.size() < min_args) f.arguments.push_back(TypeId::kInvalid);
  for (size_t arity = min_args; arity <= kMaxFunctionArgs; arity++) {
    registry.AddScalar(f);
    f.arguments.push_back(TypeId::kInvalid);
  }
}

void RegisterAccessOperators(FunctionRegistry& registry) {
  const LogicalType json = TypeId::kJson;
  const LogicalType jsonb = TypeId::kJsonb;
  const LogicalType text = TypeId::kText;
  const LogicalType integer = TypeId::kInteger;
  registry.AddScalar(Make("->", {json, text}, json, FieldByKey<false, false>));
  registry.AddScalar(Make("->", {jsonb, text}, jsonb, FieldByKey<true, false>));
  registry.AddScalar(Make("->", {json, integer}, json, FieldByIndex<false, false>));
  registry.AddScalar(Make("->", {jsonb, integer}, jsonb, FieldByIndex<true, false>));
  registry.AddScalar(Make("->>", {json, text}, text, FieldByKey<false, true>));
  registry.AddScalar(Make("->>", {jsonb, text}, text, FieldByKey<true, true>));
  registry.AddScalar(Make("->>", {json, integer}, text, FieldByIndex<false, true>));
  registry.AddScalar(Make("->>", {jsonb, integer}, text, FieldByIndex<true, true>));
  registry.AddScalar(Make("#>", {json, kTextArray}, json, FieldByPath<false, false>));
  registry.AddScalar(Make("#>", {jsonb, kTextArray}, jsonb, FieldByPath<true, false>));
  registry.AddScalar(Make("#>>", {json, kTextArray}, text, FieldByPath<false, true>));
  registry.AddScalar(Make("#>>", {jsonb, kTextArray}, text, FieldByPath<true, true>));
  // jsonb subscripting (PostgreSQL 14+): value['key'], value[0].
  registry.AddScalar(Make("array_subscript", {jsonb, text}, jsonb, FieldByKey<true, false>));
  registry.AddScalar(Make("array_subscript", {jsonb, integer}, jsonb, FieldByIndex<true, false>));

  auto add_path = [&](const char* name, LogicalType input, LogicalType output, ScalarFunctionPtr fn) {
    ScalarFunction f = Make(name, {input}, output, fn);
    f.varargs = text;
    registry.AddScalar(f);
  };
  add_path("json_extract_path", json, json, ExtractPath<false, false>);
  add_path("jsonb_extract_path", jsonb, jsonb, ExtractPath<true, false>);
  add_path("json_extract_path_text", json, text, ExtractPath<false, true>);
  add_path("jsonb_extract_path_text", jsonb, text, ExtractPath<true, true>);
}

void RegisterRedshiftFunctions(FunctionRegistry& registry) {
  const LogicalType text = TypeId::kText;
  const LogicalType boolean = TypeId::kBoolean;
  const LogicalType integer = TypeId::kInteger;
  ScalarFunction path = Make("json_extract_path_text", {text, text}, text, RedshiftExtractPathText<false>);
  path.varargs = text;
  registry.AddScalar(path);
  for (size_t n = 1; n <= kMaxRedshiftPath; n++) {
    std::vector<LogicalType> arguments(n + 1, text);
    arguments.push_back(boolean);
    registry.AddScalar(Make("json_extract_path_text", arguments, text, RedshiftExtractPathText<true>));
  }
  registry.AddScalar(
      Make("json_extract_array_element_text", {text, integer}, text, RedshiftArrayElementText<false>));
  registry.AddScalar(
      Make("json_extract_array_element_text", {text, integer, boolean}, text, RedshiftArrayElementText<true>));
  registry.AddScalar(Make("is_valid_json", {text}, boolean, IsValidJsonKind<json::Kind::kObject>));
  registry.AddScalar(Make("is_valid_json_array", {text}, boolean, IsValidJsonKind<json::Kind::kArray>));
}

void RegisterJsonbOperators(FunctionRegistry& registry) {
  const LogicalType jsonb = TypeId::kJsonb;
  const LogicalType json = TypeId::kJson;
  const LogicalType text = TypeId::kText;
  const LogicalType boolean = TypeId::kBoolean;
  const LogicalType integer = TypeId::kInteger;
  registry.AddScalar(Make("?", {jsonb, text}, boolean, JsonbExists));
  registry.AddScalar(Make("?|", {jsonb, kTextArray}, boolean, JsonbExistsKeys<false>));
  registry.AddScalar(Make("?&", {jsonb, kTextArray}, boolean, JsonbExistsKeys<true>));
  registry.AddScalar(Make("@>", {jsonb, jsonb}, boolean, JsonbContains<false>));
  registry.AddScalar(Make("<@", {jsonb, jsonb}, boolean, JsonbContains<true>));
  registry.AddScalar(Make("json_array_length", {json}, integer, ArrayLength<false>));
  registry.AddScalar(Make("jsonb_array_length", {jsonb}, integer, ArrayLength<true>));
  registry.AddScalar(Make("json_typeof", {json}, text, TypeOf<false>));
  registry.AddScalar(Make("||", {jsonb, jsonb}, jsonb, JsonbConcat));
  registry.AddScalar(Make("-", {jsonb, text}, jsonb, JsonbDeleteKey));
  registry.AddScalar(Make("-", {jsonb, integer}, jsonb, JsonbDeleteIndex));
  registry.AddScalar(Make("json_strip_nulls", {json}, json, StripNullsKernel<false>));
  registry.AddScalar(Make("jsonb_strip_nulls", {jsonb}, jsonb, StripNullsKernel<true>));
  registry.AddScalar(Make("jsonb_pretty", {jsonb}, text, PrettyKernel));
  registry.AddScalar(Make("jsonb_typeof", {jsonb}, text, TypeOf<true>));
}

void RegisterConstructors(FunctionRegistry& registry) {
  const LogicalType json = TypeId::kJson;
  const LogicalType jsonb = TypeId::kJsonb;
  ScalarFunction to_json = Make("to_json", {TypeId::kInvalid}, json, ToJsonAny<false>);
  to_json.volatility = Volatility::kStable;  // timestamptz values print in the session time zone
  registry.AddScalar(to_json);
  ScalarFunction to_jsonb = Make("to_jsonb", {TypeId::kInvalid}, jsonb, ToJsonAny<true>);
  to_jsonb.volatility = Volatility::kStable;
  registry.AddScalar(to_jsonb);
  auto variadic = [&](const char* name, LogicalType type, ScalarFunctionPtr fn) {
    ScalarFunction f = Make(name, {}, type, fn);
    f.null_handling = NullHandling::kSpecial;
    f.volatility = Volatility::kStable;  // timestamptz values print in the session time zone
    AddVariadicAny(registry, f, 0);
  };
  variadic("json_build_object", json, BuildObject<false>);
  variadic("jsonb_build_object", jsonb, BuildObject<true>);
  variadic("json_build_array", json, BuildArray<false>);
  variadic("jsonb_build_array", jsonb, BuildArray<true>);
}

}  // namespace

void RegisterJsonFunctions(FunctionRegistry& registry) {
  RegisterAccessOperators(registry);
  RegisterRedshiftFunctions(registry);
  RegisterJsonbOperators(registry);
  RegisterConstructors(registry);
  RegisterArrayFunctions(registry);
}

}  // namespace stockroom
