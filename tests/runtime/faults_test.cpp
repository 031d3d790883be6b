// Faults, on the real binary: a damaged store, backups taken while the store is in use, a store
// locked or full under the daemon, a rule file deleted while it runs, SIGHUP storms, a sink that
// hangs (docs/reliability.md, "Store and daemon").

#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/store_lock.hpp"
#include "tests/runtime/child.hpp"
#include "tests/test_util.hpp"

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using dondoc::test::Child;
using dondoc::test::eventually;
using dondoc::test::fresh_dir;
using dondoc::test::non_empty_lines;
using dondoc::test::read_file;
using dondoc::test::record_sample_journals;
using dondoc::test::run_dondoc;

namespace {

const std::string& kPlan = dondoc::test::kRealPlan;
const std::string kCalendar = std::string(DONDOC_SOURCE_DIR) + "/rules/calendar";

/// Overwrites 4 KiB at `offset` with bytes from a fixed seed.
void garble(const fs::path& file, std::uint64_t offset) {
  std::mt19937 random(15);
  std::string junk(4096, '\0');
  for (char& c : junk) c = static_cast<char>(random() & 0xff);
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  REQUIRE(f);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  REQUIRE(f);
}

std::string damaged_vi(const std::string& db, const std::string& detail) {
  return "dondoc: " + db + ": cơ sở dữ liệu bị hỏng (" + detail +
         "); chưa ghi gì. Cách khôi phục: dừng tiến trình đôn đốc; lưu các sự việc còn đọc được (dondoc export --db " + db +
         " > su-viec.journal); khôi phục bản sao lưu gần nhất (dondoc backup --db BẢN_SAO_LƯU --to " + db +
         "); ghi lại các sự việc đã xuất mà bản sao lưu chưa có (docs/operations.md, \"A damaged store\")\n";
}

std::string damaged_en(const std::string& db, const std::string& detail) {
  return db + ": the store is damaged (" + detail +
         "); nothing was written. To recover: stop the daemon; save the facts that can still be read (dondoc export --db " + db +
         " > facts.journal); restore the last backup (dondoc backup --db BACKUP --to " + db +
         "); record again the exported facts the backup lacks (docs/operations.md, \"A damaged store\")\n";
}

const std::string kFact = "'hoàn thành II.4 ngày 15/04/2023'";

}  // namespace

TEST_CASE("faults: 4 KiB of garbage in the middle of a store: record refuses to write, the daemon refuses to start",
          "[runtime][faults][damaged]") {
  fs::path dir = fresh_dir("middle");
  const fs::path good = dir / "good.db", db = dir / "s.db";
  record_sample_journals(good);
  fs::copy_file(good, db);
  const auto pages = fs::file_size(db) / 4096;
  REQUIRE(pages >= 4);
  garble(db, pages / 2 * 4096);
  const std::string before = read_file(db.string());

  // The same fact goes into the healthy copy.
  auto ok = run_dondoc("record --db '" + good.string() + "' --rules rules/thanh-hoa-557 " + kFact);
  INFO(ok.err);
  CHECK(ok.code == 0);

  auto r = run_dondoc("record --db '" + db.string() + "' --rules rules/thanh-hoa-557 " + kFact);
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(r.err == damaged_vi(db.string(), "PRAGMA quick_check phát hiện lỗi"));
  auto en = run_dondoc("record --lang en --db '" + db.string() + "' --rules rules/thanh-hoa-557 " + kFact);
  CHECK(en.code == 1);
  CHECK(en.err == "dondoc: " + damaged_en(db.string(), "PRAGMA quick_check found errors"));
  CHECK(read_file(db.string()) == before);

  // The daemon: refused at start, the whole message in --log with time and level.
  const fs::path log = dir / "d.log";
  auto run =
      run_dondoc("run rules/thanh-hoa-557 --db '" + db.string() + "' --clock sim:2023-02-17:50 --tick 20 --log '" + log.string() + "'");
  CHECK(run.code == 1);
  std::string logged = read_file(log.string());
  REQUIRE(logged.size() > 24);
  CHECK(logged.substr(24) == "error " + damaged_en(db.string(), "PRAGMA quick_check found errors"));
  CHECK(read_file(db.string()) == before);
  fs::remove_all(dir);
}

