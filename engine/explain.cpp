#include "engine/explain.hpp"

#include <fmt/format.h>

namespace dondoc::engine {

namespace {
using dsl::Lang;
using Form = dsl::TimeExpr::Form;
using PointKind = dsl::TimePoint::Kind;

class Writer {
 public:
  Writer(const Plan& p, const Dates& d, const Schedule& s, Lang lang) : p_(p), d_(d), s_(s), lang_(lang) {}

  /// The Vietnamese or the English text.
  std::string w(std::string vi, std::string en) const { return lang_ == Lang::en ? std::move(en) : std::move(vi); }
  bool en() const { return lang_ == Lang::en; }
  std::string date(Day d) const { return show_date(date_of(d), lang_); }
  std::string wdate(Day d) const { return show_weekday_date(d, lang_); }
  static std::string place(const dsl::Location& l) { return fmt::format("{}:{}", l.path(), l.line); }

  void line(int indent, const std::string& text) {
    out_.append(static_cast<std::size_t>(indent) * 2, ' ');
    out_ += text;
    out_ += '\n';
  }
  std::string take() { return std::move(out_); }

  // ---------------------------------------------------------------- words
  std::string point(const dsl::TimePoint& pt) const {
    switch (pt.kind) {
      case PointKind::year:
        return w(fmt::format("năm {}", pt.y), fmt::format("the year {}", pt.y));
      case PointKind::quarter:
        return w(fmt::format("Quý {}/{}", roman(pt.q), pt.y), fmt::format("Q{} {}", pt.q, pt.y));
      case PointKind::month:
        return w(fmt::format("tháng {}/{}", pt.m, pt.y), fmt::format("the month {}", pt.plain()));
      case PointKind::day:
        return date(day_of(pt.first_day()));
      case PointKind::day_month:
        return fmt::format("{:02}/{:02}", pt.d, pt.m);
      case PointKind::half:
        return w(fmt::format("6 tháng {} năm {}", pt.q == 2 ? "cuối" : "đầu", pt.y),
                 fmt::format("the {} half of {}", pt.q == 2 ? "second" : "first", pt.y));
    }
    return {};
  }
  static const char* roman(int q) {
    static const char* r[] = {"I", "II", "III", "IV"};
    return q >= 1 && q <= 4 ? r[q - 1] : "?";
  }
  std::string unit(const dsl::TimeExpr::Unit u, int n) const {
    switch (u) {
      case dsl::TimeExpr::Unit::days:
        return w("ngày", n == 1 ? "day" : "days");
      case dsl::TimeExpr::Unit::working_days:
        return w("ngày làm việc", n == 1 ? "working day" : "working days");
      case dsl::TimeExpr::Unit::months:
        return w("tháng", n == 1 ? "month" : "months");
    }
    return {};
  }
  std::string node(NodeId n) const {
    if (p_.is_event(n)) {
      const Event& e = p_.events[p_.event_of(n)];
      return w(fmt::format("sự kiện {} \"{}\"", p_.str(e.id), p_.str(e.title)),
               fmt::format("event {} \"{}\"", p_.str(e.id), p_.str(e.title)));
    }
    const Task& t = p_.tasks[n];
    return w(fmt::format("nhiệm vụ {} \"{}\"", p_.str(t.id), p_.str(t.title)),
             fmt::format("task {} \"{}\"", p_.str(t.id), p_.str(t.title)));
  }
  /// "dự kiến xong 17/02/2023" for a task, "dự kiến xảy ra 31/12/2023" for an event.
  std::string projected(NodeId n) const {
    if (!p_.is_event(n) && p_.tasks[n].waived) {
      return w(fmt::format("đã dừng theo \"{}\"", p_.str(p_.tasks[n].waived->by)),
               fmt::format("waived by \"{}\"", p_.str(p_.tasks[n].waived->by)));
    }
    Day f = s_.projected(n);
    if (f == kNoDay) return w("không lập lịch được", "not scheduled");
    if (p_.is_event(n)) return w(fmt::format("dự kiến xảy ra {}", date(f)), fmt::format("projected {}", date(f)));
    return w(fmt::format("dự kiến xong {}", date(f)), fmt::format("projected to finish {}", date(f)));
  }

