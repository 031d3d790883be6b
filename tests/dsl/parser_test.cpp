// The parser builds the syntax tree of every construct, keeps places, and reports errors.

#include "dsl/parser.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "tests/test_util.hpp"

using namespace dondoc;
using namespace dondoc::dsl;
using dondoc::test::parse_errors;
using dondoc::test::parse_ok;

namespace {
template <typename T>
const T& only(const FileAst& ast, std::size_t i = 0) {
  REQUIRE(ast.decls.size() > i);
  REQUIRE(std::holds_alternative<T>(ast.decls[i]));
  return std::get<T>(ast.decls[i]);
}
}  // namespace

TEST_CASE("parser: a task in Vietnamese keeps every clause and its places", "[dsl][parser]") {
  auto p = parse_ok(
      "nhiệm vụ II.3 \"Trình Thủ tướng Chính phủ phê duyệt\" {\n"
      "  nội dung \"Đầu mối, phối hợp\"\n"
      "  chủ trì SXD\n"
      "  phối hợp G_SBN, G_UBNDH\n"
      "  sản phẩm \"Tờ trình Thủ tướng Chính phủ\"\n"
      "  thời hạn Quý I/2023 theo \"Phụ lục 2\"\n"
      "  phụ thuộc II.1, II.2\n"
      "  thời lượng 60 ngày\n"
      "  đôn đốc không\n"
      "  nguồn \"Phụ lục 2, mục II.3\"\n"
      "  ghi chú \"nộp tờ trình\"\n"
      "}\n");
  const auto& t = only<TaskDecl>(p->ast);
  CHECK(t.id.text == "II.3");
  CHECK(t.id.loc.line == 1);
  CHECK(t.id.loc.col == 10);
  CHECK(t.title.text == "Trình Thủ tướng Chính phủ phê duyệt");
  CHECK(t.content->text == "Đầu mối, phối hợp");
  REQUIRE(t.leads.size() == 1);
  CHECK(t.leads[0].text == "SXD");
  CHECK(t.leads[0].loc.line == 3);
  CHECK(t.support.size() == 2);
  CHECK(t.deliverable->text == "Tờ trình Thủ tướng Chính phủ");
  REQUIRE(t.due.size() == 1);
  CHECK(t.due[0].time.text == "Quý I/2023");
  CHECK(t.due[0].per->text == "Phụ lục 2");
  CHECK(t.depends_on.size() == 2);
  CHECK(t.duration->amount == 60);
  CHECK(t.quiet);
  CHECK(t.source->text == "Phụ lục 2, mục II.3");
  CHECK(t.notes.size() == 1);
  CHECK(p->ast.lang == Lang::vi);
}

TEST_CASE("parser: English keywords build the same tree", "[dsl][parser]") {
  auto p = parse_ok(
      "task II.4 \"Implement\" {\n"
      "  lead SXD\n"
      "  starts after all of II.3, TTG\n"
      "  due within 90 days\n"
      "  waived by \"QĐ 99/QĐ-UBND\" reason \"merged into II.5\"\n"
      "}\n");
  const auto& t = only<TaskDecl>(p->ast);
  REQUIRE(t.trigger);
  CHECK(t.trigger->mode == Trigger::Mode::all);
  CHECK(t.trigger->on.size() == 2);
  CHECK(t.due[0].time.form == TimeExpr::Form::relative);
  CHECK(t.waived->by.text == "QĐ 99/QĐ-UBND");
  CHECK(t.waived->reason->text == "merged into II.5");
  CHECK(p->ast.lang == Lang::en);
}

