// The shared record path (runtime/record.hpp), in-process: what `dondoc record` and the HTTP API
// call. The CLI's own messages are tested on the binary in daemon_test.cpp.

#include "runtime/record.hpp"

#include <catch2/catch.hpp>

#include "runtime/fact_log.hpp"
#include "runtime/store.hpp"

using namespace dondoc;

namespace {

const std::string kPlan = std::string(DONDOC_SOURCE_DIR) + "/rules/thanh-hoa-557";
const std::string kCalendar = std::string(DONDOC_SOURCE_DIR) + "/rules/calendar";

const engine::CompiledPlan& plan() {
  static auto compiled = [] {
    engine::CalendarChoice calendar;
    calendar.dir = kCalendar;
    return engine::compile_plan({kPlan}, calendar);
  }();
  REQUIRE(compiled->ok());
  return *compiled;
}

runtime::RecordRequest texts(std::vector<std::string> facts, std::string by = "") {
  runtime::RecordRequest r;
  for (std::size_t i = 0; i < facts.size(); ++i) r.texts.push_back({"body " + std::to_string(i + 1), facts[i]});
  r.by = std::move(by);
  return r;
}

}  // namespace

TEST_CASE("record: facts are checked, stored as canonical lines and numbered", "[runtime][record]") {
  auto store = runtime::Store::open_memory();
  auto r = runtime::record_facts(store, plan(), texts({"hoàn thành II.3 ngày 20/3/2023", "done II.4 on 2023-04-01"}, "SKHDT"));
  REQUIRE(r.outcome == runtime::RecordResult::Outcome::recorded);
  CHECK(r.render_diagnostics(dsl::Lang::vi).empty());
  CHECK(r.render_recorded(dsl::Lang::vi) ==
        "đã ghi #1: hoàn thành II.3 ngày 20/03/2023 { người ghi \"SKHDT\" }\n"
        "đã ghi #2: done II.4 on 2023-04-01 { recorded by \"SKHDT\" }\n");
  CHECK(r.render_recorded(dsl::Lang::en).rfind("recorded #1: ", 0) == 0);
  auto stored = store.all_facts();
  REQUIRE(stored.size() == 2);
  CHECK(stored[0].kind == "done");
  CHECK(stored[0].target == "II.3");
  CHECK(stored[0].on == "2023-03-20");
  CHECK(stored[0].recorded_by == "SKHDT");
}

TEST_CASE("record: one bad fact refuses all, with every diagnostic, and writes nothing", "[runtime][record]") {
  auto store = runtime::Store::open_memory();
  REQUIRE(runtime::record_facts(store, plan(), texts({"hoàn thành II.3 ngày 20/03/2023"})).outcome ==
          runtime::RecordResult::Outcome::recorded);
  auto r = runtime::record_facts(store, plan(), texts({"hoàn thành II.4 ngày 21/03/2023", "hoàn thành II.3 ngày 21/03/2023"}));
  CHECK(r.outcome == runtime::RecordResult::Outcome::refused);
  CHECK(r.recorded.empty());
  CHECK(r.render_diagnostics(dsl::Lang::en) ==
        "body 2:1:12: error: task II.3 is already recorded as done (on 2023-03-20)\n"
        "  hoàn thành II.3 ngày 21/03/2023\n"
        "             ^\n"
        "  hint: keep one of the two; if the date was wrong, correct the first\n"
        "store#1:1:1: note: first recorded here\n"
        "  hoàn thành II.3 ngày 20/03/2023\n"
        "  ^\n"
        "1 error, 0 warnings\n");
  CHECK(store.last_fact_seq() == 1);
}

TEST_CASE("record: the plan the daemon runs is found in the store", "[runtime][record]") {
  auto store = runtime::Store::open_memory();
  engine::CalendarChoice calendar;
  CHECK_FALSE(runtime::stored_plan(store, calendar));
  store.set_state(runtime::kStatePlanPaths, "[\"/srv/plan\"]");
  store.set_state(runtime::kStateCalendar, "/srv/calendar");
  auto paths = runtime::stored_plan(store, calendar);
  REQUIRE(paths);
  CHECK(*paths == std::vector<std::filesystem::path>{"/srv/plan"});
  CHECK(calendar.dir == "/srv/calendar");
}
