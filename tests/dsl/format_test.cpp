// `dondoc fmt`: exact layout on small inputs, time literals rendered in both keyword languages,
// and, over every rule file of the repository, the properties formatting must keep: it is
// idempotent, it never changes the parsed tree, it keeps every comment, and translating the
// keywords to the other language and back gives the same tree.

#include "dsl/format.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <memory>
#include <sstream>

#include "dsl/ast_dump.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"
#include "tests/test_util.hpp"

using namespace dondoc;
using namespace dondoc::dsl;
using dondoc::test::parse_ok;

namespace {

std::string fmt_text(const std::string& text, std::optional<Lang> lang = std::nullopt) {
  auto p = parse_ok(text);
  FormatOptions o;
  o.lang = lang;
  return format_file(p->ast, o);
}

/// A parse that may fail: the tree, or the rendered diagnostics.
struct Attempt {
  SourceSet sources;
  FileAst ast;
  std::string errors;
};

std::unique_ptr<Attempt> attempt(const std::string& path, const std::string& text) {
  auto a = std::make_unique<Attempt>();
  Diagnostics diags;
  a->ast = parse_text(a->sources, path, text, diags);
  if (diags.has_errors()) a->errors = render_all(diags, Lang::en);
  return a;
}

std::vector<std::string> comment_texts(const FileAst& ast) {
  std::vector<std::string> out;
  for (const auto& c : ast.comments) out.emplace_back(c.text);
  return out;
}

/// "" when equal, else the first line that differs (whole dumps are too long to read in a report).
std::string first_difference(const std::string& a, const std::string& b) {
  if (a == b) return {};
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  for (int n = 1;; ++n) {
    bool ga = static_cast<bool>(std::getline(sa, la)), gb = static_cast<bool>(std::getline(sb, lb));
    if (!ga && !gb) return "texts differ only in line ends";
    if (!ga || !gb || la != lb) return "line " + std::to_string(n) + ":\n- " + (ga ? la : "<end>") + "\n+ " + (gb ? lb : "<end>");
  }
}

std::string time_value(const std::string& literal) {
  Diagnostics diags;
  auto t = parse_time_literal(literal, diags);
  INFO(render_all(diags, Lang::en));
  REQUIRE(t);
  return dump_time(*t, DumpOptions{false});
}

}  // namespace

// ---------------------------------------------------------------- layout

TEST_CASE("fmt: lays out one clause a line, in the order written", "[dsl][fmt]") {
  std::string in =
      "nhiệm vụ   II.3 \"Trình\"{ chủ trì SXD; thời hạn Quý I/2023\n"
      "      phối hợp   G_SBN,G_UBNDH\n"
      "nguồn \"Phụ lục 2\" }\n"
      "cơ quan SXD \"Sở Xây dựng\" {}\n"
      "sự kiện E \"Sự kiện\"\n";
  CHECK(fmt_text(in) ==
        "nhiệm vụ II.3 \"Trình\" {\n"
        "  chủ trì SXD\n"
        "  thời hạn Quý I/2023\n"
        "  phối hợp G_SBN, G_UBNDH\n"
        "  nguồn \"Phụ lục 2\"\n"
        "}\n"
        "\n"
        "cơ quan SXD \"Sở Xây dựng\"\n"
        "sự kiện E \"Sự kiện\"\n");
}

TEST_CASE("fmt: an agency's e-mail addresses, each on its line, in either language", "[dsl][fmt]") {
  std::string in = "cơ quan SKHDT \"Sở Kế hoạch và Đầu tư\" { thư điện tử \"a@thanhhoa.gov.vn\"  email \"b@thanhhoa.gov.vn\" }\n";
  CHECK(fmt_text(in) ==
        "cơ quan SKHDT \"Sở Kế hoạch và Đầu tư\" {\n"
        "  thư điện tử \"a@thanhhoa.gov.vn\"\n"
        "  thư điện tử \"b@thanhhoa.gov.vn\"\n"
        "}\n");
  CHECK(fmt_text(in, Lang::en) ==
        "agency SKHDT \"Sở Kế hoạch và Đầu tư\" {\n"
        "  email \"a@thanhhoa.gov.vn\"\n"
        "  email \"b@thanhhoa.gov.vn\"\n"
        "}\n");
}

