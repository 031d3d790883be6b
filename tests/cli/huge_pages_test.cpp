// dondoc restarts itself once with glibc.malloc.hugetlb=1 (cli/huge_pages.hpp). What it runs
// (here: the exec sink of the daemon) must see GLIBC_TUNABLES exactly as dondoc was given it.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "tests/test_util.hpp"

namespace fs = std::filesystem;
using dondoc::test::read_file;

namespace {
/// Runs the daemon on the real plan over a month with reminders (17/03/2023), the exec sink
/// writing the GLIBC_TUNABLES it sees, one line per delivery; returns those lines.
std::string tunables_seen_by_sink(const std::string& env) {
  fs::path dir = fs::temp_directory_path() / ("dondoc_huge_pages." + std::to_string(getpid()) + "." + std::to_string(env.size()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string seen = (dir / "seen").string();
  std::string cmd = "cd '" + std::string(DONDOC_SOURCE_DIR) + "' && env " + env + " '" + DONDOC_BINARY +
                    "' run rules/thanh-hoa-557 --db '" + (dir / "s.db").string() +
                    "' --clock sim:2023-02-17:100000 --tick 10 --until 2023-03-20"
                    " --sink 'exec:echo \"${GLIBC_TUNABLES-unset}\" >> " +
                    seen + "' >/dev/null 2>&1";
  int rc = std::system(cmd.c_str());
  REQUIRE(rc == 0);
  std::string out = read_file(seen);
  fs::remove_all(dir);
  return out;
}

/// The distinct lines of `text`, joined with '|'.
std::string distinct_lines(const std::string& text) {
  std::set<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.insert(text.substr(start, end - start));
    start = end + 1;
  }
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "|") + l;
  return out;
}
}  // namespace

TEST_CASE("huge pages: programs dondoc starts see GLIBC_TUNABLES as dondoc was given it", "[cli][huge_pages]") {
  CHECK(distinct_lines(tunables_seen_by_sink("-u GLIBC_TUNABLES")) == "unset");
  CHECK(distinct_lines(tunables_seen_by_sink("GLIBC_TUNABLES=glibc.malloc.tcache_count=5")) == "glibc.malloc.tcache_count=5");
  CHECK(distinct_lines(tunables_seen_by_sink("GLIBC_TUNABLES= ")) == "");
}
