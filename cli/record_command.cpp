// `dondoc record`: facts into the store through the shared record path (runtime/record.hpp), checked
// against the rules in force and the facts already recorded; all or nothing.
// `dondoc export`: the store's facts as a journal.

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "runtime/clock.hpp"
#include "runtime/record.hpp"
#include "runtime/store.hpp"

namespace dondoc::cli {

using dsl::say;

int run_record(const RecordOptions& o) {
  const dsl::Lang lang = o.lang;
  if (o.facts.empty() && o.journals.empty() && !o.withdraw) {
    fmt::print(stderr, "{}",
               say(lang, "dondoc: không có sự việc nào để ghi; cho 'SỰ VIỆC', --journal TỆP hoặc --withdraw N --reason LÝ_DO\n",
                   "dondoc: nothing to record; give 'FACT' texts, --journal FILE or --withdraw N --reason TEXT\n"));
    return 2;
  }
  if (o.withdraw.has_value() == o.reason.empty()) {
    fmt::print(stderr, "{}",
               say(lang, "dondoc: --withdraw N và --reason LÝ_DO đi cùng nhau: rút lại ghi chép nào, vì sao\n",
                   "dondoc: --withdraw N and --reason TEXT go together: which fact is withdrawn, and why\n"));
    return 2;
  }
  runtime::StoreOptions sync;
  sync.sync_full = true;  // typed by a person: survives a power loss once acknowledged
  runtime::Store store = runtime::Store::open(o.db, sync);

  // The rules: --rules, else the plan the daemon runs (kept in the store).
  std::vector<std::filesystem::path> paths;
  CalendarChoice calendar = o.calendar;
  if (!o.rules.empty()) {
    paths.emplace_back(o.rules);
  } else if (auto saved = runtime::stored_plan(store, calendar)) {
    paths = *saved;
  } else {
    fmt::print(stderr, "{}",
               say(lang, "dondoc: chưa biết kế hoạch; cho --rules THƯ_MỤC (hoặc chạy 'dondoc run' với cơ sở dữ liệu này trước)\n",
                   "dondoc: which plan? give --rules PATH (or run 'dondoc run' on this database first)\n"));
    return 2;
  }
  auto compiled = compile_plan(paths, calendar);
  if (!compiled->ok()) {
    std::fputs((dsl::render_all(compiled->diags, lang) + dsl::summary(compiled->diags, lang) + "\n").c_str(), stderr);
    return 1;
  }

  runtime::RecordRequest request;
  request.journal_files = o.journals;
  for (std::size_t i = 0; i < o.facts.size(); ++i) request.texts.push_back({fmt::format("argument {}", i + 1), o.facts[i]});
  if (o.withdraw) request.withdraw = runtime::Withdrawal{*o.withdraw, o.reason, o.reference};
  request.by = o.by;
  request.lang = lang;
  request.today = runtime::SystemClock().today();
  request.allow_future = o.allow_future;
  runtime::RecordResult result = runtime::record_facts(store, *compiled, request);
  std::fputs(result.render_diagnostics(lang).c_str(), stderr);
  switch (result.outcome) {
    case runtime::RecordResult::Outcome::refused:
      return 1;
    case runtime::RecordResult::Outcome::busy:
      std::fputs(fmt::format("dondoc: {}\n", runtime::RecordResult::busy_message().in(lang)).c_str(), stderr);
      return 1;
    case runtime::RecordResult::Outcome::recorded:
      break;
  }
  // Recorded: a failed write of the receipt is reported, but the facts stay recorded.
  return write_output("", result.render_recorded(lang), lang) ? 0 : 1;
}

int run_export(const ExportOptions& o) {
  if (!std::filesystem::exists(o.db)) {
    std::fputs(fmt::format("dondoc: {}: {}\n", o.db, say(o.lang, "không có tệp này", "no such file")).c_str(), stderr);
    return 1;
  }
  runtime::Store store = runtime::Store::open(o.db);
  std::ostringstream journal;
  store.export_journal(journal);
  return write_output("", journal.str(), o.lang) ? 0 : 1;
}

}  // namespace dondoc::cli
