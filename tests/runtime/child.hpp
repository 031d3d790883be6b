#pragma once
// The real `dondoc` binary as a child process (the daemon), for tests that run it: spawn, wait,
// signal; `eventually` to poll for what it does; the real plan, a store with its sample facts, and a
// folder for a test's files.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/test_util.hpp"

namespace dondoc::test {

/// The daemon as a child process, its stdout and stderr into files.
struct Child {
  pid_t pid = -1;

  Child() = default;
  Child(Child&& o) noexcept : pid(std::exchange(o.pid, -1)) {}
  Child& operator=(Child&& o) noexcept {
    std::swap(pid, o.pid);
    return *this;
  }

  static Child spawn(const std::vector<std::string>& args, const std::filesystem::path& out, const std::filesystem::path& err) {
    Child c;
    c.pid = fork();
    REQUIRE(c.pid >= 0);
    if (c.pid == 0) {
      int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      dup2(o, 1);
      dup2(e, 2);
      std::vector<char*> argv;
      std::string bin = DONDOC_BINARY;
      argv.push_back(bin.data());
      std::vector<std::string> copy = args;
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(bin.c_str(), argv.data());
      _exit(127);
    }
    return c;
  }
  /// The exit code, or -1 (killed by a signal) / -2 (still running after `timeout`).
  int wait(std::chrono::milliseconds timeout) {
    auto end = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      int status = 0;
      pid_t r = waitpid(pid, &status, WNOHANG);
      if (r == pid) {
        pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      if (std::chrono::steady_clock::now() > end) return -2;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  bool alive() {
    int status = 0;
    return pid > 0 && waitpid(pid, &status, WNOHANG) == 0;
  }
  void kill_now(int sig) {
    if (pid > 0) ::kill(pid, sig);
  }
  ~Child() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }
};

/// Waits until `pred` holds (polling), at most `timeout`.
template <class F>
bool eventually(F pred, std::chrono::milliseconds timeout) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred();
}

/// The real plan (rules/thanh-hoa-557), which the process tests run.
inline const std::string kRealPlan = std::string(DONDOC_SOURCE_DIR) + "/rules/thanh-hoa-557";

/// A folder for one test's files (`dondoc_test.PID.NAME` in the temporary folder), emptied if it
/// exists. The test removes it when it passes and leaves it, to look at, when it fails.
inline std::filesystem::path fresh_dir(const std::string& name) {
  std::filesystem::path d = std::filesystem::temp_directory_path() / ("dondoc_test." + std::to_string(getpid()) + "." + name);
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

/// A store of the real plan with its three sample journals recorded by `dondoc record`.
inline void record_sample_journals(const std::filesystem::path& db) {
  std::string journals;
  for (const char* j : {"ii3-dung-han", "bao-cao-2023", "chi-tieu-va-dieu-chinh"})
    journals += " --journal " + kRealPlan + "/nhat-ky/" + j + ".journal";
  auto r = run_dondoc("record --db '" + db.string() + "' --rules " + kRealPlan + journals);
  INFO(r.err);
  REQUIRE(r.code == 0);
}

}  // namespace dondoc::test
