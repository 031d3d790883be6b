#pragma once
// Shared test helpers.

#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"
#include "dsl/text.hpp"

namespace dondoc::test {

/// Parses text that must have no diagnostic at all; keeps the sources alive with the tree.
struct Parsed {
  dsl::SourceSet sources;
  dsl::FileAst ast;
};

inline std::unique_ptr<Parsed> parse_ok(const std::string& text) {
  auto p = std::make_unique<Parsed>();
  dsl::Diagnostics diags;
  p->ast = dsl::parse_text(p->sources, "test.rules", text, diags);
  INFO(dsl::render_all(diags, dsl::Lang::en));
  REQUIRE(diags.items().empty());
  return p;
}

/// Parses text and returns the rendered diagnostics (Vietnamese unless told).
inline std::string parse_errors(const std::string& text, dsl::Lang lang = dsl::Lang::vi) {
  dsl::SourceSet sources;
  dsl::Diagnostics diags;
  dsl::parse_text(sources, "test.rules", text, diags);
  return dsl::render_all(diags, lang);
}

inline std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// The lines of a file that are not empty (a JSONL sink's file, a log).
inline std::vector<std::string> non_empty_lines(const std::filesystem::path& path) {
  std::vector<std::string> out;
  std::istringstream in(read_file(path.string()));
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

/// What a run of the `dondoc` binary printed, and its exit code.
struct CommandRun {
  std::string out, err;
  int code = -1;
};

/// Runs the real `dondoc` binary from the repository root with `args` (shell words), keeping
/// stdout and stderr apart. Safe when ctest runs cases in parallel: stderr goes to a file named
/// by process and call.
inline CommandRun run_dondoc(const std::string& args) {
  static int calls = 0;
  std::filesystem::path err_file =
      std::filesystem::temp_directory_path() / ("dondoc_test." + std::to_string(getpid()) + "." + std::to_string(++calls) + ".err");
  std::string cmd = std::string("cd '") + DONDOC_SOURCE_DIR + "' && '" + DONDOC_BINARY + "' " + args + " 2>'" + err_file.string() + "'";
  CommandRun r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = read_file(err_file.string());
  std::filesystem::remove(err_file);
  return r;
}

/// The golden cases of `rel_dir` (from the repository root): every `NAME.rules` and every folder
/// `NAME/` (one plan of several files), in name order. Adding a case is adding files.
inline std::vector<std::filesystem::path> golden_cases(const std::string& rel_dir) {
  std::vector<std::filesystem::path> cases;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(DONDOC_SOURCE_DIR) / rel_dir)) {
    if ((e.is_regular_file() && e.path().extension() == ".rules") || e.is_directory()) cases.push_back(e.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

/// `dondoc check --lang LANG PATH` on a golden case (PATH from the repository root).
inline CommandRun run_check(const std::string& rel_path, const std::string& lang) {
  return run_dondoc("check --lang " + lang + " '" + rel_path + "'");
}

/// Whether DONDOC_UPDATE_GOLDEN asks the golden tests to rewrite their expected files.
inline bool update_golden() {
  return std::getenv("DONDOC_UPDATE_GOLDEN") != nullptr;
}

}  // namespace dondoc::test
