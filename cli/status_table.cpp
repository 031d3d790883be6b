#include "cli/status_table.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "dsl/text.hpp"
#include "engine/indicator_text.hpp"
#include "engine/status_json.hpp"

namespace dondoc::cli {

namespace {

using engine::AgencyId;
using engine::Category;
using engine::Day;
using engine::kNoDay;
using engine::kNone;
using engine::NodeId;
using engine::Status;
using engine::TaskId;

constexpr std::size_t kWidth = 100;  ///< lists of agencies wrap here

/// One table being written: the plan, its evaluation, what to show, and the text so far.
class Table {
 public:
  Table(const engine::Model& m, const engine::Evaluation& e, const TableOptions& o)
      : m_(m), p_(m.plan), e_(e), o_(o), en_(o.lang == dsl::Lang::en) {
    for (TaskId t = 0; t < p_.tasks.size(); ++t) {
      if (leads(t)) tasks_.push_back(t);
    }
  }

  std::string write() {
    header();
    if (m_.dates.plan_start != kNoDay && e_.at < m_.dates.plan_start) {
      line(w(
          fmt::format("Kế hoạch có hiệu lực từ ngày {}: đến ngày {} chưa có nhiệm vụ nào bắt đầu.", date(m_.dates.plan_start), date(e_.at)),
          fmt::format("The plan takes effect on {}: on {} no task has started yet.", date(m_.dates.plan_start), date(e_.at))));
      return std::move(out_);
    }
    summary();
    attention();
    if (!o_.only_attention) {
      other_tasks();
      reports();
      events();
      indicators();
    }
    return std::move(out_);
  }

 private:
  const engine::Model& m_;
  const engine::Plan& p_;
  const engine::Evaluation& e_;
  const TableOptions& o_;
  const bool en_;
  std::vector<TaskId> tasks_;  ///< the tasks shown: all, or those `--agency` leads
  std::string out_;

  std::string w(std::string_view vi, std::string_view en) const { return std::string(en_ ? en : vi); }
  std::string paint(Tone tone, std::string_view text) const { return o_.palette.paint(tone, text); }
  void line(std::string_view text) { (out_ += text) += '\n'; }
  void heading(std::string_view text) {
    out_ += '\n';
    line(paint(Tone::heading, text));
  }
  std::string date(Day d) const { return d == kNoDay ? "—" : engine::show_date(engine::date_of(d), o_.lang); }
  std::string days(std::int32_t n) const { return en_ ? fmt::format("{} day{}", n, n == 1 ? "" : "s") : fmt::format("{} ngày", n); }
  std::string str(engine::StrId id) const { return std::string(p_.str(id)); }

