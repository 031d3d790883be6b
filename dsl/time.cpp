#include "dsl/time.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace dondoc::dsl {

std::string Date::iso() const {
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

int Date::weekday() const {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  int w = (serial() + 3) % 7;
  return w < 0 ? w + 7 : w;
}

bool Date::valid() const {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

std::optional<Date> parse_iso_date(const std::string& s) {
  int y, m, d;
  char tail;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s.size() != 10) return std::nullopt;
  Date date{y, m, d};
  if (!date.valid()) return std::nullopt;
  return date;
}

std::optional<Date> parse_cli_date(const std::string& s) {
  if (auto iso = parse_iso_date(s)) return iso;
  int y, m, d, n = 0;
  if (std::sscanf(s.c_str(), "%2d/%2d/%4d%n", &d, &m, &y, &n) != 3 || static_cast<std::size_t>(n) != s.size()) {
    return std::nullopt;
  }
  Date date{y, m, d};
  if (!date.valid() || y < 1000) return std::nullopt;
  return date;
}

Date TimePoint::first_day() const {
  switch (kind) {
    case Kind::day:
      return Date{y, m, d};
    case Kind::month:
      return Date{y, m, 1};
    case Kind::quarter:
      return Date{y, (q - 1) * 3 + 1, 1};
    case Kind::year:
      return Date{y, 1, 1};
    case Kind::day_month:
      return Date{0, m, d};
    case Kind::half:
      return Date{y, q == 2 ? 7 : 1, 1};
  }
  return {};
}

Date TimePoint::last_day() const {
  switch (kind) {
    case Kind::day:
      return Date{y, m, d};
    case Kind::month:
      return Date{y, m, days_in_month(y, m)};
    case Kind::quarter:
      return Date{y, q * 3, days_in_month(y, q * 3)};
    case Kind::year:
      return Date{y, 12, 31};
    case Kind::day_month:
      return Date{0, m, d};
    case Kind::half:
      return q == 2 ? Date{y, 12, 31} : Date{y, 6, 30};
  }
  return {};
}

std::string TimePoint::plain() const {
  switch (kind) {
    case Kind::day:
      return Date{y, m, d}.iso();
    case Kind::month:
      return fmt::format("{:04}-{:02}", y, m);
    case Kind::quarter:
      return fmt::format("{:04}-Q{}", y, q);
    case Kind::year:
      return fmt::format("{:04}", y);
    case Kind::day_month:
      return fmt::format("--{:02}-{:02}", m, d);
    case Kind::half:
      return fmt::format("{:04}-H{}", y, q);
  }
  return {};
}

std::optional<Date> TimeExpr::window_start() const {
  if (form == Form::period || form == Form::from) return point.first_day();
  return std::nullopt;
}

std::optional<Date> TimeExpr::due(Reading reading) const {
  if (point.kind == TimePoint::Kind::day_month) return std::nullopt;
  switch (form) {
    case Form::at:
    case Form::within:
    case Form::by:
      return point.last_day();
    case Form::before: {
      Date first = point.first_day();
      // Strict: "trước ngày 30/11" ends on 29/11, "trước tháng 6" on 31/05.
      // Lenient: a day is due on that day; a month, quarter or year at its end.
      if (reading == Reading::strict) return first.add_days(-1);
      return point.kind == TimePoint::Kind::day ? first : point.last_day();
    }
    case Form::period:
      return to.last_day();
    case Form::during_plan:
    case Form::open_ended:
    case Form::relative:
    case Form::from:
    case Form::urgent:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string TimeExpr::plain() const {
  switch (form) {
    case Form::at:
      return meeting ? "meeting " + point.plain() : point.plain();
    case Form::within:
      return "within " + point.plain();
    case Form::before:
      return "before " + point.plain();
    case Form::by:
      return "by " + point.plain();
    case Form::period:
      return fmt::format("period {}..{}", point.plain(), to.plain());
    case Form::during_plan:
      return "during the plan";
    case Form::open_ended:
      return "open-ended";
    case Form::relative: {
      const char* u = unit == Unit::days ? "days" : unit == Unit::working_days ? "working days" : "months";
      return fmt::format("{} {} after {}", amount, u, anchor.empty() ? std::string("start") : anchor);
    }
    case Form::from:
      return "from " + point.plain();
    case Form::urgent:
      return "urgent";
  }
  return {};
}

std::vector<Date> Recurrence::occurrences(Date from, Date to, Reading reading) const {
  std::vector<Date> out;
  auto add = [&](Date anchor_day) {
    Date due = anchor_day;
    if (anchor == Anchor::before && reading == Reading::strict) due = anchor_day.add_days(-1);
    if (due >= from && due <= to) out.push_back(due);
  };
  auto day_in = [&](int y, int m, int dflt_day) {
    int d = day ? day : dflt_day;
    return Date{y, m, std::min(d, days_in_month(y, m))};
  };
  for (int y = from.y; y <= to.y; ++y) {
    switch (freq) {
      case Freq::yearly:
        add(month ? day_in(y, month, 31) : Date{y, 12, 31});
        break;
      case Freq::fixed_years:
        for (int fy : years) {
          if (fy == y) add(month ? day_in(y, month, 31) : Date{y, 12, 31});
        }
        break;
      case Freq::half_yearly:
        for (int m : {6, 12}) add(day_in(y, m, days_in_month(y, m)));
        break;
      case Freq::quarterly:
        for (int m : {3, 6, 9, 12}) add(day_in(y, m, days_in_month(y, m)));
        break;
      case Freq::monthly:
        for (int m = 1; m <= 12; ++m) add(day_in(y, m, days_in_month(y, m)));
        break;
    }
  }
  return out;
}

std::string Recurrence::plain() const {
  std::string f;
  switch (freq) {
    case Freq::yearly:
      f = "yearly";
      break;
    case Freq::half_yearly:
      f = "half-yearly";
      break;
    case Freq::quarterly:
      f = "quarterly";
      break;
    case Freq::monthly:
      f = "monthly";
      break;
    case Freq::fixed_years: {
      f = "in years";
      for (std::size_t i = 0; i < years.size(); ++i) f += fmt::format("{}{}", i ? ", " : " ", years[i]);
      break;
    }
  }
  if (anchor == Anchor::none) return f;
  std::string when = month ? fmt::format("{:02}/{:02}", day, month) : fmt::format("day {}", day);
  return fmt::format("{} {} {}", f, anchor == Anchor::before ? "before" : "on", when);
}

}  // namespace dondoc::dsl
