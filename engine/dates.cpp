#include "engine/dates.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace dondoc::engine {

namespace {
using Form = dsl::TimeExpr::Form;

/// Remembers the first place where each year without holidays is met, in declaration order.
class MissingYears {
 public:
  explicit MissingYears(const WorkingCalendar& cal) : cal_(cal) {}
  void see(int year, const dsl::Location& loc) {
    if (year == last_seen_) return;  // the common case: many deadlines in the same year
    last_seen_ = year;
    if (cal_.declares_year(year) || std::find(years_.begin(), years_.end(), year) != years_.end()) return;
    years_.push_back(year);
    if (!first_.valid()) first_ = loc;
  }
  void report(std::vector<int>& out, dsl::Diagnostics& diags) {
    std::sort(years_.begin(), years_.end());
    out = years_;
    if (years_.empty()) return;
    std::string list;
    for (std::size_t i = 0; i < years_.size(); ++i) list += fmt::format("{}{}", i ? ", " : "", years_[i]);
    bool one = years_.size() == 1;
    dsl::Diagnostic d;
    d.severity = dsl::Severity::warning;
    d.loc = first_;
    d.message =
        dsl::Message{fmt::format("chưa khai báo ngày nghỉ lễ, Tết nào của năm {}: thời hạn rơi vào {} chỉ được dời khỏi thứ Bảy, Chủ nhật",
                                 list, one ? "năm này" : "các năm này"),
                     fmt::format("no public holidays are declared for {}: deadlines in {} move only off Saturdays and Sundays", list,
                                 one ? "that year" : "those years")};
    d.hints = {dsl::Message{fmt::format("thêm khối 'ngày nghỉ năm {} {{ … }}' (xem rules/calendar/README.md), hoặc chỉ thư mục lịch "
                                        "bằng '--calendar THƯ_MỤC'",
                                        years_.front()),
                            fmt::format("add a 'holidays {} {{ … }}' block (see rules/calendar/README.md), or name a calendar folder "
                                        "with '--calendar DIR'",
                                        years_.front())}};
    d.every_command = true;
    diags.add(std::move(d));
  }

 private:
  const WorkingCalendar& cal_;
  std::vector<int> years_;
  dsl::Location first_;
  int last_seen_ = 0;
};
}  // namespace

Dates compute_dates(const Plan& plan, dsl::Diagnostics& diags) {
  Dates out;
  const Header& h = plan.header;
  const WorkingCalendar& cal = plan.calendar;
  if (h.effective) {
    out.plan_start = day_of(*h.effective);
  } else if (h.issued) {
    out.plan_start = day_of(*h.issued);
  }
  if (h.horizon) out.plan_end = day_of(dsl::Date{*h.horizon, 12, 31});
  MissingYears missing(cal);

  out.dues.resize(plan.dues.size());
  for (std::size_t i = 0; i < plan.dues.size(); ++i) {
    const Due& due = plan.dues[i];
    DueDates& d = out.dues[i];
    switch (due.time->form) {
      case Form::period:
        d.opens = day_of(due.time->point.first_day());
        d.closes = day_of(due.time->to.last_day());
        break;
      case Form::during_plan:
        d.opens = out.plan_start;
        d.closes = out.plan_end;
        break;
      case Form::relative:
        d.relative = true;
        d.unit = due.time->unit;
        d.amount = due.time->amount;
        break;
      default:
        break;
    }
    if (!due.date) continue;
    d.literal = day_of(*due.date);
    d.deadline = cal.shift(d.literal);
    d.moved_because = cal.why_off(d.literal);
    missing.see(due.date->y, due.loc);
  }

  out.task_deadline.resize(plan.tasks.size(), kNoDay);
  for (TaskId t = 0; t < plan.tasks.size(); ++t) {
    if (plan.tasks[t].due.size) out.task_deadline[t] = out.dues[plan.tasks[t].due.begin].deadline;
  }
  out.event_expected.resize(plan.events.size(), kNoDay);
  for (EventId e = 0; e < plan.events.size(); ++e) {
    if (plan.events[e].expected_date) out.event_expected[e] = day_of(*plan.events[e].expected_date);
  }

  out.duty_window.resize(plan.duties.size());
  for (DutyId u = 0; u < plan.duties.size(); ++u) {
    const Duty& duty = plan.duties[u];
    Window& w = out.duty_window[u];
    if (duty.period && duty.period->form != Form::during_plan && duty.period->point.kind != dsl::TimePoint::Kind::day_month) {
      const auto& p = *duty.period;
      w.opens = day_of(p.point.first_day());
      w.closes = day_of(p.form == Form::period ? p.to.last_day() : p.point.last_day());
      if (out.plan_start != kNoDay) w.opens = std::max(w.opens, out.plan_start);
    } else {
      w.opens = out.plan_start;
      w.closes = out.plan_end;
      const auto& years = duty.every.years;
      if (w.closes == kNoDay && !years.empty()) w.closes = day_of(dsl::Date{*std::max_element(years.begin(), years.end()), 12, 31});
      if (w.opens == kNoDay && !years.empty()) w.opens = day_of(dsl::Date{*std::min_element(years.begin(), years.end()), 1, 1});
    }
    if (w.opens == kNoDay || w.closes == kNoDay || w.opens > w.closes) continue;
    int y0 = date_of(w.opens).y, y1 = date_of(w.closes).y;
    for (int y = y0; y <= y1; ++y) {
      if (duty.every.freq == dsl::Recurrence::Freq::fixed_years &&
          std::find(duty.every.years.begin(), duty.every.years.end(), y) == duty.every.years.end()) {
        continue;
      }
      missing.see(y, duty.loc);
    }
  }
  missing.report(out.years_without_holidays, diags);
  return out;
}

}  // namespace dondoc::engine
