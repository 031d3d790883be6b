#include "engine/evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <unordered_map>

#include "engine/node_input.hpp"

namespace dondoc::engine {

using namespace detail;

std::string_view status_name(Status s) {
  static constexpr std::string_view names[] = {"waiting",      "not_due",   "due_soon", "overdue", "at_risk",
                                               "done_on_time", "done_late", "ongoing",  "waived"};
  return names[static_cast<int>(s)];
}

std::string_view status_label(Status s, dsl::Lang lang) {
  static constexpr std::string_view vi[] = {"Chờ điều kiện",          "Chưa đến hạn",    "Sắp đến hạn",
                                            "Đang thực hiện quá hạn", "Có nguy cơ chậm", "Hoàn thành đúng hạn",
                                            "Hoàn thành quá hạn",     "Thường xuyên",    "Dừng / điều chỉnh"};
  static constexpr std::string_view en[] = {"Waiting",      "Not yet due", "Due soon", "Overdue", "At risk",
                                            "Done on time", "Done late",   "Ongoing",  "Waived"};
  return (lang == dsl::Lang::en ? en : vi)[static_cast<int>(s)];
}

Category category_of(Status s) {
  switch (s) {
    case Status::not_due:
    case Status::due_soon:
    case Status::at_risk:
      return Category::in_progress_on_time;
    case Status::overdue:
      return Category::in_progress_late;
    case Status::done_on_time:
      return Category::done_on_time;
    case Status::done_late:
      return Category::done_late;
    default:
      return Category::none;
  }
}

std::string_view category_name(Category c) {
  static constexpr std::string_view names[] = {"in_progress_on_time", "in_progress_late", "done_on_time", "done_late", "none"};
  return names[static_cast<int>(c)];
}

Category category_of(Status s, Day start, Day at) {
  return start != kNoDay && start > at ? Category::none : category_of(s);
}

std::string_view category_label(Category c, dsl::Lang lang) {
  static constexpr std::string_view vi[] = {"Đang thực hiện trong hạn", "Đang thực hiện quá hạn", "Hoàn thành đúng hạn",
                                            "Hoàn thành quá hạn", ""};
  static constexpr std::string_view en[] = {"In progress, on time", "In progress, late", "Done on time", "Done late", ""};
  return (lang == dsl::Lang::en ? en : vi)[static_cast<int>(c)];
}

std::string_view indicator_state_name(IndicatorState s) {
  static constexpr std::string_view names[] = {"no_data", "on_track", "off_track", "not_assessable"};
  return names[static_cast<int>(s)];
}

std::string_view indicator_state_label(IndicatorState s, dsl::Lang lang) {
  static constexpr std::string_view vi[] = {"Chưa có số liệu", "Đạt tiến độ", "Không đạt tiến độ", "Chưa đến năm đánh giá"};
  static constexpr std::string_view en[] = {"No data", "On track", "Off track", "Not yet assessable"};
  return (lang == dsl::Lang::en ? en : vi)[static_cast<int>(s)];
}

std::string_view trend_name(Trend t) {
  static constexpr std::string_view names[] = {"unknown", "up", "down", "flat"};
  return names[static_cast<int>(t)];
}

std::string_view trend_label(Trend t, dsl::Lang lang) {
  static constexpr std::string_view vi[] = {"", "tăng so với năm", "giảm so với năm", "không đổi so với năm"};
  static constexpr std::string_view en[] = {"", "up from", "down from", "unchanged from"};
  return (lang == dsl::Lang::en ? en : vi)[static_cast<int>(t)];
}

std::string_view alert_kind_name(Alert::Kind k) {
  static constexpr std::string_view names[] = {"became_due_soon", "became_overdue",      "became_at_risk",     "trigger_fired",
                                               "event_late",      "occurrence_due_soon", "occurrence_overdue", "indicator_off_track"};
  return names[static_cast<int>(k)];
}

std::vector<NodeId> Evaluation::waiting_on(const Plan& plan, TaskId t) const {
  std::vector<NodeId> out;
  if (status[t] != Status::waiting && status[t] != Status::at_risk) return out;
  if (start[t] != kNoDay) return out;
  for (NodeId w : plan.waits_for.of(t)) {
    if (done[w] == kNoDay) out.push_back(w);
  }
  return out;
}

std::int32_t Evaluation::days_late(TaskId t) const {
  return status[t] == Status::overdue ? at - deadline[t] : 0;
}

namespace {

/// How a task's tracked due time is shaped.
enum class Shape : std::uint8_t {
  dated,     ///< one due day (`Quý I/2023`, `trong 30 ngày`)
  period,    ///< a window (`Giai đoạn 2023 - 2030`): ongoing while it runs, due at its end
  standing,  ///< no single due day (`trong thời gian thực hiện`, `không thời hạn`, none written)
};

constexpr int kDefaultDueSoonDays = 7;

}  // namespace

/// The facts, indexed for evaluation by what they are about.
struct Evaluator::Index {
  std::vector<Input> in;                ///< per node
  std::vector<Shape> shape;             ///< per task
  std::vector<std::uint8_t> extension;  ///< per task: 1 when it has extension facts (the map is read only then)
  std::vector<std::uint32_t> pos;       ///< per node: its place in the schedule's topological order
  std::vector<Day> done_fact;           ///< per node: day of its done / happened fact
  std::vector<Day> waive_fact;          ///< per task: day of its waiver fact
  std::vector<Day> occurrence_fact;     ///< per occurrence: day of its done fact
  /// Per task with extensions: (decided on, new deadline), in order of decision.
  std::unordered_map<TaskId, std::vector<std::pair<Day, Day>>> extensions;
  /// Per indicator with values: (year, value), sorted by year.
  std::unordered_map<IndicatorId, std::vector<std::pair<int, double>>> values;
  std::vector<std::uint32_t> queued;  ///< per node: the propagation round that queued it
  std::vector<std::uint8_t> dirty;    ///< per position in the topological order: to recompute (sweep)
  std::uint32_t round = 0;
  int due_soon_days = kDefaultDueSoonDays;
};

Evaluator::Evaluator(const Model& model, Day at) : Evaluator(model, at, Deferred{}) {
  full();
}

Evaluator::Evaluator(const Model& model, Day at, Deferred) : model_(model), index_(std::make_shared<Index>()) {
  eval_.at = at;
  rebuild_index();
}

void Evaluator::rebuild_index() {
  const Plan& p = model_.plan;
  Index& x = *index_;
  const NodeId nodes = p.node_count();
  x.in = node_inputs(p, model_.dates);
  x.shape.assign(p.tasks.size(), Shape::dated);
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    if (!p.tasks[t].due.size) {
      x.shape[t] = Shape::standing;
      continue;
    }
    const Due& due = p.dues[p.tasks[t].due.begin];
    using Form = dsl::TimeExpr::Form;
    if (due.time->form == Form::period) {
      x.shape[t] = Shape::period;
    } else if (due.time->form == Form::during_plan || due.time->form == Form::open_ended ||
               !(model_.dates.tracked(p, t).relative || due.date)) {
      x.shape[t] = Shape::standing;
    }
  }
  x.pos.assign(nodes, kNone);
  for (std::uint32_t i = 0; i < model_.schedule.order.size(); ++i) x.pos[model_.schedule.order[i]] = i;
  x.done_fact.assign(nodes, kNoDay);
  x.waive_fact.assign(p.tasks.size(), kNoDay);
  x.occurrence_fact.assign(model_.occurrences.items.size(), kNoDay);
  x.extensions.clear();
  x.extension.assign(p.tasks.size(), 0);
  x.values.clear();
  x.queued.assign(nodes, 0);
  x.round = 0;
  x.due_soon_days = p.header.due_soon_days.value_or(kDefaultDueSoonDays);
  for (const Fact& f : facts_.items) index_fact(f);
}

