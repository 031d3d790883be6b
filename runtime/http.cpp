#include "runtime/http.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "engine/draw.hpp"
#include "engine/status_json.hpp"
#include "runtime/dashboard_assets.hpp"
#include "runtime/http_views.hpp"

namespace dondoc::runtime {

namespace {

using Json = nlohmann::ordered_json;
using httplib::Request;
using httplib::Response;

using dsl::say;

constexpr const char* kJson = "application/json; charset=utf-8";

std::string dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

void send_json(Response& res, int status, const Json& j) {
  res.status = status;
  res.set_content(dump(j), kJson);
}

void send_error(Response& res, int status, std::string_view message) {
  send_json(res, status, Json{{"error", std::string(message)}});
}

/// The message of a status code httplib answers on its own (before any handler ran).
std::string_view default_error(int status, dsl::Lang lang) {
  switch (status) {
    case 400:
      return say(lang, "yêu cầu không đúng dạng HTTP", "the request is not well-formed HTTP");
    case 404:
      return say(lang, "không có trang hay API này", "no such page or API");
    case 405:
      return say(lang, "phương thức không dùng được ở địa chỉ này", "method not allowed here");
    case 413:
      return say(lang, "nội dung gửi lên quá lớn", "the request body is too large");
    case 414:
      return say(lang, "địa chỉ quá dài", "the URI is too long");
    default:
      return say(lang, "lỗi máy chủ", "server error");
  }
}

/// Compares without stopping at the first difference (a token is not guessed byte by byte).
bool same_secret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() != b.size();
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  return diff == 0;
}

std::string random_token() {
  std::random_device rd;
  std::string out;
  for (int i = 0; i < 4; ++i) out += fmt::format("{:08x}", rd());
  return out;
}

}  // namespace

std::optional<std::pair<std::string, int>> parse_listen(const std::string& spec) {
  if (!spec.empty() && spec.size() <= 5 && spec.find_first_not_of("0123456789") == std::string::npos)
    return parse_listen("127.0.0.1:" + spec);
  auto colon = spec.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size()) return std::nullopt;
  std::string host = spec.substr(0, colon), port = spec.substr(colon + 1);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  int p = std::stoi(port);
  if (p > 65535) return std::nullopt;
  return std::make_pair(host, p);
}

struct HttpServer::Impl {
  HttpOptions o;
  DaemonState& state;
  std::mutex& mutex;
  dsl::Lang lang;
  httplib::Server server;
  std::thread thread;
  std::string token, form_token = random_token(), bound;
  /// An answer that depends only on the daemon's state, kept until that changes (another day, more
  /// facts, other rules): most reads then cost a copy. Used under the mutex.
  struct Cached {
    std::string key, body;
  };
  Cached status_cache, overview_cache;

  Impl(HttpOptions opts, DaemonState& s, std::mutex& m, dsl::Lang l) : o(std::move(opts)), state(s), mutex(m), lang(l) {}

  dsl::Lang lang_of(const Request& req) const {
    if (req.has_param("lang")) return req.get_param_value("lang") == "en" ? dsl::Lang::en : dsl::Lang::vi;
    return lang;
  }

  bool bearer_ok(const Request& req) const {
    const std::string h = req.get_header_value("Authorization");
    return !token.empty() && h.rfind("Bearer ", 0) == 0 && same_secret(h.substr(7), token);
  }

  /// Reads: open, unless --http-read-token.
  bool allow_read(const Request& req, Response& res) const {
    if (!o.read_token || bearer_ok(req)) return true;
    send_error(res, 401, say(lang_of(req), "cần mã truy cập (Authorization: Bearer …)", "a token is required (Authorization: Bearer …)"));
    res.set_header("WWW-Authenticate", "Bearer");
    return false;
  }

