// Golden cases: every tests/dsl/cases/NAME.rules (or folder NAME/) is checked with the real
// `dondoc check` binary, and its whole stderr and exit code are compared with NAME.err
// (Vietnamese) and, when present, NAME.en.err (English, `--lang en`).
// Adding a case is adding files. DONDOC_UPDATE_GOLDEN=1 rewrites the expected files (review them!).

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/test_util.hpp"

namespace fs = std::filesystem;

using dondoc::test::run_check;

TEST_CASE("golden: each malformed case gives exactly its expected diagnostics", "[dsl][golden]") {
  fs::path dir = fs::path(DONDOC_SOURCE_DIR) / "tests/dsl/cases";
  std::vector<fs::path> cases = dondoc::test::golden_cases("tests/dsl/cases");
  REQUIRE(cases.size() >= 40);
  bool update = dondoc::test::update_golden();
  for (const auto& c : cases) {
    std::string name = c.stem().string();
    std::string rel = "tests/dsl/cases/" + c.filename().string();
    for (std::string lang : {"vi", "en"}) {
      fs::path expected = dir / (name + (lang == "vi" ? ".err" : ".en.err"));
      if (lang == "en" && !fs::exists(expected) && !update) continue;
      DYNAMIC_SECTION(name << " [" << lang << "]") {
        auto r = run_check(rel, lang);
        if (update) {
          std::ofstream(expected, std::ios::binary) << r.err;
          continue;
        }
        REQUIRE(fs::exists(expected));
        CHECK(r.err == dondoc::test::read_file(expected.string()));
        CHECK(r.code == 1);  // every case has at least one error
      }
    }
  }
}
