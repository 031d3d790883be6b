// The shared record path (runtime/record.hpp), in-process: what `dondoc record` and the HTTP API
// call. The CLI's own messages are tested on the binary in run_daemon_test.cpp.

#include "runtime/record.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <sstream>

#include "engine/calendar.hpp"
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
        "  hint: keep one of the two; if the first is wrong, withdraw it and record again: dondoc record --withdraw 1 --reason \"…\"\n"
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

TEST_CASE("record: a withdrawal is a fact with who, when and why, the right fact is recorded after it", "[runtime][record][withdraw]") {
  auto store = runtime::Store::open_memory();
  REQUIRE(runtime::record_facts(store, plan(), texts({"hoàn thành II.3 ngày 20/03/2023"})).outcome ==
          runtime::RecordResult::Outcome::recorded);
  runtime::RecordRequest w;
  w.withdraw = runtime::Withdrawal{1, "ghi nhầm ngày", "CV 12/SKHDT"};
  w.by = "SKHDT";
  w.today = dsl::Date{2024, 3, 5};
  auto r = runtime::record_facts(store, plan(), w);
  INFO(r.render_diagnostics(dsl::Lang::vi));
  REQUIRE(r.outcome == runtime::RecordResult::Outcome::recorded);
  CHECK(r.render_recorded(dsl::Lang::vi) ==
        "đã ghi #2: rút lại ghi chép 1 ngày 05/03/2024 { người ghi \"SKHDT\"; văn bản \"CV 12/SKHDT\"; lý do \"ghi nhầm ngày\" }\n");
  auto stored = store.all_facts();
  REQUIRE(stored.size() == 2);
  CHECK(stored[1].kind == "withdraw");
  CHECK(stored[1].target == "1");
  CHECK(stored[1].on == "2024-03-05");
  CHECK(stored[1].recorded_by == "SKHDT");
  CHECK(stored[1].reference == "CV 12/SKHDT");

  auto again = runtime::record_facts(store, plan(), texts({"hoàn thành II.3 ngày 21/03/2023"}));
  INFO(again.render_diagnostics(dsl::Lang::vi));
  CHECK(again.outcome == runtime::RecordResult::Outcome::recorded);

  // Withdrawing it twice names the first withdrawal, in the store.
  auto twice = runtime::record_facts(store, plan(), w);
  CHECK(twice.outcome == runtime::RecordResult::Outcome::refused);
  CHECK(twice.render_diagnostics(dsl::Lang::en) ==
        "--withdraw:1:18: error: fact 1 is already withdrawn\n"
        "  rút lại ghi chép 1 ngày 05/03/2024 { văn bản \"CV 12/SKHDT\"; lý do \"ghi nhầm ngày\" }\n"
        "                   ^\n"
        "store#2:1:1: note: withdrawn here\n"
        "  rút lại ghi chép 1 ngày 05/03/2024 { người ghi \"SKHDT\"; văn bản \"CV 12/SKHDT\"; lý do \"ghi nhầm ngày\" }\n"
        "  ^\n"
        "1 error, 0 warnings\n");
  CHECK(store.last_fact_seq() == 3);
}

// ---------------------------------------------------------------- validation and the round trip

