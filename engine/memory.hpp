#pragma once
// Memory hints for the plan's large arrays.

#include <cstddef>
#include <initializer_list>
#include <vector>

namespace dondoc::engine {

/// Asks the kernel to back [p, p + bytes) with huge pages when it is first touched (Linux
/// transparent huge pages, which Debian enables for ranges that ask). A no-op for ranges under
/// 2 MB and off Linux; a hint only, so a refusal changes nothing. On a million-task plan the
/// arrays then cost tens of page faults instead of tens of thousands, and random lookups into them
/// (the interner's table, the symbols) miss the TLB far less, which matters most in a VM.
void prefer_huge_pages(const void* p, std::size_t bytes);

/// Has the kernel back [p, p + bytes) with memory now (zeroed pages, as a first write would),
/// without touching its contents: a thread with nothing else to do pays for the page faults that
/// the thread about to fill the range would otherwise take. A hint only: a refusal (a kernel
/// before 5.14, not Linux) changes nothing.
void populate(const void* p, std::size_t bytes);

/// The room a vector has reserved, for populate_together.
struct Reserved {
  const void* data;
  std::size_t bytes;
};
template <class T>
Reserved reserved(const std::vector<T>& v) {
  return {v.data(), v.capacity() * sizeof(T)};
}

/// populate() for ranges that another thread fills together from their starts (element i of
/// each at about the same time): front to back, a sixty-fourth of each in turn, so that this
/// thread stays ahead of the one filling them instead of meeting it in the middle.
void populate_together(std::initializer_list<Reserved> ranges);

/// Reserves room for `n` elements and prefers huge pages for it (before anything is written).
template <class T>
void reserve_huge(std::vector<T>& v, std::size_t n) {
  v.reserve(n);
  prefer_huge_pages(v.data(), v.capacity() * sizeof(T));
}

}  // namespace dondoc::engine
