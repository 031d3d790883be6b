#include "runtime/run_daemon.hpp"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>
#include <variant>

#include "dsl/text.hpp"
#include "runtime/clock.hpp"
#include "runtime/http.hpp"
#include "runtime/sinks.hpp"
#include "runtime/store_lock.hpp"

namespace dondoc::runtime {

namespace {

using engine::iso;
using engine::kNoDay;

volatile std::sig_atomic_t g_stop = 0;
volatile std::sig_atomic_t g_reload = 0;

extern "C" void on_signal(int sig) {
  if (sig == SIGHUP)
    g_reload = 1;
  else
    g_stop = 1;
}

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  // No SA_RESTART: a signal interrupts a blocking call with EINTR (the sinks retry it and check
  // their deadline). The daemon notices g_stop / g_reload between days of a catch-up and within
  // 20 ms while it waits for the next tick: that wait sleeps in slices (sleep_for itself resumes).
  sa.sa_flags = 0;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a webhook or command sink that went away is a failed delivery
}

/// The clock of `--clock`: `real`, or `sim:START[:DAYS_PER_SECOND]`; null when it is neither.
std::unique_ptr<Clock> make_clock(const std::string& spec) {
  if (spec == "real") return std::make_unique<SystemClock>();
  auto sim = SimClock::parse(spec);
  return sim ? std::make_unique<SimClock>(std::move(*sim)) : nullptr;
}

/// One tick under the daemon's mutex, timed for /metrics.
void timed_tick(Daemon& daemon, std::mutex& mutex) {
  std::lock_guard lock(mutex);
  if (g_reload) {
    g_reload = 0;
    daemon.request_reload();
  }
  const auto t0 = std::chrono::steady_clock::now();
  daemon.tick();
  DaemonCounters& c = daemon.counters();
  c.last_tick_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  c.tick_seconds_total += c.last_tick_seconds;
  ++c.ticks;
}

/// Ticks until a stop is asked, `--until` or the plan's horizon is reached; `why` says which. The
/// loop holds `mutex` for a whole tick; the HTTP server's threads read under it (runtime/http.hpp).
/// Returns 2 when the HTTP server cannot start, else 0.
int run_loop(Daemon& daemon, const DaemonOptions& o, std::string& why) {
  std::mutex mutex;
  std::unique_ptr<HttpServer> http;
  const auto tick = std::chrono::milliseconds(o.tick_ms);
  auto next = std::chrono::steady_clock::now();
  for (;;) {
    timed_tick(daemon, mutex);
    if (!o.http.listen.empty() && !http) {
      http = std::make_unique<HttpServer>(o.http, daemon, mutex, o.lang);
      if (std::string error = http->start(); !error.empty()) {
        spdlog::error("http: {}", error);
        return 2;
      }
      spdlog::info("http: listening on http://{}/ (writes {}, reads {})", http->bound(),
                   o.http.token_file.empty() ? "off" : "with the token", o.http.read_token ? "with the token" : "open");
    }
    if (g_stop) break;
    if (daemon.finished(why)) break;
    next += tick;
    auto now = std::chrono::steady_clock::now();
    if (next < now) next = now;
    while (!g_stop && !g_reload && now < next) {
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(next - now, std::chrono::milliseconds(20)));
      now = std::chrono::steady_clock::now();
    }
    if (g_stop) break;
  }
  if (http) http->stop();
  return 0;
}

/// The log on stderr and, with --log, in a rotating file. When a console sink prints escalations
/// for people and the log has a file, stderr keeps warnings and errors only: the terminal is the
/// people's, the file the operator's.
void setup_logging(const std::string& log_file, bool console) {
  std::vector<spdlog::sink_ptr> sinks;
  sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
  if (console && !log_file.empty()) sinks.back()->set_level(spdlog::level::warn);
  if (!log_file.empty()) sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(log_file, 10 * 1024 * 1024, 5));
  auto logger = std::make_shared<spdlog::logger>("dondoc", sinks.begin(), sinks.end());
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  const char* level = std::getenv("DONDOC_LOG_LEVEL");
  logger->set_level(level ? spdlog::level::from_str(level) : spdlog::level::info);
  logger->flush_on(std::min(logger->level(), spdlog::level::info));  // what is logged is on disk at once
  spdlog::set_default_logger(logger);
}

}  // namespace

