#include "engine/resolve.hpp"

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "bench/plan_gen.hpp"
#include "dsl/text.hpp"
#include "tests/test_util.hpp"

using namespace dondoc;

namespace {
/// Parsed files (which must have no syntax error) and the plan resolved from them.
struct Compiled {
  dsl::SourceSet sources;
  dsl::Diagnostics diags;
  engine::Plan plan;

  std::string errors(dsl::Lang lang = dsl::Lang::vi) const { return dsl::render_all(diags, lang); }
  std::vector<std::string> ids(std::span<const engine::AgencyId> agencies) const {
    std::vector<std::string> out;
    for (auto a : agencies) out.emplace_back(plan.str(plan.agencies[a].id));
    return out;
  }
};

std::unique_ptr<Compiled> compile(const std::vector<std::pair<std::string, std::string>>& files) {
  auto c = std::make_unique<Compiled>();
  dsl::PlanSources src;
  for (const auto& [path, text] : files) src.files.push_back(dsl::parse_text(c->sources, path, text, c->diags));
  INFO(dsl::render_all(c->diags, dsl::Lang::en));
  REQUIRE(c->diags.items().empty());
  c->plan = engine::resolve(src, c->diags);
  return c;
}
std::unique_ptr<Compiled> compile(const std::string& text) {
  return compile({{"test.rules", text}});
}

const std::string kHeader =
    "kế hoạch KH \"Kế hoạch thử\" { ban hành 01/02/2023 }\n"
    "cơ quan SXD \"Sở Xây dựng\"\n"
    "cơ quan STC \"Sở Tài chính\"\n";
}  // namespace

TEST_CASE("resolve: ids are dense and follow declaration order across files and sections", "[engine][resolve]") {
  auto c = compile({{"a.rules", kHeader + "mục II \"Mục II\" {\n"
                                          "  nhiệm vụ II.1 \"Một\" { chủ trì SXD; thời hạn Năm 2023 }\n"
                                          "  mục II.A \"Tiểu mục\" {\n"
                                          "    nhiệm vụ II.2 \"Hai\" { chủ trì STC; thời hạn Năm 2023 }\n"
                                          "  }\n"
                                          "}\n"},
                    {"b.rules",
                     "nhiệm vụ III.1 \"Ba\" { chủ trì SXD; thời hạn Năm 2024 }\n"
                     "sự kiện E \"Sự kiện\" { theo dõi SXD }\n"}});
  INFO(c->errors());
  REQUIRE(c->diags.items().empty());
  const auto& p = c->plan;
  REQUIRE(p.tasks.size() == 3);
  CHECK(p.str(p.tasks[0].id) == "II.1");
  CHECK(p.str(p.tasks[1].id) == "II.2");
  CHECK(p.str(p.tasks[2].id) == "III.1");
  CHECK(p.find("II.2").kind == engine::Kind::task);
  CHECK(p.find("II.2").index == 1);
  CHECK(p.find("E").kind == engine::Kind::event);
  CHECK(p.find("SXD").kind == engine::Kind::agency);
  CHECK(p.find("NO_SUCH").kind == engine::Kind::none);
  // Sections: II.2 sits in II.A inside II; III.1 in none.
  auto path = p.section_path(p.tasks[1].section);
  REQUIRE(path.size() == 2);
  CHECK(p.str(p.sections[path[0]].id) == "II");
  CHECK(p.str(p.sections[path[1]].id) == "II.A");
  CHECK(p.tasks[2].section == engine::kNone);
  CHECK(p.node_count() == 4);
  CHECK(p.node_name(p.event_node(0)) == "E");
  // Strings are stored once.
  CHECK(p.strings.find("SXD") == p.agencies[0].id);
}

