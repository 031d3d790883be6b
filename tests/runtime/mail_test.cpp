// The mail sink against a real SMTP server (aiosmtpd, started by the test on 127.0.0.1): what a
// person's mail program reads (decoded by Python's `email` package, not by dondoc), the recipients
// of each agency, the fallback, order per agency while one agency's mail is refused, and an outage
// of the server. Time for retries is a manual clock: nothing here sleeps for a backoff.

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/compile.hpp"
#include "runtime/mail.hpp"
#include "runtime/sinks.hpp"
#include "runtime/smtp.hpp"
#include "tests/runtime/mail_server.hpp"
#include "tests/temp_dir.hpp"
#include "tests/test_util.hpp"

using namespace dondoc;
using namespace dondoc::runtime;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

using dondoc::test::TempDir;

/// The test plan (tests/runtime/kh-thu), compiled.
std::unique_ptr<engine::CompiledPlan> compiled() {
  engine::CalendarChoice none;
  none.none = true;
  auto c = engine::compile_plan({test::kMailTestPlan}, none);
  INFO(dsl::render_all(c->diags, dsl::Lang::en));
  REQUIRE(c->ok());
  return c;
}

/// What read_mail prints of the mail of `row(id, …)` to `agency`.
std::string as_read(const std::string& to, const std::string& date, const std::string& day, const std::string& id,
                    const std::string& agency, const std::string& named, bool fallback = false) {
  return "envelope: " + to + "\nFrom: dondoc@thu.example\nTo: " + to + "\nDate: " + date +
         "\nSubject: [dondoc] Văn bản đôn đốc: II.1 \"Xây dựng đề án phát triển đô thị\"\nMessage-ID: <" + id + "." + agency +
         "@thu.example>\nX-Dondoc-Escalation: " + id +
         "\nContent-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: base64\n"
         "Nhiệm vụ II.1 quá hạn.\n"
         "\n"
         "Nhiệm vụ: II.1 \"Xây dựng đề án phát triển đô thị\"\n"
         "Căn cứ: Phụ lục 2, mục II.1 — KH 12/KH-UBND\n"
         "Hạn: 31/03/2023\n"
         "Chuỗi chậm: kéo theo: II.2 và 2 việc khác\n"
         "Gửi: " +
         named + " (" + agency + ")\n" +
         (fallback ? "Quy tắc chưa có địa chỉ thư điện tử của cơ quan này: thư được gửi đến địa chỉ dự phòng.\n" : "") +
         "Mã thông báo: " + id + " (urging, " + day +
         ")\n"
         "\n"
         "-- \n"
         "Thư do dondoc gửi tự động theo kế hoạch KH_THU.\n";
}

std::string payload(const std::string& id, const std::string& at, const std::string& task, const std::string& message) {
  return R"({"id":")" + id + R"(","at":")" + at + R"(","task":")" + task + R"(","kind":"urging","level":1,"to":["SKHDT"],)" +
         R"("reason":"overdue","root_cause":null,"affected":["II.2"],"affected_count":3,"due":"2023-03-31","days_late":34,"message":")" +
         message + R"(","label":"Văn bản đôn đốc"})";
}

NewEscalation row(const std::string& id, const std::string& at, const std::string& to) {
  return {id, at, "II.1", "urging", 1, to, payload(id, at, "II.1", "Nhiệm vụ II.1 quá hạn.")};
}

struct ManualTime {
  Dispatcher::TimePoint t{};
  Dispatcher::Options options() {
    Dispatcher::Options o;
    o.now = [this] { return t; };
    o.wall_time = [] { return std::string("2023-05-04T01:00:00Z"); };
    return o;
  }
};

struct QuietLog {
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> previous = spdlog::default_logger();
  QuietLog() {
    auto logger = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
    logger->set_pattern("%l %v");
    spdlog::set_default_logger(logger);
  }
  ~QuietLog() { spdlog::set_default_logger(previous); }
};

