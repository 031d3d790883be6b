#include "engine/check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <unordered_map>

namespace dondoc::engine {

namespace {
using dsl::Location;
using dsl::Message;
using dsl::Severity;

// ---------------------------------------------------------------- cycles
/// One edge of the plan graph: a dependency (task → prerequisite) or a wait (task or event →
/// what must happen first).
struct Edge {
  NodeId to;
  bool dependency;
  Location loc;
};

/// The edges leaving node n: its dependencies first, then what it waits for, each in written order.
class Edges {
 public:
  explicit Edges(const Plan& p) : p_(p) {}
  std::size_t degree(NodeId n) const { return deps(n) + p_.waits_for.of(n).size(); }
  Edge at(NodeId n, std::size_t i) const {
    std::size_t d = deps(n);
    if (i < d) return Edge{p_.depends_on.of(n)[i], true, p_.depends_loc[p_.depends_on.offsets[n] + i]};
    i -= d;
    return Edge{p_.waits_for.of(n)[i], false, p_.waits_loc[p_.waits_for.offsets[n] + i]};
  }

 private:
  std::size_t deps(NodeId n) const { return p_.is_event(n) ? 0 : p_.depends_on.of(n).size(); }
  const Plan& p_;
};

/// What a link of a cycle says, e.g. "II.4 phụ thuộc II.3".
Message link_words(const Plan& p, NodeId from, const Edge& e) {
  auto a = p.node_name(from), b = p.node_name(e.to);
  if (e.dependency) return {fmt::format("{} phụ thuộc {}", a, b), fmt::format("{} depends on {}", a, b)};
  if (p.is_event(from)) return {fmt::format("{} xảy ra sau {}", a, b), fmt::format("{} comes after {}", a, b)};
  return {fmt::format("{} bắt đầu sau {}", a, b), fmt::format("{} starts after {}", a, b)};
}

/// Reports the shortest cycle through the first-declared node of one strongly connected component.
void report_cycle(const Plan& p, const Edges& edges, const std::vector<NodeId>& comp, const std::vector<std::uint32_t>& comp_of,
                  std::uint32_t c, dsl::Diagnostics& diags) {
  NodeId start = *std::min_element(comp.begin(), comp.end());
  // Breadth-first search from start inside the component until an edge leads back to start.
  std::unordered_map<NodeId, std::pair<NodeId, std::size_t>> parent;  // node → (previous node, edge index)
  std::vector<NodeId> queue{start};
  NodeId last = kNone;
  std::size_t last_edge = 0;
  for (std::size_t qi = 0; qi < queue.size() && last == kNone; ++qi) {
    NodeId u = queue[qi];
    for (std::size_t i = 0; i < edges.degree(u); ++i) {
      NodeId v = edges.at(u, i).to;
      if (comp_of[v] != c) continue;
      if (v == start) {
        last = u;
        last_edge = i;
        break;
      }
      if (!parent.count(v)) {
        parent[v] = {u, i};
        queue.push_back(v);
      }
    }
  }
  if (last == kNone) return;  // cannot happen in a component with a cycle
  // The links from start round to start.
  std::vector<std::pair<NodeId, std::size_t>> links{{last, last_edge}};
  for (NodeId v = last; v != start; v = parent.at(v).first) links.push_back(parent.at(v));
  std::reverse(links.begin(), links.end());

  std::string path(p.node_name(start));
  bool any_dep = false, any_wait = false;
  for (const auto& [from, i] : links) {
    Edge e = edges.at(from, i);
    path += " -> ";
    path += p.node_name(e.to);
    (e.dependency ? any_dep : any_wait) = true;
  }
  Message msg;
  if (links.size() == 1) {
    Edge self = edges.at(start, links[0].second);
    auto a = p.node_name(start);
    if (self.dependency) {
      msg = {fmt::format("nhiệm vụ {} phụ thuộc chính nó: {}", a, path), fmt::format("task {} depends on itself: {}", a, path)};
    } else if (p.is_event(start)) {
      msg = {fmt::format("sự kiện {} xảy ra sau chính nó: {}", a, path), fmt::format("event {} comes after itself: {}", a, path)};
    } else {
      msg = {fmt::format("nhiệm vụ {} bắt đầu sau chính nó: {}", a, path), fmt::format("task {} starts after itself: {}", a, path)};
    }
  } else if (!any_wait) {
    msg = {fmt::format("các nhiệm vụ phụ thuộc lẫn nhau thành vòng, không nhiệm vụ nào hoàn thành trước được: {}", path),
           fmt::format("these tasks depend on each other in a circle, so none of them can be finished first: {}", path)};
  } else if (!any_dep) {
    msg = {fmt::format("điều kiện bắt đầu tạo thành vòng, không việc nào bắt đầu được: {}", path),
           fmt::format("the start conditions go in a circle, so none of them can ever start: {}", path)};
  } else {
    msg = {fmt::format("phụ thuộc và điều kiện bắt đầu tạo thành vòng: {}", path),
           fmt::format("dependencies and start conditions go in a circle: {}", path)};
  }
  Edge first = edges.at(links[0].first, links[0].second);
  dsl::Diagnostic d{Severity::error, first.loc, std::move(msg), {}, {}};
  if (links.size() > 1) {
    d.hints.push_back({"bỏ một liên kết của vòng; các liên kết còn lại được chỉ ra bên dưới",
                       "remove one link of the circle; the other links are shown below"});
    for (std::size_t k = 1; k < links.size(); ++k) {
      Edge e = edges.at(links[k].first, links[k].second);
      d.notes.emplace_back(e.loc, link_words(p, links[k].first, e));
    }
  } else {
    d.hints.push_back(
        {fmt::format("bỏ {} khỏi dòng này", p.node_name(start)), fmt::format("remove {} from this line", p.node_name(start))});
  }
  diags.add(std::move(d));
}

/// Tarjan's strongly connected components, without recursion, in declaration order.
void check_cycles(const Plan& p, dsl::Diagnostics& diags) {
  Edges edges(p);
  NodeId n = p.node_count();
  std::vector<std::uint32_t> index(n, kNone), low(n, 0), comp_of(n, kNone);
  std::vector<bool> on_stack(n, false);
  std::vector<NodeId> stack;
  std::vector<std::pair<NodeId, std::size_t>> frames;
  std::vector<NodeId> comp;  // the component just closed; one buffer for all (nearly all have one node)
  std::uint32_t counter = 0, comps = 0;
  for (NodeId root = 0; root < n; ++root) {
    if (index[root] != kNone) continue;
    frames.emplace_back(root, 0);
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!frames.empty()) {
      auto& [u, i] = frames.back();
      if (i < edges.degree(u)) {
        NodeId v = edges.at(u, i++).to;
        if (index[v] == kNone) {
          index[v] = low[v] = counter++;
          stack.push_back(v);
          on_stack[v] = true;
          frames.emplace_back(v, 0);
        } else if (on_stack[v]) {
          low[u] = std::min(low[u], index[v]);
        }
        continue;
      }
      NodeId done = u;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().first] = std::min(low[frames.back().first], low[done]);
      if (low[done] != index[done]) continue;
      comp.clear();
      NodeId w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        comp_of[w] = comps;
        comp.push_back(w);
      } while (w != done);
      bool self_loop = false;
      for (std::size_t k = 0; k < edges.degree(done) && comp.size() == 1; ++k) self_loop = self_loop || edges.at(done, k).to == done;
      if (comp.size() > 1 || self_loop) report_cycle(p, edges, comp, comp_of, comps, diags);
      ++comps;
    }
  }
}

