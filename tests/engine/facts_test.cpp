// Facts checked against the real plan (rules/thanh-hoa-557): every check of engine/facts.hpp, each
// compared as the whole rendered diagnostic. Two checks need what the real plan does not have (a
// task waived in the rules, a quarterly duty): they use the plan with tests/engine/facts/amended.rules.

#include "engine/facts.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>

#include "dsl/journal.hpp"
#include "engine/compile.hpp"

using namespace dondoc;
using dsl::Lang;

namespace {

/// Compiled once per path set, from the repository root so that paths in messages are relative.
const engine::CompiledPlan& compiled(bool amended) {
  static std::unique_ptr<engine::CompiledPlan> plans[2];
  auto& c = plans[amended ? 1 : 0];
  if (!c) {
    std::filesystem::current_path(DONDOC_SOURCE_DIR);
    std::vector<std::filesystem::path> paths{"rules/thanh-hoa-557"};
    if (amended) paths.emplace_back("tests/engine/facts/amended.rules");
    c = engine::compile_plan(paths, {});
  }
  INFO(dsl::render_all(c->diags, Lang::en));
  REQUIRE(c->ok());
  return *c;
}

struct Resolved {
  dsl::SourceSet sources;
  dsl::Diagnostics diags;
  dsl::JournalAst ast;
  engine::Facts facts;
  std::string rendered(Lang lang) const { return dsl::render_all(diags, lang); }
};

/// Parses the journal (it must have no syntax error) and resolves it against the plan.
std::unique_ptr<Resolved> resolve(const std::string& journal, bool amended = false) {
  const auto& c = compiled(amended);
  auto r = std::make_unique<Resolved>();
  r->ast = dsl::parse_journal_text(r->sources, "nhat-ky.journal", journal, r->diags);
  INFO(dsl::render_all(r->diags, Lang::en));
  REQUIRE(r->diags.items().empty());
  r->facts = engine::resolve_facts(*c.plan, c.dates, c.occurrences, {&r->ast}, r->diags);
  return r;
}

std::string errors(const std::string& journal, Lang lang = Lang::vi, bool amended = false) {
  return resolve(journal, amended)->rendered(lang);
}

engine::Day day(int y, int m, int d) {
  return engine::day_of(dsl::Date{y, m, d});
}

std::uint32_t index_of(const engine::Plan& p, std::string_view id) {
  return p.find(id).index;
}

}  // namespace

// ---------------------------------------------------------------- valid facts

TEST_CASE("facts: a journal of every kind of fact resolves against the real plan", "[engine][facts]") {
  auto r = resolve(
      "hoàn thành II.3 ngày 20/03/2023 { người ghi \"SKHDT\"; văn bản \"Tờ trình số 45/TTr-SXD\" }\n"
      "sự kiện TTG_DUYET_QHC xảy ra ngày 01/09/2023 { văn bản \"QĐ 1234/QĐ-TTg ngày 01/09/2023\" }\n"
      "chỉ tiêu PL1-I.1 năm 2024 đạt 9,5 { nguồn \"Cục Thống kê tỉnh\" }\n"
      "hoàn thành BC_HANG_NAM năm 2023 của SXD ngày 25/11/2023\n"
      "hoàn thành TH_HANG_NAM năm 2023 ngày 15/12/2023\n"
      "dừng IV.9 ngày 15/03/2024 { quyết định CT_UBND; văn bản \"QĐ 123/QĐ-UBND\" }\n"
      "gia hạn IV.6 đến 29/09/2024 ngày 20/06/2024 { quyết định CT_UBND }\n");
  CHECK(r->rendered(Lang::en) == "");
  const auto& p = *compiled(false).plan;
  const auto& occ = compiled(false).occurrences;
  REQUIRE(r->facts.items.size() == 7);
  const auto& f = r->facts.items;

  CHECK(f[0].kind == engine::FactKind::done);
  CHECK(f[0].node == index_of(p, "II.3"));
  CHECK(f[0].occurrence == engine::kNone);
  CHECK(f[0].on == day(2023, 3, 20));
  CHECK(f[0].recorded_by == "SKHDT");
  CHECK(f[0].reference == "Tờ trình số 45/TTr-SXD");
  CHECK(f[0].loc.line == 1);

  CHECK(f[1].kind == engine::FactKind::happened);
  CHECK(f[1].node == p.event_node(index_of(p, "TTG_DUYET_QHC")));
  CHECK(f[1].on == day(2023, 9, 1));

  CHECK(f[2].kind == engine::FactKind::value);
  CHECK(f[2].indicator == index_of(p, "PL1-I.1"));
  CHECK(f[2].year == 2024);
  CHECK(f[2].value == Approx(9.5));
  CHECK(f[2].on == engine::kNoDay);
  CHECK(f[2].source == "Cục Thống kê tỉnh");

  CHECK(f[3].kind == engine::FactKind::done);
  CHECK(f[3].node == engine::kNone);
  REQUIRE(f[3].occurrence != engine::kNone);
  const auto& o = occ.items[f[3].occurrence];
  CHECK(o.duty == index_of(p, "BC_HANG_NAM"));
  CHECK(o.agency == index_of(p, "SXD"));
  CHECK(o.year == 2023);
  CHECK(f[3].occurrence == engine::find_occurrence(occ, index_of(p, "BC_HANG_NAM"), index_of(p, "SXD"), 2023, 0));

  // One agency owes TH_HANG_NAM (SKHDT): the fact need not name it.
  REQUIRE(f[4].occurrence != engine::kNone);
  CHECK(occ.items[f[4].occurrence].agency == index_of(p, "SKHDT"));

  CHECK(f[5].kind == engine::FactKind::waive);
  CHECK(f[5].node == index_of(p, "IV.9"));
  CHECK(f[5].authority == index_of(p, "CT_UBND"));
  CHECK(f[5].on == day(2024, 3, 15));

  // 29/09/2024 is a Sunday: the deadline moves to Monday 30/09/2024.
  CHECK(f[6].kind == engine::FactKind::extend);
  CHECK(f[6].new_due == day(2024, 9, 29));
  CHECK(f[6].new_deadline == day(2024, 9, 30));
  CHECK(f[6].on == day(2024, 6, 20));
}