void Evaluator::index_fact(const Fact& f) {
  Index& x = *index_;
  switch (f.kind) {
    case FactKind::done:
      if (f.occurrence != kNone) {
        Day& d = x.occurrence_fact[f.occurrence];
        if (d == kNoDay || f.on < d) d = f.on;
      } else if (f.node != kNone) {
        Day& d = x.done_fact[f.node];
        if (d == kNoDay || f.on < d) d = f.on;
      }
      break;
    case FactKind::happened:
      if (f.node != kNone) {
        Day& d = x.done_fact[f.node];
        if (d == kNoDay || f.on < d) d = f.on;
      }
      break;
    case FactKind::waive:
      if (f.node != kNone) {
        Day& d = x.waive_fact[f.node];
        if (d == kNoDay || f.on < d) d = f.on;
      }
      break;
    case FactKind::extend: {
      x.extension[f.node] = 1;
      auto& list = x.extensions[f.node];
      list.emplace_back(f.on, f.new_deadline);
      std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      break;
    }
    case FactKind::value: {
      auto& list = x.values[f.indicator];
      auto it = std::find_if(list.begin(), list.end(), [&](const auto& v) { return v.first == f.year; });
      if (it != list.end()) {
        it->second = f.value;
      } else {
        list.emplace_back(f.year, f.value);
        std::sort(list.begin(), list.end());
      }
      break;
    }
  }
}

void Evaluator::set_date(Day at) {
  for (NodeId n : changes_.nodes) changed_node_[n] = 0;
  changes_ = Changes{};  // a new date: the escalator looks at everything
  if (at > eval_.at && eval_.at != kNoDay) {
    advance(at);
  } else {
    eval_.at = at;
    full();
  }
}

// Moving forward in time changes a node only where one of its dates crosses the interval
// (old date, new date]: a fact dated in it comes into force, a deadline or expected day is passed,
// the warning window opens, the start is reached, or its projection, which is never earlier than
// today, is overtaken by today. Those nodes are recomputed in topological order, and what their
// change reaches downstream after them (docs/performance.md, "Simulate").
void Evaluator::advance(Day at) {
  const Plan& p = model_.plan;
  Index& x = *index_;
  Evaluation& e = eval_;
  const Day old = e.at;
  const auto tasks = p.tasks.size();
  auto crosses = [&](Day d, int shift) { return d != kNoDay && d + shift > old && d + shift <= at; };
  std::vector<NodeId> seeds, starting;
  for (NodeId n = 0; n < p.node_count(); ++n) {
    bool seed = crosses(x.done_fact[n], 0) || (e.done[n] == kNoDay && e.projected[n] != kNoDay && e.projected[n] < at);
    if (n < tasks) {
      if (crosses(e.start[n], 0)) starting.push_back(n), seed = true;
      seed = seed || crosses(x.waive_fact[n], 0) || x.extension[n] || crosses(e.deadline[n], 1) || crosses(e.deadline[n], -x.due_soon_days);
    } else {
      seed = seed || crosses(model_.dates.event_expected[p.event_of(n)], 1);
    }
    if (seed) seeds.push_back(n);
  }
  seed_lags(old, at, seeds);
  // A task whose start is reached changes its category even if its status stays: count it again.
  for (NodeId n : starting) count(e.status[n], e.start[n], -1);
  e.at = at;
  for (NodeId n : starting) count(e.status[n], e.start[n], +1);
  sweep(seeds);
  for (std::uint32_t o = 0; o < model_.occurrences.items.size(); ++o) update_occurrence(o);
  if (date_of(old).y != date_of(at).y) {
    for (IndicatorId i = 0; i < p.indicators.size(); ++i) update_indicator(i);
  }
}