TEST_CASE("parser: plan header, agencies, groups, sections", "[dsl][parser]") {
  auto p = parse_ok(
      "kế hoạch TH557 \"Kế hoạch hành động\" {\n"
      "  số \"557/QĐ-UBND\"\n"
      "  cơ quan ban hành UBND_TINH\n"
      "  ban hành ngày 17 tháng 02 năm 2023\n"
      "  hiệu lực 17/02/2023\n"
      "  đến năm 2030\n"
      "  múi giờ \"Asia/Ho_Chi_Minh\"\n"
      "  cách hiểu rộng\n"
      "  sắp đến hạn 14 ngày\n"
      "  theo dõi SKHDT\n"
      "  đôn đốc QT\n"
      "  căn cứ \"Nghị quyết 168/NQ-CP\"\n"
      "}\n"
      "cơ quan SXD \"Sở Xây dựng\" { cấp trên UBND_TINH  tên khác \"Sở XD\" }\n"
      "cơ quan ngoài TTG \"Thủ tướng Chính phủ\"\n"
      "nhóm G_SBN \"Các sở, ban, ngành cấp tỉnh\" { gồm SXD, SKHDT }\n"
      "mục II \"Thể chế\" {\n"
      "  nguồn \"Phụ lục 2, mục II\"\n"
      "  đôn đốc QT2\n"
      "  sự kiện TTG_DUYET \"Thủ tướng phê duyệt\" { sau II.3  dự kiến Quý III/2023  theo dõi SXD }\n"
      "}\n");
  const auto& plan = only<PlanDecl>(p->ast, 0);
  CHECK(plan.number->text == "557/QĐ-UBND");
  CHECK(plan.owner->text == "UBND_TINH");
  CHECK(*plan.issued == Date{2023, 2, 17});
  CHECK(*plan.effective == Date{2023, 2, 17});
  CHECK(*plan.horizon == 2030);
  CHECK(*plan.reading == Reading::lenient);
  CHECK(*plan.due_soon_days == 14);
  CHECK(plan.follow_up->text == "SKHDT");
  CHECK(plan.escalation->text == "QT");
  CHECK(plan.basis.size() == 1);
  const auto& sxd = only<AgencyDecl>(p->ast, 1);
  CHECK_FALSE(sxd.external);
  CHECK(sxd.reports_to->text == "UBND_TINH");
  CHECK(sxd.aliases.size() == 1);
  CHECK(only<AgencyDecl>(p->ast, 2).external);
  CHECK(only<GroupDecl>(p->ast, 3).members.size() == 2);
  const auto& sec = only<SectionDecl>(p->ast, 4);
  CHECK(sec.source->text == "Phụ lục 2, mục II");
  CHECK(sec.escalation->text == "QT2");
  REQUIRE(sec.items.size() == 1);
  const auto& ev = std::get<EventDecl>(sec.items[0]);
  CHECK(ev.after[0].text == "II.3");
  CHECK(ev.expected->due(Reading::strict) == Date{2023, 9, 30});
  CHECK(ev.follow_up->text == "SXD");
  CHECK(sec.end_loc.line == 21);
}

TEST_CASE("parser: an agency's e-mail addresses, one a clause, in both languages", "[dsl][parser]") {
  auto p = parse_ok(
      "cơ quan SKHDT \"Sở Kế hoạch và Đầu tư\" {\n"
      "  thư điện tử \"vanthu@skhdt.thanhhoa.gov.vn\"\n"
      "  tên khác \"Sở KHĐT\"\n"
      "  thư điện tử \"skhdt@thanhhoa.gov.vn\"\n"
      "}\n"
      "agency STC \"Department of Finance\" { email \"stc@thanhhoa.gov.vn\" }\n");
  const auto& skhdt = only<AgencyDecl>(p->ast, 0);
  REQUIRE(skhdt.emails.size() == 2);
  CHECK(skhdt.emails[0].text == "vanthu@skhdt.thanhhoa.gov.vn");
  CHECK(skhdt.emails[0].loc.line == 2);
  CHECK(skhdt.emails[0].loc.col == 15);  // the opening quote
  CHECK(skhdt.emails[1].text == "skhdt@thanhhoa.gov.vn");
  CHECK(skhdt.aliases.size() == 1);
  const auto& stc = only<AgencyDecl>(p->ast, 1);
  REQUIRE(stc.emails.size() == 1);
  CHECK(stc.emails[0].text == "stc@thanhhoa.gov.vn");
}

