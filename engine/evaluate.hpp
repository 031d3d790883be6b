#pragma once
// Stage: evaluate. Given the compiled plan, the facts and a date, where does every task,
// occurrence, event and indicator stand (PRODUCT.md "Statuses")? And what is late *because*
// something else is late?
//
// Rules (docs/language.md, "Trạng thái / Statuses"):
// - Only facts dated on or before `at` count; a waiver in the rules counts from the plan's start.
// - A task with a trigger starts the day after the trigger fires (all of its events and tasks
//   happened/done, or the first of them for `một trong`); until then it is `waiting`. A relative
//   deadline (`trong 30 ngày`) is counted from the trigger day and moved to a working day. A task
//   without a trigger starts when its window opens (the plan's start, or its period's start).
// - An extension fact in force replaces the deadline. A waiver fact in force makes it `waived`.
// - Projection: the schedule's forward pass with the facts applied. A done task finishes on its
//   done day, a happened event on its day; anything not yet done finishes no earlier than `at`
//   (it could still be done today), an event not before its expected day.
// - Late things: a started task past its deadline and not done, an event past its expected day
//   that has not happened. Cascade: a task that is not late itself, whose projected finish misses
//   its deadline, and whose start is held back by a chain that leads to a late thing, is `at_risk`:
//   `blocked_by` is the predecessor that holds it back, `root_cause` the first late thing of the
//   chain (the one furthest upstream).
// - Standing tasks (due `Giai đoạn …` while the period runs, `trong thời gian thực hiện`, or no
//   due date) are `ongoing` until the warning window before their closing deadline.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "dsl/ast.hpp"
#include "engine/dates.hpp"
#include "engine/facts.hpp"
#include "engine/occurrences.hpp"
#include "engine/plan.hpp"
#include "engine/schedule.hpp"

