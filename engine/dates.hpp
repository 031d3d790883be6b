#pragma once
// Stage: dates. Every time literal of the plan becomes concrete days: the due day under the plan's
// reading, the deadline as the law counts it (moved off weekends and holidays, Civil Code 2015,
// Art. 147–148), and the window of periods and standing tasks. Deadlines counted from a trigger
// stay relative here; the schedule (and, with facts, the evaluator) resolves them.

#include <vector>

#include "dsl/diagnostics.hpp"
#include "engine/plan.hpp"

namespace dondoc::engine {

/// The concrete days of one due time (one element of Plan::dues).
struct DueDates {
  Day literal = kNoDay;                                  ///< the due day as written, under the plan's reading (Due::date)
  Day deadline = kNoDay;                                 ///< `literal` moved to the next working day when it is not one
  Day opens = kNoDay;                                    ///< the window's first day: a period's, or the plan's for standing tasks
  Day closes = kNoDay;                                   ///< the window's last day: a period's (= literal), or 31/12 of the horizon year
  DayOff moved_because = DayOff::none;                   ///< why `literal` is not a working day
  bool relative = false;                                 ///< counted from the trigger: no date until the trigger is known
  dsl::TimeExpr::Unit unit = dsl::TimeExpr::Unit::days;  ///< relative: N days, working days or months
  std::int32_t amount = 0;                               ///< relative: N (0: `ngay`, immediately)
};

/// A window of days, both ends included.
struct Window {
  Day opens = kNoDay, closes = kNoDay;
};

struct Dates {
  Day plan_start = kNoDay;                  ///< the effective date (else the issue date)
  Day plan_end = kNoDay;                    ///< 31/12 of the horizon year
  std::vector<DueDates> dues;               ///< parallel to Plan::dues
  std::vector<Day> task_deadline;           ///< per task: the deadline of its tracked (first) due time, or kNoDay
  std::vector<Day> event_expected;          ///< per event: its expected day (`dự kiến`, not moved), or kNoDay
  std::vector<Window> duty_window;          ///< per duty: its period, clipped to the plan's window
  std::vector<int> years_without_holidays;  ///< years with deadlines but no holiday declaration

  DueDates tracked(const Plan& p, TaskId t) const { return p.tasks[t].due.size ? dues[p.tasks[t].due.begin] : DueDates{}; }
};

/// Computes the dates of every due time, event and the plan's own window; warns once, at the first
/// deadline concerned, when deadlines (or duty occurrences) fall in years without a holiday
/// declaration, since there only weekends move them.
Dates compute_dates(const Plan& plan, dsl::Diagnostics& diags);

}  // namespace dondoc::engine
