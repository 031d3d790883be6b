#pragma once
// The options several subcommands share, each declared in one place: where the facts come from
// (`--journal`, `--db`, `--assume`) and which holiday calendar applies (`--calendar`,
// `--no-calendar`); and the agency `--agency` names (`status`, `report`).

#include <string>
#include <string_view>

#include "cli/facts_input.hpp"
#include "engine/compile.hpp"

namespace CLI {
class App;
}

namespace dondoc::cli {

/// `--journal FILE`… or `--db FILE` (not both), and `--assume EVENT=DATE`… into `facts`.
void add_fact_options(CLI::App& command, FactInputs& facts);

/// `--calendar DIR` and `--no-calendar` into `calendar`.
void add_calendar_options(CLI::App& command, engine::CalendarChoice& calendar);

/// The agency `--agency ID` names; kNone when the plan declares no agency `id`, with `near` set to
/// the closest agency id (empty when none is close enough to be a likely typo).
engine::AgencyId find_agency(const engine::Plan& plan, std::string_view id, std::string& near);

}  // namespace dondoc::cli