TEST_CASE("resolve: groups expand recursively, without repeats, in written order", "[engine][resolve]") {
  auto c = compile(kHeader +
                   "cơ quan SKHDT \"Sở Kế hoạch và Đầu tư\"\n"
                   "cơ quan UBND_A \"UBND huyện A\"\n"
                   "nhóm G_SBN \"Các sở\" { gồm SKHDT, SXD, STC, SXD }\n"
                   "nhóm G_UBNDH \"UBND cấp huyện\" { gồm UBND_A }\n"
                   "nhóm G_LQ \"Các đơn vị liên quan\" { gồm G_SBN, STC, G_UBNDH }\n"
                   "nhiệm vụ II.5 \"Quy hoạch\" {\n"
                   "  chủ trì SXD, STC\n"
                   "  phối hợp SKHDT, G_LQ\n"
                   "  thời hạn Quý II/2023\n"
                   "}\n");
  INFO(c->errors());
  REQUIRE(c->diags.items().empty());
  const auto& p = c->plan;
  CHECK(c->ids(p.agencies_of(p.groups[0].members)) == std::vector<std::string>{"SKHDT", "SXD", "STC"});
  CHECK(c->ids(p.agencies_of(p.groups[2].members)) == std::vector<std::string>{"SKHDT", "SXD", "STC", "UBND_A"});
  CHECK(c->ids(p.agencies_of(p.tasks[0].leads)) == std::vector<std::string>{"SXD", "STC"});
  // Support leaves out the leads.
  CHECK(c->ids(p.agencies_of(p.tasks[0].support)) == std::vector<std::string>{"SKHDT", "UBND_A"});
}

TEST_CASE("resolve: the escalation policy comes from the task, else its sections, else the plan", "[engine][resolve]") {
  auto c = compile(
      "kế hoạch KH \"Thử\" { đôn đốc QT_CHUNG }\n"
      "cơ quan SXD \"Sở Xây dựng\"\n"
      "quy trình đôn đốc QT_CHUNG \"Chung\" { nhắc đúng hạn gửi chủ trì }\n"
      "quy trình đôn đốc QT_MUC \"Của mục\" { nhắc đúng hạn gửi chủ trì }\n"
      "quy trình đôn đốc QT_RIENG \"Riêng\" { nhắc đúng hạn gửi chủ trì }\n"
      "nhiệm vụ I.1 \"Theo kế hoạch\" { chủ trì SXD; thời hạn Năm 2023 }\n"
      "mục II \"Mục\" {\n"
      "  đôn đốc QT_MUC\n"
      "  mục II.A \"Tiểu mục\" {\n"
      "    nhiệm vụ II.1 \"Theo mục\" { chủ trì SXD; thời hạn Năm 2023 }\n"
      "    nhiệm vụ II.2 \"Riêng\" { chủ trì SXD; thời hạn Năm 2023; đôn đốc QT_RIENG }\n"
      "    nhiệm vụ II.3 \"Không đôn đốc\" { chủ trì SXD; thời hạn Năm 2023; đôn đốc không }\n"
      "  }\n"
      "}\n");
  INFO(c->errors());
  REQUIRE(c->diags.items().empty());
  const auto& p = c->plan;
  auto policy = [&](std::size_t t) {
    return p.tasks[t].escalation == engine::kNone ? std::string("-") : std::string(p.str(p.policies[p.tasks[t].escalation].id));
  };
  CHECK(policy(0) == "QT_CHUNG");
  CHECK(policy(1) == "QT_MUC");
  CHECK(policy(2) == "QT_RIENG");
  CHECK(policy(3) == "-");
  CHECK(p.tasks[3].quiet);
}