TEST_CASE("facts: several journals are read in order, and a done before a later waiver stands", "[engine][facts]") {
  const auto& c = compiled(false);
  dsl::SourceSet sources;
  dsl::Diagnostics diags;
  auto a = dsl::parse_journal_text(sources, "a.journal", "hoàn thành II.7 ngày 15/06/2023\n", diags);
  auto b = dsl::parse_journal_text(sources, "b.journal", "dừng II.7 ngày 01/07/2023\nhoàn thành II.3 ngày 20/03/2023\n", diags);
  auto facts = engine::resolve_facts(*c.plan, c.dates, c.occurrences, {&a, &b}, diags);
  CHECK(dsl::render_all(diags, Lang::en) == "");
  REQUIRE(facts.items.size() == 3);
  CHECK(facts.items[0].kind == engine::FactKind::done);
  CHECK(facts.items[1].kind == engine::FactKind::waive);
  CHECK(facts.items[2].node == index_of(*c.plan, "II.3"));
}

TEST_CASE("facts: the sample journals of the real plan resolve without a diagnostic", "[engine][facts]") {
  const auto& c = compiled(false);
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator("rules/thanh-hoa-557/nhat-ky")) {
    if (e.path().extension() == ".journal") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 3);
  for (const auto& file : files) {
    INFO(file.string());
    dsl::SourceSet sources;
    dsl::Diagnostics diags;
    auto j = dsl::parse_journal_file(sources, file, diags);
    REQUIRE(j);
    auto facts = engine::resolve_facts(*c.plan, c.dates, c.occurrences, {&*j}, diags);
    CHECK(dsl::render_all(diags, Lang::en) == "");
    CHECK(facts.items.size() == j->facts.size());
    CHECK(!j->facts.empty());
  }
}

// ---------------------------------------------------------------- unknown ids

TEST_CASE("facts: an unknown task, event, indicator or agency id is an error with a hint", "[engine][facts]") {
  std::string journal =
      "hoàn thành II.33 ngày 20/03/2023\n"
      "sự kiện TTG_DUYET_QH xảy ra ngày 01/09/2023\n"
      "chỉ tiêu PL1-I.11 năm 2024 đạt 9,5\n"
      "hoàn thành BC_HANG_NAM năm 2023 của SXDD ngày 25/11/2023\n"
      "dừng II.7 ngày 01/07/2023 { quyết định CT_UBDN }\n";
  auto r = resolve(journal);
  CHECK(r->facts.items.empty());
  CHECK(r->rendered(Lang::vi) ==
        "nhat-ky.journal:1:12: error: không có nhiệm vụ hay nghĩa vụ nào mang mã 'II.33'\n"
        "  hoàn thành II.33 ngày 20/03/2023\n"
        "             ^\n"
        "  gợi ý: có phải ý bạn là 'II.3'?\n"
        "nhat-ky.journal:2:9: error: không có sự kiện nào mang mã 'TTG_DUYET_QH'\n"
        "  sự kiện TTG_DUYET_QH xảy ra ngày 01/09/2023\n"
        "          ^\n"
        "  gợi ý: có phải ý bạn là 'TTG_DUYET_QHT'?\n"
        "nhat-ky.journal:3:10: error: không có chỉ tiêu nào mang mã 'PL1-I.11'\n"
        "  chỉ tiêu PL1-I.11 năm 2024 đạt 9,5\n"
        "           ^\n"
        "  gợi ý: có phải ý bạn là 'PL1-I.1'?\n"
        "nhat-ky.journal:4:37: error: không có cơ quan nào mang mã 'SXDD'\n"
        "  hoàn thành BC_HANG_NAM năm 2023 của SXDD ngày 25/11/2023\n"
        "                                      ^\n"
        "  gợi ý: có phải ý bạn là 'SXD' (Sở Xây dựng)?\n"
        "nhat-ky.journal:5:40: error: không có cơ quan nào mang mã 'CT_UBDN'\n"
        "  dừng II.7 ngày 01/07/2023 { quyết định CT_UBDN }\n"
        "                                         ^\n"
        "  gợi ý: có phải ý bạn là 'CT_UBND' (Chủ tịch Ủy ban nhân dân tỉnh Thanh Hóa)?\n");
  CHECK(r->rendered(Lang::en) ==
        "nhat-ky.journal:1:12: error: no task or duty has the id 'II.33'\n"
        "  hoàn thành II.33 ngày 20/03/2023\n"
        "             ^\n"
        "  hint: did you mean 'II.3'?\n"
        "nhat-ky.journal:2:9: error: no event has the id 'TTG_DUYET_QH'\n"
        "  sự kiện TTG_DUYET_QH xảy ra ngày 01/09/2023\n"
        "          ^\n"
        "  hint: did you mean 'TTG_DUYET_QHT'?\n"
        "nhat-ky.journal:3:10: error: no indicator has the id 'PL1-I.11'\n"
        "  chỉ tiêu PL1-I.11 năm 2024 đạt 9,5\n"
        "           ^\n"
        "  hint: did you mean 'PL1-I.1'?\n"
        "nhat-ky.journal:4:37: error: no agency has the id 'SXDD'\n"
        "  hoàn thành BC_HANG_NAM năm 2023 của SXDD ngày 25/11/2023\n"
        "                                      ^\n"
        "  hint: did you mean 'SXD' (Sở Xây dựng)?\n"
        "nhat-ky.journal:5:40: error: no agency has the id 'CT_UBDN'\n"
        "  dừng II.7 ngày 01/07/2023 { quyết định CT_UBDN }\n"
        "                                         ^\n"
        "  hint: did you mean 'CT_UBND' (Chủ tịch Ủy ban nhân dân tỉnh Thanh Hóa)?\n");
}

// ---------------------------------------------------------------- the wrong kind of id

TEST_CASE("facts: an event reported done names the declaration and shows how to write it", "[engine][facts]") {
  auto r = resolve("hoàn thành TTG_DUYET_QHC ngày 01/09/2023\n");
  CHECK(r->facts.items.empty());
  CHECK(r->rendered(Lang::vi) ==
        "nhat-ky.journal:1:12: error: 'TTG_DUYET_QHC' là một sự kiện, không phải nhiệm vụ hay nghĩa vụ\n"
        "  hoàn thành TTG_DUYET_QHC ngày 01/09/2023\n"
        "             ^\n"
        "  gợi ý: một sự kiện được ghi là đã xảy ra: sự kiện TTG_DUYET_QHC xảy ra ngày 01/09/2023\n"
        "rules/thanh-hoa-557/phu-luc-2-muc-II.rules:57:11: note: sự kiện TTG_DUYET_QHC được khai báo ở đây\n"
        "    sự kiện TTG_DUYET_QHC \"Thủ tướng Chính phủ phê duyệt Quy hoạch chung đô thị Thanh Hóa, tỉnh Thanh Hóa đến năm 2040, tầm "
        "nhìn đến năm 2050\" {\n"
        "            ^\n");
  CHECK(r->rendered(Lang::en) ==
        "nhat-ky.journal:1:12: error: 'TTG_DUYET_QHC' is an event, not a task or a duty\n"
        "  hoàn thành TTG_DUYET_QHC ngày 01/09/2023\n"
        "             ^\n"
        "  hint: an event is recorded as happened: event TTG_DUYET_QHC happened on 2023-09-01\n"
        "rules/thanh-hoa-557/phu-luc-2-muc-II.rules:57:11: note: event TTG_DUYET_QHC is declared here\n"
        "    sự kiện TTG_DUYET_QHC \"Thủ tướng Chính phủ phê duyệt Quy hoạch chung đô thị Thanh Hóa, tỉnh Thanh Hóa đến năm 2040, tầm "
        "nhìn đến năm 2050\" {\n"
        "            ^\n");
}

