#pragma once
// Stage: resolve. Syntax tree → compiled plan (engine/plan.hpp).

#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"
#include "engine/plan.hpp"

namespace dondoc::engine {

/// Builds the plan from the parsed files: gives every declaration its dense id (duplicate ids
/// are errors), resolves every name to a declaration of the expected kind (with "did you mean"
/// hints), expands groups, and reports a missing or second plan header, a task without a lead,
/// an empty group and a clause written twice. Keeps going after an error, leaving out what it
/// could not resolve, so one run reports every problem. A large plan's tasks are resolved on
/// `threads` threads (0: as many as the machine has cores, or DONDOC_THREADS; at most two are
/// used); the plan and the diagnostics are the same whatever the number.
Plan resolve(const dsl::PlanSources& sources, dsl::Diagnostics& diags, unsigned threads = 0);

}  // namespace dondoc::engine