  /// Writes: the token, and from a browser, the same origin and the dashboard's form token.
  bool allow_write(const Request& req, Response& res) const {
    const dsl::Lang l = lang_of(req);
    if (token.empty()) {
      send_error(
          res, 403,
          say(l, "chưa bật ghi qua HTTP: khởi động với --token-file TỆP", "writes are off: start the daemon with --token-file FILE"));
      return false;
    }
    if (!bearer_ok(req)) {
      res.set_header("WWW-Authenticate", "Bearer");
      send_error(res, 401,
                 say(l, "thiếu hoặc sai mã truy cập (Authorization: Bearer …)", "missing or wrong token (Authorization: Bearer …)"));
      return false;
    }
    const bool browser = req.has_header("Origin") || req.has_header("Sec-Fetch-Site");
    if (!browser) return true;
    const std::string site = req.get_header_value("Sec-Fetch-Site");
    const std::string origin = req.get_header_value("Origin");
    const std::string host = req.get_header_value("Host");
    const bool same_site = site.empty() || site == "same-origin";
    const bool same_origin = origin.empty() || origin == "http://" + host || origin == "https://" + host;  // https: behind a TLS proxy
    if (!same_site || !same_origin || !same_secret(req.get_header_value("X-Dondoc-Form"), form_token)) {
      send_error(res, 403, say(l, "yêu cầu ghi từ trang khác bị từ chối", "a write from another site is refused"));
      return false;
    }
    return true;
  }

  /// Sends `cache`, built again by `build` when the daemon's state changed. Call under the mutex.
  template <class Build>
  void send_cached(Response& res, Cached& cache, Build build) {
    std::string key = fmt::format("{} {} {}", state.evaluation().at, state.facts().items.size(), state.in_force_version());
    if (cache.key != key) cache = {std::move(key), dump(build())};
    res.set_content(cache.body, kJson);
  }

  void routes();
  void api_status(const Request& req, Response& res);
  void api_task(const Request& req, Response& res);
  void api_agency(const Request& req, Response& res);
  void api_escalations(const Request& req, Response& res);
  void api_facts(const Request& req, Response& res);
  void api_reload(const Request& req, Response& res);
  void healthz(Response& res);
};

void HttpServer::Impl::routes() {
  auto read = [this](auto fn) {
    return [this, fn](const Request& req, Response& res) {
      if (allow_read(req, res)) fn(req, res);
    };
  };
  server.Get("/healthz", [this](const Request&, Response& res) { healthz(res); });
  server.Get("/metrics", read([this](const Request&, Response& res) {
               std::lock_guard lock(mutex);
               res.set_content(metrics_text(state.evaluation(), state.store(), state.sink_names(), state.counters()),
                               "text/plain; version=0.0.4; charset=utf-8");
             }));
  server.Get("/api/status", read([this](const Request& req, Response& res) { api_status(req, res); }));
  server.Get("/api/overview", read([this](const Request&, Response& res) {
               std::lock_guard lock(mutex);
               send_cached(res, overview_cache, [&] { return overview_json(state.model(), state.evaluation(), 30, 200); });
             }));
  server.Get(R"(/api/tasks/([^/]+))", read([this](const Request& req, Response& res) { api_task(req, res); }));
  server.Get(R"(/api/agencies/([^/]+))", read([this](const Request& req, Response& res) { api_agency(req, res); }));
  server.Get("/api/escalations", read([this](const Request& req, Response& res) { api_escalations(req, res); }));
  server.Get("/api/plan", read([this](const Request& req, Response& res) {
               std::lock_guard lock(mutex);
               const auto& c = state.compiled();
               std::string body = engine::to_json(engine::DrawInput{*c.plan, c.dates, c.occurrences, c.schedule, lang_of(req)});
               res.set_content(body, kJson);
             }));
  server.Get(
      "/api/session", read([this](const Request&, Response& res) {
        send_json(res, 200, Json{{"form_token", form_token}, {"writes", !token.empty()}, {"lang", lang == dsl::Lang::en ? "en" : "vi"}});
      }));
  server.Post("/api/facts", [this](const Request& req, Response& res) {
    if (allow_write(req, res)) api_facts(req, res);
  });
  server.Post("/api/reload", [this](const Request& req, Response& res) {
    if (allow_write(req, res)) api_reload(req, res);
  });
  for (const auto& asset : dashboard_assets()) {
    auto serve = read([&asset](const Request&, Response& res) {
      res.set_content(asset.body.data(), asset.body.size(), std::string(asset.type).c_str());
      res.set_header("Cache-Control", "no-cache");
    });
    server.Get(std::string(asset.path), serve);
    if (asset.path == "/index.html") server.Get("/", serve);
  }
}

