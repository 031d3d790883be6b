// Reliability of the daemon as a process (runtime/run_daemon.hpp), on the real binary: SIGKILL at
// random points, SIGTERM, a webhook that refuses for a while, one daemon per store; and bad facts
// through `dondoc record`. What the daemon does day by day is tested in-process, on a manual clock,
// in daemon_test.cpp.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "runtime/clock.hpp"
#include "runtime/store.hpp"
#include "runtime/store_lock.hpp"
#include "tests/runtime/child.hpp"
#include "tests/runtime/receiver.hpp"
#include "tests/test_util.hpp"

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using dondoc::test::Child;
using dondoc::test::eventually;
using dondoc::test::fresh_dir;
using dondoc::test::non_empty_lines;
using dondoc::test::read_file;
using dondoc::test::Receiver;
using dondoc::test::record_sample_journals;
using dondoc::test::run_dondoc;

namespace {

const std::string& kPlan = dondoc::test::kRealPlan;

std::string id_of(const std::string& json_line) {
  return nlohmann::json::parse(json_line).at("id").get<std::string>();
}

}  // namespace

TEST_CASE("daemon: killed with SIGKILL 30 times, it delivers exactly what an uninterrupted run delivers", "[runtime][daemon]") {
  fs::path dir = fresh_dir("crash");
  Receiver receiver;
  auto args = [&](const std::string& name, const std::string& pace) {
    return std::vector<std::string>{"run",     kPlan,
                                    "--db",    (dir / (name + ".db")).string(),
                                    "--clock", "sim:2023-02-17:" + pace,
                                    "--tick",  "10",
                                    "--until", "2024-12-31",
                                    "--sink",  "jsonl:" + (dir / (name + ".jsonl")).string(),
                                    "--sink",  receiver.url(name)};
  };
  record_sample_journals(dir / "ref.db");
  record_sample_journals(dir / "crash.db");

  {
    Child ref = Child::spawn(args("ref", "2000"), dir / "ref.out", dir / "ref.err");
    int rc = ref.wait(60s);
    INFO(read_file((dir / "ref.err").string()));
    REQUIRE(rc == 0);
  }

  std::mt19937 rng(Catch::rngSeed());
  std::uniform_int_distribution<int> delay_ms(20, 200);
  int kills = 0, finished_rc = -3;
  auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < 50s) {
    Child c = Child::spawn(args("crash", kills < 30 ? "150" : "2000"), dir / "crash.out", dir / "crash.err");
    if (kills >= 30) {
      finished_rc = c.wait(40s);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    if (!c.alive()) {  // reached --until before the kill
      finished_rc = c.wait(1s);
      break;
    }
    c.kill_now(SIGKILL);
    c.wait(5s);
    ++kills;
  }
  INFO(read_file((dir / "crash.err").string()).substr(0, 4000));
  CHECK(kills >= 30);
  REQUIRE(finished_rc == 0);

  auto ref_lines = non_empty_lines(dir / "ref.jsonl");
  auto crash_lines = non_empty_lines(dir / "crash.jsonl");
  REQUIRE(ref_lines.size() > 500);
  // The JSONL sink never holds a duplicate line, and holds exactly the reference's lines.
  std::set<std::string> crash_ids, ref_ids;
  for (const auto& l : crash_lines) CHECK(crash_ids.insert(id_of(l)).second);
  for (const auto& l : ref_lines) ref_ids.insert(id_of(l));
  CHECK(crash_ids == ref_ids);
  CHECK(std::multiset<std::string>(crash_lines.begin(), crash_lines.end()) ==
        std::multiset<std::string>(ref_lines.begin(), ref_lines.end()));

  // The webhook got every escalation at least once; a duplicate carries the same key and body.
  std::map<std::string, std::string> ref_body;
  for (const auto& r : receiver.got("ref")) ref_body[r.key] = r.body;
  CHECK(ref_body.size() == ref_ids.size());
  std::map<std::string, std::string> seen;
  int duplicates = 0;
  for (const auto& r : receiver.got("crash")) {
    CHECK(r.key == id_of(r.body));
    auto [it, fresh] = seen.emplace(r.key, r.body);
    if (!fresh) {
      ++duplicates;
      CHECK(it->second == r.body);
    }
    CHECK(ref_body[r.key] == r.body);
  }
  std::set<std::string> webhook_ids;
  for (const auto& [k, _] : seen) webhook_ids.insert(k);
  CHECK(webhook_ids == ref_ids);
  WARN("kills: " << kills << ", webhook duplicates: " << duplicates);
  fs::remove_all(dir);
}

