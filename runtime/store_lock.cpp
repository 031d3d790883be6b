#include "runtime/store_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace dondoc::runtime {

namespace {

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

std::optional<LockHolder> parse_holder(const std::string& text) {
  // `pid HOST SINCE`, one line.
  std::istringstream in(text);
  LockHolder h;
  if (!(in >> h.pid >> h.host >> h.since) || h.pid <= 0) return std::nullopt;
  return h;
}

}  // namespace

std::string LockHolder::describe() const {
  if (pid <= 0) return "an unknown process";
  return fmt::format("pid {} on host {}, started {}", pid, host, since);
}

std::string StoreLock::lock_path(const std::string& store_path) {
  return store_path + ".lock";
}

std::optional<LockHolder> StoreLock::read_holder(const std::string& store_path) {
  std::ifstream in(lock_path(store_path), std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_holder(ss.str());
}

std::variant<StoreLock, LockHolder> StoreLock::acquire(const std::string& store_path, const std::string& started_at) {
  const std::string path = lock_path(store_path);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(fmt::format("{}: cannot open the lock file ({})", path, std::strerror(errno)));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    if (err != EWOULDBLOCK) throw std::runtime_error(fmt::format("{}: cannot lock ({})", path, std::strerror(err)));
    // The holder writes its line right after it takes the lock: give it a moment.
    for (int i = 0; i < 50; ++i) {
      if (auto h = read_holder(store_path)) return *h;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return LockHolder{};
  }
  std::string line = fmt::format("{} {} {}\n", static_cast<long>(getpid()), host_name(), started_at);
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, line.data(), line.size(), 0) != static_cast<ssize_t>(line.size())) {
    int err = errno;
    ::close(fd);
    throw std::runtime_error(fmt::format("{}: cannot write the lock file ({})", path, std::strerror(err)));
  }
  return StoreLock(fd);
}

StoreLock::StoreLock(StoreLock&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

StoreLock& StoreLock::operator=(StoreLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

StoreLock::~StoreLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

std::string second_daemon_message(const std::string& store_path, const LockHolder& holder) {
  return fmt::format(
      "{}: another dondoc daemon runs on this store ({}; lock file {}); one daemon per store: stop that one first, or give "
      "this one another --db",
      store_path, holder.describe(), StoreLock::lock_path(store_path));
}

}  // namespace dondoc::runtime