TEST_CASE("resolve: dependencies and start conditions are CSR arrays with their reverse", "[engine][resolve]") {
  auto c = compile(kHeader +
                   "sự kiện E \"Phê duyệt\" { sau II.1; theo dõi SXD }\n"
                   "nhiệm vụ II.1 \"Một\" { chủ trì SXD; thời hạn Quý I/2023 }\n"
                   "nhiệm vụ II.2 \"Hai\" { chủ trì SXD; bắt đầu sau tất cả II.1, E; thời hạn trong 30 ngày }\n"
                   "nhiệm vụ II.3 \"Ba\" { chủ trì SXD; phụ thuộc II.1, II.2, II.1; thời hạn Năm 2023 }\n");
  INFO(c->errors());
  REQUIRE(c->diags.items().empty());
  const auto& p = c->plan;
  using V = std::vector<std::uint32_t>;
  auto row = [](const engine::Csr& g, std::uint32_t n) {
    auto s = g.of(n);
    return V(s.begin(), s.end());
  };
  CHECK(p.depends_on.nodes() == 3);
  CHECK(row(p.depends_on, 2) == V{0, 1});  // the repeated II.1 counts once
  CHECK(row(p.dependents, 0) == V{2});
  CHECK(row(p.dependents, 1) == V{2});
  CHECK(p.waits_for.nodes() == 4);
  CHECK(row(p.waits_for, 1) == V{0, p.event_node(0)});
  CHECK(row(p.waits_for, p.event_node(0)) == V{0});
  CHECK(row(p.wakes, 0) == V{1, p.event_node(0)});
  CHECK(row(p.wakes, p.event_node(0)) == V{1});
  CHECK(p.tasks[1].trigger_mode == dsl::Trigger::Mode::all);
  CHECK(p.tasks[1].has_trigger());
  CHECK_FALSE(p.tasks[0].has_trigger());
  CHECK(p.depends_loc.size() == p.depends_on.targets.size());
  CHECK(p.waits_loc[0].line == 6);  // II.2 waits for II.1
}

TEST_CASE("resolve: due times keep their source and their date under the plan's reading", "[engine][resolve]") {
  auto c = compile(
      "kế hoạch KH \"Thử\" { cách hiểu rộng }\n"
      "cơ quan SXD \"Sở Xây dựng\"\n"
      "nhiệm vụ II.5 \"Quy hoạch\" {\n"
      "  chủ trì SXD\n"
      "  thời hạn trước ngày 30/11/2023 theo \"Phụ lục 2\"\n"
      "  thời hạn thường xuyên\n"
      "}\n"
      "dừng II.5 theo \"Quyết định số 1/QĐ-UBND\" lý do \"đã xong\"\n");
  INFO(c->errors());
  REQUIRE(c->diags.items().empty());
  const auto& p = c->plan;
  auto dues = p.due_of(0);
  REQUIRE(dues.size() == 2);
  CHECK(dues[0].date == dsl::Date{2023, 11, 30});  // lenient: "before 30/11" is due on 30/11
  CHECK(p.str(dues[0].per) == "Phụ lục 2");
  CHECK_FALSE(dues[1].date.has_value());
  CHECK(dues[1].per == engine::kNone);
  REQUIRE(p.tasks[0].waived.has_value());
  CHECK(p.str(p.tasks[0].waived->by) == "Quyết định số 1/QĐ-UBND");
  CHECK(p.str(p.tasks[0].waived->reason) == "đã xong");
}

TEST_CASE("resolve: due times written alike share one copy, each keeping its own place", "[engine][resolve]") {
  auto c = compile(
      "kế hoạch KH \"Thử\" {}\n"
      "cơ quan SXD \"Sở Xây dựng\"\n"
      "nhiệm vụ A \"Một\" { chủ trì SXD; thời hạn Quý I/2023 }\n"
      "nhiệm vụ B \"Hai\" { chủ trì SXD; thời hạn Quý I/2023 }\n"
      "nhiệm vụ C \"Ba\" { chủ trì SXD; thời hạn Năm 2023 }\n");
  INFO(c->errors());
  REQUIRE(c->diags.items().empty());
  const auto& p = c->plan;
  REQUIRE(p.dues.size() == 3);
  CHECK(p.times.size() == 2);
  CHECK(p.due_of(0)[0].time == p.due_of(1)[0].time);
  CHECK(p.due_of(2)[0].time != p.due_of(0)[0].time);
  CHECK(p.due_of(1)[0].time->text == "Quý I/2023");
  CHECK(p.due_of(2)[0].time->text == "Năm 2023");
  CHECK(p.due_of(0)[0].loc.line == 3);
  CHECK(p.due_of(1)[0].loc.line == 4);
  CHECK(p.due_of(1)[0].date == dsl::Date{2023, 3, 31});
}

