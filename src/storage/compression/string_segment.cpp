#include "storage/compression/string_segment.hpp"

#include <cstring>
#include <unordered_map>

#include "common/error/exception.hpp"
#include "storage/compression/integer_segment.hpp"

namespace stockroom {

namespace {

[[noreturn]] void ThrowCorrupt(const char* what) {
  throw SqlError(ErrorCode::kDataCorrupted, std::string("string segment is corrupt: ") + what);
}

void AppendIntegers(const std::vector<int64_t>& values, std::string& out,
                    std::optional<IntegerEncoding> only = std::nullopt) {
  std::string block;
  EncodeIntegerSegment(values.data(), values.size(), block, only);
  auto size = static_cast<uint32_t>(block.size());
  out.append(reinterpret_cast<const char*>(&size), sizeof(size));
  out += block;
}

// Appends the lengths, then the bytes, of `values`.
void AppendPlain(const std::string_view* values, size_t count, std::string& out) {
  std::vector<int64_t> lengths(count);
  for (size_t i = 0; i < count; i++) lengths[i] = static_cast<int64_t>(values[i].size());
  AppendIntegers(lengths, out);
  for (size_t i = 0; i < count; i++) out.append(values[i]);
}

// Reads what AppendIntegers wrote at `*data`, advancing past it.
std::vector<int64_t> ReadIntegers(const uint8_t*& data, size_t& size, size_t count) {
  uint32_t block;
  if (size < sizeof(block)) ThrowCorrupt("truncated");
  std::memcpy(&block, data, sizeof(block));
  if (block > size - sizeof(block)) ThrowCorrupt("truncated");
  std::vector<int64_t> values(count);
  DecodeIntegerSegment(data + sizeof(block), block, count, values.data());
  data += sizeof(block) + block;
  size -= sizeof(block) + block;
  return values;
}

// Reads what AppendPlain wrote for `count` values, advancing past it.
void ReadPlain(const uint8_t*& data, size_t& size, size_t count, std::vector<std::string_view>& values) {
  std::vector<int64_t> lengths = ReadIntegers(data, size, count);
  values.resize(count);
  for (size_t i = 0; i < count; i++) {
    if (lengths[i] < 0 || static_cast<uint64_t>(lengths[i]) > size) ThrowCorrupt("lengths past the end");
    values[i] = std::string_view(reinterpret_cast<const char*>(data), static_cast<size_t>(lengths[i]));
    data += lengths[i];
    size -= static_cast<size_t>(lengths[i]);
  }
}

}  // namespace

StringEncoding EncodeStringSegment(const std::string_view* values, size_t count, std::string& out,
                                   std::optional<StringEncoding> only, std::optional<IntegerEncoding> codes_only) {
  if (only == StringEncoding::kPlain) {
    out.push_back(static_cast<char>(StringEncoding::kPlain));
    AppendPlain(values, count, out);
    return StringEncoding::kPlain;
  }
  std::unordered_map<std::string_view, int64_t> codes;
  std::vector<std::string_view> distinct;
  std::vector<int64_t> row_codes(count);
  for (size_t i = 0; i < count; i++) {
    auto [it, inserted] = codes.emplace(values[i], static_cast<int64_t>(distinct.size()));
    if (inserted) distinct.push_back(values[i]);
    row_codes[i] = it->second;
  }
  std::string plain, dictionary;
  if (!only) AppendPlain(values, count, plain);
  if (only || distinct.size() * 2 <= count) {
    auto entries = static_cast<uint32_t>(distinct.size());
    dictionary.append(reinterpret_cast<const char*>(&entries), sizeof(entries));
    AppendPlain(distinct.data(), distinct.size(), dictionary);
    AppendIntegers(row_codes, dictionary, codes_only);
  }
  if (only || (!dictionary.empty() && dictionary.size() < plain.size())) {
    out.push_back(static_cast<char>(StringEncoding::kDictionary));
    out += dictionary;
    return StringEncoding::kDictionary;
  }
  out.push_back(static_cast<char>(StringEncoding::kPlain));
  out += plain;
  return StringEncoding::kPlain;
}

void DecodeStringSegment(const uint8_t* data, size_t size, size_t count, std::vector<std::string_view>& values) {
  if (size < 1) ThrowCorrupt("empty");
  auto encoding = static_cast<StringEncoding>(data[0]);
  data++;
  size--;
  switch (encoding) {
    case StringEncoding::kPlain:
      return ReadPlain(data, size, count, values);
    case StringEncoding::kDictionary: {
      uint32_t entries;
      if (size < sizeof(entries)) ThrowCorrupt("truncated");
      std::memcpy(&entries, data, sizeof(entries));
      data += sizeof(entries);
      size -= sizeof(entries);
      if (entries > count) ThrowCorrupt("more dictionary entries than rows");
      std::vector<std::string_view> distinct;
      ReadPlain(data, size, entries, distinct);
      std::vector<int64_t> codes = ReadIntegers(data, size, count);
      values.resize(count);
      for (size_t i = 0; i < count; i++) {
        if (codes[i] < 0 || static_cast<uint64_t>(codes[i]) >= entries) ThrowCorrupt("code outside the dictionary");
        values[i] = distinct[static_cast<size_t>(codes[i])];
      }
      return;
    }
  }
  ThrowCorrupt("unknown encoding");
}

}  // namespace stockroom
