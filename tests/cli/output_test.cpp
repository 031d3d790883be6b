// Every command's output is checked (cli/output.hpp): a failed write is exit 1 with the file
// named, a file is replaced whole or not at all, and no temporary file is left behind.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/test_util.hpp"

namespace fs = std::filesystem;
using dondoc::test::read_file;
using dondoc::test::run_dondoc;

namespace {

const std::string kFull = "dondoc: không ghi được tệp /dev/full: hết chỗ trống trên đĩa\n";
const std::string kFullEn = "dondoc: cannot write /dev/full: no space left on the device\n";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
  return s;
}

/// A fresh folder for one test.
fs::path scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("dondoc_output_test." + std::to_string(getpid()) + "." + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

/// The files in `dir` whose name has ".tmp" in it.
int temporaries(const fs::path& dir) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename().string().find(".tmp") != std::string::npos;
  return n;
}

}  // namespace

/// `args` writing to a full device exits 1, and its stderr is what it says when the write works
/// (the rules' warnings, say) followed by the message naming the device.
void fails_on_full(const std::string& args, const std::string& full) {
  INFO(args);
  auto ok = run_dondoc(replace_all(args, "/dev/full", "/dev/null"));
  REQUIRE(ok.code == 0);
  auto r = run_dondoc(args);
  CHECK(r.code == 1);
  CHECK(r.err == ok.err + full);
}

TEST_CASE("output: status, simulate and check on a full stdout exit 1 naming /dev/full", "[cli][output]") {
  fails_on_full("status rules/thanh-hoa-557 --at 2023-06-01 >/dev/full", kFull);
  fails_on_full("--lang en simulate rules/thanh-hoa-557 --from 2023-01-01 --to 2023-12-31 >/dev/full", kFullEn);
  fails_on_full("check rules/thanh-hoa-557 >/dev/full", kFull);
  fails_on_full("check --diff rules/thanh-hoa-557 rules/thanh-hoa-557 >/dev/full", kFull);
}

TEST_CASE("output: graph -o /dev/full exits 1 and leaves the device alone", "[cli][output]") {
  fails_on_full("graph rules/thanh-hoa-557 -o /dev/full", kFull);
  CHECK(fs::is_character_file("/dev/full"));
  fails_on_full("--lang en graph rules/thanh-hoa-557 --format json >/dev/full", kFullEn);
}

TEST_CASE("output: export and the receipt of record on a full stdout exit 1", "[cli][output]") {
  fs::path dir = scratch("export");
  std::string db = (dir / "store.db").string();
  auto r = run_dondoc("record --db '" + db + "' --rules rules/thanh-hoa-557 'hoàn thành II.3 ngày 20/03/2023' >/dev/full");
  CHECK(r.code == 1);
  CHECK(r.err == kFull);
  // The fact was recorded all the same: only the receipt was lost.
  r = run_dondoc("export --db '" + db + "'");
  CHECK(r.code == 0);
  CHECK(r.out.find("II.3") != std::string::npos);
  r = run_dondoc("--lang en export --db '" + db + "' >/dev/full");
  CHECK(r.code == 1);
  CHECK(r.err == kFullEn);
  fs::remove_all(dir);
}

TEST_CASE("output: a file that cannot be written is named, the old one kept, no temporary left", "[cli][output]") {
  fs::path dir = scratch("file");
  const std::string warnings = run_dondoc("graph rules/thanh-hoa-557 -o /dev/null").err;
  fs::path out = dir / "g.dot";
  std::ofstream(out) << "old\n";
  // A file-size limit: the write fails half way, as on a full disk (SIGXFSZ ignored, so the
  // write returns EFBIG instead of killing the process). stderr goes to a pipe, which the limit
  // does not cut.
  std::string cmd = "cd '" + std::string(DONDOC_SOURCE_DIR) + "' && sh -c \"trap '' XFSZ; ulimit -f 1; exec '" + DONDOC_BINARY +
                    "' graph rules/thanh-hoa-557 -o '" + out.string() + "'\" 2>&1 >/dev/null; echo \"exit $?\"";
  std::string said;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) said.append(buf, n);
  pclose(p);
  CHECK(said == warnings + "dondoc: không ghi được tệp " + out.string() + ": tệp vượt quá kích thước cho phép\nexit 1\n");
  CHECK(read_file(out.string()) == "old\n");
  CHECK(temporaries(dir) == 0);

  auto r = run_dondoc("graph rules/thanh-hoa-557 -o '" + (dir / "no-such-folder" / "g.dot").string() + "'");
  CHECK(r.code == 1);
  CHECK(r.err == warnings + "dondoc: không ghi được tệp " + (dir / "no-such-folder" / "g.dot").string() + ": không có thư mục này\n");
  fs::create_directory(dir / "sub");
  r = run_dondoc("--lang en graph rules/thanh-hoa-557 -o '" + (dir / "sub").string() + "'");
  CHECK(r.code == 1);
  CHECK(r.err == run_dondoc("--lang en graph rules/thanh-hoa-557 -o /dev/null").err + "dondoc: cannot write " + (dir / "sub").string() +
                     ": it is a folder\n");
  CHECK(temporaries(dir) == 0);

  r = run_dondoc("graph rules/thanh-hoa-557 -o '" + out.string() + "'");
  CHECK(r.code == 0);
  CHECK(read_file(out.string()).rfind("digraph", 0) == 0);
  CHECK(temporaries(dir) == 0);
  fs::remove_all(dir);
}
