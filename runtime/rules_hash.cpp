#include "runtime/rules_hash.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "dsl/text.hpp"

namespace dondoc::runtime {

using dsl::fnv1a;

std::string hex16(std::uint64_t h) {
  return fmt::format("{:016x}", h);
}

std::string rules_hash(const dsl::SourceSet& sources, std::vector<RuleFile>* files) {
  std::size_t common = std::string::npos;
  const std::string* first = nullptr;
  for (const auto& f : sources.files()) {
    if (!first) {
      first = &f.path;
      common = f.path.rfind('/') == std::string::npos ? 0 : f.path.rfind('/') + 1;
      continue;
    }
    std::size_t n = 0;
    while (n < common && n < f.path.size() && f.path[n] == (*first)[n]) ++n;
    common = n;
  }
  if (first) common = first->substr(0, common).rfind('/') == std::string::npos ? 0 : first->substr(0, common).rfind('/') + 1;
  std::uint64_t h = fnv1a("dondoc rules");
  for (const auto& f : sources.files()) {
    h = fnv1a(std::string_view(f.path).substr(std::min(common, f.path.size())), h);
    h = fnv1a(std::string_view("\0", 1), h);
    h = fnv1a(f.text, h);
    h = fnv1a(std::string_view("\0", 1), h);
    if (files) files->push_back({f.path.substr(std::min(common, f.path.size())), hex16(fnv1a(f.text))});
  }
  return hex16(h);
}

}  // namespace dondoc::runtime
