#include "runtime/http_views.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "dsl/format.hpp"
#include "engine/explain.hpp"
#include "engine/status_json.hpp"

namespace dondoc::runtime {

namespace {

using engine::AgencyId;
using engine::Day;
using engine::kNoDay;
using engine::kNone;
using engine::NodeId;
using engine::Status;
using engine::TaskId;
using Json = nlohmann::ordered_json;

Json iso_or_null(Day d) {
  return d == kNoDay ? Json(nullptr) : Json(engine::date_of(d).iso());
}

std::string id_of(const engine::Plan& p, AgencyId a) {
  return std::string(p.str(p.agencies[a].id));
}

Json text_or_null(const engine::Plan& p, engine::StrId s) {
  return s == kNone ? Json(nullptr) : Json(std::string(p.str(s)));
}

Json agency_list(const engine::Plan& p, engine::Span s) {
  Json out = Json::array();
  for (AgencyId a : p.agencies_of(s)) out.push_back({{"id", id_of(p, a)}, {"name", std::string(p.str(p.agencies[a].name))}});
  return out;
}

/// A task in a list: enough to show a row and link to its page.
Json task_row(const engine::Plan& p, const engine::Evaluation& e, TaskId t) {
  Json j;
  j["id"] = std::string(p.str(p.tasks[t].id));
  j["title"] = std::string(p.str(p.tasks[t].title));
  auto& lead = j["lead"] = Json::array();
  for (AgencyId a : p.agencies_of(p.tasks[t].leads)) lead.push_back(id_of(p, a));
  j["status"] = std::string(engine::status_name(e.status[t]));
  j["due"] = iso_or_null(e.deadline[t]);
  j["days_late"] = e.days_late(t);
  j["root_cause"] = e.root_cause[t] == kNone || e.root_cause[t] == t ? Json(nullptr) : Json(std::string(p.node_name(e.root_cause[t])));
  return j;
}

/// A node (task or event) another one waits on or is waited on by.
Json node_row(const engine::Plan& p, const engine::Evaluation& e, NodeId n) {
  if (!p.is_event(n)) return task_row(p, e, n);
  const engine::Event& ev = p.events[p.event_of(n)];
  return {{"id", std::string(p.str(ev.id))},
          {"title", std::string(p.str(ev.title))},
          {"event", true},
          {"status", e.done[n] != kNoDay ? "happened" : (e.late[n] ? "late" : "expected")},
          {"happened", iso_or_null(e.done[n])}};
}

Json node_rows(const engine::Plan& p, const engine::Evaluation& e, std::span<const std::uint32_t> nodes) {
  Json out = Json::array();
  for (NodeId n : nodes) out.push_back(node_row(p, e, n));
  return out;
}

Json category_counts(const std::array<std::uint32_t, 4>& c) {
  Json out = Json::object();
  for (int i = 0; i < 4; ++i) out[std::string(engine::category_name(static_cast<engine::Category>(i)))] = c[i];
  return out;
}

/// Adds `t` to a list kept at most `limit` long (the total is counted by the caller).
void keep(Json& list, std::size_t limit, const engine::Plan& p, const engine::Evaluation& e, TaskId t) {
  if (list.size() < limit) list.push_back(task_row(p, e, t));
}

std::string label_value(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    out += c == '\n' ? 'n' : c;
  }
  return out;
}

}  // namespace