TEST_CASE("facts: a task reported as an event, a value for a task without a target, a group as the agency", "[engine][facts]") {
  CHECK(errors("sự kiện II.3 xảy ra ngày 20/03/2023\n"
               "chỉ tiêu II.3 năm 2024 đạt 1\n"
               "dừng TTG_DUYET_QHC ngày 01/07/2023\n"
               "hoàn thành BC_HANG_NAM năm 2023 của G_UBNDH ngày 25/11/2023\n",
               Lang::en) ==
        "nhat-ky.journal:1:9: error: 'II.3' is a task, not an event\n"
        "  sự kiện II.3 xảy ra ngày 20/03/2023\n"
        "          ^\n"
        "  hint: a task is recorded as done: done II.3 on 2023-03-20\n"
        "rules/thanh-hoa-557/phu-luc-2-muc-II.rules:45:12: note: task II.3 is declared here\n"
        "    nhiệm vụ II.3 \"Trình Thủ tướng Chính phủ phê duyệt Quy hoạch chung đô thị Thanh Hóa\" {\n"
        "             ^\n"
        "nhat-ky.journal:2:10: error: task II.3 has no target, so it takes no value\n"
        "  chỉ tiêu II.3 năm 2024 đạt 1\n"
        "           ^\n"
        "  hint: record the value of an indicator, or add 'target …' to the task, such as 'target >= 1 in 2025'\n"
        "rules/thanh-hoa-557/phu-luc-2-muc-II.rules:45:12: note: task II.3 is declared here\n"
        "    nhiệm vụ II.3 \"Trình Thủ tướng Chính phủ phê duyệt Quy hoạch chung đô thị Thanh Hóa\" {\n"
        "             ^\n"
        "nhat-ky.journal:3:6: error: 'TTG_DUYET_QHC' is an event, not a task\n"
        "  dừng TTG_DUYET_QHC ngày 01/07/2023\n"
        "       ^\n"
        "rules/thanh-hoa-557/phu-luc-2-muc-II.rules:57:11: note: event TTG_DUYET_QHC is declared here\n"
        "    sự kiện TTG_DUYET_QHC \"Thủ tướng Chính phủ phê duyệt Quy hoạch chung đô thị Thanh Hóa, tỉnh Thanh Hóa đến năm 2040, tầm "
        "nhìn đến năm 2050\" {\n"
        "            ^\n"
        "nhat-ky.journal:4:37: error: 'G_UBNDH' is a group, not an agency\n"
        "  hoàn thành BC_HANG_NAM năm 2023 của G_UBNDH ngày 25/11/2023\n"
        "                                      ^\n"
        "rules/thanh-hoa-557/co-quan-cap-huyen.rules:182:6: note: group G_UBNDH is declared here\n"
        "  nhóm G_UBNDH \"UBND các huyện, thị xã, thành phố\" {\n"
        "       ^\n");
}

// ---------------------------------------------------------------- dates

TEST_CASE("facts: work done before the plan takes effect counts, a decision dated before it is an error at its date", "[engine][facts]") {
  std::string journal =
      "hoàn thành II.3 ngày 10/02/2023\nsự kiện TTG_DUYET_QHT xảy ra ngày 16/02/2023\ndừng II.7 ngày 10/02/2023\n"
      "gia hạn II.5 đến 31/12/2023 ngày 16/02/2023\n";
  auto r = resolve(journal);
  CHECK(r->rendered(Lang::vi) ==
        "nhat-ky.journal:3:16: error: ngày 10/02/2023 trước ngày kế hoạch có hiệu lực (17/02/2023): không thể quyết định dừng trước khi có "
        "kế hoạch\n"
        "  dừng II.7 ngày 10/02/2023\n"
        "                 ^\n"
        "nhat-ky.journal:4:34: error: ngày 16/02/2023 trước ngày kế hoạch có hiệu lực (17/02/2023): không thể quyết định gia hạn trước khi "
        "có kế hoạch\n"
        "  gia hạn II.5 đến 31/12/2023 ngày 16/02/2023\n"
        "                                   ^\n");
  CHECK(r->rendered(Lang::en) ==
        "nhat-ky.journal:3:16: error: 2023-02-10 is before the plan takes effect (2023-02-17): a waiver cannot be decided before the plan "
        "exists\n"
        "  dừng II.7 ngày 10/02/2023\n"
        "                 ^\n"
        "nhat-ky.journal:4:34: error: 2023-02-16 is before the plan takes effect (2023-02-17): an extension cannot be decided before the "
        "plan exists\n"
        "  gia hạn II.5 đến 31/12/2023 ngày 16/02/2023\n"
        "                                   ^\n");
  // The done and the event before the plan took effect are kept, with their real dates.
  REQUIRE(r->facts.items.size() == 2);
  CHECK(r->facts.items[0].on == day(2023, 2, 10));
  CHECK(r->facts.items[1].on == day(2023, 2, 16));
}

// ---------------------------------------------------------------- waivers

