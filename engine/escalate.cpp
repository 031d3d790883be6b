#include "engine/escalate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <limits>
#include <tuple>
#include <unordered_map>

#include "dsl/text.hpp"
#include "engine/escalate_text.hpp"

namespace dondoc::engine {

namespace {

using StepKind = dsl::EscalationStep::Kind;
using RecipientKind = dsl::Recipient::Kind;
using namespace escalation_text;
bool is_reminder(StepKind k) {
  return k == StepKind::remind_before || k == StepKind::remind_on_due;
}
bool is_after_due(StepKind k) {
  return k == StepKind::level || k == StepKind::long_overdue;
}

/// Which steps apply to which kind of thing.
enum class Subject : std::uint8_t { task, report, event };

bool step_applies(StepKind k, Subject s) {
  switch (s) {
    case Subject::task:
      return is_reminder(k) || is_after_due(k);
    case Subject::report:
      return is_reminder(k) || k == StepKind::report_missed;
    case Subject::event:
      return k == StepKind::event_late;
  }
  return false;
}

}  // namespace

// ---------------------------------------------------------------- the escalator

namespace {

Escalator::StepCopy copy_step(const Plan& p, const PolicyStep& st) {
  Escalator::StepCopy c;
  c.kind = st.kind;
  c.level = st.level;
  c.days = st.days;
  c.repeat_days = st.repeat_days.value_or(0);
  c.label = std::string(p.str(st.label));
  for (const auto& r : st.to) c.to.emplace_back(r.kind, r.agency == kNone ? std::string() : std::string(p.str(p.agencies[r.agency].id)));
  for (int l = 0; l < 2; ++l) c.message[l] = std::string(p.str(st.message[l]));
  return c;
}

std::vector<Escalator::StepCopy> copy_steps(const Plan& p, PolicyId pol) {
  std::vector<Escalator::StepCopy> out;
  if (pol == kNone) return out;
  for (const auto& st : p.policies[pol].steps) out.push_back(copy_step(p, st));
  return out;
}

/// One step that fires now, with its repeat number.
struct Firing {
  std::size_t step;
  int repeat;
};

/// The day a step nominally `offset` days from `due` is sent: a document is dated on a working day
/// (Civil Code 2015, Art. 148), so a reminder moves back to the working day before, an escalation
/// after due forward to the next one.
Day send_day(const WorkingCalendar& cal, Day due, int offset, bool reminder) {
  return reminder ? cal.nth_working_day_back(due + offset, 1) : cal.shift(due + offset);
}

/// The steps that fire on `at`: among the steps of `subject` in the phase (reminders, or after
/// due), those of the current rung — the largest nominal offset already reached — each with its
/// latest repetition reached. A reminder repeats up to the due date.
/// A step's nominal offset from due: before it for reminders, at least one day after it otherwise.
int rung_start(const Escalator::StepCopy& st, bool reminders) {
  if (reminders) return st.kind == StepKind::remind_on_due ? 0 : -st.days;
  return std::max(st.days, 1);  // after due means at least one day late
}

/// The offset of the current rung on `at`: the largest reached; INT_MIN when none is.
int current_start(const std::vector<Escalator::StepCopy>& steps, Subject subject, bool reminders, Day due, Day at,
                  const WorkingCalendar& cal) {
  int best = std::numeric_limits<int>::min();
  for (const auto& st : steps) {
    if (!step_applies(st.kind, subject) || is_reminder(st.kind) != reminders) continue;
    int start = rung_start(st, reminders);
    if (start > best && send_day(cal, due, start, reminders) <= at) best = start;
  }
  return best;
}

std::vector<Firing> current_rung(const std::vector<Escalator::StepCopy>& steps, Subject subject, bool reminders, Day due, Day at,
                                 const WorkingCalendar& cal) {
  auto start_of = [&](const Escalator::StepCopy& st) { return rung_start(st, reminders); };
  auto applies = [&](const Escalator::StepCopy& st) { return step_applies(st.kind, subject) && is_reminder(st.kind) == reminders; };
  const int best = current_start(steps, subject, reminders, due, at, cal);
  std::vector<Firing> out;
  if (best == std::numeric_limits<int>::min()) return out;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto& st = steps[i];
    if (!applies(st) || start_of(st) != best) continue;
    int r = 0;
    if (st.repeat_days > 0 && st.kind != StepKind::remind_on_due) {
      int R = st.repeat_days;
      r = std::max(0, (at - due - best) / R + 1);  // an upper bound; step down to the last one sent by `at`
      while (r > 0 && (send_day(cal, due, best + r * R, reminders) > at || (reminders && best + r * R > 0))) --r;
    }
    out.push_back({i, r});
  }
  return out;
}

/// The first day after `at` on which current_rung gives something else: a later step is reached, or
/// a step of the current rung repeats. Until then the same subject in the same state has nothing
/// new to send. kNever when the ladder has nothing more.
Day next_rung_day(const std::vector<Escalator::StepCopy>& steps, Subject subject, bool reminders, Day due, Day at,
                  const WorkingCalendar& cal) {
  const int best = current_start(steps, subject, reminders, due, at, cal);
  Day next = kNever;
  for (const auto& st : steps) {
    if (!step_applies(st.kind, subject) || is_reminder(st.kind) != reminders) continue;
    const int start = rung_start(st, reminders);
    if (start > best) {
      next = std::min(next, send_day(cal, due, start, reminders));
      continue;
    }
    if (start < best || st.repeat_days <= 0 || st.kind == StepKind::remind_on_due) continue;
    const int R = st.repeat_days;
    for (int r = std::max(1, (at - due - start) / R);; ++r) {
      if (reminders && start + r * R > 0) break;  // a reminder repeats up to the due date
      if (Day d = send_day(cal, due, start + r * R, reminders); d > at) {
        next = std::min(next, d);
        break;
      }
    }
  }
  return next;
}

/// The day the ladder of a late task counts from: its deadline, except for a task already late when
/// the plan took effect. Nobody could be reminded before the plan existed, so that one is chased
/// from the effective date, starting at the first rung (sent that day, the next rungs at their
/// distances from it): docs/language.md §10.
Day ladder_due(const std::vector<Escalator::StepCopy>& steps, Day due, Day plan_start) {
  if (plan_start == kNoDay || due >= plan_start) return due;
  int first = std::numeric_limits<int>::max();
  for (const auto& st : steps) {
    if (!is_reminder(st.kind) && step_applies(st.kind, Subject::task)) first = std::min(first, std::max(st.days, 1));
  }
  return first == std::numeric_limits<int>::max() ? due : std::max(due, plan_start - first);
}

EscalationKind kind_of(StepKind k) {
  switch (k) {
    case StepKind::remind_before:
    case StepKind::remind_on_due:
      return EscalationKind::reminder;
    case StepKind::level:
      return EscalationKind::urging;
    case StepKind::long_overdue:
      return EscalationKind::long_overdue;
    case StepKind::report_missed:
      return EscalationKind::report_missed;
    case StepKind::event_late:
      return EscalationKind::event_late;
  }
  return EscalationKind::reminder;
}

/// The rung number of a step among the steps of its kind (1, 2, … by days), for reports, events
/// and the long-overdue step (after the last level).
int rung_of(const std::vector<Escalator::StepCopy>& steps, std::size_t i) {
  const auto& st = steps[i];
  if (st.kind == StepKind::level) return st.level;
  if (is_reminder(st.kind)) return 0;
  int n = 1;
  if (st.kind == StepKind::long_overdue) {
    int top = 0;
    for (const auto& s : steps) {
      if (s.kind == StepKind::level) top = std::max(top, s.level);
    }
    return top + 1;
  }
  for (const auto& s : steps) {
    if (s.kind == st.kind && s.days < st.days) ++n;
  }
  return n;
}

void add_unique(std::vector<AgencyId>& v, AgencyId a) {
  if (a != kNone && std::find(v.begin(), v.end(), a) == v.end()) v.push_back(a);
}

/// What the thread of a subject is keyed by: kind, ids, due.
std::string thread_key(char kind, std::string_view subject, std::string_view agency, int year, int period, Day due) {
  return fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", kind, subject, agency, year, period, iso(due));
}

/// A thread key taken apart (views into the key).
struct ThreadKey {
  char kind = 'T';
  std::string_view subject, agency;
  int year = 0, period = 0;
  std::string_view due_iso;
  Day due = kNoDay;
};

std::optional<ThreadKey> parse_thread_key(std::string_view key) {
  std::vector<std::string_view> parts;
  std::string_view rest = key;
  for (std::size_t pos; (pos = rest.find('\x1f')) != std::string_view::npos; rest.remove_prefix(pos + 1))
    parts.push_back(rest.substr(0, pos));
  parts.push_back(rest);
  if (parts.size() != 6 || parts[0].empty()) return std::nullopt;
  ThreadKey k;
  k.kind = parts[0][0];
  k.subject = parts[1];
  k.agency = parts[2];
  k.year = std::atoi(std::string(parts[3]).c_str());
  k.period = std::atoi(std::string(parts[4]).c_str());
  k.due_iso = parts[5];
  auto due = dsl::parse_iso_date(std::string(parts[5]));
  k.due = due ? day_of(*due) : kNoDay;
  return k;
}

/// How a thread past due ended, if it did: `reason` in English for the log, `outcome` for the
/// message (`{kết_quả}`).
struct Outcome {
  bool resolved = false;
  Day when = kNoDay;
  std::string reason, outcome;
};

}  // namespace

