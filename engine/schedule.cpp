#include "engine/schedule.hpp"

#include "engine/node_input.hpp"

#include <algorithm>

namespace dondoc::engine {

namespace {
using namespace detail;

/// The predecessors of a node: its dependencies (tasks only), then what it waits for. The rows are
/// held as raw pointers: through the Plan the compiler reloads them after every store of a pass.
struct Preds {
  const std::uint32_t *dep_off, *dep, *wait_off, *wait;
  NodeId tasks;
  explicit Preds(const Plan& p)
      : dep_off(p.depends_on.offsets.data()),
        dep(p.depends_on.targets.data()),
        wait_off(p.waits_for.offsets.data()),
        wait(p.waits_for.targets.data()),
        tasks(static_cast<NodeId>(p.tasks.size())) {}
  std::span<const NodeId> deps(NodeId n) const {
    return n < tasks ? std::span<const NodeId>(dep + dep_off[n], dep + dep_off[n + 1]) : std::span<const NodeId>();
  }
  std::span<const NodeId> waits(NodeId n) const { return {wait + wait_off[n], wait + wait_off[n + 1]}; }
};

enum : std::uint8_t { fresh, open, finished };

/// What the passes read of a node, packed: on a million tasks they are bound by what they read
/// from memory, and node_inputs' records are four times the size of what the backward pass needs.
/// Input::flags in the low byte, Input::span (≤ kMaxAmount, 19 bits) above; Input::floor is an
/// array of its own, and Input::relative waits in Schedule::deadline (see compute_schedule).
using Shape = std::uint32_t;
std::uint8_t flags_of(Shape x) {
  return static_cast<std::uint8_t>(x);
}
std::int32_t span_of(Shape x) {
  return static_cast<std::int32_t>((x >> 8) & 0x3FFFFF);
}
/// Above the span: the trigger has a lag (Plan::lag_of), which few tasks have.
constexpr Shape kLaggedShape = Shape{1} << 31;

/// The forward pass: a node's earliest start is the day after the finish of what comes before it.
struct Forward {
  const Preds& g;
  const Day* floor;
  const Shape* shape;
  const WorkingCalendar& cal;
  const Plan& plan;
  Day last_day;
  Day *es, *ef, *trigger, *deadline;

