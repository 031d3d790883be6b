// dondoc-bench-report: how long `dondoc report` takes — on the real plan and on a generated one.
//
//   dondoc-bench-report                                    # rules/thanh-hoa-557 and 100,000 generated tasks
//   dondoc-bench-report --real rules/thanh-hoa-557 --tasks 100000 --runs 5
//
// For each plan: compiling it (what every command does first), then, best and median of --runs,
// the evaluation at --at (no facts), building the report and rendering each format. The HTML is
// timed without the dependency graph's layout (Graphviz; `dondoc report` leaves the graph out of
// plans above 2,000 tasks, whose timeline is one bar per section). Wall seconds, and CPU seconds
// of the best run (a loaded machine inflates wall time).

#include <CLI/CLI.hpp>

#include "bench/bench_util.hpp"
#include "engine/compile.hpp"
#include "engine/evaluate.hpp"
#include "engine/report.hpp"

namespace {

using namespace dondoc::bench;
namespace dsl = dondoc::dsl;

struct Row {
  std::string what;
  Timing wall, cpu;
};

void print(const std::string& plan, const std::vector<Row>& rows) {
  for (const auto& r : rows) {
    fmt::print("{:<28} {:<24} best {:>9.2f} ms  median {:>9.2f} ms  (cpu {:>9.2f} ms)\n", plan, r.what, r.wall.best() * 1e3,
               r.wall.median() * 1e3, r.cpu.best() * 1e3);
  }
}

int measure(const std::string& name, const fs::path& folder, engine::CalendarChoice calendar, engine::Day at, std::size_t runs) {
  std::vector<Row> rows;
  std::unique_ptr<engine::CompiledPlan> compiled;
  Row compile{"compile", {}, {}};
  for (std::size_t r = 0; r < runs; ++r) {
    compile.wall.seconds.push_back(time_once([&] { compiled = engine::compile_plan({folder}, calendar); }));
    compile.cpu.seconds.push_back(last_cpu);
  }
  if (!compiled->ok()) {
    fmt::print(stderr, "{}", dsl::render_all(compiled->diags, dsl::Lang::en));
    return 1;
  }
  rows.push_back(compile);
  engine::Model model{*compiled->plan, compiled->dates, compiled->occurrences, compiled->schedule};
  engine::Evaluation e;
  engine::Report report;
  Row eval{"evaluate", {}, {}}, build{"build report", {}, {}};
  for (std::size_t r = 0; r < runs; ++r) {
    eval.wall.seconds.push_back(time_once([&] { e = engine::evaluate(model, {}, at); }));
    eval.cpu.seconds.push_back(last_cpu);
    build.wall.seconds.push_back(time_once([&] { report = engine::build_report(model, e, {}); }));
    build.cpu.seconds.push_back(last_cpu);
  }
  rows.push_back(eval);
  rows.push_back(build);
  engine::ReportInput in{model, e, report, dsl::Lang::vi};
  std::size_t bytes = 0;
  auto format = [&](const char* what, auto&& render) {
    Row row{what, {}, {}};
    for (std::size_t r = 0; r < runs; ++r) {
      row.wall.seconds.push_back(time_once([&] { bytes = render().size(); }));
      row.cpu.seconds.push_back(last_cpu);
    }
    row.what += fmt::format(" ({:.1f} MB)", bytes / 1e6);
    rows.push_back(row);
  };
  format("md", [&] { return engine::report_markdown(in); });
  format("csv", [&] { return engine::report_csv(in); });
  format("ics", [&] { return engine::report_ics(in); });
  format("svg", [&] { return engine::timeline_svg(in); });
  format("html", [&] { return engine::report_html(in, {}); });
  print(fmt::format("{} ({} tasks)", name, compiled->plan->tasks.size()), rows);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dondoc-bench-report — đo thời gian lập báo cáo / times dondoc report"};
  std::size_t tasks = 100'000, files = 4, runs = 5;
  std::uint64_t seed = 1;
  std::string real = "rules/thanh-hoa-557", dir, at_text = "2026-06-30", real_at_text = "2023-12-31";
  app.add_option("--real", real, "the real plan's folder (default rules/thanh-hoa-557); empty: skip");
  app.add_option("--real-at", real_at_text, "the real plan's report date (default 2023-12-31)");
  app.add_option("--tasks", tasks, "generate a plan of this many tasks (default 100000); 0: skip");
  app.add_option("--files", files, "split the generated plan into this many files (default 4)");
  app.add_option("--seed", seed, "generator seed");
  app.add_option("--dir", dir, "use this plan folder for the generated plan (generated there and kept when missing)");
  app.add_option("--at", at_text, "the generated plan's report date (default 2026-06-30)");
  app.add_option("--runs", runs, "runs of each step (default 5)")->check(CLI::Range(1, 100));
  CLI11_PARSE(app, argc, argv);
  if (!real.empty() && measure("real plan", real, engine::CalendarChoice{}, parse_day(real_at_text), runs) != 0) return 1;
  if (tasks == 0) return 0;
  bool generated = false;
  fs::path folder = plan_folder(dir, tasks, files, seed, "dondoc-bench-report", generated);
  int rc = measure("generated plan", folder, engine::CalendarChoice{"", true}, parse_day(at_text), runs);
  if (generated) fs::remove_all(folder);
  return rc;
}
