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

void populate(const void* p, std::size_t bytes) {
#ifdef __linux__
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; older kernels say EINVAL, which changes nothing
#endif
  constexpr std::uintptr_t kChunk = std::uintptr_t{2} << 20, kPage = 4096;
  auto begin = reinterpret_cast<std::uintptr_t>(p);
  std::uintptr_t from = (begin + kPage - 1) & ~(kPage - 1), to = (begin + bytes) & ~(kPage - 1);
  // From the end back, by 2 MB: the thread that fills the range from its start meets few pages
  // that are being populated at the same moment.
  while (to > from) {
    std::uintptr_t chunk_from = to - from > kChunk ? to - kChunk : from;
    if (madvise(reinterpret_cast<void*>(chunk_from), to - chunk_from, MADV_POPULATE_WRITE) != 0) return;
    to = chunk_from;
  }
#else
  (void)p;
  (void)bytes;
#endif
}

}  // namespace dondoc::engine
