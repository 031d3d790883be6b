#include "engine/draw.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>

#include "dsl/text.hpp"
#include "engine/report_words.hpp"

namespace dondoc::engine {

using detail::top_section;

namespace {

// Soft colours, one per top-level section, in declaration order (repeats after the last).
constexpr const char* kPalette[] = {"#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#e0e7ff", "#ccfbf1", "#fee2e2", "#ede9fe", "#f5f5f4"};
constexpr const char* kEventColour = "#fde68a";

const char* colour_of(const Plan& p, SectionId s) {
  SectionId top = top_section(p, s);
  if (top == kNone) return "#ffffff";
  // Rank of the top-level section among top-level sections.
  std::size_t rank = 0;
  for (SectionId i = 0; i < top; ++i) {
    if (p.sections[i].parent == kNone) ++rank;
  }
  return kPalette[rank % (sizeof(kPalette) / sizeof(kPalette[0]))];
}

std::string dot_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string mermaid_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"') {
      out += "#quot;";
    } else {
      out += c;
    }
  }
  return out;
}

struct Words {
  const char* depends;
  const char* starts_after;
  const char* after;
  const char* due;
  const char* expected;
  const char* waived;
};
Words words(dsl::Lang lang) {
  if (lang == dsl::Lang::en) return {"depends on", "starts after", "after", "due", "expected", "waived"};
  return {"phụ thuộc", "bắt đầu sau", "sau", "hạn", "dự kiến", "đã dừng"};
}

std::string node_key(const Plan& p, NodeId n) {
  return p.is_event(n) ? fmt::format("e{}", p.event_of(n)) : fmt::format("t{}", n);
}

/// A title in lines of at most 36 characters, whole.
std::string wrapped(std::string_view title) {
  std::string out;
  for (const auto& line : detail::wrap(title, 36)) out += (out.empty() ? "" : "\n") + line;
  return out;
}

std::string task_label(const DrawInput& in, TaskId t) {
  const Plan& p = in.plan;
  const Task& task = p.tasks[t];
  std::string label = fmt::format("{}\n{}", p.str(task.id), wrapped(p.str(task.title)));
  Day deadline = t < in.dates.task_deadline.size() ? in.dates.task_deadline[t] : kNoDay;
  if (in.eval && in.eval->deadline[t] != kNoDay) deadline = in.eval->deadline[t];
  if (deadline != kNoDay) label += fmt::format("\n{}: {}", words(in.lang).due, show_date(date_of(deadline), in.lang));
  if (in.eval) {
    label += fmt::format("\n[{}]", status_label(in.eval->status[t], in.lang));
  } else if (task.waived) {
    label += fmt::format("\n({})", words(in.lang).waived);
  }
  return label;
}

/// A task's fill: its status's tint given an evaluation, else its top-level section's colour.
const char* task_fill(const DrawInput& in, TaskId t) {
  return in.eval ? detail::status_fill(in.eval->status[t]) : colour_of(in.plan, in.plan.tasks[t].section);
}

/// An event's fill: green once it happened, red when it is late, else yellow.
const char* event_fill(const DrawInput& in, EventId e) {
  if (!in.eval) return kEventColour;
  NodeId n = in.plan.event_node(e);
  if (in.eval->done[n] != kNoDay) return detail::status_fill(Status::done_on_time);
  return in.eval->late[n] ? detail::status_fill(Status::overdue) : kEventColour;
}

