// The only translation unit that includes PEGTL: actions that build the syntax tree from
// dsl/grammar.hpp, and the recovery loop that reports every error. Loading files is dsl/load.cpp.

#include "dsl/parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <initializer_list>

#include "dsl/grammar.hpp"
#include "dsl/keywords.hpp"
#include "dsl/text.hpp"

namespace dondoc::dsl {

namespace g = grammar;
namespace pegtl = tao::pegtl;

namespace {

template <class... Ts>
struct overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

/// Splits "code\x1fvi\x1fen" into its parts.
struct CodedMessage {
  std::string code;
  Message msg;
};

CodedMessage split_message(std::string_view raw) {
  CodedMessage out;
  auto a = raw.find('\x1f');
  if (a == std::string_view::npos) {
    out.msg = {std::string(raw), std::string(raw)};
    return out;
  }
  auto b = raw.find('\x1f', a + 1);
  out.code = std::string(raw.substr(0, a));
  out.msg.vi = std::string(raw.substr(a + 1, b - a - 1));
  out.msg.en = b == std::string_view::npos ? out.msg.vi : std::string(raw.substr(b + 1));
  return out;
}

std::string coded(std::string_view code, std::string_view vi, std::string_view en) {
  return fmt::format("{}\x1f{}\x1f{}", code, vi, en);
}

/// The integers in a matched literal, in order ("Quý IV năm 2024" → {2024}).
std::vector<int> integers(std::string_view s) {
  std::vector<int> out;
  int cur = -1;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      cur = (cur < 0 ? 0 : cur * 10) + (c - '0');
      if (cur > 1000000) cur = 1000000;
    } else if (cur >= 0) {
      out.push_back(cur);
      cur = -1;
    }
  }
  if (cur >= 0) out.push_back(cur);
  return out;
}

int roman_quarter(std::string_view s) {
  // The quarter number follows the keyword; the matched text has the form "<kw> <Q><sep><year>".
  auto sp = s.find_first_of(" \t");
  std::string_view rest = s.substr(sp == std::string_view::npos ? 0 : sp);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  if (rest.rfind("IV", 0) == 0) return 4;
  if (rest.rfind("III", 0) == 0) return 3;
  if (rest.rfind("II", 0) == 0) return 2;
  if (rest.rfind("I", 0) == 0) return 1;
  if (!rest.empty() && rest.front() >= '1' && rest.front() <= '4') return rest.front() - '0';
  return 0;
}

double number_value(std::string_view s) {
  // "10,1" and "10.1" are decimals; "1.650.000" groups thousands with dots.
  std::string t(s);
  bool has_comma = t.find(',') != std::string::npos;
  auto dots = std::count(t.begin(), t.end(), '.');
  std::string clean;
  for (char c : t) {
    if (c == '.') {
      if (has_comma || dots > 1) continue;
      clean += '.';
    } else if (c == ',') {
      clean += '.';
    } else {
      clean += c;
    }
  }
  try {
    return std::stod(clean);
  } catch (...) {
    return 0;
  }
}

/// Everything the actions need: where we are, the tree being built, and scratch registers.
struct State {
  const SourceFile* file = nullptr;
  FileAst* ast = nullptr;
  Diagnostics* diags = nullptr;
  bool recovering = false;  ///< the loop resumed after a syntax error: a '}' may close a block it skipped
  Location warned_number;
  int vi_keywords = 0, en_keywords = 0;

  // The declaration being built (a leaf: not a section) and the open sections.
  std::optional<Decl> leaf;
  AgencyEnd::Kind end_kind = AgencyEnd::Kind::merged;  ///< of the `chấm dứt` clause being read
  std::vector<SectionDecl> sections;
  Name head_id;
  Text head_title;

  // Scratch registers filled by inner rules and consumed by the clause that owns them.
  Text str;
  std::vector<Name> names;
  std::vector<TimePoint> points;
  TimeExpr time;
  Recurrence rec;
  std::vector<Recipient> recipients;
  std::vector<YearValue> year_values;
  Number num, num_max;
  bool has_num_max = false;
  int target_year = 0;
  bool target_every_year = false;
  std::optional<Number> target_tolerance;
  // The target clause being read (docs/language.md §4.8): what its forms set, then the target.
  bool target_about = false;
  Target::Measure target_measure = Target::Measure::level;
  Target::Change change_dir = Target::Change::none, target_change = Target::Change::none;
  Number change_amount;
  int change_year = 0, period_first = 0, period_last = 0;
  Number yv_low;
  std::optional<Number> yv_max;
  std::optional<Target> target;
  Target::Cmp cmp = Target::Cmp::eq;
  bool cmp_set = false;
  int count = 0, repeat = 0, level = 0;
  bool has_repeat = false;
  bool has_days = false;  ///< the escalation step being read wrote its number of days
  Lang template_lang = Lang::vi;
  std::optional<Text> label;
  std::optional<Text> reason;
  std::optional<Text> per;
  Text waiver_by;
  bool external = false;
  bool policy_none = false;
  bool all_leads = false;
  std::optional<Name> via;
  Trigger::Mode trigger_mode = Trigger::Mode::one;
  std::optional<Duration> lag;  ///< of the trigger being read (`bắt đầu 30 ngày sau …`)
  std::optional<Name> anchor;   ///< of the time being read (`30 ngày sau khi II.3 hoàn thành`)
  TimeExpr::Unit unit = TimeExpr::Unit::days;
  Date holiday_from, holiday_to;
  bool holiday_has_to = false;
  int holiday_year = 0;
  Location last_close;  // the last '}': the end of the declaration being built
  // The clauses written once so far in the declaration being built (for RepeatedClause).
  std::vector<std::pair<std::string_view, Location>> once_seen;

  Location loc(const pegtl::position& p) const {
    return Location{file, static_cast<std::uint32_t>(p.line), column_of(file->line_text(static_cast<std::uint32_t>(p.line)), p.column - 1)};
  }
  /// The place of what an action matched, from its byte offset in the file. PEGTL's own
  /// position tracking is lazy (much faster to match), so its `position()` rescans from the
  /// start of the input: actions never call it.
  template <typename Input>
  Location loc(const Input& in) const {
    return loc_at(static_cast<std::size_t>(in.begin() - file->text.data()));
  }
  /// The count an action matched (a level, a number of days). One larger than any count the
  /// language means is an error at its place, never a number cut short silently.
  template <typename Input>
  int count_in(const Input& in) {
    constexpr int kMaxCount = 1000000;
    std::string_view digits = in.string_view();
    if (digits.size() <= 7 && integers(digits).front() <= kMaxCount) return integers(digits).front();
    std::string shown = digits.size() > 24 ? std::string(digits.substr(0, 24)) + "…" : std::string(digits);
    diags->error(loc(in), Message{fmt::format("số '{}' quá lớn; tối đa là {}", shown, kMaxCount),
                                  fmt::format("the number '{}' is too large; the most is {}", shown, kMaxCount)});
    return kMaxCount;
  }
  Location loc_at(std::size_t byte) const {
    const auto& starts = file->line_starts;
    // Most lookups are on the line of the previous one, or the next: try those before searching.
    if (!(cached_line_ < starts.size() && starts[cached_line_] <= byte &&
          (cached_line_ + 1 == starts.size() || byte < starts[cached_line_ + 1]))) {
      if (cached_line_ + 1 < starts.size() && starts[cached_line_ + 1] <= byte &&
          (cached_line_ + 2 >= starts.size() || byte < starts[cached_line_ + 2])) {
        ++cached_line_;
      } else {
        cached_line_ = static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), byte) - starts.begin()) - 1;
      }
      cached_byte_ = starts[cached_line_];
      cached_col_ = 1;
    }
    if (byte < cached_byte_) {  // backtracked within the line
      cached_byte_ = starts[cached_line_];
      cached_col_ = 1;
    }
    // Columns count code points: continue counting from the last place asked on this line.
    const char* text = file->text.data();
    for (; cached_byte_ < byte; ++cached_byte_) {
      if ((static_cast<unsigned char>(text[cached_byte_]) & 0xC0) != 0x80) ++cached_col_;
    }
    return Location{file, static_cast<std::uint32_t>(cached_line_ + 1), cached_col_};
  }

 private:
  mutable std::size_t cached_line_ = 0, cached_byte_ = 0;
  mutable std::uint32_t cached_col_ = 1;

 public:
  void count_lang(std::string_view head) {
    bool ascii = std::all_of(head.begin(), head.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    (ascii ? en_keywords : vi_keywords)++;
  }

  /// Adds a finished declaration to the innermost open section, or to the file.
  void emit(Decl d) {
    if (!sections.empty()) {
      sections.back().items.push_back(std::move(d));
    } else {
      ast->decls.push_back(std::move(d));
    }
  }

  Name take_name() {
    Name n = names.empty() ? Name{} : names.back();
    names.clear();
    return n;
  }
  /// The names read so far, in a vector of their exact size (the tree keeps it); the scratch
  /// register keeps its capacity for the next clause.
  std::vector<Name> take_names() {
    std::vector<Name> out(names.begin(), names.end());
    names.clear();
    return out;
  }
};

template <typename T>
T* leaf_as(State& s) {
  return s.leaf ? std::get_if<T>(&*s.leaf) : nullptr;
}

template <typename Input>
[[noreturn]] void fail(const Input& in, std::string_view code, std::string_view vi, std::string_view en) {
  // Errors raised by actions point at the start of what they matched: mark them so.
  throw pegtl::parse_error(coded(fmt::format("at:{}", code), vi, en), in);
}

