#include "runtime/sinks.hpp"

#include <httplib.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/log_capture.hpp"
#include "tests/runtime/receiver.hpp"
#include "tests/temp_dir.hpp"

using namespace dondoc::runtime;

namespace fs = std::filesystem;
using Strings = std::vector<std::string>;
using namespace std::chrono_literals;

namespace {

using dondoc::test::LogCapture;
using dondoc::test::Receiver;
using dondoc::test::TempDir;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Strings lines_of(const std::string& path) {
  Strings out;
  std::istringstream in(slurp(path));
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string json_of(const std::string& id, const std::string& to) {
  return R"({"id":")" + id + R"(","to":")" + to + R"("})";
}

Delivery delivery(const std::string& id, const std::string& to = "SXD") {
  return {id, to, json_of(id, to)};
}

NewEscalation escalation(const std::string& id, const std::string& to) {
  return {id, "2023-04-01", "II.3", "overdue", 1, to, json_of(id, to)};
}

/// A store holding escalations in this order, from one evaluation.
Store store_with(const std::vector<std::pair<std::string, std::string>>& id_to) {
  auto store = Store::open_memory();
  std::vector<NewEscalation> es;
  for (const auto& [id, to] : id_to) es.push_back(escalation(id, to));
  store.commit_evaluation({0, "2023-04-01", std::nullopt, 0, "t"}, es);
  return store;
}

/// A monotonic clock the test moves by hand.
struct ManualTime {
  Dispatcher::TimePoint t{};
  Dispatcher::Options options() {
    Dispatcher::Options o;
    o.now = [this] { return t; };
    o.wall_time = [] { return std::string("2023-04-01T00:00:00Z"); };
    return o;
  }
};

}  // namespace

TEST_CASE("sinks: a bad spec gets an error naming it", "[runtime][sinks]") {
  CHECK_THROWS_WITH(make_sink("email:a@b"),
                    "bad sink spec 'email:a@b': expected jsonl:FILE, stdout, console, webhook:URL, exec:COMMAND or smtp://HOST:PORT");
  CHECK_THROWS_WITH(make_sink("jsonl:"), "bad sink spec 'jsonl:': nothing after 'jsonl:'");
  CHECK_THROWS_WITH(make_sink("webhook:ftp://x/y"), "bad sink spec 'webhook:ftp://x/y': expected a URL starting with http:// or https://");
  CHECK_THROWS_WITH(make_sink("webhook:http:///path"), "bad sink spec 'webhook:http:///path': the URL has no valid host");
  CHECK_THROWS_WITH(make_sink("my sink=stdout"), "bad sink spec 'my sink=stdout': a sink name is letters, digits, '_', '-' or '.'");
  CHECK_THROWS_WITH(make_sink("jsonl:/no/such/dir/out.jsonl"),
                    "sink 'jsonl:/no/such/dir/out.jsonl': cannot open /no/such/dir/out.jsonl: No such file or directory");
  CHECK(make_sink("stdout")->name() == "stdout");
  CHECK(make_sink("ops=exec:cat >/dev/null")->name() == "ops");
  CHECK(make_sink("exec:FOO=1 cat >/dev/null")->name() == "exec:FOO=1 cat >/dev/null");
}

TEST_CASE("sinks: the JSONL sink writes each id once, across a crash and a reopen", "[runtime][sinks]") {
  TempDir dir;
  std::string path = dir.file("out.jsonl");
  {
    auto sink = make_sink("jsonl:" + path);
    CHECK(sink->deliver(delivery("a")).ok());
    CHECK(sink->deliver(delivery("b")).ok());
    CHECK(lines_of(path) == Strings{json_of("a", "SXD"), json_of("b", "SXD")});  // on disk as soon as it returns
    CHECK(sink->deliver(delivery("a")).ok());                                    // delivered again: confirmed, not written
  }
  // "Crash": the store never heard that b was delivered, so b comes again after the restart.
  auto sink = make_sink("jsonl:" + path);
  CHECK(sink->deliver(delivery("b")).ok());
  CHECK(sink->deliver(delivery("c")).ok());
  CHECK(lines_of(path) == Strings{json_of("a", "SXD"), json_of("b", "SXD"), json_of("c", "SXD")});
  auto bad = sink->deliver({"d", "SXD", json_of("e", "SXD")});
  CHECK_FALSE(bad.ok());
  CHECK(bad.error == R"(the escalation's JSON has no "id": "d")");
  CHECK(lines_of(path).size() == 3);
}

TEST_CASE("sinks: the JSONL sink cuts a torn last line and keeps a whole one", "[runtime][sinks]") {
  TempDir dir;
  std::string path = dir.file("out.jsonl");
  std::ofstream(path) << json_of("a", "SXD") << "\n"
                      << R"({"id":"b","t)";
  LogCapture log;
  {
    auto sink = make_sink("out=jsonl:" + path);
    CHECK(slurp(path) == json_of("a", "SXD") + "\n");
    CHECK(sink->deliver(delivery("b")).ok());
  }
  CHECK(log.out.str() == "warning sink 'out': " + path + " ends with a torn line of 12 bytes (a crash while writing); removing it\n");
  std::ofstream(path, std::ios::app) << json_of("c", "SYT");  // complete, but the newline was lost
  auto sink = make_sink("jsonl:" + path);
  CHECK(sink->deliver(delivery("c", "SYT")).ok());
  CHECK(sink->deliver(delivery("d")).ok());
  CHECK(lines_of(path) == Strings{json_of("a", "SXD"), json_of("b", "SXD"), json_of("c", "SYT"), json_of("d", "SXD")});
}