TEST_CASE("facts: a task waived by an earlier fact cannot be done, extended or waived again", "[engine][facts]") {
  auto r = resolve(
      "dừng II.7 ngày 01/07/2023 { quyết định CT_UBND; văn bản \"QĐ 99/QĐ-UBND\" }\n"
      "hoàn thành II.7 ngày 15/08/2023\n"
      "gia hạn II.7 đến 31/12/2024 ngày 20/08/2023\n"
      "dừng II.7 ngày 01/09/2023\n");
  CHECK(r->facts.items.size() == 1);
  CHECK(r->rendered(Lang::vi) ==
        "nhat-ky.journal:2:12: error: nhiệm vụ II.7 đã được ghi dừng từ ngày 01/07/2023; không ghi hoàn thành cho nhiệm vụ đã dừng\n"
        "  hoàn thành II.7 ngày 15/08/2023\n"
        "             ^\n"
        "nhat-ky.journal:1:1: note: ghi dừng ở đây\n"
        "  dừng II.7 ngày 01/07/2023 { quyết định CT_UBND; văn bản \"QĐ 99/QĐ-UBND\" }\n"
        "  ^\n"
        "nhat-ky.journal:3:9: error: nhiệm vụ II.7 đã được ghi dừng từ ngày 01/07/2023; không gia hạn nhiệm vụ đã dừng\n"
        "  gia hạn II.7 đến 31/12/2024 ngày 20/08/2023\n"
        "          ^\n"
        "nhat-ky.journal:1:1: note: ghi dừng ở đây\n"
        "  dừng II.7 ngày 01/07/2023 { quyết định CT_UBND; văn bản \"QĐ 99/QĐ-UBND\" }\n"
        "  ^\n"
        "nhat-ky.journal:4:6: error: nhiệm vụ II.7 đã được ghi dừng từ ngày 01/07/2023; không cần ghi dừng lần nữa\n"
        "  dừng II.7 ngày 01/09/2023\n"
        "       ^\n"
        "nhat-ky.journal:1:1: note: ghi dừng ở đây\n"
        "  dừng II.7 ngày 01/07/2023 { quyết định CT_UBND; văn bản \"QĐ 99/QĐ-UBND\" }\n"
        "  ^\n");
  CHECK(errors("dừng II.7 ngày 01/07/2023\nhoàn thành II.7 ngày 15/08/2023\n", Lang::en) ==
        "nhat-ky.journal:2:12: error: task II.7 is recorded as waived from 2023-07-01; a waived task cannot be reported done\n"
        "  hoàn thành II.7 ngày 15/08/2023\n"
        "             ^\n"
        "nhat-ky.journal:1:1: note: the waiver is recorded here\n"
        "  dừng II.7 ngày 01/07/2023\n"
        "  ^\n");
}

TEST_CASE("facts: a task waived in the rules cannot be done or extended", "[engine][facts]") {
  std::string journal = "hoàn thành II.6 ngày 15/08/2023\ngia hạn II.6 đến 20/12/2023 ngày 01/07/2023\n";
  CHECK(errors(journal, Lang::vi, true) ==
        "nhat-ky.journal:1:12: error: nhiệm vụ II.6 đã dừng theo \"QĐ 99/QĐ-UBND (minh họa)\" trong kế hoạch; không ghi hoàn thành cho "
        "nhiệm vụ đã dừng\n"
        "  hoàn thành II.6 ngày 15/08/2023\n"
        "             ^\n"
        "tests/engine/facts/amended.rules:4:1: note: dừng ở đây\n"
        "  dừng II.6 theo \"QĐ 99/QĐ-UBND (minh họa)\" lý do \"Minh họa cho kiểm thử\"\n"
        "  ^\n"
        "nhat-ky.journal:2:9: error: nhiệm vụ II.6 đã dừng theo \"QĐ 99/QĐ-UBND (minh họa)\" trong kế hoạch; không gia hạn nhiệm vụ đã "
        "dừng\n"
        "  gia hạn II.6 đến 20/12/2023 ngày 01/07/2023\n"
        "          ^\n"
        "tests/engine/facts/amended.rules:4:1: note: dừng ở đây\n"
        "  dừng II.6 theo \"QĐ 99/QĐ-UBND (minh họa)\" lý do \"Minh họa cho kiểm thử\"\n"
        "  ^\n");
  CHECK(errors("hoàn thành II.6 ngày 15/08/2023\n", Lang::en, true) ==
        "nhat-ky.journal:1:12: error: task II.6 is waived by \"QĐ 99/QĐ-UBND (minh họa)\" in the plan; a waived task cannot be reported "
        "done\n"
        "  hoàn thành II.6 ngày 15/08/2023\n"
        "             ^\n"
        "tests/engine/facts/amended.rules:4:1: note: waived here\n"
        "  dừng II.6 theo \"QĐ 99/QĐ-UBND (minh họa)\" lý do \"Minh họa cho kiểm thử\"\n"
        "  ^\n");
}

// ---------------------------------------------------------------- the same thing twice

TEST_CASE("facts: a second done, happened or value names the first", "[engine][facts]") {
  auto r = resolve(
      "hoàn thành II.3 ngày 20/03/2023\n"
      "hoàn thành II.3 ngày 25/03/2023\n"
      "sự kiện TTG_DUYET_QHC xảy ra ngày 01/09/2023\n"
      "sự kiện TTG_DUYET_QHC xảy ra ngày 02/09/2023\n"
      "chỉ tiêu PL1-I.1 năm 2024 đạt 9,5\n"
      "chỉ tiêu PL1-I.1 năm 2024 đạt 9,7\n"
      "chỉ tiêu PL1-I.1 năm 2025 đạt 9,7\n");
  CHECK(r->facts.items.size() == 4);
  CHECK(r->rendered(Lang::vi) ==
        "nhat-ky.journal:2:12: error: nhiệm vụ II.3 đã được ghi hoàn thành (ngày 20/03/2023)\n"
        "  hoàn thành II.3 ngày 25/03/2023\n"
        "             ^\n"
        "  gợi ý: giữ lại một ghi chép và xóa ghi chép kia\n"
        "nhat-ky.journal:1:1: note: ghi lần thứ nhất ở đây\n"
        "  hoàn thành II.3 ngày 20/03/2023\n"
        "  ^\n"
        "nhat-ky.journal:4:9: error: sự kiện TTG_DUYET_QHC đã được ghi xảy ra (ngày 01/09/2023)\n"
        "  sự kiện TTG_DUYET_QHC xảy ra ngày 02/09/2023\n"
        "          ^\n"
        "  gợi ý: giữ lại một ghi chép và xóa ghi chép kia\n"
        "nhat-ky.journal:3:1: note: ghi lần thứ nhất ở đây\n"
        "  sự kiện TTG_DUYET_QHC xảy ra ngày 01/09/2023\n"
        "  ^\n"
        "nhat-ky.journal:6:10: error: chỉ tiêu PL1-I.1 đã có giá trị năm 2024 (9,5)\n"
        "  chỉ tiêu PL1-I.1 năm 2024 đạt 9,7\n"
        "           ^\n"
        "  gợi ý: giữ lại một giá trị và xóa giá trị kia\n"
        "nhat-ky.journal:5:1: note: giá trị thứ nhất ở đây\n"
        "  chỉ tiêu PL1-I.1 năm 2024 đạt 9,5\n"
        "  ^\n");
  CHECK(r->rendered(Lang::en) ==
        "nhat-ky.journal:2:12: error: task II.3 is already recorded as done (on 2023-03-20)\n"
        "  hoàn thành II.3 ngày 25/03/2023\n"
        "             ^\n"
        "  hint: keep one of the two and delete the other\n"
        "nhat-ky.journal:1:1: note: first recorded here\n"
        "  hoàn thành II.3 ngày 20/03/2023\n"
        "  ^\n"
        "nhat-ky.journal:4:9: error: event TTG_DUYET_QHC is already recorded as happened (on 2023-09-01)\n"
        "  sự kiện TTG_DUYET_QHC xảy ra ngày 02/09/2023\n"
        "          ^\n"
        "  hint: keep one of the two and delete the other\n"
        "nhat-ky.journal:3:1: note: first recorded here\n"
        "  sự kiện TTG_DUYET_QHC xảy ra ngày 01/09/2023\n"
        "  ^\n"
        "nhat-ky.journal:6:10: error: indicator PL1-I.1 already has a value for 2024 (9,5)\n"
        "  chỉ tiêu PL1-I.1 năm 2024 đạt 9,7\n"
        "           ^\n"
        "  hint: keep one value and delete the other\n"
        "nhat-ky.journal:5:1: note: the first value is here\n"
        "  chỉ tiêu PL1-I.1 năm 2024 đạt 9,5\n"
        "  ^\n");
}

