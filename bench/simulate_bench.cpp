// dondoc-bench-simulate: what `dondoc simulate` does day after day on a large generated plan, split
// into its parts — moving the evaluation to the next day, the escalator's run, rendering the
// messages as JSON lines — with how much of the plan each day actually changes.
//
//   dondoc-bench-simulate                                  # 100,000 tasks, 2024-01-01 … 2026-12-31
//   dondoc-bench-simulate --tasks 1000000 --from 2025-01-01 --to 2025-03-31
//   dondoc-bench-simulate --dir /tmp/plan-100k              # an existing plan folder (kept)
//
// The limit printed beside the figure is the bare CSR forward + backward pass over the same graph
// (dondoc-bench-compile's floor) once per day: a daily pass that visits every node cannot beat it,
// so a figure under it shows the day is incremental. Changed nodes: per day, the nodes whose
// projection, status, root cause or lateness differ from the day before — what an incremental
// day must touch at least. The goal (issue 17): 3 years of 100,000 tasks in under 5 s.

#include <CLI/CLI.hpp>

#include "bench/bench_compile.hpp"
#include "bench/bench_util.hpp"
#include "engine/compile.hpp"
#include "engine/escalate.hpp"
#include "engine/evaluate.hpp"

namespace {

using namespace dondoc::bench;
namespace dsl = dondoc::dsl;

/// Nodes whose state a person or the escalator would see change between two days.
std::size_t changed_nodes(const engine::Evaluation& a, const engine::Evaluation& b, std::size_t tasks) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < a.projected.size(); ++i) {
    bool c = a.projected[i] != b.projected[i] || a.root_cause[i] != b.root_cause[i] || a.late[i] != b.late[i] ||
             a.blocked_by[i] != b.blocked_by[i] || a.start[i] != b.start[i] || (i < tasks && a.status[i] != b.status[i]);
    n += c;
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dondoc-bench-simulate — đo thời gian chạy thử từng ngày / times simulate's daily pass"};
  std::size_t tasks = 100'000, files = 4;
  std::uint64_t seed = 1;
  std::string dir, from_text = "2024-01-01", to_text = "2026-12-31";
  app.add_option("--tasks", tasks, "generate a plan of this many tasks (default 100000)");
  app.add_option("--files", files, "split the generated plan into this many files (default 4)");
  app.add_option("--seed", seed, "generator seed");
  app.add_option("--dir", dir, "use this plan folder (generated there and kept when missing)");
  app.add_option("--from", from_text, "first day (default 2024-01-01)");
  app.add_option("--to", to_text, "last day (default 2026-12-31)");
  CLI11_PARSE(app, argc, argv);

  bool generated = false;
  fs::path folder = plan_folder(dir, tasks, files, seed, "dondoc-bench-simulate", generated);
  auto compiled = compile_for_bench(folder, "dondoc-bench-simulate");
  if (!compiled) return 1;
  const engine::Plan& plan = *compiled->plan;
  engine::Model model{plan, compiled->dates, compiled->occurrences, compiled->schedule};
  const engine::Day from = parse_day(from_text), to = parse_day(to_text);

  fmt::print(stderr, "dondoc-bench-simulate: {} days\n", to - from + 1);
  engine::Escalator escalator(model, dsl::Lang::vi);
  engine::Evaluator evaluator(model, from - 1);
  engine::Evaluation before = evaluator.evaluation();
  double evaluate_s = 0, escalate_s = 0, render_s = 0, compare_s = 0, cpu0 = cpu_now();
  double evaluate_cpu = 0, escalate_cpu = 0, render_cpu = 0, compare_cpu = 0;
  std::size_t bytes = 0, messages = 0, changed = 0, most_changed = 0;
  std::string out;
  const auto t0 = Clock::now();
  double first_day = 0;  // the first day catches up: every thread's current rung is new
  for (engine::Day d = from; d <= to; ++d) {
    if (d == from + 1) first_day = std::chrono::duration<double>(Clock::now() - t0).count() - compare_s;
    evaluate_s += time_once([&] { evaluator.set_date(d); });
    evaluate_cpu += last_cpu;
    const engine::Evaluation& eval = evaluator.evaluation();
    std::vector<engine::Escalation> day;
    escalate_s += time_once([&] { day = escalator.run(eval); });
    escalate_cpu += last_cpu;
    render_s += time_once([&] {
      for (const auto& e : day) out += engine::to_json(model, e) + "\n";
    });
    render_cpu += last_cpu;
    messages += day.size();
    bytes += out.size();
    out.clear();
    compare_s += time_once([&] {
      std::size_t c = changed_nodes(before, eval, plan.tasks.size());
      changed += c, most_changed = std::max(most_changed, c);
      before = eval;
    });
    compare_cpu += last_cpu;
  }
  const double total = std::chrono::duration<double>(Clock::now() - t0).count() - compare_s;
  const double cpu = cpu_now() - cpu0 - compare_cpu;

  Bare b = bare_graph(plan, compiled->dates);
  Timing bare;
  for (int r = 0; r < 5; ++r) bare.seconds.push_back(time_once([&] { bare_pass(b); }));
  const double days = double(to - from + 1), limit = bare.best() * days;

  fmt::print("plan: {} tasks, {} events, {} edges; {} … {} ({} days)\n", plan.tasks.size(), plan.events.size(), b.pred.size(), from_text,
             to_text, to - from + 1);
  fmt::print("simulate's daily pass: {:.2f} s wall, {:.2f} s CPU (goal < 5 s: {:.2f}× the goal)\n", total, cpu, total / 5.0);
  fmt::print("  the first day (catching up): {:.2f} s; each day after it: {:.2f} ms on average\n", first_day,
             (total - first_day) * 1e3 / std::max(1.0, days - 1));
  fmt::print("  evaluation moved a day: {:.2f} s wall, {:.2f} s CPU ({:.2f} ms/day CPU)\n", evaluate_s, evaluate_cpu,
             evaluate_cpu * 1e3 / days);
  fmt::print("  escalator:              {:.2f} s wall, {:.2f} s CPU ({:.2f} ms/day CPU)\n", escalate_s, escalate_cpu,
             escalate_cpu * 1e3 / days);
  fmt::print("  JSON lines:             {:.2f} s wall, {:.2f} s CPU; {} messages, {:.1f} MB\n", render_s, render_cpu, messages,
             double(bytes) / 1e6);
  fmt::print("limit: the bare CSR pass once a day: {:.4f} s × {:.0f} days = {:.2f} s; the daily pass is {:.2f}× it\n", bare.best(), days,
             limit, total / limit);
  fmt::print("changed nodes a day (of {}): mean {:.0f}, most {}\n", plan.node_count(), double(changed) / days, most_changed);
  if (generated && dir.empty()) fs::remove_all(folder);
  return 0;
}
