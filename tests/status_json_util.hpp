#pragma once
// Reading `dondoc status --format json` in tests.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace dondoc::test {

/// The task `id` of a status document; fails the test when there is none.
inline nlohmann::json task_of(const nlohmann::json& status, const std::string& id) {
  for (const auto& t : status["tasks"]) {
    if (t["id"] == id) return t;
  }
  FAIL("no task " << id);
  return {};
}

}  // namespace dondoc::test
