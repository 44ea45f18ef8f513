#include "storage/compression/float_segment.hpp"

#include <cmath>
#include <cstring>
#include <vector>

#include "common/error/exception.hpp"
#include "storage/compression/integer_segment.hpp"

namespace stockroom {

namespace {

constexpr uint8_t kDecimalTag = 1;
// Decoding accepts scales up to 18 (what an int64 holds), so a later encoder may use more.
constexpr int kMaxDecodableScale = 18;
constexpr double kPowersOfTen[kMaxDecodableScale + 1] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8, 1e9,
                                                         1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};
// Past this magnitude a scaled value could overflow int64 when rounded.
constexpr double kMaxScaled = 4e18;
// More exceptions than one row in 8 means the column is not decimal: its raw bytes do.
constexpr size_t kMaxExceptionShare = 8;

[[noreturn]] void ThrowCorrupt(const char* what) {
  throw SqlError(ErrorCode::kDataCorrupted, std::string("float segment is corrupt: ") + what);
}

// The value `scaled` / 10^scale stands for. Encoding checks every value through this very
// function, so what is stored decodes to the same bits (IEEE division is exact-rounded).
template <typename T>
T FromScaled(int64_t scaled, int scale) {
  return static_cast<T>(static_cast<double>(scaled) / kPowersOfTen[scale]);
}

template <typename T>
bool SameBits(T a, T b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

// Sets `scaled` to the integer that stands for `value` at `scale`, if there is one.
template <typename T>
bool ToScaled(T value, int scale, int64_t& scaled) {
  double x = static_cast<double>(value) * kPowersOfTen[scale];
  if (!(std::fabs(x) < kMaxScaled)) return false;  // NaN and infinities too
  scaled = std::llround(x);
  return SameBits(FromScaled<T>(scaled, scale), value);
}

void AppendSized(const std::string& block, std::string& out) {
  auto size = static_cast<uint32_t>(block.size());
  out.append(reinterpret_cast<const char*>(&size), sizeof(size));
  out += block;
}

// Reads a uint32 size and returns the block after it, advancing past both.
std::pair<const uint8_t*, size_t> ReadSized(const uint8_t*& data, size_t& size) {
  uint32_t block;
  if (size < sizeof(block)) ThrowCorrupt("truncated");
  std::memcpy(&block, data, sizeof(block));
  if (block > size - sizeof(block)) ThrowCorrupt("truncated");
  std::pair<const uint8_t*, size_t> result(data + sizeof(block), block);
  data += sizeof(block) + block;
  size -= sizeof(block) + block;
  return result;
}

template <typename T>
bool Encode(const T* values, size_t count, std::string& out) {
  // The scale is the largest any value needs; a value exact at some scale is exact at
  // every larger one (its integer times ten), short of int64's range.
  int scale = 0;
  size_t misfits = 0;
  int64_t scaled;
  for (size_t i = 0; i < count; i++) {
    int s = scale;
    while (s <= kMaxDecimalFloatScale && !ToScaled(values[i], s, scaled)) s++;
    if (s > kMaxDecimalFloatScale) {
      if (++misfits > count / kMaxExceptionShare) return false;
    } else {
      scale = s;
    }
  }
  std::vector<int64_t> integers(count);
  std::vector<int64_t> exception_rows;
  std::string exception_bytes;
  int64_t previous = 0;
  for (size_t i = 0; i < count; i++) {
    if (ToScaled(values[i], scale, scaled)) {
      previous = scaled;
    } else {
      exception_rows.push_back(static_cast<int64_t>(i));
      exception_bytes.append(reinterpret_cast<const char*>(&values[i]), sizeof(T));
    }
    integers[i] = previous;
  }
  if (exception_rows.size() > count / kMaxExceptionShare) return false;
  std::string segment;
  segment.push_back(static_cast<char>(kDecimalTag));
  segment.push_back(static_cast<char>(scale));
  auto exceptions = static_cast<uint32_t>(exception_rows.size());
  segment.append(reinterpret_cast<const char*>(&exceptions), sizeof(exceptions));
  std::string block;
  EncodeIntegerSegment(integers.data(), count, block);
  AppendSized(block, segment);
  if (exceptions > 0) {
    block.clear();
    EncodeIntegerSegment(exception_rows.data(), exception_rows.size(), block);
    AppendSized(block, segment);
    segment += exception_bytes;
  }
  if (segment.size() >= count * sizeof(T)) return false;
  out += segment;
  return true;
}

template <typename T>
void Decode(const uint8_t* data, size_t size, size_t count, T* values) {
  if (size < 6 || data[0] != kDecimalTag) ThrowCorrupt("not a decimal segment");
  int scale = data[1];
  if (scale > kMaxDecodableScale) ThrowCorrupt("invalid scale");
  uint32_t exceptions;
  std::memcpy(&exceptions, data + 2, sizeof(exceptions));
  if (exceptions > count) ThrowCorrupt("more exceptions than rows");
  data += 6;
  size -= 6;
  std::vector<int64_t> integers(count);
  auto [block, block_size] = ReadSized(data, size);
  DecodeIntegerSegment(block, block_size, count, integers.data());
  for (size_t i = 0; i < count; i++) values[i] = FromScaled<T>(integers[i], scale);
  if (exceptions == 0) {
    if (size != 0) ThrowCorrupt("trailing bytes");
    return;
  }
  std::vector<int64_t> rows(exceptions);
  auto [row_block, row_block_size] = ReadSized(data, size);
  DecodeIntegerSegment(row_block, row_block_size, exceptions, rows.data());
  if (size != size_t{exceptions} * sizeof(T)) ThrowCorrupt("exception values do not match their count");
  for (uint32_t e = 0; e < exceptions; e++) {
    if (rows[e] < 0 || static_cast<uint64_t>(rows[e]) >= count) ThrowCorrupt("exception row out of range");
    std::memcpy(&values[rows[e]], data + e * sizeof(T), sizeof(T));
  }
}

}  // namespace

bool EncodeDecimalFloats(const double* values, size_t count, std::string& out) { return Encode(values, count, out); }
bool EncodeDecimalFloats(const float* values, size_t count, std::string& out) { return Encode(values, count, out); }

void DecodeDecimalFloats(const uint8_t* data, size_t size, size_t count, double* values) {
  Decode(data, size, count, values);
}
void DecodeDecimalFloats(const uint8_t* data, size_t size, size_t count, float* values) {
  Decode(data, size, count, values);
}

}  // namespace stockroom
