#include "engine/calendar.hpp"

#include <algorithm>

namespace dondoc::engine {

std::string iso(Day d, std::string_view none) {
  return d == kNoDay || d == kNever ? std::string(none) : date_of(d).iso();
}

namespace {
constexpr std::uint32_t kNoEntry = 0xFFFFFFFFu;
constexpr int kFirstYear = 2000, kLastYear = 2100;

/// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
int weekday(Day d) {
  int w = (d + 3) % 7;
  return w < 0 ? w + 7 : w;
}

DayOff weekday_off(Day d) {
  int w = weekday(d);
  return w == 5 ? DayOff::saturday : w == 6 ? DayOff::sunday : DayOff::none;
}

// Outside the table only weekends are days off: five working days a week.
Day next_weekday(Day d) {
  int w = weekday(d);
  return w == 5 ? d + 2 : w == 6 ? d + 1 : d;
}
Day previous_weekday(Day d) {
  int w = weekday(d);
  return w == 5 ? d - 1 : w == 6 ? d - 2 : d;
}
/// The weekday n weekdays after weekday d (n ≥ 0).
Day add_weekdays(Day d, int n) {
  Day out = d + n / 5 * 7;
  for (int r = n % 5; r > 0; --r) out = next_weekday(out + 1);
  return out;
}
Day sub_weekdays(Day d, int n) {
  Day out = d - n / 5 * 7;
  for (int r = n % 5; r > 0; --r) out = previous_weekday(out - 1);
  return out;
}
}  // namespace

WorkingCalendar WorkingCalendar::from(const std::vector<const dsl::HolidaysDecl*>& years) {
  WorkingCalendar cal;
  for (const auto* y : years) {
    cal.years_.push_back(y->year);
    if (y->official) cal.official_years_.push_back(y->year);
    for (const auto& e : y->entries) cal.entries_.push_back(Entry{e.from, e.to, std::string(e.name.text), e.working_day, y->year, e.loc});
  }
  cal.build();
  return cal;
}

void WorkingCalendar::add_missing_years(const WorkingCalendar& shared) {
  bool added = false;
  for (const Entry& e : shared.entries_) {
    if (!declares_year(e.year)) {
      entries_.push_back(e);
      added = true;
    }
  }
  for (int y : shared.years_) {
    if (!declares_year(y)) {
      years_.push_back(y);
      if (shared.is_official(y)) official_years_.push_back(y);
      added = true;
    }
  }
  if (added) build();
}

bool WorkingCalendar::declares_year(int y) const {
  return std::find(years_.begin(), years_.end(), y) != years_.end();
}

bool WorkingCalendar::is_official(int y) const {
  return std::find(official_years_.begin(), official_years_.end(), y) != official_years_.end();
}

void WorkingCalendar::build() {
  std::sort(years_.begin(), years_.end());
  years_.erase(std::unique(years_.begin(), years_.end()), years_.end());
  std::sort(official_years_.begin(), official_years_.end());
  official_years_.erase(std::unique(official_years_.begin(), official_years_.end()), official_years_.end());
  int first = kFirstYear, last = kLastYear;
  for (const Entry& e : entries_) {
    first = std::min(first, e.from.y);
    last = std::max(last, e.to.y);
  }
  base_ = day_of(dsl::Date{first, 1, 1});
  auto size = static_cast<std::size_t>(day_of(dsl::Date{last, 12, 31}) - base_ + 1);
  entry_of_.assign(size, kNoEntry);
  // Days off first, in the order declared (the first name given to a day is kept); make-up
  // working days override them.
  for (bool working : {false, true}) {
    for (std::uint32_t i = 0; i < entries_.size(); ++i) {
      const Entry& e = entries_[i];
      if (e.working_day != working) continue;
      for (Day d = day_of(e.from); d <= day_of(e.to); ++d) {
        auto& slot = entry_of_[static_cast<std::size_t>(d - base_)];
        if (working || slot == kNoEntry) slot = i;
      }
    }
  }
  before_.assign(size + 1, 0);
  nth_.clear();
  for (std::size_t i = 0; i < size; ++i) {
    Day d = base_ + static_cast<Day>(i);
    bool work = entry_of_[i] != kNoEntry ? entries_[entry_of_[i]].working_day : weekday_off(d) == DayOff::none;
    before_[i + 1] = before_[i] + (work ? 1 : 0);
    if (work) nth_.push_back(d);
  }
}

bool WorkingCalendar::is_working(Day d) const {
  if (!in_table(d)) return weekday_off(d) == DayOff::none;
  auto i = static_cast<std::size_t>(d - base_);
  return before_[i + 1] != before_[i];
}

DayOff WorkingCalendar::why_off(Day d, const Entry** entry) const {
  if (entry) *entry = nullptr;
  if (in_table(d)) {
    std::uint32_t e = entry_of_[static_cast<std::size_t>(d - base_)];
    if (e != kNoEntry) {
      if (entries_[e].working_day) return DayOff::none;
      if (entry) *entry = &entries_[e];
      return DayOff::holiday;
    }
  }
  return weekday_off(d);
}

Day WorkingCalendar::fallback_shift(Day d) const {
  if (d >= base_) return next_weekday(d);  // after the table
  while (!is_working(d)) ++d;              // before it: at most a weekend, or into the table
  return d;
}

Day WorkingCalendar::shift(Day d) const {
  if (!in_table(d)) return fallback_shift(d);
  auto k = static_cast<std::size_t>(before_[static_cast<std::size_t>(d - base_)]);
  return k < nth_.size() ? nth_[k] : next_weekday(table_end() + 1);
}

Day WorkingCalendar::nth_working_day_from(Day d, int n) const {
  if (n < 1) n = 1;
  if (d < base_) {
    d = shift(d);  // before the table: weekdays one by one (rare), until the table
    for (; n > 1 && d < base_; --n) d = shift(d + 1);
    if (n == 1) return d;
  }
  if (in_table(d)) {
    auto k = static_cast<std::size_t>(before_[static_cast<std::size_t>(d - base_)]) + static_cast<std::size_t>(n - 1);
    if (k < nth_.size()) return nth_[k];
    return add_weekdays(next_weekday(table_end() + 1), static_cast<int>(k - nth_.size()));  // runs past the table
  }
  return add_weekdays(next_weekday(d), n - 1);  // after the table: weekdays only
}

Day WorkingCalendar::nth_working_day_back(Day d, int n) const {
  if (n < 1) n = 1;
  if (d > table_end()) {
    Day answer = sub_weekdays(previous_weekday(d), n - 1);
    if (answer > table_end()) return answer;
    // The answer is in the table: count the weekdays after it, then look up the rest.
    for (Day x = d; x > table_end(); --x) n -= weekday_off(x) == DayOff::none ? 1 : 0;
    d = table_end();
  }
  if (in_table(d)) {
    auto upto = before_[static_cast<std::size_t>(d - base_) + 1];  // working days on or before d
    if (upto - n >= 0) return nth_[static_cast<std::size_t>(upto - n)];
    n -= upto;
    d = base_ - 1;
  }
  return sub_weekdays(previous_weekday(d), n - 1);  // before the table: weekdays only
}

}  // namespace dondoc::engine
