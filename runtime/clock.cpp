#include "runtime/clock.hpp"

#include <fmt/format.h>

#include <chrono>

namespace dondoc::runtime {

dsl::Date SystemClock::today() const {
  using namespace std::chrono;
  // Viet Nam keeps UTC+7 all year.
  auto now = system_clock::now() + hours(7);
  auto days = duration_cast<std::chrono::days>(now.time_since_epoch()).count();
  return dsl::Date::from_serial(static_cast<std::int32_t>(days));
}

std::int64_t SystemClock::now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

SimClock::SimClock(dsl::Date start, double days_per_second, Steady steady)
    : start_(start), base_(start), days_per_second_(days_per_second), steady_(std::move(steady)), t0_(steady_()) {}

std::optional<SimClock> SimClock::parse(const std::string& spec) {
  if (spec.rfind("sim:", 0) != 0) return std::nullopt;
  std::string rest = spec.substr(4);
  std::string date = rest.substr(0, 10);
  auto start = dsl::parse_iso_date(date);
  if (!start) {
    // dd/mm/yyyy, as the other commands take dates
    date = rest.substr(0, rest.find(':'));
    start = dsl::parse_cli_date(date);
    if (!start) return std::nullopt;
  }
  double pace = 30;
  std::string tail = rest.size() > date.size() ? rest.substr(date.size()) : "";
  if (!tail.empty()) {
    if (tail[0] != ':') return std::nullopt;
    try {
      std::size_t used = 0;
      pace = std::stod(tail.substr(1), &used);
      if (used != tail.size() - 1 || !(pace > 0)) return std::nullopt;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return SimClock(*start, pace);
}

dsl::Date SimClock::today() const {
  double s = std::chrono::duration<double>(steady_() - t0_).count();
  return base_.add_days(static_cast<std::int32_t>(s * days_per_second_));
}

std::string SimClock::describe() const {
  return fmt::format("simulated from {} at {} days/s (resuming at {})", start_.iso(), days_per_second_, base_.iso());
}

void SimClock::resume_at(dsl::Date base) {
  base_ = base;
  t0_ = steady_();
}

}  // namespace dondoc::runtime
