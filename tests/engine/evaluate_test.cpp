#include "engine/evaluate.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "engine/compile.hpp"
#include "tests/engine/compile_util.hpp"

using namespace dondoc;
using engine::Status;
using test::day;
using test::iso;

namespace {

engine::Fact done(engine::NodeId n, engine::Day on) {
  engine::Fact f;
  f.kind = engine::FactKind::done;
  f.node = n;
  f.on = on;
  return f;
}

/// `chỉ tiêu I năm YEAR đạt V`.
engine::Fact value(engine::IndicatorId i, int year, double v) {
  engine::Fact f;
  f.kind = engine::FactKind::value;
  f.indicator = i;
  f.year = year;
  f.value = v;
  return f;
}

engine::Fact happened(engine::NodeId n, engine::Day on) {
  engine::Fact f;
  f.kind = engine::FactKind::happened;
  f.node = n;
  f.on = on;
  return f;
}

/// The real plan, compiled once for the whole file.
const engine::CompiledPlan& real_plan() {
  static auto compiled = engine::compile_plan({DONDOC_SOURCE_DIR "/rules/thanh-hoa-557"}, {});
  REQUIRE(compiled->ok());
  return *compiled;
}

struct Real {
  const engine::CompiledPlan& c = real_plan();
  engine::Model model{*c.plan, c.dates, c.occurrences, c.schedule};

  engine::TaskId task(std::string_view id) const {
    auto sym = c.plan->find(id);
    REQUIRE(sym.kind == engine::Kind::task);
    return sym.index;
  }
  engine::NodeId event(std::string_view id) const {
    auto sym = c.plan->find(id);
    REQUIRE(sym.kind == engine::Kind::event);
    return c.plan->event_node(sym.index);
  }
  std::string name(engine::NodeId n) const { return n == engine::kNone ? "-" : std::string(c.plan->node_name(n)); }
  /// The ids of the tasks with status `s`, in declaration order.
  std::string with(const engine::Evaluation& e, Status s) const {
    std::string out;
    for (engine::TaskId t = 0; t < e.status.size(); ++t) {
      if (e.status[t] == s) out += (out.empty() ? "" : " ") + std::string(c.plan->str(c.plan->tasks[t].id));
    }
    return out;
  }
};

}  // namespace

TEST_CASE("evaluate: the real plan on 15/04/2023 with no facts", "[engine][evaluate]") {
  Real r;
  auto e = engine::evaluate(r.model, {}, day(2023, 4, 15));
  // The three tasks due Quý I/2023 (Phụ lục 2: II.3, III.2, IV.5) are late, and nothing else: the
  // body's wording of IV.5 (Mục III.4.3.a) is a second source of the same task, not a second task.
  CHECK(r.with(e, Status::overdue) == "II.3 III.2 IV.5");
  CHECK(e.days_late(r.task("II.3")) == 15);
  for (auto id : {"II.1", "II.2", "II.4"}) {
    INFO(id);
    CHECK(e.status[r.task(id)] == Status::waiting);
  }
  CHECK(r.name(e.waiting_on(*r.c.plan, r.task("II.4")).at(0)) == "TTG_DUYET_QHC");
  CHECK(e.counts[static_cast<int>(Status::overdue)] == 3);
  CHECK(e.categories[static_cast<int>(engine::Category::in_progress_late)] == 3);
  // II.4 waits for the approval, which can only follow the late II.3: II.3 is its root cause from
  // the day II.3 is late (docs/status.md §2.6), while it still waits.
  CHECK(r.name(e.root_cause[r.task("II.4")]) == "II.3");
  CHECK(r.name(e.blocked_by[r.task("II.4")]) == "TTG_DUYET_QHC");
  CHECK(r.name(e.root_cause[r.event("TTG_DUYET_QHC")]) == "II.3");
}

TEST_CASE("evaluate: II.3 submitted and the urban plan approved start II.4 the next day", "[engine][evaluate]") {
  Real r;
  engine::Facts facts;
  facts.items = {done(r.task("II.3"), day(2023, 3, 20)), happened(r.event("TTG_DUYET_QHC"), day(2023, 9, 1))};
  auto e = engine::evaluate(r.model, facts, day(2023, 9, 15));
  engine::TaskId t = r.task("II.4");
  CHECK(e.status[r.task("II.3")] == Status::done_on_time);
  CHECK(iso(e.start[t]) == "2023-09-02");
  // Năm 2023 ends on Sunday 31/12/2023; 01/01/2024 is New Year's Day: due Tuesday 02/01/2024.
  CHECK(iso(e.deadline[t]) == "2024-01-02");
  CHECK(e.status[t] == Status::not_due);
  CHECK(e.root_cause[t] == engine::kNone);
  // Before the approval, II.4 still waits even though II.3 is done.
  auto before = engine::evaluate(r.model, facts, day(2023, 8, 31));
  CHECK(before.status[t] == Status::waiting);
  CHECK(before.start[t] == engine::kNoDay);
  // Within the 14-day window of the plan (`sắp đến hạn 14 ngày`), it is due soon.
  CHECK(engine::evaluate(r.model, facts, day(2023, 12, 19)).status[t] == Status::due_soon);
  CHECK(engine::evaluate(r.model, facts, day(2024, 1, 3)).status[t] == Status::overdue);
}

