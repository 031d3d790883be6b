#pragma once
// What an escalation says as an e-mail to one agency: its addresses (from the agency's
// `thư điện tử` clauses, else the fallback), a subject and a body in the plan's language that lead
// with the escalation's text, then the task (id and title), its legal reference, the blocker chain
// and the escalation's id. Pure: the same escalation and plan give the same mail.

#include <optional>
#include <string>

#include "dsl/source.hpp"
#include "engine/plan.hpp"
#include "runtime/smtp.hpp"

namespace dondoc::runtime {

struct Delivery;

/// The mail of `d` (one escalation, `d.recipient` one agency id) under `plan`; nullopt when the
/// agency has no address and `fallback` is empty. `from` gives the Message-ID its domain.
std::optional<Mail> compose_mail(const engine::Plan& plan, const Delivery& d, const std::string& from, const std::string& fallback,
                                 dsl::Lang lang);

}  // namespace dondoc::runtime
