#include "engine/memory.hpp"

#include <cstdint>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace dondoc::engine {

void prefer_huge_pages(const void* p, std::size_t bytes) {
#ifdef __linux__
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20, kPage = 4096;
  if (bytes < kHugePage) return;
  auto begin = reinterpret_cast<std::uintptr_t>(p);
  std::uintptr_t from = (begin + kPage - 1) & ~(kPage - 1), to = (begin + bytes) & ~(kPage - 1);
  if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

}  // namespace dondoc::engine
