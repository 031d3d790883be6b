#pragma once
// The one path by which facts enter the store: `dondoc record`, the daemon's HTTP `POST /api/facts`
// and anything else that records. Facts arrive as journal text; they are parsed, checked against
// the plan and against the facts already recorded (a second `done` is refused and names the first),
// and written all or nothing.
//
// Rules:
// - The store is checked first (`PRAGMA quick_check`): a damaged store is refused with a StoreError
//   naming the recovery steps, and nothing is written into it.
// - Nothing is written when any fact has an error; the result carries every diagnostic.
// - The check and the write see the same facts: the write happens only if no fact was recorded
//   since the check (`Store::record_facts_if_unchanged`); otherwise the facts are checked again,
//   up to 5 times, then the result is `busy` and nothing is written.
// - A fact dated after the plan ends is refused (engine/facts.hpp); one dated after `today` too,
//   unless `allow_future` (a decision already signed that takes effect on a later day).
// - `by` (who records) replaces the `người ghi` / `recorded by` a fact leaves out, and is kept
//   in the store's `recorded_by` column.
// - Each fact is stored as its canonical journal line (dsl::journal_text), in the language it was
//   written in; the result lists the seqs assigned (`đã ghi #N`).
// - A withdrawal is a fact like the others (who, when, reason, reference), named `--withdraw` in
//   messages; the facts it takes out of force stay in the store (engine/facts.hpp "Withdrawals").

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "engine/compile.hpp"
#include "runtime/store.hpp"

namespace dondoc::runtime {

class FactLog;

/// A journal given as text, named for diagnostics (`argument 1`, `request body`).
struct NamedText {
  std::string name;
  std::string text;
};

/// `--withdraw N --reason TEXT`: fact N (its seq, `đã ghi #N`) out of force, for a reason.
struct Withdrawal {
  std::int64_t number = 0;
  std::string reason;
  std::string reference;  ///< the document ordering it, if any
};

struct RecordRequest {
  std::vector<std::string> journal_files;  ///< read and parsed in order, before `texts`
  std::vector<NamedText> texts;
  std::optional<Withdrawal> withdraw;  ///< recorded after the texts, as `rút lại ghi chép N ngày TODAY { … }`
  std::string by;                      ///< who records; empty: each fact's own `người ghi`, if any
  dsl::Lang lang = dsl::Lang::vi;      ///< the language of the withdrawal's journal line
  /// Today on the real clock (runtime/clock.hpp), in the plan's time zone: the withdrawal's date,
  /// and facts dated later are refused unless `allow_future`. Not set (invalid): no such check.
  dsl::Date today;
  bool allow_future = false;  ///< `--allow-future`: a fact decided for a later day (an event fixed in advance)
  std::string at;             ///< the facts' `recorded_at` (ISO 8601 UTC); empty: now on the system clock
};

struct RecordedFact {
  std::int64_t seq = 0;
  std::string text;  ///< the canonical journal line stored
};

struct RecordResult {
  enum class Outcome { recorded, refused, busy };
  Outcome outcome = Outcome::refused;
  dsl::Diagnostics diags;  ///< errors (refused) and warnings (also when recorded)
  std::vector<RecordedFact> recorded;

  RecordResult();
  RecordResult(RecordResult&&) noexcept;
  RecordResult& operator=(RecordResult&&) noexcept;
  ~RecordResult();

  /// The diagnostics and their summary line (empty when there are none), as printed on stderr.
  std::string render_diagnostics(dsl::Lang lang) const;
  /// `đã ghi #N: TEXT` / `recorded #N: TEXT`, one a line.
  std::string render_recorded(dsl::Lang lang) const;
  /// For `busy`: the store kept receiving new facts.
  static dsl::Message busy_message();

  std::unique_ptr<FactLog> log;  ///< keeps the sources the diagnostics point into
};

/// Checks the facts of `request` against `plan` and the store's facts and records them.
RecordResult record_facts(Store& store, const engine::CompiledPlan& plan, const RecordRequest& request);

/// The plan the daemon runs on this store (paths kept in the store's state), with its calendar
/// folder when `calendar` names none; nullopt when no daemon ever ran on it.
std::optional<std::vector<std::filesystem::path>> stored_plan(const Store& store, engine::CalendarChoice& calendar);

}  // namespace dondoc::runtime