/// What the colours, shapes and lines mean, as a Graphviz HTML-like table.
std::string legend(const DrawInput& in) {
  const Plan& p = in.plan;
  Words w = words(in.lang);
  auto row = [](std::string_view swatch, std::string_view text) {
    std::string lines;  // wrapped, not cut
    for (const auto& line : detail::wrap(text, 50)) lines += (lines.empty() ? "" : "<BR ALIGN=\"LEFT\"/>") + detail::xml_escape(line);
    return fmt::format("<TR><TD{}> </TD><TD ALIGN=\"LEFT\">{}<BR ALIGN=\"LEFT\"/></TD></TR>", swatch, lines);
  };
  std::string rows = fmt::format("<TR><TD COLSPAN=\"2\"><B>{}</B></TD></TR>", detail::say(in.lang, "Chú giải", "Legend"));
  if (in.eval) {
    rows += row("", fmt::format("{} {}", detail::say(in.lang, "Trạng thái ngày", "Status on"), show_date(date_of(in.eval->at), in.lang)));
    for (Status s : detail::kLegendStatuses)
      rows += row(fmt::format(" BGCOLOR=\"{}\"", detail::status_fill(s)), detail::legend_label(s, in.lang));
  } else {
    for (SectionId s = 0; s < p.sections.size(); ++s) {
      if (p.sections[s].parent != kNone) continue;
      bool has_tasks = std::any_of(p.tasks.begin(), p.tasks.end(), [&](const Task& t) { return top_section(p, t.section) == s; });
      if (has_tasks)
        rows +=
            row(fmt::format(" BGCOLOR=\"{}\"", colour_of(p, s)), fmt::format("{} {}", p.str(p.sections[s].id), p.str(p.sections[s].title)));
    }
  }
  rows += row(fmt::format(" BGCOLOR=\"{}\"", kEventColour), detail::say(in.lang, "Sự kiện (hình lục giác)", "Event (hexagon)"));
  rows += fmt::format("<TR><TD>───</TD><TD ALIGN=\"LEFT\">{}</TD></TR>", w.depends);
  rows += fmt::format("<TR><TD><FONT COLOR=\"#b45309\">- - -</FONT></TD><TD ALIGN=\"LEFT\">{}</TD></TR>", w.starts_after);
  rows += fmt::format("<TR><TD>- - -</TD><TD ALIGN=\"LEFT\">{}</TD></TR>", w.after);
  return fmt::format(
      "  legend [shape=plaintext, style=\"\", label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" "
      "CELLPADDING=\"4\">{}</TABLE>>];\n",
      rows);
}

std::string event_label(const DrawInput& in, EventId e) {
  const Plan& p = in.plan;
  std::string label = fmt::format("{}\n{}", p.str(p.events[e].id), wrapped(p.str(p.events[e].title)));
  Day expected = e < in.dates.event_expected.size() ? in.dates.event_expected[e] : kNoDay;
  if (expected != kNoDay) label += fmt::format("\n{}: {}", words(in.lang).expected, show_date(date_of(expected), in.lang));
  if (in.eval && in.eval->done[p.event_node(e)] != kNoDay)
    label += fmt::format("\n[{} {}]", detail::say(in.lang, "đã xảy ra", "happened"),
                         show_date(date_of(in.eval->done[p.event_node(e)]), in.lang));
  return label;
}

/// Tasks and events by section; `drawn` marks the sections that hold some (or hold a section that
/// does): the indicators' sections draw no frame.
struct Grouping {
  std::vector<std::vector<TaskId>> tasks_of;  ///< per section, then the tasks outside any
  std::vector<std::vector<EventId>> events_of;
  std::vector<std::uint8_t> drawn;
};

Grouping group_by_section(const Plan& p) {
  Grouping g;
  g.tasks_of.resize(p.sections.size() + 1);
  g.events_of.resize(p.sections.size() + 1);
  g.drawn.resize(p.sections.size());
  auto slot = [&](SectionId s) { return s == kNone ? p.sections.size() : static_cast<std::size_t>(s); };
  for (TaskId t = 0; t < p.tasks.size(); ++t) g.tasks_of[slot(p.tasks[t].section)].push_back(t);
  for (EventId e = 0; e < p.events.size(); ++e) g.events_of[slot(p.events[e].section)].push_back(e);
  for (std::size_t s = 0; s < p.sections.size(); ++s) {
    if (g.tasks_of[s].empty() && g.events_of[s].empty()) continue;
    for (SectionId up = static_cast<SectionId>(s); up != kNone && !g.drawn[up]; up = p.sections[up].parent) g.drawn[up] = 1;
  }
  return g;
}

