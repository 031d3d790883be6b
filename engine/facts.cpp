#include "engine/facts.hpp"

#include "engine/kind_ids.hpp"
#include "engine/kind_words.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "dsl/text.hpp"

namespace dondoc::engine {

namespace {
using dsl::FactAst;
using dsl::Location;
using dsl::Message;

using namespace detail;

/// What each kind of fact may name.
Kinds expected_kinds(FactAst::Kind k) {
  switch (k) {
    case FactAst::Kind::done:
      return bit(Kind::task) | bit(Kind::duty);
    case FactAst::Kind::happened:
      return bit(Kind::event);
    case FactAst::Kind::value:
      return bit(Kind::indicator);
    case FactAst::Kind::waive:
    case FactAst::Kind::extend:
    case FactAst::Kind::withdraw:  // names a fact by its number, not a declaration
      break;
  }
  return bit(Kind::task);
}

FactKind kind_of(FactAst::Kind k) {
  switch (k) {
    case FactAst::Kind::done:
      return FactKind::done;
    case FactAst::Kind::happened:
      return FactKind::happened;
    case FactAst::Kind::value:
      return FactKind::value;
    case FactAst::Kind::waive:
      return FactKind::waive;
    case FactAst::Kind::extend:
    case FactAst::Kind::withdraw:  // never resolved into a Fact (FactResolver::withdraw)
      break;
  }
  return FactKind::extend;
}

const char* freq_vi(dsl::Recurrence::Freq f) {
  switch (f) {
    case dsl::Recurrence::Freq::half_yearly:
      return "6 tháng một lần";
    case dsl::Recurrence::Freq::quarterly:
      return "hằng quý";
    case dsl::Recurrence::Freq::monthly:
      return "hằng tháng";
    case dsl::Recurrence::Freq::yearly:
    case dsl::Recurrence::Freq::fixed_years:
      break;
  }
  return "hằng năm";
}
const char* freq_en(dsl::Recurrence::Freq f) {
  switch (f) {
    case dsl::Recurrence::Freq::half_yearly:
      return "every six months";
    case dsl::Recurrence::Freq::quarterly:
      return "every quarter";
    case dsl::Recurrence::Freq::monthly:
      return "every month";
    case dsl::Recurrence::Freq::yearly:
    case dsl::Recurrence::Freq::fixed_years:
      break;
  }
  return "once a year";
}
int periods_per_year(dsl::Recurrence::Freq f) {
  switch (f) {
    case dsl::Recurrence::Freq::half_yearly:
      return 2;
    case dsl::Recurrence::Freq::quarterly:
      return 4;
    case dsl::Recurrence::Freq::monthly:
      return 12;
    case dsl::Recurrence::Freq::yearly:
    case dsl::Recurrence::Freq::fixed_years:
      break;
  }
  return 0;
}

/// The place of a value written in a fact, else the fact's keyword.
const Location& at(const Location& specific, const FactAst& f) {
  return specific.valid() ? specific : f.loc;
}

constexpr int kMaxHints = 200;  // a journal full of typos against a huge plan should not cost n² edit distances

}  // namespace

namespace detail {

// ---------------------------------------------------------------- the resolver
class FactResolver {
 public:
  FactResolver(const Plan& plan, const Dates& dates, const Occurrences& occurrences, dsl::Diagnostics& diags)
      : plan_(plan), dates_(dates), occ_(occurrences), diags_(&diags) {}
  /// Where the problems of the facts added next go.
  void report_to(dsl::Diagnostics& diags) { diags_ = &diags; }

  /// Where the numbering of the next journal's facts starts (JournalAst::first_number).
  void begin_journal(const dsl::JournalAst& j) {
    if (j.first_number > 0) next_number_ = j.first_number;
    stored_journal_ = j.first_number > 0;
  }
  std::int64_t next_number() const { return next_number_; }

  void add(const FactAst& f) {
    const std::int64_t number = next_number_++;
    if (f.kind == FactAst::Kind::withdraw) {
      withdraw(f, number);
      return;
    }
    numbered_[number] = Numbered{out.items.size(), false};  // its index if it is accepted below
    Fact fact;
    fact.number = number;
    fact.stored = stored_journal_;
    fact.kind = kind_of(f.kind);
    fact.loc = f.loc;
    if (f.recorded_by) fact.recorded_by = f.recorded_by->text;
    if (f.reference) fact.reference = f.reference->text;
    if (f.source) fact.source = f.source->text;
    if (f.note) fact.note = f.note->text;

    Kinds expected = expected_kinds(f.kind);
    // A value may name a task (its own target, docs/language.md §4.8); an unknown id is still "no indicator".
    if (f.kind == FactAst::Kind::value && plan_.find(f.target.text).kind == Kind::task) expected |= bit(Kind::task);
    Symbol sym = lookup(f.target, expected, &f);
    bool ok = sym.kind != Kind::none;
    ok = check_date(f, fact) && ok;
    if (f.authority) {
      Symbol a = lookup(*f.authority, bit(Kind::agency), nullptr);
      fact.authority = a.kind == Kind::agency ? a.index : kNone;
      ok = ok && fact.authority != kNone;
    }
    if (sym.kind == Kind::none) return;
    switch (f.kind) {
      case FactAst::Kind::done:
        ok = (sym.kind == Kind::duty ? done_occurrence(f, sym.index, fact) : done_task(f, sym.index, fact)) && ok;
        break;
      case FactAst::Kind::happened:
        fact.node = plan_.event_node(sym.index);
        ok = ok && not_twice(happened_, fact.node, f, fact);
        break;
      case FactAst::Kind::value:
        ok = (sym.kind == Kind::task ? task_value(f, sym, fact) : value(f, sym.index, fact)) && ok;
        break;
      case FactAst::Kind::waive:
        fact.node = sym.index;
        ok = not_waived(f, fact.node, fact.on, true) && ok;
        break;
      case FactAst::Kind::extend:
        fact.node = sym.index;
        ok = extend(f, fact) && ok;
        break;
      case FactAst::Kind::withdraw:  // handled above
        break;
    }
    if (!ok) {
      numbered_[number].index = kNotInForce;
      return;
    }
    remember(f, fact);
    out.items.push_back(std::move(fact));
    ast_.push_back(&f);
    gone_.push_back(0);
  }