void Evaluator::full() {
  changes_ = Changes{};  // all
  const Plan& p = model_.plan;
  const NodeId nodes = p.node_count();
  const auto tasks = p.tasks.size();
  Evaluation& e = eval_;
  e.status.assign(tasks, Status::waiting);
  e.deadline.assign(tasks, kNoDay);
  e.start.assign(nodes, kNoDay);
  e.done.assign(nodes, kNoDay);
  e.projected.assign(nodes, kNoDay);
  e.blocked_by.assign(nodes, kNone);
  e.root_cause.assign(nodes, kNone);
  e.late.assign(nodes, 0);
  e.extended.assign(tasks, 0);
  tracking_counts_ = false;
  for (NodeId n : model_.schedule.order) update(n);
  e.counts.fill(0);
  e.categories.fill(0);
  for (TaskId t = 0; t < tasks; ++t) count(e.status[t], e.start[t], +1);
  tracking_counts_ = true;
  const auto occurrences = model_.occurrences.items.size();
  e.occurrence_status.assign(occurrences, Status::not_due);
  e.occurrence_done.assign(occurrences, kNoDay);
  for (std::uint32_t o = 0; o < occurrences; ++o) update_occurrence(o);
  e.indicator_state.assign(p.indicators.size(), IndicatorState::no_data);
  e.indicator_latest.assign(p.indicators.size(), std::nullopt);
  e.indicator_expected.assign(p.indicators.size(), std::nullopt);
  e.indicator_expected_max.assign(p.indicators.size(), std::nullopt);
  e.indicator_previous.assign(p.indicators.size(), std::nullopt);
  e.indicator_trend.assign(p.indicators.size(), Trend::unknown);
  e.indicator_aggregate.assign(p.indicators.size(), std::nullopt);
  e.indicator_reference.assign(p.indicators.size(), std::nullopt);
  for (IndicatorId i = 0; i < p.indicators.size(); ++i) update_indicator(i);
}

void Evaluator::note_node(NodeId n) {
  if (changes_.all) return;
  if (changed_node_.size() != model_.plan.node_count()) changed_node_.assign(model_.plan.node_count(), 0);
  if (changed_node_[n]) return;
  changed_node_[n] = 1;
  changes_.nodes.push_back(n);
}

Changes Evaluator::take_changes() {
  Changes out = std::move(changes_);
  auto tidy = [](auto& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  };
  // The nodes are noted once each (changed_node_), in topological order: a few are sorted, many
  // (a fact at the head of a national chain) are read back from the flags in id order instead.
  if (out.nodes.size() > changed_node_.size() / 32) {
    out.nodes.clear();
    for (NodeId n = 0; n < changed_node_.size(); ++n) {
      if (changed_node_[n]) out.nodes.push_back(n), changed_node_[n] = 0;
    }
  } else {
    for (NodeId n : out.nodes) changed_node_[n] = 0;
    std::sort(out.nodes.begin(), out.nodes.end());
  }
  tidy(out.occurrences);
  tidy(out.indicators);
  changes_ = Changes{};
  changes_.all = false;
  return out;
}

void Evaluator::count(Status s, Day start, int delta) {
  eval_.counts[static_cast<int>(s)] += delta;
  Category c = category_of(s, start, eval_.at);
  if (c != Category::none) eval_.categories[static_cast<int>(c)] += delta;
}