TEST_CASE("fmt: keeps a trailing comment", "[dsl][fmt]") {
  std::string in =
      "nhiệm vụ A \"a\" {   # the head\n"
      "  chủ trì SXD      # the lead\n"
      "  thời hạn Năm 2023 (sau khi được phê duyệt)# the due\n"
      "}  # the end\n"
      "cơ quan SXD \"Sở Xây dựng\"  # one line\n";
  CHECK(fmt_text(in) ==
        "nhiệm vụ A \"a\" {  # the head\n"
        "  chủ trì SXD  # the lead\n"
        "  thời hạn Năm 2023 (sau khi được phê duyệt)  # the due\n"
        "}  # the end\n"
        "\n"
        "cơ quan SXD \"Sở Xây dựng\"  # one line\n");
}

TEST_CASE("fmt: a comment at the end of a line goes with the last node on that line", "[dsl][fmt]") {
  std::string in =
      "nhiệm vụ Y \"y\" { chủ trì A }  # after the brace\n"
      "nhiệm vụ Z \"z\" { chủ trì A; phối hợp B  # after the support\n"
      "}\n"
      "cơ quan A \"a\" cơ quan B \"b\"  # after B\n";
  CHECK(fmt_text(in) ==
        "nhiệm vụ Y \"y\" {\n"
        "  chủ trì A\n"
        "}  # after the brace\n"
        "\n"
        "nhiệm vụ Z \"z\" {\n"
        "  chủ trì A\n"
        "  phối hợp B  # after the support\n"
        "}\n"
        "\n"
        "cơ quan A \"a\"\n"
        "cơ quan B \"b\"  # after B\n");
}

TEST_CASE("fmt: puts a comment before the node that follows it, at that node's indentation", "[dsl][fmt]") {
  std::string in =
      "# file head\n"
      "\n"
      "mục II \"Thể chế\" {\n"
      "# about the task\n"
      "        nhiệm vụ II.1 \"a\" {\n"
      "      # about the lead\n"
      "  chủ trì SXD\n"
      "  # after the last clause\n"
      "  }\n"
      "    # after the last item\n"
      "}\n"
      "# end of file\n";
  CHECK(fmt_text(in) ==
        "# file head\n"
        "\n"
        "mục II \"Thể chế\" {\n"
        "  # about the task\n"
        "  nhiệm vụ II.1 \"a\" {\n"
        "    # about the lead\n"
        "    chủ trì SXD\n"
        "    # after the last clause\n"
        "  }\n"
        "  # after the last item\n"
        "}\n"
        "# end of file\n");
}

TEST_CASE("fmt: a blank line around blocks, at most one where the author left some", "[dsl][fmt]") {
  std::string in =
      "cơ quan A \"a\"\n"
      "cơ quan B \"b\"\n"
      "\n\n\n"
      "cơ quan C \"c\"\n"
      "nhóm G \"g\" {\n"
      "\n"
      "  gồm A\n"
      "\n\n"
      "  ghi chú \"n\"\n"
      "\n"
      "}\n"
      "# about D\n"
      "cơ quan D \"d\"\n";
  CHECK(fmt_text(in) ==
        "cơ quan A \"a\"\n"
        "cơ quan B \"b\"\n"
        "\n"
        "cơ quan C \"c\"\n"
        "\n"
        "nhóm G \"g\" {\n"
        "  gồm A\n"
        "\n"
        "  ghi chú \"n\"\n"
        "}\n"
        "\n"
        "# about D\n"
        "cơ quan D \"d\"\n");
}

TEST_CASE("fmt: re-escapes strings", "[dsl][fmt]") {
  std::string in = "cơ quan A \"nói \\\"có\\\" \\\\ rồi\\tthôi\\n\"\n";
  CHECK(fmt_text(in) == in);
  auto p = parse_ok(fmt_text(in));
  CHECK(std::get<AgencyDecl>(p->ast.decls[0]).name.text == "nói \"có\" \\ rồi\tthôi\n");
}

TEST_CASE("fmt: joins a list written in a row, splits it where a comment sits, wraps a long one", "[dsl][fmt]") {
  std::string in =
      "nhiệm vụ A \"a\" {\n"
      "  chủ trì SXD\n"
      "  chủ trì SKHDT,\n"
      "     STC\n"
      "  phối hợp S1,  # the first\n"
      "           S2\n"
      "  phối hợp AAAAAAAAAA, BBBBBBBBBB, CCCCCCCCCC, DDDDDDDDDD, EEEEEEEEEE, FFFFFFFFFF, GGGGGGGGGG, HHHHHHHHHH\n"
      "}\n";
  CHECK(fmt_text(in) ==
        "nhiệm vụ A \"a\" {\n"
        "  chủ trì SXD, SKHDT, STC\n"
        "  phối hợp S1  # the first\n"
        "  phối hợp S2, AAAAAAAAAA, BBBBBBBBBB, CCCCCCCCCC, DDDDDDDDDD, EEEEEEEEEE, FFFFFFFFFF, GGGGGGGGGG,\n"
        "           HHHHHHHHHH\n"
        "}\n");
}

