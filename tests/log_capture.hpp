#pragma once
// Captures what is logged through spdlog's default logger while it lives (and keeps the test output
// quiet): `level message` a line, without time stamps.

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace dondoc::test {

struct LogCapture {
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> previous = spdlog::default_logger();
  explicit LogCapture(spdlog::level::level_enum level = spdlog::level::info) {
    auto logger = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
    logger->set_pattern("%l %v");
    logger->set_level(level);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;
  /// The lines logged so far, from line `from` on.
  std::vector<std::string> lines(std::size_t from = 0) const {
    std::vector<std::string> all;
    std::istringstream in(out.str());
    for (std::string l; std::getline(in, l);) all.push_back(l);
    all.erase(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min(from, all.size())));
    return all;
  }
};

}  // namespace dondoc::test
