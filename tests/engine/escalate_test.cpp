#include "engine/escalate.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <random>
#include <set>

#include "dsl/format.hpp"
#include "engine/compile.hpp"
#include "engine/evaluate.hpp"
#include "engine/resolve.hpp"
#include "tests/engine/compile_util.hpp"
#include "tests/test_util.hpp"

using namespace dondoc;
using engine::Escalation;
using engine::EscalationKind;
using test::day;

namespace {

const std::string kHeader =
    "kế hoạch KH \"Kế hoạch thử\" { số \"12/QĐ-UBND\"  ban hành 01/03/2023  hiệu lực 01/03/2023  đến năm 2030  theo dõi SKHDT  đôn đốc QT "
    "}\n"
    "cơ quan SKHDT \"Sở Kế hoạch và Đầu tư\"\n"
    "cơ quan SXD \"Sở Xây dựng\"\n"
    "cơ quan CT_UBND \"Chủ tịch UBND tỉnh\"\n";

const std::string kLadder =
    "quy trình đôn đốc QT \"Quy trình thử\" {\n"
    "  nhắc trước 14 ngày gửi chủ trì\n"
    "  nhắc đúng hạn gửi chủ trì\n"
    "  cấp 1 \"Văn bản đôn đốc\" sau hạn 7 ngày gửi chủ trì, SKHDT lặp lại 14 ngày\n"
    "  cấp 2 \"Chỉ đạo\" sau hạn 30 ngày gửi chủ trì, CT_UBND lặp lại 30 ngày\n"
    "  sự kiện chậm 7 ngày gửi đơn vị theo dõi\n"
    "  báo cáo chậm 7 ngày gửi chủ trì, SKHDT\n"
    "}\n";

std::unique_ptr<test::Compiled> compile(const std::string& body, const std::string& policy = kLadder) {
  return test::compile_text(kHeader + policy + body, test::kHolidays2023_2024);
}

engine::Model model_of(const test::Compiled& c) {
  return engine::Model{c.plan, c.dates, c.occurrences, c.schedule};
}

engine::Fact fact(engine::FactKind kind, engine::NodeId n, engine::Day on) {
  engine::Fact f;
  f.kind = kind;
  f.node = n;
  f.on = on;
  return f;
}

/// Every escalation from `from` to `to`, one escalator, day by day.
std::vector<Escalation> simulate(const engine::Model& m, engine::Day from, engine::Day to, const engine::Facts& facts = {},
                                 dsl::Lang lang = dsl::Lang::vi) {
  engine::Escalator esc(m, lang);
  std::vector<Escalation> all;
  for (engine::Day d = from; d <= to; ++d) {
    for (auto& e : esc.run(engine::evaluate(m, facts, d))) all.push_back(std::move(e));
  }
  return all;
}

/// "2023-06-07 urging 1 r0 SXD" — date, kind, level, repeat, recipients.
std::string row(const engine::Plan& p, const Escalation& e) {
  std::string to;
  for (auto a : e.to) to += (to.empty() ? "" : ",") + std::string(p.str(p.agencies[a].id));
  std::string subject = e.node != engine::kNone ? std::string(p.node_name(e.node)) : std::string(p.str(p.duties[e.duty].id));
  return fmt::format("{} {} {} {} r{} {}", test::iso(e.at), subject, engine::escalation_kind_name(e.kind), e.level, e.repeat, to);
}
std::vector<std::string> rows(const engine::Plan& p, const std::vector<Escalation>& es) {
  std::vector<std::string> out;
  for (const auto& e : es) out.push_back(row(p, e));
  return out;
}

}  // namespace

TEST_CASE("escalate: reminders before and on the due date to the lead, then the ladder at the plan's delays", "[engine][escalate]") {
  auto c = compile("nhiệm vụ A \"Đề án A\" { chủ trì SXD  sản phẩm \"Đề án\"  thời hạn 31/05/2023  nguồn \"Phụ lục, mục 1\" }\n");
  auto m = model_of(*c);
  // 31/05/2023 is a Wednesday. Level 2 repeats 30 days later on Sunday 30/07: sent Monday 31/07.
  CHECK(rows(c->plan, simulate(m, day(2023, 3, 1), day(2023, 8, 31))) == std::vector<std::string>{
                                                                             "2023-05-17 A reminder 0 r0 SXD",
                                                                             "2023-05-31 A reminder 0 r0 SXD",
                                                                             "2023-06-07 A urging 1 r0 SXD",
                                                                             "2023-06-07 A urging 1 r0 SKHDT",
                                                                             "2023-06-21 A urging 1 r1 SXD",
                                                                             "2023-06-21 A urging 1 r1 SKHDT",
                                                                             "2023-06-30 A urging 2 r0 SXD",
                                                                             "2023-06-30 A urging 2 r0 CT_UBND",
                                                                             "2023-07-31 A urging 2 r1 SXD",
                                                                             "2023-07-31 A urging 2 r1 CT_UBND",
                                                                             "2023-08-29 A urging 2 r2 SXD",
                                                                             "2023-08-29 A urging 2 r2 CT_UBND",
                                                                         });
}

