#pragma once
// The facts as the engine reads them: the store's facts as journals, parsed one by one, plus facts
// added from other journals (`dondoc record`, `POST /api/facts`), resolved against a plan in
// recording order. Used by the daemon (every tick) and by the record path (runtime/record.hpp).

#include <cstdint>
#include <memory>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "dsl/journal.hpp"
#include "dsl/parser.hpp"
#include "engine/compile.hpp"
#include "engine/facts.hpp"
#include "runtime/store.hpp"

namespace dondoc::runtime {

/// Each stored fact is a source of its own, named `store#SEQ`, so a fact that no longer resolves is
/// named by its seq. Sources live as long as the log: resolved facts point into them.
class FactLog {
 public:
  /// Parses stored facts; a text that no longer parses is reported in `diags` and left out.
  void add_stored(const std::vector<StoredFact>& facts, dsl::Diagnostics& diags);
  /// Adds an already parsed journal (its sources must outlive the log).
  void add_journal(dsl::JournalAst journal) { journals_.push_back(std::move(journal)); }
  /// Resolves every fact against the plan, in order (so a second `done` names the first), and returns
  /// the facts, and reports the problems, of the journals from `from_journal` on.
  engine::Facts resolve(const engine::CompiledPlan& plan, dsl::Diagnostics& diags, std::size_t from_journal = 0) const;
  std::int64_t last_seq() const { return last_seq_; }
  std::size_t journal_count() const { return journals_.size(); }
  const dsl::JournalAst& journal(std::size_t i) const { return journals_[i]; }
  dsl::SourceSet& sources() { return sources_; }
  /// After the rules changed: the next `resolve` checks every fact again.
  void invalidate() { checker_.reset(); }

 private:
  dsl::SourceSet sources_;
  std::vector<dsl::JournalAst> journals_;
  std::int64_t last_seq_ = 0;
  // The facts checked so far, as context for the next ones: a tick with one new fact checks that
  // fact only, not everything recorded.
  mutable std::unique_ptr<engine::FactChecker> checker_;
  mutable const engine::CompiledPlan* checked_plan_ = nullptr;
  mutable std::size_t checked_ = 0;  ///< journals checked by checker_
};

}  // namespace dondoc::runtime
