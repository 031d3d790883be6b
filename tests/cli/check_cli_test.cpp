// The `dondoc check` command as a policy officer runs it: exit codes and located errors on the
// real plan.

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/test_util.hpp"

namespace fs = std::filesystem;

namespace {
/// stdout then stderr: `check` prints diagnostics on stderr and the summary line on stdout.
struct Run {
  std::string out;
  int code = -1;
};

Run run_dondoc(const std::string& args) {
  auto r = dondoc::test::run_dondoc(args);
  return {r.out + r.err, r.code};
}
}  // namespace

TEST_CASE("check cli: every rule folder of the repository is clean", "[cli][check]") {
  auto r = run_dondoc("check rules/");
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(r.out.find("rules/thanh-hoa-557: không có lỗi") != std::string::npos);
  CHECK(r.out.find("error:") == std::string::npos);
}

TEST_CASE("check cli: a mistake injected into a copy of the real plan is named with line, column and caret", "[cli][check]") {
  fs::path dir = fs::temp_directory_path() / "dondoc_cli_inject";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy(fs::path(DONDOC_SOURCE_DIR) / "rules" / "thanh-hoa-557", dir / "thanh-hoa-557", fs::copy_options::recursive);
  fs::path file = dir / "thanh-hoa-557" / "phu-luc-2-muc-II.rules";
  std::string text = dondoc::test::read_file(file.string());
  const std::string good = "thời hạn Quý I/2023";
  auto at = text.find(good);
  REQUIRE(at != std::string::npos);
  text.replace(at, good.size(), "thời hạn Quý V/2023");
  std::ofstream(file, std::ios::binary) << text;

  // Where the mistake is: line number and the line itself.
  std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  std::size_t line_start = text.rfind('\n', at) + 1;
  std::string source_line = text.substr(line_start, text.find('\n', at) - line_start);
  std::size_t col = 1 + dondoc::dsl::codepoint_count(source_line.substr(0, source_line.find("V/2023")));

  auto r = run_dondoc("check " + (dir / "thanh-hoa-557").string());
  CHECK(r.code == 1);
  std::string expected = file.string() + ":" + std::to_string(line) + ":" + std::to_string(col) +
                         ": error: quý phải là I, II, III hoặc IV (hoặc 1–4)\n" + "  " + source_line + "\n" + "  " +
                         std::string(col - 1, ' ') + "^\n" + (dir / "thanh-hoa-557").string() + ": 1 lỗi, 0 cảnh báo\n";
  CHECK(r.out == expected);
  fs::remove_all(dir);
}

TEST_CASE("check cli: wrong usage exits 2", "[cli][check]") {
  CHECK(run_dondoc("check").code == 2);
  CHECK(run_dondoc("frobnicate rules/").code == 2);
  CHECK(run_dondoc("check --lang fr rules/").code == 2);
}

TEST_CASE("check cli: a missing path is an error, not a crash", "[cli][check]") {
  auto r = run_dondoc("check --lang en no/such/plan.rules");
  CHECK(r.code == 1);
  CHECK(r.out == "dondoc: error: 'no/such/plan.rules' not found\nno/such/plan.rules: 1 error, 0 warnings\n");
}

TEST_CASE("fmt cli: the real plan and the calendar are in canonical layout", "[cli][fmt]") {
  auto r = run_dondoc("fmt --check rules/thanh-hoa-557/*.rules rules/calendar/*.rules");
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(r.out.empty());
}

TEST_CASE("fmt cli: a clause written twice is refused, not silently dropped", "[cli][fmt]") {
  fs::path file = fs::temp_directory_path() / "dondoc_fmt_repeated.rules";
  std::ofstream(file) << "nhiệm vụ A \"x\" {\n  sản phẩm \"a\"\n  sản phẩm \"b\"\n}\n";
  auto r = run_dondoc("fmt --lang en " + file.string());
  CHECK(r.code == 1);
  CHECK(r.out == file.string() + ":3:3: error: 'sản phẩm' is written twice (first on line 2); keep one before formatting\n");
  CHECK(dondoc::test::read_file(file.string()) == "nhiệm vụ A \"x\" {\n  sản phẩm \"a\"\n  sản phẩm \"b\"\n}\n");  // untouched
  fs::remove(file);
}