namespace {

/// A node's trigger: fired once what it waits for is done (all of it, or the first for `một trong`);
/// until then, projected from what it waits for.
struct Trigger {
  bool fired = true;
  Day day = kNoDay;        ///< when it fired
  Day projected = kNoDay;  ///< when it is expected to fire
  NodeId driver = kNone;   ///< what the projection waits on last (first for `một trong`)
};

Trigger trigger_of(const Evaluation& e, std::span<const NodeId> waits, bool any) {
  Trigger t;
  if (waits.empty()) return t;
  t.fired = false;
  if (any) {
    Day first = kNever, first_projected = kNever;
    for (NodeId w : waits) {
      if (e.done[w] != kNoDay) first = std::min(first, e.done[w]);
      if (e.projected[w] != kNoDay && e.projected[w] < first_projected) {
        first_projected = e.projected[w];
        t.driver = w;
      }
    }
    if (first != kNever) t.fired = true, t.day = first;
    if (first_projected != kNever) t.projected = first_projected;
  } else {
    bool all_done = true, all_known = true;
    Day last = kNoDay, last_projected = kNoDay;
    for (NodeId w : waits) {
      if (e.done[w] == kNoDay) {
        all_done = false;
      } else {
        last = std::max(last, e.done[w]);
      }
      if (e.projected[w] == kNoDay) {
        all_known = false;
      } else if (e.projected[w] > last_projected) {
        last_projected = e.projected[w];
        t.driver = w;
      }
    }
    if (all_done) t.fired = true, t.day = last;
    if (all_known) t.projected = last_projected;
  }
  return t;
}

/// A trigger with a lag (`bắt đầu 30 ngày sau II.3`): it counts as met the lagged day, and is
/// projected to then; until that day it has not fired.
void delay(Trigger& t, const WorkingCalendar& cal, const Lag& lag, Day at) {
  if (t.fired) {
    t.day = lagged(cal, lag, t.day);
    if (t.day > at) t.fired = false, t.projected = t.day, t.day = kNoDay;
  } else {
    t.projected = lagged(cal, lag, t.projected);
  }
}

/// The projection, the forward pass with the facts applied: the projected finish and what drives
/// the start (kNone when the node's own floor or a fired trigger does).
struct Projection {
  Day projected = kNoDay;
  NodeId driver = kNone;
};

Projection project(const Plan& p, const Evaluation& e, NodeId n, const Input& in, const Trigger& trig, bool has_waits, bool is_task) {
  Projection r;
  Day es = in.floor;
  if (is_task) {
    for (NodeId d : p.depends_on.of(n)) {
      if (e.projected[d] != kNoDay && e.projected[d] + 1 > es) es = e.projected[d] + 1, r.driver = d;
    }
  }
  bool known = es != kNoDay;
  if (has_waits) {
    Day from = trig.fired ? trig.day : trig.projected;
    if (from == kNoDay) {
      known = false;
    } else if (Day ts = (in.flags & kImmediate) ? from : from + 1; ts > es || es == kNoDay) {
      es = ts;
      r.driver = trig.fired ? kNone : trig.driver;
    }
  }
  if (known) {
    Day ef = (in.flags & (kWorking | kMonths)) ? finish_of(p.calendar, es, in.flags, in.span) : es + in.span;
    r.projected = std::max(ef, e.at);
  }
  return r;
}

/// What can only follow a late thing is held back by it from the day it is late, even while the
/// projection is still driven by an expected date further off (docs/status.md §2.6): the first
/// pending predecessor with a root cause (with `một trong`, only when every one pending has one).
void held_back_by_pending(const Evaluation& e, std::span<const NodeId> waits, bool any_mode, NodeId& upstream, NodeId& driver) {
  for (NodeId w : waits) {
    if (e.done[w] != kNoDay) continue;
    if (e.root_cause[w] == kNone) {
      if (any_mode) {
        upstream = driver = kNone;
        break;
      }
      continue;
    }
    if (upstream == kNone) upstream = e.root_cause[w], driver = w;
  }
}

/// What a task's status is decided from, once its dates are known.
struct TaskState {
  bool waived;
  Day done;
  bool fired, late;
  bool misses;  ///< projected past its deadline because of a late thing upstream
  Day deadline, start;
};

Status task_status(const TaskState& t, Shape shape, Day at, int due_soon_days) {
  if (t.waived) return Status::waived;
  if (t.done != kNoDay) return t.deadline != kNoDay && t.done > t.deadline ? Status::done_late : Status::done_on_time;
  if (!t.fired) return t.misses ? Status::at_risk : Status::waiting;
  if (t.late) return Status::overdue;
  if (t.misses) return Status::at_risk;
  if ((shape == Shape::standing || t.deadline == kNoDay) && !(t.start != kNoDay && t.start > at)) {
    return Status::ongoing;  // a standing task whose window has not opened (`từ quý II/2026`) is not due yet
  }
  if (t.start != kNoDay && t.start > at) return Status::not_due;
  if (t.deadline - at <= due_soon_days) return Status::due_soon;
  if (shape == Shape::period) return Status::ongoing;
  return Status::not_due;
}

}  // namespace

bool Evaluator::update(NodeId n) {
  const Plan& p = model_.plan;
  const Index& x = *index_;
  Evaluation& e = eval_;
  const Day at = e.at;
  const bool is_task = n < p.tasks.size();
  const Input& in = x.in[n];

  Day done = x.done_fact[n] != kNoDay && x.done_fact[n] <= at ? x.done_fact[n] : kNoDay;
  bool waived = is_task && ((in.flags & kWaived) || (x.waive_fact[n] != kNoDay && x.waive_fact[n] <= at));

  auto waits = p.waits_for.of(n);
  Trigger trig = trigger_of(e, waits, in.flags & kAny);
  if (in.lagged) delay(trig, p.calendar, *p.lag_of(n), at);
  const bool fired = trig.fired;
  const bool immediate = in.flags & kImmediate;

  Day projected = kNoDay, start = kNoDay;
  NodeId driver = kNone;
  if (waived) {
    // holds nothing back, and is never done
  } else if (done != kNoDay) {
    projected = done;
  } else {
    Projection pr = project(p, e, n, in, trig, !waits.empty(), is_task);
    projected = pr.projected;
    driver = pr.driver;
  }

  // The deadline in force.
  Day deadline = kNoDay;
  bool extended = false;
  if (is_task) {
    if (in.flags & kRelative) {
      if (fired) deadline = relative_deadline(p.calendar, in.flags, in.relative, trig.day);
    } else {
      deadline = model_.dates.task_deadline[n];
    }
    if (x.extension[n]) {
      for (const auto& [on, to] : x.extensions.find(n)->second) {
        if (on <= at) deadline = to, extended = true;
      }
    }
    if (fired && !waived) start = waits.empty() ? in.floor : std::max(in.floor, immediate ? trig.day : trig.day + 1);
  }

  // Late things, and the chains that lead to them.
  bool late = false;
  if (done == kNoDay && !waived) {
    if (is_task) {
      late = fired && deadline != kNoDay && at > deadline;
    } else {
      Day expected = model_.dates.event_expected[p.event_of(n)];
      late = expected != kNoDay && at > expected;
    }
  }
  NodeId upstream = driver != kNone ? e.root_cause[driver] : kNone;
  if (upstream == kNone && !fired && done == kNoDay && !waived) held_back_by_pending(e, waits, in.flags & kAny, upstream, driver);
  NodeId root = kNone, blocked = kNone;
  if (done == kNoDay && !waived) {
    root = late && upstream == kNone ? n : upstream;
    if (upstream != kNone) blocked = driver;
  }

  bool changed = e.done[n] != done || e.projected[n] != projected || e.root_cause[n] != root;
  bool seen = changed || e.blocked_by[n] != blocked || e.late[n] != late || e.start[n] != start ||
              (is_task && (e.deadline[n] != deadline || e.extended[n] != extended));
  e.done[n] = done;
  e.projected[n] = projected;
  e.root_cause[n] = root;
  e.blocked_by[n] = blocked;
  e.late[n] = late;
  const Day old_start = e.start[n];
  e.start[n] = start;
  if (!is_task) {
    if (seen) note_node(n);
    return changed;
  }

  e.deadline[n] = deadline;
  e.extended[n] = extended;
  const bool misses = deadline != kNoDay && projected != kNoDay && projected > deadline && upstream != kNone;
  Status s = task_status({waived, done, fired, late, misses, deadline, start}, x.shape[n], at, x.due_soon_days);
  if (s != Status::at_risk && s != Status::waiting) e.blocked_by[n] = late ? blocked : kNone;
  if (tracking_counts_ && (e.status[n] != s || old_start != start)) count(e.status[n], old_start, -1), count(s, start, +1);
  if (e.status[n] != s) {
    e.status[n] = s;
    seen = true;
  }
  if (seen) note_node(n);
  return changed;
}

