#pragma once

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "common/error/exception.hpp"

namespace stockroom {

// Reports a failed internal invariant: aborts in debug and sanitizer builds (so the bug
// cannot hide as "query failed"), throws InternalError in release builds.
[[noreturn]] void FailInvariant(const char* file, int line, const std::string& what);

}  // namespace stockroom

// SR_CHECK: always on, for cheap invariants. SR_DCHECK: debug builds only, for hot loops.
#define SR_CHECK(cond)                                                  \
  do {                                                                  \
    if (__builtin_expect(!(cond), 0)) {                                 \
      ::stockroom::FailInvariant(__FILE__, __LINE__, "check failed: " #cond); \
    }                                                                   \
  } while (0)

#define SR_CHECK_OP(a, op, b)                                                          \
  do {                                                                                 \
    const auto& sr_a_ = (a);                                                           \
    const auto& sr_b_ = (b);                                                           \
    if (__builtin_expect(!(sr_a_ op sr_b_), 0)) {                                      \
      std::ostringstream sr_os_;                                                       \
      sr_os_ << "check failed: " #a " " #op " " #b " (" << sr_a_ << " vs " << sr_b_ << ")"; \
      ::stockroom::FailInvariant(__FILE__, __LINE__, sr_os_.str());                    \
    }                                                                                  \
  } while (0)

#define SR_CHECK_EQ(a, b) SR_CHECK_OP(a, ==, b)
#define SR_CHECK_LT(a, b) SR_CHECK_OP(a, <, b)
#define SR_CHECK_LE(a, b) SR_CHECK_OP(a, <=, b)

#define SR_UNREACHABLE() ::stockroom::FailInvariant(__FILE__, __LINE__, "unreachable code reached")

#ifdef SR_DEBUG
#define SR_DCHECK(cond) SR_CHECK(cond)
#else
#define SR_DCHECK(cond) \
  do {                  \
  } while (0)
#endif
