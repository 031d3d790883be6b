#pragma once
// Stage: escalate. From the evaluation of a day to the messages people receive: reminders before
// a deadline, the ladder of urging after it, missed recurring reports, events past their expected
// day, and a resolution notice when an escalated thing is done (PRODUCT.md "Escalation, as
// agencies do it"; docs/language.md §4.9 and "Đôn đốc / Escalation").
//
// Rules:
// - A *thread* is one task, report occurrence or event with one due date. Its steps are the
//   policy in force when its first message went out; an amendment that changes the policy applies
//   to new threads only (a new due date, e.g. an extension, is a new thread).
// - Rungs. Reminders (`nhắc trước N ngày`, `nhắc đúng hạn`) fire while the task is started, not
//   done, not at risk and not extended, on or before its deadline. After the deadline, the
//   after-due steps (`cấp K … sau hạn N ngày`, `quá hạn kéo dài N ngày`; for reports
//   `báo cáo chậm N ngày`; for events `sự kiện chậm N ngày`) form a ladder by N. On a day, only
//   the current rung can fire: the step with the largest N already reached (steps with the same N
//   fire together). It fires on deadline + N, then every `lặp lại` days until the next rung is
//   reached; the last rung repeats while the thing stays late.
// - Working days: every message is a dated document. A step whose day falls on a weekend or
//   holiday is sent on the next working day (a reminder: on the working day before), as the Civil
//   Code counts periods (2015, Art. 148); on a day off nothing is sent at all.
// - Catch-up: on a day, the current rung's latest due repetition fires if it has not been sent.
//   A daemon that skipped days sends what is due now, never a backlog; a replay day by day sends
//   every repetition. Ids are deterministic, so a day evaluated twice sends nothing twice.
// - Recipients: `chủ trì` / `phối hợp` are each agency of the task (groups expanded), each with its
//   own message; `đơn vị theo dõi` (the event's follow-up agency, else the plan's) and agency ids are
//   *above* the leads and get one message per step listing the leads concerned. For a recurring
//   report, each unit late with it gets its own message, and the agencies above get one per
//   period listing the units still missing.
// - Inhibition: a task or event that is late or at risk because of another late thing (its root
//   cause) is not escalated on its own; the root cause's messages list it as affected. Waived,
//   waiting, extended (before the new deadline) and `đôn đốc không` tasks are silent.
// - Resolution: when a thread that went past its deadline is done, waived, extended or happens,
//   everyone it was escalated to gets one `resolved` notice. A resolution is never inhibited.
//   Reminders alone start no resolution.
// - Copies: a task or duty with `đồng gửi` names those agencies on its after-due messages and its
//   resolution (`copy_to`, a closing line "Đồng gửi: …"); mail sends them a copy (Cc).
// - Messages: the step's template in the rule file (`mẫu "…"`, `mẫu en "…"`) in the requested
//   language, else the built-in one; placeholders are listed in `kPlaceholders`.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"
#include "engine/evaluate.hpp"
#include "engine/plan.hpp"

