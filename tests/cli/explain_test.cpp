// `dondoc check --explain TASK` on the real plan: the whole standard output compared with a golden
// file per task and language (tests/cli/explain/PLAN.TASK[.en].out), and the calendar options.
// DONDOC_UPDATE_GOLDEN=1 rewrites the golden files (review them!).

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/test_util.hpp"

namespace fs = std::filesystem;
using dondoc::test::run_dondoc;

TEST_CASE("explain cli: the dates of real tasks, derived step by step, in both languages", "[cli][explain]") {
  fs::path dir = fs::path(DONDOC_SOURCE_DIR) / "tests" / "cli" / "explain";
  bool update = std::getenv("DONDOC_UPDATE_GOLDEN") != nullptr;
  // IV.12 is due `Năm 2023`: Sunday 31/12/2023, then New Year's Day, so Tuesday 02/01/2024.
  // II.4 waits for the Prime Minister's approval (an event after II.3).
  for (std::string task : {"IV.12", "II.4"}) {
    for (std::string lang : {"vi", "en"}) {
      fs::path golden = dir / ("thanh-hoa-557." + task + (lang == "en" ? ".en" : "") + ".out");
      DYNAMIC_SECTION(task << " [" << lang << "]") {
        auto r = run_dondoc("check --lang " + lang + " --explain " + task + " rules/thanh-hoa-557");
        CHECK(r.code == 0);
        if (update) {
          std::ofstream(golden, std::ios::binary) << r.out;
          continue;
        }
        REQUIRE(fs::exists(golden));
        CHECK(r.out == dondoc::test::read_file(golden.string()));
      }
    }
  }
}

TEST_CASE("explain cli: a start condition with a lag, projected to the day it counts as met", "[cli][explain]") {
  fs::path dir = fs::path(DONDOC_SOURCE_DIR) / "tests" / "cli" / "explain";
  bool update = std::getenv("DONDOC_UPDATE_GOLDEN") != nullptr;
  // C starts 2 months after B; B waits for A because its due time counts from A.
  for (std::string lang : {"vi", "en"}) {
    fs::path golden = dir / (std::string("thu-tu.C") + (lang == "en" ? ".en" : "") + ".out");
    DYNAMIC_SECTION("C [" << lang << "]") {
      auto r = run_dondoc("check --lang " + lang + " --explain C tests/cli/status/thu-tu");
      CHECK(r.code == 0);
      if (update) {
        std::ofstream(golden, std::ios::binary) << r.out;
        continue;
      }
      REQUIRE(fs::exists(golden));
      CHECK(r.out == dondoc::test::read_file(golden.string()));
    }
  }
}

TEST_CASE("explain cli: a due year ending on a Sunday is moved to the next working day, with the reason", "[cli][explain]") {
  auto r = run_dondoc("check --explain IV.12 rules/thanh-hoa-557");
  CHECK(r.out.find("dời hạn: 31/12/2023 là Chủ nhật, 01/01/2024 là ngày nghỉ \"Tết Dương lịch\" (rules/calendar/ngay-nghi-2024.rules:") !=
        std::string::npos);
  CHECK(r.out.find("→ hạn là thứ Ba 02/01/2024") != std::string::npos);
}

TEST_CASE("explain cli: an unknown task is an error that names it", "[cli][explain]") {
  auto r = run_dondoc("check --explain IV.99 rules/thanh-hoa-557");
  CHECK(r.code == 1);
  CHECK(r.err.ends_with("\ndondoc: không có nhiệm vụ nào mang mã 'IV.99'\n"));
  r = run_dondoc("check --lang en --explain IV.99 rules/thanh-hoa-557");
  CHECK(r.err.ends_with("\ndondoc: no task has the id 'IV.99'\n"));
}

TEST_CASE("explain cli: the calendar beside the plan is used by default, --no-calendar and --calendar change it", "[cli][explain]") {
  auto r = run_dondoc("check --lang en rules/thanh-hoa-557");
  CHECK(r.out.find(", calendar rules/calendar (2020–2031, official 2020–2026)\n") != std::string::npos);
  r = run_dondoc("check --lang en --no-calendar --explain IV.12 rules/thanh-hoa-557");
  CHECK(r.code == 0);
  CHECK(r.err.find("warning: no public holidays are declared for 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030:") != std::string::npos);
  CHECK(r.out.find("moved: 2023-12-31 is a Sunday → due Monday 2024-01-01") != std::string::npos);
  r = run_dondoc("check --lang en --calendar rules/no-such-folder rules/thanh-hoa-557");
  CHECK(r.code == 1);
  CHECK(r.err.find("no calendar folder 'rules/no-such-folder'") != std::string::npos);
  r = run_dondoc("check --lang en --calendar rules/calendar rules/examples/vi");
  CHECK(r.code == 0);
  CHECK(r.err.find("no public holidays are declared") == std::string::npos);
}
