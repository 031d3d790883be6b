#pragma once
// Stage: report. The periodic report as provincial agencies write it ("Báo cáo tình hình thực
// hiện Kế hoạch …"), read off one Evaluation — the same one `dondoc status` prints, so every count
// agrees with it — and rendered for people and tools: Markdown, CSV (one row per task and report
// occurrence), iCalendar (deadlines and report dates), an SVG timeline, and one printable HTML page.
//
// The four categories (PRODUCT.md "Statuses") count the tasks that have started and have a
// deadline; waiting, standing and waived tasks are shown beside them. Completion rate = done /
// counted; late-completion rate = done late / done. A long-overdue task is overdue by more than
// `long_overdue_days` (120 by default). Rendering is deterministic: same inputs, same bytes.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/ast.hpp"
#include "engine/evaluate.hpp"

namespace dondoc::engine {

/// The reporting period that ends on the report date: its quarter, half-year or year.
enum class Period : std::uint8_t { all, quarter, half, year };

struct ReportOptions {
  Period period = Period::all;
  AgencyId agency = kNone;  ///< one agency's own report: the tasks it leads, its reports, its indicators
  int long_overdue_days = 120;
};

/// The four categories plus what stands beside them, for the whole plan or one agency.
struct Tally {
  std::array<std::uint32_t, 4> categories{};  ///< indexed by Category
  std::uint32_t waiting = 0, ongoing = 0, waived = 0, long_overdue = 0;

  std::uint32_t counted() const { return categories[0] + categories[1] + categories[2] + categories[3]; }
  std::uint32_t done() const { return categories[2] + categories[3]; }
};

struct AgencyTally {
  AgencyId agency = kNone;
  Tally tally;
};

/// A task behind time: overdue, or at risk because of something late upstream.
struct LateTask {
  TaskId task = kNone;
  std::int32_t days_late = 0;  ///< overdue: days past the deadline; at risk: 0
  std::vector<NodeId> chain;   ///< what holds it back, nearest first, ending at the root cause
};

/// One round of a recurring report (one duty, year and period): who sent, who has not.
struct ReportRound {
  DutyId duty = kNone;
  int year = 0, period = 0;
  Day due = kNoDay;
  std::vector<std::uint32_t> on_time, late, missing, not_due;  ///< occurrence indices
};

struct Report {
  Day at = kNoDay;
  Day from = kNoDay;  ///< the period's first day (the plan's start for Period::all)
  ReportOptions options;
  std::vector<TaskId> tasks;  ///< in scope, plan order
  Tally total;                ///< over `tasks`; equals Evaluation::categories for the whole plan
  std::array<std::uint32_t, kStatusCount> counts{};
  std::vector<AgencyTally> agencies;  ///< lead agencies with tasks in scope, declaration order
  std::vector<LateTask> late;         ///< overdue (most days late first), then at risk
  std::vector<TaskId> waiting;        ///< tasks waiting on a trigger (Evaluation::waiting_on)
  std::vector<TaskId> done_in_period, due_in_period;
  std::vector<ReportRound> rounds;      ///< due on or before `at`, plus the next round of each duty
  std::vector<IndicatorId> indicators;  ///< in scope
};

Report build_report(const Model& model, const Evaluation& eval, const ReportOptions& options);

/// `quarter` | `half` | `year` (and `all`); nullopt for anything else.
std::optional<Period> period_from_name(std::string_view name);

/// What a renderer reads.
struct ReportInput {
  const Model& model;
  const Evaluation& eval;
  const Report& report;
  dsl::Lang lang = dsl::Lang::vi;
};

std::string report_markdown(const ReportInput& in);
/// One row per task and per report occurrence; UTF-8 with a byte-order mark, RFC 4180 quoting, CRLF.
std::string report_csv(const ReportInput& in);
/// RFC 5545: one all-day event per task deadline and per report occurrence in scope.
std::string report_ics(const ReportInput& in);
/// The timeline (Gantt) alone. Above `kTimelineBarLimit` tasks, one bar per section.
std::string timeline_svg(const ReportInput& in);
inline constexpr std::size_t kTimelineBarLimit = 2000;
/// One self-contained printable page; `graph_svg` (the dependency graph, may be empty) is inlined.
std::string report_html(const ReportInput& in, std::string_view graph_svg);

}  // namespace dondoc::engine
