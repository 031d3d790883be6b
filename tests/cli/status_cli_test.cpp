// `dondoc status` on the real plan: whole outputs compared with golden files
// (tests/cli/status/NAME.out), the JSON contract, what-if, and bad input.
// DONDOC_UPDATE_GOLDEN=1 rewrites the golden files (review them!).

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/test_util.hpp"

namespace fs = std::filesystem;
using dondoc::test::run_dondoc;

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

nlohmann::json task_of(const nlohmann::json& j, const std::string& id) {
  for (const auto& t : j["tasks"]) {
    if (t["id"] == id) return t;
  }
  FAIL("no task " << id);
  return {};
}

}  // namespace

TEST_CASE("status cli: the real plan as tables, in both languages", "[cli][status]") {
  // 15/04/2023, no facts: the tasks due Quý I/2023 are late; II.1, II.2, II.4 wait.
  golden("thanh-hoa-557.2023-04-15", "status " + kPlan + " --at 15/04/2023");
  golden("thanh-hoa-557.2023-04-15.en", "--lang en status " + kPlan + " --at 2023-04-15");
  // With II.3 done and the approval of 01/09/2023: II.4 started 02/09 and is due 02/01/2024.
  golden("thanh-hoa-557.2023-12-20.ii3", "status " + kPlan + " --at 20/12/2023 --journal " + kJournal);
  golden("thanh-hoa-557.2024-01-01.csv", "status " + kPlan + " --at 01/01/2024 --format csv");
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

TEST_CASE("status cli: bad input", "[cli][status]") {
  auto r = run_dondoc("status " + kPlan + " --at 31/02/2023");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "dondoc: --at '31/02/2023' không phải ngày (YYYY-MM-DD hoặc dd/mm/yyyy)\n");
  r = run_dondoc("status " + kPlan + " --at 2023-09-15 --assume TTG_DUYET=2023-09-01");
  CHECK(r.code == 1);
  CHECK(r.out.empty());
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