TEST_CASE("faults: garbage over a store's header is a damaged store, a file of another kind is not a store", "[runtime][faults][damaged]") {
  fs::path dir = fresh_dir("header");
  const fs::path db = dir / "s.db";
  record_sample_journals(db);
  garble(db, 0);
  const std::string before = read_file(db.string());
  const std::string header_vi = "trang đầu không còn là phần đầu SQLite đọc được, dù phần còn lại có cấu trúc của cơ sở dữ liệu SQLite";
  const std::string header_en = "its first page is not a readable SQLite header, though the rest is laid out as an SQLite database";

  auto r = run_dondoc("record --db '" + db.string() + "' --rules rules/thanh-hoa-557 " + kFact);
  CHECK(r.code == 1);
  CHECK(r.err == damaged_vi(db.string(), header_vi));
  auto en = run_dondoc("record --lang en --db '" + db.string() + "' --rules rules/thanh-hoa-557 " + kFact);
  CHECK(en.code == 1);
  CHECK(en.err == "dondoc: " + damaged_en(db.string(), header_en));
  CHECK(read_file(db.string()) == before);

  // A journal given as --db by mistake is plainly not a store, and is left as it was.
  const fs::path notes = dir / "notes.txt";
  std::ofstream(notes) << "hoàn thành II.3 ngày 20/03/2023\n";
  auto text = run_dondoc("record --db '" + notes.string() + "' --rules rules/thanh-hoa-557 " + kFact);
  CHECK(text.code == 1);
  CHECK(text.err == "dondoc: " + notes.string() + ": không phải cơ sở dữ liệu của dondoc (SQLite: file is not a database)\n");
  auto text_en = run_dondoc("record --lang en --db '" + notes.string() + "' --rules rules/thanh-hoa-557 " + kFact);
  CHECK(text_en.err == "dondoc: " + notes.string() + ": not a dondoc store (SQLite: file is not a database)\n");
  CHECK(read_file(notes.string()) == "hoàn thành II.3 ngày 20/03/2023\n");
  fs::remove_all(dir);
}

