#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <optional>

#include "cli/color.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"
#include "engine/compile.hpp"
#include "engine/explain.hpp"

namespace dondoc::cli {

namespace fs = std::filesystem;

namespace {
/// The last plan checked is not freed: the process ends right after, and the system takes all of
/// its memory back at once, where freeing a million-task plan and its syntax trees piece by piece
/// took about 0.3 s of a 5 s check. Held here, the plan is not a leak to a leak checker
/// (`volatile`: a pointer that is only ever written would otherwise be optimised away).
CompiledPlan* volatile kept_until_exit = nullptr;

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

}  // namespace

namespace {
/// Years as runs: "2020–2026", "2020–2022, 2024, 2026–2031".
std::string year_spans(const std::vector<int>& years) {
  std::string out;
  for (std::size_t i = 0; i < years.size();) {
    std::size_t j = i;
    while (j + 1 < years.size() && years[j + 1] == years[j] + 1) ++j;
    out += fmt::format("{}{}", out.empty() ? "" : ", ", years[i]);
    if (j > i) out += fmt::format("–{}", years[j]);
    i = j + 1;
  }
  return out;
}

bool g_progress_shown = false;
std::mutex g_progress_mutex;  // the files of a folder are parsed on several threads

/// A progress line on the terminal while a large plan is read (only when stderr is a TTY).
void show_progress(const std::string& path, std::size_t done, std::size_t total) {
  if (total < (8u << 20)) return;  // small files are read in a blink
  std::lock_guard lock(g_progress_mutex);
  std::fprintf(stderr, "\r\033[K%s: %zu%% (%zu/%zu MB)", path.c_str(), total ? done * 100 / total : 100, done >> 20, total >> 20);
  std::fflush(stderr);
  g_progress_shown = true;
}

void clear_progress() {
  if (g_progress_shown) std::fputs("\r\033[K", stderr);
  g_progress_shown = false;
}
}  // namespace

int run_check(const CheckOptions& options) {
  if (!options.diff.empty()) return run_check_diff(options);
  if (options.paths.empty()) {
    std::fputs(options.lang == dsl::Lang::en ? "dondoc check: give the plan's folder or files (or --diff OLD NEW)\n"
                                             : "dondoc check: cần thư mục hoặc tệp của kế hoạch (hoặc --diff CŨ MỚI)\n",
               stderr);
    return 2;
  }
  if (isatty(fileno(stderr))) dsl::set_parse_progress(&show_progress);
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

  bool errors = false, explained = false;
  std::unique_ptr<CompiledPlan> compiled;
  for (const auto& plan_paths : plans) {
    compiled.reset();  // the plan before, freed before the next is read
    compiled = compile_plan(plan_paths, options.calendar);
    clear_progress();
    const dsl::Diagnostics& diags = compiled->diags;
    std::string out = dsl::render_all(diags, options.lang);
    if (!diags.items().empty()) out += fmt::format("{}: {}\n", engine::plan_paths_text(plan_paths), dsl::summary(diags, options.lang));
    std::fputs(Palette::for_stream(stderr).diagnostics(out).c_str(), stderr);
    if (!compiled->ok()) {
      errors = true;
      continue;
    }
    const engine::Plan& c = *compiled->plan;
    std::string calendar;
    if (const auto& years = c.calendar.years(); !years.empty()) {
      std::string span = year_spans(years);
      if (const auto& official = c.calendar.official_years(); !official.empty()) {
        span += fmt::format(", {} {}", options.lang == dsl::Lang::en ? "official" : "chính thức", year_spans(official));
      }
      calendar = compiled->calendar
                     ? fmt::format(", {} {} ({})", options.lang == dsl::Lang::en ? "calendar" : "lịch", compiled->calendar->string(), span)
                     : fmt::format(", {} {}", options.lang == dsl::Lang::en ? "holidays" : "ngày nghỉ", span);
    }
    std::string said;
    if (options.lang == dsl::Lang::en) {
      said = fmt::format("{}: ok: {} files, {} agencies, {} tasks, {} events, {} duties, {} indicators{}",
                         engine::plan_paths_text(plan_paths), compiled->file_count, c.agencies.size(), c.tasks.size(), c.events.size(),
                         c.duties.size(), c.indicators.size(), calendar);
    } else {
      said = fmt::format("{}: không có lỗi: {} tệp, {} cơ quan, {} nhiệm vụ, {} sự kiện, {} nghĩa vụ, {} chỉ tiêu{}",
                         engine::plan_paths_text(plan_paths), compiled->file_count, c.agencies.size(), c.tasks.size(), c.events.size(),
                         c.duties.size(), c.indicators.size(), calendar);
    }
    said += "\n";
    if (!options.explain.empty()) {
      engine::Symbol sym = c.find(options.explain);
      if (sym.kind == engine::Kind::task) {
        said += "\n" + engine::explain_task(c, compiled->dates, compiled->schedule, sym.index, options.lang);
        explained = true;
      }
    }
    if (!write_output("", said, options.lang)) return 1;
  }
  kept_until_exit = compiled.release();
  if (!options.explain.empty() && !explained && !errors) {
    std::fputs((options.lang == dsl::Lang::en ? fmt::format("dondoc: no task has the id '{}'\n", options.explain)
                                              : fmt::format("dondoc: không có nhiệm vụ nào mang mã '{}'\n", options.explain))
                   .c_str(),
               stderr);
    return 1;
  }
  return errors ? 1 : 0;
}

}  // namespace dondoc::cli