namespace dondoc::engine {

enum class EscalationKind : std::uint8_t { reminder, urging, long_overdue, report_missed, event_late, resolved };
/// `reminder`, `urging`, `long_overdue`, `report_missed`, `event_late`, `resolved` (JSON).
std::string_view escalation_kind_name(EscalationKind k);

/// A message lists the first ten things a late thing holds back (upstream first) and counts the rest:
/// a person reads a few names and a number, and a root cause at the head of a national chain would
/// otherwise write tens of thousands of ids into every message it sends.
inline constexpr std::size_t kAffectedListed = 10;

/// What follows the listed names when more are held back: " và 31235 việc khác" / " and 31235 more";
/// empty when `count` were all listed.
std::string more_held_back(std::size_t count, std::size_t listed, dsl::Lang lang);

/// One message about one task, report or event, sent on one day.
struct Escalation {
  std::string id;  ///< 16 hex digits: FNV-1a 64 of plan, subject, occurrence, step, due, repeat, recipient
  Day at = kNoDay;
  EscalationKind kind = EscalationKind::reminder;
  int level = 0;        ///< urging: K; long_overdue: after the last level; report_missed, event_late: the rung (1, 2…); else 0
  int repeat = 0;       ///< 0 the first time, then 1, 2, … every `lặp lại` days
  int step_days = 0;    ///< the step's N (days before or after due)
  NodeId node = kNone;  ///< the task or event (kNone for reports)
  DutyId duty = kNone;  ///< the duty (reports)
  std::uint32_t occurrence = kNone;  ///< the occurrence, when addressed to one unit
  int year = 0, period = 0;          ///< the report's period
  std::vector<AgencyId> to;          ///< in plan order, no repeats
  std::vector<AgencyId> leads;       ///< the leads (units) concerned
  /// `đồng gửi`: the agencies the task's product or the duty's report is copied to. They are named
  /// on every message about it past its due date and on its resolution (not on reminders), and get
  /// no message of their own (docs/language.md §4.13).
  std::vector<AgencyId> copy_to;
  bool above = false;  ///< addressed above the leads: lists them
  std::string reason;  ///< English, one line
  NodeId root_cause = kNone;
  std::vector<NodeId> affected;    ///< held back by this one and not escalated on their own: the first kAffectedListed
  std::size_t affected_count = 0;  ///< how many it holds back in all
  Day due = kNoDay;
  std::int32_t days_late = 0;  ///< at − due (negative: days left before due); resolved: done − due
  std::string label;           ///< the step's label as written
  std::string message;         ///< in the Escalator's language
  PolicyId policy = kNone;     ///< the policy of the thread (kNone when it is no longer in the plan)
  bool digest = false;         ///< the policy sends one digest a day per recipient
};

/// One message per recipient per day combining that day's escalations (`gộp theo ngày`).
struct Digest {
  std::string id;
  Day at = kNoDay;
  AgencyId to = kNone;
  std::vector<std::string> items;  ///< escalation ids, in the order of the day's escalations
  std::string message;
};

/// Placeholders of message templates: each meaning has a Vietnamese and an English name, both
/// usable in any template. `{{` and `}}` write braces.
struct Placeholder {
  std::string_view vi, en, what;
};
inline constexpr std::array<Placeholder, 16> kPlaceholders{{
    {"nhiệm_vụ", "task", "the id of the task, duty or event"},
    {"tên", "title", "its title"},
    {"sản_phẩm", "deliverable", "the deliverable"},
    {"căn_cứ", "reference", "the legal reference: its source and the plan's number"},
    {"hạn", "due", "the due date (expected date of an event)"},
    {"số_ngày", "days", "days late, or days left before due"},
    {"cấp", "level", "the level number"},
    {"bước", "step", "the step's label, e.g. \"Văn bản đôn đốc\""},
    {"chủ_trì", "leads", "the lead agencies (units) concerned"},
    {"gửi", "to", "the recipients of this message"},
    {"ảnh_hưởng", "affected", "the tasks and events it holds back"},
    {"chuỗi_chậm", "chain", "a sentence naming what it holds back and through what, or nothing"},
    {"yêu_cầu", "ask", "what the recipient is asked to do"},
    {"kỳ", "period", "the report's period, e.g. \"năm 2023\""},
    {"kết_quả", "outcome", "how a resolved thread ended: done on …, extended to …, waived"},
    {"kế_hoạch", "plan", "the plan's number, e.g. \"557/QĐ-UBND\""},
}};

/// The legal reference of a task, duty or event as messages cite it (`{căn_cứ}`): its source, else
/// its nearest section's, then the plan's number: "Mục II.3 — QĐ 557/QĐ-UBND".
std::string legal_reference(const Plan& p, StrId source, SectionId section, dsl::Lang lang);

/// Checks a template's placeholders; an unknown one is an error at `loc` with a hint.
void check_template(std::string_view text, const dsl::Location& loc, dsl::Diagnostics& diags);
/// Replaces `{name}` by value(index into kPlaceholders); unknown names are left as written.
std::string render_template(std::string_view text, const std::array<std::string, kPlaceholders.size()>& values);

/// Remembers what was sent and decides what fires next. One per plan; feed it the evaluations of
/// consecutive days (gaps are fine: see "Catch-up").
class Escalator {
 public:
  Escalator(const Model& model, dsl::Lang lang = dsl::Lang::vi);
  /// The escalations that fire on `eval.at`, in a fixed order (by task, report and event in plan
  /// order, resolutions first); records them as sent.
  std::vector<Escalation> run(const Evaluation& eval);
  /// The same for a day already run, after facts changed only what `changes` lists (from
  /// `Evaluator::take_changes`): looks only at those tasks, events and reports, so that one new fact
  /// costs about the size of its effect. Equal to `run(eval)` when the last run was on the same day
  /// (a test checks it); with `changes.all` it is `run(eval)`.
  std::vector<Escalation> run(const Evaluation& eval, const Changes& changes);
  /// After the rules changed: threads keep the steps they started with.
  void reload(const Model& model);
  bool sent(std::string_view id) const { return sent_.count(sent_key(id)) != 0; }
  /// Threads that went past due and are not resolved yet.
  std::size_t open_threads() const;

