#pragma once
// The keywords of the plan language, each in its Vietnamese and its English spelling: one table
// for what the parser suggests ("did you mean …?") and counts once per declaration, for what the
// formatter (`dondoc fmt`) writes and for what the plan generator (bench/plan_gen.cpp) writes.
//
// The grammar (dsl/grammar.hpp) reads the keywords with PEGTL rules; each entry below names the rule
// that reads it, and tests/dsl/keywords_test.cpp parses both spellings of every entry with that
// rule, so the table and the grammar cannot drift apart. A keyword added to the grammar that the
// hints or the formatter need is added here too, with its rule.

#include <string_view>

#include "dsl/ast.hpp"

namespace dondoc::dsl {

/// One keyword in its two spellings, both first-class: a file may be written in either.
struct Keyword {
  std::string_view vi, en;
  /// The spelling of `lang`.
  constexpr std::string_view in(Lang lang) const { return lang == Lang::en ? en : vi; }
};

// clang-format off
/// X(name, Vietnamese, English, the rule of dsl/grammar.hpp that reads both spellings)
#define DONDOC_KEYWORDS(X)                                                      \
  /* declarations */                                                            \
  X(plan, "kế hoạch", "plan", kw_plan)                                          \
  X(policy, "quy trình đôn đốc", "escalation policy", kw_policy)                \
  X(agency, "cơ quan", "agency", agency_internal)                               \
  X(external_agency, "cơ quan ngoài", "external agency", agency_external)       \
  X(group, "nhóm", "group", kw_group)                                           \
  X(section, "mục", "section", kw_section)                                      \
  X(task, "nhiệm vụ", "task", kw_task)                                          \
  X(event, "sự kiện", "event", kw_event)                                        \
  X(duty, "nghĩa vụ", "duty", kw_duty)                                          \
  X(indicator, "chỉ tiêu", "indicator", kw_indicator)                           \
  X(waive, "dừng", "waive", kw_waive)                                           \
  X(holidays, "ngày nghỉ năm", "holidays", kw_holidays)                         \
  X(include, "bao gồm", "include", kw_include)                                  \
  /* clauses of several declarations */                                         \
  X(escalation, "đôn đốc", "escalation", kw_escalation)                         \
  X(none, "không", "none", kw_none)                                             \
  X(source, "nguồn", "source", kw_source)                                       \
  X(note, "ghi chú", "note", kw_note)                                           \
  X(follow_up, "theo dõi", "follow-up", kw_follow_up)                           \
  X(followed_up_by, "theo dõi", "followed up by", kw_follow_up)                 \
  X(deliverable, "sản phẩm", "deliverable", kw_deliverable)                     \
  /* plan header */                                                             \
  X(number, "số", "number", kw_number)                                          \
  X(issued_by, "cơ quan ban hành", "issued by", kw_issued_by)                   \
  X(issued, "ban hành", "issued", kw_issued)                                    \
  X(effective, "hiệu lực", "effective", kw_effective)                           \
  X(horizon, "đến năm", "horizon", kw_horizon)                                  \
  X(timezone, "múi giờ", "timezone", kw_timezone)                               \
  X(reading, "cách hiểu", "reading", kw_reading)                                \
  X(strict, "chặt", "strict", reading_strict)                                   \
  X(lenient, "rộng", "lenient", reading_lenient)                                \
  X(due_soon, "sắp đến hạn", "due soon", kw_due_soon)                           \
  X(duty_day, "hạn nghĩa vụ", "duties due", kw_duty_day)                        \
  X(basis, "căn cứ", "basis", kw_basis)                                         \
  /* agencies and groups */                                                     \
  X(reports_to, "cấp trên", "reports to", kw_reports_to)                        \
  X(alias, "tên khác", "alias", kw_alias)                                       \
  X(email, "thư điện tử", "email", kw_email)                                    \
  X(ends, "chấm dứt", "ends", kw_ends)                                          \
  X(merged_into, "hợp nhất vào", "merged into", end_merged)                     \
  X(split_into, "chia cho", "split into", end_split)                            \
  X(abolished, "giải thể, giao", "abolished, duties to", end_abolished)         \
  X(by_document, "theo", "by", kw_by_document)                                  \
  X(members, "gồm", "members", kw_members)                                      \
  /* tasks and events */                                                        \
  X(content, "nội dung", "content", kw_content)                                 \
  X(lead, "chủ trì", "lead", kw_lead)                                           \
  X(support, "phối hợp", "support", kw_support)                                 \
  X(due, "thời hạn", "due", kw_due)                                             \
  X(per, "theo", "per", kw_per)                                                 \
  X(starts_after, "bắt đầu sau", "starts after", kw_starts_after)               \
  X(starts, "bắt đầu", "starts", kw_starts)                                     \
  X(all_of, "tất cả", "all of", kw_all_of)                                      \
  X(any_of, "một trong", "any of", kw_any_of)                                   \
  X(depends_on, "phụ thuộc", "depends on", kw_depends_on)                       \
  X(duration, "thời lượng", "duration", kw_duration)                            \
  X(waived_by, "dừng theo", "waived by", kw_waived_by)                          \
  X(reason, "lý do", "reason", kw_reason)                                       \
  X(after, "sau", "after", kw_after)                                            \
  X(expected, "dự kiến", "expected", kw_expected)                               \
  /* recurring duties */                                                        \
  X(every, "định kỳ", "every", recur_kw)                                        \
  X(period, "giai đoạn", "period", period_kw)                                   \
  X(done_by, "thực hiện", "by", kw_duty_by)                                     \
  X(all_leads, "các đơn vị chủ trì", "all leads", all_leads)                    \
  X(to, "gửi", "to", kw_to)                                                     \
  X(via, "qua", "via", kw_via)                                                  \
  X(copy_to, "đồng gửi", "copy to", kw_copy_to)                                \
  X(passes, "cấp trình", "passes", kw_passes)                                   \
  /* indicators */                                                              \
  X(target, "mục tiêu", "target", kw_target)                                    \
  X(unit, "đơn vị tính", "unit", kw_unit)                                       \
  X(baseline, "cơ sở", "baseline", kw_baseline)                                 \
  X(trajectory, "lộ trình", "trajectory", kw_trajectory)                        \
  X(owners, "phụ trách", "owners", kw_owners)                                   \
  X(owner, "phụ trách", "owner", kw_owners)                                     \
  X(part_of, "thuộc", "part of", kw_part_of)                                    \
  X(in_year, "năm", "in", kw_in_year)                                           \
  X(every_year, "hằng năm", "every year", target_every_year)                    \
  X(tolerance, "sai số", "within", kw_tolerance)                                \
  X(about, "khoảng", "about", kw_about)                                         \
  X(average, "bình quân", "average", measure_average)                           \
  X(total, "tổng", "total", measure_total)                                      \
  X(average_decrease, "giảm bình quân", "average decrease", measure_average_decrease) \
  X(over_period, "giai đoạn", "over", kw_over_period)                           \
  X(up, "tăng thêm", "up", change_up)                                           \
  X(down, "giảm", "down", change_down)                                          \
  X(compared_to, "so với", "from", kw_compared)                                 \
  X(times, "gấp", "times", kw_times)                                            \
  X(at_least, "≥", ">=", cmp_ge)                                                \
  X(at_most, "≤", "<=", cmp_le)                                                 \
  /* escalation policies */                                                     \
  X(remind, "nhắc trước", "remind", kw_remind)                                  \
  X(remind_on_due, "nhắc đúng hạn", "remind on due", kw_remind_on_due)          \
  X(level, "cấp", "level", kw_level)                                            \
  X(after_due, "sau hạn", "after due", after_due)                               \
  X(long_overdue, "quá hạn kéo dài", "long overdue", kw_long_overdue)           \
  X(report_missed, "báo cáo chậm", "report missed", kw_report_missed)           \
  X(event_late, "sự kiện chậm", "event late", kw_event_late)                    \
  X(daily_digest, "gộp theo ngày", "daily digest", policy_digest)               \
  X(message_template, "mẫu", "template", kw_template)                           \
  X(repeat, "lặp lại", "repeat every", kw_repeat)                               \
  X(follow_up_agency, "đơn vị theo dõi", "follow-up", to_follow_up)             \
  /* holiday lists */                                                           \
  X(holiday, "nghỉ", "holiday", holiday_off)                                    \
  X(working_day, "làm bù", "working day", holiday_work)                         \
  X(official, "chính thức", "official", holiday_official)                       \
  /* time words (the formatter's plain forms of due times and recurrences) */   \
  X(complete, "hoàn thành", "complete", kw_complete)                            \
  X(aim, "phấn đấu", "aim", kw_aim)                                             \
  X(meeting, "phiên họp", "meeting", meeting_kw)                                \
  X(from, "từ", "from", from_kw)                                                \
  X(urgent, "khẩn trương", "urgent", urgent)                                    \
  X(within, "trong", "within", within_kw)                                       \
  X(before, "trước", "before", before_kw)                                       \
  X(by_time, "đến", "by", by_kw)                                                \
  X(during_plan, "trong thời gian thực hiện Kế hoạch", "during the plan", during_plan) \
  X(open_ended, "không thời hạn", "open-ended", open_ended)                     \
  X(immediately, "ngay", "immediately", immediately)                            \
  X(yearly, "hằng năm", "year", freq_yearly)                                    \
  X(half_yearly, "6 tháng", "six months", freq_half)                            \
  X(quarterly, "hằng quý", "quarter", freq_quarterly)                           \
  X(monthly, "hằng tháng", "month", freq_monthly)                               \
  X(in_years, "vào các năm", "in years", kw_in_years)                           \
  X(on_day, "vào", "on", anchor_on)
// clang-format on

/// The keywords by name: `kw::lead.in(lang)`.
namespace kw {
#define DONDOC_KEYWORD_CONSTANT(name, vi, en, rule) inline constexpr Keyword name{vi, en};
DONDOC_KEYWORDS(DONDOC_KEYWORD_CONSTANT)
#undef DONDOC_KEYWORD_CONSTANT
}  // namespace kw

}  // namespace dondoc::dsl
