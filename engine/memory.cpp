#include "engine/memory.hpp"

#include <cstdint>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace dondoc::engine {

#ifdef __linux__
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; older kernels say EINVAL, which changes nothing
#endif

namespace {
/// madvise over the whole pages inside [p, p + bytes); a refusal changes nothing.
void advise_pages(const void* p, std::size_t bytes, int advice) {
  constexpr std::uintptr_t kPage = 4096;
  auto begin = reinterpret_cast<std::uintptr_t>(p);
  std::uintptr_t from = (begin + kPage - 1) & ~(kPage - 1), to = (begin + bytes) & ~(kPage - 1);
  if (to > from) madvise(reinterpret_cast<void*>(from), to - from, advice);
}
}  // namespace

void prefer_huge_pages(const void* p, std::size_t bytes) {
  if (bytes >= (std::size_t{2} << 20)) advise_pages(p, bytes, MADV_HUGEPAGE);
}

void populate(const void* p, std::size_t bytes) {
  advise_pages(p, bytes, MADV_POPULATE_WRITE);
}
#else
void prefer_huge_pages(const void*, std::size_t) {}
void populate(const void*, std::size_t) {}
#endif

void populate_together(std::initializer_list<Reserved> ranges) {
  constexpr std::size_t kSlices = 64, kPage = 4096;
  for (std::size_t k = 0; k < kSlices; ++k) {
    for (const Reserved& r : ranges) {
      // Slice ends on page boundaries (relative to the range), so that no page falls between two.
      auto base = reinterpret_cast<std::uintptr_t>(r.data);
      auto end_of = [&](std::size_t slice) {
        if (slice == kSlices) return base + r.bytes;
        return (base + r.bytes * slice / kSlices) & ~std::uintptr_t{kPage - 1};
      };
      std::uintptr_t from = k == 0 ? base : end_of(k), to = end_of(k + 1);
      if (to > from) populate(reinterpret_cast<const void*>(from), to - from);
    }
  }
}

}  // namespace dondoc::engine
