#pragma once
// One escalation as one line a person reads on a terminal: the table of `dondoc simulate` and the
// daemon's console sink (`--sink console`) print the same line, at most 120 columns:
//
//   15/04/2023  đôn đốc cấp 2        II.3          Trình Thủ tướng Chính phủ…  → SXD · quá 14 ngày
//
// date, kind and level as a policy officer says them, the subject's id and its title (shortened
// with `…` to fit), the recipients (the first three and a count), and days left or late.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/source.hpp"
#include "engine/escalate.hpp"

namespace dondoc::engine {

/// What the line shows; built from an Escalation (simulate) or from its JSON (the console sink).
struct EscalationLine {
  Day at = kNoDay;
  EscalationKind kind = EscalationKind::reminder;
  int level = 0;
  std::string subject;          ///< `II.3`, or a duty's id and its period (`BC_NAM 2023`)
  std::string title;            ///< the subject's title
  std::vector<std::string> to;  ///< recipient agency ids, in order
  int days_late = 0;            ///< negative: days left before the due date
};

/// The line, without a line break.
std::string escalation_line(const EscalationLine& e, dsl::Lang lang);

/// The line of an escalation the engine produced.
EscalationLine line_of(const Model& m, const Escalation& e);

/// The line of an escalation as delivered (its JSON, engine::to_json), the title looked up in `p`;
/// nullopt for JSON that is not an escalation. A digest (`"kind": "digest"`) gives digest_line.
std::optional<std::string> escalation_line_of_json(const Plan& p, std::string_view json, dsl::Lang lang);

/// `15/04/2023  tổng hợp theo ngày → SXD · 3 nội dung`: the day's digest to one agency.
std::string digest_line(Day at, std::string_view agency, std::size_t items, dsl::Lang lang);

/// The kind as a policy officer says it: `nhắc nhở`, `đôn đốc` … (`reminder`, `long overdue` … in
/// English; the JSON keeps its own names, escalation_kind_name).
std::string_view kind_label(EscalationKind k, dsl::Lang lang);
/// `đôn đốc cấp 2`, `nhắc nhở`: the kind and, when it has one, the level.
std::string kind_and_level(EscalationKind k, int level, dsl::Lang lang);
/// The kind of a JSON name (`urging`), if it is one.
std::optional<EscalationKind> escalation_kind_of(std::string_view name);

/// Escalations counted by kind and level (the closing count of a table).
using KindLevelCounts = std::map<std::pair<EscalationKind, int>, std::int64_t>;
/// The closing count: a blank line, `Tổng cộng N lần đôn đốc`, then one line per kind with its
/// levels, and the daily digests when there were any.
std::string closing_count(const KindLevelCounts& counts, std::int64_t digests, dsl::Lang lang);

/// `s` padded with spaces to `width` code points (at least one space), so Vietnamese text lines up.
std::string pad(std::string_view s, std::size_t width);
/// `s` cut to `width` code points, with `…` when cut.
std::string fit(std::string_view s, std::size_t width);

}  // namespace dondoc::engine