TEST_CASE("resolve: a name typed in NFD finds its NFC declaration", "[engine][resolve]") {
  std::string nfc_id = "S\xE1\xBB\x9E_XD";           // "SỞ_XD" precomposed (NFC)
  std::string decomposed = "SO\xCC\x9B\xCC\x89_XD";  // O + horn + hook above (NFD)
  REQUIRE(dsl::nfc(decomposed) == nfc_id);
  auto c = compile("kế hoạch KH \"Thử\" {}\ncơ quan " + nfc_id + " \"Sở Xây dựng\"\nnhiệm vụ I.1 \"Một\" { chủ trì " + decomposed +
                   "; thời hạn Năm 2023 }\n");
  CHECK(c->errors() == "");
  CHECK(c->ids(c->plan.agencies_of(c->plan.tasks[0].leads)) == std::vector<std::string>{nfc_id});
}

TEST_CASE("resolve: an unknown agency is named at its place with the closest id", "[engine][resolve]") {
  auto c = compile(kHeader + "nhiệm vụ II.3 \"Tờ trình\" {\n  chủ trì SXDD\n  thời hạn Quý I/2023\n}\n");
  CHECK(c->errors() ==
        "test.rules:5:11: error: không có cơ quan hay nhóm nào mang mã 'SXDD'\n"
        "    chủ trì SXDD\n"
        "            ^\n"
        "  gợi ý: có phải ý bạn là 'SXD' (Sở Xây dựng)?\n");
  CHECK(c->errors(dsl::Lang::en) ==
        "test.rules:5:11: error: no agency or group has the id 'SXDD'\n"
        "    chủ trì SXDD\n"
        "            ^\n"
        "  hint: did you mean 'SXD' (Sở Xây dựng)?\n");
}

TEST_CASE("resolve: an agency written by its Vietnamese name is suggested by its id", "[engine][resolve]") {
  auto c = compile(kHeader + "nhiệm vụ II.3 \"Tờ trình\" { chủ trì Sở_Xây_Dựng; thời hạn Quý I/2023 }\n");
  CHECK(c->errors() ==
        "test.rules:4:36: error: không có cơ quan hay nhóm nào mang mã 'Sở_Xây_Dựng'\n"
        "  nhiệm vụ II.3 \"Tờ trình\" { chủ trì Sở_Xây_Dựng; thời hạn Quý I/2023 }\n"
        "                                     ^\n"
        "  gợi ý: có phải ý bạn là 'SXD' (Sở Xây dựng)?\n");
}

TEST_CASE("resolve: hints only name declarations of the expected kind", "[engine][resolve]") {
  // SXE is one letter from the agency SXD, but a task is expected here: the hint is the task.
  auto c = compile(kHeader +
                   "nhiệm vụ SXF \"Một\" { chủ trì SXD; thời hạn Năm 2023 }\n"
                   "nhiệm vụ I.2 \"Hai\" { chủ trì SXD; phụ thuộc SXE; thời hạn Năm 2023 }\n");
  CHECK(c->errors() ==
        "test.rules:5:45: error: không có nhiệm vụ nào mang mã 'SXE'\n"
        "  nhiệm vụ I.2 \"Hai\" { chủ trì SXD; phụ thuộc SXE; thời hạn Năm 2023 }\n"
        "                                              ^\n"
        "  gợi ý: có phải ý bạn là 'SXF'?\n");
}