  Facts out;
  /// Parallel to out.items: withdrawn by a later fact.
  std::vector<std::uint8_t> gone_;
  /// The numbers of the facts withdrawn so far, in order.
  std::vector<std::int64_t> withdrawn_numbers;

 private:
  // ---- ids
  /// The declaration `n` names if it is of one of the `expected` kinds; otherwise reports it.
  Symbol lookup(const dsl::Name& n, Kinds expected, const FactAst* fact) {
    Symbol sym = plan_.find(n.text);
    if (sym.kind != Kind::none && (expected & bit(sym.kind))) return sym;
    if (sym.kind != Kind::none) {
      Message want = kinds_words(expected, "hay", true);
      dsl::Diagnostic d{dsl::Severity::error,
                        n.loc,
                        Message{fmt::format("'{}' là một {}, không phải {}", n.text, kind_vi(sym.kind), want.vi),
                                fmt::format("'{}' is {}, not {}", n.text, a_kind_en(sym.kind), want.en)},
                        {},
                        {{sym.loc, Message{fmt::format("{} {} được khai báo ở đây", kind_vi(sym.kind), n.text),
                                           fmt::format("{} {} is declared here", kind_en(sym.kind), n.text)}}}};
      if (fact) rewrite_hint(*fact, sym.kind, d.hints);
      diags_->add(std::move(d));
      return {};
    }
    Message want = kinds_words(expected, "hay", false);
    diags_->error(
        n.loc, Message{fmt::format("không có {} nào mang mã '{}'", want.vi, n.text), fmt::format("no {} has the id '{}'", want.en, n.text)},
        did_you_mean(n.text, expected));
    return {};
  }

  /// For an id of the wrong kind: the fact written the way that kind is recorded, when there is one.
  void rewrite_hint(const FactAst& f, Kind actual, std::vector<Message>& hints) {
    if (!f.on) return;
    FactAst g;
    g.target = f.target;
    g.on = f.on;
    if (actual == Kind::event && f.kind == FactAst::Kind::done) {
      g.kind = FactAst::Kind::happened;
      hints.push_back(Message{fmt::format("một sự kiện được ghi là đã xảy ra: {}", dsl::journal_text(g, dsl::Lang::vi)),
                              fmt::format("an event is recorded as happened: {}", dsl::journal_text(g, dsl::Lang::en))});
    } else if (actual == Kind::task && f.kind == FactAst::Kind::happened) {
      g.kind = FactAst::Kind::done;
      hints.push_back(Message{fmt::format("một nhiệm vụ được ghi là đã hoàn thành: {}", dsl::journal_text(g, dsl::Lang::vi)),
                              fmt::format("a task is recorded as done: {}", dsl::journal_text(g, dsl::Lang::en))});
    }
  }

  std::vector<Message> did_you_mean(std::string_view written, Kinds expected) {
    if (++hints_given_ > kMaxHints) return {};
    std::string best = dsl::closest(written, candidates_.of(expected));
    if (best.empty()) return {};
    Symbol sym = plan_.find(best);
    std::string_view full = sym.kind == Kind::agency ? plan_.str(plan_.agencies[sym.index].name) : std::string_view();
    return {dsl::did_you_mean(best, full)};
  }

