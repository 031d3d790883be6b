#pragma once
// The status table of `dondoc status`, for people: a summary first (the government's four
// categories), then what needs attention with id, title, lead, days late and root cause, the other
// tasks, the periodic reports rolled up per duty and period (who has sent, who has not), the
// events and the indicators. Optionally one lead agency's share, or the attention part alone.

#include <string>

#include "cli/color.hpp"
#include "engine/evaluate.hpp"

namespace dondoc::cli {

struct TableOptions {
  dsl::Lang lang = dsl::Lang::vi;
  engine::AgencyId agency = engine::kNone;  ///< `--agency ID`: the tasks it leads, its reports
  bool only_attention = false;              ///< `--only attention`
  Palette palette;                          ///< colour (off unless on a terminal)
};

std::string status_table(const engine::Model& model, const engine::Evaluation& eval, const TableOptions& options);

}  // namespace dondoc::cli
