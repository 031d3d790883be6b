// What the operator reads in the daemon's log (`--log FILE`), on the real binary with a simulated
// clock: the start-up line with the effective settings, the warning for a daemon without sinks,
// one line per simulated month, the stop at the plan's horizon with its reason, and a recorded
// fact logged when it is taken in. Lines are compared whole, without their wall-clock time stamp.

#include <signal.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/runtime/child.hpp"
#include "tests/runtime/mail_server.hpp"
#include "tests/temp_dir.hpp"
#include "tests/test_util.hpp"

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using dondoc::test::Child;
using dondoc::test::eventually;
using dondoc::test::read_file;
using dondoc::test::run_dondoc;
using Lines = std::vector<std::string>;

namespace {

using dondoc::test::TempDir;

/// The log's lines without their time stamp (`2026-12-07 07:00:00.123 `).
Lines log_lines(const std::string& path) {
  Lines out;
  std::istringstream in(read_file(path));
  for (std::string l; std::getline(in, l);) out.push_back(l.size() > 24 ? l.substr(24) : l);
  return out;
}

/// The hash the daemon logged for the rules (`rules version 1 recorded (hash H, …`).
std::string rules_hash_in(const Lines& lines) {
  std::smatch m;
  for (const auto& l : lines)
    if (std::regex_search(l, m, std::regex("recorded \\(hash ([0-9a-f]{16})"))) return m[1];
  FAIL("no rules version line");
  return "";
}

}  // namespace

