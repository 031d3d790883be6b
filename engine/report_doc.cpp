// What the report says, in the order an officer writes it: summary first, then by agency, late
// tasks, waiting tasks, recurring reports, indicators, and the appendix in the columns of Phụ lục 2.

#include "engine/report_doc.hpp"

#include <fmt/format.h>

#include <unordered_map>

#include "engine/indicator_text.hpp"
#include "engine/report_words.hpp"

namespace dondoc::engine::detail {

namespace {

using Kind = Block::Kind;

Block heading(int level, std::string id, std::string text) {
  Block b;
  b.kind = Kind::heading;
  b.level = level;
  b.id = std::move(id);
  b.text = std::move(text);
  return b;
}

Block paragraph(std::string text) {
  Block b;
  b.kind = Kind::paragraph;
  b.text = std::move(text);
  return b;
}

Block table(std::vector<std::string> header, std::string align) {
  Block b;
  b.kind = Kind::table;
  b.header = std::move(header);
  b.align = std::move(align);
  return b;
}

void add_row(Block& t, std::vector<std::string> cells, std::string cls = {}) {
  t.rows.push_back(std::move(cells));
  t.row_class.push_back(std::move(cls));
}

std::string str(std::string_view s) {
  return std::string(s);
}

std::string num(std::uint32_t n) {
  return fmt::format("{}", n);
}

/// A number as the language writes it: `53,6` / `53.6`.
std::string number(double v, dsl::Lang lang) {
  std::string s = fmt::format("{}", v);
  if (!english(lang)) {
    for (char& c : s) {
      if (c == '.') c = ',';
    }
  }
  return s;
}

std::string target_text(const dsl::Target& t, dsl::Lang lang) {
  using dsl::Target;
  static constexpr const char* kCmp[] = {"≥ ", "≤ ", "> ", "< ", "", ""};
  static constexpr std::string_view kMeasureVi[] = {"", "bình quân ", "tổng ", "giảm bình quân "};
  static constexpr std::string_view kMeasureEn[] = {"", "average ", "total ", "average decrease "};
  std::string s = t.about ? std::string(say(lang, "khoảng ", "about ")) : std::string();
  s += say(lang, kMeasureVi[static_cast<int>(t.measure)], kMeasureEn[static_cast<int>(t.measure)]);
  const std::string v = number(t.value.value, lang);
  switch (t.change) {
    case Target::Change::up:
      s += fmt::format("{} {} {} {}", say(lang, "tăng thêm", "up"), v, say(lang, "so với năm", "from"), *t.from_year);
      break;
    case Target::Change::down:
      s += fmt::format("{} {} {} {}", say(lang, "giảm", "down"), v, say(lang, "so với năm", "from"), *t.from_year);
      break;
    case Target::Change::times:
      s += english(lang) ? fmt::format("{} times {}", v, *t.from_year) : fmt::format("gấp {} lần năm {}", v, *t.from_year);
      break;
    case Target::Change::none:
      s += kCmp[static_cast<int>(t.cmp)] + v;
      if (t.value_max) s += " – " + number(t.value_max->value, lang);
  }
  if (t.measure != Target::Measure::level) {
    s += fmt::format(" {} {}–{}", say(lang, "giai đoạn", "over"), *t.from_year, *t.year);
  } else if (t.year) {
    s += fmt::format(" {} {}", say(lang, "năm", "in"), *t.year);
  }
  if (t.every_year) s += say(lang, " hằng năm", " every year");
  if (t.tolerance) s += fmt::format(" ({} {})", say(lang, "sai số", "within"), number(t.tolerance->value, lang));
  return s;
}

void summary(Doc& doc, const ReportInput& in) {
  const Report& r = in.report;
  dsl::Lang l = in.lang;
  const Tally& t = r.total;
  doc.push_back(heading(2, "summary", str(say(l, "Tóm tắt", "Summary"))));
  doc.push_back(paragraph(
      fmt::format("{}: {}.", say(l, "Tổng số nhiệm vụ đã triển khai, có thời hạn", "Tasks started and with a deadline"), t.counted())));
  Block counts = table({str(say(l, "Phân loại", "Category")), str(say(l, "Số nhiệm vụ", "Tasks")), str(say(l, "Tỷ lệ", "Share"))}, "lrr");
  static constexpr Status kClass[] = {Status::not_due, Status::overdue, Status::done_on_time, Status::done_late};
  for (int c : {2, 3, 0, 1}) {
    add_row(counts, {str(category_label(static_cast<Category>(c), l)), num(t.categories[c]), percent(t.categories[c], t.counted(), l)},
            str(status_name(kClass[c])));
  }
  add_row(counts, {str(say(l, "Tổng", "Total")), num(t.counted()), percent(t.counted(), t.counted(), l)}, "total");
  counts.status_column = 0;
  doc.push_back(std::move(counts));
  Block b;
  b.kind = Kind::bullets;
  b.items.push_back(fmt::format("{}: {} ({}/{})", say(l, "Tỷ lệ hoàn thành", "Completion rate"), percent(t.done(), t.counted(), l),
                                t.done(), t.counted()));
  b.items.push_back(fmt::format("{}: {} ({}/{})", say(l, "Tỷ lệ hoàn thành quá hạn", "Late-completion rate"),
                                percent(t.categories[3], t.done(), l), t.categories[3], t.done()));
  b.items.push_back(fmt::format("{} {} {}: {}", say(l, "Quá hạn trên", "Overdue by more than"), r.options.long_overdue_days,
                                say(l, "ngày", "days"), t.long_overdue));
  b.items.push_back(fmt::format("{}: {}; {}: {}; {}: {}", status_label(Status::waiting, l), t.waiting, status_label(Status::ongoing, l),
                                t.ongoing, status_label(Status::waived, l), t.waived));
  b.items.push_back(fmt::format("{} ({} – {}): {} {}, {} {}", say(l, "Trong kỳ", "In the period"), shown(r.from, l), shown(r.at, l),
                                r.due_in_period.size(), say(l, "nhiệm vụ đến hạn", "tasks fell due"), r.done_in_period.size(),
                                say(l, "nhiệm vụ hoàn thành", "tasks were done")));
  std::string by_status;
  for (int s = 0; s < kStatusCount; ++s) {
    if (r.counts[s])
      by_status += fmt::format("{}{} {}", by_status.empty() ? "" : "; ", status_label(static_cast<Status>(s), l), r.counts[s]);
  }
  b.items.push_back(fmt::format("{} ({} {}): {}", say(l, "Theo trạng thái chi tiết", "By detailed status"), r.tasks.size(),
                                say(l, "nhiệm vụ", "tasks"), by_status));
  doc.push_back(std::move(b));
}

void agencies(Doc& doc, const ReportInput& in) {
  const Plan& p = in.model.plan;
  dsl::Lang l = in.lang;
  doc.push_back(heading(2, "agencies", str(say(l, "Kết quả theo đơn vị chủ trì", "Results by lead agency"))));
  Block t =
      table({str(say(l, "Đơn vị chủ trì", "Lead agency")), str(say(l, "Tổng", "Total")), str(category_label(Category::done_on_time, l)),
             str(category_label(Category::done_late, l)), str(category_label(Category::in_progress_on_time, l)),
             str(category_label(Category::in_progress_late, l)), str(say(l, "Tỷ lệ hoàn thành", "Completion rate")),
             fmt::format("{} {} {}", say(l, "Quá hạn >", "Overdue >"), in.report.options.long_overdue_days, say(l, "ngày", "days")),
             str(status_label(Status::waiting, l)), str(status_label(Status::ongoing, l))},
            "lrrrrrrrrr");
  // The agencies that lead only standing tasks are followed by their recurring reports (part 5).
  std::size_t standing_only = 0;
  for (const AgencyTally& a : in.report.agencies) {
    const Tally& c = a.tally;
    if (c.counted() == 0 && c.waiting == 0) {
      ++standing_only;
      continue;
    }
    add_row(t,
            {agency_name(p, a.agency), num(c.counted()), num(c.categories[2]), num(c.categories[3]), num(c.categories[0]),
             num(c.categories[1]), percent(c.done(), c.counted(), l), num(c.long_overdue), num(c.waiting), num(c.ongoing)},
            "");
  }
  doc.push_back(std::move(t));
  if (standing_only)
    doc.push_back(paragraph(
        fmt::format("{} {}", standing_only,
                    say(l, "đơn vị khác chỉ chủ trì nhiệm vụ thường xuyên; kết quả theo dõi qua báo cáo định kỳ (mục 5).",
                        "other agencies lead standing tasks only; they are followed through their recurring reports (part 5)."))));
}

std::string chain_text(const Plan& p, const std::vector<NodeId>& chain) {
  std::string out;
  for (NodeId n : chain) out += (out.empty() ? "" : " ← ") + node_title(p, n);
  return out;
}

void late_tasks(Doc& doc, const ReportInput& in) {
  const Plan& p = in.model.plan;
  const Evaluation& e = in.eval;
  dsl::Lang l = in.lang;
  doc.push_back(heading(2, "late", str(say(l, "Nhiệm vụ chậm tiến độ", "Tasks behind time"))));
  if (in.report.late.empty()) {
    doc.push_back(paragraph(str(say(l, "Không có nhiệm vụ chậm tiến độ.", "No task is behind time."))));
    return;
  }
  Block t = table(
      {str(say(l, "Nhiệm vụ", "Task")), str(say(l, "Chủ trì", "Lead")), str(say(l, "Hạn", "Due")), str(say(l, "Tình trạng", "Status")),
       str(say(l, "Nguyên nhân (chuỗi phụ thuộc)", "Held back by (chain)")), str(say(l, "Căn cứ", "Source"))},
      "llllll");
  for (const LateTask& lt : in.report.late) {
    std::string state = lt.days_late > 0 ? fmt::format("{} {} {}", say(l, "quá hạn", "late by"), lt.days_late, say(l, "ngày", "days"))
                                         : str(status_label(e.status[lt.task], l));
    if (lt.days_late > in.report.options.long_overdue_days) state += say(l, " (quá hạn kéo dài)", " (long overdue)");
    add_row(t,
            {node_title(p, lt.task), agency_names(p, p.tasks[lt.task].leads), shown(e.deadline[lt.task], l), state, chain_text(p, lt.chain),
             str(p.str(p.tasks[lt.task].source))},
            str(status_name(e.status[lt.task])));
  }
  t.status_column = 3;
  doc.push_back(std::move(t));
}

void waiting_tasks(Doc& doc, const ReportInput& in) {
  const Plan& p = in.model.plan;
  dsl::Lang l = in.lang;
  doc.push_back(heading(2, "waiting", str(say(l, "Nhiệm vụ chờ điều kiện", "Tasks waiting on a trigger"))));
  if (in.report.waiting.empty()) {
    doc.push_back(paragraph(str(say(l, "Không có.", "None."))));
    return;
  }
  Block t = table({str(say(l, "Nhiệm vụ", "Task")), str(say(l, "Chủ trì", "Lead")), str(say(l, "Chờ", "Waiting for"))}, "lll");
  for (TaskId task : in.report.waiting) {
    std::string on;
    for (NodeId n : in.eval.waiting_on(p, task)) on += (on.empty() ? "" : "; ") + node_title(p, n);
    add_row(t, {node_title(p, task), agency_names(p, p.tasks[task].leads), on}, "waiting");
  }
  doc.push_back(std::move(t));
}

/// Where a product goes and the bodies it passes, by name, after the deliverable in the appendix:
/// `gửi Thủ tướng Chính phủ qua Sở KH&ĐT · đồng gửi Bộ Tài chính · cấp trình Chính phủ, Quốc hội`.
std::string sent_text(const Plan& p, const Addressing* a, const std::vector<EventId>& passes, dsl::Lang l) {
  std::vector<std::string> parts;
  if (a && a->to.size) {
    parts.push_back(fmt::format("{} {}", say(l, "gửi", "to"), agency_names(p, a->to)));
    if (a->via != kNone) parts.back() += fmt::format(" {} {}", say(l, "qua", "via"), agency_name(p, a->via));
  }
  if (a && a->copy_to.size) parts.push_back(fmt::format("{} {}", say(l, "đồng gửi", "copy to"), agency_names(p, a->copy_to)));
  if (!passes.empty()) {
    std::string bodies;
    for (EventId ev : passes) bodies += (bodies.empty() ? "" : ", ") + agency_name(p, p.events[ev].body);
    parts.push_back(fmt::format("{} {}", say(l, "cấp trình", "passes"), bodies));
  }
  std::string out;  // the parts apart by " · ": a list of agencies is joined by "; " (agency_names)
  for (const auto& part : parts) out += (out.empty() ? "" : " · ") + part;
  return out;
}

/// `gửi …` → `Gửi …`, `đồng gửi …` → `Đồng gửi …`, `to …` → `To …`: what `sent_text` starts with.
std::string capitalized(std::string s) {
  if (s.rfind("đ", 0) == 0) return "Đ" + s.substr(std::string_view("đ").size());
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

/// The deliverable, then where it goes (`sent_text`) in brackets.
std::string deliverable_cell(const Plan& p, TaskId task, const std::unordered_map<TaskId, std::vector<EventId>>& passes, dsl::Lang l) {
  static const std::vector<EventId> kNone_;
  auto it = passes.find(task);
  std::string sent = sent_text(p, p.sent_of(task), it == passes.end() ? kNone_ : it->second, l);
  std::string d(p.str(p.tasks[task].deliverable));
  if (sent.empty()) return d;
  return d.empty() ? sent : fmt::format("{} ({})", d, sent);
}

void rounds(Doc& doc, const ReportInput& in) {
  const Plan& p = in.model.plan;
  dsl::Lang l = in.lang;
  doc.push_back(heading(2, "reports", str(say(l, "Báo cáo định kỳ", "Recurring reports"))));
  if (in.report.rounds.empty()) {
    doc.push_back(paragraph(str(say(l, "Không có.", "None."))));
    return;
  }
  auto names = [&](const std::vector<std::uint32_t>& occ) {
    std::string s;
    for (std::uint32_t o : occ) {
      s += (s.empty() ? "" : "; ") + agency_name(p, in.model.occurrences.items[o].agency);
      if (in.eval.occurrence_done[o] != kNoDay) s += fmt::format(" ({})", shown(in.eval.occurrence_done[o], l));
    }
    return s.empty() ? std::string("—") : s;
  };
  for (const ReportRound& round : in.report.rounds) {
    const Duty& d = p.duties[round.duty];
    bool next = round.due > in.report.at;
    doc.push_back(heading(3, "",
                          fmt::format("{} — {} {} ({} {}{})", p.str(d.id), p.str(d.title), round_name(p, round, l), say(l, "hạn", "due"),
                                      shown(round.due, l), next ? say(l, ", kỳ tới", ", next") : "")));
    Block b;
    b.kind = Kind::bullets;
    if (std::string sent = sent_text(p, &d.sent, {}, l); !sent.empty()) b.items.push_back(capitalized(std::move(sent)));
    if (next) {
      b.items.push_back(fmt::format("{}: {}", say(l, "Số đơn vị phải gửi", "Agencies to report"),
                                    round.on_time.size() + round.late.size() + round.missing.size() + round.not_due.size()));
      doc.push_back(std::move(b));
      continue;
    }
    b.items.push_back(fmt::format("{} ({}): {}", say(l, "Đã gửi đúng hạn", "Sent on time"), round.on_time.size(), names(round.on_time)));
    b.items.push_back(fmt::format("{} ({}): {}", say(l, "Gửi muộn", "Sent late"), round.late.size(), names(round.late)));
    b.items.push_back(
        fmt::format("{} ({}): {}", say(l, "Chưa gửi, đã quá hạn", "Not sent, overdue"), round.missing.size(), names(round.missing)));
    if (!round.not_due.empty())
      b.items.push_back(fmt::format("{} ({}): {}", say(l, "Chưa đến hạn", "Not yet due"), round.not_due.size(), names(round.not_due)));
    doc.push_back(std::move(b));
  }
}

void indicators(Doc& doc, const ReportInput& in) {
  const Plan& p = in.model.plan;
  const Evaluation& e = in.eval;
  dsl::Lang l = in.lang;
  doc.push_back(heading(2, "indicators", str(say(l, "Chỉ tiêu", "Indicators"))));
  if (in.report.indicators.empty()) {
    doc.push_back(paragraph(str(say(l, "Không có.", "None."))));
    return;
  }
  Block t = table({str(say(l, "Chỉ tiêu", "Indicator")), str(say(l, "Đơn vị tính", "Unit")), str(say(l, "Mục tiêu", "Target")),
                   str(say(l, "Giá trị mới nhất", "Latest value")), str(say(l, "Yêu cầu của năm", "Expected that year")),
                   str(say(l, "Đánh giá", "State"))},
                  "lllrrl");
  for (IndicatorId i : in.report.indicators) {
    const Indicator& ind = p.indicators[i];
    const auto& latest = e.indicator_latest[i];
    std::string expected = e.indicator_expected[i] ? number(*e.indicator_expected[i], l) : "—";
    if (e.indicator_expected_max[i]) expected += "–" + number(*e.indicator_expected_max[i], l);
    std::string state = str(indicator_state_label(e.indicator_state[i], l));
    if (const auto& before = e.indicator_previous[i]; before && e.indicator_state[i] == IndicatorState::not_assessable) {
      state += fmt::format(" ({} {}: {})", trend_label(e.indicator_trend[i], l), before->year, number(before->value.value, l));
    }
    if (auto note = indicator_note(p, e, i, l); !note.empty()) expected += fmt::format(" ({})", note);
    add_row(t,
            {fmt::format("{} — {}", p.str(ind.id), p.str(ind.name)), str(p.str(ind.unit)), ind.target ? target_text(*ind.target, l) : "—",
             latest ? fmt::format("{} ({})", number(latest->value.value, l), latest->year) : "—", expected, state},
            str(indicator_state_name(e.indicator_state[i])));
  }
  t.status_column = 5;
  doc.push_back(std::move(t));
}

/// The tasks in the columns and order of Phụ lục 2, with the status beside them.
void appendix(Doc& doc, const ReportInput& in) {
  const Plan& p = in.model.plan;
  const Evaluation& e = in.eval;
  dsl::Lang l = in.lang;
  doc.push_back(
      heading(2, "appendix", str(say(l, "Phụ lục: danh mục nhiệm vụ và tình hình thực hiện", "Appendix: the tasks and where they stand"))));
  Block t =
      table({"STT", str(say(l, "Nội dung", "Task")), str(say(l, "Cơ quan chủ trì", "Lead")), str(say(l, "Cơ quan phối hợp", "Support")),
             str(say(l, "Sản phẩm", "Deliverable")), str(say(l, "Thời gian", "Time")), str(say(l, "Tình hình thực hiện", "Status"))},
            "lllllll");
  std::unordered_map<TaskId, std::vector<EventId>> passes;  // `cấp trình`: the passages of each task, in order
  for (EventId ev = 0; ev < p.events.size(); ++ev)
    if (p.events[ev].passage_of != kNone && p.events[ev].body != kNone) passes[p.events[ev].passage_of].push_back(ev);
  SectionId last = kNone;
  for (TaskId task : in.report.tasks) {
    SectionId s = p.tasks[task].section;
    if (s != last && s != kNone) add_row(t, {str(p.str(p.sections[s].id)), str(p.str(p.sections[s].title)), "", "", "", "", ""}, "section");
    last = s;
    std::string state(status_label(e.status[task], l));
    if (e.done[task] != kNoDay) state += fmt::format(" ({})", shown(e.done[task], l));
    if (e.status[task] == Status::overdue) state += fmt::format(" ({} {})", e.days_late(task), say(l, "ngày", "days"));
    add_row(
        t,
        {str(p.str(p.tasks[task].id)), str(p.str(p.tasks[task].title)), agency_names(p, p.tasks[task].leads),
         agency_names(p, p.tasks[task].support, p.tasks[task].leads), deliverable_cell(p, task, passes, l), str(time_text(p, task)), state},
        str(status_name(e.status[task])));
  }
  t.status_column = 6;
  doc.push_back(std::move(t));
}

}  // namespace

std::size_t size_of(const Doc& doc) {
  std::size_t n = 0;
  for (const Block& b : doc) {
    n += b.text.size() + 16;
    for (const auto& item : b.items) n += item.size() + 4;
    for (const auto& row : b.rows) {
      for (const auto& c : row) n += c.size() + 3;
    }
  }
  return n + n / 8;
}

Doc report_doc(const ReportInput& in) {
  const Plan& p = in.model.plan;
  const Report& r = in.report;
  dsl::Lang l = in.lang;
  Doc doc;
  doc.push_back(heading(1, "title", report_title(p, r, l)));
  doc.push_back(paragraph(str(p.str(p.header.title))));
  std::string period = r.options.period == Period::all ? fmt::format("{} {} {} {}", say(l, "từ ngày", "from"), shown(r.from, l),
                                                                     say(l, "đến ngày", "to"), shown(r.at, l))
                                                       : fmt::format("{} ({} – {})", period_name(r, l), shown(r.from, l), shown(r.at, l));
  doc.push_back(paragraph(fmt::format("{}: {}. {} {}.", say(l, "Kỳ báo cáo", "Reporting period"), period,
                                      say(l, "Số liệu tính đến ngày", "Figures as of"), shown(r.at, l))));
  summary(doc, in);
  if (r.options.agency == kNone) agencies(doc, in);
  late_tasks(doc, in);
  waiting_tasks(doc, in);
  rounds(doc, in);
  indicators(doc, in);
  appendix(doc, in);
  return doc;
}

}  // namespace dondoc::engine::detail
