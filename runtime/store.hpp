#pragma once
// The store: the daemon's durable state in one SQLite file (WAL mode, synchronous=NORMAL, a busy
// timeout so `dondoc record` can write while the daemon runs). It knows nothing of the engine: facts
// and escalations arrive as rows of plain strings, made by the engine and the journal printer.
//
// Schema (version 2, `PRAGMA user_version`; `PRAGMA application_id` = 0x446E4463 "DnDc"):
//
//   rule_versions(id INTEGER PK, hash, plan_id, files JSON `[{"path","hash"}…]`, loaded_at)
//       one row per set of rules put in force (start and every reload), never changed.
//   facts(seq INTEGER PK, kind, target, on_date ISO|NULL, text, recorded_by, reference, source,
//         recorded_at, rule_version → rule_versions)
//       append-only (triggers refuse UPDATE and DELETE); `text` is the canonical journal line
//       (dsl::journal_text), so `export` is the texts in seq order.
//   evaluations(seq INTEGER PK, plan_date ISO, rule_version, facts_seen, at)
//       the tick log: the plan evaluated at plan_date having seen facts up to seq facts_seen.
//   escalations(id TEXT PK, seq UNIQUE, evaluation → evaluations, plan_date, task, kind, level,
//               recipient, payload JSON, rule_version)
//       id is the engine's deterministic id; seq is the insertion order (the outbox order, stable
//       across VACUUM, unlike a rowid); written only by commit_evaluation, with its evaluation.
//   deliveries(escalation_id → escalations, sink, delivered_at|NULL, attempts, last_error)
//       PK (sink, escalation_id). The outbox of sink S: escalations with no row for S whose
//       delivered_at is set, in seq order. A failed attempt leaves delivered_at NULL.
//   state(key TEXT PK, value)  small settings and markers.
//
// Version 1 was the first layout, without deliveries.attempts/last_error, facts.rule_version and
// state; opening an older store upgrades it step by step in one transaction. A store written by a
// newer dondoc is refused.
//
// Every failure is a StoreError whose message names the file and quotes SQLite. A damaged file
// (SQLite reports corruption, `PRAGMA quick_check` is not ok, or an SQLite file's first page is
// garbage) is reported as damaged, with the recovery steps (docs/operations.md "A damaged store"). One Store is used
// by one thread; several processes may open the same file.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dondoc::runtime {

/// Whether `s` holds no line break (CR or LF): what the store keeps and the sinks write are lines
/// (journal texts, JSON payloads).
bool one_line(std::string_view s);

/// A store failure. `what()` is English (logs); `vietnamese()` is the same for people, when the
/// error is one they must act on (a damaged store), else the English text. `sqlite_code` is
/// SQLite's result code when SQLite refused (0 otherwise).
class StoreError : public std::runtime_error {
 public:
  explicit StoreError(const std::string& en, std::string vi = {}, int sqlite_code = 0)
      : std::runtime_error(en), vi_(std::move(vi)), code_(sqlite_code) {}
  std::string vietnamese() const { return vi_.empty() ? what() : vi_; }
  /// The message in Vietnamese (`vi`) or English.
  std::string in(bool vi) const { return vi ? vietnamese() : what(); }
  int sqlite_code() const { return code_; }
  /// A fault that passes by itself: the store locked by another process beyond the busy timeout
  /// (SQLITE_BUSY, SQLITE_LOCKED) or the disk full (SQLITE_FULL). The daemon waits these out.
  bool transient() const;

 private:
  std::string vi_;
  int code_ = 0;
};

/// A fact to record. Dates are ISO `YYYY-MM-DD`; times are ISO 8601 UTC (`2024-03-01T08:00:00Z`).
struct NewFact {
  std::string kind;    ///< done, happened, value, waive, extend (not checked here)
  std::string target;  ///< the task, duty, event or indicator id
  std::string on;      ///< the fact's date (ISO), empty when it has none (an indicator value)
  std::string text;    ///< the canonical one-line journal text (opaque here)
  std::string recorded_by, reference, source;
  std::string recorded_at;
  std::optional<std::int64_t> rule_version;  ///< the rules in force it was checked against
};

