#include "engine/check.hpp"

#include <catch2/catch.hpp>

#include "engine/resolve.hpp"
#include "tests/test_util.hpp"

using namespace dondoc;

namespace {
/// Parses and resolves `text` (both must be clean), then checks it; returns what check reported.
std::string check_text(const std::string& text, dsl::Lang lang = dsl::Lang::vi) {
  dsl::SourceSet sources;
  dsl::Diagnostics diags;
  dsl::PlanSources src;
  src.files.push_back(dsl::parse_text(sources, "test.rules", text, diags));
  auto plan = engine::resolve(src, diags);
  INFO(dsl::render_all(diags, dsl::Lang::en));
  REQUIRE(diags.items().empty());
  engine::check(plan, diags);
  return dsl::render_all(diags, lang);
}

const std::string kHeader =
    "kế hoạch KH \"Kế hoạch thử\" { ban hành 01/02/2023 }\n"
    "cơ quan SXD \"Sở Xây dựng\"\n";
}  // namespace

TEST_CASE("check: reports a cycle through two tasks as its path, each link at its place", "[engine][check]") {
  CHECK(
      check_text(kHeader + "nhiệm vụ II.3 \"Một\" { chủ trì SXD; phụ thuộc II.4; thời hạn Năm 2023 }\n"
                           "nhiệm vụ II.4 \"Hai\" { chủ trì SXD; phụ thuộc II.3; thời hạn Năm 2023 }\n",
                 dsl::Lang::en) ==
      "test.rules:3:46: error: these tasks depend on each other in a circle, so none of them can be finished first: II.3 -> II.4 -> II.3\n"
      "  nhiệm vụ II.3 \"Một\" { chủ trì SXD; phụ thuộc II.4; thời hạn Năm 2023 }\n"
      "                                               ^\n"
      "  hint: remove one link of the circle; the other links are shown below\n"
      "test.rules:4:46: note: II.4 depends on II.3\n"
      "  nhiệm vụ II.4 \"Hai\" { chủ trì SXD; phụ thuộc II.3; thời hạn Năm 2023 }\n"
      "                                               ^\n");
}

TEST_CASE("check: a task that depends on itself is a cycle of one", "[engine][check]") {
  CHECK(check_text(kHeader + "nhiệm vụ II.3 \"Một\" { chủ trì SXD; phụ thuộc II.3; thời hạn Năm 2023 }\n") ==
        "test.rules:3:46: error: nhiệm vụ II.3 phụ thuộc chính nó: II.3 -> II.3\n"
        "  nhiệm vụ II.3 \"Một\" { chủ trì SXD; phụ thuộc II.3; thời hạn Năm 2023 }\n"
        "                                               ^\n"
        "  gợi ý: bỏ II.3 khỏi dòng này\n");
}

TEST_CASE("check: start conditions that go round through an event are one cycle", "[engine][check]") {
  // The path starts at the first task declared (tasks come before events).
  std::string out = check_text(kHeader +
                                   "sự kiện E \"Phê duyệt\" { sau II.4; theo dõi SXD }\n"
                                   "nhiệm vụ II.4 \"Hai\" { chủ trì SXD; bắt đầu sau E; thời hạn trong 30 ngày }\n",
                               dsl::Lang::en);
  CHECK(out ==
        "test.rules:4:48: error: the start conditions go in a circle, so none of them can ever start: II.4 -> E -> II.4\n"
        "  nhiệm vụ II.4 \"Hai\" { chủ trì SXD; bắt đầu sau E; thời hạn trong 30 ngày }\n"
        "                                                 ^\n"
        "  hint: remove one link of the circle; the other links are shown below\n"
        "test.rules:3:29: note: E comes after II.4\n"
        "  sự kiện E \"Phê duyệt\" { sau II.4; theo dõi SXD }\n"
        "                              ^\n");
}

TEST_CASE("check: a deadline counted from the start needs a start condition", "[engine][check]") {
  CHECK(check_text(kHeader + "nhiệm vụ II.4 \"Hai\" {\n  chủ trì SXD\n  thời hạn trong 30 ngày\n}\n", dsl::Lang::en) ==
        "test.rules:5:3: error: the due time 'trong 30 ngày' counts from the start of the task, but task II.4 has no start condition\n"
        "    thời hạn trong 30 ngày\n"
        "    ^\n"
        "  hint: add a line 'starts after <event or task id>', or give a calendar due time such as '2023-Q1'\n");
}