  bool leads(TaskId t) const {
    if (o_.agency == kNone) return true;
    auto l = p_.agencies_of(p_.tasks[t].leads);
    return std::find(l.begin(), l.end(), o_.agency) != l.end();
  }
  /// The leads by id; a long list (every department and district) as its first few and a count.
  std::string lead_list(TaskId t) const {
    constexpr std::size_t kShown = 6;
    auto all = p_.agencies_of(p_.tasks[t].leads);
    std::string s;
    for (std::size_t i = 0; i < all.size() && (i < kShown || all.size() == kShown + 1); ++i)
      s += (s.empty() ? "" : ", ") + str(p_.agencies[all[i]].id);
    if (all.size() > kShown + 1) s += fmt::format(" {} {} {}", w("và", "and"), all.size() - kShown, w("cơ quan khác", "more"));
    return s;
  }
  /// `IV.5 — its title`: a task or an event.
  std::string named(NodeId n) const {
    engine::StrId title = p_.is_event(n) ? p_.events[p_.event_of(n)].title : p_.tasks[n].title;
    std::string s(p_.node_name(n));
    if (title != kNone) s += " — " + str(title);
    return s;
  }
  static std::size_t id_width(const std::vector<std::string_view>& ids) {
    std::size_t width = 4;
    for (auto id : ids) width = std::max(width, id.size());
    return width;
  }
  /// A task in two lines: its id and title, then what to know about it.
  void entry(TaskId t, std::size_t width, std::string_view what) {
    line(fmt::format("  {:<{}}  {}", p_.str(p_.tasks[t].id), width, p_.str(p_.tasks[t].title)));
    std::string about(what);
    if (e_.extended[t]) about += w(" · đã gia hạn", " · extended");
    if (engine::IndicatorId i = p_.target_of(t); i != kNone)
      about += std::string(w(" · mục tiêu: ", " · target: ")) + std::string(engine::indicator_state_label(e_.indicator_state[i], o_.lang));
    about += due_notes(t);
    std::string sent = p_.sent_of(t) ? engine::addressing_text(p_, *p_.sent_of(t), o_.lang) : std::string();
    line(fmt::format("  {:<{}}  {} · {}: {}{}", "", width, about, w("chủ trì", "lead"), lead_list(t), sent.empty() ? "" : " · " + sent));
  }
  /// What a task's due dates say beyond its status (docs/language.md §4.1, §4.5): late when the
  /// plan was issued, urgent without a date, its other due dates (`phấn đấu 31/12/2024 theo "…"`).
  std::string due_notes(TaskId t) const {
    std::string out;
    if (engine::late_at_issue(m_, e_, t)) out += w(" · quá hạn từ khi ban hành", " · late when issued");
    if (engine::urgent(p_, t)) out += w(" · khẩn trương, không ghi ngày", " · urgent, no date");
    for (std::uint32_t i : engine::other_dues(m_, t)) {
      const engine::Due& d = p_.dues[i];
      out +=
          fmt::format(" · {} {}", d.time->aspirational ? w("phấn đấu", "aim") : w("hạn khác", "also due"), date(m_.dates.dues[i].deadline));
      if (d.per != kNone) out += fmt::format(" {} \"{}\"", w("theo", "per"), p_.str(d.per));
    }
    return out;
  }
  std::vector<std::string_view> ids(const std::vector<TaskId>& list) const {
    std::vector<std::string_view> out;
    for (TaskId t : list) out.push_back(p_.str(p_.tasks[t].id));
    return out;
  }
  /// `items` joined by ", ", wrapped at kWidth, each line indented by `indent` spaces.
  void wrapped(const std::vector<std::string_view>& items, std::size_t indent) {
    std::string row(indent, ' ');
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::string item = std::string(items[i]) + (i + 1 < items.size() ? "," : "");
      if (row.size() > indent && row.size() + 1 + item.size() > kWidth) {
        line(row);
        row.assign(indent, ' ');
      }
      row += (row.size() > indent ? " " : "") + item;
    }
    if (row.size() > indent) line(row);
  }

  void header() {
    std::string plan = str(p_.header.number != kNone ? p_.header.number : p_.header.id);
    if (p_.header.title != kNone) plan += " — " + str(p_.header.title);
    line(paint(Tone::heading, fmt::format("{} {}", w("Kế hoạch", "Plan"), plan)));
    line(fmt::format("{} {}", w("Tình hình thực hiện đến ngày", "Status on"), date(e_.at)));
    if (o_.agency != kNone)
      line(fmt::format("{}: {} — {}", w("Cơ quan chủ trì", "Lead agency"), str(p_.agencies[o_.agency].id),
                       str(p_.agencies[o_.agency].name)));
  }

  void summary() {
    std::array<std::uint32_t, 4> categories{};
    std::array<std::uint32_t, engine::kStatusCount> counts{};
    for (TaskId t : tasks_) {
      ++counts[static_cast<int>(e_.status[t])];
      Category c = engine::category_of(e_.status[t], e_.start[t], e_.at);
      if (c != Category::none) ++categories[static_cast<int>(c)];
    }
    std::uint32_t started = 0;
    for (auto c : categories) started += c;
    heading(fmt::format("{}: {}", w("Tóm tắt — nhiệm vụ đã bắt đầu, có thời hạn", "Summary — tasks started, with a deadline"), started));
    for (int c = 0; c < 4; ++c) {
      std::string row = fmt::format("  {:<28} {:>5}", engine::category_label(static_cast<Category>(c), o_.lang), categories[c]);
      bool bad = static_cast<Category>(c) == Category::in_progress_late || static_cast<Category>(c) == Category::done_late;
      line(categories[c] && bad ? paint(Tone::error, row) : row);
    }
    std::string by;
    for (int s = 0; s < engine::kStatusCount; ++s) {
      if (counts[s])
        by += fmt::format("{}{} {}", by.empty() ? "" : " · ", engine::status_label(static_cast<Status>(s), o_.lang), counts[s]);
    }
    line(fmt::format("{}: {}", w("Theo trạng thái", "By status"), by));
  }

