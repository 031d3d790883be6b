#include "cli/usage.hpp"

#include <fmt/format.h>

#include <string_view>
#include <vector>

#include "dsl/text.hpp"

namespace dondoc::cli {

std::optional<std::string> unknown_command(const CLI::App& app, int argc, const char* const* argv) {
  bool en = false;
  std::string_view first;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--lang" && i + 1 < argc) {
      en = std::string_view(argv[++i]) == "en";
    } else if (a.starts_with("--lang=")) {
      en = a.substr(7) == "en";
    } else if (first.empty() && !a.starts_with("-")) {
      first = a;
    }
  }
  if (first.empty()) return std::nullopt;
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == first) return std::nullopt;
    names.push_back(sub->get_name());
  }
  std::vector<std::string_view> views(names.begin(), names.end());
  std::string near = dsl::closest(first, views);
  std::string list = fmt::format("{}", fmt::join(names, ", "));
  if (en) {
    return fmt::format("dondoc: '{}' is not a command{}; the commands are: {}\n", first,
                       near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near), list);
  }
  return fmt::format("dondoc: không có lệnh '{}'{}; các lệnh là: {}\n", first,
                     near.empty() ? "" : fmt::format(" (có phải ý bạn là '{}'?)", near), list);
}

}  // namespace dondoc::cli
