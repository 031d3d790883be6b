#pragma once
// Stage: schedule. The critical-path method over the plan graph, as a project scheduler does it:
// a forward pass gives each task its earliest start and finish, a backward pass from the
// deadlines its latest finish and start; slack = latest finish − earliest finish, and a task with
// slack ≤ 0 is on the critical path (any delay makes something late).
//
// Rules (docs/language.md, §5.7):
// - Days are whole days. A task works from its start day to its finish day, both included:
//   `thời lượng N ngày` finishes on start + N − 1, `N ngày làm việc` on the N-th working day from
//   the start, `N tháng` on the day before the same day N months later. A task without a duration
//   is a milestone: it finishes on the day it can start.
// - Nothing starts before the plan's effective date, nor before the window of its due time opens
//   (`Giai đoạn 2026 - 2030` opens 01/01/2026).
// - A task starts the day after everything it depends on is finished and after its trigger:
//   all of its events and tasks (`bắt đầu sau`, `tất cả`), or the first of them (`một trong`).
// - An event happens the day after the tasks and events it comes after, and not before its
//   expected date (`dự kiến`); with neither, it is assumed at the earliest: the plan's start.
// - The latest finish of a task is its deadline (moved to a working day), and never after the day
//   before the latest start of anything that waits on it or depends on it. With `một trong`, every
//   alternative is held to the waiting task's latest start (the safe reading).
// - A deadline counted from the trigger (`trong 30 ngày`) is placed from the projected trigger. It
//   binds the task itself (its slack) but not what comes before it: if the trigger is later, so is
//   the deadline. A task due `ngay` (immediately) starts the day its trigger happens.
// - Waived tasks are not scheduled and hold nothing back.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/dates.hpp"
#include "engine/plan.hpp"

namespace dondoc::engine {

/// Flat arrays indexed by node (tasks [0, tasks), then events). Events are instants: their start
/// and finish are the same day. kNoDay: not scheduled (waived, or part of a cycle); a latest date
/// of kNever: no deadline holds it.
struct Schedule {
  std::vector<Day> earliest_start, earliest_finish, latest_start, latest_finish;
  /// Per task: its deadline, a relative one placed from the projected trigger; kNever without one.
  std::vector<Day> deadline;
  /// Per node: the projected day its trigger happens (what it waits for, `bắt đầu sau`), or kNoDay.
  std::vector<Day> trigger;
  std::vector<NodeId> order;  ///< a topological order: everything a node waits for comes before it

  /// Without recorded facts the projected finish is the earliest finish.
  Day projected(NodeId n) const { return earliest_finish[n]; }
  /// The latest finish allowed to the node itself: its latest finish, or its own relative deadline
  /// when that is earlier.
  Day finish_by(NodeId n) const { return n < deadline.size() ? std::min(latest_finish[n], deadline[n]) : latest_finish[n]; }
  /// finish_by − earliest finish in days, when both are known.
  std::optional<std::int32_t> slack(NodeId n) const {
    Day ef = earliest_finish[n], lf = finish_by(n);
    if (ef == kNoDay || lf == kNever || lf == kNoDay) return std::nullopt;
    return lf - ef;
  }
  bool critical(NodeId n) const {
    auto s = slack(n);
    return s && *s <= 0;
  }
};

/// Runs the forward and backward passes in topological order over the CSR arrays. Expects an
/// acyclic graph (after `check`); nodes on a cycle are left unscheduled.
Schedule compute_schedule(const Plan& plan, const Dates& dates);

}  // namespace dondoc::engine
