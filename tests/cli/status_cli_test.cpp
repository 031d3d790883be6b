// `dondoc status` on the real plan: whole outputs compared with golden files
// (tests/cli/status/NAME.out), the JSON contract, what-if, and bad input.
// DONDOC_UPDATE_GOLDEN=1 rewrites the golden files (review them!).

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "dsl/time.hpp"
#include "tests/status_json_util.hpp"
#include "tests/test_util.hpp"

namespace fs = std::filesystem;
using dondoc::test::run_dondoc;
using dondoc::test::task_of;

namespace {

void golden(const std::string& name, const std::string& args, int code = 0) {
  fs::path file = fs::path(DONDOC_SOURCE_DIR) / "tests" / "cli" / "status" / (name + ".out");
  auto r = run_dondoc(args);
  INFO(args << "\n" << r.err);
  CHECK(r.code == code);
  if (std::getenv("DONDOC_UPDATE_GOLDEN")) {
    std::ofstream(file, std::ios::binary) << r.out;
    return;
  }
  REQUIRE(fs::exists(file));
  CHECK(r.out == dondoc::test::read_file(file.string()));
}

const std::string kPlan = "rules/thanh-hoa-557";
const std::string kJournal = "rules/thanh-hoa-557/nhat-ky/ii3-dung-han.journal";

}  // namespace

const std::string kReports = "rules/thanh-hoa-557/nhat-ky/bao-cao-2023.journal";
const std::string kIndicators = "rules/thanh-hoa-557/nhat-ky/chi-tieu-va-dieu-chinh.journal";

TEST_CASE("status cli: the real plan as tables, in both languages", "[cli][status]") {
  // 15/04/2023, no facts: the tasks due Quý I/2023 are late; II.1, II.2, II.4 wait.
  golden("thanh-hoa-557.2023-04-15", "status " + kPlan + " --at 15/04/2023");
  golden("thanh-hoa-557.2023-04-15.en", "--lang en status " + kPlan + " --at 2023-04-15");
  // With II.3 done and the approval of 01/09/2023: II.4 started 02/09 and is due 02/01/2024.
  golden("thanh-hoa-557.2023-12-20.ii3", "status " + kPlan + " --at 20/12/2023 --journal " + kJournal);
  // Every journal: reports sent (some late, some missing), indicators with values, an extension.
  golden("thanh-hoa-557.2024-12-31.all",
         "status " + kPlan + " --at 31/12/2024 --journal " + kJournal + " --journal " + kReports + " --journal " + kIndicators);
  golden("thanh-hoa-557.2024-01-01.csv", "status " + kPlan + " --at 01/01/2024 --format csv");
}

TEST_CASE("status cli: one agency, the attention part, before the plan takes effect", "[cli][status]") {
  golden("thanh-hoa-557.2023-12-20.sxd", "status " + kPlan + " --at 20/12/2023 --agency SXD --journal " + kReports);
  golden("thanh-hoa-557.2023-12-20.attention.en", "status " + kPlan + " --at 20/12/2023 --only attention --lang en");
  // 01/01/2023 is before the plan's effective date (17/02/2023): nothing has started.
  golden("thanh-hoa-557.2023-01-01", "status " + kPlan + " --at 01/01/2023");
  auto r = run_dondoc("status " + kPlan + " --at 01/01/2023 --format json");
  auto j = nlohmann::json::parse(r.out);
  for (const auto& [name, n] : j["categories"].items()) CHECK(n == 0);
  // An agency the plan does not have: an error naming the closest one.
  r = run_dondoc("status " + kPlan + " --at 20/12/2023 --agency SXDD");
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(r.err == "dondoc: kế hoạch không có cơ quan 'SXDD'; có phải 'SXD'?\n");
  r = run_dondoc("--lang en status " + kPlan + " --at 20/12/2023 --agency SXDD");
  CHECK(r.err == "dondoc: the plan has no agency 'SXDD'; did you mean 'SXD'?\n");
}

