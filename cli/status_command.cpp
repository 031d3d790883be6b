// `dondoc status`: every task's status on a date (today by default), given the journals or a
// store's facts, as a table for people (cli/status_table.hpp; Vietnamese by default), JSON
// (PRODUCT.md fields) or CSV (UTF-8 with a byte-order mark).

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "cli/commands.hpp"
#include "cli/facts_input.hpp"
#include "cli/options.hpp"
#include "cli/output.hpp"
#include "cli/status_table.hpp"
#include "dsl/text.hpp"
#include "engine/evaluate.hpp"
#include "engine/status_json.hpp"
#include "runtime/clock.hpp"

namespace dondoc::cli {

namespace {

using engine::Day;
using engine::kNoDay;
using engine::kNone;
using engine::NodeId;
using engine::Status;
using engine::TaskId;

std::string node_id(const engine::Plan& p, NodeId n) {
  return n == kNone ? std::string() : std::string(p.node_name(n));
}

std::string json_output(const engine::Model& m, const engine::Evaluation& e) {
  return engine::status_json(m, e).dump(2) + "\n";
}

using dsl::csv_field;

std::string csv_output(const engine::Model& m, const engine::Evaluation& e) {
  const engine::Plan& p = m.plan;
  std::string out = "id,title,lead,status,due,projected,slack_days,waiting_on,blocked_by,root_cause,days_late\n";
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    const engine::Task& task = p.tasks[t];
    std::string leads, waiting;
    for (engine::AgencyId a : p.agencies_of(task.leads)) leads += (leads.empty() ? "" : " ") + std::string(p.str(p.agencies[a].id));
    for (NodeId w : e.waiting_on(p, t)) waiting += (waiting.empty() ? "" : " ") + std::string(p.node_name(w));
    auto slack = engine::slack_days(e, t);
    NodeId root = e.root_cause[t] == t ? kNone : e.root_cause[t];
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(p.str(task.id)), csv_field(p.str(task.title)), csv_field(leads),
                       engine::status_name(e.status[t]), e.deadline[t] == kNoDay ? "" : engine::date_of(e.deadline[t]).iso(),
                       e.projected[t] == kNoDay ? "" : engine::date_of(e.projected[t]).iso(), slack ? fmt::format("{}", *slack) : "",
                       csv_field(waiting), node_id(p, e.blocked_by[t]), node_id(p, root), e.days_late(t));
  }
  return out;
}

/// Today in the plan's time zone: Asia/Ho_Chi_Minh (also when the plan names none) is UTC+7 all
/// year, as the daemon's clock; another zone is looked up in the system's time zone database.
Day today_in(std::string_view zone) {
  if (zone.empty() || zone == "Asia/Ho_Chi_Minh") return engine::day_of(runtime::SystemClock().today());
  std::string tz(zone);
  const char* old = std::getenv("TZ");
  std::string saved = old ? old : "";
  setenv("TZ", tz.c_str(), 1);
  tzset();
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  if (old)
    setenv("TZ", saved.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();
  return engine::day_of(dsl::Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday});
}

/// "the plan has no agency ID", with the closest id when there is one.
void say_no_agency(const std::string& id, const std::string& near, dsl::Lang lang) {
  bool en = lang == dsl::Lang::en;
  std::string msg = en ? fmt::format("dondoc: the plan has no agency '{}'", id) : fmt::format("dondoc: kế hoạch không có cơ quan '{}'", id);
  if (!near.empty()) msg += en ? fmt::format("; did you mean '{}'?", near) : fmt::format("; có phải '{}'?", near);
  std::fputs((Palette::for_stream(stderr).diagnostics(msg) + "\n").c_str(), stderr);
}

}  // namespace

std::string relevant_diagnostics(const dsl::Diagnostics& diags, dsl::Lang lang) {
  return dsl::render_all(diags, lang, [](const dsl::Diagnostic& d) {
    bool rules = d.loc.file && d.loc.path().ends_with(".rules");
    return d.severity == dsl::Severity::error || !rules || d.every_command;
  });
}

void print_relevant_diagnostics(const dsl::Diagnostics& diags, dsl::Lang lang) {
  std::fputs(Palette::for_stream(stderr).diagnostics(relevant_diagnostics(diags, lang)).c_str(), stderr);
}

int run_status(const StatusOptions& options) {
  const bool today = options.at.empty() || options.at == "hôm nay" || options.at == "today";
  std::optional<Day> at = today ? std::optional<Day>(kNoDay) : date_option("--at", options.at, options.lang);
  if (!at) return 2;
  std::vector<std::filesystem::path> paths(options.paths.begin(), options.paths.end());
  auto compiled = compile_plan(paths, options.calendar);
  engine::Facts facts;
  const bool rules_ok = compiled->ok();
  if (rules_ok) facts = load_facts(*compiled, options.facts);
  print_relevant_diagnostics(compiled->diags, options.lang);
  if (!rules_ok) return 1;
  // A bad journal line is reported at its place and left out; the status of the other facts is
  // still printed, and the exit code says that something was left out.
  const bool facts_ok = compiled->ok();
  // An input that could not be read at all (a missing journal or store) leaves nothing to show.
  for (const auto& d : compiled->diags.items()) {
    if (d.severity == dsl::Severity::error && !d.loc.file) return 1;
  }
  const engine::Plan& plan = *compiled->plan;
  TableOptions table{options.lang, kNone, options.only == "attention", Palette::for_stream(stdout)};
  if (!options.agency.empty()) {
    std::string near;
    table.agency = find_agency(plan, options.agency, near);
    if (table.agency == kNone) {
      say_no_agency(options.agency, near, options.lang);
      return 1;
    }
  }
  if (today) at = today_in(plan.str(plan.header.timezone));
  engine::Model model{plan, compiled->dates, compiled->occurrences, compiled->schedule};
  engine::Evaluation e = engine::evaluate(model, facts, *at);
  std::string out;
  if (options.format == "json") {
    out = json_output(model, e);
  } else if (options.format == "csv") {
    out = "\xEF\xBB\xBF" + csv_output(model, e);  // a byte-order mark: spreadsheets then read UTF-8
  } else {
    out = status_table(model, e, table);
  }
  if (!write_output("", out, options.lang)) return 1;
  return facts_ok ? 0 : 1;
}

}  // namespace dondoc::cli