struct StoredFact : NewFact {
  std::int64_t seq = 0;  ///< 1, 2, 3 … in recording order
};

struct RuleFile {
  std::string path, hash;
};

struct RuleVersion {
  std::int64_t id = 0;  ///< assigned by add_rule_version
  std::string hash;     ///< content hash of the whole rule set
  std::string plan_id;
  std::vector<RuleFile> files;
  std::string loaded_at;
};

/// One tick: the plan evaluated at `plan_date`.
struct Evaluation {
  std::int64_t seq = 0;  ///< assigned by commit_evaluation
  std::string plan_date;
  std::optional<std::int64_t> rule_version;
  std::int64_t facts_seen = 0;  ///< the highest fact seq the evaluation saw
  std::string at;               ///< wall time
};

/// An escalation as the engine produced it.
struct NewEscalation {
  std::string id;  ///< deterministic: the same inputs give the same id
  std::string plan_date, task, kind;
  int level = 0;
  std::string recipient;  ///< the agency (or other key) it goes to; deliveries keep order per recipient
  std::string payload;    ///< the JSON line delivered to sinks
};

struct Escalation : NewEscalation {
  std::int64_t seq = 0;         ///< insertion order
  std::int64_t evaluation = 0;  ///< the evaluation that produced it
  std::optional<std::int64_t> rule_version;
};

struct CommitResult {
  std::int64_t evaluation = 0;  ///< the new evaluation's seq
  int new_escalations = 0;      ///< escalations not already in the store
};

struct DeliveryState {
  std::optional<std::string> delivered_at;
  int attempts = 0;
  std::string last_error;
};

struct StoreOptions {
  int busy_timeout_ms = 5000;  ///< how long a write waits for another writer
  /// synchronous=FULL: every commit is on disk when it returns, even across a power loss (the
  /// default NORMAL survives a crash of dondoc, but a power loss may undo the last commits). For
  /// `dondoc record`, where one fact at a time is typed by a person.
  bool sync_full = false;
  /// Runs `PRAGMA quick_check` when opening, refusing a damaged store (StoreError): for the
  /// daemon and `dondoc record`, which write. `export` and `backup` leave it off, to save what
  /// can still be read.
  bool check_integrity = false;
};

class Store {
 public:
  /// Opens (creating if needed) and upgrades the store at `path`. Throws StoreError.
  static Store open(const std::string& path, const StoreOptions& options = {});
  /// A private in-memory store (tests, dry runs).
  static Store open_memory();

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  /// The schema version this build writes.
  static int current_schema_version();
  int schema_version() const;
  std::string journal_mode() const;  ///< "wal" for a file store
  const std::string& path() const;
  /// Copies the whole store into `path`, a new file (empty or absent), with SQLite's online backup
  /// API: one consistent snapshot, what is still in the WAL included, taken while the daemon and
  /// `dondoc record` go on writing (WAL readers block no writer). The copy is synced and checked
  /// with `PRAGMA quick_check`; returns its number of pages. Throws StoreError (the copy is then
  /// left for the caller to remove).
  std::int64_t backup_to(const std::string& path) const;
  /// `PRAGMA quick_check`: throws the damaged-store StoreError (with recovery steps) unless it
  /// answers ok. Run before writing facts (runtime/record.hpp).
  void check_integrity() const;

  // Facts -------------------------------------------------------------------------------------
  /// Records all facts in one transaction (all or none); returns their seqs.
  std::vector<std::int64_t> record_facts(std::span<const NewFact> facts);
  /// The same, only if no fact was recorded after seq `checked_up_to` (the facts the new ones were
  /// checked against); otherwise nothing is written and the result is empty, so the caller checks
  /// again (two `dondoc record` at once cannot both record a `done` for one task).
  std::optional<std::vector<std::int64_t>> record_facts_if_unchanged(std::span<const NewFact> facts, std::int64_t checked_up_to);
  /// Records one fact in its own transaction; returns its seq.
  std::int64_t record_fact(const NewFact& fact);
  /// Facts with seq > `seq`, in order.
  std::vector<StoredFact> facts_since(std::int64_t seq) const;
  std::vector<StoredFact> all_facts() const { return facts_since(0); }
  /// Calls `fn` for each fact in seq order without holding them all in memory.
  void for_each_fact(const std::function<void(const StoredFact&)>& fn) const;
  /// Writes every fact's text, one a line, in recording order: the store as a journal.
  void export_journal(std::ostream& out) const;
  std::int64_t last_fact_seq() const;