TEST_CASE("status cli: --at defaults to today in the plan's time zone", "[cli][status]") {
  // Asia/Ho_Chi_Minh is UTC+7 all year.
  auto now = std::chrono::system_clock::now() + std::chrono::hours(7);
  auto today = dondoc::dsl::Date::from_serial(
      static_cast<std::int32_t>(std::chrono::duration_cast<std::chrono::days>(now.time_since_epoch()).count()));
  auto plain = run_dondoc("status " + kPlan + " --only attention");
  REQUIRE(plain.code == 0);
  char shown[64];
  std::snprintf(shown, sizeof shown, "%02d/%02d/%04d", today.d, today.m, today.y);
  CHECK(plain.out.find("\nTình hình thực hiện đến ngày " + std::string(shown) + "\n") != std::string::npos);
  CHECK(run_dondoc("status " + kPlan + " --only attention --at 'hôm nay'").out == plain.out);
  CHECK(run_dondoc("status " + kPlan + " --only attention --at today").out == plain.out);
}

TEST_CASE("status cli: colour only when asked or on a terminal", "[cli][status][color]") {
  // Through a pipe (as here): no colour, whatever NO_COLOR says; --color always colours.
  const std::string args = "status " + kPlan + " --at 20/12/2023 --only attention";
  auto plain = run_dondoc(args);
  CHECK(plain.out.find('\x1b') == std::string::npos);
  CHECK(run_dondoc(args + " --color never").out == plain.out);
  golden("thanh-hoa-557.2023-12-20.color", args + " --color always");
  // Diagnostics: `error:` in red.
  auto r = run_dondoc("--color always status " + kPlan + " --at 2023-09-15 --journal no/such.journal");
  CHECK(r.err == "dondoc: \x1b[1;31merror:\x1b[0m không đọc được tệp nhật ký 'no/such.journal'\n");
}

TEST_CASE("status cli: JSON fields, the cascade and what-if", "[cli][status]") {
  auto r = run_dondoc("status " + kPlan + " --at 2024-01-01 --format json");
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["at"] == "2024-01-01");
  auto ii4 = task_of(j, "II.4");
  CHECK(ii4["status"] == "at_risk");
  CHECK(ii4["blocked_by"] == "TTG_DUYET_QHC");
  CHECK(ii4["root_cause"] == "II.3");
  CHECK(ii4["due"] == "2024-01-02");
  CHECK(ii4["waiting_on"] == nlohmann::json::array({"TTG_DUYET_QHC"}));
  CHECK(ii4["lead"] == nlohmann::json::array({"SXD"}));
  for (const char* key : {"id", "title", "lead", "status", "due", "projected", "slack_days", "waiting_on", "blocked_by"}) {
    CHECK(ii4.contains(key));
  }
  CHECK(j["counts"]["overdue"].get<int>() > 0);
  // What if the Prime Minister approves the urban plan on 01/09/2023 and II.3 was done? II.4 then
  // started on 02/09/2023 and is due 02/01/2024: on 31/12/2023 it is due soon, not at risk.
  r = run_dondoc("status " + kPlan + " --at 31/12/2023 --format json --journal " + kJournal);
  REQUIRE(r.code == 0);
  j = nlohmann::json::parse(r.out);
  CHECK(task_of(j, "II.4")["status"] == "due_soon");
  CHECK(task_of(j, "II.4")["started"] == "2023-09-02");
  // --assume alone: the approval on 01/09/2023 without II.3 recorded.
  r = run_dondoc("status " + kPlan + " --at 15/09/2023 --format json --assume TTG_DUYET_QHC=01/09/2023");
  REQUIRE(r.code == 0);
  j = nlohmann::json::parse(r.out);
  CHECK(task_of(j, "II.4")["started"] == "2023-09-02");
  CHECK(task_of(j, "II.4")["status"] == "not_due");
  // The same inputs give byte-identical output.
  CHECK(run_dondoc("status " + kPlan + " --at 2024-01-01 --format json").out ==
        run_dondoc("status " + kPlan + " --at 2024-01-01 --format json").out);
}

