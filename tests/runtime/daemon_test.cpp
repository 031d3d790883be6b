// The daemon in-process (runtime/daemon.hpp): a ManualClock moved by hand, a store in a temporary
// folder, a sink that records what it is given. Days are walked with tick(), never waited for; the
// real process (signals, SIGKILL, the store lock) is tested in run_daemon_test.cpp.

#include "runtime/daemon.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "runtime/record.hpp"
#include "tests/log_capture.hpp"
#include "tests/runtime/mail_server.hpp"
#include "tests/temp_dir.hpp"
#include "tests/test_util.hpp"

namespace fs = std::filesystem;
using dondoc::dsl::Date;
using dondoc::runtime::Daemon;
using dondoc::test::LogCapture;
using dondoc::test::TempDir;
using Lines = std::vector<std::string>;

namespace {

const std::string kPlan = std::string(DONDOC_SOURCE_DIR) + "/rules/thanh-hoa-557";

/// A sink that keeps every delivery's JSON, in order.
class RecordingSink final : public dondoc::runtime::Sink {
 public:
  explicit RecordingSink(Lines& lines) : lines_(lines) {}
  const std::string& name() const override { return name_; }
  dondoc::runtime::DeliveryResult deliver(const dondoc::runtime::Delivery& d) override {
    lines_.push_back(d.json);
    return dondoc::runtime::DeliveryResult::delivered();
  }

 private:
  std::string name_ = "recording";
  Lines& lines_;
};

/// One delivery in short: `DATE TASK KIND LEVEL/REPEAT -> TO` (the whole JSON is pinned once, below).
std::string brief(const std::string& json) {
  auto j = nlohmann::json::parse(json);
  std::string to;
  for (const auto& a : j["to"]) to += (to.empty() ? "" : ",") + a.get<std::string>();
  return j["at"].get<std::string>() + " " + (j["task"].is_null() ? "-" : j["task"].get<std::string>()) + " " +
         j["kind"].get<std::string>() + " " + std::to_string(j["level"].get<int>()) + "/" + std::to_string(j.value("repeat", 0)) + " -> " +
         to;
}

Lines briefs(const Lines& jsons) {
  Lines out;
  for (const auto& j : jsons) out.push_back(brief(j));
  return out;
}

/// A daemon on a store in a temporary folder, its days moved by hand. Restarting it keeps the store
/// and what the sink got.
struct Run {
  TempDir dir;
  LogCapture log;
  dondoc::runtime::ManualClock clock;
  dondoc::runtime::DaemonOptions options;
  Lines sent;  ///< every delivery's JSON, across restarts
  std::unique_ptr<Daemon> daemon;

  explicit Run(Date today, const std::string& plan = dondoc::test::kMailTestPlan) : clock(today) {
    options.paths = {plan};
    options.calendar.none = plan == dondoc::test::kMailTestPlan;
    options.db = dir.file("s.db");
  }
  /// A daemon starting on the store (as after a crash: nothing saved but the store).
  void start() {
    daemon = std::make_unique<Daemon>(options, dondoc::runtime::Store::open(options.db), clock);
    daemon->add_sink(std::make_unique<RecordingSink>(sent));
    REQUIRE(daemon->start() == 0);
  }
  /// The clock set to `day`, one tick; what the sink got in it, in short.
  Lines tick_on(Date day) { return briefs(tick_json(day)); }
  /// The same, each delivery's whole JSON.
  Lines tick_json(Date day) {
    clock.set(day);
    const std::size_t before = sent.size();
    daemon->tick();
    return Lines(sent.begin() + static_cast<std::ptrdiff_t>(before), sent.end());
  }
  /// From 01/02/2023 to II.1's first urging (KH_THU, II.1 due 31/03/2023, urged 7 days late).
  void start_to_first_urging() {
    start();
    tick_on(Date{2023, 2, 1});
    CHECK(tick_on(Date{2023, 4, 7}) == Lines{"2023-03-31 II.1 reminder 0/0 -> SKHDT", "2023-04-07 II.1 urging 1/0 -> SKHDT"});
  }
  /// Records facts (journal lines) as `dondoc record` does, between ticks.
  void record(const std::string& text) {
    dondoc::runtime::RecordRequest request;
    request.texts.push_back({"test", text});
    auto r = dondoc::runtime::record_facts(daemon->store(), daemon->compiled(), request);
    INFO(r.render_diagnostics(dondoc::dsl::Lang::en));
    REQUIRE(r.outcome == dondoc::runtime::RecordResult::Outcome::recorded);
  }
};

}  // namespace

