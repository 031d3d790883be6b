// `dondoc fmt`: prints a syntax tree back as text in canonical layout, with the file's comments
// put back where they were: before the node that followed them, or at the end of its line.

#include "dsl/format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "dsl/keywords.hpp"
#include "dsl/text.hpp"

namespace dondoc::dsl {

namespace {

bool before(const Location& a, const Location& b) {
  return a.line < b.line || (a.line == b.line && a.col < b.col);
}

std::string quote(std::string_view s) {
  return quote_text(s);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::vector<std::string> texts(const std::vector<Name>& names) {
  std::vector<std::string> out;
  for (const auto& n : names) out.emplace_back(n.text);
  return out;
}

/// Upper-cases the first letter of a Vietnamese literal (`năm 2023` → `Năm 2023`), as decisions
/// write a deadline. Every literal starts with an ASCII letter, a digit or `đ`.
std::string capitalize(std::string s) {
  if (s.rfind("đ", 0) == 0) return "Đ" + s.substr(std::string("đ").size());
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

const char* const roman[] = {"", "I", "II", "III", "IV"};

// ---------------------------------------------------------------- time literals from values
// Every form below parses back to the same value (tests/dsl/format_test.cpp checks each).

std::string point_text(const TimePoint& p, Lang lang) {
  if (lang == Lang::vi) {
    switch (p.kind) {
      case TimePoint::Kind::day:
        return fmt::format("ngày {:02}/{:02}/{}", p.d, p.m, p.y);
      case TimePoint::Kind::month:
        return fmt::format("tháng {} năm {}", p.m, p.y);
      case TimePoint::Kind::quarter:
        return fmt::format("Quý {}/{}", roman[std::clamp(p.q, 0, 4)], p.y);
      case TimePoint::Kind::year:
        return fmt::format("năm {}", p.y);
      case TimePoint::Kind::day_month:
        return fmt::format("ngày {:02}/{:02}", p.d, p.m);
      case TimePoint::Kind::half:
        return fmt::format("6 tháng {} năm {}", p.q == 2 ? "cuối" : "đầu", p.y);
    }
  }
  switch (p.kind) {
    case TimePoint::Kind::day:
      return fmt::format("{:04}-{:02}-{:02}", p.y, p.m, p.d);
    case TimePoint::Kind::month:
      return fmt::format("{:04}-{:02}", p.y, p.m);
    case TimePoint::Kind::quarter:
      return fmt::format("{:04}-Q{}", p.y, p.q);
    case TimePoint::Kind::year:
      return fmt::format("{}", p.y);
    case TimePoint::Kind::day_month:
      return fmt::format("{:02}/{:02}", p.d, p.m);
    case TimePoint::Kind::half:
      return fmt::format("{:04}-H{}", p.y, p.q);
  }
  return {};
}

/// The end points of a period: a bare year reads best there (`Giai đoạn 2023 - 2030`).
std::string period_point(const TimePoint& p, Lang lang) {
  return p.kind == TimePoint::Kind::year ? fmt::format("{}", p.y) : point_text(p, lang);
}

std::string unit_text(TimeExpr::Unit unit, int amount, Lang lang) {
  if (lang == Lang::vi) return unit == TimeExpr::Unit::days ? "ngày" : unit == TimeExpr::Unit::working_days ? "ngày làm việc" : "tháng";
  const char* u = unit == TimeExpr::Unit::days ? "day" : unit == TimeExpr::Unit::working_days ? "working day" : "month";
  return amount == 1 ? u : std::string(u) + "s";
}

std::string days_text(int n, Lang lang) {
  return fmt::format("{} {}", n, unit_text(TimeExpr::Unit::days, n, lang));
}

/// `w`, then one space, then `rest`: a keyword and what follows it.
std::string then(const Keyword& w, Lang lang, std::string_view rest) {
  return fmt::format("{} {}", w.in(lang), rest);
}

std::string render_time(const TimeExpr& t, Lang lang) {
  bool vi = lang == Lang::vi;
  std::string s;
  if (t.completion) s += then(kw::complete, lang, "");
  if (t.aspirational) s += then(kw::aim, lang, "");
  switch (t.form) {
    case TimeExpr::Form::at:
      if (t.meeting) s += then(kw::meeting, lang, "");
      s += vi || t.point.kind != TimePoint::Kind::year ? point_text(t.point, lang) : fmt::format("year {}", t.point.y);
      break;
    case TimeExpr::Form::from:
      s += then(kw::from, lang, point_text(t.point, lang));
      break;
    case TimeExpr::Form::urgent:
      s += kw::urgent.in(lang);
      break;
    case TimeExpr::Form::within:
      s += then(kw::within, lang, point_text(t.point, lang));
      break;
    case TimeExpr::Form::before:
      s += then(kw::before, lang, point_text(t.point, lang));
      break;
    case TimeExpr::Form::by:
      s += then(kw::by_time, lang, point_text(t.point, lang));
      break;
    case TimeExpr::Form::period:
      if (!vi) {
        s += then(kw::period, lang, fmt::format("{} to {}", period_point(t.point, lang), period_point(t.to, lang)));
      } else if (t.point.kind == TimePoint::Kind::year && t.to.kind == TimePoint::Kind::year) {
        s += capitalize(then(kw::period, lang, fmt::format("{} - {}", t.point.y, t.to.y)));
      } else {
        s += then(kw::from, lang, fmt::format("{} đến {}", point_text(t.point, lang), point_text(t.to, lang)));
      }
      break;
    case TimeExpr::Form::during_plan:
      s += kw::during_plan.in(lang);
      break;
    case TimeExpr::Form::open_ended:
      s += kw::open_ended.in(lang);
      break;
    case TimeExpr::Form::relative:
      if (t.amount == 0 && t.unit == TimeExpr::Unit::days) {
        s += kw::immediately.in(lang);
      } else {
        std::string n = fmt::format("{} {}", t.amount, unit_text(t.unit, t.amount, lang));
        s += t.anchor.empty() ? then(kw::within, lang, n) : fmt::format("{} {} {}", n, kw::after.in(lang), t.anchor);
      }
      break;
  }
  if (!t.note.empty()) s += " (" + t.note + ")";
  return vi ? capitalize(s) : s;
}

std::string render_recurrence(const Recurrence& r, Lang lang) {
  std::string s;
  switch (r.freq) {
    case Recurrence::Freq::yearly:
      s = then(kw::every, lang, kw::yearly.in(lang));
      break;
    case Recurrence::Freq::half_yearly:
      s = then(kw::every, lang, kw::half_yearly.in(lang));
      break;
    case Recurrence::Freq::quarterly:
      s = then(kw::every, lang, kw::quarterly.in(lang));
      break;
    case Recurrence::Freq::monthly:
      s = then(kw::every, lang, kw::monthly.in(lang));
      break;
    case Recurrence::Freq::fixed_years: {
      std::vector<std::string> years;
      for (int y : r.years) years.push_back(fmt::format("{}", y));
      s = then(kw::in_years, lang, join(years));
      break;
    }
  }
  if (r.anchor != Recurrence::Anchor::none) {
    std::string day = r.month ? fmt::format("{:02}/{:02}", r.day, r.month) : fmt::format("{}", r.day);
    std::string_view when = (r.anchor == Recurrence::Anchor::on ? kw::on_day : kw::before).in(lang);
    if (lang == Lang::vi) {
      s += fmt::format(" ({} ngày {})", when, day);
    } else {
      s += fmt::format(" {} {}{}", when, r.month ? "" : "day ", day);
    }
  }
  return s;
}

// ---------------------------------------------------------------- the printer

/// One line of a block, or a declaration nested in a section. Entries of the same list
/// (e.g. the leads) that follow each other with no comment between them print as one clause.
struct Entry {
  Location loc;
  std::string text;                // the clause; for a list, its keyword
  std::vector<std::string> items;  // the values of a list
  int list = 0;                    // which list (0: not a list)
  Location last;                   // the place of the last value merged in
  const Decl* decl = nullptr;      // a nested declaration
  std::string one;                 // the keyword of a list of one value, when it differs (`owner`)
};

class Printer {
 public:
  Printer(const FileAst& file, const FormatOptions& options)
      : file_(file),
        lang_(options.lang.value_or(file.lang)),
        keep_text_(lang_ == file.lang),
        indent_(std::max(0, options.indent)),
        width_(options.width) {
    comments_ = file.comments;
    std::stable_sort(comments_.begin(), comments_.end(), [](const Comment& a, const Comment& b) { return before(a.loc, b.loc); });
    comments_.erase(
        std::unique(comments_.begin(), comments_.end(),
                    [](const Comment& a, const Comment& b) { return a.loc.valid() && a.loc.line == b.loc.line && a.loc.col == b.loc.col; }),
        comments_.end());
  }

  std::string run() {
    std::vector<Entry> top;
    for (const auto& d : file_.decls) top.push_back(Entry{location_of(d), {}, {}, 0, {}, &d, {}});
    entries(arrange(std::move(top)), 0, Location{});
    while (next_ < comments_.size()) comment(0, comments_[next_++]);
    return std::move(out_);
  }

 private:
  const FileAst& file_;
  Lang lang_;
  bool keep_text_;
  int indent_;
  int width_;
  std::vector<Comment> comments_;  // in source order
  std::size_t next_ = 0;           // the first comment not yet written
  std::string out_;
  std::uint32_t last_line_ = 0;  // the source line of what was written last
  bool block_start_ = true;      // at the top of the file or of a block: no blank line here
  bool force_blank_ = false;     // a blank line goes before what comes next
  Location after_;               // where the node after the declaration being written starts

  std::string_view k(const Keyword& w) const { return w.in(lang_); }
  /// Two keywords written together: `đôn đốc không`, `thực hiện các đơn vị chủ trì`.
  std::string both(const Keyword& a, const Keyword& b) const { return then(a, lang_, k(b)); }
  std::string time(const TimeExpr& t) const { return format_time(t, lang_, keep_text_); }

  // ---- writing lines

  bool source_blank_between(std::uint32_t a, std::uint32_t b) const {
    if (!file_.source || a == 0 || b == 0) return false;
    for (std::uint32_t l = a + 1; l < b && l <= file_.source->line_count(); ++l) {
      if (file_.source->line_text(l).find_first_not_of(" \t\r") == std::string_view::npos) return true;
    }
    return false;
  }

  /// Starts a line for something written at source line `line`: one blank line before it when
  /// asked for, or when the author left one.
  void separate(std::uint32_t line) {
    bool blank = force_blank_ || source_blank_between(last_line_, line);
    if (blank && !block_start_ && !out_.empty()) out_ += '\n';
    force_blank_ = false;
    block_start_ = false;
  }

  void write(int depth, std::string_view text) {
    out_.append(static_cast<std::size_t>(depth * indent_), ' ');
    out_ += text;
  }

  void comment(int depth, const Comment& c) {
    separate(c.loc.line);
    write(depth, c.text);
    out_ += '\n';
    if (c.loc.valid()) last_line_ = c.loc.line;
  }

  /// Writes the comments that come before `loc` in the source, each on its own line.
  void comments_before(const Location& loc, int depth) {
    if (!loc.valid()) return;
    while (next_ < comments_.size() && before(comments_[next_].loc, loc)) comment(depth, comments_[next_++]);
  }

  /// Appends the comment written after `loc` on its line, if there is one.
  bool trailing(const Location& loc) {
    if (!loc.valid() || next_ >= comments_.size()) return false;
    const Comment& c = comments_[next_];
    if (!c.trailing || c.loc.line != loc.line || before(c.loc, loc)) return false;
    out_ += "  ";
    out_ += c.text;
    ++next_;
    return true;
  }

  /// Whether the next node was written on the line where this one ends: a comment at the end
  /// of that line belongs to the last node on it.
  static bool same_line(const Location& end, const Location& next) { return end.valid() && next.valid() && end.line == next.line; }

  /// One line of output for a node written at `loc` and ending at `end` (the last value of a
  /// list, the brace of `{}`); `next` is where the following node starts.
  void line(int depth, const Location& loc, const std::string& text, const Location& end, const Location& next) {
    comments_before(loc, depth);
    separate(loc.line);
    write(depth, text);
    const Location& last = end.valid() ? end : loc;
    if (!same_line(last, next) && !trailing(loc)) trailing(end);
    out_ += '\n';
    last_line_ = std::max({last_line_, loc.line, end.line});
  }

  void block(int depth, const Location& loc, const std::string& head, std::vector<Entry> body, const Location& end) {
    Location after = after_;
    comments_before(loc, depth);
    bool inner_comment = end.valid() && next_ < comments_.size() && before(comments_[next_].loc, end);
    if (body.empty() && !inner_comment) {
      line(depth, loc, head + " {}", end, after);
      return;
    }
    std::vector<Entry> items = arrange(std::move(body));
    line(depth, loc, head + " {", {}, items.empty() ? end : items.front().loc);
    block_start_ = true;
    entries(items, depth + 1, end);
    comments_before(end, depth + 1);
    write(depth, "}");
    if (!same_line(end, after)) trailing(end);
    out_ += '\n';
    last_line_ = std::max(last_line_, end.line);
    block_start_ = false;
  }

  /// Puts entries in the order written and merges the values of one list written in a row,
  /// unless a comment sits between them.
  std::vector<Entry> arrange(std::vector<Entry> es) const {
    std::stable_sort(es.begin(), es.end(), [](const Entry& a, const Entry& b) { return before(a.loc, b.loc); });
    std::vector<Entry> merged;
    for (auto& e : es) {
      if (!merged.empty() && e.list && merged.back().list == e.list && !comment_between(merged.back().last, e.loc)) {
        merged.back().items.insert(merged.back().items.end(), e.items.begin(), e.items.end());
        merged.back().last = e.loc;
        continue;
      }
      e.last = e.loc;
      merged.push_back(std::move(e));
    }
    return merged;
  }

  /// Writes arranged entries; `after` is where the node that follows them starts (a brace).
  void entries(const std::vector<Entry>& es, int depth, const Location& after) {
    bool previous_block = false;
    for (std::size_t i = 0; i < es.size(); ++i) {
      const Entry& e = es[i];
      const Location& next = i + 1 < es.size() ? es[i + 1].loc : after;
      bool is_block = e.decl && multi_line(*e.decl);
      if (i > 0 && (is_block || previous_block)) force_blank_ = true;
      if (e.decl) {
        after_ = next;
        decl(*e.decl, depth);
      } else if (e.list) {
        line(depth, e.loc, list_text(depth, e.items.size() == 1 && !e.one.empty() ? e.one : e.text, e.items), e.last, next);
      } else {
        line(depth, e.loc, e.text, {}, next);
      }
      previous_block = is_block;
    }
  }

  /// `keyword A, B, C`, wrapped after a comma before the line grows wider than the limit, with
  /// the values of the next lines under the first value.
  std::string list_text(int depth, const std::string& keyword, const std::vector<std::string>& items) const {
    std::size_t indent = static_cast<std::size_t>(depth * indent_);
    std::size_t hang = indent + codepoint_count(keyword) + 1;
    std::string out = keyword + " ";
    std::size_t col = hang;
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::size_t len = codepoint_count(items[i]);
      if (i > 0) {
        bool last = i + 1 == items.size();
        if (width_ > 0 && col + 2 + len + (last ? 0 : 1) > static_cast<std::size_t>(width_)) {
          out += ",\n" + std::string(hang, ' ');
          col = hang;
        } else {
          out += ", ";
          col += 2;
        }
      }
      out += items[i];
      col += len;
    }
    return out;
  }

  bool comment_between(const Location& a, const Location& b) const {
    if (!a.valid() || !b.valid()) return false;
    return std::any_of(comments_.begin() + static_cast<std::ptrdiff_t>(next_), comments_.end(),
                       [&](const Comment& c) { return before(a, c.loc) && before(c.loc, b); });
  }

  // ---- building entries

  static void add(std::vector<Entry>& es, const Location& loc, std::string text) {
    es.push_back(Entry{loc, std::move(text), {}, 0, {}, nullptr, {}});
  }
  static void add_list(std::vector<Entry>& es, int list, std::string_view keyword, const std::vector<Name>& names) {
    for (const auto& n : names) es.push_back(Entry{n.loc, std::string(keyword), {std::string(n.text)}, list, {}, nullptr, {}});
  }
  void add_text(std::vector<Entry>& es, const Keyword& w, const std::optional<Text>& t) const {
    if (t) add(es, t->loc, fmt::format("{} {}", k(w), quote(t->text)));
  }
  void add_name(std::vector<Entry>& es, const Keyword& w, const std::optional<Name>& n) const {
    if (n) add(es, n->loc, fmt::format("{} {}", k(w), n->text));
  }
  /// `gửi A, B qua C` and `đồng gửi D, E`.
  void add_addressing(std::vector<Entry>& es, const Addressing& a) const {
    if (!a.to.empty()) {
      std::string s = fmt::format("{} {}", k(kw::to), join(texts(a.to)));
      if (a.via) s += fmt::format(" {} {}", k(kw::via), a.via->text);
      add(es, a.to_loc, s);
    }
    if (!a.copy_to.empty()) add(es, a.copy_loc, fmt::format("{} {}", k(kw::copy_to), join(texts(a.copy_to))));
  }
  /// `cấp trình CP (dự kiến Quý III/2024), QH`.
  void add_passes(std::vector<Entry>& es, const Passes& ps) const {
    std::vector<std::string> items;
    for (const auto& b : ps.bodies) {
      items.emplace_back(b.body.text);
      if (b.expected) items.back() += fmt::format(" ({} {})", k(kw::expected), time(*b.expected));
    }
    add(es, ps.loc, fmt::format("{} {}", k(kw::passes), join(items)));
  }
  void add_source_note(std::vector<Entry>& es, const std::optional<Text>& source, const std::optional<Text>& note) const {
    add_text(es, kw::source, source);
    add_text(es, kw::note, note);
  }

  /// Agencies and events without clauses are written on one line, without braces.
  static bool has_clauses(const AgencyDecl& a) { return a.reports_to || a.ends || !a.aliases.empty() || !a.emails.empty() || a.note; }
  static bool has_clauses(const EventDecl& e) { return !e.after.empty() || e.expected || e.follow_up || e.source || e.note; }
  static bool multi_line(const Decl& d) {
    if (const auto* a = std::get_if<AgencyDecl>(&d)) return has_clauses(*a);
    if (const auto* e = std::get_if<EventDecl>(&d)) return has_clauses(*e);
    return !std::holds_alternative<WaiveDecl>(d) && !std::holds_alternative<IncludeDecl>(d);
  }

  std::string head(const Keyword& w, const Name& id, const Text& title) const {
    return fmt::format("{} {} {}", k(w), id.text, quote(title.text));
  }

  std::string date(const Date& d) const { return lang_ == Lang::vi ? fmt::format("{:02}/{:02}/{}", d.d, d.m, d.y) : d.iso(); }

  void decl(const Decl& d, int depth) {
    std::visit([&](const auto& x) { this->one(x, depth); }, d);
  }

  void one(const PlanDecl& d, int depth) {
    std::vector<Entry> es;
    add_text(es, kw::number, d.number);
    add_name(es, kw::issued_by, d.owner);
    if (d.issued) add(es, d.issued_loc, fmt::format("{} {}", k(kw::issued), date(*d.issued)));
    if (d.effective) add(es, d.effective_loc, fmt::format("{} {}", k(kw::effective), date(*d.effective)));
    if (d.horizon) add(es, d.horizon_loc, fmt::format("{} {}", k(kw::horizon), *d.horizon));
    add_text(es, kw::timezone, d.timezone);
    if (d.reading) {
      bool strict = *d.reading == Reading::strict;
      add(es, d.reading_loc, fmt::format("{} {}", k(kw::reading), strict ? k(kw::strict) : k(kw::lenient)));
    }
    if (d.due_soon_days) add(es, d.due_soon_loc, fmt::format("{} {}", k(kw::due_soon), days_text(*d.due_soon_days, lang_)));
    for (const auto& dd : d.duty_days)
      add(es, dd.loc, fmt::format("{} {}", k(kw::duty_day), format_recurrence(dd.every, lang_, keep_text_)));
    add_name(es, kw::follow_up, d.follow_up);
    for (const auto& b : d.basis) add(es, b.loc, fmt::format("{} {}", k(kw::basis), quote(b.text)));
    add_name(es, kw::escalation, d.escalation);
    add_source_note(es, d.source, d.note);
    block(depth, d.loc, head(kw::plan, d.id, d.title), std::move(es), d.end_loc);
  }

  void one(const AgencyDecl& d, int depth) {
    std::string h = d.external ? head(kw::external_agency, d.id, d.name) : head(kw::agency, d.id, d.name);
    if (!has_clauses(d)) {
      line(depth, d.loc, h, d.end_loc, after_);
      return;
    }
    std::vector<Entry> es;
    add_name(es, kw::reports_to, d.reports_to);
    if (d.ends) {
      std::string_view how = d.ends->kind == AgencyEnd::Kind::merged  ? k(kw::merged_into)
                             : d.ends->kind == AgencyEnd::Kind::split ? k(kw::split_into)
                                                                      : k(kw::abolished);
      add(es, d.ends->loc,
          fmt::format("{} {} {} {} {} {}", k(kw::ends), date(d.ends->on), how, join(texts(d.ends->successors)), k(kw::by_document),
                      quote(d.ends->by.text)));
    }
    for (const auto& a : d.aliases) add(es, a.loc, fmt::format("{} {}", k(kw::alias), quote(a.text)));
    for (const auto& e : d.emails) add(es, e.loc, fmt::format("{} {}", k(kw::email), quote(e.text)));
    add_text(es, kw::note, d.note);
    block(depth, d.loc, h, std::move(es), d.end_loc);
  }

  void one(const GroupDecl& d, int depth) {
    std::vector<Entry> es;
    add_list(es, 1, k(kw::members), d.members);
    add_text(es, kw::note, d.note);
    block(depth, d.loc, head(kw::group, d.id, d.name), std::move(es), d.end_loc);
  }

  void one(const SectionDecl& d, int depth) {
    std::vector<Entry> es;
    add_text(es, kw::source, d.source);
    add_name(es, kw::escalation, d.escalation);
    if (d.quiet) add(es, d.quiet_loc, both(kw::escalation, kw::none));
    for (const auto& item : d.items) es.push_back(Entry{location_of(item), {}, {}, 0, {}, &item, {}});
    block(depth, d.loc, head(kw::section, d.id, d.title), std::move(es), d.end_loc);
  }

  void one(const TaskDecl& d, int depth) {
    std::vector<Entry> es;
    add_text(es, kw::content, d.content);
    add_list(es, 1, k(kw::lead), d.leads);
    add_list(es, 2, k(kw::support), d.support);
    add_text(es, kw::deliverable, d.deliverable);
    for (const auto& due : d.due) {
      std::string s = fmt::format("{} {}", k(kw::due), time(due.time));
      if (due.per) s += fmt::format(" {} {}", k(kw::per), quote(due.per->text));
      add(es, due.loc, s);
    }
    if (d.trigger) {
      std::string mode = d.trigger->mode == Trigger::Mode::all   ? fmt::format(" {}", k(kw::all_of))
                         : d.trigger->mode == Trigger::Mode::any ? fmt::format(" {}", k(kw::any_of))
                                                                 : std::string();
      std::string starts(k(kw::starts_after));
      if (const auto& lag = d.trigger->lag) {
        starts = fmt::format("{} {} {} {}", k(kw::starts), lag->amount, unit_text(lag->unit, lag->amount, lang_), k(kw::after));
      }
      add(es, d.trigger->loc, fmt::format("{}{} {}", starts, mode, join(texts(d.trigger->on))));
    }
    add_list(es, 3, k(kw::depends_on), d.depends_on);
    if (d.duration) {
      add(es, d.duration->loc,
          fmt::format("{} {} {}", k(kw::duration), d.duration->amount, unit_text(d.duration->unit, d.duration->amount, lang_)));
    }
    if (d.target) add(es, d.target->loc, target(*d.target));
    add_text(es, kw::unit, d.unit);
    if (d.sent) add_addressing(es, *d.sent);
    if (d.passes) add_passes(es, *d.passes);
    add_name(es, kw::escalation, d.escalation);
    if (d.quiet) add(es, d.quiet_loc, both(kw::escalation, kw::none));
    if (d.waived) {
      std::string s = fmt::format("{} {}", k(kw::waived_by), quote(d.waived->by.text));
      if (d.waived->reason) s += fmt::format(" {} {}", k(kw::reason), quote(d.waived->reason->text));
      add(es, d.waived->loc, s);
    }
    add_text(es, kw::source, d.source);
    for (const auto& src : d.more_sources) add(es, src.loc, fmt::format("{} {}", k(kw::source), quote(src.text)));
    for (const auto& n : d.notes) add(es, n.loc, fmt::format("{} {}", k(kw::note), quote(n.text)));
    block(depth, d.loc, head(kw::task, d.id, d.title), std::move(es), d.end_loc);
  }

  void one(const EventDecl& d, int depth) {
    std::string h = head(kw::event, d.id, d.title);
    if (!has_clauses(d)) {
      line(depth, d.loc, h, d.end_loc, after_);
      return;
    }
    std::vector<Entry> es;
    add_list(es, 1, k(kw::after), d.after);
    if (d.expected) add(es, d.expected_loc, fmt::format("{} {}", k(kw::expected), time(*d.expected)));
    add_name(es, kw::follow_up, d.follow_up);
    add_source_note(es, d.source, d.note);
    block(depth, d.loc, h, std::move(es), d.end_loc);
  }

  void one(const DutyDecl& d, int depth) {
    std::vector<Entry> es;
    if (d.every_loc.valid() || !d.every.text.empty()) add(es, d.every_loc, format_recurrence(d.every, lang_, keep_text_));
    if (d.after) add(es, d.after->loc, fmt::format("{} {}", k(kw::due), time(d.after->time)));
    if (d.period) add(es, d.period_loc, time(*d.period));
    if (d.all_leads) add(es, d.all_leads_loc, both(kw::done_by, kw::all_leads));
    add_list(es, 1, k(kw::done_by), d.by);
    add_addressing(es, d.sent);
    add_text(es, kw::deliverable, d.deliverable);
    add_name(es, kw::escalation, d.escalation);
    if (d.quiet) add(es, d.quiet_loc, both(kw::escalation, kw::none));
    add_source_note(es, d.source, d.note);
    block(depth, d.loc, head(kw::duty, d.id, d.title), std::move(es), d.end_loc);
  }

  /// `mục tiêu …` as written in the canonical form, milestones first (docs/language.md §4.8).
  std::string target(const Target& t) const {
    std::string v;
    for (const auto& m : t.earlier) v += fmt::format("{} {} {}, ", target_value(t, m.value, m.value_max), k(kw::in_year), m.year);
    if (t.about) fmt::format_to(std::back_inserter(v), "{} ", k(kw::about));
    if (t.measure == Target::Measure::average_rate) fmt::format_to(std::back_inserter(v), "{} ", k(kw::average));
    if (t.measure == Target::Measure::total) fmt::format_to(std::back_inserter(v), "{} ", k(kw::total));
    if (t.measure == Target::Measure::average_decrease) fmt::format_to(std::back_inserter(v), "{} ", k(kw::average_decrease));
    if (t.change == Target::Change::up || t.change == Target::Change::down) {
      v += fmt::format("{} {} {} {}{}", k(t.change == Target::Change::up ? kw::up : kw::down), t.value.text, k(kw::compared_to),
                       say(lang_, "năm ", ""), *t.from_year);
    } else if (t.change == Target::Change::times) {
      v += lang_ == Lang::en ? fmt::format("{} times {}", t.value.text, *t.from_year)
                             : fmt::format("gấp {} lần so với năm {}", t.value.text, *t.from_year);
    } else {
      v += target_value(t, t.value, t.value_max);
    }
    if (t.measure != Target::Measure::level) {
      v += fmt::format(" {} {} - {}", k(kw::over_period), *t.from_year, *t.year);
    } else if (t.year) {
      v += fmt::format(" {} {}", k(kw::in_year), *t.year);
    }
    if (t.every_year) fmt::format_to(std::back_inserter(v), " {}", k(kw::every_year));
    if (t.tolerance) v += fmt::format(" {} {}", k(kw::tolerance), t.tolerance->text);
    return fmt::format("{} {}", k(kw::target), v);
  }
  std::string target_value(const Target& t, const Number& value, const std::optional<Number>& value_max) const {
    std::string v;
    switch (t.cmp) {
      case Target::Cmp::ge:
        v = fmt::format("{} ", k(kw::at_least));
        break;
      case Target::Cmp::le:
        v = fmt::format("{} ", k(kw::at_most));
        break;
      case Target::Cmp::gt:
        v = "> ";
        break;
      case Target::Cmp::lt:
        v = "< ";
        break;
      case Target::Cmp::eq:
      case Target::Cmp::range:
        break;
    }
    v += value.text;
    if (value_max) fmt::format_to(std::back_inserter(v), " - {}", value_max->text);
    return v;
  }

  void one(const IndicatorDecl& d, int depth) {
    std::vector<Entry> es;
    add_text(es, kw::unit, d.unit);
    if (d.target) add(es, d.target->loc, target(*d.target));
    if (d.baseline) {
      add(es, d.baseline->value.loc, fmt::format("{} {} {} {}", k(kw::baseline), d.baseline->value.text, k(kw::in_year), d.baseline->year));
    }
    for (const auto& yv : d.trajectory) {
      std::string v = fmt::format("{}: {}", yv.year, yv.value.text);
      if (yv.value_max) fmt::format_to(std::back_inserter(v), " - {}", yv.value_max->text);
      es.push_back(Entry{yv.value.loc, std::string(k(kw::trajectory)), {std::move(v)}, 1, {}, nullptr, {}});
    }
    std::size_t first_owner = es.size();
    add_list(es, 2, k(kw::owners), d.owners);
    for (std::size_t i = first_owner; i < es.size(); ++i) es[i].one = k(kw::owner);
    add_name(es, kw::part_of, d.part_of);
    add_source_note(es, d.source, d.note);
    block(depth, d.loc, head(kw::indicator, d.id, d.name), std::move(es), d.end_loc);
  }

  std::string recipients(const std::vector<Recipient>& to) const {
    std::vector<std::string> out;
    for (const auto& r : to) {
      switch (r.kind) {
        case Recipient::Kind::lead:
          out.emplace_back(k(kw::lead));
          break;
        case Recipient::Kind::support:
          out.emplace_back(k(kw::support));
          break;
        case Recipient::Kind::follow_up:
          out.emplace_back(k(kw::follow_up_agency));
          break;
        case Recipient::Kind::agency:
          out.emplace_back(r.agency.text);
          break;
      }
    }
    return fmt::format("{} {}", k(kw::to), join(out));
  }

  std::string step(const EscalationStep& st) const {
    using K = EscalationStep::Kind;
    std::string label = st.label ? " " + quote(st.label->text) : "";
    std::string days = days_text(st.days, lang_);
    std::string s;
    switch (st.kind) {
      case K::remind_before:
        s = fmt::format("{} {}{}", k(kw::remind), days, lang_ == Lang::en ? " before due" : "");  // `remind 7 days before due`
        break;
      case K::remind_on_due:
        s = std::string(k(kw::remind_on_due));
        break;
      case K::level:
        s = fmt::format("{} {}{} {} {}", k(kw::level), st.level, label, k(kw::after_due), days);
        break;
      case K::long_overdue:
        s = fmt::format("{}{} {}", k(kw::long_overdue), label, days);
        break;
      case K::report_missed:
        s = fmt::format("{} {}", k(kw::report_missed), days);
        break;
      case K::event_late:
        s = fmt::format("{} {}", k(kw::event_late), days);
        break;
    }
    s += " " + recipients(st.to);
    if (st.repeat_days && st.kind != K::remind_on_due) s += fmt::format(" {} {}", k(kw::repeat), days_text(*st.repeat_days, lang_));
    return s;
  }

  void one(const EscalationDecl& d, int depth) {
    std::vector<Entry> es;
    for (const auto& st : d.steps) {
      add(es, st.loc, step(st));
      for (const auto& t : st.templates)
        add(es, t.loc, fmt::format("{}{} {}", k(kw::message_template), t.lang == Lang::en ? " en" : "", quote(t.text.text)));
    }
    if (d.daily_digest) add(es, d.digest_loc, std::string(k(kw::daily_digest)));
    block(depth, d.loc, head(kw::policy, d.id, d.title), std::move(es), d.end_loc);
  }

  void one(const WaiveDecl& d, int depth) {
    std::string s = fmt::format("{} {} {} {}", k(kw::waive), d.task.text, k(kw::by_document), quote(d.waiver.by.text));
    if (d.waiver.reason) s += fmt::format(" {} {}", k(kw::reason), quote(d.waiver.reason->text));
    line(depth, d.loc, s, {}, after_);
  }

  void one(const HolidaysDecl& d, int depth) {
    std::vector<Entry> es;
    add_text(es, kw::source, d.source);
    if (d.official) add(es, d.official_loc, std::string(k(kw::official)));
    for (const auto& e : d.entries) {
      std::string s = fmt::format("{} {}", e.working_day ? k(kw::working_day) : k(kw::holiday), date(e.from));
      if (e.to != e.from) s += " - " + date(e.to);
      add(es, e.loc, s + " " + quote(e.name.text));
    }
    block(depth, d.loc, fmt::format("{} {}", k(kw::holidays), d.year), std::move(es), d.end_loc);
  }

  void one(const IncludeDecl& d, int depth) { line(depth, d.loc, fmt::format("{} {}", k(kw::include), quote(d.path.text)), {}, after_); }
};

}  // namespace

std::string format_time(const TimeExpr& t, Lang lang, bool keep_text) {
  if (keep_text && !t.text.empty()) return t.text;
  return render_time(t, lang);
}

std::string format_recurrence(const Recurrence& r, Lang lang, bool keep_text) {
  // A list of years may run over lines and hold comments; those are printed on their own.
  bool one_line = r.text.find_first_of("\n\r#") == std::string::npos;
  if (keep_text && !r.text.empty() && one_line) return r.text;
  return render_recurrence(r, lang);
}

std::string format_file(const FileAst& file, const FormatOptions& options) {
  return Printer(file, options).run();
}

std::string quote_text(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out + '"';
}

}  // namespace dondoc::dsl