void Evaluator::seed_lags(Day old, Day at, std::vector<NodeId>& seeds) const {
  const Plan& p = model_.plan;
  for (const auto& [t, lag] : p.lags) {
    const Trigger raw = trigger_of(eval_, p.waits_for.of(t), index_->in[t].flags & kAny);
    const Day met = raw.fired ? lagged(p.calendar, lag, raw.day) : kNoDay;
    if (met != kNoDay && met > old && met <= at) seeds.push_back(t);
  }
}

Day Evaluation::waiting_until(const Plan& plan, TaskId t) const {
  const Lag* lag = plan.lag_of(t);
  if (!lag || status[t] != Status::waiting) return kNoDay;
  const Trigger raw = trigger_of(*this, plan.waits_for.of(t), plan.tasks[t].trigger_mode == dsl::Trigger::Mode::any);
  return raw.fired ? lagged(plan.calendar, *lag, raw.day) : kNoDay;
}

void Evaluator::update_occurrence(std::uint32_t o) {
  const Index& x = *index_;
  Evaluation& e = eval_;
  const Occurrence& occ = model_.occurrences.items[o];
  Day done = x.occurrence_fact[o] != kNoDay && x.occurrence_fact[o] <= e.at ? x.occurrence_fact[o] : kNoDay;
  Status s;
  if (done != kNoDay) {
    s = done > occ.deadline ? Status::done_late : Status::done_on_time;
  } else if (e.at > occ.deadline) {
    s = Status::overdue;
  } else if (occ.deadline - e.at <= x.due_soon_days) {
    s = Status::due_soon;
  } else {
    s = Status::not_due;
  }
  if (!changes_.all && (e.occurrence_done[o] != done || e.occurrence_status[o] != s)) changes_.occurrences.push_back(o);
  e.occurrence_done[o] = done;
  e.occurrence_status[o] = s;
}

namespace {

/// Whether `v` meets `cmp` against `want` (and `want_max` for a range).
bool meets(dsl::Target::Cmp cmp, double v, double want, double want_max) {
  constexpr double eps = 1e-9;
  switch (cmp) {
    case dsl::Target::Cmp::ge:
      return v >= want - eps;
    case dsl::Target::Cmp::gt:
      return v > want + eps;
    case dsl::Target::Cmp::le:
      return v <= want + eps;
    case dsl::Target::Cmp::lt:
      return v < want - eps;
    case dsl::Target::Cmp::eq:
      return std::fabs(v - want) <= eps * std::max(1.0, std::fabs(want));
    case dsl::Target::Cmp::range:
      return v >= want - eps && v <= want_max + eps;
  }
  return false;
}

}  // namespace

void Evaluator::update_indicator(IndicatorId i) {
  const Indicator& ind = model_.plan.indicators[i];
  Evaluation& e = eval_;
  if (!changes_.all) changes_.indicators.push_back(i);
  e.indicator_state[i] = IndicatorState::no_data;
  e.indicator_latest[i].reset();
  e.indicator_expected[i].reset();
  e.indicator_expected_max[i].reset();
  e.indicator_previous[i].reset();
  e.indicator_trend[i] = Trend::unknown;
  e.indicator_aggregate[i].reset();
  e.indicator_reference[i].reset();
  auto it = index_->values.find(i);
  if (it == index_->values.end() || !ind.target) return;
  const int year = date_of(e.at).y;
  const std::pair<int, double>*latest = nullptr, *previous = nullptr;
  for (const auto& v : it->second) {
    if (v.first <= year) previous = latest, latest = &v;
  }
  if (!latest) return;
  const auto [y, v] = *latest;
  e.indicator_latest[i] = dsl::YearValue{y, dsl::Number{v, {}, {}}, std::nullopt};
  if (previous) {
    e.indicator_previous[i] = dsl::YearValue{previous->first, dsl::Number{previous->second, {}, {}}, std::nullopt};
    constexpr double eps = 1e-9;
    e.indicator_trend[i] = v > previous->second + eps ? Trend::up : v < previous->second - eps ? Trend::down : Trend::flat;
  }
  judge_indicator(i, y, v);
}