  // ---------------------------------------------------------------- sections
  void header(TaskId t) {
    const Task& task = p_.tasks[t];
    line(0, w(fmt::format("Nhiệm vụ {} \"{}\"", p_.str(task.id), p_.str(task.title)),
              fmt::format("Task {} \"{}\"", p_.str(task.id), p_.str(task.title))));
    line(1, w("khai báo tại ", "declared at ") + place(task.loc));
    std::string leads;
    for (AgencyId a : p_.agencies_of(task.leads)) leads += (leads.empty() ? "" : ", ") + std::string(p_.str(p_.agencies[a].id));
    if (!leads.empty()) line(1, w("chủ trì: ", "lead: ") + leads);
    if (task.waived) {
      line(1, w(fmt::format("đã dừng theo \"{}\": không theo dõi thời hạn, không lập lịch", p_.str(task.waived->by)),
                fmt::format("waived by \"{}\": its due time is not followed and it is not scheduled", p_.str(task.waived->by))));
    }
  }

  void due(TaskId t) {
    const Task& task = p_.tasks[t];
    auto dues = p_.due_of(t);
    if (dues.empty()) {
      line(0, w("Thời hạn: không ghi", "Due time: none written"));
      return;
    }
    for (std::size_t i = 0; i < dues.size(); ++i) {
      const Due& due = dues[i];
      const DueDates& dd = d_.dues[task.due.begin + i];
      std::string title = dues.size() == 1 ? w("Thời hạn", "Due time")
                          : i == 0         ? w("Thời hạn 1 (được theo dõi)", "Due time 1 (the one tracked)")
                                           : w(fmt::format("Thời hạn {}", i + 1), fmt::format("Due time {}", i + 1));
      line(0, fmt::format("{}: {}", title, due.time->text));
      line(1, w("ghi tại ", "written at ") + place(due.loc));
      if (due.per != kNone) {
        line(1, w(fmt::format("theo: \"{}\"", p_.str(due.per)), fmt::format("per: \"{}\"", p_.str(due.per))));
      } else if (task.source != kNone) {
        line(1, w(fmt::format("theo: không ghi; nguồn của nhiệm vụ: \"{}\"", p_.str(task.source)),
                  fmt::format("per: not written; the task's source: \"{}\"", p_.str(task.source))));
      } else {
        line(1, w("theo: không ghi", "per: not written"));
      }
      if (!due.time->note.empty()) {
        line(1, w(fmt::format("ghi chú trong ngoặc: \"{}\" (không làm thay đổi ngày hạn)", due.time->note),
                  fmt::format("remark: \"{}\" (it does not change the date)", due.time->note)));
      }
      if (due.time->aspirational)
        line(1, w("phấn đấu: mục tiêu phấn đấu, ngày hạn không đổi", "aim: an aspirational target; the date is the same"));
      reading(due);
      meaning(t, due, dd);
      if (dd.literal != kNoDay) shift(dd);
    }
  }