TEST_CASE("daemon: dondoc record refuses bad facts with the whole message and writes nothing", "[runtime][daemon][record]") {
  fs::path dir = fresh_dir("record");
  const std::string db = (dir / "s.db").string();
  auto record = [&](const std::string& facts) { return run_dondoc("record --db '" + db + "' --rules rules/thanh-hoa-557 " + facts); };
  auto ok = record("--by SKHDT 'hoàn thành II.3 ngày 20/03/2023'");
  INFO(ok.err);
  REQUIRE(ok.code == 0);
  CHECK(ok.out == "đã ghi #1: hoàn thành II.3 ngày 20/03/2023 { người ghi \"SKHDT\" }\n");
  const std::string before = run_dondoc("export --db '" + db + "'").out;
  CHECK(before == "hoàn thành II.3 ngày 20/03/2023 { người ghi \"SKHDT\" }\n");

  SECTION("an unknown task") {
    auto r = record("'hoàn thành II.99 ngày 21/03/2023'");
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    CHECK(r.err ==
          "argument 1:1:12: error: không có nhiệm vụ hay nghĩa vụ nào mang mã 'II.99'\n"
          "  hoàn thành II.99 ngày 21/03/2023\n"
          "             ^\n"
          "  gợi ý: có phải ý bạn là 'II.1'?\n"
          "1 lỗi, 0 cảnh báo\n");
  }
  SECTION("a waiver dated before the plan, beside a good fact: nothing is written") {
    auto r = record("'sự kiện TTG_DUYET_QHC xảy ra ngày 01/09/2023' 'dừng II.4 ngày 01/01/2020'");
    CHECK(r.code == 1);
    CHECK(r.err ==
          "argument 2:1:16: error: ngày 01/01/2020 trước ngày kế hoạch có hiệu lực (17/02/2023): không thể quyết định dừng trước khi "
          "có kế hoạch\n"
          "  dừng II.4 ngày 01/01/2020\n"
          "                 ^\n"
          "1 lỗi, 0 cảnh báo\n");
  }
  SECTION("a second done, naming the first one in the store") {
    auto r = record("'hoàn thành II.3 ngày 21/03/2023'");
    CHECK(r.code == 1);
    CHECK(r.err ==
          "argument 1:1:12: error: nhiệm vụ II.3 đã được ghi hoàn thành (ngày 20/03/2023)\n"
          "  hoàn thành II.3 ngày 21/03/2023\n"
          "             ^\n"
          "  gợi ý: giữ lại một ghi chép; nếu ghi chép thứ nhất sai, rút lại nó rồi ghi lại: dondoc record --withdraw 1 --reason \"…\"\n"
          "store#1:1:1: note: ghi lần thứ nhất ở đây\n"
          "  hoàn thành II.3 ngày 20/03/2023 { người ghi \"SKHDT\" }\n"
          "  ^\n"
          "1 lỗi, 0 cảnh báo\n");
  }
  CHECK(run_dondoc("export --db '" + db + "'").out == before);
  fs::remove_all(dir);
}

TEST_CASE("daemon: dondoc record --withdraw corrects a wrong fact, export and status honour it", "[runtime][daemon][record][withdraw]") {
  fs::path dir = fresh_dir("withdraw");
  const std::string db = (dir / "s.db").string();
  auto record = [&](const std::string& args) { return run_dondoc("record --db '" + db + "' --rules rules/thanh-hoa-557 " + args); };
  REQUIRE(record("'hoàn thành II.3 ngày 20/03/2023'").code == 0);
  auto w = record("--by SKHDT --withdraw 1 --reason 'ghi nhầm ngày'");
  INFO(w.err);
  REQUIRE(w.code == 0);
  const std::string today = dondoc::runtime::SystemClock().today().iso();
  const std::string vi_today = today.substr(8, 2) + "/" + today.substr(5, 2) + "/" + today.substr(0, 4);
  CHECK(w.out == "đã ghi #2: rút lại ghi chép 1 ngày " + vi_today + " { người ghi \"SKHDT\"; lý do \"ghi nhầm ngày\" }\n");
  auto right = record("'hoàn thành II.3 ngày 21/03/2023'");
  INFO(right.err);
  CHECK(right.code == 0);
  CHECK(right.out == "đã ghi #3: hoàn thành II.3 ngày 21/03/2023\n");

  // The export holds all three lines and reads back to the same facts in force.
  auto exported = run_dondoc("export --db '" + db + "'");
  CHECK(exported.out == "hoàn thành II.3 ngày 20/03/2023\nrút lại ghi chép 1 ngày " + vi_today +
                            " { người ghi \"SKHDT\"; lý do \"ghi nhầm ngày\" }\nhoàn thành II.3 ngày 21/03/2023\n");
  { std::ofstream(dir / "all.journal") << exported.out; }
  auto status = run_dondoc("status rules/thanh-hoa-557 --at 2023-04-30 --format json --journal '" + (dir / "all.journal").string() + "'");
  INFO(status.err);
  REQUIRE(status.code == 0);
  bool seen = false;
  const auto parsed = nlohmann::json::parse(status.out);
  for (const auto& t : parsed["tasks"])
    if (t["id"] == "II.3") {
      seen = true;
      CHECK(t["done"] == "2023-03-21");
    }
  CHECK(seen);

  SECTION("usage: --withdraw and --reason go together") {
    auto r = record("--withdraw 3");
    CHECK(r.code == 2);
    CHECK(r.err == "dondoc: --withdraw N và --reason LÝ_DO đi cùng nhau: rút lại ghi chép nào, vì sao\n");
  }
  SECTION("a number that was never printed") {
    auto r = record("--withdraw 9 --reason 'nhầm'");
    CHECK(r.code == 1);
    CHECK(r.err ==
          "--withdraw:1:18: error: không có ghi chép số 9 trước ghi chép này\n"
          "  rút lại ghi chép 9 ngày " +
              vi_today +
              " { lý do \"nhầm\" }\n"
              "                   ^\n"
              "  gợi ý: số của một ghi chép là số in ra khi ghi ('đã ghi #12'), cũng là số dòng của nó trong 'dondoc export'\n"
              "1 lỗi, 0 cảnh báo\n");
  }
  fs::remove_all(dir);
}

