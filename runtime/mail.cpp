#include "runtime/mail.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "engine/calendar.hpp"
#include "engine/escalate.hpp"
#include "runtime/sinks.hpp"

namespace dondoc::runtime {

namespace {

using engine::Kind;
using engine::kNone;
using engine::Plan;

/// The kind of an escalation as a subject says it, when the escalation has no step label.
std::string kind_words(const std::string& kind, bool en) {
  struct Row {
    const char *kind, *vi, *en;
  };
  static constexpr Row kRows[] = {{"reminder", "Nhắc hạn", "Reminder"},
                                  {"urging", "Đôn đốc", "Urging"},
                                  {"long_overdue", "Quá hạn kéo dài", "Long overdue"},
                                  {"report_missed", "Chưa nhận báo cáo", "Report not received"},
                                  {"event_late", "Sự kiện chậm", "Event late"},
                                  {"resolved", "Đã giải quyết", "Resolved"},
                                  {"digest", "Tổng hợp thông báo", "Digest"},
                                  {"rules_rejected", "Quy tắc sửa đổi chưa được áp dụng", "Edited rules not put in force"}};
  for (const auto& r : kRows)
    if (kind == r.kind) return en ? r.en : r.vi;
  return kind;
}

std::string text_of(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// `II.3 "Title"` of a task, event or duty id, and its legal reference; the id alone if unknown.
struct Subject {
  std::string named, reference;
};
Subject subject_of(const Plan& p, const std::string& id, dsl::Lang lang) {
  engine::Symbol s = p.find(id);
  auto with = [&](engine::StrId title, engine::StrId source, engine::SectionId section) {
    return Subject{fmt::format("{} \"{}\"", id, p.str(title)), engine::legal_reference(p, source, section, lang)};
  };
  if (s.kind == Kind::task) return with(p.tasks[s.index].title, p.tasks[s.index].source, p.tasks[s.index].section);
  if (s.kind == Kind::event) return with(p.events[s.index].title, p.events[s.index].source, p.events[s.index].section);
  if (s.kind == Kind::duty) return with(p.duties[s.index].title, p.duties[s.index].source, p.duties[s.index].section);
  return {id, {}};
}

std::string show_iso(const std::string& iso, dsl::Lang lang) {
  dsl::Date d;
  if (iso.size() != 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &d.y, &d.m, &d.d) != 3) return iso;
  return engine::show_date(d, lang);
}

/// RFC 5322 date of a plan day: 08:00 in the plan's time zone (UTC+7), the start of office hours.
std::string mail_date(const std::string& iso) {
  static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  dsl::Date d;
  if (iso.size() != 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &d.y, &d.m, &d.d) != 3 || !d.valid())
    return "Thu, 01 Jan 1970 08:00:00 +0700";
  int weekday = ((engine::day_of(d) % 7) + 7 + 3) % 7;  // day 0 (1970-01-01) was a Thursday
  return fmt::format("{}, {:02} {} {} 08:00:00 +0700", kDays[weekday], d.d, kMonths[d.m - 1], d.y);
}

/// `<escalation id>.<agency>@<domain of the sender>`: the agency as written, other bytes as =HH.
std::string message_id(const std::string& id, const std::string& agency, const std::string& from) {
  std::string local = id + ".";
  for (unsigned char c : agency) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    local += keep ? std::string(1, static_cast<char>(c)) : fmt::format("={:02X}", c);
  }
  auto at = from.find('@');
  return local + "@" + (at == std::string::npos ? std::string("dondoc.invalid") : from.substr(at + 1));
}