  void reading(const Due& due) {
    bool strict = p_.header.reading == dsl::Reading::strict;
    std::string setting = strict ? w("chặt", "strict") : w("rộng", "lenient");
    if (due.time->form != Form::before) {
      line(1, w(fmt::format("cách hiểu: {} (thiết lập của kế hoạch); không ảnh hưởng vì thời hạn không có chữ \"trước\"", setting),
                fmt::format("reading: {} (the plan's setting); no effect, the due time has no \"before\"", setting)));
      return;
    }
    auto other = due.time->due(strict ? dsl::Reading::lenient : dsl::Reading::strict);
    std::string other_date = other ? date(day_of(*other)) : "?";
    if (strict) {
      line(1, w(fmt::format("cách hiểu: chặt (thiết lập của kế hoạch): \"trước …\" là hết ngày liền trước; cách hiểu rộng sẽ cho {}",
                            other_date),
                fmt::format("reading: strict (the plan's setting): \"before …\" ends the day before; the lenient reading would give {}",
                            other_date)));
    } else {
      line(1, w(fmt::format("cách hiểu: rộng (thiết lập của kế hoạch): \"trước …\" tính cả mốc được nêu; cách hiểu chặt sẽ cho {}",
                            other_date),
                fmt::format("reading: lenient (the plan's setting): \"before …\" includes the point named; the strict reading would "
                            "give {}",
                            other_date)));
    }
  }

  void meaning(TaskId t, const Due& due, const DueDates& dd) {
    const auto& tm = *due.time;
    std::string lbl = w("ngày hạn: ", "due date: ");
    switch (tm.form) {
      case Form::at:
      case Form::within:
      case Form::by:
        if (tm.point.kind == PointKind::day) {
          line(1, lbl + w(fmt::format("{}, đúng ngày ghi", date(dd.literal)), fmt::format("{}, the day written", date(dd.literal))));
        } else {
          line(1, lbl + w(fmt::format("{}, ngày cuối của {}", date(dd.literal), point(tm.point)),
                          fmt::format("{}, the last day of {}", date(dd.literal), point(tm.point))));
        }
        break;
      case Form::before:
        if (p_.header.reading == dsl::Reading::strict) {
          line(1, lbl + w(fmt::format("{}, ngày liền trước {}", date(dd.literal), point(tm.point)),
                          fmt::format("{}, the day before {}", date(dd.literal), point(tm.point))));
        } else if (tm.point.kind == PointKind::day) {
          line(1, lbl + w(fmt::format("{}, chính ngày ghi", date(dd.literal)), fmt::format("{}, the day written", date(dd.literal))));
        } else {
          line(1, lbl + w(fmt::format("{}, ngày cuối của {}", date(dd.literal), point(tm.point)),
                          fmt::format("{}, the last day of {}", date(dd.literal), point(tm.point))));
        }
        break;
      case Form::period:
        line(1, w(fmt::format("giai đoạn: mở từ {} đến {}; chưa thể bắt đầu trước ngày mở", date(dd.opens), date(dd.closes)),
                  fmt::format("period: open from {} to {}; it cannot start before it opens", date(dd.opens), date(dd.closes))));
        line(1, lbl + w(fmt::format("{}, ngày cuối của giai đoạn", date(dd.literal)),
                        fmt::format("{}, the last day of the period", date(dd.literal))));
        break;
      case Form::during_plan:
        line(1,
             w(fmt::format("thường xuyên: suốt thời gian thực hiện kế hoạch, {} – {}; không có một ngày hạn, đánh giá qua báo cáo định kỳ",
                           opt_date(dd.opens), opt_date(dd.closes)),
               fmt::format("ongoing: for the whole plan, {} to {}; no single due date, judged by the recurring reports", opt_date(dd.opens),
                           opt_date(dd.closes))));
        break;
      case Form::open_ended:
        line(1, w("không thời hạn: không có ngày hạn", "open-ended: no due date"));
        break;
      case Form::from:
        line(1, w(fmt::format("bắt đầu không trước {}; không có ngày hạn", opt_date(dd.opens)),
                  fmt::format("starts no earlier than {}; no due date", opt_date(dd.opens))));
        break;
      case Form::urgent:
        line(1, w("khẩn trương: văn bản yêu cầu làm ngay nhưng không ghi ngày; không có ngày hạn",
                  "urgent: the decision asks for it at once but gives no date; no due date"));
        break;
      case Form::relative:
        relative(t, due);
        break;
    }
  }

  std::string opt_date(Day d) const { return d == kNoDay ? w("(không rõ)", "(unknown)") : date(d); }