TEST_CASE("facts: a second done of one report names the first, other agencies' reports are apart", "[engine][facts]") {
  auto r = resolve(
      "hoàn thành BC_HANG_NAM năm 2023 của SXD ngày 25/11/2023\n"
      "hoàn thành BC_HANG_NAM năm 2023 của SKHDT ngày 25/11/2023\n"
      "hoàn thành BC_HANG_NAM năm 2024 của SXD ngày 25/11/2024\n"
      "done BC_HANG_NAM year 2023 for SXD on 2023-11-26\n");
  CHECK(r->facts.items.size() == 3);
  CHECK(r->rendered(Lang::vi) ==
        "nhat-ky.journal:4:6: error: BC_HANG_NAM năm 2023 của SXD đã được ghi hoàn thành (ngày 25/11/2023)\n"
        "  done BC_HANG_NAM year 2023 for SXD on 2023-11-26\n"
        "       ^\n"
        "  gợi ý: giữ lại một ghi chép và xóa ghi chép kia\n"
        "nhat-ky.journal:1:1: note: ghi lần thứ nhất ở đây\n"
        "  hoàn thành BC_HANG_NAM năm 2023 của SXD ngày 25/11/2023\n"
        "  ^\n");
  CHECK(r->rendered(Lang::en) ==
        "nhat-ky.journal:4:6: error: BC_HANG_NAM year 2023 for SXD is already recorded as done (on 2023-11-25)\n"
        "  done BC_HANG_NAM year 2023 for SXD on 2023-11-26\n"
        "       ^\n"
        "  hint: keep one of the two and delete the other\n"
        "nhat-ky.journal:1:1: note: first recorded here\n"
        "  hoàn thành BC_HANG_NAM năm 2023 của SXD ngày 25/11/2023\n"
        "  ^\n");
}

// ---------------------------------------------------------------- occurrences of duties

TEST_CASE("facts: a report the duty does not have: the year, the agency, a period of a yearly duty", "[engine][facts]") {
  auto r = resolve(
      "hoàn thành BC_HANG_NAM năm 2031 của SXD ngày 25/11/2031\n"
      "hoàn thành BC_HANG_NAM năm 2023 của CTK ngày 25/11/2023\n"
      "hoàn thành BC_HANG_NAM năm 2023 kỳ 2 của SXD ngày 25/11/2023\n"
      "hoàn thành TH_HANG_NAM năm 2023 của SXD ngày 15/12/2023\n");
  CHECK(r->facts.items.empty());
  CHECK(r->rendered(Lang::vi) ==
        "nhat-ky.journal:1:46: error: ngày 25/11/2031 sau khi kế hoạch kết thúc (31/12/2030)\n"
        "  hoàn thành BC_HANG_NAM năm 2031 của SXD ngày 25/11/2031\n"
        "                                               ^\n"
        "nhat-ky.journal:1:28: error: nghĩa vụ BC_HANG_NAM không có kỳ báo cáo năm 2031 (các năm từ 2023 đến 2030)\n"
        "  hoàn thành BC_HANG_NAM năm 2031 của SXD ngày 25/11/2031\n"
        "                             ^\n"
        "nhat-ky.journal:2:37: error: CTK không có nghĩa vụ BC_HANG_NAM năm 2023\n"
        "  hoàn thành BC_HANG_NAM năm 2023 của CTK ngày 25/11/2023\n"
        "                                      ^\n"
        "  gợi ý: kỳ báo cáo này do 54 đơn vị thực hiện: các đơn vị chủ trì nhiệm vụ của kế hoạch\n"
        "nhat-ky.journal:3:36: error: nghĩa vụ BC_HANG_NAM báo cáo hằng năm, không chia kỳ; bỏ 'kỳ 2'\n"
        "  hoàn thành BC_HANG_NAM năm 2023 kỳ 2 của SXD ngày 25/11/2023\n"
        "                                     ^\n"
        "nhat-ky.journal:4:37: error: SXD không có nghĩa vụ TH_HANG_NAM năm 2023\n"
        "  hoàn thành TH_HANG_NAM năm 2023 của SXD ngày 15/12/2023\n"
        "                                      ^\n"
        "  gợi ý: đơn vị có nghĩa vụ này: SKHDT\n");
  CHECK(r->rendered(Lang::en) ==
        "nhat-ky.journal:1:46: error: 2031-11-25 is after the plan ends (2030-12-31)\n"
        "  hoàn thành BC_HANG_NAM năm 2031 của SXD ngày 25/11/2031\n"
        "                                               ^\n"
        "nhat-ky.journal:1:28: error: duty BC_HANG_NAM has no report for 2031 (it runs from 2023 to 2030)\n"
        "  hoàn thành BC_HANG_NAM năm 2031 của SXD ngày 25/11/2031\n"
        "                             ^\n"
        "nhat-ky.journal:2:37: error: CTK does not owe BC_HANG_NAM for 2023\n"
        "  hoàn thành BC_HANG_NAM năm 2023 của CTK ngày 25/11/2023\n"
        "                                      ^\n"
        "  hint: 54 agencies owe this report: the leads of the plan's tasks\n"
        "nhat-ky.journal:3:36: error: duty BC_HANG_NAM reports once a year, it has no periods; drop 'period 2'\n"
        "  hoàn thành BC_HANG_NAM năm 2023 kỳ 2 của SXD ngày 25/11/2023\n"
        "                                     ^\n"
        "nhat-ky.journal:4:37: error: SXD does not owe TH_HANG_NAM for 2023\n"
        "  hoàn thành TH_HANG_NAM năm 2023 của SXD ngày 15/12/2023\n"
        "                                      ^\n"
        "  hint: owed by: SKHDT\n");
}

