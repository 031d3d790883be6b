// dondoc-bench-evaluate: the evaluator on a large generated plan — a full evaluation against the
// bare CSR pass over the same graph, one fact applied incrementally, and the memory the graph and
// the state take per task beyond the text.
//
//   dondoc-bench-evaluate                        # 1,000,000 tasks, generated into a temp folder
//   dondoc-bench-evaluate --tasks 100000 --runs 5
//   dondoc-bench-evaluate --dir /tmp/plan-1m     # an existing plan folder (kept)
//
// Full evaluation: `engine::evaluate` at a date in the middle of the plan with no facts (every
// node's trigger, projection, cascade and status; every occurrence and indicator), best and
// median of --runs. The bare pass is the one of dondoc-bench-compile (forward + backward over
// plain CSR). Incremental: --facts `done` facts, one at a time through `Evaluator::add`, on tasks
// drawn at random among those with a local effect (at most 4 successors), each timed alone;
// median and p99. Memory: the bytes held by the compiled plan (without the text of its strings
// and without source locations' files) and by an Evaluator, counted from the containers' sizes,
// per task; and VmHWM. MB = 10^6 bytes.

#include <CLI/CLI.hpp>

#include <random>

#include "bench/bench_compile.hpp"
#include "bench/bench_util.hpp"
#include "engine/compile.hpp"
#include "engine/evaluate.hpp"

