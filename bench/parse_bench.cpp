// dondoc-bench-parse: how fast does a large plan become a syntax tree, and at what memory cost.
//
//   dondoc-bench-parse                 # generates a ~100 MB plan in memory
//   dondoc-bench-parse --mb 5 --runs 1
//   dondoc-bench-parse --file bench/data/plan.rules
//
// Times, for the same text: SourceSet::add (UTF-8 check + NFC), a pure PEGTL match of
// grammar::file without actions, and parse_source to a full FileAst. Best and median of
// --runs runs, wall clock; the first run is shown too (it pays for fresh pages, later runs reuse
// the heap freed by the one before). MB = 10^6 bytes. Results go to stdout, progress to stderr.
// Peak memory is VmHWM from /proc/self/status, reset between phases through
// /proc/self/clear_refs where the kernel allows it.

#include <malloc.h>
#include <unistd.h>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bench/plan_gen.hpp"
#include "dsl/grammar.hpp"  // for the pure match only; the product includes it in dsl/parser.cpp alone
#include "dsl/parser.hpp"
#include "dsl/text.hpp"

namespace {

namespace dsl = dondoc::dsl;
namespace pegtl = tao::pegtl;
using Clock = std::chrono::steady_clock;

constexpr double kMB = 1e6;

/// A field of /proc/self/status in kB (VmRSS, VmHWM), or -1.
long status_kb(std::string_view field) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind(field, 0) == 0 && line.size() > field.size() && line[field.size()] == ':')
      return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}
double rss_mb() {
  return double(status_kb("VmRSS")) * 1024 / kMB;
}
double hwm_mb() {
  return double(status_kb("VmHWM")) * 1024 / kMB;
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0). Returns false where that is not allowed.
bool reset_hwm() {
  std::ofstream f("/proc/self/clear_refs");
  if (!f) return false;
  f << "5";
  f.flush();
  return static_cast<bool>(f);
}

struct Timing {
  std::vector<double> seconds;      ///< wall clock
  std::vector<double> cpu_seconds;  ///< CPU time of this thread: shows how much of the wall time was waiting for a loaded machine
  double best() const { return *std::min_element(seconds.begin(), seconds.end()); }
  double median() const {
    auto s = seconds;
    std::sort(s.begin(), s.end());
    return s.size() % 2 ? s[s.size() / 2] : (s[s.size() / 2 - 1] + s[s.size() / 2]) / 2;
  }
};

double thread_cpu() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

/// Runs f once and appends its wall and CPU time to t.
template <typename F>
void time_once(Timing& t, F&& f) {
  double c0 = thread_cpu();
  auto t0 = Clock::now();
  f();
  t.seconds.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
  t.cpu_seconds.push_back(thread_cpu() - c0);
}

std::size_t count_tasks(const std::vector<dsl::Decl>& decls) {
  std::size_t n = 0;
  for (const auto& d : decls) {
    if (std::holds_alternative<dsl::TaskDecl>(d)) ++n;
    if (const auto* s = std::get_if<dsl::SectionDecl>(&d)) n += count_tasks(s->items);
  }
  return n;
}

void progress(std::string_view what) {
  fmt::print(stderr, "dondoc-bench-parse: {}\n", what);
}

std::string generate(std::size_t tasks, std::uint64_t seed, dondoc::bench::GenLang lang) {
  std::string out;
  dondoc::bench::GenOptions o;
  o.tasks = tasks;
  o.seed = seed;
  o.lang = lang;
  dondoc::bench::generate_plan(o, [&](std::size_t, std::string_view text) { out.append(text); });
  return out;
}