TEST_CASE("resolve: a duplicate id is reported at the second declaration with a note at the first", "[engine][resolve]") {
  auto c = compile({{"a.rules", kHeader}, {"b.rules", "cơ quan STC \"Sở Tài chính (chép lại)\"\n"}});
  CHECK(c->errors() ==
        "b.rules:1:9: error: cơ quan STC được khai báo hai lần\n"
        "  cơ quan STC \"Sở Tài chính (chép lại)\"\n"
        "          ^\n"
        "  gợi ý: mỗi mã chỉ được khai báo một lần trong cả kế hoạch; hãy đổi một trong hai mã\n"
        "a.rules:3:9: note: khai báo lần đầu ở đây\n"
        "  cơ quan STC \"Sở Tài chính\"\n"
        "          ^\n");
  CHECK(c->plan.agencies.size() == 2);
}

TEST_CASE("resolve: a reference of the wrong kind says what the name is", "[engine][resolve]") {
  auto c = compile(kHeader +
                   "nhiệm vụ II.3 \"Một\" { chủ trì SXD; thời hạn Năm 2023 }\n"
                   "nhiệm vụ II.4 \"Hai\" { chủ trì II.3; thời hạn Năm 2023 }\n");
  CHECK(c->errors(dsl::Lang::en) ==
        "test.rules:5:31: error: 'II.3' is a task, not an agency or a group\n"
        "  nhiệm vụ II.4 \"Hai\" { chủ trì II.3; thời hạn Năm 2023 }\n"
        "                                ^\n"
        "test.rules:4:10: note: task II.3 is declared here\n"
        "  nhiệm vụ II.3 \"Một\" { chủ trì SXD; thời hạn Năm 2023 }\n"
        "           ^\n");
}

TEST_CASE("resolve: a clause that may be written once is an error the second time", "[engine][resolve]") {
  // (`nguồn` may be written twice on a task: one obligation from two places of the decision.)
  auto c = compile(kHeader + "nhiệm vụ II.3 \"Một\" {\n  chủ trì SXD\n  sản phẩm \"A\"\n  thời hạn Năm 2023\n  sản phẩm \"B\"\n}\n");
  CHECK(c->errors() ==
        "test.rules:8:3: error: 'sản phẩm' được ghi hai lần trong nhiệm vụ II.3; chỉ được ghi một lần\n"
        "    sản phẩm \"B\"\n"
        "    ^\n"
        "  gợi ý: giữ lại một dòng và xóa dòng kia\n"
        "test.rules:6:3: note: lần thứ nhất ở đây\n"
        "    sản phẩm \"A\"\n"
        "    ^\n");
}

TEST_CASE("resolve: a task without a lead and an empty group are errors", "[engine][resolve]") {
  auto c = compile(kHeader + "nhóm G \"Trống\" { ghi chú \"chưa có\" }\nnhiệm vụ I.1 \"Một\" { phối hợp G; thời hạn Năm 2023 }\n");
  CHECK(c->errors(dsl::Lang::en) ==
        "test.rules:4:6: error: group G has no members\n"
        "  nhóm G \"Trống\" { ghi chú \"chưa có\" }\n"
        "       ^\n"
        "  hint: add a line 'members <agency id>, <agency id>, …' to the group\n"
        "test.rules:5:10: error: task I.1 has no lead agency\n"
        "  nhiệm vụ I.1 \"Một\" { phối hợp G; thời hạn Năm 2023 }\n"
        "           ^\n"
        "  hint: add a line 'lead <agency id>' to the task\n");
}

TEST_CASE("resolve: a plan needs exactly one header, but a holiday calendar alone is not a plan", "[engine][resolve]") {
  auto none = compile("cơ quan SXD \"Sở Xây dựng\"\n");
  CHECK(none->errors() ==
        "test.rules: error: kế hoạch chưa có phần đầu (khai báo 'kế hoạch')\n"
        "  gợi ý: ví dụ: kế hoạch KH01 \"Kế hoạch hành động …\" { số \"01/KH-UBND\"  ban hành 17/02/2023 }\n");
  auto calendar = compile("ngày nghỉ năm 2024 {\n  nghỉ 01/01/2024 \"Tết Dương lịch\"\n}\n");
  CHECK(calendar->errors() == "");
  CHECK_FALSE(calendar->plan.calendar.is_working_day(dsl::Date{2024, 1, 1}));
  auto two = compile("kế hoạch A \"A\" {}\nkế hoạch B \"B\" {}\n");
  CHECK(two->diags.error_count() == 1);
  CHECK(two->diags.items()[0].loc.line == 2);
}