namespace {

using namespace dondoc::bench;
namespace dsl = dondoc::dsl;

template <typename T>
std::size_t bytes_of(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}
std::size_t bytes_of(const engine::Csr& c) {
  return bytes_of(c.offsets) + bytes_of(c.targets);
}

/// The graph: the plan's arrays, dates and schedule, without the text of strings.
std::size_t graph_bytes(const engine::Plan& p, const engine::Dates& d, const engine::Schedule& s, const engine::Occurrences& o) {
  std::size_t b = bytes_of(p.symbols) + bytes_of(p.agencies) + bytes_of(p.groups) + bytes_of(p.sections) + bytes_of(p.tasks) +
                  bytes_of(p.events) + bytes_of(p.duties) + bytes_of(p.indicators) + bytes_of(p.policies) + bytes_of(p.agency_pool) +
                  bytes_of(p.dues) + bytes_of(p.depends_on) + bytes_of(p.depends_loc) + bytes_of(p.dependents) + bytes_of(p.waits_for) +
                  bytes_of(p.waits_loc) + bytes_of(p.wakes);
  b += p.strings.size() * (sizeof(std::string_view) + 2 * sizeof(std::uint64_t));  // views and index slots (≤ 2 per string)
  b += bytes_of(d.dues) + bytes_of(d.task_deadline) + bytes_of(d.event_expected) + bytes_of(d.duty_window);
  b += bytes_of(s.earliest_start) + bytes_of(s.earliest_finish) + bytes_of(s.latest_start) + bytes_of(s.latest_finish) +
       bytes_of(s.deadline) + bytes_of(s.trigger) + bytes_of(s.order);
  b += bytes_of(o.items) + bytes_of(o.duty_begin);
  return b;
}

/// What the evaluator reads of the compiled plan: the four CSR graphs, deadlines, expected dates,
/// the topological order and the occurrences (its node inputs are counted with the state).
std::size_t evaluator_graph_bytes(const engine::Plan& p, const engine::Dates& d, const engine::Schedule& s, const engine::Occurrences& o) {
  return bytes_of(p.depends_on) + bytes_of(p.dependents) + bytes_of(p.waits_for) + bytes_of(p.wakes) + bytes_of(d.task_deadline) +
         bytes_of(d.event_expected) + bytes_of(s.order) + bytes_of(o.items) + bytes_of(o.duty_begin);
}

/// The state: the evaluation's arrays and the evaluator's index of facts.
std::size_t state_bytes(const engine::Evaluation& e, std::size_t nodes) {
  std::size_t b = bytes_of(e.status) + bytes_of(e.deadline) + bytes_of(e.start) + bytes_of(e.done) + bytes_of(e.projected) +
                  bytes_of(e.blocked_by) + bytes_of(e.root_cause) + e.late.capacity() / 8 + e.extended.capacity() / 8 +
                  bytes_of(e.occurrence_status) + bytes_of(e.occurrence_done) + bytes_of(e.indicator_state) + bytes_of(e.indicator_latest) +
                  bytes_of(e.indicator_expected);
  // The index (engine/evaluate.cpp): node inputs (16 B), task shape (1 B), topological position,
  // done fact, propagation stamp (4 B each) per node; waiver fact per task (4 B).
  b += nodes * (16 + 1 + 4 + 4 + 4 + 4);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dondoc-bench-evaluate — đo thời gian đánh giá trạng thái / times the evaluator on a large plan"};
  std::size_t tasks = 1'000'000, files = 16, runs = 5, facts = 2000;
  std::uint64_t seed = 1;
  std::string dir, at_text = "2026-06-30";
  app.add_option("--tasks", tasks, "generate a plan of this many tasks (default 1000000)");
  app.add_option("--files", files, "split the generated plan into this many files (default 16)");
  app.add_option("--seed", seed, "generator seed");
  app.add_option("--dir", dir, "use this plan folder (generated there and kept when missing)");
  app.add_option("--runs", runs, "runs of the full evaluation and the bare pass (default 5)")->check(CLI::Range(1, 100));
  app.add_option("--facts", facts, "facts applied one by one (default 2000)");
  app.add_option("--at", at_text, "the date evaluated (default 2026-06-30)");
  CLI11_PARSE(app, argc, argv);

  bool generated = false;
  fs::path folder = plan_folder(dir, tasks, files, seed, "dondoc-bench-evaluate", generated);
  auto compiled = compile_for_bench(folder, "dondoc-bench-evaluate");
  if (!compiled) return 1;
  const engine::Plan& plan = *compiled->plan;
  engine::Model model{plan, compiled->dates, compiled->occurrences, compiled->schedule};
  engine::Day at = parse_day(at_text);
  long compiled_kb = status_kb("VmHWM");

  fmt::print(stderr, "dondoc-bench-evaluate: full evaluation\n");
  Timing full, full_cpu;
  engine::Evaluation e;
  for (std::size_t r = 0; r < runs; ++r) {
    full.seconds.push_back(time_once([&] { e = engine::evaluate(model, {}, at); }));
    full_cpu.seconds.push_back(last_cpu);
  }
  // What a running daemon does each day: the same evaluator moved to another date (its index of
  // the plan and the facts is kept).
  engine::Evaluator daily(model, at);
  Timing redo, redo_cpu;
  for (std::size_t r = 0; r < runs; ++r) {
    redo.seconds.push_back(time_once([&] { daily.set_date(at + static_cast<engine::Day>(r % 2)); }));
    redo_cpu.seconds.push_back(last_cpu);
  }
  Bare b = bare_graph(plan, compiled->dates);
  Timing bare, bare_cpu;
  for (std::size_t r = 0; r < runs; ++r) {
    bare.seconds.push_back(time_once([&] { bare_pass(b); }));
    bare_cpu.seconds.push_back(last_cpu);
  }

  fmt::print(stderr, "dondoc-bench-evaluate: incremental facts\n");
  engine::Evaluator ev(model, at);
  std::vector<engine::TaskId> local;
  for (engine::TaskId t = 0; t < plan.tasks.size(); ++t) {
    if (plan.dependents.of(t).size() + plan.wakes.of(t).size() <= 4 && !plan.tasks[t].waived) local.push_back(t);
  }
  std::mt19937_64 rng(seed);
  std::shuffle(local.begin(), local.end(), rng);
  local.resize(std::min(local.size(), facts));
  Timing one;
  for (engine::TaskId t : local) {
    engine::Fact f;
    f.kind = engine::FactKind::done;
    f.node = t;
    f.on = at - static_cast<engine::Day>(rng() % 300);
    one.seconds.push_back(time_once([&] { ev.add(f); }));
  }
  auto sorted = one.seconds;
  std::sort(sorted.begin(), sorted.end());
  double p99 = sorted.empty() ? 0 : sorted[std::min(sorted.size() - 1, sorted.size() * 99 / 100)];
  // The same facts in a full evaluation must agree (the property test checks this on small plans).
  engine::Evaluation check = engine::evaluate(model, ev.facts(), at);
  bool agree = check.status == ev.evaluation().status && check.projected == ev.evaluation().projected;
  long peak_kb = status_kb("VmHWM");

  std::size_t nodes = plan.node_count();
  std::size_t g = graph_bytes(plan, compiled->dates, compiled->schedule, compiled->occurrences), s = state_bytes(e, nodes);
  fmt::print("plan: {} tasks, {} events, {} occurrences, {} edges; evaluated at {}\n", plan.tasks.size(), plan.events.size(),
             compiled->occurrences.items.size(), b.pred.size(), at_text);
  std::array<std::uint32_t, engine::kStatusCount> counts = e.counts;
  std::string by_status;
  for (int i = 0; i < engine::kStatusCount; ++i) {
    if (counts[i]) by_status += fmt::format(" {} {}", engine::status_name(static_cast<engine::Status>(i)), counts[i]);
  }
  fmt::print("statuses:{}\n", by_status);
  fmt::print("full evaluation from scratch (engine::evaluate): best {:.4f} s, median {:.4f} s wall, best {:.4f} s CPU (of {})\n",
             full.best(), full.median(), full_cpu.best(), runs);
  fmt::print("full re-evaluation at another date (Evaluator::set_date): best {:.4f} s, median {:.4f} s wall, best {:.4f} s CPU\n",
             redo.best(), redo.median(), redo_cpu.best());
  fmt::print("bare CSR forward+backward pass: best {:.4f} s, median {:.4f} s wall, best {:.4f} s CPU\n", bare.best(), bare.median(),
             bare_cpu.best());
  fmt::print(
      "evaluate / bare: {:.2f} (best wall), {:.2f} (median wall), {:.2f} (best CPU); set_date / bare: {:.2f} (best wall), "
      "{:.2f} (best CPU)\n",
      full.best() / bare.best(), full.median() / bare.median(), full_cpu.best() / bare_cpu.best(), redo.best() / bare.best(),
      redo_cpu.best() / bare_cpu.best());
  fmt::print(
      "one fact, incremental ({} facts on tasks with ≤ 4 successors): median {:.1f} µs, p99 {:.1f} µs, max {:.1f} µs; "
      "agrees with a full evaluation: {}\n",
      one.seconds.size(), one.median() * 1e6, p99 * 1e6, sorted.empty() ? 0.0 : sorted.back() * 1e6, agree ? "yes" : "NO");
  std::size_t eg = evaluator_graph_bytes(plan, compiled->dates, compiled->schedule, compiled->occurrences);
  double per = double(plan.tasks.size());
  fmt::print("memory beyond the text: the graph the evaluator reads {:.0f} B/task + its state {:.0f} B/task = {:.0f} B/task ({:.0f} MB)\n",
             double(eg) / per, double(s) / per, double(eg + s) / per, double(eg + s) / 1e6);
  fmt::print(
      "memory beyond the text: the whole compiled plan (titles' ids, locations, dues, schedule…) {:.0f} B/task; with the state "
      "{:.0f} B/task ({:.0f} MB)\n",
      double(g) / per, double(g + s) / per, double(g + s) / 1e6);
  fmt::print("memory: VmHWM after compile {:.0f} MB, at the end {:.0f} MB\n", mb_of(compiled_kb), mb_of(peak_kb));
  if (generated && dir.empty()) fs::remove_all(folder);
  return agree ? 0 : 1;
}