TEST_CASE("facts: a duty without its report, a task with one, a report owed by many without the agency", "[engine][facts]") {
  CHECK(errors("hoàn thành BC_HANG_NAM ngày 25/11/2023\n"
               "hoàn thành II.3 năm 2023 ngày 20/03/2023\n"
               "hoàn thành BC_HANG_NAM năm 2023 ngày 25/11/2023\n") ==
        "nhat-ky.journal:1:12: error: BC_HANG_NAM là nghĩa vụ định kỳ; ghi rõ kỳ báo cáo nào, ví dụ 'hoàn thành BC_HANG_NAM năm 2023 "
        "của UBND_TP_THANHHOA ngày …'\n"
        "  hoàn thành BC_HANG_NAM ngày 25/11/2023\n"
        "             ^\n"
        "nhat-ky.journal:2:21: error: chỉ nghĩa vụ định kỳ mới có kỳ báo cáo ('năm … của …'); II.3 là một nhiệm vụ\n"
        "  hoàn thành II.3 năm 2023 ngày 20/03/2023\n"
        "                      ^\n"
        "  gợi ý: bỏ phần 'năm 2023…' sau mã nhiệm vụ\n"
        "nhat-ky.journal:3:28: error: nghĩa vụ BC_HANG_NAM năm 2023 do 54 đơn vị thực hiện; ghi rõ đơn vị nào, ví dụ 'năm 2023 của "
        "UBND_TP_THANHHOA'\n"
        "  hoàn thành BC_HANG_NAM năm 2023 ngày 25/11/2023\n"
        "                             ^\n");
  CHECK(errors("hoàn thành BC_HANG_NAM ngày 25/11/2023\n"
               "hoàn thành II.3 năm 2023 ngày 20/03/2023\n"
               "hoàn thành BC_HANG_NAM năm 2023 ngày 25/11/2023\n",
               Lang::en) ==
        "nhat-ky.journal:1:12: error: BC_HANG_NAM is a recurring duty; say which report, such as 'done BC_HANG_NAM year 2023 for "
        "UBND_TP_THANHHOA on …'\n"
        "  hoàn thành BC_HANG_NAM ngày 25/11/2023\n"
        "             ^\n"
        "nhat-ky.journal:2:21: error: only a recurring duty has reports ('year … for …'); II.3 is a task\n"
        "  hoàn thành II.3 năm 2023 ngày 20/03/2023\n"
        "                      ^\n"
        "  hint: drop 'year 2023…' after the task id\n"
        "nhat-ky.journal:3:28: error: duty BC_HANG_NAM for 2023 is owed by 54 agencies; say which, such as 'year 2023 for "
        "UBND_TP_THANHHOA'\n"
        "  hoàn thành BC_HANG_NAM năm 2023 ngày 25/11/2023\n"
        "                             ^\n");
}

TEST_CASE("facts: the periods of a quarterly duty: missing, out of range, outside the years, not owed", "[engine][facts]") {
  auto r = resolve(
      "hoàn thành BC_QUY năm 2023 kỳ 2 của SXD ngày 15/06/2023\n"
      "hoàn thành BC_QUY năm 2023 của SXD ngày 15/06/2023\n"
      "hoàn thành BC_QUY năm 2023 kỳ 5 của SXD ngày 15/06/2023\n"
      "hoàn thành BC_QUY năm 2025 kỳ 1 của SXD ngày 15/03/2025\n"
      "hoàn thành BC_QUY năm 2023 kỳ 2 của SKHDT ngày 15/06/2023\n",
      true);
  REQUIRE(r->facts.items.size() == 1);
  const auto& c = compiled(true);
  const auto& o = c.occurrences.items[r->facts.items[0].occurrence];
  CHECK((o.year == 2023 && o.period == 2));
  CHECK(o.deadline == day(2023, 6, 19));  // before the 20th of the quarter's last month (strict reading)
  CHECK(r->rendered(Lang::vi) ==
        "nhat-ky.journal:2:23: error: nghĩa vụ BC_QUY báo cáo hằng quý; ghi rõ kỳ nào, ví dụ 'năm 2023 kỳ 1'\n"
        "  hoàn thành BC_QUY năm 2023 của SXD ngày 15/06/2023\n"
        "                        ^\n"
        "nhat-ky.journal:3:31: error: nghĩa vụ BC_QUY báo cáo hằng quý: kỳ từ 1 đến 4, không có kỳ 5\n"
        "  hoàn thành BC_QUY năm 2023 kỳ 5 của SXD ngày 15/06/2023\n"
        "                                ^\n"
        "nhat-ky.journal:4:23: error: nghĩa vụ BC_QUY không có kỳ báo cáo năm 2025 (các năm 2023, 2024)\n"
        "  hoàn thành BC_QUY năm 2025 kỳ 1 của SXD ngày 15/03/2025\n"
        "                        ^\n"
        "nhat-ky.journal:5:37: error: SKHDT không có nghĩa vụ BC_QUY kỳ 2 năm 2023\n"
        "  hoàn thành BC_QUY năm 2023 kỳ 2 của SKHDT ngày 15/06/2023\n"
        "                                      ^\n"
        "  gợi ý: đơn vị có nghĩa vụ này: SXD, SGTVT\n");
  CHECK(r->rendered(Lang::en) ==
        "nhat-ky.journal:2:23: error: duty BC_QUY reports every quarter; say which period, such as 'year 2023 period 1'\n"
        "  hoàn thành BC_QUY năm 2023 của SXD ngày 15/06/2023\n"
        "                        ^\n"
        "nhat-ky.journal:3:31: error: duty BC_QUY reports every quarter: periods 1 to 4, there is no period 5\n"
        "  hoàn thành BC_QUY năm 2023 kỳ 5 của SXD ngày 15/06/2023\n"
        "                                ^\n"
        "nhat-ky.journal:4:23: error: duty BC_QUY has no report for 2025 (its years are 2023, 2024)\n"
        "  hoàn thành BC_QUY năm 2025 kỳ 1 của SXD ngày 15/03/2025\n"
        "                        ^\n"
        "nhat-ky.journal:5:37: error: SKHDT does not owe BC_QUY for period 2 of 2023\n"
        "  hoàn thành BC_QUY năm 2023 kỳ 2 của SKHDT ngày 15/06/2023\n"
        "                                      ^\n"
        "  hint: owed by: SXD, SGTVT\n");
}