TEST_CASE("parser: duties, indicators, escalation policies, waivers, holidays", "[dsl][parser]") {
  auto p = parse_ok(
      "nghĩa vụ BC \"Báo cáo hằng năm\" {\n"
      "  định kỳ hằng năm (trước ngày 30/11)\n"
      "  giai đoạn 2023 - 2030\n"
      "  thực hiện các đơn vị chủ trì\n"
      "  gửi CT_UBND qua SKHDT\n"
      "}\n"
      "chỉ tiêu PL1-I.1 \"GRDP\" {\n"
      "  đơn vị tính \"%\"\n"
      "  mục tiêu ≥ 10,1 năm 2030\n"
      "  cơ sở 9,2 năm 2020\n"
      "  lộ trình năm 2025: 9,8, năm 2027: 10\n"
      "  phụ trách SKHDT, CTK\n"
      "  thuộc PL1-I\n"
      "}\n"
      "chỉ tiêu PL1-II.2 \"Dân số\" { mục tiêu 0,5 - 0,75 năm 2030 }\n"
      "chỉ tiêu X \"Thu ngân sách\" { mục tiêu 1.650.000 }\n"
      "quy trình đôn đốc QT \"Đôn đốc\" {\n"
      "  nhắc trước 14 ngày gửi chủ trì\n"
      "  nhắc đúng hạn gửi chủ trì\n"
      "  cấp 1 \"Văn bản đôn đốc\" sau hạn 7 ngày gửi chủ trì, SKHDT lặp lại 14 ngày\n"
      "  quá hạn kéo dài \"Kiểm điểm\" 120 ngày gửi CT_UBND\n"
      "  báo cáo chậm 7 ngày gửi đơn vị theo dõi\n"
      "  sự kiện chậm 30 ngày gửi đơn vị theo dõi\n"
      "  gộp theo ngày\n"
      "}\n"
      "dừng IV.9 theo \"QĐ 123/QĐ-UBND\" lý do \"điều chỉnh\"\n");
  const auto& duty = only<DutyDecl>(p->ast, 0);
  CHECK(duty.every.freq == Recurrence::Freq::yearly);
  CHECK(duty.every.anchor == Recurrence::Anchor::before);
  CHECK(duty.every.day == 30);
  CHECK(duty.every.month == 11);
  CHECK(duty.period->to.y == 2030);
  CHECK(duty.all_leads);
  REQUIRE(duty.sent.to.size() == 1);
  CHECK(duty.sent.to[0].text == "CT_UBND");
  CHECK(duty.sent.via->text == "SKHDT");
  CHECK(duty.sent.copy_to.empty());
  const auto& ind = only<IndicatorDecl>(p->ast, 1);
  CHECK(ind.unit->text == "%");
  CHECK(ind.target->cmp == Target::Cmp::ge);
  CHECK(ind.target->value.value == Approx(10.1));
  CHECK(ind.target->value.text == "10,1");
  CHECK(*ind.target->year == 2030);
  CHECK(ind.baseline->year == 2020);
  CHECK(ind.baseline->value.value == Approx(9.2));
  REQUIRE(ind.trajectory.size() == 2);
  CHECK(ind.trajectory[0].year == 2025);
  CHECK(ind.trajectory[0].value.value == Approx(9.8));
  CHECK(ind.trajectory[1].value.value == Approx(10));
  CHECK(ind.owners.size() == 2);
  CHECK(ind.part_of->text == "PL1-I");
  const auto& range = only<IndicatorDecl>(p->ast, 2);
  CHECK(range.target->cmp == Target::Cmp::range);
  CHECK(range.target->value.value == Approx(0.5));
  CHECK(range.target->value_max->value == Approx(0.75));
  CHECK(only<IndicatorDecl>(p->ast, 3).target->value.value == Approx(1650000));
  const auto& pol = only<EscalationDecl>(p->ast, 4);
  REQUIRE(pol.steps.size() == 6);
  CHECK(pol.steps[0].kind == EscalationStep::Kind::remind_before);
  CHECK(pol.steps[0].days == 14);
  CHECK(pol.steps[2].kind == EscalationStep::Kind::level);
  CHECK(pol.steps[2].level == 1);
  CHECK(pol.steps[2].label->text == "Văn bản đôn đốc");
  CHECK(pol.steps[2].days == 7);
  CHECK(pol.steps[2].to.size() == 2);
  CHECK(pol.steps[2].to[1].agency.text == "SKHDT");
  CHECK(*pol.steps[2].repeat_days == 14);
  CHECK(pol.steps[3].label->text == "Kiểm điểm");
  CHECK(pol.steps[3].days == 120);
  CHECK(pol.steps[4].to[0].kind == Recipient::Kind::follow_up);
  CHECK(pol.daily_digest);
  const auto& w = only<WaiveDecl>(p->ast, 5);
  CHECK(w.task.text == "IV.9");
  CHECK(w.waiver.by.text == "QĐ 123/QĐ-UBND");
  CHECK(w.waiver.reason->text == "điều chỉnh");
}

