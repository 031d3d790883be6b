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
  constexpr std::int32_t serial() const;
  static constexpr Date from_serial(std::int32_t days);
  /// ISO form YYYY-MM-DD.
  std::string iso() const;
  /// 0 = Monday … 6 = Sunday.
  int weekday() const;
  Date add_days(int n) const { return from_serial(serial() + n); }
  /// The same day n months later, clamped to the month's last day.
  constexpr Date add_months(int n) const;
  bool valid() const;
  auto operator<=>(const Date&) const = default;
};

constexpr int days_in_month(int y, int m) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

// Date arithmetic is inline: the schedule does it for every task with a duration in months.
// Howard Hinnant's days-from-civil and civil-from-days algorithms (public domain description),
// written out here.
constexpr std::int32_t Date::serial() const {
  int yy = y - (m <= 2);
  const auto mm = static_cast<unsigned>(m), dd = static_cast<unsigned>(d);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const auto yoe = static_cast<unsigned>(yy - era * 400);
  const unsigned doy = (153 * (mm > 2 ? mm - 3 : mm + 9) + 2) / 5 + dd - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

constexpr Date Date::from_serial(std::int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int yy = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned dd = doy - (153 * mp + 2) / 5 + 1;
  const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
  return Date{yy + (mm <= 2), static_cast<int>(mm), static_cast<int>(dd)};
}

constexpr Date Date::add_months(int n) const {
  int total = y * 12 + (m - 1) + n;
  int ny = total / 12, nm = total % 12 + 1;
  int last = days_in_month(ny, nm);
  return Date{ny, nm, d < last ? d : last};
}

static_assert(Date{1970, 1, 1}.serial() == 0 && Date::from_serial(19723) == Date{2024, 1, 1});
static_assert(Date{2024, 1, 31}.add_months(1) == Date{2024, 2, 29});
std::optional<Date> parse_iso_date(const std::string& s);
/// Parses `YYYY-MM-DD` or `dd/mm/yyyy` (padding optional), as on the command line.
std::optional<Date> parse_cli_date(const std::string& s);

/// A point of the calendar at some precision, e.g. `30/11/2023`, `tháng 6 năm 2023`,
/// `Quý I/2023`, `Năm 2023`, or `30/11` (a day and month with no year, only in recurrences).
struct TimePoint {
  enum class Kind : std::uint8_t { day, month, quarter, year, day_month, half };
  Kind kind = Kind::year;
  int y = 0, q = 0, m = 0, d = 0;  ///< q: the quarter, or for `half` the half (1, 2)

  Date first_day() const;     ///< not for day_month
  Date last_day() const;      ///< not for day_month
  std::string plain() const;  ///< canonical plain form: 2023-11-30, 2023-06, 2023-Q1, 2023-H1, 2023
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
    from,         ///< `từ quý II/2026`: not before the point begins; no due date
    urgent,       ///< `khẩn trương`: urgency with no date
  };
  enum class Unit : std::uint8_t { days, working_days, months };

  Form form = Form::at;
  TimePoint point;            ///< at, within, before, by, and the start of a period
  TimePoint to;               ///< end of a period
  int amount = 0;             ///< relative: N
  Unit unit = Unit::days;     ///< relative: the unit of N
  bool completion = false;    ///< written with `hoàn thành` / `complete`
  bool aspirational = false;  ///< written with `phấn đấu` / `aim`
  bool meeting = false;       ///< `Phiên họp tháng 9/2026`, `kỳ họp cuối năm 2026`: a council's meeting in that time
  std::string note;           ///< a parenthesised remark kept as written, e.g. a trigger phrase
  std::string anchor;         ///< relative: the task or event it counts from (`30 ngày sau II.3`), else empty: the trigger
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