void HttpServer::Impl::healthz(Response& res) {
  std::lock_guard lock(mutex);
  const auto& e = state.evaluation();
  send_json(res, 200,
            Json{{"status", "ok"},
                 {"day", engine::date_of(e.at).iso()},
                 {"rules_version", state.in_force_version()},
                 {"rules_hash", state.in_force_hash()},
                 {"facts", state.store().last_fact_seq()},
                 {"ticks", state.counters().ticks}});
}

void HttpServer::Impl::api_status(const Request& req, Response& res) {
  std::lock_guard lock(mutex);
  const auto& now = state.evaluation();
  auto current = [&] { return engine::status_json(state.model(), now); };
  if (!req.has_param("at")) return send_cached(res, status_cache, current);
  const std::string at = req.get_param_value("at");
  dsl::Date d;
  char tail = 0;
  if (std::sscanf(at.c_str(), "%4d-%2d-%2d%c", &d.y, &d.m, &d.d, &tail) != 3 || at.size() != 10 || !d.valid())
    return send_error(res, 400,
                      fmt::format("{} '{}' {}", say(lang_of(req), "ngày", "the date"), at,
                                  say(lang_of(req), "không hợp lệ; dùng YYYY-MM-DD", "is not valid; use YYYY-MM-DD")));
  const engine::Day day = engine::day_of(d);
  if (day == now.at) return send_cached(res, status_cache, current);
  send_json(res, 200, engine::status_json(state.model(), engine::evaluate(state.model(), state.facts(), day)));
}

void HttpServer::Impl::api_task(const Request& req, Response& res) {
  std::lock_guard lock(mutex);
  const std::string id = req.matches[1];
  const engine::Plan& p = state.model().plan;
  const engine::Symbol s = p.find(id);
  if (s.kind != engine::Kind::task)
    return send_error(res, 404, fmt::format("{} '{}'", say(lang_of(req), "không có nhiệm vụ", "no task"), id));
  send_json(res, 200, task_json(state.compiled(), state.model(), state.evaluation(), s.index, state.store(), lang_of(req)));
}

void HttpServer::Impl::api_agency(const Request& req, Response& res) {
  std::lock_guard lock(mutex);
  const std::string id = req.matches[1];
  const engine::Symbol s = state.model().plan.find(id);
  if (s.kind != engine::Kind::agency)
    return send_error(res, 404, fmt::format("{} '{}'", say(lang_of(req), "không có cơ quan", "no agency"), id));
  send_json(res, 200, agency_json(state.model(), state.evaluation(), s.index));
}

void HttpServer::Impl::api_escalations(const Request& req, Response& res) {
  const std::string since = req.get_param_value("since");
  std::int64_t after = 0;
  std::string from_date;
  if (since.size() == 10 && since[4] == '-') {
    from_date = since;
  } else if (!since.empty()) {
    if (since.find_first_not_of("0123456789") != std::string::npos || since.size() > 18)
      return send_error(
          res, 400,
          fmt::format("'since={}': {}", since,
                      say(lang_of(req), "cần số thứ tự (seq) hoặc ngày YYYY-MM-DD", "expected a seq number or a date YYYY-MM-DD")));
    after = std::stoll(since);
  }
  std::lock_guard lock(mutex);
  auto sinks = state.sink_names();
  Json list = Json::array();
  for (const auto& row : state.store().escalations(after, from_date, 500)) list.push_back(escalation_json(row, state.store(), sinks));
  send_json(res, 200, Json{{"sinks", sinks}, {"escalations", std::move(list)}});
}

