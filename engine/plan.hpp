#pragma once
// The compiled plan: what the rule files mean, with every name resolved to a dense integer id.
// Built by `resolve` (engine/resolve.hpp), read by every later stage. Ids follow declaration
// order (files in load order, sections depth-first), so everything derived from a Plan is
// deterministic. Lists live in flat pools addressed by `Span`s; graphs are CSR arrays.
// Locations point into the SourceSet the plan was parsed from, which must outlive the Plan.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/time.hpp"
#include "engine/calendar.hpp"
#include "engine/interner.hpp"

namespace dondoc::engine {

using AgencyId = std::uint32_t;
using GroupId = std::uint32_t;
using SectionId = std::uint32_t;
using TaskId = std::uint32_t;
using EventId = std::uint32_t;
using DutyId = std::uint32_t;
using IndicatorId = std::uint32_t;
using PolicyId = std::uint32_t;
/// A node of the plan graph: tasks are nodes [0, tasks), events follow them.
using NodeId = std::uint32_t;

/// A run of a pool: elements [begin, begin + size).
struct Span {
  std::uint32_t begin = 0, size = 0;
};

/// Compressed sparse rows: the edges of node n are targets[offsets[n] .. offsets[n + 1]).
struct Csr {
  std::vector<std::uint32_t> offsets{0};
  std::vector<std::uint32_t> targets;

  std::size_t nodes() const { return offsets.size() - 1; }
  std::span<const std::uint32_t> of(std::uint32_t n) const { return {targets.data() + offsets[n], targets.data() + offsets[n + 1]}; }
  /// The same edges reversed; each node's edges in order of their source.
  Csr reversed() const;
};

enum class Kind : std::uint8_t { none, agency, group, section, task, event, duty, indicator, policy };

/// What a declared id names. All declarations share one namespace.
struct Symbol {
  Kind kind = Kind::none;
  std::uint32_t index = kNone;
  dsl::Location loc;  ///< the id where it was declared
};

/// An agency that ceased to exist while the plan runs (`chấm dứt`): from `on`, what it was given
/// (tasks, reports, messages) goes to its successors.
struct AgencyEnd {
  dsl::Date on;
  dsl::AgencyEnd::Kind kind = dsl::AgencyEnd::Kind::merged;
  std::vector<AgencyId> successors;  ///< agencies (groups expanded), in the order written
  StrId by = kNone;                  ///< the deciding document
  dsl::Location loc;
};

struct Agency {
  StrId id = kNone, name = kNone;
  bool external = false;
  AgencyId reports_to = kNone;
  std::vector<StrId> aliases;
  std::vector<StrId> emails;  ///< e-mail addresses, in the order written
  std::optional<AgencyEnd> ends;
  dsl::Location loc, reports_to_loc;
};

struct Group {
  StrId id = kNone, name = kNone;
  Span members;  ///< expanded: agencies only, nested groups flattened, no repeats, in order
  dsl::Location loc;
};

struct Section {
  StrId id = kNone, title = kNone, source = kNone;
  SectionId parent = kNone;
  PolicyId escalation = kNone;  ///< as written on the section (not inherited)
  dsl::Location loc;
};

/// One due time of a task; a task has several when its sources disagree.
struct Due {
  /// The literal, in Plan::times: due times written alike share one copy.
  const dsl::TimeExpr* time = nullptr;
  dsl::Location loc;
  StrId per = kNone;              ///< the source it is stated in (`theo "…"`)
  std::optional<dsl::Date> date;  ///< under the plan's reading, before any working-day shift
};

struct Waiver {
  StrId by = kNone, reason = kNone;
  dsl::Location loc;
};

/// A task's estimated duration (`thời lượng 60 ngày`), for the schedule.
struct TaskDuration {
  int amount = 0;
  dsl::TimeExpr::Unit unit = dsl::TimeExpr::Unit::days;
};

/// `bắt đầu 30 ngày sau II.3` / `starts 30 days after II.3`: a task's start condition counts as met
/// this long after it happened. Few tasks have one: they are kept beside the tasks (Plan::lags).
struct Lag {
  std::int32_t amount = 0;
  dsl::TimeExpr::Unit unit = dsl::TimeExpr::Unit::days;
};

/// Fields ordered so that the record has no padding holes (128 bytes, one per task) and what the
/// schedule reads of every task (detail::task_input) is in its first 64 bytes: one cache line per
/// task, not two.
struct Task {
  StrId id = kNone;
  Span due;                   ///< in Plan::dues: the tracked one (earliest binding date) first, the others as written
  SectionId section = kNone;  ///< the innermost section
  std::optional<TaskDuration> duration;
  dsl::Trigger::Mode trigger_mode = dsl::Trigger::Mode::one;  ///< `one` when there is no trigger
  bool quiet = false;                                         ///< `đôn đốc không`
  std::optional<Waiver> waived;
  // the second 64 bytes
  StrId title = kNone, deliverable = kNone, source = kNone;
  PolicyId escalation = kNone;  ///< effective: task, else its sections inside out, else the plan
  Span leads, support;          ///< agencies (groups expanded); support leaves out the leads
  dsl::Location trigger_loc;    ///< valid when the task has a trigger (its targets: Plan::waits_for)
  dsl::Location loc;