TEST_CASE("status cli: the cascade names its root cause from the day it is late", "[cli][status]") {
  // II.3 is due 31/03/2023; from 01/04 the approval it submits can only come after it, and II.4
  // waits for the approval: both name II.3 (docs/status.md §2.6), long before the end of 2023.
  auto r = run_dondoc("status " + kPlan + " --at 2023-04-01 --format json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  auto ii4 = task_of(j, "II.4");
  CHECK(ii4["status"] == "waiting");  // the approval could still come in time: not yet at risk
  CHECK(ii4["root_cause"] == "II.3");
  CHECK(ii4["blocked_by"] == "TTG_DUYET_QHC");
  // The day before, II.3 is due today, not late: nothing upstream is late.
  j = nlohmann::json::parse(run_dondoc("status " + kPlan + " --at 2023-03-31 --format json").out);
  CHECK(task_of(j, "II.4")["status"] == "waiting");
  CHECK(task_of(j, "II.4")["root_cause"].is_null());
}

TEST_CASE("status cli: a lag after the trigger, a due time counted from a task, duties in order", "[cli][status]") {
  const std::string plan = "tests/cli/status/thu-tu", journal = " --journal tests/cli/status/thu-tu/nhat-ky.journal";
  // 01/06/2024: C waits until 10/06 (two months after B), D until 03/06 (ten working days after SK).
  golden("thu-tu.2024-06-01", "status " + plan + " --at 01/06/2024" + journal);
  golden("thu-tu.2024-06-01.en", "--lang en status " + plan + " --at 2024-06-01" + journal);
  auto r = run_dondoc("status " + plan + " --at 2024-06-01 --format json" + journal);
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(task_of(j, "C")["status"] == "waiting");
  CHECK(task_of(j, "C")["waiting_until"] == "2024-06-10");
  CHECK(task_of(j, "C")["waiting_on"].empty());
  CHECK(task_of(j, "D")["waiting_until"] == "2024-06-03");
  CHECK(task_of(j, "B")["due"] == "2024-04-15");  // 30 days after A (15/03) is Sunday 14/04
  CHECK(!task_of(j, "A").contains("waiting_until"));
  r = run_dondoc("status " + plan + " --at 2024-06-11 --format json" + journal);
  j = nlohmann::json::parse(r.out);
  CHECK(task_of(j, "C")["started"] == "2024-06-11");
  CHECK(task_of(j, "C")["due"] == "2024-07-10");
  CHECK(task_of(j, "D")["started"] == "2024-06-04");
  // The yearly report takes the header's day (before 15/12: 14/12/2024, a Saturday, so Monday
  // 16/12); the summary is due 10 working days after that, Monday 30/12/2024.
  std::string due_bc, due_th;
  for (const auto& o : j["occurrences"]) {
    if (o["duty"] == "BC_NAM" && o["year"] == 2024) due_bc = o["due"];
    if (o["duty"] == "TH_NAM" && o["year"] == 2024) due_th = o["due"];
  }
  CHECK(due_bc == "2024-12-16");
  CHECK(due_th == "2024-12-30");
}

TEST_CASE("status cli: time phrases as decisions write them, two due dates, late at issue", "[cli][status]") {
  golden("thoi-gian.2024-05-01", "status tests/cli/status/thoi-gian --at 01/05/2024");
  golden("thoi-gian.2024-05-01.en", "--lang en status tests/cli/status/thoi-gian --at 2024-05-01");
  golden("phan-dau.2024-12-31", "status tests/cli/simulate/phan-dau --at 31/12/2024");
  auto r = run_dondoc("status tests/cli/status/thoi-gian --at 2024-05-01 --format json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(task_of(j, "T14")["late_at_issue"] == true);
  CHECK(task_of(j, "T14")["status"] == "overdue");
  CHECK(!task_of(j, "T02").contains("late_at_issue"));
  CHECK(task_of(j, "T12")["urgent"] == true);
  CHECK(task_of(j, "T07")["status"] == "not_due");
  CHECK(task_of(j, "T08")["status"] == "ongoing");
  CHECK(task_of(j, "T02")["due"] == "2024-07-01");  // 30/06/2024 is a Sunday
  CHECK(task_of(j, "T06")["due"] == "2026-03-02");  // 28/02/2026 is a Saturday
  r = run_dondoc("status tests/cli/simulate/phan-dau --at 2024-12-31 --format json");
  j = nlohmann::json::parse(r.out);
  auto chk = task_of(j, "CHK");
  CHECK(chk["due"] == "2025-12-31");
  REQUIRE(chk["other_dues"].size() == 1);
  CHECK(chk["other_dues"][0]["due"] == "2024-12-31");
  CHECK(chk["other_dues"][0]["aspirational"] == true);
  CHECK(chk["other_dues"][0]["per"] == "Mục III.4.2.a");
  CHECK(!task_of(j, "IV.5").contains("other_dues"));  // the same date written twice
}

TEST_CASE("status cli: indicators as decisions write them: a task's target, ranges, about, changes, periods", "[cli][status][target]") {
  const std::string plan = "tests/cli/status/chi-tieu --journal tests/cli/status/chi-tieu/nhat-ky.journal";
  golden("chi-tieu.2026-01-15", "status " + plan + " --at 15/01/2026");
  golden("chi-tieu.2026-01-15.en", "--lang en status " + plan + " --at 2026-01-15");
  auto r = run_dondoc("status " + plan + " --at 2026-01-15 --format json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  auto indicator = [&](const std::string& id) {
    for (const auto& i : j["indicators"]) {
      if (i["id"] == id) return i;
    }
    FAIL("no indicator " << id);
    return nlohmann::json();
  };
  CHECK(task_of(j, "KCN")["target_state"] == "on_track");
  CHECK(task_of(j, "KCN2")["target_state"] == "no_data");
  CHECK(!task_of(j, "KCN").contains("target"));
  CHECK(indicator("KCN")["task"] == "KCN");
  CHECK(indicator("KCN")["expected"] == 1);
  CHECK(indicator("LT")["expected_max"] == 8);
  CHECK(indicator("LT")["state"] == "off_track");
  CHECK(indicator("RUNG")["about"] == true);
  CHECK(indicator("RUNG")["tolerance"].get<double>() == Approx(0.545));
  CHECK(indicator("TT")["state"] == "not_assessable");
  CHECK(indicator("TT")["change"] == "up");
  CHECK(indicator("TT")["reference_year"] == 2020);
  CHECK(!indicator("TT").contains("reference_value"));
  CHECK(indicator("GIAM")["reference_value"] == 32);
  CHECK(indicator("GAP")["change"] == "times");
  CHECK(indicator("GAP")["expected"] == 10.5);  // on the line from 7 (2020) to 14 (2030)
  auto bq = indicator("BQ");
  CHECK(bq["measure"] == "average_rate");
  CHECK(bq["period_from"] == 2021);
  CHECK(bq["period_to"] == 2030);
  CHECK(bq["aggregate_to"] == 2025);
  CHECK(bq["aggregate"].get<double>() == Approx(9.996).epsilon(0.001));
  CHECK(bq.contains("needed"));
  CHECK(indicator("TONG")["measure"] == "total");
  CHECK(indicator("TONG")["expected"] == 825000);
  CHECK(indicator("NGHEO")["measure"] == "average_decrease");
  CHECK(indicator("NGHEO")["reference_value"] == 9.5);
  CHECK(indicator("HONG")["state"] == "not_assessable");
}

TEST_CASE("status cli: an agency that ended hands its tasks over, and both are shown", "[cli][status]") {
  golden("chuyen-giao.2025-08-01", "status tests/cli/simulate/chuyen-giao --at 01/08/2025");
  golden("chuyen-giao.2025-08-01.en", "--lang en status tests/cli/simulate/chuyen-giao --at 2025-08-01");
  auto j = nlohmann::json::parse(run_dondoc("status tests/cli/simulate/chuyen-giao --at 2025-08-01 --format json").out);
  CHECK(task_of(j, "A")["lead"] == nlohmann::json::array({"SKHDT"}));
  CHECK(task_of(j, "A")["held_by"] == nlohmann::json::array({"STC"}));
  CHECK(task_of(j, "B")["held_by"] == nlohmann::json::array({"UBND_XA"}));
  // Before the end, nothing changes.
  j = nlohmann::json::parse(run_dondoc("status tests/cli/simulate/chuyen-giao --at 2025-02-15 --format json").out);
  CHECK(!task_of(j, "A").contains("held_by"));
}

TEST_CASE("status cli: where a product goes and the bodies it passes, a passage recorded in a journal", "[cli][status]") {
  const std::string plan = "tests/cli/status/nguoi-nhan", journal = " --journal tests/cli/status/nguoi-nhan/nhat-ky.journal";
  golden("nguoi-nhan.2024-12-31", "status " + plan + " --at 31/12/2024" + journal);
  golden("nguoi-nhan.2025-01-31.en", "--lang en status " + plan + " --at 2025-01-31" + journal);
  auto r = run_dondoc("status " + plan + " --at 2025-01-31 --format json" + journal);
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  auto iii1 = task_of(j, "III.1");
  CHECK(iii1["to"] == nlohmann::json::array({"TTG", "CT_UBND"}));
  CHECK(iii1["via"] == "SKHDT");
  CHECK(iii1["copy_to"] == nlohmann::json::array({"BKHDT", "STP"}));
  CHECK(!task_of(j, "II.6").contains("to"));  // nothing written, nothing shown
  // The passages: events after the task and after each other, with their own expected dates.
  auto event_of = [&](const std::string& id) {
    for (const auto& e : j["events"])
      if (e["id"] == id) return e;
    return nlohmann::json();
  };
  auto cp = event_of("II.6.CP"), qh = event_of("II.6.QH");
  CHECK(cp["happened"] == "2024-09-20");
  CHECK(cp["passage_of"] == "II.6");
  CHECK(cp["body"] == "CP");
  CHECK(qh["expected"] == "2024-12-31");
  CHECK(qh["happened"].is_null());
  CHECK(qh["late"] == true);
  CHECK(task_of(j, "II.7")["status"] == "waiting");
  CHECK(task_of(j, "II.7")["waiting_on"] == nlohmann::json::array({"II.6.QH"}));
  bool occurrence_addressed = false;
  for (const auto& o : j["occurrences"])
    occurrence_addressed = occurrence_addressed || (o["duty"] == "BC_QUY" && o["to"] == nlohmann::json::array({"CT_UBND"}) &&
                                                    o["via"] == "SKHDT" && o["copy_to"] == nlohmann::json::array({"BKHDT"}));
  CHECK(occurrence_addressed);
  // Once the National Assembly passes it, the task waiting for it starts.
  r = run_dondoc("status " + plan + " --at 2025-01-31 --format json" + journal + " --assume II.6.QH=2025-01-10");
  REQUIRE(r.code == 0);
  CHECK(task_of(nlohmann::json::parse(r.out), "II.7")["status"] == "not_due");
}

TEST_CASE("status cli: bad input", "[cli][status]") {
  auto r = run_dondoc("status " + kPlan + " --at 31/02/2023");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "dondoc: --at '31/02/2023' không phải ngày (YYYY-MM-DD hoặc dd/mm/yyyy)\n");
  // A bad fact is reported at its place and left out; the status of the rest is still printed.
  r = run_dondoc("status " + kPlan + " --at 2023-09-15 --assume TTG_DUYET=2023-09-01");
  CHECK(r.code == 1);
  CHECK(r.out.find("Kế hoạch 557/QĐ-UBND") == 0);
  CHECK(r.err.find("--assume:1:1: error:") == 0);
  r = run_dondoc("status " + kPlan + " --at 2023-09-15 --assume TTG_DUYET_QHC");
  CHECK(r.code == 1);
  CHECK(r.err ==
        "--assume:1:1: error: '--assume' cần dạng SỰ_KIỆN=NGÀY, ví dụ TTG_DUYET_QHC=01/09/2023\n"
        "  TTG_DUYET_QHC\n"
        "  ^\n");
  r = run_dondoc("status " + kPlan + " --at 2023-09-15 --journal no/such.journal");
  CHECK(r.code == 1);
  CHECK(r.err == "dondoc: error: không đọc được tệp nhật ký 'no/such.journal'\n");
}

TEST_CASE("status cli: --db reads the facts a store holds, as export writes them", "[cli][status][db]") {
  fs::path dir = fs::temp_directory_path() / ("dondoc_status_db." + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string db = (dir / "dondoc.db").string();
  // The same facts as the journal, recorded one by one in a store.
  auto r = run_dondoc("record --db '" + db + "' --rules " + kPlan + " --journal " + kJournal);
  REQUIRE(r.code == 0);
  auto from_store = run_dondoc("status " + kPlan + " --at 20/12/2023 --db '" + db + "'");
  CHECK(from_store.err.empty());
  CHECK(from_store.code == 0);
  CHECK(from_store.out == run_dondoc("status " + kPlan + " --at 20/12/2023 --journal " + kJournal).out);
  // A store that is not there, and a file that is not a store: an error naming it, nothing printed.
  r = run_dondoc("status " + kPlan + " --at 20/12/2023 --db '" + (dir / "none.db").string() + "'");
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(r.err == "dondoc: error: không có cơ sở dữ liệu '" + (dir / "none.db").string() + "'\n");
  CHECK(!fs::exists(dir / "none.db"));
  fs::remove_all(dir);
}
