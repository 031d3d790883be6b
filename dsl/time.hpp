#pragma once
// Typed time values of the plan language: dates, quarters, years, periods, deadlines relative
// to a trigger, and recurrences. A literal keeps the words it was written with (`text`) so that
// reports can quote the decision, and its meaning as numbers so that the engine can compute.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dondoc::dsl {

/// A calendar day (proleptic Gregorian).
struct Date {
  int y = 0, m = 0, d = 0;

  /// Days since 1970-01-01.
  std::int32_t serial() const;
  static Date from_serial(std::int32_t days);
  /// ISO form YYYY-MM-DD.
  std::string iso() const;
  /// 0 = Monday … 6 = Sunday.
  int weekday() const;
  Date add_days(int n) const { return from_serial(serial() + n); }
  /// The same day n months later, clamped to the month's last day.
  Date add_months(int n) const;
  bool valid() const;
  auto operator<=>(const Date&) const = default;
};

int days_in_month(int y, int m);
std::optional<Date> parse_iso_date(const std::string& s);
/// Parses `YYYY-MM-DD` or `dd/mm/yyyy` (padding optional), as on the command line.
std::optional<Date> parse_cli_date(const std::string& s);

/// A point of the calendar at some precision, e.g. `30/11/2023`, `tháng 6 năm 2023`,
/// `Quý I/2023`, `Năm 2023`, or `30/11` (a day and month with no year, only in recurrences).
struct TimePoint {
  enum class Kind : std::uint8_t { day, month, quarter, year, day_month };
  Kind kind = Kind::year;
  int y = 0, q = 0, m = 0, d = 0;

  Date first_day() const;     ///< not for day_month
  Date last_day() const;      ///< not for day_month
  std::string plain() const;  ///< canonical plain form: 2023-11-30, 2023-06, 2023-Q1, 2023
};

/// How the "before" of a deadline is read (PRODUCT.md): strictly (due the day before) or
/// leniently (due that day). A plan-level setting, strict by default.
enum class Reading : std::uint8_t { strict, lenient };

/// A due time, window or trigger-relative deadline as written in a rule.
struct TimeExpr {
  enum class Form : std::uint8_t {
    at,           ///< `Quý I/2023`, `Năm 2023`, `30/11/2023`: due at the end of the point
    within,       ///< `trong năm 2023`, `hoàn thành trong Quý II năm 2023`: same as at
    before,       ///< `trước tháng 6 năm 2023`: due the day before the point begins (strict)
    by,           ///< `đến năm 2025`, `vào năm 2025`: due at the end of the point
    period,       ///< `Giai đoạn 2023 - 2030`: a window, active from..to
    during_plan,  ///< `Trong thời gian thực hiện Nghị quyết`: the whole plan, a standing duty
    open_ended,   ///< `không thời hạn`: no due date
    relative,     ///< `trong 30 ngày`: N days/months/working days after the trigger
  };
  enum class Unit : std::uint8_t { days, working_days, months };

  Form form = Form::at;
  TimePoint point;            ///< at, within, before, by, and the start of a period
  TimePoint to;               ///< end of a period
  int amount = 0;             ///< relative: N
  Unit unit = Unit::days;     ///< relative: the unit of N
  bool completion = false;    ///< written with `hoàn thành` / `complete`
  bool aspirational = false;  ///< written with `phấn đấu` / `aim`
  std::string note;           ///< a parenthesised remark kept as written, e.g. a trigger phrase
  std::string text;           ///< the literal exactly as written (NFC)

  /// The first day of the window, if the literal opens one (period), else nullopt.
  std::optional<Date> window_start() const;
  /// The due day before any working-day shift; nullopt for open-ended, during-plan and relative.
  std::optional<Date> due(Reading reading) const;
  /// Canonical plain English form, e.g. `2023-Q1`, `before 2023-06`, `period 2023..2030`.
  std::string plain() const;
};

/// A recurrence of a duty: `định kỳ hằng năm (trước ngày 30/11)`, `every quarter before day 20`,
/// `in years 2025, 2030 before 15/12`.
struct Recurrence {
  enum class Freq : std::uint8_t { yearly, half_yearly, quarterly, monthly, fixed_years };
  enum class Anchor : std::uint8_t { none, before, on };
  Freq freq = Freq::yearly;
  Anchor anchor = Anchor::none;
  int day = 0;             ///< anchor day (of the month; for quarterly/half-yearly: of the period's last month)
  int month = 0;           ///< anchor month (yearly / fixed years only)
  std::vector<int> years;  ///< fixed_years
  std::string text;        ///< as written

  /// Due dates of the occurrences that fall within [from, to], in order.
  std::vector<Date> occurrences(Date from, Date to, Reading reading) const;
  std::string plain() const;
};

}  // namespace dondoc::dsl
