#include "engine/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>

#include "engine/memory.hpp"

namespace dondoc::engine {

std::uint32_t Interner::hash(std::string_view s) {
  std::uint64_t h = std::hash<std::string_view>{}(s);
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

std::size_t Interner::slot_of(std::string_view s, std::uint32_t h) const {
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    std::uint64_t e = slots_[i];
    if (e == 0) return i;
    if (static_cast<std::uint32_t>(e >> 32) == h && text_at(static_cast<Place>(e) - 1) == s) return i;
  }
}

StrId Interner::find(std::string_view s) const {
  if (slots_.empty()) return kNone;
  std::uint64_t e = slots_[slot_of(s, hash(s))];
  return e == 0 ? kNone : id_at(static_cast<Place>(e) - 1);
}

template <class Each>
void Interner::staged(std::span<const std::string_view> in, Each&& each) const {
  constexpr std::size_t kGroup = 64;
  std::array<std::uint32_t, kGroup> h;
  for (std::size_t g = 0; g < in.size(); g += kGroup) {
    const std::size_t n = std::min(kGroup, in.size() - g);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = 0; i < n; ++i) {
      h[i] = hash(in[g + i]);
      __builtin_prefetch(&slots_[h[i] & mask]);
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (std::uint64_t e = slots_[h[i] & mask]; e != 0) __builtin_prefetch(at(static_cast<Place>(e) - 1));
    }
    for (std::size_t i = 0; i < n; ++i) each(g + i, h[i]);
  }
}

void Interner::find_all(std::span<const std::string_view> in, std::span<StrId> out) const {
  if (slots_.empty()) {
    std::fill(out.begin(), out.end(), kNone);
    return;
  }
  staged(in, [&](std::size_t i, std::uint32_t h) {
    std::uint64_t e = slots_[slot_of(in[i], h)];
    out[i] = e == 0 ? kNone : id_at(static_cast<Place>(e) - 1);
  });
}

void Interner::intern_all(std::span<const std::string_view> in, std::span<StrId> out) {
  reserve(places_.size() + in.size());  // the table does not grow (nor move) during the stages
  staged(in, [&](std::size_t i, std::uint32_t h) { out[i] = intern(in[i], h); });
}

StrId Interner::intern(std::string_view s) {
  if (places_.size() * 2 >= slots_.size()) grow();  // at most half full: short probes
  return intern(s, hash(s));
}

StrId Interner::intern(std::string_view s, std::uint32_t h) {
  std::size_t i = slot_of(s, h);
  if (slots_[i] != 0) return id_at(static_cast<Place>(slots_[i]) - 1);
  auto id = static_cast<StrId>(places_.size());
  Place p = store(s, id);
  places_.push_back(p);
  slots_[i] = (std::uint64_t{h} << 32) | (std::uint64_t{p} + 1);
  return id;
}

char* Interner::new_block(std::size_t size) {
  if (blocks_.size() >= kMaxBlocks) throw std::length_error("dondoc: the plan's strings exceed what the interner can hold");
  blocks_.push_back(std::make_unique<char[]>(size));
  return blocks_.back().get();
}

Interner::Place Interner::store(std::string_view s, StrId id) {
  constexpr std::size_t kBlock = std::size_t{1} << kOffsetBits;
  if (s.size() > UINT32_MAX - kHeader) throw std::length_error("dondoc: a string of the plan is longer than 4 GB");
  std::size_t need = kHeader + s.size();
  auto size = static_cast<std::uint32_t>(s.size());
  char* p;
  Place place;
  if (need > free_size_ && need > kBlock / 4) {  // a long text gets a block of its own; the open one stays open
    p = new_block(need);
    place = static_cast<Place>((blocks_.size() - 1) << kOffsetBits);
  } else {
    if (need > free_size_) {
      free_ = new_block(kBlock);
      free_size_ = kBlock;
      open_block_ = blocks_.size() - 1;
    }
    p = free_;
    place = static_cast<Place>((open_block_ << kOffsetBits) | static_cast<std::size_t>(free_ - blocks_[open_block_].get()));
    free_ += need;
    free_size_ -= need;
  }
  std::memcpy(p, &id, 4);
  std::memcpy(p + 4, &size, 4);
  if (!s.empty()) std::memcpy(p + kHeader, s.data(), s.size());
  return place;
}

void Interner::reserve(std::size_t strings) {
  reserve_huge(places_, strings);
  std::size_t want = std::max<std::size_t>(slots_.size(), 1024);
  while (want <= strings * 2) want *= 2;
  if (want > slots_.size()) rehash(want);
}

void Interner::grow() {
  rehash(slots_.empty() ? 1024 : slots_.size() * 2);
}

void Interner::rehash(std::size_t slots) {
  std::vector<std::uint64_t> old = std::move(slots_);
  slots_ = {};
  reserve_huge(slots_, slots);  // the table is read at random: huge pages spare most TLB misses
  slots_.resize(slots, 0);
  std::size_t mask = slots_.size() - 1;
  for (std::uint64_t e : old) {
    if (e == 0) continue;
    std::size_t i = static_cast<std::uint32_t>(e >> 32) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = e;
  }
}

Csr Csr::reversed() const {
  Csr r;
  std::size_t n = nodes();
  reserve_huge(r.offsets, n + 1);
  r.offsets.assign(n + 1, 0);
  reserve_huge(r.targets, targets.size());
  for (auto t : targets) ++r.offsets[t + 1];
  for (std::size_t i = 0; i < n; ++i) r.offsets[i + 1] += r.offsets[i];
  r.targets.resize(targets.size());
  std::vector<std::uint32_t> fill(r.offsets.begin(), r.offsets.end() - 1);
  for (std::uint32_t from = 0; from < n; ++from) {
    for (auto to : of(from)) r.targets[fill[to]++] = from;
  }
  return r;
}

Symbol Plan::find(std::string_view id) const {
  StrId s = strings.find(id);
  if (s == kNone || s >= symbols.size()) return {};
  return symbols[s];
}

std::vector<SectionId> Plan::section_path(SectionId innermost) const {
  std::vector<SectionId> path;
  for (SectionId s = innermost; s != kNone; s = sections[s].parent) path.insert(path.begin(), s);
  return path;
}

std::vector<AgencyId> Plan::holders(AgencyId a, dsl::Date day) const {
  std::vector<AgencyId> out;
  std::vector<AgencyId> todo{a};
  std::size_t guard = 0;  // a circle of successors (an error `check` reports) ends here
  while (!todo.empty() && guard++ < agencies.size() + 8) {
    AgencyId x = todo.front();
    todo.erase(todo.begin());
    const auto& end = agencies[x].ends;
    if (!end || day < end->on || end->successors.empty()) {
      if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
      continue;
    }
    todo.insert(todo.begin(), end->successors.begin(), end->successors.end());
  }
  return out;
}

std::string show_date(dsl::Date d, dsl::Lang lang) {
  if (lang == dsl::Lang::en) return d.iso();
  return fmt::format("{:02}/{:02}/{:04}", d.d, d.m, d.y);
}

}  // namespace dondoc::engine
