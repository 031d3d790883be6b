#pragma once
// `dondoc run`: the process around the daemon (runtime/daemon.hpp). It checks the options, takes the
// store's lock, installs the signal handlers, ticks every `--tick` milliseconds with the HTTP server
// beside it, waits out transient store faults, and logs to stderr and `--log`.
//
// Signals only set flags: SIGTERM/SIGINT stop the loop, SIGHUP asks the daemon to reload at its next
// tick. The loop finishes its tick, never a transaction half-way, and exits 0.

#include <cstddef>
#include <optional>
#include <string>

#include "runtime/daemon.hpp"

namespace dondoc::runtime {

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

}  // namespace dondoc::runtime
