#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/io/byte_buffer.hpp"

namespace stockroom {

// A distinct-count sketch over 64-bit hashes: exact while it has seen few distinct hashes
// (kept in a small open-addressing set), then a HyperLogLog of 2^14 one-byte registers
// (standard error about 0.8%) estimated with Ertl's improved estimator, which needs no
// bias tables and is accurate from tiny to huge counts. Sketches built with the same hash
// function merge losslessly. Callers supply well-mixed hashes. Not thread-safe.
class HyperLogLog {
 public:
  static constexpr int kPrecision = 14;
  static constexpr uint32_t kRegisterCount = uint32_t{1} << kPrecision;
  // Distinct hashes kept exactly before switching to registers.
  static constexpr uint32_t kExactLimit = 1024;

  void Add(uint64_t hash);
  // Adds everything `other` has seen; `other` is unchanged.
  void Merge(const HyperLogLog& other);
  // Returns the (estimated) number of distinct hashes added.
  uint64_t Count() const;
  // The sketch as bytes (the exact hashes, or the registers) and back; Read throws XX001
  // naming the reader's place when the bytes are not a sketch.
  void Write(ByteWriter& out) const;
  static HyperLogLog Read(ByteReader& in);

 private:
  void InsertExact(uint64_t hash);
  void GrowExact();
  void ToRegisters();
  void AddToRegisters(uint64_t hash);

  // Exact phase: open addressing with 0 as the empty slot (hash 0 is stored as 1).
  std::vector<uint64_t> exact_;
  uint32_t exact_count_ = 0;
  // Estimating phase (non-null once switched).
  std::unique_ptr<uint8_t[]> registers_;
};

}  // namespace stockroom
