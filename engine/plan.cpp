#include "engine/plan.hpp"

#include <fmt/format.h>

namespace dondoc::engine {

StrId Interner::intern(std::string_view s) {
  if (auto it = index_.find(s); it != index_.end()) return it->second;
  auto id = static_cast<StrId>(strings_.size());
  strings_.emplace_back(s);
  index_.emplace(std::string_view(strings_.back()), id);
  return id;
}

StrId Interner::find(std::string_view s) const {
  auto it = index_.find(s);
  return it == index_.end() ? kNone : it->second;
}

Csr Csr::reversed() const {
  Csr r;
  std::size_t n = nodes();
  r.offsets.assign(n + 1, 0);
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

std::string show_date(dsl::Date d, dsl::Lang lang) {
  if (lang == dsl::Lang::en) return d.iso();
  return fmt::format("{:02}/{:02}/{}", d.d, d.m, d.y);
}

}  // namespace dondoc::engine
