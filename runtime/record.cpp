#include "runtime/record.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "dsl/journal.hpp"
#include "engine/plan.hpp"
#include "runtime/fact_log.hpp"
#include "runtime/sinks.hpp"

namespace dondoc::runtime {

namespace {

std::string_view kind_name(dsl::FactAst::Kind k) {
  switch (k) {
    case dsl::FactAst::Kind::done:
      return "done";
    case dsl::FactAst::Kind::happened:
      return "happened";
    case dsl::FactAst::Kind::value:
      return "value";
    case dsl::FactAst::Kind::waive:
      return "waive";
    case dsl::FactAst::Kind::extend:
      return "extend";
    case dsl::FactAst::Kind::withdraw:
      return "withdraw";
  }
  return "done";
}

/// The journal line of `request.withdraw`, dated today.
std::string withdrawal_text(const RecordRequest& request) {
  const Withdrawal& w = *request.withdraw;
  dsl::FactAst f;
  f.kind = dsl::FactAst::Kind::withdraw;
  f.lang = request.lang;
  f.withdrawn = w.number;
  f.on = request.today;
  f.reason = dsl::Text{w.reason, {}};
  if (!w.reference.empty()) f.reference = dsl::Text{w.reference, {}};
  return dsl::journal_text(f, request.lang);
}

/// Parses the request's journals into `log`, after the stored facts.
void parse_request(FactLog& log, const RecordRequest& request, dsl::Diagnostics& diags) {
  for (const auto& path : request.journal_files) {
    if (auto journal = dsl::parse_journal_file(log.sources(), path, diags)) log.add_journal(std::move(*journal));
  }
  for (const auto& t : request.texts) {
    const std::size_t errors_before = diags.error_count();
    auto journal = dsl::parse_journal_text(log.sources(), t.name, t.text, diags);
    if (journal.facts.empty() && diags.error_count() == errors_before)  // '' or only a comment: a mistake, not "nothing to do"
      diags.error(dsl::Location{&log.sources().files().back(), 1, 1},
                  dsl::Message{"không có sự việc nào để ghi; ví dụ 'hoàn thành II.3 ngày 20/03/2023'",
                               "no fact to record; e.g. 'done II.3 on 2023-03-20'"});
    log.add_journal(std::move(journal));
  }
  if (request.withdraw) log.add_journal(dsl::parse_journal_text(log.sources(), "--withdraw", withdrawal_text(request), diags));
}

/// Facts of the journals from `from` on dated after `today` (and not after the plan): errors at their dates.
void refuse_future(const FactLog& log, std::size_t from, const dsl::Date& today, engine::Day plan_end, dsl::Diagnostics& diags) {
  const engine::Day now = engine::day_of(today);
  for (std::size_t i = from; i < log.journal_count(); ++i) {
    for (const dsl::FactAst& f : log.journal(i).facts) {
      if (!f.on || engine::day_of(*f.on) <= now) continue;
      if (plan_end != engine::kNoDay && engine::day_of(*f.on) > plan_end) continue;  // refused as after the plan
      diags.error(
          f.on_loc.valid() ? f.on_loc : f.loc,
          dsl::Message{fmt::format("ngày {} sau hôm nay ({}): chỉ ghi những việc đã xảy ra", engine::show_date(*f.on, dsl::Lang::vi),
                                   engine::show_date(today, dsl::Lang::vi)),
                       fmt::format("{} is after today ({}): record what has happened", engine::show_date(*f.on, dsl::Lang::en),
                                   engine::show_date(today, dsl::Lang::en))},
          {dsl::Message{
              "một việc đã quyết định cho một ngày sau (ví dụ quyết định đã ký, có hiệu lực từ ngày đó) được ghi với --allow-future",
              "a fact already decided for a later day (such as a decision signed to take effect then) is recorded with "
              "--allow-future"}});
    }
  }
}

/// The rows to write for the journals of `log` from `from` on.
std::vector<NewFact> rows_of(const FactLog& log, std::size_t from, const RecordRequest& request, std::optional<std::int64_t> version) {
  std::vector<NewFact> rows;
  const std::string now = request.at.empty() ? utc_now_iso() : request.at;
  for (std::size_t i = from; i < log.journal_count(); ++i) {
    for (dsl::FactAst f : log.journal(i).facts) {
      if (!request.by.empty() && !f.recorded_by) f.recorded_by = dsl::Text{request.by, {}};
      NewFact r;
      r.kind = std::string(kind_name(f.kind));
      r.target = f.target.text;
      if (f.on) r.on = f.on->iso();
      r.text = dsl::journal_text(f, f.lang);
      r.recorded_by = !request.by.empty() ? request.by : (f.recorded_by ? f.recorded_by->text : "");
      if (f.reference) r.reference = f.reference->text;
      if (f.source) r.source = f.source->text;
      r.recorded_at = now;
      r.rule_version = version;
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

}  // namespace

RecordResult::RecordResult() = default;
RecordResult::RecordResult(RecordResult&&) noexcept = default;
RecordResult& RecordResult::operator=(RecordResult&&) noexcept = default;
RecordResult::~RecordResult() = default;

std::string RecordResult::render_diagnostics(dsl::Lang lang) const {
  if (diags.items().empty()) return "";
  return dsl::render_all(diags, lang) + dsl::summary(diags, lang) + "\n";
}

std::string RecordResult::render_recorded(dsl::Lang lang) const {
  std::string out;
  for (const auto& f : recorded) out += fmt::format("{} #{}: {}\n", lang == dsl::Lang::en ? "recorded" : "đã ghi", f.seq, f.text);
  return out;
}

dsl::Message RecordResult::busy_message() {
  return {"cơ sở dữ liệu liên tục có ghi chép mới; chưa ghi gì, hãy thử lại",
          "the store keeps receiving new facts; nothing was recorded, try again"};
}

RecordResult record_facts(Store& store, const engine::CompiledPlan& plan, const RecordRequest& request) {
  store.check_integrity();  // never write into a damaged store
  for (int attempt = 1; attempt <= 5; ++attempt) {
    RecordResult result;
    result.log = std::make_unique<FactLog>();
    FactLog& log = *result.log;
    const std::int64_t checked_up_to = store.last_fact_seq();
    dsl::Diagnostics ignored;  // a stored fact the rules no longer accept is the daemon's to report
    log.add_stored(store.all_facts(), ignored);
    const std::size_t from = log.journal_count();
    parse_request(log, request, result.diags);
    log.resolve(plan, result.diags, from);
    if (request.today.valid() && !request.allow_future) refuse_future(log, from, request.today, plan.dates.plan_end, result.diags);
    result.diags.sort_by_location();
    if (result.diags.has_errors()) return result;

    auto version = store.latest_rule_version();
    std::vector<NewFact> rows = rows_of(log, from, request, version ? std::optional(version->id) : std::nullopt);
    auto seqs = store.record_facts_if_unchanged(rows, checked_up_to);
    if (!seqs) continue;  // someone recorded meanwhile: check again
    result.outcome = RecordResult::Outcome::recorded;
    for (std::size_t i = 0; i < seqs->size(); ++i) result.recorded.push_back({(*seqs)[i], rows[i].text});
    return result;
  }
  RecordResult busy;
  busy.outcome = RecordResult::Outcome::busy;
  return busy;
}

std::optional<std::vector<std::filesystem::path>> stored_plan(const Store& store, engine::CalendarChoice& calendar) {
  auto saved = store.get_state(kStatePlanPaths);
  if (!saved) return std::nullopt;
  std::vector<std::filesystem::path> paths;
  for (const auto& p : nlohmann::json::parse(*saved)) paths.emplace_back(p.get<std::string>());
  if (calendar.dir.empty() && !calendar.none)
    if (auto c = store.get_state(kStateCalendar)) calendar.dir = *c;
  return paths;
}

}  // namespace dondoc::runtime
