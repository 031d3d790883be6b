#pragma once
// A webhook receiver on 127.0.0.1, on a port the kernel picks, for the sink and daemon tests: every
// request kept (by path), answered with the status `status` gives (200 unless told).

#include <httplib.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dondoc::test {

struct Receiver {
  struct Request {
    std::string path, key, content_type, body;  ///< key: the Idempotency-Key header
  };
  httplib::Server server;
  int port = 0;
  std::thread thread;
  std::mutex mu;                  ///< guards what follows
  std::vector<Request> requests;  ///< every request, accepted or refused
  std::vector<Request> accepted;  ///< those answered 2xx
  std::function<int(const Request&)> status = [](const Request&) { return 200; };

  Receiver() {
    server.Post(R"(/(\w+))", [this](const httplib::Request& req, httplib::Response& res) {
      Request r{req.path, req.get_header_value("Idempotency-Key"), req.get_header_value("Content-Type"), req.body};
      std::lock_guard lock(mu);
      requests.push_back(r);
      res.status = status(r);
      if (res.status / 100 == 2) accepted.push_back(r);
    });
    server.set_tcp_nodelay(true);
    port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    thread = std::thread([this] { server.listen_after_bind(); });
    // stop() before the loop runs would be lost: wait until it runs.
    for (int i = 0; i < 5000 && !server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(server.is_running());
  }
  ~Receiver() {
    server.stop();
    thread.join();
  }
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  /// The sink spec that posts to `/PATH`.
  std::string url(const std::string& path = "hook") const { return "webhook:http://127.0.0.1:" + std::to_string(port) + "/" + path; }
  /// The requests accepted on `/PATH`, in order.
  std::vector<Request> got(const std::string& path) {
    std::lock_guard lock(mu);
    std::vector<Request> out;
    for (const auto& r : accepted)
      if (r.path == "/" + path) out.push_back(r);
    return out;
  }
  /// How many were refused.
  std::size_t refused() {
    std::lock_guard lock(mu);
    return requests.size() - accepted.size();
  }
};

}  // namespace dondoc::test