  // ---- dates
  bool check_date(const FactAst& f, Fact& fact) {
    if (f.kind == FactAst::Kind::value) return true;
    if (!f.on) {  // only a fact built by hand can lack it: the grammar requires it
      diags_->error(f.loc, Message{"ghi chép thiếu ngày", "the fact has no date"});
      return false;
    }
    fact.on = day_of(*f.on);
    if (f.on->y < kFirstYear) {  // 15/03/0224 for 15/03/2024: no plan's work was done then
      diags_->error(at(f.on_loc, f),
                    Message{fmt::format("ngày {} trước năm {}: hãy kiểm tra năm", show_date(*f.on, dsl::Lang::vi), kFirstYear),
                            fmt::format("{} is before {}: check the year", show_date(*f.on, dsl::Lang::en), kFirstYear)});
      return false;
    }
    if (dates_.plan_end != kNoDay && fact.on > dates_.plan_end) {
      diags_->error(at(f.on_loc, f), Message{fmt::format("ngày {} sau khi kế hoạch kết thúc ({})", show_date(*f.on, dsl::Lang::vi),
                                                         show_date(date_of(dates_.plan_end), dsl::Lang::vi)),
                                             fmt::format("{} is after the plan ends ({})", show_date(*f.on, dsl::Lang::en),
                                                         show_date(date_of(dates_.plan_end), dsl::Lang::en))});
      return false;
    }
    // Work done and events that happened before the plan took effect are facts like any other (a
    // programme issued in February with tasks of the year before); a waiver or an extension is a
    // decision about the plan, so it cannot come before it.
    bool decision = f.kind == FactAst::Kind::waive || f.kind == FactAst::Kind::extend;
    if (decision && dates_.plan_start != kNoDay && fact.on < dates_.plan_start) {
      diags_->error(at(f.on_loc, f),
                    Message{fmt::format("ngày {} trước ngày kế hoạch có hiệu lực ({}): không thể quyết định {} trước khi có kế hoạch",
                                        show_date(*f.on, dsl::Lang::vi), show_date(date_of(dates_.plan_start), dsl::Lang::vi),
                                        f.kind == FactAst::Kind::waive ? "dừng" : "gia hạn"),
                            fmt::format("{} is before the plan takes effect ({}): {} cannot be decided before the plan exists",
                                        show_date(*f.on, dsl::Lang::en), show_date(date_of(dates_.plan_start), dsl::Lang::en),
                                        f.kind == FactAst::Kind::waive ? "a waiver" : "an extension")});
      return false;
    }
    return true;
  }

  // ---- done
  bool done_task(const FactAst& f, TaskId t, Fact& fact) {
    fact.node = t;
    bool ok = true;
    if (f.year) {
      diags_->error(
          at(f.year_loc, f),
          Message{fmt::format("chỉ nghĩa vụ định kỳ mới có kỳ báo cáo ('năm … của …'); {} là một nhiệm vụ", f.target.text),
                  fmt::format("only a recurring duty has reports ('year … for …'); {} is a task", f.target.text)},
          {Message{fmt::format("bỏ phần 'năm {}…' sau mã nhiệm vụ", *f.year), fmt::format("drop 'year {}…' after the task id", *f.year)}});
      ok = false;
    }
    ok = not_waived(f, t, fact.on, false) && ok;
    return ok && not_twice(done_, t, f, fact);
  }