namespace {

/// What a target asks in one year, before it is compared: `cmp` against [want, want_max].
struct Ask {
  dsl::Target::Cmp cmp;
  double want, want_max;
};

/// An exact target with a tolerance (`sai số`) or written `khoảng` / `about`: met anywhere within
/// the tolerance either side (about without `sai số`: kAboutShare of the value).
Ask with_tolerance(const dsl::Target& t, Ask ask) {
  if (ask.cmp != dsl::Target::Cmp::eq || (!t.tolerance && !t.about)) return ask;
  const double tol = t.tolerance ? std::fabs(t.tolerance->value) : std::fabs(ask.want) * dsl::kAboutShare;
  return Ask{dsl::Target::Cmp::range, ask.want - tol, ask.want + tol};
}

}  // namespace

/// The value recorded for `year`, else the baseline when it is of that year.
std::optional<double> Evaluator::value_in(IndicatorId i, int year) const {
  if (auto it = index_->values.find(i); it != index_->values.end()) {
    for (const auto& [y, v] : it->second) {
      if (y == year) return v;
    }
  }
  const Indicator& ind = model_.plan.indicators[i];
  if (ind.baseline && ind.baseline->year == year) return ind.baseline->value.value;
  return std::nullopt;
}

/// The state of indicator `i` whose latest value is `v` in year `y` (docs/language.md §4.8,
/// "How a value is judged").
void Evaluator::judge_indicator(IndicatorId i, int y, double v) {
  const Indicator& ind = model_.plan.indicators[i];
  Evaluation& e = eval_;
  const dsl::Target& target = *ind.target;
  if (target.measure != dsl::Target::Measure::level) return judge_period(i);
  Ask ask{target.cmp, target.value.value, target.value_max ? target.value_max->value : target.value.value};
  std::optional<dsl::YearValue> base = ind.baseline;
  if (target.change != dsl::Target::Change::none) {
    // counted from an earlier year's value: unknown until that value is
    const int from = *target.from_year;
    std::optional<double> ref = value_in(i, from);
    if (ref) e.indicator_reference[i] = dsl::YearValue{from, dsl::Number{*ref, {}, {}}, std::nullopt};
    if (!ref || y <= from) {
      e.indicator_state[i] = IndicatorState::not_assessable;
      return;
    }
    const double amount = target.value.value;
    ask.want = ask.want_max = target.change == dsl::Target::Change::up     ? *ref + amount
                              : target.change == dsl::Target::Change::down ? *ref - amount
                                                                           : *ref * amount;
    base = dsl::YearValue{from, dsl::Number{*ref, {}, {}}, std::nullopt};
  }
  const double goal = ask.want;
  const bool interim = !target.every_year && target.year && y < *target.year;
  // What the plan asks for in year y: a milestone of the trajectory, else a straight line from the
  // baseline to the target, else (an interim year) nothing to judge by: not assessable.
  const dsl::YearValue* milestone = nullptr;
  for (const auto& step : ind.trajectory) {
    if (step.year == y) milestone = &step;
  }
  if (milestone) ask.want = milestone->value.value, ask.want_max = milestone->value_max ? milestone->value_max->value : ask.want;
  if (interim && !milestone) {
    if (ask.cmp == dsl::Target::Cmp::range || !base || *target.year <= base->year || y < base->year) {
      e.indicator_state[i] = IndicatorState::not_assessable;
      return;
    }
    double b = base->value.value;
    ask.want = ask.want_max = b + (ask.want - b) * (y - base->year) / (*target.year - base->year);
  }
  if (ask.cmp == dsl::Target::Cmp::eq && base && (milestone || interim)) {
    // on the way to an exact target: judged by direction from the baseline
    ask.cmp = goal >= base->value.value ? dsl::Target::Cmp::ge : dsl::Target::Cmp::le;
  }
  if (milestone && milestone->value_max) ask.cmp = dsl::Target::Cmp::range;  // a milestone that is a range: both ends
  ask = with_tolerance(target, ask);
  e.indicator_expected[i] = ask.want;
  if (ask.want_max != ask.want) e.indicator_expected_max[i] = ask.want_max;
  e.indicator_state[i] = meets(ask.cmp, v, ask.want, ask.want_max) ? IndicatorState::on_track : IndicatorState::off_track;
}

