#pragma once
// What the HTTP API answers, as JSON built from the engine's state and the store's rows (the status
// fields themselves come from engine/status_json.hpp). Pure functions: tested and timed without a
// server.

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

#include "engine/compile.hpp"
#include "engine/evaluate.hpp"
#include "runtime/http.hpp"
#include "runtime/store.hpp"

namespace dondoc::runtime {

/// The dashboard's first page: the four categories and the late / at-risk counts per lead agency,
/// the late and at-risk tasks, and the deadlines of the next `days` days (each list at most `limit`
/// long, with its full length beside it).
nlohmann::ordered_json overview_json(const engine::Model& m, const engine::Evaluation& e, int days, std::size_t limit);

/// One task: its status fields, what the plan says of it (content, lead, support, deliverable, legal
/// reference, section), how its dates were derived, what it waits on and what waits on it, and its
/// facts and escalations from the store.
nlohmann::ordered_json task_json(const engine::CompiledPlan& c, const engine::Model& m, const engine::Evaluation& e, engine::TaskId t,
                                 Store& store, dsl::Lang lang);

/// One agency: its name, the tasks it leads and supports with their status, its category counts.
nlohmann::ordered_json agency_json(const engine::Model& m, const engine::Evaluation& e, engine::AgencyId a);

/// One escalation with its payload and each sink's delivery state (`delivered`, `failing`, `pending`).
nlohmann::ordered_json escalation_json(const Escalation& row, Store& store, const std::vector<std::string>& sinks);

/// The Prometheus text of `/metrics`.
std::string metrics_text(const engine::Evaluation& e, Store& store, const std::vector<std::string>& sinks, const DaemonCounters& c);

/// One fact given as JSON fields (`kind`, `target`, `on`, `year`, `period`, `for`, `value`, `to`,
/// `reference`, `by`, `note`) as an English journal line; a string is taken as journal text. Empty
/// with `error` set when a field is missing or of the wrong type.
std::string fact_text_of(const nlohmann::json& fact, std::string& error);

}  // namespace dondoc::runtime