/// Everything one run needs: the plan, the day's evaluation, what changed (when told), per-run
/// indexes, and the messages found so far.
struct Escalator::Ctx {
  Ctx(Escalator& self_, const Evaluation& eval, const Changes* changes)
      : self(self_),
        m(*self_.model_),
        p(m.plan),
        e(eval),
        lang(self_.lang_),
        at(eval.at),
        only(changes),
        subset(changes && !changes->all),
        tx(texts(lang)),
        plan_id(p.str(p.header.id)),
        plan_ref(plan_reference(p, lang)),
        policy_steps(p.policies.size()) {}

  Escalator& self;
  const Model& m;
  const Plan& p;
  const Evaluation& e;
  dsl::Lang lang;
  Day at;
  const Changes* only;  ///< what changed since the last run of this day, or null
  bool subset;          ///< only what `only` lists is looked at
  /// subset: 1 for each changed task or event (by node), then each duty with a changed occurrence
  /// (at node_count() + duty): a flag per subject, not a set of their ids, since one fact at the head
  /// of a national chain changes hundreds of thousands of nodes
  std::vector<std::uint8_t> picked;
  bool picked_subject(const Symbol& s) const {
    switch (s.kind) {
      case Kind::task:
        return picked[s.index];
      case Kind::event:
        return picked[p.event_node(s.index)];
      case Kind::duty:
        return picked[p.node_count() + s.index];
      default:
        return false;  // the subject left the plan
    }
  }
  const Texts& tx;
  std::string plan_id;
  std::string plan_ref;
  /// What a root cause holds back: the first kAffectedListed in the schedule's order, and how many.
  struct Held {
    std::vector<NodeId> listed;
    std::size_t count = 0;
  };
  std::unordered_map<NodeId, Held> affected_of;                    ///< root cause → what it holds back
  std::vector<std::optional<std::vector<StepCopy>>> policy_steps;  ///< as a new thread would freeze them

  struct Out {
    std::tuple<int, std::uint32_t, std::uint32_t, int, int, int, int, int, std::uint32_t> key;
    Escalation esc;
  };
  std::vector<Out> out;

  bool en() const { return lang == dsl::Lang::en; }

  std::string agency_name(AgencyId a) const { return fmt::format("{} ({})", p.str(p.agencies[a].name), p.str(p.agencies[a].id)); }
  /// Up to three agencies by name; more by id.
  std::string agencies_text(const std::vector<AgencyId>& as) const {
    std::string s;
    for (AgencyId a : as) {
      if (!s.empty()) s += ", ";
      s += as.size() <= 3 ? agency_name(a) : std::string(p.str(p.agencies[a].id));
    }
    return s.empty() ? std::string(en() ? "none" : "không") : s;
  }
  std::string reference(StrId source, SectionId section) const { return reference_with(p, source, section, plan_ref); }
  std::string more_text(const Held& held) const { return more_held_back(held.count, held.listed.size(), lang); }
  std::string affected_text(const Held& held) const {
    std::string s;
    for (NodeId n : held.listed) {
      if (!s.empty()) s += ", ";
      s += p.node_name(n);
    }
    return s.empty() ? std::string("—") : s + more_text(held);
  }
  std::string chain_text(const Held& held) const {
    if (held.listed.empty()) return {};
    std::string s = en() ? " Holding back: " : " Đang kéo theo chậm: ";
    bool first = true;
    for (NodeId n : held.listed) {
      if (!first) s += ", ";
      first = false;
      s += p.node_name(n);
      if (NodeId b = e.blocked_by[n]; b != kNone) s += fmt::format(" ({} {})", en() ? "waits for" : "chờ", p.node_name(b));
    }
    return s + more_text(held) + ".";
  }
  PolicyId event_policy(EventId ev) const {
    for (SectionId s = p.events[ev].section; s != kNone; s = p.sections[s].parent) {
      if (p.sections[s].escalation != kNone) return p.sections[s].escalation;
    }
    return p.header.escalation;
  }
  bool policy_has(PolicyId pol, Subject subject) const {
    if (pol == kNone) return false;
    for (const auto& st : p.policies[pol].steps) {
      if (step_applies(st.kind, subject)) return true;
    }
    return false;
  }
  /// Whether the root cause gets messages of its own, so that what it holds back can stay quiet.
  bool escalated(NodeId root) const {
    if (p.is_event(root)) return policy_has(event_policy(p.event_of(root)), Subject::event);
    const Task& t = p.tasks[root];
    return !t.quiet && t.escalation != kNone && e.status[root] == Status::overdue;
  }
  /// Late or at risk because of another late thing that is escalated itself.
  bool inhibited(NodeId n) const {
    NodeId root = e.root_cause[n];
    return root != kNone && root != n && escalated(root);
  }
  AgencyId find_agency(std::string_view id) const {
    Symbol s = p.find(id);
    return s.kind == Kind::agency ? s.index : kNone;
  }
  ThreadSlot& slot_at(std::uint32_t slot) {
    const std::size_t n = p.node_count() + m.occurrences.items.size();
    if (self.slots_.size() != n) self.slots_.assign(n, {});
    return self.slots_[slot];
  }
  /// The thread of slot `slot` (a node, or node_count() + an occurrence) for `due`, or null: looked
  /// up by its text key (`key()`) the first time, then kept in the slot.
  template <typename Key>
  Thread* slot_thread(std::uint32_t slot, Day due, Key&& key) {
    ThreadSlot& s = slot_at(slot);
    if (s.due != due) {
      auto it = self.threads_.find(key());
      s = {due, it == self.threads_.end() ? nullptr : &it->second};
    }
    return s.thread;
  }
  /// The thread of slot `slot` for `due`, started under `policy` if there is none yet.
  Thread& open_thread(std::uint32_t slot, Day due, const std::string& key, PolicyId policy) {
    Thread& th = self.thread_for(key, policy);
    slot_at(slot) = {due, &th};
    return th;
  }
  std::uint32_t occurrence_slot(std::uint32_t o) const { return p.node_count() + o; }
  /// What root cause `n` holds back: on a full run found for every root at once (find_affected); on
  /// a run over what changed, for one root when its message needs it (a fact at the head of a
  /// national chain makes many roots, and walking each one's cone would cost more than the run).
  const Held& affected(NodeId n) {
    static const Held none;
    if (subset && e.root_cause[n] == n && !affected_of.count(n)) walk_affected(n);
    auto it = affected_of.find(n);
    return it == affected_of.end() ? none : it->second;
  }
  void walk_affected(NodeId root);
  std::vector<std::uint8_t> walked;  ///< walk_affected's marks per node, cleared after each walk
  void keep_first_listed(Held& held) const;
  bool is_held_back(NodeId n) const { return e.late[n] || e.root_cause[n] != kNone; }  // docs/status.md §2.6

