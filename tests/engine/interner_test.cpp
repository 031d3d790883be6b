#include "engine/interner.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace dondoc;

namespace {
/// Strings with repeats near and far (within a group of lookups and across groups), an empty
/// one, and long texts that get a block of their own.
std::vector<std::string> words(std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 7 == 3) {
      out.push_back(out[i / 2]);  // a repeat of an earlier one
    } else if (i % 97 == 5) {
      out.push_back(std::string(300'000 + i, 'x'));
    } else if (i == 11) {
      out.push_back("");
    } else {
      out.push_back(fmt::format("nhiệm vụ {}.{}", i % 13, i));
    }
  }
  return out;
}
}  // namespace

TEST_CASE("interner: interning in a batch gives the ids of interning one by one", "[engine][interner]") {
  const std::vector<std::string> all = words(5000);
  std::vector<std::string_view> views(all.begin(), all.end());
  engine::Interner one, batch;
  one.intern("đã có");
  batch.intern("đã có");
  std::vector<engine::StrId> ids_one, ids_batch(views.size());
  for (auto v : views) ids_one.push_back(one.intern(v));
  batch.intern_all(views, ids_batch);
  CHECK(ids_batch == ids_one);
  REQUIRE(batch.size() == one.size());
  for (engine::StrId s = 0; s < one.size(); ++s) CHECK(batch.str(s) == one.str(s));
}

TEST_CASE("interner: finding in a batch gives what find gives, kNone for what is not there", "[engine][interner]") {
  const std::vector<std::string> all = words(3000);
  engine::Interner strings;
  for (std::size_t i = 0; i < all.size(); i += 2) strings.intern(all[i]);  // every other one
  std::vector<std::string_view> asked(all.begin(), all.end());
  asked.push_back("không có");
  std::vector<engine::StrId> found(asked.size());
  strings.find_all(asked, found);
  std::size_t missing = 0;
  for (std::size_t i = 0; i < asked.size(); ++i) {
    CHECK(found[i] == strings.find(asked[i]));
    if (found[i] == engine::kNone) {
      ++missing;
    } else {
      CHECK(strings.str(found[i]) == asked[i]);
    }
  }
  CHECK(missing > 1000);
  CHECK(found.back() == engine::kNone);

  engine::Interner empty;
  std::vector<engine::StrId> none(asked.size(), 0);
  empty.find_all(asked, none);
  CHECK(std::count(none.begin(), none.end(), engine::kNone) == static_cast<std::ptrdiff_t>(asked.size()));
}