std::string body_of(const Plan& p, const nlohmann::json& j, const std::string& agency, bool fallback, dsl::Lang lang) {
  const bool en = lang == dsl::Lang::en;
  std::string b = text_of(j, "message") + "\n\n";
  auto line = [&](const char* vi, const char* e, const std::string& value) {
    if (!value.empty()) b += fmt::format("{}: {}\n", en ? e : vi, value);
  };
  std::string task = text_of(j, "task");
  if (!task.empty()) {
    Subject s = subject_of(p, task, lang);
    line("Nhiệm vụ", "Task", s.named);
    line("Căn cứ", "Reference", s.reference);
    std::string due = text_of(j, "due");
    if (!due.empty()) line("Hạn", "Due", show_iso(due, lang));
    std::string chain;
    if (auto root = text_of(j, "root_cause"); !root.empty() && root != task)
      chain = fmt::format("{} {} → {}", en ? "waits on" : "chờ", subject_of(p, root, lang).named, task);
    if (auto it = j.find("affected"); it != j.end() && it->is_array() && !it->empty()) {
      std::string held;
      for (const auto& a : *it)
        if (a.is_string()) held += (held.empty() ? "" : ", ") + a.get<std::string>();
      if (auto count = j.find("affected_count"); count != j.end() && count->is_number_unsigned())
        held += engine::more_held_back(count->get<std::size_t>(), it->size(), lang);
      chain += (chain.empty() ? "" : "; ") + fmt::format("{}: {}", en ? "holds back" : "kéo theo", held);
    }
    line("Chuỗi chậm", "Blocker chain", chain);
  }
  engine::Symbol s = p.find(agency);
  std::string to = s.kind == Kind::agency ? fmt::format("{} ({})", p.str(p.agencies[s.index].name), agency) : agency;
  line("Gửi", "To", to);
  if (fallback)
    b += en ? "The rules give this agency no e-mail address: this mail went to the fallback address.\n"
            : "Quy tắc chưa có địa chỉ thư điện tử của cơ quan này: thư được gửi đến địa chỉ dự phòng.\n";
  line("Mã thông báo", "Escalation id", fmt::format("{} ({}, {})", text_of(j, "id"), text_of(j, "kind"), show_iso(text_of(j, "at"), lang)));
  b += en ? fmt::format("\n-- \nSent by dondoc for plan {}.\n", p.str(p.header.id))
          : fmt::format("\n-- \nThư do dondoc gửi tự động theo kế hoạch {}.\n", p.str(p.header.id));
  return b;
}

/// The addresses of the agencies a message is copied to (`đồng gửi`, JSON `copy_to`), on the mail to
/// its first recipient only: a message to three agencies sends each copy once, not three times.
/// An agency without an address is named in the message and gets no mail.
std::vector<std::string> copies_of(const Plan& p, const nlohmann::json& j, const std::string& recipient) {
  std::vector<std::string> cc;
  auto to = j.find("to"), copies = j.find("copy_to");
  if (to == j.end() || !to->is_array() || to->empty() || to->front() != recipient) return cc;
  if (copies == j.end() || !copies->is_array()) return cc;
  for (const auto& c : *copies) {
    engine::Symbol s = c.is_string() ? p.find(c.get<std::string>()) : engine::Symbol{};
    if (s.kind == Kind::agency)
      for (auto e : p.agencies[s.index].emails) cc.emplace_back(p.str(e));
  }
  return cc;
}

}  // namespace

std::optional<Mail> compose_mail(const Plan& p, const Delivery& d, const std::string& from, const std::string& fallback, dsl::Lang lang) {
  Mail m;
  engine::Symbol s = p.find(d.recipient);
  if (s.kind == Kind::agency)
    for (auto e : p.agencies[s.index].emails) m.to.emplace_back(p.str(e));
  const bool to_fallback = m.to.empty();
  if (to_fallback) {
    if (fallback.empty()) return std::nullopt;
    m.to.push_back(fallback);
  }
  auto j = nlohmann::json::parse(d.json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) j = nlohmann::json::object({{"message", d.json}});
  const bool en = lang == dsl::Lang::en;
  std::string label = text_of(j, "label");
  if (label.empty()) label = kind_words(text_of(j, "kind"), en);
  std::string task = text_of(j, "task");
  m.subject = task.empty() ? fmt::format("[dondoc] {} {}", label, show_iso(text_of(j, "at"), lang))
                           : fmt::format("[dondoc] {}: {}", label, subject_of(p, task, lang).named);
  m.body = body_of(p, j, d.recipient, to_fallback, lang);
  m.cc = copies_of(p, j, d.recipient);
  m.date = mail_date(text_of(j, "at"));
  m.message_id = message_id(d.id, d.recipient, from);
  m.escalation_id = d.id;
  return m;
}

}  // namespace dondoc::runtime
