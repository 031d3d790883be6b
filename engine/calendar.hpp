#pragma once
// The working-day calendar: which days count as working days, as the law counts them.

#include <cstdint>
#include <set>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/time.hpp"

namespace dondoc::engine {

/// Working days as the law counts them (Civil Code 2015, Art. 148): Saturdays, Sundays and
/// declared public holidays are days off, except official make-up working days.
class WorkingCalendar {
 public:
  /// Builds the calendar from the `ngày nghỉ năm …` declarations of a plan.
  static WorkingCalendar from(const std::vector<const dsl::HolidaysDecl*>& years);

  bool is_working_day(dsl::Date d) const;
  /// The deadline moved as the law says: the same day if it is a working day, else the next one.
  dsl::Date shift_to_working_day(dsl::Date d) const;

 private:
  std::set<std::int32_t> holidays_;
  std::set<std::int32_t> working_;
};

}  // namespace dondoc::engine
