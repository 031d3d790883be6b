#include "engine/dates.hpp"

#include <catch2/catch.hpp>

#include "tests/engine/compile_util.hpp"
#include "tests/test_util.hpp"

using namespace dondoc;
using test::day;
using test::iso;

namespace {
const std::string kHeader =
    "kế hoạch KH \"Kế hoạch thử\" { ban hành 10/02/2023  hiệu lực 17/02/2023  đến năm 2030 }\n"
    "cơ quan SXD \"Sở Xây dựng\"\n";
const std::string kLenientHeader =
    "kế hoạch KH \"Kế hoạch thử\" { ban hành 10/02/2023  hiệu lực 17/02/2023  đến năm 2030  cách hiểu rộng }\n"
    "cơ quan SXD \"Sở Xây dựng\"\n";

const engine::DueDates& due_of(const test::Compiled& c, std::string_view task, std::size_t i = 0) {
  return c.dates.dues[c.plan.tasks[c.task(task)].due.begin + i];
}
}  // namespace

TEST_CASE("dates: a year due on Sunday 31/12/2023 ends on Tuesday 02/01/2024, past New Year's Day", "[engine][dates]") {
  auto c = test::compile_text(kHeader + "nhiệm vụ IV.12 \"Đề án\" { chủ trì SXD; thời hạn Năm 2023 }\n", test::kHolidays2023_2024);
  const auto& d = due_of(*c, "IV.12");
  CHECK(iso(d.literal) == "2023-12-31");
  CHECK(iso(d.deadline) == "2024-01-02");
  CHECK(d.moved_because == engine::DayOff::sunday);
  CHECK(iso(c->dates.task_deadline[c->task("IV.12")]) == "2024-01-02");
}

TEST_CASE("dates: a deadline on a working day stays, one in Tết moves past the whole holiday", "[engine][dates]") {
  auto c = test::compile_text(kHeader +
                                  "nhiệm vụ A \"Một\" { chủ trì SXD; thời hạn Quý I/2023 }\n"
                                  "nhiệm vụ B \"Hai\" { chủ trì SXD; thời hạn 08/02/2024 }\n"
                                  "nhiệm vụ C \"Ba\" { chủ trì SXD; thời hạn 04/05/2024 }\n",
                              test::kHolidays2023_2024);
  CHECK(iso(due_of(*c, "A").deadline) == "2023-03-31");  // a Friday
  CHECK(due_of(*c, "A").moved_because == engine::DayOff::none);
  CHECK(iso(due_of(*c, "B").deadline) == "2024-02-15");
  CHECK(due_of(*c, "B").moved_because == engine::DayOff::holiday);
  CHECK(iso(due_of(*c, "C").deadline) == "2024-05-04");  // a Saturday made a working day
}

TEST_CASE("dates: 'trước' is read the way the plan says, strictly by default", "[engine][dates]") {
  const std::string tasks =
      "nhiệm vụ A \"Một\" { chủ trì SXD; thời hạn Hoàn thành trước tháng 6 năm 2023 }\n"
      "nhiệm vụ B \"Hai\" { chủ trì SXD; thời hạn trước ngày 15/6/2024 }\n";
  auto strict = test::compile_text(kHeader + tasks, test::kHolidays2023_2024);
  CHECK(iso(due_of(*strict, "A").literal) == "2023-05-31");
  CHECK(iso(due_of(*strict, "B").literal) == "2024-06-14");
  CHECK(iso(due_of(*strict, "B").deadline) == "2024-06-14");
  auto lenient = test::compile_text(kLenientHeader + tasks, test::kHolidays2023_2024);
  CHECK(iso(due_of(*lenient, "A").literal) == "2023-06-30");
  CHECK(iso(due_of(*lenient, "B").literal) == "2024-06-15");
  CHECK(iso(due_of(*lenient, "B").deadline) == "2024-06-17");  // Saturday → Monday
  CHECK(due_of(*lenient, "B").moved_because == engine::DayOff::saturday);
}