TEST_CASE("daemon: days moved by hand: each escalation on its day, a catch-up evaluates every day, nothing twice", "[runtime][daemon]") {
  Run run(Date{2023, 2, 1});
  run.start();
  CHECK(run.tick_on(Date{2023, 2, 1}) == Lines{});
  CHECK(run.tick_on(Date{2023, 3, 30}) == Lines{});
  CHECK(
      run.tick_json(Date{2023, 3, 31}) ==
      Lines{
          R"({"id":"974336d5937b1f35","at":"2023-03-31","task":"II.1","kind":"reminder","level":0,"to":["SKHDT"],"reason":"due today",)"
          R"("root_cause":null,"affected":[],"affected_count":0,"due":"2023-03-31","days_late":0,"message":"Nhắc nhở: hôm nay, 31/03/2023, là hạn của )"
          R"(nhiệm vụ II.1 \"Xây dựng đề án phát triển đô thị\" (Phụ lục 2, mục II.1 — KH 12/KH-UBND; sản phẩm: —). Đề nghị Sở Kế )"
          R"(hoạch và Đầu tư (SKHDT) hoàn thành và cập nhật kết quả trong ngày.","subject":"task","repeat":0,"label":null,)"
          R"("leads":["SKHDT"],"policy":"QT"})"});
  CHECK(run.tick_on(Date{2023, 4, 6}) == Lines{});
  CHECK(run.tick_on(Date{2023, 4, 7}) == Lines{"2023-04-07 II.1 urging 1/0 -> SKHDT"});
  CHECK(run.tick_on(Date{2023, 4, 7}) == Lines{});  // the same day again: nothing new
  // Thirty-one days in one tick: the repetition on its day, as if every day had been ticked.
  CHECK(run.tick_on(Date{2023, 5, 8}) == Lines{"2023-05-08 II.1 urging 1/1 -> SKHDT"});

  auto& store = run.daemon->store();
  auto last = store.last_evaluation();
  REQUIRE(last);
  CHECK(last->plan_date == "2023-05-08");
  CHECK(last->at == "2023-05-08T00:00:00Z");  // the wall stamp comes from the clock too
  CHECK(run.log.lines().back() ==
        "info 2023-05-08: 1 day evaluated, 1 new escalation, 1 delivery (0 failed attempts); on 2023-05-08: 2 overdue, 0 due soon, "
        "0 at risk");
}

TEST_CASE("daemon: restarted on its store, it goes on the day after the last and sends what an uninterrupted run sends",
          "[runtime][daemon]") {
  Run ref(Date{2023, 2, 1});
  ref.start();
  ref.tick_on(Date{2023, 2, 1});
  ref.tick_on(Date{2023, 6, 30});

  Run run(Date{2023, 2, 1});
  run.start_to_first_urging();
  std::string resumed;
  SECTION("after a crash: the evaluated days replayed") {
    run.daemon.reset();
    resumed = "info resumed after 2023-04-07: replayed 66 days (2 escalations already sent, 1 open threads) in ";
  }
  SECTION("after an orderly stop: the saved threads") {
    run.daemon->stop();
    run.daemon.reset();
    resumed = "info resumed after 2023-04-07 from the saved threads (1 open, 2 escalations already sent) in ";
  }
  run.start();
  const Lines log = run.log.lines();
  REQUIRE(log.size() > 2);
  CHECK(log[log.size() - 2].substr(0, resumed.size()) == resumed);
  CHECK(run.tick_on(Date{2023, 4, 7}) == Lines{});
  CHECK(run.tick_on(Date{2023, 6, 30}) == Lines{"2023-05-08 II.1 urging 1/1 -> SKHDT", "2023-06-06 II.1 urging 1/2 -> SKHDT"});
  CHECK(run.sent == ref.sent);
}

