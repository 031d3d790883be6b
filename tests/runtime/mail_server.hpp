#pragma once
// Mail tests' helpers: a real SMTP server on loopback (aiosmtpd, Debian's python3-aiosmtpd, run by
// tests/runtime/smtp_server.py), and the messages it received as a mail program reads them
// (tests/runtime/read_mail.py, Python's `email` package: decoding is not dondoc's own).

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_util.hpp"

namespace dondoc::test {

/// The small plan the daemon and mail tests run (three agencies, two of them with addresses).
inline const std::string kMailTestPlan = std::string(DONDOC_SOURCE_DIR) + "/tests/runtime/kh-thu";
inline const std::string kPython = "/usr/bin/python3";  ///< Debian's, where python3-aiosmtpd is

/// aiosmtpd on 127.0.0.1 writing each message into `folder`, on `port` (0: one the kernel picks);
/// `refuse`: an address answered 550; `auth`: `USER:PASSWORD` required. Stopped when destroyed.
struct MailServer {
  pid_t pid = -1;
  int port = 0;
  MailServer(const std::string& folder, const std::string& port_file, int want_port = 0, const std::string& refuse = "",
             const std::string& auth = "") {
    std::filesystem::remove(port_file);
    std::vector<std::string> args{kPython, std::string(DONDOC_SOURCE_DIR) + "/tests/runtime/smtp_server.py", folder, port_file,
                                  std::to_string(want_port)};
    if (!refuse.empty()) args.insert(args.end(), {"--refuse", refuse});
    if (!auth.empty()) args.insert(args.end(), {"--auth", auth});
    pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(kPython.c_str(), argv.data());
      _exit(127);
    }
    for (int i = 0; i < 2000 && !std::filesystem::exists(port_file); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(std::filesystem::exists(port_file));
    port = std::stoi(read_file(port_file));
  }
  ~MailServer() {
    ::kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
  }
  std::string spec() const { return "mail=smtp://127.0.0.1:" + std::to_string(port); }
};

/// The messages in `folder`, in arrival order, as tests/runtime/read_mail.py prints them.
inline std::string read_mail(const std::string& folder) {
  if (!std::filesystem::exists(folder)) return "";
  FILE* p = popen((kPython + " '" + DONDOC_SOURCE_DIR + "/tests/runtime/read_mail.py' '" + folder + "'").c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  REQUIRE(pclose(p) == 0);
  return out;
}

/// One line per message: `ENVELOPE RECIPIENTS | HEADER` for the header `name` (decoded).
inline std::vector<std::string> mail_headers(const std::string& folder, const std::string& name) {
  std::vector<std::string> out;
  std::istringstream in(read_mail(folder));
  std::string line, to;
  while (std::getline(in, line)) {
    if (line.starts_with("envelope: ")) to = line.substr(10);
    if (line.starts_with(name + ": ")) out.push_back(to + " | " + line.substr(name.size() + 2));
  }
  return out;
}

}  // namespace dondoc::test