TEST_CASE("dates: periods and standing tasks have windows, open-ended and relative ones no date", "[engine][dates]") {
  auto c = test::compile_text(kHeader +
                                  "sự kiện E \"Phê duyệt\" { dự kiến Quý III/2023; theo dõi SXD }\n"
                                  "nhiệm vụ P \"Giai đoạn\" { chủ trì SXD; thời hạn Giai đoạn 2026 - 2030 }\n"
                                  "nhiệm vụ O \"Thường xuyên\" { chủ trì SXD; thời hạn Trong thời gian thực hiện Nghị quyết }\n"
                                  "nhiệm vụ N \"Không hạn\" { chủ trì SXD; thời hạn không thời hạn }\n"
                                  "nhiệm vụ R \"Tương đối\" { chủ trì SXD; bắt đầu sau E; thời hạn trong 30 ngày }\n",
                              test::kHolidays2023_2024);
  const auto& p = due_of(*c, "P");
  CHECK(iso(p.opens) == "2026-01-01");
  CHECK(iso(p.closes) == "2030-12-31");
  CHECK(iso(p.literal) == "2030-12-31");
  const auto& o = due_of(*c, "O");
  CHECK(iso(o.opens) == "2023-02-17");  // the effective date, not the issue date
  CHECK(iso(o.closes) == "2030-12-31");
  CHECK(iso(o.literal) == "-");
  CHECK(iso(c->dates.task_deadline[c->task("O")]) == "-");
  CHECK(iso(due_of(*c, "N").literal) == "-");
  CHECK(due_of(*c, "R").relative);
  CHECK(iso(due_of(*c, "R").deadline) == "-");
  CHECK(iso(c->dates.event_expected[0]) == "2023-09-30");
  CHECK(iso(c->dates.plan_start) == "2023-02-17");
  CHECK(iso(c->dates.plan_end) == "2030-12-31");
}

TEST_CASE("dates: every due time of a task has its dates, the first one is tracked", "[engine][dates]") {
  auto c = test::compile_text(kHeader +
                                  "nhiệm vụ II.5 \"Hai hạn\" {\n"
                                  "  chủ trì SXD\n"
                                  "  thời hạn Hoàn thành trước tháng 6 năm 2023 theo \"Phụ lục 2\"\n"
                                  "  thời hạn hoàn thành trong Quý II năm 2023 theo \"Mục III.2.4\"\n"
                                  "}\n",
                              test::kHolidays2023_2024);
  CHECK(iso(due_of(*c, "II.5", 0).deadline) == "2023-05-31");
  CHECK(iso(due_of(*c, "II.5", 1).deadline) == "2023-06-30");
  CHECK(iso(c->dates.task_deadline[c->task("II.5")]) == "2023-05-31");
}

TEST_CASE("dates: a duty runs over its period from the plan's effective date, else over the plan", "[engine][dates]") {
  auto c = test::compile_text(kHeader +
                                  "nghĩa vụ BC \"Báo cáo\" { định kỳ hằng năm (trước ngày 30/11); giai đoạn 2023 - 2030; thực hiện SXD }\n"
                                  "nghĩa vụ BQ \"Báo cáo quý\" { hằng quý trước ngày 20; thực hiện SXD }\n",
                              test::kHolidays2023_2024);
  CHECK(iso(c->dates.duty_window[0].opens) == "2023-02-17");
  CHECK(iso(c->dates.duty_window[0].closes) == "2030-12-31");
  CHECK(iso(c->dates.duty_window[1].opens) == "2023-02-17");
  CHECK(iso(c->dates.duty_window[1].closes) == "2030-12-31");
}

TEST_CASE("dates: years with deadlines but no holidays are named once, at the first such due time", "[engine][dates]") {
  auto c = test::compile_text(kHeader +
                                  "nhiệm vụ A \"Một\" { chủ trì SXD; thời hạn Năm 2023 }\n"
                                  "nhiệm vụ B \"Hai\" { chủ trì SXD; thời hạn Năm 2025 }\n"
                                  "nhiệm vụ C \"Ba\" { chủ trì SXD; thời hạn Quý I/2025 }\n"
                                  "nghĩa vụ BC \"Báo cáo\" { vào các năm 2025, 2030 (trước ngày 15/12); thực hiện SXD }\n",
                              test::kHolidays2023_2024);
  CHECK(c->dates.years_without_holidays == std::vector<int>{2025, 2030});
  CHECK(c->rendered() ==
        "test.rules:4:33: warning: no public holidays are declared for 2025, 2030: deadlines in those years move only off Saturdays and "
        "Sundays\n"
        "  nhiệm vụ B \"Hai\" { chủ trì SXD; thời hạn Năm 2025 }\n"
        "                                  ^\n"
        "  hint: add a 'holidays 2025 { … }' block (see rules/calendar/README.md), or name a calendar folder with '--calendar DIR'\n");
  CHECK(c->rendered(dsl::Lang::vi) ==
        "test.rules:4:33: warning: chưa khai báo ngày nghỉ lễ, Tết nào của năm 2025, 2030: thời hạn rơi vào các năm này chỉ được dời khỏi "
        "thứ Bảy, Chủ nhật\n"
        "  nhiệm vụ B \"Hai\" { chủ trì SXD; thời hạn Năm 2025 }\n"
        "                                  ^\n"
        "  gợi ý: thêm khối 'ngày nghỉ năm 2025 { … }' (xem rules/calendar/README.md), hoặc chỉ thư mục lịch bằng '--calendar THƯ_MỤC'\n");
}

