#include "engine/occurrences.hpp"

#include <catch2/catch.hpp>

#include "tests/engine/compile_util.hpp"

using namespace dondoc;
using test::iso;

namespace {
const std::string kHeader =
    "kế hoạch KH \"Kế hoạch thử\" { ban hành 17/02/2023  hiệu lực 17/02/2023  đến năm 2030 }\n"
    "cơ quan SXD \"Sở Xây dựng\"\n"
    "cơ quan STC \"Sở Tài chính\"\n"
    "cơ quan SKHDT \"Sở Kế hoạch và Đầu tư\"\n"
    "cơ quan CT_UBND \"Chủ tịch UBND tỉnh\"\n";

/// "DUTY AGENCY year/period literal→deadline", one line each, in the order of the stage.
std::string listing(const test::Compiled& c, engine::DutyId u) {
  std::string out;
  for (const auto& o : c.occurrences.of(u)) {
    out += std::string(c.plan.str(c.plan.duties[o.duty].id)) + " " + std::string(c.plan.str(c.plan.agencies[o.agency].id)) + " " +
           std::to_string(o.year) + "/" + std::to_string(o.period) + " " + iso(o.literal) +
           (o.deadline != o.literal ? "→" + iso(o.deadline) : "") + "\n";
  }
  return out;
}
}  // namespace

TEST_CASE("occurrences: the yearly report before 30/11 from 2023 to 2030, for every lead of the plan", "[engine][occurrences]") {
  auto c = test::compile_text(kHeader +
                                  "nghĩa vụ BC \"Báo cáo hằng năm\" {\n"
                                  "  định kỳ hằng năm (trước ngày 30/11)\n"
                                  "  giai đoạn 2023 - 2030\n"
                                  "  thực hiện các đơn vị chủ trì\n"
                                  "  gửi CT_UBND qua SKHDT\n"
                                  "}\n"
                                  "nhiệm vụ A \"Một\" { chủ trì STC; thời hạn Năm 2023 }\n"
                                  "nhiệm vụ B \"Hai\" { chủ trì SXD, STC; thời hạn Năm 2024 }\n"
                                  "nhiệm vụ C \"Ba\" { chủ trì SKHDT; thời hạn Năm 2024; dừng theo \"QĐ 1\" }\n",
                              test::kHolidays2023_2024);
  // SKHDT leads only a waived task; the agencies come in declaration order within a year.
  // 29/11/2025 is a Saturday, 29/11/2026 a Sunday.
  CHECK(listing(*c, 0) ==
        "BC SXD 2023/0 2023-11-29\n"
        "BC STC 2023/0 2023-11-29\n"
        "BC SXD 2024/0 2024-11-29\n"
        "BC STC 2024/0 2024-11-29\n"
        "BC SXD 2025/0 2025-11-29→2025-12-01\n"
        "BC STC 2025/0 2025-11-29→2025-12-01\n"
        "BC SXD 2026/0 2026-11-29→2026-11-30\n"
        "BC STC 2026/0 2026-11-29→2026-11-30\n"
        "BC SXD 2027/0 2027-11-29\n"
        "BC STC 2027/0 2027-11-29\n"
        "BC SXD 2028/0 2028-11-29\n"
        "BC STC 2028/0 2028-11-29\n"
        "BC SXD 2029/0 2029-11-29\n"
        "BC STC 2029/0 2029-11-29\n"
        "BC SXD 2030/0 2030-11-29\n"
        "BC STC 2030/0 2030-11-29\n");
}

