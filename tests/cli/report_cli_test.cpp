// `dondoc report` on the real plan: whole Markdown and CSV outputs compared with golden files
// (tests/cli/report/NAME.out), the counts compared with `dondoc status --format json`, the options
// and bad input. DONDOC_UPDATE_GOLDEN=1 rewrites the golden files (review them!).

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <unistd.h>

#include "tests/test_util.hpp"

namespace fs = std::filesystem;
using dondoc::test::run_dondoc;

namespace {

const std::string kPlan = "rules/thanh-hoa-557";
const std::string kJournals =
    " --journal rules/thanh-hoa-557/nhat-ky/ii3-dung-han.journal --journal rules/thanh-hoa-557/nhat-ky/bao-cao-2023.journal"
    " --journal rules/thanh-hoa-557/nhat-ky/chi-tieu-va-dieu-chinh.journal";

void golden(const std::string& name, const std::string& args) {
  fs::path file = fs::path(DONDOC_SOURCE_DIR) / "tests" / "cli" / "report" / (name + ".out");
  auto r = run_dondoc(args);
  INFO(args << "\n" << r.err);
  REQUIRE(r.code == 0);
  if (std::getenv("DONDOC_UPDATE_GOLDEN")) {
    std::ofstream(file, std::ios::binary) << r.out;
    return;
  }
  REQUIRE(fs::exists(file));
  CHECK(r.out == dondoc::test::read_file(file.string()));
}

/// The number in the English summary table's row `| LABEL | N | …`.
int summary_count(const std::string& md, const std::string& label) {
  std::smatch m;
  REQUIRE(std::regex_search(md, m, std::regex("\\n\\| (\\*\\*)?" + label + "(\\*\\*)? \\| \\**([0-9]+)")));
  return std::stoi(m[3]);
}

/// The `status` column of the CSV's task rows, counted.
std::map<std::string, int> csv_status_counts(const std::string& csv) {
  std::map<std::string, int> n;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // the header
  // Quoted fields hold commas: a task row's status is the 11th field; count it with a small parser.
  while (std::getline(in, line)) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (char c : line) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.emplace_back();
      } else if (c != '\r') {
        fields.back() += c;
      }
    }
    if (fields[0] == "task") ++n[fields[10]];
  }
  return n;
}

}  // namespace

TEST_CASE("report cli: the real plan as Markdown and CSV, whole outputs", "[cli][report]") {
  golden("thanh-hoa-557.2023-12-31.md", "report " + kPlan + " --at 31/12/2023" + kJournals);
  golden("thanh-hoa-557.2023-12-31.en.md", "--lang en report " + kPlan + " --at 2023-12-31 --period quarter" + kJournals);
  golden("thanh-hoa-557.2023-12-31.csv", "report " + kPlan + " --at 31/12/2023 --format csv" + kJournals);
  golden("thanh-hoa-557.2024-06-30.SXD.md", "report " + kPlan + " --at 30/06/2024 --period half --agency SXD" + kJournals);
}

TEST_CASE("report cli: where a product goes and the bodies it passes, after the deliverable", "[cli][report]") {
  golden("nguoi-nhan.2024-12-31.md",
         "report tests/cli/status/nguoi-nhan --at 31/12/2024 --journal tests/cli/status/nguoi-nhan/nhat-ky.journal");
  golden("nguoi-nhan.2024-12-31.en.md",
         "--lang en report tests/cli/status/nguoi-nhan --at 2024-12-31 --journal tests/cli/status/nguoi-nhan/nhat-ky.journal");
}

TEST_CASE("report cli: the counts agree with dondoc status", "[cli][report]") {
  for (std::string at : {"15/04/2023", "31/12/2023", "30/06/2025"}) {
    for (std::string journals : {std::string(), kJournals}) {
      auto s = run_dondoc("status " + kPlan + " --at " + at + " --format json" + journals);
      REQUIRE(s.code == 0);
      auto j = nlohmann::json::parse(s.out);
      auto md = run_dondoc("--lang en report " + kPlan + " --at " + at + journals);
      REQUIRE(md.code == 0);
      INFO(at << journals);
      const auto& c = j["categories"];
      CHECK(summary_count(md.out, "Done on time") == c["done_on_time"]);
      CHECK(summary_count(md.out, "Done late") == c["done_late"]);
      CHECK(summary_count(md.out, "In progress, on time") == c["in_progress_on_time"]);
      CHECK(summary_count(md.out, "In progress, late") == c["in_progress_late"]);
      CHECK(summary_count(md.out, "Total") == c["done_on_time"].get<int>() + c["done_late"].get<int>() +
                                                  c["in_progress_on_time"].get<int>() + c["in_progress_late"].get<int>());
      auto csv = run_dondoc("--lang en report " + kPlan + " --at " + at + " --format csv" + journals);
      REQUIRE(csv.code == 0);
      std::map<std::string, int> want;
      for (const auto& [status, n] : j["counts"].items()) {
        if (n.get<int>() > 0) want[status] = n.get<int>();
      }
      CHECK(csv_status_counts(csv.out) == want);
    }
  }
}