  void relative(TaskId t, const Due& due) {
    const dsl::TimeExpr& tm = *due.time;
    if (tm.amount == 0) {
      line(1, w("tính từ điều kiện bắt đầu: ngay, hạn là chính ngày điều kiện xảy ra",
                "counted from the start condition: immediately, due the day it happens"));
    } else {
      line(1, w(fmt::format("tính từ điều kiện bắt đầu: {} {}, đếm từ ngày hôm sau ngày điều kiện xảy ra (Bộ luật Dân sự 2015, Điều 147)",
                            tm.amount, unit(tm.unit, tm.amount)),
                fmt::format("counted from the start condition: {} {}, counting from the day after it happens (Civil Code 2015, Art. 147)",
                            tm.amount, unit(tm.unit, tm.amount))));
    }
    Day trig = s_.trigger[t];
    Day dl = t < s_.deadline.size() ? s_.deadline[t] : kNever;
    if (trig != kNoDay && dl != kNever && &p_.due_of(t)[0] == &due) {
      line(1,
           w(fmt::format("ngày hạn: chỉ biết khi điều kiện xảy ra; theo lịch dự kiến, điều kiện xảy ra {} → hạn {}", date(trig), wdate(dl)),
             fmt::format("due date: known once the condition happens; on the projected schedule it happens {} → due {}", date(trig),
                         wdate(dl))));
    } else {
      line(1, w("ngày hạn: chỉ biết khi điều kiện xảy ra", "due date: known once the condition happens"));
    }
  }

  /// One reason a run of days is off: "31/12/2023 là Chủ nhật", "01/01/2024 là ngày nghỉ "Tết Dương lịch" (…)".
  std::string off_run(Day from, Day to, DayOff why, const WorkingCalendar::Entry* e) const {
    std::string days =
        from == to ? date(from) : w(fmt::format("{} – {}", date(from), date(to)), fmt::format("{} to {}", date(from), date(to)));
    bool many = from != to;
    switch (why) {
      case DayOff::saturday:
      case DayOff::sunday:
        if (many) return w(fmt::format("{} là thứ Bảy, Chủ nhật", days), fmt::format("{} is a weekend", days));
        return why == DayOff::saturday ? w(fmt::format("{} là thứ Bảy", days), fmt::format("{} is a Saturday", days))
                                       : w(fmt::format("{} là Chủ nhật", days), fmt::format("{} is a Sunday", days));
      case DayOff::holiday:
        return w(fmt::format("{} là ngày nghỉ \"{}\" ({})", days, e->name, place(e->loc)),
                 fmt::format("{} {} \"{}\" ({})", days, many ? "are public holidays," : "is a public holiday,", e->name, place(e->loc)));
      case DayOff::none:
        break;
    }
    return days;
  }

  void shift(const DueDates& dd) {
    const WorkingCalendar& cal = p_.calendar;
    if (dd.deadline == dd.literal) {
      line(1, w(fmt::format("dời hạn: không; {} là ngày làm việc", wdate(dd.literal)),
                fmt::format("moved: no; {} is a working day", wdate(dd.literal))));
      return;
    }
    std::string runs;
    Day start = dd.literal;
    const WorkingCalendar::Entry* start_entry = nullptr;
    DayOff start_why = cal.why_off(start, &start_entry);
    for (Day d = dd.literal + 1; d <= dd.deadline; ++d) {
      const WorkingCalendar::Entry* e = nullptr;
      DayOff why = d < dd.deadline ? cal.why_off(d, &e) : DayOff::none;
      bool weekend = why == DayOff::saturday || why == DayOff::sunday;
      bool start_weekend = start_why == DayOff::saturday || start_why == DayOff::sunday;
      bool same = d < dd.deadline && ((weekend && start_weekend) || (why == DayOff::holiday && e == start_entry));
      if (same) continue;
      runs += (runs.empty() ? "" : ", ") + off_run(start, d - 1, start_why, start_entry);
      start = d;
      start_why = why;
      start_entry = e;
    }
    line(1,
         w(fmt::format("dời hạn: {} → hạn là {}", runs, wdate(dd.deadline)), fmt::format("moved: {} → due {}", runs, wdate(dd.deadline))));
    line(2, w("(Bộ luật Dân sự 2015, Điều 148: thời hạn kết thúc vào ngày nghỉ cuối tuần hoặc ngày nghỉ lễ thì kết thúc vào ngày làm việc "
              "tiếp theo)",
              "(Civil Code 2015, Art. 148: a term that ends on a weekend day or a public holiday ends on the next working day)"));
  }