TEST_CASE("evaluate: a missing II.3 makes II.4 at risk, with II.3 as the root cause", "[engine][evaluate]") {
  Real r;
  engine::TaskId t = r.task("II.4");
  // Through 2023 the approval can still come in time: II.4 waits.
  auto dec = engine::evaluate(r.model, {}, day(2023, 12, 31));
  CHECK(dec.status[t] == Status::waiting);
  // From 01/01/2024 the earliest the approval can come is after II.4's deadline (02/01/2024).
  auto jan = engine::evaluate(r.model, {}, day(2024, 1, 1));
  CHECK(jan.status[t] == Status::at_risk);
  CHECK(r.name(jan.blocked_by[t]) == "TTG_DUYET_QHC");
  CHECK(r.name(jan.root_cause[t]) == "II.3");
  CHECK(jan.late[r.event("TTG_DUYET_QHC")]);
  CHECK(r.name(jan.root_cause[r.event("TTG_DUYET_QHC")]) == "II.3");
  // II.1 waits on an approval nobody in the plan produces, due the same day as II.4: one step
  // shorter, it is at risk a day later, with the late approval itself as the root cause.
  CHECK(jan.status[r.task("II.1")] == Status::waiting);
  auto jan2 = engine::evaluate(r.model, {}, day(2024, 1, 2));
  CHECK(jan2.status[r.task("II.1")] == Status::at_risk);
  CHECK(r.name(jan2.root_cause[r.task("II.1")]) == "TTG_DUYET_QHT");
  CHECK(r.name(jan2.blocked_by[r.task("II.1")]) == "TTG_DUYET_QHT");
  // II.2 has no deadline after its trigger: it can wait for ever.
  CHECK(jan.status[r.task("II.2")] == Status::waiting);
}

TEST_CASE("evaluate: the yearly report before 30/11, per unit", "[engine][evaluate]") {
  Real r;
  const auto& occ = r.c.occurrences.items;
  REQUIRE(!occ.empty());
  // The first occurrence: 2023, due 29/11/2023 (strict reading of "trước ngày 30/11").
  std::uint32_t o = 0;
  CHECK(iso(occ[o].deadline) == "2023-11-29");
  engine::Fact f;
  f.kind = engine::FactKind::done;
  f.occurrence = o;
  f.on = day(2023, 12, 4);
  engine::Facts facts;
  facts.items = {f};
  auto e = engine::evaluate(r.model, facts, day(2023, 12, 1));
  CHECK(e.occurrence_status[o] == Status::overdue);
  CHECK(e.occurrence_status[1] == Status::overdue);
  e = engine::evaluate(r.model, facts, day(2023, 12, 5));
  CHECK(e.occurrence_status[o] == Status::done_late);
  CHECK(e.occurrence_status[1] == Status::overdue);
  CHECK(engine::evaluate(r.model, facts, day(2023, 11, 20)).occurrence_status[o] == Status::due_soon);
}

TEST_CASE("evaluate: a standing task shows its leads' latest yearly report", "[engine][evaluate]") {
  Real r;
  engine::TaskId t = r.task("II.6");  // Giai đoạn 2023 - 2030, led by every department and district
  auto e = engine::evaluate(r.model, {}, day(2023, 6, 1));
  REQUIRE(e.status[t] == Status::ongoing);
  // Before the first report is due: the one to come.
  auto rep = engine::latest_report(r.model, e, t);
  REQUIRE(rep);
  CHECK(rep->year == 2023);
  CHECK(iso(rep->due) == "2023-11-29");
  CHECK(rep->status == Status::not_due);
  CHECK(rep->missing.empty());
  // After it: overdue for every lead that has not reported; one lead done on time.
  const auto& occ = r.c.occurrences.items;
  std::uint32_t first = 0;
  while (std::find(rep->by_lead.begin(), rep->by_lead.end(), std::pair{occ[first].agency, Status::not_due}) == rep->by_lead.end()) ++first;
  engine::Fact f;
  f.kind = engine::FactKind::done;
  f.occurrence = first;
  f.on = day(2023, 11, 20);
  engine::Facts facts;
  facts.items = {f};
  e = engine::evaluate(r.model, facts, day(2024, 1, 10));
  rep = engine::latest_report(r.model, e, t);
  REQUIRE(rep);
  CHECK(rep->year == 2023);
  CHECK(rep->status == Status::overdue);
  CHECK(rep->missing.size() == rep->by_lead.size() - 1);
  CHECK(std::find(rep->missing.begin(), rep->missing.end(), occ[first].agency) == rep->missing.end());
}

