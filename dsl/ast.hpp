#pragma once
// The syntax tree of a plan: what the rule files say, with the place each thing was said.
// Names are not resolved here (that is the engine's job); every node keeps its Location.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "dsl/source.hpp"
#include "dsl/time.hpp"

namespace dondoc::dsl {

/// An optional value kept apart from its node, for clauses that most declarations leave out: the
/// node holds a pointer, not the value's room. A million tasks share one slot size (the largest
/// declaration's), so a rare clause written inline would cost every task its size. Reads like
/// std::optional; copies copy the value.
template <typename T>
class Apart {
 public:
  Apart() = default;
  Apart(std::nullopt_t) {}
  Apart(T v) : p_(std::make_unique<T>(std::move(v))) {}
  Apart(const std::optional<T>& v) : p_(v ? std::make_unique<T>(*v) : nullptr) {}
  Apart(const Apart& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Apart(Apart&&) noexcept = default;
  Apart& operator=(const Apart& o) {
    if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
    return *this;
  }
  Apart& operator=(Apart&&) noexcept = default;
  Apart& operator=(T v) {
    p_ = std::make_unique<T>(std::move(v));
    return *this;
  }
  Apart& operator=(std::nullopt_t) {
    p_.reset();
    return *this;
  }

  bool has_value() const { return p_ != nullptr; }
  explicit operator bool() const { return p_ != nullptr; }
  T& operator*() { return *p_; }
  const T& operator*() const { return *p_; }
  T* operator->() { return p_.get(); }
  const T* operator->() const { return p_.get(); }
  const T& value() const { return *p_; }
  void reset() { p_.reset(); }
  template <typename... A>
  T& emplace(A&&... a) {
    p_ = std::make_unique<T>(std::forward<A>(a)...);
    return *p_;
  }
  operator std::optional<T>() const { return p_ ? std::optional<T>(*p_) : std::nullopt; }

 private:
  std::unique_ptr<T> p_;
};

/// Which keyword language a construct was written in; `dondoc fmt` can keep or switch it.
enum class Lang : std::uint8_t { vi, en };
/// `vi` or `en` by language: a text written in both languages side by side.
inline std::string_view say(Lang lang, std::string_view vi, std::string_view en) {
  return lang == Lang::en ? en : vi;
}

// Names, texts and numbers are views: into their file's text (`SourceFile::text`, already NFC),
// or for a string written with escapes into `SourceFile::own`. The SourceSet outlives the tree.
// A node built by hand (a test, the command line) views a string that must outlive it.

struct Name {
  std::string_view text;  ///< NFC
  Location loc;
};

struct Text {
  std::string_view text;  ///< NFC, escapes resolved
  Location loc;
};

struct Number {
  double value = 0;
  std::string_view text;  ///< as written, e.g. `10,1`
  Location loc;
};

struct YearValue {
  int year = 0;
  Number value;
  std::optional<Number> value_max;  ///< a milestone that is a range (`lộ trình năm 2025: 8 - 8,5`)
};

/// `khoảng 54,5` / `about 54.5` without `sai số`: met within this share of the value either side.
inline constexpr double kAboutShare = 0.01;

struct Target {
  enum class Cmp : std::uint8_t { ge, le, gt, lt, eq, range };
  /// What the value is compared with: the value of a year (`level`), or an aggregate of the yearly
  /// values over a period (`giai đoạn 2021 - 2030` / `over 2021 - 2030`): `bình quân` / `average`
  /// the average yearly rate (geometric mean of the yearly rates in %), `tổng` / `total` the sum,
  /// `giảm bình quân` / `average decrease` the average fall of the level per year.
  enum class Measure : std::uint8_t { level, average_rate, total, average_decrease };
  /// An increment on an earlier year's value: `tăng thêm 5 so với năm 2020` / `up 5 from 2020`
  /// (at least that value + 5), `giảm 5 …` / `down 5 from 2020` (at most − 5), `gấp 2 lần năm 2020`
  /// / `2 times 2020` (at least twice it).
  enum class Change : std::uint8_t { none, up, down, times };
  Cmp cmp = Cmp::ge;
  Measure measure = Measure::level;
  Change change = Change::none;
  bool about = false;  ///< `khoảng` / `about`: an exact target met within a tolerance
  Number value;
  std::optional<Number> value_max;  ///< range
  std::optional<int> year;          ///< the target year; for a period, its last year
  std::optional<int> from_year;     ///< a period's first year; for a change, the year it is counted from
  /// `hằng năm` / `every year`: held in each year (a yearly rate, a level kept within a range), not
  /// reached by a year; judged every year against the target itself.
  bool every_year = false;
  /// `sai số 0,5` / `within 0.5`: an exact target (a share) is met within this much either side.
  std::optional<Number> tolerance;
  /// Earlier milestones written in the same clause (`≥ 1 năm 2025, ≥ 2 năm 2030`): the last one
  /// written is the target, these join the trajectory.
  std::vector<YearValue> earlier;
  Location loc;
};

/// `thời hạn Quý I/2023 theo "Phụ lục 2, mục II.3"` — a due time and, optionally, where it is stated.
struct DueClause {
  TimeExpr time;
  std::optional<Text> per;
  Location loc;
  /// `thời hạn 30 ngày sau khi II.3 hoàn thành`: the task or event a relative due time counts from
  /// (TimeExpr::anchor, with its place).
  std::optional<Name> anchor;
};

/// `thời lượng 60 ngày` — estimated duration, for the schedule; also the lag of a trigger.
struct Duration {
  int amount = 0;
  TimeExpr::Unit unit = TimeExpr::Unit::days;
  Location loc;
};

/// `bắt đầu sau TTG_DUYET` / `starts after all of II.3, II.4` / `bắt đầu 30 ngày sau II.3`.
struct Trigger {
  enum class Mode : std::uint8_t { one, all, any };
  Mode mode = Mode::one;
  std::vector<Name> on;
  Location loc;
  /// `bắt đầu 30 ngày sau II.3` / `starts 30 days after II.3`: the condition counts as met this long
  /// after it happened.
  std::optional<Duration> lag;
};

/// A clause written a second time where once is allowed (two `sản phẩm` in one task). The parser
/// keeps the last value; the resolve stage reports the repetition.
struct RepeatedClause {
  std::string keyword;  ///< as written, e.g. `sản phẩm`
  Location first;       ///< where the clause was written the first time
  Location again;
};

/// `gửi A, B qua C` and `đồng gửi D, E` (`to A, B via C`, `copy to D, E`): to whom a task's product
/// or a duty's report goes, through whom, and who receives a copy (docs/language.md §4.13).
struct Addressing {
  std::vector<Name> to;
  std::optional<Name> via;
  std::vector<Name> copy_to;
  Location to_loc, copy_loc;  ///< where each clause was written (not valid when it was not)
  bool empty() const { return to.empty() && copy_to.empty(); }
};

/// One body of `cấp trình CP (dự kiến Quý III/2024), QH` / `passes CP (expected 2024-Q3), QH`: the
/// task's product passes it after the task (and after the bodies written before it).
struct Passage {
  Name body;
  Apart<TimeExpr> expected;
  Location expected_loc;
};

/// `cấp trình …` / `passes …`: the bodies a task's product passes, in order.
struct Passes {
  std::vector<Passage> bodies;
  Location loc;  ///< the keyword
};

struct Waiver {
  Text by;  ///< the deciding document
  std::optional<Text> reason;
  Location loc;
};

/// `hạn nghĩa vụ hằng năm trước ngày 15/12` / `duties due yearly before 15/12` in the plan header: the
/// day of the duties of that frequency that name none.
struct DutyDay {
  Recurrence every;
  Location loc;
};

struct PlanDecl {
  Name id;
  Text title;
  std::optional<Text> number;
  std::optional<Date> issued;
  std::optional<Date> effective;
  std::optional<int> horizon;
  Apart<Text> timezone;
  std::optional<Reading> reading;
  std::optional<int> due_soon_days;
  Apart<Name> owner;       ///< issuing authority
  Apart<Name> follow_up;   ///< the agency that follows every task up (đôn đốc)
  Apart<Name> escalation;  ///< default escalation policy
  std::vector<Text> basis;
  std::vector<DutyDay> duty_days;
  std::optional<Text> source;
  Apart<Text> note;
  Location loc;
  // Where the clauses without a located value were written (for `dondoc fmt`).
  Location issued_loc, effective_loc, horizon_loc, reading_loc, due_soon_loc;
  Location end_loc;  ///< the closing brace; not valid for a declaration written without braces
};

/// `chấm dứt 01/03/2025 hợp nhất vào STC theo "…"`: an agency that ends while the plan runs, and
/// who takes over what it was given (docs/language.md §4.2).
struct AgencyEnd {
  enum class Kind : std::uint8_t { merged, split, abolished };
  Kind kind = Kind::merged;
  Date on;
  std::vector<Name> successors;  ///< in the order written; what it was given goes to all of them
  Text by;                       ///< the deciding document
  Location loc;
};

struct AgencyDecl {
  Name id;
  Text name;
  bool external = false;
  std::optional<Name> reports_to;
  Apart<AgencyEnd> ends;
  std::vector<Text> aliases;
  std::vector<Text> emails;  ///< `thư điện tử "…"`: where mail for the agency goes (checked by resolve)
  std::optional<Text> note;
  std::vector<RepeatedClause> repeated;
  Location loc;
  Location end_loc;  ///< the closing brace; not valid for a declaration written without braces
};

struct GroupDecl {
  Name id;
  Text name;
  std::vector<Name> members;
  std::optional<Text> note;
  Location loc;
  Location end_loc;  ///< the closing brace; not valid for a declaration written without braces
};

struct TaskDecl {
  Name id;
  Text title;
  Apart<Text> content;
  std::vector<Name> leads;
  std::vector<Name> support;
  std::optional<Text> deliverable;
  std::vector<DueClause> due;  ///< more than one when sources disagree
  Apart<Trigger> trigger;
  std::vector<Name> depends_on;
  std::optional<Duration> duration;
  Apart<Name> escalation;
  bool quiet = false;  ///< `đôn đốc không` / `escalation none`
  Apart<Waiver> waived;
  Apart<Addressing> sent;  ///< `gửi …`, `đồng gửi …`
  Apart<Passes> passes;    ///< `cấp trình …`
  std::optional<Text> source;
  /// Further `nguồn` clauses: the same obligation written again elsewhere in the decision (the
  /// appendix row and the body paragraph), one task with several sources.
  std::vector<Text> more_sources;
  std::vector<Text> notes;
  /// `mục tiêu ≥ 1 năm 2025, ≥ 2 năm 2030` with `đơn vị tính "khu"`: a target attached to the task,
  /// judged like an indicator's from `chỉ tiêu ID năm Y đạt V` facts (docs/language.md §4.8).
  Apart<Target> target;
  Apart<Text> unit;
  std::vector<RepeatedClause> repeated;
  Location loc;
  Location quiet_loc;  ///< where `đôn đốc không` was written
  Location end_loc;    ///< the closing brace; not valid for a declaration written without braces
};

struct EventDecl {
  Name id;
  Text title;
  std::vector<Name> after;  ///< tasks or events that must come first
  Apart<TimeExpr> expected;
  std::optional<Name> follow_up;
  std::optional<Text> source;
  std::optional<Text> note;
  std::vector<RepeatedClause> repeated;
  Location loc;
  Location expected_loc;
  Location end_loc;  ///< the closing brace; not valid for a declaration written without braces
};

/// `thời hạn 10 ngày sau BC_NAM` / `due 10 days after BC_NAM`: each occurrence of a duty due this long
/// after the due day of the same period's occurrence of another duty (the summary after the reports).
struct DutyAfter {
  Name duty;
  TimeExpr time;  ///< relative, with TimeExpr::anchor the other duty
  Location loc;
};

/// A recurring obligation, e.g. the yearly report before 30/11.
struct DutyDecl {
  Name id;
  Text title;
  Recurrence every;
  Location every_loc;
  Apart<TimeExpr> period;
  Apart<DutyAfter> after;
  bool all_leads = false;  ///< `thực hiện các đơn vị chủ trì` / `by all leads`
  std::vector<Name> by;
  Addressing sent;  ///< `gửi X, Y qua Z`, `đồng gửi …`
  std::optional<Text> deliverable;
  Apart<Name> escalation;
  bool quiet = false;  ///< `đôn đốc không` / `escalation none`
  std::optional<Text> source;
  Apart<Text> note;
  std::vector<RepeatedClause> repeated;
  Location loc;
  Location quiet_loc;  ///< where `đôn đốc không` was written
  Location period_loc;
  Location all_leads_loc;
  Location end_loc;  ///< the closing brace; not valid for a declaration written without braces
};

struct IndicatorDecl {
  Name id;
  Text name;
  std::optional<Text> unit;
  Apart<Target> target;
  std::optional<YearValue> baseline;
  std::vector<YearValue> trajectory;
  std::vector<Name> owners;
  std::optional<Name> part_of;
  std::optional<Text> source;
  std::optional<Text> note;
  std::vector<RepeatedClause> repeated;
  Location loc;
  Location end_loc;  ///< the closing brace; not valid for a declaration written without braces
};

/// Who receives a reminder or escalation.
struct Recipient {
  enum class Kind : std::uint8_t { lead, support, follow_up, agency };
  Kind kind = Kind::lead;
  Name agency;  ///< when kind == agency
  Location loc;
};

/// `mẫu "…"` / `template en "…"` on the line after a step: the text of its messages, with named
/// placeholders such as `{nhiệm_vụ}` / `{task}` (engine/escalate.hpp lists them).
struct MessageTemplate {
  Lang lang = Lang::vi;  ///< the language of the message text (`mẫu en "…"`: English), not of the keyword
  Text text;
  Location loc;  ///< the keyword
};

/// `quá hạn kéo dài` written without its number of days: more than 120 days late.
inline constexpr int kDefaultLongOverdueDays = 120;

struct EscalationStep {
  enum class Kind : std::uint8_t { remind_before, remind_on_due, level, long_overdue, report_missed, event_late };
  Kind kind = Kind::level;
  int level = 0;              ///< level number for `level`
  std::optional<Text> label;  ///< e.g. "Văn bản đôn đốc"
  int days = 0;               ///< before due / after due / late by
  std::vector<Recipient> to;
  std::optional<int> repeat_days;
  std::vector<MessageTemplate> templates;  ///< in the order written
  Location loc;
};

struct EscalationDecl {
  Name id;
  Text title;
  std::vector<EscalationStep> steps;
  bool daily_digest = false;
  Location loc;
  Location digest_loc;
  Location end_loc;  ///< the closing brace; not valid for a declaration written without braces
};

struct WaiveDecl {
  Name task;
  Waiver waiver;
  Location loc;
};

struct HolidayEntry {
  Date from;
  Date to;  ///< == from for one day
  Text name;
  bool working_day = false;  ///< an official make-up working day (làm bù) on a weekend
  Location loc;
};

/// Public holidays and make-up working days of one year.
struct HolidaysDecl {
  int year = 0;
  bool official = false;  ///< `chính thức`: the days as the Government announced them; else projected
  Location official_loc;
  std::optional<Text> source;
  std::vector<HolidayEntry> entries;
  Location loc;
  Location end_loc;  ///< the closing brace; not valid for a declaration written without braces
};

struct IncludeDecl {
  Text path;
  Location loc;
};

struct SectionDecl;

using Decl = std::variant<PlanDecl, AgencyDecl, GroupDecl, SectionDecl, TaskDecl, EventDecl, DutyDecl, IndicatorDecl, EscalationDecl,
                          WaiveDecl, HolidaysDecl, IncludeDecl>;

struct SectionDecl {
  Name id;
  Text title;
  std::optional<Text> source;
  std::optional<Name> escalation;
  bool quiet = false;       ///< `đôn đốc không`: nothing inside is escalated unless it names a policy
  std::vector<Decl> items;  ///< tasks, events, duties, indicators
  Location loc;
  Location quiet_loc;  ///< where `đôn đốc không` was written
  Location end_loc;    ///< the closing brace
};

struct Comment {
  std::string_view text;  ///< including the leading '#'
  Location loc;
  bool trailing = false;  ///< follows code on its line
};

/// One parsed rule file.
struct FileAst {
  const SourceFile* source = nullptr;
  Lang lang = Lang::vi;  ///< the language of most keywords in the file
  std::vector<Decl> decls;
  std::vector<Comment> comments;
};

/// A location for any declaration.
const Location& location_of(const Decl& d);

}  // namespace dondoc::dsl