/// Visits the drawn sections in plan order, nested: `open(s, indent)`, `nodes(slot, indent)`, the
/// sections inside, `close(indent)`; then `nodes` of the tasks and events outside any section.
void walk(const Plan& p, const Grouping& g, const std::function<void(SectionId, const std::string&)>& open,
          const std::function<void(std::size_t, const std::string&)>& nodes, const std::function<void(const std::string&)>& close) {
  std::function<void(SectionId, const std::string&)> visit = [&](SectionId s, const std::string& indent) {
    if (!g.drawn[s]) return;
    open(s, indent);
    nodes(s, indent + "  ");
    for (SectionId c = 0; c < p.sections.size(); ++c) {
      if (p.sections[c].parent == s) visit(c, indent + "  ");
    }
    close(indent);
  };
  for (SectionId s = 0; s < p.sections.size(); ++s) {
    if (p.sections[s].parent == kNone) visit(s, "  ");
  }
  nodes(p.sections.size(), "  ");
}

/// A section's title, wrapped.
std::string section_label(const Plan& p, SectionId s, std::string_view newline) {
  std::string label;
  for (const auto& line : detail::wrap(fmt::format("{} {}", p.str(p.sections[s].id), p.str(p.sections[s].title)), 70))
    label += (label.empty() ? "" : std::string(newline)) + line;
  return label;
}

/// The top-level sections as columns, in plan order: the nodes of each (nested sections' too),
/// then those outside any section; `of[node]` is a node's column.
struct Columns {
  std::vector<std::vector<NodeId>> nodes;
  std::vector<std::uint32_t> of;
};

Columns columns_of(const Plan& p, const Grouping& g) {
  Columns c;
  c.of.assign(p.node_count(), 0);
  std::vector<std::uint32_t> index(p.sections.size() + 1, kNone);  // per top-level section (and "none")
  for (SectionId s = 0; s < p.sections.size(); ++s) {
    if (!g.drawn[s] || p.sections[s].parent != kNone) continue;
    index[s] = static_cast<std::uint32_t>(c.nodes.size());
    c.nodes.emplace_back();
  }
  for (std::size_t s = 0; s <= p.sections.size(); ++s) {
    if (g.tasks_of[s].empty() && g.events_of[s].empty()) continue;
    std::size_t top = s == p.sections.size() ? s : top_section(p, static_cast<SectionId>(s));
    if (index[top] == kNone) {
      index[top] = static_cast<std::uint32_t>(c.nodes.size());
      c.nodes.emplace_back();
    }
    for (TaskId t : g.tasks_of[s]) c.nodes[index[top]].push_back(t);
    for (EventId e : g.events_of[s]) c.nodes[index[top]].push_back(p.event_node(e));
  }
  for (std::uint32_t k = 0; k < c.nodes.size(); ++k) {
    for (NodeId n : c.nodes[k]) c.of[n] = k;
  }
  return c;
}

/// Invisible anchors and edges that put the columns left to right in plan order (Graphviz would
/// otherwise order the sections as crossings fall): an anchor after the previous column's nodes
/// and before its own, the legend before the first.
std::string column_order(const Plan& p, const Columns& c) {
  std::string out;
  for (std::size_t k = 0; k < c.nodes.size(); ++k) {
    out += fmt::format("  column{} [shape=point, style=invis, width=0, height=0, label=\"\"];\n", k);
    if (k == 0) out += "  legend -> column0 [style=invis];\n";
    for (NodeId n : c.nodes[k]) out += fmt::format("  column{} -> {} [style=invis];\n", k, node_key(p, n));
    if (k + 1 < c.nodes.size()) {
      for (NodeId n : c.nodes[k]) out += fmt::format("  {} -> column{} [style=invis];\n", node_key(p, n), k + 1);
    }
  }
  return out;
}

/// An edge `from -> to`; one that goes back to an earlier column is written the other way round
/// and drawn with its arrow reversed, so that it does not pull the columns out of plan order
/// (`constraint=false` would, but makes Graphviz's layout differ from run to run).
std::string dot_edge(const Plan& p, const Columns& c, NodeId from, NodeId to, const std::string& attributes) {
  if (c.of[from] > c.of[to]) return fmt::format("  {} -> {} [{}, dir=back];\n", node_key(p, to), node_key(p, from), attributes);
  return fmt::format("  {} -> {} [{}];\n", node_key(p, from), node_key(p, to), attributes);
}

}  // namespace

