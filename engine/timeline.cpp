// The timeline (Gantt) of the report: one row per task, grouped by top-level section in plan
// order; a bar from the task's start (or its window's opening) to its deadline coloured by status,
// a diamond at the deadline, a dot on the day it was done, and the report date's line. Above
// kTimelineBarLimit tasks, one row per section with its tasks' statuses as shares of one bar.

#include <fmt/format.h>

#include <algorithm>

#include "dsl/text.hpp"
#include "engine/report.hpp"
#include "engine/report_words.hpp"

namespace dondoc::engine {

using namespace detail;

namespace {

constexpr int kLabelWidth = 380, kChartWidth = 880, kRow = 18, kTop = 86, kWidth = kLabelWidth + kChartWidth + 20;

struct Scale {
  Day lo = 0, hi = 1;
  double x(Day d) const { return kLabelWidth + (static_cast<double>(std::clamp(d, lo, hi) - lo) * kChartWidth) / (hi - lo + 1); }
};

/// The days a task's bar covers.
std::pair<Day, Day> span_of(const ReportInput& in, TaskId t) {
  const Evaluation& e = in.eval;
  const Dates& dates = in.model.dates;
  DueDates due = dates.tracked(in.model.plan, t);
  Day from = e.start[t] != kNoDay ? e.start[t] : due.opens != kNoDay ? due.opens : dates.plan_start;
  Day to = e.deadline[t] != kNoDay ? e.deadline[t] : due.closes != kNoDay ? due.closes : std::max(e.at, from);
  if (e.status[t] == Status::waiting && e.deadline[t] == kNoDay) to = std::max(e.at, from);
  return {std::min(from, to), std::max(from, to)};
}

Scale scale_of(const ReportInput& in) {
  Day lo = in.model.dates.plan_start, hi = in.eval.at;
  for (TaskId t : in.report.tasks) {
    auto [from, to] = span_of(in, t);
    lo = std::min(lo, from);
    hi = std::max(hi, to);
    if (in.eval.done[t] != kNoDay) hi = std::max(hi, in.eval.done[t]);
  }
  if (in.model.dates.plan_end != kNoDay) hi = std::min(hi, std::max(in.model.dates.plan_end, in.eval.at));
  // Whole years, so that the year lines frame the picture.
  return Scale{day_of(dsl::Date{date_of(lo).y, 1, 1}), day_of(dsl::Date{date_of(hi).y, 12, 31})};
}

/// The year and quarter lines and the year labels.
std::string axis(const Scale& s, int height) {
  std::string out;
  for (int y = date_of(s.lo).y; y <= date_of(s.hi).y; ++y) {
    for (int q = 0; q < 4; ++q) {
      double x = s.x(day_of(dsl::Date{y, q * 3 + 1, 1}));
      out += fmt::format("<line x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\" stroke=\"{}\"/>\n", x, kTop - 14, x, height - 10,
                         q == 0 ? "#9ca3af" : "#e5e7eb");
    }
    double mid = (s.x(day_of(dsl::Date{y, 1, 1})) + s.x(day_of(dsl::Date{y, 12, 31}))) / 2;
    out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>\n", mid, kTop - 18, y);
  }
  return out;
}

/// The colours and marks, in lines as wide as the picture.
std::string legend(dsl::Lang lang) {
  std::string out;
  int x = 10, y = 36;
  auto room = [&](int width) {
    if (x + width > kWidth - 10) {
      x = 10;
      y += 16;
    }
  };
  for (Status s : kLegendStatuses) {
    std::string label = legend_label(s, lang);
    int width = 24 + static_cast<int>(dsl::codepoint_count(label)) * 7;
    room(width);
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text>\n", x, y,
                       status_colour(s), x + 18, y + 9, xml_escape(label));
    x += width;
  }
  std::string_view due = say(lang, "hạn", "deadline"), done = say(lang, "ngày hoàn thành", "done");
  room(24 + static_cast<int>(dsl::codepoint_count(due)) * 7);
  out += fmt::format("<polygon points=\"{},{} {},{} {},{} {},{}\" fill=\"#111827\"/><text x=\"{}\" y=\"{}\">{}</text>\n", x, y + 5, x + 5,
                     y, x + 10, y + 5, x + 5, y + 10, x + 14, y + 9, due);
  x += 24 + static_cast<int>(dsl::codepoint_count(due)) * 7;
  room(24 + static_cast<int>(dsl::codepoint_count(done)) * 7);
  out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"#ffffff\" stroke=\"#111827\"/><text x=\"{}\" y=\"{}\">{}</text>\n",
                     x + 5, y + 5, x + 14, y + 9, done);
  return out;
}