TEST_CASE("sinks: after a crash between delivery and commit the dispatcher re-sends and the file has no duplicate", "[runtime][sinks]") {
  TempDir dir;
  std::string path = dir.file("out.jsonl");
  auto store = store_with({{"a", "SXD"}, {"b", "SYT"}, {"c", "SXD"}});
  {
    // The first run wrote a and b to the file and died before marking them delivered.
    auto sink = make_sink("jsonl:" + path);
    sink->deliver(delivery("a", "SXD"));
    sink->deliver(delivery("b", "SYT"));
  }
  ManualTime time;
  LogCapture log;
  Dispatcher dispatcher(store, time.options());
  dispatcher.add_sink(make_sink("jsonl:" + path));
  auto stats = dispatcher.drain();
  CHECK(stats.delivered == 3);
  CHECK(store.outbox("jsonl:" + path, 10).empty());
  CHECK(lines_of(path) == Strings{json_of("a", "SXD"), json_of("b", "SYT"), json_of("c", "SXD")});
  CHECK(dispatcher.drain().delivered == 0);
}

TEST_CASE("sinks: a webhook gets the JSON with its Idempotency-Key", "[runtime][sinks]") {
  Receiver rx;
  auto sink = make_sink(rx.url());
  CHECK(sink->deliver(delivery("e-1")).ok());
  rx.status = [](const Receiver::Request&) { return 500; };
  auto r = sink->deliver(delivery("e-2"));
  CHECK(r.status == DeliveryResult::Status::failed);
  CHECK(r.error == "POST http://127.0.0.1:" + std::to_string(rx.port) + "/hook: HTTP 500");
  std::lock_guard lock(rx.mu);
  REQUIRE(rx.requests.size() == 2);
  CHECK(rx.requests[0].key == "e-1");
  CHECK(rx.requests[0].content_type == "application/json");
  CHECK(rx.requests[0].body == json_of("e-1", "SXD"));
  CHECK(rx.requests[1].key == "e-2");
}

TEST_CASE("sinks: a webhook nobody listens on is unavailable and the whole sink waits", "[runtime][sinks]") {
  int port;
  {
    Receiver gone;
    port = gone.port;
  }
  auto store = store_with({{"a", "SXD"}, {"b", "SYT"}});
  ManualTime time;
  LogCapture log;
  Dispatcher dispatcher(store, time.options());
  dispatcher.add_sink(make_sink("webhook:http://127.0.0.1:" + std::to_string(port) + "/hook"));
  auto stats = dispatcher.drain();
  CHECK(stats.failed == 1);  // b was not tried: the sink is down, not a recipient
  CHECK(dispatcher.next_retry() == time.t + 1s);
  auto d = store.delivery(dispatcher.sinks()[0]->name(), "a");
  REQUIRE(d);
  CHECK(d->last_error == "POST http://127.0.0.1:" + std::to_string(port) + "/hook: Connection error");
  CHECK(dispatcher.drain().failed == 0);  // still waiting
  time.t += 1s;
  CHECK(dispatcher.drain().failed == 1);
  CHECK(dispatcher.next_retry() == time.t + 2s);
}

