// The daemon's HTTP API on the real plan, against the real binary started on a free loopback port:
// what it answers, what it refuses (tokens, sizes, paths, bad JSON, bad facts), and that a fact
// posted changes the status.

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/runtime/child.hpp"
#include "tests/test_util.hpp"

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using dondoc::test::Child;
using dondoc::test::eventually;
using dondoc::test::read_file;
using dondoc::test::run_dondoc;
using nlohmann::json;

namespace {

const std::string& kPlan = dondoc::test::kRealPlan;
const std::string kToken = "s3cret-token-for-tests";

/// A daemon on the real plan, its simulated clock standing on 2023-06-01 (II.3, due Quý I/2023, is
/// late), serving HTTP on a port the kernel picks (read from its log).
struct Served {
  fs::path dir;
  Child child;
  int port = 0;

  explicit Served(const std::string& name, std::vector<std::string> extra = {"--token-file", "TOKEN"}) {
    dir = fs::temp_directory_path() / ("dondoc_http_test." + std::to_string(getpid()) + "." + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "token") << kToken << "\n";
    std::vector<std::string> args = {
        "run",    kPlan, "--db",   (dir / "s.db").string(), "--clock", "sim:2023-06-01:0.00001",
        "--tick", "20",  "--http", "127.0.0.1:0",           "--sink",  "jsonl:" + (dir / "out.jsonl").string()};
    for (auto& a : extra) args.push_back(a == "TOKEN" ? (dir / "token").string() : a);
    child = Child::spawn(args, dir / "out", dir / "err");
    const std::regex listening(R"(http: listening on http://127\.0\.0\.1:(\d+)/)");
    REQUIRE(eventually(
        [&] {
          std::smatch m;
          std::string log = read_file((dir / "err").string());
          if (!std::regex_search(log, m, listening)) return false;
          port = std::stoi(m[1]);
          return true;
        },
        60s));
  }
  ~Served() {
    child.kill_now(SIGTERM);
    child.wait(20s);
    fs::remove_all(dir);
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(30, 0);
    return c;
  }
};

httplib::Headers bearer(const std::string& token = kToken) {
  return {{"Authorization", "Bearer " + token}};
}

/// Sends `request` as written (no client normalizes it) and returns the whole response.
std::string raw(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size()));
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return out;
}

}  // namespace

TEST_CASE("http: /api/status has the fields and values of status --format json", "[runtime][http]") {
  Served d("status");
  auto res = d.client().Get("/api/status?at=2023-06-01");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
  auto cli = run_dondoc("status " + kPlan + " --at 2023-06-01 --format json");
  REQUIRE(cli.code == 0);
  CHECK(json::parse(res->body) == json::parse(cli.out));

  auto other = d.client().Get("/api/status?at=2024-01-15");
  REQUIRE(other);
  auto cli2 = run_dondoc("status " + kPlan + " --at 2024-01-15 --format json");
  CHECK(json::parse(other->body) == json::parse(cli2.out));

  auto bad = d.client().Get("/api/status?at=2023-13-45");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(bad->body == "{\"error\":\"ngày '2023-13-45' không hợp lệ; dùng YYYY-MM-DD\"}\n");
}