TEST_CASE("fmt: keeps each comment once, even where the parser backtracks over it", "[dsl][fmt]") {
  // An optional `;` or `theo "…"` after a clause makes the parser read the comments after it twice.
  std::string in =
      "nhiệm vụ A \"a\" {\n"
      "  thời hạn Năm 2023  # one\n"
      "  # two\n"
      "}\n"
      "cơ quan B \"b\"  # three\n"
      "# four\n";
  auto p = parse_ok(in);
  CHECK(comment_texts(p->ast) == std::vector<std::string>{"# one", "# two", "# three", "# four"});
  CHECK(format_file(p->ast) ==
        "nhiệm vụ A \"a\" {\n"
        "  thời hạn Năm 2023  # one\n"
        "  # two\n"
        "}\n"
        "\n"
        "cơ quan B \"b\"  # three\n"
        "# four\n");
}

TEST_CASE("fmt: a list of years over two lines with a comment is rendered on one line, the comment kept", "[dsl][fmt]") {
  std::string in =
      "nghĩa vụ D \"d\" {\n"
      "  vào các năm 2025,  # mid-term\n"
      "     2030 (trước ngày 15/12)\n"
      "  thực hiện các đơn vị chủ trì\n"
      "}\n";
  std::string out =
      "nghĩa vụ D \"d\" {\n"
      "  vào các năm 2025, 2030 (trước ngày 15/12)  # mid-term\n"
      "  thực hiện các đơn vị chủ trì\n"
      "}\n";
  CHECK(fmt_text(in) == out);
  CHECK(fmt_text(out) == out);
}

TEST_CASE("fmt: prints a tree built by hand, without places, in the clause order of the language", "[dsl][fmt]") {
  FileAst ast;
  TaskDecl t;
  t.id.text = "II.3";
  t.title.text = "Trình";
  t.source = Text{"Phụ lục 2", {}};
  t.leads = {Name{"SXD", {}}, Name{"SKHDT", {}}};
  TimeExpr due;
  due.form = TimeExpr::Form::before;
  due.point = TimePoint{TimePoint::Kind::month, 2023, 0, 6, 0};
  due.completion = true;
  t.due.push_back(DueClause{due, std::nullopt, {}, std::nullopt});
  ast.decls.emplace_back(t);
  CHECK(format_file(ast) ==
        "nhiệm vụ II.3 \"Trình\" {\n"
        "  chủ trì SXD, SKHDT\n"
        "  thời hạn Hoàn thành trước tháng 6 năm 2023\n"
        "  nguồn \"Phụ lục 2\"\n"
        "}\n");
  FormatOptions en;
  en.lang = Lang::en;
  CHECK(format_file(ast, en) ==
        "task II.3 \"Trình\" {\n"
        "  lead SXD, SKHDT\n"
        "  due complete before 2023-06\n"
        "  source \"Phụ lục 2\"\n"
        "}\n");
}

// ---------------------------------------------------------------- keyword languages