  bool done_occurrence(const FactAst& f, DutyId u, Fact& fact) {
    const Duty& duty = plan_.duties[u];
    auto items = occ_.of(u);
    auto freq = duty.every.freq;
    if (!f.year) {
      int year = f.on ? f.on->y : 0;
      std::string agency = items.empty() ? "SXD" : std::string(plan_.str(plan_.agencies[items.front().agency].id));
      diags_->error(f.target.loc,
                    Message{fmt::format("{} là nghĩa vụ định kỳ; ghi rõ kỳ báo cáo nào, ví dụ 'hoàn thành {} năm {} của {} ngày …'",
                                        f.target.text, f.target.text, year, agency),
                            fmt::format("{} is a recurring duty; say which report, such as 'done {} year {} for {} on …'", f.target.text,
                                        f.target.text, year, agency)});
      return false;
    }
    int n = periods_per_year(freq);
    if (n == 0 && f.period) {
      diags_->error(
          at(f.period_loc, f),
          Message{fmt::format("nghĩa vụ {} báo cáo {}, không chia kỳ; bỏ 'kỳ {}'", f.target.text, freq_vi(freq), *f.period),
                  fmt::format("duty {} reports {}, it has no periods; drop 'period {}'", f.target.text, freq_en(freq), *f.period)});
      return false;
    }
    if (n != 0 && !f.period) {
      diags_->error(
          at(f.year_loc, f),
          Message{fmt::format("nghĩa vụ {} báo cáo {}; ghi rõ kỳ nào, ví dụ 'năm {} kỳ 1'", f.target.text, freq_vi(freq), *f.year),
                  fmt::format("duty {} reports {}; say which period, such as 'year {} period 1'", f.target.text, freq_en(freq), *f.year)});
      return false;
    }
    if (n != 0 && (*f.period < 1 || *f.period > n)) {
      diags_->error(
          at(f.period_loc, f),
          Message{fmt::format("nghĩa vụ {} báo cáo {}: kỳ từ 1 đến {}, không có kỳ {}", f.target.text, freq_vi(freq), n, *f.period),
                  fmt::format("duty {} reports {}: periods 1 to {}, there is no period {}", f.target.text, freq_en(freq), n, *f.period)});
      return false;
    }
    int period = f.period.value_or(0);
    auto [first, last] = occurrence_range(u, *f.year, period);
    if (first == last) {
      bool year_known = std::any_of(items.begin(), items.end(), [&](const Occurrence& o) { return o.year == *f.year; });
      Message msg;
      if (year_known || items.empty()) {
        msg = n == 0 ? Message{fmt::format("nghĩa vụ {} không có kỳ báo cáo năm {}", f.target.text, *f.year),
                               fmt::format("duty {} has no report for {}", f.target.text, *f.year)}
                     : Message{fmt::format("nghĩa vụ {} không có kỳ {} năm {}", f.target.text, period, *f.year),
                               fmt::format("duty {} has no report for period {} of {}", f.target.text, period, *f.year)};
      } else {
        msg = Message{fmt::format("nghĩa vụ {} không có kỳ báo cáo năm {} ({})", f.target.text, *f.year, years_words(items, dsl::Lang::vi)),
                      fmt::format("duty {} has no report for {} ({})", f.target.text, *f.year, years_words(items, dsl::Lang::en))};
      }
      diags_->error(at(f.year_loc, f), std::move(msg));
      return false;
    }
    std::uint32_t index = kNone;
    if (f.agency) {
      Symbol a = lookup(*f.agency, bit(Kind::agency), nullptr);
      if (a.kind != Kind::agency) return false;
      index = find_occurrence(occ_, u, a.index, *f.year, period);
      if (index == kNone) {
        std::string when_vi = n == 0 ? fmt::format("năm {}", *f.year) : fmt::format("kỳ {} năm {}", period, *f.year);
        std::string when_en = n == 0 ? fmt::format("{}", *f.year) : fmt::format("period {} of {}", period, *f.year);
        diags_->error(f.agency->loc,
                      Message{fmt::format("{} không có nghĩa vụ {} {}", f.agency->text, f.target.text, when_vi),
                              fmt::format("{} does not owe {} for {}", f.agency->text, f.target.text, when_en)},
                      {owners_hint(duty, first, last)});
        return false;
      }
    } else if (last - first == 1) {
      index = first;  // one agency owes it: no need to name it
    } else {
      std::string agency(plan_.str(plan_.agencies[occ_.items[first].agency].id));
      std::string example_vi =
          n == 0 ? fmt::format("năm {} của {}", *f.year, agency) : fmt::format("năm {} kỳ {} của {}", *f.year, period, agency);
      std::string example_en =
          n == 0 ? fmt::format("year {} for {}", *f.year, agency) : fmt::format("year {} period {} for {}", *f.year, period, agency);
      diags_->error(at(f.year_loc, f), Message{fmt::format("nghĩa vụ {} năm {} do {} đơn vị thực hiện; ghi rõ đơn vị nào, ví dụ '{}'",
                                                           f.target.text, *f.year, last - first, example_vi),
                                               fmt::format("duty {} for {} is owed by {} agencies; say which, such as '{}'", f.target.text,
                                                           *f.year, last - first, example_en)});
      return false;
    }
    fact.occurrence = index;
    return not_twice(done_occ_, index, f, fact);
  }

  /// The occurrences of duty `u` for one year and period: [first, last) in Occurrences::items.
  std::pair<std::uint32_t, std::uint32_t> occurrence_range(DutyId u, int year, int period) const {
    auto items = occ_.of(u);
    auto key = [](const Occurrence& o) { return std::pair<int, int>(o.year, o.period); };
    auto lo = std::lower_bound(items.begin(), items.end(), std::pair<int, int>(year, period),
                               [&](const Occurrence& o, const std::pair<int, int>& k) { return key(o) < k; });
    auto hi = std::upper_bound(lo, items.end(), std::pair<int, int>(year, period),
                               [&](const std::pair<int, int>& k, const Occurrence& o) { return k < key(o); });
    auto base = static_cast<std::uint32_t>(occ_.duty_begin[u]);
    return {base + static_cast<std::uint32_t>(lo - items.begin()), base + static_cast<std::uint32_t>(hi - items.begin())};
  }

  static std::string years_of(std::span<const Occurrence> items) {
    std::string out;
    int last = -1;
    for (const auto& o : items) {
      if (o.year == last) continue;
      if (!out.empty()) out += ", ";
      out += std::to_string(o.year);
      last = o.year;
    }
    return out;
  }
  /// "từ 2023 đến 2030" / "from 2023 to 2030", or the years themselves when they are not a run.
  static std::string years_words(std::span<const Occurrence> items, dsl::Lang lang) {
    int lo = items.front().year, hi = items.back().year;
    std::vector<int> years;
    for (const auto& o : items) {
      if (years.empty() || years.back() != o.year) years.push_back(o.year);
    }
    if (static_cast<int>(years.size()) == hi - lo + 1 && years.size() > 2) {
      return lang == dsl::Lang::vi ? fmt::format("các năm từ {} đến {}", lo, hi) : fmt::format("it runs from {} to {}", lo, hi);
    }
    return lang == dsl::Lang::vi ? fmt::format("các năm {}", years_of(items)) : fmt::format("its years are {}", years_of(items));
  }