  std::string overdue_remark(TaskId t) const {
    std::string s = paint(Tone::error, fmt::format("{} {}", w("quá hạn", "late by"), days(e_.days_late(t))));
    s += fmt::format(" ({} {})", w("hạn", "due"), date(e_.deadline[t]));
    if (e_.root_cause[t] != kNone && e_.root_cause[t] != t)
      s += fmt::format(" · {}: {}", w("nguyên nhân gốc", "root cause"), named(e_.root_cause[t]));
    return s;
  }
  std::string at_risk_remark(TaskId t) const {
    std::string s = paint(Tone::warning, w("có nguy cơ chậm", "at risk"));
    s += fmt::format(" ({} {}) · {} {}", w("hạn", "due"), date(e_.deadline[t]), w("bị chậm do", "held back by"),
                     p_.node_name(e_.blocked_by[t]));
    if (e_.root_cause[t] != kNone && e_.root_cause[t] != e_.blocked_by[t])
      s += fmt::format(" · {}: {}", w("nguyên nhân gốc", "root cause"), named(e_.root_cause[t]));
    return s;
  }
  std::string due_soon_remark(TaskId t) const {
    const std::int32_t left = e_.deadline[t] - e_.at;
    return paint(Tone::warning, fmt::format("{} {}", w("sắp đến hạn", "due soon"), date(e_.deadline[t]))) +
           (left == 0 ? w(" (hôm nay)", " (today)") : fmt::format(" ({} {})", w("còn", "in"), days(left)));
  }

  void attention() {
    std::vector<TaskId> overdue, at_risk, due_soon;
    for (TaskId t : tasks_) {
      if (e_.status[t] == Status::overdue) overdue.push_back(t);
      if (e_.status[t] == Status::at_risk) at_risk.push_back(t);
      if (e_.status[t] == Status::due_soon) due_soon.push_back(t);
    }
    std::stable_sort(overdue.begin(), overdue.end(), [&](TaskId a, TaskId b) { return e_.days_late(a) > e_.days_late(b); });
    std::stable_sort(due_soon.begin(), due_soon.end(), [&](TaskId a, TaskId b) { return e_.deadline[a] < e_.deadline[b]; });
    std::size_t n = overdue.size() + at_risk.size() + due_soon.size();
    if (n == 0) {
      heading(w("Cần chú ý: không có nhiệm vụ quá hạn, có nguy cơ trễ hạn hay sắp đến hạn",
                "Needs attention: no task is late, at risk or due soon"));
      return;
    }
    heading(fmt::format("{} ({})", w("Cần chú ý", "Needs attention"), n));
    std::vector<TaskId> all = overdue;
    all.insert(all.end(), at_risk.begin(), at_risk.end());
    all.insert(all.end(), due_soon.begin(), due_soon.end());
    std::size_t width = id_width(ids(all));
    for (TaskId t : overdue) entry(t, width, overdue_remark(t));
    for (TaskId t : at_risk) entry(t, width, at_risk_remark(t));
    for (TaskId t : due_soon) entry(t, width, due_soon_remark(t));
  }

