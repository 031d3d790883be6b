// The argument parser speaks the user's language: help (golden files in tests/cli/usage/) and
// every kind of usage error, whole messages, in Vietnamese and English; `--version`.
// DONDOC_UPDATE_GOLDEN=1 rewrites the golden files (review them!).

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/test_util.hpp"

namespace fs = std::filesystem;
using dondoc::test::run_dondoc;

namespace {

void golden_help(const std::string& name, const std::string& args) {
  fs::path file = fs::path(DONDOC_SOURCE_DIR) / "tests" / "cli" / "usage" / (name + ".out");
  auto r = run_dondoc(args);
  INFO(args << "\n" << r.err);
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  if (std::getenv("DONDOC_UPDATE_GOLDEN")) {
    std::ofstream(file, std::ios::binary) << r.out;
    return;
  }
  REQUIRE(fs::exists(file));
  CHECK(r.out == dondoc::test::read_file(file.string()));
}

/// A usage error: exit code 2, nothing on stdout, exactly `err` on stderr.
void usage_error(const std::string& args, const std::string& err) {
  auto r = run_dondoc(args);
  INFO(args);
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == err);
}

}  // namespace

TEST_CASE("usage: help in each language, with every option's default", "[cli][usage]") {
  golden_help("dondoc.vi", "--help");
  golden_help("dondoc.en", "--lang en --help");
  golden_help("status.vi", "status --help");
  golden_help("status.en", "status --help --lang en");
  golden_help("run.vi", "run -h");
  golden_help("backup.vi", "backup --help");
  golden_help("backup.en", "backup --help --lang en");
}

TEST_CASE("usage: --version", "[cli][usage]") {
  auto r = run_dondoc("--version");
  CHECK(r.code == 0);
  CHECK(r.out == "dondoc " DONDOC_VERSION "\n");
}

TEST_CASE("usage: errors in Vietnamese", "[cli][usage]") {
  const std::string plan = "rules/thanh-hoa-557";
  usage_error("", "dondoc: cần một lệnh: check, fmt, graph, status, report, simulate, run, record, export, backup\nXem: dondoc --help\n");
  usage_error("frob",
              "dondoc: không có lệnh 'frob'; các lệnh là: check, fmt, graph, status, report, simulate, run, record, export, backup\n");
  usage_error("stauts --at 2023-01-01",
              "dondoc: không có lệnh 'stauts' (có phải ý bạn là 'status'?); các lệnh là: check, fmt, graph, status, report, simulate, "
              "run, record, export, backup\n");
  usage_error("status", "dondoc: thiếu paths (bắt buộc)\nXem: dondoc status --help\n");
  usage_error("simulate " + plan + " --to 2023-12-31", "dondoc: thiếu --from (bắt buộc)\nXem: dondoc simulate --help\n");
  usage_error("status " + plan + " --bogus", "dondoc: không hiểu đối số: --bogus\nXem: dondoc status --help\n");
  usage_error("status " + plan + " --format xml",
              "dondoc: --format: 'xml' không hợp lệ; chọn một trong table,json,csv\nXem: dondoc status --help\n");
  usage_error("status " + plan + " --at", "dondoc: --at cần một giá trị\nXem: dondoc status --help\n");
  usage_error("status " + plan + " --db x.db --journal y.journal", "dondoc: --journal không dùng cùng --db\nXem: dondoc status --help\n");
  usage_error("run " + plan + " --db x.db --tick abc", "dondoc: --tick: 'abc' phải là một số dương\nXem: dondoc run --help\n");
  usage_error("check --diff a", "dondoc: --diff cần ít nhất 2 giá trị, nhận được 1\nXem: dondoc check --help\n");
  usage_error("status " + plan + " --lang fr", "dondoc: --lang: 'fr' không hợp lệ; chọn một trong vi,en\nXem: dondoc status --help\n");
}

TEST_CASE("usage: errors in English", "[cli][usage]") {
  const std::string plan = "rules/thanh-hoa-557";
  usage_error(
      "--lang en",
      "dondoc: a command is required: check, fmt, graph, status, report, simulate, run, record, export, backup\nSee: dondoc --help\n");
  usage_error(
      "--lang en frob",
      "dondoc: 'frob' is not a command; the commands are: check, fmt, graph, status, report, simulate, run, record, export, backup\n");
  usage_error("--lang en status", "dondoc: paths is required\nSee: dondoc status --help\n");
  usage_error("status " + plan + " --bogus --lang en",
              "dondoc: The following argument was not expected: --bogus\nSee: dondoc status --help\n");
  usage_error("--lang=en status " + plan + " --format xml",
              "dondoc: --format: 'xml' is not one of table,json,csv\nSee: dondoc status --help\n");
  usage_error("--lang en status " + plan + " --at", "dondoc: --at needs a value\nSee: dondoc status --help\n");
  usage_error("--lang en status " + plan + " --db x.db --journal y.journal",
              "dondoc: --journal excludes --db\nSee: dondoc status --help\n");
  usage_error("--lang en run " + plan + " --db x.db --tick 0", "dondoc: --tick: '0' must be a positive number\nSee: dondoc run --help\n");
}