TEST_CASE("sinks: a webhook outage of a month loses nothing and keeps order per recipient", "[runtime][sinks]") {
  Receiver rx;
  ManualTime time;
  LogCapture log;
  const auto start = time.t;
  std::atomic<bool> down{true};
  rx.status = [&](const Receiver::Request& r) {
    // SYT's endpoint is fine throughout; the others are refused during the outage.
    if (r.body.find(R"("to":"SYT")") != std::string::npos) return 200;
    return down ? 503 : 200;
  };
  auto store = store_with({{"a1", "SXD"}, {"b1", "SYT"}, {"a2", "SXD"}, {"c1", "STC"}, {"b2", "SYT"}, {"a3", "SXD"}});
  auto options = time.options();
  options.retry = {1s, 6h};
  options.batch = 2;  // exercise paging past held rows
  Dispatcher dispatcher(store, options);
  dispatcher.add_sink(make_sink(rx.url()));

  auto first = dispatcher.drain();
  CHECK(first.delivered == 2);  // b1, b2 go on while SXD and STC wait
  CHECK(first.failed == 2);     // a1, c1
  CHECK(first.held == 2);       // a2, a3 behind a1

  // A month passes: retry whenever the dispatcher asks to, with more escalations arriving.
  int passes = 0;
  while (time.t - start < std::chrono::hours(24 * 30)) {
    REQUIRE(dispatcher.next_retry());
    time.t = *dispatcher.next_retry();
    dispatcher.drain();
    ++passes;
    if (passes == 3) store.commit_evaluation({0, "2023-04-05", std::nullopt, 0, "t"}, std::vector{escalation("a4", "SXD")});
  }
  CHECK(passes < 400);  // capped backoff: about four tries a day, not one a second
  CHECK(store.delivery(rx.url(), "a1")->attempts > 10);
  CHECK(store.delivery(rx.url(), "a1")->last_error == "POST http://127.0.0.1:" + std::to_string(rx.port) + "/hook: HTTP 503");
  CHECK(store.outbox(rx.url(), 100).size() == 5);

  down = false;
  time.t = *dispatcher.next_retry();
  dispatcher.drain();
  time.t += 6h;
  dispatcher.drain();
  CHECK(store.outbox(rx.url(), 100).empty());
  CHECK_FALSE(dispatcher.next_retry());

  std::lock_guard lock(rx.mu);
  std::map<std::string, Strings> per_recipient;
  std::set<std::string> ids;
  for (const auto& r : rx.accepted) {
    auto j = nlohmann::json::parse(r.body);
    auto id = j["id"].get<std::string>();
    CHECK(r.key == id);
    per_recipient[j["to"].get<std::string>()].push_back(id);
    ids.insert(id);
  }
  for (const auto& r : rx.requests) CHECK(r.key == nlohmann::json::parse(r.body)["id"].get<std::string>());
  CHECK(per_recipient["SXD"] == Strings{"a1", "a2", "a3", "a4"});
  CHECK(per_recipient["SYT"] == Strings{"b1", "b2"});
  CHECK(per_recipient["STC"] == Strings{"c1"});
  CHECK(rx.accepted.size() == 7);  // each once: none was confirmed without being delivered
}

TEST_CASE("sinks: backoff doubles from the first delay up to the cap", "[runtime][sinks]") {
  RetryPolicy p;
  CHECK(p.delay(1) == 1s);
  CHECK(p.delay(2) == 2s);
  CHECK(p.delay(9) == 256s);
  CHECK(p.delay(10) == 300s);
  CHECK(p.delay(1000) == 300s);
}

TEST_CASE("sinks: an exec sink pipes the JSON to the command", "[runtime][sinks]") {
  TempDir dir;
  std::string out = dir.file("out.jsonl"), ids = dir.file("ids.txt");
  auto sink = make_sink("exec:cat >> '" + out + "' && echo \"$DONDOC_ESCALATION_ID $DONDOC_RECIPIENT\" >> '" + ids + "'");
  CHECK(sink->deliver(delivery("a")).ok());
  CHECK(sink->deliver(delivery("b", "SYT")).ok());
  CHECK(lines_of(out) == Strings{json_of("a", "SXD"), json_of("b", "SYT")});
  CHECK(lines_of(ids) == Strings{"a SXD", "b SYT"});
}

TEST_CASE("sinks: an exec sink reports a failing, a deaf and a hanging command", "[runtime][sinks]") {
  auto r = make_sink("exec:exit 3")->deliver(delivery("a"));
  CHECK(r.status == DeliveryResult::Status::failed);
  CHECK(r.error == "exec: 'exit 3' exited with status 3");

  // A command that never reads a large input: no SIGPIPE in the daemon, the exit status decides.
  Delivery big = delivery("big");
  big.json = R"({"id":"big","pad":")" + std::string(1 << 20, 'x') + R"("})";
  CHECK(make_sink("exec:true")->deliver(big).ok());

  SinkOptions quick;
  quick.exec_timeout = 200ms;
  auto t0 = std::chrono::steady_clock::now();
  auto hang = make_sink("exec:sleep 30", quick)->deliver(delivery("c"));
  CHECK(std::chrono::steady_clock::now() - t0 < 5s);
  CHECK(hang.error == "exec: 'sleep 30' timed out after 200 ms");
  CHECK(hang.status == DeliveryResult::Status::unavailable);
}

