// The real plan's public record (rules/thanh-hoa-557/nhat-ky/cong-khai.journal): what is publicly
// known to have happened reads without a single diagnostic, and `status` on a date after it shows
// the plan as it stands: the conditions of II.1 and II.4 met, II.3 done on time. And the warning
// of a year without holidays, which `status` and `simulate` print as `check` does.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/status_json_util.hpp"
#include "tests/test_util.hpp"

using dondoc::test::run_dondoc;
using dondoc::test::task_of;

namespace {

const std::string kPlan = "rules/thanh-hoa-557";
const std::string kPublic = "rules/thanh-hoa-557/nhat-ky/cong-khai.journal";

}  // namespace

TEST_CASE("public record: the known facts read cleanly and start II.1 and II.4", "[rules][status]") {
  auto r = run_dondoc("status " + kPlan + " --at 2026-12-07 --format json --journal " + kPublic);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  auto j = nlohmann::json::parse(r.out);
  CHECK(task_of(j, "II.3")["status"] == "done_on_time");
  // Quy hoạch tỉnh approved 27/02/2023 (153/QĐ-TTg): II.1 started the next day.
  CHECK(task_of(j, "II.1")["started"] == "2023-02-28");
  // Quy hoạch chung đô thị approved 17/03/2023 (259/QĐ-TTg): II.4 started 18/03/2023.
  CHECK(task_of(j, "II.4")["started"] == "2023-03-18");
  CHECK(task_of(j, "II.4")["waiting_on"] == nlohmann::json::array());
  // Still unknown: the central guidance II.2 waits for.
  CHECK(task_of(j, "II.2")["status"] == "waiting");
}

TEST_CASE("public record: status and simulate warn about years without holidays, as check does", "[rules][status]") {
  const std::string warning =
      "rules/thanh-hoa-557/phu-luc-2-muc-II.rules:21:5: warning: chưa khai báo ngày nghỉ lễ, Tết nào của năm 2023, 2024, 2025, "
      "2026, 2027, 2028, 2029, 2030: thời hạn rơi vào các năm này chỉ được dời khỏi thứ Bảy, Chủ nhật\n"
      "      thời hạn Năm 2023 (sau khi được Thủ tướng Chính phủ phê duyệt)\n"
      "      ^\n"
      "  gợi ý: thêm khối 'ngày nghỉ năm 2023 { … }' (xem rules/calendar/README.md), hoặc chỉ thư mục lịch bằng '--calendar "
      "THƯ_MỤC'\n";
  auto status = run_dondoc("status " + kPlan + " --no-calendar --at 2023-04-15 --format json");
  CHECK(status.code == 0);
  CHECK(status.err == warning);
  auto simulate = run_dondoc("simulate " + kPlan + " --no-calendar --from 2023-02-17 --to 2023-02-18");
  CHECK(simulate.code == 0);
  CHECK(simulate.err == warning);
  // The same words as `check`, which shows the rules' other warnings too.
  CHECK(run_dondoc("check " + kPlan + " --no-calendar").err.find(warning) != std::string::npos);
  // With the shipped calendar, nothing to say.
  CHECK(run_dondoc("status " + kPlan + " --at 2023-04-15 --format json").err.empty());
}
