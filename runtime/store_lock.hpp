#pragma once
// One daemon per store. The daemon holds an exclusive `flock` on `STORE.lock`, a file beside the
// store, for its whole life; a second daemon on the same store finds it taken and is refused at
// start, with the holder named from the file's content (pid, host, start time).
//
// Why flock on a file of its own (and not an SQLite lock or a row in the store): the kernel drops
// the lock when the holder dies, however it dies (SIGKILL, OOM, power), so a lock is never stale
// and no one has to clean up; SQLite's own locks are per transaction, and holding one for the
// daemon's life would stop `dondoc record` from writing. The file descriptor is close-on-exec, so
// a command sink the daemon starts does not inherit the lock.
//
// `dondoc record` and HTTP writes do not take this lock: they write through the store's
// transactions, as the daemon does, and never run a daemon loop.

#include <optional>
#include <string>
#include <variant>

namespace dondoc::runtime {

/// Who holds a store's lock, as written in the lock file.
struct LockHolder {
  long pid = 0;
  std::string host;
  std::string since;  ///< ISO 8601 UTC
  /// `pid 1234 on host srv1, started 2024-03-01T08:00:00Z` (or `an unknown process` when unreadable).
  std::string describe() const;
};

class StoreLock {
 public:
  /// The lock file of the store at `store_path`: `store_path + ".lock"`.
  static std::string lock_path(const std::string& store_path);
  /// Takes the lock without waiting and writes this process into the lock file; when another
  /// process holds it, returns that holder. Throws std::runtime_error when the file cannot be made.
  static std::variant<StoreLock, LockHolder> acquire(const std::string& store_path, const std::string& started_at);
  /// Reads the holder written in a lock file (for messages and tests).
  static std::optional<LockHolder> read_holder(const std::string& store_path);

  StoreLock(StoreLock&& other) noexcept;
  StoreLock& operator=(StoreLock&& other) noexcept;
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;
  ~StoreLock();  ///< releases the lock (the file stays: removing it would race with a new holder)

 private:
  explicit StoreLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

/// The message refusing a second daemon: names the store, the holder and what to do.
std::string second_daemon_message(const std::string& store_path, const LockHolder& holder);

}  // namespace dondoc::runtime
