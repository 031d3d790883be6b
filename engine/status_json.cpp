#include "engine/status_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "engine/indicator_text.hpp"

namespace dondoc::engine {

namespace {

/// `"to"`, `"via"`, `"copy_to"` of a task or duty that says where its product goes; nothing when it does not.
void addressing_json(const Plan& p, const Addressing* a, nlohmann::ordered_json& j) {
  if (!a || a->empty()) return;
  auto ids = [&](Span s) {
    auto out = nlohmann::ordered_json::array();
    for (AgencyId x : p.agencies_of(s)) out.push_back(std::string(p.str(p.agencies[x].id)));
    return out;
  };
  if (a->to.size) j["to"] = ids(a->to);
  if (a->via != kNone) j["via"] = std::string(p.str(p.agencies[a->via].id));
  if (a->copy_to.size) j["copy_to"] = ids(a->copy_to);
}

nlohmann::ordered_json iso_or_null(Day d) {
  return d == kNoDay ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(date_of(d).iso());
}

std::string node_id(const Plan& p, NodeId n) {
  return n == kNone ? std::string() : std::string(p.node_name(n));
}

}  // namespace

std::optional<std::int32_t> slack_days(const Evaluation& e, TaskId t) {
  if (e.deadline[t] == kNoDay || e.projected[t] == kNoDay) return std::nullopt;
  if (e.status[t] == Status::done_on_time || e.status[t] == Status::done_late || e.status[t] == Status::waived) return std::nullopt;
  return e.deadline[t] - e.projected[t];
}

std::vector<std::uint32_t> other_dues(const Model& m, TaskId t) {
  const Task& task = m.plan.tasks[t];
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = task.due.begin + 1; i < task.due.begin + task.due.size; ++i) {
    if (m.dates.dues[i].deadline != m.dates.dues[task.due.begin].deadline) out.push_back(i);
  }
  return out;
}

bool late_at_issue(const Model& m, const Evaluation& e, TaskId t) {
  Day due = m.dates.task_deadline[t];
  if (due == kNoDay || m.dates.plan_start == kNoDay || due >= m.dates.plan_start || e.status[t] == Status::waived) return false;
  return e.done[t] == kNoDay || e.done[t] > due;
}

bool urgent(const Plan& p, TaskId t) {
  return p.tasks[t].due.size && p.dues[p.tasks[t].due.begin].time->form == dsl::TimeExpr::Form::urgent;
}

namespace {

/// What a target counts beyond one year's value (docs/status.md §3): the period and the figure so far,
/// the year a change is counted from and its value, the tolerance of `khoảng`.
void target_json(nlohmann::ordered_json& j, const Indicator& ind, const Evaluation& e, IndicatorId i) {
  if (!ind.target) return;
  const dsl::Target& t = *ind.target;
  if (t.measure != dsl::Target::Measure::level) {
    j["measure"] = std::string(measure_name(t.measure));
    j["period_from"] = *t.from_year;
    j["period_to"] = *t.year;
  }
  if (const auto& a = e.indicator_aggregate[i]) {
    j["aggregate"] = a->value;
    j["aggregate_to"] = a->to;
    if (a->needed) j["needed"] = *a->needed;
  }
  if (t.change != dsl::Target::Change::none) {
    j["change"] = std::string(change_name(t.change));
    j["reference_year"] = *t.from_year;
  }
  if (const auto& r = e.indicator_reference[i]) {
    j["reference_year"] = r->year;
    j["reference_value"] = r->value.value;
  }
  if (t.about) {
    j["about"] = true;
    j["tolerance"] = t.tolerance ? std::fabs(t.tolerance->value) : std::fabs(t.value.value) * dsl::kAboutShare;
  }
}

}  // namespace

nlohmann::ordered_json task_status_json(const Model& m, const Evaluation& e, TaskId t) {
  const Plan& p = m.plan;
  const Task& task = p.tasks[t];
  nlohmann::ordered_json j;
  j["id"] = std::string(p.str(task.id));
  j["title"] = std::string(p.str(task.title));
  auto& lead = j["lead"] = nlohmann::ordered_json::array();
  for (AgencyId a : p.agencies_of(task.leads)) lead.push_back(std::string(p.str(p.agencies[a].id)));
  // A lead that has ended (`chấm dứt`) by then: who holds the task now.
  nlohmann::ordered_json held = nlohmann::ordered_json::array();
  for (AgencyId a : p.agencies_of(task.leads)) {
    for (AgencyId h : p.holders(a, date_of(e.at))) {
      std::string id(p.str(p.agencies[h].id));
      if (std::find(held.begin(), held.end(), id) == held.end()) held.push_back(id);
    }
  }
  if (held != lead) j["held_by"] = std::move(held);
  addressing_json(p, p.sent_of(t), j);
  j["status"] = std::string(status_name(e.status[t]));
  j["due"] = iso_or_null(e.deadline[t]);
  if (auto others = other_dues(m, t); !others.empty()) {
    auto& also = j["other_dues"] = nlohmann::ordered_json::array();
    for (std::uint32_t i : others) {
      const Due& d = p.dues[i];
      also.push_back({{"due", iso_or_null(m.dates.dues[i].deadline)},
                      {"text", d.time->text},
                      {"per", d.per == kNone ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(std::string(p.str(d.per)))},
                      {"aspirational", d.time->aspirational}});
    }
  }
  j["projected"] = iso_or_null(e.projected[t]);
  auto slack = slack_days(e, t);
  j["slack_days"] = slack ? nlohmann::ordered_json(*slack) : nlohmann::ordered_json(nullptr);
  auto& waiting = j["waiting_on"] = nlohmann::ordered_json::array();
  for (NodeId w : e.waiting_on(p, t)) waiting.push_back(std::string(p.node_name(w)));
  if (Day until = e.waiting_until(p, t); until != kNoDay) j["waiting_until"] = date_of(until).iso();
  j["blocked_by"] = e.blocked_by[t] == kNone ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(node_id(p, e.blocked_by[t]));
  if (IndicatorId i = p.target_of(t); i != kNone) j["target_state"] = std::string(indicator_state_name(e.indicator_state[i]));
  j["root_cause"] = e.root_cause[t] == kNone || e.root_cause[t] == t ? nlohmann::ordered_json(nullptr)
                                                                     : nlohmann::ordered_json(node_id(p, e.root_cause[t]));
  j["started"] = iso_or_null(e.start[t]);
  j["done"] = iso_or_null(e.done[t]);
  j["days_late"] = e.days_late(t);
  j["extended"] = static_cast<bool>(e.extended[t]);
  if (late_at_issue(m, e, t)) j["late_at_issue"] = true;
  if (urgent(p, t)) j["urgent"] = true;
  if (e.status[t] == Status::ongoing) {
    if (auto r = latest_report(m, e, t)) {
      nlohmann::ordered_json rep;
      rep["duty"] = std::string(p.str(p.duties[r->duty].id));
      rep["year"] = r->year;
      if (r->period) rep["period"] = r->period;
      rep["due"] = date_of(r->due).iso();
      rep["status"] = std::string(status_name(r->status));
      auto& missing = rep["missing"] = nlohmann::ordered_json::array();
      for (AgencyId a : r->missing) missing.push_back(std::string(p.str(p.agencies[a].id)));
      j["report"] = std::move(rep);
    }
  }
  return j;
}