SinkOptions mail_options(const engine::Plan& plan, const std::string& fallback = "") {
  SinkOptions o;
  o.mail.from = "dondoc@thu.example";
  o.mail.fallback = fallback;
  o.mail.timeout = 2000ms;
  o.mail.compose = [&plan, fallback](const Delivery& d) { return compose_mail(plan, d, "dondoc@thu.example", fallback, dsl::Lang::vi); };
  return o;
}

}  // namespace

TEST_CASE("mail: the subject is RFC 2047 words of at most 75 characters, split between characters", "[runtime][mail]") {
  CHECK(encode_header_word("Plain subject") == "Plain subject");
  CHECK(base64("Đôn đốc") == "xJDDtG4gxJHhu5Fj");
  std::string s = encode_header_word("[dondoc] Văn bản đôn đốc: II.1 \"Xây dựng đề án phát triển đô thị\"");
  CHECK(s ==
        "=?UTF-8?B?W2RvbmRvY10gVsSDbiBi4bqjbiDEkcO0biDEkeG7kWM6IElJLjEgIljDonkg?=\r\n"
        " =?UTF-8?B?ZOG7sW5nIMSR4buBIMOhbiBwaMOhdCB0cmnhu4NuIMSRw7QgdGjhu4si?=");
}

TEST_CASE("mail: an escalation as a mail to one agency, in Vietnamese, with the task, its reference and chain", "[runtime][mail]") {
  auto plan = compiled();
  Delivery d{"a1b2c3d4e5f60718", "SKHDT", payload("a1b2c3d4e5f60718", "2023-05-04", "II.1", "Nhiệm vụ II.1 quá hạn 34 ngày.")};
  auto m = compose_mail(*plan->plan, d, "dondoc@thu.example", "", dsl::Lang::vi);
  REQUIRE(m);
  CHECK(m->to == std::vector<std::string>{"vanthu.skhdt@thu.example", "skhdt@thu.example"});
  CHECK(m->subject == "[dondoc] Văn bản đôn đốc: II.1 \"Xây dựng đề án phát triển đô thị\"");
  CHECK(m->date == "Thu, 04 May 2023 08:00:00 +0700");
  CHECK(m->message_id == "a1b2c3d4e5f60718.SKHDT@thu.example");
  CHECK(m->body ==
        "Nhiệm vụ II.1 quá hạn 34 ngày.\n"
        "\n"
        "Nhiệm vụ: II.1 \"Xây dựng đề án phát triển đô thị\"\n"
        "Căn cứ: Phụ lục 2, mục II.1 — KH 12/KH-UBND\n"
        "Hạn: 31/03/2023\n"
        "Chuỗi chậm: kéo theo: II.2 và 2 việc khác\n"
        "Gửi: Sở Kế hoạch và Đầu tư (SKHDT)\n"
        "Mã thông báo: a1b2c3d4e5f60718 (urging, 04/05/2023)\n"
        "\n"
        "-- \n"
        "Thư do dondoc gửi tự động theo kế hoạch KH_THU.\n");
  // No address: the fallback, said in the body; without a fallback, nothing to send.
  d.recipient = "STC";
  auto f = compose_mail(*plan->plan, d, "dondoc@thu.example", "vanthu@thu.example", dsl::Lang::vi);
  REQUIRE(f);
  CHECK(f->to == std::vector<std::string>{"vanthu@thu.example"});
  CHECK(f->body.find("Quy tắc chưa có địa chỉ thư điện tử của cơ quan này: thư được gửi đến địa chỉ dự phòng.\n") != std::string::npos);
  CHECK_FALSE(compose_mail(*plan->plan, d, "dondoc@thu.example", "", dsl::Lang::vi));
}

