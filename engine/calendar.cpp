#include "engine/calendar.hpp"

namespace dondoc::engine {

WorkingCalendar WorkingCalendar::from(const std::vector<const dsl::HolidaysDecl*>& years) {
  WorkingCalendar cal;
  for (const auto* y : years) {
    for (const auto& e : y->entries) {
      for (auto s = e.from.serial(); s <= e.to.serial(); ++s) (e.working_day ? cal.working_ : cal.holidays_).insert(s);
    }
  }
  return cal;
}

bool WorkingCalendar::is_working_day(dsl::Date d) const {
  auto s = d.serial();
  if (working_.count(s)) return true;
  if (holidays_.count(s)) return false;
  return d.weekday() < 5;
}

dsl::Date WorkingCalendar::shift_to_working_day(dsl::Date d) const {
  while (!is_working_day(d)) d = d.add_days(1);
  return d;
}

}  // namespace dondoc::engine
