#include "engine/escalate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>
#include <tuple>
#include <unordered_map>

#include "dsl/text.hpp"

namespace dondoc::engine {

namespace {

using StepKind = dsl::EscalationStep::Kind;
using RecipientKind = dsl::Recipient::Kind;
using Values = std::array<std::string, kPlaceholders.size()>;

// Indexes into kPlaceholders.
enum P : std::size_t {
  pTask,
  pTitle,
  pDeliverable,
  pReference,
  pDue,
  pDays,
  pLevel,
  pStep,
  pLeads,
  pTo,
  pAffected,
  pChain,
  pAsk,
  pPeriod,
  pOutcome,
  pPlan
};

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

/// The id of one message: the FNV-1a 64 hash of its parts, separated by U+001F, as 16 hex digits.
std::string make_id(std::initializer_list<std::string_view> parts) {
  std::string key;
  for (auto p : parts) {
    key += p;
    key += '\x1f';
  }
  return fmt::format("{:016x}", fnv1a(key));
}

/// "1 day", "7 days" (reasons and English messages).
std::string days(int n) {
  return fmt::format("{} day{}", n, n == 1 || n == -1 ? "" : "s");
}

/// The built-in English texts say "{days} days": one day is "1 day".
std::string singular_days(std::string s) {
  for (std::size_t i = 0; (i = s.find(" 1 days", i)) != std::string::npos;) s.erase(i + 6, 1);
  return s;
}

std::string iso(Day d) {
  return d == kNoDay ? std::string("-") : date_of(d).iso();
}

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

// ---------------------------------------------------------------- built-in texts

struct Texts {
  std::string_view remind_before, remind_on_due, late_lead, late_above;
  std::string_view report_before, report_on_due, report_lead, report_above;
  std::string_view event_late, resolved_task, resolved_report, resolved_event;
};

constexpr Texts kVi{
    "{bước}: nhiệm vụ {nhiệm_vụ} \"{tên}\" ({căn_cứ}; sản phẩm: {sản_phẩm}) đến hạn ngày {hạn}, còn {số_ngày} ngày. {yêu_cầu}",
    "{bước}: hôm nay, {hạn}, là hạn của nhiệm vụ {nhiệm_vụ} \"{tên}\" ({căn_cứ}; sản phẩm: {sản_phẩm}). {yêu_cầu}",
    "{bước}: nhiệm vụ {nhiệm_vụ} \"{tên}\" ({căn_cứ}; sản phẩm: {sản_phẩm}) đã quá hạn {số_ngày} ngày (hạn {hạn}).{chuỗi_chậm} {yêu_cầu}",
    "{bước}: nhiệm vụ {nhiệm_vụ} \"{tên}\" ({căn_cứ}; sản phẩm: {sản_phẩm}) đã quá hạn {số_ngày} ngày (hạn {hạn}); đơn vị chủ trì: "
    "{chủ_trì}.{chuỗi_chậm} {yêu_cầu}",
    "{bước}: {tên} {kỳ} ({căn_cứ}) đến hạn ngày {hạn}, còn {số_ngày} ngày. {yêu_cầu}",
    "{bước}: hôm nay, {hạn}, là hạn gửi {tên} {kỳ} ({căn_cứ}). {yêu_cầu}",
    "{bước}: chưa nhận được {tên} {kỳ} ({căn_cứ}), quá hạn {số_ngày} ngày (hạn {hạn}). {yêu_cầu}",
    "{bước}: {tên} {kỳ} ({căn_cứ}) quá hạn {số_ngày} ngày (hạn {hạn}), còn thiếu báo cáo của: {chủ_trì}. {yêu_cầu}",
    "{bước}: sự kiện {nhiệm_vụ} \"{tên}\" ({căn_cứ}) dự kiến {hạn} nhưng chưa xảy ra, chậm {số_ngày} ngày.{chuỗi_chậm} {yêu_cầu}",
    "{bước}: nhiệm vụ {nhiệm_vụ} \"{tên}\" (hạn {hạn}) {kết_quả}. Dừng đôn đốc.",
    "{bước}: {tên} {kỳ} của {chủ_trì} (hạn {hạn}) {kết_quả}. Dừng đôn đốc.",
    "{bước}: sự kiện {nhiệm_vụ} \"{tên}\" (dự kiến {hạn}) {kết_quả}. Dừng đôn đốc.",
};

constexpr Texts kEn{
    "{step}: task {task} \"{title}\" ({reference}; deliverable: {deliverable}) is due on {due}, in {days} days. {ask}",
    "{step}: today, {due}, task {task} \"{title}\" ({reference}; deliverable: {deliverable}) is due. {ask}",
    "{step}: task {task} \"{title}\" ({reference}; deliverable: {deliverable}) is {days} days overdue (due {due}).{chain} {ask}",
    "{step}: task {task} \"{title}\" ({reference}; deliverable: {deliverable}) is {days} days overdue (due {due}); lead: {leads}.{chain} "
    "{ask}",
    "{step}: {title}, {period} ({reference}) is due on {due}, in {days} days. {ask}",
    "{step}: today, {due}, {title}, {period} ({reference}) is due. {ask}",
    "{step}: {title}, {period} ({reference}) has not been received, {days} days after due ({due}). {ask}",
    "{step}: {title}, {period} ({reference}) is {days} days overdue (due {due}); still missing from: {leads}. {ask}",
    "{step}: event {task} \"{title}\" ({reference}) was expected by {due} and has not happened, {days} days late.{chain} {ask}",
    "{step}: task {task} \"{title}\" (due {due}) {outcome}. Escalation ends.",
    "{step}: {title}, {period}, from {leads} (due {due}) {outcome}. Escalation ends.",
    "{step}: event {task} \"{title}\" (expected {due}) {outcome}. Escalation ends.",
};

const Texts& texts(dsl::Lang lang) {
  return lang == dsl::Lang::en ? kEn : kVi;
}

}  // namespace

// ---------------------------------------------------------------- templates

std::string_view escalation_kind_name(EscalationKind k) {
  switch (k) {
    case EscalationKind::reminder:
      return "reminder";
    case EscalationKind::urging:
      return "urging";
    case EscalationKind::long_overdue:
      return "long_overdue";
    case EscalationKind::report_missed:
      return "report_missed";
    case EscalationKind::event_late:
      return "event_late";
    case EscalationKind::resolved:
      return "resolved";
  }
  return "reminder";
}

namespace {

std::size_t placeholder_index(std::string_view name) {
  for (std::size_t i = 0; i < kPlaceholders.size(); ++i) {
    if (kPlaceholders[i].vi == name || kPlaceholders[i].en == name) return i;
  }
  return kPlaceholders.size();
}

/// Calls `on(text)` for literal runs and `on_name(name)` for each `{name}`.
template <typename Lit, typename Name>
void scan_template(std::string_view t, Lit&& on_lit, Name&& on_name) {
  std::size_t i = 0;
  while (i < t.size()) {
    if (t.compare(i, 2, "{{") == 0 || t.compare(i, 2, "}}") == 0) {
      on_lit(t.substr(i, 1));
      i += 2;
      continue;
    }
    if (t[i] == '{') {
      std::size_t close = t.find('}', i + 1);
      if (close != std::string_view::npos) {
        on_name(t.substr(i + 1, close - i - 1));
        i = close + 1;
        continue;
      }
    }
    std::size_t next = t.find_first_of("{}", i + 1);
    if (next == std::string_view::npos) next = t.size();
    on_lit(t.substr(i, next - i));
    i = next;
  }
}

}  // namespace

void check_template(std::string_view text, const dsl::Location& loc, dsl::Diagnostics& diags) {
  std::vector<std::string_view> names;
  for (const auto& p : kPlaceholders) names.push_back(p.vi), names.push_back(p.en);
  scan_template(
      text, [](std::string_view) {},
      [&](std::string_view name) {
        if (placeholder_index(name) < kPlaceholders.size()) return;
        std::vector<dsl::Message> hints;
        if (std::string near = dsl::closest(name, names); !near.empty()) {
          hints.push_back({fmt::format("có phải là '{{{}}}'?", near), fmt::format("did you mean '{{{}}}'?", near)});
        } else {
          hints.push_back(
              {"các chỗ điền: {nhiệm_vụ}, {tên}, {sản_phẩm}, {căn_cứ}, {hạn}, {số_ngày}, {chủ_trì}, {yêu_cầu}, … (docs/language.md)",
               "placeholders: {task}, {title}, {deliverable}, {reference}, {due}, {days}, {leads}, {ask}, … (docs/language.md)"});
        }
        // Point at the brace: the text starts one column after the opening quote.
        dsl::Location at = loc;
        std::size_t before = static_cast<std::size_t>(name.data() - text.data()) - 1;
        at.col += 1 + static_cast<std::uint32_t>(dsl::codepoint_count(text.substr(0, before)));
        diags.error(at,
                    {fmt::format("mẫu thông báo có chỗ điền không biết: '{{{}}}'", name),
                     fmt::format("the message template has an unknown placeholder: '{{{}}}'", name)},
                    std::move(hints));
      });
}

std::string render_template(std::string_view text, const Values& values) {
  std::string out;
  scan_template(
      text, [&](std::string_view lit) { out += lit; },
      [&](std::string_view name) {
        std::size_t i = placeholder_index(name);
        if (i < values.size()) {
          out += values[i];
        } else {
          out += '{';
          out += name;
          out += '}';
        }
      });
  return out;
}

// ---------------------------------------------------------------- the escalator

namespace {

/// "557/QĐ-UBND" → "QĐ 557/QĐ-UBND": the document type comes first, as people cite it.
std::string plan_reference(const Plan& p, dsl::Lang lang) {
  std::string_view number = p.str(p.header.number);
  if (number.empty()) return std::string(p.str(p.header.id));
  std::size_t slash = number.find('/'), dash = number.find('-', slash == std::string_view::npos ? 0 : slash);
  if (slash != std::string_view::npos && dash != std::string_view::npos && dash > slash + 1) {
    return fmt::format("{} {}", number.substr(slash + 1, dash - slash - 1), number);
  }
  return fmt::format("{} {}", lang == dsl::Lang::en ? "No." : "số", number);
}

std::string period_text(const Duty& duty, int year, int period, dsl::Lang lang) {
  using F = dsl::Recurrence::Freq;
  bool en = lang == dsl::Lang::en;
  if (period == 0) return en ? fmt::format("year {}", year) : fmt::format("năm {}", year);
  switch (duty.every.freq) {
    case F::half_yearly:
      return en ? fmt::format("half {} of {}", period, year) : fmt::format("{} tháng {} năm {}", 6, period == 1 ? "đầu" : "cuối", year);
    case F::quarterly: {
      static const char* const roman[] = {"", "I", "II", "III", "IV"};
      return en ? fmt::format("Q{}/{}", period, year) : fmt::format("quý {}/{}", roman[std::clamp(period, 0, 4)], year);
    }
    case F::monthly:
      return en ? fmt::format("{}-{:02}", year, period) : fmt::format("tháng {}/{}", period, year);
    default:
      return en ? fmt::format("period {} of {}", period, year) : fmt::format("kỳ {} năm {}", period, year);
  }
}

}  // namespace

/// Everything one run needs: the plan, the day's evaluation, and per-run indexes.
struct Escalator::Ctx {
  const Model& m;
  const Plan& p;
  const Evaluation& e;
  dsl::Lang lang;
  std::unordered_map<NodeId, std::vector<NodeId>> affected_of;  ///< root cause → what it holds back
  std::string plan_ref;

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
  std::string reference(StrId source, SectionId section) const {
    std::string_view src = p.str(source);
    for (SectionId s = section; src.empty() && s != kNone; s = p.sections[s].parent) src = p.str(p.sections[s].source);
    return src.empty() ? plan_ref : fmt::format("{} — {}", src, plan_ref);
  }
  std::string affected_text(const std::vector<NodeId>& affected) const {
    std::string s;
    for (NodeId n : affected) {
      if (!s.empty()) s += ", ";
      s += p.node_name(n);
    }
    return s.empty() ? std::string("—") : s;
  }
  std::string chain_text(const std::vector<NodeId>& affected) const {
    if (affected.empty()) return {};
    std::string s = en() ? " Holding back: " : " Đang kéo theo chậm: ";
    bool first = true;
    for (NodeId n : affected) {
      if (!first) s += ", ";
      first = false;
      s += p.node_name(n);
      if (NodeId b = e.blocked_by[n]; b != kNone) s += fmt::format(" ({} {})", en() ? "waits for" : "chờ", p.node_name(b));
    }
    return s + ".";
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
};

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
std::vector<Firing> current_rung(const std::vector<Escalator::StepCopy>& steps, Subject subject, bool reminders, Day due, Day at,
                                 const WorkingCalendar& cal) {
  auto start_of = [&](const Escalator::StepCopy& st) {
    if (reminders) return st.kind == StepKind::remind_on_due ? 0 : -st.days;
    return std::max(st.days, 1);  // after due means at least one day late
  };
  auto applies = [&](const Escalator::StepCopy& st) { return step_applies(st.kind, subject) && is_reminder(st.kind) == reminders; };
  int best = std::numeric_limits<int>::min();
  for (const auto& st : steps) {
    if (!applies(st)) continue;
    int start = start_of(st);
    if (start > best && send_day(cal, due, start, reminders) <= at) best = start;
  }
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

std::string default_label(EscalationKind k, int level, dsl::Lang lang);

/// The step's name in a message: its label as written in the rules; in English, the English name
/// of the step with the label after it, since labels are written in Vietnamese.
std::string step_name(const std::string& label, EscalationKind k, int level, dsl::Lang lang) {
  if (label.empty()) return default_label(k, level, lang);
  if (lang == dsl::Lang::en) return fmt::format("{} (\"{}\")", default_label(k, level, lang), label);
  return label;
}

std::string default_label(EscalationKind k, int level, dsl::Lang lang) {
  bool en = lang == dsl::Lang::en;
  switch (k) {
    case EscalationKind::reminder:
      return en ? "Reminder" : "Nhắc nhở";
    case EscalationKind::urging:
      return en ? fmt::format("Urging, level {}", level) : fmt::format("Đôn đốc cấp {}", level);
    case EscalationKind::long_overdue:
      return en ? "Long overdue" : "Quá hạn kéo dài";
    case EscalationKind::report_missed:
      return en ? fmt::format("Report urging, level {}", level) : fmt::format("Đôn đốc báo cáo cấp {}", level);
    case EscalationKind::event_late:
      return en ? "Event late" : "Sự kiện chậm";
    case EscalationKind::resolved:
      return en ? "Resolved" : "Kết thúc đôn đốc";
  }
  return {};
}

void add_unique(std::vector<AgencyId>& v, AgencyId a) {
  if (a != kNone && std::find(v.begin(), v.end(), a) == v.end()) v.push_back(a);
}

}  // namespace

Escalator::Escalator(const Model& model, dsl::Lang lang) : model_(&model), lang_(lang) {}

void Escalator::reload(const Model& model) {
  model_ = &model;
  topo_.clear();
}

std::vector<Escalator::StepCopy> Escalator::steps_of(const Plan& plan, PolicyId policy) {
  return copy_steps(plan, policy);
}

std::vector<Escalator::OpenThread> Escalator::open() const {
  std::vector<OpenThread> out;
  for (const auto& [key, th] : threads_) {
    if (!th.past_due || th.resolved) continue;
    std::vector<std::string> parts;
    std::string_view rest = key;
    for (std::size_t pos; (pos = rest.find('\x1f')) != std::string_view::npos; rest.remove_prefix(pos + 1))
      parts.emplace_back(rest.substr(0, pos));
    parts.emplace_back(rest);
    if (parts.size() != 6 || parts[0].empty()) continue;
    OpenThread t;
    t.kind = parts[0][0];
    t.subject = parts[1];
    t.agency = parts[2];
    t.year = std::atoi(parts[3].c_str());
    t.period = std::atoi(parts[4].c_str());
    auto due = dsl::parse_iso_date(parts[5]);
    t.due = due ? day_of(*due) : kNoDay;
    t.thread = &th;
    out.push_back(std::move(t));
  }
  return out;
}

std::string Escalator::save_threads() const {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  out["version"] = 1;
  auto& threads = out["threads"] = nlohmann::ordered_json::array();
  for (const auto& [key, th] : threads_) {
    nlohmann::ordered_json t;
    t["key"] = key;
    t["policy"] = th.policy;
    t["digest"] = th.digest;
    t["past_due"] = th.past_due;
    t["resolved"] = th.resolved;
    t["escalated_to"] = th.escalated_to;
    auto& steps = t["steps"] = nlohmann::ordered_json::array();
    for (const StepCopy& st : th.steps) {
      nlohmann::ordered_json j;
      j["kind"] = static_cast<int>(st.kind);
      j["level"] = st.level;
      j["days"] = st.days;
      j["repeat_days"] = st.repeat_days;
      j["label"] = st.label;
      auto& to = j["to"] = nlohmann::ordered_json::array();
      for (const auto& [kind, id] : st.to) to.push_back({static_cast<int>(kind), id});
      j["message"] = {st.message[0], st.message[1]};
      steps.push_back(std::move(j));
    }
    threads.push_back(std::move(t));
  }
  return out.dump();
}

bool Escalator::load_threads(std::string_view json) {
  std::map<std::string, Thread> loaded;
  try {
    auto in = nlohmann::json::parse(json);
    if (in.value("version", 0) != 1) return false;
    for (const auto& t : in.at("threads")) {
      Thread th;
      th.policy = t.at("policy").get<std::string>();
      th.digest = t.at("digest").get<bool>();
      th.past_due = t.at("past_due").get<bool>();
      th.resolved = t.at("resolved").get<bool>();
      th.escalated_to = t.at("escalated_to").get<std::vector<std::string>>();
      for (const auto& j : t.at("steps")) {
        StepCopy st;
        int kind = j.at("kind").get<int>();
        if (kind < 0 || kind > static_cast<int>(dsl::EscalationStep::Kind::event_late)) return false;
        st.kind = static_cast<dsl::EscalationStep::Kind>(kind);
        st.level = j.at("level").get<int>();
        st.days = j.at("days").get<int>();
        st.repeat_days = j.at("repeat_days").get<int>();
        st.label = j.at("label").get<std::string>();
        for (const auto& r : j.at("to")) {
          int rk = r.at(0).get<int>();
          if (rk < 0 || rk > static_cast<int>(dsl::Recipient::Kind::agency)) return false;
          st.to.emplace_back(static_cast<dsl::Recipient::Kind>(rk), r.at(1).get<std::string>());
        }
        st.message = {j.at("message").at(0).get<std::string>(), j.at("message").at(1).get<std::string>()};
        th.steps.push_back(std::move(st));
      }
      loaded.emplace(t.at("key").get<std::string>(), std::move(th));
    }
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  threads_ = std::move(loaded);
  return true;
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

namespace {

/// What the thread of a subject is keyed by: kind, ids, due.
std::string thread_key(char kind, std::string_view subject, std::string_view agency, int year, int period, Day due) {
  return fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", kind, subject, agency, year, period, iso(due));
}

}  // namespace

std::vector<Escalation> Escalator::run(const Evaluation& e) {
  return run_on(e, nullptr);
}

std::vector<Escalation> Escalator::run(const Evaluation& e, const Changes& changes) {
  return run_on(e, &changes);
}

std::vector<Escalation> Escalator::run_on(const Evaluation& e, const Changes* only) {
  const Model& m = *model_;
  const Plan& p = m.plan;
  Ctx c{m, p, e, lang_, {}, plan_reference(p, lang_), {}};
  const Day at = e.at;
  // Every message is a dated document: on a day off nothing goes out; the next working day
  // catches up (the current rung, the pending resolutions).
  if (!p.calendar.is_working(at)) return {};
  const std::string plan_id(p.str(p.header.id));
  const Texts& tx = texts(lang_);
  const bool en = lang_ == dsl::Lang::en;
  // The steps of each policy as a new thread would freeze them, copied once per run.
  std::vector<std::optional<std::vector<StepCopy>>> policy_steps(p.policies.size());
  auto policy_steps_of = [&](PolicyId pol) -> const std::vector<StepCopy>& {
    static const std::vector<StepCopy> none;
    if (pol == kNone) return none;
    if (!policy_steps[pol]) policy_steps[pol] = copy_steps(p, pol);
    return *policy_steps[pol];
  };

  // Only what changed, when told (a day already run, then new facts).
  const bool subset = only && !only->all;
  std::unordered_set<std::string_view> picked_subjects;  // ids of the changed tasks, events and duties
  if (subset) {
    for (NodeId n : only->nodes) picked_subjects.insert(p.node_name(n));
    for (std::uint32_t o : only->occurrences) picked_subjects.insert(p.str(p.duties[m.occurrences.items[o].duty].id));
  }

  // What each late thing holds back, in the schedule's order.
  if (topo_.size() != p.node_count()) {
    topo_.assign(p.node_count(), 0);
    for (std::uint32_t i = 0; i < m.schedule.order.size(); ++i) topo_[m.schedule.order[i]] = i;
  }
  auto is_held_back = [&](NodeId n) { return e.late[n] || (!p.is_event(n) && e.status[n] == Status::at_risk); };
  if (!subset) {
    for (NodeId n = 0; n < p.node_count(); ++n) {
      NodeId root = e.root_cause[n];
      if (root == kNone || root == n) continue;
      if (is_held_back(n)) c.affected_of[root].push_back(n);
    }
  } else {
    // Root causes propagate along the edges that hold each node back, so what a changed root holds
    // back is found by walking downstream through the nodes that share it.
    std::vector<std::uint8_t> seen;  // allocated at the first changed root
    for (NodeId r : only->nodes) {
      if (e.root_cause[r] != r) continue;
      if (seen.empty()) seen.assign(p.node_count(), 0);
      std::vector<NodeId> found, stack{r};
      while (!stack.empty()) {
        NodeId x = stack.back();
        stack.pop_back();
        auto visit = [&](NodeId y) {
          if (e.root_cause[y] != r || y == r || seen[y]) return;
          seen[y] = 1;  // a node has one root cause: no other walk meets it
          found.push_back(y);
          stack.push_back(y);
        };
        if (!p.is_event(x)) {
          for (NodeId y : p.dependents.of(x)) visit(y);
        }
        for (NodeId y : p.wakes.of(x)) visit(y);
      }
      for (NodeId y : found) {
        if (is_held_back(y)) c.affected_of[r].push_back(y);
      }
    }
  }
  for (auto& [root, v] : c.affected_of) {
    std::sort(v.begin(), v.end(), [&](NodeId a, NodeId b) { return std::tie(topo_[a], a) < std::tie(topo_[b], b); });
  }
  auto affected = [&](NodeId n) {
    auto it = c.affected_of.find(n);
    return it == c.affected_of.end() ? std::vector<NodeId>{} : it->second;
  };

  // Renders `esc.message` from the step's template (or the built-in text) and the values.
  auto render = [&](Escalation& esc, const StepCopy* step, std::string_view builtin, Values v) {
    if (step && !step->message[static_cast<int>(lang_)].empty()) {
      esc.message = render_template(step->message[static_cast<int>(lang_)], v);
    } else {
      esc.message = render_template(builtin, v);
      if (en) esc.message = singular_days(std::move(esc.message));
    }
  };
  auto emit = [&](Escalation esc, int group, std::uint32_t index, std::uint32_t sub, int rank, std::uint32_t recipient) {
    if (sent_.count(esc.id)) return false;
    sent_.insert(esc.id);
    c.out.push_back(Ctx::Out{std::make_tuple(group, index, sub, esc.kind == EscalationKind::resolved ? 0 : 1, esc.level, esc.step_days,
                                             esc.repeat, rank, recipient),
                             std::move(esc)});
    return true;
  };
  auto agency_ids = [&](const std::vector<AgencyId>& as) {
    std::vector<std::string> out;
    for (AgencyId a : as) out.emplace_back(p.str(p.agencies[a].id));
    return out;
  };
  auto note_recipients = [&](Thread& th, const std::vector<AgencyId>& to) {
    for (const auto& id : agency_ids(to)) {
      if (std::find(th.escalated_to.begin(), th.escalated_to.end(), id) == th.escalated_to.end()) th.escalated_to.push_back(id);
    }
  };
  // Splits a step's recipients into the agencies at the lead's level (each gets its own message)
  // and those above (one message). `leads`/`support`: the subject's; `follow_up`: whom
  // `đơn vị theo dõi` means here.
  auto split = [&](const StepCopy& st, std::span<const AgencyId> leads, std::span<const AgencyId> support, AgencyId follow_up,
                   std::vector<AgencyId>& own, std::vector<AgencyId>& above) {
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
          add_unique(above, c.find_agency(id));
          break;
      }
    }
    std::erase_if(above, [&](AgencyId a) { return std::find(own.begin(), own.end(), a) != own.end(); });
  };

  // ---- resolutions: threads past due whose subject is done, waived, extended or happened
  for (auto& [key, th] : threads_) {
    if (!th.past_due || th.resolved) continue;
    // key: kind, subject, agency, year, period, due
    std::vector<std::string_view> parts;
    std::string_view rest = key;
    for (std::size_t pos; (pos = rest.find('\x1f')) != std::string_view::npos; rest.remove_prefix(pos + 1))
      parts.push_back(rest.substr(0, pos));
    parts.push_back(rest);
    if (parts.size() != 6) continue;
    if (subset && !picked_subjects.count(parts[1])) continue;
    char kind = parts[0][0];
    std::string_view subject = parts[1], agency = parts[2];
    int year = std::atoi(std::string(parts[3]).c_str()), period = std::atoi(std::string(parts[4]).c_str());
    std::string due_iso(parts[5]);
    auto due_date = dsl::parse_iso_date(due_iso);
    Day due = due_date ? day_of(*due_date) : kNoDay;
    Symbol sym = p.find(subject);

    std::string outcome, reason;
    Escalation esc;
    esc.at = at;
    esc.kind = EscalationKind::resolved;
    esc.due = due;
    int group = 0;
    std::uint32_t index = kNone, sub = 0;
    const Texts& t = tx;
    std::string_view builtin;
    Values v;
    bool resolved = false;
    Day when = kNoDay;
    if (kind == 'T' && sym.kind == Kind::task) {
      TaskId ti = sym.index;
      esc.node = ti;
      index = ti;
      Status s = e.status[ti];
      if (s == Status::done_on_time || s == Status::done_late) {
        resolved = true, when = e.done[ti];
        reason = fmt::format("done on {}", iso(when));
        outcome = en ? fmt::format("was done on {}", show_date(date_of(when), lang_))
                     : fmt::format("đã hoàn thành ngày {}", show_date(date_of(when), lang_));
      } else if (s == Status::waived) {
        resolved = true;
        reason = "waived";
        outcome = en ? "was waived" : "đã được dừng thực hiện";
      } else if (e.deadline[ti] != due && e.deadline[ti] != kNoDay) {
        resolved = true;
        reason = fmt::format("{} to {}", e.extended[ti] ? "extended" : "due date changed", iso(e.deadline[ti]));
        outcome =
            en ? fmt::format("{} to {}", e.extended[ti] ? "was extended" : "has a new due date", show_date(date_of(e.deadline[ti]), lang_))
               : fmt::format("{} {}", e.extended[ti] ? "đã được gia hạn đến" : "có thời hạn mới",
                             show_date(date_of(e.deadline[ti]), lang_));
      } else if (p.tasks[ti].quiet) {
        resolved = true;
        reason = "escalation turned off";
        outcome = en ? "is no longer escalated ('escalation none')" : "không còn được đôn đốc ('đôn đốc không')";
      }
      const Task& task = p.tasks[ti];
      for (AgencyId a : p.agencies_of(task.leads)) esc.leads.push_back(a);
      v[pTitle] = p.str(task.title);
      builtin = t.resolved_task;
    } else if (kind == 'O' && sym.kind == Kind::duty) {
      DutyId u = sym.index;
      AgencyId unit = c.find_agency(agency);
      std::uint32_t o = unit == kNone ? kNone : find_occurrence(m.occurrences, u, unit, year, period);
      esc.duty = u, esc.occurrence = o, esc.year = year, esc.period = period;
      group = 1, index = u, sub = static_cast<std::uint32_t>(year * 16 + period);
      if (o != kNone && (e.occurrence_status[o] == Status::done_on_time || e.occurrence_status[o] == Status::done_late)) {
        resolved = true, when = e.occurrence_done[o];
        reason = fmt::format("report received on {}", iso(when));
        outcome = en ? fmt::format("was received on {}", show_date(date_of(when), lang_))
                     : fmt::format("đã nhận được ngày {}", show_date(date_of(when), lang_));
      } else if (o != kNone && m.occurrences.items[o].deadline != due) {
        Day now = m.occurrences.items[o].deadline;
        resolved = true;
        reason = fmt::format("due date changed to {}", iso(now));
        outcome = en ? fmt::format("has a new due date, {}", show_date(date_of(now), lang_))
                     : fmt::format("có thời hạn mới {}", show_date(date_of(now), lang_));
      } else if (o == kNone) {
        th.resolved = true;  // no longer owed under the rules in force: closed without a notice
      }
      if (unit != kNone) esc.leads.push_back(unit);
      v[pTitle] = p.str(p.duties[u].title);
      v[pPeriod] = period_text(p.duties[u], year, period, lang_);
      builtin = t.resolved_report;
    } else if (kind == 'E' && sym.kind == Kind::event) {
      NodeId n = p.event_node(sym.index);
      esc.node = n;
      group = 2, index = sym.index;
      if (e.done[n] != kNoDay) {
        resolved = true, when = e.done[n];
        reason = fmt::format("happened on {}", iso(when));
        outcome = en ? fmt::format("happened on {}", show_date(date_of(when), lang_))
                     : fmt::format("đã xảy ra ngày {}", show_date(date_of(when), lang_));
      } else if (Day now = m.dates.event_expected[sym.index]; now != due) {
        resolved = true;
        reason = now == kNoDay ? std::string("no expected date any more") : fmt::format("expected date changed to {}", iso(now));
        outcome = now == kNoDay ? std::string(en ? "has no expected date any more" : "không còn thời điểm dự kiến")
                                : (en ? fmt::format("is now expected by {}", show_date(date_of(now), lang_))
                                      : fmt::format("có thời điểm dự kiến mới {}", show_date(date_of(now), lang_)));
      }
      v[pTitle] = p.str(p.events[sym.index].title);
      builtin = t.resolved_event;
    } else {
      th.resolved = true;  // the task, duty or event left the plan: closed without a notice
    }
    if (!resolved) continue;
    th.resolved = true;
    for (const auto& id : th.escalated_to) add_unique(esc.to, c.find_agency(id));
    std::sort(esc.to.begin(), esc.to.end());
    if (esc.to.empty()) continue;
    esc.days_late = when != kNoDay && due != kNoDay ? when - due : 0;
    esc.reason = reason;
    esc.policy = p.find(th.policy).kind == Kind::policy ? p.find(th.policy).index : kNone;
    esc.digest = th.digest;
    esc.id = make_id({plan_id, std::string(1, kind), subject, agency, std::to_string(year), std::to_string(period), "resolved", due_iso});
    v[pTask] = subject;
    v[pDue] = due != kNoDay ? show_date(date_of(due), lang_) : "—";
    v[pStep] = default_label(EscalationKind::resolved, 0, lang_);
    v[pLeads] = c.agencies_text(esc.leads);
    v[pTo] = c.agencies_text(esc.to);
    v[pOutcome] = outcome;
    v[pPlan] = p.str(p.header.number);
    render(esc, nullptr, builtin, v);
    std::uint32_t first_lead = esc.leads.empty() ? 0 : esc.leads.front();
    emit(std::move(esc), group, index, sub, 0, first_lead);
  }

  // ---- tasks
  const std::size_t task_visits = subset ? only->nodes.size() : p.tasks.size();
  for (std::size_t k = 0; k < task_visits; ++k) {
    const TaskId ti = subset ? only->nodes[k] : static_cast<TaskId>(k);
    if (ti >= p.tasks.size()) continue;  // an event (subset)
    const Task& task = p.tasks[ti];
    Status s = e.status[ti];
    Day due = e.deadline[ti];
    if (task.quiet || due == kNoDay) continue;
    bool late = s == Status::overdue;
    bool started = e.start[ti] != kNoDay && e.start[ti] <= at;
    bool remind = (s == Status::not_due || s == Status::due_soon) && started && !e.extended[ti] && at <= due;
    if (!late && !remind) continue;
    if (late && c.inhibited(ti)) continue;
    std::string key = thread_key('T', p.str(task.id), "", 0, 0, due);
    auto it = threads_.find(key);
    if (it == threads_.end() && task.escalation == kNone) continue;
    const std::vector<StepCopy>& steps = it != threads_.end() ? it->second.steps : policy_steps_of(task.escalation);
    auto rung = current_rung(steps, Subject::task, remind, due, at, p.calendar);
    if (rung.empty()) continue;
    std::vector<NodeId> held = late ? affected(ti) : std::vector<NodeId>{};
    std::vector<AgencyId> leads(p.agencies_of(task.leads).begin(), p.agencies_of(task.leads).end());
    for (auto [si, r] : rung) {
      const StepCopy& st = steps[si];
      std::vector<AgencyId> own, above;
      split(st, p.agencies_of(task.leads), p.agencies_of(task.support), p.header.follow_up, own, above);
      Escalation base;
      base.at = at;
      base.kind = kind_of(st.kind);
      base.level = rung_of(steps, si);
      base.repeat = r;
      base.step_days = st.days;
      base.node = ti;
      base.due = due;
      base.days_late = at - due;
      base.root_cause = e.root_cause[ti];
      base.affected = held;
      base.label = st.label;
      base.policy = task.escalation;
      if (late) {
        base.reason = fmt::format("{} overdue", days(at - due));
      } else {
        base.reason = at == due ? std::string("due today") : fmt::format("due in {}", days(due - at));
      }
      Values v;
      v[pTask] = p.str(task.id);
      v[pTitle] = p.str(task.title);
      v[pDeliverable] = task.deliverable != kNone ? std::string(p.str(task.deliverable)) : "—";
      v[pReference] = c.reference(task.source, task.section);
      v[pDue] = show_date(date_of(due), lang_);
      v[pDays] = std::to_string(std::abs(at - due));
      v[pLevel] = std::to_string(base.level);
      v[pStep] = step_name(st.label, base.kind, base.level, lang_);
      v[pAffected] = c.affected_text(held);
      v[pChain] = c.chain_text(held);
      v[pPlan] = p.str(p.header.number);
      std::string follow = p.header.follow_up != kNone ? c.agency_name(p.header.follow_up) : "";
      std::string_view builtin_own = late ? tx.late_lead : (at == due ? tx.remind_on_due : tx.remind_before);
      bool any = false;
      std::string id_base_days = std::to_string(st.days), id_level = std::to_string(base.level), id_r = std::to_string(r);
      std::string_view kind_name = escalation_kind_name(base.kind);
      for (AgencyId a : own) {
        Escalation esc = base;
        esc.to = {a};
        esc.leads = {a};
        esc.id = make_id(
            {plan_id, "T", p.str(task.id), "", "0", "0", kind_name, id_level, id_base_days, iso(due), id_r, p.str(p.agencies[a].id)});
        if (sent_.count(esc.id)) continue;
        v[pLeads] = c.agency_name(a);
        v[pTo] = c.agency_name(a);
        if (!late) {
          v[pAsk] =
              en ? fmt::format("{} is asked to complete it and record the result {}.", c.agency_name(a),
                               at == due ? "today" : "before the due date")
                 : fmt::format("Đề nghị {} hoàn thành và cập nhật kết quả {}.", c.agency_name(a), at == due ? "trong ngày" : "trước hạn");
        } else if (base.kind == EscalationKind::long_overdue) {
          v[pAsk] = en ? fmt::format("{} is asked to explain the delay in writing and report the result{}.", c.agency_name(a),
                                     follow.empty() ? "" : " to " + follow)
                       : fmt::format("Đề nghị {} giải trình bằng văn bản lý do chậm và báo cáo kết quả{}.", c.agency_name(a),
                                     follow.empty() ? "" : " về " + follow);
        } else {
          v[pAsk] = en ? fmt::format("{} is asked to complete it urgently and report the result and the reason for the delay{}.",
                                     c.agency_name(a), follow.empty() ? "" : " to " + follow)
                       : fmt::format("Đề nghị {} khẩn trương hoàn thành, báo cáo kết quả và lý do chậm{}.", c.agency_name(a),
                                     follow.empty() ? "" : " về " + follow);
        }
        render(esc, &st, builtin_own, v);
        any |= emit(std::move(esc), 0, ti, 0, 0, a);
      }
      std::string above_id = make_id({plan_id, "T", p.str(task.id), "", "0", "0", kind_name, id_level, id_base_days, iso(due), id_r, "*"});
      if (!above.empty() && !sent_.count(above_id)) {
        Escalation esc = base;
        esc.to = above;
        esc.leads = leads;
        esc.above = true;
        esc.id = above_id;
        v[pLeads] = c.agencies_text(leads);
        v[pTo] = c.agencies_text(above);
        if (late) {
          v[pAsk] = en ? fmt::format("{}: please urge and direct the lead to complete the task.", c.agencies_text(above))
                       : fmt::format("Đề nghị {} đôn đốc, chỉ đạo đơn vị chủ trì hoàn thành nhiệm vụ.", c.agencies_text(above));
        } else {
          v[pAsk] =
              en ? fmt::format("{}: for your follow-up.", c.agencies_text(above)) : fmt::format("Để {} theo dõi.", c.agencies_text(above));
        }
        render(esc, &st, late ? tx.late_above : builtin_own, v);
        std::vector<AgencyId> to = esc.to;
        if (emit(std::move(esc), 0, ti, 0, 1, kNone)) {
          any = true;
          if (late) {
            Thread& th = thread_for(key, task.escalation);
            note_recipients(th, to);
          }
        }
      }
      if (any) {
        Thread& th = thread_for(key, task.escalation);
        if (late) {
          th.past_due = true;
          note_recipients(th, own);
        }
      }
    }
  }

  // ---- recurring reports, one period of a duty at a time
  const std::size_t duty_visits = subset && only->occurrences.empty() ? 0 : p.duties.size();
  // What every message about one period of a report says, whoever it goes to.
  auto report_values = [&](const Duty& duty, int year, int period, Day due, const Escalation& esc, const StepCopy& st) {
    Values v;
    v[pTask] = p.str(duty.id);
    v[pTitle] = p.str(duty.title);
    v[pDeliverable] = duty.deliverable != kNone ? std::string(p.str(duty.deliverable)) : "—";
    v[pReference] = c.reference(duty.source, duty.section);
    v[pDue] = show_date(date_of(due), lang_);
    v[pDays] = std::to_string(std::abs(at - due));
    v[pLevel] = std::to_string(esc.level);
    v[pStep] = step_name(st.label, esc.kind, esc.level, lang_);
    v[pAffected] = "—";
    v[pPeriod] = period_text(duty, year, period, lang_);
    v[pPlan] = p.str(p.header.number);
    return v;
  };
  for (DutyId u = 0; u < duty_visits; ++u) {
    const Duty& duty = p.duties[u];
    auto occs = m.occurrences.of(u);
    std::uint32_t first = m.occurrences.duty_begin[u];
    for (std::size_t i = 0; i < occs.size();) {
      std::size_t j = i;
      while (j < occs.size() && occs[j].year == occs[i].year && occs[j].period == occs[i].period && occs[j].deadline == occs[i].deadline)
        ++j;
      const Occurrence& head = occs[i];
      Day due = head.deadline;
      int year = head.year, period = head.period;
      std::uint32_t sub = static_cast<std::uint32_t>(year * 16 + period);
      // Units still owing the report, by rung step and repeat (the agencies above get one message each).
      struct AboveKey {
        std::size_t step;
        int r;
        bool operator<(const AboveKey& o) const { return std::tie(step, r) < std::tie(o.step, o.r); }
      };
      std::map<AboveKey, std::vector<std::uint32_t>> above_units;
      const std::vector<StepCopy>* above_steps = nullptr;  // the first unit's: threads of one period start together
      bool late_group = at > due;
      for (std::size_t k = i; k < j; ++k) {
        std::uint32_t o = first + static_cast<std::uint32_t>(k);
        Status s = e.occurrence_status[o];
        bool late = s == Status::overdue;
        bool remind = (s == Status::not_due || s == Status::due_soon) && at <= due;
        if (!late && !remind) continue;
        const Occurrence& occ = occs[k];
        std::string_view unit_id = p.str(p.agencies[occ.agency].id);
        std::string key = thread_key('O', p.str(duty.id), unit_id, year, period, due);
        auto it = threads_.find(key);
        if (it == threads_.end() && duty.escalation == kNone) continue;
        const std::vector<StepCopy>& steps = it != threads_.end() ? it->second.steps : policy_steps_of(duty.escalation);
        auto rung = current_rung(steps, Subject::report, remind, due, at, p.calendar);
        for (auto [si, r] : rung) {
          const StepCopy& st = steps[si];
          AgencyId unit = occ.agency;
          std::vector<AgencyId> own, above;
          split(st, {&unit, 1}, {}, p.header.follow_up, own, above);
          if (!above.empty()) {
            above_units[{si, r}].push_back(o);
            if (!above_steps) above_steps = &steps;
          }
          if (own.empty()) continue;
          Escalation esc;
          esc.at = at;
          esc.kind = kind_of(st.kind);
          esc.level = rung_of(steps, si);
          esc.repeat = r;
          esc.step_days = st.days;
          esc.duty = u;
          esc.occurrence = o;
          esc.year = year, esc.period = period;
          esc.to = own;
          esc.leads = {unit};
          esc.due = due;
          esc.days_late = at - due;
          esc.label = st.label;
          esc.policy = duty.escalation;
          esc.reason = late ? fmt::format("report for {} not received, {} after due",
                                          period == 0 ? std::to_string(year) : fmt::format("{}/{}", period, year), days(at - due))
                            : (at == due ? std::string("report due today") : fmt::format("report due in {}", days(due - at)));
          esc.id =
              make_id({plan_id, "O", p.str(duty.id), unit_id, std::to_string(year), std::to_string(period), escalation_kind_name(esc.kind),
                       std::to_string(esc.level), std::to_string(st.days), iso(due), std::to_string(r), unit_id});
          if (sent_.count(esc.id)) continue;
          Values v = report_values(duty, year, period, due, esc, st);
          v[pLeads] = c.agency_name(unit);
          v[pTo] = c.agency_name(unit);
          std::string dest;
          if (duty.to != kNone) {
            dest = en ? " to " + c.agency_name(duty.to) : " đến " + c.agency_name(duty.to);
            if (duty.via != kNone) dest += en ? " through " + c.agency_name(duty.via) : " qua " + c.agency_name(duty.via);
          }
          if (late) {
            v[pAsk] = en ? fmt::format("{} is asked to send the report{} now.", c.agency_name(unit), dest)
                         : fmt::format("Đề nghị {} gửi báo cáo{} ngay.", c.agency_name(unit), dest);
          } else {
            v[pAsk] = en ? fmt::format("{} is asked to send the report{} on time.", c.agency_name(unit), dest)
                         : fmt::format("Đề nghị {} gửi báo cáo{} đúng hạn.", c.agency_name(unit), dest);
          }
          render(esc, &st, late ? tx.report_lead : (at == due ? tx.report_on_due : tx.report_before), v);
          if (emit(std::move(esc), 1, u, sub, 0, unit)) {
            Thread& th = thread_for(key, duty.escalation);
            if (late) {
              th.past_due = true;
              note_recipients(th, own);
            }
          }
        }
      }
      // The agencies above: one message per step and repeat, listing the units still owing.
      for (const auto& [ak, units] : above_units) {
        const StepCopy& st = (*above_steps)[ak.step];
        AgencyId any_unit = m.occurrences.items[units.front()].agency;
        std::vector<AgencyId> own, above;
        split(st, {&any_unit, 1}, {}, p.header.follow_up, own, above);
        std::vector<AgencyId> listed;
        for (std::uint32_t o : units) listed.push_back(m.occurrences.items[o].agency);
        Escalation esc;
        esc.at = at;
        esc.kind = kind_of(st.kind);
        esc.level = rung_of(*above_steps, ak.step);
        esc.repeat = ak.r;
        esc.step_days = st.days;
        esc.duty = u;
        esc.year = year, esc.period = period;
        esc.above = true;
        esc.to = above;
        esc.leads = listed;
        esc.due = due;
        esc.days_late = at - due;
        esc.label = st.label;
        esc.policy = duty.escalation;
        esc.reason = late_group
                         ? fmt::format("{} reports for {} not received, {} after due", listed.size(),
                                       period == 0 ? std::to_string(year) : fmt::format("{}/{}", period, year), days(at - due))
                         : fmt::format("{} reports due {}", listed.size(), at == due ? "today" : fmt::format("in {}", days(due - at)));
        esc.id = make_id({plan_id, "O", p.str(duty.id), "", std::to_string(year), std::to_string(period), escalation_kind_name(esc.kind),
                          std::to_string(esc.level), std::to_string(st.days), iso(due), std::to_string(ak.r), "*"});
        if (sent_.count(esc.id)) continue;
        Values v = report_values(duty, year, period, due, esc, st);
        v[pLeads] = c.agencies_text(listed);
        v[pTo] = c.agencies_text(above);
        v[pAsk] = late_group ? (en ? fmt::format("{}: please urge the units still missing to send their reports.", c.agencies_text(above))
                                   : fmt::format("Đề nghị {} đôn đốc các đơn vị còn thiếu gửi báo cáo.", c.agencies_text(above)))
                             : (en ? fmt::format("{}: for your follow-up.", c.agencies_text(above))
                                   : fmt::format("Để {} theo dõi.", c.agencies_text(above)));
        render(esc, &st, late_group ? tx.report_above : (at == due ? tx.report_on_due : tx.report_before), v);
        std::vector<AgencyId> to = esc.to;
        if (emit(std::move(esc), 1, u, sub, 1, kNone) && late_group) {
          for (std::uint32_t o : units) {
            const Occurrence& occ = m.occurrences.items[o];
            Thread& th = thread_for(thread_key('O', p.str(duty.id), p.str(p.agencies[occ.agency].id), year, period, due), duty.escalation);
            th.past_due = true;
            note_recipients(th, to);
          }
        }
      }
      i = j;
    }
  }

  // ---- events past their expected day
  const std::size_t event_visits = subset ? only->nodes.size() : p.events.size();
  for (std::size_t k = 0; k < event_visits; ++k) {
    const NodeId n = subset ? only->nodes[k] : p.event_node(static_cast<EventId>(k));
    if (!p.is_event(n)) continue;  // a task (subset)
    const EventId ev = p.event_of(n);
    if (!e.late[n] || c.inhibited(n)) continue;
    const Event& event = p.events[ev];
    Day due = m.dates.event_expected[ev];
    if (due == kNoDay) continue;
    std::string key = thread_key('E', p.str(event.id), "", 0, 0, due);
    auto it = threads_.find(key);
    PolicyId pol = c.event_policy(ev);
    if (it == threads_.end() && pol == kNone) continue;
    const std::vector<StepCopy>& steps = it != threads_.end() ? it->second.steps : policy_steps_of(pol);
    auto rung = current_rung(steps, Subject::event, false, due, at, p.calendar);
    AgencyId follow = event.follow_up != kNone ? event.follow_up : p.header.follow_up;
    std::vector<NodeId> held = affected(n);
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
      esc.affected = held;
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
      v[pReference] = c.reference(event.source, event.section);
      v[pDue] = show_date(date_of(due), lang_);
      v[pDays] = std::to_string(at - due);
      v[pLevel] = std::to_string(esc.level);
      v[pStep] = step_name(st.label, esc.kind, esc.level, lang_);
      v[pLeads] = follow != kNone ? c.agency_name(follow) : (en ? "none" : "không");
      v[pTo] = c.agencies_text(to);
      v[pAffected] = c.affected_text(held);
      v[pChain] = c.chain_text(held);
      v[pPlan] = p.str(p.header.number);
      v[pAsk] = en ? fmt::format("{}: please follow the event up, press for it and report the new expected date.", c.agencies_text(to))
                   : fmt::format("Đề nghị {} theo dõi, đôn đốc và báo cáo thời điểm dự kiến mới.", c.agencies_text(to));
      render(esc, &st, tx.event_late, v);
      if (emit(std::move(esc), 2, ev, 0, 1, kNone)) {
        Thread& th = thread_for(key, pol);
        th.past_due = true;
        note_recipients(th, to);
      }
    }
  }

