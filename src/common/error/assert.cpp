#include "common/error/assert.hpp"

namespace stockroom {

void FailInvariant(const char* file, int line, const std::string& what) {
  std::string message = what + " at " + file + ":" + std::to_string(line);
#ifdef SR_DEBUG
  std::fprintf(stderr, "stockroom: internal error: %s\n", message.c_str());
  std::abort();
#else
  throw InternalError(message);
#endif
}

}  // namespace stockroom