TEST_CASE("mail: the agencies a message is copied to get it as Cc, once, on the mail to its first recipient", "[runtime][mail]") {
  auto plan = compiled();
  std::string json =
      payload("0123456789abcdef", "2023-05-04", "II.1", "Nhiệm vụ II.1 quá hạn.\\nĐồng gửi: Chủ tịch Ủy ban nhân dân tỉnh (CT_UBND).");
  json.replace(json.find(R"("to":["SKHDT"])"), 14, R"("to":["SKHDT","STC"],"copy_to":["CT_UBND","STC"])");
  auto first = compose_mail(*plan->plan, Delivery{"0123456789abcdef", "SKHDT", json}, "dondoc@thu.example", "", dsl::Lang::vi);
  REQUIRE(first);
  CHECK(first->to == std::vector<std::string>{"vanthu.skhdt@thu.example", "skhdt@thu.example"});
  CHECK(first->cc == std::vector<std::string>{"ct.ubnd@thu.example"});  // STC has no address: named in the message only
  CHECK(first->body.find("Nhiệm vụ II.1 quá hạn.\nĐồng gửi: Chủ tịch Ủy ban nhân dân tỉnh (CT_UBND).\n") == 0);
  std::string text = render_mail(*first, "dondoc@thu.example");
  CHECK(text.find("\r\nTo: vanthu.skhdt@thu.example,\r\n skhdt@thu.example\r\nCc: ct.ubnd@thu.example\r\nSubject: ") != std::string::npos);
  // The second recipient's mail names the copies but sends them nothing more.
  auto second =
      compose_mail(*plan->plan, Delivery{"0123456789abcdef", "STC", json}, "dondoc@thu.example", "vanthu@thu.example", dsl::Lang::vi);
  REQUIRE(second);
  CHECK(second->cc.empty());
  CHECK(render_mail(*second, "dondoc@thu.example").find("Cc:") == std::string::npos);
}

TEST_CASE("mail: each agency's mail reaches its addresses through a real SMTP server, readable and stable", "[runtime][mail]") {
  TempDir dir;
  auto plan = compiled();
  test::MailServer server(dir.file("inbox"), dir.file("port"));
  auto store = Store::open_memory();
  std::vector<NewEscalation> rows{row("e1", "2023-05-04", "CT_UBND,SKHDT"), row("e2", "2023-06-07", "STC")};
  store.commit_evaluation({0, "2023-06-07", std::nullopt, 0, "t"}, rows);
  ManualTime time;
  QuietLog log;
  Dispatcher dispatcher(store, time.options());
  dispatcher.add_sink(make_sink(server.spec(), mail_options(*plan->plan, "vanthu@thu.example")));
  auto s = dispatcher.drain();
  CHECK(s.delivered == 3);
  CHECK(s.failed == 0);
  CHECK(store.delivery("mail", "e1")->delivered_at);
  CHECK(store.delivery("mail#SKHDT", "e1")->delivered_at);
  CHECK(test::read_mail(dir.file("inbox")) ==
        as_read("ct.ubnd@thu.example", "Thu, 04 May 2023 08:00:00 +0700", "04/05/2023", "e1", "CT_UBND", "Chủ tịch Ủy ban nhân dân tỉnh") +
            "\n" +
            as_read("vanthu.skhdt@thu.example, skhdt@thu.example", "Thu, 04 May 2023 08:00:00 +0700", "04/05/2023", "e1", "SKHDT",
                    "Sở Kế hoạch và Đầu tư") +
            "\n" + as_read("vanthu@thu.example", "Wed, 07 Jun 2023 08:00:00 +0700", "07/06/2023", "e2", "STC", "Sở Tài chính", true));
}

TEST_CASE("mail: an agency without an address and no fallback is logged as undeliverable, not retried", "[runtime][mail]") {
  TempDir dir;
  auto plan = compiled();
  test::MailServer server(dir.file("inbox"), dir.file("port"));
  auto store = Store::open_memory();
  store.commit_evaluation({0, "2023-06-07", std::nullopt, 0, "t"}, std::vector<NewEscalation>{row("e2", "2023-06-07", "STC")});
  ManualTime time;
  QuietLog log;
  Dispatcher dispatcher(store, time.options());
  dispatcher.add_sink(make_sink(server.spec(), mail_options(*plan->plan)));
  CHECK(dispatcher.drain().delivered == 1);
  CHECK(log.out.str() ==
        "warning sink 'mail': escalation e2 to STC is undeliverable: the agency has no e-mail address in the rules and no "
        "--mail-fallback is set\n");
  CHECK(test::mail_headers(dir.file("inbox"), "X-Dondoc-Escalation").empty());
  CHECK(store.outbox("mail", 10).empty());
}

