#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace stockroom {

// Decodes the UTF-8 sequence at text[pos] into *cp and returns its length; an invalid byte
// decodes as itself with length 1, so any byte string can be measured.
size_t DecodeUtf8(std::string_view text, size_t pos, uint32_t* cp);

// Returns the terminal columns a code point occupies: 2 for East Asian wide characters, 0
// for combining marks, -1 for control characters (callers decide how to show those).
int CodepointWidth(uint32_t cp);

// Returns the terminal columns `text` occupies, counting control characters as 1.
int DisplayWidth(std::string_view text);

}  // namespace stockroom