/// The reporting chain (`cấp trên`) must end somewhere.
void check_reporting_chain(const Plan& p, dsl::Diagnostics& diags) {
  enum : std::uint8_t { fresh, walking, done };
  std::vector<std::uint8_t> state(p.agencies.size(), fresh);
  for (AgencyId a = 0; a < p.agencies.size(); ++a) {
    std::vector<AgencyId> walk;
    AgencyId x = a;
    while (x != kNone && state[x] == fresh) {
      state[x] = walking;
      walk.push_back(x);
      x = p.agencies[x].reports_to;
    }
    if (x != kNone && state[x] == walking) {
      // The cycle is the part of the walk from x; print it from its first-declared agency.
      std::vector<AgencyId> cycle(std::find(walk.begin(), walk.end(), x), walk.end());
      std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
      std::string path;
      for (AgencyId c : cycle) path += std::string(p.str(p.agencies[c].id)) + " -> ";
      path += p.str(p.agencies[cycle.front()].id);
      diags.error(p.agencies[cycle.front()].reports_to_loc,
                  Message{fmt::format("chuỗi cấp trên đi thành vòng, việc đôn đốc không có cấp cuối cùng: {}", path),
                          fmt::format("the 'reports to' chain goes in a circle, so escalation has no last step: {}", path)},
                  {Message{"cơ quan cao nhất của chuỗi không ghi 'cấp trên'", "the top agency of the chain has no 'reports to'"}});
    }
    for (AgencyId w : walk) state[w] = done;
  }
}

