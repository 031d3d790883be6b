#include "cli/huge_pages.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace dondoc::cli {

namespace {
constexpr const char* kTunable = "glibc.malloc.hugetlb=1";
constexpr const char* kSaved = "DONDOC_SAVED_GLIBC_TUNABLES";  // the value before the restart; "-": unset
}  // namespace

void use_huge_pages(char** argv) {
  if (const char* saved = std::getenv(kSaved)) {  // the restarted process: the tunable is in effect
    std::string before = saved;
    if (before == "-") {
      ::unsetenv("GLIBC_TUNABLES");
    } else {
      ::setenv("GLIBC_TUNABLES", before.c_str(), 1);
    }
    ::unsetenv(kSaved);
    return;
  }
  if (const char* off = std::getenv("DONDOC_HUGE_PAGES"); off && std::strcmp(off, "0") == 0) return;
  const char* env = std::getenv("GLIBC_TUNABLES");
  bool had = env != nullptr;
  std::string tunables = had ? env : "";
  if (tunables.find("glibc.malloc.hugetlb") != std::string::npos) return;  // chosen by whoever started us
  std::string value = tunables.empty() ? std::string(kTunable) : tunables + ":" + kTunable;
  ::setenv(kSaved, had ? tunables.c_str() : "-", 1);
  ::setenv("GLIBC_TUNABLES", value.c_str(), 1);
  ::execv("/proc/self/exe", argv);
  // Not restarted (no /proc, or not allowed): run as we are, with the environment as it was.
  if (had) {
    ::setenv("GLIBC_TUNABLES", tunables.c_str(), 1);
  } else {
    ::unsetenv("GLIBC_TUNABLES");
  }
  ::unsetenv(kSaved);
}

}  // namespace dondoc::cli
