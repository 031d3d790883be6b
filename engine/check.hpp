#pragma once
// Stage: check. The mistakes that matter to the people who run a plan, found on the compiled plan.

#include "dsl/diagnostics.hpp"
#include "engine/plan.hpp"

namespace dondoc::engine {

/// Reports, each at its place: cycles of dependencies or start conditions (as the path
/// `II.3 -> II.4 -> II.3`) and of the reporting chain; a relative deadline with no trigger; a task
/// due before a task it depends on or waits for is due; a start condition that can never be met
/// (it waits for a waived task) and, as warnings, one that nobody will record (an event with no
/// follow-up agency) or that is expected after the task is due; and, as a warning, a task given
/// two different due dates (both shown with their sources).
void check(const Plan& plan, dsl::Diagnostics& diags);

}  // namespace dondoc::engine