Json overview_json(const engine::Model& m, const engine::Evaluation& e, int days, std::size_t limit) {
  const engine::Plan& p = m.plan;
  struct PerAgency {
    std::array<std::uint32_t, 4> categories{};
    std::uint32_t tasks = 0, late = 0, at_risk = 0;
  };
  std::vector<PerAgency> per(p.agencies.size());
  Json late = Json::array(), at_risk = Json::array();
  std::size_t late_total = 0, at_risk_total = 0;
  std::vector<TaskId> upcoming;
  const Day until = e.at + days;
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    const Status s = e.status[t];
    const engine::Category c = engine::category_of(s);
    for (AgencyId a : p.agencies_of(p.tasks[t].leads)) {
      PerAgency& pa = per[a];
      ++pa.tasks;
      if (c != engine::Category::none) ++pa.categories[static_cast<int>(c)];
      pa.late += s == Status::overdue;
      pa.at_risk += s == Status::at_risk;
    }
    if (s == Status::overdue) ++late_total, keep(late, limit, p, e, t);
    if (s == Status::at_risk) ++at_risk_total, keep(at_risk, limit, p, e, t);
    const bool open = s != Status::done_on_time && s != Status::done_late && s != Status::waived;
    if (open && e.deadline[t] != kNoDay && e.deadline[t] >= e.at && e.deadline[t] <= until) upcoming.push_back(t);
  }
  std::stable_sort(upcoming.begin(), upcoming.end(), [&](TaskId a, TaskId b) { return e.deadline[a] < e.deadline[b]; });
  Json out;
  out["at"] = engine::date_of(e.at).iso();
  out["plan"] = {{"id", std::string(p.str(p.header.id))},
                 {"title", text_or_null(p, p.header.title)},
                 {"number", text_or_null(p, p.header.number)},
                 {"tasks", p.tasks.size()}};
  auto& counts = out["counts"] = Json::object();
  for (int s = 0; s < engine::kStatusCount; ++s) counts[std::string(engine::status_name(static_cast<Status>(s)))] = e.counts[s];
  out["categories"] = category_counts(e.categories);
  auto& agencies = out["agencies"] = Json::array();
  for (AgencyId a = 0; a < p.agencies.size(); ++a) {
    if (!per[a].tasks) continue;
    agencies.push_back({{"id", id_of(p, a)},
                        {"name", std::string(p.str(p.agencies[a].name))},
                        {"tasks", per[a].tasks},
                        {"categories", category_counts(per[a].categories)},
                        {"late", per[a].late},
                        {"at_risk", per[a].at_risk}});
  }
  out["late"] = {{"total", late_total}, {"tasks", std::move(late)}};
  out["at_risk"] = {{"total", at_risk_total}, {"tasks", std::move(at_risk)}};
  Json next = Json::array();
  for (std::size_t i = 0; i < upcoming.size() && i < limit; ++i) next.push_back(task_row(p, e, upcoming[i]));
  out["upcoming"] = {{"days", days}, {"until", engine::date_of(until).iso()}, {"total", upcoming.size()}, {"tasks", std::move(next)}};
  return out;
}

Json task_json(const engine::CompiledPlan& c, const engine::Model& m, const engine::Evaluation& e, TaskId t, Store& store, dsl::Lang lang) {
  const engine::Plan& p = m.plan;
  const engine::Task& task = p.tasks[t];
  Json j = engine::task_status_json(m, e, t);
  j["status_label"] = std::string(engine::status_label(e.status[t], lang));
  auto& sections = j["sections"] = Json::array();
  if (task.section != kNone) {
    for (engine::SectionId s : p.section_path(task.section))
      sections.push_back({{"id", std::string(p.str(p.sections[s].id))}, {"title", text_or_null(p, p.sections[s].title)}});
  }
  j["leads"] = agency_list(p, task.leads);
  j["support"] = agency_list(p, task.support);
  j["deliverable"] = text_or_null(p, task.deliverable);
  j["reference"] = text_or_null(p, task.source);
  j["explain"] = engine::explain_task(p, c.dates, c.schedule, t, lang);
  j["waits_for"] = node_rows(p, e, p.waits_for.of(t));
  j["depends_on"] = node_rows(p, e, p.depends_on.of(t));
  j["wakes"] = node_rows(p, e, p.wakes.of(t));
  j["dependents"] = node_rows(p, e, p.dependents.of(t));
  const std::string id(p.str(task.id));
  auto& facts = j["facts"] = Json::array();
  store.for_each_fact([&](const StoredFact& f) {
    if (f.target != id) return;
    facts.push_back({{"seq", f.seq},
                     {"kind", f.kind},
                     {"on", f.on.empty() ? Json(nullptr) : Json(f.on)},
                     {"text", f.text},
                     {"recorded_by", f.recorded_by},
                     {"recorded_at", f.recorded_at}});
  });
  auto& escalations = j["escalations"] = Json::array();
  for (const auto& row : store.escalations_of(id, 200)) {
    Json r = Json::parse(row.payload, nullptr, false);
    escalations.push_back({{"seq", row.seq},
                           {"id", row.id},
                           {"plan_date", row.plan_date},
                           {"kind", row.kind},
                           {"level", row.level},
                           {"recipient", row.recipient},
                           {"message", r.is_object() && r.contains("message") ? r["message"] : Json(nullptr)}});
  }
  return j;
}

