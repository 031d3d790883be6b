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
#include "engine/escalation_line.hpp"
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

/// One escalation in one line of at most 120 columns (engine/escalation_line.hpp).
std::string table_row(const engine::Model& m, const engine::Escalation& e, dsl::Lang lang) {
  return engine::escalation_line(engine::line_of(m, e), lang) + "\n";
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
  engine::KindLevelCounts counts;  // the table's closing count
  std::int64_t digests = 0;
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
        out += table ? engine::digest_line(g.at, plan.str(plan.agencies[g.to].id), g.items.size(), lang) + "\n"
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
  if (table) out += engine::closing_count(counts, digests, lang);
  if (tty) std::fputs("\r\033[K", stderr);
  return flush() ? 0 : 1;
}

}  // namespace dondoc::cli