template <typename Input>
Date checked_date(const Input& in, int y, int m, int d) {
  if (m < 1 || m > 12) {
    fail(in, "bad_month", fmt::format("tháng {} không có thật: tháng phải từ 1 đến 12", m),
         fmt::format("month {} does not exist: a month is 1 to 12", m));
  }
  if (y < 1) {
    fail(in, "bad_date", fmt::format("năm {:04} không có thật: năm bắt đầu từ 0001", y),
         fmt::format("year {:04} does not exist: years start at 0001", y));
  }
  Date date{y, m, d};
  if (!date.valid()) {
    fail(in, "bad_date", fmt::format("ngày {:02}/{:02}/{} không có thật: tháng {} năm {} có {} ngày", d, m, y, m, y, days_in_month(y, m)),
         fmt::format("{:02}/{:02}/{} is not a real date: month {} of {} has {} days", d, m, y, m, y, days_in_month(y, m)));
  }
  return date;
}

// ---------------------------------------------------------------- actions
template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<g::comment> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    Location loc = s.loc(in);
    std::size_t line_start = s.file->line_starts[loc.line - 1];
    std::string_view before(s.file->text.data() + line_start, static_cast<std::size_t>(in.begin() - s.file->text.data()) - line_start);
    bool trailing = before.find_first_not_of(" \t") != std::string_view::npos;
    std::string_view text(in.begin(), in.size());
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    // `skip` runs again over the same comments after a backtrack (e.g. an optional `;`): keep one.
    if (!s.ast->comments.empty()) {
      const Location& last = s.ast->comments.back().loc;
      if (last.line > loc.line || (last.line == loc.line && last.col >= loc.col)) return;
    }
    s.ast->comments.push_back(Comment{text, loc, trailing});
  }
};

template <>
struct action<g::string_body> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    std::string_view raw(in.begin(), in.size());
    std::string_view text = raw;
    if (raw.find('\\') != std::string_view::npos) {  // rare: only then does the text need storage of its own
      std::string out;
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size()) {
          char c = raw[++i];
          out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
        } else {
          out += raw[i];
        }
      }
      text = s.file->own(std::move(out));
    }
    Location loc = s.loc(in);
    if (loc.col > 1) --loc.col;  // point at the opening quote
    s.str = Text{text, loc};
  }
};

template <>
struct action<g::name> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.names.push_back(Name{std::string_view(in.begin(), in.size()), s.loc(in)});
  }
};

template <>
struct action<g::decl_id> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.head_id = Name{std::string_view(in.begin(), in.size()), s.loc(in)};
  }
};

template <>
struct action<g::decl_title> {
  template <typename Input>
  static void apply(const Input&, State& s) {
    s.head_title = s.str;
  }
};

// ---- time points
struct PointAction {
  template <typename Input>
  static void push(const Input& in, State& s, TimePoint tp) {
    if (tp.kind == TimePoint::Kind::day) checked_date(in, tp.y, tp.m, tp.d);
    if (tp.kind == TimePoint::Kind::month && (tp.m < 1 || tp.m > 12)) checked_date(in, tp.y, tp.m, 1);
    if (tp.kind == TimePoint::Kind::day_month) checked_date(in, 2024, tp.m, tp.d);  // a leap year allows 29/02
    s.points.push_back(tp);
  }
};

template <>
struct action<g::date_iso> : PointAction {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto v = integers(in.string());
    push(in, s, TimePoint{TimePoint::Kind::day, v[0], 0, v[1], v[2]});
  }
};
template <>
struct action<g::date_dmy> : PointAction {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto v = integers(in.string());
    push(in, s, TimePoint{TimePoint::Kind::day, v[2], 0, v[1], v[0]});
  }
};
template <>
struct action<g::date_long> : PointAction {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto v = integers(in.string());
    push(in, s, TimePoint{TimePoint::Kind::day, v[2], 0, v[1], v[0]});
  }
};
template <>
struct action<g::date_dm> : PointAction {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto v = integers(in.string());
    push(in, s, TimePoint{TimePoint::Kind::day_month, 0, 0, v[1], v[0]});
  }
};
template <>
struct action<g::month_iso> : PointAction {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto v = integers(in.string());
    push(in, s, TimePoint{TimePoint::Kind::month, v[0], 0, v[1], 0});
  }
};
template <>
struct action<g::month_slash> : PointAction {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto v = integers(in.string());
    push(in, s, TimePoint{TimePoint::Kind::month, v[1], 0, v[0], 0});
  }
};
template <>
struct action<g::month_words> : PointAction {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto v = integers(in.string());
    push(in, s, TimePoint{TimePoint::Kind::month, v[1], 0, v[0], 0});
  }
};
template <>
struct action<g::quarter_long> : PointAction {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto v = integers(in.string());
    push(in, s, TimePoint{TimePoint::Kind::quarter, v.back(), roman_quarter(in.string()), 0, 0});
  }
};
template <>
struct action<g::quarter_short> : PointAction {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto v = integers(in.string());
    push(in, s, TimePoint{TimePoint::Kind::quarter, v[1], v[0], 0, 0});
  }
};
template <>
struct action<g::quarter_iso> : PointAction {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto v = integers(in.string());
    push(in, s, TimePoint{TimePoint::Kind::quarter, v[0], v[1], 0, 0});
  }
};
template <>
struct action<g::year_words> : PointAction {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    push(in, s, TimePoint{TimePoint::Kind::year, integers(in.string()).back(), 0, 0, 0});
  }
};
template <>
struct action<g::year_bare> : PointAction {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    push(in, s, TimePoint{TimePoint::Kind::year, integers(in.string()).back(), 0, 0, 0});
  }
};

template <>
struct action<g::half_words> : PointAction {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    bool second = in.string().find("cuối") != std::string::npos;
    push(in, s, TimePoint{TimePoint::Kind::half, integers(in.string()).back(), second ? 2 : 1, 0, 0});
  }
};
template <>
struct action<g::mid_year> : PointAction {  // "giữa năm": by the middle of the year, the first half
  template <typename Input>
  static void apply(const Input& in, State& s) {
    push(in, s, TimePoint{TimePoint::Kind::half, integers(in.string()).back(), 1, 0, 0});
  }
};
template <>
struct action<g::half_iso> : PointAction {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto v = integers(in.string());
    push(in, s, TimePoint{TimePoint::Kind::half, v[0], v[1], 0, 0});
  }
};
template <>
struct action<g::half_short> : PointAction {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto v = integers(in.string());
    push(in, s, TimePoint{TimePoint::Kind::half, v[1], v[0], 0, 0});
  }
};
template <>
struct action<g::year_end> : PointAction {  // "cuối năm 2023": the end of the year
  template <typename Input>
  static void apply(const Input& in, State& s) {
    push(in, s, TimePoint{TimePoint::Kind::year, integers(in.string()).back(), 0, 0, 0});
  }
};

// ---- time expressions
template <>
struct action<g::time_begin> {
  static void apply0(State& s) {
    s.time = TimeExpr{};
    s.points.clear();
    s.anchor.reset();
  }
};
template <>
struct action<g::completion_word> {
  static void apply0(State& s) { s.time.completion = true; }
};
template <>
struct action<g::aspiration_word> {
  static void apply0(State& s) { s.time.aspirational = true; }
};
template <>
struct action<g::time_note_text> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.time.note = in.string();
    while (!s.time.note.empty() && s.time.note.back() == ' ') s.time.note.pop_back();
  }
};
template <>
struct action<g::during_plan> {
  static void apply0(State& s) { s.time.form = TimeExpr::Form::during_plan; }
};
template <>
struct action<g::open_ended> {
  static void apply0(State& s) { s.time.form = TimeExpr::Form::open_ended; }
};
template <>
struct action<g::urgent> {
  static void apply0(State& s) { s.time.form = TimeExpr::Form::urgent; }
};
template <>
struct action<g::immediately> {
  static void apply0(State& s) {
    s.time.form = TimeExpr::Form::relative;
    s.time.amount = 0;
    s.time.unit = TimeExpr::Unit::days;
  }
};
template <>
struct action<g::unit_days> {
  static void apply0(State& s) { s.unit = TimeExpr::Unit::days; }
};
template <>
struct action<g::unit_working_days> {
  static void apply0(State& s) { s.unit = TimeExpr::Unit::working_days; }
};
template <>
struct action<g::unit_months> {
  static void apply0(State& s) { s.unit = TimeExpr::Unit::months; }
};
template <>
struct action<g::relative_amount> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.time.amount = integers(in.string()).front();
  }
};
template <>
struct action<g::due_anchor> {
  static void apply0(State& s) {
    s.anchor = s.names.back();
    s.names.pop_back();
    s.time.anchor = std::string(s.anchor->text);
  }
};
template <>
struct action<g::relative_expr> {
  static void apply0(State& s) {
    s.time.form = TimeExpr::Form::relative;
    s.time.unit = s.unit;
  }
};

template <typename Input>
void set_period(const Input& in, State& s) {
  if (s.points.size() < 2) return;
  s.time.form = TimeExpr::Form::period;
  s.time.point = s.points[s.points.size() - 2];
  s.time.to = s.points.back();
  if (s.time.point.kind == TimePoint::Kind::day_month || s.time.to.kind == TimePoint::Kind::day_month) {
    fail(in, "period_year", "giai đoạn phải có năm ở cả hai đầu", "both ends of a period need a year");
  }
  if (s.time.to.last_day() < s.time.point.first_day()) {
    fail(in, "period_order", fmt::format("giai đoạn kết thúc ({}) trước khi bắt đầu ({})", s.time.to.plain(), s.time.point.plain()),
         fmt::format("the period ends ({}) before it begins ({})", s.time.to.plain(), s.time.point.plain()));
  }
}
template <>
struct action<g::period_words> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    set_period(in, s);
  }
};
template <>
struct action<g::period_bare> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto v = integers(in.string());
    s.points.push_back(TimePoint{TimePoint::Kind::year, v[0], 0, 0, 0});
    s.points.push_back(TimePoint{TimePoint::Kind::year, v[1], 0, 0, 0});
    set_period(in, s);
  }
};

template <>
struct action<g::month_range> : PointAction {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto v = integers(in.string());
    push(in, s, TimePoint{TimePoint::Kind::month, v[2], 0, v[0], 0});
    push(in, s, TimePoint{TimePoint::Kind::month, v[2], 0, v[1], 0});
    set_period(in, s);
  }
};