TEST_CASE("http: a task, an agency, the plan, the overview, health and metrics", "[runtime][http]") {
  Served d("reads");
  auto c = d.client();
  auto task = c.Get("/api/tasks/II.3");
  REQUIRE(task);
  REQUIRE(task->status == 200);
  json t = json::parse(task->body);
  CHECK(t["id"] == "II.3");
  CHECK(t["status"] == "overdue");
  CHECK(t["due"] == "2023-03-31");
  CHECK(t["lead"] == json::array({"SXD"}));
  CHECK(t["explain"].get<std::string>().find("II.3") != std::string::npos);
  CHECK(t["wakes"][0]["id"] == "TTG_DUYET_QHC");

  auto unknown = c.Get("/api/tasks/II.999?lang=en");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(unknown->body == "{\"error\":\"no task 'II.999'\"}\n");

  auto agency = c.Get("/api/agencies/SXD");
  REQUIRE(agency);
  REQUIRE(agency->status == 200);
  json a = json::parse(agency->body);
  CHECK(a["id"] == "SXD");
  CHECK(a["leads"][0]["lead"][0] == "SXD");
  auto no_agency = c.Get("/api/agencies/NOPE");
  REQUIRE(no_agency);
  CHECK(no_agency->body == "{\"error\":\"không có cơ quan 'NOPE'\"}\n");

  auto overview = c.Get("/api/overview");
  REQUIRE(overview);
  json o = json::parse(overview->body);
  CHECK(o["at"] == "2023-06-01");
  CHECK(o["late"]["total"] == 4);
  std::vector<std::string> late;
  for (const auto& row : o["late"]["tasks"]) late.push_back(row["id"]);
  CHECK(late == std::vector<std::string>{"II.3", "II.5", "III.2", "IV.5"});

  auto plan = c.Get("/api/plan");
  REQUIRE(plan);
  CHECK(json::parse(plan->body)["plan"]["id"] == "TH557");

  auto health = c.Get("/healthz");
  REQUIRE(health);
  CHECK(json::parse(health->body)["status"] == "ok");
  CHECK(json::parse(health->body)["day"] == "2023-06-01");

  auto metrics = c.Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->get_header_value("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  for (const char* line : {"# TYPE dondoc_facts_recorded gauge\ndondoc_facts_recorded 0\n", "dondoc_sink_backlog{sink=\"jsonl:",
                           "# TYPE dondoc_tick_seconds summary\n", "dondoc_reloads_total 0\n", "dondoc_reload_failures_total 0\n",
                           "dondoc_last_good_reload_timestamp_seconds ", "dondoc_escalations{kind=\"urging\"} "}) {
    INFO(line);
    CHECK(metrics->body.find(line) != std::string::npos);
  }

  auto escalations = c.Get("/api/escalations?since=0");
  REQUIRE(escalations);
  json e = json::parse(escalations->body);
  REQUIRE(!e["escalations"].empty());
  CHECK(e["escalations"][0]["deliveries"][0]["sink"].get<std::string>().rfind("jsonl:", 0) == 0);
  auto bad_since = c.Get("/api/escalations?since=yesterday&lang=en");
  REQUIRE(bad_since);
  CHECK(bad_since->status == 400);
  CHECK(bad_since->body == "{\"error\":\"'since=yesterday': expected a seq number or a date YYYY-MM-DD\"}\n");
}

