// Golden escalation runs: every tests/cli/simulate/NAME.args is a `dondoc` command line (run from
// the repository root: `simulate …`, or `check --diff …` for what an amendment changes); its whole
// stdout is compared byte for byte with NAME.out. A case with a
// NAME.err file must fail with exit code 1 and exactly that stderr; any other case must exit 0.
// Adding a case is adding files. DONDOC_UPDATE_GOLDEN=1 rewrites the expected files (review them!).

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/test_util.hpp"

namespace fs = std::filesystem;
using dondoc::test::read_file;
using dondoc::test::run_dondoc;

namespace {

fs::path case_dir() {
  return fs::path(DONDOC_SOURCE_DIR) / "tests" / "cli" / "simulate";
}

std::string args_of(const fs::path& p) {
  std::string a = read_file(p.string());
  while (!a.empty() && (a.back() == '\n' || a.back() == '\r')) a.pop_back();
  return a;
}

std::vector<nlohmann::json> lines_of(const std::string& out) {
  std::vector<nlohmann::json> v;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) v.push_back(nlohmann::json::parse(line));
  return v;
}

}  // namespace

TEST_CASE("simulate golden: each case prints exactly its expected output", "[cli][simulate][golden]") {
  std::vector<fs::path> cases;
  for (const auto& e : fs::directory_iterator(case_dir())) {
    if (e.path().extension() == ".args") cases.push_back(e.path());
  }
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 4);
  bool update = std::getenv("DONDOC_UPDATE_GOLDEN") != nullptr;
  for (const auto& c : cases) {
    fs::path base = c;
    base.replace_extension();
    fs::path out_file = base.string() + ".out", err_file = base.string() + ".err";
    DYNAMIC_SECTION(base.filename().string()) {
      auto r = run_dondoc(args_of(c));
      bool fails = fs::exists(err_file);
      if (update) {
        std::ofstream(out_file, std::ios::binary) << r.out;
        if (r.code != 0) std::ofstream(err_file, std::ios::binary) << r.err;
        continue;
      }
      INFO(r.err);
      CHECK(r.out == read_file(out_file.string()));
      if (fails) {
        CHECK(r.code == 1);
        CHECK(r.err == read_file(err_file.string()));
      } else {
        CHECK(r.code == 0);
      }
    }
  }
}

TEST_CASE("simulate: the same simulation twice gives byte-identical output", "[cli][simulate]") {
  std::string args = args_of(case_dir() / "ii3-va-bao-cao.args");
  auto a = run_dondoc(args), b = run_dondoc(args);
  REQUIRE(a.code == 0);
  CHECK(!a.out.empty());
  CHECK(a.out == b.out);
}

// The "Done when" paragraph of the escalation issue, checked on the golden output of the real plan
// with no facts, so that a change that breaks one of them fails here with its name.
TEST_CASE("simulate: the real plan without facts escalates as the issue asks", "[cli][simulate]") {
  auto lines = lines_of(read_file((case_dir() / "khong-nhat-ky.out").string()));
  REQUIRE(!lines.empty());
  auto find = [&](auto pred) {
    std::vector<nlohmann::json> out;
    for (const auto& l : lines) {
      if (pred(l)) out.push_back(l);
    }
    return out;
  };
  SECTION("reminders before Quý I/2023 go to the three leads due then") {
    auto r = find([](const auto& l) { return l["kind"] == "reminder" && l["due"] == "2023-03-31" && l["at"] == "2023-03-17"; });
    std::vector<std::string> got;
    for (const auto& l : r) got.push_back(l["task"].get<std::string>() + "→" + l["to"][0].get<std::string>());
    CHECK(got == std::vector<std::string>{"II.3→SXD", "III.2→SCT", "IV.5→SGDDT"});
  }
  SECTION("the urging step 7 days after due and the Chairman step 30 days after due (next working day)") {
    auto u1 = find([](const auto& l) { return l["task"] == "II.3" && l["kind"] == "urging" && l["level"] == 1 && l["repeat"] == 0; });
    REQUIRE(u1.size() == 2);
    CHECK(u1[0]["at"] == "2023-04-07");
    CHECK(u1[1]["to"] == nlohmann::json::array({"SKHDT"}));
    auto u2 = find([](const auto& l) { return l["task"] == "II.3" && l["kind"] == "urging" && l["level"] == 2 && l["repeat"] == 0; });
    REQUIRE(u2.size() == 2);
    CHECK(u2[0]["at"] == "2023-05-04");  // 30/04 falls in the 30/04–03/05 holidays
    CHECK(u2[1]["to"] == nlohmann::json::array({"SKHDT", "CT_UBND"}));
    auto lo = find([](const auto& l) { return l["task"] == "II.3" && l["kind"] == "long_overdue" && l["repeat"] == 0; });
    REQUIRE(lo.size() == 2);
    CHECK(lo[0]["at"] == "2023-07-31");  // 120 days: Saturday 29/07
  }
  SECTION("the missed 30/11/2023 reports are escalated per unit, and through SKHDT") {
    auto per_unit = find([](const auto& l) {
      return l["task"] == "BC_HANG_NAM" && l["kind"] == "report_missed" && l["at"] == "2023-12-06" && l["leads"].size() == 1;
    });
    auto above = find([](const auto& l) {
      return l["task"] == "BC_HANG_NAM" && l["kind"] == "report_missed" && l["at"] == "2023-12-06" && l["leads"].size() > 1;
    });
    CHECK(per_unit.size() == 54);
    REQUIRE(above.size() == 1);
    CHECK(above[0]["to"] == nlohmann::json::array({"SKHDT"}));
    CHECK(above[0]["due"] == "2023-11-29");
  }
  SECTION("II.4 is never escalated on its own while II.3 is its root cause, and II.3's letters list it") {
    CHECK(find([](const auto& l) { return l["task"] == "II.4"; }).empty());
    auto listing = find([](const auto& l) {
      return l["task"] == "II.3" && std::find(l["affected"].begin(), l["affected"].end(), "II.4") != l["affected"].end();
    });
    CHECK(!listing.empty());
  }
}

TEST_CASE("simulate: wrong dates are a usage error", "[cli][simulate]") {
  auto r = run_dondoc("simulate rules/thanh-hoa-557 --from 31/02/2023 --to 2023-12-31");
  CHECK(r.code == 2);
  CHECK(r.err == "dondoc: --from '31/02/2023' không phải ngày (YYYY-MM-DD hoặc dd/mm/yyyy)\n");
  r = run_dondoc("--lang en simulate rules/thanh-hoa-557 --from 2024-01-01 --to 2023-12-31");
  CHECK(r.code == 2);
  CHECK(r.err == "dondoc: --from must not be after --to\n");
}