// ---------------------------------------------------------------- deadlines
/// A due time in words: `31/05/2023`, `31/12/2024 (phấn đấu)`, `thường xuyên`.
Message describe(const Due& d) {
  const auto& t = *d.time;
  Message m;
  if (d.date) {
    m = {show_date(*d.date, dsl::Lang::vi), show_date(*d.date, dsl::Lang::en)};
  } else if (t.form == dsl::TimeExpr::Form::during_plan) {
    m = {"thường xuyên (trong thời gian thực hiện kế hoạch)", "ongoing (during the plan)"};
  } else if (t.form == dsl::TimeExpr::Form::open_ended) {
    m = {"không thời hạn", "open-ended"};
  } else if (t.form == dsl::TimeExpr::Form::relative) {
    const char* vi = t.unit == dsl::TimeExpr::Unit::days ? "ngày" : t.unit == dsl::TimeExpr::Unit::working_days ? "ngày làm việc" : "tháng";
    const char* en = t.unit == dsl::TimeExpr::Unit::days ? "days" : t.unit == dsl::TimeExpr::Unit::working_days ? "working days" : "months";
    if (t.anchor.empty()) {
      m = {fmt::format("{} {} sau khi bắt đầu", t.amount, vi), fmt::format("{} {} after the start", t.amount, en)};
    } else {
      m = {fmt::format("{} {} sau {}", t.amount, vi, t.anchor), fmt::format("{} {} after {}", t.amount, en, t.anchor)};
    }
  } else {
    m = {t.text, t.text};
  }
  if (t.aspirational) {
    m.vi += " (phấn đấu)";
    m.en += " (aim)";
  }
  return m;
}

/// The due time with its source: `31/05/2023 theo "Phụ lục 2, mục II.5"`.
Message describe_with_source(const Plan& p, const Due& d) {
  Message m = describe(d);
  if (d.per != kNone) {
    m.vi += fmt::format(" theo \"{}\"", p.str(d.per));
    m.en += fmt::format(" per \"{}\"", p.str(d.per));
  }
  return m;
}

bool same_due(const Due& a, const Due& b) {
  if (a.date || b.date) return a.date == b.date;
  if (a.time->form != b.time->form) return false;
  if (a.time->form == dsl::TimeExpr::Form::relative) return a.time->amount == b.time->amount && a.time->unit == b.time->unit;
  return true;
}

const char* ordinal_vi(std::size_t i) {
  static const char* words[] = {"thứ nhất", "thứ hai", "thứ ba", "thứ tư", "thứ năm"};
  return i < 5 ? words[i] : "khác";
}
const char* ordinal_en(std::size_t i) {
  static const char* words[] = {"first", "second", "third", "fourth", "fifth"};
  return i < 5 ? words[i] : "other";
}

