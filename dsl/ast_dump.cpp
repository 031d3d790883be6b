#include "dsl/ast_dump.hpp"

#include "dsl/format.hpp"

#include <fmt/format.h>

namespace dondoc::dsl {

namespace {

std::string dump_quoted(std::string_view s) {
  return quote_text(s);
}

std::string point(const TimePoint& p) {
  switch (p.kind) {
    case TimePoint::Kind::day:
      return fmt::format("day {:04}-{:02}-{:02}", p.y, p.m, p.d);
    case TimePoint::Kind::month:
      return fmt::format("month {:04}-{:02}", p.y, p.m);
    case TimePoint::Kind::quarter:
      return fmt::format("quarter {:04}-Q{}", p.y, p.q);
    case TimePoint::Kind::year:
      return fmt::format("year {:04}", p.y);
    case TimePoint::Kind::day_month:
      return fmt::format("day-month --{:02}-{:02}", p.m, p.d);
    case TimePoint::Kind::half:
      return fmt::format("half {:04}-H{}", p.y, p.q);
  }
  return "?";
}

std::string names(const std::vector<Name>& ns) {
  std::string out;
  for (const auto& n : ns) {
    if (!out.empty()) out += ", ";
    out += n.text;
  }
  return out;
}

std::string number(const Number& n) {
  return fmt::format("{} ({})", n.text, n.value);
}

class Dumper {
 public:
  explicit Dumper(const DumpOptions& o) : options_(o) {}

  std::string take() { return std::move(out_); }

  void decl(const Decl& d) {
    std::visit([&](const auto& x) { this->one(x); }, d);
  }

 private:
  const DumpOptions& options_;
  std::string out_;
  int depth_ = 0;

  void line(const std::string& s) {
    out_.append(static_cast<std::size_t>(depth_) * 2, ' ');
    out_ += s;
    out_ += '\n';
  }
  void opt(const char* what, const std::optional<Text>& t) {
    if (t) line(fmt::format("{} {}", what, dump_quoted(t->text)));
  }
  void opt(const char* what, const std::optional<Name>& n) {
    if (n) line(fmt::format("{} {}", what, n->text));
  }
  void addressing(const Addressing& a) {
    list("to", a.to);
    opt("via", a.via);
    list("copy to", a.copy_to);
  }
  void list(const char* what, const std::vector<Name>& ns) {
    if (!ns.empty()) line(fmt::format("{} {}", what, names(ns)));
  }
  void head(const char* kind, const Name& id, const Text& title) { line(fmt::format("{} {} {}", kind, id.text, dump_quoted(title.text))); }

