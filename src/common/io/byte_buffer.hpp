#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "common/error/exception.hpp"

namespace stockroom {

// Little-endian binary encoding of the storage files' headers and records.
class ByteWriter {
 public:
  template <class T>
  void Put(T value) {
    out_.append(reinterpret_cast<const char*>(&value), sizeof(value));
  }
  // A uint32 length, then the bytes.
  void PutString(std::string_view s) {
    Put(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

// Reads what ByteWriter wrote; running past the end is corruption (XX001 naming `where`).
class ByteReader {
 public:
  ByteReader(std::string_view data, std::string where) : data_(data), where_(std::move(where)) {}
  template <class T>
  T Get() {
    Need(sizeof(T));
    T value;
    std::memcpy(&value, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }
  std::string_view GetString() {
    auto size = Get<uint32_t>();
    Need(size);
    std::string_view s = data_.substr(pos_, size);
    pos_ += size;
    return s;
  }
  // The next `size` bytes, as they are.
  std::string_view GetBytes(size_t size) {
    Need(size);
    std::string_view s = data_.substr(pos_, size);
    pos_ += size;
    return s;
  }
  bool AtEnd() const { return pos_ == data_.size(); }
  const std::string& where() const { return where_; }

 private:
  void Need(size_t n) const {
    if (data_.size() - pos_ < n) throw SqlError(ErrorCode::kDataCorrupted, "\"" + where_ + "\" is corrupt: truncated");
  }
  std::string_view data_;
  size_t pos_ = 0;
  std::string where_;
};

}  // namespace stockroom