TEST_CASE("operator: a simulated clock without --until stops at the plan's horizon, with a line a month", "[runtime][operator]") {
  TempDir dir;
  auto r = run_dondoc("run '" + dondoc::test::kMailTestPlan + "' --no-calendar --db '" + dir.file("dc.db") +
                      "' --clock sim:2023-02-01:100000 --tick 10 --log '" + dir.file("dc.log") + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  Lines lines = log_lines(dir.file("dc.log"));
  std::string hash = rules_hash_in(lines);
  CHECK(lines == Lines{
                     "info rules version 1 recorded (hash " + hash + ", 1 files)",
                     "info started: plan KH_THU (2 tasks), rules version 1 (hash " + hash + "), 0 facts, db " + dir.file("dc.db") +
                         ", clock simulated from 2023-02-01 at 100000 days/s (resuming at 2023-02-01), sinks [], tick 10 ms, until the "
                         "plan's horizon 2023-12-31",
                     "warning no --sink given: escalations are kept in the store's outbox and reach nobody (add e.g. --sink jsonl:FILE)",
                     "info 2023-02: 28 days evaluated, 0 new escalations, 0 deliveries (0 failed attempts); on 2023-02-28: 0 overdue, 0 "
                     "due soon, 0 at risk",
                     "info 2023-03: 31 days evaluated, 1 new escalation, 0 deliveries (0 failed attempts); on 2023-03-31: 0 overdue, 1 due "
                     "soon, 0 at risk",
                     "info 2023-04: 30 days evaluated, 1 new escalation, 0 deliveries (0 failed attempts); on 2023-04-30: 1 overdue, 1 due "
                     "soon, 0 at risk",
                     "info 2023-05: 31 days evaluated, 1 new escalation, 0 deliveries (0 failed attempts); on 2023-05-31: 2 overdue, 0 due "
                     "soon, 0 at risk",
                     "info 2023-06: 30 days evaluated, 1 new escalation, 0 deliveries (0 failed attempts); on 2023-06-30: 2 overdue, 0 due "
                     "soon, 0 at risk",
                     "info 2023-07: 31 days evaluated, 1 new escalation, 0 deliveries (0 failed attempts); on 2023-07-31: 2 overdue, 0 due "
                     "soon, 0 at risk",
                     "info 2023-08: 31 days evaluated, 1 new escalation, 0 deliveries (0 failed attempts); on 2023-08-31: 2 overdue, 0 due "
                     "soon, 0 at risk",
                     "info 2023-09: 30 days evaluated, 1 new escalation, 0 deliveries (0 failed attempts); on 2023-09-30: 2 overdue, 0 due "
                     "soon, 0 at risk",
                     "info 2023-10: 31 days evaluated, 1 new escalation, 0 deliveries (0 failed attempts); on 2023-10-31: 2 overdue, 0 due "
                     "soon, 0 at risk",
                     "info 2023-11: 30 days evaluated, 1 new escalation, 0 deliveries (0 failed attempts); on 2023-11-30: 2 overdue, 0 due "
                     "soon, 0 at risk",
                     "info 2023-12: 31 days evaluated, 1 new escalation, 0 deliveries (0 failed attempts); on 2023-12-31: 2 overdue, 0 due "
                     "soon, 0 at risk",
                     "info stopped (the plan's horizon 2023-12-31 reached on the simulated clock; give --until to stop elsewhere): last "
                     "day evaluated 2023-12-31",
                 });
}

TEST_CASE("operator: a recorded fact is logged when the daemon takes it in", "[runtime][operator]") {
  TempDir dir;
  std::string db = dir.file("dc.db"), log = dir.file("dc.log");
  Child d = Child::spawn({"run", dondoc::test::kMailTestPlan, "--no-calendar", "--db", db, "--clock", "sim:2023-03-01:0.001", "--tick",
                          "10", "--log", log, "--sink", "jsonl:" + dir.file("out.jsonl")},
                         dir.file("out.txt"), dir.file("out.txt"));
  REQUIRE(eventually([&] { return read_file(log).find("started:") != std::string::npos; }, 20s));
  auto r = run_dondoc("record --db '" + db + "' --rules '" + dondoc::test::kMailTestPlan +
                      "' --no-calendar --by 'Văn thư SKHDT' 'hoàn thành II.1 ngày 25/02/2023'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  REQUIRE(eventually([&] { return read_file(log).find("taken in") != std::string::npos; }, 20s));
  d.kill_now(SIGTERM);
  CHECK(d.wait(20s) == 0);
  Lines lines = log_lines(log);
  REQUIRE(lines.size() == 5);
  CHECK(Lines(lines.begin() + 2, lines.end()) ==
        Lines{
            "info fact #1 taken in: hoàn thành II.1 ngày 25/02/2023 { người ghi \"Văn thư SKHDT\" }",
            "info 2023-03: 1 day evaluated, 0 new escalations, 0 deliveries (0 failed attempts); on 2023-03-01: 0 overdue, 0 due soon, 0 "
            "at risk",
            "info stopped (stop requested): last day evaluated 2023-03-01",
        });
}

TEST_CASE("daemon mail: the real plan's escalations arrive as mails, every one once and in order, across an outage",
          "[runtime][operator][mail]") {
  TempDir dir;
  int port = 0;
  {
    dondoc::test::MailServer probe(dir.file("probe"), dir.file("port"));
    port = probe.port;
  }  // free again: the server is down
  Child d = Child::spawn({"run",
                          dondoc::test::kRealPlan,
                          "--db",
                          dir.file("dc.db"),
                          "--clock",
                          "sim:2023-02-17:400",
                          "--until",
                          "2023-06-30",
                          "--tick",
                          "10",
                          "--log",
                          dir.file("dc.log"),
                          "--sink",
                          "jsonl:" + dir.file("out.jsonl"),
                          "--sink",
                          "mail=smtp://127.0.0.1:" + std::to_string(port),
                          "--mail-from",
                          "dondoc@thanhhoa.example",
                          "--mail-fallback",
                          "vanthu@thanhhoa.example"},
                         dir.file("out.txt"), dir.file("out.txt"));
  // Down while the first escalations are made; then up on the same port.
  REQUIRE(eventually([&] { return read_file(dir.file("dc.log")).find("sink 'mail': unavailable") != std::string::npos; }, 30s));
  dondoc::test::MailServer server(dir.file("inbox"), dir.file("port"), port);
  const int rc = d.wait(90s);
  INFO(read_file(dir.file("dc.log")));
  REQUIRE(rc == 0);
  // The mails expected: each escalation of the JSONL sink, once per agency it is for, in order.
  Lines expected;
  std::istringstream jsonl(read_file(dir.file("out.jsonl")));
  std::regex id_re("\"id\":\"([0-9a-f]+)\""), to_re("\"to\":\\[([^\\]]*)\\]"), quoted("\"([^\"]+)\"");
  for (std::string l; std::getline(jsonl, l);) {
    std::smatch id, to;
    REQUIRE(std::regex_search(l, id, id_re));
    REQUIRE(std::regex_search(l, to, to_re));
    std::string list = to[1];
    for (std::sregex_iterator it(list.begin(), list.end(), quoted), end; it != end; ++it)
      expected.push_back("<" + id[1].str() + "." + (*it)[1].str() + "@thanhhoa.example>");
  }
  REQUIRE(expected.size() > 20);
  Lines ids = dondoc::test::mail_headers(dir.file("inbox"), "Message-ID");
  Lines subjects = dondoc::test::mail_headers(dir.file("inbox"), "Subject");
  REQUIRE(ids.size() == expected.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    INFO(ids[i]);
    CHECK(ids[i].substr(ids[i].find(" | ") + 3) == expected[i]);
    CHECK(subjects[i].find(" | [dondoc] ") != std::string::npos);
  }
  CHECK(std::count_if(subjects.begin(), subjects.end(),
                      [](const std::string& s) { return s.find("Văn bản đôn đốc") != std::string::npos; }) > 0);
}
