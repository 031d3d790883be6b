#pragma once
// The real `dondoc` binary as a child process (the daemon), for tests that run it: spawn, wait,
// signal; and `eventually` to poll for what it does.

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

}  // namespace dondoc::test