namespace {

const char* const every_construct_vi = R"RULES(# Kế hoạch mẫu
kế hoạch KH557 "Kế hoạch thực hiện Nghị quyết" {
  số "557/QĐ-UBND"
  cơ quan ban hành UBND_TINH
  ban hành 17/02/2023
  hiệu lực 17/02/2023
  đến năm 2030
  múi giờ "Asia/Ho_Chi_Minh"
  cách hiểu chặt
  sắp đến hạn 14 ngày
  theo dõi SKHDT
  căn cứ "Nghị quyết 58-NQ/TW"
  đôn đốc QT
  nguồn "Quyết định 557"
  ghi chú "mẫu"
}

cơ quan SXD "Sở Xây dựng"

cơ quan ngoài TTG "Thủ tướng Chính phủ" {
  tên khác "Thủ tướng"
  ghi chú "cơ quan Trung ương"
}

cơ quan SKHDT "Sở Kế hoạch và Đầu tư" {
  cấp trên UBND_TINH
}

nhóm G_SBN "Các sở, ban, ngành" {
  gồm SXD, SKHDT
  ghi chú "nhóm"
}

quy trình đôn đốc QT "Quy trình" {
  nhắc trước 14 ngày gửi chủ trì
  nhắc trước 3 ngày gửi chủ trì, phối hợp lặp lại 1 ngày
  nhắc đúng hạn gửi chủ trì
  cấp 1 "Văn bản đôn đốc" sau hạn 7 ngày gửi chủ trì, đơn vị theo dõi lặp lại 14 ngày
  cấp 2 sau hạn 30 ngày gửi SKHDT
  quá hạn kéo dài "Phê bình" 120 ngày gửi chủ trì lặp lại 90 ngày
  báo cáo chậm 7 ngày gửi chủ trì
  sự kiện chậm 30 ngày gửi đơn vị theo dõi
  gộp theo ngày
}

mục II "Thể chế" {
  nguồn "Phụ lục 2, mục II"
  đôn đốc QT

  sự kiện TTG_DUYET "Thủ tướng phê duyệt" {
    sau II.3
    dự kiến Năm 2023
    theo dõi SXD
    nguồn "Phụ lục 2"
    ghi chú "bên ngoài"
  }

  nhiệm vụ II.3 "Trình Thủ tướng" {
    nội dung "Đầu mối"
    chủ trì SXD
    phối hợp G_SBN
    sản phẩm "Tờ trình"
    thời hạn Quý I/2023 theo "Phụ lục 2"
    thời hạn Hoàn thành trước tháng 6 năm 2023 theo "Mục III.2.4"
    phụ thuộc II.1
    thời lượng 60 ngày
    đôn đốc không
    nguồn "Phụ lục 2, mục II.3"
    ghi chú "một"
  }

  nhiệm vụ II.4 "Triển khai" {
    chủ trì SXD
    bắt đầu sau tất cả TTG_DUYET, II.3
    thời hạn Trong 30 ngày làm việc
    dừng theo "QĐ 99/QĐ-UBND" lý do "đã sáp nhập"
  }
}

nghĩa vụ BC_NAM "Báo cáo hằng năm" {
  định kỳ hằng năm (trước ngày 30/11)
  Giai đoạn 2023 - 2030
  thực hiện các đơn vị chủ trì
  gửi UBND_TINH qua SKHDT
  sản phẩm "Báo cáo"
  đôn đốc QT
  nguồn "Mục IV.1"
  ghi chú "hằng năm"
}

chỉ tiêu PL1-I.1 "Tốc độ tăng trưởng GRDP" {
  đơn vị tính "%"
  mục tiêu ≥ 10,1 năm 2030
  cơ sở 9,5 năm 2020
  lộ trình 2025: 9,8, 2027: 10
  phụ trách SKHDT
  thuộc PL1-I
  nguồn "Phụ lục 1"
  ghi chú "bình quân"
}

dừng II.4 theo "QĐ 100/QĐ-UBND" lý do "trùng"

ngày nghỉ năm 2024 {
  nguồn "Thông báo"
  chính thức
  nghỉ 01/01/2024 "Tết Dương lịch"
  nghỉ 08/02/2024 - 14/02/2024 "Tết Nguyên đán"
  làm bù 04/05/2024 "Làm bù"
}

bao gồm "phu-luc.rules"
)RULES";

const char* const every_construct_en = R"RULES(# Kế hoạch mẫu
plan KH557 "Kế hoạch thực hiện Nghị quyết" {
  number "557/QĐ-UBND"
  issued by UBND_TINH
  issued 2023-02-17
  effective 2023-02-17
  horizon 2030
  timezone "Asia/Ho_Chi_Minh"
  reading strict
  due soon 14 days
  follow-up SKHDT
  basis "Nghị quyết 58-NQ/TW"
  escalation QT
  source "Quyết định 557"
  note "mẫu"
}

agency SXD "Sở Xây dựng"

external agency TTG "Thủ tướng Chính phủ" {
  alias "Thủ tướng"
  note "cơ quan Trung ương"
}

agency SKHDT "Sở Kế hoạch và Đầu tư" {
  reports to UBND_TINH
}

group G_SBN "Các sở, ban, ngành" {
  members SXD, SKHDT
  note "nhóm"
}

