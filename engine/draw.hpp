#pragma once
// Stage: draw. The plan graph as text for people and tools: Graphviz DOT, Mermaid, and the
// compiled plan as JSON (tasks with concrete dates, edges, duty occurrences). Tasks are
// coloured by their top-level section, events are a distinct shape, and every edge is labelled
// with what it means (depends on / starts after / after). Output order is declaration order.

#include <string>

#include "dsl/ast.hpp"
#include "engine/dates.hpp"
#include "engine/occurrences.hpp"
#include "engine/plan.hpp"
#include "engine/schedule.hpp"

namespace dondoc::engine {

struct DrawInput {
  const Plan& plan;
  const Dates& dates;
  const Occurrences& occurrences;
  const Schedule& schedule;
  dsl::Lang lang = dsl::Lang::vi;
};

std::string to_dot(const DrawInput& in);
std::string to_mermaid(const DrawInput& in);
/// Field names are a contract (docs/graph.md); dates are YYYY-MM-DD.
std::string to_json(const DrawInput& in);

}  // namespace dondoc::engine
