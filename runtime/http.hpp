#pragma once
// The daemon's HTTP side (`dondoc run … --http ADDR:PORT`): a JSON API, `/healthz`, `/metrics` in
// Prometheus text, and the dashboard, whose files are embedded in the binary (runtime/dashboard/).
// Served with cpp-httplib on its own threads; no request path ever reads the file system.
//
// Threads: the daemon is one loop with a tick. The server's threads read its state under one mutex
// that the loop holds for a whole tick (see run_daemon): a request waits at most for one tick, and a
// tick never sees a request half-way. Simpler than handing requests to the loop (a queue, wake-ups,
// and a read delayed by up to a tick's sleep), and nothing is copied per tick.
//
// Security: writes (POST) need `Authorization: Bearer TOKEN` (the token read from --token-file, never
// logged); reads too when `read_token` is set. A write from a browser (it sends Origin or
// Sec-Fetch-Site) must also be same-origin and carry the dashboard's form token (`X-Dondoc-Form`, from
// GET /api/session), so another site cannot post through a visitor's browser. Bodies are limited in
// size, connections in time.

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "engine/compile.hpp"
#include "engine/evaluate.hpp"
#include "runtime/store.hpp"

namespace dondoc::runtime {

struct HttpOptions {
  std::string listen;                 ///< `--http [HOST:]PORT` (empty: no server; HOST 127.0.0.1); port 0: any free one
  std::string token_file;             ///< `--token-file FILE`: the bearer token for writes
  bool read_token = false;            ///< `--http-read-token`: reads need the token too
  std::size_t max_body = 256 * 1024;  ///< bytes; a larger body is refused (413)
  std::chrono::seconds timeout{10};   ///< read and write timeout of a connection
};

/// What the daemon counts for `/metrics`.
struct DaemonCounters {
  std::int64_t ticks = 0;
  double tick_seconds_total = 0, last_tick_seconds = 0;
  std::int64_t reloads = 0, reload_failures = 0;
  std::int64_t last_good_reload = 0;  ///< Unix seconds of the last rules put in force (start or reload)
  std::int64_t facts_recorded_http = 0;
};

/// The outcome of a write (record or reload), in words a person reads.
struct WriteOutcome {
  enum class Kind : std::uint8_t { ok, invalid, conflict, failed };
  Kind kind = Kind::ok;
  std::string message;                  ///< what happened (ok) or what is wrong (the whole diagnostics)
  std::vector<std::int64_t> seqs;       ///< record: the facts' seqs
  std::vector<std::string> texts;       ///< record: the facts as recorded (journal text)
  std::optional<std::int64_t> version;  ///< reload: the rules version in force
};

/// One journal to record: a name for messages (`request`, `facts[2]`) and its text.
struct JournalInput {
  std::string name, text;
};

/// The daemon as the server sees it. Every call is made with the daemon's mutex held.
class DaemonState {
 public:
  virtual ~DaemonState() = default;
  virtual const engine::CompiledPlan& compiled() const = 0;
  virtual const engine::Model& model() const = 0;
  /// The evaluation of the last day evaluated (the daemon's today), with every fact taken in.
  virtual const engine::Evaluation& evaluation() const = 0;
  virtual const engine::Facts& facts() const = 0;
  virtual Store& store() = 0;
  virtual std::vector<std::string> sink_names() const = 0;
  virtual std::string in_force_hash() const = 0;  ///< the rules in force: content hash and version
  virtual std::int64_t in_force_version() const = 0;
  virtual const DaemonCounters& counters() const = 0;
  /// Checks the facts as `dondoc record` does (same messages) and records all of them or none, then
  /// takes them in at once (the evaluation reflects them when this returns).
  virtual WriteOutcome record(const std::vector<JournalInput>& journals, const std::string& by, dsl::Lang lang) = 0;
  /// Reloads the rules now, as on SIGHUP.
  virtual WriteOutcome reload(dsl::Lang lang) = 0;
};

class HttpServer {
 public:
  /// `mutex` guards `state`; `lang` is the default language of messages (`?lang=en` overrides).
  HttpServer(HttpOptions options, DaemonState& state, std::mutex& mutex, dsl::Lang lang);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Reads the token, binds and starts serving on a thread of its own. Empty on success, else why not
  /// (for the log: names the address or the token file, never the token).
  std::string start();
  /// The address actually bound (`127.0.0.1:8080`), once started.
  std::string bound() const;
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// `HOST:PORT` → host and port (`PORT` alone: 127.0.0.1); nullopt when it is neither (port 0–65535).
std::optional<std::pair<std::string, int>> parse_listen(const std::string& spec);

}  // namespace dondoc::runtime
