#pragma once
// The plan's date ("today") comes in through a Clock; tests and simulations use ManualClock.
// Not everything is on it yet: the daemon's simulated clock (--clock sim:…, runtime/daemon.cpp)
// walks plan days on std::chrono::steady_clock, the tick interval, timeouts and retry delays are
// steady_clock durations, and wall-clock stamps (rule versions' `loaded_at`, evaluations' `at`,
// deliveries) come from utc_now_iso() (runtime/sinks.hpp), which reads std::time.

#include "dsl/time.hpp"

namespace dondoc::runtime {

class Clock {
 public:
  virtual ~Clock() = default;
  /// Today's date in the plan's time zone.
  virtual dsl::Date today() const = 0;
};

/// The real clock, in Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
class SystemClock final : public Clock {
 public:
  dsl::Date today() const override;
};

/// A clock that tests and simulations move by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(dsl::Date start) : today_(start) {}
  dsl::Date today() const override { return today_; }
  void set(dsl::Date d) { today_ = d; }
  void advance_days(int n) { today_ = today_.add_days(n); }

 private:
  dsl::Date today_;
};

}  // namespace dondoc::runtime