  void start(TaskId t) {
    const Task& task = p_.tasks[t];
    auto waits = p_.waits_for.of(t);
    if (!task.has_trigger() || waits.empty()) {
      line(0, w("Điều kiện bắt đầu: không có", "Start condition: none"));
    } else {
      std::string names;
      for (NodeId n : waits) names += (names.empty() ? "" : ", ") + std::string(p_.node_name(n));
      switch (task.trigger_mode) {
        case dsl::Trigger::Mode::one:
          line(0, w("Điều kiện bắt đầu: bắt đầu sau ", "Start condition: starts after ") + names);
          break;
        case dsl::Trigger::Mode::all:
          line(0, w("Điều kiện bắt đầu: bắt đầu sau tất cả ", "Start condition: starts after all of ") + names);
          break;
        case dsl::Trigger::Mode::any:
          line(0, w("Điều kiện bắt đầu: bắt đầu sau một trong ", "Start condition: starts after any of ") + names +
                      w(" (cái nào xảy ra trước)", " (whichever comes first)"));
          break;
      }
      line(1, w("ghi tại ", "written at ") + place(task.trigger_loc));
      if (const Lag* lag = p_.lag_of(t)) {
        static constexpr const char* vi[] = {"ngày", "ngày làm việc", "tháng"};
        static constexpr const char* en[] = {"days", "working days", "months"};
        const auto u = static_cast<int>(lag->unit);
        line(1, w(fmt::format("độ trễ: điều kiện chỉ được tính là đã có {} {} sau khi xảy ra", lag->amount, vi[u]),
                  fmt::format("lag: the condition counts as met only {} {} after it happened", lag->amount, en[u])));
      }
      for (NodeId n : waits) waited(n);
      Day trig = s_.trigger[t];
      if (trig != kNoDay) {
        bool now = task.due.size && d_.dues[task.due.begin].relative && p_.due_of(t)[0].time->amount == 0;
        const bool lagged = p_.lag_of(t) != nullptr;
        const char* vi = lagged ? "được tính là đã có" : "xảy ra";
        const char* en = lagged ? "counts as met" : "happens";
        if (now) {
          line(1, w(fmt::format("theo lịch dự kiến, điều kiện {} {}; hạn là ngay nên nhiệm vụ làm ngay trong ngày đó", vi, date(trig)),
                    fmt::format("on the projected schedule the condition {} {}; due immediately, the task is done that same day", en,
                                date(trig))));
        } else {
          line(1, w(fmt::format("theo lịch dự kiến, điều kiện {} {}; nhiệm vụ bắt đầu được từ ngày hôm sau, {}", vi, date(trig),
                                date(trig + 1)),
                    fmt::format("on the projected schedule the condition {} {}; the task can start the day after, {}", en, date(trig),
                                date(trig + 1))));
        }
      }
    }
    auto deps = p_.depends_on.of(t);
    if (deps.empty()) {
      line(0, w("Phụ thuộc: không", "Depends on: nothing"));
    } else {
      std::string names;
      for (NodeId n : deps) names += (names.empty() ? "" : ", ") + std::string(p_.node_name(n));
      line(0, w("Phụ thuộc: ", "Depends on: ") + names);
      for (NodeId n : deps) line(1, fmt::format("{}: {}", node(n), projected(n)));
    }
  }