escalation policy QT "Quy trình" {
  remind 14 days before due to lead
  remind 3 days before due to lead, support repeat every 1 day
  remind on due to lead
  level 1 "Văn bản đôn đốc" after due 7 days to lead, follow-up repeat every 14 days
  level 2 after due 30 days to SKHDT
  long overdue "Phê bình" 120 days to lead repeat every 90 days
  report missed 7 days to lead
  event late 30 days to follow-up
  daily digest
}

section II "Thể chế" {
  source "Phụ lục 2, mục II"
  escalation QT

  event TTG_DUYET "Thủ tướng phê duyệt" {
    after II.3
    expected year 2023
    follow-up SXD
    source "Phụ lục 2"
    note "bên ngoài"
  }

  task II.3 "Trình Thủ tướng" {
    content "Đầu mối"
    lead SXD
    support G_SBN
    deliverable "Tờ trình"
    due 2023-Q1 per "Phụ lục 2"
    due complete before 2023-06 per "Mục III.2.4"
    depends on II.1
    duration 60 days
    escalation none
    source "Phụ lục 2, mục II.3"
    note "một"
  }

  task II.4 "Triển khai" {
    lead SXD
    starts after all of TTG_DUYET, II.3
    due within 30 working days
    waived by "QĐ 99/QĐ-UBND" reason "đã sáp nhập"
  }
}

duty BC_NAM "Báo cáo hằng năm" {
  every year before 30/11
  period 2023 to 2030
  by all leads
  to UBND_TINH via SKHDT
  deliverable "Báo cáo"
  escalation QT
  source "Mục IV.1"
  note "hằng năm"
}

indicator PL1-I.1 "Tốc độ tăng trưởng GRDP" {
  unit "%"
  target >= 10,1 in 2030
  baseline 9,5 in 2020
  trajectory 2025: 9,8, 2027: 10
  owner SKHDT
  part of PL1-I
  source "Phụ lục 1"
  note "bình quân"
}

waive II.4 by "QĐ 100/QĐ-UBND" reason "trùng"

holidays 2024 {
  source "Thông báo"
  official
  holiday 2024-01-01 "Tết Dương lịch"
  holiday 2024-02-08 - 2024-02-14 "Tết Nguyên đán"
  working day 2024-05-04 "Làm bù"
}

include "phu-luc.rules"
)RULES";

}  // namespace

TEST_CASE("fmt: every construct, canonical in Vietnamese and translated to English and back", "[dsl][fmt]") {
  CHECK(fmt_text(every_construct_vi) == every_construct_vi);
  CHECK(fmt_text(every_construct_vi, Lang::en) == every_construct_en);
  CHECK(fmt_text(every_construct_en) == every_construct_en);
  CHECK(fmt_text(every_construct_en, Lang::vi) == every_construct_vi);
  auto vi = parse_ok(every_construct_vi);
  auto en = parse_ok(every_construct_en);
  CHECK(vi->ast.lang == Lang::vi);
  CHECK(en->ast.lang == Lang::en);
  CHECK(first_difference(dump_ast(vi->ast, DumpOptions{false}), dump_ast(en->ast, DumpOptions{false})) == "");
}

