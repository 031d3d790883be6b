#include "engine/occurrences.hpp"

#include <algorithm>

#include "engine/node_input.hpp"

namespace dondoc::engine {

namespace {
using Freq = dsl::Recurrence::Freq;
using detail::lagged;

/// Whether `s` is `outer` or a section inside it.
bool within(const Plan& p, SectionId s, SectionId outer) {
  for (; s != kNone; s = p.sections[s].parent) {
    if (s == outer) return true;
  }
  return false;
}

std::uint8_t period_of(Freq f, int month) {
  switch (f) {
    case Freq::half_yearly:
      return static_cast<std::uint8_t>((month - 1) / 6 + 1);
    case Freq::quarterly:
      return static_cast<std::uint8_t>((month - 1) / 3 + 1);
    case Freq::monthly:
      return static_cast<std::uint8_t>(month);
    case Freq::yearly:
    case Freq::fixed_years:
      break;
  }
  return 0;
}

/// One period of a duty: which one, and its due day as written and as the law counts it.
struct Slot {
  std::uint16_t year = 0;
  std::uint8_t period = 0;
  Day literal = kNoDay, deadline = kNoDay;
};

/// The periods of a duty with a day of its own, within its window.
std::vector<Slot> own_slots(const Plan& plan, const Duty& duty, const Window& w) {
  std::vector<Slot> out;
  if (w.opens == kNoDay || w.closes == kNoDay || w.opens > w.closes) return out;
  bool strict_before = duty.every.anchor == dsl::Recurrence::Anchor::before && plan.header.reading == dsl::Reading::strict;
  for (dsl::Date due : duty.every.occurrences(date_of(w.opens), date_of(w.closes), plan.header.reading)) {
    dsl::Date anchor = strict_before ? due.add_days(1) : due;  // the day named, which fixes the period
    Day literal = day_of(due);
    out.push_back(Slot{static_cast<std::uint16_t>(anchor.y), period_of(duty.every.freq, anchor.m), literal, plan.calendar.shift(literal)});
  }
  return out;
}

/// The periods of every duty. A duty due after another (`thời hạn 10 ngày sau BC_NAM`) has one
/// period for each of that duty's, due that long after its deadline (counted as the Civil Code
/// counts terms, moved to a working day), within its own window when it has a period of its own.
std::vector<std::vector<Slot>> all_slots(const Plan& plan, const Dates& dates) {
  const auto n = plan.duties.size();
  std::vector<std::vector<Slot>> slots(n);
  std::vector<std::uint8_t> state(n, 0);  // 0 to do, 1 under way (a cycle: check reports it), 2 done
  auto fill = [&](auto& self, DutyId u) -> void {
    if (state[u]) return;
    state[u] = 1;
    const Duty& duty = plan.duties[u];
    if (duty.after == kNone) {
      slots[u] = own_slots(plan, duty, dates.duty_window[u]);
    } else {
      self(self, duty.after);
      const Window& w = dates.duty_window[u];
      for (Slot s : state[duty.after] == 2 ? slots[duty.after] : std::vector<Slot>{}) {
        if (duty.period && (s.literal < w.opens || s.literal > w.closes)) continue;
        s.literal = lagged(plan.calendar, duty.after_lag, s.deadline);
        s.deadline = plan.calendar.shift(s.literal);
        slots[u].push_back(s);
      }
    }
    state[u] = 2;
  };
  for (DutyId u = 0; u < n; ++u) fill(fill, u);
  return slots;
}
}  // namespace

Occurrences expand_occurrences(const Plan& plan, const Dates& dates) {
  Occurrences out;
  out.duty_begin.reserve(plan.duties.size() + 1);
  std::vector<bool> plan_leads;  // every lead of the plan, computed once when needed
  const bool any_ended = std::any_of(plan.agencies.begin(), plan.agencies.end(), [](const Agency& a) { return a.ends.has_value(); });
  const auto slots = all_slots(plan, dates);
  for (DutyId u = 0; u < plan.duties.size(); ++u) {
    out.duty_begin.push_back(static_cast<std::uint32_t>(out.items.size()));
    const Duty& duty = plan.duties[u];

    // Who owes it, as a set over agencies (so the order is the agencies' declaration order).
    std::vector<bool> owes(plan.agencies.size(), false);
    for (AgencyId a : plan.agencies_of(duty.by)) owes[a] = true;
    if (duty.all_leads) {
      auto collect = [&](std::vector<bool>& into, SectionId section) {
        into.assign(plan.agencies.size(), false);
        for (const Task& t : plan.tasks) {
          if (t.waived || (section != kNone && !within(plan, t.section, section))) continue;
          for (AgencyId a : plan.agencies_of(t.leads)) into[a] = true;
        }
      };
      std::vector<bool> local;
      if (duty.section == kNone && plan_leads.empty()) collect(plan_leads, kNone);
      if (duty.section != kNone) collect(local, duty.section);
      const auto& leads = duty.section == kNone ? plan_leads : local;
      for (AgencyId a = 0; a < leads.size(); ++a) owes[a] = owes[a] || leads[a];
    }

    for (const Slot& slot : slots[u]) {
      Occurrence o;
      o.duty = u;
      o.year = slot.year;
      o.period = slot.period;
      o.literal = slot.literal;
      o.deadline = slot.deadline;
      // A report falling due after its agency ended (`chấm dứt`) is owed by the successors.
      const std::vector<bool>* now = &owes;
      std::vector<bool> handed;
      if (any_ended) {
        handed.assign(owes.size(), false);
        for (AgencyId a = 0; a < owes.size(); ++a) {
          if (!owes[a]) continue;
          for (AgencyId h : plan.holders(a, date_of(slot.literal))) handed[h] = true;
        }
        now = &handed;
      }
      for (AgencyId a = 0; a < now->size(); ++a) {
        if (!(*now)[a]) continue;
        o.agency = a;
        out.items.push_back(o);
      }
    }
  }
  out.duty_begin.push_back(static_cast<std::uint32_t>(out.items.size()));
  return out;
}

}  // namespace dondoc::engine