namespace {
/// A generated plan of `tasks` tasks in two files (bench/plan_gen.hpp), plus `extra` as a
/// third file (the first one when `extra_first`), parsed without a diagnostic.
struct Generated {
  dsl::SourceSet sources;
  dsl::PlanSources parsed;
};
std::unique_ptr<Generated> generated(std::size_t tasks, const std::string& extra = "", bool extra_first = false) {
  auto g = std::make_unique<Generated>();
  bench::GenOptions options;
  options.tasks = tasks;
  options.files = 2;
  std::vector<std::string> texts(options.files);
  bench::generate_plan(options, [&](std::size_t file, std::string_view text) { texts[file] += text; });
  if (!extra.empty()) texts.insert(extra_first ? texts.begin() : texts.end(), extra);
  dsl::Diagnostics diags;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    g->parsed.files.push_back(dsl::parse_text(g->sources, bench::plan_file_name(i, texts.size()), texts[i], diags));
  }
  INFO(dsl::render_all(diags, dsl::Lang::en));
  REQUIRE(diags.items().empty());
  return g;
}

/// Every array of the plan that resolving the tasks fills, a line per element, for comparing
/// two plans.
std::vector<std::string> dump(const engine::Plan& p) {
  std::vector<std::string> out;
  auto loc = [](const dsl::Location& l) { return fmt::format("{}:{}:{}", l.path(), l.line, l.col); };
  auto csr = [&](const char* name, const engine::Csr& g) {
    for (auto o : g.offsets) out.push_back(fmt::format("{} offset {}", name, o));
    for (auto t : g.targets) out.push_back(fmt::format("{} target {}", name, t));
  };
  for (engine::StrId s = 0; s < p.strings.size(); ++s) out.push_back(fmt::format("string {} {}", s, p.str(s)));
  for (const auto& sym : p.symbols) out.push_back(fmt::format("symbol {} {} {}", static_cast<int>(sym.kind), sym.index, loc(sym.loc)));
  for (const auto& t : p.tasks) {
    out.push_back(
        fmt::format("task {} {} {} {} leads {}+{} support {}+{} due {}+{} section {} escalation {} duration {}/{} mode {} "
                    "quiet {} trigger {} loc {} waived {}",
                    t.id, t.title, t.deliverable, t.source, t.leads.begin, t.leads.size, t.support.begin, t.support.size, t.due.begin,
                    t.due.size, t.section, t.escalation, t.duration ? t.duration->amount : -1,
                    t.duration ? static_cast<int>(t.duration->unit) : -1, static_cast<int>(t.trigger_mode), t.quiet, loc(t.trigger_loc),
                    loc(t.loc), t.waived ? fmt::format("{} {} {}", t.waived->by, t.waived->reason, loc(t.waived->loc)) : "-"));
  }
  for (auto a : p.agency_pool) out.push_back(fmt::format("pool {}", a));
  std::map<const dsl::TimeExpr*, std::size_t> time_index;
  for (const auto& t : p.times) {
    time_index.emplace(&t, time_index.size());
    out.push_back(fmt::format("time {}", t.text));
  }
  for (const auto& d : p.dues) {
    out.push_back(fmt::format("due {} {} {} {}", time_index.at(d.time), d.per, d.date ? d.date->iso() : "-", loc(d.loc)));
  }
  csr("depends_on", p.depends_on);
  for (const auto& l : p.depends_loc) out.push_back("depends_loc " + loc(l));
  csr("dependents", p.dependents);
  csr("waits_for", p.waits_for);
  for (const auto& l : p.waits_loc) out.push_back("waits_loc " + loc(l));
  csr("wakes", p.wakes);
  return out;
}

