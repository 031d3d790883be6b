// The grammar has no rule that can loop without consuming input (pegtl::analyze).

#include <catch2/catch.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "dsl/grammar.hpp"

TEST_CASE("grammar: pegtl::analyze finds no problem", "[dsl][grammar]") {
  namespace g = dondoc::dsl::grammar;
  CHECK(tao::pegtl::analyze<g::file>(1) == 0);
  CHECK(tao::pegtl::analyze<g::top_item>(1) == 0);
  CHECK(tao::pegtl::analyze<g::time_literal_only>(1) == 0);
  CHECK(tao::pegtl::analyze<g::recurrence_only>(1) == 0);
}