std::string task_row(const ReportInput& in, const Scale& s, TaskId t, int y) {
  const Plan& p = in.model.plan;
  const Evaluation& e = in.eval;
  auto [from, to] = span_of(in, t);
  std::string title = xml_escape(node_title(p, t));
  std::string out = fmt::format("<text x=\"14\" y=\"{}\">{}<title>{}</title></text>\n", y + 13,
                                xml_escape(shorten(fmt::format("{} {}", p.str(p.tasks[t].id), p.str(p.tasks[t].title)), 60)), title);
  double x0 = s.x(from), x1 = std::max(s.x(to + 1), x0 + 2);
  out += fmt::format(
      "<rect class=\"bar\" data-task=\"{}\" data-status=\"{}\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"12\" rx=\"2\" "
      "fill=\"{}\"><title>{} — "
      "{}</title></rect>\n",
      xml_escape(p.str(p.tasks[t].id)), status_name(e.status[t]), x0, y + 3, x1 - x0, status_colour(e.status[t]), title,
      xml_escape(status_label(e.status[t], in.lang)));
  if (e.status[t] == Status::overdue) {
    double xa = s.x(e.at + 1);
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"6\" fill=\"{}\" opacity=\"0.45\"/>\n", x1, y + 6,
                       std::max(0.0, xa - x1), status_colour(Status::overdue));
  }
  if (e.deadline[t] != kNoDay) {
    double xd = s.x(e.deadline[t] + 1);
    out += fmt::format("<polygon points=\"{:.1f},{} {:.1f},{} {:.1f},{} {:.1f},{}\" fill=\"#111827\"/>\n", xd - 4, y + 9, xd, y + 4, xd + 4,
                       y + 9, xd, y + 14);
  }
  if (e.done[t] != kNoDay) {
    out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{}\" r=\"3.5\" fill=\"#ffffff\" stroke=\"#111827\"/>\n", s.x(e.done[t]), y + 9);
  }
  return out;
}

/// One bar for a whole section: its tasks' statuses as shares of the bar, in legend order.
std::string section_bar(const ReportInput& in, const Scale& s, const std::vector<TaskId>& tasks, int y) {
  std::array<std::uint32_t, kStatusCount> n{};
  Day lo = kNever, hi = kNoDay;
  for (TaskId t : tasks) {
    ++n[static_cast<int>(in.eval.status[t])];
    auto [from, to] = span_of(in, t);
    lo = std::min(lo, from);
    hi = std::max(hi, to);
  }
  double x = s.x(lo), width = std::max(s.x(hi + 1) - x, 4.0);
  std::string out;
  for (Status st : kLegendStatuses) {
    std::uint32_t count = n[static_cast<int>(st)] + (st == Status::not_due ? n[static_cast<int>(Status::due_soon)] : 0);
    if (!count) continue;
    double w = width * count / tasks.size();
    out += fmt::format(
        "<rect class=\"section-bar\" data-status=\"{}\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"12\" fill=\"{}\"><title>{}: "
        "{}</title></rect>\n",
        status_name(st), x, y + 3, w, status_colour(st), xml_escape(status_label(st, in.lang)), count);
    x += w;
  }
  return out;
}

}  // namespace

std::string timeline_svg(const ReportInput& in) {
  const Plan& p = in.model.plan;
  const Report& r = in.report;
  bool grouped = r.tasks.size() > kTimelineBarLimit;
  // Rows: the tasks of each top-level section, sections in plan order; tasks without one last.
  std::vector<std::vector<TaskId>> by_section(p.sections.size() + 1);
  for (TaskId t : r.tasks) {
    SectionId top = top_section(p, p.tasks[t].section);
    by_section[top == kNone ? p.sections.size() : top].push_back(t);
  }
  std::size_t rows = 0;
  for (const auto& tasks : by_section) {
    if (!tasks.empty()) rows += grouped ? 1 : tasks.size() + 1;
  }
  int height = kTop + static_cast<int>(rows) * kRow + 20;
  Scale s = scale_of(in);
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">\n",
      kWidth, height, kWidth, height);
  out += fmt::format("<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n", kWidth, height);
  out += fmt::format("<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">{} — {}</text>\n",
                     xml_escape(say(in.lang, "Tiến độ thực hiện", "Timeline")), xml_escape(report_title(p, r, in.lang)));
  out += legend(in.lang);
  out += axis(s, height);
  int y = kTop;
  for (std::size_t i = 0; i < by_section.size(); ++i) {
    const auto& tasks = by_section[i];
    if (tasks.empty()) continue;
    std::string heading = i < p.sections.size() ? fmt::format("{} {}", p.str(p.sections[i].id), p.str(p.sections[i].title))
                                                : std::string(say(in.lang, "Khác", "Other"));
    if (grouped) {
      out += fmt::format("<text x=\"4\" y=\"{}\" font-weight=\"bold\">{} ({} {})<title>{}</title></text>\n", y + 13,
                         xml_escape(shorten(heading, 48)), tasks.size(), say(in.lang, "nhiệm vụ", "tasks"), xml_escape(heading));
      out += section_bar(in, s, tasks, y);
      y += kRow;
      continue;
    }
    out += fmt::format("<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f3f4f6\"/>\n", y, kWidth, kRow);
    out += fmt::format("<text x=\"4\" y=\"{}\" font-weight=\"bold\">{}<title>{}</title></text>\n", y + 13,
                       xml_escape(shorten(heading, 150)), xml_escape(heading));
    y += kRow;
    for (TaskId t : tasks) {
      out += task_row(in, s, t, y);
      y += kRow;
    }
  }
  double xa = s.x(r.at + 1);
  out += fmt::format(
      "<line class=\"report-date\" x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\" stroke=\"#b91c1c\" stroke-width=\"1.5\" "
      "stroke-dasharray=\"5,3\"/>\n<text x=\"{:.1f}\" y=\"{}\" fill=\"#b91c1c\" text-anchor=\"middle\">{} {}</text>\n",
      xa, kTop - 12, xa, height - 10, xa, kTop - 2 - 0, xml_escape(say(in.lang, "ngày báo cáo", "report date")), shown(r.at, in.lang));
  out += "</svg>\n";
  return out;
}

}  // namespace dondoc::engine