/// The first line where two dumps differ, or "" when they are equal.
std::string first_difference(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i] != b[i]) return fmt::format("line {}: '{}' vs '{}'", i, a[i], b[i]);
  }
  return a.size() == b.size() ? "" : fmt::format("{} lines vs {}", a.size(), b.size());
}
}  // namespace

TEST_CASE("resolve: a large plan resolved on two threads is the plan of one thread", "[engine][resolve]") {
  auto g = generated(30000);
  dsl::Diagnostics one_diags, two_diags;
  engine::Plan one = engine::resolve(g->parsed, one_diags, 1);
  engine::Plan two = engine::resolve(g->parsed, two_diags, 2);
  CHECK(dsl::render_all(one_diags, dsl::Lang::en) == "");
  CHECK(dsl::render_all(two_diags, dsl::Lang::en) == "");
  REQUIRE(one.tasks.size() >= 30000);
  CHECK(one.depends_on.targets.size() > 0);
  CHECK(one.waits_for.targets.size() > 0);
  CHECK(first_difference(dump(one), dump(two)) == "");
}

TEST_CASE("resolve: an unknown name in a large plan gives the messages of one thread", "[engine][resolve]") {
  bool first = GENERATE(false, true);  // in the tasks of the second worker, then of the first
  INFO("the wrong names come " << (first ? "first" : "last"));
  auto g = generated(30000,
                     "nhiệm vụ ZZ.1 \"Thừa\" {\n  chủ trì KHONG_CO\n  thời hạn Năm 2023\n  phụ thuộc KHONG_NV\n}\n"
                     "nhiệm vụ ZZ.2 \"Đủ\" { chủ trì ZZ_KHONG; thời hạn Năm 2023 }\n",
                     first);
  dsl::Diagnostics one_diags, two_diags;
  engine::Plan one = engine::resolve(g->parsed, one_diags, 1);
  engine::Plan two = engine::resolve(g->parsed, two_diags, 2);
  CHECK(one_diags.error_count() == 3);
  CHECK(dsl::render_all(two_diags, dsl::Lang::vi) == dsl::render_all(one_diags, dsl::Lang::vi));
  CHECK(dsl::render_all(two_diags, dsl::Lang::en) == dsl::render_all(one_diags, dsl::Lang::en));
  CHECK(first_difference(dump(one), dump(two)) == "");
}

TEST_CASE("resolve: a large plan with tasks the second thread leaves to one thread gives the plan and messages of one thread",
          "[engine][resolve]") {
  // A task without a lead and a clause written twice need messages: the thread that takes the
  // tasks' texts stops there. An id declared twice leaves a task out of the plan's tasks.
  auto where = GENERATE(as<std::string>{}, "first", "last");
  std::string problem = GENERATE(as<std::string>{}, "nhiệm vụ ZZ.1 \"Không có đơn vị chủ trì\" { thời hạn Năm 2023 }\n",
                                 "nhiệm vụ ZZ.2 \"Hai sản phẩm\" {\n  chủ trì BXD\n  sản phẩm \"Một\"\n  sản phẩm \"Hai\"\n}\n",
                                 "nhiệm vụ ZZ.3 \"Lần đầu\" { chủ trì BXD }\nnhiệm vụ ZZ.3 \"Lần hai\" { chủ trì TTG }\n");
  INFO("the problem comes " << where << ": " << problem);
  auto g = generated(30000, problem, where == "first");
  dsl::Diagnostics one_diags, two_diags;
  engine::Plan one = engine::resolve(g->parsed, one_diags, 1);
  engine::Plan two = engine::resolve(g->parsed, two_diags, 2);
  CHECK(one_diags.error_count() == 1);
  CHECK(dsl::render_all(two_diags, dsl::Lang::vi) == dsl::render_all(one_diags, dsl::Lang::vi));
  CHECK(first_difference(dump(one), dump(two)) == "");
}
