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
  CHECK(doc["tasks"].size() == 44);
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

TEST_CASE("graph: sections in plan order, whole titles, a legend, Mermaid subgraphs", "[cli][graph]") {
  auto r = run_dondoc("graph rules/thanh-hoa-557 --format dot");
  REQUIRE(r.code == 0);
  // The clusters in declaration order, each one column after the previous one.
  std::size_t last = 0;
  for (std::string s : {"cluster_s4 ", "cluster_s5 ", "cluster_s6 ", "cluster_s7 ", "cluster_s8 ", "cluster_s12 "}) {
    auto at = r.out.find("subgraph " + s);
    REQUIRE(at != std::string::npos);
    CHECK(at > last);
    last = at;
  }
  CHECK(r.out.find("  legend -> column0 [style=invis];\n") != std::string::npos);
  CHECK(r.out.find("  column0 -> column1") == std::string::npos);
  CHECK(r.out.find("<B>Chú giải</B>") != std::string::npos);
  // II.3's title whole, wrapped: no ellipsis anywhere.
  CHECK(r.out.find("II.3\\nTrình Thủ tướng Chính phủ phê duyệt\\nQuy hoạch chung đô thị Thanh Hóa\\nhạn: 31/03/2023") != std::string::npos);
  CHECK(r.out.find("…") == std::string::npos);
  auto m = run_dondoc("graph rules/thanh-hoa-557 --format mermaid");
  REQUIRE(m.code == 0);
  CHECK(m.out.find("  subgraph s7[\"II Tập trung hoàn thiện thể chế, chính sách và đẩy mạnh phát triển<br/>liên kết vùng\"]\n") !=
        std::string::npos);
  CHECK(m.out.find("  end\n") != std::string::npos);
}

TEST_CASE("graph: --at colours each task by its status on that date", "[cli][graph]") {
  auto r = run_dondoc("graph rules/thanh-hoa-557 --format dot --at 31/12/2023 --journal rules/thanh-hoa-557/nhat-ky/ii3-dung-han.journal");
  REQUIRE(r.code == 0);
  // II.3 done on time (green), II.5 overdue (red), II.1 waiting (grey), with the status written.
  CHECK(r.out.find("hạn: 31/03/2023\\n[Hoàn thành đúng hạn]\", fillcolor=\"#bbf7d0\"") != std::string::npos);
  CHECK(r.out.find("hạn: 31/05/2023\\n[Đang thực hiện quá hạn]\", fillcolor=\"#fecaca\"") != std::string::npos);
  CHECK(r.out.find("[Chờ điều kiện]\", fillcolor=\"#e5e7eb\"") != std::string::npos);
  CHECK(r.out.find("[đã xảy ra 01/09/2023]") != std::string::npos);
  CHECK(r.out.find("Trạng thái ngày 31/12/2023") != std::string::npos);
  auto svg = run_dondoc("graph rules/thanh-hoa-557 --format svg --at 31/12/2023");
  REQUIRE(svg.code == 0);
  CHECK(svg.out == run_dondoc("graph rules/thanh-hoa-557 --format svg --at 31/12/2023").out);
  auto bad = run_dondoc("graph rules/thanh-hoa-557 --at 31/02/2023");
  CHECK(bad.code == 2);
  CHECK(bad.err == "dondoc: --at '31/02/2023' không phải ngày (YYYY-MM-DD hoặc dd/mm/yyyy)\n");
}
