// `dondoc status`: every task's status on a date, given the journals, as a table grouped by lead
// agency (Vietnamese labels by default), JSON (PRODUCT.md fields) or CSV.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/facts_input.hpp"
#include "cli/output.hpp"
#include "engine/evaluate.hpp"
#include "engine/status_json.hpp"

namespace dondoc::cli {

namespace {

using engine::Day;
using engine::kNoDay;
using engine::kNone;
using engine::NodeId;
using engine::Status;
using engine::TaskId;

std::string shown(Day d, dsl::Lang lang) {
  return d == kNoDay ? "—" : engine::show_date(engine::date_of(d), lang);
}

std::string node_id(const engine::Plan& p, NodeId n) {
  return n == kNone ? std::string() : std::string(p.node_name(n));
}

std::string json_output(const engine::Model& m, const engine::Evaluation& e) {
  return engine::status_json(m, e).dump(2) + "\n";
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
    auto slack = engine::slack_days(e, t);
    NodeId root = e.root_cause[t] == t ? kNone : e.root_cause[t];
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(p.str(task.id)), csv_field(p.str(task.title)), csv_field(leads),
                       engine::status_name(e.status[t]), e.deadline[t] == kNoDay ? "" : engine::date_of(e.deadline[t]).iso(),
                       e.projected[t] == kNoDay ? "" : engine::date_of(e.projected[t]).iso(), slack ? fmt::format("{}", *slack) : "",
                       csv_field(waiting), node_id(p, e.blocked_by[t]), node_id(p, root), e.days_late(t));
  }
  return out;
}

/// What to say beside a task's status: what it waits for, what holds it back, how late it is.
std::string remark(const engine::Plan& p, const engine::Evaluation& e, TaskId t, const std::optional<engine::ReportState>& report,
                   dsl::Lang lang, engine::AgencyId agency = kNone) {
  bool en = lang == dsl::Lang::en;
  std::string out;
  auto join = [&](const std::vector<NodeId>& nodes) {
    std::string s;
    for (NodeId n : nodes) s += (s.empty() ? "" : ", ") + std::string(p.node_name(n));
    return s;
  };
  switch (e.status[t]) {
    case Status::waiting:
      out = fmt::format("{} {}", en ? "waiting for" : "chờ", join(e.waiting_on(p, t)));
      if (e.root_cause[t] != kNone) out += fmt::format(" ({} {})", en ? "root cause" : "nguyên nhân gốc", node_id(p, e.root_cause[t]));
      break;
    case Status::at_risk: {
      out = fmt::format("{} {}", en ? "held back by" : "bị chậm do", node_id(p, e.blocked_by[t]));
      if (e.root_cause[t] != kNone && e.root_cause[t] != e.blocked_by[t])
        out += fmt::format(" ← {} {}", en ? "root cause" : "nguyên nhân gốc", node_id(p, e.root_cause[t]));
      break;
    }
    case Status::overdue:
      out = fmt::format("{} {} {}", en ? "late by" : "quá hạn", e.days_late(t), en ? "days" : "ngày");
      if (e.root_cause[t] != kNone && e.root_cause[t] != t)
        out += fmt::format(" ({} {})", en ? "root cause" : "nguyên nhân gốc", node_id(p, e.root_cause[t]));
      break;
    case Status::done_on_time:
    case Status::done_late:
      out = fmt::format("{} {}", en ? "done" : "hoàn thành", shown(e.done[t], lang));
      break;
    case Status::ongoing:
      // A standing task is judged by its latest report: the one of `agency` when the table is by
      // agency, else all of its leads'.
      if (const auto& r = report) {
        Status st = r->status;
        for (const auto& [a, s] : r->by_lead) {
          if (a == agency) st = s;
        }
        out =
            fmt::format("{} {}: {}", en ? "report" : "báo cáo",
                        r->period ? fmt::format("{}/{}", r->period, r->year) : fmt::format("{}", r->year), engine::status_label(st, lang));
        if (agency == kNone && !r->missing.empty())
          out += fmt::format(" ({} {} {})", r->missing.size(), en ? "units" : "đơn vị", en ? "missing" : "chưa nộp");
      }
      break;
    default:
      break;
  }
  if (e.extended[t]) out += en ? (out.empty() ? "extended" : "; extended") : (out.empty() ? "đã gia hạn" : "; đã gia hạn");
  return out;
}