  bool has_trigger() const { return trigger_loc.valid(); }
};
static_assert(sizeof(Task) == 128, "Task: one per task; keep it at two cache lines");

struct Event {
  StrId id = kNone, title = kNone, source = kNone;
  std::optional<dsl::TimeExpr> expected;
  std::optional<dsl::Date> expected_date;
  AgencyId follow_up = kNone;
  SectionId section = kNone;
  /// A passage (`cấp trình CP` in task II.6 is event `II.6.CP`): the task and the body; else kNone.
  TaskId passage_of = kNone;
  AgencyId body = kNone;
  dsl::Location loc, expected_loc;
};

/// To whom a task's product or a duty's report goes (`gửi A, B qua C`, `đồng gửi D`), groups expanded.
struct Addressing {
  Span to;
  AgencyId via = kNone;
  Span copy_to;
  bool empty() const { return to.size == 0 && copy_to.size == 0; }
};

struct Duty {
  StrId id = kNone, title = kNone, deliverable = kNone, source = kNone;
  dsl::Recurrence every;
  std::optional<dsl::TimeExpr> period;
  bool all_leads = false;
  Span by;  ///< agencies (groups expanded)
  Addressing sent;
  PolicyId escalation = kNone;  ///< effective, as for tasks
  SectionId section = kNone;
  /// `thời hạn 10 ngày sau BC_NAM`: each occurrence due `after_lag` after the due day of the same
  /// period's occurrence of duty `after` (kNone: due as `every` says).
  DutyId after = kNone;
  Lag after_lag;
  dsl::Location loc, after_loc;
};

struct Indicator {
  StrId id = kNone, name = kNone, unit = kNone, source = kNone;
  std::optional<dsl::Target> target;
  std::optional<dsl::YearValue> baseline;
  std::vector<dsl::YearValue> trajectory;
  Span owners;  ///< agencies (groups expanded)
  IndicatorId part_of = kNone;
  SectionId section = kNone;
  TaskId task = kNone;  ///< a task's own target (`mục tiêu` in a task): its id and name are the task's
  dsl::Location loc;
};

struct Recipient {
  dsl::Recipient::Kind kind = dsl::Recipient::Kind::lead;
  AgencyId agency = kNone;  ///< when kind == agency
};

struct PolicyStep {
  dsl::EscalationStep::Kind kind = dsl::EscalationStep::Kind::level;
  int level = 0, days = 0;
  std::optional<int> repeat_days;
  StrId label = kNone;
  std::vector<Recipient> to;
  /// The message template per language (indexed by dsl::Lang), kNone for the built-in text.
  std::array<StrId, 2> message{kNone, kNone};
  dsl::Location loc;
};

struct Policy {
  StrId id = kNone, title = kNone;
  std::vector<PolicyStep> steps;
  bool daily_digest = false;
  dsl::Location loc;
};

/// The plan header (`kế hoạch … { … }`).
struct Header {
  StrId id = kNone, title = kNone, number = kNone, timezone = kNone, source = kNone;
  std::optional<dsl::Date> issued, effective;
  std::optional<int> horizon;
  dsl::Reading reading = dsl::Reading::strict;
  std::optional<int> due_soon_days;
  AgencyId owner = kNone, follow_up = kNone;
  PolicyId escalation = kNone;
  /// `hạn nghĩa vụ hằng năm trước ngày 15/12`: the day of the duties of a frequency that name none
  /// (applied to them by resolve; docs/language.md §5.6).
  std::vector<dsl::Recurrence> duty_days;
  dsl::Location loc;
};

struct Plan {
  Interner strings;
  std::vector<Symbol> symbols;  ///< indexed by StrId; Kind::none for strings that are not ids
  Header header;
  std::vector<Agency> agencies;
  std::vector<Group> groups;
  std::vector<Section> sections;
  std::vector<Task> tasks;
  std::vector<Event> events;
  std::vector<Duty> duties;
  std::vector<Indicator> indicators;
  std::vector<Policy> policies;
  std::vector<AgencyId> agency_pool;  ///< the agency lists addressed by Spans
  /// The tasks that say to whom their product goes (few do: kept beside the tasks, not in them).
  std::unordered_map<TaskId, Addressing> task_sent;
  std::vector<Due> dues;
  std::deque<dsl::TimeExpr> times;  ///< the distinct due times of Plan::dues (a deque: Due::time points here)
  WorkingCalendar calendar;
  std::vector<std::pair<TaskId, Lag>> lags;  ///< the tasks whose trigger has a lag, by task id

