// The grammar has no rule that can loop without consuming input (pegtl::analyze), and every error
// point (a rule named `expect_…`) has its message, in the plan language and in the journal.

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <tao/pegtl/contrib/analyze.hpp>
#include <tao/pegtl/demangle.hpp>

#include "dsl/grammar.hpp"
#include "dsl/journal_grammar.hpp"

namespace g = dondoc::dsl::grammar;

TEST_CASE("grammar: pegtl::analyze finds no problem", "[dsl][grammar]") {
  CHECK(tao::pegtl::analyze<g::file>(1) == 0);
  CHECK(tao::pegtl::analyze<g::top_item>(1) == 0);
  CHECK(tao::pegtl::analyze<g::time_literal_only>(1) == 0);
  CHECK(tao::pegtl::analyze<g::recurrence_only>(1) == 0);
}

namespace {
/// Every rule reachable from Rule (the walk pegtl::analyze makes), by name, with whether the
/// grammar gives it an error message.
template <typename Rule>
void reachable(std::map<std::string, bool>& rules) {
  if (!rules.try_emplace(std::string(tao::pegtl::demangle<Rule>()), g::error_message<Rule> != nullptr).second) return;
  using Traits = tao::pegtl::analyze_traits<Rule, typename Rule::rule_t>;
  [&]<typename... Subs>(tao::pegtl::type_list<Subs...>) { (reachable<Subs>(rules), ...); }(typename Traits::subs_t());
}
}  // namespace

TEST_CASE("grammar: every error point has a message and only error points have one", "[dsl][grammar]") {
  std::map<std::string, bool> rules;
  reachable<g::top_item>(rules);
  reachable<g::time_literal_only>(rules);
  reachable<g::recurrence_only>(rules);
  reachable<g::journal_item>(rules);
  const std::string prefix = "dondoc::dsl::grammar::expect_";
  std::size_t points = 0;
  for (const auto& [name, has_message] : rules) {
    bool error_point = name.rfind(prefix, 0) == 0;
    points += error_point;
    INFO(name);
    CHECK(has_message == error_point);
  }
  CHECK(points > 60);  // the plan language's and the journal's error points were all reached
}
