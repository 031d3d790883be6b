#pragma once
// Sinks: where escalations go (a JSONL file, stdout, a webhook, a command), and the Dispatcher that
// drains the store's outbox into them.
//
// Delivery is at-least-once per sink: a sink's progress is committed (Store::mark_delivered) only
// after the sink confirmed, so after a crash a sink may see an escalation again, always with the same
// id, which is its idempotency key. The JSONL sink checks the ids already in its file and never
// writes a line twice; a webhook gets the id as `Idempotency-Key`; a command gets it in
// $DONDOC_ESCALATION_ID.
//
// Sink specs (`--sink SPEC`), optionally named `NAME=SPEC` (the name keys the sink's progress in the
// store; by default it is the spec itself):
//   jsonl:FILE        append one JSON line per escalation, fsync after each
//   stdout            print one JSON line per escalation
//   console           print one line per escalation for people to read (engine/escalation_line.hpp):
//                     date, kind and level, task id and title, recipients, days left or late
//   webhook:URL       HTTP(S) POST of the JSON (Content-Type: application/json, Idempotency-Key: ID);
//                     2xx = delivered
//   exec:COMMAND      /bin/sh -c COMMAND with the JSON on stdin; exit status 0 = delivered
//   smtp://HOST:PORT  one e-mail per recipient agency (runtime/smtp.hpp); 2xx = delivered

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/smtp.hpp"
#include "runtime/store.hpp"

namespace dondoc::runtime {

/// What a sink is given: one escalation.
struct Delivery {
  std::string id;         ///< the escalation id (idempotency key)
  std::string recipient;  ///< the recipient agencies, comma-separated; one agency for a per-recipient sink
  std::string json;       ///< one line of JSON, no newline
};

struct DeliveryResult {
  enum class Status : std::uint8_t {
    ok,           ///< the sink confirmed
    failed,       ///< this delivery failed; retry it later, other recipients go on
    unavailable,  ///< the sink itself cannot be reached (connection refused, timeout): hold the sink
  };
  Status status = Status::ok;
  std::string error;  ///< why, for the log and deliveries.last_error

  static DeliveryResult delivered() { return {}; }
  static DeliveryResult failed(std::string why) { return {Status::failed, std::move(why)}; }
  static DeliveryResult unavailable(std::string why) { return {Status::unavailable, std::move(why)}; }
  bool ok() const { return status == Status::ok; }
};

class Sink {
 public:
  virtual ~Sink() = default;
  /// Stable name: the key of this sink's progress in the store.
  virtual const std::string& name() const = 0;
  /// Delivers one escalation; never throws for a delivery problem (returns failed / unavailable).
  virtual DeliveryResult deliver(const Delivery& d) = 0;
  /// True for a sink that delivers to each recipient agency apart (mail): the Dispatcher then gives
  /// it one delivery per agency, and one agency's failure holds that agency only.
  virtual bool per_recipient() const { return false; }
};

/// A sink spec that cannot be used; the message names the spec.
class SinkSpecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SinkOptions {
  std::chrono::milliseconds http_connect_timeout{5000};
  std::chrono::milliseconds http_read_timeout{10000};
  std::chrono::milliseconds exec_timeout{30000};  ///< the command is killed (its process group) after this
  MailSettings mail;                              ///< for smtp:// sinks
  /// For the console sink: the line a person reads for one delivery; nullopt (or unset) prints
  /// the JSON. Set by the daemon, which knows the plan's titles and language.
  std::function<std::optional<std::string>(const Delivery&)> console_line;
};

/// True for a console sink spec (`console` or `NAME=console`): escalations printed for people.
bool is_console_sink(const std::string& spec);

/// Makes a sink from a spec (see above). Throws SinkSpecError for a bad spec, or when a JSONL file
/// cannot be opened or read.
std::unique_ptr<Sink> make_sink(const std::string& spec, const SinkOptions& options = {});

/// Retry schedule of a failed delivery: `initial`, doubling, at most `max`.
struct RetryPolicy {
  std::chrono::milliseconds initial{1000};
  std::chrono::milliseconds max{5 * 60 * 1000};
  /// The wait before attempt `failures + 1` after `failures` consecutive failures (≥ 1).
  std::chrono::milliseconds delay(int failures) const;
};

struct DispatchStats {
  int delivered = 0;
  int failed = 0;  ///< failed attempts (including unavailable)
  int held = 0;    ///< escalations skipped because their recipient or sink is waiting to retry
};

/// Drains the store's outbox into sinks. Per sink: escalations in insertion order; order is kept
/// per recipient AGENCY: after a failed delivery, every later escalation to any of its agencies is
/// held (their order kept) while other agencies go on, and the failed one is retried with
/// exponential backoff; `unavailable` holds the whole sink the same way. A per-recipient sink (mail)
/// is given one delivery per agency, each kept in the store under `SINK#AGENCY`, so one agency's
/// failure holds that agency only and a retry resends nothing another agency already has; the
/// escalation counts as delivered to SINK once every agency has it. Each sink's progress is written
/// to the store only after it confirmed. Retry timing lives in memory: after a restart every
/// pending escalation is tried at once.
class Dispatcher {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Options {
    RetryPolicy retry;
    int batch = 256;  ///< outbox rows read per query
    /// Monotonic time for backoff; tests inject a manual one.
    std::function<TimePoint()> now = [] { return std::chrono::steady_clock::now(); };
    /// Wall time written as deliveries.delivered_at (ISO 8601 UTC by default).
    std::function<std::string()> wall_time;
  };

  explicit Dispatcher(Store& store);
  Dispatcher(Store& store, Options options);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  void add_sink(std::unique_ptr<Sink> sink);
  const std::vector<std::unique_ptr<Sink>>& sinks() const { return sinks_; }

  /// One pass over every sink's outbox: delivers everything that is not held. Store errors throw
  /// (StoreError); nothing is marked delivered that the sink did not confirm.
  DispatchStats drain();
  /// The earliest time a held recipient or sink may be retried, if any is held.
  std::optional<TimePoint> next_retry() const;

 private:
  struct Hold {
    int failures = 0;
    TimePoint until{};
  };
  struct SinkState {
    Hold sink;                               ///< whole-sink hold (unavailable)
    std::map<std::string, Hold> recipients;  ///< per-agency holds
  };
  DispatchStats drain_one(Sink& sink, SinkState& state);
  /// Whether `agency` waits (for an earlier escalation in this pass, or for its retry time).
  bool waiting(SinkState& state, const std::string& agency, TimePoint now, std::set<std::string>& blocked);
  /// Delivers `e` to `to` (an agency, or the whole list), records the outcome under `key`, and
  /// updates the holds.
  DeliveryResult attempt(Sink& sink, SinkState& state, const Escalation& e, const std::string& to, const std::string& key, TimePoint now);

  Store& store_;
  Options options_;
  std::vector<std::unique_ptr<Sink>> sinks_;
  std::vector<SinkState> states_;
};

/// Unix seconds as ISO 8601 UTC (`2024-03-01T08:00:00Z`), the form of every stamp in the store.
std::string utc_iso(std::int64_t unix_seconds);
/// The current UTC time as ISO 8601: the default wall time.
std::string utc_now_iso();

}  // namespace dondoc::runtime
