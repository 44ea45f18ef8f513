#include "storage/encode_hint.hpp"

namespace stockroom {

std::optional<ColumnEncodingOptions> ParseEncodeHint(std::string_view hint) {
  using Values = ColumnEncodingOptions::Values;
  using Compression = ColumnEncodingOptions::Compression;
  ColumnEncodingOptions options;
  if (hint.empty() || hint == "auto" || hint == "az64") return options;
  if (hint == "raw") return ColumnEncodingOptions{Values::kRaw, Compression::kNone};
  if (hint == "runlength") return ColumnEncodingOptions{Values::kRunLength, Compression::kAuto};
  // Redshift's word dictionaries of text255 / text32k are, here, dictionaries of values.
  if (hint == "bytedict" || hint == "text255" || hint == "text32k") {
    return ColumnEncodingOptions{Values::kDictionary, Compression::kAuto};
  }
  // delta32k's 2-byte deltas and delta's 1-byte ones are both bit-packed deltas here.
  if (hint == "delta" || hint == "delta32k") return ColumnEncodingOptions{Values::kDelta, Compression::kAuto};
  // mostlyN stores values that fit N bits narrow and the rest aside; bit packing from the
  // minimum is the nearest encoding.
  if (hint == "mostly8" || hint == "mostly16" || hint == "mostly32") {
    return ColumnEncodingOptions{Values::kFrameOfReference, Compression::kAuto};
  }
  if (hint == "zstd") return ColumnEncodingOptions{Values::kAuto, Compression::kZstd};
  // LZO is not packaged for the engine; lz4 is the same kind of fast LZ77 compressor.
  if (hint == "lz4" || hint == "lzo") return ColumnEncodingOptions{Values::kAuto, Compression::kLz4};
  return std::nullopt;
}

}  // namespace stockroom