TEST_CASE("fmt: the target forms of indicators and tasks, canonical in Vietnamese and English and back", "[dsl][fmt][target]") {
  const std::string vi =
      "nhiệm vụ VD.1 \"Xây dựng khu công nghệ cao\" {\n"
      "  chủ trì BQL\n"
      "  mục tiêu ≥ 1 năm 2025, ≥ 2 năm 2030\n"
      "  đơn vị tính \"khu\"\n"
      "}\n"
      "\n"
      "chỉ tiêu A \"a\" {\n"
      "  mục tiêu khoảng 54,5 năm 2030 sai số 0,5\n"
      "  lộ trình 2025: 7,5 - 8, 2027: 9\n"
      "}\n"
      "\n"
      "chỉ tiêu B \"b\" {\n"
      "  mục tiêu tăng thêm 5 so với năm 2020 năm 2030\n"
      "}\n"
      "\n"
      "chỉ tiêu C \"c\" {\n"
      "  mục tiêu giảm 3 so với năm 2020 năm 2025\n"
      "}\n"
      "\n"
      "chỉ tiêu D \"d\" {\n"
      "  mục tiêu gấp 2 lần so với năm 2020 năm 2030\n"
      "}\n"
      "\n"
      "chỉ tiêu E \"e\" {\n"
      "  mục tiêu bình quân ≥ 10,1 giai đoạn 2021 - 2030\n"
      "}\n"
      "\n"
      "chỉ tiêu F \"f\" {\n"
      "  mục tiêu tổng ≥ 1.650.000 giai đoạn 2021 - 2030\n"
      "}\n"
      "\n"
      "chỉ tiêu G \"g\" {\n"
      "  mục tiêu giảm bình quân 1 - 1,5 giai đoạn 2021 - 2025\n"
      "}\n";
  const std::string en =
      "task VD.1 \"Xây dựng khu công nghệ cao\" {\n"
      "  lead BQL\n"
      "  target >= 1 in 2025, >= 2 in 2030\n"
      "  unit \"khu\"\n"
      "}\n"
      "\n"
      "indicator A \"a\" {\n"
      "  target about 54,5 in 2030 within 0,5\n"
      "  trajectory 2025: 7,5 - 8, 2027: 9\n"
      "}\n"
      "\n"
      "indicator B \"b\" {\n"
      "  target up 5 from 2020 in 2030\n"
      "}\n"
      "\n"
      "indicator C \"c\" {\n"
      "  target down 3 from 2020 in 2025\n"
      "}\n"
      "\n"
      "indicator D \"d\" {\n"
      "  target 2 times 2020 in 2030\n"
      "}\n"
      "\n"
      "indicator E \"e\" {\n"
      "  target average >= 10,1 over 2021 - 2030\n"
      "}\n"
      "\n"
      "indicator F \"f\" {\n"
      "  target total >= 1.650.000 over 2021 - 2030\n"
      "}\n"
      "\n"
      "indicator G \"g\" {\n"
      "  target average decrease 1 - 1,5 over 2021 - 2025\n"
      "}\n";
  CHECK(fmt_text(vi) == vi);
  CHECK(fmt_text(vi, Lang::en) == en);
  CHECK(fmt_text(en) == en);
  CHECK(fmt_text(en, Lang::vi) == vi);
  CHECK(first_difference(dump_ast(parse_ok(vi)->ast, DumpOptions{false}), dump_ast(parse_ok(en)->ast, DumpOptions{false})) == "");
}

TEST_CASE("fmt: keeps the words of a time literal in the file's language, renders them when translating", "[dsl][fmt]") {
  std::string in = "nhiệm vụ A \"a\" {\n  thời hạn vào năm 2025 (sau khi được phê duyệt)\n}\n";
  CHECK(fmt_text(in) == in);
  CHECK(fmt_text(in, Lang::en) == "task A \"a\" {\n  due within 2025 (sau khi được phê duyệt)\n}\n");
  CHECK(fmt_text(in, Lang::vi) == in);
}

