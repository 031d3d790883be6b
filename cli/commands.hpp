#pragma once
// The subcommands of `dondoc`. Each returns the process exit code:
// 0 success, 1 the input has errors (diagnostics printed), 2 wrong usage.

#include <string>
#include <vector>

#include "dsl/ast.hpp"

namespace dondoc::cli {

struct CheckOptions {
  std::vector<std::string> paths;
  dsl::Lang lang = dsl::Lang::vi;
};
int run_check(const CheckOptions& options);

struct FmtOptions {
  std::vector<std::string> files;
  bool check = false;
  std::string to_lang;  ///< "", "vi" or "en": rewrite keywords in that language
  dsl::Lang lang = dsl::Lang::vi;
};
int run_fmt(const FmtOptions& options);

}  // namespace dondoc::cli