nlohmann::ordered_json status_json(const Model& m, const Evaluation& e) {
  const Plan& p = m.plan;
  nlohmann::ordered_json out;
  out["at"] = date_of(e.at).iso();
  out["plan"] = std::string(p.str(p.header.id));
  auto& tasks = out["tasks"] = nlohmann::ordered_json::array();
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    tasks.push_back(task_status_json(m, e, t));
  }
  auto& counts = out["counts"] = nlohmann::ordered_json::object();
  for (int s = 0; s < kStatusCount; ++s) counts[std::string(status_name(static_cast<Status>(s)))] = e.counts[s];
  auto& cats = out["categories"] = nlohmann::ordered_json::object();
  for (int c = 0; c < 4; ++c) cats[std::string(category_name(static_cast<Category>(c)))] = e.categories[c];
  auto& events = out["events"] = nlohmann::ordered_json::array();
  for (EventId ev = 0; ev < p.events.size(); ++ev) {
    NodeId n = p.event_node(ev);
    nlohmann::ordered_json j;
    j["id"] = std::string(p.str(p.events[ev].id));
    j["happened"] = iso_or_null(e.done[n]);
    j["expected"] = iso_or_null(m.dates.event_expected[ev]);
    j["projected"] = iso_or_null(e.projected[n]);
    j["late"] = static_cast<bool>(e.late[n]);
    if (p.events[ev].passage_of != kNone) {  // `cấp trình`: which task's product, which body
      j["passage_of"] = std::string(p.str(p.tasks[p.events[ev].passage_of].id));
      if (p.events[ev].body != kNone) j["body"] = std::string(p.str(p.agencies[p.events[ev].body].id));
    }
    events.push_back(std::move(j));
  }
  auto& occurrences = out["occurrences"] = nlohmann::ordered_json::array();
  for (std::uint32_t o = 0; o < m.occurrences.items.size(); ++o) {
    const Occurrence& occ = m.occurrences.items[o];
    nlohmann::ordered_json j;
    j["duty"] = std::string(p.str(p.duties[occ.duty].id));
    j["agency"] = std::string(p.str(p.agencies[occ.agency].id));
    addressing_json(p, &p.duties[occ.duty].sent, j);
    j["year"] = occ.year;
    if (occ.period) j["period"] = occ.period;
    j["due"] = date_of(occ.deadline).iso();
    j["status"] = std::string(status_name(e.occurrence_status[o]));
    j["done"] = iso_or_null(e.occurrence_done[o]);
    occurrences.push_back(std::move(j));
  }
  auto& indicators = out["indicators"] = nlohmann::ordered_json::array();
  for (IndicatorId i = 0; i < p.indicators.size(); ++i) {
    nlohmann::ordered_json j;
    const Indicator& ind = p.indicators[i];
    j["id"] = std::string(p.str(ind.id));
    if (ind.task != kNone) j["task"] = std::string(p.str(p.tasks[ind.task].id));
    j["state"] = std::string(indicator_state_name(e.indicator_state[i]));
    if (e.indicator_latest[i]) {
      j["year"] = e.indicator_latest[i]->year;
      j["value"] = e.indicator_latest[i]->value.value;
    }
    if (e.indicator_expected[i]) j["expected"] = *e.indicator_expected[i];
    if (e.indicator_expected_max[i]) j["expected_max"] = *e.indicator_expected_max[i];
    if (e.indicator_previous[i]) {
      j["previous_year"] = e.indicator_previous[i]->year;
      j["previous_value"] = e.indicator_previous[i]->value.value;
      j["trend"] = std::string(trend_name(e.indicator_trend[i]));
    }
    target_json(j, ind, e, i);
    indicators.push_back(std::move(j));
  }
  return out;
}

}  // namespace dondoc::engine