TEST_CASE("evaluate: relative deadlines, waivers and extensions", "[engine][evaluate]") {
  auto c = test::compile_text(
      "kế hoạch KH \"Kế hoạch thử\" { ban hành 17/02/2023  hiệu lực 01/03/2023  đến năm 2030  sắp đến hạn 5 ngày }\n"
      "cơ quan SXD \"Sở Xây dựng\"\n"
      "cơ quan CT_UBND \"Chủ tịch UBND tỉnh\"\n"
      "sự kiện DUYET \"Phê duyệt\" { dự kiến Quý II/2023 }\n"
      "nhiệm vụ A \"Triển khai\" { chủ trì SXD; bắt đầu sau DUYET; thời hạn trong 30 ngày }\n"
      "nhiệm vụ B \"Báo cáo\" { chủ trì SXD; thời hạn 30/06/2023 }\n"
      "nhiệm vụ C \"Sau B\" { chủ trì SXD; phụ thuộc B; thời lượng 10 ngày; thời hạn 05/07/2023 }\n",
      test::kHolidays2023_2024);
  engine::Model m{c->plan, c->dates, c->occurrences, c->schedule};
  engine::TaskId a = c->task("A"), b = c->task("B"), cc = c->task("C");
  engine::Facts facts;
  facts.items = {happened(c->event("DUYET"), day(2023, 8, 2))};
  auto e = engine::evaluate(m, facts, day(2023, 8, 10));
  // 30 days counted from the day after 02/08 end on 01/09, Quốc khánh; 02/09 is too, 03/09 a Sunday
  // and 04/09 the day off in lieu: due Tuesday 05/09/2023.
  CHECK(iso(e.start[a]) == "2023-08-03");
  CHECK(iso(e.deadline[a]) == "2023-09-05");
  CHECK(e.status[a] == Status::not_due);
  // C needs 10 days after B: while B is late, C (not late itself) is at risk, B its root cause.
  e = engine::evaluate(m, facts, day(2023, 6, 28));
  CHECK(e.status[b] == Status::due_soon);
  CHECK(e.status[cc] == Status::not_due);
  e = engine::evaluate(m, facts, day(2023, 7, 1));
  CHECK(e.status[b] == Status::overdue);
  CHECK(e.status[cc] == Status::at_risk);
  CHECK(c->plan.node_name(e.root_cause[cc]) == "B");
  // An extension of B to 31/07 decided on 30/06: B is no longer late, and C no longer at risk for
  // B's sake; C is simply due soon (05/07 is within the plan's 5-day window).
  engine::Fact ext;
  ext.kind = engine::FactKind::extend;
  ext.node = b;
  ext.on = day(2023, 6, 30);
  ext.new_due = ext.new_deadline = day(2023, 7, 31);
  facts.items.push_back(ext);
  e = engine::evaluate(m, facts, day(2023, 7, 1));
  CHECK(e.status[b] == Status::not_due);
  CHECK(e.extended[b]);
  CHECK(iso(e.deadline[b]) == "2023-07-31");
  CHECK(e.status[cc] == Status::due_soon);
  // A waiver of C on 02/07: waived from that day.
  engine::Fact w;
  w.kind = engine::FactKind::waive;
  w.node = cc;
  w.on = day(2023, 7, 2);
  facts.items.push_back(w);
  CHECK(engine::evaluate(m, facts, day(2023, 7, 1)).status[cc] == Status::due_soon);
  CHECK(engine::evaluate(m, facts, day(2023, 7, 2)).status[cc] == Status::waived);
}

TEST_CASE("evaluate: a lag after the trigger, and a due time counted from a task", "[engine][evaluate]") {
  auto c = test::compile_text(
      "kế hoạch KH \"Kế hoạch thử\" { ban hành 02/01/2024  đến năm 2025 }\n"
      "cơ quan SXD \"Sở Xây dựng\"\n"
      "nhiệm vụ A \"Lập quy hoạch\" { chủ trì SXD; thời hạn Quý I/2024 }\n"
      "nhiệm vụ B \"Công bố\" { chủ trì SXD; thời hạn 30 ngày sau khi A hoàn thành }\n"
      "nhiệm vụ C \"Rà soát\" { chủ trì SXD; bắt đầu 2 tháng sau B; thời hạn trong 30 ngày }\n"
      "nhiệm vụ D \"Triển khai\" { chủ trì SXD; bắt đầu 10 ngày làm việc sau tất cả A, SK; thời hạn ngay }\n"
      "sự kiện SK \"Phê duyệt\" { dự kiến Quý II/2024 }\n",
      test::kHolidays2023_2024);
  engine::Model m{c->plan, c->dates, c->occurrences, c->schedule};
  engine::TaskId b = c->task("B"), cc = c->task("C"), d = c->task("D");
  engine::Facts facts;
  facts.items = {done(c->task("A"), day(2024, 3, 15)), done(b, day(2024, 4, 10)), happened(c->event("SK"), day(2024, 5, 20))};
  // B waits for A (its due time counts from A): 30 days after Friday 15/03 is Sunday 14/04, so Monday.
  auto e = engine::evaluate(m, facts, day(2024, 3, 20));
  CHECK(iso(e.deadline[b]) == "2024-04-15");
  CHECK(iso(e.start[b]) == "2024-03-16");
  // C may start two months after B was done (10/04): it waits until 10/06, starts the next day,
  // and its 30 days count from 10/06.
  e = engine::evaluate(m, facts, day(2024, 6, 9));
  CHECK(e.status[cc] == Status::waiting);
  CHECK(iso(e.waiting_until(c->plan, cc)) == "2024-06-10");
  CHECK(e.waiting_on(c->plan, cc).empty());
  CHECK(iso(e.projected[cc]) == "2024-06-11");
  e = engine::evaluate(m, facts, day(2024, 6, 10));
  CHECK(e.status[cc] == Status::not_due);
  CHECK(iso(e.start[cc]) == "2024-06-11");
  CHECK(iso(e.deadline[cc]) == "2024-07-10");
  CHECK(e.waiting_until(c->plan, cc) == engine::kNoDay);
  // D: ten working days after the later of A and SK (Monday 20/05) is Monday 03/06; due `ngay`.
  e = engine::evaluate(m, facts, day(2024, 6, 2));
  CHECK(e.status[d] == Status::waiting);
  e = engine::evaluate(m, facts, day(2024, 6, 3));
  CHECK(iso(e.start[d]) == "2024-06-03");
  CHECK(iso(e.deadline[d]) == "2024-06-03");
  CHECK(e.status[d] == Status::due_soon);
  // Without facts the schedule projects the same: A on 02/01, B the next day, C two months after.
  CHECK(iso(c->schedule.trigger[cc]) == "2024-03-03");
  CHECK(iso(c->schedule.earliest_start[cc]) == "2024-03-04");
  CHECK(iso(c->schedule.deadline[cc]) == "2024-04-02");
}