template <TimeExpr::Form F>
struct point_form {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (s.points.empty()) return;
    s.time.form = F;
    s.time.point = s.points.back();
    if (s.time.point.kind == TimePoint::Kind::day_month && F != TimeExpr::Form::before) {
      fail(in, "no_year", "thiếu năm: ngày không có năm chỉ dùng trong nghĩa vụ định kỳ",
           "the year is missing: a day without a year is only for recurring duties");
    }
  }
};
template <>
struct action<g::before_expr> : point_form<TimeExpr::Form::before> {};
template <>
struct action<g::within_expr> : point_form<TimeExpr::Form::within> {};
template <>
struct action<g::by_expr> : point_form<TimeExpr::Form::by> {};
template <>
struct action<g::at_expr> : point_form<TimeExpr::Form::at> {};
template <>
struct action<g::half_at> : point_form<TimeExpr::Form::at> {};
template <>
struct action<g::from_expr> : point_form<TimeExpr::Form::from> {};
template <>
struct action<g::meeting_expr> : point_form<TimeExpr::Form::at> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    point_form<TimeExpr::Form::at>::apply(in, s);
    s.time.meeting = true;
  }
};

template <>
struct action<g::time_expr> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    std::string text = in.string();
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
    s.time.text = std::move(text);
  }
};

// ---- recurrences
template <>
struct action<g::recur_begin> {
  static void apply0(State& s) { s.rec = Recurrence{}; }
};
template <>
struct action<g::freq_yearly> {
  static void apply0(State& s) { s.rec.freq = Recurrence::Freq::yearly; }
};
template <>
struct action<g::freq_half> {
  static void apply0(State& s) { s.rec.freq = Recurrence::Freq::half_yearly; }
};
template <>
struct action<g::freq_quarterly> {
  static void apply0(State& s) { s.rec.freq = Recurrence::Freq::quarterly; }
};
template <>
struct action<g::freq_monthly> {
  static void apply0(State& s) { s.rec.freq = Recurrence::Freq::monthly; }
};
template <>
struct action<g::fixed_year> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.rec.years.push_back(integers(in.string()).front());
  }
};
template <>
struct action<g::freq_years> {
  static void apply0(State& s) { s.rec.freq = Recurrence::Freq::fixed_years; }
};
template <>
struct action<g::anchor_before> {
  static void apply0(State& s) { s.rec.anchor = Recurrence::Anchor::before; }
};
template <>
struct action<g::anchor_on> {
  static void apply0(State& s) { s.rec.anchor = Recurrence::Anchor::on; }
};
template <>
struct action<g::anchor_day> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto v = integers(in.string());
    s.rec.day = v[0];
    s.rec.month = v.size() > 1 ? v[1] : 0;
    if (s.rec.month) {
      checked_date(in, 2024, s.rec.month, s.rec.day);
    } else if (s.rec.day < 1 || s.rec.day > 31) {
      fail(in, "bad_day", fmt::format("ngày {} không có thật", s.rec.day), fmt::format("day {} does not exist", s.rec.day));
    }
  }
};
template <>
struct action<g::recurrence> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.rec.text = in.string();
    bool yearly = s.rec.freq == Recurrence::Freq::yearly || s.rec.freq == Recurrence::Freq::fixed_years;
    if (s.rec.anchor != Recurrence::Anchor::none && yearly && s.rec.month == 0) {
      fail(in, "anchor_month", "kỳ báo cáo hằng năm cần cả ngày và tháng, ví dụ 'trước ngày 30/11'",
           "a yearly date needs a day and a month, such as 'before 30/11'");
    }
    if (s.rec.anchor != Recurrence::Anchor::none && !yearly && s.rec.month != 0) {
      fail(in, "anchor_day_only", "kỳ báo cáo hằng quý hoặc hằng tháng chỉ ghi ngày, ví dụ 'trước ngày 20'",
           "a quarterly or monthly date gives only the day, such as 'before day 20'");
    }
  }
};

// ---- shared clauses
template <>
struct action<g::source_clause> {
  static void apply0(State& s) {
    if (s.leaf) {
      std::visit(overloaded{[&](TaskDecl& d) {
                              if (d.source)
                                d.more_sources.push_back(s.str);
                              else
                                d.source = s.str;
                            },
                            [&](auto& d) {
                              if constexpr (requires { d.source; }) d.source = s.str;
                            }},
                 *s.leaf);
    } else if (!s.sections.empty()) {
      s.sections.back().source = s.str;
    }
  }
};
template <>
struct action<g::note_clause> {
  static void apply0(State& s) {
    if (!s.leaf) return;
    std::visit(overloaded{[&](TaskDecl& d) { d.notes.push_back(s.str); },
                          [&](auto& d) {
                            if constexpr (requires { d.note; }) d.note = s.str;
                          }},
               *s.leaf);
  }
};
template <>
struct action<g::escalation_none> {
  static void apply0(State& s) { s.policy_none = true; }
};
template <>
struct action<g::escalation_clause> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    bool none = s.policy_none;
    s.policy_none = false;
    std::optional<Name> policy;
    if (!none) policy = s.take_name();
    if (none && leaf_as<PlanDecl>(s)) {
      // The plan's header names the default policy: a plan with no escalation at all names none.
      fail(in, "quiet_plan", "kế hoạch ghi mã quy trình đôn đốc mặc định; 'đôn đốc không' chỉ dùng trong mục, nhiệm vụ hoặc nghĩa vụ",
           "the plan names its default escalation policy; 'escalation none' is for a section, a task or a duty");
    }
    Location where = none ? s.loc(in) : Location{};
    if (s.leaf) {
      std::visit(
          [&](auto& d) {
            if constexpr (requires { d.quiet; }) d.quiet = none, d.quiet_loc = where;
            if constexpr (requires { d.escalation; }) d.escalation = policy;
          },
          *s.leaf);
    } else if (!s.sections.empty()) {
      s.sections.back().escalation = policy;
      s.sections.back().quiet = none, s.sections.back().quiet_loc = where;
    }
    s.names.clear();
  }
};

// ---- heads: start a declaration
template <typename T>
struct head_action {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    T d;
    d.id = s.head_id;
    if constexpr (requires { d.title; }) d.title = s.head_title;
    if constexpr (requires { d.name; }) d.name = s.head_title;
    if constexpr (std::is_same_v<T, AgencyDecl>) d.external = s.external;
    s.external = false;
    s.last_close = {};
    d.loc = s.loc(in);
    std::string_view head(in.begin(), in.size());
    s.count_lang(head.substr(0, head.find(s.head_id.text)));
    s.leaf = Decl{std::move(d)};
    s.names.clear();
    s.once_seen.clear();
  }
};
template <>
struct action<g::plan_head> : head_action<PlanDecl> {};
template <>
struct action<g::group_head> : head_action<GroupDecl> {};
template <>
struct action<g::task_head> : head_action<TaskDecl> {};
template <>
struct action<g::event_head> : head_action<EventDecl> {};
template <>
struct action<g::duty_head> : head_action<DutyDecl> {};
template <>
struct action<g::indicator_head> : head_action<IndicatorDecl> {};
template <>
struct action<g::policy_head> : head_action<EscalationDecl> {};
template <>
struct action<g::agency_head> : head_action<AgencyDecl> {};
template <>
struct action<g::agency_external> {
  static void apply0(State& s) { s.external = true; }
};

constexpr std::size_t kMaxSectionDepth = 8;

template <>
struct action<g::section_head> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (s.sections.size() >= kMaxSectionDepth) {
      fail(in, "depth", fmt::format("mục lồng nhau quá {} cấp", kMaxSectionDepth),
           fmt::format("sections are nested more than {} deep", kMaxSectionDepth));
    }
    SectionDecl d;
    d.id = s.head_id;
    d.title = s.head_title;
    d.loc = s.loc(in);
    s.count_lang(std::string_view(in.begin(), in.size()).substr(0, std::string_view(in.begin(), in.size()).find(s.head_id.text)));
    s.sections.push_back(std::move(d));
    s.leaf.reset();
  }
};
template <>
struct action<g::section_end> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (s.sections.empty()) return;
    SectionDecl d = std::move(s.sections.back());
    d.end_loc = s.loc(in);
    d.items.shrink_to_fit();  // the tree keeps it: no room for growth
    s.sections.pop_back();
    s.emit(Decl{std::move(d)});
  }
};

// ---- clauses that may be written once: a second one is kept in `repeated` for the resolve stage
constexpr Keyword kTaskOnce[] = {kw::content, kw::deliverable, kw::starts_after, kw::duration, kw::waived_by, kw::escalation,
                                 kw::target,  kw::unit,        kw::to,           kw::copy_to,  kw::passes};
constexpr Keyword kEventOnce[] = {kw::expected, kw::follow_up, kw::followed_up_by, kw::source, kw::note};
constexpr Keyword kDutyOnce[] = {kw::to, kw::copy_to, kw::deliverable, kw::escalation, kw::source, kw::note};
constexpr Keyword kIndicatorOnce[] = {kw::unit, kw::target, kw::baseline, kw::part_of, kw::source, kw::note};
constexpr Keyword kAgencyOnce[] = {kw::reports_to, kw::ends, kw::note};

/// The length of `kw`'s words at the start of `text` (any blanks between them, then a word end), or 0.
std::size_t starts_with_words(std::string_view text, std::string_view kw) {
  std::size_t i = 0, k = 0;
  while (k < kw.size()) {
    if (kw[k] == ' ') {
      if (i >= text.size() || (text[i] != ' ' && text[i] != '\t')) return 0;
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
      ++k;
      continue;
    }
    if (i >= text.size() || text[i] != kw[k]) return 0;
    ++i;
    ++k;
  }
  if (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (std::isalnum(c) || c == '_' || c >= 0x80) return 0;
  }
  return i;
}