  /// The steps of a policy as a new thread would freeze them, copied once per run.
  const std::vector<StepCopy>& policy_steps_of(PolicyId pol);
  /// Renders `esc.message` from the step's template (or the built-in text) and the values.
  void render(Escalation& esc, const StepCopy* step, std::string_view builtin, const Values& v) const;
  /// Records a message unless it was sent before; true when it is new.
  bool emit(Escalation esc, int group, std::uint32_t index, std::uint32_t sub, int rank, std::uint32_t recipient);
  /// Names the copies (`đồng gửi`) of `sent` on `esc` (docs/language.md §4.13).
  void add_copies(Escalation& esc, const Addressing* sent) const;
  /// Adds the agencies `to` to those the thread was escalated to.
  void note_recipients(Thread& th, const std::vector<AgencyId>& to) const;
  /// Splits a step's recipients into the agencies at the lead's level (each gets its own message)
  /// and those above (one message). `leads`/`support`: the subject's; `follow_up`: whom
  /// `đơn vị theo dõi` means here.
  void split(const StepCopy& st, std::span<const AgencyId> leads, std::span<const AgencyId> support, AgencyId follow_up,
             std::vector<AgencyId>& own, std::vector<AgencyId>& above) const;

  // The subjects, in the order a run looks at them (each in its section below).

  /// What each late thing holds back (all of them, or what the changed root causes hold back).
  void find_affected();
  /// Resolution notices: threads past due whose subject is done, waived, extended or happened.
  void resolutions();
  void resolve_thread(const std::string& key, Thread& th);
  Watched watched_of(std::pair<const std::string, Thread>& entry) const;
  bool may_be_resolved(const Watched& w) const;
  /// Marks a thread past due (after its first message after the due date): watched from now on.
  void watch(Thread& th, const std::string& key);
  Outcome task_outcome(TaskId ti, Day due) const;
  Outcome report_outcome(std::uint32_t o, Day due) const;
  Outcome event_outcome(EventId ev, Day due) const;

  /// Tasks: reminders before the deadline, the ladder after it.
  void tasks();
  void escalate_task(TaskId ti);
  bool quiet(TaskId ti, Day due);
  Day next_handover();
  Day handover = kNoDay;  ///< next_handover(), once worked out
  struct TaskThread;
  void task_step(const TaskThread& t, std::size_t si, int r);
  std::string task_key(const TaskThread& t) const;
  Values task_values(const TaskThread& t, const Escalation& base, const StepCopy& st) const;
  std::string task_ask(const TaskThread& t, EscalationKind kind, AgencyId a) const;

  /// Recurring reports, one period of a duty at a time.
  void reports();
  struct ReportPeriod;
  void report_period(ReportPeriod& rp);
  void report_unit(ReportPeriod& rp, std::uint32_t o);
  void report_above(const ReportPeriod& rp, std::size_t si, int r, const std::vector<std::uint32_t>& units);
  Escalation report_base(const ReportPeriod& rp, const std::vector<StepCopy>& steps, std::size_t si, int r) const;
  Values report_values(const ReportPeriod& rp, const Escalation& esc, const StepCopy& st) const;

  /// Events past their expected day.
  void events();
  void escalate_event(NodeId n);
};

Escalator::Escalator(const Model& model, dsl::Lang lang) : model_(&model), lang_(lang) {}

std::uint64_t Escalator::sent_key(std::string_view id) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), v, 16);
  return id.size() == 16 && ec == std::errc{} && end == id.data() + id.size() ? v : dsl::fnv1a(id);
}

void Escalator::reload(const Model& model) {
  model_ = &model;
  topo_.clear();
  slots_.clear();
  watched_valid_ = false;
  aimed_valid_ = false;
}

std::vector<Escalator::StepCopy> Escalator::steps_of(const Plan& plan, PolicyId policy) {
  return copy_steps(plan, policy);
}

std::vector<Escalator::OpenThread> Escalator::open() const {
  std::vector<OpenThread> out;
  for (const auto& [key, th] : threads_) {
    if (!th.past_due || th.resolved) continue;
    auto k = parse_thread_key(key);
    if (!k) continue;
    OpenThread t;
    t.kind = k->kind;
    t.subject = k->subject;
    t.agency = k->agency;
    t.year = k->year;
    t.period = k->period;
    t.due = k->due;
    t.thread = &th;
    out.push_back(std::move(t));
  }
  return out;
}

std::size_t Escalator::open_threads() const {
  std::size_t n = 0;
  for (const auto& [k, t] : threads_) n += t.past_due && !t.resolved;
  return n;
}

Escalator::Thread& Escalator::thread_for(const std::string& key, PolicyId policy) {
  auto it = threads_.find(key);
  if (it != threads_.end()) return it->second;
  const Plan& p = model_->plan;
  Thread t;
  if (policy != kNone) {
    t.policy = std::string(p.str(p.policies[policy].id));
    t.digest = p.policies[policy].daily_digest;
    t.steps = copy_steps(p, policy);
  }
  return threads_.emplace(key, std::move(t)).first->second;
}

// ---------------------------------------------------------------- one run

const std::vector<Escalator::StepCopy>& Escalator::Ctx::policy_steps_of(PolicyId pol) {
  static const std::vector<StepCopy> none;
  if (pol == kNone) return none;
  if (!policy_steps[pol]) policy_steps[pol] = copy_steps(p, pol);
  return *policy_steps[pol];
}

void Escalator::Ctx::render(Escalation& esc, const StepCopy* step, std::string_view builtin, const Values& v) const {
  if (step && !step->message[static_cast<int>(lang)].empty()) {
    esc.message = render_template(step->message[static_cast<int>(lang)], v);
  } else {
    esc.message = render_template(builtin, v);
    if (en()) esc.message = singular_days(std::move(esc.message));
  }
}

bool Escalator::Ctx::emit(Escalation esc, int group, std::uint32_t index, std::uint32_t sub, int rank, std::uint32_t recipient) {
  if (self.sent_.count(sent_key(esc.id))) return false;
  self.sent_.insert(sent_key(esc.id));
  if (esc.kind != EscalationKind::reminder) add_copies(esc, group == 0 ? p.sent_of(index) : group == 1 ? &p.duties[index].sent : nullptr);
  out.push_back(Out{std::make_tuple(group, index, sub, esc.kind == EscalationKind::resolved ? 0 : 1, esc.level, esc.step_days, esc.repeat,
                                    rank, recipient),
                    std::move(esc)});
  return true;
}

void Escalator::Ctx::add_copies(Escalation& esc, const Addressing* sent) const {
  if (!sent || !sent->copy_to.size) return;
  for (AgencyId a : p.agencies_of(sent->copy_to))
    for (AgencyId h : p.holders(a, date_of(at))) add_unique(esc.copy_to, h);  // an agency that has ended: its successors
  esc.message += fmt::format("\n{}: {}.", en() ? "Copy to" : "Đồng gửi", agencies_text(esc.copy_to));
}

void Escalator::Ctx::note_recipients(Thread& th, const std::vector<AgencyId>& to) const {
  for (AgencyId a : to) {
    std::string id(p.str(p.agencies[a].id));
    if (std::find(th.escalated_to.begin(), th.escalated_to.end(), id) == th.escalated_to.end()) th.escalated_to.push_back(id);
  }
}

void Escalator::Ctx::split(const StepCopy& st, std::span<const AgencyId> leads, std::span<const AgencyId> support, AgencyId follow_up,
                           std::vector<AgencyId>& own, std::vector<AgencyId>& above) const {
  for (const auto& [kind, id] : st.to) {
    switch (kind) {
      case RecipientKind::lead:
        for (AgencyId a : leads) add_unique(own, a);
        break;
      case RecipientKind::support:
        for (AgencyId a : support) add_unique(own, a);
        break;
      case RecipientKind::follow_up:
        add_unique(above, follow_up);
        break;
      case RecipientKind::agency:
        add_unique(above, find_agency(id));
        break;
    }
  }
  // An agency that has ended by today (`chấm dứt`): its successors receive what it would have.
  auto hand_over = [&](std::vector<AgencyId>& v) {
    std::vector<AgencyId> now;
    for (AgencyId a : v) {
      if (a == kNone) {
        add_unique(now, a);
        continue;
      }
      for (AgencyId h : p.holders(a, date_of(at))) add_unique(now, h);
    }
    v = std::move(now);
  };
  hand_over(own);
  hand_over(above);
  std::erase_if(above, [&](AgencyId a) { return std::find(own.begin(), own.end(), a) != own.end(); });
}

