#include "engine/compile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>
#include <tuple>
#include <unordered_map>

#include "engine/check.hpp"
#include "engine/resolve.hpp"

namespace dondoc::engine {

namespace fs = std::filesystem;

namespace {
/// Every diagnostic of a run in file load order, then line and column; diagnostics at the same
/// place keep the order they were reported in.
dsl::Diagnostics sorted(const dsl::Diagnostics& diags, const dsl::SourceSet& sources) {
  std::unordered_map<const dsl::SourceFile*, std::size_t> order;
  for (const auto& f : sources.files()) order.emplace(&f, order.size() + 1);  // 0: not in a file
  auto rank = [&](const dsl::Location& l) {
    auto it = order.find(l.file);
    // A message about a whole file (no line) comes after the located ones of that file.
    return std::tuple(it == order.end() ? std::size_t{0} : it->second, l.line ? l.line : UINT32_MAX, l.col);
  };
  std::vector<dsl::Diagnostic> items = diags.items();
  std::stable_sort(items.begin(), items.end(), [&](const auto& a, const auto& b) { return rank(a.loc) < rank(b.loc); });
  dsl::Diagnostics out;
  for (auto& d : items) out.add(std::move(d));
  return out;
}

bool same_folder(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  return fs::equivalent(a, b, ec) && !ec;
}
}  // namespace

std::string plan_paths_text(const std::vector<fs::path>& plan) {
  std::string out;
  for (const auto& p : plan) out += (out.empty() ? "" : " ") + p.string();
  return out;
}

std::optional<fs::path> calendar_folder(const std::vector<fs::path>& plan_paths, const CalendarChoice& choice) {
  if (choice.none) return std::nullopt;
  if (!choice.dir.empty()) return fs::path(choice.dir);
  if (plan_paths.empty()) return std::nullopt;
  std::error_code ec;
  fs::path plan = plan_paths.front().lexically_normal();
  if (!plan.has_filename()) plan = plan.parent_path();  // "rules/thanh-hoa-557/"
  fs::path folder = fs::is_directory(plan, ec) ? plan : plan.parent_path();
  if (folder.empty()) folder = ".";
  fs::path beside = (folder / "..").lexically_normal() / "calendar";
  if (!fs::is_directory(beside, ec)) return std::nullopt;
  // Checking the calendar folder itself, or a plan inside it: its holidays are already loaded.
  for (fs::path f = folder; !f.empty(); f = f.parent_path()) {
    if (same_folder(f, beside)) return std::nullopt;
    if (f == f.parent_path()) break;
  }
  return beside;
}

std::unique_ptr<CompiledPlan> compile_plan(const std::vector<fs::path>& paths, const CalendarChoice& calendar) {
  auto c = std::make_unique<CompiledPlan>();
  c->paths = paths;
  c->calendar = calendar_folder(paths, calendar);
  dsl::Diagnostics& diags = c->diags;
  // The syntax trees live only until resolve: the plan keeps what it needs (its locations point
  // into `sources`), and at a national scale the trees are the larger part of the memory.
  dsl::PlanSources parsed = dsl::load_plan(c->sources, paths, diags);
  c->file_count = parsed.files.size();
  if (parsed.files.empty() && !diags.has_errors()) {
    diags.error(dsl::Location{}, dsl::Message{fmt::format("không có tệp .rules nào trong '{}'", plan_paths_text(paths)),
                                              fmt::format("no .rules file in '{}'", plan_paths_text(paths))});
  }
  std::optional<engine::Plan> shared;
  if (c->calendar) {
    std::error_code ec;
    if (!fs::is_directory(*c->calendar, ec)) {
      diags.error(dsl::Location{}, dsl::Message{fmt::format("không tìm thấy thư mục lịch ngày nghỉ '{}'", c->calendar->string()),
                                                fmt::format("no calendar folder '{}'", c->calendar->string())});
    } else {
      dsl::PlanSources cal = dsl::load_plan(c->sources, {*c->calendar}, diags);
      if (!diags.has_errors()) shared = engine::resolve(cal, diags);
    }
  }
  // The stages, stopping after the first one that finds errors.
  if (!diags.has_errors()) {
    c->plan = engine::resolve(parsed, diags);
    if (shared) c->plan->calendar.add_missing_years(shared->calendar);
  }
  // Freeing a million-task tree (millions of small blocks) takes about half a second: do it on
  // the side while the remaining stages run; the destructor of CompiledPlan waits for it.
  try {
    c->releasing = std::jthread([trees = std::move(parsed)]() mutable { trees = {}; });
  } catch (const std::system_error&) {  // no thread to be had: the trees were freed here, with the lambda that held them
  }
  if (!diags.has_errors()) engine::check(*c->plan, diags);
  if (!diags.has_errors()) {
    c->dates = engine::compute_dates(*c->plan, diags);
    c->occurrences = engine::expand_occurrences(*c->plan, c->dates);
    c->schedule = engine::compute_schedule(*c->plan, c->dates);
  }
  diags = sorted(diags, c->sources);
  return c;
}

}  // namespace dondoc::engine
