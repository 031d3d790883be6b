// `dondoc simulate`: replays a period day by day, as the daemon would live it, and prints every
// escalation that fires (or, with --alerts, what changed from one day to the next). The same
// rules, journals and dates always give byte-identical output.

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/commands.hpp"
#include "cli/facts_input.hpp"
#include "cli/output.hpp"
#include "dsl/text.hpp"
#include "engine/compile.hpp"
#include "engine/escalate.hpp"
#include "engine/evaluate.hpp"
#include "engine/facts.hpp"

namespace dondoc::cli {

namespace {

using engine::Day;

using dsl::say;

std::string alert_json(const engine::Model& m, const engine::Alert& a) {
  const engine::Plan& p = m.plan;
  nlohmann::ordered_json j;
  j["at"] = engine::date_of(a.at).iso();
  j["kind"] = std::string(engine::alert_kind_name(a.kind));
  auto node = [&](engine::NodeId n) {
    return n == engine::kNone ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(std::string(p.node_name(n)));
  };
  j["task"] = node(a.node);
  if (a.occurrence != engine::kNone) {
    const auto& o = m.occurrences.items[a.occurrence];
    j["task"] = std::string(p.str(p.duties[o.duty].id));
    j["occurrence"] = {{"agency", std::string(p.str(p.agencies[o.agency].id))}, {"year", o.year}, {"period", o.period}};
  }
  if (a.indicator != engine::kNone) j["indicator"] = std::string(p.str(p.indicators[a.indicator].id));
  j["root_cause"] = node(a.root_cause);
  j["blocked_by"] = node(a.blocked_by);
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

/// Column widths in code points, so Vietnamese text lines up.
std::string pad(std::string_view s, std::size_t width) {
  std::size_t n = dsl::codepoint_count(s);
  return std::string(s) + std::string(n < width ? width - n : 1, ' ');
}

/// The kind of an escalation as a policy officer says it (the JSON keeps the English names).
std::string_view kind_label(engine::EscalationKind k, dsl::Lang lang) {
  if (lang == dsl::Lang::en) return engine::escalation_kind_name(k);
  switch (k) {
    case engine::EscalationKind::reminder:
      return "nhắc nhở";
    case engine::EscalationKind::urging:
      return "đôn đốc";
    case engine::EscalationKind::long_overdue:
      return "quá hạn lâu";
    case engine::EscalationKind::report_missed:
      return "chậm báo cáo";
    case engine::EscalationKind::event_late:
      return "sự kiện chậm";
    case engine::EscalationKind::resolved:
      return "kết thúc";
  }
  return engine::escalation_kind_name(k);
}

/// `s` cut to `width` code points, with `…` when cut.
std::string fit(std::string_view s, std::size_t width) {
  if (dsl::codepoint_count(s) <= width) return std::string(s);
  std::size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++n == width) break;
  }
  return std::string(s.substr(0, i)) + "…";
}

/// "còn 14 ngày", "quá 3 ngày" (never a negative lateness); for a resolution, how it ended.
std::string when(const engine::Escalation& e, dsl::Lang lang) {
  const bool en = lang == dsl::Lang::en;
  if (e.kind == engine::EscalationKind::resolved)
    return e.days_late > 0 ? (en ? fmt::format("done {} days late", e.days_late) : fmt::format("xong, trễ {} ngày", e.days_late))
                           : std::string(say(lang, "xong đúng hạn", "done on time"));
  if (e.days_late < 0) return en ? fmt::format("{} days left", -e.days_late) : fmt::format("còn {} ngày", -e.days_late);
  if (e.days_late == 0) return std::string(say(lang, "đến hạn hôm nay", "due today"));
  return en ? fmt::format("{} days late", e.days_late) : fmt::format("quá {} ngày", e.days_late);
}

std::string kind_and_level(engine::EscalationKind kind, int level, dsl::Lang lang) {
  std::string s(kind_label(kind, lang));
  if (level > 0) s += fmt::format(" {} {}", say(lang, "cấp", "level"), level);
  return s;
}

/// One escalation in one line of at most 120 columns: date, kind and level, the task's id and
/// title (shortened to fit), the recipients (the first three and a count), days left or late.
std::string table_row(const engine::Model& m, const engine::Escalation& e, dsl::Lang lang) {
  const engine::Plan& p = m.plan;
  std::string to;
  for (std::size_t i = 0; i < e.to.size() && i < 3; ++i) to += (to.empty() ? "" : ", ") + std::string(p.str(p.agencies[e.to[i]].id));
  if (e.to.size() > 3) to += fmt::format(" +{}", e.to.size() - 3);
  std::string subject = e.node != engine::kNone ? std::string(p.node_name(e.node)) : std::string(p.str(p.duties[e.duty].id));
  if (e.node == engine::kNone) subject += e.period ? fmt::format(" {}/{}", e.period, e.year) : fmt::format(" {}", e.year);
  engine::StrId title = e.node == engine::kNone ? p.duties[e.duty].title
                        : p.is_event(e.node)    ? p.events[p.event_of(e.node)].title
                                                : p.tasks[e.node].title;
  std::string head =
      pad(engine::show_date(engine::date_of(e.at), lang), 12) + pad(kind_and_level(e.kind, e.level, lang), 21) + pad(subject, 14);
  std::string tail = "  → " + to + " · " + when(e, lang);
  std::size_t used = dsl::codepoint_count(head) + dsl::codepoint_count(tail);
  return head + fit(p.str(title), used + 10 < 120 ? 120 - used : 10) + tail + "\n";
}

/// The closing count: escalations by kind (one line each) and level, and the digests.
std::string closing_count(const std::map<std::pair<engine::EscalationKind, int>, int>& counts, int digests, dsl::Lang lang) {
  int total = 0;
  std::string lines;
  std::optional<engine::EscalationKind> kind;
  for (const auto& [key, n] : counts) {
    total += n;
    if (key.first != kind) lines += fmt::format("{}  {}:", kind ? "\n" : "", kind_label(key.first, lang));
    lines += fmt::format("{} {}", key.first == kind ? " ·" : "",
                         key.second > 0 ? fmt::format("{} {}: {}", say(lang, "cấp", "level"), key.second, n) : fmt::format("{}", n));
    kind = key.first;
  }
  std::string out = fmt::format("\n{} {}{}\n", say(lang, "Tổng cộng", "In all"), total, say(lang, " lần đôn đốc", " escalations"));
  if (!lines.empty()) out += lines + "\n";
  if (digests) out += fmt::format("  {} {}\n", say(lang, "bản tổng hợp theo ngày:", "daily digests:"), digests);
  return out;
}

}  // namespace

