// dondoc-gen-plan: writes a synthetic plan of N tasks in the plan language (see plan_gen.hpp).
//
//   dondoc-gen-plan --tasks 2000 --lang vi --out bench/data/plan-2k.rules
//   dondoc-gen-plan --tasks 1000000 --files 16 --out bench/data/plan-1m/
//
// The same arguments give byte-identical output. A summary goes to stderr.

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

#include "bench/plan_gen.hpp"

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f && f != stdout) std::fclose(f);
  }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

File open_or_die(const std::filesystem::path& p) {
  File f(std::fopen(p.c_str(), "wb"));
  if (!f) {
    fmt::print(stderr, "dondoc-gen-plan: cannot write '{}': {}\n", p.string(), std::strerror(errno));
    std::exit(1);
  }
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace dondoc::bench;
  CLI::App app{"dondoc-gen-plan — sinh kế hoạch tổng hợp để đo hiệu năng / writes a synthetic plan for benchmarks"};
  GenOptions o;
  std::string lang = "vi", out;
  app.add_option("--tasks", o.tasks, "number of tasks")->required()->check(CLI::Range(std::size_t{0}, std::size_t{100'000'000}));
  app.add_option("--seed", o.seed, "random seed (default 1)");
  app.add_option("--lang", lang, "keyword language: vi | en")->check(CLI::IsMember({"vi", "en"}));
  app.add_option("--out", out, "output file (default stdout), or a folder with --files");
  app.add_option("--files", o.files, "split into this many files in the --out folder")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000}));
  CLI11_PARSE(app, argc, argv);
  o.lang = lang == "en" ? GenLang::en : GenLang::vi;

  std::vector<File> files;
  std::vector<std::filesystem::path> paths;
  if (o.files > 1) {
    if (out.empty()) {
      fmt::print(stderr, "dondoc-gen-plan: --files needs --out FOLDER\n");
      return 2;
    }
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) {
      fmt::print(stderr, "dondoc-gen-plan: cannot create '{}': {}\n", out, ec.message());
      return 1;
    }
    for (std::size_t i = 0; i < o.files; ++i) {
      paths.push_back(std::filesystem::path(out) / plan_file_name(i, o.files));
      files.push_back(open_or_die(paths.back()));
    }
  } else if (!out.empty() && out != "-") {
    std::filesystem::path p(out);
    if (std::filesystem::is_directory(p)) p /= plan_file_name(0, 1);
    paths.push_back(p);
    files.push_back(open_or_die(p));
  } else {
    files.push_back(File(stdout));
  }

  bool write_error = false;
  GenStats s = generate_plan(o, [&](std::size_t f, std::string_view text) {
    if (std::fwrite(text.data(), 1, text.size(), files[f].get()) != text.size()) write_error = true;
  });
  for (auto& f : files) {
    if (std::fflush(f.get()) != 0) write_error = true;
  }
  if (write_error) {
    fmt::print(stderr, "dondoc-gen-plan: write failed: {}\n", std::strerror(errno));
    return 1;
  }
  fmt::print(stderr,
             "dondoc-gen-plan: {} bytes in {} file(s): {} tasks, {} sections, {} events, {} duties, {} indicators, {} agencies; "
             "edges: {} depends, {} trigger, {} event-after ({:.2f} per task)\n",
             s.bytes, files.size(), s.tasks, s.sections, s.events, s.duties, s.indicators, s.agencies, s.depends_edges, s.trigger_edges,
             s.after_edges, s.tasks ? double(s.depends_edges + s.trigger_edges + s.after_edges) / double(s.tasks) : 0.0);
  return 0;
}