  Message owners_hint(const Duty& duty, std::uint32_t first, std::uint32_t last) const {
    std::uint32_t count = last - first;
    if (count > 6 && duty.all_leads && duty.by.size == 0) {
      if (duty.section != kNone) {
        auto sec = plan_.str(plan_.sections[duty.section].id);
        return Message{fmt::format("kỳ báo cáo này do {} đơn vị thực hiện: các đơn vị chủ trì nhiệm vụ của mục {}", count, sec),
                       fmt::format("{} agencies owe this report: the leads of the tasks of section {}", count, sec)};
      }
      return Message{fmt::format("kỳ báo cáo này do {} đơn vị thực hiện: các đơn vị chủ trì nhiệm vụ của kế hoạch", count),
                     fmt::format("{} agencies owe this report: the leads of the plan's tasks", count)};
    }
    if (count > 6) {
      return Message{fmt::format("kỳ báo cáo này do {} đơn vị thực hiện", count), fmt::format("{} agencies owe this report", count)};
    }
    std::string ids;
    for (std::uint32_t i = first; i < last; ++i) {
      if (!ids.empty()) ids += ", ";
      ids += plan_.str(plan_.agencies[occ_.items[i].agency].id);
    }
    return Message{fmt::format("đơn vị có nghĩa vụ này: {}", ids), fmt::format("owed by: {}", ids)};
  }

  // ---- waivers
  /// A task waived in the rules, or by an earlier waiver fact in force on `on`, cannot be done,
  /// extended or waived again.
  bool not_waived(const FactAst& f, TaskId t, Day on, bool waiving) {
    const Task& task = plan_.tasks[t];
    auto vi_doing = [&] {
      switch (f.kind) {
        case FactAst::Kind::done:
          return "không ghi hoàn thành cho nhiệm vụ đã dừng";
        case FactAst::Kind::extend:
          return "không gia hạn nhiệm vụ đã dừng";
        default:
          return "không cần ghi dừng lần nữa";
      }
    };
    auto en_doing = [&] {
      switch (f.kind) {
        case FactAst::Kind::done:
          return "a waived task cannot be reported done";
        case FactAst::Kind::extend:
          return "a waived task cannot be extended";
        default:
          return "it need not be waived again";
      }
    };
    if (task.waived) {
      std::string by(plan_.str(task.waived->by));
      diags_->add(dsl::Diagnostic{dsl::Severity::error,
                                  f.target.loc,
                                  Message{fmt::format("nhiệm vụ {} đã dừng theo \"{}\" trong kế hoạch; {}", f.target.text, by, vi_doing()),
                                          fmt::format("task {} is waived by \"{}\" in the plan; {}", f.target.text, by, en_doing())},
                                  {},
                                  {{task.waived->loc, Message{"dừng ở đây", "waived here"}}}});
      return false;
    }
    auto it = waived_.find(t);
    if (it == waived_.end()) return true;
    const Fact& w = out.items[it->second];
    if (!waiving && on != kNoDay && on < w.on) return true;  // done (or extended) before the waiver
    diags_->add(dsl::Diagnostic{
        dsl::Severity::error,
        f.target.loc,
        Message{
            fmt::format("nhiệm vụ {} đã được ghi dừng từ ngày {}; {}", f.target.text, show_date(date_of(w.on), dsl::Lang::vi), vi_doing()),
            fmt::format("task {} is recorded as waived from {}; {}", f.target.text, show_date(date_of(w.on), dsl::Lang::en), en_doing())},
        {},
        {{w.loc, Message{"ghi dừng ở đây", "the waiver is recorded here"}}}});
    return false;
  }

  // ---- extensions
  bool extend(const FactAst& f, Fact& fact) {
    TaskId t = fact.node;
    bool ok = not_waived(f, t, fact.on, false);
    if (!f.new_due) {  // only a fact built by hand can lack it
      diags_->error(f.loc, Message{"ghi chép gia hạn thiếu hạn mới", "the extension has no new due date"});
      return false;
    }
    fact.new_due = day_of(*f.new_due);
    fact.new_deadline = plan_.calendar.shift(fact.new_due);
    DueDates due = dates_.tracked(plan_, t);
    Day start = due.opens != kNoDay ? std::max(due.opens, dates_.plan_start) : dates_.plan_start;  // no task starts before the plan
    if (start != kNoDay && fact.new_due < start) {
      diags_->error(at(f.new_due_loc, f),
                    Message{fmt::format("hạn mới {} trước ngày bắt đầu của nhiệm vụ {} ({})", show_date(*f.new_due, dsl::Lang::vi),
                                        f.target.text, show_date(date_of(start), dsl::Lang::vi)),
                            fmt::format("the new due date {} is before task {} starts ({})", show_date(*f.new_due, dsl::Lang::en),
                                        f.target.text, show_date(date_of(start), dsl::Lang::en))});
      return false;
    }
    if (!ok) return false;
    // A new due date that is not later than the one in force shortens the time: allowed, but said.
    auto prev = extended_.find(t);
    Day current = prev != extended_.end() ? out.items[prev->second].new_due : due.literal;
    if (current != kNoDay && fact.new_due <= current) {
      diags_->warning(at(f.new_due_loc, f),
                      Message{fmt::format("gia hạn {} đến {} không lùi hạn: hạn đang áp dụng là {}", f.target.text,
                                          show_date(*f.new_due, dsl::Lang::vi), show_date(date_of(current), dsl::Lang::vi)),
                              fmt::format("extending {} to {} does not move its due date later: it is due {}", f.target.text,
                                          show_date(*f.new_due, dsl::Lang::en), show_date(date_of(current), dsl::Lang::en))});
    }
    return true;
  }