TEST_CASE("occurrences: a duty inside a section is owed by the leads of that section's tasks", "[engine][occurrences]") {
  auto c = test::compile_text(
      kHeader +
          "mục II \"Hai\" {\n"
          "  nghĩa vụ BC_II \"Báo cáo mục II\" { vào các năm 2025, 2030 (trước ngày 15/12); thực hiện các đơn vị chủ trì }\n"
          "  nhiệm vụ II.1 \"Một\" { chủ trì STC; thời hạn Năm 2023 }\n"
          "  mục II.A \"Tiểu mục\" { nhiệm vụ II.2 \"Hai\" { chủ trì SKHDT; thời hạn Năm 2023 } }\n"
          "}\n"
          "nhiệm vụ III.1 \"Ba\" { chủ trì SXD; thời hạn Năm 2023 }\n",
      test::kHolidays2023_2024);
  CHECK(listing(*c, 0) ==
        "BC_II STC 2025/0 2025-12-14→2025-12-15\n"
        "BC_II SKHDT 2025/0 2025-12-14→2025-12-15\n"
        "BC_II STC 2030/0 2030-12-14→2030-12-16\n"
        "BC_II SKHDT 2030/0 2030-12-14→2030-12-16\n");
}

TEST_CASE("occurrences: quarters, halves and months are numbered within their year, the reading applies", "[engine][occurrences]") {
  auto strict =
      test::compile_text(kHeader +
                             "nghĩa vụ Q \"Quý\" { hằng quý trước ngày 20; từ năm 2024 đến năm 2024; thực hiện SXD }\n"
                             "nghĩa vụ H \"Nửa năm\" { định kỳ 6 tháng (trước ngày 15); từ năm 2024 đến năm 2024; thực hiện STC }\n"
                             "nghĩa vụ M \"Tháng\" { hằng tháng vào ngày 31; từ tháng 1/2024 đến tháng 3/2024; thực hiện SXD }\n",
                         test::kHolidays2023_2024);
  CHECK(listing(*strict, 0) ==
        "Q SXD 2024/1 2024-03-19\n"
        "Q SXD 2024/2 2024-06-19\n"
        "Q SXD 2024/3 2024-09-19\n"
        "Q SXD 2024/4 2024-12-19\n");
  CHECK(listing(*strict, 1) ==
        "H STC 2024/1 2024-06-14\n"
        "H STC 2024/2 2024-12-14→2024-12-16\n");
  CHECK(listing(*strict, 2) ==
        "M SXD 2024/1 2024-01-31\n"
        "M SXD 2024/2 2024-02-29\n"
        "M SXD 2024/3 2024-03-31→2024-04-01\n");
  auto lenient = test::compile_text(
      "kế hoạch KH \"Kế hoạch thử\" { ban hành 17/02/2023  hiệu lực 17/02/2023  đến năm 2030  cách hiểu rộng }\n"
      "cơ quan SXD \"Sở Xây dựng\"\n"
      "nghĩa vụ Q \"Quý\" { hằng quý trước ngày 20; từ năm 2024 đến năm 2024; thực hiện SXD }\n",
      test::kHolidays2023_2024);
  CHECK(listing(*lenient, 0) ==
        "Q SXD 2024/1 2024-03-20\n"
        "Q SXD 2024/2 2024-06-20\n"
        "Q SXD 2024/3 2024-09-20\n"
        "Q SXD 2024/4 2024-12-20\n");
}

TEST_CASE("occurrences: nothing before the plan takes effect, the index by duty covers every duty", "[engine][occurrences]") {
  auto c = test::compile_text(kHeader +
                                  "nghĩa vụ A \"Tháng\" { hằng tháng trước ngày 10; giai đoạn 2023 - 2023; thực hiện SXD }\n"
                                  "nghĩa vụ B \"Trống\" { vào các năm 2020; thực hiện SXD }\n"
                                  "nghĩa vụ C \"Năm\" { hằng năm; từ năm 2029 đến năm 2030; thực hiện STC }\n",
                              test::kHolidays2023_2024);
  auto a = c->occurrences.of(0);
  REQUIRE(a.size() == 10);  // March to December 2023: 09/02 is before 17/02/2023
  CHECK(iso(a.front().literal) == "2023-03-09");
  CHECK(c->occurrences.of(1).empty());
  CHECK(listing(*c, 2) ==
        "C STC 2029/0 2029-12-31\n"
        "C STC 2030/0 2030-12-31\n");
  CHECK(c->occurrences.duty_begin.size() == 4);
}