TEST_CASE("escalate: a step falling on a day off is sent on a working day", "[engine][escalate]") {
  // Due Friday 28/04/2023, before the 29/04–03/05 holidays. Reminder 14 days before: Friday 14/04.
  // 7 days after due: Friday 05/05. 30 days after: Sunday 28/05, sent Monday 29/05.
  auto c = compile("nhiệm vụ A \"Đề án A\" { chủ trì SXD  thời hạn 28/04/2023 }\n");
  auto m = model_of(*c);
  auto got = rows(c->plan, simulate(m, day(2023, 3, 1), day(2023, 5, 31)));
  CHECK(got == std::vector<std::string>{"2023-04-14 A reminder 0 r0 SXD", "2023-04-28 A reminder 0 r0 SXD", "2023-05-05 A urging 1 r0 SXD",
                                        "2023-05-05 A urging 1 r0 SKHDT", "2023-05-19 A urging 1 r1 SXD", "2023-05-19 A urging 1 r1 SKHDT",
                                        "2023-05-29 A urging 2 r0 SXD", "2023-05-29 A urging 2 r0 CT_UBND"});
}

TEST_CASE("escalate: ids are deterministic and a day evaluated twice sends nothing twice", "[engine][escalate]") {
  auto c = compile("nhiệm vụ A \"Đề án A\" { chủ trì SXD  thời hạn 31/05/2023 }\n");
  auto m = model_of(*c);
  auto first = simulate(m, day(2023, 3, 1), day(2023, 8, 31));
  auto second = simulate(m, day(2023, 3, 1), day(2023, 8, 31));
  REQUIRE(first.size() == second.size());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < first.size(); ++i) {
    CHECK(first[i].id == second[i].id);
    CHECK(first[i].id.size() == 16);
    CHECK(first[i].id.find_first_not_of("0123456789abcdef") == std::string::npos);
    ids.insert(first[i].id);
  }
  CHECK(ids.size() == first.size());

  engine::Escalator esc(m);
  auto eval = engine::evaluate(m, {}, day(2023, 6, 7));
  CHECK(esc.run(eval).size() == 2);
  CHECK(esc.run(eval).empty());
  CHECK(esc.sent(first[2].id));
  CHECK(esc.open_threads() == 1);
}

TEST_CASE("escalate: after skipped days only the current rung's latest repeat is sent", "[engine][escalate]") {
  auto c = compile("nhiệm vụ A \"Đề án A\" { chủ trì SXD  thời hạn 31/05/2023 }\n");
  auto m = model_of(*c);
  engine::Escalator esc(m);
  // 40 days late: level 1 is behind (level 2 started on day 30), so only level 2's first letter.
  CHECK(rows(c->plan, esc.run(engine::evaluate(m, {}, day(2023, 7, 10)))) ==
        std::vector<std::string>{"2023-07-10 A urging 2 r0 SXD", "2023-07-10 A urging 2 r0 CT_UBND"});
  // 100 days late: level 2 repeated on days 60 and 90; only the latest (r2) is due now.
  CHECK(rows(c->plan, esc.run(engine::evaluate(m, {}, day(2023, 9, 8)))) ==
        std::vector<std::string>{"2023-09-08 A urging 2 r2 SXD", "2023-09-08 A urging 2 r2 CT_UBND"});
  CHECK(esc.run(engine::evaluate(m, {}, day(2023, 9, 9))).empty());
}

TEST_CASE("escalate: nothing goes out on a day off, the next working day catches up", "[engine][escalate]") {
  auto c = compile("nhiệm vụ A \"Đề án A\" { chủ trì SXD  thời hạn 31/05/2023 }\n");
  auto m = model_of(*c);
  engine::Escalator esc(m);
  CHECK(esc.run(engine::evaluate(m, {}, day(2023, 6, 10))).empty());  // Saturday, 10 days late
  CHECK(rows(c->plan, esc.run(engine::evaluate(m, {}, day(2023, 6, 12)))) ==
        std::vector<std::string>{"2023-06-12 A urging 1 r0 SXD", "2023-06-12 A urging 1 r0 SKHDT"});
}

