// The report as Markdown (what an officer pastes into the province's report) and as CSV (one row
// per task and per report occurrence, for a spreadsheet).

#include <fmt/format.h>

#include "dsl/text.hpp"
#include "engine/report.hpp"
#include "engine/report_doc.hpp"
#include "engine/report_words.hpp"

namespace dondoc::engine {

using namespace detail;

namespace {

/// A Markdown table cell, appended to `out`: one line, `|` escaped.
void cell(std::string& out, std::string_view s) {
  if (s.find_first_of("|\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
}

void md_row(std::string& out, const std::vector<std::string>& cells, bool bold = false) {
  out += '|';
  for (const auto& c : cells) {
    out += bold && !c.empty() ? " **" : " ";
    cell(out, c);
    out += bold && !c.empty() ? "** |" : " |";
  }
  out += '\n';
}

void md_table(std::string& out, const Block& b) {
  md_row(out, b.header);
  out += '|';
  for (char a : b.align) out += a == 'r' ? "---:|" : "---|";
  out += '\n';
  for (std::size_t i = 0; i < b.rows.size(); ++i) md_row(out, b.rows[i], b.row_class[i] == "section" || b.row_class[i] == "total");
}

using dsl::csv_field;

std::string csv_row(std::initializer_list<std::string> fields) {
  std::string out;
  for (const auto& f : fields) out += (out.empty() ? "" : ",") + csv_field(f);
  return out + "\r\n";
}

}  // namespace

std::string report_markdown(const ReportInput& in) {
  Doc doc = report_doc(in);
  std::string out;
  out.reserve(size_of(doc));
  int part = 0;
  for (const Block& b : doc) {
    switch (b.kind) {
      case Block::Kind::heading:
        out += b.level == 2 ? fmt::format("## {}. {}\n\n", ++part, b.text) : fmt::format("{} {}\n\n", std::string(b.level, '#'), b.text);
        break;
      case Block::Kind::paragraph:
        out += b.text + "\n\n";
        break;
      case Block::Kind::bullets:
        for (const auto& item : b.items) out += "- " + item + "\n";
        out += "\n";
        break;
      case Block::Kind::table:
        md_table(out, b);
        out += '\n';
        break;
    }
  }
  return out;
}

std::string report_csv(const ReportInput& in) {
  const Plan& p = in.model.plan;
  const Evaluation& e = in.eval;
  dsl::Lang l = in.lang;
  std::string out = "\xEF\xBB\xBF";  // the byte-order mark: a spreadsheet then reads UTF-8
  out += english(l) ? csv_row({"kind", "id", "title", "section", "lead", "support", "deliverable", "time", "year", "due", "status",
                               "status_label", "done", "days_late", "waiting_on", "root_cause", "source"})
                    : csv_row({"loại", "mã", "nội dung", "mục", "chủ trì", "phối hợp", "sản phẩm", "thời gian", "năm", "hạn", "trạng thái",
                               "tình hình thực hiện", "ngày hoàn thành", "số ngày quá hạn", "chờ", "nguyên nhân gốc", "căn cứ"});
  std::string task_kind(say(l, "nhiệm vụ", "task")), report_kind(say(l, "báo cáo", "report"));
  for (TaskId t : in.report.tasks) {
    const Task& task = p.tasks[t];
    std::string waiting;
    for (NodeId n : e.waiting_on(p, t)) waiting += (waiting.empty() ? "" : " ") + std::string(p.node_name(n));
    NodeId root = e.root_cause[t] == t ? kNone : e.root_cause[t];
    out += csv_row({task_kind, std::string(p.str(task.id)), std::string(p.str(task.title)),
                    task.section == kNone ? std::string() : std::string(p.str(p.sections[task.section].id)), agency_ids(p, task.leads),
                    agency_ids(p, task.support), std::string(p.str(task.deliverable)), std::string(time_text(p, t)), "",
                    e.deadline[t] == kNoDay ? "" : date_of(e.deadline[t]).iso(), std::string(status_name(e.status[t])),
                    std::string(status_label(e.status[t], l)), e.done[t] == kNoDay ? "" : date_of(e.done[t]).iso(),
                    e.days_late(t) ? fmt::format("{}", e.days_late(t)) : "", waiting,
                    root == kNone ? std::string() : std::string(p.node_name(root)), std::string(p.str(task.source))});
  }
  for (std::uint32_t o = 0; o < in.model.occurrences.items.size(); ++o) {
    const Occurrence& occ = in.model.occurrences.items[o];
    if (in.report.options.agency != kNone && occ.agency != in.report.options.agency) continue;
    const Duty& d = p.duties[occ.duty];
    Status s = e.occurrence_status[o];
    std::int32_t late = s == Status::overdue ? in.eval.at - occ.deadline : 0;
    out +=
        csv_row({report_kind, std::string(p.str(d.id)), std::string(p.str(d.title)),
                 d.section == kNone ? std::string() : std::string(p.str(p.sections[d.section].id)),
                 occ.agency == kNone ? std::string() : std::string(p.str(p.agencies[occ.agency].id)), "", std::string(p.str(d.deliverable)),
                 d.every.text, occ.period ? fmt::format("{}/{}", occ.period, occ.year) : fmt::format("{}", occ.year),
                 date_of(occ.deadline).iso(), std::string(status_name(s)), std::string(status_label(s, l)),
                 e.occurrence_done[o] == kNoDay ? "" : date_of(e.occurrence_done[o]).iso(), late ? fmt::format("{}", late) : "", "", "",
                 std::string(p.str(d.source))});
  }
  return out;
}

}  // namespace dondoc::engine
