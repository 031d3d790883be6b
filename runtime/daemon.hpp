#pragma once
// The daemon (`dondoc run`): one loop with a periodic tick that takes in new facts from the store,
// evaluates the plan on every day from the last one evaluated to the clock's today, commits each
// day's evaluation with its escalations in one transaction, and drains the outbox into the sinks.
//
// Durability: everything the daemon knows is in the store. A restart resumes on the day after the
// last evaluation and first replays the escalator from the first evaluated day to the last without
// committing, so it remembers what it sent (threads, repetitions); ids are deterministic and stored
// with INSERT OR IGNORE, so nothing is ever sent twice or skipped.
//
// Hot reload: the rule files are polled (mtime and size) every tick, and reloaded on SIGHUP. New rules
// are compiled in full before they replace the old ones; rules with errors leave the old ones
// running and become one `rules_rejected` escalation to the plan's owner and follow-up agency.
//
// Signals only set flags (see `request_stop` / `request_reload`); the loop finishes its tick, never
// a transaction half-way, and exits 0.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "dsl/journal.hpp"
#include "dsl/parser.hpp"
#include "engine/compile.hpp"
#include "engine/facts.hpp"
#include "runtime/http.hpp"
#include "runtime/store.hpp"

namespace dondoc::runtime {

struct DaemonOptions {
  std::vector<std::string> paths;  ///< the plan's folder or files
  engine::CalendarChoice calendar;
  std::string db;
  std::string clock = "real";        ///< `real` | `sim:START[:DAYS_PER_SECOND]`
  std::vector<std::string> sinks;    ///< `--sink SPEC`
  int tick_ms = 1000;                ///< `--tick MS`
  std::optional<engine::Day> until;  ///< `--until DATE`: stop after evaluating that day and draining
  std::string log_file;              ///< `--log FILE`: a rotating file besides stderr
  dsl::Lang lang = dsl::Lang::vi;
  HttpOptions http;  ///< `--http ADDR:PORT`, `--token-file`, `--http-read-token`
};

/// Runs the daemon until SIGTERM/SIGINT or `--until`. Returns the exit code: 0 after a clean stop,
/// 1 when the rules or the store cannot be used at start, 2 for a bad option (clock, sink).
int run_daemon(const DaemonOptions& options);

/// Set by the signal handlers (and tests).
void request_stop();
void request_reload();

/// A content hash of a rule set (FNV-1a 64 over every file's path and text, in load order), 16 hex
/// digits, and the hash of each file.
std::string rules_hash(const dsl::SourceSet& sources, std::vector<RuleFile>* files = nullptr);

/// The store's facts as journals, parsed one by one (each fact is a source of its own, named
/// `store#SEQ`, so a fact that no longer resolves is named by its seq), plus facts added from other
/// journals (`dondoc record`). Sources live as long as the log: resolved facts point into them.
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

/// State-table keys the daemon writes (read by `dondoc record`).
inline constexpr const char* kStatePlanPaths = "plan.paths";  ///< JSON array of absolute paths
inline constexpr const char* kStateCalendar = "plan.calendar";
inline constexpr const char* kStateFirstDay = "daemon.first_day";  ///< ISO: the first day evaluated
/// The escalator's threads (JSON) as of an orderly stop, and the seq of the evaluation they belong to.
inline constexpr const char* kStateThreads = "daemon.escalator_threads";
inline constexpr const char* kStateThreadsAt = "daemon.escalator_threads_evaluation";
inline constexpr const char* kStateSimClock = "clock.sim";  ///< `START POSITION` (ISO dates)

}  // namespace dondoc::runtime
