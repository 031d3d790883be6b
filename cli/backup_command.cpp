// `dondoc backup --db FILE --to FILE`: a copy of the store with SQLite's online backup API, safe
// while the daemon runs; the same command restores (`--db BACKUP --to STORE`, the daemon stopped).

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <system_error>
#include <variant>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "runtime/sinks.hpp"
#include "runtime/store.hpp"
#include "runtime/store_lock.hpp"

namespace dondoc::cli {

int run_backup(const BackupOptions& o) {
  const dsl::Lang lang = o.lang;
  namespace fs = std::filesystem;
  if (!fs::is_regular_file(o.db)) {
    std::fputs(fmt::format("dondoc: {}: {}\n", o.db, say(lang, "không có tệp này", "no such file")).c_str(), stderr);
    return 1;
  }
  std::error_code ec;
  if (fs::equivalent(o.db, o.to, ec)) {
    std::fputs(std::string(say(lang, "dondoc: --db và --to là cùng một tệp; sao lưu vào một tệp khác\n",
                               "dondoc: --db and --to are the same file; back up into another file\n"))
                   .c_str(),
               stderr);
    return 2;
  }
  // Restoring into a store: not under a running daemon, and no daemon starts on it meanwhile.
  std::optional<runtime::StoreLock> lock;
  if (fs::exists(runtime::StoreLock::lock_path(o.to))) {
    auto taken = runtime::StoreLock::acquire(o.to, runtime::utc_now_iso());
    if (auto* holder = std::get_if<runtime::LockHolder>(&taken)) {
      std::fputs(
          std::string(
              say(lang,
                  fmt::format(
                      "dondoc: {}: tiến trình đôn đốc đang chạy trên cơ sở dữ liệu này (pid {} trên máy {}, chạy từ {}); dừng nó trước "
                      "khi khôi phục vào đây\n",
                      o.to, holder->pid, holder->host, holder->since),
                  fmt::format("dondoc: {}: a dondoc daemon runs on this store ({}); stop it before restoring into it\n", o.to,
                              holder->describe())))
              .c_str(),
          stderr);
      return 1;
    }
    lock.emplace(std::move(std::get<runtime::StoreLock>(taken)));
  }
  runtime::Store store = runtime::Store::open(o.db);
  std::int64_t pages = 0;
  if (!replace_with(
          o.to, [&](const std::string& tmp) { pages = store.backup_to(tmp); }, lang))
    return 1;
  // The WAL of the store replaced belongs to it, not to the copy: SQLite must not apply it.
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(o.to + suffix, ec);
  return write_output("",
                      say(lang, fmt::format("đã sao lưu {} vào {} ({} trang, PRAGMA quick_check: ok)\n", o.db, o.to, pages),
                          fmt::format("backed up {} to {} ({} pages, PRAGMA quick_check: ok)\n", o.db, o.to, pages)),
                      lang)
             ? 0
             : 1;
}

}  // namespace dondoc::cli
