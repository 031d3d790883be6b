#pragma once
// Stage: report as data. An evaluation as JSON with the field names of PRODUCT.md (`dondoc status
// --format json`, and the HTTP API's `/api/status` and `/api/tasks/{id}`: one builder for both).

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <vector>

#include "engine/evaluate.hpp"

namespace dondoc::engine {

/// Days between the projected finish and the deadline of a task still to be done, else nullopt.
std::optional<std::int32_t> slack_days(const Evaluation& e, TaskId t);

/// The due times of a task other than the tracked one (docs/language.md §4.5), whose date differs
/// from it: each is shown beside the status.
std::vector<std::uint32_t> other_dues(const Model& m, TaskId t);
/// A task due before the plan took effect, not done by then (docs/language.md §4.1).
bool late_at_issue(const Model& m, const Evaluation& e, TaskId t);
/// A task the decision asks for at once without a date (`khẩn trương`, `ngay` with no trigger).
bool urgent(const Plan& p, TaskId t);

/// One task's status fields (id, title, lead, status, due, projected, slack_days, waiting_on, …).
nlohmann::ordered_json task_status_json(const Model& m, const Evaluation& e, TaskId t);

/// The whole evaluation: at, plan, tasks, counts, categories, events, occurrences, indicators.
nlohmann::ordered_json status_json(const Model& m, const Evaluation& e);

}  // namespace dondoc::engine