TEST_CASE("http: the dashboard is served from the binary", "[runtime][http]") {
  Served d("dashboard");
  auto c = d.client();
  auto index = c.Get("/");
  REQUIRE(index);
  CHECK(index->status == 200);
  CHECK(index->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(index->body == read_file(std::string(DONDOC_SOURCE_DIR) + "/runtime/dashboard/index.html"));
  auto js = c.Get("/app.js");
  REQUIRE(js);
  CHECK(js->body == read_file(std::string(DONDOC_SOURCE_DIR) + "/runtime/dashboard/app.js"));
}

TEST_CASE("http: a write without the right token is refused (401), without --token-file writes are off (403)", "[runtime][http]") {
  Served d("token");
  auto c = d.client();
  auto none = c.Post("/api/facts", "hoàn thành II.3 ngày 20/03/2023", "text/plain");
  REQUIRE(none);
  CHECK(none->status == 401);
  CHECK(none->body == "{\"error\":\"thiếu hoặc sai mã truy cập (Authorization: Bearer …)\"}\n");
  auto wrong = c.Post("/api/facts", bearer("guess"), "hoàn thành II.3 ngày 20/03/2023", "text/plain");
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  auto reload = c.Post("/api/reload", "", "text/plain");
  REQUIRE(reload);
  CHECK(reload->status == 401);
  CHECK(json::parse(c.Get("/healthz")->body)["facts"] == 0);

  Served off("no-token", {});
  auto refused = off.client().Post("/api/facts", bearer(), "hoàn thành II.3 ngày 20/03/2023", "text/plain");
  REQUIRE(refused);
  CHECK(refused->status == 403);
  CHECK(refused->body == "{\"error\":\"chưa bật ghi qua HTTP: khởi động với --token-file TỆP\"}\n");
}

TEST_CASE("http: reads need the token with --http-read-token", "[runtime][http]") {
  Served d("read-token", {"--token-file", "TOKEN", "--http-read-token"});
  auto c = d.client();
  auto refused = c.Get("/api/status?lang=en");
  REQUIRE(refused);
  CHECK(refused->status == 401);
  CHECK(refused->body == "{\"error\":\"a token is required (Authorization: Bearer …)\"}\n");
  auto ok = c.Get("/api/status", bearer());
  REQUIRE(ok);
  CHECK(ok->status == 200);
  auto health = c.Get("/healthz");  // for a load balancer: open
  REQUIRE(health);
  CHECK(health->status == 200);
}

TEST_CASE("http: an oversized body is refused (413)", "[runtime][http]") {
  Served d("size");
  auto res = d.client().Post("/api/facts?lang=en", bearer(), std::string(300 * 1024, 'x'), "text/plain");
  REQUIRE(res);
  CHECK(res->status == 413);
  CHECK(res->body == "{\"error\":\"the request body is too large\"}\n");
}

TEST_CASE("http: /../ and its encoded forms never serve a file", "[runtime][http]") {
  Served d("paths");
  for (const char* path : {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
                           "/app.js/../../../../etc/passwd", "/api/tasks/..%2F..%2F..%2Fetc%2Fpasswd", "/%252e%252e/etc/passwd",
                           "/....//....//etc/passwd", "/rules/thanh-hoa-557/ke-hoach.rules", "/CMakeLists.txt"}) {
    INFO(path);
    std::string response = raw(d.port, std::string("GET ") + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    CHECK((response.rfind("HTTP/1.1 404", 0) == 0 || response.rfind("HTTP/1.1 400", 0) == 0));
    CHECK(response.find("root:") == std::string::npos);
    CHECK(response.find("kế hoạch") == std::string::npos);
    CHECK(response.find("{\"error\":") != std::string::npos);
  }
}

TEST_CASE("http: malformed JSON gets 400 with a message", "[runtime][http]") {
  Served d("json");
  auto res = d.client().Post("/api/facts", bearer(), "{\"facts\": [\"hoàn thành II.3", "application/json");
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(res->body == "{\"error\":\"nội dung không phải JSON hợp lệ\"}\n");
  auto wrong =
      d.client().Post("/api/facts?lang=en", bearer(), R"({"facts": [{"kind": "finished", "target": "II.3"}]})", "application/json");
  REQUIRE(wrong);
  CHECK(wrong->status == 400);
  CHECK(wrong->body == "{\"error\":\"facts[0]: unknown kind 'finished': expected done, happened, value, waive or extend\"}\n");
}

TEST_CASE("http: a write from another site is refused even with the token", "[runtime][http]") {
  Served d("csrf");
  httplib::Headers h = bearer();
  h.emplace("Origin", "http://evil.example");
  h.emplace("Sec-Fetch-Site", "cross-site");
  auto res = d.client().Post("/api/facts", h, "hoàn thành II.3 ngày 20/03/2023", "text/plain");
  REQUIRE(res);
  CHECK(res->status == 403);
  CHECK(res->body == "{\"error\":\"yêu cầu ghi từ trang khác bị từ chối\"}\n");
  // Same origin but without the dashboard's form token: refused too.
  httplib::Headers same = bearer();
  same.emplace("Origin", "http://127.0.0.1:" + std::to_string(d.port));
  same.emplace("Sec-Fetch-Site", "same-origin");
  auto no_form = d.client().Post("/api/facts", same, "hoàn thành II.3 ngày 20/03/2023", "text/plain");
  REQUIRE(no_form);
  CHECK(no_form->status == 403);
  CHECK(json::parse(d.client().Get("/healthz")->body)["facts"] == 0);
}

TEST_CASE("http: facts posted are recorded and the status changes at once", "[runtime][http]") {
  Served d("record");
  auto c = d.client();
  auto res = c.Post("/api/facts?by=Kiểm%20thử", bearer(), "hoàn thành II.3 ngày 20/03/2023", "text/plain; charset=utf-8");
  REQUIRE(res);
  CHECK(res->status == 201);
  CHECK(json::parse(res->body)["recorded"] ==
        json::parse(R"([{"seq": 1, "text": "hoàn thành II.3 ngày 20/03/2023 { người ghi \"Kiểm thử\" }"}])"));
  json task = json::parse(c.Get("/api/tasks/II.3")->body);
  CHECK(task["status"] == "done_on_time");
  CHECK(task["facts"][0]["recorded_by"] == "Kiểm thử");

  // A batch in JSON: a journal line and an object.
  auto batch = c.Post("/api/facts", bearer(), R"({"by": "API", "facts": [
      {"kind": "happened", "target": "TTG_DUYET_QHC", "on": "2023-05-02", "reference": "QĐ 1234/QĐ-TTg"},
      "hoàn thành II.5 ngày 01/06/2023"]})",
                      "application/json");
  REQUIRE(batch);
  CHECK(batch->status == 201);
  json recorded = json::parse(batch->body)["recorded"];
  REQUIRE(recorded.size() == 2);
  CHECK(recorded[0]["seq"] == 2);
  CHECK(recorded[0]["text"] == "event TTG_DUYET_QHC happened on 2023-05-02 { recorded by \"API\"; reference \"QĐ 1234/QĐ-TTg\" }");
  CHECK(json::parse(c.Get("/api/tasks/II.5")->body)["status"] == "done_late");
  CHECK(json::parse(c.Get("/healthz")->body)["facts"] == 3);
  CHECK(c.Get("/metrics")->body.find("dondoc_http_facts_recorded_total 3\n") != std::string::npos);
}

