#pragma once
// Stage: occurrences. Recurring duties expanded into dated occurrences: one per duty, agency and
// period (`định kỳ hằng năm (trước ngày 30/11)` from 2023 to 2030, for every lead of every task
// it applies to, is one occurrence per lead and year).

#include <cstdint>
#include <span>
#include <vector>

#include "engine/dates.hpp"
#include "engine/plan.hpp"

namespace dondoc::engine {

struct Occurrence {
  DutyId duty = kNone;
  AgencyId agency = kNone;
  std::uint16_t year = 0;
  /// The period within the year: 0 for yearly duties and given years, the half (1–2), quarter
  /// (1–4) or month (1–12) otherwise.
  std::uint8_t period = 0;
  Day literal = kNoDay;   ///< the due day under the plan's reading
  Day deadline = kNoDay;  ///< moved to the next working day (Civil Code 2015, Art. 148)
};

struct Occurrences {
  /// By duty (declaration order), then due day, then agency (declaration order).
  std::vector<Occurrence> items;
  std::vector<std::uint32_t> duty_begin;  ///< the occurrences of duty u: [duty_begin[u], duty_begin[u + 1])

  std::span<const Occurrence> of(DutyId u) const { return {items.data() + duty_begin[u], items.data() + duty_begin[u + 1]}; }
};

/// Expands every duty within its window (Dates::duty_window). A duty `by all leads`
/// (`thực hiện các đơn vị chủ trì`) is owed by every lead of every task it applies to: the tasks
/// of its section and the sections inside it, or of the whole plan when written outside any
/// section; waived tasks do not count.
Occurrences expand_occurrences(const Plan& plan, const Dates& dates);

}  // namespace dondoc::engine
