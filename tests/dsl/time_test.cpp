// Time literals: the calendar arithmetic, and every time expression of the decision, driven by
// the catalogue in tests/data/time_expressions.txt.

#include "dsl/time.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"

using namespace dondoc::dsl;

namespace {
TimeExpr lit(const std::string& text) {
  Diagnostics diags;
  auto t = parse_time_literal(text, diags);
  INFO(text << "\n" << render_all(diags, Lang::en));
  REQUIRE(t.has_value());
  return *t;
}
std::string due(const std::string& text, Reading r = Reading::strict) {
  auto d = lit(text).due(r);
  return d ? d->iso() : "none";
}
}  // namespace

TEST_CASE("time: serial days round-trip and weekdays", "[dsl][time]") {
  Date d{2023, 12, 31};
  CHECK(Date::from_serial(d.serial()) == d);
  CHECK(d.weekday() == 6);                  // Sunday
  CHECK(Date{2023, 2, 17}.weekday() == 4);  // Friday, the day the decision was signed
  CHECK(Date{2024, 2, 29}.valid());
  CHECK_FALSE(Date{2023, 2, 29}.valid());
  CHECK(Date{2023, 1, 31}.add_months(1) == Date{2023, 2, 28});
}

TEST_CASE("time: command-line dates accept ISO and dd/mm/yyyy", "[dsl][time]") {
  CHECK(parse_cli_date("2023-04-15") == Date{2023, 4, 15});
  CHECK(parse_cli_date("15/04/2023") == Date{2023, 4, 15});
  CHECK(parse_cli_date("5/4/2023") == Date{2023, 4, 5});
  CHECK_FALSE(parse_cli_date("31/02/2023").has_value());
  CHECK_FALSE(parse_cli_date("2023-4-15x").has_value());
}

TEST_CASE("time: each form gives its due date", "[dsl][time]") {
  CHECK(due("Quý I/2023") == "2023-03-31");
  CHECK(due("Quý 1/2023") == "2023-03-31");
  CHECK(due("Q4/2024") == "2024-12-31");
  CHECK(due("2024-Q2") == "2024-06-30");
  CHECK(due("Quý IV năm 2024") == "2024-12-31");
  CHECK(due("Năm 2023") == "2023-12-31");
  CHECK(due("2024") == "2024-12-31");
  CHECK(due("tháng 6 năm 2023") == "2023-06-30");
  CHECK(due("tháng 2/2024") == "2024-02-29");
  CHECK(due("06/2023") == "2023-06-30");
  CHECK(due("2023-06") == "2023-06-30");
  CHECK(due("30/11/2023") == "2023-11-30");
  CHECK(due("ngày 17 tháng 02 năm 2023") == "2023-02-17");
  CHECK(due("2023-11-30") == "2023-11-30");
  CHECK(due("Hoàn thành trước tháng 6 năm 2023") == "2023-05-31");
  CHECK(due("Hoàn thành trước tháng 6 năm 2023", Reading::lenient) == "2023-06-30");
  CHECK(due("trước ngày 15/6/2024") == "2024-06-14");
  CHECK(due("trước ngày 15/6/2024", Reading::lenient) == "2024-06-15");
  CHECK(due("before 2025") == "2024-12-31");
  CHECK(due("Giai đoạn 2023 - 2030") == "2030-12-31");
  CHECK(due("2022-2030") == "2030-12-31");
  CHECK(due("2023–2025") == "2025-12-31");
  CHECK(due("từ năm 2023 đến năm 2030") == "2030-12-31");
  CHECK(due("period 2023 to 2025") == "2025-12-31");
  CHECK(due("Trong thời gian thực hiện Nghị quyết") == "none");
  CHECK(due("không thời hạn") == "none");
  CHECK(due("trong 30 ngày") == "none");
}

TEST_CASE("time: relative deadlines keep amount and unit", "[dsl][time]") {
  auto t = lit("trong 30 ngày");
  CHECK(t.form == TimeExpr::Form::relative);
  CHECK(t.amount == 30);
  CHECK(t.unit == TimeExpr::Unit::days);
  t = lit("20 ngày làm việc sau khi bắt đầu");
  CHECK(t.amount == 20);
  CHECK(t.unit == TimeExpr::Unit::working_days);
  t = lit("within 3 months");
  CHECK(t.unit == TimeExpr::Unit::months);
  CHECK(lit("ngay").amount == 0);
}

TEST_CASE("time: the remark in parentheses is kept as written", "[dsl][time]") {
  auto t = lit("Năm 2023 (sau khi được Thủ tướng Chính phủ phê duyệt)");
  CHECK(t.form == TimeExpr::Form::at);
  CHECK(t.note == "sau khi được Thủ tướng Chính phủ phê duyệt");
  CHECK(t.text == "Năm 2023 (sau khi được Thủ tướng Chính phủ phê duyệt)");
}