std::vector<Escalation> Escalator::run(const Evaluation& e) {
  return run_on(e, nullptr);
}

std::vector<Escalation> Escalator::run(const Evaluation& e, const Changes& changes) {
  return run_on(e, &changes);
}

std::vector<Escalation> Escalator::run_on(const Evaluation& e, const Changes* only) {
  // Every message is a dated document: on a day off nothing goes out; the next working day
  // catches up (the current rung, the pending resolutions).
  if (!model_->plan.calendar.is_working(e.at)) return {};
  Ctx c(*this, e, only);
  if (c.subset) {
    c.picked.assign(c.p.node_count() + c.p.duties.size(), 0);
    for (NodeId n : only->nodes) c.picked[n] = 1;
    for (std::uint32_t o : only->occurrences) c.picked[c.p.node_count() + c.m.occurrences.items[o].duty] = 1;
  }
  c.find_affected();
  c.resolutions();
  c.tasks();
  aim_reminders(c);
  c.reports();
  c.events();

  std::stable_sort(c.out.begin(), c.out.end(), [](const Ctx::Out& a, const Ctx::Out& b) { return a.key < b.key; });
  std::vector<Escalation> out;
  out.reserve(c.out.size());
  for (auto& o : c.out) {
    o.esc.digest = o.esc.policy != kNone && c.p.policies[o.esc.policy].daily_digest;
    out.push_back(std::move(o.esc));
  }
  return out;
}

void Escalator::Ctx::find_affected() {
  auto& topo_ = self.topo_;
  // What each late thing holds back, in the schedule's order.
  if (topo_.size() != p.node_count()) {
    topo_.assign(p.node_count(), 0);
    for (std::uint32_t i = 0; i < m.schedule.order.size(); ++i) topo_[m.schedule.order[i]] = i;
  }
  if (subset) return;  // one root at a time, when asked (affected)
  for (NodeId n = 0; n < p.node_count(); ++n) {
    NodeId root = e.root_cause[n];
    if (root == kNone || root == n) continue;
    if (is_held_back(n)) affected_of[root].listed.push_back(n);
  }
  for (auto& [root, held] : affected_of) keep_first_listed(held);
}

/// Root causes propagate along the edges that hold each node back, so what `root` holds back is
/// found by walking downstream through the nodes that share it.
void Escalator::Ctx::walk_affected(NodeId root) {
  Held& held = affected_of[root];
  if (walked.empty()) walked.assign(p.node_count(), 0);
  std::vector<NodeId> found, stack{root};
  while (!stack.empty()) {
    NodeId x = stack.back();
    stack.pop_back();
    auto visit = [&](NodeId y) {
      if (e.root_cause[y] != root || y == root || walked[y]) return;
      walked[y] = 1;
      found.push_back(y);
      stack.push_back(y);
    };
    if (!p.is_event(x)) {
      for (NodeId y : p.dependents.of(x)) visit(y);
    }
    for (NodeId y : p.wakes.of(x)) visit(y);
  }
  for (NodeId y : found) {
    walked[y] = 0;
    if (is_held_back(y)) held.listed.push_back(y);
  }
  keep_first_listed(held);
}

/// Counts what a root holds back and keeps the first kAffectedListed, upstream first.
void Escalator::Ctx::keep_first_listed(Held& held) const {
  const auto& topo = self.topo_;
  auto upstream_first = [&](NodeId a, NodeId b) { return std::tie(topo[a], a) < std::tie(topo[b], b); };
  auto& v = held.listed;
  held.count = v.size();
  if (v.size() > kAffectedListed) {
    std::nth_element(v.begin(), v.begin() + kAffectedListed, v.end(), upstream_first);
    v.resize(kAffectedListed);
  }
  std::sort(v.begin(), v.end(), upstream_first);
}

// ---------------------------------------------------------------- resolutions

Outcome Escalator::Ctx::task_outcome(TaskId ti, Day due) const {
  const bool en = this->en();
  Outcome r;
  Status s = e.status[ti];
  if (s == Status::done_on_time || s == Status::done_late) {
    r.resolved = true, r.when = e.done[ti];
    r.reason = fmt::format("done on {}", iso(r.when));
    r.outcome = en ? fmt::format("was done on {}", show_date(date_of(r.when), lang))
                   : fmt::format("đã hoàn thành ngày {}", show_date(date_of(r.when), lang));
  } else if (s == Status::waived) {
    r.resolved = true;
    r.reason = "waived";
    r.outcome = en ? "was waived" : "đã được dừng thực hiện";
  } else if (e.deadline[ti] != due && e.deadline[ti] != kNoDay) {
    r.resolved = true;
    r.reason = fmt::format("{} to {}", e.extended[ti] ? "extended" : "due date changed", iso(e.deadline[ti]));
    r.outcome =
        en ? fmt::format("{} to {}", e.extended[ti] ? "was extended" : "has a new due date", show_date(date_of(e.deadline[ti]), lang))
           : fmt::format("{} {}", e.extended[ti] ? "đã được gia hạn đến" : "có thời hạn mới", show_date(date_of(e.deadline[ti]), lang));
  } else if (p.tasks[ti].quiet) {
    r.resolved = true;
    r.reason = "escalation turned off";
    r.outcome = en ? "is no longer escalated ('escalation none')" : "không còn được đôn đốc ('đôn đốc không')";
  }
  return r;
}

/// `o`: the unit's occurrence of the report under the rules in force.
Outcome Escalator::Ctx::report_outcome(std::uint32_t o, Day due) const {
  const bool en = this->en();
  Outcome r;
  if (e.occurrence_status[o] == Status::done_on_time || e.occurrence_status[o] == Status::done_late) {
    r.resolved = true, r.when = e.occurrence_done[o];
    r.reason = fmt::format("report received on {}", iso(r.when));
    r.outcome = en ? fmt::format("was received on {}", show_date(date_of(r.when), lang))
                   : fmt::format("đã nhận được ngày {}", show_date(date_of(r.when), lang));
  } else if (m.occurrences.items[o].deadline != due) {
    Day now = m.occurrences.items[o].deadline;
    r.resolved = true;
    r.reason = fmt::format("due date changed to {}", iso(now));
    r.outcome = en ? fmt::format("has a new due date, {}", show_date(date_of(now), lang))
                   : fmt::format("có thời hạn mới {}", show_date(date_of(now), lang));
  }
  return r;
}

Outcome Escalator::Ctx::event_outcome(EventId ev, Day due) const {
  const bool en = this->en();
  const NodeId n = p.event_node(ev);
  Outcome r;
  if (e.done[n] != kNoDay) {
    r.resolved = true, r.when = e.done[n];
    r.reason = fmt::format("happened on {}", iso(r.when));
    r.outcome = en ? fmt::format("happened on {}", show_date(date_of(r.when), lang))
                   : fmt::format("đã xảy ra ngày {}", show_date(date_of(r.when), lang));
  } else if (Day now = m.dates.event_expected[ev]; now != due) {
    r.resolved = true;
    r.reason = now == kNoDay ? std::string("no expected date any more") : fmt::format("expected date changed to {}", iso(now));
    r.outcome = now == kNoDay ? std::string(en ? "has no expected date any more" : "không còn thời điểm dự kiến")
                              : (en ? fmt::format("is now expected by {}", show_date(date_of(now), lang))
                                    : fmt::format("có thời điểm dự kiến mới {}", show_date(date_of(now), lang)));
  }
  return r;
}

void Escalator::Ctx::resolutions() {
  auto& watched = self.watched_;
  if (!self.watched_valid_) {
    watched.clear();
    for (auto& entry : self.threads_) {
      if (entry.second.past_due && !entry.second.resolved) watched.push_back(watched_of(entry));
    }
    self.watched_valid_ = true;
  }
  // Threads are closed only here, so the list is swept only when one was. A fact's run looks at
  // the threads of what it changed; the others' thread records (scattered in the map) stay untouched.
  bool closed = false;
  for (const Watched& w : watched) {
    if (subset && !picked_subject(w.subject)) continue;
    if (w.thread->resolved || !may_be_resolved(w)) continue;
    resolve_thread(*w.key, *w.thread);
    closed = closed || w.thread->resolved;
  }
  if (closed) std::erase_if(watched, [](const Watched& w) { return w.thread->resolved; });
}

