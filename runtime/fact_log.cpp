#include "runtime/fact_log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

namespace dondoc::runtime {

void FactLog::add_stored(const std::vector<StoredFact>& facts, dsl::Diagnostics& diags) {
  for (const auto& f : facts) {
    journals_.push_back(dsl::parse_journal_text(sources_, fmt::format("store#{}", f.seq), f.text, diags));
    journals_.back().first_number = f.seq;
    last_seq_ = std::max(last_seq_, f.seq);
  }
}

engine::Facts FactLog::resolve(const engine::CompiledPlan& plan, dsl::Diagnostics& diags, std::size_t from_journal) const {
  engine::Facts out;
  auto take = [&](engine::Facts facts) {
    for (auto& f : facts.items) out.items.push_back(std::move(f));
    out.withdrawn.insert(out.withdrawn.end(), facts.withdrawn.begin(), facts.withdrawn.end());
  };
  if (!checker_ || checked_plan_ != &plan || from_journal != checked_) {
    // From scratch: every journal in order, so that each fact is checked against those before it.
    checker_ = std::make_unique<engine::FactChecker>(*plan.plan, plan.dates, plan.occurrences);
    checked_plan_ = &plan;
    dsl::Diagnostics earlier;  // problems of journals before `from_journal` were reported then
    for (std::size_t i = 0; i < journals_.size(); ++i) {
      if (i < from_journal) {
        checker_->add(journals_[i], earlier);
      } else {
        take(checker_->add(journals_[i], diags));
      }
    }
  } else {
    for (std::size_t i = from_journal; i < journals_.size(); ++i) take(checker_->add(journals_[i], diags));
  }
  checked_ = journals_.size();
  if (!out.withdrawn.empty()) {
    // A fact returned for an earlier journal and withdrawn by a later one is not in force.
    std::unordered_set<std::int64_t> gone(out.withdrawn.begin(), out.withdrawn.end());
    std::erase_if(out.items, [&](const engine::Fact& f) { return gone.count(f.number) != 0; });
  }
  return out;
}

}  // namespace dondoc::runtime
