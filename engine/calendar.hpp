#pragma once
// The working-day calendar: which days count as working days, as the law counts them.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/time.hpp"

namespace dondoc::engine {

/// A day as a number: days since 1970-01-01 (`dsl::Date::serial`). Flat arrays of dates hold these.
using Day = std::int32_t;
/// "No such date" (a due time without a calendar date, an unknown projection).
inline constexpr Day kNoDay = std::numeric_limits<Day>::min();
/// "Never": no deadline limits this (a latest date without any due date after it).
inline constexpr Day kNever = std::numeric_limits<Day>::max();

inline Day day_of(dsl::Date d) {
  return d.serial();
}
inline dsl::Date date_of(Day d) {
  return dsl::Date::from_serial(d);
}
/// A day as YYYY-MM-DD (ids, JSON, logs); `none` for kNoDay and kNever, which name no date.
std::string iso(Day d, std::string_view none = "-");

/// Why a day is not a working day.
enum class DayOff : std::uint8_t { none, saturday, sunday, holiday };

/// Working days as the law counts them (Civil Code 2015, Art. 148): Saturdays, Sundays and
/// declared public holidays are days off, except official make-up working days. Lookups are O(1)
/// over a dense table of the years 2000–2100 (wider when holidays are declared outside them).
class WorkingCalendar {
 public:
  /// One line of a `ngày nghỉ năm …` declaration.
  struct Entry {
    dsl::Date from, to;
    std::string name;
    bool working_day = false;  ///< `làm bù`: a weekend day that is a working day
    int year = 0;              ///< the declaration it belongs to
    dsl::Location loc;
  };

  WorkingCalendar() { build(); }
  /// Builds the calendar from the `ngày nghỉ năm …` declarations of a plan.
  static WorkingCalendar from(const std::vector<const dsl::HolidaysDecl*>& years);
  /// Adds the years that `shared` declares and this calendar does not: a plan's own declaration
  /// of a year replaces the shared calendar's for that year.
  void add_missing_years(const WorkingCalendar& shared);

  bool is_working_day(dsl::Date d) const { return is_working(day_of(d)); }
  bool is_working(Day d) const;
  /// The deadline moved as the law says: the same day if it is a working day, else the next one.
  dsl::Date shift_to_working_day(dsl::Date d) const { return date_of(shift(day_of(d))); }
  Day shift(Day d) const;
  /// Why `d` is not a working day (DayOff::none when it is one); for a holiday, its entry.
  DayOff why_off(Day d, const Entry** entry = nullptr) const;
  /// The n-th working day on or after `d` (n ≥ 1: `d` itself when it is a working day).
  Day nth_working_day_from(Day d, int n) const;
  /// The n-th working day on or before `d` (n ≥ 1: `d` itself when it is a working day).
  Day nth_working_day_back(Day d, int n) const;

  /// The years with a holiday declaration, ascending.
  const std::vector<int>& years() const { return years_; }
  bool declares_year(int y) const;
  /// The years whose declaration says `chính thức` (announced by the Government), ascending; the
  /// other declared years are projections.
  const std::vector<int>& official_years() const { return official_years_; }
  bool is_official(int y) const;
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  void build();
  Day fallback_shift(Day d) const;
  bool in_table(Day d) const { return d >= base_ && d <= table_end(); }
  Day table_end() const { return base_ + static_cast<Day>(entry_of_.size()) - 1; }

  std::vector<Entry> entries_;
  std::vector<int> years_;
  std::vector<int> official_years_;
  // The dense table over [base_, base_ + size): the entry that decides each day (kNone: the
  // weekday decides), the number of working days before each day, and the k-th working day.
  Day base_ = 0;
  std::vector<std::uint32_t> entry_of_;
  std::vector<std::int32_t> before_;  ///< size + 1
  std::vector<Day> nth_;
};

}  // namespace dondoc::engine
