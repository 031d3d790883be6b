// dondoc-bench-compile: how long each compile stage takes on a large generated plan, and at what
// memory cost; and the schedule against a bare CSR pass over the same graph.
//
//   dondoc-bench-compile                         # 1,000,000 tasks, generated into a temp folder
//   dondoc-bench-compile --tasks 100000 --runs 5
//   dondoc-bench-compile --dir /tmp/plan-1m      # an existing plan folder (kept)
//
// Stages as `dondoc check` runs them (engine/compile.cpp): parse (read, UTF-8 check, NFC, PEGTL),
// resolve, check, dates, occurrences, schedule. Parse to occurrences run once (each is a fresh
// process-wide allocation; their sum is the whole `check`); the schedule and the bare pass run
// --runs times (best and median). The bare pass is the floor for the schedule: one forward pull
// over merged predecessor rows and one backward pull over successor rows, in id order, with
// calendar-day durations and nothing else. Wall clock; peak memory is VmHWM. MB = 10^6 bytes.

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_util.hpp"
#include "dsl/parser.hpp"
#include "engine/check.hpp"
#include "engine/dates.hpp"
#include "engine/occurrences.hpp"
#include "engine/resolve.hpp"
#include "engine/schedule.hpp"

namespace {

using namespace dondoc::bench;
namespace dsl = dondoc::dsl;

void progress(std::string_view what) {
  fmt::print(stderr, "dondoc-bench-compile: {}\n", what);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dondoc-bench-compile — đo thời gian các bước biên dịch / times the compile stages on a large plan"};
  std::size_t tasks = 1'000'000, files = 16, runs = 5;
  std::uint64_t seed = 1;
  std::string dir;
  bool keep = false;
  app.add_option("--tasks", tasks, "generate a plan of this many tasks (default 1000000)");
  app.add_option("--files", files, "split the generated plan into this many files (default 16)");
  app.add_option("--seed", seed, "generator seed");
  app.add_option("--dir", dir, "use this plan folder (an existing one is used as is; a new one is generated there and kept)");
  app.add_flag("--keep", keep, "keep the generated plan");
  app.add_option("--runs", runs, "runs of the schedule and the bare pass (default 5)")->check(CLI::Range(1, 100));
  CLI11_PARSE(app, argc, argv);

  bool generated = false;
  fs::path folder = dondoc::bench::plan_folder(dir, tasks, files, seed, "dondoc-bench-compile", generated);
  std::uintmax_t bytes = 0;
  for (const auto& e : fs::recursive_directory_iterator(folder)) {
    if (e.is_regular_file()) bytes += e.file_size();
  }
  long base_kb = status_kb("VmRSS");

  dsl::SourceSet sources;
  dsl::Diagnostics diags;
  dsl::PlanSources parsed;
  std::optional<engine::Plan> plan;
  engine::Dates dates;
  engine::Occurrences occ;
  progress("parse");
  double t_parse = time_once([&] { parsed = dsl::load_plan(sources, {folder}, diags); });
  double c_parse = last_cpu;
  long parse_kb = status_kb("VmHWM");
  progress("resolve");
  double t_resolve = time_once([&] { plan = engine::resolve(parsed, diags); });
  double c_resolve = last_cpu;
  progress("check");
  double t_check = time_once([&] { engine::check(*plan, diags); });
  double c_check = last_cpu;
  std::size_t errors = diags.error_count(), warnings = diags.warning_count();
  progress("dates");
  double t_dates = time_once([&] { dates = engine::compute_dates(*plan, diags); });
  double c_dates = last_cpu;
  progress("occurrences");
  double t_occ = time_once([&] { occ = engine::expand_occurrences(*plan, dates); });
  double c_occ = last_cpu;
  progress("schedule");
  Timing sched, sched_cpu;
  engine::Schedule s;
  for (std::size_t r = 0; r < runs; ++r) {
    sched.seconds.push_back(time_once([&] { s = engine::compute_schedule(*plan, dates); }));
    sched_cpu.seconds.push_back(last_cpu);
  }
  long peak_kb = status_kb("VmHWM");

  // Where resolve's time goes: the interner alone, re-interning every string of the plan.
  progress("interner");
  std::size_t string_bytes = 0;
  double t_intern = time_once([&] {
    engine::Interner again;
    for (engine::StrId i = 0; i < plan->strings.size(); ++i) {
      string_bytes += plan->str(i).size();
      again.intern(plan->str(i));
    }
  });
  double t_find = time_once([&] {
    for (engine::StrId i = 0; i < plan->strings.size(); ++i) plan->strings.find(plan->str(i));
  });

  progress("bare pass");
  Bare b = bare_graph(*plan, dates);
  Timing bare, bare_cpu;
  for (std::size_t r = 0; r < runs; ++r) {
    bare.seconds.push_back(time_once([&] { bare_pass(b); }));
    bare_cpu.seconds.push_back(last_cpu);
  }

  std::size_t edges = b.pred.size(), critical = 0, scheduled = 0;
  for (engine::NodeId n = 0; n < plan->node_count(); ++n) {
    if (s.earliest_finish[n] != engine::kNoDay) ++scheduled;
    if (s.critical(n)) ++critical;
  }
  double whole = t_parse + t_resolve + t_check + t_dates + t_occ + sched.seconds.front();

  fmt::print("plan: {} ({:.1f} MB in {} files): {} tasks, {} events, {} duties, {} edges ({} depends, {} waits)\n", folder.string(),
             double(bytes) / 1e6, parsed.files.size(), plan->tasks.size(), plan->events.size(), plan->duties.size(), edges,
             plan->depends_on.targets.size(), plan->waits_for.targets.size());
  fmt::print("check found {} errors, {} warnings; {} occurrences; {} nodes scheduled, {} critical\n", errors, warnings, occ.items.size(),
             scheduled, critical);
  double whole_cpu = c_parse + c_resolve + c_check + c_dates + c_occ + sched_cpu.seconds.front();
  fmt::print("{:<14} {:>9} {:>9}\n", "stage", "wall s", "CPU s");
  fmt::print("{:<14} {:9.3f} {:9.3f}   ({:.1f} MB/s wall)\n", "parse", t_parse, c_parse, double(bytes) / 1e6 / t_parse);
  fmt::print("{:<14} {:9.3f} {:9.3f}\n", "resolve", t_resolve, c_resolve);
  fmt::print("{:<14} {:9.3f} {:9.3f}\n", "check", t_check, c_check);
  fmt::print("{:<14} {:9.3f} {:9.3f}\n", "dates", t_dates, c_dates);
  fmt::print("{:<14} {:9.3f} {:9.3f}\n", "occurrences", t_occ, c_occ);
  fmt::print("{:<14} {:9.3f} {:9.3f}   (first run; then best {:.3f} / median {:.3f} wall, best {:.3f} CPU, of {})\n", "schedule",
             sched.seconds.front(), sched_cpu.seconds.front(), sched.best(), sched.median(), sched_cpu.best(), runs);
  fmt::print("{:<14} {:9.3f} {:9.3f}   (whole check: parse to schedule, first runs)\n", "total", whole, whole_cpu);
  fmt::print("bare CSR forward+backward pass: best {:.4f} s, median {:.4f} s wall, best {:.4f} s CPU ({:.1f} ns/edge)\n", bare.best(),
             bare.median(), bare_cpu.best(), bare.best() * 1e9 / double(std::max<std::size_t>(edges, 1)));
  fmt::print("schedule / bare: {:.2f} (best wall), {:.2f} (median wall), {:.2f} (best CPU)\n", sched.best() / bare.best(),
             sched.median() / bare.median(), sched_cpu.best() / bare_cpu.best());
  fmt::print(
      "resolve: the plan holds {} distinct strings ({:.1f} MB); interning them all again takes {:.3f} s wall, finding each once {:.3f} s\n",
      plan->strings.size(), double(string_bytes) / 1e6, t_intern, t_find);
  fmt::print("memory: RSS before parse {:.0f} MB, peak after parse {:.0f} MB, peak after schedule (VmHWM) {:.0f} MB\n", mb_of(base_kb),
             mb_of(parse_kb), mb_of(peak_kb));
  if (generated && !keep && dir.empty()) fs::remove_all(folder);
  return errors ? 1 : 0;
}
