#pragma once
// What an amendment of the rules changes (`dondoc check --diff OLD NEW`): the tasks, events and
// duties of the old and the new plan compared by id, and what becomes of the escalations open
// under the old rules at a date.
//
// An open escalation thread (engine/escalate.hpp) ends with a resolution notice when the new rules
// give it another due date, waive it or turn its escalation off; it ends silently when its task,
// report or event is no longer in the plan; otherwise it goes on with the steps it started under,
// even when the policy changed.

#include <string>
#include <vector>

#include "engine/escalate.hpp"
#include "engine/evaluate.hpp"

namespace dondoc::engine {

struct PlanChange {
  enum class Kind : std::uint8_t { added, removed, deadline, leads, policy, waived, restored, expected, recurrence, steps };
  Kind kind = Kind::added;
  std::string id;             ///< the task, event, duty or (steps) policy id
  std::string before, after;  ///< as text: ISO dates, agency ids, policy ids, time literals
};

/// The changes from `before` to `after`, in the old plan's order, then what the new plan adds.
std::vector<PlanChange> compare_plans(const Model& before, const Model& after);

struct ThreadChange {
  enum class Effect : std::uint8_t { unchanged, removed, waived, silenced, new_due, keeps_old_policy };
  Escalator::OpenThread thread;
  Effect effect = Effect::unchanged;
  Day new_due = kNoDay;       ///< new_due: the deadline the new rules give
  std::string policy_before;  ///< the policy the thread started under
  std::string policy_now;     ///< keeps_old_policy: the policy a new thread would follow
};

/// What the new rules do to each thread open under the old ones; `eval` is the new plan evaluated
/// at the date of the comparison, with the same facts.
std::vector<ThreadChange> amend_threads(const std::vector<Escalator::OpenThread>& open, const Model& after, const Evaluation& eval);

}  // namespace dondoc::engine