TEST_CASE("time: recurrences expand into dated occurrences", "[dsl][time]") {
  Diagnostics diags;
  auto r = parse_recurrence_literal("định kỳ hằng năm (trước ngày 30/11)", diags);
  REQUIRE(r);
  auto occ = r->occurrences(Date{2023, 2, 17}, Date{2030, 12, 31}, Reading::strict);
  REQUIRE(occ.size() == 8);
  CHECK(occ.front() == Date{2023, 11, 29});
  CHECK(occ.back() == Date{2030, 11, 29});
  CHECK(r->occurrences(Date{2023, 1, 1}, Date{2023, 12, 31}, Reading::lenient).front() == Date{2023, 11, 30});

  auto q = parse_recurrence_literal("hàng quý trước ngày 20", diags);
  REQUIRE(q);
  auto qo = q->occurrences(Date{2024, 1, 1}, Date{2024, 12, 31}, Reading::lenient);
  REQUIRE(qo.size() == 4);
  CHECK(qo[1] == Date{2024, 6, 20});

  auto f = parse_recurrence_literal("vào các năm 2025, 2030 (trước ngày 15/12)", diags);
  REQUIRE(f);
  auto fo = f->occurrences(Date{2023, 1, 1}, Date{2030, 12, 31}, Reading::strict);
  REQUIRE(fo.size() == 2);
  CHECK(fo[0] == Date{2025, 12, 14});
  CHECK(diags.items().empty());
}

TEST_CASE("time: a bad literal is a located error", "[dsl][time]") {
  Diagnostics diags;
  CHECK_FALSE(parse_time_literal("Quý V/2023", diags, "due").has_value());
  REQUIRE(diags.items().size() == 1);
  CHECK(render(diags.items()[0], Lang::en) ==
        "due:1:5: error: a quarter must be I, II, III or IV (or 1-4)\n"
        "  Quý V/2023\n"
        "      ^\n");
}

// ---------------------------------------------------------------- the catalogue
namespace {
struct Row {
  std::string kind, verbatim, meaning;
  int line;
};

std::vector<Row> read_catalogue() {
  std::ifstream f(std::string(DONDOC_SOURCE_DIR) + "/tests/data/time_expressions.txt");
  REQUIRE(f.good());
  std::vector<Row> rows;
  std::string line;
  int n = 0;
  while (std::getline(f, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, '\t')) cols.push_back(c);
    if (cols.size() < 3) continue;
    rows.push_back({cols[0], cols[1], cols[2], n});
  }
  return rows;
}

// Kinds that carry a deadline, period, recurrence or date meaning: each of their rows is parsed.
const std::set<std::string> kTimeKinds = {
    "quarter",           "year",      "before_date",           "target_year",   "period",
    "during_resolution", "recurring", "anchor_effective_date", "document_date", "conditional_trigger"};

// Rows of those kinds that are not time literals of the language, and why.
const std::map<std::string, std::string> kNotLiterals = {
    {"giai đoạn đến năm 2020 và giai đoạn 2021 - 2030",
     "two scope periods of a referenced programme joined by 'và'; content, not a deadline"},
    {"bình quân hằng năm", "indicator semantics (annual average), written as an indicator, not a recurrence"},
    {"giảm bình quân hằng năm", "indicator semantics (average yearly reduction)"},
    {"kể từ ngày ký", "the plan's effective date, written `hiệu lực 17/02/2023` in the plan header"},
    // Triggers are written as `bắt đầu sau EVENT` with the event declared as `sự kiện`; the
    // parenthesised one is kept verbatim as the remark of the due literal (tested below).
    {"sau khi được Thủ tướng Chính phủ phê duyệt", "a trigger: `sự kiện` + `bắt đầu sau`"},
    {"ngay sau khi được Thủ tướng Chính phủ phê duyệt", "a trigger with zero latency: `bắt đầu sau` + `thời hạn ngay`"},
    {"Sau khi có hướng dẫn, quy định của Trung ương", "a trigger: `sự kiện` + `bắt đầu sau`"},
    {"trên cơ sở quy định, hướng dẫn của Trung ương", "a trigger: `sự kiện` + `bắt đầu sau`"},
    {"(nếu có)", "an optional sub-step in content, not a time"},
    {"nếu có vấn đề vướng mắc, phát sinh vượt thẩm quyền", "ad-hoc escalation, expressed by the escalation policy"},
    {"báo cáo UBND tỉnh trình Thủ tướng Chính phủ phê duyệt", "a chain of events: `sự kiện … { sau … }`"},
};

