#include "engine/schedule.hpp"

#include <catch2/catch.hpp>

#include "tests/engine/compile_util.hpp"

using namespace dondoc;
using test::iso;

namespace {
const std::string kHeader =
    "kế hoạch KH \"Kế hoạch thử\" { ban hành 17/02/2023  hiệu lực 01/03/2023  đến năm 2030 }\n"
    "cơ quan SXD \"Sở Xây dựng\"\n";

/// "earliest start..finish latest start..finish slack", for readable comparisons.
std::string row(const test::Compiled& c, engine::NodeId n) {
  const auto& s = c.schedule;
  auto slack = s.slack(n);
  return iso(s.earliest_start[n]) + ".." + iso(s.earliest_finish[n]) + " " + iso(s.latest_start[n]) + ".." + iso(s.latest_finish[n]) +
         " slack " + (slack ? std::to_string(*slack) : "-");
}
}  // namespace

TEST_CASE("schedule: a chain with durations in days, working days and months, forward and backward", "[engine][schedule]") {
  auto c =
      test::compile_text(kHeader +
                             "nhiệm vụ A \"Danh mục\" { chủ trì SXD; thời lượng 60 ngày; thời hạn Quý 2/2023 }\n"
                             "nhiệm vụ B \"Vốn\" { chủ trì SXD; phụ thuộc A; thời lượng 20 ngày làm việc; thời hạn tháng 9 năm 2023 }\n"
                             "nhiệm vụ C \"Khởi công\" { chủ trì SXD; phụ thuộc A, B; thời lượng 3 tháng; thời hạn Quý IV năm 2023 }\n",
                         test::kHolidays2023_2024);
  // A: 01/03 + 60 days → 29/04. B starts 30/04, a holiday: its 20 working days run from 04/05
  // (02–03/05 are days off too) to 31/05. C: 3 months from 01/06. Backward from C's deadline,
  // 02/01/2024 (31/12 is a Sunday, 01/01 New Year): C starts by 03/10; B finishes by 02/10 and,
  // counting 20 working days back past the 01/09 and 04/09 holidays, starts by 05/09. A's own
  // deadline, 30/06, binds before B's start does.
  CHECK(row(*c, c->task("A")) == "2023-03-01..2023-04-29 2023-05-02..2023-06-30 slack 62");
  CHECK(row(*c, c->task("B")) == "2023-04-30..2023-05-31 2023-09-05..2023-10-02 slack 124");
  CHECK(row(*c, c->task("C")) == "2023-06-01..2023-08-31 2023-10-03..2024-01-02 slack 124");
  CHECK(iso(c->schedule.deadline[c->task("C")]) == "2024-01-02");
  CHECK(c->schedule.order == std::vector<engine::NodeId>{0, 1, 2});
}

TEST_CASE("schedule: the latest finish is the deadline or the day before a follower's latest start", "[engine][schedule]") {
  auto c = test::compile_text(kHeader +
                                  "nhiệm vụ A \"Một\" { chủ trì SXD; thời hạn Năm 2024 }\n"
                                  "nhiệm vụ B \"Hai\" { chủ trì SXD; phụ thuộc A; thời lượng 10 ngày; thời hạn 15/03/2023 }\n",
                              test::kHolidays2023_2024);
  CHECK(row(*c, c->task("A")) == "2023-03-01..2023-03-01 2023-03-05..2023-03-05 slack 4");
  CHECK(row(*c, c->task("B")) == "2023-03-02..2023-03-11 2023-03-06..2023-03-15 slack 4");
  CHECK_FALSE(c->schedule.critical(c->task("A")));
}

TEST_CASE("schedule: a late chain has negative slack and is critical", "[engine][schedule]") {
  auto c = test::compile_text(kHeader +
                                  "nhiệm vụ A \"Một\" { chủ trì SXD; thời lượng 30 ngày; thời hạn 15/03/2023 }\n"
                                  "nhiệm vụ B \"Hai\" { chủ trì SXD; phụ thuộc A; thời hạn 20/03/2023 }\n",
                              test::kHolidays2023_2024);
  CHECK(row(*c, c->task("A")) == "2023-03-01..2023-03-30 2023-02-14..2023-03-15 slack -15");
  CHECK(row(*c, c->task("B")) == "2023-03-31..2023-03-31 2023-03-20..2023-03-20 slack -11");
  CHECK(c->schedule.critical(c->task("A")));
  CHECK(c->schedule.critical(c->task("B")));
}