Escalator::Watched Escalator::Ctx::watched_of(std::pair<const std::string, Thread>& entry) const {
  Watched w;
  w.key = &entry.first;
  w.thread = &entry.second;
  if (auto k = parse_thread_key(entry.first)) {
    w.kind = k->kind;
    w.subject = p.find(k->subject);
    w.due = k->due;
    if (w.kind == 'O' && w.subject.kind == Kind::duty) {
      if (AgencyId unit = find_agency(k->agency); unit != kNone)
        w.occurrence = find_occurrence(m.occurrences, w.subject.index, unit, k->year, k->period);
    }
  }
  return w;
}

/// Whether resolve_thread could close the thread today: its subject's outcome, from the arrays alone.
bool Escalator::Ctx::may_be_resolved(const Watched& w) const {
  if (w.kind == 'T' && w.subject.kind == Kind::task) return task_outcome(w.subject.index, w.due).resolved;
  if (w.kind == 'O' && w.subject.kind == Kind::duty) return w.occurrence == kNone || report_outcome(w.occurrence, w.due).resolved;
  if (w.kind == 'E' && w.subject.kind == Kind::event) return event_outcome(w.subject.index, w.due).resolved;
  return true;  // the subject left the plan: closed without a notice
}

void Escalator::Ctx::watch(Thread& th, const std::string& key) {
  if (th.past_due) return;
  th.past_due = true;
  if (self.watched_valid_) self.watched_.push_back(watched_of(*self.threads_.find(key)));
}

void Escalator::Ctx::resolve_thread(const std::string& key, Thread& th) {
  const auto parsed = parse_thread_key(key);
  if (!parsed) return;
  const ThreadKey& k = *parsed;
  Symbol sym = p.find(k.subject);
  Escalation esc;
  esc.at = at;
  esc.kind = EscalationKind::resolved;
  esc.due = k.due;
  int group = 0;
  std::uint32_t index = kNone, sub = 0;
  std::string_view builtin;
  Values v;
  Outcome r;
  if (k.kind == 'T' && sym.kind == Kind::task) {
    TaskId ti = sym.index;
    esc.node = ti;
    index = ti;
    r = task_outcome(ti, k.due);
    for (AgencyId a : p.agencies_of(p.tasks[ti].leads)) esc.leads.push_back(a);
    v[pTitle] = p.str(p.tasks[ti].title);
    builtin = tx.resolved_task;
  } else if (k.kind == 'O' && sym.kind == Kind::duty) {
    DutyId u = sym.index;
    AgencyId unit = find_agency(k.agency);
    std::uint32_t o = unit == kNone ? kNone : find_occurrence(m.occurrences, u, unit, k.year, k.period);
    esc.duty = u, esc.occurrence = o, esc.year = k.year, esc.period = k.period;
    group = 1, index = u, sub = static_cast<std::uint32_t>(k.year * 16 + k.period);
    if (o != kNone) {
      r = report_outcome(o, k.due);
    } else {
      th.resolved = true;  // no longer owed under the rules in force: closed without a notice
    }
    if (unit != kNone) esc.leads.push_back(unit);
    v[pTitle] = p.str(p.duties[u].title);
    v[pPeriod] = period_text(p.duties[u], k.year, k.period, lang);
    builtin = tx.resolved_report;
  } else if (k.kind == 'E' && sym.kind == Kind::event) {
    esc.node = p.event_node(sym.index);
    group = 2, index = sym.index;
    r = event_outcome(sym.index, k.due);
    v[pTitle] = p.str(p.events[sym.index].title);
    builtin = tx.resolved_event;
  } else {
    th.resolved = true;  // the task, duty or event left the plan: closed without a notice
  }
  if (!r.resolved) return;
  th.resolved = true;
  for (const auto& id : th.escalated_to) {
    AgencyId a = find_agency(id);
    if (a == kNone) continue;
    for (AgencyId h : p.holders(a, date_of(at))) add_unique(esc.to, h);  // an agency that has ended: its successors
  }
  std::sort(esc.to.begin(), esc.to.end());
  if (esc.to.empty()) return;
  esc.days_late = r.when != kNoDay && k.due != kNoDay ? r.when - k.due : 0;
  esc.reason = r.reason;
  esc.policy = p.find(th.policy).kind == Kind::policy ? p.find(th.policy).index : kNone;
  esc.digest = th.digest;
  esc.id = make_id(
      {plan_id, std::string(1, k.kind), k.subject, k.agency, std::to_string(k.year), std::to_string(k.period), "resolved", k.due_iso});
  v[pTask] = k.subject;
  v[pDue] = k.due != kNoDay ? show_date(date_of(k.due), lang) : "—";
  v[pStep] = default_label(EscalationKind::resolved, 0, lang);
  v[pLeads] = agencies_text(esc.leads);
  v[pTo] = agencies_text(esc.to);
  v[pOutcome] = r.outcome;
  v[pPlan] = p.str(p.header.number);
  render(esc, nullptr, builtin, v);
  std::uint32_t first_lead = esc.leads.empty() ? 0 : esc.leads.front();
  emit(std::move(esc), group, index, sub, 0, first_lead);
}

// ---------------------------------------------------------------- tasks

/// One task's thread on this run.
struct Escalator::Ctx::TaskThread {
  TaskId ti;
  const Task& task;
  Day due;
  bool late;  ///< after due (else a reminder)
  const std::vector<StepCopy>& steps;
  Held held;                    ///< what it holds back (late only)
  std::vector<AgencyId> leads;  ///< its leads, groups expanded
};

void Escalator::Ctx::tasks() {
  const std::size_t visits = subset ? only->nodes.size() : p.tasks.size();
  for (std::size_t k = 0; k < visits; ++k) {
    const TaskId ti = subset ? only->nodes[k] : static_cast<TaskId>(k);
    if (ti >= p.tasks.size()) continue;  // an event (subset)
    escalate_task(ti);
  }
}

void Escalator::Ctx::escalate_task(TaskId ti) {
  // The evaluation's arrays first: most tasks have nothing to send, and are told so without
  // reading their declaration.
  Status s = e.status[ti];
  Day due = e.deadline[ti];
  if (due == kNoDay) return;
  bool late = s == Status::overdue;
  bool started = e.start[ti] != kNoDay && e.start[ti] <= at;
  bool remind = (s == Status::not_due || s == Status::due_soon) && started && !e.extended[ti] && at <= due;
  if (!late && !remind) return;
  const Task& t = p.tasks[ti];
  if (t.quiet) return;
  if (late && inhibited(ti)) return;
  if (quiet(ti, due)) return;
  const Thread* thread = slot_thread(ti, due, [&] { return thread_key('T', p.str(t.id), "", 0, 0, due); });
  if (!thread && t.escalation == kNone) return;
  const std::vector<StepCopy>& steps = thread ? thread->steps : policy_steps_of(t.escalation);
  const Day base = late ? ladder_due(steps, due, m.dates.plan_start) : due;
  auto rung = current_rung(steps, Subject::task, remind, base, at, p.calendar);
  if (!rung.empty()) {
    TaskThread th{ti,
                  t,
                  due,
                  late,
                  steps,
                  late ? affected(ti) : Held{},
                  std::vector<AgencyId>(p.agencies_of(t.leads).begin(), p.agencies_of(t.leads).end())};
    for (auto [si, r] : rung) task_step(th, si, r);
  }
  // Until the ladder moves (or an agency hands over), this task has nothing new to send.
  ThreadSlot& slot = slot_at(ti);
  if (slot.due != due) return;
  slot.quiet_until = std::min(next_rung_day(steps, Subject::task, remind, base, at, p.calendar), next_handover());
  slot.status = s, slot.extended = e.extended[ti], slot.start = e.start[ti], slot.root = e.root_cause[ti];
}

/// Whether task `ti`, due on `due`, was found to have nothing new to send before a later day and
/// is still as it was then.
bool Escalator::Ctx::quiet(TaskId ti, Day due) {
  const ThreadSlot& slot = slot_at(ti);
  return slot.quiet_until != kNoDay && slot.due == due && at < slot.quiet_until && slot.status == e.status[ti] &&
         slot.extended == static_cast<bool>(e.extended[ti]) && slot.start == e.start[ti] && slot.root == e.root_cause[ti];
}

