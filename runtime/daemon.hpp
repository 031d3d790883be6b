#pragma once
// The daemon's state and its tick. Each tick takes in new facts from the store, evaluates the plan
// on every day from the last one evaluated to the clock's today, commits each day's evaluation with
// its escalations in one transaction, and drains the outbox into the sinks. `dondoc run`
// (runtime/run_daemon.hpp) is the process around it: signals, the store lock, the wait between
// ticks, the HTTP server, the log. Tests drive a Daemon in-process with a ManualClock.
//
// Time: the plan's today and every stamp come from the Clock the daemon is given
// (runtime/clock.hpp). On a SimClock it also resumes where the simulation stopped and stops at the
// plan's horizon.
//
// Durability: everything the daemon knows is in the store. A restart resumes on the day after the
// last evaluation and first replays the escalator from the first evaluated day to the last without
// committing, so it remembers what it sent (threads, repetitions); ids are deterministic and stored
// with INSERT OR IGNORE, so nothing is ever sent twice or skipped.
//
// Hot reload: the rule files are polled (mtime and size) every tick, and reloaded when asked
// (SIGHUP, `POST /api/reload`). New rules are compiled in full before they replace the old ones;
// rules with errors leave the old ones running and become one `rules_rejected` escalation to the
// plan's owner and follow-up agency.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"
#include "engine/compile.hpp"
#include "engine/evaluate.hpp"
#include "runtime/clock.hpp"
#include "runtime/fact_log.hpp"
#include "runtime/http.hpp"
#include "runtime/sinks.hpp"
#include "runtime/smtp.hpp"
#include "runtime/store.hpp"

namespace dondoc::engine {
class Escalator;
}  // namespace dondoc::engine

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
  MailSettings mail;  ///< `--mail-*`, for smtp:// sinks (the daemon sets `compose`)
  HttpOptions http;   ///< `--http ADDR:PORT`, `--token-file`, `--http-read-token`
};

class Daemon final : public DaemonState {
 public:
  /// `options` and `clock` must outlive the daemon. `stop_asked` is polled between the days of a
  /// catch-up, so that a stop does not wait for a long one (none: never).
  Daemon(const DaemonOptions& options, Store store, Clock& clock, std::function<bool()> stop_asked = {});
  ~Daemon() override;
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  /// A sink besides those of `options.sinks` (tests: a sink that records); before start().
  void add_sink(std::unique_ptr<Sink> sink) { dispatcher_.add_sink(std::move(sink)); }
  /// Compiles the rules, loads the facts, resumes the clock and warms up the escalator. Returns 0,
  /// or 1 when the rules have errors (logged). Throws SinkSpecError for a bad sink, StoreError.
  int start();
  bool started() const { return started_; }
  /// One tick: reload if asked (else if the rule files changed), new facts, the days due, the
  /// outbox.
  void tick();
  /// Reload the rules at the next tick, as the files changing would.
  void request_reload() { reload_asked_ = true; }
  /// The stop day evaluated and every sink's outbox empty; `why` says which stop day it was.
  bool finished(std::string& why);
  /// The orderly stop: the period so far logged, the escalator's threads kept for the next start.
  void stop();
  engine::Day last_day() const { return last_day_; }
  std::size_t open_threads() const;
  DaemonCounters& counters() { return counters_; }

  // The HTTP server's view (runtime/http.hpp), read under the daemon's mutex ----------------------
  const engine::CompiledPlan& compiled() const override { return *rules_.compiled; }
  const engine::Model& model() const override { return *rules_.model; }
  const engine::Evaluation& evaluation() const override { return evaluator_->evaluation(); }
  const engine::Facts& facts() const override { return evaluator_->facts(); }
  Store& store() override { return store_; }
  std::vector<std::string> sink_names() const override;
  std::string in_force_hash() const override { return rules_.hash; }
  std::int64_t in_force_version() const override { return rules_.version; }
  const DaemonCounters& counters() const override { return counters_; }
  /// `POST /api/facts`: the record path of `dondoc record`, then the facts taken in at once (as the
  /// next tick would), so the answer comes after the status reflects them.
  WriteOutcome record(const std::vector<JournalInput>& journals, const std::string& by, dsl::Lang lang) override;
  WriteOutcome reload(dsl::Lang lang) override;

 private:
  /// One rule set in force: the compiled plan and the model the engine reads (kept at a stable
  /// address: the Escalator points to it).
  struct Rules {
    std::unique_ptr<engine::CompiledPlan> compiled;
    std::unique_ptr<engine::Model> model;
    std::string hash;
    std::vector<RuleFile> files;
    std::int64_t version = 0;
  };

  /// The first day to evaluate when none was: a simulation's START, else today.
  engine::Day first_day() const;
  engine::Day today() const { return engine::day_of(clock_.today()); }
  /// The wall time as stamps hold it.
  std::string stamp() const { return utc_iso(clock_.now()); }
  /// Deliveries stamped by the clock.
  Dispatcher::Options dispatcher_options();
  /// Logs what the period (a simulated month, a real day) so far did, at `info`, and starts the next.
  void end_period();
  /// Keeps the escalator's threads (each with the policy it started under) for the next start, tied
  /// to the last evaluation so that a later crash cannot make them stale.
  void save_threads();
  /// Puts a simulated clock where the store says the simulation stopped.
  void resume_clock();
  /// The effective settings in one line, and a warning for each that leaves escalations unseen or
  /// the daemon running for ever.
  void log_settings() const;
  /// After an orderly stop: the saved threads, if they belong to the last evaluation, and every id
  /// the store holds as sent. False when there is nothing (usable) saved: then the caller replays.
  bool restore_threads(const engine::Facts& facts);
  /// Replays the evaluated days without committing, so that the escalator remembers what it sent.
  void replay(const engine::Facts& facts);
  /// The last day the daemon evaluates before it stops on its own: `--until`, or on a simulated
  /// clock the plan's horizon (31/12 of its last year) when it declares one; else kNoDay.
  engine::Day stop_day() const;
  std::vector<std::filesystem::path> watched_roots() const;
  Rules compile() const;
  void record_version(Rules& r);
  void report_skipped(const dsl::Diagnostics& diags);
  engine::Facts resolve_all();
  bool take_new_facts();
  void evaluate_day(engine::Day d);
  void drain();
  WriteOutcome reload(const std::string& why);
  /// A rule set with errors, sent like an escalation to the plan's owner and follow-up agency.
  void reject(const Rules& bad);

  const DaemonOptions& o_;
  Store store_;
  Clock& clock_;
  SimClock* sim_;  ///< the clock, when it is simulated
  std::function<bool()> stop_asked_;
  bool started_ = false, reload_asked_ = false;
  std::vector<std::filesystem::path> paths_, watched_;
  std::string signature_, pending_signature_, rejected_hash_;
  Rules rules_;
  FactLog log_;
  std::unique_ptr<engine::Escalator> escalator_;
  std::unique_ptr<engine::Evaluator> evaluator_;
  Dispatcher dispatcher_;
  engine::Day last_day_ = engine::kNoDay, saved_position_ = engine::kNoDay;
  struct Period {  ///< what the period being evaluated did so far
    int days = 0, raised = 0, delivered = 0, failed = 0;
  } period_;
  DaemonCounters counters_;
  std::unique_ptr<Rules> rejected_;  ///< the last rules refused, for their diagnostics in another language
};

}  // namespace dondoc::runtime
