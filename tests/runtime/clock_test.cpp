#include "runtime/clock.hpp"

#include <catch2/catch.hpp>

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
