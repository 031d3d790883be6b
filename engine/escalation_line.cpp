#include "engine/escalation_line.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "dsl/text.hpp"
#include "engine/calendar.hpp"
#include "engine/report_words.hpp"

namespace dondoc::engine {

using detail::say;

namespace {

/// "còn 14 ngày", "quá 3 ngày" (never a negative lateness); for a resolution, how it ended.
std::string when(const EscalationLine& e, dsl::Lang lang) {
  const bool en = lang == dsl::Lang::en;
  if (e.kind == EscalationKind::resolved)
    return e.days_late > 0 ? (en ? fmt::format("done {} days late", e.days_late) : fmt::format("xong, trễ {} ngày", e.days_late))
                           : std::string(say(lang, "xong đúng hạn", "done on time"));
  if (e.days_late < 0) return en ? fmt::format("{} days left", -e.days_late) : fmt::format("còn {} ngày", -e.days_late);
  if (e.days_late == 0) return std::string(say(lang, "đến hạn hôm nay", "due today"));
  return en ? fmt::format("{} days late", e.days_late) : fmt::format("quá {} ngày", e.days_late);
}

}  // namespace

std::string pad(std::string_view s, std::size_t width) {
  std::size_t n = dsl::codepoint_count(s);
  return std::string(s) + std::string(n < width ? width - n : 1, ' ');
}

std::string fit(std::string_view s, std::size_t width) {
  if (dsl::codepoint_count(s) <= width) return std::string(s);
  std::size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++n == width) break;
  }
  return std::string(s.substr(0, i)) + "…";
}

std::string_view kind_label(EscalationKind k, dsl::Lang lang) {
  switch (k) {
    case EscalationKind::reminder:
      return say(lang, "nhắc nhở", "reminder");
    case EscalationKind::urging:
      return say(lang, "đôn đốc", "urging");
    case EscalationKind::long_overdue:
      return say(lang, "quá hạn lâu", "long overdue");
    case EscalationKind::report_missed:
      return say(lang, "chậm báo cáo", "report missed");
    case EscalationKind::event_late:
      return say(lang, "sự kiện chậm", "event late");
    case EscalationKind::resolved:
      return say(lang, "kết thúc", "resolved");
  }
  return escalation_kind_name(k);
}

std::string kind_and_level(EscalationKind k, int level, dsl::Lang lang) {
  std::string s(kind_label(k, lang));
  if (level > 0) s += fmt::format(" {} {}", say(lang, "cấp", "level"), level);
  return s;
}

std::optional<EscalationKind> escalation_kind_of(std::string_view name) {
  for (auto k : {EscalationKind::reminder, EscalationKind::urging, EscalationKind::long_overdue, EscalationKind::report_missed,
                 EscalationKind::event_late, EscalationKind::resolved}) {
    if (escalation_kind_name(k) == name) return k;
  }
  return std::nullopt;
}

std::string escalation_line(const EscalationLine& e, dsl::Lang lang) {
  std::string to;
  for (std::size_t i = 0; i < e.to.size() && i < 3; ++i) to += (to.empty() ? "" : ", ") + e.to[i];
  if (e.to.size() > 3) to += fmt::format(" +{}", e.to.size() - 3);
  std::string head = pad(show_date(date_of(e.at), lang), 12) + pad(kind_and_level(e.kind, e.level, lang), 21) + pad(e.subject, 14);
  std::string tail = "  → " + to + " · " + when(e, lang);
  std::size_t used = dsl::codepoint_count(head) + dsl::codepoint_count(tail);
  return head + fit(e.title, used + 10 < 120 ? 120 - used : 10) + tail;
}

EscalationLine line_of(const Model& m, const Escalation& e) {
  const Plan& p = m.plan;
  EscalationLine l;
  l.at = e.at;
  l.kind = e.kind;
  l.level = e.level;
  for (AgencyId a : e.to) l.to.emplace_back(p.str(p.agencies[a].id));
  if (e.node != kNone) {
    l.subject = p.node_name(e.node);
    l.title = p.str(p.is_event(e.node) ? p.events[p.event_of(e.node)].title : p.tasks[e.node].title);
  } else {
    l.subject = std::string(p.str(p.duties[e.duty].id)) + (e.period ? fmt::format(" {}/{}", e.period, e.year) : fmt::format(" {}", e.year));
    l.title = p.str(p.duties[e.duty].title);
  }
  l.days_late = e.days_late;
  return l;
}

std::string closing_count(const KindLevelCounts& counts, std::int64_t digests, dsl::Lang lang) {
  std::int64_t total = 0;
  std::string lines;
  std::optional<EscalationKind> kind;
  for (const auto& [key, n] : counts) {
    total += n;
    if (key.first != kind) lines += fmt::format("{}  {}:", kind ? "\n" : "", kind_label(key.first, lang));
    lines += fmt::format("{} {}", key.first == kind ? " ·" : "",
                         key.second > 0 ? fmt::format("{} {}: {}", say(lang, "cấp", "level"), key.second, n) : fmt::format("{}", n));
    kind = key.first;
  }
  std::string out = fmt::format("\n{} {}{}\n", say(lang, "Tổng cộng", "In all"), total, say(lang, " lần đôn đốc", " escalations"));
  if (!lines.empty()) out += lines + "\n";
  if (digests) out += fmt::format("  {} {}\n", say(lang, "bản tổng hợp theo ngày:", "daily digests:"), digests);
  return out;
}

std::string digest_line(Day at, std::string_view agency, std::size_t items, dsl::Lang lang) {
  return pad(show_date(date_of(at), lang), 12) + std::string(say(lang, "tổng hợp theo ngày", "daily digest")) + " → " +
         std::string(agency) + fmt::format(" · {} {}", items, say(lang, "nội dung", "items"));
}

std::optional<std::string> escalation_line_of_json(const Plan& p, std::string_view json, dsl::Lang lang) {
  auto j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  auto text = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto number = [&](const nlohmann::json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_number_integer() ? it->get<int>() : 0;
  };
  auto at = dsl::parse_iso_date(text("at"));
  if (!at) return std::nullopt;
  std::vector<std::string> to;
  if (auto it = j.find("to"); it != j.end() && it->is_array())
    for (const auto& a : *it)
      if (a.is_string()) to.push_back(a.get<std::string>());
  if (text("kind") == "digest") {
    auto items = j.find("items");
    return digest_line(day_of(*at), to.empty() ? std::string() : to.front(), items != j.end() && items->is_array() ? items->size() : 0,
                       lang);
  }
  auto kind = escalation_kind_of(text("kind"));
  if (!kind) return std::nullopt;
  EscalationLine l;
  l.at = day_of(*at);
  l.kind = *kind;
  l.level = number(j, "level");
  l.days_late = number(j, "days_late");
  l.to = std::move(to);
  l.subject = text("task");
  Symbol s = p.find(l.subject);
  if (s.kind == Kind::task) l.title = p.str(p.tasks[s.index].title);
  if (s.kind == Kind::event) l.title = p.str(p.events[s.index].title);
  if (s.kind == Kind::duty) l.title = p.str(p.duties[s.index].title);
  if (auto o = j.find("occurrence"); o != j.end() && o->is_object()) {
    int year = number(*o, "year"), period = number(*o, "period");
    l.subject += period ? fmt::format(" {}/{}", period, year) : fmt::format(" {}", year);
  }
  return escalation_line(l, lang);
}

}  // namespace dondoc::engine