template <const auto& Table>
struct once_clause {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (!s.leaf) return;
    std::string_view text(in.begin(), in.size());
    for (const auto& k : Table) {
      std::size_t n = starts_with_words(text, k.vi);
      if (!n) n = starts_with_words(text, k.en);
      if (!n) continue;
      Location here = s.loc(in);
      auto seen = std::find_if(s.once_seen.begin(), s.once_seen.end(), [&](const auto& p) { return p.first == k.vi; });
      if (seen == s.once_seen.end()) {
        s.once_seen.emplace_back(k.vi, here);
      } else {
        std::visit(
            [&](auto& d) {
              if constexpr (requires { d.repeated; })
                d.repeated.push_back(RepeatedClause{std::string(text.substr(0, n)), seen->second, here});
            },
            *s.leaf);
      }
      return;
    }
  }
};
template <>
struct action<g::task_clause> : once_clause<kTaskOnce> {};
template <>
struct action<g::event_clause> : once_clause<kEventOnce> {};
template <>
struct action<g::duty_clause> : once_clause<kDutyOnce> {};
template <>
struct action<g::indicator_clause> : once_clause<kIndicatorOnce> {};
template <>
struct action<g::agency_clause> : once_clause<kAgencyOnce> {};

// ---- ends: emit a finished declaration
struct emit_leaf {
  static void apply0(State& s) {
    if (s.leaf) {
      std::visit(
          [&](auto& d) {
            if constexpr (requires { d.end_loc; }) d.end_loc = s.last_close;
          },
          *s.leaf);
      s.emit(std::move(*s.leaf));
    }
    s.leaf.reset();
    s.names.clear();
  }
};
template <>
struct action<g::close_brace> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.last_close = s.loc(in);
  }
};
template <>
struct action<g::plan_decl> : emit_leaf {};
template <>
struct action<g::group_decl> : emit_leaf {};
template <>
struct action<g::task_decl> : emit_leaf {};
template <>
struct action<g::event_decl> : emit_leaf {};
template <>
struct action<g::duty_decl> : emit_leaf {};
template <>
struct action<g::indicator_decl> : emit_leaf {};
template <>
struct action<g::policy_decl> : emit_leaf {};
template <>
struct action<g::holidays_decl> : emit_leaf {};
template <>
struct action<g::agency_decl> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    (void)in;
    emit_leaf::apply0(s);
  }
};

// ---- plan clauses
template <>
struct action<g::plan_number> {
  static void apply0(State& s) {
    if (auto* p = leaf_as<PlanDecl>(s)) p->number = s.str;
  }
};
template <>
struct action<g::date_value> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (s.points.empty() || s.points.back().kind != TimePoint::Kind::day) {
      fail(in, "full_date", "cần một ngày đầy đủ (ngày, tháng, năm), ví dụ '17/02/2023'",
           "a full date (day, month and year) is needed here, such as '17/02/2023'");
    }
  }
};
template <>
struct action<g::plan_issued> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (auto* p = leaf_as<PlanDecl>(s)) {
      p->issued = s.points.back().first_day();
      p->issued_loc = s.loc(in);
    }
  }
};
template <>
struct action<g::plan_effective> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (auto* p = leaf_as<PlanDecl>(s)) {
      p->effective = s.points.back().first_day();
      p->effective_loc = s.loc(in);
    }
  }
};
/// Where a plan clause without a located value was written.
template <Location PlanDecl::*Field>
struct plan_clause_loc {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (auto* p = leaf_as<PlanDecl>(s)) p->*Field = s.loc(in);
  }
};
template <>
struct action<g::plan_horizon> : plan_clause_loc<&PlanDecl::horizon_loc> {};
template <>
struct action<g::plan_reading> : plan_clause_loc<&PlanDecl::reading_loc> {};
template <>
struct action<g::plan_due_soon> : plan_clause_loc<&PlanDecl::due_soon_loc> {};
template <>
struct action<g::plan_duty_day> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (s.rec.anchor == Recurrence::Anchor::none || s.rec.freq == Recurrence::Freq::fixed_years) {
      fail(in, "duty_day", "hạn mặc định của nghĩa vụ cần một định kỳ và một ngày, ví dụ 'hạn nghĩa vụ hằng năm trước ngày 15/12'",
           "a default duty day needs a frequency and a day, such as 'duties due yearly before 15/12'");
    }
    if (auto* p = leaf_as<PlanDecl>(s)) p->duty_days.push_back(DutyDay{s.rec, s.loc(in)});
  }
};
template <>
struct action<g::horizon_year> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (auto* p = leaf_as<PlanDecl>(s)) p->horizon = integers(in.string()).front();
  }
};
template <>
struct action<g::plan_timezone> {
  static void apply0(State& s) {
    if (auto* p = leaf_as<PlanDecl>(s)) p->timezone = s.str;
  }
};
template <>
struct action<g::reading_strict> {
  static void apply0(State& s) {
    if (auto* p = leaf_as<PlanDecl>(s)) p->reading = Reading::strict;
  }
};
template <>
struct action<g::reading_lenient> {
  static void apply0(State& s) {
    if (auto* p = leaf_as<PlanDecl>(s)) p->reading = Reading::lenient;
  }
};
template <>
struct action<g::due_soon_days> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (auto* p = leaf_as<PlanDecl>(s)) p->due_soon_days = integers(in.string()).front();
  }
};
template <>
struct action<g::plan_owner> {
  static void apply0(State& s) {
    if (auto* p = leaf_as<PlanDecl>(s)) p->owner = s.take_name();
  }
};
template <>
struct action<g::plan_follow_up> {
  static void apply0(State& s) {
    if (auto* p = leaf_as<PlanDecl>(s)) p->follow_up = s.take_name();
  }
};
template <>
struct action<g::plan_basis> {
  static void apply0(State& s) {
    if (auto* p = leaf_as<PlanDecl>(s)) p->basis.push_back(s.str);
  }
};

// ---- agencies and groups
template <>
struct action<g::agency_reports_to> {
  static void apply0(State& s) {
    if (auto* a = leaf_as<AgencyDecl>(s)) a->reports_to = s.take_name();
  }
};
template <>
struct action<g::end_merged> {
  static void apply0(State& s) { s.end_kind = AgencyEnd::Kind::merged; }
};
template <>
struct action<g::end_split> {
  static void apply0(State& s) { s.end_kind = AgencyEnd::Kind::split; }
};
template <>
struct action<g::end_abolished> {
  static void apply0(State& s) { s.end_kind = AgencyEnd::Kind::abolished; }
};
template <>
struct action<g::agency_ends> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto* a = leaf_as<AgencyDecl>(s);
    if (!a || s.points.empty()) return;
    a->ends = AgencyEnd{s.end_kind, s.points.back().first_day(), s.take_names(), s.str, s.loc(in)};
  }
};
template <>
struct action<g::agency_alias> {
  static void apply0(State& s) {
    if (auto* a = leaf_as<AgencyDecl>(s)) a->aliases.push_back(s.str);
  }
};
template <>
struct action<g::agency_email> {
  static void apply0(State& s) {
    if (auto* a = leaf_as<AgencyDecl>(s)) a->emails.push_back(s.str);
  }
};
template <>
struct action<g::group_members> {
  static void apply0(State& s) {
    if (auto* gr = leaf_as<GroupDecl>(s)) {
      auto more = s.take_names();
      gr->members.insert(gr->members.end(), more.begin(), more.end());
    }
  }
};

// ---- tasks
template <>
struct action<g::task_content> {
  static void apply0(State& s) {
    if (auto* t = leaf_as<TaskDecl>(s)) t->content = s.str;
  }
};
template <>
struct action<g::task_lead> {
  static void apply0(State& s) {
    if (auto* t = leaf_as<TaskDecl>(s)) {
      auto more = s.take_names();
      t->leads.insert(t->leads.end(), more.begin(), more.end());
    }
  }
};
template <>
struct action<g::task_support> {
  static void apply0(State& s) {
    if (auto* t = leaf_as<TaskDecl>(s)) {
      auto more = s.take_names();
      t->support.insert(t->support.end(), more.begin(), more.end());
    }
  }
};
template <>
struct action<g::deliverable_clause> {
  static void apply0(State& s) {
    if (auto* t = leaf_as<TaskDecl>(s)) t->deliverable = s.str;
    if (auto* d = leaf_as<DutyDecl>(s)) d->deliverable = s.str;
  }
};
template <>
struct action<g::expect_due_time> {
  static void apply0(State& s) { s.per.reset(); }
};
template <>
struct action<g::due_per> {
  static void apply0(State& s) { s.per = s.str; }
};
template <>
struct action<g::task_due> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (s.time.point.kind == TimePoint::Kind::day_month && s.time.form != TimeExpr::Form::period) {
      fail(in, "no_year", "thiếu năm: ngày không có năm chỉ dùng trong nghĩa vụ định kỳ, ví dụ 'trước ngày 30/11/2023'",
           "the year is missing: a day without a year is only for recurring duties; write e.g. 'before 30/11/2023'");
    }
    if (auto* t = leaf_as<TaskDecl>(s)) t->due.push_back(DueClause{s.time, s.per, s.loc(in), s.anchor});
    s.per.reset();
    s.anchor.reset();
  }
};
template <>
struct action<g::trigger_all> {
  static void apply0(State& s) { s.trigger_mode = Trigger::Mode::all; }
};
template <>
struct action<g::trigger_any> {
  static void apply0(State& s) { s.trigger_mode = Trigger::Mode::any; }
};
template <>
struct action<g::trigger_one> {
  static void apply0(State& s) { s.trigger_mode = Trigger::Mode::one; }
};
template <>
struct action<g::trigger_begin> {
  static void apply0(State& s) { s.lag.reset(); }
};
template <>
struct action<g::lag_amount> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.lag = Duration{s.count_in(in), TimeExpr::Unit::days, s.loc(in)};
  }
};
template <>
struct action<g::expect_lag> {
  static void apply0(State& s) {
    if (s.lag) s.lag->unit = s.unit;
  }
};
template <>
struct action<g::task_trigger> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (auto* t = leaf_as<TaskDecl>(s)) t->trigger = Trigger{s.trigger_mode, s.take_names(), s.loc(in), s.lag};
    s.names.clear();
    s.lag.reset();
  }
};
template <>
struct action<g::task_depends> {
  static void apply0(State& s) {
    if (auto* t = leaf_as<TaskDecl>(s)) {
      auto more = s.take_names();
      t->depends_on.insert(t->depends_on.end(), more.begin(), more.end());
    }
  }
};
template <>
struct action<g::duration_amount> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.count = s.count_in(in);
  }
};
template <>
struct action<g::task_duration> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (auto* t = leaf_as<TaskDecl>(s)) t->duration = Duration{s.count, s.unit, s.loc(in)};
  }
};
template <>
struct action<g::task_waived> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (auto* t = leaf_as<TaskDecl>(s)) t->waived = Waiver{s.waiver_by, s.reason, s.loc(in)};
    s.reason.reset();
  }
};
template <>
struct action<g::waiver_doc> {
  static void apply0(State& s) { s.waiver_by = s.str; }
};
template <>
struct action<g::waiver_reason> {
  static void apply0(State& s) { s.reason = s.str; }
};