TEST_CASE("sinks: a hanging command holds the whole exec sink: one timeout per retry, not one per recipient", "[runtime][sinks]") {
  auto store = store_with({{"a", "SXD"}, {"b", "SYT"}});
  ManualTime time;
  LogCapture log;
  Dispatcher dispatcher(store, time.options());
  SinkOptions quick;
  quick.exec_timeout = 200ms;
  dispatcher.add_sink(make_sink("exec:sleep 30", quick));
  auto stats = dispatcher.drain();
  CHECK(stats.failed == 1);  // b was not tried: the command hangs, whoever it is for
  CHECK(stats.delivered == 0);
  CHECK(dispatcher.next_retry() == time.t + 1s);
  auto d = store.delivery(dispatcher.sinks()[0]->name(), "a");
  REQUIRE(d);
  CHECK(d->last_error == "exec: 'sleep 30' timed out after 200 ms");
  CHECK_FALSE(store.delivery(dispatcher.sinks()[0]->name(), "b"));
  CHECK(dispatcher.drain().failed == 0);  // waiting for the retry
}

TEST_CASE("sinks: the dispatcher keeps order per recipient with an exec sink that fails once", "[runtime][sinks]") {
  TempDir dir;
  std::string out = dir.file("out.jsonl"), flag = dir.file("fail-once"), script = dir.file("deliver.sh");
  std::ofstream(flag) << "";
  // Refuses SXD's first delivery, then accepts everything.
  std::ofstream(script) << "if [ \"$DONDOC_RECIPIENT\" = SXD ] && [ -e '" << flag << "' ]; then rm '" << flag << "'; exit 1; fi\n"
                        << "cat >> '" << out << "'\n";
  auto store = store_with({{"a1", "SXD"}, {"b1", "SYT"}, {"a2", "SXD"}});
  ManualTime time;
  LogCapture log;
  Dispatcher dispatcher(store, time.options());
  dispatcher.add_sink(make_sink("ops=exec:sh " + script));
  auto s = dispatcher.drain();
  CHECK(s.delivered == 1);
  CHECK(s.failed == 1);
  CHECK(s.held == 1);
  CHECK(log.out.str() == "warning sink 'ops': escalation a1 to SXD not delivered: exec: 'sh " + script +
                             "' exited with status 1; holding SXD's later escalations, retrying in 1000 ms\n");
  CHECK(store.delivery("ops", "a1")->attempts == 1);
  time.t += 999ms;
  CHECK(dispatcher.drain().held == 2);  // not yet
  time.t += 1ms;
  CHECK(dispatcher.drain().delivered == 2);
  CHECK(lines_of(out) == Strings{json_of("b1", "SYT"), json_of("a1", "SXD"), json_of("a2", "SXD")});
  CHECK(store.delivery("ops", "a1")->attempts == 2);
  CHECK(store.delivery("ops", "a1")->last_error == "exec: 'sh " + script + "' exited with status 1");
}

TEST_CASE("sinks: order is kept per agency: a list with a failing agency holds its other agencies' later escalations", "[runtime][sinks]") {
  TempDir dir;
  std::string out = dir.file("out.jsonl"), flag = dir.file("ct-ubnd-down"), script = dir.file("deliver.sh");
  std::ofstream(flag) << "";
  // Refuses anything for CT_UBND while the flag file exists.
  std::ofstream(script) << "case \"$DONDOC_RECIPIENT\" in *CT_UBND*) [ -e '" << flag << "' ] && exit 1;; esac\n"
                        << "cat >> '" << out << "'\n";
  // e1 (04/05) goes to CT_UBND and SKHDT together; e2 (07/06) to SKHDT alone; e3 to STC.
  auto store = store_with({{"e1", "CT_UBND,SKHDT"}, {"e2", "SKHDT"}, {"e3", "STC"}});
  ManualTime time;
  LogCapture log;
  Dispatcher dispatcher(store, time.options());
  dispatcher.add_sink(make_sink("ops=exec:sh " + script));
  auto s = dispatcher.drain();
  CHECK(s.delivered == 1);
  CHECK(s.failed == 1);
  CHECK(s.held == 1);
  CHECK(lines_of(out) == Strings{json_of("e3", "STC")});  // SKHDT did not get e2 before e1
  CHECK(log.out.str() == "warning sink 'ops': escalation e1 to CT_UBND,SKHDT not delivered: exec: 'sh " + script +
                             "' exited with status 1; holding CT_UBND,SKHDT's later escalations, retrying in 1000 ms\n");
  std::filesystem::remove(flag);
  time.t += 1000ms;
  CHECK(dispatcher.drain().delivered == 2);
  CHECK(lines_of(out) == Strings{json_of("e3", "STC"), json_of("e1", "CT_UBND,SKHDT"), json_of("e2", "SKHDT")});
}
