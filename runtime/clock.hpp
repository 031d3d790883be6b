#pragma once
// Time comes in through a Clock; nothing reads the system clock directly. Tests use ManualClock.

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
