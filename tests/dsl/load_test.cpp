// Loading a plan from disk: reading files, checking their bytes, following includes, and doing
// it on several threads with the same result as on one.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"

using namespace dondoc::dsl;
namespace fs = std::filesystem;

namespace {
/// A folder under the temporary folder, removed at the end of the test.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name) : path(fs::temp_directory_path() / name) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel, std::ios::binary) << text;
  }
};

/// What a load leaves that anyone downstream can see.
struct Loaded {
  std::vector<std::string> plan_files;    ///< PlanSources order
  std::vector<std::string> source_files;  ///< SourceSet order (diagnostics are ranked by it)
  std::string diagnostics;                ///< rendered, in English
};

Loaded load(const fs::path& dir, unsigned threads) {
  SourceSet sources;
  Diagnostics diags;
  PlanSources plan = load_plan(sources, {dir}, diags, threads);
  Loaded out;
  for (const auto& f : plan.files) out.plan_files.push_back(fs::path(f.source->path).lexically_relative(dir).string());
  for (const auto& f : sources.files()) out.source_files.push_back(fs::path(f.path).lexically_relative(dir).string());
  out.diagnostics = render_all(diags, Lang::en);
  return out;
}
}  // namespace

TEST_CASE("load: a folder read on several threads gives what one thread gives", "[dsl][load]") {
  TempDir dir("dondoc_load_threads_test");
  const fs::path& p = dir.path;
  dir.write("plan/a.rules", "bao gồm \"sub/c.rules\"\nnhiệm vụ A.1 \"x\" { thời hạn Quý V/2023 }\n");
  dir.write("plan/b.rules", "bao gồm \"d.rules\"\nnhiệm vụ B.1 \"x\" { chủ trì SXD }\n");
  dir.write("plan/d.rules", "cơ quan SXD \"S\xFF\"\n");
  dir.write("plan/e.rules", "bao gồm \"../outside.rules\"\nnhiệm vụ E.1 \"x\" { thời hạn 31/02/2023 }\n");
  dir.write("plan/f.rules", "nhiem vu F.1 \"x\" { }\n");
  dir.write("plan/g.rules", "nhiệm vụ G.1 \"x\" { chủ trì SXD }\n");
  dir.write("plan/sub/c.rules", "bao gồm \"../a.rules\"\nnhiệm vụ C.1 \"x\" { thời hạn Quý 0/2023 }\n");
  dir.write("outside.rules", "nhiệm vụ O.1 \"x\" { chủ trì SXD }\n");

  Loaded one = load(p / "plan", 1);
  // Includes come right after the file that includes them; a.rules and sub/c.rules include
  // each other, so they come last, from the pass for files reachable only through a cycle.
  CHECK(one.plan_files == std::vector<std::string>{"b.rules", "d.rules", "e.rules", "f.rules", "g.rules", "a.rules", "sub/c.rules"});
  CHECK(one.source_files == std::vector<std::string>{"a.rules", "b.rules", "d.rules", "e.rules", "f.rules", "g.rules", "sub/c.rules"});
  CHECK(one.diagnostics.find("d.rules:1:15: error: invalid UTF-8 byte 0xFF; save the file as UTF-8\n") != std::string::npos);
  CHECK(one.diagnostics.find("c.rules:1:9: error: include cycle: a.rules -> c.rules -> a.rules\n") != std::string::npos);
  CHECK(one.diagnostics.find("e.rules:1:9: error: cannot include '../outside.rules'") != std::string::npos);

  for (unsigned threads : {2u, 3u, 8u}) {
    INFO("threads: " << threads);
    Loaded many = load(p / "plan", threads);
    CHECK(many.plan_files == one.plan_files);
    CHECK(many.source_files == one.source_files);
    CHECK(many.diagnostics == one.diagnostics);
  }
}

TEST_CASE("load: an invalid byte in a file read from disk is reported at its place", "[dsl][load][unicode]") {
  TempDir dir("dondoc_load_utf8_test");
  dir.write("plan/a.rules", "nhiệm vụ A.1 \"x\" { chủ trì SXD }\n");
  dir.write("plan/b.rules", "\xEF\xBB\xBFnhiệm vụ B.1 \"x\" { chủ trì SXD }\ncơ quan SXD \"S\xC3\"\n");
  SourceSet sources;
  Diagnostics diags;
  load_plan(sources, {dir.path / "plan"}, diags, 2);
  std::string b = (dir.path / "plan" / "b.rules").string();
  CHECK(render_all(diags, Lang::en) == b + ":2:15: error: invalid UTF-8 byte 0xC3; save the file as UTF-8\n"
                                           "  cơ quan SXD \"S\xEF\xBF\xBD\"\n"
                                           "                ^\n");
}

TEST_CASE("load: valid text is kept as it was read, a BOM aside", "[dsl][load][unicode]") {
  SourceSet sources;
  Diagnostics diags;
  const SourceFile& f = sources.add("a.rules", std::string("\xEF\xBB\xBF") + "a\nb\r\nc", diags);
  CHECK(diags.items().empty());
  CHECK(f.text == "a\nb\r\nc");
  CHECK(f.line_count() == 3);
  CHECK(f.line_text(2) == "b");
  CHECK(f.line_text(3) == "c");
}
