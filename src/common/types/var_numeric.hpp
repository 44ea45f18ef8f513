#pragma once

#include <cstdint>

#include "common/types/int128.hpp"

namespace stockroom {

// A value of unconstrained `numeric`: an exact decimal with its own display scale, as
// PostgreSQL keeps one per value (1.5 and 2.25 print as written). value * 10^-scale.
// Exact to 38 significant digits; operations that need more fail with 22003.
struct alignas(16) VarNumeric {
  int128_t value = 0;
  int32_t scale = 0;
};

}  // namespace stockroom