TEST_CASE("mail: with CT_UBND's mail refused, SKHDT still gets its mails in order, and CT_UBND gets them once accepted",
          "[runtime][mail]") {
  TempDir dir;
  auto plan = compiled();
  auto store = Store::open_memory();
  std::vector<NewEscalation> rows{row("e1", "2023-05-04", "CT_UBND,SKHDT"), row("e2", "2023-06-07", "SKHDT"),
                                  row("e3", "2023-06-08", "CT_UBND")};
  store.commit_evaluation({0, "2023-06-08", std::nullopt, 0, "t"}, rows);
  ManualTime time;
  QuietLog log;
  int port = 0;
  {
    test::MailServer refusing(dir.file("inbox"), dir.file("port"), 0, "ct.ubnd@thu.example");
    port = refusing.port;
    Dispatcher dispatcher(store, time.options());
    dispatcher.add_sink(make_sink(refusing.spec(), mail_options(*plan->plan)));
    auto s = dispatcher.drain();
    CHECK(s.delivered == 2);
    CHECK(s.failed == 1);
    CHECK(test::mail_headers(dir.file("inbox"), "X-Dondoc-Escalation") ==
          std::vector<std::string>{"vanthu.skhdt@thu.example, skhdt@thu.example | e1", "vanthu.skhdt@thu.example, skhdt@thu.example | e2"});
    CHECK(store.delivery("mail#CT_UBND", "e1")->attempts == 1);
    CHECK_FALSE(store.delivery("mail", "e1"));  // not every agency has it yet
  }
  // The server accepts CT_UBND again (same port). A new dispatcher, as after a restart: SKHDT's
  // mail of e1 is in the store as delivered, so it is not sent again.
  test::MailServer accepting(dir.file("inbox"), dir.file("port"), port);
  Dispatcher dispatcher(store, time.options());
  dispatcher.add_sink(make_sink(accepting.spec(), mail_options(*plan->plan)));
  CHECK(dispatcher.drain().delivered == 2);
  CHECK(test::mail_headers(dir.file("inbox"), "X-Dondoc-Escalation") ==
        std::vector<std::string>{"vanthu.skhdt@thu.example, skhdt@thu.example | e1", "vanthu.skhdt@thu.example, skhdt@thu.example | e2",
                                 "ct.ubnd@thu.example | e1", "ct.ubnd@thu.example | e3"});
  CHECK(store.outbox("mail", 10).empty());
}