  // ---- values
  /// A value of a task's target: the task must have one.
  bool task_value(const FactAst& f, const Symbol& task, Fact& fact) {
    if (IndicatorId i = plan_.target_of(task.index); i != kNone) return value(f, i, fact);
    diags_->add(dsl::Diagnostic{dsl::Severity::error,
                                f.target.loc,
                                Message{fmt::format("nhiệm vụ {} không có mục tiêu nên không ghi được giá trị", f.target.text),
                                        fmt::format("task {} has no target, so it takes no value", f.target.text)},
                                {Message{"ghi giá trị cho một chỉ tiêu, hoặc thêm 'mục tiêu …' vào nhiệm vụ, ví dụ 'mục tiêu ≥ 1 năm 2025'",
                                         "record the value of an indicator, or add 'target …' to the task, such as 'target >= 1 in 2025'"}},
                                {{task.loc, Message{fmt::format("nhiệm vụ {} được khai báo ở đây", f.target.text),
                                                    fmt::format("task {} is declared here", f.target.text)}}}});
    return false;
  }

  bool value(const FactAst& f, IndicatorId i, Fact& fact) {
    fact.indicator = i;
    if (!f.year || !f.value) {  // only a fact built by hand can lack them
      diags_->error(f.loc, Message{"ghi chép chỉ tiêu thiếu năm hoặc giá trị", "the indicator value has no year or no value"});
      return false;
    }
    fact.year = *f.year;
    fact.value = f.value->value;
    if (!value_in_range(f)) return false;
    auto it = values_.find({i, fact.year});
    if (it == values_.end()) return true;
    const FactAst& first = *ast_[it->second];
    std::string shown = first.value ? std::string(first.value->text) : std::string();
    dsl::Diagnostic d{dsl::Severity::error,
                      f.target.loc,
                      Message{fmt::format("chỉ tiêu {} đã có giá trị năm {} ({})", f.target.text, fact.year, shown),
                              fmt::format("indicator {} already has a value for {} ({})", f.target.text, fact.year, shown)},
                      {out.items[it->second].stored
                           ? Message{fmt::format("giữ lại một giá trị; nếu số liệu được điều chỉnh, rút lại giá trị thứ nhất rồi ghi giá "
                                                 "trị mới với nguồn mới: dondoc record --withdraw {} --reason \"…\"",
                                                 out.items[it->second].number),
                                     fmt::format("keep one value; if the figure was revised, withdraw the first value and record the "
                                                 "new one with its source: dondoc record --withdraw {} --reason \"…\"",
                                                 out.items[it->second].number)}
                           : Message{"giữ lại một giá trị và xóa giá trị kia", "keep one value and delete the other"}},
                      {{first.loc, Message{"giá trị thứ nhất ở đây", "the first value is here"}}}};
    diags_->add(std::move(d));
    return false;
  }

  // ---- withdrawals
  /// `rút lại ghi chép N`: fact N is as if never recorded; what it blocked (a second done, a
  /// value for the same year) may be recorded again.
  void withdraw(const FactAst& f, std::int64_t number) {
    numbered_[number] = Numbered{kNotInForce, true};
    Fact when;
    bool ok = check_date(f, when);
    if (!f.reason || f.reason->text.empty()) {
      diags_->error(f.loc, Message{"thiếu lý do rút lại, ví dụ { lý do \"ghi nhầm ngày\" }",
                                   "a withdrawal needs its reason, such as { reason \"wrong date\" }"});
      ok = false;
    }
    const std::int64_t n = f.withdrawn.value_or(0);
    const Location& loc = at(f.withdrawn_loc, f);
    auto it = numbered_.find(n);
    if (n >= number || it == numbered_.end()) {
      diags_->error(
          loc, Message{fmt::format("không có ghi chép số {} trước ghi chép này", n), fmt::format("there is no fact {} before this one", n)},
          {Message{"số của một ghi chép là số in ra khi ghi ('đã ghi #12'), cũng là số dòng của nó trong 'dondoc export'",
                   "a fact's number is the one printed when it was recorded ('recorded #12'), also its line in 'dondoc export'"}});
      return;
    }
    if (it->second.withdrawal) {
      diags_->error(loc,
                    Message{fmt::format("ghi chép số {} là một lần rút lại; không rút lại được", n),
                            fmt::format("fact {} is a withdrawal; it cannot be withdrawn", n)},
                    {Message{"nếu sự việc đó đúng, ghi lại sự việc", "if the fact was right after all, record it again"}});
      return;
    }
    if (auto first = withdrawn_by_.find(n); first != withdrawn_by_.end()) {
      diags_->add(dsl::Diagnostic{dsl::Severity::error,
                                  loc,
                                  Message{fmt::format("ghi chép số {} đã được rút lại", n), fmt::format("fact {} is already withdrawn", n)},
                                  {},
                                  {{first->second, Message{"rút lại ở đây", "withdrawn here"}}}});
      return;
    }
    if (!ok) return;
    withdrawn_by_.emplace(n, f.loc);
    withdrawn_numbers.push_back(n);
    if (it->second.index != kNotInForce) forget(it->second.index);
  }

