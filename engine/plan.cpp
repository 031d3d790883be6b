#include "engine/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>

#include "engine/memory.hpp"

namespace dondoc::engine {

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

std::string addressing_text(const Plan& p, const Addressing& a, dsl::Lang lang) {
  auto ids = [&](Span s) {
    std::string out;
    for (AgencyId x : p.agencies_of(s)) out += (out.empty() ? "" : ", ") + std::string(p.str(p.agencies[x].id));
    return out;
  };
  const bool en = lang == dsl::Lang::en;
  std::string out;
  if (a.to.size) {
    out = fmt::format("{} {}", en ? "to" : "gửi", ids(a.to));
    if (a.via != kNone) out += fmt::format(" {} {}", en ? "via" : "qua", p.str(p.agencies[a.via].id));
  }
  if (a.copy_to.size) out += fmt::format("{}{} {}", out.empty() ? "" : " · ", en ? "copy to" : "đồng gửi", ids(a.copy_to));
  return out;
}

}  // namespace dondoc::engine
