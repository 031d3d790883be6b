// `dondoc run`: the daemon (runtime/daemon.hpp) with its options read from the command line.

#include <cstdio>

#include "cli/commands.hpp"
#include "runtime/daemon.hpp"

namespace dondoc::cli {

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
  return runtime::run_daemon(d);
}

}  // namespace dondoc::cli
