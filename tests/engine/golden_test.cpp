// Golden cases of the compile stages (resolve, check): every tests/engine/cases/NAME.rules (or
// folder NAME/, one plan) is checked with the real `dondoc check` binary from the repository
// root, and its whole stderr is compared with NAME.err (Vietnamese) and NAME.en.err (English,
// `--lang en`). The exit code is part of the case: a case whose name starts with `warn_` must
// exit 0 (warnings only, or nothing at all); every other case must exit 1.
// Adding a case is adding files. DONDOC_UPDATE_GOLDEN=1 rewrites the expected files (review them!).

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/test_util.hpp"

namespace fs = std::filesystem;

using dondoc::test::run_check;

TEST_CASE("engine golden: each case gives exactly its expected diagnostics and exit code", "[engine][golden]") {
  fs::path dir = fs::path(DONDOC_SOURCE_DIR) / "tests/engine/cases";
  std::vector<fs::path> cases = dondoc::test::golden_cases("tests/engine/cases");
  REQUIRE(cases.size() >= 30);
  bool update = dondoc::test::update_golden();
  for (const auto& c : cases) {
    std::string name = c.stem().string();
    std::string rel = "tests/engine/cases/" + c.filename().string();
    int expected_code = name.rfind("warn_", 0) == 0 ? 0 : 1;
    for (std::string lang : {"vi", "en"}) {
      fs::path expected = dir / (name + (lang == "vi" ? ".err" : ".en.err"));
      DYNAMIC_SECTION(name << " [" << lang << "]") {
        auto r = run_check(rel, lang);
        if (update) {
          std::ofstream(expected, std::ios::binary) << r.err;
          continue;
        }
        REQUIRE(fs::exists(expected));
        CHECK(r.err == dondoc::test::read_file(expected.string()));
        CHECK(r.code == expected_code);
      }
    }
  }
}
