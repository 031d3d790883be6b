// `dondoc record`: facts into the store, checked against the rules in force and the facts already
// recorded; all or nothing. `dondoc export`: the store's facts as a journal.

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "dsl/journal.hpp"
#include "engine/calendar.hpp"
#include "runtime/daemon.hpp"
#include "runtime/sinks.hpp"
#include "runtime/store.hpp"

namespace dondoc::cli {

namespace {

std::string say(dsl::Lang lang, std::string_view vi, std::string_view en) {
  return std::string(lang == dsl::Lang::en ? en : vi);
}

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
  }
  return "done";
}

}  // namespace

int run_record(const RecordOptions& o) {
  const dsl::Lang lang = o.lang;
  if (o.facts.empty() && o.journals.empty()) {
    std::fputs(say(lang, "dondoc: không có sự việc nào để ghi; cho 'SỰ VIỆC' hoặc --journal TỆP\n",
                   "dondoc: nothing to record; give 'FACT' texts or --journal FILE\n")
                   .c_str(),
               stderr);
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
  } else if (auto saved = store.get_state(runtime::kStatePlanPaths)) {
    for (const auto& p : nlohmann::json::parse(*saved)) paths.emplace_back(p.get<std::string>());
    if (calendar.dir.empty() && !calendar.none)
      if (auto c = store.get_state(runtime::kStateCalendar)) calendar.dir = *c;
  } else {
    std::fputs(say(lang, "dondoc: chưa biết kế hoạch; cho --rules THƯ_MỤC (hoặc chạy 'dondoc run' với cơ sở dữ liệu này trước)\n",
                   "dondoc: which plan? give --rules PATH (or run 'dondoc run' on this database first)\n")
                   .c_str(),
               stderr);
    return 2;
  }
  auto compiled = compile_plan(paths, calendar);
  if (!compiled->ok()) {
    std::fputs((dsl::render_all(compiled->diags, lang) + dsl::summary(compiled->diags, lang) + "\n").c_str(), stderr);
    return 1;
  }

  // Checked against the facts already recorded (a second `done` is refused and names the first),
  // and recorded only if nobody recorded anything in between; else checked again.
  for (int attempt = 1;; ++attempt) {
    const std::int64_t checked_up_to = store.last_fact_seq();
    runtime::FactLog log;
    dsl::Diagnostics ignored;
    log.add_stored(store.all_facts(), ignored);
    const std::size_t from = log.journal_count();
    dsl::Diagnostics diags;
    for (const auto& path : o.journals) {
      if (auto journal = dsl::parse_journal_file(log.sources(), path, diags)) log.add_journal(std::move(*journal));
    }
    for (std::size_t i = 0; i < o.facts.size(); ++i) {
      const std::size_t errors_before = diags.error_count();
      auto journal = dsl::parse_journal_text(log.sources(), fmt::format("argument {}", i + 1), o.facts[i], diags);
      if (journal.facts.empty() && diags.error_count() == errors_before)  // '' or only a comment: a mistake, not "nothing to do"
        diags.error(dsl::Location{&log.sources().files().back(), 1, 1},
                    dsl::Message{fmt::format("đối số {} không có sự việc nào; ví dụ 'hoàn thành II.3 ngày 20/03/2023'", i + 1),
                                 fmt::format("argument {} has no fact; e.g. 'done II.3 on 2023-03-20'", i + 1)});
      log.add_journal(std::move(journal));
    }
    log.resolve(*compiled, diags, from);
    diags.sort_by_location();
    if (!diags.items().empty()) std::fputs((dsl::render_all(diags, lang) + dsl::summary(diags, lang) + "\n").c_str(), stderr);
    if (diags.has_errors()) return 1;

    std::vector<runtime::NewFact> rows;
    std::vector<std::string> texts;
    auto version = store.latest_rule_version();
    const std::string now = runtime::utc_now_iso();
    for (std::size_t i = from; i < log.journal_count(); ++i) {
      for (dsl::FactAst f : log.journal(i).facts) {
        if (!o.by.empty() && !f.recorded_by) f.recorded_by = dsl::Text{o.by, {}};
        runtime::NewFact r;
        r.kind = std::string(kind_name(f.kind));
        r.target = f.target.text;
        if (f.on) r.on = f.on->iso();
        r.text = dsl::journal_text(f, f.lang);
        r.recorded_by = !o.by.empty() ? o.by : (f.recorded_by ? f.recorded_by->text : "");
        if (f.reference) r.reference = f.reference->text;
        if (f.source) r.source = f.source->text;
        r.recorded_at = now;
        if (version) r.rule_version = version->id;
        texts.push_back(r.text);
        rows.push_back(std::move(r));
      }
    }
    auto seqs = store.record_facts_if_unchanged(rows, checked_up_to);
    if (!seqs) {
      if (attempt < 5) continue;
      std::fputs(say(lang, "dondoc: cơ sở dữ liệu liên tục có ghi chép mới; chưa ghi gì, hãy thử lại\n",
                     "dondoc: the store keeps receiving new facts; nothing was recorded, try again\n")
                     .c_str(),
                 stderr);
      return 1;
    }
    // Recorded: a failed write of the receipt is reported, but the facts stay recorded.
    std::string receipt;
    for (std::size_t i = 0; i < seqs->size(); ++i)
      receipt += fmt::format("{} #{}: {}\n", say(lang, "đã ghi", "recorded"), (*seqs)[i], texts[i]);
    return write_output("", receipt, lang) ? 0 : 1;
  }
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
