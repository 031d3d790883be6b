// Escalations and digests as the one-line JSON the sinks and `dondoc simulate` write, and the
// escalator's threads as the JSON a daemon keeps across restarts.

#include <map>
#include <nlohmann/json.hpp>

#include "engine/escalate.hpp"
#include "engine/escalate_text.hpp"

namespace dondoc::engine {

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
  if (!e.copy_to.empty()) j["copy_to"] = agencies_json(p, e.copy_to);
  j["reason"] = e.reason;
  j["root_cause"] =
      e.root_cause != kNone ? nlohmann::ordered_json(std::string(p.node_name(e.root_cause))) : nlohmann::ordered_json(nullptr);
  auto aff = nlohmann::ordered_json::array();
  for (NodeId n : e.affected) aff.push_back(std::string(p.node_name(n)));
  j["affected"] = aff;
  j["affected_count"] = e.affected_count;
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

// ---------------------------------------------------------------- threads, for a daemon

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
  slots_.clear();
  watched_valid_ = false;
  return true;
}

}  // namespace dondoc::engine