  /// Takes fact `i` out of force: a later fact may do what it blocked.
  void forget(std::size_t i) {
    gone_[i] = 1;
    const Fact& fact = out.items[i];
    auto erase_if_i = [i](auto& map, const auto& key) {
      auto it = map.find(key);
      if (it != map.end() && it->second == i) map.erase(it);
    };
    switch (fact.kind) {
      case FactKind::done:
        if (fact.occurrence != kNone) {
          erase_if_i(done_occ_, fact.occurrence);
        } else {
          erase_if_i(done_, fact.node);
        }
        break;
      case FactKind::happened:
        erase_if_i(happened_, fact.node);
        break;
      case FactKind::value:
        erase_if_i(values_, std::make_pair(fact.indicator, fact.year));
        break;
      case FactKind::waive:
        erase_if_i(waived_, fact.node);
        break;
      case FactKind::extend:
        // The extension in force is the latest one still in force.
        extended_.erase(fact.node);
        for (std::size_t j = i; j-- > 0;) {
          if (!gone_[j] && out.items[j].kind == FactKind::extend && out.items[j].node == fact.node) {
            extended_[fact.node] = j;
            break;
          }
        }
        break;
    }
  }

  /// A year and a number the journal writes back as written: a year of the plan's time (not
  /// `năm 0103`), at most 15 significant digits (what a double keeps), nothing that reads as 0.
  bool value_in_range(const FactAst& f) {
    const int year = *f.year;
    const int last = dates_.plan_end != kNoDay ? date_of(dates_.plan_end).y : 9999;
    bool ok = true;
    if (year < kFirstYear || year > last) {
      diags_->error(at(f.year_loc, f), Message{fmt::format("năm {:04} ngoài thời gian của kế hoạch ({}–{})", year, kFirstYear, last),
                                               fmt::format("year {:04} is outside the plan's time ({}–{})", year, kFirstYear, last)});
      ok = false;
    }
    std::string_view text = f.value->text;
    std::size_t significant = 0;
    bool leading = true, nonzero = false;
    for (char c : text) {
      if (c < '0' || c > '9') continue;
      if (c != '0') nonzero = true;
      if (leading && c == '0') continue;
      leading = false;
      ++significant;
    }
    const double v = f.value->value;
    if (significant > kMaxDigits || !std::isfinite(v) || (nonzero && v == 0)) {
      std::string shown = text.size() > 24 ? std::string(text.substr(0, 20)) + "…" : std::string(text);
      diags_->error(
          f.value->loc,
          Message{fmt::format("giá trị {} không ghi lại được chính xác: nhật ký giữ tối đa {} chữ số có nghĩa", shown, kMaxDigits),
                  fmt::format("the value {} cannot be kept exactly: a journal keeps at most {} significant digits", shown, kMaxDigits)});
      ok = false;
    }
    return ok;
  }
  static constexpr int kFirstYear = 1900;
  static constexpr std::size_t kMaxDigits = 15;

  // ---- a second report of the same thing
  bool not_twice(const std::unordered_map<std::uint32_t, std::size_t>& seen, std::uint32_t key, const FactAst& f, const Fact& fact) {
    auto it = seen.find(key);
    if (it == seen.end()) return true;
    const Fact& first = out.items[it->second];
    std::string vi_what, en_what;
    if (fact.kind == FactKind::happened) {
      vi_what = fmt::format("sự kiện {} đã được ghi xảy ra", f.target.text);
      en_what = fmt::format("event {} is already recorded as happened", f.target.text);
    } else if (fact.occurrence != kNone) {
      const Occurrence& o = occ_.items[fact.occurrence];
      std::string agency(plan_.str(plan_.agencies[o.agency].id));
      std::string when_vi = o.period ? fmt::format("năm {} kỳ {}", o.year, o.period) : fmt::format("năm {}", o.year);
      std::string when_en = o.period ? fmt::format("year {} period {}", o.year, o.period) : fmt::format("year {}", o.year);
      vi_what = fmt::format("{} {} của {} đã được ghi hoàn thành", f.target.text, when_vi, agency);
      en_what = fmt::format("{} {} for {} is already recorded as done", f.target.text, when_en, agency);
    } else {
      vi_what = fmt::format("nhiệm vụ {} đã được ghi hoàn thành", f.target.text);
      en_what = fmt::format("task {} is already recorded as done", f.target.text);
    }
    dsl::Diagnostic d{dsl::Severity::error,
                      f.target.loc,
                      Message{fmt::format("{} (ngày {})", vi_what, show_date(date_of(first.on), dsl::Lang::vi)),
                              fmt::format("{} (on {})", en_what, show_date(date_of(first.on), dsl::Lang::en))},
                      // A stored first fact is withdrawn by its number; one in the same journals is
                      // not recorded yet (nothing is when there is an error): the line itself goes.
                      {first.stored ? Message{fmt::format("giữ lại một ghi chép; nếu ghi chép thứ nhất sai, rút lại nó rồi ghi lại: "
                                                          "dondoc record --withdraw {} --reason \"…\"",
                                                          first.number),
                                              fmt::format("keep one of the two; if the first is wrong, withdraw it and record again: "
                                                          "dondoc record --withdraw {} --reason \"…\"",
                                                          first.number)}
                                    : Message{"giữ lại một ghi chép và xóa ghi chép kia", "keep one of the two and delete the other"}},
                      {{first.loc, Message{"ghi lần thứ nhất ở đây", "first recorded here"}}}};
    diags_->add(std::move(d));
    return false;
  }