  /// What a waited-for node is and when it is projected.
  void waited(NodeId n) {
    if (!p_.is_event(n)) {
      line(1, fmt::format("{}: {}", node(n), projected(n)));
      return;
    }
    EventId e = p_.event_of(n);
    const Event& ev = p_.events[e];
    std::string expected;
    if (ev.expected) {
      Day x = d_.event_expected[e];
      expected = x == kNoDay ? w(fmt::format("dự kiến {}", ev.expected->text), fmt::format("expected {}", ev.expected->text))
                             : w(fmt::format("dự kiến {} → {}", ev.expected->text, date(x)),
                                 fmt::format("expected {} → {}", ev.expected->text, date(x)));
    } else {
      expected = w("chưa có ngày dự kiến", "no expected date");
    }
    line(1, fmt::format("{}: {}", node(n), expected));
    auto before = p_.waits_for.of(n);
    if (!before.empty()) {
      std::string names;
      for (NodeId b : before) names += (names.empty() ? "" : ", ") + std::string(p_.node_name(b)) + " (" + projected(b) + ")";
      line(2, w("xảy ra sau ", "comes after ") + names);
    } else if (!ev.expected) {
      line(2, w(fmt::format("không có việc nào phải xong trước: coi như sớm nhất là ngày bắt đầu kế hoạch, {}", opt_date(d_.plan_start)),
                fmt::format("nothing must come first: assumed at the earliest, the plan's start, {}", opt_date(d_.plan_start))));
    }
    if (ev.follow_up != kNone) line(2, w("theo dõi: ", "followed up by: ") + std::string(p_.str(p_.agencies[ev.follow_up].id)));
    line(2, projected(n));
  }

