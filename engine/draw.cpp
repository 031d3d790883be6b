#include "engine/draw.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>

#include "dsl/text.hpp"

namespace dondoc::engine {

namespace {

// Soft colours, one per top-level section, in declaration order (repeats after the last).
constexpr const char* kPalette[] = {"#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#e0e7ff", "#ccfbf1", "#fee2e2", "#ede9fe", "#f5f5f4"};
constexpr const char* kEventColour = "#fde68a";

SectionId top_section(const Plan& p, SectionId s) {
  while (s != kNone && p.sections[s].parent != kNone) s = p.sections[s].parent;
  return s;
}

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

/// The first `n` characters of a title, with an ellipsis when cut.
std::string shorten(std::string_view s, std::size_t n) {
  if (dsl::codepoint_count(s) <= n) return std::string(s);
  std::string out;
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (count == n) break;
      ++count;
    }
    out += s[i];
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + "…";
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

std::string iso(Day d) {
  return d == kNoDay || d == kNever ? std::string() : date_of(d).iso();
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

std::string task_label(const DrawInput& in, TaskId t) {
  const Plan& p = in.plan;
  const Task& task = p.tasks[t];
  std::string label = fmt::format("{}\n{}", p.str(task.id), shorten(p.str(task.title), 38));
  Day deadline = t < in.dates.task_deadline.size() ? in.dates.task_deadline[t] : kNoDay;
  if (deadline != kNoDay) label += fmt::format("\n{}: {}", words(in.lang).due, show_date(date_of(deadline), in.lang));
  if (task.waived) label += fmt::format("\n({})", words(in.lang).waived);
  return label;
}

std::string event_label(const DrawInput& in, EventId e) {
  const Plan& p = in.plan;
  std::string label = fmt::format("{}\n{}", p.str(p.events[e].id), shorten(p.str(p.events[e].title), 38));
  Day expected = e < in.dates.event_expected.size() ? in.dates.event_expected[e] : kNoDay;
  if (expected != kNoDay) label += fmt::format("\n{}: {}", words(in.lang).expected, show_date(date_of(expected), in.lang));
  return label;
}

}  // namespace

std::string to_dot(const DrawInput& in) {
  const Plan& p = in.plan;
  Words w = words(in.lang);
  std::string out = "digraph plan {\n";
  std::string title =
      p.header.number != kNone ? fmt::format("{} — {}", p.str(p.header.number), p.str(p.header.title)) : std::string(p.str(p.header.title));
  out += fmt::format("  graph [rankdir=LR, fontname=\"DejaVu Sans\", fontsize=14, labelloc=t, label=\"{}\", newrank=true];\n",
                     dot_escape(shorten(title, 120)));
  out += "  node [fontname=\"DejaVu Sans\", fontsize=10, shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\"];\n";
  out += "  edge [fontname=\"DejaVu Sans\", fontsize=9, color=\"#555555\"];\n";

  // Tasks and events grouped in clusters by section, nested as the sections are.
  std::vector<std::vector<TaskId>> tasks_of(p.sections.size() + 1);
  std::vector<std::vector<EventId>> events_of(p.sections.size() + 1);
  auto slot = [&](SectionId s) { return s == kNone ? p.sections.size() : static_cast<std::size_t>(s); };
  for (TaskId t = 0; t < p.tasks.size(); ++t) tasks_of[slot(p.tasks[t].section)].push_back(t);
  for (EventId e = 0; e < p.events.size(); ++e) events_of[slot(p.events[e].section)].push_back(e);

  auto emit_nodes = [&](std::size_t s, const std::string& indent) {
    for (TaskId t : tasks_of[s]) {
      out += fmt::format("{}t{} [label=\"{}\", fillcolor=\"{}\"{}];\n", indent, t, dot_escape(task_label(in, t)),
                         colour_of(p, p.tasks[t].section),
                         p.tasks[t].waived ? ", style=\"rounded,filled,dashed\", fontcolor=\"#777777\"" : "");
    }
    for (EventId e : events_of[s]) {
      out += fmt::format("{}e{} [label=\"{}\", shape=hexagon, style=filled, fillcolor=\"{}\"];\n", indent, e,
                         dot_escape(event_label(in, e)), kEventColour);
    }
  };
  std::function<void(SectionId, const std::string&)> emit_section = [&](SectionId s, const std::string& indent) {
    out += fmt::format("{}subgraph cluster_s{} {{\n", indent, s);
    out += fmt::format("{}  label=\"{} {}\"; style=\"rounded\"; color=\"#999999\"; fontsize=11;\n", indent,
                       dot_escape(p.str(p.sections[s].id)), dot_escape(shorten(p.str(p.sections[s].title), 60)));
    emit_nodes(s, indent + "  ");
    for (SectionId c = 0; c < p.sections.size(); ++c) {
      if (p.sections[c].parent == s) emit_section(c, indent + "  ");
    }
    out += indent + "}\n";
  };
  for (SectionId s = 0; s < p.sections.size(); ++s) {
    if (p.sections[s].parent == kNone) emit_section(s, "  ");
  }
  emit_nodes(p.sections.size(), "  ");

  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    for (TaskId pre : p.depends_on.of(t)) out += fmt::format("  t{} -> t{} [label=\"{}\"];\n", pre, t, w.depends);
  }
  for (NodeId n = 0; n < p.node_count(); ++n) {
    for (NodeId pre : p.waits_for.of(n)) {
      out += fmt::format("  {} -> {} [label=\"{}\", style=dashed{}];\n", node_key(p, pre), node_key(p, n),
                         p.is_event(n) ? w.after : w.starts_after, p.is_event(n) ? "" : ", color=\"#b45309\", fontcolor=\"#b45309\"");
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
  std::vector<std::string> classes;
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    out += fmt::format("  t{}[\"{}\"]\n", t, mermaid_escape(br(task_label(in, t))));
  }
  for (EventId e = 0; e < p.events.size(); ++e) out += fmt::format("  e{}{{{{\"{}\"}}}}\n", e, mermaid_escape(br(event_label(in, e))));
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    for (TaskId pre : p.depends_on.of(t)) out += fmt::format("  t{} -->|{}| t{}\n", pre, w.depends, t);
  }
  for (NodeId n = 0; n < p.node_count(); ++n) {
    for (NodeId pre : p.waits_for.of(n)) {
      out += fmt::format("  {} -.->|{}| {}\n", node_key(p, pre), p.is_event(n) ? w.after : w.starts_after, node_key(p, n));
    }
  }
  // One style class per top-level section colour, and one for events.
  std::vector<std::string> seen;
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    std::string colour = colour_of(p, p.tasks[t].section);
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
    for (EventId e = 0; e < p.events.size(); ++e) out += fmt::format("  class e{} event\n", e);
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