TEST_CASE("escalate: what a late task holds back is not escalated on its own but listed as affected", "[engine][escalate]") {
  auto c = compile(
      "nhiệm vụ A \"Trình\" { chủ trì SXD  thời hạn 31/05/2023 }\n"
      "sự kiện E \"Phê duyệt\" { sau A  dự kiến 30/06/2023  theo dõi SXD }\n"
      "nhiệm vụ B \"Triển khai\" { chủ trì SKHDT  bắt đầu sau E  thời lượng 30 ngày  thời hạn 31/07/2023 }\n");
  auto m = model_of(*c);
  auto all = simulate(m, day(2023, 3, 1), day(2023, 9, 30));
  for (const auto& e : all) {
    INFO(row(c->plan, e));
    CHECK(c->plan.node_name(e.node) == "A");
  }
  // From the day B can no longer make 31/07 and E is past 30/06, A's letters name them, in order.
  const Escalation* last = &all.back();
  CHECK(row(c->plan, *last) == "2023-09-28 A urging 2 r3 CT_UBND");
  REQUIRE(last->affected.size() == 2);
  CHECK(c->plan.node_name(last->affected[0]) == "E");
  CHECK(c->plan.node_name(last->affected[1]) == "B");
  CHECK(c->plan.node_name(last->root_cause) == "A");
  CHECK_THAT(last->message, Catch::Contains("Đang kéo theo chậm: E (chờ A), B (chờ E)."));
}

TEST_CASE("escalate: waived, waiting, extended and 'đôn đốc không' tasks are silent", "[engine][escalate]") {
  auto c = compile(
      "sự kiện TW \"Hướng dẫn của Trung ương\" { theo dõi SKHDT }\n"
      "nhiệm vụ W \"Dừng\" { chủ trì SXD  thời hạn 31/05/2023  dừng theo \"QĐ 99/QĐ-UBND\" }\n"
      "nhiệm vụ Q \"Không đôn đốc\" { chủ trì SXD  thời hạn 31/05/2023  đôn đốc không }\n"
      "nhiệm vụ X \"Chờ\" { chủ trì SXD  bắt đầu sau TW  thời hạn trong 30 ngày }\n"
      "nhiệm vụ G \"Gia hạn\" { chủ trì SXD  thời hạn 31/05/2023 }\n");
  auto m = model_of(*c);
  engine::Facts facts;
  auto ext = fact(engine::FactKind::extend, c->task("G"), day(2023, 5, 10));
  ext.new_due = ext.new_deadline = day(2023, 10, 2);  // 30/09/2023 is a Saturday
  facts.items.push_back(ext);
  // Nothing while the extension is in force, reminders included; once its deadline passes, the
  // ladder starts again from it.
  CHECK(rows(c->plan, simulate(m, day(2023, 3, 1), day(2023, 10, 10), facts)) ==
        std::vector<std::string>{"2023-10-09 G urging 1 r0 SXD", "2023-10-09 G urging 1 r0 SKHDT"});
}

TEST_CASE("escalate: one resolution notice to everyone escalated to when the task is done", "[engine][escalate]") {
  auto c = compile(
      "nhiệm vụ A \"Đề án A\" { chủ trì SXD  thời hạn 31/05/2023 }\n"
      "nhiệm vụ B \"Đề án B\" { chủ trì SXD  thời hạn 31/05/2023 }\n");
  auto m = model_of(*c);
  engine::Facts facts;
  facts.items.push_back(fact(engine::FactKind::done, c->task("A"), day(2023, 6, 12)));
  facts.items.push_back(fact(engine::FactKind::done, c->task("B"), day(2023, 5, 30)));  // on time: reminders start no thread
  auto all = simulate(m, day(2023, 5, 1), day(2023, 8, 31), facts);
  CHECK(rows(c->plan, all) == std::vector<std::string>{"2023-05-17 A reminder 0 r0 SXD", "2023-05-17 B reminder 0 r0 SXD",
                                                       "2023-05-31 A reminder 0 r0 SXD", "2023-06-07 A urging 1 r0 SXD",
                                                       "2023-06-07 A urging 1 r0 SKHDT", "2023-06-12 A resolved 0 r0 SKHDT,SXD"});
  const auto& r = all.back();
  CHECK(r.reason == "done on 2023-06-12");
  CHECK(r.days_late == 12);
  CHECK(r.message == "Kết thúc đôn đốc: nhiệm vụ A \"Đề án A\" (hạn 31/05/2023) đã hoàn thành ngày 12/06/2023. Dừng đôn đốc.");
}

TEST_CASE("escalate: a group lead is reminded member by member, the follow-up agency gets one letter listing them", "[engine][escalate]") {
  auto c = compile(
      "cơ quan H1 \"UBND huyện Một\"\n"
      "cơ quan H2 \"UBND huyện Hai\"\n"
      "cơ quan H3 \"UBND huyện Ba\"\n"
      "nhóm G_H \"UBND các huyện\" { gồm H1, H2, H3 }\n"
      "nhiệm vụ A \"Đề án A\" { chủ trì G_H  thời hạn 31/05/2023 }\n");
  auto m = model_of(*c);
  auto all = simulate(m, day(2023, 5, 17), day(2023, 6, 7));
  CHECK(rows(c->plan, all) == std::vector<std::string>{
                                  "2023-05-17 A reminder 0 r0 H1",
                                  "2023-05-17 A reminder 0 r0 H2",
                                  "2023-05-17 A reminder 0 r0 H3",
                                  "2023-05-31 A reminder 0 r0 H1",
                                  "2023-05-31 A reminder 0 r0 H2",
                                  "2023-05-31 A reminder 0 r0 H3",
                                  "2023-06-07 A urging 1 r0 H1",
                                  "2023-06-07 A urging 1 r0 H2",
                                  "2023-06-07 A urging 1 r0 H3",
                                  "2023-06-07 A urging 1 r0 SKHDT",
                              });
  const auto& above = all.back();
  CHECK(above.above);
  CHECK(above.leads.size() == 3);
  CHECK_THAT(above.message, Catch::Contains("đơn vị chủ trì: UBND huyện Một (H1), UBND huyện Hai (H2), UBND huyện Ba (H3)."));
  CHECK(all[0].id != all[1].id);
}