// Rows whose catalogue meaning has no ISO date: our normalised meaning, written out.
const std::map<std::string, std::string> kPlainMeaning = {
    {"trước ngày 30/11", "before --11-30"},
    {"năm 2030", "2030"},
    {"đến năm 2020", "by 2020"},
    {"đến năm 2040", "by 2040"},
    {"Trong quá trình thực hiện Nghị quyết", "during the plan"},
    {"Trong thời gian thực hiện Nghị quyết", "during the plan"},
    {"Trong thời gian thực hiện Nghị Quyết", "during the plan"},
    {"Trong quá trình tổ chức thực hiện", "during the plan"},
    {"trong quá tình tổ chức thực hiện", "during the plan"},
    {"định kỳ hằng năm (trước ngày 30/11)", "yearly before 30/11"},
    {"định kỳ hằng năm", "yearly"},
    {"hằng năm", "yearly"},
    {"(sau khi được Thủ tướng Chính phủ phê duyệt)", "note: sau khi được Thủ tướng Chính phủ phê duyệt"},
};
}  // namespace

TEST_CASE("time: every time expression of the decision parses to its meaning", "[dsl][time][catalogue]") {
  auto rows = read_catalogue();
  REQUIRE(rows.size() >= 80);
  std::size_t checked = 0, skipped = 0, time_rows = 0;
  std::set<std::string> used_exceptions, used_plain;
  for (const auto& row : rows) {
    if (!kTimeKinds.count(row.kind)) continue;
    ++time_rows;
    INFO("catalogue line " << row.line << ": [" << row.kind << "] " << row.verbatim << " — " << row.meaning);
    if (kNotLiterals.count(row.verbatim)) {
      used_exceptions.insert(row.verbatim);
      ++skipped;
      continue;
    }
    Diagnostics diags;
    if (row.kind == "recurring") {
      auto r = parse_recurrence_literal(row.verbatim, diags);
      INFO(render_all(diags, Lang::en));
      REQUIRE(r.has_value());
      REQUIRE(kPlainMeaning.count(row.verbatim));
      used_plain.insert(row.verbatim);
      CHECK(r->plain() == kPlainMeaning.at(row.verbatim));
      ++checked;
      continue;
    }
    if (row.kind == "conditional_trigger") {
      // The parenthesised trigger as the decision writes it under a due time.
      auto t = parse_time_literal("Năm 2023 " + row.verbatim, diags);
      INFO(render_all(diags, Lang::en));
      REQUIRE(t.has_value());
      used_plain.insert(row.verbatim);
      CHECK("note: " + t->note == kPlainMeaning.at(row.verbatim));
      CHECK(t->due(Reading::strict) == Date{2023, 12, 31});
      ++checked;
      continue;
    }
    auto t = parse_time_literal(row.verbatim, diags);
    INFO(render_all(diags, Lang::en));
    REQUIRE(t.has_value());
    std::smatch m;
    static const std::regex due_re(R"((?:due|by) (\d{4}-\d{2}-\d{2}))");
    static const std::regex window_re(R"((\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2}))");
    static const std::regex years_re(R"(period (\d{4})\.\.(\d{4}))");
    static const std::regex date_re(R"(^(\d{4}-\d{2}-\d{2}))");
    if (std::regex_search(row.meaning, m, window_re) && t->form == TimeExpr::Form::period) {
      CHECK(t->window_start()->iso() == m[1].str());
      CHECK(t->due(Reading::strict)->iso() == m[2].str());
    } else if (std::regex_search(row.meaning, m, due_re)) {
      REQUIRE(t->due(Reading::strict).has_value());
      CHECK(t->due(Reading::strict)->iso() == m[1].str());
    } else if (std::regex_search(row.meaning, m, years_re)) {
      CHECK(t->form == TimeExpr::Form::period);
      CHECK(t->point.y == std::stoi(m[1].str()));
      CHECK(t->to.y == std::stoi(m[2].str()));
    } else if (row.kind == "period") {
      // "scope period …" rows name no dates: the window is the two years as written.
      static const std::regex year_re(R"(\d{4})");
      std::vector<int> years;
      for (auto it = std::sregex_iterator(row.verbatim.begin(), row.verbatim.end(), year_re); it != std::sregex_iterator(); ++it) {
        years.push_back(std::stoi(it->str()));
      }
      REQUIRE(years.size() == 2);
      CHECK(t->form == TimeExpr::Form::period);
      CHECK(t->window_start() == Date{years[0], 1, 1});
      CHECK(t->due(Reading::strict) == Date{years[1], 12, 31});
    } else if (std::regex_search(row.meaning, m, date_re)) {
      CHECK(t->due(Reading::strict)->iso() == m[1].str());
    } else {
      REQUIRE(kPlainMeaning.count(row.verbatim));
      used_plain.insert(row.verbatim);
      CHECK(t->plain() == kPlainMeaning.at(row.verbatim));
    }
    ++checked;
  }
  // Every exception and every written-out meaning is used: the lists cannot go stale silently.
  CHECK(used_exceptions.size() == kNotLiterals.size());
  CHECK(used_plain.size() == kPlainMeaning.size());
  CHECK(checked + skipped == time_rows);
  CHECK(checked >= 45);
  CHECK(skipped == kNotLiterals.size());
}