std::string to_dot(const DrawInput& in) {
  const Plan& p = in.plan;
  Words w = words(in.lang);
  std::string out = "digraph plan {\n";
  std::string title =
      p.header.number != kNone ? fmt::format("{} — {}", p.str(p.header.number), p.str(p.header.title)) : std::string(p.str(p.header.title));
  std::string wrapped_title;
  for (const auto& line : detail::wrap(title, 100)) wrapped_title += (wrapped_title.empty() ? "" : "\n") + line;
  out += fmt::format("  graph [rankdir=LR, fontname=\"DejaVu Sans\", fontsize=14, labelloc=t, label=\"{}\", newrank=true];\n",
                     dot_escape(wrapped_title));
  out += "  node [fontname=\"DejaVu Sans\", fontsize=10, shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\"];\n";
  out += "  edge [fontname=\"DejaVu Sans\", fontsize=9, color=\"#555555\"];\n";

  // Tasks and events grouped in clusters by section, nested as the sections are.
  Grouping g = group_by_section(p);
  auto nodes = [&](std::size_t s, const std::string& indent) {
    for (TaskId t : g.tasks_of[s]) {
      out += fmt::format("{}t{} [label=\"{}\", fillcolor=\"{}\"{}];\n", indent, t, dot_escape(task_label(in, t)), task_fill(in, t),
                         p.tasks[t].waived ? ", style=\"rounded,filled,dashed\", fontcolor=\"#777777\"" : "");
    }
    for (EventId e : g.events_of[s]) {
      out += fmt::format("{}e{} [label=\"{}\", shape=hexagon, style=filled, fillcolor=\"{}\"];\n", indent, e,
                         dot_escape(event_label(in, e)), event_fill(in, e));
    }
  };
  auto open = [&](SectionId s, const std::string& indent) {
    out += fmt::format("{}subgraph cluster_s{} {{\n", indent, s);
    out += fmt::format("{}  label=\"{}\"; style=\"rounded\"; color=\"#999999\"; fontsize=11;\n", indent,
                       dot_escape(section_label(p, s, "\n")));
  };
  walk(p, g, open, nodes, [&](const std::string& indent) { out += indent + "}\n"; });
  out += legend(in);
  Columns columns = columns_of(p, g);
  out += column_order(p, columns);

  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    for (TaskId pre : p.depends_on.of(t)) out += dot_edge(p, columns, pre, t, fmt::format("label=\"{}\"", w.depends));
  }
  for (NodeId n = 0; n < p.node_count(); ++n) {
    for (NodeId pre : p.waits_for.of(n)) {
      out += dot_edge(p, columns, pre, n,
                      fmt::format("label=\"{}\", style=dashed{}", p.is_event(n) ? w.after : w.starts_after,
                                  p.is_event(n) ? "" : ", color=\"#b45309\", fontcolor=\"#b45309\""));
    }
  }
  out += "}\n";
  return out;
}