  void one(const PlanDecl& d) {
    head("plan", d.id, d.title);
    ++depth_;
    opt("number", d.number);
    if (d.issued) line("issued " + d.issued->iso());
    if (d.effective) line("effective " + d.effective->iso());
    if (d.horizon) line(fmt::format("horizon {}", *d.horizon));
    opt("timezone", d.timezone);
    if (d.reading) line(*d.reading == Reading::strict ? "reading strict" : "reading lenient");
    if (d.due_soon_days) line(fmt::format("due soon {}", *d.due_soon_days));
    for (const auto& dd : d.duty_days) line("duties due " + dump_recurrence(dd.every, options_));
    opt("issued by", d.owner);
    opt("follow-up", d.follow_up);
    opt("escalation", d.escalation);
    for (const auto& b : d.basis) line("basis " + dump_quoted(b.text));
    opt("source", d.source);
    opt("note", d.note);
    --depth_;
  }
  void one(const AgencyDecl& d) {
    head(d.external ? "external agency" : "agency", d.id, d.name);
    ++depth_;
    opt("reports to", d.reports_to);
    if (d.ends) {
      static const char* const how[] = {"merged into", "split into", "abolished, duties to"};
      line(fmt::format("ends {} {} {} by {}", d.ends->on.iso(), how[static_cast<int>(d.ends->kind)], names(d.ends->successors),
                       dump_quoted(d.ends->by.text)));
    }
    for (const auto& a : d.aliases) line("alias " + dump_quoted(a.text));
    for (const auto& e : d.emails) line("email " + dump_quoted(e.text));
    opt("note", d.note);
    --depth_;
  }
  void one(const GroupDecl& d) {
    head("group", d.id, d.name);
    ++depth_;
    list("members", d.members);
    opt("note", d.note);
    --depth_;
  }
  void one(const SectionDecl& d) {
    head("section", d.id, d.title);
    ++depth_;
    opt("source", d.source);
    opt("escalation", d.escalation);
    if (d.quiet) line("escalation none");
    for (const auto& item : d.items) decl(item);
    --depth_;
  }
  void one(const TaskDecl& d) {
    head("task", d.id, d.title);
    ++depth_;
    opt("content", d.content);
    list("lead", d.leads);
    list("support", d.support);
    opt("deliverable", d.deliverable);
    for (const auto& due : d.due) {
      line("due " + dump_time(due.time, options_) + (due.per ? " per " + dump_quoted(due.per->text) : ""));
    }
    if (d.trigger) {
      const char* mode = d.trigger->mode == Trigger::Mode::all ? "all of " : d.trigger->mode == Trigger::Mode::any ? "any of " : "";
      std::string lag = d.trigger->lag ? fmt::format(" lag {} {}", d.trigger->lag->amount, static_cast<int>(d.trigger->lag->unit)) : "";
      line(fmt::format("starts after {}{}{}", mode, names(d.trigger->on), lag));
    }
    list("depends on", d.depends_on);
    if (d.duration) line(fmt::format("duration {} {}", d.duration->amount, static_cast<int>(d.duration->unit)));
    if (d.target) line(target(*d.target));
    opt("unit", d.unit);
    if (d.sent) addressing(*d.sent);
    if (d.passes) {
      std::string bodies;
      for (const auto& b : d.passes->bodies)
        bodies += (bodies.empty() ? "" : ", ") + std::string(b.body.text) +
                  (b.expected ? " (expected " + dump_time(*b.expected, options_) + ")" : "");
      line("passes " + bodies);
    }
    opt("escalation", d.escalation);
    if (d.quiet) line("escalation none");
    if (d.waived)
      line("waived by " + dump_quoted(d.waived->by.text) + (d.waived->reason ? " reason " + dump_quoted(d.waived->reason->text) : ""));
    opt("source", d.source);
    for (const auto& src : d.more_sources) line("source " + dump_quoted(src.text));
    for (const auto& n : d.notes) line("note " + dump_quoted(n.text));
    --depth_;
  }
  void one(const EventDecl& d) {
    head("event", d.id, d.title);
    ++depth_;
    list("after", d.after);
    if (d.expected) line("expected " + dump_time(*d.expected, options_));
    opt("follow-up", d.follow_up);
    opt("source", d.source);
    opt("note", d.note);
    --depth_;
  }
  void one(const DutyDecl& d) {
    head("duty", d.id, d.title);
    ++depth_;
    if (d.every_loc.valid() || !d.every.text.empty()) line("every " + dump_recurrence(d.every, options_));
    if (d.after) line("due " + dump_time(d.after->time, options_));
    if (d.period) line("period " + dump_time(*d.period, options_));
    if (d.all_leads) line("by all leads");
    list("by", d.by);
    addressing(d.sent);
    opt("deliverable", d.deliverable);
    opt("escalation", d.escalation);
    if (d.quiet) line("escalation none");
    opt("source", d.source);
    opt("note", d.note);
    --depth_;
  }
  std::string target(const Target& t) {
    static const char* const cmp[] = {">=", "<=", ">", "<", "=", "range"};
    static const char* const measure[] = {"", "average ", "total ", "average decrease "};
    static const char* const change[] = {"", "up ", "down ", "times "};
    std::string s = "target ";
    for (const auto& m : t.earlier)
      s += fmt::format("{} {}{} in {}, ", cmp[static_cast<int>(t.cmp)], number(m.value), m.value_max ? " .. " + number(*m.value_max) : "",
                       m.year);
    s += fmt::format("{}{}{}{} {}", t.about ? "about " : "", measure[static_cast<int>(t.measure)], change[static_cast<int>(t.change)],
                     cmp[static_cast<int>(t.cmp)], number(t.value));
    if (t.value_max) s += " .. " + number(*t.value_max);
    if (t.from_year) s += fmt::format(" from {}", *t.from_year);
    if (t.year) s += fmt::format(" in {}", *t.year);
    if (t.every_year) s += " every year";
    if (t.tolerance) s += " within " + number(*t.tolerance);
    return s;
  }
  void one(const IndicatorDecl& d) {
    head("indicator", d.id, d.name);
    ++depth_;
    opt("unit", d.unit);
    if (d.target) line(target(*d.target));
    if (d.baseline) line(fmt::format("baseline {} in {}", number(d.baseline->value), d.baseline->year));
    for (const auto& yv : d.trajectory)
      line(fmt::format("trajectory {}: {}{}", yv.year, number(yv.value), yv.value_max ? " .. " + number(*yv.value_max) : ""));
    list("owners", d.owners);
    opt("part of", d.part_of);
    opt("source", d.source);
    opt("note", d.note);
    --depth_;
  }
  void one(const EscalationDecl& d) {
    head("escalation policy", d.id, d.title);
    ++depth_;
    static const char* const kinds[] = {"remind before", "remind on due", "level", "long overdue", "report missed", "event late"};
    static const char* const who[] = {"lead", "support", "follow-up", "agency"};
    for (const auto& st : d.steps) {
      std::string s = fmt::format("{} level={} days={}", kinds[static_cast<int>(st.kind)], st.level, st.days);
      if (st.label) s += " label " + dump_quoted(st.label->text);
      s += " to";
      for (const auto& r : st.to)
        s +=
            fmt::format(" {}{}", who[static_cast<int>(r.kind)], r.kind == Recipient::Kind::agency ? fmt::format(":{}", r.agency.text) : "");
      if (st.repeat_days) s += fmt::format(" repeat {}", *st.repeat_days);
      line(s);
      for (const auto& t : st.templates) line(fmt::format("  template {} {}", t.lang == Lang::en ? "en" : "vi", dump_quoted(t.text.text)));
    }
    if (d.daily_digest) line("daily digest");
    --depth_;
  }
  void one(const WaiveDecl& d) {
    line(fmt::format("waive {} by {}{}", d.task.text, dump_quoted(d.waiver.by.text),
                     d.waiver.reason ? " reason " + dump_quoted(d.waiver.reason->text) : ""));
  }
  void one(const HolidaysDecl& d) {
    line(fmt::format("holidays {}{}", d.year, d.official ? " official" : ""));
    ++depth_;
    opt("source", d.source);
    for (const auto& e : d.entries) {
      line(fmt::format("{} {}..{} {}", e.working_day ? "working day" : "holiday", e.from.iso(), e.to.iso(), dump_quoted(e.name.text)));
    }
    --depth_;
  }
  void one(const IncludeDecl& d) { line("include " + dump_quoted(d.path.text)); }
};

}  // namespace

std::string dump_time(const TimeExpr& t, const DumpOptions& options) {
  static const char* const forms[] = {"at", "within", "before", "by", "period", "during-plan", "open-ended", "relative", "from", "urgent"};
  std::string s = forms[static_cast<int>(t.form)];
  switch (t.form) {
    case TimeExpr::Form::at:
    case TimeExpr::Form::within:
    case TimeExpr::Form::before:
    case TimeExpr::Form::by:
    case TimeExpr::Form::from:
      s += " " + point(t.point);
      break;
    case TimeExpr::Form::period:
      s += " " + point(t.point) + " .. " + point(t.to);
      break;
    case TimeExpr::Form::relative:
      s += fmt::format(" {} unit{}", t.amount, static_cast<int>(t.unit));
      if (!t.anchor.empty()) s += " after " + t.anchor;
      break;
    default:
      break;
  }
  if (t.completion) s += " completion";
  if (t.aspirational) s += " aspirational";
  if (t.meeting) s += " meeting";
  if (!t.note.empty()) s += " note " + dump_quoted(t.note);
  if (options.literal_text) s += " text " + dump_quoted(t.text);
  return s;
}

std::string dump_recurrence(const Recurrence& r, const DumpOptions& options) {
  static const char* const freqs[] = {"yearly", "half-yearly", "quarterly", "monthly", "fixed-years"};
  static const char* const anchors[] = {"", " before", " on"};
  std::string s = freqs[static_cast<int>(r.freq)];
  for (int y : r.years) s += fmt::format(" {}", y);
  if (r.anchor != Recurrence::Anchor::none) s += fmt::format("{} day {} month {}", anchors[static_cast<int>(r.anchor)], r.day, r.month);
  if (options.literal_text) s += " text " + dump_quoted(r.text);
  return s;
}

std::string dump_ast(const FileAst& file, const DumpOptions& options) {
  Dumper d(options);
  for (const auto& decl : file.decls) d.decl(decl);
  return d.take();
}

}  // namespace dondoc::dsl
