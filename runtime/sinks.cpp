#include "runtime/sinks.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>
#include <unordered_set>

extern char** environ;

namespace dondoc::runtime {

namespace {

std::string errno_text(int err) {
  return std::strerror(err);
}

/// The "id" of a JSON line, or nullopt when the line is not a JSON object with a string id.
std::optional<std::string> json_id(std::string_view line) {
  auto j = nlohmann::json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  auto it = j.find("id");
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// jsonl:FILE ----------------------------------------------------------------------------------

class JsonlSink final : public Sink {
 public:
  JsonlSink(std::string name, std::string path) : name_(std::move(name)), path_(std::move(path)) {
    bool existed = std::filesystem::exists(path_);
    fd_ = ::open(path_.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw SinkSpecError(fmt::format("sink '{}': cannot open {}: {}", name_, path_, errno_text(errno)));
    read_existing_ids();
    if (!existed) sync_parent_dir();
  }
  ~JsonlSink() override {
    if (fd_ >= 0) ::close(fd_);
  }

  const std::string& name() const override { return name_; }

  DeliveryResult deliver(const Delivery& d) override {
    if (ids_.count(d.id)) return DeliveryResult::delivered();  // already in the file: a redelivery after a crash
    if (!one_line(d.json)) return DeliveryResult::failed("the escalation's JSON is not one line");
    if (json_id(d.json) != d.id) return DeliveryResult::failed(fmt::format("the escalation's JSON has no \"id\": \"{}\"", d.id));
    struct stat st {};
    if (::fstat(fd_, &st) != 0) return DeliveryResult::failed(fmt::format("{}: {}", path_, errno_text(errno)));
    std::string line = d.json + '\n';
    std::size_t done = 0;
    while (done < line.size()) {
      ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return undo(st.st_size, fmt::format("writing {}: {}", path_, errno_text(errno)));
      done += static_cast<std::size_t>(n);
    }
    if (::fdatasync(fd_) != 0) return undo(st.st_size, fmt::format("syncing {}: {}", path_, errno_text(errno)));
    ids_.insert(d.id);
    return DeliveryResult::delivered();
  }

 private:
  /// Takes a half-written line back out, so a retry never leaves a torn or duplicate line.
  DeliveryResult undo(off_t size, std::string why) {
    if (::ftruncate(fd_, size) != 0) why += fmt::format(" (and truncating back failed: {})", errno_text(errno));
    return DeliveryResult::failed(std::move(why));
  }

  void read_existing_ids() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw SinkSpecError(fmt::format("sink '{}': cannot read {}", name_, path_));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw SinkSpecError(fmt::format("sink '{}': cannot read {}", name_, path_));
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t nl = text.find('\n', pos);
      if (nl == std::string::npos) {
        repair_tail(std::string_view(text).substr(pos), pos);
        break;
      }
      if (auto id = json_id(std::string_view(text).substr(pos, nl - pos))) ids_.insert(*id);
      pos = nl + 1;
    }
  }

  /// The file does not end with a newline: a crash in the middle of a write. A tail that is a
  /// whole JSON line keeps its place (and gets its newline); a torn one was never confirmed (it is
  /// delivered again), so it is cut off.
  void repair_tail(std::string_view tail, std::size_t offset) {
    if (auto id = json_id(tail)) {
      spdlog::warn("sink '{}': {} did not end with a newline; adding it", name_, path_);
      if (::write(fd_, "\n", 1) != 1 || ::fdatasync(fd_) != 0)
        throw SinkSpecError(fmt::format("sink '{}': cannot repair {}: {}", name_, path_, errno_text(errno)));
      ids_.insert(*id);
      return;
    }
    spdlog::warn("sink '{}': {} ends with a torn line of {} bytes (a crash while writing); removing it", name_, path_, tail.size());
    if (::ftruncate(fd_, static_cast<off_t>(offset)) != 0 || ::fdatasync(fd_) != 0)
      throw SinkSpecError(fmt::format("sink '{}': cannot repair {}: {}", name_, path_, errno_text(errno)));
  }

  /// A new file's directory entry must survive a crash too.
  void sync_parent_dir() {
    auto dir = std::filesystem::absolute(path_).parent_path();
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
  }

  std::string name_, path_;
  int fd_ = -1;
  std::unordered_set<std::string> ids_;
};

// stdout --------------------------------------------------------------------------------------

class StdoutSink final : public Sink {
 public:
  explicit StdoutSink(std::string name) : name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  DeliveryResult deliver(const Delivery& d) override {
    std::string line = d.json + '\n';
    if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size() || std::fflush(stdout) != 0)
      return DeliveryResult::failed(fmt::format("writing to stdout: {}", errno_text(errno)));
    return DeliveryResult::delivered();
  }