TEST_CASE("schedule: an event happens after its tasks and not before it is expected, a task starts the day after", "[engine][schedule]") {
  auto c = test::compile_text(kHeader +
                                  "nhiệm vụ II.3 \"Trình\" { chủ trì SXD; thời lượng 10 ngày; thời hạn Quý I/2023 }\n"
                                  "sự kiện DUYET \"Phê duyệt\" { sau II.3; dự kiến Quý III/2023; theo dõi SXD }\n"
                                  "sự kiện HD \"Hướng dẫn\" { theo dõi SXD }\n"
                                  "nhiệm vụ II.4 \"Triển khai\" { chủ trì SXD; bắt đầu sau DUYET; thời hạn Năm 2023 }\n"
                                  "nhiệm vụ II.5 \"Làm theo\" { chủ trì SXD; bắt đầu sau HD; thời hạn Năm 2023 }\n",
                              test::kHolidays2023_2024);
  auto duyet = c->event("DUYET"), hd = c->event("HD");
  CHECK(iso(c->schedule.earliest_start[duyet]) == "2023-09-30");  // expected, later than II.3's finish + 1
  CHECK(iso(c->schedule.trigger[duyet]) == "2023-03-10");
  CHECK(iso(c->schedule.earliest_start[hd]) == "2023-03-01");  // no expected date: the plan's start
  CHECK(row(*c, c->task("II.4")) == "2023-10-01..2023-10-01 2024-01-02..2024-01-02 slack 93");
  CHECK(iso(c->schedule.trigger[c->task("II.4")]) == "2023-09-30");
  CHECK(row(*c, duyet) == "2023-09-30..2023-09-30 2024-01-01..2024-01-01 slack 93");
  CHECK(row(*c, c->task("II.3")) == "2023-03-01..2023-03-10 2023-03-22..2023-03-31 slack 21");
  CHECK(row(*c, c->task("II.5")) == "2023-03-02..2023-03-02 2024-01-02..2024-01-02 slack 306");
}

TEST_CASE("schedule: 'all of' waits for the last, 'any of' for the first", "[engine][schedule]") {
  auto c = test::compile_text(kHeader +
                                  "nhiệm vụ A \"Một\" { chủ trì SXD; thời lượng 5 ngày; thời hạn Năm 2023 }\n"
                                  "nhiệm vụ B \"Hai\" { chủ trì SXD; thời lượng 20 ngày; thời hạn Năm 2023 }\n"
                                  "nhiệm vụ ALL \"Tất cả\" { chủ trì SXD; bắt đầu sau tất cả A, B; thời hạn Năm 2023 }\n"
                                  "nhiệm vụ ANY \"Một trong\" { chủ trì SXD; bắt đầu sau một trong A, B; thời hạn Năm 2023 }\n",
                              test::kHolidays2023_2024);
  CHECK(iso(c->schedule.earliest_start[c->task("ALL")]) == "2023-03-21");
  CHECK(iso(c->schedule.earliest_start[c->task("ANY")]) == "2023-03-06");
  CHECK(iso(c->schedule.trigger[c->task("ANY")]) == "2023-03-05");
}

