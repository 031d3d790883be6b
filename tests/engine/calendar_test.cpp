#include "engine/plan.hpp"

#include <catch2/catch.hpp>

#include "dsl/parser.hpp"

using namespace dondoc;

TEST_CASE("calendar: a deadline on a weekend or holiday moves to the next working day", "[engine][calendar]") {
  dsl::SourceSet sources;
  dsl::Diagnostics diags;
  auto ast = dsl::parse_text(sources, "h.rules",
                             "ngày nghỉ năm 2024 {\n"
                             "  nghỉ 01/01/2024 \"Tết Dương lịch\"\n"
                             "  nghỉ 08/02/2024 - 14/02/2024 \"Tết Nguyên đán\"\n"
                             "  làm bù 17/02/2024 \"làm bù\"\n"
                             "}\n",
                             diags);
  REQUIRE(diags.items().empty());
  REQUIRE(ast.decls.size() == 1);
  auto cal = engine::WorkingCalendar::from({&std::get<dsl::HolidaysDecl>(ast.decls[0])});
  CHECK(cal.shift_to_working_day(dsl::Date{2023, 12, 31}) == dsl::Date{2024, 1, 2});  // Sunday, then New Year
  CHECK(cal.shift_to_working_day(dsl::Date{2024, 2, 8}) == dsl::Date{2024, 2, 15});   // Tết
  CHECK(cal.is_working_day(dsl::Date{2024, 2, 17}));                                  // a Saturday made a working day
  CHECK(cal.shift_to_working_day(dsl::Date{2024, 3, 4}) == dsl::Date{2024, 3, 4});    // a Monday stays
}