TEST_CASE("evaluate: indicators on and off track", "[engine][evaluate]") {
  auto c = test::compile_text(
      "kế hoạch KH \"Kế hoạch thử\" { ban hành 17/02/2023  hiệu lực 01/03/2023  đến năm 2030 }\n"
      "cơ quan SKHDT \"Sở Kế hoạch và Đầu tư\"\n"
      "chỉ tiêu RUNG \"Tỷ lệ che phủ rừng\" { đơn vị tính \"%\"; mục tiêu 54,5 năm 2030; cơ sở 53,5 năm 2020; phụ trách SKHDT }\n"
      "chỉ tiêu GRDP \"Tăng trưởng GRDP\" { đơn vị tính \"%\"; mục tiêu ≥ 10,1; phụ trách SKHDT }\n"
      "chỉ tiêu DS \"Tăng dân số\" { đơn vị tính \"%\"; mục tiêu 0,5 - 0,75; phụ trách SKHDT }\n");
  engine::Model m{c->plan, c->dates, c->occurrences, c->schedule};
  engine::Facts facts;
  auto e = engine::evaluate(m, facts, day(2024, 6, 1));
  CHECK(e.indicator_state[0] == engine::IndicatorState::no_data);
  // Forest cover: 53.5 (2020) → 54.5 (2030), 0.1 a year: 2023 asks for 53.8.
  facts.items = {value(0, 2023, 53.9), value(1, 2023, 9.5), value(2, 2023, 0.6)};
  e = engine::evaluate(m, facts, day(2024, 6, 1));
  CHECK(e.indicator_state[0] == engine::IndicatorState::on_track);
  CHECK(*e.indicator_expected[0] == Approx(53.8));
  CHECK(e.indicator_state[1] == engine::IndicatorState::off_track);
  CHECK(e.indicator_state[2] == engine::IndicatorState::on_track);
  facts.items.push_back(value(0, 2024, 53.85));
  e = engine::evaluate(m, facts, day(2025, 1, 10));
  CHECK(e.indicator_latest[0]->year == 2024);
  CHECK(e.indicator_state[0] == engine::IndicatorState::off_track);
  // A 2024 value is not known in 2023.
  CHECK(engine::evaluate(m, facts, day(2023, 12, 31)).indicator_latest[0]->year == 2023);
}

TEST_CASE("evaluate: interim years judged by milestone or baseline, else not yet assessable with a trend", "[engine][evaluate]") {
  auto c = test::compile_text(
      "kế hoạch KH \"Kế hoạch thử\" { ban hành 17/02/2023  hiệu lực 01/03/2023  đến năm 2030 }\n"
      "cơ quan SNN \"Sở Nông nghiệp\"\n"
      "chỉ tiêu RUNG \"Tỷ lệ che phủ rừng\" { đơn vị tính \"%\"; mục tiêu ≥ 54,5 năm 2030; phụ trách SNN }\n"
      "chỉ tiêu LO \"Có lộ trình\" { mục tiêu ≥ 54,5 năm 2030; lộ trình năm 2025: 54; phụ trách SNN }\n"
      "chỉ tiêu DS \"Tăng dân số\" { mục tiêu 0,5 - 0,75 hằng năm; phụ trách SNN }\n"
      "chỉ tiêu KH \"Khoảng đến năm 2030\" { mục tiêu 0,5 - 0,75 năm 2030; cơ sở 1 năm 2020; phụ trách SNN }\n");
  engine::Model m{c->plan, c->dates, c->occurrences, c->schedule};
  engine::Facts facts;
  facts.items = {value(0, 2022, 53.2), value(0, 2023, 53.6), value(1, 2025, 53.9), value(2, 2023, 0.8), value(3, 2023, 0.9)};
  auto e = engine::evaluate(m, facts, day(2024, 6, 1));
  // 53.6 in 2023 for ≥ 54.5 by 2030, no milestone, no baseline: not judged; its trend shown.
  CHECK(e.indicator_state[0] == engine::IndicatorState::not_assessable);
  CHECK_FALSE(e.indicator_expected[0]);
  CHECK(e.indicator_previous[0]->year == 2022);
  CHECK(e.indicator_trend[0] == engine::Trend::up);
  // A range held every year: judged in 2023 against the range itself, both ends kept.
  CHECK(e.indicator_state[2] == engine::IndicatorState::off_track);
  CHECK(*e.indicator_expected[2] == Approx(0.5));
  CHECK(*e.indicator_expected_max[2] == Approx(0.75));
  CHECK(e.indicator_trend[2] == engine::Trend::unknown);
  // A range to reach by 2030 has no straight line from a baseline: not assessable before 2030.
  CHECK(e.indicator_state[3] == engine::IndicatorState::not_assessable);
  // The 2025 milestone judges a 2025 value; in 2030 the target does.
  e = engine::evaluate(m, facts, day(2026, 1, 10));
  CHECK(e.indicator_state[1] == engine::IndicatorState::off_track);
  CHECK(*e.indicator_expected[1] == Approx(54));
  facts.items.push_back(value(0, 2030, 54.6));
  facts.items.push_back(value(3, 2030, 0.7));
  e = engine::evaluate(m, facts, day(2031, 1, 10));
  CHECK(e.indicator_state[0] == engine::IndicatorState::on_track);
  CHECK(e.indicator_state[3] == engine::IndicatorState::on_track);
}

TEST_CASE("evaluate: an exact target with a tolerance is met within it", "[engine][evaluate]") {
  auto c = test::compile_text(
      "kế hoạch KH \"Kế hoạch thử\" { ban hành 17/02/2023  hiệu lực 01/03/2023  đến năm 2030 }\n"
      "cơ quan SKHDT \"Sở Kế hoạch và Đầu tư\"\n"
      "chỉ tiêu NN \"Tỷ trọng nông nghiệp\" { mục tiêu = 5,1 năm 2030 sai số 0,2; phụ trách SKHDT }\n"
      "chỉ tiêu CN \"Tỷ trọng công nghiệp\" { mục tiêu = 57 năm 2030; phụ trách SKHDT }\n");
  engine::Model m{c->plan, c->dates, c->occurrences, c->schedule};
  engine::Facts facts;
  facts.items = {value(0, 2030, 5.25), value(1, 2030, 57.1)};
  auto e = engine::evaluate(m, facts, day(2031, 1, 10));
  CHECK(e.indicator_state[0] == engine::IndicatorState::on_track);
  CHECK(*e.indicator_expected[0] == Approx(4.9));
  CHECK(*e.indicator_expected_max[0] == Approx(5.3));
  CHECK(e.indicator_state[1] == engine::IndicatorState::off_track);  // no tolerance: exact
  facts.items[0] = value(0, 2030, 5.35);
  CHECK(engine::evaluate(m, facts, day(2031, 1, 10)).indicator_state[0] == engine::IndicatorState::off_track);
}