TEST_CASE("escalate: a report missed is escalated per unit, and once above listing the units", "[engine][escalate]") {
  auto c = compile(
      "nghĩa vụ BC \"Báo cáo năm\" { định kỳ hằng năm (trước ngày 30/11)  giai đoạn 2023 - 2024  thực hiện SXD, CT_UBND  gửi SKHDT  nguồn "
      "\"Mục IV.1\" }\n");
  auto m = model_of(*c);
  engine::Facts facts;
  engine::Fact f = fact(engine::FactKind::done, engine::kNone, day(2023, 12, 8));
  f.occurrence = engine::find_occurrence(c->occurrences, 0, c->plan.find("SXD").index, 2023, 0);
  REQUIRE(f.occurrence != engine::kNone);
  facts.items.push_back(f);
  // Due 29/11/2023 (strict reading of "trước ngày 30/11"); 7 days late on 06/12.
  auto all = simulate(m, day(2023, 12, 1), day(2023, 12, 31), facts);
  CHECK(rows(c->plan, all) == std::vector<std::string>{
                                  "2023-12-06 BC report_missed 1 r0 SXD",
                                  "2023-12-06 BC report_missed 1 r0 CT_UBND",
                                  "2023-12-06 BC report_missed 1 r0 SKHDT",
                                  "2023-12-08 BC resolved 0 r0 SKHDT,SXD",
                              });
  CHECK(all[2].above);
  CHECK(all[2].leads.size() == 2);
  CHECK(all[0].message ==
        "Đôn đốc báo cáo cấp 1: chưa nhận được Báo cáo năm năm 2023 (Mục IV.1 — QĐ 12/QĐ-UBND), quá hạn 7 ngày (hạn 29/11/2023). "
        "Đề nghị Sở Xây dựng (SXD) gửi báo cáo đến Sở Kế hoạch và Đầu tư (SKHDT) ngay.");
}

TEST_CASE("escalate: an event past its expected date goes to its follow-up agency", "[engine][escalate]") {
  auto c = compile(
      "sự kiện E \"Thủ tướng phê duyệt\" { dự kiến 30/06/2023  theo dõi SXD }\n"
      "nhiệm vụ B \"Triển khai\" { chủ trì SKHDT  bắt đầu sau E  thời lượng 30 ngày  thời hạn 31/07/2023 }\n");
  auto m = model_of(*c);
  engine::Facts facts;
  facts.items.push_back(fact(engine::FactKind::happened, c->event("E"), day(2023, 7, 20)));
  auto all = simulate(m, day(2023, 6, 1), day(2023, 7, 31), facts);
  // B starts the day after E happens: from then on it is reminded (the 14-day reminder, caught up).
  CHECK(rows(c->plan, all) == std::vector<std::string>{"2023-07-07 E event_late 1 r0 SXD", "2023-07-20 E resolved 0 r0 SXD",
                                                       "2023-07-21 B reminder 0 r0 SKHDT", "2023-07-31 B reminder 0 r0 SKHDT"});
  REQUIRE(all[0].affected.size() == 1);
  CHECK(c->plan.node_name(all[0].affected[0]) == "B");
}

TEST_CASE("escalate: a daily digest combines a recipient's messages of the day", "[engine][escalate]") {
  auto c = compile(
      "nhiệm vụ A \"Đề án A\" { chủ trì SXD  thời hạn 31/05/2023 }\n"
      "nhiệm vụ B \"Đề án B\" { chủ trì SXD  thời hạn 31/05/2023 }\n",
      "quy trình đôn đốc QT \"Gộp\" {\n  nhắc trước 14 ngày gửi chủ trì\n  gộp theo ngày\n}\n");
  auto m = model_of(*c);
  engine::Escalator esc(m);
  auto day_msgs = esc.run(engine::evaluate(m, {}, day(2023, 5, 17)));
  REQUIRE(day_msgs.size() == 2);
  CHECK(day_msgs[0].digest);
  auto digests = engine::make_digests(m, day_msgs, dsl::Lang::vi);
  REQUIRE(digests.size() == 1);
  CHECK(c->plan.str(c->plan.agencies[digests[0].to].id) == "SXD");
  CHECK(digests[0].items == std::vector<std::string>{day_msgs[0].id, day_msgs[1].id});
  CHECK(digests[0].message.rfind("Tổng hợp đôn đốc ngày 17/05/2023 gửi Sở Xây dựng (SXD): 2 nội dung.\n1. Nhắc nhở: nhiệm vụ A", 0) == 0);
}

