// The journal grammar has no rule that can loop without consuming input (pegtl::analyze).

#include <catch2/catch.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "dsl/journal_grammar.hpp"

TEST_CASE("journal grammar: pegtl::analyze finds no problem", "[dsl][journal][grammar]") {
  namespace g = dondoc::dsl::grammar;
  CHECK(tao::pegtl::analyze<g::journal_file>(1) == 0);
  CHECK(tao::pegtl::analyze<g::journal_item>(1) == 0);
}
