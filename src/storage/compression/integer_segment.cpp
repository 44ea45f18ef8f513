#include "storage/compression/integer_segment.hpp"

#include <algorithm>
#include <climits>
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

// a - b, wrapping around as two's complement does (no undefined overflow).
int64_t Difference(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}

}  // namespace

IntegerEncoding EncodeIntegerSegment(const int64_t* values, size_t count, std::string& out,
                                     std::optional<IntegerEncoding> only) {
  // One pass measures every encoding (their sizes follow from ranges), so only the one
  // chosen is built.
  int64_t min = count == 0 ? 0 : values[0], max = min;
  int64_t min_delta = 0, max_delta = 0;
  int64_t min_run = count == 0 ? 0 : INT64_MAX, max_run = 0, run = count == 0 ? 0 : 1;
  size_t runs = count == 0 ? 0 : 1;
  for (size_t i = 1; i < count; i++) {
    min = std::min(min, values[i]);
    max = std::max(max, values[i]);
    int64_t delta = Difference(values[i], values[i - 1]);
    if (i == 1) min_delta = max_delta = delta;
    min_delta = std::min(min_delta, delta);
    max_delta = std::max(max_delta, delta);
    if (delta == 0) {
      run++;
    } else {
      min_run = std::min(min_run, run);
      max_run = std::max(max_run, run);
      run = 1;
      runs++;
    }
  }
  if (count > 0) {
    min_run = std::min(min_run, run);
    max_run = std::max(max_run, run);
  }
  int value_width = BitWidth(static_cast<uint64_t>(Difference(max, min)));
  size_t for_size = FrameOfReferenceSize(count, value_width);
  size_t run_size = sizeof(uint32_t) + FrameOfReferenceSize(runs, value_width) +
                    FrameOfReferenceSize(runs, BitWidth(static_cast<uint64_t>(max_run - min_run)));
  int delta_width = BitWidth(static_cast<uint64_t>(Difference(max_delta, min_delta)));
  size_t delta_size = sizeof(int64_t) + FrameOfReferenceSize(count == 0 ? 0 : count - 1, delta_width);
  IntegerEncoding chosen = IntegerEncoding::kFrameOfReference;
  if (only) {
    chosen = *only;
  } else if (run_size < for_size && run_size <= delta_size) {
    chosen = IntegerEncoding::kRunLength;
  } else if (delta_size < for_size) {
    chosen = IntegerEncoding::kDelta;
  }
  out.push_back(static_cast<char>(chosen));
  switch (chosen) {
    case IntegerEncoding::kFrameOfReference:
      EncodeFrameOfReference(values, count, out);
      break;
    case IntegerEncoding::kRunLength: {
      std::vector<int64_t> run_values, run_lengths;
      run_values.reserve(runs);
      run_lengths.reserve(runs);
      for (size_t i = 0; i < count; i++) {
        if (i > 0 && values[i] == values[i - 1]) {
          run_lengths.back()++;
        } else {
          run_values.push_back(values[i]);
          run_lengths.push_back(1);
        }
      }
      auto run_count = static_cast<uint32_t>(run_values.size());
      out.append(reinterpret_cast<const char*>(&run_count), sizeof(run_count));
      EncodeFrameOfReference(run_values.data(), run_values.size(), out);
      EncodeFrameOfReference(run_lengths.data(), run_lengths.size(), out);
      break;
    }
    case IntegerEncoding::kDelta: {
      int64_t first = count == 0 ? 0 : values[0];
      out.append(reinterpret_cast<const char*>(&first), sizeof(first));
      std::vector<int64_t> deltas(count == 0 ? 0 : count - 1);
      for (size_t i = 1; i < count; i++) deltas[i - 1] = Difference(values[i], values[i - 1]);
      EncodeFrameOfReference(deltas.data(), deltas.size(), out);
      break;
    }
  }
  return chosen;
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
    case IntegerEncoding::kDelta: {
      int64_t first;
      if (size < sizeof(first)) ThrowCorrupt("truncated");
      std::memcpy(&first, data, sizeof(first));
      if (count == 0) return;
      // The differences land in values[1..]; a running sum turns them into the values.
      DecodeFrameOfReference(data + sizeof(first), size - sizeof(first), count - 1, values + 1);
      values[0] = first;
      for (size_t i = 1; i < count; i++) {
        values[i] = static_cast<int64_t>(static_cast<uint64_t>(values[i - 1]) + static_cast<uint64_t>(values[i]));
      }
      return;
    }
  }
  ThrowCorrupt("unknown encoding");
}

}  // namespace stockroom