/// The first day after today on which an agency ends and hands what it was given to its successors.
Day Escalator::Ctx::next_handover() {
  if (handover == kNoDay) {
    handover = kNever;
    for (const Agency& a : p.agencies) {
      if (a.ends && day_of(a.ends->on) > at) handover = std::min(handover, day_of(a.ends->on));
    }
  }
  return handover;
}

/// One step of the current rung: a message to each lead (or support) agency, one to the agencies
/// above listing the leads.
void Escalator::Ctx::task_step(const TaskThread& t, std::size_t si, int r) {
  const StepCopy& st = t.steps[si];
  const Day due = t.due;
  std::vector<AgencyId> own, above;
  split(st, p.agencies_of(t.task.leads), p.agencies_of(t.task.support), p.header.follow_up, own, above);
  // The current rung stays current until the next one: most days every message of it was sent
  // already, which the ids tell before any text is made.
  const EscalationKind kind = kind_of(st.kind);
  const int level = rung_of(t.steps, si);
  const std::string id_base_days = std::to_string(st.days), id_level = std::to_string(level), id_r = std::to_string(r), due_iso = iso(due);
  auto id_for = [&](std::string_view to) {
    return make_id({plan_id, "T", p.str(t.task.id), "", "0", "0", escalation_kind_name(kind), id_level, id_base_days, due_iso, id_r, to});
  };
  std::vector<std::pair<AgencyId, std::string>> pending;
  for (AgencyId a : own) {
    if (std::string id = id_for(p.str(p.agencies[a].id)); !self.sent_.count(sent_key(id))) pending.emplace_back(a, std::move(id));
  }
  std::string above_id = id_for("*");
  const bool above_pending = !above.empty() && !self.sent_.count(sent_key(above_id));
  if (pending.empty() && !above_pending) return;

  Escalation base;
  base.at = at;
  base.kind = kind;
  base.level = level;
  base.repeat = r;
  base.step_days = st.days;
  base.node = t.ti;
  base.due = due;
  base.days_late = at - due;
  base.root_cause = e.root_cause[t.ti];
  base.affected = t.held.listed;
  base.affected_count = t.held.count;
  base.label = st.label;
  base.policy = t.task.escalation;
  if (t.late) {
    base.reason = fmt::format("{} overdue", days(at - due));
  } else {
    base.reason = at == due ? std::string("due today") : fmt::format("due in {}", days(due - at));
  }
  Values v = task_values(t, base, st);
  std::string_view builtin_own = t.late ? tx.late_lead : (at == due ? tx.remind_on_due : tx.remind_before);
  bool any = false;
  for (auto& [a, id] : pending) {
    Escalation esc = base;
    esc.to = {a};
    esc.leads = {a};
    esc.id = std::move(id);
    v[pLeads] = agency_name(a);
    v[pTo] = agency_name(a);
    v[pAsk] = task_ask(t, base.kind, a);
    render(esc, &st, builtin_own, v);
    any |= emit(std::move(esc), 0, t.ti, 0, 0, a);
  }
  if (above_pending) {
    Escalation esc = base;
    esc.to = above;
    esc.leads = t.leads;
    esc.above = true;
    esc.id = std::move(above_id);
    v[pLeads] = agencies_text(t.leads);
    v[pTo] = agencies_text(above);
    if (t.late) {
      v[pAsk] = en() ? fmt::format("{}: please urge and direct the lead to complete the task.", agencies_text(above))
                     : fmt::format("Đề nghị {} đôn đốc, chỉ đạo đơn vị chủ trì hoàn thành nhiệm vụ.", agencies_text(above));
    } else {
      v[pAsk] = en() ? fmt::format("{}: for your follow-up.", agencies_text(above)) : fmt::format("Để {} theo dõi.", agencies_text(above));
    }
    render(esc, &st, t.late ? tx.late_above : builtin_own, v);
    std::vector<AgencyId> to = esc.to;
    if (emit(std::move(esc), 0, t.ti, 0, 1, kNone)) {
      any = true;
      if (t.late) note_recipients(open_thread(t.ti, t.due, task_key(t), t.task.escalation), to);
    }
  }
  if (any) {
    const std::string key = task_key(t);
    Thread& th = open_thread(t.ti, t.due, key, t.task.escalation);
    if (t.late) {
      watch(th, key);
      note_recipients(th, own);
    }
  }
}

std::string Escalator::Ctx::task_key(const TaskThread& t) const {
  return thread_key('T', p.str(t.task.id), "", 0, 0, t.due);
}

/// What every message of one task step says, whoever it goes to.
Values Escalator::Ctx::task_values(const TaskThread& t, const Escalation& base, const StepCopy& st) const {
  Values v;
  v[pTask] = p.str(t.task.id);
  v[pTitle] = p.str(t.task.title);
  v[pDeliverable] = t.task.deliverable != kNone ? std::string(p.str(t.task.deliverable)) : "—";
  v[pReference] = reference(t.task.source, t.task.section);
  v[pDue] = show_date(date_of(t.due), lang);
  v[pDays] = std::to_string(std::abs(at - t.due));
  v[pLevel] = std::to_string(base.level);
  v[pStep] = step_name(st.label, base.kind, base.level, lang);
  v[pAffected] = affected_text(t.held);
  v[pChain] = chain_text(t.held);
  v[pPlan] = p.str(p.header.number);
  return v;
}

/// What a lead (or support) agency `a` is asked to do (`{yêu_cầu}`).
std::string Escalator::Ctx::task_ask(const TaskThread& t, EscalationKind kind, AgencyId a) const {
  std::string follow = p.header.follow_up != kNone ? agency_name(p.header.follow_up) : "";
  if (!t.late) {
    return en() ? fmt::format("{} is asked to complete it and record the result {}.", agency_name(a),
                              at == t.due ? "today" : "before the due date")
                : fmt::format("Đề nghị {} hoàn thành và cập nhật kết quả {}.", agency_name(a), at == t.due ? "trong ngày" : "trước hạn");
  }
  if (kind == EscalationKind::long_overdue) {
    return en() ? fmt::format("{} is asked to explain the delay in writing and report the result{}.", agency_name(a),
                              follow.empty() ? "" : " to " + follow)
                : fmt::format("Đề nghị {} giải trình bằng văn bản lý do chậm và báo cáo kết quả{}.", agency_name(a),
                              follow.empty() ? "" : " về " + follow);
  }
  return en() ? fmt::format("{} is asked to complete it urgently and report the result and the reason for the delay{}.", agency_name(a),
                            follow.empty() ? "" : " to " + follow)
              : fmt::format("Đề nghị {} khẩn trương hoàn thành, báo cáo kết quả và lý do chậm{}.", agency_name(a),
                            follow.empty() ? "" : " về " + follow);
}