  /// Places n from its predecessors' finishes. kCheck: only those before n are known to be
  /// finished; `state` tells of the others, and if one is not, nothing is placed and the answer is
  /// false. The check rides on the same walk over the rows as the placing: in a plan declared in
  /// order it finds nothing, and a second walk would cost as much as the placing itself.
  template <bool kCheck>
  bool place(NodeId n, const std::uint8_t* state) const {
    const std::uint8_t f = flags_of(shape[n]);
    const auto deps = g.deps(n), waits = g.waits(n);
    bool later = false;  // a predecessor not before n: perhaps not placed yet
    Day start = floor[n];
    for (NodeId p : deps) {
      later |= p >= n;
      start = std::max(start, ef[p] + 1);  // kNoDay + 1 (waived, unknown) stays below any date
    }
    Day trig = kNoDay;  // the day after the trigger
    if (!(f & kAny)) {
      for (NodeId w : waits) {
        later |= w >= n;
        trig = std::max(trig, ef[w] + 1);
      }
    } else {
      Day first = kNever;
      for (NodeId w : waits) {
        later |= w >= n;
        if (ef[w] != kNoDay) first = std::min(first, ef[w] + 1);
      }
      if (first != kNever) trig = first;
    }
    if (kCheck && later) {
      for (NodeId p : deps) {
        if (p >= n && state[p] != finished) return false;
      }
      for (NodeId w : waits) {
        if (w >= n && state[w] != finished) return false;
      }
    }
    if (f & kWaived) return true;
    Day happened = kNoDay;  // the day the trigger counts as met
    if (trig > kNoDay + 1) {
      happened = trig - 1;
      if (shape[n] & kLaggedShape) happened = std::min(lagged(cal, *plan.lag_of(n), happened), last_day);
      trigger[n] = happened;
      start = std::max(start, (f & kImmediate) ? happened : happened + 1);
    }
    // The deadline counted from the trigger, now that the trigger is known: its amount waited in
    // the deadline's place.
    if (f & kRelative) deadline[n] = happened != kNoDay ? relative_deadline(cal, f, deadline[n], happened) : kNever;
    if (start <= kNoDay + 1) return true;  // no start known: no effective date and nothing before it
    start = std::min(start, last_day);     // dates stay in 0001–9999 whatever the chains add up to
    es[n] = start;
    const std::int32_t span = span_of(shape[n]);
    ef[n] = std::min((f & (kWorking | kMonths)) ? finish_of(cal, start, f, span) : start + span, last_day);
    return true;
  }
};

/// For the backward pass: one day after the latest day the trigger of `w` may happen for `w` to
/// start by its latest start (its latest start itself when the trigger has no lag).
Day latest_happening(const Plan& plan, const Shape* in, const Day* ls, NodeId w) {
  if (!(in[w] & kLaggedShape) || ls[w] == kNever) return ls[w];
  const Lag& lag = *plan.lag_of(w);
  const Day met = ls[w] - 1;  // the trigger must count as met the day before the start
  switch (lag.unit) {
    case dsl::TimeExpr::Unit::days:
      return met - lag.amount + 1;
    case dsl::TimeExpr::Unit::working_days:
      return lag.amount < 1 ? met + 1 : plan.calendar.nth_working_day_back(met, lag.amount);
    case dsl::TimeExpr::Unit::months:
      return day_of(date_of(met).add_months(-lag.amount)) + 1;
  }
  return ls[w];
}

/// A topological order by depth-first search over predecessors, roots in id order, placing each
/// node as it joins the order: a node comes right after the last of its predecessors still
/// missing, so a plan declared in order keeps its order (and its memory locality). Writes the
/// order to `order` (room for every node); returns false when it meets a cycle.
bool depth_first_order(const Forward& fw, NodeId nodes, NodeId* order) {
  const Preds& g = fw.g;
  // Every node before the root is finished (the stack is empty between roots): the state of a node
  // matters only from the root on, and a node placed as a root needs none.
  std::vector<std::uint8_t> state(nodes, fresh);
  std::vector<std::pair<NodeId, std::uint32_t>> stack;
  bool acyclic = true;
  for (NodeId root = 0; root < nodes; ++root) {
    if (state[root] != fresh) continue;
    // Most nodes come after their predecessors in declaration order: no search needed.
    if (fw.place<true>(root, state.data())) {
      *order++ = root;
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
        if (p < root) continue;
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
      *order++ = n;
      fw.place<false>(n, nullptr);
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
  for (const auto& [t, lag] : plan.lags) in[t].lagged = true;
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
  s.deadline.resize(tasks);

  // The inputs, packed. A task's deadline is made in its own place in the schedule, so that the
  // passes read one array for it instead of two: the calendar deadline goes there now (a waived
  // task has none); with kRelative, left on only for a task without one, the amount counted from
  // the trigger waits there for the forward pass to count it.
  auto deadline_input = [&](TaskId t, std::uint8_t f, std::int32_t relative) {
    if (f & kRelative) return relative;
    return (f & kWaived) || dates.task_deadline[t] == kNoDay ? kNever : dates.task_deadline[t];
  };
  std::vector<Day> floor;
  std::vector<Shape> shape;
  floor.reserve(nodes);
  shape.reserve(nodes);
  for (TaskId t = 0; t < tasks; ++t) {
    const Input x = task_input(plan.tasks[t], dates);
    std::uint8_t f = x.flags;
    if ((f & kWaived) || dates.task_deadline[t] != kNoDay) f &= ~kRelative;  // the calendar deadline is the one that counts
    floor.push_back(x.floor);
    shape.push_back(f | static_cast<Shape>(x.span) << 8);
    s.deadline[t] = deadline_input(t, f, x.relative);
  }
  for (const auto& [t, lag] : plan.lags) shape[t] |= kLaggedShape;
  for (EventId e = 0; e < plan.events.size(); ++e) {
    floor.push_back(event_input(dates, e).floor);
    shape.push_back(0);
  }

  // Forward, in a depth-first order that places each node as it joins the order (its
  // predecessors' rows are still in cache from the search).
  Preds g(plan);
  Forward fw{g,
             floor.data(),
             shape.data(),
             cal,
             plan,
             last_day,
             s.earliest_start.data(),
             s.earliest_finish.data(),
             s.trigger.data(),
             s.deadline.data()};
  s.order.resize(nodes);
  if (!depth_first_order(fw, nodes, s.order.data())) {
    // A cycle (check reports it): start again in Kahn's order, which leaves the cycle out.
    std::fill(s.earliest_start.begin(), s.earliest_start.end(), kNoDay);
    std::fill(s.earliest_finish.begin(), s.earliest_finish.end(), kNoDay);
    std::fill(s.trigger.begin(), s.trigger.end(), kNoDay);
    // Deadlines too: a node the order leaves out has none.
    std::fill(s.deadline.begin(), s.deadline.end(), kNever);
    kahn_order(plan, g, nodes, s.order);
    for (NodeId n : s.order) {
      if (n < tasks) s.deadline[n] = deadline_input(n, flags_of(shape[n]), task_input(plan.tasks[n], dates).relative);
      fw.place<false>(n, nullptr);
    }
  }

  // Backward: the latest finish is the deadline, and the day before the latest start of anything
  // that follows. A deadline counted from the trigger (kRelative) binds only the task itself.
  // Raw pointers again, for the reason Preds gives.
  const NodeId* order = s.order.data();
  const Shape* in = shape.data();
  const Day* deadline = s.deadline.data();
  const std::uint32_t *dependent_off = plan.dependents.offsets.data(), *dependent = plan.dependents.targets.data();
  const std::uint32_t *wake_off = plan.wakes.offsets.data(), *wake = plan.wakes.targets.data();
  Day *lf = s.latest_finish.data(), *ls = s.latest_start.data();
  for (std::size_t i = s.order.size(); i-- > 0;) {
    const NodeId n = order[i];
    const std::uint8_t f = flags_of(in[n]);
    if (f & kWaived) continue;
    Day own = kNever;   // a calendar deadline
    Day next = kNever;  // the earliest latest start of what follows
    if (n < tasks) {
      own = (f & kRelative) ? kNever : deadline[n];
      for (std::uint32_t k = dependent_off[n], end = dependent_off[n + 1]; k < end; ++k) next = std::min(next, ls[dependent[k]]);
    }
    if (plan.lags.empty()) {
      for (std::uint32_t k = wake_off[n], end = wake_off[n + 1]; k < end; ++k) next = std::min(next, ls[wake[k]]);
    } else {
      for (std::uint32_t k = wake_off[n], end = wake_off[n + 1]; k < end; ++k)
        next = std::min(next, latest_happening(plan, in, ls, wake[k]));
    }
    // Without branches where they would go at random: a missed prediction drops the loads of
    // ls[] in flight.
    const Day bound = std::max(std::min(own, next - 1), first_day);
    own = next != kNever ? bound : own;
    lf[n] = own;
    const std::int32_t span = span_of(in[n]);
    if (f & (kWorking | kMonths)) {
      if (own != kNever) ls[n] = std::max(start_of(cal, own, f, span), first_day);
    } else {
      ls[n] = own != kNever ? std::max(own - span, first_day) : kNever;
    }
  }
  return s;
}

}  // namespace dondoc::engine