TEST_CASE("daemon: a fact recorded between ticks is taken in at the next tick, the same day evaluated again", "[runtime][daemon]") {
  Run run(Date{2023, 2, 1});
  run.start_to_first_urging();
  run.record("hoàn thành II.1 ngày 06/04/2023 { người ghi \"Văn thư SKHDT\" }");
  const std::size_t logged = run.log.lines().size();
  CHECK(run.tick_on(Date{2023, 4, 7}) == Lines{"2023-04-07 II.1 resolved 0/0 -> SKHDT"});
  CHECK(run.log.lines(logged) == Lines{"info fact #1 taken in: hoàn thành II.1 ngày 06/04/2023 { người ghi \"Văn thư SKHDT\" }"});
  // II.1 is done: no more urging for it; II.2, which waited on it, is chased on its own due date.
  CHECK(run.tick_on(Date{2023, 6, 30}) == Lines{"2023-05-01 II.2 reminder 0/0 -> STC", "2023-05-08 II.2 urging 1/0 -> STC",
                                                "2023-05-08 II.2 urging 1/0 -> SKHDT", "2023-06-07 II.2 urging 1/1 -> STC",
                                                "2023-06-07 II.2 urging 1/1 -> SKHDT"});
}

TEST_CASE("daemon: a wrong done taken back: resolved, then the thread goes on as the facts now say", "[runtime][daemon][withdraw]") {
  Run run(Date{2023, 2, 1});
  run.start_to_first_urging();
  run.record("hoàn thành II.1 ngày 10/04/2023");
  CHECK(run.tick_on(Date{2023, 4, 12}) == Lines{"2023-04-10 II.1 resolved 0/0 -> SKHDT"});
  run.record("rút lại ghi chép 1 ngày 12/04/2023 { lý do \"chưa có văn bản hoàn thành\" }");
  const std::size_t logged = run.log.lines().size();
  CHECK(run.tick_on(Date{2023, 4, 12}) == Lines{});
  CHECK(run.log.lines(logged) == Lines{
                                     "info fact #2 taken in: rút lại ghi chép 1 ngày 12/04/2023 { lý do \"chưa có văn bản hoàn thành\" }",
                                     "info facts withdrawn: #1; evaluating again without them",
                                 });
  // Urged again on the days an undisturbed thread would have been (see the restart test).
  CHECK(run.tick_on(Date{2023, 6, 30}) == Lines{"2023-05-08 II.1 urging 1/1 -> SKHDT", "2023-06-06 II.1 urging 1/2 -> SKHDT"});
  std::set<std::string> ids;
  for (const auto& j : run.sent) CHECK(ids.insert(nlohmann::json::parse(j)["id"].get<std::string>()).second);
}

