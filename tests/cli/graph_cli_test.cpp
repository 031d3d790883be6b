// `dondoc graph` on the real plan: the picture shows II.3 → (the Prime Minister approves) → II.4,
// and the JSON is the compiled plan with concrete dates.

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "tests/test_util.hpp"

using dondoc::test::run_dondoc;

namespace {
std::string node_of(const std::string& dot, const std::string& id) {
  // The node whose label starts with the id: `t12 [label="II.4\n…`
  auto at = dot.find("[label=\"" + id + "\\n");
  REQUIRE(at != std::string::npos);
  auto start = dot.rfind('\n', at) + 1;
  std::string key = dot.substr(start, at - start);
  key.erase(0, key.find_first_not_of(' '));
  key.erase(key.find_last_not_of(' ') + 1);
  return key;
}
}  // namespace

TEST_CASE("graph: the DOT of the real plan links II.3, the Prime Minister's approval and II.4", "[cli][graph]") {
  auto r = run_dondoc("graph rules/thanh-hoa-557 --format dot");
  REQUIRE(r.code == 0);
  std::string ii3 = node_of(r.out, "II.3"), ev = node_of(r.out, "TTG_DUYET_QHC"), ii4 = node_of(r.out, "II.4");
  CHECK(ev.front() == 'e');
  CHECK(r.out.find(ii3 + " -> " + ev + " [label=\"sau\", style=dashed];") != std::string::npos);
  CHECK(r.out.find(ii4 + " [label=") != std::string::npos);
  CHECK(r.out.find(ev + " -> " + ii4 + " [label=\"bắt đầu sau\", style=dashed") != std::string::npos);
  CHECK(r.out.find("shape=hexagon") != std::string::npos);      // events look different
  CHECK(r.out.find("subgraph cluster_") != std::string::npos);  // grouped by section
  // The same inputs give the same bytes.
  CHECK(run_dondoc("graph rules/thanh-hoa-557 --format dot").out == r.out);
}

TEST_CASE("graph: English labels with --lang en, and Mermaid", "[cli][graph]") {
  auto r = run_dondoc("graph --lang en rules/thanh-hoa-557 --format mermaid");
  REQUIRE(r.code == 0);
  CHECK(r.out.rfind("flowchart LR\n", 0) == 0);
  CHECK(r.out.find("-.->|starts after|") != std::string::npos);
  CHECK(r.out.find("-.->|after|") != std::string::npos);
  CHECK(r.out.find("-->|depends on|") != std::string::npos);
  CHECK(r.out.find("classDef event") != std::string::npos);
}

TEST_CASE("graph: SVG is laid out in-process by libgraphviz", "[cli][graph]") {
  auto r = run_dondoc("graph rules/thanh-hoa-557 --format svg");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("<svg") != std::string::npos);
  CHECK(r.out.find("TTG_DUYET_QHC") != std::string::npos);
  CHECK(r.out.find("</svg>") != std::string::npos);
}

TEST_CASE("graph: JSON is the compiled plan with concrete dates", "[cli][graph]") {
  auto r = run_dondoc("graph rules/thanh-hoa-557 --format json");
  REQUIRE(r.code == 0);
  auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["plan"]["number"] == "557/QĐ-UBND");
  CHECK(doc["plan"]["issued"] == "2023-02-17");
  CHECK(doc["tasks"].size() == 47);
  CHECK(doc["events"].size() == 5);
  nlohmann::json iv12;
  for (const auto& t : doc["tasks"]) {
    if (t["id"] == "IV.12") iv12 = t;
  }
  REQUIRE(iv12.is_object());
  // Năm 2023 ends on Sunday 31/12/2023; 01/01/2024 is New Year's Day: the deadline is 02/01/2024.
  CHECK(iv12["due"][0]["text"] == "Năm 2023");
  CHECK(iv12["due"][0]["date"] == "2023-12-31");
  CHECK(iv12["due"][0]["deadline"] == "2024-01-02");
  bool after_edge = false;
  for (const auto& e : doc["edges"]) {
    if (e["from"] == "II.3" && e["to"] == "TTG_DUYET_QHC" && e["kind"] == "after") after_edge = true;
  }
  CHECK(after_edge);
  CHECK(doc["occurrences"].size() > 0);
  CHECK(doc["occurrences"][0]["duty"].is_string());
}

TEST_CASE("graph: a plan with errors draws nothing and exits 1", "[cli][graph]") {
  auto r = run_dondoc("graph tests/dsl/cases/quarter_five.rules --format dot");
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(r.err.find("error:") != std::string::npos);
}
