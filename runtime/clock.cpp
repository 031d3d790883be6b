#include "runtime/clock.hpp"

#include <chrono>

namespace dondoc::runtime {

dsl::Date SystemClock::today() const {
  using namespace std::chrono;
  // Viet Nam keeps UTC+7 all year.
  auto now = system_clock::now() + hours(7);
  auto days = duration_cast<std::chrono::days>(now.time_since_epoch()).count();
  return dsl::Date::from_serial(static_cast<std::int32_t>(days));
}

}  // namespace dondoc::runtime