/// An average, a total or an average fall over a period (docs/language.md §4.8, "Targets over a
/// period"), from the yearly values recorded up to the date asked.
void Evaluator::judge_period(IndicatorId i) {
  const Indicator& ind = model_.plan.indicators[i];
  const dsl::Target& t = *ind.target;
  Evaluation& e = eval_;
  const int first = *t.from_year, last = *t.year, n = last - first + 1;
  const int until = std::min(last, date_of(e.at).y);
  const double goal = t.value.value;
  Aggregate a{first, first - 1, 0, std::nullopt};
  const auto& values = index_->values.at(i);
  if (t.measure == dsl::Target::Measure::average_decrease) {
    // the level at the end of the year before the period, and the latest level within it
    const std::pair<int, double>* latest = nullptr;
    for (const auto& yv : values) {
      if (yv.first >= first && yv.first <= until) latest = &yv;
    }
    if (!latest) return;
    std::optional<double> start = value_in(i, first - 1);
    if (!start) {
      e.indicator_state[i] = IndicatorState::not_assessable;
      return;
    }
    e.indicator_reference[i] = dsl::YearValue{first - 1, dsl::Number{*start, {}, {}}, std::nullopt};
    const int k = latest->first - first + 1;
    const double fallen = *start - latest->second;
    a.to = latest->first, a.value = fallen / k;
    if (k < n) a.needed = (goal * n - fallen) / (n - k);
  } else {
    // the yearly values from the first year on, without a gap
    double sum = 0, growth = 1;
    bool gap = false;
    for (const auto& [y, v] : values) {
      if (y < first || y > until) continue;
      if (y != a.to + 1) gap = true;
      if (gap) break;
      a.to = y, sum += v, growth *= 1 + v / 100;
    }
    if (a.to < first) {
      if (gap) e.indicator_state[i] = IndicatorState::not_assessable;  // values, but not of the first year
      return;
    }
    if (gap) {
      e.indicator_state[i] = IndicatorState::not_assessable;
      return;
    }
    const int k = a.to - first + 1;
    if (t.measure == dsl::Target::Measure::total) {
      a.value = sum;
      if (k < n) a.needed = goal - sum;
    } else {
      a.value = (std::pow(growth, 1.0 / k) - 1) * 100;
      if (k < n) a.needed = (std::pow(std::pow(1 + goal / 100, n) / growth, 1.0 / (n - k)) - 1) * 100;
    }
  }
  if (t.cmp == dsl::Target::Cmp::range) a.needed.reset();
  e.indicator_aggregate[i] = a;
  Ask ask{t.cmp, goal, t.value_max ? t.value_max->value : goal};
  const int k = a.to - first + 1;
  if (t.measure == dsl::Target::Measure::total && k < n) {
    // part of the period: its share of the total, as a straight line
    ask.want *= static_cast<double>(k) / n, ask.want_max *= static_cast<double>(k) / n;
  }
  ask = with_tolerance(t, ask);
  e.indicator_expected[i] = ask.want;
  if (ask.want_max != ask.want) e.indicator_expected_max[i] = ask.want_max;
  e.indicator_state[i] = meets(ask.cmp, a.value, ask.want, ask.want_max) ? IndicatorState::on_track : IndicatorState::off_track;
}

void Evaluator::propagate(NodeId from) {
  const Plan& p = model_.plan;
  Index& x = *index_;
  if (++x.round == 0) {  // the stamps wrapped: clear them
    std::fill(x.queued.begin(), x.queued.end(), 0);
    x.round = 1;
  }
  // Nodes in topological order, so that each is recomputed once, after all its predecessors: a heap
  // of positions while the cone is narrow (a fact on a task with a few successors costs a few
  // microseconds at any size), a sweep over the order once it is wide (a `done` at the head of a
  // national chain reaches most of the plan, and a heap of that many costs ten times the sweep).
  using Item = std::pair<std::uint32_t, NodeId>;
  std::vector<Item> heap;
  auto push = [&](NodeId n) {
    if (x.queued[n] == x.round || x.pos[n] == kNone) return;
    x.queued[n] = x.round;
    heap.emplace_back(x.pos[n], n);
    std::push_heap(heap.begin(), heap.end(), std::greater<>{});
  };
  push(from);
  while (!heap.empty()) {
    if (heap.size() > kNarrowCone) {
      std::vector<NodeId> rest(heap.size());
      std::transform(heap.begin(), heap.end(), rest.begin(), [](const Item& i) { return i.second; });
      sweep(rest);
      return;
    }
    std::pop_heap(heap.begin(), heap.end(), std::greater<>{});
    NodeId n = heap.back().second;
    heap.pop_back();
    if (!update(n)) continue;
    if (n < p.tasks.size()) {
      for (NodeId d : p.dependents.of(n)) push(d);
    }
    for (NodeId w : p.wakes.of(n)) push(w);
  }
}

void Evaluator::sweep(std::span<const NodeId> from) {
  const Plan& p = model_.plan;
  Index& x = *index_;
  const auto& order = model_.schedule.order;
  if (x.dirty.size() != order.size()) x.dirty.assign(order.size(), 0);
  std::uint32_t lo = kNone, hi = 0;
  auto mark = [&](NodeId n) {
    std::uint32_t i = x.pos[n];
    if (i == kNone) return;
    x.dirty[i] = 1;
    lo = std::min(lo, i), hi = std::max(hi, i);
  };
  for (NodeId n : from) mark(n);
  for (std::uint32_t i = lo; i != kNone && i <= hi; ++i) {
    if (!x.dirty[i]) continue;
    x.dirty[i] = 0;
    const NodeId n = order[i];
    if (!update(n)) continue;
    if (n < p.tasks.size()) {
      for (NodeId d : p.dependents.of(n)) mark(d);
    }
    for (NodeId w : p.wakes.of(n)) mark(w);
  }
}

void Evaluator::add(const Fact& f) {
  facts_.items.push_back(f);
  index_fact(f);
  switch (f.kind) {
    case FactKind::done:
      if (f.occurrence != kNone) {
        update_occurrence(f.occurrence);
      } else if (f.node != kNone) {
        propagate(f.node);
      }
      break;
    case FactKind::happened:
    case FactKind::waive:
    case FactKind::extend:
      if (f.node != kNone) propagate(f.node);
      break;
    case FactKind::value:
      if (f.indicator != kNone) update_indicator(f.indicator);
      break;
  }
}

void Evaluator::add(const Facts& facts) {
  if (facts.items.size() < 64) {
    for (const Fact& f : facts.items) add(f);
    return;
  }
  for (const Fact& f : facts.items) {
    facts_.items.push_back(f);
    index_fact(f);
  }
  full();
}