TEST_CASE("schedule: a deadline counted from the trigger binds the task, not what comes before it", "[engine][schedule]") {
  auto c = test::compile_text(kHeader +
                                  "nhiệm vụ A \"Một\" { chủ trì SXD; thời lượng 10 ngày; thời hạn Năm 2023 }\n"
                                  "nhiệm vụ R \"Trong 30 ngày\" { chủ trì SXD; bắt đầu sau A; thời lượng 5 ngày; thời hạn trong 30 ngày }\n"
                                  "nhiệm vụ W \"20 ngày làm việc\" { chủ trì SXD; bắt đầu sau A; thời hạn 20 ngày làm việc }\n"
                                  "nhiệm vụ N \"Ngay\" { chủ trì SXD; bắt đầu sau A; thời hạn ngay }\n",
                              test::kHolidays2023_2024);
  // A finishes 10/03/2023 (a Friday): R is due 30 days later, 09/04 (a Sunday) → 10/04.
  CHECK(iso(c->schedule.deadline[c->task("R")]) == "2023-04-10");
  CHECK(row(*c, c->task("R")) == "2023-03-11..2023-03-15 never..never slack 26");
  CHECK(iso(c->schedule.finish_by(c->task("R"))) == "2023-04-10");
  CHECK(iso(c->schedule.deadline[c->task("W")]) == "2023-04-07");  // 20 working days from Monday 13/03
  // Due immediately: done the day its trigger happens, with no slack.
  CHECK(row(*c, c->task("N")) == "2023-03-10..2023-03-10 never..never slack 0");
  // A is held only by its own deadline.
  CHECK(iso(c->schedule.latest_finish[c->task("A")]) == "2024-01-02");
}

TEST_CASE("schedule: a lag after the trigger moves the start forward and the predecessor's latest finish back", "[engine][schedule]") {
  auto c = test::compile_text(kHeader +
                                  "nhiệm vụ A \"Lập\" { chủ trì SXD; thời lượng 10 ngày }\n"
                                  "nhiệm vụ B \"Công bố\" { chủ trì SXD; bắt đầu 30 ngày sau A; thời lượng 10 ngày; thời hạn 31/05/2023 }\n"
                                  "nhiệm vụ C \"Rà soát\" { chủ trì SXD; bắt đầu 5 ngày làm việc sau B }\n",
                              test::kHolidays2023_2024);
  // A finishes 10/03; B's condition counts as met 30 days later, 09/04, so B starts 10/04. Backward:
  // B must start by 22/05, so its condition be met by 21/05, so A finish by 21/04 (30 days before).
  CHECK(row(*c, c->task("A")) == "2023-03-01..2023-03-10 2023-04-12..2023-04-21 slack 42");
  CHECK(row(*c, c->task("B")) == "2023-04-10..2023-04-19 2023-05-22..2023-05-31 slack 42");
  CHECK(iso(c->schedule.trigger[c->task("B")]) == "2023-04-09");
  // Five working days after Wednesday 19/04: Thursday 20, Friday 21, Monday 24, 25, 26/04.
  CHECK(iso(c->schedule.trigger[c->task("C")]) == "2023-04-26");
  CHECK(iso(c->schedule.earliest_start[c->task("C")]) == "2023-04-27");
}

TEST_CASE("schedule: a period opens the window, waived tasks are not scheduled and hold nothing back", "[engine][schedule]") {
  auto c = test::compile_text(kHeader +
                                  "nhiệm vụ P \"Giai đoạn\" { chủ trì SXD; thời hạn Giai đoạn 2026 - 2030 }\n"
                                  "nhiệm vụ X \"Đã dừng\" { chủ trì SXD; thời lượng 90 ngày; thời hạn Năm 2023; dừng theo \"QĐ 9\" }\n"
                                  "nhiệm vụ Y \"Sau X\" { chủ trì SXD; phụ thuộc X; thời hạn Quý I/2023 }\n",
                              test::kHolidays2023_2024);
  CHECK(iso(c->schedule.earliest_start[c->task("P")]) == "2026-01-01");
  CHECK(row(*c, c->task("X")) == "-..- never..never slack -");
  CHECK(row(*c, c->task("Y")) == "2023-03-01..2023-03-01 2023-03-31..2023-03-31 slack 30");
}

TEST_CASE("schedule: nodes on a cycle are left unscheduled, the rest is placed", "[engine][schedule]") {
  // Check reports the cycle; the schedule must still not loop or crash on it.
  auto c = test::compile_text(kHeader +
                              "nhiệm vụ A \"Một\" { chủ trì SXD; phụ thuộc B; thời hạn Năm 2023 }\n"
                              "nhiệm vụ B \"Hai\" { chủ trì SXD; phụ thuộc A; thời hạn Năm 2023 }\n"
                              "nhiệm vụ C \"Ba\" { chủ trì SXD; thời hạn Năm 2023 }\n");
  CHECK(c->schedule.order == std::vector<engine::NodeId>{2});
  CHECK(iso(c->schedule.earliest_start[c->task("A")]) == "-");
  CHECK(iso(c->schedule.earliest_start[c->task("C")]) == "2023-03-01");
}