 private:
  std::string name_;
};

// console -------------------------------------------------------------------------------------

class ConsoleSink final : public Sink {
 public:
  ConsoleSink(std::string name, std::function<std::optional<std::string>(const Delivery&)> line)
      : name_(std::move(name)), line_(std::move(line)) {}
  const std::string& name() const override { return name_; }
  DeliveryResult deliver(const Delivery& d) override {
    std::optional<std::string> text = line_ ? line_(d) : std::nullopt;
    std::string line = text.value_or(d.json) + '\n';
    if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size() || std::fflush(stdout) != 0)
      return DeliveryResult::failed(fmt::format("writing to stdout: {}", errno_text(errno)));
    return DeliveryResult::delivered();
  }

 private:
  std::string name_;
  std::function<std::optional<std::string>(const Delivery&)> line_;
};

// webhook:URL ---------------------------------------------------------------------------------

class WebhookSink final : public Sink {
 public:
  WebhookSink(std::string name, const std::string& spec, std::string url, const SinkOptions& options)
      : name_(std::move(name)), url_(std::move(url)) {
    std::size_t scheme_end = url_.find("://");
    std::string scheme = scheme_end == std::string::npos ? "" : url_.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https")
      throw SinkSpecError(fmt::format("bad sink spec '{}': expected a URL starting with http:// or https://", spec));
    std::size_t host_end = url_.find_first_of("/?#", scheme_end + 3);
    std::string host = url_.substr(scheme_end + 3, host_end == std::string::npos ? std::string::npos : host_end - scheme_end - 3);
    path_ = host_end == std::string::npos ? "/" : url_.substr(host_end);
    if (path_.front() != '/') path_ = "/" + path_;
    if (host.empty() || host.find_first_of(" \t@") != std::string::npos)
      throw SinkSpecError(fmt::format("bad sink spec '{}': the URL has no valid host", spec));
    client_ = std::make_unique<httplib::Client>(scheme + "://" + host);
    if (!client_->is_valid()) throw SinkSpecError(fmt::format("bad sink spec '{}': cannot use the URL {}", spec, url_));
    auto secs = [](std::chrono::milliseconds ms) { return std::pair<time_t, time_t>(ms.count() / 1000, (ms.count() % 1000) * 1000); };
    auto [cs, cus] = secs(options.http_connect_timeout);
    auto [rs, rus] = secs(options.http_read_timeout);
    client_->set_connection_timeout(cs, cus);
    client_->set_read_timeout(rs, rus);
    client_->set_write_timeout(rs, rus);
    client_->set_keep_alive(true);
    client_->set_tcp_nodelay(true);  // one small POST at a time: Nagle would add ~40 ms to each
  }

  const std::string& name() const override { return name_; }

  DeliveryResult deliver(const Delivery& d) override {
    httplib::Headers headers{{"Idempotency-Key", d.id}};
    auto res = client_->Post(path_, headers, d.json, "application/json");
    if (!res) return DeliveryResult::unavailable(fmt::format("POST {}: {} error", url_, httplib::to_string(res.error())));
    if (res->status >= 200 && res->status < 300) return DeliveryResult::delivered();
    return DeliveryResult::failed(fmt::format("POST {}: HTTP {}", url_, res->status));
  }

 private:
  std::string name_, url_, path_;
  std::unique_ptr<httplib::Client> client_;
};