TEST_CASE("check: a task due before a task it depends on is due is a warning when the schedule can meet both", "[engine][check]") {
  CHECK(check_text(kHeader + "nhiệm vụ II.1 \"Một\" {\n  chủ trì SXD\n  thời hạn Năm 2024\n}\n"
                             "nhiệm vụ II.7 \"Bảy\" {\n  chủ trì SXD\n  phụ thuộc II.1\n  thời hạn Quý II/2023\n}\n") ==
        "test.rules:9:13: warning: nhiệm vụ II.7 đến hạn 30/06/2023, sớm hơn nhiệm vụ II.1 mà nó phụ thuộc (đến hạn 31/12/2024)\n"
        "    phụ thuộc II.1\n"
        "              ^\n"
        "  gợi ý: sửa một trong hai thời hạn, hoặc bỏ liên kết nếu II.7 không cần chờ II.1\n"
        "test.rules:10:3: note: thời hạn của II.7\n"
        "    thời hạn Quý II/2023\n"
        "    ^\n"
        "test.rules:5:3: note: thời hạn của II.1\n"
        "    thời hạn Năm 2024\n"
        "    ^\n");
}

TEST_CASE("check: due dates compare under the plan's reading of 'before'", "[engine][check]") {
  // Strict: "trước tháng 6" is due 31/05, before II.1 (31/05 is not before 31/05: fine);
  // the dependent due 30/05 is too early.
  std::string plan =
      "cơ quan SXD \"Sở Xây dựng\"\n"
      "nhiệm vụ II.1 \"Một\" { chủ trì SXD; thời hạn trước tháng 6 năm 2023 }\n"
      "nhiệm vụ II.2 \"Hai\" { chủ trì SXD; phụ thuộc II.1; thời hạn 31/05/2023 }\n";
  CHECK(check_text("kế hoạch KH \"Thử\" { cách hiểu chặt }\n" + plan) == "");
  CHECK(check_text("kế hoạch KH \"Thử\" { cách hiểu rộng }\n" + plan).find("đến hạn 31/05/2023, sớm hơn nhiệm vụ II.1") !=
        std::string::npos);
}

TEST_CASE("check: a dependency on work over a period is judged from the start of the period", "[engine][check]") {
  std::string out = check_text(kHeader +
                               "nhiệm vụ VI.2 \"Hai\" { chủ trì SXD; thời hạn Giai đoạn 2024 - 2030 }\n"
                               "nhiệm vụ VI.3 \"Ba\" { chủ trì SXD; phụ thuộc VI.2; thời hạn Giai đoạn 2023 - 2025 }\n"
                               "nhiệm vụ VI.4 \"Bốn\" { chủ trì SXD; phụ thuộc VI.2; thời hạn Quý IV/2023 }\n");
  CHECK(out.find("VI.3") == std::string::npos);
  CHECK(out.rfind("test.rules:5:46: error: nhiệm vụ VI.4 đến hạn 31/12/2023, trước khi giai đoạn thực hiện nhiệm vụ VI.2 mà nó phụ thuộc "
                  "bắt đầu (01/01/2024)\n",
                  0) == 0);
}

TEST_CASE("check: waiting for a waived task is an error", "[engine][check]") {
  CHECK(check_text(kHeader + "nhiệm vụ IV.9 \"Chín\" { chủ trì SXD; thời hạn Năm 2024 }\n"
                             "nhiệm vụ IV.10 \"Mười\" { chủ trì SXD; bắt đầu sau IV.9; thời hạn trong 3 tháng }\n"
                             "dừng IV.9 theo \"Quyết định số 1234/QĐ-UBND\"\n",
                   dsl::Lang::en) ==
        "test.rules:4:50: error: task IV.10 waits for task IV.9, but IV.9 is waived by \"Quyết định số 1234/QĐ-UBND\", so IV.10 can never "
        "start\n"
        "  nhiệm vụ IV.10 \"Mười\" { chủ trì SXD; bắt đầu sau IV.9; thời hạn trong 3 tháng }\n"
        "                                                   ^\n"
        "  hint: remove IV.9 from the start condition, or waive IV.10 as well\n");
}

TEST_CASE("check: waiting for an event nobody follows up is a warning, unless another alternative is followed", "[engine][check]") {
  std::string head = kHeader +
                     "sự kiện A \"Không ai theo dõi\"\n"
                     "sự kiện B \"Có theo dõi\" { theo dõi SXD }\n";
  CHECK(check_text(head + "nhiệm vụ I.1 \"Một\" { chủ trì SXD; bắt đầu sau một trong A, B; thời hạn trong 30 ngày }\n") == "");
  CHECK(check_text(head + "nhiệm vụ I.1 \"Một\" { chủ trì SXD; bắt đầu sau A; thời hạn trong 30 ngày }\n", dsl::Lang::en) ==
        "test.rules:5:47: warning: task I.1 waits for event A, but no agency follows that event up, so nobody may record when it happens\n"
        "  nhiệm vụ I.1 \"Một\" { chủ trì SXD; bắt đầu sau A; thời hạn trong 30 ngày }\n"
        "                                                ^\n"
        "  hint: add a line 'followed up by <agency id>' to event A\n"
        "test.rules:3:9: note: event A is declared here\n"
        "  sự kiện A \"Không ai theo dõi\"\n"
        "          ^\n");
}