TEST_CASE("dates: a plan's own holidays of a year replace the shared calendar's for that year", "[engine][dates]") {
  // The shared calendar says 02/01/2024 is a day off too; the plan declares 2024 itself.
  auto c = test::compile_text(kHeader +
                                  "ngày nghỉ năm 2024 { nghỉ 01/01/2024 \"Tết Dương lịch\" }\n"
                                  "nhiệm vụ A \"Một\" { chủ trì SXD; thời hạn Năm 2023 }\n",
                              "ngày nghỉ năm 2023 { nghỉ 29/12/2023 \"Ngày thử\" }\n"
                              "ngày nghỉ năm 2024 { nghỉ 01/01/2024 - 02/01/2024 \"Tết Dương lịch và một ngày thử\" }\n");
  CHECK(c->plan.calendar.years() == std::vector<int>{2023, 2024});
  CHECK_FALSE(c->plan.calendar.is_working_day(dsl::Date{2023, 12, 29}));  // from the shared 2023
  CHECK(c->plan.calendar.is_working_day(dsl::Date{2024, 1, 2}));          // the plan's 2024 wins
  CHECK(iso(due_of(*c, "A").deadline) == "2024-01-02");
}

namespace {
std::string shipped_calendar(int year) {
  return test::read_file(std::string(DONDOC_SOURCE_DIR) + "/rules/calendar/ngay-nghi-" + std::to_string(year) + ".rules");
}
}  // namespace

TEST_CASE("dates: the official 2026 calendar moves 31/08/2026 past National Day and keeps Saturday 22/08 a working day",
          "[engine][dates]") {
  // Thông báo 9441/TB-BNV: 29/08–02/09/2026 off, Monday 31/08 by swap, Saturday 22/08 worked instead.
  auto c = test::compile_text(kHeader +
                                  "nhiệm vụ A \"Một\" { chủ trì SXD; thời hạn 31/08/2026 }\n"
                                  "nhiệm vụ B \"Hai\" { chủ trì SXD; thời hạn 22/08/2026 }\n",
                              shipped_calendar(2026));
  CHECK(iso(due_of(*c, "A").deadline) == "2026-09-03");
  CHECK(due_of(*c, "A").moved_because == engine::DayOff::holiday);
  CHECK(iso(due_of(*c, "B").deadline) == "2026-08-22");
  CHECK(due_of(*c, "B").moved_because == engine::DayOff::none);
  CHECK(c->plan.calendar.is_official(2026));
}

TEST_CASE("dates: the shipped calendars of 2020–2026 are official, later years projected", "[engine][dates]") {
  std::string all;
  for (int y = 2020; y <= 2031; ++y) all += shipped_calendar(y);
  auto c = test::compile_text(kHeader + "nhiệm vụ A \"Một\" { chủ trì SXD; thời hạn Năm 2023 }\n", all);
  CHECK(c->plan.calendar.years() == std::vector<int>{2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030, 2031});
  CHECK(c->plan.calendar.official_years() == std::vector<int>{2020, 2021, 2022, 2023, 2024, 2025, 2026});
  // 2022: New Year's Day on a Saturday gives Monday 03/01 off; Tết 29/01–06/02.
  CHECK_FALSE(c->plan.calendar.is_working_day(dsl::Date{2022, 1, 3}));
  CHECK(c->plan.calendar.shift_to_working_day(dsl::Date{2022, 2, 1}) == dsl::Date{2022, 2, 7});
  // 2020: one National Day holiday under the Labour Code 2012.
  CHECK(c->plan.calendar.shift_to_working_day(dsl::Date{2020, 9, 2}) == dsl::Date{2020, 9, 3});
}