TEST_CASE("mail: with the server down for a while, every mail arrives once it is back, in order, each once", "[runtime][mail]") {
  TempDir dir;
  auto plan = compiled();
  int port = 0;
  {
    test::MailServer probe(dir.file("probe"), dir.file("port"));
    port = probe.port;
  }  // a port nobody listens on now
  auto store = Store::open_memory();
  std::vector<NewEscalation> rows;
  for (int i = 1; i <= 6; ++i) rows.push_back(row("e" + std::to_string(i), fmt::format("2023-05-{:02}", i), i % 2 ? "SKHDT" : "CT_UBND"));
  store.commit_evaluation({0, "2023-05-06", std::nullopt, 0, "t"}, rows);
  ManualTime time;
  QuietLog log;
  Dispatcher dispatcher(store, time.options());
  dispatcher.add_sink(make_sink("mail=smtp://127.0.0.1:" + std::to_string(port), mail_options(*plan->plan)));
  for (int i = 0; i < 3; ++i) {  // down: each pass stops at the first mail, and waits longer each time
    auto s = dispatcher.drain();
    CHECK(s.delivered == 0);
    CHECK(s.failed == 1);
    time.t += std::chrono::milliseconds(1000 << i);
  }
  CHECK(log.out.str().find("warning sink 'mail': unavailable, escalation e1 to SKHDT not delivered: SMTP smtp://127.0.0.1:" +
                           std::to_string(port)) == 0);
  test::MailServer back(dir.file("inbox"), dir.file("port"), port);
  CHECK(dispatcher.drain().delivered == 6);
  CHECK(test::mail_headers(dir.file("inbox"), "X-Dondoc-Escalation") ==
        std::vector<std::string>{"vanthu.skhdt@thu.example, skhdt@thu.example | e1", "ct.ubnd@thu.example | e2",
                                 "vanthu.skhdt@thu.example, skhdt@thu.example | e3", "ct.ubnd@thu.example | e4",
                                 "vanthu.skhdt@thu.example, skhdt@thu.example | e5", "ct.ubnd@thu.example | e6"});
  CHECK(dispatcher.drain().delivered == 0);
  CHECK(test::mail_headers(dir.file("inbox"), "X-Dondoc-Escalation").size() == 6);
}

TEST_CASE("mail: a bad smtp spec or mail setting gets an error naming it", "[runtime][mail]") {
  TempDir dir;
  auto plan = compiled();
  SinkOptions o = mail_options(*plan->plan);
  CHECK_THROWS_WITH(make_sink("smtp://", o), "bad sink spec 'smtp://': expected smtp://HOST:PORT, such as smtp://127.0.0.1:25");
  CHECK_THROWS_WITH(make_sink("smtp://host:x25", o),
                    "bad sink spec 'smtp://host:x25': expected smtp://HOST:PORT, such as smtp://127.0.0.1:25");
  o.mail.password_file = dir.file("missing");
  CHECK_THROWS_WITH(make_sink("m=smtp://127.0.0.1:25", o), "sink 'm': cannot read the password file " + dir.file("missing"));
  o.mail.from.clear();
  CHECK_THROWS_WITH(make_sink("m=smtp://127.0.0.1:25", o), "sink 'm': --mail-from ADDRESS is required to send mail");
}

TEST_CASE("mail: with --mail-user and --mail-password-file it logs in, a wrong password holds the whole sink", "[runtime][mail]") {
  TempDir dir;
  auto plan = compiled();
  test::MailServer server(dir.file("inbox"), dir.file("port"), 0, "", "dondoc:mật-khẩu");
  auto store = Store::open_memory();
  store.commit_evaluation({0, "2023-05-04", std::nullopt, 0, "t"}, std::vector<NewEscalation>{row("e1", "2023-05-04", "SKHDT")});
  ManualTime time;
  QuietLog log;
  SinkOptions o = mail_options(*plan->plan);
  o.mail.user = "dondoc";
  o.mail.password_file = dir.file("password");
  std::ofstream(o.mail.password_file) << "sai\n";
  {
    Dispatcher dispatcher(store, time.options());
    dispatcher.add_sink(make_sink(server.spec(), o));
    auto s = dispatcher.drain();
    CHECK(s.failed == 1);
    CHECK(log.out.str().find("warning sink 'mail': unavailable, escalation e1 to SKHDT not delivered: SMTP smtp://127.0.0.1:") == 0);
    CHECK(log.out.str().find("password") == std::string::npos);  // never the password, nor its file
    CHECK(log.out.str().find("sai") == std::string::npos);
  }
  std::ofstream(o.mail.password_file) << "mật-khẩu\n";
  Dispatcher dispatcher(store, time.options());
  dispatcher.add_sink(make_sink(server.spec(), o));
  CHECK(dispatcher.drain().delivered == 1);
  CHECK(test::mail_headers(dir.file("inbox"), "X-Dondoc-Escalation") ==
        std::vector<std::string>{"vanthu.skhdt@thu.example, skhdt@thu.example | e1"});
}