/// Two due times that disagree (the decision's body and appendix): a warning that shows all.
void check_due_conflicts(const Plan& p, TaskId t, dsl::Diagnostics& diags) {
  auto dues = p.due_of(t);
  if (dues.size() < 2) return;
  bool differ = std::any_of(dues.begin() + 1, dues.end(), [&](const Due& d) { return !same_due(d, dues[0]); });
  if (!differ) return;
  auto id = p.str(p.tasks[t].id);
  Message all;
  bool unsourced = false;
  for (std::size_t i = 0; i < dues.size(); ++i) {
    Message one = describe_with_source(p, dues[i]);
    const char* sep_vi = i == 0 ? "" : i + 1 == dues.size() ? " và " : ", ";
    const char* sep_en = i == 0 ? "" : i + 1 == dues.size() ? " and " : ", ";
    all.vi += sep_vi + one.vi;
    all.en += sep_en + one.en;
    unsourced = unsourced || dues[i].per == kNone;
  }
  Message first = describe(dues[0]);
  Message what = dues.size() == 2 ? Message{fmt::format("nhiệm vụ {} có hai thời hạn khác nhau: {}", id, all.vi),
                                            fmt::format("task {} has two different due dates: {}", id, all.en)}
                                  : Message{fmt::format("nhiệm vụ {} có {} thời hạn không thống nhất: {}", id, dues.size(), all.vi),
                                            fmt::format("task {} has {} due dates that do not agree: {}", id, dues.size(), all.en)};
  dsl::Diagnostic d{
      Severity::warning,
      dues[0].loc,
      std::move(what),
      {Message{fmt::format("dondoc tính theo thời hạn {} cho trạng thái và đôn đốc (thời hạn bắt buộc sớm nhất; thời hạn \"phấn đấu\" "
                           "chỉ được tính khi mọi thời hạn đều là phấn đấu); thời hạn kia vẫn được báo cáo",
                           first.vi),
               fmt::format("dondoc counts {} for the status and escalation (the earliest binding date; an \"aim\" date counts only "
                           "when every date is one); the other is still reported",
                           first.en)}},
      {}};
  if (unsourced) {
    d.hints.push_back({"ghi nguồn của mỗi thời hạn, ví dụ: thời hạn Quý II/2023 theo \"Phụ lục 2, mục II.5\"",
                       "give the source of each due date, for example: due 2023-Q2 per \"Appendix 2, II.5\""});
  }
  for (std::size_t i = 1; i < dues.size(); ++i) {
    Message one = describe_with_source(p, dues[i]);
    d.notes.emplace_back(dues[i].loc, Message{fmt::format("thời hạn {}: {}", ordinal_vi(i), one.vi),
                                              fmt::format("the {} due date: {}", ordinal_en(i), one.en)});
  }
  diags.add(std::move(d));
}

/// The tracked due date of a task (the earliest that binds, first in Plan::dues), when it is a calendar date.
std::optional<dsl::Date> tracked_date(const Plan& p, TaskId t) {
  auto dues = p.due_of(t);
  if (dues.empty()) return std::nullopt;
  return dues[0].date;
}

void check_relative_without_trigger(const Plan& p, TaskId t, dsl::Diagnostics& diags) {
  const Task& task = p.tasks[t];
  if (task.has_trigger()) return;
  for (const Due& d : p.due_of(t)) {
    if (d.time->form != dsl::TimeExpr::Form::relative) continue;
    auto id = p.str(task.id);
    diags.error(
        d.loc,
        Message{fmt::format("thời hạn '{}' tính từ khi nhiệm vụ bắt đầu, nhưng nhiệm vụ {} không có điều kiện bắt đầu", d.time->text, id),
                fmt::format("the due time '{}' counts from the start of the task, but task {} has no start condition", d.time->text, id)},
        {Message{"thêm dòng 'bắt đầu sau <mã sự kiện hoặc nhiệm vụ>', hoặc ghi thời hạn theo lịch như 'Quý I/2023'",
                 "add a line 'starts after <event or task id>', or give a calendar due time such as '2023-Q1'"}});
  }
}