  void schedule(TaskId t) {
    const Task& task = p_.tasks[t];
    line(0, w("Lịch dự kiến (phương pháp đường găng)", "Schedule (critical path method)"));
    if (task.waived) {
      line(1, w("nhiệm vụ đã dừng: không lập lịch", "the task is waived: not scheduled"));
      return;
    }
    if (task.duration && task.duration->amount > 0) {
      int n = task.duration->amount;
      line(1, w(fmt::format("thời lượng: {} {}", n, unit(task.duration->unit, n)),
                fmt::format("duration: {} {}", n, unit(task.duration->unit, n))));
    } else {
      line(1, w("thời lượng: không ước tính; tính là 0 ngày (xong ngay ngày bắt đầu được)",
                "duration: not estimated; taken as 0 days (done the day it can start)"));
    }
    Day es = s_.earliest_start[t], ef = s_.earliest_finish[t];
    if (es == kNoDay) {
      line(1, w("sớm nhất: không tính được (kế hoạch chưa ghi ngày hiệu lực, hoặc nhiệm vụ nằm trên một vòng)",
                "earliest: cannot be computed (the plan has no effective date, or the task is on a cycle)"));
      return;
    }
    std::string why_start;
    if (s_.trigger[t] != kNoDay && es == s_.trigger[t] + 1) {
      why_start = w("ngày sau khi điều kiện bắt đầu xảy ra", "the day after the start condition");
    } else if (s_.trigger[t] != kNoDay && es == s_.trigger[t]) {
      why_start = w("ngày điều kiện bắt đầu xảy ra: hạn là ngay", "the day of the start condition: due immediately");
    } else if (es == d_.plan_start) {
      why_start = w("ngày hiệu lực của kế hoạch", "the plan's effective date");
    } else if (task.due.size && d_.dues[task.due.begin].opens == es) {
      why_start = w("ngày mở của giai đoạn", "the day the period opens");
    } else {
      why_start = w("ngày sau khi việc nó phụ thuộc xong", "the day after what it depends on is finished");
    }
    line(1, w(fmt::format("sớm nhất: bắt đầu {} ({}), xong {}", date(es), why_start, date(ef)),
              fmt::format("earliest: start {} ({}), finish {}", date(es), why_start, date(ef))));
    Day ls = s_.latest_start[t], lf = s_.latest_finish[t], by = s_.finish_by(t);
    if (by == kNever) {
      line(1, w("muộn nhất: không có hạn nào giới hạn", "latest: no deadline limits it"));
    } else if (by != lf) {
      line(1, w(fmt::format("muộn nhất: xong {} (hạn tính từ điều kiện bắt đầu: nó dời theo điều kiện, nên không ràng buộc các việc trước)",
                            date(by)),
                fmt::format("latest: finish {} (the deadline counted from the start condition: it moves with the condition, so it does not "
                            "bind what comes before)",
                            date(by))));
      if (lf != kNever) {
        line(2, w(fmt::format("các việc sau nó cho phép bắt đầu muộn nhất {}, xong {}", date(ls), date(lf)),
                  fmt::format("what follows it allows a latest start {} and finish {}", date(ls), date(lf))));
      }
    } else {
      std::string why_finish;
      if (lf == s_.deadline[t]) {
        why_finish = w("hạn của nhiệm vụ", "its deadline");
      } else {
        for (NodeId n : following(t)) {
          if (s_.latest_start[n] == lf + 1) {
            why_finish = w(fmt::format("ngày trước ngày bắt đầu muộn nhất của {}", p_.node_name(n)),
                           fmt::format("the day before the latest start of {}", p_.node_name(n)));
            break;
          }
        }
      }
      line(1, w(fmt::format("muộn nhất: bắt đầu {}, xong {} ({})", date(ls), date(lf), why_finish),
                fmt::format("latest: start {}, finish {} ({})", date(ls), date(lf), why_finish)));
    }
    line(1, w(fmt::format("dự kiến hoàn thành: {}", date(ef)), fmt::format("projected finish: {}", date(ef))));
    auto slack = s_.slack(t);
    if (!slack) {
      line(1, w("thời gian dự trữ: không giới hạn", "slack: unlimited"));
    } else if (*slack > 0) {
      line(1, w(fmt::format("thời gian dự trữ: {} ngày", *slack), fmt::format("slack: {} {}", *slack, *slack == 1 ? "day" : "days")));
    } else if (*slack == 0) {
      line(1, w("thời gian dự trữ: 0 ngày: nằm trên đường găng, chậm một ngày là trễ hạn",
                "slack: 0 days: on the critical path, one day late makes something late"));
    } else {
      line(1, w(fmt::format("thời gian dự trữ: {} ngày: nằm trên đường găng, theo lịch dự kiến sẽ trễ {} ngày", *slack, -*slack),
                fmt::format("slack: {} days: on the critical path, projected {} days late", *slack, -*slack)));
    }
  }

  /// The tasks that depend on t and the nodes waiting for it.
  std::vector<NodeId> following(TaskId t) const {
    std::vector<NodeId> out(p_.dependents.of(t).begin(), p_.dependents.of(t).end());
    for (NodeId n : p_.wakes.of(t)) out.push_back(n);
    return out;
  }

 private:
  const Plan& p_;
  const Dates& d_;
  const Schedule& s_;
  Lang lang_;
  std::string out_;
};
}  // namespace

std::string show_weekday_date(Day d, dsl::Lang lang) {
  static const char* vi[] = {"thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"};
  static const char* en[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  dsl::Date date = date_of(d);
  int wd = date.weekday();
  return fmt::format("{} {}", lang == dsl::Lang::en ? en[wd] : vi[wd], show_date(date, lang));
}

std::string explain_task(const Plan& plan, const Dates& dates, const Schedule& schedule, TaskId t, dsl::Lang lang) {
  Writer wr(plan, dates, schedule, lang);
  wr.header(t);
  wr.due(t);
  wr.start(t);
  wr.schedule(t);
  return wr.take();
}

}  // namespace dondoc::engine