TEST_CASE("daemon: the export parses back and records the same facts", "[runtime][daemon][record]") {
  fs::path dir = fresh_dir("export");
  record_sample_journals(dir / "a.db");
  auto exported = run_dondoc("export --db '" + (dir / "a.db").string() + "'");
  REQUIRE(exported.code == 0);
  { std::ofstream(dir / "a.journal") << exported.out; }
  auto again = run_dondoc("record --db '" + (dir / "b.db").string() + "' --rules rules/thanh-hoa-557 --journal '" +
                          (dir / "a.journal").string() + "'");
  INFO(again.err);
  REQUIRE(again.code == 0);
  CHECK(run_dondoc("export --db '" + (dir / "b.db").string() + "'").out == exported.out);
  fs::remove_all(dir);
}

TEST_CASE("daemon: SIGTERM ends the tick and exits 0, the last evaluation complete", "[runtime][daemon]") {
  fs::path dir = fresh_dir("term");
  const fs::path db = dir / "s.db";
  Child d = Child::spawn({"run", kPlan, "--db", db.string(), "--clock", "sim:2023-02-17:300", "--tick", "10", "--sink",
                          "jsonl:" + (dir / "out.jsonl").string()},
                         dir / "out", dir / "err");
  std::this_thread::sleep_for(1500ms);
  d.kill_now(SIGTERM);
  int rc = d.wait(20s);
  INFO(read_file((dir / "err").string()));
  REQUIRE(rc == 0);
  CHECK(read_file((dir / "err").string()).find("stopped (stop requested)") != std::string::npos);

  auto store = dondoc::runtime::Store::open(db.string());
  auto last = store.last_evaluation();
  REQUIRE(last);
  // Every escalation of the days evaluated is in the store, and none of a later day.
  auto sim = run_dondoc("simulate rules/thanh-hoa-557 --from 2023-02-17 --to " + last->plan_date);
  REQUIRE(sim.code == 0);
  std::set<std::string> expected, stored;
  std::istringstream in(sim.out);
  for (std::string l; std::getline(in, l);) expected.insert(id_of(l));
  for (const auto& id : store.escalation_ids()) stored.insert(id);
  CHECK(stored == expected);
  // And it was delivered before the exit.
  std::set<std::string> delivered;
  for (const auto& l : non_empty_lines(dir / "out.jsonl")) delivered.insert(id_of(l));
  CHECK(delivered == expected);
  fs::remove_all(dir);
}