/// A task due before a task it depends on (or waits for) is due: a warning (the predecessor can be done
/// early), an error when the predecessor's period only begins after it is due.
void check_due_order(const Plan& p, TaskId t, dsl::Diagnostics& diags) {
  const Task& task = p.tasks[t];
  if (task.waived) return;
  auto mine = tracked_date(p, t);
  if (!mine) return;
  auto report = [&](TaskId pre, Location at, bool waits) {
    auto theirs = tracked_date(p, pre);
    // A dependency on work done over a period (`Giai đoạn 2023 - 2030`) can use that work from
    // the start of the period; only a start condition waits for the end.
    bool window = !waits && theirs && p.due_of(pre)[0].time->form == dsl::TimeExpr::Form::period;
    if (window) theirs = p.due_of(pre)[0].time->window_start();
    if (!theirs || !(*mine < *theirs) || p.tasks[pre].waived) return;
    auto a = p.str(task.id), b = p.str(p.tasks[pre].id);
    // The predecessor can be done before its own due date, so the two can both be met: a warning.
    // Only a predecessor whose period has not begun by this task's due date makes it impossible.
    dsl::Diagnostic d{
        window ? Severity::error : Severity::warning,
        at,
        window ? Message{fmt::format("nhiệm vụ {} đến hạn {}, trước khi giai đoạn thực hiện nhiệm vụ {} mà nó phụ thuộc bắt đầu ({})", a,
                                     show_date(*mine, dsl::Lang::vi), b, show_date(*theirs, dsl::Lang::vi)),
                         fmt::format("task {} is due {}, before the period of task {}, which it depends on, begins ({})", a,
                                     show_date(*mine, dsl::Lang::en), b, show_date(*theirs, dsl::Lang::en))}
        : waits ? Message{fmt::format("nhiệm vụ {} đến hạn {}, sớm hơn nhiệm vụ {} mà nó chờ để bắt đầu (đến hạn {})", a,
                                      show_date(*mine, dsl::Lang::vi), b, show_date(*theirs, dsl::Lang::vi)),
                          fmt::format("task {} is due {}, earlier than task {}, which it waits for (due {})", a,
                                      show_date(*mine, dsl::Lang::en), b, show_date(*theirs, dsl::Lang::en))}
                : Message{fmt::format("nhiệm vụ {} đến hạn {}, sớm hơn nhiệm vụ {} mà nó phụ thuộc (đến hạn {})", a,
                                      show_date(*mine, dsl::Lang::vi), b, show_date(*theirs, dsl::Lang::vi)),
                          fmt::format("task {} is due {}, earlier than task {}, which it depends on (due {})", a,
                                      show_date(*mine, dsl::Lang::en), b, show_date(*theirs, dsl::Lang::en))},
        {Message{fmt::format("sửa một trong hai thời hạn, hoặc bỏ liên kết nếu {} không cần chờ {}", a, b),
                 fmt::format("change one of the two due times, or remove the link if {} does not need to wait for {}", a, b)}},
        {{p.due_of(t)[0].loc, Message{fmt::format("thời hạn của {}", a), fmt::format("the due time of {}", a)}},
         {p.due_of(pre)[0].loc, Message{fmt::format("thời hạn của {}", b), fmt::format("the due time of {}", b)}}}};
    diags.add(std::move(d));
  };
  auto deps = p.depends_on.of(t);
  for (std::size_t i = 0; i < deps.size(); ++i) report(deps[i], p.depends_loc[p.depends_on.offsets[t] + i], false);
  // A trigger on tasks: with "any of", only the earliest alternative has to come first.
  auto waits = p.waits_for.of(t);
  if (task.trigger_mode != dsl::Trigger::Mode::any) {
    for (std::size_t i = 0; i < waits.size(); ++i) {
      if (!p.is_event(waits[i])) report(waits[i], p.waits_loc[p.waits_for.offsets[t] + i], true);
    }
  } else if (!waits.empty() && std::none_of(waits.begin(), waits.end(), [&](NodeId n) { return p.is_event(n) || !tracked_date(p, n); })) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < waits.size(); ++i) {
      if (*tracked_date(p, waits[i]) < *tracked_date(p, waits[best])) best = i;
    }
    report(waits[best], p.waits_loc[p.waits_for.offsets[t] + best], true);
  }
}