// exec:COMMAND --------------------------------------------------------------------------------

class ExecSink final : public Sink {
 public:
  ExecSink(std::string name, std::string command, std::chrono::milliseconds timeout)
      : name_(std::move(name)), command_(std::move(command)), timeout_(timeout) {}

  const std::string& name() const override { return name_; }

  DeliveryResult deliver(const Delivery& d) override {
    // stdin is one end of a socket pair rather than a pipe: send(MSG_NOSIGNAL) cannot raise
    // SIGPIPE in the daemon when the command does not read its input.
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
      return DeliveryResult::failed(fmt::format("exec: socketpair: {}", errno_text(errno)));

    std::vector<std::string> env_strings;
    for (char** e = environ; e && *e; ++e) {
      std::string_view kv(*e);
      if (kv.starts_with("DONDOC_ESCALATION_ID=") || kv.starts_with("DONDOC_RECIPIENT=")) continue;
      env_strings.emplace_back(kv);
    }
    env_strings.push_back("DONDOC_ESCALATION_ID=" + d.id);
    env_strings.push_back("DONDOC_RECIPIENT=" + d.recipient);
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string sh = "/bin/sh", dash_c = "-c", cmd = command_;
    char* argv[] = {sh.data(), dash_c.data(), cmd.data(), nullptr};

    // posix_spawn (not a bare fork) is safe in a threaded process; the command gets its own
    // process group so a timeout kills whatever the shell started.
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, sv[1], STDIN_FILENO);
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGHUP);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = -1;
    int rc = ::posix_spawn(&pid, "/bin/sh", &fa, &attr, argv, envp.data());
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    ::close(sv[1]);
    if (rc != 0) {
      ::close(sv[0]);
      return DeliveryResult::failed(fmt::format("exec: cannot start /bin/sh: {}", errno_text(rc)));
    }

    auto deadline = std::chrono::steady_clock::now() + timeout_;
    bool timed_out = !send_all(sv[0], d.json + '\n', deadline);
    ::close(sv[0]);  // end of input
    int status = 0;
    if (!timed_out) timed_out = !wait_until(pid, status, deadline);
    if (timed_out) {
      ::kill(-pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      // A command that hangs is a sink that does not answer (like a webhook that times out): the
      // whole sink waits on the retry schedule, so one hang costs one timeout per retry, not one
      // per recipient while the daemon's loop waits.
      return DeliveryResult::unavailable(fmt::format("exec: '{}' timed out after {} ms", command_, timeout_.count()));
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return DeliveryResult::delivered();
    if (WIFEXITED(status)) return DeliveryResult::failed(fmt::format("exec: '{}' exited with status {}", command_, WEXITSTATUS(status)));
    return DeliveryResult::failed(fmt::format("exec: '{}' was killed by signal {}", command_, WTERMSIG(status)));
  }

 private:
  /// Sends `data`; false on timeout. A command that exits without reading is not an error here
  /// (its exit status decides).
  static bool send_all(int fd, const std::string& data, std::chrono::steady_clock::time_point deadline) {
    std::size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n >= 0) {
        done += static_cast<std::size_t>(n);
        continue;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return true;  // EPIPE and the like: the reader is gone
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0) return false;
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    }
    return true;
  }

  /// Waits for the child to exit; false on timeout.
  static bool wait_until(pid_t pid, int& status, std::chrono::steady_clock::time_point deadline) {
    auto pause = std::chrono::microseconds(200);
    for (;;) {
      pid_t r = ::waitpid(pid, &status, WNOHANG);
      if (r == pid) return true;
      if (r < 0 && errno != EINTR) {
        status = 0;
        return true;
      }
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::microseconds(20000));
    }
  }

  std::string name_, command_;
  std::chrono::milliseconds timeout_;
};

bool valid_sink_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  });
}

}  // namespace

bool is_console_sink(const std::string& spec) {
  return spec == "console" || spec.ends_with("=console");
}

