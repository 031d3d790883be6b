#include "cli/options.hpp"

#include <CLI/CLI.hpp>

#include "dsl/text.hpp"

namespace dondoc::cli {

void add_fact_options(CLI::App& command, FactInputs& facts) {
  auto* journal = command.add_option("--journal", facts.journals, "tệp nhật ký (nhiều tệp được) / journal file (several allowed)");
  command.add_option("--db", facts.db, "đọc sự việc đã ghi trong cơ sở dữ liệu / read the facts recorded in a store")->excludes(journal);
  command.add_option("--assume", facts.assume, "giả định SỰ_KIỆN=NGÀY (nhiều lần được) / what-if EVENT=DATE (several allowed)");
}

void add_calendar_options(CLI::App& command, engine::CalendarChoice& calendar) {
  command.add_option("--calendar", calendar.dir,
                     "thư mục lịch ngày nghỉ / holiday calendar folder (default: 'calendar' beside the plan's folder)");
  command.add_flag("--no-calendar", calendar.none, "chỉ dùng ngày nghỉ khai báo trong kế hoạch / only the plan's own holidays");
}

engine::AgencyId find_agency(const engine::Plan& plan, std::string_view id, std::string& near) {
  engine::Symbol s = plan.find(id);
  if (s.kind == engine::Kind::agency) return s.index;
  std::vector<std::string_view> ids;
  for (const auto& a : plan.agencies) ids.push_back(plan.str(a.id));
  near = dsl::closest(id, ids);
  return engine::kNone;
}

}  // namespace dondoc::cli