std::string to_mermaid(const DrawInput& in) {
  const Plan& p = in.plan;
  Words w = words(in.lang);
  std::string out = "flowchart LR\n";
  auto br = [](std::string s) {
    std::string o;
    for (char c : s) {
      if (c == '\n') {
        o += "<br/>";
      } else {
        o += c;
      }
    }
    return o;
  };
  // Subgraphs by section, nested, in plan order.
  Grouping g = group_by_section(p);
  auto nodes = [&](std::size_t s, const std::string& indent) {
    for (TaskId t : g.tasks_of[s]) out += fmt::format("{}t{}[\"{}\"]\n", indent, t, mermaid_escape(br(task_label(in, t))));
    for (EventId e : g.events_of[s]) out += fmt::format("{}e{}{{{{\"{}\"}}}}\n", indent, e, mermaid_escape(br(event_label(in, e))));
  };
  auto open = [&](SectionId s, const std::string& indent) {
    out += fmt::format("{}subgraph s{}[\"{}\"]\n", indent, s, mermaid_escape(section_label(p, s, "<br/>")));
  };
  walk(p, g, open, nodes, [&](const std::string& indent) { out += indent + "end\n"; });
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    for (TaskId pre : p.depends_on.of(t)) out += fmt::format("  t{} -->|{}| t{}\n", pre, w.depends, t);
  }
  for (NodeId n = 0; n < p.node_count(); ++n) {
    for (NodeId pre : p.waits_for.of(n)) {
      out += fmt::format("  {} -.->|{}| {}\n", node_key(p, pre), p.is_event(n) ? w.after : w.starts_after, node_key(p, n));
    }
  }
  // One style class per colour (top-level section, or status), and one for events.
  std::vector<std::string> seen;
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    std::string colour = task_fill(in, t);
    auto it = std::find(seen.begin(), seen.end(), colour);
    std::size_t k = static_cast<std::size_t>(it - seen.begin());
    if (it == seen.end()) {
      seen.push_back(colour);
      out += fmt::format("  classDef s{} fill:{},stroke:#999\n", k, colour);
    }
    out += fmt::format("  class t{} s{}\n", t, k);
  }
  if (!p.events.empty()) {
    out += fmt::format("  classDef event fill:{},stroke:#b45309\n", kEventColour);
    for (EventId e = 0; e < p.events.size(); ++e) {
      std::string fill = event_fill(in, e);
      if (fill == kEventColour) {
        out += fmt::format("  class e{} event\n", e);
      } else {
        out += fmt::format("  style e{} fill:{},stroke:#b45309\n", e, fill);
      }
    }
  }
  return out;
}

