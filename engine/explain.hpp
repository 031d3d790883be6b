#pragma once
// How a task's dates were derived, in words (`dondoc check --explain TASK`): each due time as
// written and where, the plan's reading of "trước" and its effect, the date, the move to a working
// day and why, the start condition and what it waits for, and the schedule.

#include <string>

#include "engine/dates.hpp"
#include "engine/plan.hpp"
#include "engine/schedule.hpp"

namespace dondoc::engine {

/// The explanation of task `t`, several lines, each ending in '\n'.
std::string explain_task(const Plan& plan, const Dates& dates, const Schedule& schedule, TaskId t, dsl::Lang lang);

/// "thứ Ba 02/01/2024" / "Tuesday 2024-01-02".
std::string show_weekday_date(Day d, dsl::Lang lang);

}  // namespace dondoc::engine