TEST_CASE("escalate: message templates from the rule file, in Vietnamese and in English", "[engine][escalate]") {
  const std::string policy =
      "quy trình đôn đốc QT \"Mẫu\" {\n"
      "  nhắc trước 14 ngày gửi chủ trì\n"
      "    mẫu \"Đề nghị {chủ_trì} hoàn thành {nhiệm_vụ} ({căn_cứ}) trước {hạn}; còn {số_ngày} ngày. {{mẫu}}\"\n"
      "    mẫu en \"{leads}: please complete {task} ({reference}) by {due}, {days} days left.\"\n"
      "}\n";
  auto c = compile("nhiệm vụ A \"Đề án A\" { chủ trì SXD  thời hạn 31/05/2023  nguồn \"Phụ lục, mục 1\" }\n", policy);
  auto m = model_of(*c);
  auto vi = simulate(m, day(2023, 5, 17), day(2023, 5, 17));
  auto en = simulate(m, day(2023, 5, 17), day(2023, 5, 17), {}, dsl::Lang::en);
  REQUIRE(vi.size() == 1);
  REQUIRE(en.size() == 1);
  CHECK(vi[0].message == "Đề nghị Sở Xây dựng (SXD) hoàn thành A (Phụ lục, mục 1 — QĐ 12/QĐ-UBND) trước 31/05/2023; còn 14 ngày. {mẫu}");
  CHECK(en[0].message == "Sở Xây dựng (SXD): please complete A (Phụ lục, mục 1 — QĐ 12/QĐ-UBND) by 2023-05-31, 14 days left.");
  CHECK(vi[0].id == en[0].id);  // the language changes the words, not the escalation
}

TEST_CASE("escalate: an unknown placeholder in a template is an error with a hint", "[engine][escalate]") {
  dsl::SourceSet sources;
  dsl::Diagnostics diags;
  dsl::PlanSources src;
  src.files.push_back(dsl::parse_text(sources, "test.rules",
                                      kHeader + "quy trình đôn đốc QT \"Mẫu\" {\n"
                                                "  nhắc trước 14 ngày gửi chủ trì\n"
                                                "  mẫu \"Đề nghị hoàn thành {nhiem_vu}\"\n"
                                                "}\n",
                                      diags));
  REQUIRE(diags.items().empty());
  engine::resolve(src, diags);
  CHECK(dsl::render_all(diags, dsl::Lang::en) ==
        "test.rules:7:27: error: the message template has an unknown placeholder: '{nhiem_vu}'\n"
        "    mẫu \"Đề nghị hoàn thành {nhiem_vu}\"\n"
        "                            ^\n"
        "  hint: did you mean '{nhiệm_vụ}'?\n");
}

TEST_CASE("escalate: a template before any step is a syntax error, fmt keeps templates", "[engine][escalate]") {
  CHECK_THAT(test::parse_errors("quy trình đôn đốc QT \"Mẫu\" {\n  mẫu \"…\"\n}\n", dsl::Lang::en),
             Catch::Contains("a message template belongs to the step on the line above it"));
  auto parsed = test::parse_ok(
      "quy trình đôn đốc QT \"Mẫu\" {\n"
      "  nhắc đúng hạn gửi chủ trì\n"
      "  mẫu \"Hôm nay là hạn của {nhiệm_vụ}\"\n"
      "  mẫu en \"{task} is due today\"\n"
      "}\n");
  std::string vi = dsl::format_file(parsed->ast);
  CHECK_THAT(vi, Catch::Contains("  mẫu \"Hôm nay là hạn của {nhiệm_vụ}\"\n  mẫu en \"{task} is due today\"\n"));
  dsl::FormatOptions to_en;
  to_en.lang = dsl::Lang::en;
  CHECK_THAT(dsl::format_file(parsed->ast, to_en),
             Catch::Contains("  template \"Hôm nay là hạn của {nhiệm_vụ}\"\n  template en \"{task} is due today\"\n"));
}