// ---------------------------------------------------------------- extensions

TEST_CASE("facts: an extension to a date before the task starts (the plan, or its period) is an error", "[engine][facts]") {
  std::string journal = "gia hạn II.5 đến 10/01/2023 ngày 01/07/2023\ngia hạn IV.8 đến 31/12/2025 ngày 01/07/2025\n";
  auto r = resolve(journal);
  CHECK(r->facts.items.empty());
  CHECK(r->rendered(Lang::vi) ==
        "nhat-ky.journal:1:18: error: hạn mới 10/01/2023 trước ngày bắt đầu của nhiệm vụ II.5 (17/02/2023)\n"
        "  gia hạn II.5 đến 10/01/2023 ngày 01/07/2023\n"
        "                   ^\n"
        "nhat-ky.journal:2:18: error: hạn mới 31/12/2025 trước ngày bắt đầu của nhiệm vụ IV.8 (01/01/2026)\n"
        "  gia hạn IV.8 đến 31/12/2025 ngày 01/07/2025\n"
        "                   ^\n");
  CHECK(r->rendered(Lang::en) ==
        "nhat-ky.journal:1:18: error: the new due date 2023-01-10 is before task II.5 starts (2023-02-17)\n"
        "  gia hạn II.5 đến 10/01/2023 ngày 01/07/2023\n"
        "                   ^\n"
        "nhat-ky.journal:2:18: error: the new due date 2025-12-31 is before task IV.8 starts (2026-01-01)\n"
        "  gia hạn IV.8 đến 31/12/2025 ngày 01/07/2025\n"
        "                   ^\n");
}

TEST_CASE("facts: an extension that does not move the due date later is kept with a warning", "[engine][facts]") {
  auto r = resolve(
      "gia hạn II.5 đến 20/05/2023 ngày 01/05/2023\n"
      "gia hạn II.5 đến 30/09/2023 ngày 15/05/2023\n"
      "gia hạn II.5 đến 31/08/2023 ngày 01/07/2023\n");
  CHECK(r->facts.items.size() == 3);
  CHECK(r->rendered(Lang::vi) ==
        "nhat-ky.journal:1:18: warning: gia hạn II.5 đến 20/05/2023 không lùi hạn: hạn đang áp dụng là 31/05/2023\n"
        "  gia hạn II.5 đến 20/05/2023 ngày 01/05/2023\n"
        "                   ^\n"
        "nhat-ky.journal:3:18: warning: gia hạn II.5 đến 31/08/2023 không lùi hạn: hạn đang áp dụng là 30/09/2023\n"
        "  gia hạn II.5 đến 31/08/2023 ngày 01/07/2023\n"
        "                   ^\n");
  CHECK(r->rendered(Lang::en) ==
        "nhat-ky.journal:1:18: warning: extending II.5 to 2023-05-20 does not move its due date later: it is due 2023-05-31\n"
        "  gia hạn II.5 đến 20/05/2023 ngày 01/05/2023\n"
        "                   ^\n"
        "nhat-ky.journal:3:18: warning: extending II.5 to 2023-08-31 does not move its due date later: it is due 2023-09-30\n"
        "  gia hạn II.5 đến 31/08/2023 ngày 01/07/2023\n"
        "                   ^\n");
}

// ---------------------------------------------------------------- find_occurrence

TEST_CASE("facts: find_occurrence finds one report by duty, agency, year and period", "[engine][facts]") {
  const auto& c = compiled(true);
  const auto& p = *c.plan;
  auto bc = index_of(p, "BC_HANG_NAM"), quy = index_of(p, "BC_QUY");
  auto sxd = index_of(p, "SXD"), ctk = index_of(p, "CTK");
  std::uint32_t i = engine::find_occurrence(c.occurrences, bc, sxd, 2027, 0);
  REQUIRE(i != engine::kNone);
  CHECK(c.occurrences.items[i].duty == bc);
  CHECK(c.occurrences.items[i].agency == sxd);
  CHECK(c.occurrences.items[i].year == 2027);
  CHECK(engine::find_occurrence(c.occurrences, bc, ctk, 2027, 0) == engine::kNone);
  CHECK(engine::find_occurrence(c.occurrences, bc, sxd, 2022, 0) == engine::kNone);
  CHECK(engine::find_occurrence(c.occurrences, bc, sxd, 2027, 1) == engine::kNone);
  std::uint32_t q = engine::find_occurrence(c.occurrences, quy, sxd, 2024, 4);
  REQUIRE(q != engine::kNone);
  CHECK(c.occurrences.items[q].period == 4);
  CHECK(engine::find_occurrence(c.occurrences, static_cast<engine::DutyId>(p.duties.size()), sxd, 2024, 4) == engine::kNone);
}

TEST_CASE("facts: checked one journal at a time, the same facts and messages as all at once", "[engine][facts]") {
  const auto& c = compiled(false);
  dsl::SourceSet sources;
  dsl::Diagnostics parse;
  std::vector<dsl::JournalAst> journals;
  for (const char* text : {"hoàn thành II.3 ngày 20/03/2023\n", "dừng II.7 ngày 01/07/2023\n",
                           "hoàn thành II.3 ngày 25/03/2023\nhoàn thành II.7 ngày 02/07/2023\n",
                           "sự kiện TTG_DUYET_QHC xảy ra ngày 01/09/2023\nhoàn thành II.33 ngày 01/09/2023\n"}) {
    journals.push_back(dsl::parse_journal_text(sources, "j" + std::to_string(journals.size()) + ".journal", text, parse));
  }
  REQUIRE(parse.items().empty());
  std::vector<const dsl::JournalAst*> all;
  for (const auto& j : journals) all.push_back(&j);
  dsl::Diagnostics at_once;
  auto expected = engine::resolve_facts(*c.plan, c.dates, c.occurrences, all, at_once);

  engine::FactChecker checker(*c.plan, c.dates, c.occurrences);
  dsl::Diagnostics one_by_one;
  std::vector<engine::Fact> got;
  for (const auto& j : journals) {
    for (auto& f : checker.add(j, one_by_one).items) got.push_back(std::move(f));
  }
  // The second done of II.3 names the first (in an earlier journal); II.7 is waived by then.
  CHECK(dsl::render_all(one_by_one, Lang::en) == dsl::render_all(at_once, Lang::en));
  CHECK(at_once.error_count() == 3);
  REQUIRE(got.size() == expected.items.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    CHECK(got[i].kind == expected.items[i].kind);
    CHECK(got[i].node == expected.items[i].node);
    CHECK(got[i].on == expected.items[i].on);
  }
}

