#pragma once
// What the bench programs share: memory and CPU readings, timing with best and median, a
// generated plan folder, and the bare CSR pass that is the floor for the schedule and the
// evaluator. Not part of the product.

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bench/plan_gen.hpp"
#include "engine/dates.hpp"
#include "engine/plan.hpp"

namespace dondoc::bench {

namespace engine = dondoc::engine;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// A day written `2024-06-30`, as the bench programs take it on their command line.
inline engine::Day parse_day(const std::string& text) {
  int y = 0, m = 0, d = 0;
  std::sscanf(text.c_str(), "%d-%d-%d", &y, &m, &d);
  return engine::day_of(dsl::Date{y, m, d});
}

/// A whole file as text (empty when it cannot be read).
inline std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline long status_kb(std::string_view field) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind(field, 0) == 0 && line.size() > field.size() && line[field.size()] == ':')
      return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}
inline double mb_of(long kb) {
  return double(kb) * 1024 / 1e6;
}

/// CPU seconds of this process (one thread): a machine shared with others inflates wall time.
inline double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

inline double last_cpu = 0;  // CPU seconds of the last time_once

template <typename F>
double time_once(F&& f) {
  auto t0 = Clock::now();
  double c0 = cpu_now();
  f();
  last_cpu = cpu_now() - c0;
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct Timing {
  std::vector<double> seconds;
  double best() const { return *std::min_element(seconds.begin(), seconds.end()); }
  double median() const {
    auto s = seconds;
    std::sort(s.begin(), s.end());
    return s.size() % 2 ? s[s.size() / 2] : (s[s.size() / 2 - 1] + s[s.size() / 2]) / 2;
  }
};

/// The plan folder to measure: `dir` when it exists; else a plan of `tasks` tasks generated into
/// `dir` (or a temp folder), in `files` files. `generated` tells whether it was made here.
inline fs::path plan_folder(const std::string& dir, std::size_t tasks, std::size_t files, std::uint64_t seed, std::string_view who,
                            bool& generated) {
  fs::path folder = dir.empty() ? fs::temp_directory_path() / fmt::format("{}-{}", who, tasks) : fs::path(dir);
  generated = false;
  if (fs::exists(folder)) return folder;
  fmt::print(stderr, "{}: generating {} tasks into {}\n", who, tasks, folder.string());
  fs::create_directories(folder);
  GenOptions o;
  o.tasks = tasks;
  o.seed = seed;
  o.files = files;
  std::vector<std::unique_ptr<std::FILE, int (*)(std::FILE*)>> out;
  for (std::size_t i = 0; i < files; ++i) out.emplace_back(std::fopen((folder / plan_file_name(i, files)).c_str(), "wb"), &std::fclose);
  generate_plan(o, [&](std::size_t f, std::string_view text) { std::fwrite(text.data(), 1, text.size(), out[f].get()); });
  generated = true;
  return folder;
}

/// The graph of the schedule as plain CSR: predecessors (dependencies, then waits) and successors.
struct Bare {
  std::vector<std::uint32_t> pred_off{0}, pred, succ_off, succ;
  std::vector<std::int32_t> dur, floor, deadline;
  std::vector<std::int32_t> es, ef, ls, lf;
};

inline Bare bare_graph(const engine::Plan& p, const engine::Dates& dates) {
  Bare b;
  auto n = p.node_count();
  for (engine::NodeId i = 0; i < n; ++i) {
    if (!p.is_event(i)) {
      for (auto d : p.depends_on.of(i)) b.pred.push_back(d);
    }
    for (auto w : p.waits_for.of(i)) b.pred.push_back(w);
    b.pred_off.push_back(static_cast<std::uint32_t>(b.pred.size()));
  }
  b.succ_off.assign(n + 1, 0);
  for (auto t : b.pred) ++b.succ_off[t + 1];
  for (std::size_t i = 0; i < n; ++i) b.succ_off[i + 1] += b.succ_off[i];
  b.succ.resize(b.pred.size());
  std::vector<std::uint32_t> fill(b.succ_off.begin(), b.succ_off.end() - 1);
  for (engine::NodeId i = 0; i < n; ++i) {
    for (auto k = b.pred_off[i]; k < b.pred_off[i + 1]; ++k) b.succ[fill[b.pred[k]]++] = i;
  }
  b.dur.assign(n, 0);
  b.floor.assign(n, dates.plan_start);
  b.deadline.assign(n, engine::kNever);
  for (engine::TaskId t = 0; t < p.tasks.size(); ++t) {
    if (p.tasks[t].duration) b.dur[t] = p.tasks[t].duration->amount;
    if (dates.task_deadline[t] != engine::kNoDay) b.deadline[t] = dates.task_deadline[t];
  }
  b.es.assign(n, 0);
  b.ef.assign(n, 0);
  b.ls.assign(n, 0);
  b.lf.assign(n, 0);
  return b;
}

inline void bare_pass(Bare& b) {
  auto n = static_cast<std::uint32_t>(b.dur.size());
  for (std::uint32_t i = 0; i < n; ++i) {
    std::int32_t es = b.floor[i];
    for (auto k = b.pred_off[i]; k < b.pred_off[i + 1]; ++k) es = std::max(es, b.ef[b.pred[k]] + 1);
    b.es[i] = es;
    b.ef[i] = es + b.dur[i];
  }
  for (std::uint32_t i = n; i-- > 0;) {
    std::int32_t lf = b.deadline[i];
    for (auto k = b.succ_off[i]; k < b.succ_off[i + 1]; ++k) lf = std::min(lf, b.ls[b.succ[k]] - 1);
    b.lf[i] = lf;
    b.ls[i] = lf - b.dur[i];
  }
}

}  // namespace dondoc::bench