namespace {

/// A plan of one agency and the given indicator lines (and tasks), for the target forms of §4.8.
std::unique_ptr<test::Compiled> indicators(const std::string& lines) {
  return test::compile_text(
      "kế hoạch KH \"Kế hoạch thử\" { ban hành 17/02/2023  hiệu lực 01/03/2023  đến năm 2030 }\n"
      "cơ quan SKHDT \"Sở Kế hoạch và Đầu tư\"\n" +
      lines);
}

}  // namespace

TEST_CASE("evaluate: a trajectory milestone that is a range is judged against both ends", "[engine][evaluate][target]") {
  auto c = indicators("chỉ tiêu NS \"Năng suất\" { mục tiêu ≥ 8,5 năm 2030; lộ trình năm 2025: 7,5 - 8, năm 2027: 8; phụ trách SKHDT }\n");
  engine::Model m{c->plan, c->dates, c->occurrences, c->schedule};
  engine::Facts facts;
  facts.items = {value(0, 2025, 7.8)};
  auto e = engine::evaluate(m, facts, day(2026, 1, 10));
  CHECK(e.indicator_state[0] == engine::IndicatorState::on_track);
  CHECK(*e.indicator_expected[0] == Approx(7.5));
  CHECK(*e.indicator_expected_max[0] == Approx(8));
  facts.items = {value(0, 2025, 8.2)};  // above the range: off track, though ≥ the target's way
  CHECK(engine::evaluate(m, facts, day(2026, 1, 10)).indicator_state[0] == engine::IndicatorState::off_track);
  facts.items = {value(0, 2027, 8.2)};  // a single milestone keeps the target's comparator
  e = engine::evaluate(m, facts, day(2028, 1, 10));
  CHECK(e.indicator_state[0] == engine::IndicatorState::on_track);
  CHECK_FALSE(e.indicator_expected_max[0]);
}

TEST_CASE("evaluate: an approximate target is met within 1 % of its value, or within its tolerance", "[engine][evaluate][target]") {
  auto c = indicators(
      "chỉ tiêu RUNG \"Che phủ rừng\" { mục tiêu khoảng 54,5 năm 2030; phụ trách SKHDT }\n"
      "chỉ tiêu SO \"Kinh tế số\" { mục tiêu khoảng 30 năm 2030 sai số 2; phụ trách SKHDT }\n");
  engine::Model m{c->plan, c->dates, c->occurrences, c->schedule};
  engine::Facts facts;
  facts.items = {value(0, 2030, 55), value(1, 2030, 28.5)};
  auto e = engine::evaluate(m, facts, day(2031, 1, 10));
  CHECK(e.indicator_state[0] == engine::IndicatorState::on_track);
  CHECK(*e.indicator_expected[0] == Approx(53.955));
  CHECK(*e.indicator_expected_max[0] == Approx(55.045));
  CHECK(e.indicator_state[1] == engine::IndicatorState::on_track);
  CHECK(*e.indicator_expected[1] == Approx(28));
  facts.items = {value(0, 2030, 55.1), value(1, 2030, 27.9)};
  e = engine::evaluate(m, facts, day(2031, 1, 10));
  CHECK(e.indicator_state[0] == engine::IndicatorState::off_track);
  CHECK(e.indicator_state[1] == engine::IndicatorState::off_track);
}

TEST_CASE("evaluate: a target counted from an earlier year waits for that year's value", "[engine][evaluate][target]") {
  auto c = indicators(
      "chỉ tiêu TT \"Lao động có chứng chỉ\" { mục tiêu tăng thêm 5 so với năm 2020 năm 2030; phụ trách SKHDT }\n"
      "chỉ tiêu GIAM \"Lao động nông nghiệp\" { mục tiêu giảm 3 so với năm 2020 năm 2025; phụ trách SKHDT }\n"
      "chỉ tiêu GAP \"Xuất khẩu\" { mục tiêu gấp 2 lần năm 2020 năm 2030; cơ sở 7 năm 2020; phụ trách SKHDT }\n");
  engine::Model m{c->plan, c->dates, c->occurrences, c->schedule};
  engine::Facts facts;
  facts.items = {value(0, 2030, 34), value(1, 2025, 30), value(2, 2030, 15)};
  auto e = engine::evaluate(m, facts, day(2031, 1, 10));
  // No 2020 value for the first two: not assessable; the third counts from its 2020 baseline.
  CHECK(e.indicator_state[0] == engine::IndicatorState::not_assessable);
  CHECK_FALSE(e.indicator_reference[0]);
  CHECK(e.indicator_state[1] == engine::IndicatorState::not_assessable);
  CHECK(e.indicator_state[2] == engine::IndicatorState::on_track);
  CHECK(*e.indicator_expected[2] == Approx(14));
  CHECK(e.indicator_reference[2]->value.value == Approx(7));
  facts.items.push_back(value(0, 2020, 28));
  facts.items.push_back(value(1, 2020, 32));
  e = engine::evaluate(m, facts, day(2031, 1, 10));
  CHECK(e.indicator_state[0] == engine::IndicatorState::on_track);  // 34 ≥ 28 + 5
  CHECK(*e.indicator_expected[0] == Approx(33));
  CHECK(e.indicator_state[1] == engine::IndicatorState::off_track);  // 30 > 32 − 3
  CHECK(*e.indicator_expected[1] == Approx(29));
  // An interim year: the straight line from the 2020 value, 28 → 33 over ten years.
  facts.items.push_back(value(0, 2024, 29.9));
  e = engine::evaluate(m, facts, day(2025, 1, 10));
  CHECK(*e.indicator_expected[0] == Approx(30));
  CHECK(e.indicator_state[0] == engine::IndicatorState::off_track);
  // The year counted from itself is not judged.
  facts.items = {value(0, 2020, 28)};
  CHECK(engine::evaluate(m, facts, day(2021, 1, 10)).indicator_state[0] == engine::IndicatorState::not_assessable);
}