TEST_CASE("parser: the target forms: about, changes, periods, milestones in one clause, a task's target", "[dsl][parser][target]") {
  auto p = parse_ok(
      "chỉ tiêu A \"a\" { mục tiêu khoảng 54,5 năm 2030 }\n"
      "chỉ tiêu B \"b\" { mục tiêu tăng thêm 5 so với năm 2020 năm 2030 }\n"
      "indicator C \"c\" { target 2 times 2020 in 2030 }\n"
      "chỉ tiêu D \"d\" { mục tiêu bình quân ≥ 10,1 giai đoạn 2021 - 2030 }\n"
      "indicator E \"e\" { target average decrease >= 1.5 over 2021 to 2025 }\n"
      "chỉ tiêu F \"f\" { mục tiêu ≥ 10 năm 2030; lộ trình năm 2025: 8 - 8,5, năm 2027: 9 }\n"
      "nhiệm vụ G \"g\" { chủ trì X; mục tiêu ≥ 1 năm 2025, ≥ 2 năm 2027, ≥ 3 năm 2030; đơn vị tính \"khu\" }\n");
  const auto& a = *only<IndicatorDecl>(p->ast, 0).target;
  CHECK(a.about);
  CHECK(a.cmp == Target::Cmp::eq);
  CHECK(!a.tolerance);
  const auto& b = *only<IndicatorDecl>(p->ast, 1).target;
  CHECK(b.change == Target::Change::up);
  CHECK(b.cmp == Target::Cmp::ge);
  CHECK(b.value.value == Approx(5));
  CHECK(*b.from_year == 2020);
  CHECK(*b.year == 2030);
  const auto& c = *only<IndicatorDecl>(p->ast, 2).target;
  CHECK(c.change == Target::Change::times);
  CHECK(c.value.value == Approx(2));
  CHECK(*c.from_year == 2020);
  const auto& d = *only<IndicatorDecl>(p->ast, 3).target;
  CHECK(d.measure == Target::Measure::average_rate);
  CHECK(d.cmp == Target::Cmp::ge);
  CHECK(*d.from_year == 2021);
  CHECK(*d.year == 2030);
  const auto& e = *only<IndicatorDecl>(p->ast, 4).target;
  CHECK(e.measure == Target::Measure::average_decrease);
  CHECK(*e.from_year == 2021);
  CHECK(*e.year == 2025);
  const auto& f = only<IndicatorDecl>(p->ast, 5);
  REQUIRE(f.trajectory.size() == 2);
  CHECK(f.trajectory[0].value_max->value == Approx(8.5));
  CHECK(!f.trajectory[1].value_max);
  const auto& g = only<TaskDecl>(p->ast, 6);
  CHECK(g.unit->text == "khu");
  CHECK(*g.target->year == 2030);
  CHECK(g.target->value.value == Approx(3));
  REQUIRE(g.target->earlier.size() == 2);
  CHECK(g.target->earlier[0].year == 2025);
  CHECK(g.target->earlier[1].value.value == Approx(2));
}

TEST_CASE("parser: recipients, copies and the bodies a product passes, in both languages", "[dsl][parser]") {
  auto p = parse_ok(
      "nhiệm vụ II.6 \"Hồ sơ\" {\n"
      "  chủ trì STP\n"
      "  gửi TTG, CT_UBND qua SKHDT\n"
      "  đồng gửi BKHDT,\n    STC\n"
      "  cấp trình CP (dự kiến Quý III/2024), QH (dự kiến Quý IV năm 2024 (kỳ họp cuối năm)), UBTVQH\n"
      "}\n"
      "task II.7 \"Plan\" { lead SKHDT  to CT_UBND  copy to BKHDT  passes CP (expected 2024-Q3) }\n"
      "duty BC \"Report\" { every quarter before day 20  by STC  to CT_UBND, UBND_TINH via SKHDT  copy to BTC }\n");
  const auto& t = only<TaskDecl>(p->ast, 0);
  REQUIRE(t.sent);
  REQUIRE(t.sent->to.size() == 2);
  CHECK(t.sent->to[1].text == "CT_UBND");
  CHECK(t.sent->via->text == "SKHDT");
  REQUIRE(t.sent->copy_to.size() == 2);
  CHECK(t.sent->copy_to[1].text == "STC");
  CHECK(t.sent->copy_to[1].loc.line == 5);
  REQUIRE(t.passes);
  REQUIRE(t.passes->bodies.size() == 3);
  CHECK(t.passes->loc.line == 6);
  CHECK(t.passes->bodies[0].body.text == "CP");
  CHECK(t.passes->bodies[0].expected->text == "Quý III/2024");
  CHECK(t.passes->bodies[1].expected->text == "Quý IV năm 2024 (kỳ họp cuối năm)");
  CHECK(t.passes->bodies[1].expected->note == "kỳ họp cuối năm");
  CHECK(t.passes->bodies[1].expected_loc.col == 44);
  CHECK(!t.passes->bodies[2].expected);
  const auto& en = only<TaskDecl>(p->ast, 1);
  CHECK(en.sent->to.size() == 1);
  CHECK(!en.sent->via);
  CHECK(en.sent->copy_to[0].text == "BKHDT");
  CHECK(en.passes->bodies[0].expected->due(Reading::strict) == Date{2024, 9, 30});
  const auto& duty = only<DutyDecl>(p->ast, 2);
  CHECK(duty.sent.to.size() == 2);
  CHECK(duty.sent.via->text == "SKHDT");
  CHECK(duty.sent.copy_to[0].text == "BTC");
}