TEST_CASE("fmt: a time literal rendered from its value reads back as the same value", "[dsl][fmt]") {
  // literal as written → Vietnamese form → English form
  const std::vector<std::array<std::string, 3>> cases = {
      {"Quý I/2023", "Quý I/2023", "2023-Q1"},
      {"Quý IV năm 2024", "Quý IV/2024", "2024-Q4"},
      {"trong quý I năm 2023", "Trong Quý I/2023", "within 2023-Q1"},
      {"hoàn thành trong Quý II năm 2023", "Hoàn thành trong Quý II/2023", "complete within 2023-Q2"},
      {"Năm 2023", "Năm 2023", "year 2023"},
      {"2024", "Năm 2024", "year 2024"},
      {"trong năm 2023", "Trong năm 2023", "within 2023"},
      {"Hoàn thành trước tháng 6 năm 2023", "Hoàn thành trước tháng 6 năm 2023", "complete before 2023-06"},
      {"trước ngày 30/11", "Trước ngày 30/11", "before 30/11"},
      {"trước ngày 15/6/2024", "Trước ngày 15/06/2024", "before 2024-06-15"},
      {"trước năm 2025", "Trước năm 2025", "before 2025"},
      {"vào năm 2025", "Trong năm 2025", "within 2025"},
      {"phấn đấu đến năm 2025", "Phấn đấu đến năm 2025", "aim by 2025"},
      {"complete aim by 2030", "Hoàn thành phấn đấu đến năm 2030", "complete aim by 2030"},
      {"Đến năm 2030", "Đến năm 2030", "by 2030"},
      {"Giai đoạn 2023 - 2030", "Giai đoạn 2023 - 2030", "period 2023 to 2030"},
      {"2023-2025", "Giai đoạn 2023 - 2025", "period 2023 to 2025"},
      {"from 2023-03 to 2023-12", "Từ tháng 3 năm 2023 đến tháng 12 năm 2023", "period 2023-03 to 2023-12"},
      {"Giai đoạn Quý I/2023 - 2024", "Từ Quý I/2023 đến năm 2024", "period 2023-Q1 to 2024"},
      {"từ ngày 01/01/2023 đến ngày 30/06/2023", "Từ ngày 01/01/2023 đến ngày 30/06/2023", "period 2023-01-01 to 2023-06-30"},
      {"Trong thời gian thực hiện Nghị quyết", "Trong thời gian thực hiện Kế hoạch", "during the plan"},
      {"ongoing", "Trong thời gian thực hiện Kế hoạch", "during the plan"},
      {"không thời hạn", "Không thời hạn", "open-ended"},
      {"trong 30 ngày", "Trong 30 ngày", "within 30 days"},
      {"20 ngày làm việc sau khi bắt đầu", "Trong 20 ngày làm việc", "within 20 working days"},
      {"within 1 month", "Trong 1 tháng", "within 1 month"},
      {"within 1 working day", "Trong 1 ngày làm việc", "within 1 working day"},
      {"ngay", "Ngay", "immediately"},
      {"Năm 2023 (sau khi được Thủ tướng Chính phủ phê duyệt)", "Năm 2023 (sau khi được Thủ tướng Chính phủ phê duyệt)",
       "year 2023 (sau khi được Thủ tướng Chính phủ phê duyệt)"},
      {"30/11/2023", "Ngày 30/11/2023", "2023-11-30"},
      {"ngày 17 tháng 02 năm 2023", "Ngày 17/02/2023", "2023-02-17"},
      {"month 6/2024", "Tháng 6 năm 2024", "2024-06"},
      {"06/2024", "Tháng 6 năm 2024", "2024-06"},
      {"Q2 2024", "Quý II/2024", "2024-Q2"},
      {"by 2024-11-30", "Đến ngày 30/11/2024", "by 2024-11-30"},
      // time phrases of other decisions (docs/language.md §5.2)
      {"Phấn đấu hoàn thành trước năm 2027", "Hoàn thành phấn đấu trước năm 2027", "complete aim before 2027"},
      {"6 tháng đầu năm 2024", "6 tháng đầu năm 2024", "2024-H1"},
      {"sáu tháng cuối năm 2024", "6 tháng cuối năm 2024", "2024-H2"},
      {"giữa năm 2025", "6 tháng đầu năm 2025", "2025-H1"},
      {"H2/2024", "6 tháng cuối năm 2024", "2024-H2"},
      {"cuối năm 2023", "Năm 2023", "year 2023"},
      {"Tháng 01 - 02/2026", "Từ tháng 1 năm 2026 đến tháng 2 năm 2026", "period 2026-01 to 2026-02"},
      {"từ quý II/2026", "Từ Quý II/2026", "from 2026-Q2"},
      {"from 2026", "Từ năm 2026", "from 2026"},
      {"Liên tục", "Trong thời gian thực hiện Kế hoạch", "during the plan"},
      {"Thực hiện thường xuyên hằng năm", "Trong thời gian thực hiện Kế hoạch", "during the plan"},
      {"Phiên họp tháng 9/2026", "Phiên họp tháng 9 năm 2026", "meeting 2026-09"},
      {"kỳ họp cuối năm 2026", "Phiên họp năm 2026", "meeting year 2026"},
      {"khẩn trương", "Khẩn trương", "urgent"},
  };
  for (const auto& [written, vi, en] : cases) {
    INFO(written);
    Diagnostics diags;
    auto t = parse_time_literal(written, diags);
    REQUIRE(t);
    CHECK(format_time(*t, Lang::vi) == written);  // the words as written by default
    CHECK(format_time(*t, Lang::vi, false) == vi);
    CHECK(format_time(*t, Lang::en, false) == en);
    std::string value = dump_time(*t, DumpOptions{false});
    CHECK(time_value(vi) == value);
    CHECK(time_value(en) == value);
  }
}

