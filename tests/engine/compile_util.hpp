#pragma once
// Test helper for the stages after resolve: a plan from rule text, through resolve (which must be
// clean) and, on request, dates, occurrences and schedule.

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"
#include "engine/dates.hpp"
#include "engine/occurrences.hpp"
#include "engine/resolve.hpp"
#include "engine/schedule.hpp"

namespace dondoc::test {

struct Compiled {
  dsl::SourceSet sources;
  dsl::Diagnostics diags;
  engine::Plan plan;
  engine::Dates dates;
  engine::Occurrences occurrences;
  engine::Schedule schedule;

  engine::TaskId task(std::string_view id) const {
    auto sym = plan.find(id);
    REQUIRE(sym.kind == engine::Kind::task);
    return sym.index;
  }
  engine::NodeId event(std::string_view id) const {
    auto sym = plan.find(id);
    REQUIRE(sym.kind == engine::Kind::event);
    return plan.event_node(sym.index);
  }
  std::string rendered(dsl::Lang lang = dsl::Lang::en) const { return dsl::render_all(diags, lang); }
};

/// Parses `files` and resolves them (both without any diagnostic), then runs dates, occurrences
/// and schedule. `shared` is a holiday calendar added as the shared one (cli: --calendar).
inline std::unique_ptr<Compiled> compile_files(const std::vector<std::pair<std::string, std::string>>& files,
                                               const std::string& shared = "") {
  auto c = std::make_unique<Compiled>();
  dsl::PlanSources src;
  for (const auto& [path, text] : files) src.files.push_back(dsl::parse_text(c->sources, path, text, c->diags));
  INFO(dsl::render_all(c->diags, dsl::Lang::en));
  REQUIRE(c->diags.items().empty());
  c->plan = engine::resolve(src, c->diags);
  if (!shared.empty()) {
    dsl::PlanSources cal;
    cal.files.push_back(dsl::parse_text(c->sources, "calendar/shared.rules", shared, c->diags));
    c->plan.calendar.add_missing_years(engine::resolve(cal, c->diags).calendar);
  }
  INFO(dsl::render_all(c->diags, dsl::Lang::en));
  REQUIRE(c->diags.items().empty());
  c->dates = engine::compute_dates(c->plan, c->diags);
  c->occurrences = engine::expand_occurrences(c->plan, c->dates);
  c->schedule = engine::compute_schedule(c->plan, c->dates);
  return c;
}
inline std::unique_ptr<Compiled> compile_text(const std::string& text, const std::string& shared = "") {
  return compile_files({{"test.rules", text}}, shared);
}

inline engine::Day day(int y, int m, int d) {
  return engine::day_of(dsl::Date{y, m, d});
}
/// A day as ISO text, for readable failures; "-" for kNoDay, "never" for kNever.
inline std::string iso(engine::Day d) {
  if (d == engine::kNoDay) return "-";
  if (d == engine::kNever) return "never";
  return engine::date_of(d).iso();
}

/// Holidays of 2023 and 2024 as in rules/calendar (the days that matter for the tests).
inline const std::string kHolidays2023_2024 =
    "ngày nghỉ năm 2023 {\n"
    "  nghỉ 01/01/2023 \"Tết Dương lịch (Chủ nhật)\"\n"
    "  nghỉ 02/01/2023 \"Nghỉ bù Tết Dương lịch\"\n"
    "  nghỉ 20/01/2023 - 26/01/2023 \"Tết Nguyên đán Quý Mão\"\n"
    "  nghỉ 29/04/2023 \"Giỗ Tổ Hùng Vương\"\n"
    "  nghỉ 30/04/2023 - 01/05/2023 \"Ngày Chiến thắng và Ngày Quốc tế Lao động\"\n"
    "  nghỉ 02/05/2023 - 03/05/2023 \"Nghỉ bù\"\n"
    "  nghỉ 01/09/2023 - 02/09/2023 \"Quốc khánh\"\n"
    "  nghỉ 04/09/2023 \"Nghỉ bù Quốc khánh\"\n"
    "}\n"
    "ngày nghỉ năm 2024 {\n"
    "  nghỉ 01/01/2024 \"Tết Dương lịch\"\n"
    "  nghỉ 08/02/2024 - 14/02/2024 \"Tết Nguyên đán Giáp Thìn\"\n"
    "  nghỉ 18/04/2024 \"Giỗ Tổ Hùng Vương\"\n"
    "  nghỉ 27/04/2024 - 01/05/2024 \"Ngày Chiến thắng và Quốc tế Lao động\"\n"
    "  làm bù 04/05/2024 \"Làm bù cho thứ Hai 29/04/2024\"\n"
    "  nghỉ 31/08/2024 - 03/09/2024 \"Quốc khánh\"\n"
    "}\n";

}  // namespace dondoc::test
