#pragma once
// Every command's output goes through here, so that a failed write (a full disk, /dev/full, a
// closed pipe) is an error naming the file and exit code 1, never a silent exit 0 with the output
// cut short.

#include <functional>
#include <string>
#include <string_view>

#include "dsl/ast.hpp"

namespace dondoc::cli {

/// Writes `text` to the file `path`, or to stdout when `path` is empty or "-". A file is written
/// to a temporary file beside it, synced and renamed over `path` (keeping the mode of the file it
/// replaces), so a reader sees either the old file or the whole new one; on failure the temporary
/// is removed. On failure prints "dondoc: không ghi được tệp PATH: REASON" to stderr and returns
/// false.
bool write_output(const std::string& path, std::string_view text, dsl::Lang lang);

/// Replaces the file `path` with one that `make(temporary)` writes (a file made by a library, such
/// as an SQLite backup): the temporary is made beside `path` (empty, with the mode of the file it
/// replaces), then synced and renamed over `path`, and the folder synced. When `make` throws, the
/// temporary (and any `-journal` / `-wal` SQLite left beside it) is removed and the exception goes
/// on; a failure of the file system prints the message of write_output and returns false.
bool replace_with(const std::string& path, const std::function<void(const std::string& temporary)>& make, dsl::Lang lang);

/// Flushes stdout; when anything written to it failed, prints the message naming where stdout
/// goes (e.g. /dev/full) and returns false. Every command's exit goes through it (cli/main.cpp).
bool finish_stdout(dsl::Lang lang);

/// "dondoc: không ghi được tệp PATH: REASON" / "dondoc: cannot write PATH: REASON", with REASON
/// the words for `err` (an errno value).
std::string write_error(std::string_view path, int err, dsl::Lang lang);

}  // namespace dondoc::cli