int run_daemon(const DaemonOptions& o, DaemonEnd* end) {
  setup_logging(o.log_file, std::any_of(o.sinks.begin(), o.sinks.end(), is_console_sink));
  std::unique_ptr<Clock> clock = make_clock(o.clock);
  if (!clock) {
    spdlog::error("bad --clock '{}': expected 'real' or 'sim:START[:DAYS_PER_SECOND]', e.g. sim:2023-02-17:60", o.clock);
    return 2;
  }
  if (o.tick_ms <= 0) {
    spdlog::error("bad --tick {}: expected milliseconds > 0", o.tick_ms);
    return 2;
  }
  for (const auto& [option, address] : {std::pair{"--mail-from", o.mail.from}, std::pair{"--mail-fallback", o.mail.fallback}}) {
    if (!address.empty() && !dsl::is_email_address(address)) {
      spdlog::error("bad {} '{}': expected an e-mail address such as dondoc@thanhhoa.gov.vn", option, address);
      return 2;
    }
  }
  g_stop = 0;
  g_reload = 0;
  install_signal_handlers();
  // One daemon per store: the lock is held until this function returns.
  std::optional<StoreLock> lock;
  try {
    auto taken = StoreLock::acquire(o.db, utc_iso(clock->now()));
    if (auto* holder = std::get_if<LockHolder>(&taken)) {
      spdlog::error("{}", second_daemon_message(o.db, *holder));
      return 1;
    }
    lock.emplace(std::move(std::get<StoreLock>(taken)));
  } catch (const std::runtime_error& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  // A transient store fault (locked beyond the busy timeout, disk full) is waited out: logged at
  // `error`, then the daemon starts again in-process after 1 s, 2 s, 4 s … 60 s, as a restart
  // would (the same store, the escalator rebuilt from it), so nothing is lost or sent twice.
  std::unique_ptr<Daemon> daemon;
  std::string why = "stop requested";
  std::chrono::seconds backoff{1};
  int faults = 0;
  for (;;) {
    try {
      daemon.reset();
      StoreOptions checked;
      checked.check_integrity = true;  // a damaged store is refused at start, with the recovery steps
      daemon = std::make_unique<Daemon>(o, Store::open(o.db, checked), *clock, [] { return g_stop != 0; });
      if (int rc = daemon->start()) return rc;
      if (faults > 0) spdlog::info("store fault cleared after {} {}; running again", faults, faults == 1 ? "retry" : "retries");
      faults = 0;
      backoff = std::chrono::seconds{1};
      if (int rc = run_loop(*daemon, o, why)) return rc;
      break;
    } catch (const SinkSpecError& e) {
      spdlog::error("{}", e.what());
      return 2;
    } catch (const StoreError& e) {
      if (!e.transient()) {
        spdlog::error("{}{}", daemon && daemon->started() ? "stopped on an error: " : "", e.what());
        spdlog::default_logger()->flush();
        return 1;
      }
      ++faults;
      spdlog::error("store fault {}, waiting {} s before trying again: {}", faults, backoff.count(), e.what());
      const auto until = std::chrono::steady_clock::now() + backoff;
      while (!g_stop && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      backoff = std::min(backoff * 2, std::chrono::seconds{60});
      if (g_stop) {
        spdlog::info("stopped (stop requested while waiting for the store)");
        spdlog::default_logger()->flush();
        return 0;
      }
    } catch (const std::exception& e) {  // a lock file that cannot be made, an error while running…
      spdlog::error("{}{}", daemon && daemon->started() ? "stopped on an error: " : "", e.what());
      spdlog::default_logger()->flush();
      return 1;
    }
  }
  daemon->stop();
  spdlog::info("stopped ({}): last day evaluated {}", why, daemon->last_day() == kNoDay ? std::string("none") : iso(daemon->last_day()));
  spdlog::default_logger()->flush();
  if (end) {
    if (daemon->last_day() != kNoDay) end->last_day = daemon->last_day();
    end->open_threads = daemon->open_threads();
    end->why = why;
  }
  return 0;
}

}  // namespace dondoc::runtime
