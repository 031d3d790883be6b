#include <fmt/format.h>

#include <cstdio>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/format.hpp"
#include "dsl/parser.hpp"

namespace dondoc::cli {

namespace {
std::optional<dsl::RepeatedClause> first_repeated(const std::vector<dsl::Decl>& decls) {
  for (const auto& d : decls) {
    std::optional<dsl::RepeatedClause> found;
    std::visit(
        [&](const auto& x) {
          if constexpr (requires { x.repeated; }) {
            if (!x.repeated.empty()) found = x.repeated.front();
          }
          if constexpr (requires { x.items; }) found = first_repeated(x.items);
        },
        d);
    if (found) return found;
  }
  return std::nullopt;
}
std::optional<dsl::RepeatedClause> first_repeated(const dsl::FileAst& ast) {
  return first_repeated(ast.decls);
}
}  // namespace

int run_fmt(const FmtOptions& options) {
  int rc = 0;
  dsl::SourceSet sources;
  for (const auto& path : options.files) {
    dsl::Diagnostics diags;
    auto ast = dsl::parse_file(sources, path, diags);
    if (!ast || diags.has_errors()) {
      std::fputs((dsl::render_all(diags, options.lang) + dsl::summary(diags, options.lang) + "\n").c_str(), stderr);
      rc = 1;
      continue;
    }
    if (auto repeated = first_repeated(*ast)) {
      // Formatting keeps one value per clause: refuse rather than drop the other silently.
      std::fputs(fmt::format("{}:{}:{}: error: {}\n", repeated->again.path(), repeated->again.line, repeated->again.col,
                             options.lang == dsl::Lang::en
                                 ? fmt::format("'{}' is written twice (first on line {}); keep one before formatting", repeated->keyword,
                                               repeated->first.line)
                                 : fmt::format("'{}' được ghi hai lần (lần đầu ở dòng {}); hãy giữ một lần trước khi định dạng",
                                               repeated->keyword, repeated->first.line))
                     .c_str(),
                 stderr);
      rc = 1;
      continue;
    }
    dsl::FormatOptions fo;
    if (options.to_lang == "vi") fo.lang = dsl::Lang::vi;
    if (options.to_lang == "en") fo.lang = dsl::Lang::en;
    std::string formatted = dsl::format_file(*ast, fo);
    const std::string& original = ast->source->text;
    if (options.check) {
      if (formatted != original) {
        std::fputs(fmt::format("{}\n", options.lang == dsl::Lang::en ? fmt::format("{}: not formatted", path)
                                                                     : fmt::format("{}: chưa đúng định dạng chuẩn", path))
                       .c_str(),
                   stderr);
        rc = rc == 0 ? 1 : rc;
      }
      continue;
    }
    // Replaced atomically: nothing is lost on a crash or a full disk.
    if (formatted != original && !write_output(path, formatted, options.lang)) return 1;
  }
  return rc;
}

}  // namespace dondoc::cli