// ---------------------------------------------------------------- withdrawals

TEST_CASE("facts: a withdrawn fact is out of force, and what it blocked may be recorded after it", "[engine][facts][withdraw]") {
  auto r = resolve(
      "hoàn thành II.3 ngày 20/03/2025\n"
      "chỉ tiêu PL1-I.1 năm 2024 đạt 95\n"
      "rút lại ghi chép 1 ngày 05/03/2024 { lý do \"ghi nhầm năm\"; người ghi \"SKHDT\" }\n"
      "hoàn thành II.3 ngày 20/03/2023\n"
      "withdraw fact 2 on 2024-03-06 { reason \"typo: 9,5\" }\n"
      "chỉ tiêu PL1-I.1 năm 2024 đạt 9,5\n");
  CHECK(r->rendered(Lang::vi).empty());
  REQUIRE(r->facts.items.size() == 2);
  CHECK(r->facts.items[0].number == 4);
  CHECK(r->facts.items[0].on == day(2023, 3, 20));
  CHECK(r->facts.items[1].number == 6);
  CHECK(r->facts.items[1].value == 9.5);
  CHECK(r->facts.withdrawn == std::vector<std::int64_t>{1, 2});
}

TEST_CASE("facts: a withdrawal of nothing, of a withdrawal, twice, or without a reason is an error", "[engine][facts][withdraw]") {
  auto r = resolve(
      "hoàn thành II.3 ngày 20/03/2023\n"
      "rút lại ghi chép 1 ngày 05/03/2024 { lý do \"nhầm\" }\n"
      "rút lại ghi chép 1 ngày 06/03/2024 { lý do \"nhầm\" }\n"
      "rút lại ghi chép 2 ngày 06/03/2024 { lý do \"nhầm\" }\n"
      "rút lại ghi chép 9 ngày 06/03/2024 { lý do \"nhầm\" }\n"
      "rút lại ghi chép 5 ngày 06/03/2024\n");
  CHECK(r->facts.items.empty());
  CHECK(r->rendered(Lang::vi) ==
        "nhat-ky.journal:3:18: error: ghi chép số 1 đã được rút lại\n"
        "  rút lại ghi chép 1 ngày 06/03/2024 { lý do \"nhầm\" }\n"
        "                   ^\n"
        "nhat-ky.journal:2:1: note: rút lại ở đây\n"
        "  rút lại ghi chép 1 ngày 05/03/2024 { lý do \"nhầm\" }\n"
        "  ^\n"
        "nhat-ky.journal:4:18: error: ghi chép số 2 là một lần rút lại; không rút lại được\n"
        "  rút lại ghi chép 2 ngày 06/03/2024 { lý do \"nhầm\" }\n"
        "                   ^\n"
        "  gợi ý: nếu sự việc đó đúng, ghi lại sự việc\n"
        "nhat-ky.journal:5:18: error: không có ghi chép số 9 trước ghi chép này\n"
        "  rút lại ghi chép 9 ngày 06/03/2024 { lý do \"nhầm\" }\n"
        "                   ^\n"
        "  gợi ý: số của một ghi chép là số in ra khi ghi ('đã ghi #12'), cũng là số dòng của nó trong 'dondoc export'\n"
        "nhat-ky.journal:6:1: error: thiếu lý do rút lại, ví dụ { lý do \"ghi nhầm ngày\" }\n"
        "  rút lại ghi chép 5 ngày 06/03/2024\n"
        "  ^\n"
        "nhat-ky.journal:6:18: error: ghi chép số 5 là một lần rút lại; không rút lại được\n"
        "  rút lại ghi chép 5 ngày 06/03/2024\n"
        "                   ^\n"
        "  gợi ý: nếu sự việc đó đúng, ghi lại sự việc\n");
  CHECK(errors("withdraw fact 1 on 2024-03-06\n", Lang::en) ==
        "nhat-ky.journal:1:1: error: a withdrawal needs its reason, such as { reason \"wrong date\" }\n"
        "  withdraw fact 1 on 2024-03-06\n"
        "  ^\n"
        "nhat-ky.journal:1:15: error: there is no fact 1 before this one\n"
        "  withdraw fact 1 on 2024-03-06\n"
        "                ^\n"
        "  hint: a fact's number is the one printed when it was recorded ('recorded #12'), also its line in 'dondoc export'\n");
}

TEST_CASE("facts: checked one journal at a time, a withdrawal names the earlier facts it takes out of force", "[engine][facts][withdraw]") {
  const auto& c = compiled(false);
  dsl::SourceSet sources;
  dsl::Diagnostics diags;
  auto a = dsl::parse_journal_text(sources, "store#7", "hoàn thành II.3 ngày 20/03/2023", diags);
  a.first_number = 7;
  auto b = dsl::parse_journal_text(sources, "store#8", "rút lại ghi chép 7 ngày 05/03/2024 { lý do \"nhầm\" }", diags);
  b.first_number = 8;
  auto d = dsl::parse_journal_text(sources, "store#9", "hoàn thành II.3 ngày 21/03/2023", diags);
  d.first_number = 9;
  engine::FactChecker checker(*c.plan, c.dates, c.occurrences);
  auto fa = checker.add(a, diags);
  REQUIRE(fa.items.size() == 1);
  CHECK(fa.items[0].number == 7);
  auto fb = checker.add(b, diags);
  CHECK(fb.items.empty());
  CHECK(fb.withdrawn == std::vector<std::int64_t>{7});
  auto fd = checker.add(d, diags);
  REQUIRE(fd.items.size() == 1);
  CHECK(fd.items[0].number == 9);
  CHECK(fd.withdrawn.empty());
  CHECK(dsl::render_all(diags, Lang::en).empty());
}