TEST_CASE("parser: the same name typed in NFC and NFD is one name", "[dsl][parser][unicode]") {
  // "Sở" written with a precomposed ở, and with o + horn + hook above (NFD).
  auto nfc = parse_ok("cơ quan SXD \"S\xE1\xBB\x9F X\xC3\xA2y d\xE1\xBB\xB1ng\"\n");
  auto nfd = parse_ok("cơ quan SXD \"So\xCC\x9B\xCC\x89 Xa\xCC\x82y du\xCC\x9B\xCC\xA3ng\"\n");
  CHECK(only<AgencyDecl>(nfc->ast).name.text == only<AgencyDecl>(nfd->ast).name.text);
  // Keywords typed in NFD are keywords too.
  auto kw = parse_ok("nhie\xCC\xA3\xCC\x82m vu\xCC\xA3 A.1 \"x\" { chu\xCC\x89 tri\xCC\x80 SXD }\n");
  CHECK(only<TaskDecl>(kw->ast).leads[0].text == "SXD");
}

TEST_CASE("parser: invalid UTF-8 is an error at its byte, and parsing goes on", "[dsl][parser][unicode]") {
  CHECK(parse_errors("cơ quan SXD \"S\xFF\"\nnhiệm vụ A \"x\" { thời hạn Quý V/2023 }\n", Lang::en) ==
        "test.rules:1:15: error: invalid UTF-8 byte 0xFF; save the file as UTF-8\n"
        "  cơ quan SXD \"S\xEF\xBF\xBD\"\n"
        "                ^\n"
        "test.rules:2:31: error: a quarter must be I, II, III or IV (or 1-4)\n"
        "  nhiệm vụ A \"x\" { thời hạn Quý V/2023 }\n"
        "                                ^\n");
}

TEST_CASE("parser: every recoverable error is reported in one run", "[dsl][parser]") {
  auto out = parse_errors(
      "nhiệm vụ A \"x\" { thời hạn Quý V/2023 }\n"
      "nhiệm vụ B \"x\" { thời hạn 31/02/2023 }\n"
      "nhiệm vụ C \"x\" { chủ trì SXD }\n"
      "nhiem vu D \"x\" { }\n",
      Lang::en);
  CHECK(out ==
        "test.rules:1:31: error: a quarter must be I, II, III or IV (or 1-4)\n"
        "  nhiệm vụ A \"x\" { thời hạn Quý V/2023 }\n"
        "                                ^\n"
        "test.rules:2:27: error: 31/02/2023 is not a real date: month 2 of 2023 has 28 days\n"
        "  nhiệm vụ B \"x\" { thời hạn 31/02/2023 }\n"
        "                            ^\n"
        "test.rules:4:1: error: this line is not a declaration; a declaration starts with 'plan', 'agency', 'group', 'section', 'task', "
        "'event', 'duty', 'indicator', …\n"
        "  nhiem vu D \"x\" { }\n"
        "  ^\n"
        "  hint: did you mean 'nhiệm vụ'?\n");
}