TEST_CASE("daemon: a broken edit of the rules keeps the old rules running and is sent to the plan's owners, the fix is put in force",
          "[runtime][daemon][reload]") {
  TempDir plan;
  const fs::path rules = plan.path / "ke-hoach.rules";
  fs::copy_file(fs::path(dondoc::test::kMailTestPlan) / "ke-hoach.rules", rules);
  const std::string original = dondoc::test::read_file(rules.string());
  Run run(Date{2023, 2, 1}, plan.path.string());
  run.start();
  run.tick_on(Date{2023, 2, 1});

  { std::ofstream(rules, std::ios::app) << "\nnhiệm vụ II.9 \"Thiếu dấu ngoặc\" {\n  chủ trì STC\n"; }
  CHECK(run.tick_on(Date{2023, 2, 2}) == Lines{});  // changed since the last tick: maybe half-written, wait a tick
  const Lines rejected = run.tick_json(Date{2023, 2, 3});
  REQUIRE(rejected.size() == 1);
  auto j = nlohmann::json::parse(rejected[0]);
  CHECK(j["rules_hash"] != run.daemon->in_force_hash());
  const std::string old_hash = run.daemon->in_force_hash();
  CHECK(j["in_force"] == old_hash);
  j.erase("id"), j.erase("rules_hash"), j.erase("in_force");
  // Dated the last day evaluated, to the plan's owner and follow-up agency (KH_THU has no owner).
  CHECK(j == nlohmann::json{
                 {"at", "2023-02-02"},
                 {"task", nullptr},
                 {"kind", "rules_rejected"},
                 {"level", 0},
                 {"to", {"SKHDT"}},
                 {"reason", "the edited rules have 1 errors; the rules in force (version 1) keep running"},
                 {"message", "Các tệp quy tắc vừa sửa chưa được áp dụng; cần sửa các lỗi sau:\n" + rules.string() +
                                 ":40:14: error: thiếu dấu '}' để đóng nhiệm vụ II.9 (mở ở dòng 39)\n"
                                 "    chủ trì STC\n"
                                 "               ^\n"
                                 "1 lỗi, 0 cảnh báo"},
             });
  CHECK(run.daemon->in_force_version() == 1);

  {
    std::ofstream(rules, std::ios::trunc) << original
                                          << "\nnhiệm vụ II.9 \"Nhiệm vụ bổ sung\" {\n  chủ trì STC\n  thời hạn 31/05/2023\n}\n";
  }
  const std::size_t logged = run.log.lines().size();
  run.tick_on(Date{2023, 2, 3});
  run.tick_on(Date{2023, 2, 3});
  CHECK(run.daemon->in_force_version() == 2);
  const Lines log = run.log.lines(logged);
  REQUIRE(log.size() == 2);
  const std::string hash = run.daemon->in_force_hash();
  CHECK(log ==
        Lines{
            "info rules version 2 recorded (hash " + hash + ", 1 files)",
            "info reload (the rule files changed): rules version 2 in force (hash " + hash + ", was " + old_hash + "), 3 tasks, 0 facts",
        });
  // The days go on under the new rules: II.1's thread as before, the new task on its due date.
  CHECK(run.tick_on(Date{2023, 5, 31}) == Lines{"2023-03-31 II.1 reminder 0/0 -> SKHDT", "2023-04-07 II.1 urging 1/0 -> SKHDT",
                                                "2023-05-08 II.1 urging 1/1 -> SKHDT", "2023-05-31 II.9 reminder 0/0 -> STC"});
}

TEST_CASE("daemon: a reload asked (SIGHUP) with the rules unchanged changes nothing", "[runtime][daemon][reload]") {
  Run run(Date{2023, 2, 1});
  run.start();
  run.tick_on(Date{2023, 2, 1});
  const std::size_t logged = run.log.lines().size();
  run.daemon->request_reload();
  CHECK(run.tick_on(Date{2023, 2, 1}) == Lines{});
  CHECK(run.log.lines(logged) == Lines{"info reload (SIGHUP): the rules are unchanged (hash " + run.daemon->in_force_hash() + ")"});
  CHECK(run.daemon->in_force_version() == 1);
}

TEST_CASE("daemon: the real plan, stopped at the end of 2023 and a fact recorded: it sends what an uninterrupted run sends",
          "[runtime][daemon]") {
  const std::string fact = "hoàn thành II.3 ngày 05/01/2024";
  // The reference: straight through to 31/03/2024, II.3 done on 05/01/2024 recorded beforehand.
  Run ref(Date{2023, 2, 17}, kPlan);
  ref.start();
  ref.record(fact);
  ref.tick_on(Date{2023, 2, 17});
  ref.tick_on(Date{2024, 3, 31});
  // Stopped at the end of 2023 (an orderly stop), the fact recorded, then on to 31/03/2024.
  Run run(Date{2023, 2, 17}, kPlan);
  run.start();
  run.tick_on(Date{2023, 2, 17});
  run.tick_on(Date{2023, 12, 31});
  run.daemon->stop();
  run.record(fact);
  run.daemon.reset();
  const std::size_t logged = run.log.lines().size();
  run.start();
  const Lines log = run.log.lines(logged);
  REQUIRE(log.size() == 2);  // resumed, started
  CHECK(log[0].rfind("info resumed after 2023-12-31 from the saved threads (", 0) == 0);
  run.tick_on(Date{2024, 3, 31});
  CHECK(ref.sent.size() > 100);
  CHECK(run.sent == ref.sent);
  // II.3's resolution, after the restart, reaches everyone it was escalated to before it.
  Lines resolved;
  for (const auto& j : run.sent)
    if (brief(j).find(" II.3 resolved ") != std::string::npos) resolved.push_back(brief(j));
  CHECK(resolved == Lines{"2024-01-05 II.3 resolved 0/0 -> CT_UBND,SKHDT,SXD"});
}