/// A task due before the plan takes effect (a programme issued in February with tasks of the year
/// before) is late the day it is issued: said once, so that nobody reads it as a mistake.
void check_late_at_issue(const Plan& p, TaskId t, dsl::Diagnostics& diags) {
  const Task& task = p.tasks[t];
  auto start = p.header.effective ? p.header.effective : p.header.issued;
  auto mine = tracked_date(p, t);
  if (task.waived || !start || !mine || !(*mine < *start)) return;
  auto id = p.str(task.id);
  diags.add(dsl::Diagnostic{
      Severity::warning,
      p.due_of(t)[0].loc,
      Message{fmt::format("nhiệm vụ {} đến hạn {}, trước ngày kế hoạch có hiệu lực ({}): đã quá hạn ngay khi ban hành", id,
                          show_date(*mine, dsl::Lang::vi), show_date(*start, dsl::Lang::vi)),
              fmt::format("task {} is due {}, before the plan takes effect ({}): it is late the day the plan is issued", id,
                          show_date(*mine, dsl::Lang::en), show_date(*start, dsl::Lang::en))},
      {Message{"dondoc đôn đốc nhiệm vụ này từ ngày hiệu lực, bắt đầu từ bước đầu tiên; nếu đã làm xong trước đó, ghi vào nhật ký "
               "với ngày hoàn thành thật",
               "dondoc chases it from the effective date, starting at the first step; if it was done before, record it in the "
               "journal with the real date"}},
      {}});
}

