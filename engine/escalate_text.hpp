#pragma once
// The words of escalation messages, shared by engine/escalate.cpp (the escalator) and
// engine/escalate_json.cpp (JSON and digests): placeholder values, the built-in texts in Vietnamese
// and English, step names, periods, legal references and message ids. Internal to the engine.

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "dsl/ast.hpp"
#include "engine/escalate.hpp"
#include "engine/plan.hpp"

namespace dondoc::engine::escalation_text {

/// The value of each placeholder of kPlaceholders, by index.
using Values = std::array<std::string, kPlaceholders.size()>;

/// Indexes into kPlaceholders.
enum P : std::size_t {
  pTask,
  pTitle,
  pDeliverable,
  pReference,
  pDue,
  pDays,
  pLevel,
  pStep,
  pLeads,
  pTo,
  pAffected,
  pChain,
  pAsk,
  pPeriod,
  pOutcome,
  pPlan
};

/// The built-in templates of one language, used when a step has no `mẫu` of its own.
struct Texts {
  std::string_view remind_before, remind_on_due, late_lead, late_above;
  std::string_view report_before, report_on_due, report_lead, report_above;
  std::string_view event_late, resolved_task, resolved_report, resolved_event;
};
const Texts& texts(dsl::Lang lang);

/// The id of one message: the FNV-1a 64 hash of its parts, separated by U+001F, as 16 hex digits.
std::string make_id(std::initializer_list<std::string_view> parts);

/// "1 day", "7 days" (reasons and English messages).
std::string days(int n);
/// The built-in English texts say "{days} days": one day is "1 day".
std::string singular_days(std::string s);

/// The name a step has when the rules give it no label: "Đôn đốc cấp 2", "Urging, level 2".
std::string default_label(EscalationKind k, int level, dsl::Lang lang);
/// The step's name in a message: its label as written in the rules; in English, the English name
/// of the step with the label after it, since labels are written in Vietnamese.
std::string step_name(const std::string& label, EscalationKind k, int level, dsl::Lang lang);

/// "557/QĐ-UBND" → "QĐ 557/QĐ-UBND": the document type comes first, as people cite it.
std::string plan_reference(const Plan& p, dsl::Lang lang);
/// `source` (else the nearest section's), then the plan's reference `plan_ref`.
std::string reference_with(const Plan& p, StrId source, SectionId section, const std::string& plan_ref);
/// A report's period as a message names it: "quý II/2024", "Q2/2024", "năm 2024".
std::string period_text(const Duty& duty, int year, int period, dsl::Lang lang);

}  // namespace dondoc::engine::escalation_text
