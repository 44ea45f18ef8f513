#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stockroom {

// Unicode simple case mapping and the alphanumeric class, as PostgreSQL applies them to a
// UTF8 database whose LC_CTYPE is C.UTF-8 (glibc's towlower/towupper/iswalnum, one code
// point to one code point; no special casing such as German sharp s to "SS"). Pure tables,
// independent of the process locale; thread-safe.
namespace unicode {

uint32_t ToLower(uint32_t cp);
uint32_t ToUpper(uint32_t cp);
// Returns whether iswalnum() holds: letters and digits of every script.
bool IsAlnum(uint32_t cp);

// Appends `s` converted to lower (upper) case to `out`; ASCII input takes a fast path.
void AppendLower(std::string_view s, std::string& out);
void AppendUpper(std::string_view s, std::string& out);

}  // namespace unicode
}  // namespace stockroom