TEST_CASE("check: two due dates for one task are a warning that shows both with their sources", "[engine][check]") {
  CHECK(check_text(kHeader + "nhiệm vụ II.5 \"Năm\" {\n"
                             "  chủ trì SXD\n"
                             "  thời hạn Hoàn thành trước tháng 6 năm 2023 theo \"Phụ lục 2, mục II.5\"\n"
                             "  thời hạn hoàn thành trong Quý II năm 2023 theo \"Mục III.2.4\"\n"
                             "}\n",
                   dsl::Lang::en) ==
        "test.rules:5:3: warning: task II.5 has two different due dates: 2023-05-31 per \"Phụ lục 2, mục II.5\" and 2023-06-30 per \"Mục "
        "III.2.4\"\n"
        "    thời hạn Hoàn thành trước tháng 6 năm 2023 theo \"Phụ lục 2, mục II.5\"\n"
        "    ^\n"
        "  hint: dondoc counts 2023-05-31 for the status and escalation (the earliest binding date; an \"aim\" date counts only when "
        "every date is one); the other is still reported\n"
        "test.rules:6:3: note: the second due date: 2023-06-30 per \"Mục III.2.4\"\n"
        "    thời hạn hoàn thành trong Quý II năm 2023 theo \"Mục III.2.4\"\n"
        "    ^\n");
}

TEST_CASE("check: tasks without a calendar due date are not compared", "[engine][check]") {
  CHECK(check_text(kHeader + "nhiệm vụ I.1 \"Một\" { chủ trì SXD }\n"
                             "nhiệm vụ I.2 \"Hai\" { chủ trì SXD; thời hạn không thời hạn }\n"
                             "nhiệm vụ I.3 \"Ba\" { chủ trì SXD; phụ thuộc I.1, I.2; bắt đầu sau I.1; thời hạn Quý I/2023 }\n"
                             "nhiệm vụ I.4 \"Bốn\" { chủ trì SXD; phụ thuộc I.3; thời hạn thường xuyên }\n") == "");
}

TEST_CASE("check: one date written two ways is not a conflict", "[engine][check]") {
  CHECK(check_text(kHeader + "nhiệm vụ I.1 \"Một\" { chủ trì SXD; thời hạn Quý I/2023 theo \"A\"; thời hạn 31/03/2023 theo \"B\" }\n") ==
        "");
}

TEST_CASE("check: a reporting chain that goes round is an error", "[engine][check]") {
  CHECK(check_text("kế hoạch KH \"Thử\" {}\n"
                   "cơ quan A \"A\" { cấp trên B }\n"
                   "cơ quan B \"B\" { cấp trên C }\n"
                   "cơ quan C \"C\" { cấp trên A }\n",
                   dsl::Lang::en) ==
        "test.rules:2:26: error: the 'reports to' chain goes in a circle, so escalation has no last step: A -> B -> C -> A\n"
        "  cơ quan A \"A\" { cấp trên B }\n"
        "                           ^\n"
        "  hint: the top agency of the chain has no 'reports to'\n");
}

TEST_CASE("check: the real plan has only its two deliberate date conflicts", "[engine][check]") {
  dsl::SourceSet sources;
  dsl::Diagnostics diags;
  auto src = dsl::load_plan(sources, {std::string(DONDOC_SOURCE_DIR) + "/rules/thanh-hoa-557"}, diags);
  REQUIRE(diags.items().empty());
  auto plan = engine::resolve(src, diags);
  INFO(dsl::render_all(diags, dsl::Lang::en));
  REQUIRE(diags.items().empty());
  engine::check(plan, diags);
  REQUIRE(diags.items().size() == 2);
  CHECK(diags.error_count() == 0);
  CHECK(diags.items()[0].message.en.rfind("task II.5 has two different due dates", 0) == 0);
  CHECK(diags.items()[1].message.en.rfind("task IV.3-CHKQT has two different due dates", 0) == 0);
  // The compiled plan: the counts of the README, nested groups expanded.
  CHECK(plan.tasks.size() == 44);  // the three body-paragraph twins are sources of IV.5, IV.11, IV.12
  CHECK(plan.events.size() == 5);
  CHECK(plan.agencies.size() == 93);  // with the 2025 successors
  auto lq = plan.find("G_LQ");
  REQUIRE(lq.kind == engine::Kind::group);
  auto sbn = plan.find("G_SBN"), ubndh = plan.find("G_UBNDH");
  CHECK(plan.groups[lq.index].members.size == plan.groups[sbn.index].members.size + plan.groups[ubndh.index].members.size);
}
