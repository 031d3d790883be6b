#include "engine/indicator_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace dondoc::engine {

using dsl::say;
using dsl::Target;

std::string plain_number(double v, dsl::Lang lang) {
  std::string s = fmt::format("{:.2f}", std::round(v * 100) / 100);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  if (lang != dsl::Lang::en) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string_view measure_name(Target::Measure m) {
  static constexpr std::string_view names[] = {"", "average_rate", "total", "average_decrease"};
  return names[static_cast<int>(m)];
}

std::string_view change_name(Target::Change c) {
  static constexpr std::string_view names[] = {"", "up", "down", "times"};
  return names[static_cast<int>(c)];
}

namespace {

/// The Vietnamese or the English sentence, filled in.
template <typename... A>
std::string words(dsl::Lang l, fmt::format_string<A...> vi, fmt::format_string<A...> en, A&&... a) {
  return l == dsl::Lang::en ? fmt::format(en, std::forward<A>(a)...) : fmt::format(vi, std::forward<A>(a)...);
}

std::string period_note(const Target& t, const Aggregate& a, std::string_view unit, dsl::Lang l) {
  auto n = [&](double v) { return plain_number(v, l) + std::string(unit); };
  static constexpr std::string_view vi[] = {"", "bình quân", "tổng", "giảm bình quân"};
  static constexpr std::string_view en[] = {"", "average", "total", "average decrease"};
  const int m = static_cast<int>(t.measure);
  std::string s = fmt::format("{} {}–{}: {}", say(l, vi[m], en[m]), a.from, a.to, n(a.value));
  if (!a.needed) return s;
  const int from = a.to + 1, to = *t.year;
  switch (t.measure) {
    case Target::Measure::total:
      return s + words(l, "; {}–{} còn cần {}", "; {}–{} still need {}", from, to, n(*a.needed));
    case Target::Measure::average_decrease:
      return s + words(l, "; {}–{} cần giảm bình quân {}/năm", "; {}–{} need an average decrease of {} a year", from, to, n(*a.needed));
    default:
      return s + words(l, "; {}–{} cần bình quân {}/năm", "; {}–{} need {} a year on average", from, to, n(*a.needed));
  }
}

}  // namespace

std::string indicator_note(const Plan& p, const Evaluation& e, IndicatorId i, dsl::Lang l) {
  const Indicator& ind = p.indicators[i];
  if (!ind.target || !e.indicator_latest[i]) return {};
  const Target& t = *ind.target;
  const std::string unit = ind.unit != kNone ? " " + std::string(p.str(ind.unit)) : std::string();
  const auto& ref = e.indicator_reference[i];
  std::string s;
  if (const auto& a = e.indicator_aggregate[i]) {
    s = period_note(t, *a, unit, l);
  } else if (t.measure != Target::Measure::level && t.measure != Target::Measure::average_decrease &&
             e.indicator_state[i] == IndicatorState::not_assessable) {
    s = words(l, "thiếu số liệu của năm trong giai đoạn {}–{}", "a year of {}–{} has no value", *t.from_year, *t.year);
  }
  const bool counted_from = t.change != Target::Change::none || t.measure == Target::Measure::average_decrease;
  if (counted_from) {
    const int year = t.change != Target::Change::none ? *t.from_year : *t.from_year - 1;
    std::string r = ref ? words(l, "so với năm {}: {}", "from {}: {}", year, plain_number(ref->value.value, l) + unit)
                        : words(l, "chưa có số liệu năm {}", "no value for {} yet", year);
    s = s.empty() ? r : s + "; " + r;
  }
  if (t.about) {
    const double tol = t.tolerance ? std::fabs(t.tolerance->value) : std::fabs(t.value.value) * dsl::kAboutShare;
    std::string a = words(l, "khoảng {}, sai số {}", "about {}, within {}", plain_number(t.value.value, l), plain_number(tol, l));
    s = s.empty() ? a : s + "; " + a;
  }
  return s;
}

}  // namespace dondoc::engine
