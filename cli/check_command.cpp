#include <fmt/format.h>

#include <cstdio>
#include <filesystem>

#include "cli/commands.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"

namespace dondoc::cli {

namespace {
struct Counts {
  std::size_t tasks = 0, events = 0, duties = 0, indicators = 0, agencies = 0;
};

void count(const dsl::Decl& d, Counts& c) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, dsl::TaskDecl>) ++c.tasks;
        if constexpr (std::is_same_v<T, dsl::EventDecl>) ++c.events;
        if constexpr (std::is_same_v<T, dsl::DutyDecl>) ++c.duties;
        if constexpr (std::is_same_v<T, dsl::IndicatorDecl>) ++c.indicators;
        if constexpr (std::is_same_v<T, dsl::AgencyDecl>) ++c.agencies;
        if constexpr (std::is_same_v<T, dsl::SectionDecl>) {
          for (const auto& item : x.items) count(item, c);
        }
      },
      d);
}
}  // namespace

int run_check(const CheckOptions& options) {
  dsl::SourceSet sources;
  dsl::Diagnostics diags;
  std::vector<std::filesystem::path> paths(options.paths.begin(), options.paths.end());
  auto plan = dsl::load_plan(sources, paths, diags);

  std::string out = dsl::render_all(diags, options.lang);
  if (!diags.items().empty()) out += dsl::summary(diags, options.lang) + "\n";
  std::fputs(out.c_str(), stderr);
  if (diags.has_errors()) return 1;

  Counts c;
  for (const auto& f : plan.files) {
    for (const auto& d : f.decls) count(d, c);
  }
  if (options.lang == dsl::Lang::en) {
    std::printf("%s\n", fmt::format("ok: {} files, {} agencies, {} tasks, {} events, {} duties, {} indicators", plan.files.size(), c.agencies,
                                    c.tasks, c.events, c.duties, c.indicators)
                            .c_str());
  } else {
    std::printf("%s\n", fmt::format("không có lỗi: {} tệp, {} cơ quan, {} nhiệm vụ, {} sự kiện, {} nghĩa vụ, {} chỉ tiêu", plan.files.size(),
                                    c.agencies, c.tasks, c.events, c.duties, c.indicators)
                            .c_str());
  }
  return 0;
}

}  // namespace dondoc::cli