TEST_CASE("report cli: one agency's report counts the tasks it leads", "[cli][report]") {
  auto s = run_dondoc("status " + kPlan + " --at 31/12/2023 --format json" + kJournals);
  auto j = nlohmann::json::parse(s.out);
  int overdue = 0, led = 0;
  for (const auto& t : j["tasks"]) {
    for (const auto& lead : t["lead"]) {
      if (lead == "SGDDT") {
        ++led;
        if (t["status"] == "overdue") ++overdue;
      }
    }
  }
  auto md = run_dondoc("--lang en report " + kPlan + " --at 31/12/2023 --agency SGDDT" + kJournals);
  REQUIRE(md.code == 0);
  CHECK(summary_count(md.out, "In progress, late") == overdue);
  CHECK(overdue == 1);  // IV.5 (its body-paragraph twin is one of its sources now)
  CHECK(md.out.find(std::to_string(led) + " tasks): ") != std::string::npos);
  CHECK(md.out.find("# Report on the implementation of Plan 557/QĐ-UBND — Sở Giáo dục và Đào tạo\n") == 0);
}

TEST_CASE("report cli: the same inputs give the same bytes in every format", "[cli][report]") {
  for (std::string format : {"md", "csv", "ics", "svg", "html"}) {
    std::string args = "report " + kPlan + " --at 31/12/2023 --format " + format + kJournals;
    auto a = run_dondoc(args), b = run_dondoc(args);
    INFO(format << "\n" << a.err);
    CHECK(a.code == 0);
    CHECK(a.out == b.out);
  }
}

TEST_CASE("report cli: the CSV opens in a spreadsheet (BOM, CRLF, RFC 4180 quoting)", "[cli][report]") {
  auto r = run_dondoc("report " + kPlan + " --at 31/12/2023 --format csv" + kJournals);
  REQUIRE(r.code == 0);
  CHECK(r.out.rfind("\xEF\xBB\xBFloại,mã,nội dung,", 0) == 0);
  CHECK(r.out.find("\r\n") != std::string::npos);
  CHECK(r.out.find(",\"Phối hợp lập, trình phê duyệt Quy hoạch vùng Bắc Trung Bộ và duyên hải miền Trung\",") != std::string::npos);
}

TEST_CASE("report cli: bad input is refused with a clear message", "[cli][report]") {
  auto r = run_dondoc("report " + kPlan + " --at 31/12/2023 --agency SXDD");
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(r.err == "dondoc: --agency: không có đơn vị 'SXDD' trong kế hoạch (có phải 'SXD'?)\n");
  r = run_dondoc("--lang en report " + kPlan + " --at 31/13/2023");
  CHECK(r.code == 2);
  CHECK(r.err == "dondoc: --at '31/13/2023' is not a date (YYYY-MM-DD or dd/mm/yyyy)\n");
  r = run_dondoc("report " + kPlan + " --at 31/12/2023 --journal no-such.journal");
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(r.err == "dondoc: error: không đọc được tệp nhật ký 'no-such.journal'\n");
}

TEST_CASE("report cli: --db reports the facts a daemon's store holds", "[cli][report][db]") {
  fs::path dir = fs::temp_directory_path() / ("dondoc_report_db." + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string db = (dir / "dondoc.db").string();
  const std::string journal = "rules/thanh-hoa-557/nhat-ky/bao-cao-2023.journal";
  auto r = run_dondoc("record --db '" + db + "' --rules " + kPlan + " --journal " + journal);
  REQUIRE(r.code == 0);
  for (std::string format : {"md", "csv"}) {
    auto from_store = run_dondoc("report " + kPlan + " --at 31/12/2023 --format " + format + " --db '" + db + "'");
    INFO(from_store.err);
    CHECK(from_store.code == 0);
    CHECK(from_store.out == run_dondoc("report " + kPlan + " --at 31/12/2023 --format " + format + " --journal " + journal).out);
  }
  fs::remove_all(dir);
}