// ---- events
template <>
struct action<g::event_after> {
  static void apply0(State& s) {
    if (auto* e = leaf_as<EventDecl>(s)) {
      auto more = s.take_names();
      e->after.insert(e->after.end(), more.begin(), more.end());
    }
  }
};
template <>
struct action<g::event_expected> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (s.anchor) {
      fail(in, "expected_anchor",
           fmt::format("'dự kiến' là một thời gian theo lịch; '{}' tính từ {} chỉ dùng cho thời hạn của nhiệm vụ", s.time.text,
                       s.anchor->text),
           fmt::format("'expected' takes a calendar time; '{}', counted from {}, is only for a task's due time", s.time.text,
                       s.anchor->text));
    }
    if (auto* e = leaf_as<EventDecl>(s)) {
      e->expected = s.time;
      e->expected_loc = s.loc(in);
    }
  }
};
template <>
struct action<g::event_follow_up> {
  static void apply0(State& s) {
    if (auto* e = leaf_as<EventDecl>(s)) e->follow_up = s.take_name();
  }
};

// ---- duties
template <>
struct action<g::duty_every> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (auto* d = leaf_as<DutyDecl>(s)) {
      d->every = s.rec;
      d->every_loc = s.loc(in);
    }
  }
};
template <>
struct action<g::duty_due> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (s.time.form != TimeExpr::Form::relative || !s.anchor) {
      fail(in, "duty_due",
           "hạn của nghĩa vụ là định kỳ của nó ('định kỳ hằng năm (trước ngày 30/11)'), hoặc một thời gian sau nghĩa vụ khác: "
           "'thời hạn 10 ngày sau BC_NAM'",
           "a duty is due as its recurrence says ('every year before 30/11'), or some time after another duty: 'due 10 days after BC_NAM'");
    }
    if (auto* d = leaf_as<DutyDecl>(s)) d->after = DutyAfter{*s.anchor, s.time, s.loc(in)};
    s.anchor.reset();
  }
};
template <>
struct action<g::duty_period> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.time.text = in.string();
    if (auto* d = leaf_as<DutyDecl>(s)) {
      d->period = s.time;
      d->period_loc = s.loc(in);
    }
  }
};
template <>
struct action<g::all_leads> {
  static void apply0(State& s) { s.all_leads = true; }
};
template <>
struct action<g::duty_by> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (auto* d = leaf_as<DutyDecl>(s)) {
      if (s.all_leads) d->all_leads_loc = s.loc(in);
      d->all_leads = d->all_leads || s.all_leads;
      if (!s.all_leads) {
        auto more = s.take_names();
        d->by.insert(d->by.end(), more.begin(), more.end());
      }
    }
    s.all_leads = false;
    s.names.clear();
  }
};
template <>
struct action<g::send_via_name> {
  static void apply0(State& s) {
    s.via = s.names.empty() ? Name{} : s.names.back();
    if (!s.names.empty()) s.names.pop_back();
  }
};

// ---- addressing and passages (tasks and duties)
/// The `gửi` / `đồng gửi` clauses of the declaration being built, made when first written.
Addressing* addressing_of(State& s) {
  if (auto* d = leaf_as<DutyDecl>(s)) return &d->sent;
  if (auto* t = leaf_as<TaskDecl>(s)) return t->sent ? &*t->sent : &t->sent.emplace();
  return nullptr;
}
template <>
struct action<g::send_to> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (auto* a = addressing_of(s)) {
      a->to = s.take_names();
      a->via = s.via;
      a->to_loc = s.loc(in);
    }
    s.via.reset();
    s.names.clear();
  }
};
template <>
struct action<g::send_copy> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (auto* a = addressing_of(s)) {
      auto more = s.take_names();
      a->copy_to.insert(a->copy_to.end(), more.begin(), more.end());
      a->copy_loc = s.loc(in);
    }
    s.names.clear();
  }
};
template <>
struct action<g::kw_passes> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (auto* t = leaf_as<TaskDecl>(s)) {
      if (!t->passes) t->passes.emplace();
      t->passes->loc = s.loc(in);
    }
  }
};
template <>
struct action<g::passage_body> {
  static void apply0(State& s) {
    if (auto* t = leaf_as<TaskDecl>(s); t && t->passes) t->passes->bodies.push_back(Passage{s.take_name(), std::nullopt, {}});
    s.names.clear();
  }
};
template <>
struct action<g::passage_expected> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (auto* t = leaf_as<TaskDecl>(s); t && t->passes && !t->passes->bodies.empty()) {
      t->passes->bodies.back().expected = s.time;
      t->passes->bodies.back().expected_loc = s.loc(in);
    }
  }
};

// ---- indicators
/// "7.850": one dot and three digits after it reads as thousands in Vietnamese (7850) but as a
/// decimal in English (7.85). Read the Vietnamese way, and warn.
bool ambiguous_thousands(std::string_view t) {
  if (t.find(',') != std::string_view::npos || std::count(t.begin(), t.end(), '.') != 1) return false;
  auto dot = t.find('.');
  std::string_view whole = t.substr(0, dot);
  if (!whole.empty() && whole.front() == '-') whole.remove_prefix(1);
  return t.size() - dot - 1 == 3 && whole != "0";
}

template <>
struct action<g::number> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    std::string text = in.string();
    double value = number_value(text);
    if (ambiguous_thousands(text)) {
      std::string digits = text;
      digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
      std::string decimal = text;
      std::replace(decimal.begin(), decimal.end(), '.', ',');
      value = number_value(digits);
      Location here = s.loc(in);
      bool again = here.line == s.warned_number.line && here.col == s.warned_number.col;  // after backtracking
      s.warned_number = here;
      if (s.diags && !again) {
        s.diags->warning(
            here, Message{fmt::format("số '{}' được hiểu là {} (dấu chấm ngăn cách hàng nghìn); nếu là số thập phân, hãy viết {}", text,
                                      digits, decimal),
                          fmt::format("'{}' is read as {} (a dot groups thousands in Vietnamese); for a decimal write {}", text, digits,
                                      decimal)});
      }
    }
    s.num = Number{value, std::string_view(in.begin(), in.size()), s.loc(in)};
  }
};
template <>
struct action<g::target_value> {
  static void apply0(State& s) {
    s.has_num_max = false;
    s.cmp_set = false;
    s.target_year = 0;
    s.target_every_year = false;
    s.target_tolerance.reset();
    s.num_max = s.num;  // keep the lower value: target_max overwrites `num`
  }
};
template <>
struct action<g::target_max> {
  static void apply0(State& s) {
    std::swap(s.num, s.num_max);  // num = lower value, num_max = upper value
    s.has_num_max = true;
  }
};
template <>
struct action<g::cmp_ge> {
  static void apply0(State& s) { s.cmp = Target::Cmp::ge; }
};
template <>
struct action<g::cmp_le> {
  static void apply0(State& s) { s.cmp = Target::Cmp::le; }
};
template <>
struct action<g::cmp_gt> {
  static void apply0(State& s) { s.cmp = Target::Cmp::gt; }
};
template <>
struct action<g::cmp_lt> {
  static void apply0(State& s) { s.cmp = Target::Cmp::lt; }
};
template <>
struct action<g::cmp_eq> {
  static void apply0(State& s) { s.cmp = Target::Cmp::eq; }
};
template <>
struct action<g::target_cmp> {
  static void apply0(State& s) { s.cmp_set = true; }
};
template <>
struct action<g::target_year> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.target_year = integers(in.string()).front();
  }
};
template <>
struct action<g::target_tolerance> {
  static void apply0(State& s) { s.target_tolerance = s.num; }
};
template <>
struct action<g::target_every_year> {
  static void apply0(State& s) { s.target_every_year = true; }
};
namespace target_check {
constexpr const char* kMilestoneVi = "chỉ mục tiêu của một năm mới viết được nhiều mốc, ví dụ '≥ 1 năm 2025, ≥ 2 năm 2030'";
constexpr const char* kMilestoneEn = "only a target of one year takes further milestones, such as '>= 1 in 2025, >= 2 in 2030'";
}  // namespace target_check