TEST_CASE("evaluate: an average rate over a period is the geometric mean of the yearly rates", "[engine][evaluate][target]") {
  auto c = indicators("chỉ tiêu GRDP \"Tăng trưởng GRDP\" { mục tiêu bình quân ≥ 10 giai đoạn 2021 - 2025; phụ trách SKHDT }\n");
  engine::Model m{c->plan, c->dates, c->occurrences, c->schedule};
  engine::Facts facts;
  facts.items = {value(0, 2021, 8), value(0, 2022, 12)};
  auto e = engine::evaluate(m, facts, day(2023, 6, 1));
  const double so_far = (std::sqrt(1.08 * 1.12) - 1) * 100;  // 9.98
  REQUIRE(e.indicator_aggregate[0]);
  CHECK(e.indicator_aggregate[0]->value == Approx(so_far));
  CHECK(e.indicator_aggregate[0]->to == 2022);
  CHECK(e.indicator_state[0] == engine::IndicatorState::off_track);
  // What 2023–2025 need for the whole period to average 10: (1.1^5 / (1.08 · 1.12))^(1/3) − 1.
  CHECK(*e.indicator_aggregate[0]->needed == Approx((std::cbrt(std::pow(1.1, 5) / (1.08 * 1.12)) - 1) * 100));
  // A gap in the years: not assessable.
  facts.items.push_back(value(0, 2024, 11));
  e = engine::evaluate(m, facts, day(2025, 6, 1));
  CHECK(e.indicator_state[0] == engine::IndicatorState::not_assessable);
  CHECK_FALSE(e.indicator_aggregate[0]);
  facts.items.push_back(value(0, 2023, 10));
  facts.items.push_back(value(0, 2025, 10));
  e = engine::evaluate(m, facts, day(2026, 6, 1));
  CHECK(e.indicator_state[0] == engine::IndicatorState::on_track);  // (1.08·1.12·1.10·1.11·1.10)^(1/5) − 1 = 10.2 %
  CHECK(e.indicator_aggregate[0]->value == Approx((std::pow(1.08 * 1.12 * 1.1 * 1.11 * 1.1, 0.2) - 1) * 100));
  CHECK_FALSE(e.indicator_aggregate[0]->needed);
}

TEST_CASE("evaluate: a total over a period against its share of the years gone by", "[engine][evaluate][target]") {
  auto c = indicators("chỉ tiêu VON \"Vốn đầu tư\" { mục tiêu tổng ≥ 1000 giai đoạn 2021 - 2030; phụ trách SKHDT }\n");
  engine::Model m{c->plan, c->dates, c->occurrences, c->schedule};
  engine::Facts facts;
  facts.items = {value(0, 2021, 90), value(0, 2022, 110), value(0, 2023, 120)};
  auto e = engine::evaluate(m, facts, day(2024, 6, 1));
  CHECK(e.indicator_aggregate[0]->value == Approx(320));
  CHECK(*e.indicator_expected[0] == Approx(300));  // 3 of 10 years
  CHECK(*e.indicator_aggregate[0]->needed == Approx(680));
  CHECK(e.indicator_state[0] == engine::IndicatorState::on_track);
  // Values of later years are not known before their year.
  CHECK(engine::evaluate(m, facts, day(2021, 6, 1)).indicator_aggregate[0]->value == Approx(90));
  CHECK(engine::evaluate(m, facts, day(2021, 6, 1)).indicator_state[0] == engine::IndicatorState::off_track);  // 90 < 100
}

TEST_CASE("evaluate: an average decrease counts from the year before the period", "[engine][evaluate][target]") {
  auto c = indicators(
      "chỉ tiêu NGHEO \"Hộ nghèo\" { mục tiêu giảm bình quân ≥ 1,5 giai đoạn 2021 - 2025; cơ sở 9,5 năm 2020; phụ trách SKHDT }\n"
      "chỉ tiêu NGHEO2 \"Hộ nghèo\" { mục tiêu giảm bình quân ≥ 1,5 giai đoạn 2021 - 2025; phụ trách SKHDT }\n");
  engine::Model m{c->plan, c->dates, c->occurrences, c->schedule};
  engine::Facts facts;
  facts.items = {value(0, 2022, 6.1), value(1, 2022, 6.1)};
  auto e = engine::evaluate(m, facts, day(2023, 6, 1));
  CHECK(e.indicator_aggregate[0]->value == Approx(1.7));  // (9.5 − 6.1) / 2
  CHECK(e.indicator_state[0] == engine::IndicatorState::on_track);
  CHECK(*e.indicator_aggregate[0]->needed == Approx((7.5 - 3.4) / 3));
  CHECK(e.indicator_state[1] == engine::IndicatorState::not_assessable);  // no 2020 value
}

