#pragma once
// What the schedule and the evaluator read of each node, prepared once from the plan and its dates:
// the earliest start the plan allows, the duration and how a relative deadline counts. Internal to
// engine/ (schedule.cpp, evaluate.cpp).

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/dates.hpp"
#include "engine/plan.hpp"

namespace dondoc::engine::detail {

// What the passes need to know about a node, in one byte.
enum : std::uint8_t {
  kAny = 1,          // the trigger is "any of": the first alternative starts it
  kWaived = 2,       // not scheduled
  kWorking = 4,      // duration in working days (span = N)
  kMonths = 8,       // duration in months (span = N)
  kRelative = 16,    // the tracked due time counts from the trigger
  kImmediate = 32,   // due `ngay`: done the day the trigger happens, so it starts that day
  kRelWorking = 64,  // the relative deadline counts working days
  kRelMonths = 128,  // the relative deadline counts months
};

/// Durations and relative deadlines are cut at about a thousand years, so that no date arithmetic
/// overflows whatever a rule file says.
inline constexpr int kMaxAmount = 365'000;

inline Day finish_of(const WorkingCalendar& cal, Day start, std::uint8_t flags, std::int32_t span) {
  if (flags & kWorking) return cal.nth_working_day_from(start, span);
  if (flags & kMonths) return day_of(date_of(start).add_months(span)) - 1;
  return start + span;
}

inline Day start_of(const WorkingCalendar& cal, Day finish, std::uint8_t flags, std::int32_t span) {
  if (flags & kWorking) return cal.nth_working_day_back(finish, span);
  if (flags & kMonths) return day_of(date_of(finish + 1).add_months(-span));
  return finish - span;
}

/// A deadline counted from the day its trigger happened (Civil Code 2015, Art. 147: counting
/// starts the next day), moved to a working day.
inline Day relative_deadline(const WorkingCalendar& cal, std::uint8_t flags, std::int32_t amount, Day trigger) {
  if (flags & kRelMonths) return cal.shift(day_of(date_of(trigger).add_months(amount)));
  if (flags & kRelWorking) return amount < 1 ? cal.shift(trigger) : cal.nth_working_day_from(trigger + 1, amount);
  return cal.shift(trigger + amount);
}

/// The day a trigger that happened on `day` counts as met after the lag `lag` (`bắt đầu 30 ngày sau
/// II.3`): counted as the Civil Code counts terms, from the next day, N days, the N-th working day,
/// or the same day N months later. Not moved off a day off: it is not a deadline.
inline Day lagged(const WorkingCalendar& cal, const Lag& lag, Day day) {
  if (day == kNoDay || day == kNever) return day;
  switch (lag.unit) {
    case dsl::TimeExpr::Unit::days:
      return day + lag.amount;
    case dsl::TimeExpr::Unit::working_days:
      return lag.amount < 1 ? day : cal.nth_working_day_from(day + 1, lag.amount);
    case dsl::TimeExpr::Unit::months:
      return day_of(date_of(day).add_months(lag.amount));
  }
  return day;
}

/// What the passes read of a node, together: one cache line serves four nodes.
struct Input {
  Day floor = kNoDay;         ///< the earliest start: the plan's start, the window, the expected date
  std::int32_t span = 0;      ///< the duration: finish − start in days, or N working days / months
  std::int32_t relative = 0;  ///< N of a deadline counted from the trigger
  std::uint8_t flags = 0;
  bool lagged = false;  ///< the trigger counts as met some time after it happened (Plan::lag_of)
};

/// N of a relative deadline (DueDates::relative), cut as kMaxAmount says.
inline std::int32_t relative_amount(const DueDates& d) {
  return std::clamp(d.amount, 0, d.unit == dsl::TimeExpr::Unit::months ? kMaxAmount / 30 : kMaxAmount);
}

/// The Input of a task (inline: the schedule makes a million of them in a loop).
inline Input task_input(const Task& task, const Dates& dates) {
  Input x;
  std::uint8_t f = task.waived ? kWaived : 0;
  x.floor = dates.plan_start;
  if (task.due.size) {
    const DueDates& d = dates.dues[task.due.begin];
    x.floor = std::max(x.floor, d.opens);
    if (d.relative) {
      f |= kRelative | (d.amount == 0 ? kImmediate : 0) | (d.unit == dsl::TimeExpr::Unit::working_days ? kRelWorking : 0) |
           (d.unit == dsl::TimeExpr::Unit::months ? kRelMonths : 0);
      x.relative = relative_amount(d);
    }
  }
  if (task.trigger_mode == dsl::Trigger::Mode::any) f |= kAny;  // `any` only with a trigger; has_trigger() is in the second cache line
  if (task.duration && task.duration->amount > 0) {
    int amount = std::min(task.duration->amount, kMaxAmount);
    switch (task.duration->unit) {
      case dsl::TimeExpr::Unit::days:
        x.span = amount - 1;
        break;
      case dsl::TimeExpr::Unit::working_days:
        f |= kWorking;
        x.span = amount;
        break;
      case dsl::TimeExpr::Unit::months:
        f |= kMonths;
        x.span = std::min(amount, kMaxAmount / 30);
        break;
    }
  }
  x.flags = f;
  return x;
}

/// The Input of an event.
Input event_input(const Dates& dates, EventId e);
/// One Input per node (tasks, then events).
std::vector<Input> node_inputs(const Plan& plan, const Dates& dates);

}  // namespace dondoc::engine::detail