TEST_CASE("escalate: a thread keeps the policy it started under when the rules change", "[engine][escalate]") {
  auto v1 = compile("nhiệm vụ A \"Đề án A\" { chủ trì SXD  thời hạn 31/05/2023 }\n");
  auto v2 = compile("nhiệm vụ A \"Đề án A\" { chủ trì SXD  thời hạn 31/05/2023 }\n",
                    "quy trình đôn đốc QT \"Mới\" {\n  cấp 1 sau hạn 10 ngày gửi CT_UBND\n}\n");
  auto m1 = model_of(*v1), m2 = model_of(*v2);
  engine::Escalator esc(m1);
  CHECK(rows(v1->plan, esc.run(engine::evaluate(m1, {}, day(2023, 6, 7)))) ==
        std::vector<std::string>{"2023-06-07 A urging 1 r0 SXD", "2023-06-07 A urging 1 r0 SKHDT"});
  esc.reload(m2);
  // The thread of A (due 31/05) started under the old ladder: its level 1 repeats after 14 days.
  CHECK(rows(v2->plan, esc.run(engine::evaluate(m2, {}, day(2023, 6, 21)))) ==
        std::vector<std::string>{"2023-06-21 A urging 1 r1 SXD", "2023-06-21 A urging 1 r1 SKHDT"});
  // An amendment that moves the deadline ends the thread with a notice to everyone escalated to.
  auto v3 = compile("nhiệm vụ A \"Đề án A\" { chủ trì SXD  thời hạn 29/09/2023 }\n");
  auto m3 = model_of(*v3);
  esc.reload(m3);
  auto moved = esc.run(engine::evaluate(m3, {}, day(2023, 6, 22)));
  REQUIRE(moved.size() == 1);
  CHECK(row(v3->plan, moved[0]) == "2023-06-22 A resolved 0 r0 SKHDT,SXD");
  CHECK(moved[0].reason == "due date changed to 2023-09-29");
  CHECK(esc.open_threads() == 0);
  // A fresh escalator follows the new policy.
  engine::Escalator fresh(m2);
  CHECK(rows(v2->plan, fresh.run(engine::evaluate(m2, {}, day(2023, 6, 21)))) ==
        std::vector<std::string>{"2023-06-21 A urging 1 r0 CT_UBND"});
}

TEST_CASE("escalate: a JSON line has the contract's fields in a stable order", "[engine][escalate]") {
  auto c = compile("nhiệm vụ A \"Đề án A\" { chủ trì SXD  thời hạn 31/05/2023 }\n");
  auto m = model_of(*c);
  engine::Escalator esc(m, dsl::Lang::en);
  auto es = esc.run(engine::evaluate(m, {}, day(2023, 6, 7)));
  REQUIRE(es.size() == 2);
  std::string json = engine::to_json(m, es[1]);
  CHECK(json.rfind(
            "{\"id\":\"" + es[1].id +
                "\",\"at\":\"2023-06-07\",\"task\":\"A\",\"kind\":\"urging\",\"level\":1,\"to\":[\"SKHDT\"],"
                "\"reason\":\"7 days "
                "overdue\",\"root_cause\":\"A\",\"affected\":[],\"affected_count\":0,\"due\":\"2023-05-31\",\"days_late\":7,\"message\":",
            0) == 0);
  CHECK_THAT(json,
             Catch::EndsWith(",\"subject\":\"task\",\"repeat\":0,\"label\":\"Văn bản đôn đốc\",\"leads\":[\"SXD\"],\"policy\":\"QT\"}"));
}

TEST_CASE("escalate: threads saved and restored in a new escalator continue exactly as before", "[engine][escalate]") {
  auto c = compile(
      "nhiệm vụ A \"Đề án A\" { chủ trì SXD  thời hạn 31/05/2023 }\n"
      "nhiệm vụ B \"Đề án B\" { chủ trì SXD  thời hạn 30/06/2023 }\n");
  auto m = model_of(*c);
  engine::Facts facts;
  facts.items.push_back(fact(engine::FactKind::done, c->task("A"), day(2023, 7, 20)));
  auto whole = simulate(m, day(2023, 5, 1), day(2023, 9, 30), facts);
  // The same days, with a restart on 01/07/2023: a new escalator given the saved threads and the
  // ids already sent (as the daemon reads them back from its store).
  engine::Escalator first(m);
  std::vector<Escalation> split;
  engine::Day cut = day(2023, 7, 1);
  for (engine::Day d = day(2023, 5, 1); d < cut; ++d) {
    for (auto& e : first.run(engine::evaluate(m, facts, d))) split.push_back(std::move(e));
  }
  std::string saved = first.save_threads();
  engine::Escalator second(m);
  REQUIRE(second.load_threads(saved));
  for (const auto& e : split) second.mark_sent(e.id);
  CHECK(second.save_threads() == saved);
  CHECK(second.open_threads() == first.open_threads());
  for (engine::Day d = cut; d <= day(2023, 9, 30); ++d) {
    for (auto& e : second.run(engine::evaluate(m, facts, d))) split.push_back(std::move(e));
  }
  CHECK(rows(c->plan, split) == rows(c->plan, whole));
  // The resolution of A (done 20/07) still reaches everyone A was escalated to before the restart.
  CHECK(std::count_if(split.begin(), split.end(), [](const Escalation& e) { return e.kind == EscalationKind::resolved; }) == 1);
  // Not a saved state: refused, nothing changed.
  CHECK_FALSE(second.load_threads("{\"version\": 2}"));
  CHECK_FALSE(second.load_threads("not json"));
  CHECK(second.open_threads() > 0);
}