/// The forms of a target that do not go together (docs/language.md §4.8, "Errors of the target forms").
template <typename Input>
void check_target(const Input& in, const Target& t, bool cmp_written, bool period) {
  if (t.about && (t.cmp != Target::Cmp::eq || cmp_written || t.change != Target::Change::none)) {
    fail(in, "about_form", "'khoảng' đi với một giá trị, không có phép so sánh, ví dụ 'khoảng 54,5 năm 2030'",
         "'about' takes one value without a comparator, such as 'about 54.5 in 2030'");
  }
  if (period != (t.measure != Target::Measure::level) || (period && t.change != Target::Change::none)) {
    fail(in, "period_measure",
         "mục tiêu của một giai đoạn viết 'bình quân', 'tổng' hoặc 'giảm bình quân' trước giá trị và giai đoạn sau giá trị, ví dụ "
         "'bình quân ≥ 10,1 giai đoạn 2021 - 2030'",
         "a target over a period writes 'average', 'total' or 'average decrease' before the value and the period after it, such "
         "as 'average >= 10.1 over 2021 - 2030'");
  }
  if (period && *t.year < *t.from_year) {
    fail(in, "period_order", "giai đoạn phải viết từ năm đầu đến năm cuối, ví dụ 'giai đoạn 2021 - 2030'",
         "a period goes from its first to its last year, such as 'over 2021 - 2030'");
  }
  if (t.change != Target::Change::none && (!t.year || *t.year <= *t.from_year)) {
    fail(in, "change_year",
         fmt::format("mục tiêu so với năm {} cần năm đạt sau năm đó, ví dụ 'tăng thêm 5 so với năm 2020 năm 2030'", *t.from_year),
         fmt::format("a target counted from {} needs a later year to reach it, such as 'up 5 from 2020 in 2030'", *t.from_year));
  }
  if (t.tolerance && t.cmp != Target::Cmp::eq) {
    fail(in, "tolerance_not_exact", "sai số chỉ dùng cho mục tiêu là một giá trị đúng bằng, ví dụ '= 5,1 năm 2030 sai số 0,5'",
         "a tolerance is for an exact target only, such as '= 5.1 in 2030 within 0.5'");
  }
}

/// The target the registers describe, checked; the registers are cleared for the next one.
template <typename Input>
Target take_target(State& s, const Input& in) {
  Target t;
  t.loc = s.loc(in);
  if (s.target_change != Target::Change::none) {
    t.change = s.target_change;
    t.cmp = t.change == Target::Change::down ? Target::Cmp::le : Target::Cmp::ge;
    t.value = s.change_amount;
    t.from_year = s.change_year;
  } else if (s.has_num_max) {
    t.cmp = Target::Cmp::range;
    t.value = s.num;
    t.value_max = s.num_max;
    if (t.value_max->value < t.value.value) {
      fail(in, "range_order", "khoảng mục tiêu phải viết từ giá trị nhỏ đến giá trị lớn",
           "a target range goes from the lower to the upper value");
    }
  } else {
    t.cmp = s.cmp_set ? s.cmp : Target::Cmp::eq;
    t.value = s.num_max;  // the value saved by target_value
  }
  if (s.target_year) t.year = s.target_year;
  t.every_year = s.target_every_year;
  t.about = s.target_about;
  t.measure = s.target_measure;
  t.tolerance = s.target_tolerance;
  const bool period = s.period_first != 0;
  if (period) t.from_year = s.period_first, t.year = s.period_last;
  s.target_change = Target::Change::none, s.target_about = false, s.target_measure = Target::Measure::level;
  s.period_first = s.period_last = s.target_year = 0, s.target_every_year = false, s.has_num_max = false;
  s.target_tolerance.reset();
  check_target(in, t, s.cmp_set, period);
  return t;
}

/// `≥ 1 năm 2025, ≥ 2 năm 2030`: the target read so far becomes a milestone of the next one.
template <typename Input>
void add_step(State& s, const Input& in) {
  Target next = take_target(s, in);
  Target& before = *s.target;
  if (before.measure != Target::Measure::level || before.change != Target::Change::none || before.about || before.every_year ||
      before.tolerance || !before.year) {
    fail(in, "milestone_form", target_check::kMilestoneVi, target_check::kMilestoneEn);
  }
  if (before.cmp != next.cmp) {
    fail(in, "milestone_cmp", "các mốc của một mục tiêu phải cùng phép so sánh, ví dụ '≥ 1 năm 2025, ≥ 2 năm 2030'",
         "the milestones of one target use the same comparator, such as '>= 1 in 2025, >= 2 in 2030'");
  }
  if (*next.year <= *before.year) {
    fail(in, "milestone_order", "các mốc của một mục tiêu viết theo năm tăng dần, ví dụ '≥ 1 năm 2025, ≥ 2 năm 2030'",
         "the milestones of one target are written in increasing years, such as '>= 1 in 2025, >= 2 in 2030'");
  }
  next.earlier = std::move(before.earlier);
  next.earlier.push_back(YearValue{*before.year, before.value, before.value_max});
  next.loc = before.loc;
  s.target = std::move(next);
}

template <>
struct action<g::target_about> {
  static void apply0(State& s) { s.target_about = true; }
};
template <>
struct action<g::measure_average_decrease> {
  static void apply0(State& s) { s.target_measure = Target::Measure::average_decrease; }
};
template <>
struct action<g::measure_average> {
  static void apply0(State& s) { s.target_measure = Target::Measure::average_rate; }
};
template <>
struct action<g::measure_total> {
  static void apply0(State& s) { s.target_measure = Target::Measure::total; }
};
template <>
struct action<g::period_first> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.period_first = integers(in.string()).front();
  }
};
template <>
struct action<g::period_last> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.period_last = integers(in.string()).front();
  }
};
template <>
struct action<g::change_up> {
  static void apply0(State& s) { s.change_dir = Target::Change::up; }
};
template <>
struct action<g::change_down> {
  static void apply0(State& s) { s.change_dir = Target::Change::down; }
};
template <>
struct action<g::change_amount> {
  static void apply0(State& s) { s.change_amount = s.num; }
};
template <>
struct action<g::change_year> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.change_year = integers(in.string()).front();
  }
};
template <>
struct action<g::target_change> {
  static void apply0(State& s) {
    s.target_change = s.change_dir;
    s.target_year = 0, s.target_every_year = false, s.target_tolerance.reset(), s.cmp_set = false;
  }
};
template <>
struct action<g::target_times> {
  static void apply0(State& s) {
    s.target_change = Target::Change::times;
    s.target_year = 0, s.target_every_year = false, s.target_tolerance.reset(), s.cmp_set = false;
  }
};
template <>
struct action<g::expect_target> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.target = take_target(s, in);
  }
};
template <>
struct action<g::target_step> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    add_step(s, in);
  }
};
template <>
struct action<g::target_clause> {
  static void apply0(State& s) {
    if (!s.target) return;
    if (auto* ind = leaf_as<IndicatorDecl>(s)) ind->target = std::move(*s.target);
    if (auto* task = leaf_as<TaskDecl>(s)) task->target = std::move(*s.target);
    s.target.reset();
  }
};
template <>
struct action<g::unit_clause> {
  static void apply0(State& s) {
    if (auto* ind = leaf_as<IndicatorDecl>(s)) ind->unit = s.str;
    if (auto* task = leaf_as<TaskDecl>(s)) task->unit = s.str;
  }
};
template <>
struct action<g::year_value_year> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.count = integers(in.string()).front();
  }
};
template <>
struct action<g::year_value_number> {
  static void apply0(State& s) {
    s.yv_low = s.num;
    s.yv_max.reset();
  }
};
template <>
struct action<g::year_value_max> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (s.num.value < s.yv_low.value) {
      fail(in, "range_order", "khoảng mục tiêu phải viết từ giá trị nhỏ đến giá trị lớn",
           "a target range goes from the lower to the upper value");
    }
    s.yv_max = s.num;
  }
};
template <>
struct action<g::year_value> {
  static void apply0(State& s) { s.year_values.push_back(YearValue{s.count, s.yv_low, s.yv_max}); }
};
template <>
struct action<g::baseline_value> {
  static void apply0(State& s) { s.num_max = s.num; }
};
template <>
struct action<g::indicator_baseline> {
  static void apply0(State& s) {
    if (auto* ind = leaf_as<IndicatorDecl>(s)) ind->baseline = YearValue{s.count, s.num_max, std::nullopt};
  }
};
template <>
struct action<g::indicator_trajectory> {
  static void apply0(State& s) {
    if (auto* ind = leaf_as<IndicatorDecl>(s)) {
      ind->trajectory.insert(ind->trajectory.end(), s.year_values.begin(), s.year_values.end());
    }
    s.year_values.clear();
  }
};
template <>
struct action<g::kw_target> {
  static void apply0(State& s) {
    s.year_values.clear();
    s.target.reset();
    s.target_change = Target::Change::none, s.target_about = false, s.target_measure = Target::Measure::level;
    s.period_first = s.period_last = s.target_year = 0, s.target_every_year = false, s.has_num_max = false;
    s.target_tolerance.reset();
  }
};
template <>
struct action<g::indicator_owners> {
  static void apply0(State& s) {
    if (auto* ind = leaf_as<IndicatorDecl>(s)) {
      auto more = s.take_names();
      ind->owners.insert(ind->owners.end(), more.begin(), more.end());
    }
  }
};
template <>
struct action<g::indicator_part_of> {
  static void apply0(State& s) {
    if (auto* ind = leaf_as<IndicatorDecl>(s)) ind->part_of = s.take_name();
  }
};

// ---- escalation policies
template <>
struct action<g::kw_send_to> {
  static void apply0(State& s) { s.recipients.clear(); }
};
template <>
struct action<g::to_lead> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.recipients.push_back(Recipient{Recipient::Kind::lead, {}, s.loc(in)});
  }
};
template <>
struct action<g::to_support> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.recipients.push_back(Recipient{Recipient::Kind::support, {}, s.loc(in)});
  }
};
template <>
struct action<g::to_follow_up> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.recipients.push_back(Recipient{Recipient::Kind::follow_up, {}, s.loc(in)});
  }
};
template <>
struct action<g::to_agency> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.recipients.push_back(Recipient{Recipient::Kind::agency, s.take_name(), s.loc(in)});
  }
};
template <>
struct action<g::step_days> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.count = s.count_in(in);
    s.has_days = true;
    s.has_repeat = false;
  }
};
template <>
struct action<g::level_number> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.level = s.count_in(in);
    s.label.reset();
  }
};
template <>
struct action<g::level_label> {
  static void apply0(State& s) { s.label = s.str; }
};
template <>
struct action<g::repeat_days> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.repeat = s.count_in(in);
    s.has_repeat = true;
  }
};