TEST_CASE("daemon: a webhook that refuses for a while gets everything afterwards, in order per recipient", "[runtime][daemon]") {
  fs::path dir = fresh_dir("outage");
  Receiver receiver;
  const auto refuse_until = std::chrono::steady_clock::now() + 3s;  // about a simulated year at 100 days/s
  receiver.status = [&](const Receiver::Request&) { return std::chrono::steady_clock::now() < refuse_until ? 503 : 200; };
  const fs::path db = dir / "s.db";
  Child d = Child::spawn({"run", kPlan, "--db", db.string(), "--clock", "sim:2023-02-17:100", "--tick", "10", "--until", "2023-12-31",
                          "--sink", receiver.url("hook")},
                         dir / "out", dir / "err");
  int rc = d.wait(60s);
  INFO(read_file((dir / "err").string()).substr(0, 3000));
  REQUIRE(rc == 0);
  CHECK(receiver.refused() > 0);
  CHECK(read_file((dir / "err").string()).find("warn") != std::string::npos);

  auto store = dondoc::runtime::Store::open(db.string());
  std::map<std::string, std::vector<std::string>> expected, got;  // per recipient, in order
  for (const auto& e : store.outbox("nobody", 1 << 20)) expected[e.recipient].push_back(e.id);
  std::map<std::string, std::string> recipient_of;
  for (const auto& [r, ids] : expected)
    for (const auto& id : ids) recipient_of[id] = r;
  std::set<std::string> seen;
  for (const auto& req : receiver.got("hook"))
    if (seen.insert(req.key).second) got[recipient_of.at(req.key)].push_back(req.key);
  CHECK(seen.size() == recipient_of.size());
  CHECK(got == expected);
  fs::remove_all(dir);
}

TEST_CASE("daemon: a second daemon on the same store is refused and names the first, the first runs on", "[runtime][daemon][lock]") {
  fs::path dir = fresh_dir("lock");
  const fs::path db = dir / "s.db", log_a = dir / "a.log", log_b = dir / "b.log";
  auto args = [&](const fs::path& log) {
    return std::vector<std::string>{"run",     kPlan,
                                    "--db",    db.string(),
                                    "--clock", "sim:2023-02-17:50",
                                    "--tick",  "20",
                                    "--sink",  "jsonl:" + (dir / "out.jsonl").string(),
                                    "--log",   log.string()};
  };
  Child a = Child::spawn(args(log_a), dir / "a.out", dir / "a.err");
  REQUIRE(eventually([&] { return read_file(log_a.string()).find("started: plan TH557") != std::string::npos; }, 20s));

  Child b = Child::spawn(args(log_b), dir / "b.out", dir / "b.err");
  CHECK(b.wait(10s) == 1);
  auto holder = dondoc::runtime::StoreLock::read_holder(db.string());
  REQUIRE(holder);
  CHECK(holder->pid == a.pid);
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  CHECK(holder->host == host);
  const std::string expected = db.string() + ": another dondoc daemon runs on this store (pid " + std::to_string(a.pid) + " on host " +
                               host + ", started " + holder->since + "; lock file " + db.string() +
                               ".lock); one daemon per store: stop that one first, or give this one another --db\n";
  // The refusal is in --log too, with time and level: `YYYY-MM-DD HH:MM:SS.mmm error MESSAGE`.
  std::string logged = read_file(log_b.string());
  REQUIRE(logged.size() > 24);
  CHECK(logged.substr(24) == "error " + expected);
  CHECK(read_file((dir / "b.err").string()).substr(24) == "error " + expected);
  CHECK(a.alive());

  // Once the first stops, a daemon starts on the store again.
  a.kill_now(SIGTERM);
  REQUIRE(a.wait(20s) == 0);
  Child c = Child::spawn(args(dir / "c.log"), dir / "c.out", dir / "c.err");
  REQUIRE(eventually([&] { return read_file((dir / "c.log").string()).find("started: plan TH557") != std::string::npos; }, 20s));
  c.kill_now(SIGTERM);
  CHECK(c.wait(20s) == 0);
  fs::remove_all(dir);
}

TEST_CASE("daemon: a daemon killed with SIGKILL leaves no stale lock", "[runtime][daemon][lock]") {
  fs::path dir = fresh_dir("stale");
  const fs::path db = dir / "s.db";
  auto args = [&](const fs::path& log) {
    return std::vector<std::string>{"run",    kPlan, "--db",  db.string(), "--clock", "sim:2023-02-17:50",
                                    "--tick", "20",  "--log", log.string()};
  };
  Child a = Child::spawn(args(dir / "a.log"), dir / "a.out", dir / "a.err");
  REQUIRE(eventually([&] { return read_file((dir / "a.log").string()).find("started: plan TH557") != std::string::npos; }, 20s));
  a.kill_now(SIGKILL);
  a.wait(5s);
  Child b = Child::spawn(args(dir / "b.log"), dir / "b.out", dir / "b.err");
  REQUIRE(eventually([&] { return read_file((dir / "b.log").string()).find("started: plan TH557") != std::string::npos; }, 20s));
  CHECK(dondoc::runtime::StoreLock::read_holder(db.string())->pid == b.pid);
  b.kill_now(SIGTERM);
  CHECK(b.wait(20s) == 0);
  fs::remove_all(dir);
}
