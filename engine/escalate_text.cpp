#include "engine/escalate_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>

#include "dsl/text.hpp"

namespace dondoc::engine {

namespace escalation_text {

namespace {

// ---------------------------------------------------------------- built-in texts

constexpr Texts kVi{
    "{bước}: nhiệm vụ {nhiệm_vụ} \"{tên}\" ({căn_cứ}; sản phẩm: {sản_phẩm}) đến hạn ngày {hạn}, còn {số_ngày} ngày. {yêu_cầu}",
    "{bước}: hôm nay, {hạn}, là hạn của nhiệm vụ {nhiệm_vụ} \"{tên}\" ({căn_cứ}; sản phẩm: {sản_phẩm}). {yêu_cầu}",
    "{bước}: nhiệm vụ {nhiệm_vụ} \"{tên}\" ({căn_cứ}; sản phẩm: {sản_phẩm}) đã quá hạn {số_ngày} ngày (hạn {hạn}).{chuỗi_chậm} {yêu_cầu}",
    "{bước}: nhiệm vụ {nhiệm_vụ} \"{tên}\" ({căn_cứ}; sản phẩm: {sản_phẩm}) đã quá hạn {số_ngày} ngày (hạn {hạn}); đơn vị chủ trì: "
    "{chủ_trì}.{chuỗi_chậm} {yêu_cầu}",
    "{bước}: {tên} {kỳ} ({căn_cứ}) đến hạn ngày {hạn}, còn {số_ngày} ngày. {yêu_cầu}",
    "{bước}: hôm nay, {hạn}, là hạn gửi {tên} {kỳ} ({căn_cứ}). {yêu_cầu}",
    "{bước}: chưa nhận được {tên} {kỳ} ({căn_cứ}), quá hạn {số_ngày} ngày (hạn {hạn}). {yêu_cầu}",
    "{bước}: {tên} {kỳ} ({căn_cứ}) quá hạn {số_ngày} ngày (hạn {hạn}), còn thiếu báo cáo của: {chủ_trì}. {yêu_cầu}",
    "{bước}: sự kiện {nhiệm_vụ} \"{tên}\" ({căn_cứ}) dự kiến {hạn} nhưng chưa xảy ra, chậm {số_ngày} ngày.{chuỗi_chậm} {yêu_cầu}",
    "{bước}: nhiệm vụ {nhiệm_vụ} \"{tên}\" (hạn {hạn}) {kết_quả}. Dừng đôn đốc.",
    "{bước}: {tên} {kỳ} của {chủ_trì} (hạn {hạn}) {kết_quả}. Dừng đôn đốc.",
    "{bước}: sự kiện {nhiệm_vụ} \"{tên}\" (dự kiến {hạn}) {kết_quả}. Dừng đôn đốc.",
};

constexpr Texts kEn{
    "{step}: task {task} \"{title}\" ({reference}; deliverable: {deliverable}) is due on {due}, in {days} days. {ask}",
    "{step}: today, {due}, task {task} \"{title}\" ({reference}; deliverable: {deliverable}) is due. {ask}",
    "{step}: task {task} \"{title}\" ({reference}; deliverable: {deliverable}) is {days} days overdue (due {due}).{chain} {ask}",
    "{step}: task {task} \"{title}\" ({reference}; deliverable: {deliverable}) is {days} days overdue (due {due}); lead: {leads}.{chain} "
    "{ask}",
    "{step}: {title}, {period} ({reference}) is due on {due}, in {days} days. {ask}",
    "{step}: today, {due}, {title}, {period} ({reference}) is due. {ask}",
    "{step}: {title}, {period} ({reference}) has not been received, {days} days after due ({due}). {ask}",
    "{step}: {title}, {period} ({reference}) is {days} days overdue (due {due}); still missing from: {leads}. {ask}",
    "{step}: event {task} \"{title}\" ({reference}) was expected by {due} and has not happened, {days} days late.{chain} {ask}",
    "{step}: task {task} \"{title}\" (due {due}) {outcome}. Escalation ends.",
    "{step}: {title}, {period}, from {leads} (due {due}) {outcome}. Escalation ends.",
    "{step}: event {task} \"{title}\" (expected {due}) {outcome}. Escalation ends.",
};

}  // namespace

/// The id of one message: the FNV-1a 64 hash of its parts, separated by U+001F, as 16 hex digits.
std::string make_id(std::initializer_list<std::string_view> parts) {
  std::string key;
  for (auto p : parts) {
    key += p;
    key += '\x1f';
  }
  return fmt::format("{:016x}", dsl::fnv1a(key));
}

/// "1 day", "7 days" (reasons and English messages).
std::string days(int n) {
  return fmt::format("{} day{}", n, n == 1 || n == -1 ? "" : "s");
}

/// The built-in English texts say "{days} days": one day is "1 day".
std::string singular_days(std::string s) {
  for (std::size_t i = 0; (i = s.find(" 1 days", i)) != std::string::npos;) s.erase(i + 6, 1);
  return s;
}

const Texts& texts(dsl::Lang lang) {
  return lang == dsl::Lang::en ? kEn : kVi;
}

/// The step's name in a message: its label as written in the rules; in English, the English name
/// of the step with the label after it, since labels are written in Vietnamese.
std::string step_name(const std::string& label, EscalationKind k, int level, dsl::Lang lang) {
  if (label.empty()) return default_label(k, level, lang);
  if (lang == dsl::Lang::en) return fmt::format("{} (\"{}\")", default_label(k, level, lang), label);
  return label;
}

std::string default_label(EscalationKind k, int level, dsl::Lang lang) {
  bool en = lang == dsl::Lang::en;
  switch (k) {
    case EscalationKind::reminder:
      return en ? "Reminder" : "Nhắc nhở";
    case EscalationKind::urging:
      return en ? fmt::format("Urging, level {}", level) : fmt::format("Đôn đốc cấp {}", level);
    case EscalationKind::long_overdue:
      return en ? "Long overdue" : "Quá hạn kéo dài";
    case EscalationKind::report_missed:
      return en ? fmt::format("Report urging, level {}", level) : fmt::format("Đôn đốc báo cáo cấp {}", level);
    case EscalationKind::event_late:
      return en ? "Event late" : "Sự kiện chậm";
    case EscalationKind::resolved:
      return en ? "Resolved" : "Kết thúc đôn đốc";
  }
  return {};
}

/// "557/QĐ-UBND" → "QĐ 557/QĐ-UBND": the document type comes first, as people cite it.
std::string plan_reference(const Plan& p, dsl::Lang lang) {
  std::string_view number = p.str(p.header.number);
  if (number.empty()) return std::string(p.str(p.header.id));
  std::size_t slash = number.find('/'), dash = number.find('-', slash == std::string_view::npos ? 0 : slash);
  if (slash != std::string_view::npos && dash != std::string_view::npos && dash > slash + 1) {
    return fmt::format("{} {}", number.substr(slash + 1, dash - slash - 1), number);
  }
  return fmt::format("{} {}", lang == dsl::Lang::en ? "No." : "số", number);
}

/// `source` (else the nearest section's), then the plan's reference `plan_ref`.
std::string reference_with(const Plan& p, StrId source, SectionId section, const std::string& plan_ref) {
  std::string_view src = p.str(source);
  for (SectionId s = section; src.empty() && s != kNone; s = p.sections[s].parent) src = p.str(p.sections[s].source);
  return src.empty() ? plan_ref : fmt::format("{} — {}", src, plan_ref);
}

std::string period_text(const Duty& duty, int year, int period, dsl::Lang lang) {
  using F = dsl::Recurrence::Freq;
  bool en = lang == dsl::Lang::en;
  if (period == 0) return en ? fmt::format("year {}", year) : fmt::format("năm {}", year);
  switch (duty.every.freq) {
    case F::half_yearly:
      return en ? fmt::format("half {} of {}", period, year) : fmt::format("{} tháng {} năm {}", 6, period == 1 ? "đầu" : "cuối", year);
    case F::quarterly: {
      static const char* const roman[] = {"", "I", "II", "III", "IV"};
      return en ? fmt::format("Q{}/{}", period, year) : fmt::format("quý {}/{}", roman[std::clamp(period, 0, 4)], year);
    }
    case F::monthly:
      return en ? fmt::format("{}-{:02}", year, period) : fmt::format("tháng {}/{}", period, year);
    default:
      return en ? fmt::format("period {} of {}", period, year) : fmt::format("kỳ {} năm {}", period, year);
  }
}

}  // namespace escalation_text

using namespace escalation_text;

// ---------------------------------------------------------------- templates

std::string_view escalation_kind_name(EscalationKind k) {
  switch (k) {
    case EscalationKind::reminder:
      return "reminder";
    case EscalationKind::urging:
      return "urging";
    case EscalationKind::long_overdue:
      return "long_overdue";
    case EscalationKind::report_missed:
      return "report_missed";
    case EscalationKind::event_late:
      return "event_late";
    case EscalationKind::resolved:
      return "resolved";
  }
  return "reminder";
}

namespace {

std::size_t placeholder_index(std::string_view name) {
  for (std::size_t i = 0; i < kPlaceholders.size(); ++i) {
    if (kPlaceholders[i].vi == name || kPlaceholders[i].en == name) return i;
  }
  return kPlaceholders.size();
}

/// Calls `on(text)` for literal runs and `on_name(name)` for each `{name}`.
template <typename Lit, typename Name>
void scan_template(std::string_view t, Lit&& on_lit, Name&& on_name) {
  std::size_t i = 0;
  while (i < t.size()) {
    if (t.compare(i, 2, "{{") == 0 || t.compare(i, 2, "}}") == 0) {
      on_lit(t.substr(i, 1));
      i += 2;
      continue;
    }
    if (t[i] == '{') {
      std::size_t close = t.find('}', i + 1);
      if (close != std::string_view::npos) {
        on_name(t.substr(i + 1, close - i - 1));
        i = close + 1;
        continue;
      }
    }
    std::size_t next = t.find_first_of("{}", i + 1);
    if (next == std::string_view::npos) next = t.size();
    on_lit(t.substr(i, next - i));
    i = next;
  }
}

}  // namespace

void check_template(std::string_view text, const dsl::Location& loc, dsl::Diagnostics& diags) {
  std::vector<std::string_view> names;
  for (const auto& p : kPlaceholders) names.push_back(p.vi), names.push_back(p.en);
  scan_template(
      text, [](std::string_view) {},
      [&](std::string_view name) {
        if (placeholder_index(name) < kPlaceholders.size()) return;
        std::vector<dsl::Message> hints;
        if (std::string near = dsl::closest(name, names); !near.empty()) {
          hints.push_back({fmt::format("có phải là '{{{}}}'?", near), fmt::format("did you mean '{{{}}}'?", near)});
        } else {
          hints.push_back(
              {"các chỗ điền: {nhiệm_vụ}, {tên}, {sản_phẩm}, {căn_cứ}, {hạn}, {số_ngày}, {chủ_trì}, {yêu_cầu}, … (docs/language.md)",
               "placeholders: {task}, {title}, {deliverable}, {reference}, {due}, {days}, {leads}, {ask}, … (docs/language.md)"});
        }
        // Point at the brace: the text starts one column after the opening quote.
        dsl::Location at = loc;
        std::size_t before = static_cast<std::size_t>(name.data() - text.data()) - 1;
        at.col += 1 + static_cast<std::uint32_t>(dsl::codepoint_count(text.substr(0, before)));
        diags.error(at,
                    {fmt::format("mẫu thông báo có chỗ điền không biết: '{{{}}}'", name),
                     fmt::format("the message template has an unknown placeholder: '{{{}}}'", name)},
                    std::move(hints));
      });
}

std::string render_template(std::string_view text, const Values& values) {
  std::string out;
  scan_template(
      text, [&](std::string_view lit) { out += lit; },
      [&](std::string_view name) {
        std::size_t i = placeholder_index(name);
        if (i < values.size()) {
          out += values[i];
        } else {
          out += '{';
          out += name;
          out += '}';
        }
      });
  return out;
}

std::string legal_reference(const Plan& p, StrId source, SectionId section, dsl::Lang lang) {
  return reference_with(p, source, section, plan_reference(p, lang));
}

// ---------------------------------------------------------------- digests

std::vector<Digest> make_digests(const Model& model, std::span<const Escalation> day, dsl::Lang lang) {
  const Plan& p = model.plan;
  std::map<AgencyId, std::vector<const Escalation*>> by;
  for (const auto& e : day) {
    if (!e.digest) continue;
    for (AgencyId a : e.to) by[a].push_back(&e);
  }
  std::vector<Digest> out;
  bool en = lang == dsl::Lang::en;
  for (const auto& [a, items] : by) {
    Digest d;
    d.at = items.front()->at;
    d.to = a;
    std::string ids;
    for (const auto* e : items) d.items.push_back(e->id), ids += e->id;
    d.id = make_id({p.str(p.header.id), "digest", p.str(p.agencies[a].id), iso(d.at), ids});
    d.message = en ? fmt::format("Daily digest for {} ({}), {}: {} message(s).", p.str(p.agencies[a].name), p.str(p.agencies[a].id),
                                 show_date(date_of(d.at), lang), items.size())
                   : fmt::format("Tổng hợp đôn đốc ngày {} gửi {} ({}): {} nội dung.", show_date(date_of(d.at), lang),
                                 p.str(p.agencies[a].name), p.str(p.agencies[a].id), items.size());
    int k = 0;
    for (const auto* e : items) d.message += fmt::format("\n{}. {}", ++k, e->message);
    out.push_back(std::move(d));
  }
  return out;
}

std::string more_held_back(std::size_t count, std::size_t listed, dsl::Lang lang) {
  if (count <= listed) return {};
  return lang == dsl::Lang::en ? fmt::format(" and {} more", count - listed) : fmt::format(" và {} việc khác", count - listed);
}

}  // namespace dondoc::engine
