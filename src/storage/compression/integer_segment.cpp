#include "storage/compression/integer_segment.hpp"

#include <cstring>
#include <vector>

#include "common/error/exception.hpp"
#include "storage/compression/bit_packing.hpp"

namespace stockroom {

namespace {

[[noreturn]] void ThrowCorrupt(const char* what) {
  throw SqlError(ErrorCode::kDataCorrupted, std::string("integer segment is corrupt: ") + what);
}

// The size of the frame-of-reference block of `count` values at `data` (from its width).
size_t ForBlockSize(const uint8_t* data, size_t size, size_t count) {
  if (size < 9) ThrowCorrupt("truncated");
  if (data[8] > 64) ThrowCorrupt("invalid bit width");
  return FrameOfReferenceSize(count, data[8]);
}

}  // namespace

IntegerEncoding EncodeIntegerSegment(const int64_t* values, size_t count, std::string& out) {
  std::vector<int64_t> run_values, run_lengths;
  for (size_t i = 0; i < count; i++) {
    if (i > 0 && values[i] == values[i - 1]) {
      run_lengths.back()++;
    } else {
      run_values.push_back(values[i]);
      run_lengths.push_back(1);
    }
  }
  std::string plain, runs;
  EncodeFrameOfReference(values, count, plain);
  // Runs pay off only when they are long; try them when there are at most a quarter as many.
  if (run_values.size() * 4 <= count) {
    auto run_count = static_cast<uint32_t>(run_values.size());
    runs.append(reinterpret_cast<const char*>(&run_count), sizeof(run_count));
    EncodeFrameOfReference(run_values.data(), run_values.size(), runs);
    EncodeFrameOfReference(run_lengths.data(), run_lengths.size(), runs);
  }
  if (!runs.empty() && runs.size() < plain.size()) {
    out.push_back(static_cast<char>(IntegerEncoding::kRunLength));
    out += runs;
    return IntegerEncoding::kRunLength;
  }
  out.push_back(static_cast<char>(IntegerEncoding::kFrameOfReference));
  out += plain;
  return IntegerEncoding::kFrameOfReference;
}

void DecodeIntegerSegment(const uint8_t* data, size_t size, size_t count, int64_t* values) {
  if (size < 1) ThrowCorrupt("empty");
  auto encoding = static_cast<IntegerEncoding>(data[0]);
  data++;
  size--;
  switch (encoding) {
    case IntegerEncoding::kFrameOfReference:
      return DecodeFrameOfReference(data, size, count, values);
    case IntegerEncoding::kRunLength: {
      uint32_t runs;
      if (size < sizeof(runs)) ThrowCorrupt("truncated");
      std::memcpy(&runs, data, sizeof(runs));
      if (runs > count || (runs == 0 && count > 0)) ThrowCorrupt("run count does not match the row count");
      data += sizeof(runs);
      size -= sizeof(runs);
      std::vector<int64_t> run_values(runs), run_lengths(runs);
      size_t first = ForBlockSize(data, size, runs);
      if (first > size) ThrowCorrupt("truncated");
      DecodeFrameOfReference(data, size, runs, run_values.data());
      DecodeFrameOfReference(data + first, size - first, runs, run_lengths.data());
      size_t row = 0;
      for (uint32_t r = 0; r < runs; r++) {
        if (run_lengths[r] <= 0 || static_cast<uint64_t>(run_lengths[r]) > count - row) {
          ThrowCorrupt("run lengths do not add up to the row count");
        }
        for (int64_t k = 0; k < run_lengths[r]; k++) values[row++] = run_values[r];
      }
      if (row != count) ThrowCorrupt("run lengths do not add up to the row count");
      return;
    }
  }
  ThrowCorrupt("unknown encoding");
}

}  // namespace stockroom