void row(std::string_view what, const Timing& t, double mb, std::string_view extra = {}) {
  double cpu = *std::min_element(t.cpu_seconds.begin(), t.cpu_seconds.end());
  fmt::print("{:<38} first {:6.3f} s  best {:6.3f} s  median {:6.3f} s  {:6.1f} MB/s (best), {:6.1f} (median), {:6.1f} (CPU){}\n", what,
             t.seconds.front(), t.best(), t.median(), mb / t.best(), mb / t.median(), mb / cpu, extra);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dondoc-bench-parse — đo tốc độ phân tích cú pháp / parse throughput of a large plan"};
  std::size_t tasks = 0, runs = 3;
  double mb = 100;
  std::string file, lang = "vi";
  std::uint64_t seed = 1;
  bool skip_pure = false;
  auto* tasks_opt = app.add_option("--tasks", tasks, "generate a plan of this many tasks");
  app.add_option("--file", file, "parse this file instead of generating a plan")->excludes(tasks_opt);
  app.add_option("--mb", mb, "size of the generated plan in MB (10^6 bytes), default 100")->excludes(tasks_opt);
  app.add_option("--runs", runs, "runs per measurement, default 3")->check(CLI::Range(1, 100));
  app.add_option("--seed", seed, "generator seed");
  app.add_option("--lang", lang, "generated keyword language: vi | en")->check(CLI::IsMember({"vi", "en"}));
  app.add_flag("--skip-pure", skip_pure, "do not time the pure grammar match");
  CLI11_PARSE(app, argc, argv);
  auto glang = lang == "en" ? dondoc::bench::GenLang::en : dondoc::bench::GenLang::vi;

  // ---- the input
  std::string input;
  if (!file.empty()) {
    std::ifstream f(file, std::ios::binary);
    if (!f) {
      fmt::print(stderr, "dondoc-bench-parse: cannot read '{}'\n", file);
      return 1;
    }
    f.seekg(0, std::ios::end);
    input.resize(static_cast<std::size_t>(f.tellg()));
    f.seekg(0);
    f.read(input.data(), static_cast<std::streamsize>(input.size()));
  } else {
    if (tasks == 0) {
      std::size_t probe = 4000;
      double per_task = double(generate(probe, seed, glang).size()) / double(probe);
      tasks = static_cast<std::size_t>(mb * kMB / per_task);
    }
    progress(fmt::format("generating {} tasks ({}) …", tasks, lang));
    input = generate(tasks, seed, glang);
  }
  const double in_mb = double(input.size()) / kMB;
  const double rss_input = rss_mb();
  const bool can_reset = reset_hwm();
  fmt::print("input: {:.2f} MB{} ; RSS with the input loaded {:.1f} MB\n", in_mb,
             file.empty() ? fmt::format(", {} generated tasks ({})", tasks, lang) : " from " + file, rss_input);

  // ---- SourceSet::add: UTF-8 check and repair, NFC
  progress("SourceSet::add …");
  Timing add;
  double add_peak = 0;
  std::unique_ptr<dsl::SourceSet> sources;
  const dsl::SourceFile* src = nullptr;
  for (std::size_t r = 0; r < runs; ++r) {
    sources.reset();
    auto set = std::make_unique<dsl::SourceSet>();
    dsl::Diagnostics d;
    reset_hwm();
    time_once(add, [&] { src = &set->add("bench.rules", input, d); });
    add_peak = std::max(add_peak, hwm_mb());
    if (!d.items().empty()) fmt::print(stderr, "dondoc-bench-parse: {} diagnostics from SourceSet::add\n", d.items().size());
    sources = std::move(set);
  }
  const double rss_source = rss_mb();
  row("SourceSet::add (UTF-8 check + NFC)", add, in_mb);
  {
    // What add does on valid NFC text: one scan that finds nothing to repair or normalise.
    Timing scan;
    for (std::size_t r = 0; r < runs; ++r) {
      time_once(scan, [&] {
        if (dsl::first_not_plain(input) != std::string_view::npos) fmt::print("the text is not plain: add repairs or normalises it\n");
      });
    }
    row("  of which the plain-text scan", scan, in_mb);
  }

  // ---- pure grammar match, no actions
  if (!skip_pure) {
    progress("pure grammar match …");
    const char* b = src->text.data();
    const char* e = b + src->text.size();
    Timing eager, lazy;
    bool ok = true;
    for (std::size_t r = 0; r < runs; ++r) {
      time_once(eager, [&] {
        pegtl::memory_input<pegtl::tracking_mode::eager, pegtl::eol::lf_crlf, std::string> in(b, e, src->path);
        ok = ok && pegtl::parse<dsl::grammar::file, pegtl::nothing, dsl::grammar::control>(in);
      });
      time_once(lazy, [&] {
        pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf, std::string> in(b, e, src->path);
        ok = ok && pegtl::parse<dsl::grammar::file, pegtl::nothing, dsl::grammar::control>(in);
      });
    }
    row("pure match, eager tracking (as parser)", eager, in_mb);
    row("pure match, lazy tracking", lazy, in_mb);
    if (!ok) fmt::print("WARNING: the pure match did not accept the whole input\n");
  }

  // ---- parse_source to a full syntax tree
  progress("parse_source …");
  Timing parse, destroy;
  double parse_peak = 0, rss_ast = 0;
  std::size_t got_tasks = 0, diags_count = 0, decls = 0;
  for (std::size_t r = 0; r < runs; ++r) {
    dsl::Diagnostics d;
    auto ast = std::make_unique<dsl::FileAst>();
    reset_hwm();
    time_once(parse, [&] { *ast = dsl::parse_source(*src, d); });
    parse_peak = std::max(parse_peak, hwm_mb());
    rss_ast = rss_mb();
    got_tasks = count_tasks(ast->decls);
    decls = ast->decls.size();
    diags_count = d.items().size();
    if (r == 0 && diags_count) fmt::print("{}", dsl::render_all(d, dsl::Lang::en).substr(0, 4000));
    time_once(destroy, [&] { ast.reset(); });
  }
  row("parse_source to FileAst", parse, in_mb, fmt::format("  {:.0f} tasks/s", double(got_tasks) / parse.best()));
  row("  freeing the FileAst", destroy, in_mb);
  fmt::print("parsed: {} top-level declarations, {} tasks, {} diagnostics\n", decls, got_tasks, diags_count);

  // ---- what a `dondoc check` of this file costs before any engine stage
  Timing total;
  for (std::size_t r = 0; r < runs; ++r) {
    total.seconds.push_back(add.seconds[r] + parse.seconds[r]);
    total.cpu_seconds.push_back(add.cpu_seconds[r] + parse.cpu_seconds[r]);
  }
  row("add + parse_source (reading a file)", total, in_mb);

  // ---- memory
  fmt::print("memory (input {:.1f} MB):\n", in_mb);
  if (can_reset) {
    fmt::print("  during SourceSet::add   peak RSS {:7.1f} MB = {:.2f}x input ({:.2f}x above the loaded input)\n", add_peak,
               add_peak / in_mb, (add_peak - rss_input) / in_mb);
    fmt::print("  during parse_source     peak RSS {:7.1f} MB = {:.2f}x input ({:.2f}x above input + source text)\n", parse_peak,
               parse_peak / in_mb, (parse_peak - rss_source) / in_mb);
  }
  fmt::print("  FileAst alone           {:7.1f} MB = {:.2f}x input\n", rss_ast - rss_source, (rss_ast - rss_source) / in_mb);
  fmt::print("  sizeof: Decl {}, TaskDecl {}, SectionDecl {}, Name {}, Text {}, DueClause {}, TimeExpr {}, Location {}\n",
             sizeof(dsl::Decl), sizeof(dsl::TaskDecl), sizeof(dsl::SectionDecl), sizeof(dsl::Name), sizeof(dsl::Text),
             sizeof(dsl::DueClause), sizeof(dsl::TimeExpr), sizeof(dsl::Location));
  fmt::print("  process peak (VmHWM)    {:7.1f} MB = {:.2f}x input{}\n", std::max({hwm_mb(), add_peak, parse_peak}),
             std::max({hwm_mb(), add_peak, parse_peak}) / in_mb, can_reset ? "" : " (clear_refs not allowed: peaks are not per phase)");

  // ---- a whole read as `dondoc check` does it: file → text → syntax tree, nothing else held
  if (can_reset) {
    auto tmp = std::filesystem::temp_directory_path() / fmt::format("dondoc-bench-parse.{}.rules", ::getpid());
    {
      std::ofstream out(tmp, std::ios::binary);
      out.write(input.data(), static_cast<std::streamsize>(input.size()));
    }
    sources.reset();
    std::string().swap(input);
    ::malloc_trim(0);
    const double base = rss_mb();
    reset_hwm();
    Timing whole;
    {
      dsl::SourceSet set;
      dsl::Diagnostics d;
      std::optional<dsl::FileAst> ast;
      time_once(whole, [&] { ast = dsl::parse_file(set, tmp, d); });
    }
    const double peak = hwm_mb();
    std::filesystem::remove(tmp);
    row("whole read (parse_file: read, add, parse)", whole, in_mb);
    fmt::print("  whole read: peak {:.1f} MB above the process before it = {:.2f}x the file (text + tree)\n", peak - base,
               (peak - base) / in_mb);
  }
  return diags_count ? 1 : 0;
}
