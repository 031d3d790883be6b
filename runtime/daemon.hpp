#pragma once
// The daemon (`dondoc run`): one loop with a periodic tick that takes in new facts from the store,
// evaluates the plan on every day from the last one evaluated to the clock's today, commits each
// day's evaluation with its escalations in one transaction, and drains the outbox into the sinks.
//
// Durability: everything the daemon knows is in the store. A restart resumes on the day after the
// last evaluation and first replays the escalator from the first evaluated day to the last without
// committing, so it remembers what it sent (threads, repetitions); ids are deterministic and stored
// with INSERT OR IGNORE, so nothing is ever sent twice or skipped.
//
// Hot reload: the rule files are polled (mtime and size) every tick, and reloaded on SIGHUP. New rules
// are compiled in full before they replace the old ones; rules with errors leave the old ones
// running and become one `rules_rejected` escalation to the plan's owner and follow-up agency.
//
// Signals only set flags (see `request_stop` / `request_reload`); the loop finishes its tick, never
// a transaction half-way, and exits 0.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"
#include "engine/compile.hpp"
#include "runtime/http.hpp"
#include "runtime/smtp.hpp"
#include "runtime/store.hpp"

namespace dondoc::runtime {

struct DaemonOptions {
  std::vector<std::string> paths;  ///< the plan's folder or files
  engine::CalendarChoice calendar;
  std::string db;
  std::string clock = "real";        ///< `real` | `sim:START[:DAYS_PER_SECOND]`
  std::vector<std::string> sinks;    ///< `--sink SPEC`
  int tick_ms = 1000;                ///< `--tick MS`
  std::optional<engine::Day> until;  ///< `--until DATE`: stop after evaluating that day and draining
  std::string log_file;              ///< `--log FILE`: a rotating file besides stderr
  dsl::Lang lang = dsl::Lang::vi;
  MailSettings mail;  ///< `--mail-*`, for smtp:// sinks (the daemon sets `compose`)
  HttpOptions http;   ///< `--http ADDR:PORT`, `--token-file`, `--http-read-token`
};

/// How a clean stop left things, for the people's summary of `dondoc run`.
struct DaemonEnd {
  std::optional<engine::Day> last_day;  ///< the last plan day evaluated, if any
  std::size_t open_threads = 0;         ///< escalation threads still open (tasks still chased)
  std::string why;                      ///< why it stopped (English, as logged)
};

/// Runs the daemon until SIGTERM/SIGINT or `--until`. Returns the exit code: 0 after a clean stop,
/// 1 when the rules or the store cannot be used at start, 2 for a bad option (clock, sink). After
/// a clean stop, `end` (when given) says where it stopped.
int run_daemon(const DaemonOptions& options, DaemonEnd* end = nullptr);

/// Set by the signal handlers (and tests).
void request_stop();
void request_reload();

}  // namespace dondoc::runtime
