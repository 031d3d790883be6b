#include "engine/schedule.hpp"

#include "engine/node_input.hpp"

#include <algorithm>

namespace dondoc::engine {

namespace {
using namespace detail;

/// The predecessors of a node: its dependencies (tasks only), then what it waits for.
struct Preds {
  const Plan& p;
  NodeId tasks;
  std::span<const NodeId> deps(NodeId n) const { return n < tasks ? p.depends_on.of(n) : std::span<const NodeId>(); }
  std::span<const NodeId> waits(NodeId n) const { return p.waits_for.of(n); }
};

/// A topological order by depth-first search over predecessors, roots in id order: a node comes
/// right after the last of its predecessors still missing, so a plan declared in order keeps its
/// order (and its memory locality). `done(n)` is called as each node joins the order, when all its
/// predecessors have. Returns false when it meets a cycle.
template <typename Done>
bool depth_first_order(const Preds& g, NodeId nodes, std::vector<NodeId>& order, Done&& done) {
  enum : std::uint8_t { fresh, open, finished };
  std::vector<std::uint8_t> state(nodes, fresh);
  std::vector<std::pair<NodeId, std::uint32_t>> stack;
  bool acyclic = true;
  for (NodeId root = 0; root < nodes; ++root) {
    if (state[root] != fresh) continue;
    // Most nodes come after their predecessors in declaration order: no search needed. Every
    // node before the root is finished already (the stack is empty between roots).
    bool ready = true;
    for (NodeId p : g.deps(root)) ready &= p < root || state[p] == finished;
    for (NodeId p : g.waits(root)) ready &= p < root || state[p] == finished;
    if (ready) {
      state[root] = finished;
      order.push_back(root);
      done(root);
      continue;
    }
    state[root] = open;
    stack.emplace_back(root, 0);
    while (!stack.empty()) {
      auto& [n, next] = stack.back();
      auto deps = g.deps(n), waits = g.waits(n);
      std::uint32_t total = static_cast<std::uint32_t>(deps.size() + waits.size());
      bool pushed = false;
      while (next < total) {
        NodeId p = next < deps.size() ? deps[next] : waits[next - deps.size()];
        ++next;
        if (state[p] == fresh) {
          state[p] = open;
          stack.emplace_back(p, 0);  // invalidates n and next: re-read at the top
          pushed = true;
          break;
        }
        if (state[p] == open) acyclic = false;
      }
      if (pushed) continue;
      state[n] = finished;
      order.push_back(n);
      done(n);
      stack.pop_back();
    }
  }
  return acyclic;
}

/// Kahn's order, which leaves out every node on a cycle and everything after one.
void kahn_order(const Plan& p, const Preds& g, NodeId nodes, std::vector<NodeId>& order) {
  order.clear();
  std::vector<std::uint32_t> missing(nodes);
  for (NodeId n = 0; n < nodes; ++n) {
    missing[n] = static_cast<std::uint32_t>(g.deps(n).size() + g.waits(n).size());
    if (missing[n] == 0) order.push_back(n);
  }
  for (std::size_t i = 0; i < order.size(); ++i) {
    NodeId n = order[i];
    if (n < g.tasks) {
      for (NodeId d : p.dependents.of(n)) {
        if (--missing[d] == 0) order.push_back(d);
      }
    }
    for (NodeId w : p.wakes.of(n)) {
      if (--missing[w] == 0) order.push_back(w);
    }
  }
}
}  // namespace

namespace detail {
Input event_input(const Dates& dates, EventId e) {
  return Input{std::max(dates.plan_start, dates.event_expected[e])};
}

std::vector<Input> node_inputs(const Plan& plan, const Dates& dates) {
  std::vector<Input> in;
  in.reserve(plan.node_count());
  for (const Task& task : plan.tasks) in.push_back(task_input(task, dates));
  for (EventId e = 0; e < plan.events.size(); ++e) in.push_back(event_input(dates, e));
  return in;
}

}  // namespace detail

Schedule compute_schedule(const Plan& plan, const Dates& dates) {
  const auto tasks = static_cast<NodeId>(plan.tasks.size());
  const NodeId nodes = plan.node_count();
  const WorkingCalendar& cal = plan.calendar;
  const Day first_day = day_of(dsl::Date{1, 1, 1}), last_day = day_of(dsl::Date{9999, 12, 31});
  Schedule s;
  s.earliest_start.assign(nodes, kNoDay);
  s.earliest_finish.assign(nodes, kNoDay);
  s.latest_start.assign(nodes, kNever);
  s.latest_finish.assign(nodes, kNever);
  s.trigger.assign(nodes, kNoDay);
  s.deadline.assign(tasks, kNever);

  std::vector<Input> in = node_inputs(plan, dates);

  // Forward: a node pulls the day after the finish of what comes before it, as it joins the order
  // (its predecessors' rows are still in cache from the search).
  Preds g{plan, tasks};
  Day* ef = s.earliest_finish.data();
  auto place = [&](NodeId n) {
    std::uint8_t f = in[n].flags;
    if (f & kWaived) return;
    Day es = in[n].floor;
    for (NodeId p : g.deps(n)) es = std::max(es, ef[p] + 1);  // kNoDay + 1 (waived, unknown) stays below any date
    auto waits = g.waits(n);
    Day trig = kNoDay;  // the day after the trigger
    if (!(f & kAny)) {
      for (NodeId w : waits) trig = std::max(trig, ef[w] + 1);
    } else {
      Day first = kNever;
      for (NodeId w : waits) {
        if (ef[w] != kNoDay) first = std::min(first, ef[w] + 1);
      }
      if (first != kNever) trig = first;
    }
    if (trig > kNoDay + 1) {
      s.trigger[n] = trig - 1;
      es = std::max(es, (f & kImmediate) ? trig - 1 : trig);
    }
    if (es <= kNoDay + 1) return;  // no start known: no effective date and nothing before it
    es = std::min(es, last_day);   // dates stay in 0001–9999 whatever the chains add up to
    s.earliest_start[n] = es;
    ef[n] = std::min((f & (kWorking | kMonths)) ? finish_of(cal, es, f, in[n].span) : es + in[n].span, last_day);
  };
  s.order.reserve(nodes);
  if (!depth_first_order(g, nodes, s.order, place)) {
    // A cycle (check reports it): start again in Kahn's order, which leaves the cycle out.
    std::fill(s.earliest_start.begin(), s.earliest_start.end(), kNoDay);
    std::fill(s.earliest_finish.begin(), s.earliest_finish.end(), kNoDay);
    std::fill(s.trigger.begin(), s.trigger.end(), kNoDay);
    kahn_order(plan, g, nodes, s.order);
    for (NodeId n : s.order) place(n);
  }

  // Backward: the latest finish is the deadline, and the day before the latest start of anything
  // that follows.
  Day* ls = s.latest_start.data();
  for (std::size_t i = s.order.size(); i-- > 0;) {
    NodeId n = s.order[i];
    std::uint8_t f = in[n].flags;
    if (f & kWaived) continue;
    Day own = kNever;  // a calendar deadline; one counted from the trigger binds only the task itself
    if (n < tasks) {
      if (dates.task_deadline[n] != kNoDay) {
        own = s.deadline[n] = dates.task_deadline[n];
      } else if ((f & kRelative) && s.trigger[n] != kNoDay) {
        s.deadline[n] = relative_deadline(cal, f, in[n].relative, s.trigger[n]);
      }
    }
    Day next = kNever;  // the earliest latest start of what follows
    if (n < tasks) {
      for (NodeId d : plan.dependents.of(n)) next = std::min(next, ls[d]);
    }
    for (NodeId w : plan.wakes.of(n)) next = std::min(next, ls[w]);
    if (next != kNever) own = std::max(std::min(own, next - 1), first_day);
    s.latest_finish[n] = own;
    if (own == kNever) continue;
    ls[n] = std::max((f & (kWorking | kMonths)) ? start_of(cal, own, f, in[n].span) : own - in[n].span, first_day);
  }
  return s;
}

}  // namespace dondoc::engine