template <EscalationStep::Kind K>
struct step_action {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto* pol = leaf_as<EscalationDecl>(s);
    if (pol) {
      EscalationStep st;
      st.kind = K;
      st.level = K == EscalationStep::Kind::level ? s.level : 0;
      st.label = s.label;
      // `quá hạn kéo dài` without a number: long overdue is more than 120 days late, as provincial
      // progress reports count it.
      st.days = K == EscalationStep::Kind::remind_on_due                 ? 0
                : K == EscalationStep::Kind::long_overdue && !s.has_days ? kDefaultLongOverdueDays
                                                                         : s.count;
      st.to = s.recipients;
      if (s.has_repeat) st.repeat_days = s.repeat;
      st.loc = s.loc(in);
      pol->steps.push_back(std::move(st));
    }
    s.recipients.clear();
    s.label.reset();
    s.has_repeat = false;
    s.has_days = false;
    s.names.clear();
  }
};
template <>
struct action<g::step_remind_before> : step_action<EscalationStep::Kind::remind_before> {};
template <>
struct action<g::step_remind_on_due> : step_action<EscalationStep::Kind::remind_on_due> {};
template <>
struct action<g::step_level> : step_action<EscalationStep::Kind::level> {};
template <>
struct action<g::step_long_overdue> : step_action<EscalationStep::Kind::long_overdue> {};
template <>
struct action<g::step_report_missed> : step_action<EscalationStep::Kind::report_missed> {};
template <>
struct action<g::step_event_late> : step_action<EscalationStep::Kind::event_late> {};
template <>
struct action<g::template_lang_en> {
  static void apply0(State& s) { s.template_lang = Lang::en; }
};
template <>
struct action<g::step_template> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    Lang lang = s.template_lang;
    s.template_lang = Lang::vi;
    auto* pol = leaf_as<EscalationDecl>(s);
    if (!pol) return;
    if (pol->steps.empty()) {
      fail(in, "template_first", "mẫu thông báo thuộc về bước đôn đốc ở dòng ngay trên; hãy viết nó sau một bước",
           "a message template belongs to the step on the line above it; write it after a step");
    }
    pol->steps.back().templates.push_back(MessageTemplate{lang, s.str, s.loc(in)});
  }
};
template <>
struct action<g::policy_digest> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (auto* pol = leaf_as<EscalationDecl>(s)) {
      pol->daily_digest = true;
      pol->digest_loc = s.loc(in);
    }
  }
};

// ---- waivers, holidays, includes
template <>
struct action<g::waive_decl> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    WaiveDecl w;
    w.task = s.take_name();
    w.waiver.by = s.waiver_by;
    w.waiver.reason = s.reason;
    w.waiver.loc = s.loc(in);
    w.loc = s.loc(in);
    s.count_lang(std::string_view(in.begin(), in.size()).substr(0, 5));
    s.reason.reset();
    s.emit(Decl{std::move(w)});
  }
};
template <>
struct action<g::waive_task> {
  static void apply0(State& s) {
    // The reason clause reuses `str`; keep the task name safe in `names` (already there).
    s.reason.reset();
  }
};
template <>
struct action<g::holidays_year> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.holiday_year = integers(in.string()).front();
  }
};
template <>
struct action<g::holidays_head> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    HolidaysDecl d;
    d.year = s.holiday_year;
    d.loc = s.loc(in);
    s.last_close = {};
    s.count_lang(std::string_view(in.begin(), in.size()).substr(0, 8));
    s.leaf = Decl{std::move(d)};
  }
};
template <>
struct action<g::holiday_from> {
  static void apply0(State& s) {
    s.holiday_from = s.points.back().first_day();
    s.holiday_has_to = false;
  }
};
template <>
struct action<g::holiday_to> {
  static void apply0(State& s) {
    s.holiday_to = s.points.back().first_day();
    s.holiday_has_to = true;
  }
};
template <>
struct action<g::holiday_entry> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    auto* h = leaf_as<HolidaysDecl>(s);
    if (!h) return;
    HolidayEntry e;
    e.from = s.holiday_from;
    e.to = s.holiday_has_to ? s.holiday_to : s.holiday_from;
    if (e.to < e.from) {
      fail(in, "holiday_order", "ngày cuối của kỳ nghỉ đứng trước ngày đầu", "the last day of the holiday is before its first day");
    }
    e.name = s.str;
    std::string_view text(in.begin(), in.size());
    e.working_day = text.rfind("làm", 0) == 0 || text.rfind("working", 0) == 0;
    e.loc = s.loc(in);
    h->entries.push_back(std::move(e));
  }
};
template <>
struct action<g::holiday_official> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    if (auto* h = leaf_as<HolidaysDecl>(s)) {
      h->official = true;
      h->official_loc = s.loc(in);
    }
  }
};
template <>
struct action<g::include_decl> {
  template <typename Input>
  static void apply(const Input& in, State& s) {
    s.count_lang(std::string_view(in.begin(), in.size()).substr(0, 7));
    s.emit(Decl{IncludeDecl{s.str, s.loc(in)}});
  }
};

// ---------------------------------------------------------------- hints
struct KeywordSet {
  const char* code;
  std::vector<std::string_view> words;
};

/// The Vietnamese spellings of `keywords`, then the English ones, in the order given (a hint
/// offers the first of equally close keywords).
std::vector<std::string_view> spellings(std::initializer_list<Keyword> keywords) {
  std::vector<std::string_view> words;
  for (const auto& k : keywords) words.push_back(k.vi);
  for (const auto& k : keywords) words.push_back(k.en);
  return words;
}

const std::vector<KeywordSet>& keyword_sets() {
  static const std::vector<KeywordSet> sets = {
      {"declaration", spellings({kw::plan, kw::agency, kw::external_agency, kw::group, kw::section, kw::task, kw::event, kw::duty,
                                 kw::indicator, kw::policy, kw::waive, kw::holidays, kw::include})},
      {"clause:plan", spellings({kw::number, kw::issued_by, kw::issued, kw::effective, kw::horizon, kw::timezone, kw::reading, kw::due_soon,
                                 kw::follow_up, kw::basis, kw::escalation, kw::source, kw::note})},
      {"clause:agency", spellings({kw::reports_to, kw::alias, kw::email, kw::ends, kw::note})},
      {"clause:group", spellings({kw::members, kw::note})},
      {"clause:task", spellings({kw::content, kw::lead, kw::support, kw::deliverable, kw::due, kw::starts_after, kw::depends_on,
                                 kw::duration, kw::waived_by, kw::target, kw::unit, kw::escalation, kw::source, kw::note})},
      {"clause:event", spellings({kw::after, kw::expected, kw::follow_up, kw::source, kw::note})},
      {"clause:duty", spellings({kw::every, kw::period, kw::done_by, kw::to, kw::deliverable, kw::escalation, kw::source, kw::note})},
      {"clause:indicator", spellings({kw::target, kw::unit, kw::baseline, kw::trajectory, kw::owners, kw::part_of, kw::source, kw::note})},
      {"clause:policy", spellings({kw::remind, kw::remind_on_due, kw::level, kw::long_overdue, kw::report_missed, kw::event_late,
                                   kw::daily_digest, kw::message_template})},
      {"clause:holidays", spellings({kw::holiday, kw::working_day, kw::official, kw::source})},
      {"clause:section", spellings({kw::task, kw::event, kw::duty, kw::indicator, kw::section, kw::source, kw::escalation})},
  };
  return sets;
}

/// "did you mean …?" for a misspelt keyword of `words` at the start of `rest_of_line`.
std::vector<Message> keyword_hint(const std::vector<std::string_view>& words, std::string_view rest_of_line) {
  std::string kw = closest_keyword(rest_of_line, words);
  if (kw.empty()) return {};
  return {did_you_mean(kw)};
}

/// The same for the keywords that may follow the construct named by an error's `code`.
std::vector<Message> keyword_hint(const std::string& code, std::string_view rest_of_line) {
  for (const auto& set : keyword_sets()) {
    if (code == set.code) return keyword_hint(set.words, rest_of_line);
  }
  return {};
}

/// Where to resume after an error: the start of the next line (after `line`) whose first
/// word starts a declaration. Returns the byte offset and line number, or nullopt at the end.
std::optional<std::pair<std::size_t, std::size_t>> next_declaration(const SourceFile& f, std::size_t line) {
  for (std::size_t l = line + 1; l <= f.line_count(); ++l) {
    std::string_view text = f.line_text(static_cast<std::uint32_t>(l));
    pegtl::memory_input<> in(text.data(), text.data() + text.size(), "");
    // A declaration keyword, or any word at the start of a line (a top-level line, perhaps a
    // misspelt keyword that deserves its own error).
    bool top_level_word = !text.empty() && text[0] != ' ' && text[0] != '\t' && text[0] != '}' && text[0] != '#' && text[0] != '\r';
    if (top_level_word || pegtl::parse<pegtl::seq<pegtl::star<pegtl::blank>, g::decl_keyword>>(in)) {
      return std::make_pair(static_cast<std::size_t>(f.line_starts[l - 1]), l);
    }
  }
  return std::nullopt;
}

template <>
struct action<g::stray_close> {
  template <typename Input>
  static void apply(const Input& in, State& s);
};

/// Set once by the command line, read by the threads that parse the files of a folder.
std::atomic<ProgressFn> g_progress = nullptr;

template <typename Input>
void action<g::stray_close>::apply(const Input& in, State& s) {
  // After an error the parser resumes inside a block; its closing braces are expected then.
  if (s.recovering) return;
  s.diags->error(s.loc(in), Message{"dấu '}' thừa: không có khối nào đang mở", "stray '}': no block is open here"});
}

bool blank_text(std::string_view t) {
  return t.find_first_not_of(" \t\r") == std::string_view::npos;
}