std::unique_ptr<Sink> make_sink(const std::string& full_spec, const SinkOptions& options) {
  std::string spec = full_spec, name;
  std::size_t eq = full_spec.find('='), colon = full_spec.find(':');
  if (eq != std::string::npos && (colon == std::string::npos || eq < colon)) {
    name = full_spec.substr(0, eq);
    spec = full_spec.substr(eq + 1);
    if (!valid_sink_name(name))
      throw SinkSpecError(fmt::format("bad sink spec '{}': a sink name is letters, digits, '_', '-' or '.'", full_spec));
  }
  if (name.empty()) name = spec;
  auto arg = [&](std::string_view kind) -> std::optional<std::string> {
    if (!spec.starts_with(kind)) return std::nullopt;
    std::string a = spec.substr(kind.size());
    if (a.empty()) throw SinkSpecError(fmt::format("bad sink spec '{}': nothing after '{}'", full_spec, kind));
    return a;
  };
  if (spec == "stdout") return std::make_unique<StdoutSink>(name);
  if (spec == "console") return std::make_unique<ConsoleSink>(name, options.console_line);
  if (auto file = arg("jsonl:")) return std::make_unique<JsonlSink>(name, *file);
  if (auto url = arg("webhook:")) return std::make_unique<WebhookSink>(name, full_spec, *url, options);
  if (auto command = arg("exec:")) return std::make_unique<ExecSink>(name, *command, options.exec_timeout);
  if (spec.starts_with("smtp://") || spec.starts_with("smtps://")) return make_smtp_sink(name, full_spec, spec, options.mail);
  throw SinkSpecError(
      fmt::format("bad sink spec '{}': expected jsonl:FILE, stdout, console, webhook:URL, exec:COMMAND or smtp://HOST:PORT", full_spec));
}

// Dispatcher ----------------------------------------------------------------------------------

std::chrono::milliseconds RetryPolicy::delay(int failures) const {
  auto d = initial;
  for (int i = 1; i < failures && d < max; ++i) d *= 2;
  return std::min(d, max);
}

std::string utc_iso(std::int64_t unix_seconds) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string utc_now_iso() {
  return utc_iso(std::time(nullptr));
}

Dispatcher::Dispatcher(Store& store) : Dispatcher(store, Options{}) {}

Dispatcher::Dispatcher(Store& store, Options options) : store_(store), options_(std::move(options)) {
  if (!options_.wall_time) options_.wall_time = utc_now_iso;
  if (!options_.now) options_.now = [] { return std::chrono::steady_clock::now(); };
  options_.batch = std::max(options_.batch, 1);
}

Dispatcher::~Dispatcher() = default;

void Dispatcher::add_sink(std::unique_ptr<Sink> sink) {
  sinks_.push_back(std::move(sink));
  states_.emplace_back();
}

DispatchStats Dispatcher::drain() {
  DispatchStats total;
  for (std::size_t i = 0; i < sinks_.size(); ++i) {
    DispatchStats s = drain_one(*sinks_[i], states_[i]);
    total.delivered += s.delivered;
    total.failed += s.failed;
    total.held += s.held;
  }
  return total;
}

