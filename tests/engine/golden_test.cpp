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

namespace {
struct Run {
  std::string err;
  int code = -1;
};

Run run_check(const std::string& rel_path, const std::string& lang) {
  std::string cmd =
      std::string("cd '") + DONDOC_SOURCE_DIR + "' && '" + DONDOC_BINARY + "' check --lang " + lang + " '" + rel_path + "' 2>&1 >/dev/null";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.err.append(buf.data(), n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}
}  // namespace

TEST_CASE("engine golden: each case gives exactly its expected diagnostics and exit code", "[engine][golden]") {
  fs::path dir = fs::path(DONDOC_SOURCE_DIR) / "tests" / "engine" / "cases";
  std::vector<fs::path> cases;
  for (const auto& e : fs::directory_iterator(dir)) {
    if ((e.is_regular_file() && e.path().extension() == ".rules") || e.is_directory()) cases.push_back(e.path());
  }
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 30);
  bool update = std::getenv("DONDOC_UPDATE_GOLDEN") != nullptr;
  for (const auto& c : cases) {
    std::string name = c.stem().string();
    std::string rel = "tests/engine/cases/" + c.filename().string();
    int expected_code = name.rfind("warn_", 0) == 0 ? 0 : 1;
    for (std::string lang : {"vi", "en"}) {
      fs::path expected = dir / (name + (lang == "vi" ? ".err" : ".en.err"));
      DYNAMIC_SECTION(name << " [" << lang << "]") {
        Run r = run_check(rel, lang);
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