  void remember(const FactAst& f, const Fact& fact) {
    std::size_t i = out.items.size();
    switch (fact.kind) {
      case FactKind::done:
        if (fact.occurrence != kNone) {
          done_occ_.emplace(fact.occurrence, i);
        } else {
          done_.emplace(fact.node, i);
        }
        break;
      case FactKind::happened:
        happened_.emplace(fact.node, i);
        break;
      case FactKind::value:
        values_.emplace(std::make_pair(fact.indicator, fact.year), i);
        break;
      case FactKind::waive:
        waived_.emplace(fact.node, i);
        break;
      case FactKind::extend:
        extended_[fact.node] = i;
        break;
    }
    (void)f;
  }

  const Plan& plan_;
  const Dates& dates_;
  const Occurrences& occ_;
  dsl::Diagnostics* diags_;
  std::vector<const FactAst*> ast_;  ///< parallel to out.items: what each fact was read from
  // The first fact (an index into out.items) of each kind per thing, for "a second …".
  std::unordered_map<std::uint32_t, std::size_t> done_, done_occ_, happened_, waived_, extended_;
  std::map<std::pair<IndicatorId, int>, std::size_t> values_;
  KindIds candidates_{plan_};
  // Numbering: every fact read has a number; what it became.
  static constexpr std::size_t kNotInForce = static_cast<std::size_t>(-1);
  struct Numbered {
    std::size_t index = kNotInForce;  ///< into out.items; kNotInForce when refused or a withdrawal
    bool withdrawal = false;
  };
  std::int64_t next_number_ = 1;
  bool stored_journal_ = false;  ///< the journal being read is a stored fact (FactLog::add_stored)
  std::unordered_map<std::int64_t, Numbered> numbered_;
  std::unordered_map<std::int64_t, Location> withdrawn_by_;  ///< number → the withdrawal
  int hints_given_ = 0;
};

}  // namespace detail

Facts resolve_facts(const Plan& plan, const Dates& dates, const Occurrences& occurrences,
                    const std::vector<const dsl::JournalAst*>& journals, dsl::Diagnostics& diags) {
  detail::FactResolver r(plan, dates, occurrences, diags);
  for (const auto* j : journals) {
    if (!j) continue;
    r.begin_journal(*j);
    for (const auto& f : j->facts) r.add(f);
  }
  Facts in_force;
  for (std::size_t i = 0; i < r.out.items.size(); ++i)
    if (!r.gone_[i]) in_force.items.push_back(std::move(r.out.items[i]));
  in_force.withdrawn = std::move(r.withdrawn_numbers);
  return in_force;
}

FactChecker::FactChecker(const Plan& plan, const Dates& dates, const Occurrences& occurrences)
    : r_(std::make_unique<detail::FactResolver>(plan, dates, occurrences, scratch_)) {}

FactChecker::~FactChecker() = default;

Facts FactChecker::add(const dsl::JournalAst& journal, dsl::Diagnostics& diags) {
  r_->report_to(diags);
  const std::size_t before = r_->out.items.size(), withdrawn_before = r_->withdrawn_numbers.size();
  r_->begin_journal(journal);
  const std::int64_t first_number = r_->next_number();
  for (const auto& f : journal.facts) r_->add(f);
  r_->report_to(scratch_);
  Facts fresh;
  for (std::size_t i = before; i < r_->out.items.size(); ++i)
    if (!r_->gone_[i]) fresh.items.push_back(r_->out.items[i]);
  for (std::size_t i = withdrawn_before; i < r_->withdrawn_numbers.size(); ++i) {
    const std::int64_t n = r_->withdrawn_numbers[i];
    if (n < first_number) fresh.withdrawn.push_back(n);  // returned by an earlier call
  }
  return fresh;
}

std::uint32_t find_occurrence(const Occurrences& occurrences, DutyId duty, AgencyId agency, int year, int period) {
  if (duty + 1 >= occurrences.duty_begin.size()) return kNone;
  auto items = occurrences.of(duty);
  auto lo = std::lower_bound(items.begin(), items.end(), std::pair<int, int>(year, period),
                             [](const Occurrence& o, const std::pair<int, int>& k) { return std::pair<int, int>(o.year, o.period) < k; });
  for (auto it = lo; it != items.end() && it->year == year && it->period == period; ++it) {
    if (it->agency == agency) return occurrences.duty_begin[duty] + static_cast<std::uint32_t>(it - items.begin());
  }
  return kNone;
}

}  // namespace dondoc::engine