namespace dondoc::engine {

enum class Status : std::uint8_t { waiting, not_due, due_soon, overdue, at_risk, done_on_time, done_late, ongoing, waived };
inline constexpr int kStatusCount = 9;
/// `not_due`, … (JSON and logs).
std::string_view status_name(Status s);
/// `Chưa đến hạn`, … / `Not yet due`, …
std::string_view status_label(Status s, dsl::Lang lang);

/// The government's four categories over the tasks that have started and are not standing.
enum class Category : std::uint8_t { in_progress_on_time, in_progress_late, done_on_time, done_late, none };
Category category_of(Status s);
/// The category of a task with status `s` that started on `start`, at `at`: none while it has not
/// started (its window opens after `at`), even though it is `not_due`.
Category category_of(Status s, Day start, Day at);
std::string_view category_name(Category c);
std::string_view category_label(Category c, dsl::Lang lang);

/// How an indicator stands in the year of its latest value. `not_assessable`: a value of an interim
/// year for a level to reach by a later year, when the plan gives no milestone for that year and no
/// baseline to draw a line from: its trend is shown instead of a judgement.
enum class IndicatorState : std::uint8_t { no_data, on_track, off_track, not_assessable };
std::string_view indicator_state_name(IndicatorState s);
std::string_view indicator_state_label(IndicatorState s, dsl::Lang lang);
/// The latest value against the one reported before it.
enum class Trend : std::uint8_t { unknown, up, down, flat };
std::string_view trend_name(Trend t);
/// `tăng so với năm` / `up from` …, followed by the earlier year; empty when unknown.
std::string_view trend_label(Trend t, dsl::Lang lang);

/// The compiled plan an evaluation reads. Everything must outlive the evaluator.
struct Model {
  const Plan& plan;
  const Dates& dates;
  const Occurrences& occurrences;
  const Schedule& schedule;
};

/// A target over a period so far (`bình quân`, `tổng`, `giảm bình quân`): the figure over the years
/// [from, to] recorded without a gap, and what the rest of the period needs to reach the target (the
/// yearly average, or the total still to add) while the period runs.
struct Aggregate {
  int from = 0, to = 0;
  double value = 0;
  std::optional<double> needed;
};

/// Everything known at one date. Arrays are indexed like the plan: per task, per node (tasks then
/// events), per occurrence, per indicator.
struct Evaluation {
  Day at = kNoDay;
  std::vector<Status> status;             ///< per task
  std::vector<Day> deadline;              ///< per task: in force (relative placed from the trigger, extension applied); kNoDay: none yet
  std::vector<Day> start;                 ///< per node: the day it started (tasks), or kNoDay while waiting
  std::vector<Day> done;                  ///< per node: done / happened day when on or before `at`, else kNoDay
  std::vector<Day> projected;             ///< per node: projected finish (done day when done); kNoDay when unknown
  std::vector<NodeId> blocked_by;         ///< per node: the predecessor holding it back when at_risk (or late event), else kNone
  std::vector<NodeId> root_cause;         ///< per node: the first late thing upstream (itself when it is late), else kNone
  std::vector<std::uint8_t> late;         ///< per node (0/1): overdue task, or event past its expected day not happened
  std::vector<std::uint8_t> extended;     ///< per task (0/1): an extension in force
  std::vector<Status> occurrence_status;  ///< per occurrence (waiting unused; ongoing unused)
  std::vector<Day> occurrence_done;       ///< per occurrence: done day when on or before `at`
  std::vector<IndicatorState> indicator_state;
  std::vector<std::optional<dsl::YearValue>> indicator_latest;    ///< the latest reported value (year ≤ at's year)
  std::vector<std::optional<double>> indicator_expected;          ///< what the trajectory asks for in that year
  std::vector<std::optional<double>> indicator_expected_max;      ///< the upper end, when that is a range
  std::vector<std::optional<dsl::YearValue>> indicator_previous;  ///< the value reported before the latest
  std::vector<Trend> indicator_trend;                             ///< latest against previous
  std::vector<std::optional<Aggregate>> indicator_aggregate;      ///< a target over a period: the figure so far
  /// The value a target is counted from: the year of `so với năm` / `from`, or the year before a
  /// `giảm bình quân` period; set when that value is known.
  std::vector<std::optional<dsl::YearValue>> indicator_reference;
  std::array<std::uint32_t, kStatusCount> counts{};  ///< tasks per status
  std::array<std::uint32_t, 4> categories{};         ///< tasks per Category (none left out)

  /// The nodes a waiting task still waits for (not yet done / happened), in the order written.
  std::vector<NodeId> waiting_on(const Plan& plan, TaskId t) const;
  /// The day a waiting task's start condition counts as met, when it has happened and only the
  /// trigger's lag (`bắt đầu 30 ngày sau II.3`) holds the task back; else kNoDay.
  Day waiting_until(const Plan& plan, TaskId t) const;
  /// Days late of a task (at − deadline) when overdue, else 0.
  std::int32_t days_late(TaskId t) const;
};

/// The state of the latest report a standing task's leads owe (the yearly report before 30/11):
/// the latest occurrence due on or before `at` of a duty `thực hiện các đơn vị chủ trì` that applies
/// to the task, else the next one to come; the worst status over the task's leads.
struct ReportState {
  DutyId duty = kNone;
  int year = 0, period = 0;
  Day due = kNoDay;
  Status status = Status::not_due;
  std::vector<AgencyId> missing;                     ///< the leads whose report is overdue
  std::vector<std::pair<AgencyId, Status>> by_lead;  ///< each lead's own report, in the order of the occurrences
};
std::optional<ReportState> latest_report(const Model& model, const Evaluation& eval, TaskId t);

/// Evaluates from scratch: facts in force at `at` (facts dated later are ignored).
Evaluation evaluate(const Model& model, const Facts& facts, Day at);

/// What changed in an Evaluator's evaluation since the last `take_changes`: everything (a full
/// recomputation: a new date, or the first evaluation), or the nodes and occurrences listed.
struct Changes {
  bool all = true;
  std::vector<NodeId> nodes;               ///< in increasing order
  std::vector<std::uint32_t> occurrences;  ///< in increasing order
  std::vector<IndicatorId> indicators;     ///< in increasing order
};

/// A fact whose effect has more nodes than this pending at once is finished by a sweep over the
/// topological order instead of a heap of positions (`Evaluator::add`).
inline constexpr std::size_t kNarrowCone = 1024;

/// Keeps an Evaluation up to date as facts arrive: `add` recomputes only what the new fact can
/// affect (the node, what waits on it downstream, its occurrence or indicator), so that applying
/// one fact costs about the size of its effect, not the size of the plan. `evaluation()` equals
/// `evaluate(model, all facts added so far, at)` at every step (a property test checks it).
class Evaluator {
 public:
  Evaluator(const Model& model, Day at);
  /// Moves to another date. Forward, only what the days in between change is recomputed
  /// (`advance`); backward, everything (the index of facts is kept either way). Afterwards
  /// `take_changes` says "everything": a new day is looked at whole by the escalator.
  void set_date(Day at);
  /// Adds one resolved fact (from resolve_facts against the same plan).
  void add(const Fact& fact);
  void add(const Facts& facts);
  const Evaluation& evaluation() const { return eval_; }
  const Facts& facts() const { return facts_; }
  /// What changed since the last call (or since the evaluator was made), and starts afresh.
  Changes take_changes();

