#include "runtime/clock.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using namespace dondoc;

TEST_CASE("clock: a manual clock moves only when told", "[runtime][clock]") {
  runtime::ManualClock clock(dsl::Date{2023, 2, 17});
  CHECK(clock.today() == dsl::Date{2023, 2, 17});
  clock.advance_days(15);
  CHECK(clock.today() == dsl::Date{2023, 3, 4});
  clock.set(dsl::Date{2024, 1, 1});
  CHECK(clock.today() == dsl::Date{2024, 1, 1});
}

TEST_CASE("clock: the system clock gives a plausible date", "[runtime][clock]") {
  runtime::SystemClock clock;
  CHECK(clock.today().y >= 2024);
  CHECK(clock.today().valid());
}

TEST_CASE("clock: a manual clock stamps 00:00 UTC of its today", "[runtime][clock]") {
  runtime::ManualClock clock(dsl::Date{2023, 2, 17});
  CHECK(clock.now() == 1676592000);  // 2023-02-17T00:00:00Z
  clock.advance_days(1);
  CHECK(clock.now() == 1676592000 + 86400);
  CHECK(clock.describe() == "manual (today 2023-02-18)");
}

TEST_CASE("clock: a simulated clock walks its pace of plan days per steady second, and resumes from a base day", "[runtime][clock]") {
  std::chrono::steady_clock::time_point t{};
  auto clock = runtime::SimClock::parse("sim:2023-02-17:10");
  REQUIRE(clock);
  runtime::SimClock sim(clock->start(), 10, [&] { return t; });
  CHECK(sim.today() == dsl::Date{2023, 2, 17});
  t += std::chrono::milliseconds(99);
  CHECK(sim.today() == dsl::Date{2023, 2, 17});  // 0.99 days: still the first
  t += std::chrono::milliseconds(1);
  CHECK(sim.today() == dsl::Date{2023, 2, 18});
  t += std::chrono::seconds(3);
  CHECK(sim.today() == dsl::Date{2023, 3, 20});
  sim.resume_at(dsl::Date{2024, 1, 1});
  CHECK(sim.today() == dsl::Date{2024, 1, 1});
  t += std::chrono::milliseconds(250);
  CHECK(sim.today() == dsl::Date{2024, 1, 3});
  CHECK(sim.describe() == "simulated from 2023-02-17 at 10 days/s (resuming at 2024-01-01)");
}

TEST_CASE("clock: the --clock sim: spec, as the daemon takes it", "[runtime][clock]") {
  CHECK(runtime::SimClock::parse("sim:2023-02-17")->describe() == "simulated from 2023-02-17 at 30 days/s (resuming at 2023-02-17)");
  CHECK(runtime::SimClock::parse("sim:17/02/2023:0.5")->describe() == "simulated from 2023-02-17 at 0.5 days/s (resuming at 2023-02-17)");
  for (const char* bad : {"real", "sim:", "sim:2023-02-30", "sim:2023-02-17:", "sim:2023-02-17:0", "sim:2023-02-17:-1", "sim:2023-02-17:2x",
                          "sim:2023-02-17x", "simulated"}) {
    INFO(bad);
    CHECK(!runtime::SimClock::parse(bad));
  }
}
