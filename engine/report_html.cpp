// The report as one self-contained printable HTML page: the report's blocks, the timeline and the
// dependency graph inlined as SVG, the style inlined; nothing is fetched from the network.

#include <fmt/format.h>

#include "engine/report.hpp"
#include "engine/report_doc.hpp"
#include "engine/report_words.hpp"

namespace dondoc::engine {

using namespace detail;

namespace {

constexpr const char* kStyle = R"(
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 12px; color: #111827; margin: 24px; max-width: 1320px; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; border-bottom: 2px solid #1f2937; padding-bottom: 2px; margin-top: 28px; }
h3 { font-size: 13px; margin: 14px 0 4px; }
p.subtitle { font-style: italic; color: #374151; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { border: 1px solid #d1d5db; padding: 3px 6px; vertical-align: top; }
th { background: #1f2937; color: #ffffff; text-align: left; }
td.r { text-align: right; white-space: nowrap; }
tr.section td { background: #e5e7eb; font-weight: bold; }
tr.total td { font-weight: bold; border-top: 2px solid #1f2937; }
tr.done_on_time td.st, tr.on_track td.st { background: #dcfce7; }
tr.done_late td.st { background: #ffedd5; }
tr.overdue td.st, tr.off_track td.st { background: #fee2e2; }
tr.at_risk td.st { background: #ede9fe; }
tr.not_due td.st, tr.due_soon td.st { background: #dbeafe; }
tr.waiting td.st, tr.waived td.st { background: #f3f4f6; }
table.summary { width: auto; min-width: 420px; }
div.picture { overflow-x: auto; border: 1px solid #d1d5db; padding: 4px; }
div.picture svg { max-width: 100%; height: auto; }
div.wide svg { max-width: none; }
@media print { h2 { break-after: avoid; } tr { break-inside: avoid; } div.picture { overflow: visible; border: none; } div.wide svg { max-width: 100%; } }
)";

void html_table(std::string& out, const Block& b, bool summary) {
  out += summary ? "<table class=\"summary\">\n<tr>" : "<table>\n<tr>";
  for (const auto& h : b.header) out += "<th>" + xml_escape(h) + "</th>";
  out += "</tr>\n";
  for (std::size_t i = 0; i < b.rows.size(); ++i) {
    if (b.row_class[i].empty()) {
      out += "<tr>";
    } else {
      out += "<tr class=\"" + b.row_class[i] + "\">";
    }
    for (std::size_t c = 0; c < b.rows[i].size(); ++c) {
      bool right = c < b.align.size() && b.align[c] == 'r';
      out += static_cast<int>(c) == b.status_column ? "<td class=\"st\">" : right ? "<td class=\"r\">" : "<td>";
      out += xml_escape(b.rows[i][c]);
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</table>\n";
}

/// A picture part: its heading and the SVG inlined (an XML prolog dropped).
std::string picture(int part, std::string_view id, std::string_view title, std::string_view svg) {
  auto at = svg.find("<svg");
  if (at != std::string_view::npos) svg.remove_prefix(at);
  return fmt::format("<section id=\"{}\">\n<h2>{}. {}</h2>\n<div class=\"picture\">\n{}</div>\n</section>\n", id, part, xml_escape(title),
                     svg);
}

}  // namespace

std::string report_html(const ReportInput& in, std::string_view graph_svg) {
  const Plan& p = in.model.plan;
  dsl::Lang l = in.lang;
  Doc doc = report_doc(in);
  std::string body;
  body.reserve(size_of(doc) * 2 + graph_svg.size());
  int part = 0;
  bool open = false, first_paragraph = true;
  for (const Block& b : doc) {
    switch (b.kind) {
      case Block::Kind::heading:
        if (b.level == 2 && b.id == "appendix") {
          if (open) body += "</section>\n";
          open = false;
          body += picture(++part, "timeline", say(l, "Tiến độ thực hiện các nhiệm vụ", "Timeline of the tasks"), timeline_svg(in));
          if (!graph_svg.empty())
            body += picture(++part, "graph", say(l, "Sơ đồ phụ thuộc giữa các nhiệm vụ", "Dependency graph"), graph_svg);
        }
        if (b.level == 1) {
          body += fmt::format("<h1>{}</h1>\n", xml_escape(b.text));
        } else if (b.level == 2) {
          if (open) body += "</section>\n";
          body += fmt::format("<section id=\"{}\">\n<h2>{}. {}</h2>\n", b.id, ++part, xml_escape(b.text));
          open = true;
        } else {
          body += fmt::format("<h3>{}</h3>\n", xml_escape(b.text));
        }
        break;
      case Block::Kind::paragraph:
        body += (first_paragraph ? "<p class=\"subtitle\">" : "<p>") + xml_escape(b.text) + "</p>\n";
        first_paragraph = false;
        break;
      case Block::Kind::bullets:
        body += "<ul>\n";
        for (const auto& item : b.items) body += "<li>" + xml_escape(item) + "</li>\n";
        body += "</ul>\n";
        break;
      case Block::Kind::table:
        html_table(body, b, part == 1);
        break;
    }
  }
  if (open) body += "</section>\n";
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"dondoc\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
      english(l) ? "en" : "vi", xml_escape(report_title(p, in.report, l)), kStyle, body);
}

}  // namespace dondoc::engine