TEST_CASE("http: a batch with a bad fact is refused whole, with dondoc record's message (422)", "[runtime][http]") {
  Served d("refuse");
  auto c = d.client();
  auto res = c.Post("/api/facts", bearer(), R"({"facts": ["hoàn thành II.3 ngày 20/03/2023", "hoàn thành II.999 ngày 20/03/2023"]})",
                    "application/json");
  REQUIRE(res);
  CHECK(res->status == 422);
  const std::string message =
      "facts[1]:1:12: error: không có nhiệm vụ hay nghĩa vụ nào mang mã 'II.999'\n"
      "  hoàn thành II.999 ngày 20/03/2023\n"
      "             ^\n"
      "1 lỗi, 0 cảnh báo\n";
  CHECK(json::parse(res->body)["error"] == message);
  // The same message as `dondoc record` prints for the same facts (its sources are named `argument N`).
  auto cli = run_dondoc("record --db '" + (d.dir / "other.db").string() + "' --rules " + kPlan +
                        " 'hoàn thành II.3 ngày 20/03/2023' 'hoàn thành II.999 ngày 20/03/2023'");
  CHECK(cli.code == 1);
  CHECK(cli.err == std::regex_replace(message, std::regex(R"(^facts\[1\])"), "argument 2"));
  CHECK(json::parse(c.Get("/healthz")->body)["facts"] == 0);
  CHECK(json::parse(c.Get("/api/tasks/II.3")->body)["status"] == "overdue");
  auto empty = c.Post("/api/facts?lang=en", bearer(), "# only a comment\n", "text/plain");
  REQUIRE(empty);
  CHECK(empty->status == 422);
  CHECK(empty->body ==
        "{\"error\":\"request:1:1: error: no fact to record; e.g. 'done II.3 on 2023-03-20'\\n  # only a comment\\n  ^\\n1 error, 0 "
        "warnings\\n\"}\n");
}

TEST_CASE("http: POST /api/reload answers what the reload did", "[runtime][http]") {
  Served d("reload");
  auto res = d.client().Post("/api/reload?lang=en", bearer(), "", "text/plain");
  REQUIRE(res);
  CHECK(res->status == 200);
  json r = json::parse(res->body);
  CHECK(r["rules_version"] == 1);
  CHECK(r["message"].get<std::string>().rfind("the rules are unchanged (version 1, hash ", 0) == 0);
}