namespace {

/// The agencies of a recipient list (`CT_UBND,SKHDT`); an empty list is one empty recipient.
std::vector<std::string> split_recipients(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t comma = list.find(',', start);
    out.push_back(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

/// The key under which a per-recipient sink's delivery to one agency is kept in the store.
std::string agency_key(const Sink& sink, const std::string& agency) {
  return sink.name() + "#" + agency;
}

}  // namespace

bool Dispatcher::waiting(SinkState& state, const std::string& agency, TimePoint now, std::set<std::string>& blocked) {
  if (blocked.count(agency)) return true;
  auto held = state.recipients.find(agency);
  if (held == state.recipients.end() || now >= held->second.until) return false;
  blocked.insert(agency);
  return true;
}

DeliveryResult Dispatcher::attempt(Sink& sink, SinkState& state, const Escalation& e, const std::string& to, const std::string& key,
                                   TimePoint now) {
  DeliveryResult r = sink.deliver({e.id, to, e.payload});
  if (r.status != DeliveryResult::Status::unavailable && state.sink.failures > 0) {
    spdlog::info("sink '{}': reachable again after {} failed attempts", sink.name(), state.sink.failures);
    state.sink = {};
  }
  if (r.ok()) {
    store_.mark_delivered(key, e.id, options_.wall_time());
    for (const auto& a : split_recipients(to)) state.recipients.erase(a);
    return r;
  }
  store_.mark_failed(key, e.id, r.error);
  if (r.status == DeliveryResult::Status::unavailable) {
    state.sink.failures += 1;
    auto wait = options_.retry.delay(state.sink.failures);
    state.sink.until = now + wait;
    spdlog::warn("sink '{}': unavailable, escalation {} to {} not delivered: {}; retrying in {} ms", sink.name(), e.id, to, r.error,
                 wait.count());
    return r;
  }
  for (const auto& a : split_recipients(to)) {
    Hold& h = state.recipients[a];
    h.failures += 1;
    h.until = now + options_.retry.delay(h.failures);
  }
  spdlog::warn("sink '{}': escalation {} to {} not delivered: {}; holding {}'s later escalations, retrying in {} ms", sink.name(), e.id, to,
               r.error, to, options_.retry.delay(state.recipients[split_recipients(to).front()].failures).count());
  return r;
}

DispatchStats Dispatcher::drain_one(Sink& sink, SinkState& state) {
  DispatchStats stats;
  const TimePoint now = options_.now();
  if (state.sink.failures > 0 && now < state.sink.until) return stats;
  std::set<std::string> blocked;  // agencies with an undelivered escalation earlier in this pass
  std::set<std::string> seen;     // agencies with anything in the outbox
  std::int64_t after = 0;
  for (;;) {
    auto rows = store_.outbox(sink.name(), options_.batch, after);
    for (const Escalation& e : rows) {
      after = e.seq;
      const auto agencies = split_recipients(e.recipient);
      seen.insert(agencies.begin(), agencies.end());
      // Order is per agency: an escalation waits while any of its agencies waits for an earlier one.
      std::vector<std::string> due;
      for (const auto& a : agencies)
        if (!waiting(state, a, now, blocked)) due.push_back(a);
      if (due.size() < agencies.size() && !sink.per_recipient()) {
        blocked.insert(agencies.begin(), agencies.end());
        ++stats.held;
        continue;
      }
      bool all = due.size() == agencies.size();
      std::vector<std::string> targets = sink.per_recipient() ? due : std::vector<std::string>{e.recipient};
      for (const auto& to : targets) {
        std::string key = sink.per_recipient() ? agency_key(sink, to) : sink.name();
        if (sink.per_recipient()) {
          auto done = store_.delivery(key, e.id);
          if (done && done->delivered_at) continue;  // this agency had it before a failure or a restart
        }
        DeliveryResult r = attempt(sink, state, e, to, key, now);
        if (r.ok()) {
          ++stats.delivered;
          continue;
        }
        ++stats.failed;
        all = false;
        if (r.status == DeliveryResult::Status::unavailable) return stats;
        for (const auto& a : split_recipients(to)) blocked.insert(a);
      }
      if (due.size() < agencies.size()) ++stats.held;  // some agency waits
      if (all && sink.per_recipient()) {
        store_.mark_delivered(sink.name(), e.id, options_.wall_time());  // every agency has it
      }
    }
    if (static_cast<int>(rows.size()) < options_.batch) break;
  }
  // A whole pass without reaching the sink: nothing left to hold for (delivered elsewhere).
  state.sink = {};
  std::erase_if(state.recipients, [&](const auto& kv) { return !seen.count(kv.first); });
  return stats;
}

std::optional<Dispatcher::TimePoint> Dispatcher::next_retry() const {
  std::optional<TimePoint> next;
  auto consider = [&](const Hold& h) {
    if (h.failures > 0 && (!next || h.until < *next)) next = h.until;
  };
  for (const SinkState& s : states_) {
    consider(s.sink);
    for (const auto& [recipient, h] : s.recipients) consider(h);
  }
  return next;
}

}  // namespace dondoc::runtime
