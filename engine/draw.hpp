#pragma once
// Stage: draw. The plan graph as text for people and tools: Graphviz DOT, Mermaid, and the
// compiled plan as JSON (tasks with concrete dates, edges, duty occurrences). Tasks are grouped
// by section in plan order and coloured by their top-level section — or, given an evaluation, by
// their status on its date; events are a distinct shape, every edge is labelled with what it means
// (depends on / starts after / after), titles are wrapped (never cut), and a legend says what the
// colours and lines mean. Output order is declaration order.

#include <string>

#include "dsl/ast.hpp"
#include "engine/dates.hpp"
#include "engine/evaluate.hpp"
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
  const Evaluation* eval = nullptr;  ///< when set, nodes are coloured by status on its date
};

std::string to_dot(const DrawInput& in);
std::string to_mermaid(const DrawInput& in);
/// Field names are a contract (docs/graph.md); dates are YYYY-MM-DD.
std::string to_json(const DrawInput& in);

}  // namespace dondoc::engine