  std::stable_sort(c.out.begin(), c.out.end(), [](const Ctx::Out& a, const Ctx::Out& b) { return a.key < b.key; });
  std::vector<Escalation> out;
  out.reserve(c.out.size());
  for (auto& o : c.out) {
    o.esc.digest = o.esc.policy != kNone && p.policies[o.esc.policy].daily_digest;
    out.push_back(std::move(o.esc));
  }
  return out;
}

// ---------------------------------------------------------------- digests and JSON

std::vector<Digest> make_digests(const Model& model, std::span<const Escalation> day, dsl::Lang lang) {
  const Plan& p = model.plan;
  std::map<AgencyId, std::vector<const Escalation*>> by;
  for (const auto& e : day) {
    if (!e.digest) continue;
    for (AgencyId a : e.to) by[a].push_back(&e);
  }
  std::vector<Digest> out;
  bool en = lang == dsl::Lang::en;
  for (const auto& [a, items] : by) {
    Digest d;
    d.at = items.front()->at;
    d.to = a;
    std::string ids;
    for (const auto* e : items) d.items.push_back(e->id), ids += e->id;
    d.id = make_id({p.str(p.header.id), "digest", p.str(p.agencies[a].id), iso(d.at), ids});
    d.message = en ? fmt::format("Daily digest for {} ({}), {}: {} message(s).", p.str(p.agencies[a].name), p.str(p.agencies[a].id),
                                 show_date(date_of(d.at), lang), items.size())
                   : fmt::format("Tổng hợp đôn đốc ngày {} gửi {} ({}): {} nội dung.", show_date(date_of(d.at), lang),
                                 p.str(p.agencies[a].name), p.str(p.agencies[a].id), items.size());
    int k = 0;
    for (const auto* e : items) d.message += fmt::format("\n{}. {}", ++k, e->message);
    out.push_back(std::move(d));
  }
  return out;
}

namespace {
nlohmann::ordered_json agencies_json(const Plan& p, const std::vector<AgencyId>& as) {
  auto j = nlohmann::ordered_json::array();
  for (AgencyId a : as) j.push_back(std::string(p.str(p.agencies[a].id)));
  return j;
}
}  // namespace

std::string to_json(const Model& model, const Escalation& e) {
  const Plan& p = model.plan;
  nlohmann::ordered_json j;
  j["id"] = e.id;
  j["at"] = iso(e.at);
  j["task"] = std::string(e.node != kNone ? p.node_name(e.node) : p.str(p.duties[e.duty].id));
  j["kind"] = std::string(escalation_kind_name(e.kind));
  j["level"] = e.level;
  j["to"] = agencies_json(p, e.to);
  j["reason"] = e.reason;
  j["root_cause"] =
      e.root_cause != kNone ? nlohmann::ordered_json(std::string(p.node_name(e.root_cause))) : nlohmann::ordered_json(nullptr);
  auto aff = nlohmann::ordered_json::array();
  for (NodeId n : e.affected) aff.push_back(std::string(p.node_name(n)));
  j["affected"] = aff;
  j["due"] = iso(e.due);
  j["days_late"] = e.days_late;
  j["message"] = e.message;
  j["subject"] = e.node == kNone ? "report" : (p.is_event(e.node) ? "event" : "task");
  j["repeat"] = e.repeat;
  j["label"] = e.label.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.label);
  j["leads"] = agencies_json(p, e.leads);
  if (e.node == kNone) {
    nlohmann::ordered_json o;
    o["year"] = e.year;
    o["period"] = e.period;
    j["occurrence"] = o;
  }
  j["policy"] = e.policy != kNone ? nlohmann::ordered_json(std::string(p.str(p.policies[e.policy].id))) : nlohmann::ordered_json(nullptr);
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string to_json(const Model& model, const Digest& d) {
  const Plan& p = model.plan;
  nlohmann::ordered_json j;
  j["id"] = d.id;
  j["at"] = iso(d.at);
  j["kind"] = "digest";
  j["to"] = nlohmann::ordered_json::array({std::string(p.str(p.agencies[d.to].id))});
  j["items"] = d.items;
  j["message"] = d.message;
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace dondoc::engine