TEST_CASE("faults: a backup taken while another connection holds the store open reads as the store, restore puts it back",
          "[runtime][faults][backup]") {
  fs::path dir = fresh_dir("backup");
  const fs::path db = dir / "s.db", copy = dir / "copy.db";
  // Another connection keeps the store open, so what is recorded stays in the WAL (no checkpoint
  // on close), and holds a write transaction of its own, not committed, while the backup runs.
  sqlite3* other = nullptr;
  record_sample_journals(db);
  REQUIRE(sqlite3_open(db.string().c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "SELECT COUNT(*) FROM facts", nullptr, nullptr, nullptr) == SQLITE_OK);
  auto more = run_dondoc("record --db '" + db.string() + "' --rules rules/thanh-hoa-557 " + kFact);
  INFO(more.err);
  REQUIRE(more.code == 0);
  REQUIRE(fs::exists(db.string() + "-wal"));
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE; INSERT INTO state(key, value) VALUES ('uncommitted', 'x')", nullptr, nullptr, nullptr) ==
          SQLITE_OK);

  auto b = run_dondoc("backup --db '" + db.string() + "' --to '" + copy.string() + "'");
  INFO(b.err);
  REQUIRE(b.code == 0);
  CHECK(b.err.empty());
  CHECK(b.out == "đã sao lưu " + db.string() + " vào " + copy.string() + " (" + std::to_string(fs::file_size(copy) / 4096) +
                     " trang, PRAGMA quick_check: ok)\n");
  std::vector<std::string> left;  // no temporary left beside the copy
  for (const auto& e : fs::directory_iterator(dir)) left.push_back(e.path().filename().string());
  std::sort(left.begin(), left.end());
  CHECK(left == std::vector<std::string>{"copy.db", "s.db", "s.db-shm", "s.db-wal"});

  const std::string status = "status rules/thanh-hoa-557 --at 2024-01-01 --format json --db '";
  auto original = run_dondoc(status + db.string() + "'");
  auto backed_up = run_dondoc(status + copy.string() + "'");
  REQUIRE(original.code == 0);
  CHECK(backed_up.code == 0);
  CHECK(backed_up.out == original.out);
  CHECK(run_dondoc("export --db '" + copy.string() + "'").out == run_dondoc("export --db '" + db.string() + "'").out);
  CHECK(run_dondoc("export --db '" + copy.string() + "'").out.find("hoàn thành II.4 ngày 15/04/2023") != std::string::npos);
  REQUIRE(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(other);

  // Restore: a fact recorded after the backup is gone again once the backup is copied back.
  auto later = run_dondoc("record --db '" + db.string() + "' --rules rules/thanh-hoa-557 'hoàn thành II.5 ngày 16/04/2023'");
  REQUIRE(later.code == 0);
  REQUIRE(run_dondoc(status + db.string() + "'").out != original.out);
  auto restore = run_dondoc("backup --lang en --db '" + copy.string() + "' --to '" + db.string() + "'");
  INFO(restore.err);
  REQUIRE(restore.code == 0);
  CHECK(restore.out == "backed up " + copy.string() + " to " + db.string() + " (" + std::to_string(fs::file_size(db) / 4096) +
                           " pages, PRAGMA quick_check: ok)\n");
  CHECK(run_dondoc(status + db.string() + "'").out == original.out);
  fs::remove_all(dir);
}

TEST_CASE("faults: backup refuses to restore into a store a daemon runs on, and a missing store", "[runtime][faults][backup]") {
  fs::path dir = fresh_dir("restore-running");
  const fs::path db = dir / "s.db", copy = dir / "copy.db", log = dir / "d.log";
  record_sample_journals(db);
  REQUIRE(run_dondoc("backup --db '" + db.string() + "' --to '" + copy.string() + "'").code == 0);
  Child daemon = Child::spawn({"run", kPlan, "--db", db.string(), "--clock", "sim:2023-02-17:1", "--tick", "50", "--log", log.string()},
                              dir / "d.out", dir / "d.err");
  REQUIRE(eventually([&] { return read_file(log.string()).find("started: plan TH557") != std::string::npos; }, 20s));
  auto r = run_dondoc("backup --db '" + copy.string() + "' --to '" + db.string() + "'");
  CHECK(r.code == 1);
  auto holder = dondoc::runtime::StoreLock::read_holder(db.string());
  REQUIRE(holder);
  CHECK(holder->pid == daemon.pid);
  CHECK(r.err == "dondoc: " + db.string() + ": tiến trình đôn đốc đang chạy trên cơ sở dữ liệu này (pid " + std::to_string(daemon.pid) +
                     " trên máy " + holder->host + ", chạy từ " + holder->since + "); dừng nó trước khi khôi phục vào đây\n");
  daemon.kill_now(SIGTERM);
  CHECK(daemon.wait(20s) == 0);

  auto missing = run_dondoc("backup --lang en --db '" + (dir / "none.db").string() + "' --to '" + copy.string() + "'");
  CHECK(missing.code == 1);
  CHECK(missing.err == "dondoc: " + (dir / "none.db").string() + ": no such file\n");
  fs::remove_all(dir);
}