/// Just after the last word written before `loc` (comments and blank lines skipped).
Location end_of_previous_code(const SourceFile& file, Location loc) {
  for (std::uint32_t l = loc.line; l-- > 1;) {
    std::string_view prev = file.line_text(l);
    std::string_view code = prev.substr(0, prev.find('#'));
    if (blank_text(code)) continue;
    loc.line = l;
    loc.col = column_of(prev, code.find_last_not_of(" \t\r") + 1);
    return loc;
  }
  return loc;
}

/// When a block's clauses run into the next declaration or the end of the file, the real
/// mistake is a missing '}': rewrite the message to name the open block.
bool missing_close_brace(const SourceFile& file, const pegtl::position& pos, const State& s, Message& msg) {
  std::string_view rest = std::string_view(file.text).substr(std::min(file.text.size(), pos.byte));
  bool at_end = blank_text(rest) || rest.find_first_not_of(" \t\r\n") == std::string_view::npos;
  std::string_view line = file.line_text(static_cast<std::uint32_t>(pos.line));
  std::string_view from = line.substr(std::min(line.size(), pos.column - 1));
  pegtl::memory_input<> in(from.data(), from.data() + from.size(), "");
  bool at_decl = pegtl::parse<g::decl_keyword>(in);
  if (!at_end && !at_decl) return false;
  std::string vi_kind, en_kind, id;
  std::uint32_t line_no = 0;
  if (s.leaf) {
    std::visit(
        [&](const auto& d) {
          using T = std::decay_t<decltype(d)>;
          if constexpr (std::is_same_v<T, TaskDecl>) vi_kind = "nhiệm vụ", en_kind = "task";
          if constexpr (std::is_same_v<T, EventDecl>) vi_kind = "sự kiện", en_kind = "event";
          if constexpr (std::is_same_v<T, DutyDecl>) vi_kind = "nghĩa vụ", en_kind = "duty";
          if constexpr (std::is_same_v<T, IndicatorDecl>) vi_kind = "chỉ tiêu", en_kind = "indicator";
          if constexpr (std::is_same_v<T, EscalationDecl>) vi_kind = "quy trình đôn đốc", en_kind = "escalation policy";
          if constexpr (std::is_same_v<T, PlanDecl>) vi_kind = "kế hoạch", en_kind = "plan";
          if constexpr (std::is_same_v<T, AgencyDecl>) vi_kind = "cơ quan", en_kind = "agency";
          if constexpr (std::is_same_v<T, GroupDecl>) vi_kind = "nhóm", en_kind = "group";
          if constexpr (std::is_same_v<T, HolidaysDecl>) {
            vi_kind = "ngày nghỉ năm", en_kind = "holidays";
            id = std::to_string(d.year);
          }
          if constexpr (requires { d.id.text; }) id = d.id.text;
          line_no = d.loc.line;
        },
        *s.leaf);
  } else if (!s.sections.empty()) {
    vi_kind = "mục";
    en_kind = "section";
    id = s.sections.back().id.text;
    line_no = s.sections.back().loc.line;
  } else {
    return false;
  }
  msg = Message{fmt::format("thiếu dấu '}}' để đóng {} {} (mở ở dòng {})", vi_kind, id, line_no),
                fmt::format("missing '}}' to close {} {} (opened on line {})", en_kind, id, line_no)};
  return true;
}

/// Reports a syntax error; returns true when parsing should resume on the error's own line
/// (a declaration that follows a block whose '}' is missing).
bool report_parse_error(const SourceFile& file, const pegtl::parse_error& e, Diagnostics& diags, State& s) {
  bool resume_here = false;
  auto cm = split_message(e.message());
  const auto& pos = e.positions().front();
  Location loc = s.loc(pos);
  std::string_view here = file.line_text(loc.line);
  bool is_clause_error = cm.code == "declaration" || cm.code.rfind("clause:", 0) == 0;
  if (cm.code == "string") {
    // Point at the opening quote of the unclosed text.
    auto q = here.substr(0, std::min(here.size(), pos.column - 1)).rfind('"');
    if (q != std::string_view::npos) loc.col = column_of(here, q);
  } else if (!is_clause_error && cm.code.rfind("at:", 0) != 0 && blank_text(here.substr(0, std::min(here.size(), pos.column - 1)))) {
    // "Expected X" found nothing before the next line: point just after the last word written.
    for (std::uint32_t l = loc.line; l-- > 1;) {
      std::string_view prev = file.line_text(l);
      auto hash = prev.find('#');
      std::string_view code = prev.substr(0, hash);
      if (blank_text(code)) continue;
      auto last = code.find_last_not_of(" \t\r");
      loc.line = l;
      loc.col = column_of(prev, last + 1);
      break;
    }
  }
  std::vector<Message> hints;
  if (cm.code.rfind("clause:", 0) == 0 && missing_close_brace(file, pos, s, cm.msg)) {
    // The block runs into the next declaration or the end of the file: say which block is
    // open, at the end of its last line.
    loc = end_of_previous_code(file, loc);
    resume_here = true;
  } else if (cm.code == "declaration" && !blank_text(here.substr(0, std::min(here.size(), pos.column - 1)))) {
    // Something follows a complete declaration on the same line.
    cm.msg = Message{"chữ thừa sau khai báo: mỗi khai báo kết thúc ở đây", "unexpected text after the end of a declaration"};
  } else if (cm.code == "declaration" || cm.code.rfind("clause:", 0) == 0) {
    std::string_view line = file.line_text(static_cast<std::uint32_t>(pos.line));
    hints = keyword_hint(cm.code, line.substr(std::min(line.size(), pos.column - 1)));
  }
  diags.error(loc, std::move(cm.msg), std::move(hints));
  return resume_here;
}

}  // namespace

// ---------------------------------------------------------------- entry points

FileAst parse_source(const SourceFile& file, Diagnostics& diags) {
  FileAst ast;
  ast.source = &file;
  State s;
  s.file = &file;
  s.ast = &ast;
  s.diags = &diags;
  const ProgressFn progress = g_progress.load();

  const char* data = file.text.data();
  const char* end = data + file.text.size();
  using Input = pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf, std::string>;
  auto in = std::make_unique<Input>(data, end, file.path);
  std::size_t guard = 0;
  std::size_t last_resume = 0;
  std::size_t next_report = 1u << 20;
  constexpr std::size_t kMaxSyntaxErrors = 100;
  std::size_t errors_in_file = 0;
  while (true) {
    try {
      pegtl::parse<g::top_item, action, g::control>(*in, s);
      if (in->empty()) break;
    } catch (const pegtl::parse_error& e) {
      if (++errors_in_file > kMaxSyntaxErrors) {
        diags.error(Location{&file, 0, 0}, Message{fmt::format("quá {} lỗi cú pháp; dừng đọc tệp này", kMaxSyntaxErrors),
                                                   fmt::format("more than {} syntax errors; stopped reading this file", kMaxSyntaxErrors)});
        break;
      }
      bool resume_here = report_parse_error(file, e, diags, s);
      s.leaf.reset();
      s.sections.clear();
      s.names.clear();
      s.recovering = true;
      std::size_t err_line = e.positions().front().line;
      if (resume_here && err_line == last_resume) resume_here = false;  // never resume twice at one line
      auto next = next_declaration(file, resume_here ? err_line - 1 : err_line);
      if (next) last_resume = next->second;
      if (!next) break;
      pegtl::internal::iterator it(data + next->first, next->first, next->second, 1);
      in = std::make_unique<Input>(it, end, file.path);
    }
    if (++guard > file.text.size() + 16) break;  // every step consumes input; this cannot trigger
    if (progress) {
      std::size_t done = static_cast<std::size_t>(in->current() - data);
      if (done >= next_report) {
        progress(file.path, done, file.text.size());
        next_report = done + (1u << 20);
      }
    }
  }
  // Sections left open at the end of the file: report where they started.
  for (const auto& sec : s.sections) {
    diags.error(sec.loc, Message{fmt::format("mục {} chưa được đóng: thiếu dấu '}}'", sec.id.text),
                                 fmt::format("section {} is not closed: '}}' is missing", sec.id.text)});
  }
  ast.decls.shrink_to_fit();
  ast.comments.shrink_to_fit();
  ast.lang = s.en_keywords > s.vi_keywords ? Lang::en : Lang::vi;
  return ast;
}

namespace {
template <typename Rule, typename T>
std::optional<T> parse_standalone(std::string_view text, Diagnostics& diags, std::string source_name, T State::*field) {
  // Diagnostics point into the text: the Diagnostics object keeps it alive.
  const SourceFile& f = diags.keep(SourceFile(std::move(source_name), nfc(repair_utf8(text, nullptr))));
  FileAst ast;
  State s;
  s.file = &f;
  s.ast = &ast;
  s.diags = &diags;
  pegtl::memory_input<> in(f.text.data(), f.text.data() + f.text.size(), f.path);
  try {
    if (pegtl::parse<Rule, action, g::control>(in, s)) return s.*field;
    diags.error(Location{&f, 1, 1},
                Message{fmt::format("không hiểu mốc thời gian '{}'", f.text), fmt::format("cannot read the time '{}'", f.text)});
  } catch (const pegtl::parse_error& e) {
    report_parse_error(f, e, diags, s);
  }
  return std::nullopt;
}
}  // namespace

std::optional<TimeExpr> parse_time_literal(std::string_view text, Diagnostics& diags, std::string source_name) {
  return parse_standalone<g::time_literal_only>(text, diags, std::move(source_name), &State::time);
}

std::optional<Recurrence> parse_recurrence_literal(std::string_view text, Diagnostics& diags, std::string source_name) {
  return parse_standalone<g::recurrence_only>(text, diags, std::move(source_name), &State::rec);
}

void set_parse_progress(ProgressFn fn) {
  g_progress.store(fn);
}

const std::vector<std::string_view>& declaration_keywords() {
  return keyword_sets().front().words;
}

}  // namespace dondoc::dsl

#include "dsl/journal_parser.inc"  // the journal parser: PEGTL stays in this one translation unit