Json agency_json(const engine::Model& m, const engine::Evaluation& e, AgencyId a) {
  const engine::Plan& p = m.plan;
  std::array<std::uint32_t, 4> categories{};
  Json leads = Json::array(), support = Json::array();
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    auto l = p.agencies_of(p.tasks[t].leads);
    auto s = p.agencies_of(p.tasks[t].support);
    if (std::find(l.begin(), l.end(), a) != l.end()) {
      leads.push_back(task_row(p, e, t));
      const engine::Category c = engine::category_of(e.status[t]);
      if (c != engine::Category::none) ++categories[static_cast<int>(c)];
    } else if (std::find(s.begin(), s.end(), a) != s.end()) {
      support.push_back(task_row(p, e, t));
    }
  }
  Json j;
  j["id"] = id_of(p, a);
  j["name"] = std::string(p.str(p.agencies[a].name));
  j["external"] = p.agencies[a].external;
  j["at"] = engine::date_of(e.at).iso();
  j["categories"] = category_counts(categories);
  j["leads"] = std::move(leads);
  j["supports"] = std::move(support);
  return j;
}

Json escalation_json(const Escalation& row, Store& store, const std::vector<std::string>& sinks) {
  Json j;
  j["seq"] = row.seq;
  j["id"] = row.id;
  j["plan_date"] = row.plan_date;
  j["task"] = row.task.empty() ? Json(nullptr) : Json(row.task);
  j["kind"] = row.kind;
  j["level"] = row.level;
  j["recipient"] = row.recipient;
  Json payload = Json::parse(row.payload, nullptr, false);
  j["payload"] = payload.is_discarded() ? Json(row.payload) : payload;
  auto states = store.deliveries_of(row.id);
  auto& deliveries = j["deliveries"] = Json::array();
  for (const auto& sink : sinks) {
    auto it = std::find_if(states.begin(), states.end(), [&](const auto& s) { return s.first == sink; });
    Json d{{"sink", sink}, {"state", "pending"}, {"attempts", 0}, {"delivered_at", nullptr}, {"last_error", nullptr}};
    if (it != states.end()) {
      const DeliveryState& s = it->second;
      d["state"] = s.delivered_at ? "delivered" : "failing";
      d["attempts"] = s.attempts;
      if (s.delivered_at) d["delivered_at"] = *s.delivered_at;
      if (!s.last_error.empty()) d["last_error"] = s.last_error;
    }
    deliveries.push_back(std::move(d));
  }
  return j;
}