TEST_CASE("schedule: tasks declared before what they come after are placed as if declared in order", "[engine][schedule]") {
  // The forward pass places a node declared after its predecessors at once, and searches for
  // the others: both ways must give the same dates.
  const std::string a = "nhiệm vụ A \"Một\" { chủ trì SXD; thời lượng 10 ngày làm việc; thời hạn Quý II/2023 }\n";
  const std::string b = "nhiệm vụ B \"Hai\" { chủ trì SXD; phụ thuộc A; thời lượng 2 tháng; thời hạn Năm 2023 }\n";
  const std::string sk = "sự kiện SK \"Xong A\" { sau A; theo dõi SXD }\n";
  const std::string c = "nhiệm vụ C \"Ba\" { chủ trì SXD; phụ thuộc B; bắt đầu sau SK; thời lượng 5 ngày; thời hạn trong 30 ngày }\n";
  auto in_order = test::compile_text(kHeader + a + b + sk + c, test::kHolidays2023_2024);
  auto reversed = test::compile_text(kHeader + c + b + sk + a, test::kHolidays2023_2024);
  CHECK(in_order->schedule.order == std::vector<engine::NodeId>{0, 1, 3, 2});
  CHECK(reversed->schedule.order == std::vector<engine::NodeId>{2, 1, 3, 0});  // A, B, SK, C
  for (auto* p : {&in_order, &reversed}) {
    const auto& x = **p;
    // A: 10 working days from 01/03 to 14/03; B: two months from 15/03; SK the day after A; C
    // after B, its 30 days counted from SK.
    CHECK(row(x, x.task("A")) == "2023-03-01..2023-03-14 2023-06-19..2023-06-30 slack 108");
    CHECK(row(x, x.task("B")) == "2023-03-15..2023-05-14 2023-11-03..2024-01-02 slack 233");
    CHECK(iso(x.schedule.earliest_start[x.event("SK")]) == "2023-03-15");
    CHECK(row(x, x.task("C")) == "2023-05-15..2023-05-19 never..never slack -35");
    CHECK(iso(x.schedule.trigger[x.task("C")]) == "2023-03-15");
    CHECK(iso(x.schedule.deadline[x.task("C")]) == "2023-04-14");
  }
}

TEST_CASE("schedule: with a cycle, what comes after it has no dates and no deadline, the rest keeps both", "[engine][schedule]") {
  auto c = test::compile_text(kHeader +
                                  "nhiệm vụ A \"Một\" { chủ trì SXD; phụ thuộc B; thời hạn Năm 2023 }\n"
                                  "nhiệm vụ B \"Hai\" { chủ trì SXD; phụ thuộc A; thời hạn Năm 2023 }\n"
                                  "nhiệm vụ C \"Sau\" { chủ trì SXD; phụ thuộc A; thời hạn Quý I/2023 }\n"
                                  "nhiệm vụ D \"Bốn\" { chủ trì SXD; thời lượng 10 ngày; thời hạn Năm 2023 }\n"
                                  "nhiệm vụ R \"Trong 30 ngày\" { chủ trì SXD; bắt đầu sau D; thời hạn trong 30 ngày }\n",
                              test::kHolidays2023_2024);
  CHECK(c->schedule.order == std::vector<engine::NodeId>{3, 4});
  for (const char* id : {"A", "B", "C"}) {
    CHECK(row(*c, c->task(id)) == "-..- never..never slack -");
    CHECK(iso(c->schedule.deadline[c->task(id)]) == "never");
  }
  CHECK(row(*c, c->task("D")) == "2023-03-01..2023-03-10 2023-12-24..2024-01-02 slack 298");
  CHECK(iso(c->schedule.deadline[c->task("D")]) == "2024-01-02");
  CHECK(iso(c->schedule.deadline[c->task("R")]) == "2023-04-10");
}