  // Rule versions -----------------------------------------------------------------------------
  /// Records a rule set put in force; returns its id (the `id` field of `v` is ignored).
  std::int64_t add_rule_version(const RuleVersion& v);
  /// The rule set put in force last, if any.
  std::optional<RuleVersion> latest_rule_version() const;

  // Evaluations and escalations ---------------------------------------------------------------
  /// In ONE transaction: writes the evaluation row and its escalations (an id already stored is
  /// skipped, so re-running an evaluation after a crash adds nothing twice).
  CommitResult commit_evaluation(const Evaluation& evaluation, std::span<const NewEscalation> escalations);
  std::optional<Evaluation> last_evaluation() const;
  /// Every escalation id, in insertion order.
  std::vector<std::string> escalation_ids() const;
  bool has_escalation(const std::string& id) const;

  // Deliveries --------------------------------------------------------------------------------
  /// Up to `limit` escalations not yet delivered to `sink` with seq > `after_seq`, in seq order.
  std::vector<Escalation> outbox(const std::string& sink, int limit, std::int64_t after_seq = 0);
  /// Records that `sink` confirmed escalation `id` (call only after it did).
  void mark_delivered(const std::string& sink, const std::string& id, const std::string& delivered_at);
  /// Records a failed attempt (attempts + 1, the error kept); the escalation stays in the outbox.
  void mark_failed(const std::string& sink, const std::string& id, const std::string& error);
  std::optional<DeliveryState> delivery(const std::string& sink, const std::string& id) const;

  // For people and monitoring (the HTTP API) -------------------------------------------------
  /// Up to `limit` escalations with seq > `after_seq` and plan date on or after `from_date` (ISO;
  /// empty: any), in seq order.
  std::vector<Escalation> escalations(std::int64_t after_seq, const std::string& from_date, int limit) const;
  /// The last `limit` escalations about `task`, in seq order.
  std::vector<Escalation> escalations_of(const std::string& task, int limit) const;
  /// Every sink's delivery state of escalation `id`, by sink name.
  std::vector<std::pair<std::string, DeliveryState>> deliveries_of(const std::string& id) const;
  /// How many escalations of each kind, by kind name.
  std::vector<std::pair<std::string, std::int64_t>> escalation_counts() const;
  /// How many escalations of each kind and level, in kind then level order.
  struct KindLevelCount {
    std::string kind;
    int level = 0;
    std::int64_t n = 0;
  };
  std::vector<KindLevelCount> escalation_counts_by_level() const;
  /// Escalations not yet delivered to `sink`.
  std::int64_t backlog(const std::string& sink) const;
  /// Failed delivery attempts to `sink` so far.
  std::int64_t failed_attempts(const std::string& sink) const;

  // State -------------------------------------------------------------------------------------
  std::optional<std::string> get_state(const std::string& key) const;
  void set_state(const std::string& key, const std::string& value);

  struct Impl;

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// State-table keys the daemon writes (the plan keys are read by the record path, runtime/record.hpp).
inline constexpr const char* kStatePlanPaths = "plan.paths";  ///< JSON array of absolute paths
inline constexpr const char* kStateCalendar = "plan.calendar";
inline constexpr const char* kStateFirstDay = "daemon.first_day";  ///< ISO: the first day evaluated
/// The escalator's threads (JSON) as of an orderly stop, and the seq of the evaluation they belong to.
inline constexpr const char* kStateThreads = "daemon.escalator_threads";
inline constexpr const char* kStateThreadsAt = "daemon.escalator_threads_evaluation";
inline constexpr const char* kStateSimClock = "clock.sim";  ///< `START POSITION` (ISO dates)

}  // namespace dondoc::runtime
