#include "common/memory/bulk_allocation.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace stockroom {

std::shared_ptr<uint8_t[]> AllocateBulk(size_t bytes) {
  constexpr size_t kHugePage = 2u << 20;
  if (bytes < 2 * kHugePage) return std::shared_ptr<uint8_t[]>(new uint8_t[bytes > 0 ? bytes : 1]);
  size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (!p) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  ::madvise(p, rounded, MADV_HUGEPAGE);
#endif
  return std::shared_ptr<uint8_t[]>(static_cast<uint8_t*>(p), [](uint8_t* q) { std::free(q); });
}

}  // namespace stockroom