  std::string other_remark(TaskId t) const {
    switch (e_.status[t]) {
      case Status::not_due:
        if (e_.start[t] != kNoDay && e_.start[t] > e_.at)
          return fmt::format("{} {} · {} {}", w("bắt đầu", "starts"), date(e_.start[t]), w("hạn", "due"), date(e_.deadline[t]));
        return fmt::format("{} {}", w("hạn", "due"), date(e_.deadline[t]));
      case Status::waiting: {
        std::string on;
        for (NodeId n : e_.waiting_on(p_, t)) on += (on.empty() ? "" : ", ") + std::string(p_.node_name(n));
        if (Day until = e_.waiting_until(p_, t); on.empty() && until != kNoDay) {
          return paint(Tone::muted, fmt::format("{} {}", w("chờ đến", "waiting until"), date(until)));
        }
        return paint(Tone::muted, fmt::format("{} {}", w("chờ", "waiting for"), on));
      }
      case Status::done_on_time:
        return paint(Tone::done, fmt::format("{} {}", w("hoàn thành", "done"), date(e_.done[t]))) +
               fmt::format(" ({} {})", w("hạn", "due"), date(e_.deadline[t]));
      case Status::done_late:
        return paint(Tone::warning, fmt::format("{} {}, {} {}", w("hoàn thành", "done"), date(e_.done[t]), w("trễ", "late by"),
                                                days(e_.done[t] - e_.deadline[t]))) +
               fmt::format(" ({} {})", w("hạn", "due"), date(e_.deadline[t]));
      case Status::ongoing:
        return e_.deadline[t] == kNoDay ? w("thường xuyên", "standing") : fmt::format("{} {}", w("đến", "until"), date(e_.deadline[t]));
      default:
        return std::string(engine::status_label(e_.status[t], o_.lang));
    }
  }

  /// The tasks not in "needs attention", by status; the standing ones one line each (their reports
  /// follow).
  void other_tasks() {
    for (Status s : {Status::not_due, Status::waiting, Status::done_late, Status::done_on_time, Status::waived, Status::ongoing}) {
      std::vector<TaskId> list;
      for (TaskId t : tasks_) {
        if (e_.status[t] == s) list.push_back(t);
      }
      if (list.empty()) continue;
      heading(fmt::format("{} ({})", engine::status_label(s, o_.lang), list.size()));
      std::size_t width = id_width(ids(list));
      for (TaskId t : list) entry(t, width, other_remark(t));
    }
  }

  std::string period_label(const engine::Occurrence& occ) const {
    using Freq = dsl::Recurrence::Freq;
    static constexpr std::string_view roman[] = {"", "I", "II", "III", "IV"};
    switch (p_.duties[occ.duty].every.freq) {
      case Freq::quarterly:
        return en_ ? fmt::format("Q{} {}", occ.period, occ.year) : fmt::format("Quý {}/{}", roman[occ.period % 5], occ.year);
      case Freq::half_yearly:
        return en_ ? fmt::format("H{} {}", occ.period, occ.year)
                   : fmt::format("6 tháng {} năm {}", occ.period == 1 ? "đầu" : "cuối", occ.year);
      case Freq::monthly:
        return en_ ? fmt::format("{:02}/{}", occ.period, occ.year) : fmt::format("Tháng {:02}/{}", occ.period, occ.year);
      default:
        return en_ ? fmt::format("{}", occ.year) : fmt::format("Năm {}", occ.year);
    }
  }

  /// One period of a duty: who has sent, who has not.
  void report_period(std::uint32_t from, std::uint32_t to) {
    const auto& items = m_.occurrences.items;
    std::uint32_t sent = 0, late = 0;
    std::vector<std::string_view> missing;
    for (std::uint32_t o = from; o < to; ++o) {
      if (o_.agency != kNone && items[o].agency != o_.agency) continue;
      Status s = e_.occurrence_status[o];
      if (s == Status::done_on_time || s == Status::done_late) ++sent;
      if (s == Status::done_late) ++late;
      if (s == Status::overdue) missing.push_back(p_.str(p_.agencies[items[o].agency].id));
    }
    std::uint32_t total = 0;
    for (std::uint32_t o = from; o < to; ++o) total += o_.agency == kNone || items[o].agency == o_.agency;
    if (total == 0) return;
    Day due = items[from].deadline;
    std::string row =
        fmt::format("    {}, {} {}: {} {}/{}", period_label(items[from]), w("hạn", "due"), date(due), w("đã nộp", "sent"), sent, total);
    if (late) row += fmt::format(" ({} {})", w("trễ hạn", "late"), late);
    if (!missing.empty()) {
      line(row + "; " + paint(Tone::error, fmt::format("{} {}:", w("quá hạn chưa nộp", "overdue, not sent"), missing.size())));
      wrapped(missing, 6);
    } else if (sent < total) {
      line(row + "; " + (due - e_.at <= 7 ? paint(Tone::warning, w("sắp đến hạn", "due soon")) : w("chưa đến hạn", "not yet due")));
    } else {
      line(row);
    }
  }

