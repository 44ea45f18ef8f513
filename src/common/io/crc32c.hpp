#pragma once

#include <cstddef>
#include <cstdint>

namespace stockroom {

// CRC-32C (Castagnoli), the checksum of the data directory's files (docs/storage-format.md).
// Extends `crc` (0 to start) over `size` bytes: Crc32c(b, m, Crc32c(a, n)) checksums a then
// b. Uses the SSE4.2 instruction when the processor has it.
uint32_t Crc32c(const void* data, size_t size, uint32_t crc = 0);

// The same checksum computed a byte at a time from a table (the fallback; for tests).
uint32_t Crc32cPortable(const void* data, size_t size, uint32_t crc = 0);

}  // namespace stockroom