namespace {

/// The daemon's arguments on the real plan, a simulated clock from 17/02/2023 until 30/06/2023.
std::vector<std::string> daemon_args(const fs::path& db, const fs::path& dir, const std::string& name, int days_per_second,
                                     const std::string& plan = kPlan) {
  return {"run",        plan,         "--db",    db.string(),
          "--calendar", kCalendar,    "--clock", "sim:2023-02-17:" + std::to_string(days_per_second),
          "--tick",     "20",         "--sink",  "jsonl:" + (dir / (name + ".jsonl")).string(),
          "--until",    "2023-06-30", "--log",   (dir / (name + ".log")).string()};
}

/// The escalations an undisturbed daemon sends from a copy of `base`.
std::vector<std::string> reference_run(const fs::path& base, const fs::path& dir, const std::string& plan = kPlan) {
  const fs::path db = dir / "ref.db";
  fs::copy_file(base, db);
  Child ref = Child::spawn(daemon_args(db, dir, "ref", 400, plan), dir / "ref.out", dir / "ref.err");
  REQUIRE(ref.wait(120s) == 0);
  auto lines = non_empty_lines(dir / "ref.jsonl");
  REQUIRE(lines.size() > 10);
  return lines;
}

/// The first line of `log` that holds `what`, without its time stamp (24 characters).
std::string logged_line(const fs::path& log, const std::string& what) {
  std::istringstream in(read_file(log.string()));
  for (std::string l; std::getline(in, l);)
    if (l.find(what) != std::string::npos) return l.size() > 24 ? l.substr(24) : l;
  return "";
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("faults: a store locked by another process beyond the busy timeout is waited out, every escalation sent once",
          "[runtime][faults][busy]") {
  fs::path dir = fresh_dir("busy");
  const fs::path base = dir / "base.db", db = dir / "s.db", log = dir / "s.log";
  record_sample_journals(base);
  const auto reference = reference_run(base, dir);
  fs::copy_file(base, db);

  Child daemon = Child::spawn(daemon_args(db, dir, "s", 20), dir / "s.out", dir / "s.err");
  REQUIRE(eventually([&] { return read_file(log.string()).find("started: plan TH557") != std::string::npos; }, 20s));
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(db.string().c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);  // held beyond the 5 s busy timeout
  REQUIRE(eventually([&] { return read_file(log.string()).find("store fault 1") != std::string::npos; }, 60s));
  CHECK(daemon.alive());
  // Which write met the lock depends on where in its tick the daemon was: one of these three.
  const std::string line = logged_line(log, "store fault 1");
  const std::regex expected("error store fault 1, waiting 1 s before trying again: " + db.string() +
                            ": (committing an evaluation|writing state clock\\.sim|marking escalation [0-9a-f]+ delivered to jsonl:.*) "
                            "\\(SQLite: database is locked\\)");
  CHECK(std::regex_match(line, expected));
  REQUIRE(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(other);

  CHECK(daemon.wait(120s) == 0);
  const std::string logged = read_file(log.string());
  CHECK(count_of(logged, "store fault cleared after 1 retry; running again") == 1);
  CHECK(non_empty_lines(dir / "s.jsonl") == reference);  // nothing lost, nothing twice, in order
  fs::remove_all(dir);
}

TEST_CASE("faults: a full disk (SQLite's max_page_count) is waited out, every escalation sent once", "[runtime][faults][full]") {
  fs::path dir = fresh_dir("full");
  const fs::path base = dir / "base.db", db = dir / "s.db", log = dir / "s.log", limit = dir / "max_page_count";
  record_sample_journals(base);
  const auto reference = reference_run(base, dir);
  fs::copy_file(base, db);

  // Room for a few pages more than the store has: the daemon fills them, then SQLite answers
  // SQLITE_FULL as on a full disk, until the limit file is removed (read at each start).
  std::ofstream(limit) << fs::file_size(db) / 4096 + 3;
  setenv("DONDOC_TEST_MAX_PAGE_COUNT_FILE", limit.c_str(), 1);
  Child daemon = Child::spawn(daemon_args(db, dir, "s", 100), dir / "s.out", dir / "s.err");
  unsetenv("DONDOC_TEST_MAX_PAGE_COUNT_FILE");
  REQUIRE(eventually([&] { return read_file(log.string()).find("store fault 1") != std::string::npos; }, 60s));
  CHECK(daemon.alive());
  const std::string line = logged_line(log, "store fault 1");
  const std::regex expected("error store fault 1, waiting 1 s before trying again: " + db.string() +
                            ": [a-z][^()]* \\(SQLite: database or disk is full\\)");
  CHECK(std::regex_match(line, expected));
  fs::remove(limit);  // space freed

  CHECK(daemon.wait(120s) == 0);
  CHECK(count_of(read_file(log.string()), "store fault cleared after") == 1);
  CHECK(non_empty_lines(dir / "s.jsonl") == reference);
  fs::remove_all(dir);
}

TEST_CASE("faults: a rule file deleted while the daemon runs: the old rules run on, reported once, put back, nothing changes",
          "[runtime][faults][reload]") {
  fs::path dir = fresh_dir("deleted");
  const fs::path base = dir / "base.db", db = dir / "s.db", log = dir / "s.log", plan = dir / "plan";
  fs::create_directories(plan);
  for (const auto& e : fs::directory_iterator(kPlan))
    if (e.path().extension() == ".rules") fs::copy_file(e.path(), plan / e.path().filename());
  record_sample_journals(base);
  const auto reference = reference_run(base, dir, plan.string());
  fs::copy_file(base, db);

  Child daemon = Child::spawn(daemon_args(db, dir, "s", 10, plan.string()), dir / "s.out", dir / "s.err");
  REQUIRE(eventually([&] { return read_file(log.string()).find("started: plan TH557") != std::string::npos; }, 20s));
  fs::remove(plan / "co-quan.rules");  // the agencies every task names
  REQUIRE(eventually([&] { return read_file((dir / "s.jsonl").string()).find("\"kind\":\"rules_rejected\"") != std::string::npos; }, 20s));
  CHECK(daemon.alive());
  fs::copy_file(fs::path(kPlan) / "co-quan.rules", plan / "co-quan.rules");
  REQUIRE(eventually([&] { return read_file(log.string()).find("the rules are unchanged") != std::string::npos; }, 20s));
  CHECK(daemon.wait(120s) == 0);

  const std::string logged = read_file(log.string());
  CHECK(count_of(logged, "reload (the rule files changed): the new rules (hash ") == 1);
  CHECK(count_of(logged, "have errors; the rules in force (version 1, hash ") == 1);
  CHECK(count_of(logged, "rules version 2") == 0);  // the rules in force never changed
  std::vector<std::string> sent, rejected;
  for (auto& l : non_empty_lines(dir / "s.jsonl"))
    (l.find("\"kind\":\"rules_rejected\"") != std::string::npos ? rejected : sent).push_back(l);
  CHECK(rejected.size() == 1);
  CHECK(sent == reference);
  fs::remove_all(dir);
}

TEST_CASE("faults: a storm of 200 SIGHUPs: the daemon stays up, reloads unchanged rules, sends every escalation once",
          "[runtime][faults][reload]") {
  fs::path dir = fresh_dir("hup");
  const fs::path base = dir / "base.db", db = dir / "s.db", log = dir / "s.log";
  record_sample_journals(base);
  const auto reference = reference_run(base, dir);
  fs::copy_file(base, db);

  Child daemon = Child::spawn(daemon_args(db, dir, "s", 20), dir / "s.out", dir / "s.err");
  REQUIRE(eventually([&] { return read_file(log.string()).find("started: plan TH557") != std::string::npos; }, 20s));
  for (int i = 0; i < 200; ++i) daemon.kill_now(SIGHUP);
  CHECK(daemon.alive());
  CHECK(daemon.wait(120s) == 0);

  const std::string logged = read_file(log.string());
  CHECK(count_of(logged, "reload (SIGHUP): the rules are unchanged") >= 1);
  CHECK(count_of(logged, " error ") == 0);
  CHECK(count_of(logged, "rules version 2") == 0);
  CHECK(non_empty_lines(dir / "s.jsonl") == reference);
  fs::remove_all(dir);
}
