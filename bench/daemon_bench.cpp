// dondoc-bench-daemon: the daemon, as a process, held on one working day (a simulated clock that does
// not move), as the real clock is within a day.
//  1. fact → delivered: records `done TASK` for tasks it escalated (through runtime::Store, as
//     `dondoc record` does) and times until the `resolved` notice is in the JSONL sink (10 ms tick);
//  2. the tick after one new fact, as the daemon logs it (`tick: 1 new facts, 0 days evaluated, X ms`),
//     on the same plan or on a generated one (`--tasks N`, no sink: the first day's escalations of a
//     big plan would take minutes to fsync one by one).

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_util.hpp"
#include "bench/plan_gen.hpp"
#include "runtime/sinks.hpp"
#include "runtime/store.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

using dondoc::bench::slurp;

pid_t spawn(const std::string& bin, const std::vector<std::string>& args, const fs::path& err) {
  pid_t pid = fork();
  if (pid == 0) {
    int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int n = ::open("/dev/null", O_WRONLY);
    dup2(n, 1);
    dup2(e, 2);
    setenv("DONDOC_LOG_LEVEL", "debug", 1);
    std::vector<char*> argv{const_cast<char*>(bin.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

bool wait_for(const fs::path& file, const std::string& needle, std::chrono::seconds timeout) {
  auto end = Clock::now() + timeout;
  while (Clock::now() < end) {
    if (slurp(file).find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

double pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

/// The tick times the daemon logged after taking in exactly one fact and evaluating no new day.
std::vector<double> one_fact_ticks(const fs::path& log) {
  std::vector<double> out;
  std::istringstream in(slurp(log));
  for (std::string l; std::getline(in, l);) {
    const std::string needle = "tick: 1 new facts, 0 days evaluated, ";
    auto at = l.find(needle);
    if (at != std::string::npos) out.push_back(std::stod(l.substr(at + needle.size())));
  }
  return out;
}

void record(dondoc::runtime::Store& store, const std::string& task, const std::string& today) {
  dondoc::runtime::NewFact f;
  f.kind = "done";
  f.target = task;
  f.on = today;
  f.text = "done " + task + " on " + today;
  f.recorded_by = "dondoc-bench-daemon";
  f.recorded_at = dondoc::runtime::utc_now_iso();
  store.record_fact(f);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dondoc-bench-daemon: fact → delivered latency and the tick after one fact"};
  std::string bin = "build/dondoc", plan = "rules/thanh-hoa-557", work = "/tmp/dondoc-bench-daemon";
  int facts = 50, tick = 10;
  std::string day = "2024-12-02";
  std::size_t tasks = 0;
  app.add_option("--dondoc", bin, "the dondoc binary");
  app.add_option("--plan", plan, "the plan (ignored with --tasks)");
  app.add_option("--tasks", tasks, "generate a plan of N tasks instead, and time only the tick (no sink)");
  app.add_option("--facts", facts, "facts to record, one at a time");
  app.add_option("--tick", tick, "the daemon's tick (ms)");
  app.add_option("--work", work, "a scratch folder (emptied)");
  app.add_option("--day", day, "the plan day it runs on (a working day: nothing is sent on a day off)");
  CLI11_PARSE(app, argc, argv);

  fs::remove_all(work);
  fs::create_directories(work);
  const fs::path db = fs::path(work) / "bench.db", jsonl = fs::path(work) / "out.jsonl", log = fs::path(work) / "daemon.log";
  if (tasks) {
    fs::create_directories(fs::path(work) / "plan");
    std::ofstream out(fs::path(work) / "plan" / "plan.rules", std::ios::binary);
    dondoc::bench::GenOptions g;
    g.tasks = tasks;
    dondoc::bench::generate_plan(g, [&](std::size_t, std::string_view t) { out.write(t.data(), static_cast<std::streamsize>(t.size())); });
    plan = (fs::path(work) / "plan").string();
  }
  std::vector<std::string> args{
      "run", plan, "--db", db.string(), "--clock", "sim:" + day + ":0.000001", "--tick", std::to_string(tick), "--log", log.string()};
  if (!tasks) args.insert(args.end(), {"--sink", "jsonl:" + jsonl.string()});
  auto t_start = Clock::now();
  pid_t pid = spawn(bin, args, fs::path(work) / "daemon.err");
  if (!wait_for(log, "tick: ", 900s)) {
    std::fprintf(stderr, "the daemon did not evaluate its first day:\n%s\n", slurp(fs::path(work) / "daemon.err").c_str());
    kill(pid, SIGKILL);
    return 1;
  }
  std::printf("start to first day evaluated: %.1f s\n", std::chrono::duration<double>(Clock::now() - t_start).count());

  auto store = dondoc::runtime::Store::open(db.string());
  const std::string today = store.last_evaluation()->plan_date;
  // Tasks it escalated after their deadline: a `done` for each gives a `resolved` notice.
  std::vector<std::string> candidates;
  std::set<std::string> seen;
  for (const auto& e : store.outbox("none", 1 << 30)) {
    auto j = nlohmann::json::parse(e.payload);
    if (j.value("subject", "") == "task" && (e.kind == "urging" || e.kind == "long_overdue") && seen.insert(e.task).second)
      candidates.push_back(e.task);
  }
  if (candidates.size() > static_cast<std::size_t>(facts)) candidates.resize(static_cast<std::size_t>(facts));
  std::printf("plan %s, %zu escalations on %s, %zu facts to record\n", plan.c_str(), store.escalation_ids().size(), today.c_str(),
              candidates.size());

  std::vector<double> latency;
  for (const auto& task : candidates) {
    std::size_t before = fs::exists(jsonl) ? fs::file_size(jsonl) : 0;
    auto t0 = Clock::now();
    record(store, task, today);
    if (tasks) {  // one fact per tick: wait until the daemon logged the tick that took it in
      std::size_t n = one_fact_ticks(log).size() + 1;
      for (auto end = Clock::now() + 60s; one_fact_ticks(log).size() < n && Clock::now() < end;) std::this_thread::sleep_for(5ms);
      continue;
    }
    const std::string needle = "\"task\":\"" + task + "\",\"kind\":\"resolved\"";
    for (;;) {
      if (fs::exists(jsonl) && fs::file_size(jsonl) != before && slurp(jsonl).find(needle) != std::string::npos) break;
      if (Clock::now() - t0 > 10s) {
        std::fprintf(stderr, "no resolved notice for %s\n", task.c_str());
        break;
      }
      std::this_thread::sleep_for(200us);
    }
    latency.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(5 * tick));
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);

  auto ticks = one_fact_ticks(log);
  if (!latency.empty())
    std::printf("fact -> delivered (JSONL, tick %d ms), %zu facts: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", tick, latency.size(),
                pct(latency, 0.5), pct(latency, 0.99), pct(latency, 1.0));
  if (!ticks.empty())
    std::printf("tick after one new fact (daemon's own log), %zu ticks: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", ticks.size(),
                pct(ticks, 0.5), pct(ticks, 0.99), pct(ticks, 1.0));
  std::printf("daemon exit: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return 0;
}