  // The graph. Dependencies are between tasks; `waits_for` holds the triggers of tasks and the
  // `sau` (after) lists of events, over nodes (tasks, then events). Each has its reverse.
  Csr depends_on;                          ///< task → the tasks it depends on
  std::vector<dsl::Location> depends_loc;  ///< where each edge of depends_on was written
  Csr dependents;                          ///< task → the tasks that depend on it
  Csr waits_for;                           ///< node → the nodes that must happen first
  std::vector<dsl::Location> waits_loc;    ///< where each edge of waits_for was written
  Csr wakes;                               ///< node → the nodes waiting for it

  std::string_view str(StrId id) const { return strings.str(id); }
  /// What `id` names, or a Symbol of Kind::none.
  Symbol find(std::string_view id) const;

  /// The lag of a task's trigger, or nullptr.
  const Lag* lag_of(TaskId t) const {
    auto it = std::lower_bound(lags.begin(), lags.end(), t, [](const auto& l, TaskId id) { return l.first < id; });
    return it != lags.end() && it->first == t ? &it->second : nullptr;
  }
  std::span<const AgencyId> agencies_of(Span s) const { return {agency_pool.data() + s.begin, s.size}; }
  /// To whom task `t`'s product goes, or null when its rules do not say.
  const Addressing* sent_of(TaskId t) const {
    auto it = task_sent.find(t);
    return it == task_sent.end() ? nullptr : &it->second;
  }
  /// Who holds what `a` was given on `day`: `a` itself, or once it has ended, its successors (and
  /// theirs, when they ended too), in order, without repeats.
  std::vector<AgencyId> holders(AgencyId a, dsl::Date day) const;
  std::span<const Due> due_of(TaskId t) const { return {dues.data() + tasks[t].due.begin, tasks[t].due.size}; }
  /// The indicator of task `t`'s own target (`mục tiêu` in a task), or kNone. Task targets follow the
  /// declared indicators, so the search stops at the first declared one.
  IndicatorId target_of(TaskId t) const {
    for (auto i = static_cast<IndicatorId>(indicators.size()); i-- > 0 && indicators[i].task != kNone;) {
      if (indicators[i].task == t) return i;
    }
    return kNone;
  }
  /// The sections of a task, outermost first.
  std::vector<SectionId> section_path(SectionId innermost) const;

  NodeId node_count() const { return static_cast<NodeId>(tasks.size() + events.size()); }
  NodeId event_node(EventId e) const { return static_cast<NodeId>(tasks.size()) + e; }
  bool is_event(NodeId n) const { return n >= tasks.size(); }
  EventId event_of(NodeId n) const { return n - static_cast<NodeId>(tasks.size()); }
  /// The declared id of a task or event node.
  std::string_view node_name(NodeId n) const { return str(is_event(n) ? events[event_of(n)].id : tasks[n].id); }
};

/// A date as people read it in messages: `31/05/2023` in Vietnamese, `2023-05-31` in English.
std::string show_date(dsl::Date d, dsl::Lang lang);

/// Where a product goes, by agency id, as status and reports show it: `gửi CT_UBND qua SKHDT · đồng
/// gửi BKHDT` / `to CT_UBND via SKHDT · copy to BKHDT`; empty when `a` is empty.
std::string addressing_text(const Plan& p, const Addressing& a, dsl::Lang lang);

}  // namespace dondoc::engine
