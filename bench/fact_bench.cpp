// dondoc-bench-fact: what the daemon does with one new fact on a large plan, in-process and split
// into its two parts — the evaluator taking the fact in (`Evaluator::add`) and the escalator looking
// at what it changed (`Escalator::run` with the changes) — without the store, the log or the sink
// that `dondoc-bench-daemon` measures around them.
//
//   dondoc-bench-fact                                   # 100,000 tasks, 50 facts
//   dondoc-bench-fact --tasks 1000000 --facts 50
//   dondoc-bench-fact --dir /tmp/plan-100k             # an existing plan folder (kept)
//
// The facts are `done` on tasks the escalator urged on the day (as the daemon bench records them),
// in a shuffled order, then one on the task that holds back the most. The goal (issue 17): every
// fact under 100 ms at 1M tasks, under 20 ms at 100k. The figure beside it: the changed nodes,
// since a fact's work is bounded below by what it changes.

#include <CLI/CLI.hpp>
#include <random>

#include "bench/bench_compile.hpp"
#include "bench/bench_util.hpp"
#include "engine/compile.hpp"
#include "engine/escalate.hpp"
#include "engine/evaluate.hpp"

namespace {

using namespace dondoc::bench;
namespace dsl = dondoc::dsl;

double pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

/// The urged tasks of the day, shuffled, then the one holding back the most at the end.
std::vector<engine::TaskId> facts_to_record(const std::vector<engine::Escalation>& day, std::size_t count, std::uint64_t seed) {
  std::vector<engine::TaskId> urged;
  engine::TaskId widest = engine::kNone;
  std::size_t most = 0;
  for (const auto& e : day) {
    if (e.node == engine::kNone || e.kind == engine::EscalationKind::reminder) continue;
    if (std::find(urged.begin(), urged.end(), e.node) == urged.end()) urged.push_back(e.node);
    if (e.affected_count > most) most = e.affected_count, widest = e.node;
  }
  std::mt19937_64 rng(seed);
  std::shuffle(urged.begin(), urged.end(), rng);
  std::erase(urged, widest);
  urged.resize(std::min(urged.size(), count > 0 ? count - 1 : 0));
  if (widest != engine::kNone) urged.push_back(widest);
  return urged;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dondoc-bench-fact — đo thời gian tiếp nhận một sự việc / times one fact taken in"};
  std::size_t tasks = 100'000, files = 4, count = 50;
  std::uint64_t seed = 1;
  std::string dir, day_text = "2025-06-30";
  app.add_option("--tasks", tasks, "generate a plan of this many tasks (default 100000)");
  app.add_option("--files", files, "split the generated plan into this many files (default 4)");
  app.add_option("--seed", seed, "generator seed");
  app.add_option("--dir", dir, "use this plan folder (generated there and kept when missing)");
  app.add_option("--facts", count, "facts recorded one at a time (default 50)");
  app.add_option("--day", day_text, "the plan day (default 2025-06-30, a working day)");
  CLI11_PARSE(app, argc, argv);

  bool generated = false;
  fs::path folder = plan_folder(dir, tasks, files, seed, "dondoc-bench-fact", generated);
  auto compiled = compile_for_bench(folder, "dondoc-bench-fact");
  if (!compiled) return 1;
  const engine::Plan& plan = *compiled->plan;
  engine::Model model{plan, compiled->dates, compiled->occurrences, compiled->schedule};
  const engine::Day at = parse_day(day_text);

  fmt::print(stderr, "dondoc-bench-fact: the first day\n");
  engine::Evaluator evaluator(model, at);
  engine::Escalator escalator(model, dsl::Lang::vi);
  std::vector<engine::Escalation> first;
  const double first_s = time_once([&] { first = escalator.run(evaluator.evaluation(), evaluator.take_changes()); });
  const auto chosen = facts_to_record(first, count, seed);

  fmt::print(stderr, "dondoc-bench-fact: {} facts\n", chosen.size());
  std::vector<double> eval_s, escalate_s, total_s, cpu_s, eval_cpu;
  std::vector<std::size_t> changed;
  std::size_t messages = 0;
  for (engine::TaskId t : chosen) {
    engine::Fact f;
    f.kind = engine::FactKind::done;
    f.node = t;
    f.on = at;
    engine::Changes c;
    double e = time_once([&] {
      evaluator.add(f);
      c = evaluator.take_changes();
    });
    double cpu = last_cpu;
    std::vector<engine::Escalation> sent;
    double s = time_once([&] { sent = escalator.run(evaluator.evaluation(), c); });
    eval_s.push_back(e), escalate_s.push_back(s), total_s.push_back(e + s), cpu_s.push_back(cpu + last_cpu), eval_cpu.push_back(cpu);
    changed.push_back(c.nodes.size());
    messages += sent.size();
  }
  const std::size_t worst = static_cast<std::size_t>(std::max_element(total_s.begin(), total_s.end()) - total_s.begin());
  const double goal = plan.tasks.size() >= 1'000'000 ? 0.100 : 0.020;

  fmt::print("plan: {} tasks, {} events; day {}; the first day: {} messages in {:.2f} s\n", plan.tasks.size(), plan.events.size(), day_text,
             first.size(), first_s);
  fmt::print("one fact (evaluator + escalator), {} facts: p50 {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms (goal: every fact < {:.0f} ms)\n",
             total_s.size(), pct(total_s, 0.5) * 1e3, pct(total_s, 0.99) * 1e3, pct(total_s, 1.0) * 1e3, goal * 1e3);
  fmt::print("  evaluator: p50 {:.2f} ms, max {:.2f} ms; escalator: p50 {:.2f} ms, max {:.2f} ms; {} messages in all\n",
             pct(eval_s, 0.5) * 1e3, pct(eval_s, 1.0) * 1e3, pct(escalate_s, 0.5) * 1e3, pct(escalate_s, 1.0) * 1e3, messages);
  if (!total_s.empty()) {
    fmt::print(
        "  the slowest: {:.2f} ms ({:.2f} evaluator, {:.2f} escalator; {:.2f} ms CPU, {:.2f} of it the evaluator's), {} nodes changed "
        "({:.0f} ns per changed node)\n",
        total_s[worst] * 1e3, eval_s[worst] * 1e3, escalate_s[worst] * 1e3, cpu_s[worst] * 1e3, eval_cpu[worst] * 1e3, changed[worst],
        total_s[worst] * 1e9 / double(std::max<std::size_t>(1, changed[worst])));
  }
  if (generated && dir.empty()) fs::remove_all(folder);
  return 0;
}
