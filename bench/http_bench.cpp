// dondoc-bench-http: the daemon's HTTP API as a client sees it. Starts `dondoc run --http` on the
// real plan (or a generated one, `--tasks N`) held on one day, then
//  1. times `--requests` sequential GETs of `--path` over one keep-alive connection: the first (the
//     server builds the answer) and best, median, p95 (the server answers from its cache), e.g.
//     /api/status on the real plan, /api/overview on a big one;
//  2. with `--wrk`, runs wrk (Debian's `wrk`) from a second process for 10 s and reports requests/s.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_util.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

using dondoc::bench::slurp;

pid_t spawn_daemon(const std::vector<std::string>& args, const fs::path& err) {
  pid_t pid = fork();
  if (pid == 0) {
    FILE* e = std::freopen(err.c_str(), "w", stderr);
    (void)e;
    std::vector<char*> argv{const_cast<char*>(DONDOC_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(DONDOC_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

/// The port from the daemon's `http: listening on http://127.0.0.1:PORT/`, waiting up to `limit`.
int wait_port(const fs::path& err, std::chrono::seconds limit) {
  const std::regex listening(R"(http: listening on http://127\.0\.0\.1:(\d+)/)");
  for (auto end = Clock::now() + limit; Clock::now() < end; std::this_thread::sleep_for(100ms)) {
    std::smatch m;
    std::string log = slurp(err);
    if (std::regex_search(log, m, listening)) return std::stoi(m[1]);
  }
  return -1;
}

std::string run_wrk(int port, const std::string& path) {
  std::string cmd = fmt::format("wrk -t2 -c8 -d10s http://127.0.0.1:{}{} 2>&1", port, path);
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return "wrk: cannot run";
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  pclose(p);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dondoc-bench-http: latency and throughput of the daemon's HTTP API"};
  std::size_t tasks = 0;
  int requests = 200;
  std::string path = "/api/status", dir;
  bool wrk = false;
  app.add_option("--tasks", tasks, "generate a plan of N tasks (0: the real plan rules/thanh-hoa-557)");
  app.add_option("--dir", dir, "where to keep a generated plan (reused when it exists)");
  app.add_option("--path", path, "what to request");
  app.add_option("--requests", requests, "sequential requests timed");
  app.add_flag("--wrk", wrk, "also run wrk for 10 s from a second process");
  CLI11_PARSE(app, argc, argv);

  fs::path plan = fs::path(DONDOC_SOURCE_DIR) / "rules/thanh-hoa-557";
  bool generated = false;
  if (tasks > 0) plan = dondoc::bench::plan_folder(dir, tasks, 1, 1, "http", generated);
  fs::path work = fs::temp_directory_path() / fmt::format("dondoc-bench-http.{}", getpid());
  fs::create_directories(work);
  auto t0 = Clock::now();
  pid_t pid = spawn_daemon({"run", plan.string(), "--db", (work / "s.db").string(), "--clock", "sim:2023-06-01:0.00001", "--tick", "1000",
                            "--http", "127.0.0.1:0"},
                           work / "err");
  int port = wait_port(work / "err", 600s);
  if (port < 0) {
    std::fprintf(stderr, "the daemon did not start:\n%s", slurp(work / "err").c_str());
    kill(pid, SIGKILL);
    return 1;
  }
  std::printf("plan %s: daemon serving after %.1f s\n", tasks ? fmt::format("{} tasks", tasks).c_str() : "thanh-hoa-557",
              std::chrono::duration<double>(Clock::now() - t0).count());

  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(60, 0);
  client.set_keep_alive(true);
  std::vector<double> ms;
  std::size_t bytes = 0;
  for (int i = 0; i < requests; ++i) {
    auto s = Clock::now();
    auto res = client.Get(path);
    if (!res || res->status != 200) {
      std::fprintf(stderr, "GET %s failed\n", path.c_str());
      break;
    }
    bytes = res->body.size();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - s).count());
  }
  if (!ms.empty()) {
    // The first answer is built; the next ones come from the server's cache until the state changes.
    std::printf("GET %s: first (built) %.2f ms\n", path.c_str(), ms.front());
    std::sort(ms.begin(), ms.end());
    std::printf("GET %s (%zu bytes) x %zu: best %.2f ms, median %.2f ms, p95 %.2f ms\n", path.c_str(), bytes, ms.size(), ms.front(),
                ms[ms.size() / 2], ms[ms.size() * 95 / 100]);
  }
  if (wrk) std::printf("%s", run_wrk(port, path).c_str());
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  fs::remove_all(work);
  if (generated) fs::remove_all(plan);
  return 0;
}
