#include "cli/output.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace dondoc::cli {

namespace {

std::string reason(int err, dsl::Lang lang) {
  const bool en = lang == dsl::Lang::en;
  switch (err) {
    case ENOSPC:
    case EDQUOT:
      return en ? "no space left on the device" : "hết chỗ trống trên đĩa";
    case EACCES:
    case EPERM:
      return en ? "permission denied" : "không có quyền ghi";
    case EROFS:
      return en ? "read-only file system" : "hệ thống tệp chỉ cho đọc";
    case ENOENT:
      return en ? "no such folder" : "không có thư mục này";
    case EISDIR:
      return en ? "it is a folder" : "đó là một thư mục";
    case ENOTDIR:
      return en ? "a part of the path is not a folder" : "một phần của đường dẫn không phải thư mục";
    case EPIPE:
      return en ? "the reader has gone" : "bên đọc đã đóng";
    case EFBIG:
      return en ? "the file would be larger than allowed" : "tệp vượt quá kích thước cho phép";
    case EIO:
      return en ? "input/output error" : "lỗi vào/ra";
    default:
      return std::strerror(err);
  }
}

/// Where stdout goes, for messages: the file it is redirected to, else "stdout".
std::string stdout_name(dsl::Lang lang) {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/fd/1", buf, sizeof buf - 1);
  if (n > 0 && buf[0] == '/') return std::string(buf, static_cast<std::size_t>(n));
  return lang == dsl::Lang::en ? "stdout" : "đầu ra chuẩn (stdout)";
}

bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

/// The mode of the file being replaced, else what a new file gets (0666 less the umask).
mode_t mode_for(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 07777;
  mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

/// Writes into what is not a regular file (/dev/full, a FIFO): it cannot be replaced by renaming.
int write_in_place(const std::string& path, std::string_view text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  int err = write_all(fd, text) ? 0 : (errno ? errno : EIO);
  if (::close(fd) != 0 && err == 0) err = errno;
  return err;
}

/// The atomic replacement of `path`; errno-like code on failure, 0 on success.
int replace_file(const std::string& path, std::string_view text) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return write_in_place(path, text);
  std::string tmp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) return errno;
  int err = 0;
  if (::fchmod(fd, mode_for(path)) != 0 || !write_all(fd, text) || ::fsync(fd) != 0) err = errno ? errno : EIO;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) err = errno;
  if (err != 0) ::unlink(tmp.c_str());
  return err;
}

}  // namespace

std::string write_error(std::string_view path, int err, dsl::Lang lang) {
  return lang == dsl::Lang::en ? fmt::format("dondoc: cannot write {}: {}\n", path, reason(err, lang))
                               : fmt::format("dondoc: không ghi được tệp {}: {}\n", path, reason(err, lang));
}

bool write_output(const std::string& path, std::string_view text, dsl::Lang lang) {
  if (path.empty() || path == "-") {
    errno = 0;
    if (std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0) return true;
    std::fputs(write_error(stdout_name(lang), errno ? errno : EIO, lang).c_str(), stderr);
    return false;
  }
  errno = 0;
  if (int err = replace_file(path, text); err != 0) {
    std::fputs(write_error(path, err, lang).c_str(), stderr);
    return false;
  }
  return true;
}

bool replace_with(const std::string& path, const std::function<void(const std::string& temporary)>& make, dsl::Lang lang) {
  std::string tmp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) {
    std::fputs(write_error(path, errno, lang).c_str(), stderr);
    return false;
  }
  auto remove_all = [&] {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) ::unlink((tmp + suffix).c_str());
  };
  int err = ::fchmod(fd, mode_for(path)) != 0 ? errno : 0;
  ::close(fd);
  if (err == 0) {
    try {
      make(tmp);
    } catch (...) {
      remove_all();
      throw;
    }
    fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) err = errno ? errno : EIO;
    if (fd >= 0) ::close(fd);
  }
  if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) err = errno;
  if (err != 0) {
    remove_all();
    std::fputs(write_error(path, err, lang).c_str(), stderr);
    return false;
  }
  std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/') + 1);
  if (int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); d >= 0) {  // the rename itself on disk
    ::fsync(d);
    ::close(d);
  }
  return true;
}

bool finish_stdout(dsl::Lang lang) {
  errno = 0;
  if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return true;
  std::fputs(write_error(stdout_name(lang), errno ? errno : EIO, lang).c_str(), stderr);
  std::clearerr(stdout);
  return false;
}

}  // namespace dondoc::cli