 private:
  friend Evaluation evaluate(const Model& model, const Facts& facts, Day at);
  struct Index;
  struct Deferred {};
  Evaluator(const Model& model, Day at, Deferred);  ///< the index only; no evaluation yet
  void rebuild_index();
  void index_fact(const Fact& fact);
  void full();
  /// Recomputes one node from its predecessors; true when what its successors read changed.
  bool update(NodeId n);
  void update_occurrence(std::uint32_t o);
  void update_indicator(IndicatorId i);
  void judge_indicator(IndicatorId i, int year, double value);
  void judge_period(IndicatorId i);
  std::optional<double> value_in(IndicatorId i, int year) const;
  /// Counts a task with status `s` that started on `start` (removes it when `delta` is −1).
  void count(Status s, Day start, int delta);
  void note_node(NodeId n);
  /// Recomputes `from` and what its change reaches downstream, each node once, in topological order
  /// (a heap of positions: the cost follows the size of the effect).
  void propagate(NodeId from);
  /// The same from many nodes spread over the plan (a new day): one sweep over the positions
  /// between the first and the last marked, which reads the plan's arrays in order.
  void sweep(std::span<const NodeId> from);
  void advance(Day at);
  /// The tasks whose trigger's lag ends in (old, at]: they change on a day no date of theirs crosses.
  void seed_lags(Day old, Day at, std::vector<NodeId>& seeds) const;

  Model model_;
  Facts facts_;
  Evaluation eval_;
  std::shared_ptr<Index> index_;
  bool tracking_counts_ = false;            ///< counts follow each status change (off during a full pass)
  Changes changes_;                         ///< since the last take_changes
  std::vector<std::uint8_t> changed_node_;  ///< per node: listed in changes_.nodes
};

/// What changed between two evaluations of the same plan (the input of escalation).
struct Alert {
  enum class Kind : std::uint8_t {
    became_due_soon,
    became_overdue,
    became_at_risk,
    trigger_fired,
    event_late,
    occurrence_due_soon,
    occurrence_overdue,
    indicator_off_track
  };
  Kind kind = Kind::became_overdue;
  Day at = kNoDay;
  NodeId node = kNone;  ///< task or event
  std::uint32_t occurrence = kNone;
  IndicatorId indicator = kNone;
  NodeId root_cause = kNone;  ///< became_at_risk
  NodeId blocked_by = kNone;
};
std::string_view alert_kind_name(Alert::Kind k);

/// Alerts in a fixed order: by kind, then task/occurrence/indicator order.
std::vector<Alert> diff(const Model& model, const Evaluation& before, const Evaluation& after);

}  // namespace dondoc::engine