TEST_CASE("record: dates after the plan or after today, years and numbers the journal cannot write back, are refused",
          "[runtime][record][validate]") {
  auto store = runtime::Store::open_memory();
  auto req =
      texts({"hoàn thành III.2 ngày 31/12/2099", "chỉ tiêu PL1-III.1 năm 0103 đạt 5", "sự kiện TTG_DUYET_QHC xảy ra ngày 01/09/2024",
             "chỉ tiêu PL1-III.1 năm 2024 đạt " + std::string(310, '9'), "indicator PL1-II.1 year 2024 value 0.0000000000000000000000001"});
  req.today = dsl::Date{2024, 3, 5};
  auto r = runtime::record_facts(store, plan(), req);
  CHECK(r.outcome == runtime::RecordResult::Outcome::refused);
  CHECK(
      r.render_diagnostics(dsl::Lang::vi) ==
      "body 1:1:23: error: ngày 31/12/2099 sau khi kế hoạch kết thúc (31/12/2030)\n"
      "  hoàn thành III.2 ngày 31/12/2099\n"
      "                        ^\n"
      "body 2:1:24: error: năm 0103 ngoài thời gian của kế hoạch (1900–2030)\n"
      "  chỉ tiêu PL1-III.1 năm 0103 đạt 5\n"
      "                         ^\n"
      "body 4:1:33: error: giá trị 99999999999999999999… không ghi lại được chính xác: nhật ký giữ tối đa 15 chữ số có nghĩa\n"
      "  chỉ tiêu PL1-III.1 năm 2024 đạt " +
          std::string(108, '9') +
          "…\n"
          "                                  ^\n"
          // the date checked on the real clock comes after the plan's checks
          "body 3:1:35: error: ngày 01/09/2024 sau hôm nay (05/03/2024): chỉ ghi những việc đã xảy ra\n"
          "  sự kiện TTG_DUYET_QHC xảy ra ngày 01/09/2024\n"
          "                                    ^\n"
          "  gợi ý: một việc đã quyết định cho một ngày sau (ví dụ quyết định đã ký, có hiệu lực từ ngày đó) được ghi với --allow-future\n"
          "4 lỗi, 0 cảnh báo\n");
  CHECK(store.last_fact_seq() == 0);

  // --allow-future lets an event decided for a later day in, not one after the plan.
  auto later = texts({"sự kiện TTG_DUYET_QHC xảy ra ngày 01/09/2024"});
  later.today = dsl::Date{2024, 3, 5};
  later.allow_future = true;
  CHECK(runtime::record_facts(store, plan(), later).outcome == runtime::RecordResult::Outcome::recorded);
  // A tiny value is kept exactly, not as 0.
  auto tiny = runtime::record_facts(store, plan(), texts({"indicator PL1-II.1 year 2024 value 0.0000000000000000000000001"}));
  REQUIRE(tiny.outcome == runtime::RecordResult::Outcome::recorded);
  CHECK(tiny.recorded[0].text == "indicator PL1-II.1 year 2024 value 0.0000000000000000000000001");
}

namespace {

/// A random fact of the real plan, as journal text (some of them are refused: a second done, a
/// done of a waived task…; the property is about what is stored).
struct FactGen {
  std::mt19937 rng;
  const engine::Plan& p;
  explicit FactGen(unsigned seed) : rng(seed), p(*plan().plan) {}

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
  bool coin() { return pick(2) == 0; }
  std::string id(engine::StrId s) { return std::string(p.str(s)); }
  std::string date(bool en) {
    dsl::Date d = engine::date_of(engine::day_of(dsl::Date{2023, 2, 17}) + pick(365 * 3));
    return en ? d.iso() : fmt::format("{}/{}/{}", d.d, d.m, d.y);
  }
  std::string number(bool en) {
    static const char* fixed[] = {"0", "-3", "0,000000000000000000000000001", "123456789012345", "9,5", "1.650.000", "0,62"};
    if (pick(4) == 0) {
      std::string t = fixed[pick(7)];
      if (en) std::replace(t.begin(), t.end(), ',', '.');
      return en && t.find('.') != std::string::npos && std::count(t.begin(), t.end(), '.') > 1 ? "1650000" : t;
    }
    std::string digits = std::to_string(std::uniform_int_distribution<long long>(1, 999999999999999LL)(rng));
    int point = pick(static_cast<int>(digits.size()) + 1);
    std::string t = digits;
    if (point > 0 && point < static_cast<int>(digits.size())) t.insert(static_cast<std::size_t>(point), en ? "." : ",");
    return (coin() ? "" : "-") + t;
  }
  std::string text() {
    static const char* texts[] = {"SKHDT", "Phòng Tổng hợp, Sở \\\"KH&ĐT\\\"", "Tờ trình số 45/TTr-SXD ngày 20/03/2023", "Thanh Hóa",
                                  "Sở Xây dựng"};
    return texts[pick(5)];
  }
  std::string attrs(bool en) {
    std::string out;
    if (coin()) out += std::string(en ? "recorded by" : "người ghi") + " \"" + text() + "\"; ";
    if (coin()) out += std::string(en ? "reference" : "văn bản") + " \"" + text() + "\"; ";
    if (coin()) out += std::string(en ? "note" : "ghi chú") + " \"" + text() + "\"; ";
    return out.empty() ? "" : " { " + out + "}";
  }
  std::string fact(std::int64_t recorded) {
    const bool en = coin();
    switch (pick(recorded > 0 ? 6 : 5)) {
      case 0:
        return std::string(en ? "done " : "hoàn thành ") + id(p.tasks[pick(static_cast<int>(p.tasks.size()))].id) +
               (en ? " on " : " ngày ") + date(en) + attrs(en);
      case 1:
        return std::string(en ? "event " : "sự kiện ") + id(p.events[pick(static_cast<int>(p.events.size()))].id) +
               (en ? " happened on " : " xảy ra ngày ") + date(en) + attrs(en);
      case 2:
        return std::string(en ? "indicator " : "chỉ tiêu ") + id(p.indicators[pick(static_cast<int>(p.indicators.size()))].id) +
               (en ? " year " : " năm ") + std::to_string(2023 + pick(8)) + (en ? " value " : " đạt ") + number(en) + attrs(en);
      case 3:
        return std::string(en ? "waive " : "dừng ") + id(p.tasks[pick(static_cast<int>(p.tasks.size()))].id) + (en ? " on " : " ngày ") +
               date(en) + " { " + (en ? "decided by" : "quyết định") + " CT_UBND }";
      case 4:
        return std::string(en ? "extend " : "gia hạn ") + id(p.tasks[pick(static_cast<int>(p.tasks.size()))].id) + (en ? " to " : " đến ") +
               date(en) + (en ? " on " : " ngày ") + date(en) + attrs(en);
      default:
        return std::string(en ? "withdraw fact " : "rút lại ghi chép ") + std::to_string(1 + pick(static_cast<int>(recorded))) +
               (en ? " on " : " ngày ") + date(en) + " { " + (en ? "reason" : "lý do") + " \"" + text() + "\" }";
    }
  }
};

/// The facts in force, as the daemon reads them from a store.
engine::Facts in_force(runtime::Store& store, runtime::FactLog& log) {
  dsl::Diagnostics diags;
  log.add_stored(store.all_facts(), diags);
  auto facts = log.resolve(plan(), diags);
  INFO(dsl::render_all(diags, dsl::Lang::en));
  CHECK(diags.error_count() == 0);  // warnings (an extension that does not move the date) are kept
  return facts;
}

}  // namespace