void HttpServer::Impl::api_facts(const Request& req, Response& res) {
  const dsl::Lang l = lang_of(req);
  std::vector<JournalInput> journals;
  std::string by;
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) == 0) {
    nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_discarded()) return send_error(res, 400, say(l, "nội dung không phải JSON hợp lệ", "the body is not valid JSON"));
    nlohmann::json facts = body.is_object() && body.contains("facts") ? body["facts"] : body;
    if (body.is_object() && body.contains("by") && body["by"].is_string()) by = body["by"];
    if (!facts.is_array()) facts = nlohmann::json::array({facts});
    for (std::size_t i = 0; i < facts.size(); ++i) {
      std::string error;
      std::string text = fact_text_of(facts[i], error);
      if (!error.empty()) return send_error(res, 400, fmt::format("facts[{}]: {}", i, error));
      journals.push_back({fmt::format("facts[{}]", i), text});
    }
  } else if (type.rfind("text/plain", 0) == 0) {
    journals.push_back({"request", req.body});
    by = req.get_param_value("by");
  } else {
    return send_error(
        res, 415,
        say(l, "gửi nhật ký dạng text/plain hoặc JSON (application/json)", "send a journal as text/plain or JSON (application/json)"));
  }
  if (journals.empty()) return send_error(res, 422, say(l, "không có sự việc nào để ghi", "nothing to record"));
  std::lock_guard lock(mutex);
  WriteOutcome r = state.record(journals, by, l);
  if (r.kind != WriteOutcome::Kind::ok)
    return send_error(res, r.kind == WriteOutcome::Kind::invalid ? 422 : (r.kind == WriteOutcome::Kind::conflict ? 409 : 500), r.message);
  if (r.seqs.empty()) return send_error(res, 422, say(l, "không có sự việc nào để ghi", "nothing to record"));
  Json recorded = Json::array();
  for (std::size_t i = 0; i < r.seqs.size(); ++i) recorded.push_back({{"seq", r.seqs[i]}, {"text", r.texts[i]}});
  spdlog::info("http: {} facts recorded (#{}…#{})", r.seqs.size(), r.seqs.front(), r.seqs.back());
  send_json(res, 201, Json{{"recorded", std::move(recorded)}, {"message", r.message}});
}

void HttpServer::Impl::api_reload(const Request& req, Response& res) {
  std::lock_guard lock(mutex);
  WriteOutcome r = state.reload(lang_of(req));
  if (r.kind != WriteOutcome::Kind::ok) return send_error(res, 422, r.message);
  send_json(res, 200, Json{{"message", r.message}, {"rules_version", r.version ? Json(*r.version) : Json(nullptr)}});
}

HttpServer::HttpServer(HttpOptions options, DaemonState& state, std::mutex& mutex, dsl::Lang lang)
    : impl_(std::make_unique<Impl>(std::move(options), state, mutex, lang)) {}

HttpServer::~HttpServer() {
  stop();
}

std::string HttpServer::start() {
  Impl& m = *impl_;
  auto where = parse_listen(m.o.listen);
  if (!where) return fmt::format("bad --http '{}': expected HOST:PORT, e.g. 127.0.0.1:8080", m.o.listen);
  if (!m.o.token_file.empty()) {
    std::ifstream in(m.o.token_file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    m.token = ss.str();
    while (!m.token.empty() && std::isspace(static_cast<unsigned char>(m.token.back()))) m.token.pop_back();
    if (!in || m.token.empty()) return fmt::format("--token-file {}: cannot read a token from it (empty or unreadable)", m.o.token_file);
  }
  if (m.o.read_token && m.token.empty()) return "--http-read-token needs --token-file FILE";
  m.server.set_payload_max_length(m.o.max_body);
  m.server.set_read_timeout(m.o.timeout);
  m.server.set_write_timeout(m.o.timeout);
  m.server.set_keep_alive_timeout(5);
  m.server.set_default_headers({{"X-Content-Type-Options", "nosniff"}, {"X-Frame-Options", "DENY"}, {"Referrer-Policy", "no-referrer"}});
  m.server.set_error_handler([this](const Request& req, Response& res) {
    if (res.body.empty()) send_error(res, res.status, default_error(res.status, impl_->lang_of(req)));
  });
  m.server.set_exception_handler([this](const Request& req, Response& res, std::exception_ptr ep) {
    std::string what = "unknown error";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("http: {} {}: {}", req.method, req.path, what);
    send_error(res, 500, fmt::format("{}: {}", say(impl_->lang_of(req), "lỗi máy chủ", "server error"), what));
  });
  m.routes();
  int port = where->second;
  if (port == 0) {
    port = m.server.bind_to_any_port(where->first);
    if (port < 0) return fmt::format("--http {}: cannot listen there", m.o.listen);
  } else if (!m.server.bind_to_port(where->first, port)) {
    return fmt::format("--http {}: cannot listen there (in use, or not an address of this machine)", m.o.listen);
  }
  m.bound = fmt::format("{}:{}", where->first, port);
  m.thread = std::thread([&m] { m.server.listen_after_bind(); });
  return {};
}

std::string HttpServer::bound() const {
  return impl_->bound;
}

void HttpServer::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->server.stop();
  impl_->thread.join();
}

}  // namespace dondoc::runtime
