// The report's calendar (RFC 5545): one all-day event per task deadline and per report
// occurrence, so that an agency sees its own deadlines in its calendar. Deterministic: the UID is
// made of the plan's and the task's (or occurrence's) ids, DTSTAMP is the report date.

#include <fmt/format.h>

#include "engine/report.hpp"
#include "engine/report_words.hpp"

namespace dondoc::engine {

using namespace detail;

namespace {

/// RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and line breaks escaped.
std::string ics_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

/// RFC 5545 §3.1: a content line of at most 75 octets, longer ones folded (CRLF and a space),
/// never inside a UTF-8 sequence.
std::string ics_line(std::string_view line) {
  std::string out;
  std::size_t limit = 75;
  while (line.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = 74;  // the leading space counts
  }
  out.append(line);
  return out + "\r\n";
}

std::string ics_date(Day d) {
  dsl::Date x = date_of(d);
  return fmt::format("{:04}{:02}{:02}", x.y, x.m, x.d);
}

struct Event {
  std::string uid, summary, description, category;
  Day day = kNoDay;
};

std::string vevent(const Event& ev, const std::string& stamp) {
  std::string out = ics_line("BEGIN:VEVENT");
  out += ics_line("UID:" + ics_text(ev.uid));
  out += ics_line("DTSTAMP:" + stamp);
  out += ics_line("DTSTART;VALUE=DATE:" + ics_date(ev.day));
  out += ics_line("DTEND;VALUE=DATE:" + ics_date(ev.day + 1));
  out += ics_line("SUMMARY:" + ics_text(ev.summary));
  out += ics_line("DESCRIPTION:" + ics_text(ev.description));
  out += ics_line("CATEGORIES:" + ics_text(ev.category));
  out += ics_line("TRANSP:TRANSPARENT");
  out += ics_line("END:VEVENT");
  return out;
}

Event task_event(const ReportInput& in, TaskId t, std::string_view plan_id) {
  const Plan& p = in.model.plan;
  const Evaluation& e = in.eval;
  dsl::Lang l = in.lang;
  const Task& task = p.tasks[t];
  Event ev;
  ev.uid = fmt::format("task-{}@{}.dondoc", p.str(task.id), plan_id);
  ev.day = e.deadline[t];
  ev.summary = fmt::format("{}: {}", say(l, "Hạn", "Due"), node_title(p, t));
  ev.description = fmt::format("{}: {}\n", say(l, "Chủ trì", "Lead"), agency_names(p, task.leads));
  if (task.support.size)
    ev.description += fmt::format("{}: {}\n", say(l, "Phối hợp", "Support"), agency_names(p, task.support, task.leads));
  if (task.deliverable != kNone) ev.description += fmt::format("{}: {}\n", say(l, "Sản phẩm", "Deliverable"), p.str(task.deliverable));
  ev.description += fmt::format("{}: {}\n", say(l, "Thời gian", "Time"), time_text(p, t));
  ev.description += fmt::format("{} {}: {}", say(l, "Tình hình đến ngày", "Status on"), shown(e.at, l), status_label(e.status[t], l));
  if (task.source != kNone) ev.description += fmt::format("\n{}: {}", say(l, "Căn cứ", "Source"), p.str(task.source));
  ev.category = say(l, "Hạn nhiệm vụ", "Task deadline");
  return ev;
}

Event occurrence_event(const ReportInput& in, std::uint32_t o, std::string_view plan_id) {
  const Plan& p = in.model.plan;
  dsl::Lang l = in.lang;
  const Occurrence& occ = in.model.occurrences.items[o];
  const Duty& d = p.duties[occ.duty];
  std::string agency = occ.agency == kNone ? std::string() : std::string(p.str(p.agencies[occ.agency].id));
  std::string round = occ.period ? fmt::format("{}/{}", occ.period, occ.year) : fmt::format("{}", occ.year);
  Event ev;
  ev.uid = fmt::format("report-{}-{}-{}-{}@{}.dondoc", p.str(d.id), occ.year, occ.period, agency, plan_id);
  ev.day = occ.deadline;
  ev.summary =
      fmt::format("{} {} {}: {} ({})", say(l, "Hạn báo cáo", "Report due"), round, p.str(d.id), p.str(d.title), agency_name(p, occ.agency));
  ev.description = fmt::format("{}: {}\n{}: {}\n{} {}: {}", say(l, "Đơn vị", "Agency"), agency_name(p, occ.agency),
                               say(l, "Định kỳ", "Every"), d.every.text, say(l, "Tình hình đến ngày", "Status on"), shown(in.eval.at, l),
                               status_label(in.eval.occurrence_status[o], l));
  if (d.source != kNone) ev.description += fmt::format("\n{}: {}", say(l, "Căn cứ", "Source"), p.str(d.source));
  ev.category = say(l, "Hạn báo cáo", "Report due");
  return ev;
}

}  // namespace

std::string report_ics(const ReportInput& in) {
  const Plan& p = in.model.plan;
  const Report& r = in.report;
  std::string plan_id(p.str(p.header.id));
  dsl::Date at = date_of(r.at);
  std::string stamp = fmt::format("{:04}{:02}{:02}T000000Z", at.y, at.m, at.d);
  std::string out = ics_line("BEGIN:VCALENDAR");
  out += ics_line("VERSION:2.0");
  out += ics_line("PRODID:-//dondoc//report//" + std::string(english(in.lang) ? "EN" : "VI"));
  out += ics_line("CALSCALE:GREGORIAN");
  out += ics_line("METHOD:PUBLISH");
  out += ics_line("X-WR-CALNAME:" + ics_text(report_title(p, r, in.lang)));
  if (p.header.timezone != kNone) out += ics_line("X-WR-TIMEZONE:" + ics_text(p.str(p.header.timezone)));
  for (TaskId t : r.tasks) {
    if (in.eval.deadline[t] != kNoDay) out += vevent(task_event(in, t, plan_id), stamp);
  }
  for (std::uint32_t o = 0; o < in.model.occurrences.items.size(); ++o) {
    if (r.options.agency != kNone && in.model.occurrences.items[o].agency != r.options.agency) continue;
    out += vevent(occurrence_event(in, o, plan_id), stamp);
  }
  out += ics_line("END:VCALENDAR");
  return out;
}

}  // namespace dondoc::engine