TEST_CASE("escalate: after new facts, a run over what changed equals a full run of the same day", "[engine][escalate][property]") {
  auto compiled = engine::compile_plan({DONDOC_SOURCE_DIR "/rules/thanh-hoa-557"}, {});
  REQUIRE(compiled->ok());
  engine::Model m{*compiled->plan, compiled->dates, compiled->occurrences, compiled->schedule};
  const auto& p = *compiled->plan;
  for (std::uint32_t seed = 1; seed <= 3; ++seed) {
    std::mt19937 rng(seed);
    engine::Day from = day(2023, 2, 17), to = day(2024, 12, 31);
    engine::Evaluator ev_full(m, from), ev_sub(m, from);
    engine::Escalator full(m), sub(m);
    std::set<engine::NodeId> done_nodes;
    std::set<std::uint32_t> done_occ;
    std::size_t compared = 0;
    for (engine::Day d = from; d <= to; ++d) {
      ev_full.set_date(d);
      ev_sub.set_date(d);
      auto a = full.run(ev_full.evaluation());
      auto b = sub.run(ev_sub.evaluation(), ev_sub.take_changes());
      REQUIRE(rows(p, a) == rows(p, b));
      // A few facts arrive during the day, each followed by a run.
      for (int k = rng() % 3; k > 0; --k) {
        engine::Fact f;
        f.on = d - static_cast<engine::Day>(rng() % 40);
        switch (rng() % 5) {
          case 0:
          case 1: {
            engine::NodeId n = rng() % p.tasks.size();
            if (done_nodes.count(n) || p.tasks[n].waived) continue;
            f.kind = engine::FactKind::done;
            f.node = n;
            done_nodes.insert(n);
            break;
          }
          case 2: {
            if (p.events.empty()) continue;
            engine::NodeId n = p.event_node(rng() % p.events.size());
            if (done_nodes.count(n)) continue;
            f.kind = engine::FactKind::happened;
            f.node = n;
            done_nodes.insert(n);
            break;
          }
          case 3: {
            std::uint32_t o = rng() % m.occurrences.items.size();
            if (done_occ.count(o)) continue;
            f.kind = engine::FactKind::done;
            f.occurrence = o;
            done_occ.insert(o);
            break;
          }
          default:
            f.kind = engine::FactKind::extend;
            f.node = rng() % p.tasks.size();
            f.new_due = f.new_deadline = d + static_cast<engine::Day>(rng() % 90);
            break;
        }
        ev_full.add(f);
        ev_sub.add(f);
        a = full.run(ev_full.evaluation());
        b = sub.run(ev_sub.evaluation(), ev_sub.take_changes());
        INFO("seed " << seed << " on " << test::iso(d));
        REQUIRE(rows(p, a) == rows(p, b));
        for (std::size_t i = 0; i < a.size(); ++i) {
          REQUIRE(a[i].id == b[i].id);
          REQUIRE(a[i].message == b[i].message);
        }
        compared += a.size();
      }
    }
    CHECK(compared > 0);  // the facts did produce messages (resolutions) to compare
  }
}

TEST_CASE("escalate: a message lists the first ten things held back and counts the rest", "[engine][escalate]") {
  std::string text = "nhiệm vụ A \"Trình\" { chủ trì SXD  thời hạn 31/05/2023 }\n";
  for (int k = 1; k <= 12; ++k)
    text += fmt::format("nhiệm vụ B{} \"Triển khai {}\" {{ chủ trì SKHDT  phụ thuộc A  thời lượng 30 ngày  thời hạn 30/06/2023 }}\n", k, k);
  auto c = compile(text);
  auto m = model_of(*c);
  auto all = simulate(m, day(2023, 3, 1), day(2023, 9, 30));
  REQUIRE_FALSE(all.empty());
  const Escalation& last = all.back();
  CHECK(row(c->plan, last) == "2023-09-28 A urging 2 r3 CT_UBND");
  CHECK(last.affected.size() == engine::kAffectedListed);
  CHECK(last.affected_count == 12);
  CHECK_THAT(last.message, Catch::Contains("Đang kéo theo chậm: B1 (chờ A), B2 (chờ A), B3 (chờ A), B4 (chờ A), B5 (chờ A), B6 (chờ A), "
                                           "B7 (chờ A), B8 (chờ A), B9 (chờ A), B10 (chờ A) và 2 việc khác."));
  std::string json = engine::to_json(m, last);
  CHECK_THAT(json, Catch::Contains(R"("affected":["B1","B2","B3","B4","B5","B6","B7","B8","B9","B10"],"affected_count":12,)"));
  engine::Escalator en(m, dsl::Lang::en);
  std::vector<Escalation> days;
  for (engine::Day d = day(2023, 3, 1); d <= day(2023, 9, 30); ++d) {
    for (auto& e : en.run(engine::evaluate(m, {}, d))) days.push_back(std::move(e));
  }
  CHECK_THAT(days.back().message,
             Catch::Contains("Holding back: B1 (waits for A), B2 (waits for A), B3 (waits for A), B4 (waits for A), "
                             "B5 (waits for A), B6 (waits for A), B7 (waits for A), B8 (waits for A), B9 (waits for A), "
                             "B10 (waits for A) and 2 more."));
}

