#pragma once
// A generator of synthetic plans in the plan language, shaped like the real plan
// (QĐ 557/QĐ-UBND): a header, ~40 agencies with `cấp trên` chains, groups, an escalation
// policy, holidays, events, sections of 5–50 tasks, dependencies, duties and indicators.
// Used by dondoc-gen-plan and dondoc-bench-parse; not part of the product.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace dondoc::bench {

enum class GenLang { vi, en };

struct GenOptions {
  std::size_t tasks = 1000;
  std::uint64_t seed = 1;
  GenLang lang = GenLang::vi;
  std::size_t files = 1;  ///< split the plan into this many files (name order = load order)
};

/// What was generated, for reports.
struct GenStats {
  std::size_t tasks = 0, sections = 0, events = 0, duties = 0, indicators = 0, agencies = 0;
  std::size_t depends_edges = 0;  ///< `phụ thuộc` names
  std::size_t trigger_edges = 0;  ///< `bắt đầu sau` names
  std::size_t after_edges = 0;    ///< event `sau` names
  std::size_t bytes = 0;
};

/// Receives the text in order, in pieces of about 1 MB, with the index of the file it belongs to.
using GenSink = std::function<void(std::size_t file, std::string_view text)>;

/// Writes a deterministic plan: the same options give byte-identical output.
/// Ids are declared before they are referenced and dependencies only point to earlier tasks,
/// so the task graph is acyclic.
GenStats generate_plan(const GenOptions& options, const GenSink& sink);

/// The name of file `index` (0-based) of a plan split into `files` files: "plan-01.rules" …
std::string plan_file_name(std::size_t index, std::size_t files);

}  // namespace dondoc::bench
