#include "engine/amend.hpp"

#include <fmt/format.h>

namespace dondoc::engine {

namespace {

std::string day_text(Day d) {
  return d == kNoDay ? std::string("-") : date_of(d).iso();
}

/// The tracked deadline as text: a date, or the literal when it has none yet (relative, standing).
std::string deadline_text(const Model& m, TaskId t) {
  if (Day d = m.dates.task_deadline[t]; d != kNoDay) return day_text(d);
  auto dues = m.plan.due_of(t);
  return dues.empty() ? std::string("-") : dues.front().time->text;
}

std::string leads_text(const Plan& p, Span s) {
  std::string out;
  for (AgencyId a : p.agencies_of(s)) out += (out.empty() ? "" : ", ") + std::string(p.str(p.agencies[a].id));
  return out;
}

std::string policy_text(const Plan& p, PolicyId pol) {
  return pol == kNone ? std::string("-") : std::string(p.str(p.policies[pol].id));
}

PolicyId event_policy(const Plan& p, EventId ev) {
  for (SectionId s = p.events[ev].section; s != kNone; s = p.sections[s].parent) {
    if (p.sections[s].escalation != kNone) return p.sections[s].escalation;
  }
  return p.header.escalation;
}

/// Whether two tasks follow the policy of the same id (a policy whose steps changed is reported
/// once, as a policy).
bool same_policy(const Plan& a, PolicyId pa, const Plan& b, PolicyId pb) {
  return policy_text(a, pa) == policy_text(b, pb);
}

}  // namespace

std::vector<PlanChange> compare_plans(const Model& before, const Model& after) {
  const Plan &a = before.plan, &b = after.plan;
  std::vector<PlanChange> out;
  auto add = [&](PlanChange::Kind k, std::string_view id, std::string from, std::string to) {
    out.push_back(PlanChange{k, std::string(id), std::move(from), std::move(to)});
  };
  for (PolicyId pa = 0; pa < a.policies.size(); ++pa) {
    std::string_view id = a.str(a.policies[pa].id);
    Symbol s = b.find(id);
    if (s.kind == Kind::policy && Escalator::steps_of(a, pa) != Escalator::steps_of(b, s.index))
      add(PlanChange::Kind::steps, id, std::to_string(a.policies[pa].steps.size()), std::to_string(b.policies[s.index].steps.size()));
  }
  for (TaskId t = 0; t < a.tasks.size(); ++t) {
    std::string_view id = a.str(a.tasks[t].id);
    Symbol s = b.find(id);
    if (s.kind != Kind::task) {
      add(PlanChange::Kind::removed, id, deadline_text(before, t), "");
      continue;
    }
    const Task &ta = a.tasks[t], &tb = b.tasks[s.index];
    if (std::string x = deadline_text(before, t), y = deadline_text(after, s.index); x != y) add(PlanChange::Kind::deadline, id, x, y);
    if (std::string x = leads_text(a, ta.leads), y = leads_text(b, tb.leads); x != y) add(PlanChange::Kind::leads, id, x, y);
    if (!same_policy(a, ta.escalation, b, tb.escalation))
      add(PlanChange::Kind::policy, id, policy_text(a, ta.escalation), policy_text(b, tb.escalation));
    if (!ta.waived && tb.waived) add(PlanChange::Kind::waived, id, "", std::string(b.str(tb.waived->by)));
    if (ta.waived && !tb.waived) add(PlanChange::Kind::restored, id, std::string(a.str(ta.waived->by)), "");
  }
  for (EventId e = 0; e < a.events.size(); ++e) {
    std::string_view id = a.str(a.events[e].id);
    Symbol s = b.find(id);
    if (s.kind != Kind::event) {
      add(PlanChange::Kind::removed, id, day_text(before.dates.event_expected[e]), "");
      continue;
    }
    if (std::string x = day_text(before.dates.event_expected[e]), y = day_text(after.dates.event_expected[s.index]); x != y)
      add(PlanChange::Kind::expected, id, x, y);
  }
  for (DutyId u = 0; u < a.duties.size(); ++u) {
    std::string_view id = a.str(a.duties[u].id);
    Symbol s = b.find(id);
    if (s.kind != Kind::duty) {
      add(PlanChange::Kind::removed, id, a.duties[u].every.text, "");
      continue;
    }
    const Duty &da = a.duties[u], &db = b.duties[s.index];
    std::string x = da.every.text + (da.period ? " " + da.period->text : ""), y = db.every.text + (db.period ? " " + db.period->text : "");
    if (x != y) add(PlanChange::Kind::recurrence, id, x, y);
    if (!same_policy(a, da.escalation, b, db.escalation))
      add(PlanChange::Kind::policy, id, policy_text(a, da.escalation), policy_text(b, db.escalation));
  }
  for (TaskId t = 0; t < b.tasks.size(); ++t) {
    if (a.find(b.str(b.tasks[t].id)).kind != Kind::task) add(PlanChange::Kind::added, b.str(b.tasks[t].id), "", deadline_text(after, t));
  }
  for (EventId e = 0; e < b.events.size(); ++e) {
    if (a.find(b.str(b.events[e].id)).kind != Kind::event)
      add(PlanChange::Kind::added, b.str(b.events[e].id), "", day_text(after.dates.event_expected[e]));
  }
  for (DutyId u = 0; u < b.duties.size(); ++u) {
    if (a.find(b.str(b.duties[u].id)).kind != Kind::duty) add(PlanChange::Kind::added, b.str(b.duties[u].id), "", b.duties[u].every.text);
  }
  return out;
}

std::vector<ThreadChange> amend_threads(const std::vector<Escalator::OpenThread>& open, const Model& after, const Evaluation& eval) {
  const Plan& p = after.plan;
  std::vector<ThreadChange> out;
  for (const auto& th : open) {
    ThreadChange c;
    c.thread = th;
    c.policy_before = th.thread ? th.thread->policy : "";
    Symbol s = p.find(th.subject);
    PolicyId now = kNone;
    if (th.kind == 'T') {
      if (s.kind != Kind::task) {
        c.effect = ThreadChange::Effect::removed;
      } else if (eval.status[s.index] == Status::waived) {
        c.effect = ThreadChange::Effect::waived;
      } else if (eval.deadline[s.index] != kNoDay && eval.deadline[s.index] != th.due) {
        c.effect = ThreadChange::Effect::new_due, c.new_due = eval.deadline[s.index];
      } else if (p.tasks[s.index].quiet) {
        c.effect = ThreadChange::Effect::silenced;
      }
      if (s.kind == Kind::task) now = p.tasks[s.index].escalation;
    } else if (th.kind == 'O') {
      Symbol a = p.find(th.agency);
      std::uint32_t o =
          s.kind == Kind::duty && a.kind == Kind::agency ? find_occurrence(after.occurrences, s.index, a.index, th.year, th.period) : kNone;
      if (o == kNone) {
        c.effect = ThreadChange::Effect::removed;
      } else if (after.occurrences.items[o].deadline != th.due) {
        c.effect = ThreadChange::Effect::new_due, c.new_due = after.occurrences.items[o].deadline;
      }
      if (s.kind == Kind::duty) now = p.duties[s.index].escalation;
    } else {
      if (s.kind != Kind::event) {
        c.effect = ThreadChange::Effect::removed;
      } else if (after.dates.event_expected[s.index] != th.due) {
        c.effect = ThreadChange::Effect::new_due, c.new_due = after.dates.event_expected[s.index];
      }
      if (s.kind == Kind::event) now = event_policy(p, s.index);
    }
    if (c.effect == ThreadChange::Effect::unchanged && th.thread && Escalator::steps_of(p, now) != th.thread->steps) {
      c.effect = ThreadChange::Effect::keeps_old_policy;
      c.policy_now = policy_text(p, now);
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace dondoc::engine