TEST_CASE("escalate: what a day remembers (quiet tasks, watched threads) changes nothing a fresh start would send",
          "[engine][escalate][property]") {
  // A fresh escalator given the threads and the ids sent so far (as a daemon restarts) knows
  // nothing of which tasks were quiet or which threads were watched: it looks at everything.
  auto compiled = engine::compile_plan({DONDOC_SOURCE_DIR "/rules/thanh-hoa-557"}, {});
  REQUIRE(compiled->ok());
  engine::Model m{*compiled->plan, compiled->dates, compiled->occurrences, compiled->schedule};
  const auto& p = *compiled->plan;
  std::mt19937 rng(7);
  engine::Evaluator ev(m, day(2023, 2, 17));
  engine::Escalator kept(m);
  std::vector<std::string> sent;
  std::set<engine::NodeId> done;
  std::size_t compared = 0;
  for (engine::Day d = day(2023, 2, 17); d <= day(2024, 12, 31); ++d) {
    ev.set_date(d);
    if (rng() % 6 == 0) {
      engine::Fact f;
      f.on = d - static_cast<engine::Day>(rng() % 20);
      f.node = rng() % p.tasks.size();
      if (rng() % 3 == 0) {
        f.kind = engine::FactKind::extend;
        f.new_due = f.new_deadline = d + static_cast<engine::Day>(rng() % 60);
        ev.add(f);
      } else if (!done.count(f.node) && !p.tasks[f.node].waived) {
        f.kind = engine::FactKind::done;
        done.insert(f.node);
        ev.add(f);
      }
    }
    engine::Escalator fresh(m);
    REQUIRE(fresh.load_threads(kept.save_threads()));
    for (const auto& id : sent) fresh.mark_sent(id);
    auto a = kept.run(ev.evaluation());
    auto b = fresh.run(ev.evaluation());
    INFO("on " << test::iso(d));
    REQUIRE(rows(p, a) == rows(p, b));
    for (std::size_t i = 0; i < a.size(); ++i) {
      REQUIRE(a[i].id == b[i].id);
      REQUIRE(a[i].message == b[i].message);
      sent.push_back(a[i].id);
    }
    compared += a.size();
  }
  CHECK(compared > 500);
}

TEST_CASE("escalate: a fact at the head of a wide plan gives what a full evaluation and a full run of the day give",
          "[engine][escalate][property]") {
  // H is late and holds back 3 × (kNarrowCone + 1) tasks, in chains of three: its `done` reaches more
  // nodes than the evaluator keeps in its heap, so the rest of the cone is swept (Evaluator::add).
  std::string body = "nhiệm vụ H \"Đầu chuỗi\" { chủ trì SXD  thời hạn 31/03/2023 }\n";
  const int width = static_cast<int>(engine::kNarrowCone) + 1;
  for (int i = 0; i < width; ++i) {
    std::string prev = "H";
    for (int k = 0; k < 3; ++k) {
      std::string id = fmt::format("W{}_{}", i, k);
      body +=
          fmt::format("nhiệm vụ {} \"Việc {}\" {{ chủ trì SXD  phụ thuộc {}  thời lượng 20 ngày  thời hạn 30/06/2023 }}\n", id, id, prev);
      prev = id;
    }
  }
  auto c = compile(body);
  const auto m = model_of(*c);
  const engine::Day at = day(2023, 5, 15);
  engine::Evaluator ev(m, at);
  engine::Escalator sub(m), full(m);
  REQUIRE(rows(c->plan, sub.run(ev.evaluation(), ev.take_changes())) == rows(c->plan, full.run(ev.evaluation())));
  engine::Facts facts;
  const engine::NodeId h = c->plan.find("H").index, w = c->plan.find("W7_0").index;
  for (const engine::Fact& f : {fact(engine::FactKind::done, w, at), fact(engine::FactKind::done, h, at)}) {
    facts.items.push_back(f);
    ev.add(f);
    const engine::Changes changed = ev.take_changes();
    const engine::Evaluation whole = engine::evaluate(m, facts, at);
    const engine::Evaluation& inc = ev.evaluation();
    REQUIRE(inc.status == whole.status);
    REQUIRE(inc.projected == whole.projected);
    REQUIRE(inc.root_cause == whole.root_cause);
    REQUIRE(inc.blocked_by == whole.blocked_by);
    REQUIRE(inc.late == whole.late);
    REQUIRE(inc.counts == whole.counts);
    REQUIRE(inc.categories == whole.categories);
    REQUIRE(rows(c->plan, sub.run(inc, changed)) == rows(c->plan, full.run(whole)));
  }
  // H's `done` changed (nearly) the whole plan, and its resolution was sent
  CHECK(ev.evaluation().status[w + 1] == engine::Status::not_due);
  CHECK(full.open_threads() == 0);
}
