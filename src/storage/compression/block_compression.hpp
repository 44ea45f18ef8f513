#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace stockroom {

// The general-purpose layer over a column block's encoded values (docs/storage-format.md,
// "Column blocks"): zstd (level 1) or lz4 (its default, fastest mode). Compressed data is
// stored as uint32 uncompressed size, then the compressor's output.
enum class BlockCompression : uint8_t { kZstd, kLz4 };

// Appends the compressed form of `raw` to `out`; returns false (appending nothing) when
// `raw` is too large for the compressor or the format (4 GB and more).
bool CompressBlock(BlockCompression method, std::string_view raw, std::string& out);

// Decompresses what CompressBlock wrote (`size` bytes at `data`) into `out`. Throws XX001
// when it cannot be such data.
void DecompressBlock(BlockCompression method, const uint8_t* data, size_t size, std::string& out);

}  // namespace stockroom
