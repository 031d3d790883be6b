#pragma once
// What the commands that evaluate a plan read besides its rules: the journals (`--journal FILE`),
// the facts a daemon's store holds (`--db FILE`, read as `dondoc export` writes them) and what-if
// facts (`--assume EVENT=DATE`), resolved against the compiled plan. Shared by `status`,
// `simulate`, `report` and `check --diff`.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/compile.hpp"
#include "engine/facts.hpp"

namespace dondoc::cli {

/// A DATE argument: `YYYY-MM-DD` or `dd/mm/yyyy` (PRODUCT.md). nullopt when it is neither or not a
/// real day.
std::optional<engine::Day> parse_date_arg(std::string_view text);

struct FactInputs {
  std::vector<std::string> journals;  ///< `--journal FILE`, in the order given
  std::vector<std::string> assume;    ///< `--assume EVENT=DATE`
  std::string db;                     ///< `--db FILE`: the facts recorded in a store, in order
};

/// Reads the store's facts (when `inputs.db` is set) and the journals into `compiled.sources`, turns each `--assume` into an event fact,
/// and resolves them all against the plan. Every problem (an unreadable file, a syntax error, an unknown id, a bad `--assume`) is a
/// diagnostic in `compiled.diags`; the facts returned are the valid ones. Call only when `compiled.ok()`.
engine::Facts load_facts(engine::CompiledPlan& compiled, const FactInputs& inputs);

}  // namespace dondoc::cli