  /// `BC_NAM — its title · gửi CT_UBND qua SKHDT`.
  void duty_title(engine::DutyId u) {
    const engine::Duty& d = p_.duties[u];
    std::string sent = engine::addressing_text(p_, d.sent, o_.lang);
    line(fmt::format("  {} — {}{}", p_.str(d.id), p_.str(d.title), sent.empty() ? "" : " · " + sent));
  }

  /// The periodic reports, per duty: every period due so far and the next one.
  void reports() {
    const auto& items = m_.occurrences.items;
    auto mine = [&](std::uint32_t o) { return o_.agency == kNone || items[o].agency == o_.agency; };
    bool any = false;
    for (std::uint32_t from = 0; from < items.size();) {
      std::uint32_t end = from;
      while (end < items.size() && items[end].duty == items[from].duty) ++end;
      bool titled = false, next_shown = false;
      for (std::uint32_t g = from; g < end;) {
        std::uint32_t to = g;
        while (to < end && items[to].year == items[g].year && items[to].period == items[g].period) ++to;
        bool concerns = false;
        for (std::uint32_t o = g; o < to; ++o) concerns = concerns || mine(o);
        if (concerns && (items[g].deadline <= e_.at || !next_shown)) {
          if (!any) heading(w("Báo cáo định kỳ", "Periodic reports"));
          if (!titled) duty_title(items[g].duty);
          any = titled = true;
          next_shown = items[g].deadline > e_.at;
          report_period(g, to);
        }
        g = to;
      }
      from = end;
    }
  }

  void events() {
    std::vector<engine::EventId> list;
    for (engine::EventId ev = 0; ev < p_.events.size(); ++ev) {
      bool mine = o_.agency == kNone || p_.events[ev].follow_up == o_.agency;
      for (TaskId t : tasks_) {
        auto on = e_.waiting_on(p_, t);
        mine = mine || std::find(on.begin(), on.end(), p_.event_node(ev)) != on.end();
      }
      if (mine) list.push_back(ev);
    }
    if (list.empty()) return;
    heading(fmt::format("{} ({})", w("Sự kiện", "Events"), list.size()));
    std::vector<std::string_view> names;
    for (auto ev : list) names.push_back(p_.str(p_.events[ev].id));
    std::size_t width = id_width(names);
    for (auto ev : list) {
      NodeId n = p_.event_node(ev);
      line(fmt::format("  {:<{}}  {}", p_.str(p_.events[ev].id), width, p_.str(p_.events[ev].title)));
      Day expected = m_.dates.event_expected[ev];
      std::string state;
      if (e_.done[n] != kNoDay) {
        state = paint(Tone::done, fmt::format("{} {}", w("đã xảy ra", "happened"), date(e_.done[n])));
      } else if (e_.late[n]) {
        state = paint(Tone::error, fmt::format("{} {}, {} {}", w("chưa xảy ra, dự kiến", "not yet, expected"), date(expected),
                                               w("trễ", "late by"), days(e_.at - expected)));
      } else if (expected != kNoDay) {
        state = fmt::format("{} {}", w("chưa xảy ra, dự kiến", "not yet, expected"), date(expected));
      } else {
        state = w("chưa xảy ra", "not yet");
      }
      std::string waiting;
      for (TaskId t = 0; t < p_.tasks.size(); ++t) {
        auto on = e_.waiting_on(p_, t);
        if (std::find(on.begin(), on.end(), n) != on.end()) waiting += (waiting.empty() ? "" : ", ") + str(p_.tasks[t].id);
      }
      if (!waiting.empty()) state += fmt::format(" · {}: {}", w("nhiệm vụ đang chờ", "tasks waiting"), waiting);
      line(fmt::format("  {:<{}}  {}", "", width, state));
    }
  }