TEST_CASE("parser: includes are followed, may not leave the plan folder, and cycles are named", "[dsl][parser][include]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "dondoc_include_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "plan");
  auto write = [](const fs::path& p, const std::string& s) { std::ofstream(p) << s; };
  write(dir / "plan" / "a.rules", "bao gồm \"b.rules\"\nnhiệm vụ A.1 \"x\" { chủ trì SXD }\n");
  write(dir / "plan" / "b.rules", "bao gồm \"a.rules\"\nbao gồm \"../outside.rules\"\nnhiệm vụ B.1 \"x\" { chủ trì SXD }\n");
  write(dir / "outside.rules", "nhiệm vụ O.1 \"x\" { chủ trì SXD }\n");
  SourceSet sources;
  Diagnostics diags;
  auto plan = load_plan(sources, {dir / "plan"}, diags);
  CHECK(plan.files.size() == 2);  // a.rules, then b.rules once (not again from the folder scan)
  std::string out = render_all(diags, Lang::en);
  std::string b = (dir / "plan" / "b.rules").string();
  CHECK(out == b + ":1:9: error: include cycle: a.rules -> b.rules -> a.rules\n" + "  bao gồm \"a.rules\"\n" + "          ^\n" + b +
                   ":2:9: error: cannot include '../outside.rules': it is outside the plan's folder\n" +
                   "  bao gồm \"../outside.rules\"\n" + "          ^\n" +
                   "  hint: a plan is made of the files in its folder and its subfolders only\n");
  fs::remove_all(dir);
}

TEST_CASE("parser: 'quá hạn kéo dài' without a number of days means more than 120 days late", "[dsl][parser]") {
  auto p = test::parse_ok(
      "quy trình đôn đốc QT \"Đôn đốc\" {\n"
      "  quá hạn kéo dài \"Phê bình, kiểm điểm\" gửi chủ trì, CT_UBND lặp lại 90 ngày\n"
      "}\n"
      "escalation policy QE \"Follow-up\" {\n"
      "  long overdue 200 days to lead\n"
      "  long overdue to lead\n"
      "}\n");
  const auto& vi = only<EscalationDecl>(p->ast, 0);
  REQUIRE(vi.steps.size() == 1);
  CHECK(vi.steps[0].kind == EscalationStep::Kind::long_overdue);
  CHECK(vi.steps[0].days == 120);
  CHECK(vi.steps[0].label->text == "Phê bình, kiểm điểm");
  CHECK(vi.steps[0].to.size() == 2);
  CHECK(*vi.steps[0].repeat_days == 90);
  const auto& en = only<EscalationDecl>(p->ast, 1);
  REQUIRE(en.steps.size() == 2);
  CHECK(en.steps[0].days == 200);
  CHECK(en.steps[1].days == 120);
}

TEST_CASE("parser: strings keep their escapes and stop at a quote, a line break or a backslash that escapes nothing", "[dsl][parser]") {
  auto p = parse_ok("nhiệm vụ II.3 \"Tờ trình \\\"số 1\\\" \\\\ mục\\tA\\nB\" { chủ trì SXD }\n");
  CHECK(only<TaskDecl>(p->ast).title.text == "Tờ trình \"số 1\" \\ mục\tA\nB");
  CHECK(only<TaskDecl>(p->ast).title.loc.col == 15);

  // A backslash that escapes nothing ends the string there: the closing quote is then missing.
  CHECK(parse_errors("nhiệm vụ II.3 \"Tờ trình \\q\" { chủ trì SXD }\n", Lang::en) ==
        "test.rules:1:15: error: unclosed text: the closing '\"' is missing on this line\n"
        "  nhiệm vụ II.3 \"Tờ trình \\q\" { chủ trì SXD }\n"
        "                ^\n");
  CHECK(parse_errors("nhiệm vụ II.3 \"Tờ trình\r\n  chủ trì SXD\r\n}\r\n", Lang::en) ==
        "test.rules:1:15: error: unclosed text: the closing '\"' is missing on this line\n"
        "  nhiệm vụ II.3 \"Tờ trình\n"
        "                ^\n");
}

TEST_CASE("parser: a comment runs to its line break, \\r\\n or \\n, or to the end of the file", "[dsl][parser]") {
  auto p = parse_ok("# đầu tệp\r\nnhiệm vụ II.3 \"A\" { chủ trì SXD }  # cuối \r dòng\n# không có dấu xuống dòng");
  REQUIRE(p->ast.comments.size() == 3);
  CHECK(p->ast.comments[0].text == "# đầu tệp");
  CHECK(p->ast.comments[1].text == "# cuối \r dòng");
  CHECK(p->ast.comments[1].trailing);
  CHECK(p->ast.comments[2].text == "# không có dấu xuống dòng");
  CHECK(p->ast.comments[2].loc.line == 3);
}
