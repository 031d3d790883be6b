// `dondoc run`: the daemon (runtime/run_daemon.hpp) with its options read from the command line. With a
// console sink (`--sink console`, for people at a terminal) a clean stop ends with a summary: the
// last day evaluated, the escalations in the store by kind and level, and the threads still open.

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "engine/escalation_line.hpp"
#include "runtime/run_daemon.hpp"
#include "runtime/sinks.hpp"

namespace dondoc::cli {

namespace {

/// The people's summary after a clean stop (the store counts every escalation it holds, from
/// earlier runs too).
std::string closing_summary(const runtime::DaemonEnd& end, const std::string& db, dsl::Lang lang) {
  const bool en = lang == dsl::Lang::en;
  engine::KindLevelCounts counts;
  std::int64_t digests = 0, other = 0;
  for (const auto& c : runtime::Store::open(db).escalation_counts_by_level()) {
    if (auto k = engine::escalation_kind_of(c.kind)) {
      counts[{*k, c.level}] += c.n;
    } else if (c.kind == "digest") {
      digests += c.n;
    } else {
      other += c.n;  // rules_rejected: for the operator
    }
  }
  std::string out = end.last_day ? fmt::format("\n{} {}.", en ? "Stopped after" : "Đã dừng sau ngày",
                                               engine::show_date(engine::date_of(*end.last_day), lang))
                                 : std::string(en ? "\nStopped before evaluating any day." : "\nĐã dừng trước khi xét ngày nào.");
  out += engine::closing_count(counts, digests, lang);
  if (other)
    out += en ? fmt::format("  notices to the operator (edited rules not put in force): {}\n", other)
              : fmt::format("  thông báo cho người vận hành (quy tắc sửa đổi chưa áp dụng): {}\n", other);
  out += en ? fmt::format("{} escalation threads still open (tasks still chased).\n", end.open_threads)
            : fmt::format("Còn {} luồng đôn đốc đang mở (nhiệm vụ còn được theo dõi).\n", end.open_threads);
  return out;
}

}  // namespace

int run_run(const RunOptions& o) {
  runtime::DaemonOptions d;
  d.paths = o.paths;
  d.calendar = o.calendar;
  d.db = o.db;
  d.clock = o.clock;
  d.sinks = o.sinks;
  d.tick_ms = o.tick_ms;
  d.log_file = o.log_file;
  d.lang = o.lang;
  d.mail.from = o.mail_from;
  d.mail.fallback = o.mail_fallback;
  d.mail.starttls = o.mail_starttls;
  d.mail.user = o.mail_user;
  d.mail.password_file = o.mail_password_file;
  d.http.listen = o.http;
  d.http.token_file = o.token_file;
  d.http.read_token = o.http_read_token;
  if (!o.until.empty()) {
    d.until = date_option("--until", o.until, o.lang);
    if (!d.until) return 2;
  }
  runtime::DaemonEnd end;
  int rc = runtime::run_daemon(d, &end);
  if (rc != 0 || std::none_of(o.sinks.begin(), o.sinks.end(), runtime::is_console_sink)) return rc;
  try {
    return write_output("", closing_summary(end, o.db, o.lang), o.lang) ? 0 : 1;
  } catch (const runtime::StoreError& e) {
    std::fprintf(stderr, "dondoc: %s\n", e.what());
    return 1;
  }
}

}  // namespace dondoc::cli