/// After the name of an agency that has ended by `at`: when, and who holds its tasks now.
std::string ended_note(const engine::Plan& p, engine::AgencyId a, Day at, dsl::Lang lang) {
  const auto& end = p.agencies[a].ends;
  if (!end || engine::date_of(at) < end->on) return "";
  std::string to;
  for (engine::AgencyId h : p.holders(a, engine::date_of(at))) to += (to.empty() ? "" : ", ") + std::string(p.str(p.agencies[h].id));
  bool en = lang == dsl::Lang::en;
  return fmt::format(" ({} {}; {} {})", en ? "ended" : "chấm dứt", engine::show_date(end->on, lang),
                     en ? "its tasks are now held by" : "nhiệm vụ chuyển cho", to);
}

/// A remark followed by what the task's due dates say beyond the status: late when the plan was
/// issued, and its other due dates (`phấn đấu 31/12/2024 theo "Mục III.4.2.a"`).
std::string with_due_notes(const engine::Model& m, const engine::Evaluation& e, TaskId t, std::string remark, dsl::Lang lang) {
  bool en = lang == dsl::Lang::en;
  if (engine::late_at_issue(m, e, t)) remark += (remark.empty() ? "" : "; ") + std::string(en ? "late when issued" : "quá hạn từ khi ban hành");
  if (const engine::Task& task = m.plan.tasks[t];
      task.due.size && m.plan.dues[task.due.begin].time->form == dsl::TimeExpr::Form::from && (e.start[t] == kNoDay || e.start[t] > e.at))
    remark +=
        (remark.empty() ? "" : "; ") + fmt::format("{} {}", en ? "starts" : "bắt đầu từ", shown(m.dates.dues[task.due.begin].opens, lang));
  if (engine::urgent(m.plan, t)) remark += (remark.empty() ? "" : "; ") + std::string(en ? "urgent, no date" : "khẩn trương, không ghi ngày");
  for (std::uint32_t i : engine::other_dues(m, t)) {
    const engine::Due& d = m.plan.dues[i];
    std::string one = fmt::format("{} {}", d.time->aspirational ? (en ? "aim" : "phấn đấu") : (en ? "also due" : "hạn khác"),
                                  shown(m.dates.dues[i].deadline, lang));
    if (d.per != kNone) one += fmt::format(" {} \"{}\"", en ? "per" : "theo", m.plan.str(d.per));
    remark += (remark.empty() ? "" : "; ") + one;
  }
  return remark;
}

