// libFuzzer target for journals against the real plan (rules/thanh-hoa-557).
//
// Each input is a journal file's bytes: parsed (parse_journal_text), its facts resolved against
// the plan (unknown ids, wrong kinds, dates, duplicates and conflicts: engine::resolve_facts), the
// plan evaluated with the facts on two dates (engine::evaluate), and every diagnostic rendered in
// both languages. The parser target (parser_fuzz.cpp) covers the journal grammar alone; this one
// reaches the engine with whatever the grammar lets through.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dsl/journal.hpp"
#include "engine/evaluate.hpp"
#include "engine/facts.hpp"
#include "fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dondoc;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const engine::CompiledPlan& plan = fuzz::real_plan();
  fuzz::no_escape("dondoc-fuzz-journal", [&] {
    dsl::SourceSet sources;
    dsl::Diagnostics diags;
    dsl::JournalAst journal = dsl::parse_journal_text(sources, "fuzz.journal", text, diags);
    engine::Facts facts = engine::resolve_facts(*plan.plan, plan.dates, plan.occurrences, {&journal}, diags);
    diags.sort_by_location();
    fuzz::render_both(diags);
    engine::Model model{*plan.plan, plan.dates, plan.occurrences, plan.schedule};
    for (engine::Day at : {engine::day_of(dsl::Date{2023, 6, 30}), engine::day_of(dsl::Date{2030, 12, 31})}) {
      engine::Evaluation e = engine::evaluate(model, facts, at);
      (void)e;
    }
  });
  return 0;
}
