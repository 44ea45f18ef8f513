#pragma once

#include <cstdint>
#include <string_view>

namespace stockroom {

// Computes the MD5 digest (RFC 1321) of `data` into `digest`.
void Md5(std::string_view data, uint8_t digest[16]);

// Writes the digest of `data` as 32 lower-case hex digits to `out`, as PostgreSQL's md5()
// returns it.
void Md5Hex(std::string_view data, char out[32]);

}  // namespace stockroom