TEST_CASE("fmt: a recurrence rendered from its value reads back as the same value", "[dsl][fmt]") {
  const std::vector<std::array<std::string, 3>> cases = {
      {"định kỳ hằng năm (trước ngày 30/11)", "định kỳ hằng năm (trước ngày 30/11)", "every year before 30/11"},
      {"hàng quý", "định kỳ hằng quý", "every quarter"},
      {"every quarter before day 20", "định kỳ hằng quý (trước ngày 20)", "every quarter before day 20"},
      {"định kỳ 6 tháng (vào ngày 5)", "định kỳ 6 tháng (vào ngày 5)", "every six months on day 5"},
      {"every month on day 5", "định kỳ hằng tháng (vào ngày 5)", "every month on day 5"},
      {"in years 2025, 2030 before 15/12", "vào các năm 2025, 2030 (trước ngày 15/12)", "in years 2025, 2030 before 15/12"},
  };
  for (const auto& [written, vi, en] : cases) {
    INFO(written);
    Diagnostics diags;
    auto r = parse_recurrence_literal(written, diags);
    REQUIRE(r);
    CHECK(format_recurrence(*r, Lang::en) == written);
    CHECK(format_recurrence(*r, Lang::vi, false) == vi);
    CHECK(format_recurrence(*r, Lang::en, false) == en);
    for (const auto& rendered : {vi, en}) {
      Diagnostics d2;
      auto back = parse_recurrence_literal(rendered, d2);
      INFO(rendered << "\n" << render_all(d2, Lang::en));
      REQUIRE(back);
      CHECK(dump_recurrence(*back, DumpOptions{false}) == dump_recurrence(*r, DumpOptions{false}));
    }
  }
}

// ---------------------------------------------------------------- every rule file of the repository

TEST_CASE("fmt: every rule file under rules/ formats idempotently, keeps its tree and comments, and translates both ways", "[dsl][fmt]") {
  namespace fs = std::filesystem;
  fs::path root = fs::path(DONDOC_SOURCE_DIR) / "rules";
  std::vector<fs::path> files;
  if (fs::is_directory(root)) {
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      if (e.is_regular_file() && e.path().extension() == ".rules") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  INFO("rule files found under " << root.string());
  REQUIRE(files.size() >= 1);

  for (const auto& path : files) {
    std::string name = fs::relative(path, DONDOC_SOURCE_DIR).string();
    INFO("file: " << name);
    auto orig = attempt(name, test::read_file(path.string()));
    if (!orig->errors.empty()) {
      FAIL_CHECK("the file does not parse, so it cannot be formatted:\n" << orig->errors);
      continue;
    }
    const FileAst& ast = orig->ast;
    std::string tree = dump_ast(ast);
    std::string value_tree = dump_ast(ast, DumpOptions{false});
    auto comments = comment_texts(ast);

    // Same language: the tree and the comments are kept, and formatting again changes nothing.
    std::string once = format_file(ast);
    auto formatted = attempt(name + " (formatted)", once);
    if (!formatted->errors.empty()) {
      FAIL_CHECK("the formatted text does not parse:\n" << formatted->errors << "\n" << once);
      continue;
    }
    CHECK(first_difference(tree, dump_ast(formatted->ast)) == "");
    CHECK(comment_texts(formatted->ast) == comments);
    CHECK(first_difference(once, format_file(formatted->ast)) == "");

    // The other keyword language and back: the same tree up to the words of time literals.
    Lang other = ast.lang == Lang::vi ? Lang::en : Lang::vi;
    FormatOptions to_other;
    to_other.lang = other;
    std::string translated = format_file(ast, to_other);
    auto there = attempt(name + " (translated)", translated);
    if (!there->errors.empty()) {
      FAIL_CHECK("the translated text does not parse:\n" << there->errors << "\n" << translated);
      continue;
    }
    CHECK(there->ast.lang == other);
    CHECK(first_difference(value_tree, dump_ast(there->ast, DumpOptions{false})) == "");
    CHECK(comment_texts(there->ast) == comments);
    CHECK(first_difference(translated, format_file(there->ast)) == "");

    FormatOptions back_opts;
    back_opts.lang = ast.lang;
    std::string back_text = format_file(there->ast, back_opts);
    auto back = attempt(name + " (translated back)", back_text);
    if (!back->errors.empty()) {
      FAIL_CHECK("the text translated back does not parse:\n" << back->errors << "\n" << back_text);
      continue;
    }
    CHECK(first_difference(value_tree, dump_ast(back->ast, DumpOptions{false})) == "");
    CHECK(comment_texts(back->ast) == comments);
  }
}