TEST_CASE("evaluate: a task's own target, milestones written in one clause", "[engine][evaluate][target]") {
  auto c = indicators(
      "nhiệm vụ VD.1 \"Xây dựng khu công nghệ cao\" { chủ trì SKHDT; thời hạn Giai đoạn 2023 - 2030; mục tiêu ≥ 1 năm 2025, ≥ 2 năm 2030; "
      "đơn vị tính \"khu\" }\n");
  REQUIRE(c->plan.indicators.size() == 1);
  const engine::Indicator& ind = c->plan.indicators[0];
  CHECK(ind.task == c->task("VD.1"));
  CHECK(c->plan.target_of(c->task("VD.1")) == 0);
  CHECK(c->plan.str(ind.id) == "VD.1");
  CHECK(c->plan.str(ind.unit) == "khu");
  REQUIRE(ind.trajectory.size() == 1);
  CHECK(ind.trajectory[0].year == 2025);
  engine::Model m{c->plan, c->dates, c->occurrences, c->schedule};
  engine::Facts facts;
  facts.items = {value(0, 2025, 0)};
  auto e = engine::evaluate(m, facts, day(2026, 1, 10));
  CHECK(e.indicator_state[0] == engine::IndicatorState::off_track);
  CHECK(*e.indicator_expected[0] == Approx(1));
  CHECK(e.status[c->task("VD.1")] == Status::ongoing);  // the task's own status is apart
  facts.items = {value(0, 2025, 1), value(0, 2030, 2)};
  CHECK(engine::evaluate(m, facts, day(2031, 1, 10)).indicator_state[0] == engine::IndicatorState::on_track);
}

TEST_CASE("evaluate: alerts between two days", "[engine][evaluate]") {
  Real r;
  auto before = engine::evaluate(r.model, {}, day(2023, 3, 31));
  auto after = engine::evaluate(r.model, {}, day(2023, 4, 1));
  std::string got;
  for (const auto& a : engine::diff(r.model, before, after))
    got += std::string(engine::alert_kind_name(a.kind)) + " " + r.name(a.node) + "\n";
  CHECK(got == "became_overdue II.3\nbecame_overdue III.2\nbecame_overdue IV.5\n");
}

namespace {

/// A random plan: tasks with dependencies on earlier tasks, events after earlier tasks, triggers
/// (all / any) on events and tasks, durations and deadlines, fixed and relative.
std::string random_plan(std::mt19937& rng, int tasks, bool lags = false) {
  std::string text =
      "kế hoạch KH \"Ngẫu nhiên\" { ban hành 01/01/2023  hiệu lực 01/01/2023  đến năm 2026  sắp đến hạn 10 ngày }\n"
      "cơ quan SXD \"Sở Xây dựng\"\n";
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  int events = 0;
  for (int i = 0; i < tasks; ++i) {
    if (i > 0 && pick(5) == 0) {
      text += "sự kiện E" + std::to_string(events) + " \"Sự kiện\" { sau T" + std::to_string(pick(i));
      if (pick(2)) text += "; dự kiến " + std::to_string(pick(28) + 1) + "/" + std::to_string(pick(12) + 1) + "/2023";
      text += " }\n";
      ++events;
    }
    text += "nhiệm vụ T" + std::to_string(i) + " \"Việc\" { chủ trì SXD";
    if (i > 0 && pick(2)) text += "; phụ thuộc T" + std::to_string(pick(i));
    bool trigger = (events > 0 || i > 0) && pick(3) == 0;
    if (trigger) {
      std::string a = events > 0 && pick(2) ? "E" + std::to_string(pick(events)) : "T" + std::to_string(pick(std::max(i, 1)));
      std::string b = i > 0 ? "T" + std::to_string(pick(i)) : a;
      std::string starts = "; bắt đầu sau ";
      if (lags && pick(3)) {
        static const char* const units[] = {" ngày sau ", " ngày làm việc sau ", " tháng sau "};
        starts = "; bắt đầu " + std::to_string(pick(40)) + units[pick(3)];
      }
      text += pick(2) ? starts + a : starts + (pick(2) ? "tất cả " : "một trong ") + a + (b != a ? ", " + b : "");
    }
    if (pick(2)) text += "; thời lượng " + std::to_string(pick(60) + 1) + " ngày";
    if (trigger && pick(2)) {
      text += "; thời hạn trong " + std::to_string(pick(90) + 1) + " ngày";
    } else if (pick(4)) {
      text += "; thời hạn " + std::to_string(pick(28) + 1) + "/" + std::to_string(pick(12) + 1) + "/" + std::to_string(2023 + pick(3));
    }
    text += " }\n";
  }
  return text;
}

}  // namespace

namespace {

/// The whole of two evaluations agrees (the failing field is named by the assertion).
void require_same(const engine::Evaluation& inc, const engine::Evaluation& full) {
  REQUIRE(inc.at == full.at);
  REQUIRE(inc.status == full.status);
  REQUIRE(inc.deadline == full.deadline);
  REQUIRE(inc.start == full.start);
  REQUIRE(inc.done == full.done);
  REQUIRE(inc.projected == full.projected);
  REQUIRE(inc.blocked_by == full.blocked_by);
  REQUIRE(inc.root_cause == full.root_cause);
  REQUIRE(inc.late == full.late);
  REQUIRE(inc.extended == full.extended);
  REQUIRE(inc.occurrence_status == full.occurrence_status);
  REQUIRE(inc.occurrence_done == full.occurrence_done);
  REQUIRE(inc.indicator_state == full.indicator_state);
  REQUIRE(inc.counts == full.counts);
  REQUIRE(inc.categories == full.categories);
}

}  // namespace