// A task due `Năm 2025` whose body also says `phấn đấu trước năm 2025` is tracked against the binding
// date (docs/language.md §4.5); the aim date gets one reminder of its own, on that day, to the
// leads, as long as the task has started and is not done or waived.
void Escalator::aim_reminders(Ctx& c) {
  const Plan& p = c.p;
  const Evaluation& e = c.e;
  const bool en = c.en();
  const std::string plan_id(p.str(p.header.id));
  if (!aimed_valid_) {  // the tasks with an aspirational date besides the binding one, once per plan
    aimed_.clear();
    for (TaskId ti = 0; ti < p.tasks.size(); ++ti) {
      const Task& task = p.tasks[ti];
      for (std::uint32_t i = task.due.begin + 1; i < task.due.begin + task.due.size; ++i) {
        if (p.dues[i].time->aspirational) {
          aimed_.push_back(ti);
          break;
        }
      }
    }
    aimed_valid_ = true;
  }
  for (TaskId ti : aimed_) {
    if (c.subset && !c.picked[ti]) continue;  // looked at in the day's run, and nothing changed it since
    const Task& task = p.tasks[ti];
    if (task.quiet || task.escalation == kNone || e.deadline[ti] == kNoDay) continue;
    Status s = e.status[ti];
    if (s == Status::done_on_time || s == Status::done_late || s == Status::waived || e.start[ti] == kNoDay || e.start[ti] > e.at) continue;
    for (std::uint32_t i = task.due.begin + 1; i < task.due.begin + task.due.size; ++i) {
      Day aim = c.m.dates.dues[i].deadline;
      if (!p.dues[i].time->aspirational || aim != e.at || aim >= e.deadline[ti]) continue;
      Values v;
      v[pTask] = p.str(task.id);
      v[pTitle] = p.str(task.title);
      v[pDeliverable] = task.deliverable != kNone ? std::string(p.str(task.deliverable)) : "—";
      v[pReference] = c.reference(task.source, task.section);
      v[pDue] = show_date(date_of(aim), lang_);
      v[pStep] = en ? "Aim date reminder" : "Nhắc mốc phấn đấu";
      v[pPlan] = p.str(p.header.number);
      std::string binding = show_date(date_of(e.deadline[ti]), lang_);
      std::string text =
          en ? "{step}: today, {due}, is the date that task {task} \"{title}\" ({reference}; deliverable: {deliverable}) aims to be "
               "done by; it is due on " +
                   binding + ". {ask}"
             : "{bước}: hôm nay, {hạn}, là mốc phấn đấu hoàn thành nhiệm vụ {nhiệm_vụ} \"{tên}\" ({căn_cứ}; sản phẩm: {sản_phẩm}); thời "
               "hạn phải hoàn thành là " +
                   binding + ". {yêu_cầu}";
      for (AgencyId a : p.agencies_of(task.leads)) {
        Escalation esc;
        esc.at = e.at;
        esc.kind = EscalationKind::reminder;
        esc.node = ti;
        esc.due = aim;
        esc.to = {a};
        esc.leads = {a};
        esc.reason = "aim date today";
        esc.label = en ? "Aim date reminder" : "Nhắc mốc phấn đấu";
        esc.policy = task.escalation;
        esc.id = make_id({plan_id, "T", p.str(task.id), "", "0", "0", "aim", iso(aim), p.str(p.agencies[a].id)});
        if (sent_.count(sent_key(esc.id))) continue;
        v[pLeads] = v[pTo] = c.agency_name(a);
        v[pAsk] = en ? fmt::format("{} is asked to report how far the work has come.", c.agency_name(a))
                     : fmt::format("Đề nghị {} báo cáo kết quả đạt được so với mốc phấn đấu.", c.agency_name(a));
        esc.message = render_template(text, v);
        sent_.insert(sent_key(esc.id));
        c.out.push_back(Ctx::Out{std::make_tuple(0, ti, 0, 1, 0, 0, 0, 0, a), std::move(esc)});
      }
    }
  }
}

// ---------------------------------------------------------------- recurring reports

/// One period of a duty: the occurrences [begin, end) with one year, period and due date.
struct Escalator::Ctx::ReportPeriod {
  DutyId u;
  const Duty& duty;
  std::uint32_t begin, end;
  int year, period;
  Day due;
  std::uint32_t sub;  ///< the sort key of the period
  bool late;          ///< after due (else reminders)
  /// Units still owing the report, by rung step and repeat (the agencies above get one message each).
  std::map<std::pair<std::size_t, int>, std::vector<std::uint32_t>> above_units;
  const std::vector<StepCopy>* above_steps = nullptr;  ///< the first unit's: threads of one period start together
};

void Escalator::Ctx::reports() {
  const std::size_t visits = subset && only->occurrences.empty() ? 0 : p.duties.size();
  for (DutyId u = 0; u < visits; ++u) {
    auto occs = m.occurrences.of(u);
    std::uint32_t first = m.occurrences.duty_begin[u];
    for (std::size_t i = 0; i < occs.size();) {
      std::size_t j = i;
      while (j < occs.size() && occs[j].year == occs[i].year && occs[j].period == occs[i].period && occs[j].deadline == occs[i].deadline)
        ++j;
      const Occurrence& head = occs[i];
      ReportPeriod rp{u,
                      p.duties[u],
                      first + static_cast<std::uint32_t>(i),
                      first + static_cast<std::uint32_t>(j),
                      head.year,
                      head.period,
                      head.deadline,
                      static_cast<std::uint32_t>(head.year * 16 + head.period),
                      at > head.deadline,
                      {}};
      report_period(rp);
      i = j;
    }
  }
}

void Escalator::Ctx::report_period(ReportPeriod& rp) {
  for (std::uint32_t o = rp.begin; o < rp.end; ++o) report_unit(rp, o);
  // The agencies above: one message per step and repeat, listing the units still owing.
  for (const auto& [step, units] : rp.above_units) report_above(rp, step.first, step.second, units);
}

/// The messages to the unit of occurrence `o` (`chủ trì`), if it still owes the report; notes it for
/// the agencies above.
void Escalator::Ctx::report_unit(ReportPeriod& rp, std::uint32_t o) {
  const Duty& duty = rp.duty;
  const Day due = rp.due;
  const int year = rp.year, period = rp.period;
  Status s = e.occurrence_status[o];
  bool late = s == Status::overdue;
  bool remind = (s == Status::not_due || s == Status::due_soon) && at <= due;
  if (!late && !remind) return;
  const Occurrence& occ = m.occurrences.items[o];
  std::string_view unit_id = p.str(p.agencies[occ.agency].id);
  auto key = [&] { return thread_key('O', p.str(duty.id), unit_id, year, period, due); };
  const Thread* thread = slot_thread(occurrence_slot(o), due, key);
  if (!thread && duty.escalation == kNone) return;
  const std::vector<StepCopy>& steps = thread ? thread->steps : policy_steps_of(duty.escalation);
  auto rung = current_rung(steps, Subject::report, remind, due, at, p.calendar);
  for (auto [si, r] : rung) {
    const StepCopy& st = steps[si];
    AgencyId unit = occ.agency;
    std::vector<AgencyId> own, above;
    split(st, {&unit, 1}, {}, p.header.follow_up, own, above);
    if (!above.empty()) {
      rp.above_units[{si, r}].push_back(o);
      if (!rp.above_steps) rp.above_steps = &steps;
    }
    if (own.empty()) continue;
    Escalation esc = report_base(rp, steps, si, r);
    esc.id = make_id({plan_id, "O", p.str(duty.id), unit_id, std::to_string(year), std::to_string(period), escalation_kind_name(esc.kind),
                      std::to_string(esc.level), std::to_string(st.days), iso(due), std::to_string(r), unit_id});
    if (self.sent_.count(sent_key(esc.id))) continue;
    esc.occurrence = o;
    esc.to = own;
    esc.leads = {unit};
    esc.reason = late ? fmt::format("report for {} not received, {} after due",
                                    period == 0 ? std::to_string(year) : fmt::format("{}/{}", period, year), days(at - due))
                      : (at == due ? std::string("report due today") : fmt::format("report due in {}", days(due - at)));
    Values v = report_values(rp, esc, st);
    v[pLeads] = agency_name(unit);
    v[pTo] = agency_name(unit);
    std::string dest;
    if (duty.sent.to.size) {
      auto to = p.agencies_of(duty.sent.to);
      dest = (en() ? " to " : " đến ") + agencies_text({to.begin(), to.end()});
      if (duty.sent.via != kNone) dest += en() ? " through " + agency_name(duty.sent.via) : " qua " + agency_name(duty.sent.via);
    }
    if (late) {
      v[pAsk] = en() ? fmt::format("{} is asked to send the report{} now.", agency_name(unit), dest)
                     : fmt::format("Đề nghị {} gửi báo cáo{} ngay.", agency_name(unit), dest);
    } else {
      v[pAsk] = en() ? fmt::format("{} is asked to send the report{} on time.", agency_name(unit), dest)
                     : fmt::format("Đề nghị {} gửi báo cáo{} đúng hạn.", agency_name(unit), dest);
    }
    render(esc, &st, late ? tx.report_lead : (at == due ? tx.report_on_due : tx.report_before), v);
    if (emit(std::move(esc), 1, rp.u, rp.sub, 0, unit)) {
      std::string k = key();
      Thread& th = open_thread(occurrence_slot(o), due, k, duty.escalation);
      if (late) {
        watch(th, k);
        note_recipients(th, own);
      }
    }
  }
}

