#pragma once
// What the report renderers (engine/report_*.cpp, engine/timeline.cpp) say alike: names of
// agencies and tasks, rates, the period's name, the headings in Vietnamese and English, and the
// status colours of the timeline and the graph. Internal to the engine.

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "engine/report.hpp"

namespace dondoc::engine::detail {

inline bool english(dsl::Lang lang) {
  return lang == dsl::Lang::en;
}

using dsl::say;

inline std::string agency_name(const Plan& p, AgencyId a) {
  if (a == kNone) return {};
  return std::string(p.str(p.agencies[a].name != kNone ? p.agencies[a].name : p.agencies[a].id));
}

/// The agencies of a list by name, joined with "; ", as the decision writes them: a group whose
/// members are all in the list (`Các sở, ban, ngành cấp tỉnh`) is named once, where its first member
/// stands, instead of each member. Members in `also` (a task's leads, which its support list leaves
/// out) count as in the list. Larger groups are tried first.
inline std::string agency_names(const Plan& p, Span s, Span also = {}) {
  auto list = p.agencies_of(s);
  auto extra = p.agencies_of(also);
  std::vector<std::uint8_t> covered(list.size());
  std::vector<GroupId> order;
  for (GroupId g = 0; g < p.groups.size(); ++g) {
    if (p.groups[g].members.size >= 2 && p.groups[g].members.size <= list.size() + extra.size()) order.push_back(g);
  }
  std::stable_sort(order.begin(), order.end(), [&](GroupId a, GroupId b) { return p.groups[a].members.size > p.groups[b].members.size; });
  std::vector<std::pair<std::size_t, GroupId>> groups;  // (position of the first member, group)
  for (GroupId g : order) {
    std::vector<std::size_t> at;
    bool all = true;
    for (AgencyId m : p.agencies_of(p.groups[g].members)) {
      auto it = std::find(list.begin(), list.end(), m);
      if (it != list.end() && !covered[static_cast<std::size_t>(it - list.begin())]) {
        at.push_back(static_cast<std::size_t>(it - list.begin()));
      } else if (std::find(extra.begin(), extra.end(), m) == extra.end()) {
        all = false;
        break;
      }
    }
    if (!all || at.empty()) continue;
    for (std::size_t i : at) covered[i] = 1;
    groups.emplace_back(*std::min_element(at.begin(), at.end()), g);
  }
  std::string out;
  auto add = [&](std::string_view name) { out += (out.empty() ? "" : "; ") + std::string(name); };
  for (std::size_t i = 0; i < list.size(); ++i) {
    for (const auto& [first, g] : groups) {
      if (first == i) add(p.str(p.groups[g].name != kNone ? p.groups[g].name : p.groups[g].id));
    }
    if (!covered[i]) add(agency_name(p, list[i]));
  }
  return out;
}

inline std::string agency_ids(const Plan& p, Span s) {
  std::string out;
  for (AgencyId a : p.agencies_of(s)) out += (out.empty() ? "" : " ") + std::string(p.str(p.agencies[a].id));
  return out;
}

/// `II.3 — Trình Thủ tướng …` (or an event's id and title).
inline std::string node_title(const Plan& p, NodeId n) {
  StrId title = p.is_event(n) ? p.events[p.event_of(n)].title : p.tasks[n].title;
  return fmt::format("{} — {}", p.node_name(n), p.str(title));
}

inline std::string shown(Day d, dsl::Lang lang) {
  return d == kNoDay || d == kNever ? std::string() : show_date(date_of(d), lang);
}

/// `75,0 %` / `75.0%`; `—` when there is nothing to divide.
inline std::string percent(std::uint32_t num, std::uint32_t den, dsl::Lang lang) {
  if (den == 0) return "—";
  std::string s = fmt::format("{:.1f}", 100.0 * num / den);
  if (!english(lang)) {
    for (char& c : s) {
      if (c == '.') c = ',';
    }
    return s + " %";
  }
  return s + "%";
}

/// The due time of a task as the decision writes it (`Quý I/2023`), "" when it has none.
inline std::string_view time_text(const Plan& p, TaskId t) {
  return p.tasks[t].due.size ? std::string_view(p.dues[p.tasks[t].due.begin].time->text) : std::string_view();
}

/// `Quý IV/2023`, `6 tháng cuối năm 2023`, `năm 2023` — the period the report covers.
inline std::string period_name(const Report& r, dsl::Lang lang) {
  dsl::Date d = date_of(r.at);
  bool en = english(lang);
  static constexpr const char* kRoman[] = {"I", "II", "III", "IV"};
  switch (r.options.period) {
    case Period::quarter:
      return en ? fmt::format("Q{} {}", (d.m - 1) / 3 + 1, d.y) : fmt::format("Quý {}/{}", kRoman[(d.m - 1) / 3], d.y);
    case Period::half:
      return en ? fmt::format("{} half of {}", d.m <= 6 ? "first" : "second", d.y)
                : fmt::format("6 tháng {} năm {}", d.m <= 6 ? "đầu" : "cuối", d.y);
    case Period::year:
      return en ? fmt::format("year {}", d.y) : fmt::format("năm {}", d.y);
    case Period::all:
      break;
  }
  return en ? fmt::format("up to {}", shown(r.at, lang)) : fmt::format("đến ngày {}", shown(r.at, lang));
}

/// A round of a recurring report: `2023`, `Quý 2/2024`, `6 tháng 1/2024`, `tháng 5/2024`.
inline std::string round_name(const Plan& p, const ReportRound& round, dsl::Lang lang) {
  if (round.period == 0) return fmt::format("{}", round.year);
  const char* unit = "";
  switch (p.duties[round.duty].every.freq) {
    case dsl::Recurrence::Freq::quarterly:
      unit = english(lang) ? "Q" : "Quý ";
      break;
    case dsl::Recurrence::Freq::half_yearly:
      unit = english(lang) ? "H" : "6 tháng ";
      break;
    default:
      unit = english(lang) ? "M" : "tháng ";
      break;
  }
  return fmt::format("{}{}/{}", unit, round.period, round.year);
}

/// The report's title line.
inline std::string report_title(const Plan& p, const Report& r, dsl::Lang lang) {
  std::string number(p.str(p.header.number != kNone ? p.header.number : p.header.id));
  std::string title = english(lang) ? fmt::format("Report on the implementation of Plan {}", number)
                                    : fmt::format("Báo cáo tình hình thực hiện Kế hoạch {}", number);
  if (r.options.agency != kNone) title += fmt::format(" — {}", agency_name(p, r.options.agency));
  return title;
}

/// The timeline's and graph's colour of a status: green done on time, orange done late, blue in
/// progress, red overdue, grey waiting.
inline const char* status_colour(Status s) {
  switch (s) {
    case Status::done_on_time:
      return "#16a34a";
    case Status::done_late:
      return "#ea580c";
    case Status::overdue:
      return "#dc2626";
    case Status::at_risk:
      return "#7c3aed";
    case Status::waiting:
      return "#9ca3af";
    case Status::waived:
      return "#d1d5db";
    case Status::ongoing:
      return "#60a5fa";
    default:
      return "#2563eb";
  }
}

/// The first `n` characters (code points) of a text, with an ellipsis when cut.
inline std::string shorten(std::string_view s, std::size_t n) {
  std::string out;
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (count == n) {
        while (!out.empty() && out.back() == ' ') out.pop_back();
        return out + "…";
      }
      ++count;
    }
    out += s[i];
  }
  return out;
}

