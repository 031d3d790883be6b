#pragma once
// Time comes in through a Clock: the plan's date ("today") and the wall time that stamps say
// (rule versions' `loaded_at`, evaluations' `at`, deliveries' `delivered_at`, facts posted over
// HTTP, the last good reload, the store lock's start). The daemon (runtime/daemon.hpp, and the
// process around it, runtime/run_daemon.hpp) reads both from its Clock and nothing else: `dondoc
// run` gives it a SystemClock or, with `--clock sim:…`, a SimClock; tests give it a ManualClock and
// move the days by hand. std::chrono::steady_clock is read for lengths of time only (the tick
// interval, timeouts, retry delays, the timings in the log), and by SimClock, which walks plan days
// on it. The other commands take today from a SystemClock (`status` for a plan in another time
// zone reads the system time in that zone, cli/status_command.cpp).

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "dsl/time.hpp"

namespace dondoc::runtime {

class Clock {
 public:
  virtual ~Clock() = default;
  /// Today's date in the plan's time zone.
  virtual dsl::Date today() const = 0;
  /// The wall time in Unix seconds (UTC), for stamps.
  virtual std::int64_t now() const = 0;
  /// What the clock is, for the daemon's start-up line (`real (UTC+7)`).
  virtual std::string describe() const = 0;
};

/// The real clock, in Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
class SystemClock final : public Clock {
 public:
  dsl::Date today() const override;
  std::int64_t now() const override;
  std::string describe() const override { return "real (UTC+7)"; }
};

/// A clock that tests and simulations move by hand. Its wall time is 00:00 UTC of its today, so
/// stamps are fixed and move with the days.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(dsl::Date start) : today_(start) {}
  dsl::Date today() const override { return today_; }
  std::int64_t now() const override { return std::int64_t{today_.serial()} * 86400; }
  std::string describe() const override { return "manual (today " + today_.iso() + ")"; }
  void set(dsl::Date d) { today_ = d; }
  void advance_days(int n) { today_ = today_.add_days(n); }

 private:
  dsl::Date today_;
};

/// The daemon's simulated clock (`--clock sim:START[:DAYS_PER_SECOND]`): plan days walk from a base
/// day, DAYS_PER_SECOND of them per second of steady time (the real monotonic clock unless a test
/// gives another). The wall time stays real: stamps say when things really happened.
class SimClock final : public Clock {
 public:
  using Steady = std::function<std::chrono::steady_clock::time_point()>;
  SimClock(
      dsl::Date start, double days_per_second, Steady steady = [] { return std::chrono::steady_clock::now(); });
  /// `sim:START[:DAYS_PER_SECOND]` (START as 2023-02-17 or 17/02/2023, the pace 30 by default);
  /// nullopt when the spec is not one.
  static std::optional<SimClock> parse(const std::string& spec);

  dsl::Date today() const override;
  std::int64_t now() const override { return SystemClock().now(); }
  std::string describe() const override;
  dsl::Date start() const { return start_; }
  /// Walks on from `base`, as of now: a resumed daemon goes on from where it stopped.
  void resume_at(dsl::Date base);

 private:
  dsl::Date start_, base_;
  double days_per_second_;
  Steady steady_;
  std::chrono::steady_clock::time_point t0_;
};

}  // namespace dondoc::runtime