/// One message to the agencies above for step `si`, repeat `r`, listing the units still owing.
void Escalator::Ctx::report_above(const ReportPeriod& rp, std::size_t si, int r, const std::vector<std::uint32_t>& units) {
  const Duty& duty = rp.duty;
  const Day due = rp.due;
  const int year = rp.year, period = rp.period;
  const StepCopy& st = (*rp.above_steps)[si];
  Escalation esc = report_base(rp, *rp.above_steps, si, r);
  esc.id = make_id({plan_id, "O", p.str(duty.id), "", std::to_string(year), std::to_string(period), escalation_kind_name(esc.kind),
                    std::to_string(esc.level), std::to_string(st.days), iso(due), std::to_string(r), "*"});
  if (self.sent_.count(sent_key(esc.id))) return;  // most days: the current rung was sent already
  AgencyId any_unit = m.occurrences.items[units.front()].agency;
  std::vector<AgencyId> own, above;
  split(st, {&any_unit, 1}, {}, p.header.follow_up, own, above);
  std::vector<AgencyId> listed;
  for (std::uint32_t o : units) listed.push_back(m.occurrences.items[o].agency);
  esc.above = true;
  esc.to = above;
  esc.leads = listed;
  esc.reason = rp.late ? fmt::format("{} reports for {} not received, {} after due", listed.size(),
                                     period == 0 ? std::to_string(year) : fmt::format("{}/{}", period, year), days(at - due))
                       : fmt::format("{} reports due {}", listed.size(), at == due ? "today" : fmt::format("in {}", days(due - at)));
  Values v = report_values(rp, esc, st);
  v[pLeads] = agencies_text(listed);
  v[pTo] = agencies_text(above);
  v[pAsk] = rp.late ? (en() ? fmt::format("{}: please urge the units still missing to send their reports.", agencies_text(above))
                            : fmt::format("Đề nghị {} đôn đốc các đơn vị còn thiếu gửi báo cáo.", agencies_text(above)))
                    : (en() ? fmt::format("{}: for your follow-up.", agencies_text(above))
                            : fmt::format("Để {} theo dõi.", agencies_text(above)));
  render(esc, &st, rp.late ? tx.report_above : (at == due ? tx.report_on_due : tx.report_before), v);
  std::vector<AgencyId> to = esc.to;
  if (emit(std::move(esc), 1, rp.u, rp.sub, 1, kNone) && rp.late) {
    for (std::uint32_t o : units) {
      const Occurrence& occ = m.occurrences.items[o];
      std::string k = thread_key('O', p.str(duty.id), p.str(p.agencies[occ.agency].id), year, period, due);
      Thread& th = open_thread(occurrence_slot(o), due, k, duty.escalation);
      watch(th, k);
      note_recipients(th, to);
    }
  }
}

/// What every escalation of step `si`, repeat `r`, about one period of a report has, whoever it goes to.
Escalation Escalator::Ctx::report_base(const ReportPeriod& rp, const std::vector<StepCopy>& steps, std::size_t si, int r) const {
  const StepCopy& st = steps[si];
  Escalation esc;
  esc.at = at;
  esc.kind = kind_of(st.kind);
  esc.level = rung_of(steps, si);
  esc.repeat = r;
  esc.step_days = st.days;
  esc.duty = rp.u;
  esc.year = rp.year, esc.period = rp.period;
  esc.due = rp.due;
  esc.days_late = at - rp.due;
  esc.label = st.label;
  esc.policy = rp.duty.escalation;
  return esc;
}

/// What every message about one period of a report says, whoever it goes to.
Values Escalator::Ctx::report_values(const ReportPeriod& rp, const Escalation& esc, const StepCopy& st) const {
  const Duty& duty = rp.duty;
  Values v;
  v[pTask] = p.str(duty.id);
  v[pTitle] = p.str(duty.title);
  v[pDeliverable] = duty.deliverable != kNone ? std::string(p.str(duty.deliverable)) : "—";
  v[pReference] = reference(duty.source, duty.section);
  v[pDue] = show_date(date_of(rp.due), lang);
  v[pDays] = std::to_string(std::abs(at - rp.due));
  v[pLevel] = std::to_string(esc.level);
  v[pStep] = step_name(st.label, esc.kind, esc.level, lang);
  v[pAffected] = "—";
  v[pPeriod] = period_text(duty, rp.year, rp.period, lang);
  v[pPlan] = p.str(p.header.number);
  return v;
}

// ---------------------------------------------------------------- events

void Escalator::Ctx::events() {
  const std::size_t visits = subset ? only->nodes.size() : p.events.size();
  for (std::size_t k = 0; k < visits; ++k) {
    const NodeId n = subset ? only->nodes[k] : p.event_node(static_cast<EventId>(k));
    if (!p.is_event(n)) continue;  // a task (subset)
    escalate_event(n);
  }
}

/// An event past its expected day: one message per step to its follow-up agency and those above.
void Escalator::Ctx::escalate_event(NodeId n) {
  const EventId ev = p.event_of(n);
  if (!e.late[n] || inhibited(n)) return;
  const Event& event = p.events[ev];
  Day due = m.dates.event_expected[ev];
  if (due == kNoDay) return;
  auto key = [&] { return thread_key('E', p.str(event.id), "", 0, 0, due); };
  const Thread* thread = slot_thread(n, due, key);
  PolicyId pol = event_policy(ev);
  if (!thread && pol == kNone) return;
  const std::vector<StepCopy>& steps = thread ? thread->steps : policy_steps_of(pol);
  auto rung = current_rung(steps, Subject::event, false, due, at, p.calendar);
  AgencyId follow = event.follow_up != kNone ? event.follow_up : p.header.follow_up;
  const Held& held = affected(n);
  for (auto [si, r] : rung) {
    const StepCopy& st = steps[si];
    std::vector<AgencyId> own, above;
    AgencyId f = follow;
    split(st, f != kNone ? std::span<const AgencyId>(&f, 1) : std::span<const AgencyId>{}, {}, follow, own, above);
    std::vector<AgencyId> to = own;
    for (AgencyId a : above) add_unique(to, a);
    if (to.empty()) continue;
    Escalation esc;
    esc.at = at;
    esc.kind = EscalationKind::event_late;
    esc.level = rung_of(steps, si);
    esc.repeat = r;
    esc.step_days = st.days;
    esc.node = n;
    esc.to = to;
    if (follow != kNone) esc.leads = {follow};
    esc.above = true;
    esc.root_cause = e.root_cause[n];
    esc.affected = held.listed;
    esc.affected_count = held.count;
    esc.due = due;
    esc.days_late = at - due;
    esc.label = st.label;
    esc.policy = pol;
    esc.reason = fmt::format("expected by {}, {} late", iso(due), days(at - due));
    esc.id = make_id({plan_id, "E", p.str(event.id), "", "0", "0", "event_late", std::to_string(esc.level), std::to_string(st.days),
                      iso(due), std::to_string(r), "*"});
    Values v;
    v[pTask] = p.str(event.id);
    v[pTitle] = p.str(event.title);
    v[pDeliverable] = "—";
    v[pReference] = reference(event.source, event.section);
    v[pDue] = show_date(date_of(due), lang);
    v[pDays] = std::to_string(at - due);
    v[pLevel] = std::to_string(esc.level);
    v[pStep] = step_name(st.label, esc.kind, esc.level, lang);
    v[pLeads] = follow != kNone ? agency_name(follow) : (en() ? "none" : "không");
    v[pTo] = agencies_text(to);
    v[pAffected] = affected_text(held);
    v[pChain] = chain_text(held);
    v[pPlan] = p.str(p.header.number);
    v[pAsk] = en() ? fmt::format("{}: please follow the event up, press for it and report the new expected date.", agencies_text(to))
                   : fmt::format("Đề nghị {} theo dõi, đôn đốc và báo cáo thời điểm dự kiến mới.", agencies_text(to));
    render(esc, &st, tx.event_late, v);
    if (emit(std::move(esc), 2, ev, 0, 1, kNone)) {
      std::string k = key();
      Thread& th = open_thread(n, due, k, pol);
      watch(th, k);
      note_recipients(th, to);
    }
  }
}

}  // namespace dondoc::engine