TEST_CASE("evaluate: incremental facts give the same result as a full recomputation, fact by fact", "[engine][evaluate][property]") {
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    std::mt19937 rng(seed);
    auto c = test::compile_text(random_plan(rng, 150));
    engine::Model m{c->plan, c->dates, c->occurrences, c->schedule};
    const engine::NodeId nodes = c->plan.node_count();
    const auto tasks = static_cast<engine::NodeId>(c->plan.tasks.size());
    engine::Day at = day(2023, 1, 1) + static_cast<engine::Day>(rng() % 900);
    engine::Evaluator ev(m, at);
    engine::Facts facts;
    std::vector<bool> used(nodes, false);
    for (int step = 0; step < 80; ++step) {
      engine::NodeId n = rng() % nodes;
      engine::Fact f;
      f.on = day(2023, 1, 1) + static_cast<engine::Day>(rng() % 1000);
      f.node = n;
      if (n >= tasks) {
        if (used[n]) continue;
        f.kind = engine::FactKind::happened;
        used[n] = true;
      } else {
        switch (rng() % 4) {
          case 0:
          case 1:
            if (used[n]) continue;
            f.kind = engine::FactKind::done;
            used[n] = true;
            break;
          case 2:
            f.kind = engine::FactKind::extend;
            f.new_due = f.new_deadline = f.on + static_cast<engine::Day>(rng() % 200);
            break;
          default:
            f.kind = engine::FactKind::waive;
            break;
        }
      }
      facts.items.push_back(f);
      ev.add(f);
      auto full = engine::evaluate(m, facts, at);
      const auto& inc = ev.evaluation();
      INFO("seed " << seed << ", step " << step << ", at " << iso(at));
      require_same(inc, full);
    }
  }
}

TEST_CASE("evaluate: moving forward day by day gives a full evaluation of each day (random plans)", "[engine][evaluate][property]") {
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    std::mt19937 rng(seed);
    auto c = test::compile_text(random_plan(rng, 150));
    engine::Model m{c->plan, c->dates, c->occurrences, c->schedule};
    const engine::NodeId nodes = c->plan.node_count();
    const auto tasks = static_cast<engine::NodeId>(c->plan.tasks.size());
    engine::Facts facts;
    std::vector<bool> used(nodes, false);
    for (int k = 0; k < 60; ++k) {
      engine::NodeId n = rng() % nodes;
      if (used[n]) continue;
      engine::Fact f;
      f.on = day(2023, 1, 1) + static_cast<engine::Day>(rng() % 900);
      f.node = n;
      if (n >= tasks) {
        f.kind = engine::FactKind::happened;
      } else if (rng() % 4 == 0) {
        f.kind = engine::FactKind::extend;
        f.new_due = f.new_deadline = f.on + static_cast<engine::Day>(rng() % 200);
      } else {
        f.kind = rng() % 5 == 0 ? engine::FactKind::waive : engine::FactKind::done;
      }
      used[n] = f.kind != engine::FactKind::extend;
      facts.items.push_back(f);
    }
    engine::Day at = day(2022, 12, 1);
    engine::Evaluator ev(m, at);
    ev.add(facts);
    while (at < day(2025, 6, 30)) {
      at += 1 + static_cast<engine::Day>(rng() % 3 == 0 ? rng() % 40 : 0);
      ev.set_date(at);
      INFO("seed " << seed << ", at " << iso(at));
      require_same(ev.evaluation(), engine::evaluate(m, facts, at));
    }
  }
}

TEST_CASE("evaluate: a trigger's lag is met on its day, moving forward or fact by fact (random plans)", "[engine][evaluate][property]") {
  // A lag (`bắt đầu 30 ngày sau T3`) changes a task on a day no date of its own crosses: the
  // incremental evaluator must see that day too.
  int lagged_waits = 0;
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    std::mt19937 rng(seed);
    auto c = test::compile_text(random_plan(rng, 120, true));
    REQUIRE(!c->plan.lags.empty());
    engine::Model m{c->plan, c->dates, c->occurrences, c->schedule};
    const engine::NodeId nodes = c->plan.node_count();
    const auto tasks = static_cast<engine::NodeId>(c->plan.tasks.size());
    engine::Facts facts;
    std::vector<bool> used(nodes, false);
    engine::Evaluator by_fact(m, day(2024, 6, 1));
    for (int k = 0; k < 60; ++k) {
      engine::NodeId n = rng() % nodes;
      if (used[n]) continue;
      used[n] = true;
      engine::Fact f;
      f.on = day(2023, 1, 1) + static_cast<engine::Day>(rng() % 700);
      f.node = n;
      f.kind = n >= tasks ? engine::FactKind::happened : engine::FactKind::done;
      facts.items.push_back(f);
      by_fact.add(f);
      INFO("seed " << seed << ", fact " << k);
      require_same(by_fact.evaluation(), engine::evaluate(m, facts, day(2024, 6, 1)));
    }
    engine::Day at = day(2022, 12, 1);
    engine::Evaluator ev(m, at);
    ev.add(facts);
    while (at < day(2025, 6, 30)) {
      at += 1 + static_cast<engine::Day>(rng() % 4 == 0 ? rng() % 20 : 0);
      ev.set_date(at);
      INFO("seed " << seed << ", at " << iso(at));
      auto full = engine::evaluate(m, facts, at);
      require_same(ev.evaluation(), full);
      for (engine::TaskId t = 0; t < tasks; ++t) lagged_waits += full.waiting_until(c->plan, t) != engine::kNoDay;
    }
  }
  CHECK(lagged_waits > 100);  // the plans do wait on lags, often
}

TEST_CASE("evaluate: moving forward day by day gives a full evaluation of each day (the real plan)", "[engine][evaluate][property]") {
  Real r;
  engine::Facts facts;
  facts.items = {done(r.task("II.3"), day(2023, 4, 20)), happened(r.event("TTG_DUYET_QHC"), day(2023, 9, 1)),
                 done(r.task("I.1"), day(2023, 3, 30)), value(0, 2023, 10.5)};
  engine::Day at = day(2023, 2, 17);
  engine::Evaluator ev(r.model, at);
  ev.add(facts);
  for (++at; at <= day(2026, 1, 31); ++at) {
    ev.set_date(at);
    INFO("at " << iso(at));
    require_same(ev.evaluation(), engine::evaluate(r.model, facts, at));
  }
}
