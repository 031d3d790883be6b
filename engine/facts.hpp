#pragma once
// Stage: facts. What happened, checked against the compiled plan: a journal's syntax tree
// (dsl/journal.hpp) becomes a list of facts with every id resolved. Every problem is a located
// diagnostic; a fact with an error is left out, so nothing half-understood reaches the evaluator.
//
// Checks: an unknown task, duty, event, indicator or agency id ("did you mean …"); a fact dated
// before the plan's start (its effective date); a done fact for a task that is waived (in the rules,
// or by an earlier waiver fact); a second done for the same task or occurrence, a second
// `happened` for an event, a second value for the same indicator and year (each naming the
// first); an occurrence the duty does not have (year outside its window, an agency that does not
// owe it, a period the recurrence does not have); the wrong kind of id for the fact (an event
// reported `done`); an extension with its new due date before the task starts (the plan's start, or
// its period's). A report of a duty owed by one agency only may leave the agency out. An extension
// that does not move the due date later is kept, with a warning.
//
// Withdrawals (`rút lại ghi chép N`): every fact read has a number (dsl::JournalAst::first_number:
// the store's seq, else its place in the journals read, from 1). A withdrawal takes fact N out of
// force as if it had never been recorded, so what it blocked (a second done, a value for the same
// year, a done after a waiver) may be recorded after it. Refused: a number not before the
// withdrawal, a withdrawal of a withdrawal, a fact withdrawn twice (naming the first withdrawal), a
// withdrawal without a reason or dated before the plan.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "dsl/journal.hpp"
#include "engine/dates.hpp"
#include "engine/occurrences.hpp"
#include "engine/plan.hpp"

namespace dondoc::engine {

enum class FactKind : std::uint8_t { done, happened, value, waive, extend };

struct Fact {
  FactKind kind = FactKind::done;
  Day on = kNoDay;                   ///< when it was done / happened / was decided (a value: kNoDay)
  NodeId node = kNone;               ///< done, waive, extend: a task; happened: an event node
  std::uint32_t occurrence = kNone;  ///< done of a duty occurrence: an index into Occurrences::items
  IndicatorId indicator = kNone;     ///< value
  int year = 0;                      ///< value: the year it measures
  double value = 0;                  ///< value
  Day new_due = kNoDay;              ///< extend: the new due day as decided (not moved)
  Day new_deadline = kNoDay;         ///< extend: new_due moved to the next working day
  AgencyId authority = kNone;        ///< waive, extend: who decided
  std::int64_t number = 0;           ///< its place in the recording order (the store's seq)
  bool stored = false;               ///< read from the store (its number is a seq `record --withdraw` takes)
  std::string recorded_by, reference, source, note;
  dsl::Location loc;  ///< the fact's first keyword in its journal
};

struct Facts {
  std::vector<Fact> items;  ///< in force, in the order read: journals in the order given, facts as written
  /// The numbers of the facts withdrawn. From FactChecker::add: those withdrawn by this journal
  /// that an earlier call returned (the caller takes them out of force).
  std::vector<std::int64_t> withdrawn;
};

/// Checks the journals against the plan and returns the valid facts. A fact is checked against the
/// facts before it (in order), so a second done names the first.
Facts resolve_facts(const Plan& plan, const Dates& dates, const Occurrences& occurrences,
                    const std::vector<const dsl::JournalAst*>& journals, dsl::Diagnostics& diags);

namespace detail {
class FactResolver;
}

/// `resolve_facts` one journal at a time, for a daemon taking in facts as they are recorded: each
/// fact is checked against every fact added before it (kept as context), so adding one journal
/// costs its own size, not the size of everything recorded.
class FactChecker {
 public:
  FactChecker(const Plan& plan, const Dates& dates, const Occurrences& occurrences);
  ~FactChecker();
  FactChecker(const FactChecker&) = delete;
  FactChecker& operator=(const FactChecker&) = delete;
  /// The journal's valid facts; its problems go to `diags`.
  Facts add(const dsl::JournalAst& journal, dsl::Diagnostics& diags);

 private:
  dsl::Diagnostics scratch_;  ///< where problems go between calls (none are reported there)
  std::unique_ptr<detail::FactResolver> r_;
};

/// The occurrence of `duty` owed by `agency` for `year` (and `period`, 0 for yearly), or kNone.
std::uint32_t find_occurrence(const Occurrences& occurrences, DutyId duty, AgencyId agency, int year, int period);

}  // namespace dondoc::engine