std::string to_json(const DrawInput& in) {
  using nlohmann::json;
  const Plan& p = in.plan;
  auto str_or_null = [&](StrId id) { return id == kNone ? json(nullptr) : json(std::string(p.str(id))); };
  auto day_or_null = [](Day d) { return d == kNoDay || d == kNever ? json(nullptr) : json(iso(d)); };
  auto agencies = [&](Span s) {
    json a = json::array();
    for (AgencyId id : p.agencies_of(s)) a.push_back(std::string(p.str(p.agencies[id].id)));
    return a;
  };
  auto section_id = [&](SectionId s) { return s == kNone ? json(nullptr) : json(std::string(p.str(p.sections[s].id))); };

  json doc;
  const Header& h = p.header;
  doc["plan"] = {{"id", str_or_null(h.id)},
                 {"number", str_or_null(h.number)},
                 {"title", str_or_null(h.title)},
                 {"issued", h.issued ? json(h.issued->iso()) : json(nullptr)},
                 {"effective", h.effective ? json(h.effective->iso()) : json(nullptr)},
                 {"horizon", h.horizon ? json(*h.horizon) : json(nullptr)},
                 {"reading", h.reading == dsl::Reading::strict ? "strict" : "lenient"},
                 {"start", day_or_null(in.dates.plan_start)},
                 {"end", day_or_null(in.dates.plan_end)}};
  json sections = json::array();
  for (SectionId s = 0; s < p.sections.size(); ++s) {
    sections.push_back({{"id", std::string(p.str(p.sections[s].id))},
                        {"title", std::string(p.str(p.sections[s].title))},
                        {"parent", section_id(p.sections[s].parent)},
                        {"source", str_or_null(p.sections[s].source)}});
  }
  doc["sections"] = sections;

  json tasks = json::array();
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    const Task& task = p.tasks[t];
    json due = json::array();
    for (std::uint32_t i = 0; i < task.due.size; ++i) {
      const Due& d = p.dues[task.due.begin + i];
      const DueDates& dd = in.dates.dues[task.due.begin + i];
      due.push_back({{"text", d.time->text},
                     {"per", str_or_null(d.per)},
                     {"date", day_or_null(dd.literal)},
                     {"deadline", day_or_null(dd.deadline)},
                     {"opens", day_or_null(dd.opens)},
                     {"closes", day_or_null(dd.closes)},
                     {"relative", dd.relative}});
    }
    json trigger = nullptr;
    if (task.has_trigger()) {
      json on = json::array();
      for (NodeId n : p.waits_for.of(t)) on.push_back(std::string(p.node_name(n)));
      const char* mode = task.trigger_mode == dsl::Trigger::Mode::all   ? "all"
                         : task.trigger_mode == dsl::Trigger::Mode::any ? "any"
                                                                        : "one";
      trigger = {{"mode", mode}, {"on", on}};
    }
    json depends = json::array();
    for (TaskId pre : p.depends_on.of(t)) depends.push_back(std::string(p.str(p.tasks[pre].id)));
    json schedule = nullptr;
    if (t < in.schedule.earliest_finish.size()) {
      auto slack = in.schedule.slack(t);
      schedule = {{"earliest_start", day_or_null(in.schedule.earliest_start[t])},
                  {"earliest_finish", day_or_null(in.schedule.earliest_finish[t])},
                  {"latest_start", day_or_null(in.schedule.latest_start[t])},
                  {"latest_finish", day_or_null(in.schedule.latest_finish[t])},
                  {"projected", day_or_null(in.schedule.projected(t))},
                  {"slack_days", slack ? json(*slack) : json(nullptr)},
                  {"critical", in.schedule.critical(t)}};
    }
    tasks.push_back({{"id", std::string(p.str(task.id))},
                     {"title", std::string(p.str(task.title))},
                     {"section", section_id(task.section)},
                     {"lead", agencies(task.leads)},
                     {"support", agencies(task.support)},
                     {"deliverable", str_or_null(task.deliverable)},
                     {"source", str_or_null(task.source)},
                     {"due", due},
                     {"trigger", trigger},
                     {"depends_on", depends},
                     {"duration_days", task.duration ? json(task.duration->amount) : json(nullptr)},
                     {"waived", task.waived ? json(std::string(p.str(task.waived->by))) : json(nullptr)},
                     {"schedule", schedule}});
  }
  doc["tasks"] = tasks;

  json events = json::array();
  for (EventId e = 0; e < p.events.size(); ++e) {
    const Event& ev = p.events[e];
    json after = json::array();
    for (NodeId n : p.waits_for.of(p.event_node(e))) after.push_back(std::string(p.node_name(n)));
    NodeId node = p.event_node(e);
    events.push_back({{"id", std::string(p.str(ev.id))},
                      {"title", std::string(p.str(ev.title))},
                      {"section", section_id(ev.section)},
                      {"after", after},
                      {"expected", day_or_null(e < in.dates.event_expected.size() ? in.dates.event_expected[e] : kNoDay)},
                      {"follow_up", ev.follow_up == kNone ? json(nullptr) : json(std::string(p.str(p.agencies[ev.follow_up].id)))},
                      {"projected", node < in.schedule.earliest_finish.size() ? day_or_null(in.schedule.projected(node)) : json(nullptr)}});
  }
  doc["events"] = events;

  json edges = json::array();
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    for (TaskId pre : p.depends_on.of(t)) {
      edges.push_back({{"from", std::string(p.str(p.tasks[pre].id))}, {"to", std::string(p.str(p.tasks[t].id))}, {"kind", "depends_on"}});
    }
  }
  for (NodeId n = 0; n < p.node_count(); ++n) {
    for (NodeId pre : p.waits_for.of(n)) {
      edges.push_back(
          {{"from", std::string(p.node_name(pre))}, {"to", std::string(p.node_name(n))}, {"kind", p.is_event(n) ? "after" : "trigger"}});
    }
  }
  doc["edges"] = edges;

  json occurrences = json::array();
  for (const Occurrence& o : in.occurrences.items) {
    occurrences.push_back({{"duty", std::string(p.str(p.duties[o.duty].id))},
                           {"agency", o.agency == kNone ? json(nullptr) : json(std::string(p.str(p.agencies[o.agency].id)))},
                           {"year", o.year},
                           {"period", o.period},
                           {"date", day_or_null(o.literal)},
                           {"deadline", day_or_null(o.deadline)}});
  }
  doc["occurrences"] = occurrences;
  return doc.dump(2) + "\n";
}

}  // namespace dondoc::engine
