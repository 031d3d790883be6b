// `dondoc status`: every task's status on a date (today by default), given the journals or a
// store's facts, as a table for people (cli/status_table.hpp; Vietnamese by default), JSON
// (PRODUCT.md fields) or CSV (UTF-8 with a byte-order mark).

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "cli/commands.hpp"
#include "cli/facts_input.hpp"
#include "cli/status_table.hpp"
#include "dsl/text.hpp"
#include "engine/evaluate.hpp"
#include "runtime/clock.hpp"

namespace dondoc::cli {

namespace {

using engine::Day;
using engine::kNoDay;
using engine::kNone;
using engine::NodeId;
using engine::Status;
using engine::TaskId;

nlohmann::json iso_or_null(Day d) {
  return d == kNoDay ? nlohmann::json(nullptr) : nlohmann::json(engine::date_of(d).iso());
}

std::string shown(Day d, dsl::Lang lang) {
  return d == kNoDay ? "—" : engine::show_date(engine::date_of(d), lang);
}

std::string node_id(const engine::Plan& p, NodeId n) {
  return n == kNone ? std::string() : std::string(p.node_name(n));
}

std::optional<std::int32_t> slack_days(const engine::Evaluation& e, TaskId t) {
  if (e.deadline[t] == kNoDay || e.projected[t] == kNoDay) return std::nullopt;
  if (e.status[t] == Status::done_on_time || e.status[t] == Status::done_late || e.status[t] == Status::waived) return std::nullopt;
  return e.deadline[t] - e.projected[t];
}

std::string json_output(const engine::Model& m, const engine::Evaluation& e) {
  const engine::Plan& p = m.plan;
  nlohmann::ordered_json out;
  out["at"] = engine::date_of(e.at).iso();
  out["plan"] = std::string(p.str(p.header.id));
  auto& tasks = out["tasks"] = nlohmann::ordered_json::array();
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    const engine::Task& task = p.tasks[t];
    nlohmann::ordered_json j;
    j["id"] = std::string(p.str(task.id));
    j["title"] = std::string(p.str(task.title));
    auto& lead = j["lead"] = nlohmann::ordered_json::array();
    for (engine::AgencyId a : p.agencies_of(task.leads)) lead.push_back(std::string(p.str(p.agencies[a].id)));
    j["status"] = std::string(engine::status_name(e.status[t]));
    j["due"] = iso_or_null(e.deadline[t]);
    j["projected"] = iso_or_null(e.projected[t]);
    auto slack = slack_days(e, t);
    j["slack_days"] = slack ? nlohmann::ordered_json(*slack) : nlohmann::ordered_json(nullptr);
    auto& waiting = j["waiting_on"] = nlohmann::ordered_json::array();
    for (NodeId w : e.waiting_on(p, t)) waiting.push_back(std::string(p.node_name(w)));
    j["blocked_by"] = e.blocked_by[t] == kNone ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(node_id(p, e.blocked_by[t]));
    j["root_cause"] = e.root_cause[t] == kNone || e.root_cause[t] == t ? nlohmann::ordered_json(nullptr)
                                                                       : nlohmann::ordered_json(node_id(p, e.root_cause[t]));
    j["started"] = iso_or_null(e.start[t]);
    j["done"] = iso_or_null(e.done[t]);
    j["days_late"] = e.days_late(t);
    j["extended"] = static_cast<bool>(e.extended[t]);
    if (e.status[t] == Status::ongoing) {
      if (auto r = engine::latest_report(m, e, t)) {
        nlohmann::ordered_json rep;
        rep["duty"] = std::string(p.str(p.duties[r->duty].id));
        rep["year"] = r->year;
        if (r->period) rep["period"] = r->period;
        rep["due"] = engine::date_of(r->due).iso();
        rep["status"] = std::string(engine::status_name(r->status));
        auto& missing = rep["missing"] = nlohmann::ordered_json::array();
        for (engine::AgencyId a : r->missing) missing.push_back(std::string(p.str(p.agencies[a].id)));
        j["report"] = std::move(rep);
      }
    }
    tasks.push_back(std::move(j));
  }
  auto& counts = out["counts"] = nlohmann::ordered_json::object();
  for (int s = 0; s < engine::kStatusCount; ++s) counts[std::string(engine::status_name(static_cast<Status>(s)))] = e.counts[s];
  auto& cats = out["categories"] = nlohmann::ordered_json::object();
  for (int c = 0; c < 4; ++c) cats[std::string(engine::category_name(static_cast<engine::Category>(c)))] = e.categories[c];
  auto& events = out["events"] = nlohmann::ordered_json::array();
  for (engine::EventId ev = 0; ev < p.events.size(); ++ev) {
    NodeId n = p.event_node(ev);
    nlohmann::ordered_json j;
    j["id"] = std::string(p.str(p.events[ev].id));
    j["happened"] = iso_or_null(e.done[n]);
    j["expected"] = iso_or_null(m.dates.event_expected[ev]);
    j["projected"] = iso_or_null(e.projected[n]);
    j["late"] = static_cast<bool>(e.late[n]);
    events.push_back(std::move(j));
  }
  auto& occurrences = out["occurrences"] = nlohmann::ordered_json::array();
  for (std::uint32_t o = 0; o < m.occurrences.items.size(); ++o) {
    const engine::Occurrence& occ = m.occurrences.items[o];
    nlohmann::ordered_json j;
    j["duty"] = std::string(p.str(p.duties[occ.duty].id));
    j["agency"] = std::string(p.str(p.agencies[occ.agency].id));
    j["year"] = occ.year;
    if (occ.period) j["period"] = occ.period;
    j["due"] = engine::date_of(occ.deadline).iso();
    j["status"] = std::string(engine::status_name(e.occurrence_status[o]));
    j["done"] = iso_or_null(e.occurrence_done[o]);
    occurrences.push_back(std::move(j));
  }
  auto& indicators = out["indicators"] = nlohmann::ordered_json::array();
  for (engine::IndicatorId i = 0; i < p.indicators.size(); ++i) {
    nlohmann::ordered_json j;
    j["id"] = std::string(p.str(p.indicators[i].id));
    j["state"] = std::string(engine::indicator_state_name(e.indicator_state[i]));
    if (e.indicator_latest[i]) {
      j["year"] = e.indicator_latest[i]->year;
      j["value"] = e.indicator_latest[i]->value.value;
    }
    if (e.indicator_expected[i]) j["expected"] = *e.indicator_expected[i];
    indicators.push_back(std::move(j));
  }
  return out.dump(2) + "\n";
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv_output(const engine::Model& m, const engine::Evaluation& e) {
  const engine::Plan& p = m.plan;
  std::string out = "id,title,lead,status,due,projected,slack_days,waiting_on,blocked_by,root_cause,days_late\n";
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    const engine::Task& task = p.tasks[t];
    std::string leads, waiting;
    for (engine::AgencyId a : p.agencies_of(task.leads)) leads += (leads.empty() ? "" : " ") + std::string(p.str(p.agencies[a].id));
    for (NodeId w : e.waiting_on(p, t)) waiting += (waiting.empty() ? "" : " ") + std::string(p.node_name(w));
    auto slack = slack_days(e, t);
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

/// `--agency ID`: the agency, or an error naming the closest id.
std::optional<engine::AgencyId> find_agency(const engine::Plan& p, const std::string& id, dsl::Lang lang) {
  std::vector<std::string_view> ids;
  for (engine::AgencyId a = 0; a < p.agencies.size(); ++a) {
    if (p.str(p.agencies[a].id) == id) return a;
    ids.push_back(p.str(p.agencies[a].id));
  }
  std::string hint = dsl::closest(id, ids);
  bool en = lang == dsl::Lang::en;
  std::string msg = en ? fmt::format("dondoc: the plan has no agency '{}'", id) : fmt::format("dondoc: kế hoạch không có cơ quan '{}'", id);
  if (!hint.empty()) msg += en ? fmt::format("; did you mean '{}'?", hint) : fmt::format("; có phải '{}'?", hint);
  std::fputs((Palette::for_stream(stderr).diagnostics(msg) + "\n").c_str(), stderr);
  return std::nullopt;
}

}  // namespace

std::string relevant_diagnostics(const dsl::Diagnostics& diags, dsl::Lang lang) {
  std::string out;
  for (const auto& d : diags.items()) {
    bool rules = d.loc.file && d.loc.path().ends_with(".rules");
    if (d.severity == dsl::Severity::error || !rules || d.every_command) out += dsl::render(d, lang);
  }
  return out;
}

void print_relevant_diagnostics(const dsl::Diagnostics& diags, dsl::Lang lang) {
  std::fputs(Palette::for_stream(stderr).diagnostics(relevant_diagnostics(diags, lang)).c_str(), stderr);
}

int run_status(const StatusOptions& options) {
  bool en = options.lang == dsl::Lang::en;
  const bool today = options.at.empty() || options.at == "hôm nay" || options.at == "today";
  auto at = today ? std::optional<Day>(kNoDay) : parse_date_arg(options.at);
  if (!at) {
    std::fputs((en ? fmt::format("dondoc: --at '{}' is not a date (YYYY-MM-DD, dd/mm/yyyy or today)\n", options.at)
                   : fmt::format("dondoc: --at '{}' không phải ngày (YYYY-MM-DD, dd/mm/yyyy hoặc hôm nay)\n", options.at))
                   .c_str(),
               stderr);
    return 2;
  }
  std::vector<std::filesystem::path> paths(options.paths.begin(), options.paths.end());
  auto compiled = compile_plan(paths, options.calendar);
  engine::Facts facts;
  if (compiled->ok()) facts = load_facts(*compiled, options.facts);
  print_relevant_diagnostics(compiled->diags, options.lang);
  if (!compiled->ok() || compiled->diags.has_errors()) return 1;
  const engine::Plan& plan = *compiled->plan;
  TableOptions table{options.lang, kNone, options.only == "attention", Palette::for_stream(stdout)};
  if (!options.agency.empty()) {
    auto agency = find_agency(plan, options.agency, options.lang);
    if (!agency) return 1;
    table.agency = *agency;
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
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace dondoc::cli
