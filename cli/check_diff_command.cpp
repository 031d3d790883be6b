// `dondoc check --diff OLD NEW [--at DATE [--journal FILE]...]`: what an amendment of the rules
// changes — deadlines, leads, policies, waivers, tasks added and removed — and, at a date, what
// becomes of the escalations open under the old rules (engine/amend.hpp).

#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "engine/amend.hpp"
#include "engine/compile.hpp"
#include "engine/escalate.hpp"
#include "engine/evaluate.hpp"

namespace dondoc::cli {

namespace {

using engine::PlanChange;
using engine::ThreadChange;

std::string shown(const std::string& iso, dsl::Lang lang) {
  auto d = dsl::parse_iso_date(iso);
  return d ? engine::show_date(*d, lang) : iso;
}

std::string change_text(const PlanChange& c, dsl::Lang lang) {
  bool en = lang == dsl::Lang::en;
  switch (c.kind) {
    case PlanChange::Kind::added:
      return en ? fmt::format("new, due {}", shown(c.after, lang)) : fmt::format("mới, thời hạn {}", shown(c.after, lang));
    case PlanChange::Kind::removed:
      return en ? "removed from the plan" : "bị bỏ khỏi kế hoạch";
    case PlanChange::Kind::deadline:
      return fmt::format("{} {} → {}", en ? "due" : "thời hạn", shown(c.before, lang), shown(c.after, lang));
    case PlanChange::Kind::leads:
      return fmt::format("{} {} → {}", en ? "lead" : "chủ trì", c.before, c.after);
    case PlanChange::Kind::policy:
      return fmt::format("{} {} → {}", en ? "escalation" : "đôn đốc", c.before, c.after);
    case PlanChange::Kind::waived:
      return fmt::format("{} \"{}\"", en ? "waived by" : "dừng theo", c.after);
    case PlanChange::Kind::restored:
      return en ? fmt::format("no longer waived (was: \"{}\")", c.before) : fmt::format("không còn dừng (trước: \"{}\")", c.before);
    case PlanChange::Kind::expected:
      return fmt::format("{} {} → {}", en ? "expected" : "dự kiến", shown(c.before, lang), shown(c.after, lang));
    case PlanChange::Kind::steps:
      return en ? fmt::format("escalation policy: its steps changed ({} steps → {})", c.before, c.after)
                : fmt::format("quy trình đôn đốc: các bước thay đổi ({} bước → {})", c.before, c.after);
    case PlanChange::Kind::recurrence:
      return fmt::format("{} {} → {}", en ? "every" : "định kỳ", c.before, c.after);
  }
  return {};
}

std::string thread_name(const engine::Escalator::OpenThread& t, dsl::Lang lang) {
  bool en = lang == dsl::Lang::en;
  std::string due = t.due == engine::kNoDay ? "-" : engine::show_date(engine::date_of(t.due), lang);
  if (t.kind == 'O') {
    return fmt::format("{} {} {}{} ({} {})", t.subject, en ? "year" : "năm", t.year, t.period ? fmt::format("/{}", t.period) : "",
                       en ? "due" : "hạn", due);
  }
  return fmt::format("{} ({} {})", t.subject, t.kind == 'E' ? (en ? "expected" : "dự kiến") : (en ? "due" : "hạn"), due);
}

std::string effect_text(const ThreadChange& c, dsl::Lang lang) {
  bool en = lang == dsl::Lang::en;
  switch (c.effect) {
    case ThreadChange::Effect::unchanged:
      return en ? "unchanged" : "không đổi";
    case ThreadChange::Effect::removed:
      return en ? "ends without a notice: no longer in the plan" : "kết thúc, không thông báo: không còn trong kế hoạch";
    case ThreadChange::Effect::waived:
      return en ? "ends: waived (a resolution notice goes to everyone escalated to)"
                : "kết thúc: dừng thực hiện (gửi thông báo kết thúc cho mọi nơi đã nhận văn bản đôn đốc)";
    case ThreadChange::Effect::silenced:
      return en ? "ends: escalation turned off (a resolution notice goes out)" : "kết thúc: không còn đôn đốc (gửi thông báo kết thúc)";
    case ThreadChange::Effect::new_due: {
      std::string d = c.new_due == engine::kNoDay ? "-" : engine::show_date(engine::date_of(c.new_due), lang);
      return en ? fmt::format("ends with a resolution notice; escalation starts again from the new date {}", d)
                : fmt::format("kết thúc, gửi thông báo kết thúc; đôn đốc lại theo thời hạn mới {}", d);
    }
    case ThreadChange::Effect::keeps_old_policy:
      return en ? fmt::format("keeps the steps it started under ({} as it was); new escalations follow {} as amended", c.policy_before,
                              c.policy_now)
                : fmt::format("giữ các bước đôn đốc như khi bắt đầu ({} bản cũ); việc đôn đốc mới theo {} bản mới", c.policy_before,
                              c.policy_now);
  }
  return {};
}

}  // namespace

int run_check_diff(const CheckOptions& o) {
  const dsl::Lang lang = o.lang;
  const bool en = lang == dsl::Lang::en;
  std::optional<engine::Day> at;
  if (!o.at.empty()) {
    at = date_option("--at", o.at, lang);
    if (!at) return 2;
  }
  auto before = compile_plan({o.diff[0]}, o.calendar);
  auto after = compile_plan({o.diff[1]}, o.calendar);
  print_relevant_diagnostics(before->diags, lang);
  print_relevant_diagnostics(after->diags, lang);
  if (!before->ok() || !after->ok()) return 1;
  engine::Model mb{*before->plan, before->dates, before->occurrences, before->schedule};
  engine::Model ma{*after->plan, after->dates, after->occurrences, after->schedule};

  std::string out = fmt::format("{} {} → {}\n", en ? "Changes" : "Thay đổi", o.diff[0], o.diff[1]);
  auto changes = engine::compare_plans(mb, ma);
  for (const auto& c : changes) out += fmt::format("  {:<14} {}\n", c.id, change_text(c, lang));
  if (changes.empty()) out += en ? "  none\n" : "  không có\n";

  if (at) {
    engine::Facts fb = load_facts(*before, o.facts);
    print_relevant_diagnostics(before->diags, lang);
    if (before->diags.has_errors()) return 1;
    engine::Facts fa = load_facts(*after, o.facts);  // facts about what the amendment removed are left out
    // The old rules, replayed up to the date: which threads are open.
    engine::Escalator esc(mb, lang);
    engine::Evaluator ev(mb, before->dates.plan_start);
    ev.add(fb);
    for (engine::Day d = before->dates.plan_start; d <= *at; ++d) {
      ev.set_date(d);
      esc.run(ev.evaluation());
    }
    auto threads = engine::amend_threads(esc.open(), ma, engine::evaluate(ma, fa, *at));
    out += fmt::format("{} {} ({}): {}\n", en ? "Open escalations on" : "Việc đang đôn đốc ngày",
                       engine::show_date(engine::date_of(*at), lang), en ? "old rules" : "theo bản cũ", threads.size());
    std::size_t same = 0;
    for (const auto& t : threads) {
      if (t.effect == ThreadChange::Effect::unchanged) {
        ++same;
        continue;
      }
      std::string who = t.thread.kind == 'O' ? " " + t.thread.agency : "";
      out += fmt::format("  {}{}: {}\n", thread_name(t.thread, lang), who, effect_text(t, lang));
    }
    out += fmt::format("  {}: {}\n", en ? "unchanged" : "không đổi", same);
  }
  return write_output("", out, lang) ? 0 : 1;
}

}  // namespace dondoc::cli