std::string metrics_text(const engine::Evaluation& e, Store& store, const std::vector<std::string>& sinks, const DaemonCounters& c) {
  std::string out;
  auto family = [&](std::string_view name, std::string_view type, std::string_view help) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  };
  family("dondoc_facts_recorded", "gauge", "Facts in the store (the highest fact seq).");
  out += fmt::format("dondoc_facts_recorded {}\n", store.last_fact_seq());
  family("dondoc_escalations", "gauge", "Escalations in the store, by kind.");
  for (const auto& [kind, n] : store.escalation_counts())
    out += fmt::format("dondoc_escalations{{kind=\"{}\"}} {}\n", label_value(kind), n);
  family("dondoc_sink_backlog", "gauge", "Escalations not yet delivered, per sink.");
  for (const auto& s : sinks) out += fmt::format("dondoc_sink_backlog{{sink=\"{}\"}} {}\n", label_value(s), store.backlog(s));
  family("dondoc_sink_failures_total", "counter", "Failed delivery attempts, per sink.");
  for (const auto& s : sinks)
    out += fmt::format("dondoc_sink_failures_total{{sink=\"{}\"}} {}\n", label_value(s), store.failed_attempts(s));
  family("dondoc_http_facts_recorded_total", "counter", "Facts recorded through POST /api/facts since the daemon started.");
  out += fmt::format("dondoc_http_facts_recorded_total {}\n", c.facts_recorded_http);
  family("dondoc_tasks", "gauge", "Tasks per status on the last day evaluated.");
  for (int s = 0; s < engine::kStatusCount; ++s)
    out += fmt::format("dondoc_tasks{{status=\"{}\"}} {}\n", engine::status_name(static_cast<Status>(s)), e.counts[s]);
  family("dondoc_tick_seconds", "summary", "Time spent in the daemon's ticks.");
  out += fmt::format("dondoc_tick_seconds_sum {:.6f}\ndondoc_tick_seconds_count {}\n", c.tick_seconds_total, c.ticks);
  family("dondoc_tick_last_seconds", "gauge", "Duration of the last tick.");
  out += fmt::format("dondoc_tick_last_seconds {:.6f}\n", c.last_tick_seconds);
  family("dondoc_reloads_total", "counter", "Rule sets put in force by a reload.");
  out += fmt::format("dondoc_reloads_total {}\n", c.reloads);
  family("dondoc_reload_failures_total", "counter", "Reloads refused because the new rules have errors.");
  out += fmt::format("dondoc_reload_failures_total {}\n", c.reload_failures);
  family("dondoc_last_good_reload_timestamp_seconds", "gauge", "When the rules in force were put in force (Unix time).");
  out += fmt::format("dondoc_last_good_reload_timestamp_seconds {}\n", c.last_good_reload);
  return out;
}

std::string fact_text_of(const nlohmann::json& f, std::string& error) {
  if (f.is_string()) return f.get<std::string>();
  if (!f.is_object()) {
    error = "a fact is a journal line (a string) or an object with 'kind' and 'target'";
    return {};
  }
  auto str = [&](const char* key) -> std::string {
    if (!f.contains(key) || f[key].is_null()) return {};
    if (f[key].is_string()) return f[key].get<std::string>();
    if (f[key].is_number_integer()) return std::to_string(f[key].get<long long>());
    if (f[key].is_number()) return fmt::format("{}", f[key].get<double>());
    error = fmt::format("'{}' must be a string or a number", key);
    return {};
  };
  const std::string kind = str("kind"), target = str("target"), on = str("on");
  if (kind.empty() || target.empty()) {
    if (error.empty()) error = "a fact object needs 'kind' (done, happened, value, waive, extend) and 'target'";
    return {};
  }
  std::string text;
  if (kind == "done") {
    text = "done " + target;
    if (auto y = str("year"); !y.empty()) text += " year " + y;
    if (auto n = str("period"); !n.empty()) text += " period " + n;
    if (auto a = str("for"); !a.empty()) text += " for " + a;
    text += " on " + on;
  } else if (kind == "happened") {
    text = fmt::format("event {} happened on {}", target, on);
  } else if (kind == "value") {
    text = fmt::format("indicator {} year {} value {}", target, str("year"), str("value"));
  } else if (kind == "waive") {
    text = fmt::format("waive {} on {}", target, on);
  } else if (kind == "extend") {
    text = fmt::format("extend {} to {} on {}", target, str("to"), on);
  } else {
    error = fmt::format("unknown kind '{}': expected done, happened, value, waive or extend", kind);
    return {};
  }
  std::vector<std::string> details;
  auto quoted = [&](const char* key, const char* word) {
    if (auto v = str(key); !v.empty()) details.push_back(fmt::format("{} {}", word, dsl::quote_text(v)));
  };
  quoted("by", "recorded by");
  quoted("reference", "reference");
  quoted("source", "source");
  if (auto a = str("decided_by"); !a.empty()) details.push_back("decided by " + a);
  quoted("note", "note");
  if (!error.empty()) return {};
  if (!details.empty()) {
    text += " {";
    for (std::size_t i = 0; i < details.size(); ++i) text += (i ? "; " : " ") + details[i];
    text += " }";
  }
  return text;
}

}  // namespace dondoc::runtime
