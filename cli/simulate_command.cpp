// `dondoc simulate`: replays a period day by day, as the daemon would live it, and prints every
// escalation that fires (or, with --alerts, what changed from one day to the next). The same
// rules, journals and dates always give byte-identical output.

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/facts_input.hpp"
#include "dsl/text.hpp"
#include "engine/compile.hpp"
#include "engine/escalate.hpp"
#include "engine/evaluate.hpp"
#include "engine/facts.hpp"

namespace dondoc::cli {

namespace {

using engine::Day;

std::string say(dsl::Lang lang, std::string_view vi, std::string_view en) {
  return std::string(lang == dsl::Lang::en ? en : vi);
}

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

std::string table_row(const engine::Model& m, const engine::Escalation& e, dsl::Lang lang) {
  const engine::Plan& p = m.plan;
  std::string to;
  for (auto a : e.to) to += (to.empty() ? "" : ",") + std::string(p.str(p.agencies[a].id));
  std::string subject = e.node != engine::kNone ? std::string(p.node_name(e.node)) : std::string(p.str(p.duties[e.duty].id));
  if (e.node == engine::kNone) subject += fmt::format(" {}{}", e.year, e.period ? fmt::format("/{}", e.period) : "");
  return pad(engine::date_of(e.at).iso(), 11) + pad(kind_label(e.kind, lang), 14) + pad(std::to_string(e.level), 4) + pad(subject, 20) +
         pad(std::to_string(e.days_late), 6) + pad(to, 24) + e.message + "\n";
}

}  // namespace

int run_simulate(const SimulateOptions& o) {
  const dsl::Lang lang = o.lang;
  auto from = parse_date_arg(o.from), to = parse_date_arg(o.to);
  if (!from || !to) {
    std::fputs(
        say(lang, "dondoc: ngày không hợp lệ; dùng YYYY-MM-DD hoặc dd/mm/yyyy\n", "dondoc: invalid date; use YYYY-MM-DD or dd/mm/yyyy\n")
            .c_str(),
        stderr);
    return 2;
  }
  if (*from > *to) {
    std::fputs(say(lang, "dondoc: --from phải trước hoặc bằng --to\n", "dondoc: --from must not be after --to\n").c_str(), stderr);
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
  if (table) {
    out += pad(say(lang, "ngày", "date"), 11) + pad(say(lang, "loại", "kind"), 14) + pad(say(lang, "cấp", "lvl"), 4) +
           pad(say(lang, "nhiệm vụ", "task"), 20) + pad(say(lang, "trễ", "late"), 6) + pad(say(lang, "gửi", "to"), 24) +
           say(lang, "nội dung", "message") + "\n";
  }
  auto flush = [&] {
    std::fwrite(out.data(), 1, out.size(), stdout);
    out.clear();
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
      for (const auto& e : day) out += table ? table_row(model, e, lang) : engine::to_json(model, e) + "\n";
      for (const auto& g : engine::make_digests(model, day, lang)) {
        out += table ? fmt::format("{}  digest → {}\n", engine::date_of(g.at).iso(), plan.str(plan.agencies[g.to].id))
                     : engine::to_json(model, g) + "\n";
      }
    }
    if (out.size() > (1u << 16)) flush();
    if (tty && ((d - *from) % 16 == 0 || d == *to)) {
      std::fprintf(stderr, "\r\033[Ksimulate %s (%d/%d)", engine::date_of(d).iso().c_str(), d - *from + 1, total);
      std::fflush(stderr);
    }
  }
  flush();
  if (tty) std::fputs("\r\033[K", stderr);
  return 0;
}

}  // namespace dondoc::cli
