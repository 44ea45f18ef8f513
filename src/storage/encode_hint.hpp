#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace stockroom {

// How a column's blocks are to be encoded: what its ENCODE hint (Redshift's column
// attribute, recorded in the catalog) asks for. The default is the automatic choice.
struct ColumnEncodingOptions {
  enum class Values : uint8_t {
    kAuto,              // the smallest of the encodings that apply, constant forms included
    kRaw,               // the values unencoded
    kRunLength,         // integers: run length; strings: a dictionary with run-length codes
    kDictionary,        // strings: a dictionary
    kDelta,             // integers (dates, timestamps): deltas, bit-packed
    kFrameOfReference,  // integers: frame of reference + bit packing
  };
  enum class Compression : uint8_t {
    kAuto,  // zstd when it saves a tenth of a block of 256 bytes or more
    kNone,
    kZstd,  // whenever it makes the block smaller
    kLz4,   // whenever it makes the block smaller
  };
  Values values = Values::kAuto;
  Compression compression = Compression::kAuto;
};

// The options an ENCODE hint (lower case) asks for, or nullopt when it names no encoding
// Redshift or Stockroom knows. An encoding that does not apply to a column's type (delta
// on text) falls back to the automatic choice when the column is encoded.
std::optional<ColumnEncodingOptions> ParseEncodeHint(std::string_view hint);

}  // namespace stockroom
