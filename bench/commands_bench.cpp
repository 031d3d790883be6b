// dondoc-bench-commands: the one-shot commands on a national plan as a user runs them — `check` and
// `status` of a generated plan (1,000,000 tasks by default), each as a process, its wall time and
// peak memory (the kernel's max RSS of the child) — and the process floor (`dondoc --version`).
//
//   dondoc-bench-commands                              # 1,000,000 tasks, generated into a temp folder
//   dondoc-bench-commands --dir /tmp/dd-1m --runs 5    # an existing plan folder (kept)
//
// Each figure is printed with its ratio to issue 17's goal and to a limit measured in the same run:
// for check and status, reading the plan's text once (the least any command that reads the rules
// does); for the floor, `/bin/true`. `check` is also run without the huge-pages malloc tunable
// (GLIBC_TUNABLES unset), which the systemd unit sets for the daemon: the setting measured alone.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "bench/bench_util.hpp"

namespace {

using namespace dondoc::bench;

struct Run {
  double seconds = 0;
  double max_rss_mb = 0;
  int status = 0;
};

/// Runs `argv` with `env` added (or GLIBC_TUNABLES removed when `tunable` is empty), its output to
/// /dev/null; its wall time and max RSS.
Run run_process(const std::vector<std::string>& argv, const std::string& tunable) {
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    if (tunable.empty()) {
      unsetenv("GLIBC_TUNABLES");
    } else {
      setenv("GLIBC_TUNABLES", tunable.c_str(), 1);
    }
    std::FILE* null = std::fopen("/dev/null", "w");
    dup2(fileno(null), 1);
    dup2(fileno(null), 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  Run r;
  r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  r.max_rss_mb = double(ru.ru_maxrss) * 1024 / 1e6;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return r;
}

/// Reads every file of the plan once, as text: the floor of a command that reads the rules.
double read_once(const fs::path& folder, std::uintmax_t& bytes) {
  bytes = 0;
  return time_once([&] {
    for (const auto& f : fs::directory_iterator(folder)) bytes += slurp(f.path()).size();
  });
}

struct Figure {
  Timing wall;
  double peak_mb = 0;
  int status = 0;
};

Figure measure(const std::vector<std::string>& argv, const std::string& tunable, std::size_t runs) {
  Figure f;
  for (std::size_t i = 0; i < runs; ++i) {
    Run r = run_process(argv, tunable);
    f.wall.seconds.push_back(r.seconds);
    f.peak_mb = std::max(f.peak_mb, r.max_rss_mb);
    f.status = r.status;
  }
  return f;
}

void print(std::string_view what, const Figure& f, double goal_s, double goal_mb, double limit_s) {
  fmt::print("{}: best {:.2f} s, median {:.2f} s (exit {}); peak {:.0f} MB", what, f.wall.best(), f.wall.median(), f.status, f.peak_mb);
  if (goal_s > 0) fmt::print("; {:.2f}× the goal of {} s", f.wall.best() / goal_s, goal_s);
  if (goal_mb > 0) fmt::print(", {:.2f}× the goal of {} MB", f.peak_mb / goal_mb, goal_mb);
  if (limit_s > 0) fmt::print("; {:.1f}× reading the text once", f.wall.best() / limit_s);
  fmt::print("\n");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dondoc-bench-commands — đo các lệnh trên kế hoạch cấp quốc gia / times the commands on a national plan"};
  std::size_t tasks = 1'000'000, files = 16, runs = 3;
  std::uint64_t seed = 1;
  std::string dir, at = "2026-06-30", dondoc = DONDOC_BINARY;
  app.add_option("--tasks", tasks, "generate a plan of this many tasks (default 1000000)");
  app.add_option("--files", files, "split the generated plan into this many files (default 16)");
  app.add_option("--seed", seed, "generator seed");
  app.add_option("--dir", dir, "use this plan folder (generated there and kept when missing)");
  app.add_option("--runs", runs, "runs of each command (default 3)")->check(CLI::Range(1, 50));
  app.add_option("--at", at, "the date of status (default 2026-06-30)");
  app.add_option("--dondoc", dondoc, "the dondoc binary");
  CLI11_PARSE(app, argc, argv);

  // First, while this process is small: a forked child's max RSS starts at its parent's.
  Figure floor = measure({dondoc, "--version"}, "", std::max<std::size_t>(runs, 5));
  Figure truth = measure({"/bin/true"}, "", std::max<std::size_t>(runs, 5));
  fmt::print("process floor (dondoc --version): peak {:.1f} MB, best {:.3f} s; /bin/true: peak {:.1f} MB ({:.1f}× it)\n", floor.peak_mb,
             floor.wall.best(), truth.peak_mb, floor.peak_mb / std::max(0.1, truth.peak_mb));

  bool generated = false;
  fs::path folder = plan_folder(dir, tasks, files, seed, "dondoc-bench-commands", generated);
  const std::string huge = "glibc.malloc.hugetlb=1";
  std::uintmax_t bytes = 0;
  Timing text;
  for (std::size_t i = 0; i < runs; ++i) text.seconds.push_back(read_once(folder, bytes));
  fmt::print("plan: {} ({} tasks asked, {:.1f} MB of text); reading it once: best {:.3f} s\n", folder.string(), tasks, double(bytes) / 1e6,
             text.best());

  const std::string plan = folder.string();
  Figure check = measure({dondoc, "check", "--no-calendar", plan}, huge, runs);
  print("check, huge pages (GLIBC_TUNABLES=" + huge + ")", check, 2.0, 1000.0, text.best());
  Figure check_plain = measure({dondoc, "check", "--no-calendar", plan}, "", runs);
  print("check, without the tunable", check_plain, 2.0, 1000.0, text.best());
  Figure status = measure({dondoc, "status", "--no-calendar", "--at", at, "--format", "csv", plan}, huge, runs);
  print("status --format csv, huge pages", status, 2.0, 1000.0, text.best());

  if (generated && dir.empty()) fs::remove_all(folder);
  return check.status == 0 && status.status <= 1 ? 0 : 1;
}