  std::string number(double v) const {
    std::string s = fmt::format("{:g}", v);
    if (!en_) std::replace(s.begin(), s.end(), '.', ',');
    return s;
  }

  void indicators() {
    std::vector<engine::IndicatorId> list;
    std::array<std::uint32_t, 4> by_state{};
    for (engine::IndicatorId i = 0; i < p_.indicators.size(); ++i) {
      auto owners = p_.agencies_of(p_.indicators[i].owners);
      if (o_.agency != kNone && std::find(owners.begin(), owners.end(), o_.agency) == owners.end()) continue;
      list.push_back(i);
      ++by_state[static_cast<int>(e_.indicator_state[i])];
    }
    if (list.empty()) return;
    std::string counts;
    // The states in the order the summary line names them.
    static constexpr engine::IndicatorState kStates[] = {engine::IndicatorState::on_track, engine::IndicatorState::off_track,
                                                         engine::IndicatorState::not_assessable, engine::IndicatorState::no_data};
    for (auto s : kStates)
      counts +=
          fmt::format("{}{} {}", counts.empty() ? "" : " · ", engine::indicator_state_label(s, o_.lang), by_state[static_cast<int>(s)]);
    heading(fmt::format("{} ({}): {}", w("Chỉ tiêu", "Indicators"), list.size(), counts));
    std::vector<std::string_view> names;
    for (auto i : list) names.push_back(p_.str(p_.indicators[i].id));
    std::size_t width = id_width(names), label_width = 0;
    for (auto st : kStates) label_width = std::max(label_width, dsl::codepoint_count(engine::indicator_state_label(st, o_.lang)));
    for (auto i : list) {
      const engine::Indicator& ind = p_.indicators[i];
      auto state = e_.indicator_state[i];
      std::string label = fmt::format("{:<{}}", engine::indicator_state_label(state, o_.lang), label_width);
      Tone tone = state == engine::IndicatorState::on_track    ? Tone::done
                  : state == engine::IndicatorState::off_track ? Tone::error
                                                               : Tone::muted;
      std::string row = fmt::format("  {:<{}}  {}  {}", p_.str(ind.id), width, paint(tone, label), p_.str(ind.name));
      if (const auto& latest = e_.indicator_latest[i]) {
        std::string unit = ind.unit != kNone ? " " + str(ind.unit) : "";
        row += fmt::format(" — {}: {}{}", latest->year,
                           latest->value.text.empty() ? number(latest->value.value) : std::string(latest->value.text), unit);
        if (e_.indicator_expected[i]) {
          std::string want = number(*e_.indicator_expected[i]);
          if (e_.indicator_expected_max[i]) want += "–" + number(*e_.indicator_expected_max[i]);
          row += fmt::format(", {} {}{}", w("cần", "expected"), want, unit);
        }
        if (auto note = engine::indicator_note(p_, e_, i, o_.lang); !note.empty()) row += fmt::format(" ({})", note);
        if (const auto& before = e_.indicator_previous[i]; before && state == engine::IndicatorState::not_assessable)
          row +=
              fmt::format(", {} {} ({})", engine::trend_label(e_.indicator_trend[i], o_.lang), before->year, number(before->value.value));
      }
      line(row);
    }
  }
};

/// Trims the spaces a blank column leaves at the end of a line.
std::string trim_lines(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view row(text.data() + start, end - start);
    while (!row.empty() && row.back() == ' ') row.remove_suffix(1);
    (out += row) += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string status_table(const engine::Model& model, const engine::Evaluation& eval, const TableOptions& options) {
  return trim_lines(Table(model, eval, options).write());
}

}  // namespace dondoc::cli