int run_simulate(const SimulateOptions& o) {
  const dsl::Lang lang = o.lang;
  auto from = date_option("--from", o.from, lang);
  if (!from) return 2;
  auto to = date_option("--to", o.to, lang);
  if (!to) return 2;
  if (*from > *to) {
    fmt::print(stderr, "{}", say(lang, "dondoc: --from phải trước hoặc bằng --to\n", "dondoc: --from must not be after --to\n"));
    return 2;
  }

  std::vector<std::filesystem::path> paths(o.paths.begin(), o.paths.end());
  auto compiled = compile_plan(paths, o.calendar);
  if (!compiled->ok()) {
    print_relevant_diagnostics(compiled->diags, lang);
    return 1;
  }
  const engine::Plan& plan = *compiled->plan;
  engine::Model model{plan, compiled->dates, compiled->occurrences, compiled->schedule};

  // Journals and --assume, checked against the plan (cli/facts_input.hpp, shared with `status`).
  engine::Facts facts = load_facts(*compiled, o.facts);
  print_relevant_diagnostics(compiled->diags, lang);
  if (compiled->diags.has_errors()) return 1;

  const bool tty = isatty(fileno(stderr));
  const bool table = o.format == "table";
  std::string out;
  std::map<std::pair<engine::EscalationKind, int>, int> counts;  // the table's closing count
  int digests = 0;
  auto flush = [&] {
    bool ok = write_output("", out, lang);
    out.clear();
    return ok;
  };

  engine::Escalator escalator(model, lang);
  // One evaluator moved from day to day: the facts are indexed once.
  engine::Evaluator evaluator(model, *from - 1);
  evaluator.add(facts);
  engine::Evaluation prev = evaluator.evaluation();
  const Day total = *to - *from + 1;
  for (Day d = *from; d <= *to; ++d) {
    evaluator.set_date(d);
    const engine::Evaluation& eval = evaluator.evaluation();
    if (o.alerts) {
      for (const auto& a : engine::diff(model, prev, eval)) out += alert_json(model, a) + "\n";
      prev = eval;
    } else {
      auto day = escalator.run(eval);
      for (const auto& e : day) {
        out += table ? table_row(model, e, lang) : engine::to_json(model, e) + "\n";
        ++counts[{e.kind, e.level}];
      }
      for (const auto& g : engine::make_digests(model, day, lang)) {
        out += table ? pad(engine::show_date(engine::date_of(g.at), lang), 12) +
                           std::string(say(lang, "tổng hợp theo ngày", "daily digest")) + " → " +
                           std::string(plan.str(plan.agencies[g.to].id)) +
                           fmt::format(" · {} {}\n", g.items.size(), say(lang, "nội dung", "items"))
                     : engine::to_json(model, g) + "\n";
        ++digests;
      }
    }
    if (out.size() > (1u << 16) && !flush()) return 1;
    if (tty && ((d - *from) % 16 == 0 || d == *to)) {
      std::fprintf(stderr, "\r\033[Ksimulate %s (%d/%d)", engine::date_of(d).iso().c_str(), d - *from + 1, total);
      std::fflush(stderr);
    }
  }
  if (table) out += closing_count(counts, digests, lang);
  if (tty) std::fputs("\r\033[K", stderr);
  return flush() ? 0 : 1;
}

}  // namespace dondoc::cli