Evaluation evaluate(const Model& model, const Facts& facts, Day at) {
  Evaluator ev(model, at, Evaluator::Deferred{});
  for (const Fact& f : facts.items) {
    ev.facts_.items.push_back(f);
    ev.index_fact(f);
  }
  ev.full();
  return std::move(ev.eval_);
}

std::optional<ReportState> latest_report(const Model& model, const Evaluation& eval, TaskId t) {
  const Plan& p = model.plan;
  const Task& task = p.tasks[t];
  auto leads = p.agencies_of(task.leads);
  auto within = [&](SectionId s, SectionId outer) {
    for (; s != kNone; s = p.sections[s].parent) {
      if (s == outer) return true;
    }
    return false;
  };
  // How bad a status is, for the worst over the leads.
  auto rank = [](Status s) {
    switch (s) {
      case Status::overdue:
        return 4;
      case Status::done_late:
        return 3;
      case Status::due_soon:
        return 2;
      case Status::not_due:
        return 1;
      default:
        return 0;
    }
  };
  std::optional<ReportState> best;
  for (DutyId u = 0; u < p.duties.size(); ++u) {
    const Duty& duty = p.duties[u];
    if (!duty.all_leads || (duty.section != kNone && !within(task.section, duty.section))) continue;
    // The occurrences of this duty owed by the task's leads, grouped by period (they are sorted
    // by due day): the latest period due by `at`, else the first one to come.
    Day latest_past = kNoDay, earliest_future = kNever;
    for (const Occurrence& o : model.occurrences.of(u)) {
      if (std::find(leads.begin(), leads.end(), o.agency) == leads.end()) continue;
      if (o.deadline <= eval.at) {
        latest_past = std::max(latest_past, o.deadline);
      } else {
        earliest_future = std::min(earliest_future, o.deadline);
      }
    }
    Day chosen = latest_past != kNoDay ? latest_past : earliest_future == kNever ? kNoDay : earliest_future;
    if (chosen == kNoDay) continue;
    ReportState r;
    r.duty = u;
    r.due = chosen;
    int worst = -1;
    auto items = model.occurrences.of(u);
    for (std::size_t k = 0; k < items.size(); ++k) {
      const Occurrence& o = items[k];
      if (o.deadline != chosen || std::find(leads.begin(), leads.end(), o.agency) == leads.end()) continue;
      auto index = static_cast<std::uint32_t>(&o - model.occurrences.items.data());
      Status st = eval.occurrence_status[index];
      r.year = o.year;
      r.period = o.period;
      if (st == Status::overdue) r.missing.push_back(o.agency);
      r.by_lead.emplace_back(o.agency, st);
      if (rank(st) > worst) worst = rank(st), r.status = st;
    }
    if (!best || r.due > best->due) best = std::move(r);
  }
  return best;
}

std::vector<Alert> diff(const Model& model, const Evaluation& before, const Evaluation& after) {
  const Plan& p = model.plan;
  std::vector<Alert> out;
  auto task_alert = [&](Alert::Kind k, TaskId t) {
    Alert a;
    a.kind = k;
    a.at = after.at;
    a.node = t;
    if (k == Alert::Kind::became_at_risk) a.root_cause = after.root_cause[t], a.blocked_by = after.blocked_by[t];
    out.push_back(a);
  };
  const auto tasks = static_cast<TaskId>(p.tasks.size());
  for (TaskId t = 0; t < tasks; ++t) {
    Status was = before.status[t], now = after.status[t];
    if (now == was) continue;
    if (now == Status::due_soon) task_alert(Alert::Kind::became_due_soon, t);
  }
  for (TaskId t = 0; t < tasks; ++t) {
    if (after.status[t] == Status::overdue && before.status[t] != Status::overdue) task_alert(Alert::Kind::became_overdue, t);
  }
  for (TaskId t = 0; t < tasks; ++t) {
    if (after.status[t] == Status::at_risk && before.status[t] != Status::at_risk) task_alert(Alert::Kind::became_at_risk, t);
  }
  for (TaskId t = 0; t < tasks; ++t) {
    if (p.tasks[t].has_trigger() && before.start[t] == kNoDay && after.start[t] != kNoDay) task_alert(Alert::Kind::trigger_fired, t);
  }
  for (EventId ev = 0; ev < p.events.size(); ++ev) {
    NodeId n = p.event_node(ev);
    if (after.late[n] && !before.late[n]) {
      Alert a;
      a.kind = Alert::Kind::event_late;
      a.at = after.at;
      a.node = n;
      a.root_cause = after.root_cause[n];
      out.push_back(a);
    }
  }
  for (auto kind : {Alert::Kind::occurrence_due_soon, Alert::Kind::occurrence_overdue}) {
    Status want = kind == Alert::Kind::occurrence_due_soon ? Status::due_soon : Status::overdue;
    for (std::uint32_t o = 0; o < after.occurrence_status.size(); ++o) {
      if (after.occurrence_status[o] == want && before.occurrence_status[o] != want) {
        Alert a;
        a.kind = kind;
        a.at = after.at;
        a.occurrence = o;
        out.push_back(a);
      }
    }
  }
  for (IndicatorId i = 0; i < after.indicator_state.size(); ++i) {
    if (after.indicator_state[i] == IndicatorState::off_track && before.indicator_state[i] != IndicatorState::off_track) {
      Alert a;
      a.kind = Alert::Kind::indicator_off_track;
      a.at = after.at;
      a.indicator = i;
      out.push_back(a);
    }
  }
  return out;
}

}  // namespace dondoc::engine
