#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "cli/commands.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"
#include "engine/check.hpp"
#include "engine/resolve.hpp"

namespace dondoc::cli {

namespace fs = std::filesystem;

namespace {
/// Every diagnostic of a run in file load order, then line and column; diagnostics at the same
/// place keep the order they were reported in.
dsl::Diagnostics sorted(const dsl::Diagnostics& diags, const dsl::SourceSet& sources) {
  std::unordered_map<const dsl::SourceFile*, std::size_t> order;
  for (const auto& f : sources.files()) order.emplace(&f, order.size() + 1);  // 0: not in a file
  auto rank = [&](const dsl::Location& l) {
    auto it = order.find(l.file);
    return std::tuple(it == order.end() ? std::size_t{0} : it->second, l.line, l.col);
  };
  std::vector<dsl::Diagnostic> items = diags.items();
  std::stable_sort(items.begin(), items.end(), [&](const auto& a, const auto& b) { return rank(a.loc) < rank(b.loc); });
  dsl::Diagnostics out;
  for (auto& d : items) out.add(std::move(d));
  return out;
}

bool has_direct_rules(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".rules") return true;
  }
  return false;
}

/// Which plans to check: the files named on the command line form one plan; a folder with
/// rule files of its own is one plan (with its subfolders); a folder without any is a
/// collection of plans, one per subfolder (so `dondoc check rules/` checks every plan).
void discover(const fs::path& dir, std::vector<std::vector<fs::path>>& plans) {
  if (has_direct_rules(dir)) {
    plans.push_back({dir});
    return;
  }
  std::vector<fs::path> subdirs;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_directory()) subdirs.push_back(e.path());
  }
  std::sort(subdirs.begin(), subdirs.end());
  for (const auto& s : subdirs) discover(s, plans);
}

std::string describe(const std::vector<fs::path>& plan) {
  std::string out;
  for (const auto& p : plan) out += (out.empty() ? "" : " ") + p.string();
  return out;
}
}  // namespace

int run_check(const CheckOptions& options) {
  std::vector<std::vector<fs::path>> plans;
  std::vector<fs::path> loose_files;
  for (const auto& arg : options.paths) {
    fs::path p(arg);
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::size_t before = plans.size();
      discover(p, plans);
      if (plans.size() == before) plans.push_back({p});  // an empty folder: let the loader say so
    } else {
      loose_files.push_back(p);
    }
  }
  if (!loose_files.empty()) plans.insert(plans.begin(), loose_files);

  bool errors = false;
  for (const auto& plan_paths : plans) {
    dsl::SourceSet sources;
    dsl::Diagnostics diags;
    // The stages, stopping after the first one that finds errors.
    auto plan = dsl::load_plan(sources, plan_paths, diags);
    if (plan.files.empty() && !diags.has_errors()) {
      diags.error(dsl::Location{}, dsl::Message{fmt::format("không có tệp .rules nào trong '{}'", describe(plan_paths)),
                                                fmt::format("no .rules file in '{}'", describe(plan_paths))});
    }
    std::optional<engine::Plan> compiled;
    if (!diags.has_errors()) compiled = engine::resolve(plan, diags);
    if (!diags.has_errors()) engine::check(*compiled, diags);
    diags = sorted(diags, sources);

    std::string out = dsl::render_all(diags, options.lang);
    if (!diags.items().empty()) out += fmt::format("{}: {}\n", describe(plan_paths), dsl::summary(diags, options.lang));
    std::fputs(out.c_str(), stderr);
    if (diags.has_errors()) {
      errors = true;
      continue;
    }
    const engine::Plan& c = *compiled;
    if (options.lang == dsl::Lang::en) {
      std::printf("%s\n",
                  fmt::format("{}: ok: {} files, {} agencies, {} tasks, {} events, {} duties, {} indicators", describe(plan_paths),
                              plan.files.size(), c.agencies.size(), c.tasks.size(), c.events.size(), c.duties.size(), c.indicators.size())
                      .c_str());
    } else {
      std::printf("%s\n", fmt::format("{}: không có lỗi: {} tệp, {} cơ quan, {} nhiệm vụ, {} sự kiện, {} nghĩa vụ, {} chỉ tiêu",
                                      describe(plan_paths), plan.files.size(), c.agencies.size(), c.tasks.size(), c.events.size(),
                                      c.duties.size(), c.indicators.size())
                              .c_str());
    }
  }
  return errors ? 1 : 0;
}

}  // namespace dondoc::cli
