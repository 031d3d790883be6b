// The console sink (`dondoc run --sink console`), on the real binary and the real plan with a
// simulated clock: each escalation is the line `dondoc simulate --format table` prints for it, in
// the same order; a clean stop ends with the summary (the last day, the closing count of the whole
// store, the open threads); with `--log` the terminal gets no log line; a second run resumes and
// prints the summary alone.

#include <stdlib.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "tests/test_util.hpp"

namespace fs = std::filesystem;
using dondoc::test::run_dondoc;

namespace {

struct Scratch {
  fs::path path;
  Scratch() {
    std::string tmpl = (fs::temp_directory_path() / "dondoc_console_test.XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~Scratch() { fs::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

/// `text` split where its closing count starts (the blank line before `Tổng cộng` / `In all`).
std::pair<std::string, std::string> split_closing(const std::string& text, const std::string& head) {
  auto at = text.find("\n" + head);
  REQUIRE(at != std::string::npos);
  return {text.substr(0, at), text.substr(at)};
}

}  // namespace

TEST_CASE("console sink: the simulate table's lines, then the summary, and a resumed run prints the summary alone", "[runtime][console]") {
  Scratch t;
  const std::string run = "run rules/thanh-hoa-557 --db '" + t.file("s.db") +
                          "' --clock sim:2023-02-17:100000 --until 2023-12-31 --tick 1 --sink console --log '" + t.file("log") + "'";
  auto sim = run_dondoc("simulate rules/thanh-hoa-557 --from 17/02/2023 --to 31/12/2023 --format table");
  REQUIRE(sim.code == 0);
  auto [lines, closing] = split_closing(sim.out, "Tổng cộng");
  const std::string summary = "\nĐã dừng sau ngày 31/12/2023." + closing + "Còn 59 luồng đôn đốc đang mở (nhiệm vụ còn được theo dõi).\n";

  auto first = run_dondoc(run);
  CHECK(first.err == "");
  CHECK(first.code == 0);
  CHECK(first.out == lines + summary);

  auto again = run_dondoc(run);
  CHECK(again.err == "");
  CHECK(again.code == 0);
  CHECK(again.out == summary);
}

TEST_CASE("console sink in English", "[runtime][console]") {
  Scratch t;
  auto sim = run_dondoc("simulate rules/thanh-hoa-557 --from 17/02/2023 --to 30/06/2023 --format table --lang en");
  REQUIRE(sim.code == 0);
  auto [lines, closing] = split_closing(sim.out, "In all");
  auto r = run_dondoc("run rules/thanh-hoa-557 --db '" + t.file("s.db") +
                      "' --clock sim:2023-02-17:100000 --until 2023-06-30 --tick 1 --sink console --lang en --log '" + t.file("log") + "'");
  CHECK(r.err == "");
  CHECK(r.code == 0);
  CHECK(r.out == lines + "\nStopped after 2023-06-30." + closing + "4 escalation threads still open (tasks still chased).\n");
}
