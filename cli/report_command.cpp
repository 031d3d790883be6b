// `dondoc report`: the periodic report of a plan on a date, from the same evaluation as `dondoc
// status` (so the counts agree), as Markdown, CSV, iCalendar, an SVG timeline or one HTML page.

#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/output.hpp"
#include "engine/draw.hpp"
#include "engine/evaluate.hpp"
#include "engine/report.hpp"

namespace dondoc::cli {

namespace {

void say_error(dsl::Lang lang, const std::string& vi, const std::string& en) {
  std::fputs(fmt::format("dondoc: {}\n", lang == dsl::Lang::en ? en : vi).c_str(), stderr);
}

/// The dependency graph as SVG for the HTML page, coloured by status; empty for a plan too large to
/// lay out in reasonable time (the timeline groups it by section then, too).
std::string graph_picture(const engine::CompiledPlan& c, const engine::Evaluation& e, dsl::Lang lang) {
  if (c.plan->tasks.size() > engine::kTimelineBarLimit) return {};
  engine::DrawInput in{*c.plan, c.dates, c.occurrences, c.schedule, lang, &e};
  std::string error;
  std::string svg = render_svg(engine::to_dot(in), error);
  if (svg.empty()) say_error(lang, fmt::format("không vẽ được sơ đồ: {}", error), fmt::format("no graph picture: {}", error));
  return svg;
}

}  // namespace

int run_report(const ReportOptions& options) {
  dsl::Lang lang = options.lang;
  auto at = parse_date_arg(options.at);
  if (!at) {
    say_error(lang, fmt::format("--at '{}' không phải ngày (YYYY-MM-DD hoặc dd/mm/yyyy)", options.at),
              fmt::format("--at '{}' is not a date (YYYY-MM-DD or dd/mm/yyyy)", options.at));
    return 2;
  }
  auto period = engine::period_from_name(options.period);
  if (!period) {
    say_error(lang, fmt::format("--period '{}': chọn quarter, half, year hoặc all", options.period),
              fmt::format("--period '{}': choose quarter, half, year or all", options.period));
    return 2;
  }
  std::vector<std::filesystem::path> paths(options.paths.begin(), options.paths.end());
  auto compiled = compile_plan(paths, options.calendar);
  engine::Facts facts;
  if (compiled->ok()) facts = load_facts(*compiled, options.facts);
  std::fputs(relevant_diagnostics(compiled->diags, lang).c_str(), stderr);
  if (!compiled->ok()) return 1;
  engine::ReportOptions ro{*period, engine::kNone, options.long_overdue_days};
  if (!options.agency.empty()) {
    std::string near;
    ro.agency = find_agency(*compiled->plan, options.agency, near);
    if (ro.agency == engine::kNone) {
      say_error(lang,
                fmt::format("--agency: không có đơn vị '{}' trong kế hoạch{}", options.agency,
                            near.empty() ? "" : fmt::format(" (có phải '{}'?)", near)),
                fmt::format("--agency: the plan has no agency '{}'{}", options.agency,
                            near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near)));
      return 1;
    }
  }
  engine::Model model{*compiled->plan, compiled->dates, compiled->occurrences, compiled->schedule};
  engine::Evaluation e = engine::evaluate(model, facts, *at);
  engine::Report report = engine::build_report(model, e, ro);
  engine::ReportInput in{model, e, report, lang};
  std::string text;
  if (options.format == "csv") {
    text = engine::report_csv(in);
  } else if (options.format == "ics") {
    text = engine::report_ics(in);
  } else if (options.format == "svg") {
    text = engine::timeline_svg(in);
  } else if (options.format == "html") {
    text = engine::report_html(in, graph_picture(*compiled, e, lang));
  } else {
    text = engine::report_markdown(in);
  }
  return write_output(options.output, text, lang) ? 0 : 1;
}

}  // namespace dondoc::cli
