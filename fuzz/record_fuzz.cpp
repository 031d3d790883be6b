// libFuzzer target for the arguments of `dondoc record`.
//
// Each input is a command line's fact arguments, separated by NUL bytes (which an argument cannot
// hold). As `record` does: each argument is parsed as a journal of its own ("argument N"), then
// every fact is checked, in order, against the facts already recorded (here the real plan's
// sample journals, rules/thanh-hoa-557/nhat-ky/) and the arguments before it (engine::FactChecker:
// duplicates, conflicts, unknown or waived tasks); each fact that passes is written back as the
// store would keep it (journal_text), which must parse again to one fact.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/journal.hpp"
#include "engine/facts.hpp"
#include "fuzz/fuzz_util.hpp"

namespace {

/// The plan's sample journals, parsed once: what the store already holds.
const std::vector<dondoc::dsl::JournalAst>& stored(dondoc::dsl::SourceSet& sources) {
  static const std::vector<dondoc::dsl::JournalAst> journals = [&] {
    std::vector<dondoc::dsl::JournalAst> out;
    dondoc::dsl::Diagnostics diags;
    for (const auto& e : std::filesystem::directory_iterator(DONDOC_SOURCE_DIR "/rules/thanh-hoa-557/nhat-ky")) {
      if (auto j = dondoc::dsl::parse_journal_file(sources, e.path(), diags)) out.push_back(std::move(*j));
    }
    return out;
  }();
  return journals;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dondoc;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const engine::CompiledPlan& plan = fuzz::real_plan();
  static dsl::SourceSet stored_sources;  // lives as long as the stored journals
  const auto& before = stored(stored_sources);
  fuzz::no_escape("dondoc-fuzz-record", [&] {
    dsl::SourceSet sources;
    dsl::Diagnostics diags, ignored;
    engine::FactChecker checker(*plan.plan, plan.dates, plan.occurrences);
    for (const auto& j : before) checker.add(j, ignored);
    std::size_t n = 0;
    for (std::size_t from = 0; from <= input.size();) {
      std::size_t end = input.find('\0', from);
      if (end == std::string_view::npos) end = input.size();
      std::string name = "argument " + std::to_string(++n);
      dsl::JournalAst journal = dsl::parse_journal_text(sources, name, input.substr(from, end - from), diags);
      engine::Facts facts = checker.add(journal, diags);
      for (const auto& f : journal.facts) {
        std::string stored_text = dsl::journal_text(f, f.lang);
        dsl::Diagnostics again_diags;
        auto again = dsl::parse_journal_text(sources, "store", stored_text, again_diags);
        if (again.facts.size() != 1) {
          std::fprintf(stderr, "dondoc-fuzz-record: a recorded fact does not parse back: '%s'\n", stored_text.c_str());
          std::abort();
        }
      }
      (void)facts;
      from = end + 1;
    }
    diags.sort_by_location();
    fuzz::render_both(diags);
  });
  return 0;
}
