#pragma once
// Words for what an indicator's target counts beyond one year's value (docs/language.md §4.8), said
// alike by `dondoc status`, `dondoc report` and the JSON: the figure over a period so far and what
// the rest of it needs, the value a change is counted from, the tolerance of `khoảng` / `about`.

#include <string>
#include <string_view>

#include "engine/evaluate.hpp"

namespace dondoc::engine {

/// A number as people read it: at most two decimals, a decimal comma in Vietnamese (`7,91`).
std::string plain_number(double v, dsl::Lang lang);
/// `average_rate`, `total`, `average_decrease` (JSON); empty for a level.
std::string_view measure_name(dsl::Target::Measure m);
/// `up`, `down`, `times` (JSON); empty when there is no change.
std::string_view change_name(dsl::Target::Change c);
/// What the status and the report add after an indicator's value: `bình quân 2021–2023: 7,91 %;
/// các năm 2024–2030 cần bình quân 10,8 %/năm`, `so với năm 2020: 20`, `khoảng 54,5, sai số 0,55`;
/// empty when there is nothing to add.
std::string indicator_note(const Plan& p, const Evaluation& e, IndicatorId i, dsl::Lang lang);

}  // namespace dondoc::engine
