#pragma once
// The compile stages run on one plan, as every command that needs a compiled plan runs them:
// parse → resolve (with the shared holiday calendar) → check → dates → occurrences → schedule,
// stopping after the first stage that reports errors.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"
#include "engine/dates.hpp"
#include "engine/occurrences.hpp"
#include "engine/plan.hpp"
#include "engine/schedule.hpp"

namespace dondoc::engine {

/// Where a plan's shared holiday calendar comes from.
struct CalendarChoice {
  std::string dir;    ///< `--calendar DIR`; empty: the default
  bool none = false;  ///< `--no-calendar`: only the plan's own `ngày nghỉ năm` declarations
};

/// The calendar folder a plan uses: `--calendar DIR` when given; else the folder `calendar` beside
/// the plan's folder (rules/calendar for rules/thanh-hoa-557), when it exists and is not the plan
/// itself; else none.
std::optional<std::filesystem::path> calendar_folder(const std::vector<std::filesystem::path>& plan_paths, const CalendarChoice& choice);

/// The plan's paths as messages name it: "rules/a.rules rules/b.rules".
std::string plan_paths_text(const std::vector<std::filesystem::path>& plan_paths);

struct CompiledPlan {
  std::vector<std::filesystem::path> paths;
  std::optional<std::filesystem::path> calendar;  ///< the shared calendar folder used
  dsl::SourceSet sources;                         ///< every file read, the plan's and the calendar's
  std::size_t file_count = 0;                     ///< the plan's own files (not the calendar's)
  dsl::Diagnostics diags;                         ///< sorted in file order, then line and column
  std::optional<Plan> plan;                       ///< set once resolve ran
  Dates dates;                                    ///< set when `ok()`
  Occurrences occurrences;
  Schedule schedule;
  std::jthread releasing;  ///< frees the syntax trees after resolve, beside the later stages

  bool ok() const { return plan && !diags.has_errors(); }
};

/// Runs the stages on the plan made of `paths` (one folder, or files). Never throws on bad input:
/// every problem is in `diags`.
std::unique_ptr<CompiledPlan> compile_plan(const std::vector<std::filesystem::path>& paths, const CalendarChoice& calendar);

}  // namespace dondoc::engine