std::string table_output(const engine::Model& m, const engine::Evaluation& e, dsl::Lang lang) {
  const engine::Plan& p = m.plan;
  bool en = lang == dsl::Lang::en;
  std::size_t w = 8;  // the id column: as wide as the longest task id
  for (const auto& task : p.tasks) w = std::max(w, p.str(task.id).size());
  std::string out;
  out += fmt::format("{} {} — {} {}\n", en ? "Plan" : "Kế hoạch", p.str(p.header.number != kNone ? p.header.number : p.header.id),
                     en ? "status on" : "tình hình thực hiện đến ngày", shown(e.at, lang));
  // The four categories over the tasks that have started, then the finer statuses.
  std::uint32_t counted = 0;
  for (auto c : e.categories) counted += c;
  out += fmt::format("{}: {}\n", en ? "Tasks started and not standing" : "Nhiệm vụ đã bắt đầu, có thời hạn", counted);
  for (int c = 0; c < 4; ++c)
    out += fmt::format("  {:<28} {:>5}\n", engine::category_label(static_cast<engine::Category>(c), lang), e.categories[c]);
  out += fmt::format("{}:", en ? "By status" : "Theo trạng thái");
  for (int s = 0; s < engine::kStatusCount; ++s) {
    if (e.counts[s]) out += fmt::format(" {} {};", engine::status_label(static_cast<Status>(s), lang), e.counts[s]);
  }
  if (out.back() == ';') out.pop_back();
  out += "\n";
  // What needs attention first: late, at risk, due soon.
  bool any = false;
  for (Status want : {Status::overdue, Status::at_risk, Status::due_soon}) {
    for (TaskId t = 0; t < p.tasks.size(); ++t) {
      if (e.status[t] != want) continue;
      if (!any) out += fmt::format("\n{}\n", en ? "Needs attention" : "Cần chú ý");
      any = true;
      std::string leads;
      for (engine::AgencyId a : p.agencies_of(p.tasks[t].leads))
        leads += (leads.empty() ? "" : ", ") + std::string(p.str(p.agencies[a].id));
      out += fmt::format("  {:<{}} {:<24} {} {:<10} {} — {}: {}\n", p.str(p.tasks[t].id), w, engine::status_label(e.status[t], lang),
                         en ? "due" : "hạn", shown(e.deadline[t], lang), with_due_notes(m, e, t, remark(p, e, t, std::nullopt, lang), lang),
                         en ? "lead" : "chủ trì", leads);
    }
  }
  // Grouped by lead agency, in declaration order; a task with several leads is under each. A
  // standing task's latest report is looked up once, not once per lead.
  std::vector<std::optional<engine::ReportState>> reports(p.tasks.size());
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    if (e.status[t] == Status::ongoing) reports[t] = engine::latest_report(m, e, t);
  }
  std::vector<std::vector<TaskId>> by_agency(p.agencies.size());
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    for (engine::AgencyId a : p.agencies_of(p.tasks[t].leads)) by_agency[a].push_back(t);
  }
  for (engine::AgencyId a = 0; a < p.agencies.size(); ++a) {
    if (by_agency[a].empty()) continue;
    out += fmt::format("\n{} — {}{}\n", p.str(p.agencies[a].id), p.str(p.agencies[a].name), ended_note(p, a, e.at, lang));
    for (TaskId t : by_agency[a]) {
      out +=
          fmt::format("  {:<{}} {:<24} {} {:<10} {}\n", p.str(p.tasks[t].id), w, engine::status_label(e.status[t], lang),
                      en ? "due" : "hạn", shown(e.deadline[t], lang), with_due_notes(m, e, t, remark(p, e, t, reports[t], lang, a), lang));
    }
  }
  // Trim the spaces a blank remark leaves.
  std::string trimmed;
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t end = out.find('\n', start);
    std::string_view line(out.data() + start, end - start);
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    trimmed += line;
    trimmed += '\n';
    start = end + 1;
  }
  return trimmed;
}

}  // namespace

std::string relevant_diagnostics(const dsl::Diagnostics& diags, dsl::Lang lang) {
  return dsl::render_all(diags, lang, [](const dsl::Diagnostic& d) {
    bool rules = d.loc.file && d.loc.path().ends_with(".rules");
    return d.severity == dsl::Severity::error || !rules || d.every_command;
  });
}

int run_status(const StatusOptions& options) {
  auto at = date_option("--at", options.at, options.lang);
  if (!at) return 2;
  std::vector<std::filesystem::path> paths(options.paths.begin(), options.paths.end());
  auto compiled = compile_plan(paths, options.calendar);
  engine::Facts facts;
  const bool rules_ok = compiled->ok();
  if (rules_ok) facts = load_facts(*compiled, options.facts);
  std::fputs(relevant_diagnostics(compiled->diags, options.lang).c_str(), stderr);
  if (!rules_ok) return 1;
  // A bad journal line is reported at its place and left out; the status of the other facts is
  // still printed, and the exit code says that something was left out.
  const bool facts_ok = compiled->ok();
  // An input that could not be read at all (a missing journal or store) leaves nothing to show.
  for (const auto& d : compiled->diags.items()) {
    if (d.severity == dsl::Severity::error && !d.loc.file) return 1;
  }
  engine::Model model{*compiled->plan, compiled->dates, compiled->occurrences, compiled->schedule};
  engine::Evaluation e = engine::evaluate(model, facts, *at);
  std::string out;
  if (options.format == "json") {
    out = json_output(model, e);
  } else if (options.format == "csv") {
    out = csv_output(model, e);
  } else {
    out = table_output(model, e, options.lang);
  }
  if (!write_output("", out, options.lang)) return 1;
  return facts_ok ? 0 : 1;
}

}  // namespace dondoc::cli
