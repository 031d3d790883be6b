// The keyword table (dsl/keywords.hpp) and the grammar (dsl/grammar.hpp) agree: each spelling of
// every entry is read, whole, by the grammar rule the entry names.

#include "dsl/keywords.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "dsl/grammar.hpp"

namespace g = dondoc::dsl::grammar;
namespace pegtl = tao::pegtl;

namespace {

/// Whether `Rule` reads all of `spelling`.
template <typename Rule>
bool reads_whole(std::string_view spelling) {
  pegtl::memory_input<> in(spelling.data(), spelling.size(), "keyword");
  return pegtl::parse<pegtl::seq<Rule, pegtl::eof>>(in);
}

struct Checked {
  std::string name, spelling;
  bool read;
};

}  // namespace

TEST_CASE("keywords: the grammar reads both spellings of every keyword in the table", "[dsl][keywords]") {
  std::vector<Checked> checked;
#define DONDOC_CHECK_KEYWORD(name, vi, en, rule)            \
  checked.push_back({#name, vi, reads_whole<g::rule>(vi)}); \
  checked.push_back({#name, en, reads_whole<g::rule>(en)});
  DONDOC_KEYWORDS(DONDOC_CHECK_KEYWORD)
#undef DONDOC_CHECK_KEYWORD
  REQUIRE_FALSE(checked.empty());
  for (const auto& c : checked) {
    INFO(c.name << ": '" << c.spelling << "'");
    CHECK(c.read);
  }
}

TEST_CASE("keywords: a rule does not read a misspelt keyword, so the check above can fail", "[dsl][keywords]") {
  CHECK_FALSE(reads_whole<g::kw_lead>("chủ tri"));
  CHECK_FALSE(reads_whole<g::kw_lead>("leads"));
  CHECK_FALSE(reads_whole<g::kw_due_soon>("due"));
}

TEST_CASE("keywords: a keyword is spelt in the language asked for", "[dsl][keywords]") {
  namespace kw = dondoc::dsl::kw;
  CHECK(kw::lead.in(dondoc::dsl::Lang::vi) == "chủ trì");
  CHECK(kw::lead.in(dondoc::dsl::Lang::en) == "lead");
}