  struct StepCopy {  ///< a policy step as it was when a thread started
    dsl::EscalationStep::Kind kind{};
    int level = 0, days = 0, repeat_days = 0;
    std::string label;
    std::vector<std::pair<dsl::Recipient::Kind, std::string>> to;  ///< agency ids as text
    std::array<std::string, 2> message;                            ///< per dsl::Lang, "" for built-in
    bool operator==(const StepCopy&) const = default;
  };
  /// The steps a new thread under `policy` would follow.
  static std::vector<StepCopy> steps_of(const Plan& plan, PolicyId policy);
  struct Thread {
    std::string policy;  ///< policy id
    bool digest = false;
    std::vector<StepCopy> steps;
    std::vector<std::string> escalated_to;  ///< agency ids that got an after-due message
    bool past_due = false, resolved = false;
  };
  /// A thread that went past due and is not resolved yet (for `dondoc check --diff`).
  struct OpenThread {
    char kind = 'T';  ///< 'T' a task, 'O' a unit's report for a period, 'E' an event
    std::string subject, agency;
    int year = 0, period = 0;
    Day due = kNoDay;
    const Thread* thread = nullptr;
  };
  /// The open threads, in the order of their keys.
  std::vector<OpenThread> open() const;

  /// The threads (with the steps each started under, who it went to, whether it is past due or
  /// resolved) as JSON, for a daemon to keep across restarts; what was sent is not in it (the
  /// store has every id: give them back with `mark_sent`).
  std::string save_threads() const;
  /// Restores what `save_threads` wrote; false (and nothing changed) when `json` is not such a text.
  bool load_threads(std::string_view json);
  /// Remembers an id as sent (a daemon restarting from its store).
  void mark_sent(std::string_view id) { sent_.insert(sent_key(id)); }

 private:
  struct Ctx;
  std::vector<Escalation> run_on(const Evaluation& eval, const Changes* only);
  /// Reminders on the aspirational dates (`phấn đấu`) of tasks that also have a later binding one.
  void aim_reminders(Ctx& c);
  Thread& thread_for(const std::string& key, PolicyId policy);

  const Model* model_;
  dsl::Lang lang_;
  /// What was sent, by id: the 64-bit number the 16 hex digits spell (a set of numbers, not of
  /// strings: a national plan sends millions). An id not of that form (none is) by its FNV-1a.
  static std::uint64_t sent_key(std::string_view id);
  std::unordered_set<std::uint64_t> sent_;
  std::vector<std::uint32_t> topo_;        ///< node → position in the schedule's order (for the model in use)
  std::map<std::string, Thread> threads_;  ///< by subject and due date
  /// Per task and event (by node), then per occurrence (after the nodes): its thread for the due
  /// date last looked up (null: none yet), so that a day finds threads without building their
  /// text keys. Threads are never removed from `threads_` but all at once; the slots go with them.
  struct ThreadSlot {
    Day due = kNoDay;
    Thread* thread = nullptr;
    /// Tasks: nothing new to send before `quiet_until` (kNoDay: look) while the task's status,
    /// start, root cause and extension stay as they were when that was worked out.
    Day quiet_until = kNoDay;
    Status status{};
    bool extended = false;
    Day start = kNoDay;
    NodeId root = kNone;
  };
  std::vector<ThreadSlot> slots_;
  /// The threads past due and not resolved, with their subject found in the plan: what each day
  /// looks at for resolutions without walking every thread ever opened. Rebuilt from `threads_`
  /// after a reload or a restore (`watched_valid_` false).
  struct Watched {
    const std::string* key = nullptr;
    Thread* thread = nullptr;
    char kind = 'T';
    Symbol subject;
    Day due = kNoDay;
    std::uint32_t occurrence = kNone;  ///< reports: the unit's occurrence under the rules in force
  };
  std::vector<Watched> watched_;
  bool watched_valid_ = false;
  std::vector<TaskId> aimed_;  ///< the tasks with an aspirational date (`phấn đấu`) besides the binding one
  bool aimed_valid_ = false;
};

/// The digests of one day's escalations, for the recipients whose policy says `gộp theo ngày`:
/// one per recipient, in plan order of agencies.
std::vector<Digest> make_digests(const Model& model, std::span<const Escalation> day, dsl::Lang lang);

/// One line of JSON: `{"id","at","task","kind","level","to","reason","root_cause","affected","due",
/// "days_late","message", …}` (PRODUCT.md), dates as YYYY-MM-DD.
std::string to_json(const Model& model, const Escalation& e);
std::string to_json(const Model& model, const Digest& d);

}  // namespace dondoc::engine