/// A text broken into lines of at most `width` characters (code points) at spaces; a word longer
/// than a line has a line of its own. Nothing is cut.
inline std::vector<std::string> wrap(std::string_view s, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t line_len = 0;
  while (!s.empty()) {
    std::size_t sp = s.find(' ');
    std::string_view word = s.substr(0, sp);
    s = sp == std::string_view::npos ? std::string_view() : s.substr(sp + 1);
    if (word.empty()) continue;
    std::size_t len = 0;
    for (char c : word) len += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (line_len && line_len + 1 + len > width) {
      lines.push_back(std::move(line));
      line.clear();
      line_len = 0;
    }
    if (line_len) {
      line += ' ';
      ++line_len;
    }
    line += word;
    line_len += len;
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

/// The soft tint of a status, behind dark text (the graph's boxes, the report's table cells).
inline const char* status_fill(Status s) {
  switch (s) {
    case Status::done_on_time:
      return "#bbf7d0";
    case Status::done_late:
      return "#fed7aa";
    case Status::overdue:
      return "#fecaca";
    case Status::at_risk:
      return "#ddd6fe";
    case Status::waiting:
      return "#e5e7eb";
    case Status::waived:
      return "#f9fafb";
    case Status::ongoing:
      return "#e0f2fe";
    default:
      return "#bfdbfe";
  }
}

/// The statuses a legend shows, in the order people read them (`not_due` stands for the three of
/// "in progress on time").
inline constexpr Status kLegendStatuses[] = {Status::done_on_time, Status::done_late, Status::not_due, Status::at_risk,
                                             Status::overdue,      Status::waiting,   Status::ongoing, Status::waived};

inline std::string legend_label(Status s, dsl::Lang lang) {
  return s == Status::not_due ? std::string(say(lang, "Đang thực hiện trong hạn", "In progress, on time"))
                              : std::string(status_label(s, lang));
}

/// The outermost section a section is in (itself when it is top-level).
inline SectionId top_section(const Plan& p, SectionId s) {
  while (s != kNone && p.sections[s].parent != kNone) s = p.sections[s].parent;
  return s;
}

/// XML/HTML text and attribute escaping.
inline std::string xml_escape(std::string_view s) {
  if (s.find_first_of("&<>\"") == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace dondoc::engine::detail
