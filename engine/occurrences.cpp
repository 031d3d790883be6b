#include "engine/occurrences.hpp"

#include <algorithm>

namespace dondoc::engine {

namespace {
using Freq = dsl::Recurrence::Freq;

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
}  // namespace

Occurrences expand_occurrences(const Plan& plan, const Dates& dates) {
  Occurrences out;
  out.duty_begin.reserve(plan.duties.size() + 1);
  std::vector<bool> plan_leads;  // every lead of the plan, computed once when needed
  const bool any_ended = std::any_of(plan.agencies.begin(), plan.agencies.end(), [](const Agency& a) { return a.ends.has_value(); });
  for (DutyId u = 0; u < plan.duties.size(); ++u) {
    out.duty_begin.push_back(static_cast<std::uint32_t>(out.items.size()));
    const Duty& duty = plan.duties[u];
    const Window& w = dates.duty_window[u];
    if (w.opens == kNoDay || w.closes == kNoDay || w.opens > w.closes) continue;

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

    bool strict_before = duty.every.anchor == dsl::Recurrence::Anchor::before && plan.header.reading == dsl::Reading::strict;
    for (dsl::Date due : duty.every.occurrences(date_of(w.opens), date_of(w.closes), plan.header.reading)) {
      Day literal = day_of(due);
      dsl::Date anchor = strict_before ? due.add_days(1) : due;  // the day named, which fixes the period
      Occurrence o;
      o.duty = u;
      o.year = static_cast<std::uint16_t>(anchor.y);
      o.period = period_of(duty.every.freq, anchor.m);
      o.literal = literal;
      o.deadline = plan.calendar.shift(literal);
      // A report falling due after its agency ended (`chấm dứt`) is owed by the successors.
      const std::vector<bool>* now = &owes;
      std::vector<bool> handed;
      if (any_ended) {
        handed.assign(owes.size(), false);
        for (AgencyId a = 0; a < owes.size(); ++a) {
          if (!owes[a]) continue;
          for (AgencyId h : plan.holders(a, due)) handed[h] = true;
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