TEST_CASE("record: every stored fact exports to a journal that reads back to the same facts (generated, seeded)",
          "[runtime][record][roundtrip]") {
  for (unsigned seed : {1u, 2u, 3u, 557u}) {
    INFO("seed " << seed);
    FactGen gen(seed);
    auto store = runtime::Store::open_memory();
    int stored = 0;
    for (int i = 0; i < 250; ++i) {
      auto r = runtime::record_facts(store, plan(), texts({gen.fact(store.last_fact_seq())}));
      if (r.outcome == runtime::RecordResult::Outcome::recorded) ++stored;
    }
    CHECK(stored > 100);
    std::ostringstream exported;
    store.export_journal(exported);

    // The export recorded into a fresh store gives the same rows, and the same facts in force.
    auto again = runtime::Store::open_memory();
    runtime::RecordRequest all;
    all.texts.push_back({"export", exported.str()});
    auto r = runtime::record_facts(again, plan(), all);
    INFO(r.render_diagnostics(dsl::Lang::en));
    REQUIRE(r.outcome == runtime::RecordResult::Outcome::recorded);
    auto a = store.all_facts(), b = again.all_facts();
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].seq == b[i].seq);
      CHECK(a[i].text == b[i].text);
      CHECK(a[i].kind == b[i].kind);
      CHECK(a[i].target == b[i].target);
      CHECK(a[i].on == b[i].on);
    }
    runtime::FactLog la, lb;
    auto fa = in_force(store, la), fb = in_force(again, lb);
    REQUIRE(fa.items.size() == fb.items.size());
    for (std::size_t i = 0; i < fa.items.size(); ++i) {
      const auto &x = fa.items[i], &y = fb.items[i];
      CHECK(x.number == y.number);
      CHECK(x.kind == y.kind);
      CHECK(x.on == y.on);
      CHECK(x.node == y.node);
      CHECK(x.indicator == y.indicator);
      CHECK(x.year == y.year);
      CHECK(x.value == y.value);
      CHECK(x.new_due == y.new_due);
      CHECK(x.authority == y.authority);
      CHECK(x.recorded_by == y.recorded_by);
      CHECK(x.reference == y.reference);
      CHECK(x.note == y.note);
    }
  }
}