/// Start conditions that can never be met, or that nobody will see met.
void check_triggers(const Plan& p, dsl::Diagnostics& diags) {
  auto waived_words = [&](TaskId w) {
    return Message{fmt::format("đã dừng theo \"{}\"", p.str(p.tasks[w].waived->by)),
                   fmt::format("is waived by \"{}\"", p.str(p.tasks[w].waived->by))};
  };
  for (NodeId n = 0; n < p.node_count(); ++n) {
    auto waits = p.waits_for.of(n);
    if (waits.empty()) continue;
    auto name = p.node_name(n);
    bool is_event = p.is_event(n);
    if (!is_event && p.tasks[n].waived) continue;
    bool any = !is_event && p.tasks[n].trigger_mode == dsl::Trigger::Mode::any;
    auto loc_of = [&](std::size_t i) { return p.waits_loc[p.waits_for.offsets[n] + i]; };
    auto waived = [&](NodeId w) { return !p.is_event(w) && p.tasks[w].waived.has_value(); };
    if (!any) {
      for (std::size_t i = 0; i < waits.size(); ++i) {
        if (!waived(waits[i])) continue;
        auto w = p.node_name(waits[i]);
        Message why = waived_words(waits[i]);
        Message msg =
            is_event ? Message{fmt::format("sự kiện {} chỉ xảy ra sau nhiệm vụ {}, nhưng {} {}, nên sự kiện không thể xảy ra như kế hoạch",
                                           name, w, w, why.vi),
                               fmt::format("event {} comes after task {}, but {} {}, so the event can never happen as planned", name, w, w,
                                           why.en)}
                     : Message{fmt::format("nhiệm vụ {} chờ nhiệm vụ {}, nhưng {} {}, nên {} không bao giờ bắt đầu được", name, w, w,
                                           why.vi, name),
                               fmt::format("task {} waits for task {}, but {} {}, so {} can never start", name, w, w, why.en, name)};
        diags.error(loc_of(i), std::move(msg),
                    {Message{fmt::format("bỏ {} khỏi điều kiện bắt đầu, hoặc dừng cả {}", w, name),
                             fmt::format("remove {} from the start condition, or waive {} as well", w, name)}});
      }
    } else if (std::all_of(waits.begin(), waits.end(), waived)) {
      diags.error(
          p.tasks[n].trigger_loc,
          Message{
              fmt::format("nhiệm vụ {} bắt đầu sau một trong các nhiệm vụ, nhưng tất cả đều đã dừng, nên không bao giờ bắt đầu được", name),
              fmt::format("task {} starts after any one of several tasks, but all of them are waived, so it can never start", name)},
          {Message{"bỏ điều kiện bắt đầu, hoặc dừng cả nhiệm vụ này", "remove the start condition, or waive this task as well"}});
    }
    if (is_event) continue;
    // Events that nobody follows up: no one will record that they happened. With "any of", only
    // when no alternative can be seen to happen.
    auto unseen = [&](NodeId w) { return p.is_event(w) && p.events[p.event_of(w)].follow_up == kNone; };
    if (any && !std::all_of(waits.begin(), waits.end(), unseen)) waits = {};
    for (std::size_t i = 0; i < waits.size(); ++i) {
      if (!unseen(waits[i])) continue;
      const Event& ev = p.events[p.event_of(waits[i])];
      auto e = p.str(ev.id);
      dsl::Diagnostic d{
          Severity::warning,
          loc_of(i),
          Message{fmt::format(
                      "nhiệm vụ {} chờ sự kiện {}, nhưng không đơn vị nào theo dõi sự kiện này, nên có thể không ai ghi nhận khi nó xảy ra",
                      name, e),
                  fmt::format("task {} waits for event {}, but no agency follows that event up, so nobody may record when it happens", name,
                              e)},
          {Message{fmt::format("thêm dòng 'theo dõi <mã cơ quan>' vào sự kiện {}", e),
                   fmt::format("add a line 'followed up by <agency id>' to event {}", e)}},
          {{ev.loc, Message{fmt::format("sự kiện {} được khai báo ở đây", e), fmt::format("event {} is declared here", e)}}}};
      diags.add(std::move(d));
    }
    // A task due before the event it waits for is expected.
    auto mine = tracked_date(p, n);
    if (!mine || any) continue;
    for (std::size_t i = 0; i < waits.size(); ++i) {
      if (!p.is_event(waits[i])) continue;
      const Event& ev = p.events[p.event_of(waits[i])];
      if (!ev.expected_date || !(*mine < *ev.expected_date)) continue;
      auto e = p.str(ev.id);
      dsl::Diagnostic d{Severity::warning,
                        loc_of(i),
                        Message{fmt::format("nhiệm vụ {} đến hạn {}, trước ngày dự kiến của sự kiện {} mà nó chờ ({})", name,
                                            show_date(*mine, dsl::Lang::vi), e, show_date(*ev.expected_date, dsl::Lang::vi)),
                                fmt::format("task {} is due {}, before event {}, which it waits for, is expected ({})", name,
                                            show_date(*mine, dsl::Lang::en), e, show_date(*ev.expected_date, dsl::Lang::en))},
                        {Message{fmt::format("kiểm tra lại thời hạn của {} hoặc ngày dự kiến của {}", name, e),
                                 fmt::format("check the due time of {} or the expected date of {}", name, e)}},
                        {{ev.expected_loc, Message{fmt::format("ngày dự kiến của {}", e), fmt::format("the expected date of {}", e)}}}};
      diags.add(std::move(d));
    }
  }
}
}  // namespace

void check(const Plan& plan, dsl::Diagnostics& diags) {
  check_cycles(plan, diags);
  check_reporting_chain(plan, diags);
  for (TaskId t = 0; t < plan.tasks.size(); ++t) {
    check_relative_without_trigger(plan, t, diags);
    check_due_order(plan, t, diags);
    check_due_conflicts(plan, t, diags);
    check_late_at_issue(plan, t, diags);
  }
  check_triggers(plan, diags);
}

}  // namespace dondoc::engine
