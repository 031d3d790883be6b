#pragma once
// The words for the kinds of things a plan declares, as diagnostics say them: "cơ quan hay nhóm",
// "an agency or a group". Internal to engine/ (resolve.cpp, facts.cpp).

#include <fmt/format.h>

#include <cstdint>
#include <string>

#include "dsl/diagnostics.hpp"
#include "engine/plan.hpp"

namespace dondoc::engine::detail {

inline const char* kind_vi(Kind k) {
  switch (k) {
    case Kind::agency:
      return "cơ quan";
    case Kind::group:
      return "nhóm";
    case Kind::section:
      return "mục";
    case Kind::task:
      return "nhiệm vụ";
    case Kind::event:
      return "sự kiện";
    case Kind::duty:
      return "nghĩa vụ";
    case Kind::indicator:
      return "chỉ tiêu";
    case Kind::policy:
      return "quy trình đôn đốc";
    case Kind::none:
      break;
  }
  return "";
}
inline const char* kind_en(Kind k) {
  switch (k) {
    case Kind::agency:
      return "agency";
    case Kind::group:
      return "group";
    case Kind::section:
      return "section";
    case Kind::task:
      return "task";
    case Kind::event:
      return "event";
    case Kind::duty:
      return "duty";
    case Kind::indicator:
      return "indicator";
    case Kind::policy:
      return "escalation policy";
    case Kind::none:
      break;
  }
  return "";
}
inline std::string a_kind_en(Kind k) {
  std::string w = kind_en(k);
  return (w[0] == 'a' || w[0] == 'e' || w[0] == 'i') ? "an " + w : "a " + w;
}

/// A set of kinds, e.g. "an agency or a group".
using Kinds = std::uint16_t;
constexpr Kinds bit(Kind k) {
  return static_cast<Kinds>(1u << static_cast<unsigned>(k));
}
constexpr Kinds kAgencyOrGroup = bit(Kind::agency) | bit(Kind::group);
constexpr Kinds kTaskOrEvent = bit(Kind::task) | bit(Kind::event);
constexpr Kind kAllKinds[] = {Kind::agency, Kind::group, Kind::section, Kind::task, Kind::event, Kind::duty, Kind::indicator, Kind::policy};

/// "cơ quan hay nhóm" / "agency or group"; `a` puts the English articles in ("an agency or a group").
inline dsl::Message kinds_words(Kinds ks, const char* vi_or, bool a) {
  dsl::Message m;
  for (Kind k : kAllKinds) {
    if (!(ks & bit(k))) continue;
    if (!m.vi.empty()) {
      m.vi += fmt::format(" {} ", vi_or);
      m.en += " or ";
    }
    m.vi += kind_vi(k);
    m.en += a ? a_kind_en(k) : std::string(kind_en(k));
  }
  return m;
}

}  // namespace dondoc::engine::detail
